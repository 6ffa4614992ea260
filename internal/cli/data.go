package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/envparity/terraform-provider-parity/internal/datagen"
	"github.com/envparity/terraform-provider-parity/internal/dataprofile"
	"github.com/envparity/terraform-provider-parity/internal/inputlimit"
	"github.com/envparity/terraform-provider-parity/internal/rulesfile"
)

// The data commands' help lives here rather than in help.go so that the
// shared help file only gains one line per command.
func init() {
	commandUsage["data"] = dataUsage
	commandHelp["data"] = dataHelp
	commandUsage["data profile"] = dataProfileUsage
	commandHelp["data profile"] = dataProfileHelp
	commandUsage["data generate"] = dataGenerateUsage
	commandHelp["data generate"] = dataGenerateHelp
}

const dataUsage = `Usage: parity data profile|generate [flags]
`

const dataHelp = `Usage: parity data profile|generate [flags]

Production-shaped staging data for PostgreSQL, without production data:

  parity data profile --database URL > profile.json
        read production's shape from catalog statistics only
  parity data generate --profile profile.json --ratio 0.5 --database URL
        load staging with rows of that shape at the ratio (or --sql)

Run 'parity data profile --help' or 'parity data generate --help' for flags.
`

const dataProfileUsage = `Usage: parity data profile --database URL [flags]
Flags: --schema NAME (repeatable)  --rules FILE  --output FILE  --no-fanout
`

const dataProfileHelp = `Usage: parity data profile --database URL [flags]

Reads the shape of a PostgreSQL database and prints it as a profile (JSON,
format_version 1): row estimates and sizes, pg_stats of every column (null
fraction, width, distinct count, most common values and frequencies,
histogram bounds, correlation), column types, primary, unique, foreign-key
and check constraints, index definitions and planner settings, plus the
fan-out of every foreign key (how many parents have n children), measured
with aggregate queries. It reads in one read-only transaction and never
reads a row's values.

No production value leaves the database by default: most common values and
histogram bounds of text columns are replaced by synthetic stand-ins with
the same frequencies, lengths and order, and uuid, json and bytea values are
dropped. Numbers, dates, times, booleans and enum labels are kept. A data
block in the rules file keeps enum-like text columns verbatim:

  data {
    keep_values = ["status", "users.country"]
  }

Flags:
  --database URL
        the database to profile: postgres://user@host:port/dbname or
        keyword=value pairs. Prefer PGPASSWORD or ~/.pgpass to a password in
        the URL, which other users can see in the process list.
  --schema NAME
        schema to profile (repeatable; default public)
  --rules FILE
        rules file with a data block (default ./parity.hcl when it exists;
        --rules= for none)
  --output FILE
        write the profile to FILE (replaced only when complete) instead of
        standard output
  --no-fanout
        skip the aggregate queries that measure foreign-key fan-out (one
        GROUP BY of each child table); children are then spread evenly

Examples:
  parity data profile --database "postgres://readonly@db.internal/shop" > profile.json
  PGPASSWORD=… parity data profile --database "host=db.internal dbname=shop user=readonly" \
    --schema public --schema billing --output profile.json
`

const dataGenerateUsage = `Usage: parity data generate --profile FILE [--ratio RATIO] (--database URL | --sql) [flags]
Flags: --table NAME=RATIO  --table-rows NAME=N (repeatable)  --seed N  --rules FILE
       --output FILE  --no-rows  --truncate  --apply-settings
`

const dataGenerateHelp = `Usage: parity data generate --profile FILE [--ratio RATIO] (--database URL | --sql) [flags]

Generates staging data shaped like the profiled production: creates the
schemas, enum types, sequences and tables that are missing, loads rows with
COPY in dependency order, then adds the primary keys, unique, foreign-key and
check constraints and production's indexes, sets the sequences and runs
ANALYZE, all in one transaction. Rows reproduce null fractions, distinct
counts, most common values, histograms, physical order correlation and
foreign-key fan-out. Each table gets production's rows × RATIO. The same
profile, ratio and seed always give the same rows.

Flags:
  --profile FILE
        the profile written by 'parity data profile'
  --ratio RATIO
        staging rows = production rows × RATIO: 0.5, 1/2 or 50%
        (default: the rules file's ratio)
  --table NAME=RATIO
        another ratio for one table (repeatable): --table countries=1 keeps
        a lookup table whole; NAME is table or schema.table
  --table-rows NAME=N
        a fixed row count for one table (repeatable)
  --seed N
        another dataset of the same shape (default 0)
  --rules FILE
        rules file: its ratio and the table blocks of its data block
        (default ./parity.hcl when it exists; --rules= for none)
  --database URL
        load into this database (its tables must be empty or missing)
  --sql
        print the psql script instead (run it with psql -f)
  --output FILE
        with --sql, write the script to FILE instead of standard output
  --no-rows
        with --sql, leave the rows out: each COPY becomes a comment with its
        row count (the plan the parity_data_profile resource renders)
  --truncate
        empty the profiled tables first instead of requiring them empty
  --apply-settings
        make the planner settings staging needs (production's, with size
        thresholds × RATIO) the database's defaults; without it they are
        printed as advice

Examples:
  parity data generate --profile profile.json --ratio 0.5 \
    --database "postgres://loader@staging-db.internal/shop"
  parity data generate --profile profile.json --ratio 0.5 --table countries=1 --sql > staging.sql
  psql -d shop -f staging.sql
`

