package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/envparity/terraform-provider-parity/internal/inputlimit"
	"github.com/envparity/terraform-provider-parity/internal/parity"
	"github.com/envparity/terraform-provider-parity/internal/report"
	"github.com/envparity/terraform-provider-parity/internal/rulesfile"
	"github.com/envparity/terraform-provider-parity/internal/tfinput"
)

// defaultRulesFile is read when --rules is not given and it exists.
const defaultRulesFile = "parity.hcl"

// progressThreshold is the input size above which reading is announced on a
// terminal: below it the whole check takes well under a second.
const progressThreshold = 20 << 20

// inputFlags are the flags check and hash share: how to read each side and
// which rules apply.
type inputFlags struct {
	rules     string
	rulesSet  bool
	envTokens string
	noBuiltin bool
	varFiles  stringList
	terraform bool
	ratio     ratioFlag
	schema    string
	maxSize   sizeFlag
}

func (in *inputFlags) register(fs *flag.FlagSet, withRatio bool) {
	fs.Func("rules", "rules `FILE` (default ./parity.hcl when present)", func(s string) error {
		in.rules, in.rulesSet = s, true
		return nil
	})
	fs.StringVar(&in.envTokens, "env-tokens", "", "environment tokens: staging=stg,staging;production=prod,production")
	fs.BoolVar(&in.noBuiltin, "no-builtin-rules", false, "switch the built-in knowledge base off")
	fs.Var(&in.varFiles, "var-file", "variables `FILE` for a directory of .tf files (repeatable)")
	fs.BoolVar(&in.terraform, "terraform", false, "run `terraform show -json` in directories (and on binary plan files)")
	fs.StringVar(&in.schema, "schema", "", "provider schemas `FILE` (terraform providers schema -json): which lists are sets, which attributes are computed")
	if withRatio {
		fs.Var(&in.ratio, "ratio", "staging:production `RATIO` (0.5, 1/2 or 50%); overrides the rules file")
	}
	fs.Var(&in.maxSize, "max-input-size", "largest input `SIZE` read (512MiB, 2GiB, …)")
}

// limits are the size caps of the inputs: the defaults, or --max-input-size
// for every kind of file.
func (in *inputFlags) limits() inputlimit.Limits {
	if in.maxSize == 0 {
		return inputlimit.Limits{}
	}
	return inputlimit.All(int64(in.maxSize))
}

// rulesPath is the rules file to read: --rules, or ./parity.hcl when it
// exists; "" for none.
func (in *inputFlags) rulesPath() string {
	if in.rulesSet {
		return in.rules
	}
	if st, err := os.Stat(defaultRulesFile); err == nil && !st.IsDir() {
		return defaultRulesFile
	}
	return ""
}

// loadRules reads the rules file (named or the default) and lays the flags
// over it.
func (in *inputFlags) loadRules() (parity.Rules, error) {
	var rules parity.Rules
	path := in.rulesPath()
	if path != "" {
		r, err := rulesfile.LoadLimited(path, in.limits().ConfigSize())
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				return rules, fmt.Errorf("%s: cannot read rules file: %v", path, pe.Err)
			}
			return rules, err
		}
		rules = r
	}
	if in.schema != "" {
		ps, err := tfinput.LoadSchema(in.schema)
		if err != nil {
			return rules, err
		}
		// The rules file's own rules win over what the schema says.
		rules = tfinput.RulesFromSchema(ps).Merge(rules)
	}
	if in.ratio.set {
		rules.Ratio = in.ratio.value
	}
	if in.envTokens != "" {
		t, err := parseEnvTokens(in.envTokens)
		if err != nil {
			return rules, err
		}
		if t.Staging != nil {
			rules.Tokens.Staging = t.Staging
		}
		if t.Production != nil {
			rules.Tokens.Production = t.Production
		}
	}
	if in.noBuiltin {
		rules.NoBuiltin, rules.BuiltinDeclared = true, true
	}
	if err := parity.ValidateRules(rules); err != nil {
		where := "rules"
		if path != "" {
			where = path
		}
		return rules, fmt.Errorf("%s: %v", where, err)
	}
	return rules, nil
}

