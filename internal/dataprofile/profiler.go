package dataprofile

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Options tune profiling.
type Options struct {
	// Schemas to profile; default public.
	Schemas []string
	// Rules decide which columns keep their values.
	Rules Rules
	// NoFanout skips the aggregate queries that measure foreign-key fan-out
	// (each groups the child table by its key once).
	NoFanout bool
}

// Result is a profile and what the profiler could not reproduce.
type Result struct {
	Profile *Profile
	// Warnings are one sentence each, naming the object.
	Warnings []string
}

// ConnConfig parses a connection URL or keyword string and sets the session
// settings the profiler and the generator rely on: catalog names printed
// schema-qualified (an empty search_path), times in UTC and ISO dates, so
// that statistics read back the same way on every server.
func ConnConfig(database, applicationName string) (*pgx.ConnConfig, error) {
	cfg, err := pgx.ParseConfig(database)
	if err != nil {
		// pgx quotes the whole connection string, password included, in
		// some parse errors; say what is wrong without it.
		return nil, errors.New("the database connection string is not valid: write it as postgres://user@host:port/dbname or as keyword=value pairs")
	}
	cfg.RuntimeParams["search_path"] = "pg_catalog"
	cfg.RuntimeParams["TimeZone"] = "UTC"
	cfg.RuntimeParams["DateStyle"] = "ISO, YMD"
	cfg.RuntimeParams["IntervalStyle"] = "postgres"
	cfg.RuntimeParams["extra_float_digits"] = "1"
	cfg.RuntimeParams["application_name"] = applicationName
	return cfg, nil
}

// ConnectError says why a connection failed without repeating the
// connection string, which may carry a password.
func ConnectError(cfg *pgx.ConnConfig, err error) error {
	var pgErr *pgconn.PgError
	msg := err.Error()
	if errors.As(err, &pgErr) {
		msg = pgErr.Message
	}
	if cfg.Password != "" {
		msg = strings.ReplaceAll(msg, cfg.Password, "********")
	}
	return fmt.Errorf("connecting to database %q as %q: %s", cfg.Database, cfg.User, msg)
}

// Run profiles the database at the end of conn. It reads in one read-only
// repeatable-read transaction: catalog statistics, constraint and index
// definitions, and (unless NoFanout) counts of child rows per parent.
func Run(ctx context.Context, conn *pgx.Conn, opts Options) (*Result, error) {
	schemas := opts.Schemas
	if len(schemas) == 0 {
		schemas = []string{"public"}
	}
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, fmt.Errorf("starting a read-only transaction: %w", err)
	}
	defer tx.Rollback(ctx)
	p := &profiler{ctx: ctx, tx: tx, opts: opts}
	p.profile = &Profile{FormatVersion: FormatVersion, Source: Source{Schemas: schemas}}
	if err := tx.QueryRow(ctx, "SELECT current_setting('server_version')").Scan(&p.profile.Source.ServerVersion); err != nil {
		return nil, fmt.Errorf("reading the server version: %w", err)
	}
	if err := p.run(schemas); err != nil {
		return nil, err
	}
	if err := p.settings(); err != nil {
		return nil, err
	}
	if err := p.profile.Validate(); err != nil {
		return nil, fmt.Errorf("the profile read is not consistent: %w", err)
	}
	return &Result{Profile: p.profile, Warnings: p.warnings}, nil
}

type profiler struct {
	ctx      context.Context
	tx       pgx.Tx
	opts     Options
	profile  *Profile
	warnings []string
	enumOIDs []uint32
}

func (p *profiler) warnf(format string, args ...any) {
	p.warnings = append(p.warnings, fmt.Sprintf(format, args...))
}

type tableRef struct {
	oid uint32
	t   Table
}