// data runs `parity data profile|generate`.
func (c *command) data(args []string) int {
	if len(args) == 0 {
		code, _ := c.usageOutcome("data", usagef("want a subcommand: profile or generate"))
		return code
	}
	switch args[0] {
	case "profile":
		return c.dataProfile(args[1:])
	case "generate":
		return c.dataGenerate(args[1:])
	case "help", "--help", "-help", "-h":
		fmt.Fprint(c.stdout, dataHelp)
		return exitOK
	}
	code, _ := c.usageOutcome("data", usagef("unknown subcommand %q: use profile or generate", args[0]))
	return code
}

// dataRules reads the rules file: the ratio that parity check uses, and the
// data block.
type dataRulesFlag struct {
	path string
	set  bool
}

func (r *dataRulesFlag) register(fs *flag.FlagSet) {
	fs.Func("rules", "rules `FILE` (default ./parity.hcl when present)", func(s string) error {
		r.path, r.set = s, true
		return nil
	})
}

// inputFiles lists the files data generate reads, so that --output never
// overwrites one of them.
func (r *dataRulesFlag) inputFiles(profile string) []inputFile {
	var files []inputFile
	for role, path := range map[string]string{"profile": profile, "rules file": r.resolved()} {
		if path == "" {
			continue
		}
		if info, err := os.Stat(path); err == nil && !info.IsDir() {
			files = append(files, inputFile{role: role, path: path, info: info})
		}
	}
	return files
}

// resolved returns the rules file in force: --rules, else ./parity.hcl when
// it exists, else "".
func (r *dataRulesFlag) resolved() string {
	if r.set {
		return r.path
	}
	if st, err := os.Stat(defaultRulesFile); err == nil && !st.IsDir() {
		return defaultRulesFile
	}
	return ""
}

// load returns the rules file's ratio (0 when none) and data rules.
func (r *dataRulesFlag) load() (float64, dataprofile.Rules, error) {
	path := r.resolved()
	if path == "" {
		return 0, dataprofile.Rules{}, nil
	}
	rules, err := rulesfile.Load(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return 0, dataprofile.Rules{}, fmt.Errorf("%s: cannot read rules file: %v", path, pe.Err)
		}
		return 0, dataprofile.Rules{}, err
	}
	data, err := dataprofile.LoadRules(path)
	return rules.Ratio, data, err
}

func (c *command) dataProfile(args []string) int {
	const name = "data profile"
	fs := newFlagSet(name)
	database := fs.String("database", "", "database `URL` or keyword=value connection string")
	var schemas stringList
	fs.Var(&schemas, "schema", "schema `NAME` to profile (repeatable; default public)")
	var rules dataRulesFlag
	rules.register(fs)
	output := fs.String("output", "", "write the profile to `FILE`")
	noFanout := fs.Bool("no-fanout", false, "skip measuring foreign-key fan-out")
	positional, err := parseInterspersed(fs, args)
	switch {
	case err != nil:
	case len(positional) > 0:
		err = usagef("unexpected argument %q", positional[0])
	case *database == "":
		err = usagef("--database is required")
	}
	if code, done := c.usageOutcome(name, err); done {
		return code
	}
	if *output != "" {
		if err := checkOutputDirs([]outputSpec{{path: *output}}); err != nil {
			return c.inputError(err)
		}
	}
	_, dataRules, err := rules.load()
	if err != nil {
		return c.inputError(err)
	}
	conn, err := c.connect(*database, "parity data profile")
	if err != nil {
		return c.inputError(err)
	}
	defer conn.Close(c.ctx)
	res, err := dataprofile.Run(c.ctx, conn, dataprofile.Options{Schemas: schemas, Rules: dataRules, NoFanout: *noFanout})
	if err != nil {
		return c.inputError(fmt.Errorf("profiling: %w", err))
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(c.stderr, "parity: warning: %s\n", w)
	}
	render := func(w io.Writer) error { return dataprofile.Write(w, res.Profile) }
	if *output == "" {
		err = writeStdout(c.stdout, render)
	} else {
		err = writeFileAtomic(*output, render)
	}
	if err != nil {
		return c.inputError(err)
	}
	var rows float64
	for _, t := range res.Profile.Tables {
		rows += t.Rows
	}
	fmt.Fprintf(c.stderr, "parity: profiled %d table%s (about %.0f rows) in schema%s %s\n",
		len(res.Profile.Tables), plural(len(res.Profile.Tables)), rows, plural(len(res.Profile.Source.Schemas)), strings.Join(res.Profile.Source.Schemas, ", "))
	return exitOK
}