func (c *command) options(in *inputFlags, name string) tfinput.Options {
	// A JSON object that is no Terraform document is one object of settings
	// (a module's outputs, terraform output -json), as parity_check takes it.
	return tfinput.Options{Name: name, VarFiles: in.varFiles, Terraform: in.terraform, TerraformPath: c.terraformPath,
		Limits: in.limits(), Stdin: c.stdin, Settings: true}
}

// side is one environment to read.
type side struct {
	name string // staging or production
	path string
	env  parity.Environment
	err  error
}

func (c *command) check(args []string) int {
	fs := newFlagSet("check")
	var in inputFlags
	in.register(fs, true)
	var formats stringList
	fs.Var(&formats, "format", "report `FORMAT[=PATH]`: text, json, sarif, junit, markdown or github (repeatable)")
	failOn := failOnFlag(report.FailOnDrift)
	fs.Var(&failOn, "fail-on", "what fails the check: drift, unknown or never")
	noColor := fs.Bool("no-color", false, "no colour in text output")
	redact := fs.String("redact", string(parity.RedactSecrets), "values reports show: secrets (mask secrets), strings (also hide strings that are not sizes) or all (no values); default the rules file's redact, then secrets")
	unusedRules := fs.String("unused-rules", "warn", "rules of the rules file that change nothing: warn (on standard error), error (exit 2) or ignore")
	var rf reportFlags
	rf.register(fs)
	var envs envList
	fs.Var(&envs, "env", "an environment compared with production: `NAME=RATIO:PATH` (repeatable)")
	var dirs configDirs
	fs.Var(&dirs, "config-dir", "configuration `[NAME=]DIR` that declares a side's resources, for file and line in reports (repeatable)")

	positional, err := parseInterspersed(fs, args)
	var sides []side
	if err == nil {
		sides, err = checkSides(positional, envs, in.ratio.set)
	}
	if err == nil {
		err = dirs.check(sides)
	}
	var outputs []outputSpec
	if err == nil {
		outputs, err = parseOutputs(formats)
	}
	if err == nil {
		if _, rerr := parity.ParseRedact(*redact); rerr != nil {
			err = usagef("invalid value %q for flag -redact: use secrets, strings or all", *redact)
		}
	}
	if err == nil && *unusedRules != "warn" && *unusedRules != "error" && *unusedRules != "ignore" {
		err = usagef("invalid value %q for flag -unused-rules: use warn, error or ignore", *unusedRules)
	}
	redactSet := false
	fs.Visit(func(f *flag.Flag) { redactSet = redactSet || f.Name == "redact" })
	if err == nil {
		// Before anything is read or written: no report may land on an
		// input, and no two reports on one file.
		inputs := append(c.inputFiles(&in, sides), c.configInputFiles(&dirs, sides, in.terraform)...)
		err = checkReportTargets(outputs, inputs)
	}
	if code, done := c.usageOutcome("check", err); done {
		return code
	}
	if err := checkOutputDirs(outputs); err != nil {
		return c.inputError(err)
	}
	rules, err := in.loadRules()
	if err != nil {
		return c.inputErrorOrUsage("check", err)
	}
	if redactSet || rules.Redact == "" {
		// The flag wins over the rules file, which may set redact too.
		rules.Redact = parity.Redact(*redact)
	}

	c.announceReading(sides)
	c.setMemoryLimit(sides)
	var wg sync.WaitGroup
	for i := range sides {
		s := &sides[i]
		wg.Go(func() {
			s.env, s.err = tfinput.Load(c.ctx, s.path, c.options(&in, s.name))
		})
	}
	wg.Wait()
	failed := false
	for _, s := range sides {
		if s.err != nil {
			fmt.Fprintf(c.stderr, "parity: %s\n", inputErrorText(s.path, s.err))
			failed = true
		}
	}
	if failed {
		return exitError
	}
	if err := sameKind(sides); err != nil {
		return c.inputError(err)
	}
	located, err := c.locateSides(&dirs, sides, in.terraform, in.limits())
	if err != nil {
		return c.inputError(err)
	}
	// The configuration read for locations is input too: modules are only
	// known once their calls are read.
	if err := checkReportTargets(outputs, located); err != nil {
		code, _ := c.usageOutcome("check", err)
		return code
	}
	if in.terraform && in.schema == "" {
		rules = c.workingDirSchema(sides, in, rules)
	}
	production := sides[len(sides)-1]
	if c.progress(sides) {
		var n int
		for _, s := range sides[:len(sides)-1] {
			n += len(s.env.Resources)
		}
		fmt.Fprintf(c.stderr, "comparing %d resources of %s with %d production resources…\n", n, sideNames(sides[:len(sides)-1]), len(production.env.Resources))
	}
	var rep *parity.Report
	if len(envs) > 0 {
		named := make([]parity.NamedEnvironment, len(envs))
		for i, e := range envs {
			named[i] = parity.NamedEnvironment{Name: e.name, Env: sides[i].env, Ratio: e.ratio}
		}
		rep, err = parity.CompareEnvironments(production.env, named, rules)
	} else {
		rep, err = parity.Compare(sides[0].env, production.env, rules)
	}
	if err != nil {
		fmt.Fprintf(c.stderr, "parity: %v\n", err)
		return exitError
	}
	if c.unusedRules(rep, *unusedRules) {
		return exitError
	}

	meta := report.Meta{
		ProductionSource: production.path,
		ToolName:         "parity",
		ToolVersion:      c.version,
		FailOn:           string(failOn),
		GroupBy:          rf.groupBy,
		Quiet:            rf.quiet,
		MaxBytes:         rf.markdownMaxBytes(),
	}
	if len(envs) > 0 {
		meta.EnvironmentSources = map[string]string{}
		for _, s := range sides[:len(sides)-1] {
			meta.EnvironmentSources[s.name] = s.path
		}
	} else {
		meta.StagingSource = sides[0].path
	}
	color := !*noColor && c.getenv("NO_COLOR") == "" && isTerminal(c.stdout)
	rw := &reportWriter{stdout: c.stdout}
	for _, out := range outputs {
		m := meta
		if out.path == "" {
			m.Color = color
		}
		if err := rw.render(out.path, func(w io.Writer) error { return report.Render(w, out.format, rep, m) }); err != nil {
			rw.abort()
			fmt.Fprintf(c.stderr, "parity: %v\n", err)
			fmt.Fprintf(c.stderr, "parity: no report was written (reports are written all or none)\n")
			return exitError
		}
	}
	if err := rw.commit(); err != nil {
		return c.inputError(err)
	}
	if failing(rep, string(failOn)) {
		return exitDrift
	}
	return exitOK
}