func (p *profiler) run(schemas []string) error {
	rows, err := p.tx.Query(p.ctx, `
SELECT c.oid, n.nspname, c.relname, c.relkind::text, c.relispartition, c.reltuples::float8, c.relpages::int8,
       pg_relation_size(c.oid), pg_total_relation_size(c.oid)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p')
ORDER BY n.nspname, c.relname`, schemas)
	if err != nil {
		return fmt.Errorf("listing tables: %w", err)
	}
	var refs []tableRef
	var unanalysed []string
	for rows.Next() {
		var r tableRef
		var kind string
		var partition bool
		if err := rows.Scan(&r.oid, &r.t.Schema, &r.t.Name, &kind, &partition, &r.t.Rows, &r.t.Pages, &r.t.SizeBytes, &r.t.TotalBytes); err != nil {
			return fmt.Errorf("listing tables: %w", err)
		}
		if kind == "p" || partition {
			p.warnf("table %s is partitioned or a partition; partitioned tables are not profiled", r.t.QualifiedName())
			continue
		}
		if r.t.Rows < 0 {
			unanalysed = append(unanalysed, r.t.QualifiedName())
		}
		refs = append(refs, r)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("listing tables: %w", err)
	}
	if len(unanalysed) > 0 {
		return fmt.Errorf("table%s %s %s no statistics (never analysed): run ANALYZE on production first, or leave the schema out",
			plural(len(unanalysed)), strings.Join(unanalysed, ", "), map[bool]string{true: "have", false: "has"}[len(unanalysed) > 1])
	}
	if len(refs) == 0 {
		return fmt.Errorf("no tables in schema%s %s", plural(len(schemas)), strings.Join(schemas, ", "))
	}
	for i := range refs {
		if err := p.table(&refs[i]); err != nil {
			return fmt.Errorf("table %s: %w", refs[i].t.QualifiedName(), err)
		}
		p.profile.Tables = append(p.profile.Tables, refs[i].t)
	}
	if err := p.enums(); err != nil {
		return err
	}
	if err := p.sequences(schemas); err != nil {
		return err
	}
	if !p.opts.NoFanout {
		for i := range p.profile.Tables {
			t := &p.profile.Tables[i]
			for j := range t.ForeignKeys {
				if err := p.fanout(t, &t.ForeignKeys[j]); err != nil {
					return fmt.Errorf("table %s, foreign key %s: measuring fan-out: %w", t.QualifiedName(), t.ForeignKeys[j].Name, err)
				}
			}
		}
	}
	for _, t := range p.profile.Tables {
		for _, c := range t.Columns {
			if c.Values == ValuesVerbatim && c.Kind == KindText {
				p.profile.Source.KeptValues = append(p.profile.Source.KeptValues, t.QualifiedName()+"."+c.Name)
			}
		}
	}
	return nil
}

// table reads one table's columns, statistics, constraints and indexes.
func (p *profiler) table(r *tableRef) error {
	t := &r.t
	rows, err := p.tx.Query(p.ctx, `
SELECT a.attname, format_type(a.atttypid, a.atttypmod),
       CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END,
       bt.typname::text, bt.typtype::text, bt.oid, a.attnotnull,
       COALESCE(pg_get_expr(d.adbin, d.adrelid), ''), a.attidentity::text, a.attgenerated::text,
       CASE WHEN a.attcollation <> 0 AND a.attcollation <> bt.typcollation
            THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) ELSE '' END,
       CASE WHEN a.attcollation <> 0
            THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) ELSE '' END
FROM pg_attribute a
JOIN pg_type t ON t.oid = a.atttypid
JOIN pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN pg_collation co ON co.oid = a.attcollation
LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum`, r.oid)
	if err != nil {
		return fmt.Errorf("reading columns: %w", err)
	}
	collations := map[string]string{}
	for rows.Next() {
		var c Column
		var typmod int32
		var baseName, baseType, identity, generated, expr, fullCollation string
		var baseOID uint32
		if err := rows.Scan(&c.Name, &c.Type, &typmod, &baseName, &baseType, &baseOID, &c.NotNull,
			&expr, &identity, &generated, &c.Collation, &fullCollation); err != nil {
			return fmt.Errorf("reading columns: %w", err)
		}
		c.Kind = kindOf(baseName, baseType)
		c.BaseType = baseName
		c.Scale = -1
		switch baseName {
		case "varchar", "bpchar":
			if typmod >= 4 {
				c.MaxLength = int(typmod - 4)
			}
		case "numeric":
			if typmod >= 4 {
				c.Scale = int((typmod - 4) & 0xffff)
			}
		}
		if c.Kind != KindNumeric {
			c.Scale = 0
		}
		switch identity {
		case "a":
			c.Identity = "always"
		case "d":
			c.Identity = "by_default"
		}
		if generated == "s" {
			c.Generated = expr
		} else {
			c.Default = expr
		}
		if c.Kind == KindEnum {
			p.enumOIDs = append(p.enumOIDs, baseOID)
		}
		collations[c.Name] = fullCollation
		t.Columns = append(t.Columns, c)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading columns: %w", err)
	}
	if err := p.stats(r, collations); err != nil {
		return err
	}
	if err := p.constraints(r); err != nil {
		return err
	}
	return p.indexes(r)
}