func (c *command) dataGenerate(args []string) int {
	const name = "data generate"
	fs := newFlagSet(name)
	profilePath := fs.String("profile", "", "profile `FILE` written by parity data profile")
	var ratio ratioFlag
	fs.Var(&ratio, "ratio", "staging:production `RATIO` (0.5, 1/2 or 50%)")
	var tableRatios, tableRows stringList
	fs.Var(&tableRatios, "table", "`NAME=RATIO` for one table (repeatable)")
	fs.Var(&tableRows, "table-rows", "`NAME=N` rows for one table (repeatable)")
	seed := fs.Uint64("seed", 0, "seed `N` of the generated rows")
	var rules dataRulesFlag
	rules.register(fs)
	database := fs.String("database", "", "load into the database at `URL`")
	sqlOut := fs.Bool("sql", false, "print the psql script instead of loading")
	output := fs.String("output", "", "with --sql, write the script to `FILE`")
	noRows := fs.Bool("no-rows", false, "with --sql, leave the rows out")
	truncate := fs.Bool("truncate", false, "empty the profiled tables first")
	applySettings := fs.Bool("apply-settings", false, "make the suggested planner settings the database's defaults")
	positional, err := parseInterspersed(fs, args)
	switch {
	case err != nil:
	case len(positional) > 0:
		err = usagef("unexpected argument %q", positional[0])
	case *profilePath == "":
		err = usagef("--profile is required")
	case (*database == "") == !*sqlOut:
		err = usagef("give either --database URL (load) or --sql (print the script)")
	case !*sqlOut && (*output != "" || *noRows):
		err = usagef("--output and --no-rows go with --sql")
	}
	var overrides []dataprofile.TableRule
	if err == nil {
		overrides, err = parseTableOverrides(tableRatios, tableRows)
	}
	if code, done := c.usageOutcome(name, err); done {
		return code
	}
	if *output != "" {
		if err := checkOutputDirs([]outputSpec{{path: *output}}); err != nil {
			return c.inputError(err)
		}
		if err := checkReportTargets([]outputSpec{{format: "sql", path: *output}}, rules.inputFiles(*profilePath)); err != nil {
			code, _ := c.usageOutcome(name, err)
			return code
		}
	}
	fileRatio, dataRules, err := rules.load()
	if err != nil {
		return c.inputError(err)
	}
	opts := datagen.Options{Ratio: fileRatio, Seed: *seed, Truncate: *truncate, ApplySettings: *applySettings}
	if ratio.set {
		opts.Ratio = ratio.value
	}
	if opts.Ratio == 0 {
		code, _ := c.usageOutcome(name, usagef("--ratio is required (the rules file sets none)"))
		return code
	}
	// Flags override the rules file's table blocks of the same name.
	flagged := map[string]bool{}
	for _, o := range overrides {
		flagged[o.Name] = true
	}
	for _, o := range dataRules.Tables {
		if !flagged[o.Name] {
			opts.Tables = append(opts.Tables, o)
		}
	}
	opts.Tables = append(opts.Tables, overrides...)

	src, err := inputlimit.ReadFile(*profilePath, dataprofile.MaxProfileBytes, "profile")
	if err != nil {
		return c.inputError(fmt.Errorf("%s: %v", *profilePath, unwrapPathError(err)))
	}
	profile, err := dataprofile.Parse(src, *profilePath)
	if err != nil {
		return c.inputError(err)
	}
	plan, err := datagen.NewPlan(profile, opts)
	if err != nil {
		return c.inputError(err)
	}
	for _, w := range plan.Warnings {
		fmt.Fprintf(c.stderr, "parity: note: %s\n", w)
	}
	if *sqlOut {
		render := func(w io.Writer) error {
			return plan.WriteScript(w, datagen.ScriptOptions{Rows: !*noRows, Generator: "parity " + c.versionText()})
		}
		if *output == "" {
			err = writeStdout(c.stdout, render)
		} else {
			err = writeFileAtomic(*output, render)
		}
		if err != nil {
			return c.inputError(err)
		}
		return exitOK
	}

	conn, err := c.connect(*database, "parity data generate")
	if err != nil {
		return c.inputError(err)
	}
	defer conn.Close(c.ctx)
	res, err := plan.Load(c.ctx, conn, func(s datagen.Statement, d time.Duration) {
		if s.Copy != nil || d > 500*time.Millisecond {
			fmt.Fprintf(c.stderr, "parity: %s (%s)\n", s.What, d.Round(time.Millisecond))
		}
	})
	if err != nil {
		return c.inputError(fmt.Errorf("loading staging (nothing was kept): %w", err))
	}
	c.printLoadSummary(plan, res)
	return exitOK
}