// checkSides turns the arguments into the sides to read, production last:
// STAGING PRODUCTION, or with --env each environment and PRODUCTION.
func checkSides(positional []string, envs envList, ratioSet bool) ([]side, error) {
	var sides []side
	if len(envs) == 0 {
		if len(positional) != 2 {
			return nil, usagef("want STAGING and PRODUCTION, got %d argument%s", len(positional), plural(len(positional)))
		}
		sides = []side{{name: "staging", path: positional[0]}, {name: "production", path: positional[1]}}
	} else {
		if len(positional) != 1 {
			return nil, usagef("with --env, want PRODUCTION only, got %d argument%s: give every other environment as --env NAME=RATIO:PATH", len(positional), plural(len(positional)))
		}
		if ratioSet {
			return nil, usagef("--ratio is for STAGING PRODUCTION; with --env each environment has its ratio: --env NAME=RATIO:PATH")
		}
		for _, e := range envs {
			sides = append(sides, side{name: e.name, path: e.path})
		}
		sides = append(sides, side{name: "production", path: positional[0]})
	}
	var stdin []string
	for _, s := range sides {
		if tfinput.IsStdin(s.path) {
			stdin = append(stdin, s.path)
		}
	}
	switch {
	case len(stdin) == 2:
		return nil, usagef("%s and %s both name standard input, which can be read once: give one side as a file", stdin[0], stdin[1])
	case len(stdin) > 2:
		return nil, usagef("%s all name standard input, which can be read once: give one side as a file", strings.Join(stdin, ", "))
	}
	return sides, nil
}