// kindOf maps a base type to a column kind.
func kindOf(typname, typtype string) string {
	if typtype == "e" {
		return KindEnum
	}
	switch typname {
	case "int2", "int4", "int8":
		return KindInteger
	case "numeric":
		return KindNumeric
	case "float4", "float8":
		return KindFloat
	case "bool":
		return KindBoolean
	case "text", "varchar", "bpchar", "name", "citext":
		return KindText
	case "date":
		return KindDate
	case "timestamp":
		return KindTimestamp
	case "timestamptz":
		return KindTimestampTZ
	case "time":
		return KindTime
	case "uuid":
		return KindUUID
	case "json", "jsonb":
		return KindJSON
	case "bytea":
		return KindBytea
	}
	return KindOther
}

// stats reads pg_stats and applies the privacy rules: values are kept, kept
// because the rules say so, replaced by stand-ins, or dropped.
func (p *profiler) stats(r *tableRef, collations map[string]string) error {
	t := &r.t
	rows, err := p.tx.Query(p.ctx, `
SELECT s.attname::text, s.null_frac::float8, s.avg_width, s.n_distinct::float8,
       CASE WHEN t.typcategory = 'A' THEN NULL ELSE s.most_common_vals::text::text[] END,
       s.most_common_freqs::float8[],
       CASE WHEN t.typcategory = 'A' THEN NULL ELSE s.histogram_bounds::text::text[] END,
       s.correlation::float8
FROM pg_stats s
JOIN pg_attribute a ON a.attrelid = $1 AND a.attname = s.attname
JOIN pg_type t ON t.oid = a.atttypid
WHERE s.schemaname = $2 AND s.tablename = $3 AND NOT s.inherited`, r.oid, t.Schema, t.Name)
	if err != nil {
		return fmt.Errorf("reading statistics: %w", err)
	}
	type pending struct {
		col    *Column
		values []string
	}
	var standIn []pending
	for rows.Next() {
		var name string
		var s ColumnStats
		var mcv, hist []string
		var freqs []float64
		var corr *float64
		if err := rows.Scan(&name, &s.NullFrac, &s.AvgWidth, &s.NDistinct, &mcv, &freqs, &hist, &corr); err != nil {
			return fmt.Errorf("reading statistics: %w", err)
		}
		c := t.Column(name)
		if c == nil {
			continue
		}
		if len(mcv) == len(freqs) {
			for i := range mcv {
				s.MostCommon = append(s.MostCommon, Frequent{Value: mcv[i], Freq: roundFreq(freqs[i])})
			}
		}
		s.NullFrac = roundFreq(s.NullFrac)
		s.Histogram = hist
		if corr != nil && !math.IsNaN(*corr) {
			v := math.Round(*corr*1e6) / 1e6
			s.Correlation = &v
		}
		c.Values = defaultValues(c.Kind)
		if p.opts.Rules.Keeps(t.Schema, t.Name, c.Name) {
			c.Values = ValuesVerbatim
		}
		switch c.Values {
		case ValuesDropped:
			s.MostCommon, s.Histogram = dropValues(s.MostCommon), nil
		case ValuesStandIn:
			standIn = append(standIn, pending{col: c, values: distinctValues(&s)})
		}
		c.Stats = &s
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading statistics: %w", err)
	}
	for _, sp := range standIn {
		sorted, err := p.sortInDatabase(sp.values, collations[sp.col.Name])
		if err != nil {
			return fmt.Errorf("column %s: ordering values for stand-ins: %w", sp.col.Name, err)
		}
		applyStandIns(sp.col.Stats, sorted)
	}
	return nil
}

// roundFreq keeps six decimals: pg_stats stores float4, whose binary
// expansion would only add noise to the document.
func roundFreq(f float64) float64 { return math.Round(f*1e6) / 1e6 }

// dropValues keeps the frequencies of opaque most-common values, which the
// generator still reproduces as skew, without the values.
func dropValues(mcv []Frequent) []Frequent {
	for i := range mcv {
		mcv[i].Value = ""
	}
	return mcv
}

func distinctValues(s *ColumnStats) []string {
	seen := make(map[string]bool, len(s.MostCommon)+len(s.Histogram))
	var out []string
	for _, f := range s.MostCommon {
		if !seen[f.Value] {
			seen[f.Value] = true
			out = append(out, f.Value)
		}
	}
	for _, h := range s.Histogram {
		if !seen[h] {
			seen[h] = true
			out = append(out, h)
		}
	}
	return out
}