func (c *command) versionText() string {
	if c.version == "" {
		return "dev"
	}
	return c.version
}

// printLoadSummary prints the row counts and the speed, and the planner
// settings when they were not applied.
func (c *command) printLoadSummary(plan *datagen.Plan, res *datagen.LoadResult) {
	width := len("table")
	for _, r := range plan.Summary() {
		width = max(width, len(r.Table))
	}
	fmt.Fprintf(c.stdout, "%-*s %12s %12s\n", width, "table", "production", "staging")
	for _, r := range plan.Summary() {
		fmt.Fprintf(c.stdout, "%-*s %12d %12d\n", width, r.Table, r.Production, r.Staging)
	}
	rate := 0.0
	if s := res.CopyTime.Seconds(); s > 0 {
		rate = float64(res.Rows) / s
	}
	fmt.Fprintf(c.stdout, "loaded %d rows in %s (COPY %s, %.0f rows/s), constraints, indexes and ANALYZE included\n",
		res.Rows, res.Total.Round(time.Millisecond), res.CopyTime.Round(time.Millisecond), rate)
	if plan.Options.ApplySettings {
		return
	}
	if settings := plan.Settings(); len(settings) > 0 {
		fmt.Fprintln(c.stdout, "planner settings for staging's plans to follow production's (apply with --apply-settings or ALTER DATABASE … SET):")
		for _, s := range settings {
			note := ""
			if s.Scaled {
				note = "  (production's × ratio)"
			}
			fmt.Fprintf(c.stdout, "  %s = %s%s\n", s.Name, dataprofile.QuoteLiteral(s.Value), note)
		}
	}
}

// connect opens a connection with the session settings the data commands
// rely on. Errors never repeat the connection string.
func (c *command) connect(database, app string) (*pgx.Conn, error) {
	cfg, err := dataprofile.ConnConfig(database, app)
	if err != nil {
		return nil, err
	}
	cfg.OnNotice = func(_ *pgconn.PgConn, n *pgconn.Notice) {
		if n.Severity == "WARNING" {
			// The script's own warnings start with "parity: " for psql.
			fmt.Fprintf(c.stderr, "parity: warning: %s\n", strings.TrimPrefix(n.Message, "parity: "))
		}
	}
	conn, err := pgx.ConnectConfig(c.ctx, cfg)
	if err != nil {
		return nil, dataprofile.ConnectError(cfg, err)
	}
	return conn, nil
}

// parseTableOverrides reads --table NAME=RATIO and --table-rows NAME=N.
func parseTableOverrides(ratios, rows []string) ([]dataprofile.TableRule, error) {
	var out []dataprofile.TableRule
	seen := map[string]string{}
	add := func(flagName, v string, rule dataprofile.TableRule) error {
		if prev, dup := seen[rule.Name]; dup {
			return usagef("--%s %s: table %s is already given by %s", flagName, v, rule.Name, prev)
		}
		seen[rule.Name] = "--" + flagName + " " + v
		rule.Source = "--" + flagName + " " + v
		out = append(out, rule)
		return nil
	}
	for _, v := range ratios {
		name, value, ok := strings.Cut(v, "=")
		if !ok || strings.TrimSpace(name) == "" {
			return nil, usagef("--table %q: write NAME=RATIO, as in --table countries=1", v)
		}
		r, err := parseRatio(value)
		if err != nil {
			return nil, usagef("--table %s: %v", v, err)
		}
		f, _ := r.Float64()
		if err := add("table", v, dataprofile.TableRule{Name: strings.TrimSpace(name), Ratio: &f}); err != nil {
			return nil, err
		}
	}
	for _, v := range rows {
		name, value, ok := strings.Cut(v, "=")
		n, err := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
		if !ok || strings.TrimSpace(name) == "" || err != nil || n < 0 || n > math.MaxInt32*16 {
			return nil, usagef("--table-rows %q: write NAME=N with N a whole number of rows, as in --table-rows audit_log=1000", v)
		}
		if err := add("table-rows", v, dataprofile.TableRule{Name: strings.TrimSpace(name), Rows: &n}); err != nil {
			return nil, err
		}
	}
	return out, nil
}