// sideNames lists side names for messages: "staging", "dev, staging and perf".
func sideNames(sides []side) string {
	names := make([]string, len(sides))
	for i, s := range sides {
		names[i] = s.name
	}
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// sameKind refuses a settings object (a JSON object that is no Terraform
// document) compared with a state, plan or configuration: nothing would
// pair up, and the likely cause is a file that is not what it was meant to
// be. Every side is held against production, the last.
func sameKind(sides []side) error {
	settings := func(env parity.Environment) bool {
		return len(env.Resources) == 1 && env.Resources[0].Address == ""
	}
	production := sides[len(sides)-1]
	for _, s := range sides[:len(sides)-1] {
		for _, pair := range [][2]side{{s, production}, {production, s}} {
			if settings(pair[0].env) && !settings(pair[1].env) {
				return fmt.Errorf("%s: not a Terraform state or plan: no format_version; it is read as an object of settings, "+
					"but %s is a Terraform document: compare two documents, or two objects of settings", pair[0].path, pair[1].path)
			}
		}
	}
	return nil
}

// workingDirSchema lays the provider schemas of a working directory (with
// --terraform) under the rules: which lists are sets, which attributes the
// providers compute. A directory whose providers are not installed says so
// and the check goes on with the built-in knowledge.
func (c *command) workingDirSchema(sides []side, in inputFlags, rules parity.Rules) parity.Rules {
	for i := len(sides) - 1; i >= 0; i-- {
		st, err := os.Stat(sides[i].path)
		if err != nil || !st.IsDir() {
			continue
		}
		ps, err := tfinput.SchemaFromWorkingDir(c.ctx, sides[i].path, c.options(&in, sides[i].name))
		if err != nil {
			fmt.Fprintf(c.stderr, "parity: note: no provider schemas (%v); lists and computed attributes follow the built-in knowledge\n", err)
			return rules
		}
		return tfinput.RulesFromSchema(ps).Merge(rules)
	}
	return rules
}

// unusedRules reports the rules of the rules file that changed nothing on
// standard error, as warnings or (setting "error") as errors; it returns
// true when the check must stop with exit code 2, before any report is
// written. Rules without a source (derived from provider schemas) are not
// the user's and never reported.
func (c *command) unusedRules(rep *parity.Report, setting string) bool {
	if setting == "ignore" {
		return false
	}
	found := false
	for _, u := range rep.Unused() {
		if u.Source == nil {
			continue
		}
		found = true
		level := "warning"
		if setting == "error" {
			level = "error"
		}
		fmt.Fprintf(c.stderr, "parity: %s: %s:%d: %s changes nothing: %s\n", level, u.Source.File, u.Source.Line,
			parity.EscapeText(u.Rule), parity.EscapeText(unusedReason(u)))
	}
	if found && setting == "error" {
		fmt.Fprintln(c.stderr, "parity: unused rules are errors (--unused-rules error); fix or remove them, or pass --unused-rules warn")
		return true
	}
	return false
}

// unusedReason says why a rule changed nothing.
func unusedReason(u parity.RuleUse) string {
	switch {
	case u.OverriddenBy != "":
		return fmt.Sprintf("it matches %d path(s), but %s decides each of them", u.Matched, u.OverriddenBy)
	case u.Kind == "only_in":
		return "no resource that exists in that environment only matches its address"
	case u.Kind == "module_pair":
		return "no staging address is in that module"
	}
	return "it matches no attribute of the compared environments (a typo, or an attribute renamed?)"
}

// failing reports whether rep fails under fail-on, as report.Meta.FailOn
// defines it.
func failing(rep *parity.Report, failOn string) bool {
	switch failOn {
	case report.FailOnNever:
		return false
	case report.FailOnUnknown:
		for _, f := range rep.Findings {
			if f.Kind.IsDrift() || f.Kind == parity.FindingUnknown {
				return true
			}
		}
		return false
	}
	return !rep.InParity()
}

// usageOutcome handles the result of parsing a command line: help goes to
// stdout with exit 0, usage errors to stderr with the short usage and exit
// 2. done is false when err is nil.
func (c *command) usageOutcome(name string, err error) (code int, done bool) {
	if err == nil {
		return 0, false
	}
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(c.stdout, commandHelp[name])
		return exitOK, true
	}
	var ue *usageError
	if !errors.As(err, &ue) {
		err = flagError(err)
	}
	fmt.Fprintf(c.stderr, "parity %s: %v\n", name, err)
	fmt.Fprint(c.stderr, commandUsage[name])
	fmt.Fprintf(c.stderr, "Run 'parity %s --help' for more.\n", name)
	return exitError, true
}