// sortInDatabase orders values as the column's collation does, so that
// stand-ins keep the order the planner sees in production.
func (p *profiler) sortInDatabase(values []string, collation string) ([]string, error) {
	if len(values) == 0 {
		return nil, nil
	}
	q := "SELECT array_agg(x ORDER BY x) FROM unnest($1::text[]) AS x"
	if collation != "" {
		q = "SELECT array_agg(x ORDER BY x COLLATE " + collation + ") FROM unnest($1::text[]) AS x"
	}
	var sorted []string
	if err := p.tx.QueryRow(p.ctx, q, values).Scan(&sorted); err != nil {
		return nil, err
	}
	if len(sorted) != len(values) {
		return nil, fmt.Errorf("the database returned %d values for %d", len(sorted), len(values))
	}
	return sorted, nil
}

func (p *profiler) constraints(r *tableRef) error {
	t := &r.t
	rows, err := p.tx.Query(p.ctx, `
SELECT con.conname::text, con.contype::text, pg_get_constraintdef(con.oid),
       ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(n, i)
             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.i),
       COALESCE(fn.nspname::text, ''), COALESCE(fc.relname::text, ''),
       ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(n, i)
             JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.i)
FROM pg_constraint con
LEFT JOIN pg_class fc ON fc.oid = con.confrelid
LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
WHERE con.conrelid = $1
ORDER BY con.conname`, r.oid)
	if err != nil {
		return fmt.Errorf("reading constraints: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name, kind, def, refSchema, refTable string
		var cols, refCols []string
		if err := rows.Scan(&name, &kind, &def, &cols, &refSchema, &refTable, &refCols); err != nil {
			return fmt.Errorf("reading constraints: %w", err)
		}
		c := Constraint{Name: name, Columns: cols, Definition: def}
		switch kind {
		case "p":
			t.PrimaryKey = &c
		case "u":
			t.Unique = append(t.Unique, c)
		case "c":
			c.Columns = nil
			t.Checks = append(t.Checks, c)
		case "f":
			t.ForeignKeys = append(t.ForeignKeys, ForeignKey{Name: name, Columns: cols, RefSchema: refSchema, RefTable: refTable, RefColumns: refCols, Definition: def})
		default:
			p.warnf("table %s: constraint %s (%s) is not reproduced; create it in staging yourself", t.QualifiedName(), name, def)
		}
	}
	return rows.Err()
}

func (p *profiler) indexes(r *tableRef) error {
	t := &r.t
	rows, err := p.tx.Query(p.ctx, `
SELECT ic.relname::text, pg_get_indexdef(i.indexrelid), i.indisunique, i.indpred IS NOT NULL, i.indexprs IS NOT NULL,
       ARRAY(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(n, o)
             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n
             WHERE k.o <= i.indnkeyatts ORDER BY k.o)
FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
WHERE i.indrelid = $1
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                  WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x'))
ORDER BY ic.relname`, r.oid)
	if err != nil {
		return fmt.Errorf("reading indexes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var ix Index
		if err := rows.Scan(&ix.Name, &ix.Definition, &ix.Unique, &ix.Partial, &ix.Expression, &ix.Columns); err != nil {
			return fmt.Errorf("reading indexes: %w", err)
		}
		if ix.Expression {
			ix.Columns = nil
		}
		t.Indexes = append(t.Indexes, ix)
	}
	return rows.Err()
}

func (p *profiler) enums() error {
	if len(p.enumOIDs) == 0 {
		return nil
	}
	rows, err := p.tx.Query(p.ctx, `
SELECT n.nspname::text, t.typname::text, array_agg(e.enumlabel::text ORDER BY e.enumsortorder)
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
WHERE t.oid = ANY($1)
GROUP BY 1, 2 ORDER BY 1, 2`, p.enumOIDs)
	if err != nil {
		return fmt.Errorf("reading enum types: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e Enum
		if err := rows.Scan(&e.Schema, &e.Name, &e.Labels); err != nil {
			return fmt.Errorf("reading enum types: %w", err)
		}
		p.profile.Enums = append(p.profile.Enums, e)
	}
	return rows.Err()
}

// sequences reads the sequences of the profiled schemas that are not
// identity columns' own (those come with their column).
func (p *profiler) sequences(schemas []string) error {
	rows, err := p.tx.Query(p.ctx, `
SELECT sn.nspname::text, sc.relname::text, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement,
       COALESCE((SELECT tc.relname::text || '.' || a.attname::text
                 FROM pg_depend d JOIN pg_class tc ON tc.oid = d.refobjid
                 JOIN pg_attribute a ON a.attrelid = tc.oid AND a.attnum = d.refobjsubid
                 WHERE d.classid = 'pg_class'::regclass AND d.objid = s.seqrelid
                   AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'a' AND tc.relnamespace = sn.oid
                 LIMIT 1), '')
FROM pg_sequence s
JOIN pg_class sc ON sc.oid = s.seqrelid
JOIN pg_namespace sn ON sn.oid = sc.relnamespace
WHERE sn.nspname = ANY($1)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = s.seqrelid AND d.deptype = 'i')
ORDER BY 1, 2`, schemas)
	if err != nil {
		return fmt.Errorf("reading sequences: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s Sequence
		if err := rows.Scan(&s.Schema, &s.Name, &s.DataType, &s.Start, &s.Increment, &s.OwnedBy); err != nil {
			return fmt.Errorf("reading sequences: %w", err)
		}
		p.profile.Sequences = append(p.profile.Sequences, s)
	}
	return rows.Err()
}

func (p *profiler) settings() error {
	rows, err := p.tx.Query(p.ctx, `SELECT name::text, setting, COALESCE(unit, '') FROM pg_settings WHERE name = ANY($1) ORDER BY name`, PlannerSettings)
	if err != nil {
		return fmt.Errorf("reading planner settings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var s Setting
		if err := rows.Scan(&s.Name, &s.Setting, &s.Unit); err != nil {
			return fmt.Errorf("reading planner settings: %w", err)
		}
		p.profile.Settings = append(p.profile.Settings, s)
	}
	return rows.Err()
}

// maxFanoutBuckets bounds the fan-out distribution kept per foreign key.
const maxFanoutBuckets = 400

// fanout counts child rows per parent row with one aggregate query: how many
// parents have n children, for every n. No key value is read.
func (p *profiler) fanout(t *Table, fk *ForeignKey) error {
	parent := p.profile.FindTable(fk.RefSchema, fk.RefTable)
	if parent == nil {
		return nil // Validate reports the missing parent.
	}
	var keys, notNull []string
	for _, c := range fk.Columns {
		keys = append(keys, QuoteIdent(c))
		notNull = append(notNull, QuoteIdent(c)+" IS NOT NULL")
	}
	q := fmt.Sprintf(`SELECT n, count(*) FROM (SELECT count(*) AS n FROM ONLY %s WHERE %s GROUP BY %s) AS g GROUP BY n ORDER BY n`,
		QuoteQualified(t.Schema, t.Name), strings.Join(notNull, " AND "), strings.Join(keys, ", "))
	rows, err := p.tx.Query(p.ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	f := &Fanout{Parents: int64(math.Round(parent.Rows))}
	var withChildren int64
	for rows.Next() {
		var b FanoutBucket
		if err := rows.Scan(&b.Children, &b.Parents); err != nil {
			return err
		}
		f.Counts = append(f.Counts, b)
		withChildren += b.Parents
		f.Children += b.Children * b.Parents
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if withChildren > f.Parents {
		// The estimate of the parent's rows lags behind; the children
		// count exactly how many parents they reference at least.
		f.Parents = withChildren
	}
	if zero := f.Parents - withChildren; zero > 0 {
		f.Counts = append([]FanoutBucket{{Children: 0, Parents: zero}}, f.Counts...)
	}
	f.Counts = mergeFanout(f.Counts, maxFanoutBuckets)
	fk.Fanout = f
	return nil
}

// mergeFanout merges neighbouring buckets of a long-tailed distribution
// until at most max remain, merging where the counts are largest (and
// rarest) first: the head of the distribution, where most parents are,
// stays exact.
func mergeFanout(counts []FanoutBucket, max int) []FanoutBucket {
	for factor := 1.02; len(counts) > max; factor *= 1.5 {
		var out []FanoutBucket
		for _, b := range counts {
			if n := len(out); n > 0 && out[n-1].Children > 16 && float64(b.Children) <= float64(out[n-1].Children)*factor {
				last := &out[n-1]
				// Keep the total of children: the merged bucket's count is
				// the mean of both, weighted by parents.
				total := last.Children*last.Parents + b.Children*b.Parents
				last.Parents += b.Parents
				last.Children = int64(math.Round(float64(total) / float64(last.Parents)))
				continue
			}
			out = append(out, b)
		}
		// Rounding the mean can make two neighbours equal; fold them.
		sort.Slice(out, func(i, j int) bool { return out[i].Children < out[j].Children })
		folded := out[:0]
		for _, b := range out {
			if n := len(folded); n > 0 && folded[n-1].Children == b.Children {
				folded[n-1].Parents += b.Parents
				continue
			}
			folded = append(folded, b)
		}
		counts = folded
	}
	return counts
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
