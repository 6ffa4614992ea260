package datagen

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/envparity/terraform-provider-parity/internal/dataprofile"
)

// Statement is one step of generation, the same whether it is printed in a
// script or run against a database.
type Statement struct {
	// SQL is one complete statement. For a COPY it is the COPY command; the
	// table's rows follow it.
	SQL string
	// Copy is the table whose rows follow, for a COPY.
	Copy *TablePlan
	// What says in a few words what the statement does, for progress and
	// errors: "create table public.users".
	What string
}

// doQuote is the dollar quote of the DO blocks. Definitions come from
// pg_get_*def, which never print it unless a schema object's own text
// contains it; Statements checks.
const doQuote = "$parity$"

// Statements returns every step in order: schemas, enum types, sequences
// and tables that are missing; a guard that the tables are empty (or
// TRUNCATE); the rows; then primary keys and unique constraints, foreign
// keys, check constraints (added NOT VALID and validated, so that a check
// the synthetic rows break is reported as a warning, not a failed load),
// indexes, sequence positions and ANALYZE.
func (p *Plan) Statements() ([]Statement, error) {
	var out []Statement
	add := func(what, sql string) { out = append(out, Statement{SQL: sql, What: what}) }
	add("session settings", "SET LOCAL search_path = pg_catalog;")
	add("session settings", "SET LOCAL TimeZone = 'UTC';")
	add("session settings", "SET LOCAL DateStyle = 'ISO, YMD';")
	// Memory for this transaction only: index builds sort in
	// maintenance_work_mem and foreign-key validation hashes the parent in
	// work_mem; the defaults make both spill to disk at production sizes.
	add("session settings", "SET LOCAL maintenance_work_mem = '256MB';")
	add("session settings", "SET LOCAL work_mem = '64MB';")

	schemas := map[string]bool{}
	for _, t := range p.Tables {
		if !schemas[t.Table.Schema] {
			schemas[t.Table.Schema] = true
			add("create schema "+t.Table.Schema, doBlock(fmt.Sprintf(
				"IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = %s) THEN CREATE SCHEMA %s; END IF;",
				dataprofile.QuoteLiteral(t.Table.Schema), dataprofile.QuoteIdent(t.Table.Schema))))
		}
	}
	for _, e := range p.Profile.Enums {
		labels := make([]string, len(e.Labels))
		for i, l := range e.Labels {
			labels[i] = dataprofile.QuoteLiteral(l)
		}
		add("create type "+e.Schema+"."+e.Name, doBlock(fmt.Sprintf(
			"IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = %s AND t.typname = %s) THEN CREATE TYPE %s AS ENUM (%s); END IF;",
			dataprofile.QuoteLiteral(e.Schema), dataprofile.QuoteLiteral(e.Name), dataprofile.QuoteQualified(e.Schema, e.Name), strings.Join(labels, ", "))))
	}
	for _, s := range p.Profile.Sequences {
		add("create sequence "+s.Schema+"."+s.Name, fmt.Sprintf("CREATE SEQUENCE IF NOT EXISTS %s AS %s INCREMENT BY %d START WITH %d;",
			dataprofile.QuoteQualified(s.Schema, s.Name), s.DataType, s.Increment, s.Start))
	}
	for _, t := range p.Tables {
		add("create table "+t.Table.QualifiedName(), createTable(t.Table))
	}
	for _, s := range p.Profile.Sequences {
		table, column, ok := strings.Cut(s.OwnedBy, ".")
		if !ok || p.Profile.FindTable(s.Schema, table) == nil {
			continue
		}
		add("own sequence "+s.Schema+"."+s.Name, fmt.Sprintf("ALTER SEQUENCE %s OWNED BY %s.%s;",
			dataprofile.QuoteQualified(s.Schema, s.Name), dataprofile.QuoteQualified(s.Schema, table), dataprofile.QuoteIdent(column)))
	}
	if p.Options.Truncate {
		// Every table exists by now; one TRUNCATE empties them together,
		// whatever references whatever.
		names := make([]string, len(p.Tables))
		for i, t := range p.Tables {
			names[i] = qualified(t.Table)
		}
		add("truncate tables", "TRUNCATE "+strings.Join(names, ", ")+";")
	} else {
		for _, t := range p.Tables {
			msg := fmt.Sprintf("parity: table %s is not empty; parity data generate loads empty tables only (--truncate empties them first)", t.Table.QualifiedName())
			add("check table "+t.Table.QualifiedName()+" is empty", doBlock(fmt.Sprintf(
				"IF EXISTS (SELECT 1 FROM %s LIMIT 1) THEN RAISE EXCEPTION %s; END IF;", qualified(t.Table), dataprofile.QuoteLiteral(msg))))
		}
	}
	for _, t := range p.Tables {
		out = append(out, Statement{
			SQL:  t.copyCommand(false),
			Copy: t,
			What: fmt.Sprintf("load %d rows into %s", t.Rows, t.Table.QualifiedName()),
		})
	}
	for _, t := range p.Tables {
		reg := dataprofile.QuoteLiteral(qualified(t.Table))
		if pk := t.Table.PrimaryKey; pk != nil {
			add("add primary key "+pk.Name, doBlock(fmt.Sprintf(
				"IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = %s::regclass AND (conname = %s OR contype = 'p')) THEN ALTER TABLE %s ADD CONSTRAINT %s %s; END IF;",
				reg, dataprofile.QuoteLiteral(pk.Name), qualified(t.Table), dataprofile.QuoteIdent(pk.Name), pk.Definition)))
		}
		for _, u := range t.Table.Unique {
			add("add unique constraint "+u.Name, addConstraint(t.Table, u.Name, u.Definition, ""))
		}
	}
	for _, t := range p.Tables {
		for _, fk := range t.Table.ForeignKeys {
			add("add foreign key "+fk.Name, addConstraint(t.Table, fk.Name, fk.Definition, ""))
		}
	}
	for _, t := range p.Tables {
		for _, c := range t.Table.Checks {
			def := strings.TrimSuffix(c.Definition, " NOT VALID")
			add("add check constraint "+c.Name, addConstraint(t.Table, c.Name, def, " NOT VALID"))
			if strings.HasSuffix(c.Definition, " NOT VALID") {
				continue // not validated in production either
			}
			warn := fmt.Sprintf("parity: check constraint %s on %s stays NOT VALID: some generated rows break it (keep the values of its columns with keep_values in the rules file)", c.Name, t.Table.QualifiedName())
			add("validate check constraint "+c.Name, doBlock(fmt.Sprintf(
				"ALTER TABLE %s VALIDATE CONSTRAINT %s; EXCEPTION WHEN check_violation THEN RAISE WARNING %s;",
				qualified(t.Table), dataprofile.QuoteIdent(c.Name), dataprofile.QuoteLiteral(warn))))
		}
	}
	for _, t := range p.Tables {
		for _, ix := range t.Table.Indexes {
			def, ok := ifNotExists(ix.Definition)
			if !ok {
				return nil, fmt.Errorf("table %s: index %s: definition %q does not start with CREATE INDEX or CREATE UNIQUE INDEX", t.Table.QualifiedName(), ix.Name, ix.Definition)
			}
			add("create index "+ix.Name, def+";")
		}
	}
	for _, t := range p.Tables {
		for _, c := range t.Table.Columns {
			if c.Identity == "" && !strings.HasPrefix(c.Default, "nextval(") {
				continue
			}
			if !containsString(t.Columns, c.Name) {
				continue
			}
			add("set sequence of "+t.Table.QualifiedName()+"."+c.Name, fmt.Sprintf(
				"SELECT pg_catalog.setval(pg_catalog.pg_get_serial_sequence(%s, %s), max(%s)) FROM %s;",
				dataprofile.QuoteLiteral(qualified(t.Table)), dataprofile.QuoteLiteral(c.Name), dataprofile.QuoteIdent(c.Name), qualified(t.Table)))
		}
	}
	if p.Options.ApplySettings && len(p.Profile.Settings) > 0 {
		add("set planner settings of the database", p.settingsStatement())
	}
	for _, t := range p.Tables {
		add("analyze "+t.Table.QualifiedName(), fmt.Sprintf("ANALYZE %s;", qualified(t.Table)))
	}
	for _, s := range out {
		if strings.Count(s.SQL, doQuote) > 2 || (!strings.HasPrefix(s.SQL, "DO ") && strings.Contains(s.SQL, doQuote)) {
			return nil, fmt.Errorf("%s: a definition contains %s, which the generated script uses as its quote", s.What, doQuote)
		}
	}
	return out, nil
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func qualified(t *dataprofile.Table) string { return dataprofile.QuoteQualified(t.Schema, t.Name) }

func doBlock(body string) string {
	return "DO " + doQuote + " BEGIN " + body + " END " + doQuote + ";"
}

// addConstraint adds a constraint unless one of that name exists.
func addConstraint(t *dataprofile.Table, name, def, suffix string) string {
	return doBlock(fmt.Sprintf(
		"IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = %s::regclass AND conname = %s) THEN ALTER TABLE %s ADD CONSTRAINT %s %s%s; END IF;",
		dataprofile.QuoteLiteral(qualified(t)), dataprofile.QuoteLiteral(name), qualified(t), dataprofile.QuoteIdent(name), def, suffix))
}

// ifNotExists turns pg_get_indexdef's CREATE [UNIQUE] INDEX into CREATE
// [UNIQUE] INDEX IF NOT EXISTS, leaving the definition otherwise as
// production has it.
func ifNotExists(def string) (string, bool) {
	for _, prefix := range []string{"CREATE UNIQUE INDEX ", "CREATE INDEX "} {
		if strings.HasPrefix(def, prefix) {
			return prefix + "IF NOT EXISTS " + strings.TrimPrefix(def, prefix), true
		}
	}
	return "", false
}

// createTable writes CREATE TABLE IF NOT EXISTS with the columns as
// production declares them; constraints come after the rows.
func createTable(t *dataprofile.Table) string {
	var b strings.Builder
	fmt.Fprintf(&b, "CREATE TABLE IF NOT EXISTS %s (\n", qualified(t))
	for i, c := range t.Columns {
		fmt.Fprintf(&b, "    %s %s", dataprofile.QuoteIdent(c.Name), c.Type)
		if c.Collation != "" {
			fmt.Fprintf(&b, " COLLATE %s", c.Collation)
		}
		switch {
		case c.Generated != "":
			fmt.Fprintf(&b, " GENERATED ALWAYS AS (%s) STORED", c.Generated)
		case c.Identity == "always":
			b.WriteString(" GENERATED ALWAYS AS IDENTITY")
		case c.Identity == "by_default":
			b.WriteString(" GENERATED BY DEFAULT AS IDENTITY")
		case c.Default != "":
			fmt.Fprintf(&b, " DEFAULT %s", c.Default)
		}
		if c.NotNull {
			b.WriteString(" NOT NULL")
		}
		if i < len(t.Columns)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString(");")
	return b.String()
}

// WriteRows streams the table's rows in COPY text format. Memory does not
// grow with the row count: each row is written as it is made.
func (t *TablePlan) WriteRows(w io.Writer) error { return t.writeRows(w, false) }

// Binary reports whether every column can be written in binary COPY, which
// spares PostgreSQL parsing timestamps and numerics (about a third of its
// work in COPY); Load uses it when it can.
func (t *TablePlan) Binary() bool {
	for _, g := range t.gens {
		if !g.binary {
			return false
		}
	}
	return true
}

// binaryHeader starts a binary COPY stream: signature, flags, extension.
const binaryHeader = "PGCOPY\n\xff\r\n\x00\x00\x00\x00\x00\x00\x00\x00\x00"

func (t *TablePlan) writeRows(w io.Writer, bin bool) error {
	buf := make([]byte, 0, 128<<10)
	if bin {
		buf = append(buf, binaryHeader...)
	}
	for i := int64(0); i < t.Rows; i++ {
		if bin {
			buf = binary.BigEndian.AppendUint16(buf, uint16(len(t.gens)))
		}
		for k, g := range t.gens {
			var null bool
			if bin {
				at := len(buf)
				buf = append(buf, 0, 0, 0, 0)
				buf, null = g.appendValue(buf, i, true)
				size := uint32(len(buf) - at - 4)
				if null {
					size = 0xffffffff
				}
				binary.BigEndian.PutUint32(buf[at:], size)
				continue
			}
			if k > 0 {
				buf = append(buf, '\t')
			}
			buf, null = g.appendValue(buf, i, false)
			if null {
				buf = append(buf, '\\', 'N')
			}
		}
		if !bin {
			buf = append(buf, '\n')
		}
		if len(buf) >= 120<<10 {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	if bin {
		buf = append(buf, 0xff, 0xff)
	}
	if len(buf) > 0 {
		_, err := w.Write(buf)
		return err
	}
	return nil
}

// copyCommand is the COPY statement of the table, text or binary.
func (t *TablePlan) copyCommand(bin bool) string {
	cols := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		cols[i] = dataprofile.QuoteIdent(c)
	}
	with := ""
	if bin {
		with = " WITH (FORMAT binary)"
	}
	return fmt.Sprintf("COPY %s (%s) FROM stdin%s;", qualified(t.Table), strings.Join(cols, ", "), with)
}

// ScriptOptions shape WriteScript's output.
type ScriptOptions struct {
	// Rows writes the rows after each COPY. Without them each COPY is a
	// comment that says how many rows it would load: the reviewable plan.
	Rows bool
	// Generator names the program in the header ("parity dev").
	Generator string
}

// WriteScript writes the psql script of the plan: every statement, in one
// transaction, stopping at the first error.
func (p *Plan) WriteScript(w io.Writer, opts ScriptOptions) error {
	stmts, err := p.Statements()
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	p.writeHeader(bw, opts)
	bw.WriteString("\\set ON_ERROR_STOP on\nBEGIN;\n")
	for _, s := range stmts {
		if s.Copy == nil {
			bw.WriteString(s.SQL)
			bw.WriteString("\n")
			continue
		}
		if !opts.Rows {
			fmt.Fprintf(bw, "-- %s\n-- %d rows generated by `parity data generate` (seed %d)\n", s.SQL, s.Copy.Rows, p.Options.Seed)
			continue
		}
		bw.WriteString(s.SQL)
		bw.WriteString("\n")
		if err := s.Copy.WriteRows(bw); err != nil {
			return err
		}
		bw.WriteString("\\.\n")
	}
	bw.WriteString("COMMIT;\n")
	return bw.Flush()
}

func (p *Plan) writeHeader(w *bufio.Writer, opts ScriptOptions) {
	gen := opts.Generator
	if gen == "" {
		gen = "parity"
	}
	fmt.Fprintf(w, "-- Production-shaped staging data, generated by `parity data generate` (%s).\n", gen)
	fmt.Fprintf(w, "-- Profile of PostgreSQL %s, schema%s %s; ratio %s, seed %d.\n",
		p.Profile.Source.ServerVersion, plural(len(p.Profile.Source.Schemas)), strings.Join(p.Profile.Source.Schemas, ", "),
		strconv.FormatFloat(p.Options.Ratio, 'f', -1, 64), p.Options.Seed)
	w.WriteString("-- Rows per table (production -> staging):\n")
	width := 0
	for _, r := range p.Summary() {
		if len(r.Table) > width {
			width = len(r.Table)
		}
	}
	for _, r := range p.Summary() {
		fmt.Fprintf(w, "--   %-*s %12d -> %d\n", width, r.Table, r.Production, r.Staging)
	}
	fmt.Fprintf(w, "-- Total: %d rows.\n", p.TotalRows())
	if settings := p.Settings(); len(settings) > 0 {
		if p.Options.ApplySettings {
			w.WriteString("-- Planner settings, set below as the database's defaults (sizes are production's × ratio):\n")
		} else {
			w.WriteString("-- Planner settings for staging's plans to follow production's (sizes are production's × ratio);\n")
			w.WriteString("-- set them with ALTER DATABASE … SET, or --apply-settings:\n")
		}
		for _, s := range settings {
			fmt.Fprintf(w, "--   %s = %s\n", s.Name, dataprofile.QuoteLiteral(s.Value))
		}
	}
	for _, warn := range p.Warnings {
		fmt.Fprintf(w, "-- Note: %s.\n", warn)
	}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