// inputErrorOrUsage prints a usage error (a bad flag value found late) or an
// input error.
func (c *command) inputErrorOrUsage(name string, err error) int {
	var ue *usageError
	if errors.As(err, &ue) {
		code, _ := c.usageOutcome(name, err)
		return code
	}
	return c.inputError(err)
}

// withHint adds to a size limit error how to raise the limit.
func withHint(err error) error {
	var tl *inputlimit.TooLargeError
	if errors.As(err, &tl) {
		return fmt.Errorf("%w; raise the limit with --max-input-size", err)
	}
	return err
}

// inputError prints err, one "parity: " line per line of it (a rules file
// may have several problems), and returns exit code 2.
func (c *command) inputError(err error) int {
	for _, line := range strings.Split(strings.TrimRight(withHint(err).Error(), "\n"), "\n") {
		fmt.Fprintf(c.stderr, "parity: %s\n", line)
	}
	return exitError
}

// inputErrorText makes an error of reading path start with the file it is
// about: "staging.json: no such file or directory", "staging.json: not a
// Terraform state or plan: no format_version".
func inputErrorText(path string, err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) && err == error(pe) {
		return fmt.Sprintf("%s: %v", pe.Path, pe.Err)
	}
	msg := withHint(err).Error()
	// A message about a file inside a side directory names it already.
	if strings.HasPrefix(msg, path+":") || strings.HasPrefix(msg, path+" ") || strings.HasPrefix(msg, strings.TrimSuffix(path, string(filepath.Separator))+string(filepath.Separator)) {
		return msg
	}
	return path + ": " + msg
}

// announceReading prints "reading staging.json (104 MB)…" for big inputs
// when someone is watching.
func (c *command) announceReading(sides []side) {
	if !c.progress(sides) {
		return
	}
	for _, s := range sides {
		if st, err := os.Stat(s.path); err == nil && !st.IsDir() {
			fmt.Fprintf(c.stderr, "reading %s (%d MB)…\n", s.path, (st.Size()+(1<<19))>>20)
		} else {
			fmt.Fprintf(c.stderr, "reading %s…\n", s.path)
		}
	}
}

// progress reports whether to print progress: stderr is a terminal, not in
// CI, and the inputs are big enough to take a noticeable time.
func (c *command) progress(sides []side) bool {
	if c.getenv("CI") != "" || !isTerminal(c.stderr) {
		return false
	}
	var total int64
	for _, s := range sides {
		if st, err := os.Stat(s.path); err == nil && !st.IsDir() {
			total += st.Size()
		}
	}
	return total > progressThreshold
}

// checkOutputDirs fails early, before the inputs are read, when a report
// file cannot be created because its directory does not exist.
func checkOutputDirs(outputs []outputSpec) error {
	for _, out := range outputs {
		if out.path == "" {
			continue
		}
		dir := filepath.Dir(out.path)
		st, err := os.Stat(dir)
		if err != nil {
			return fmt.Errorf("%s: cannot write report: directory %s does not exist", out.path, dir)
		}
		if !st.IsDir() {
			return fmt.Errorf("%s: cannot write report: %s is not a directory", out.path, dir)
		}
	}
	return nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
