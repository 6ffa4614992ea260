// Package dataprofile is the shape of a production PostgreSQL database
// without its data: row counts, per-column statistics, keys, constraints,
// indexes and foreign-key fan-out, read from the catalog and from aggregate
// queries only. A profile is a versioned JSON document (FormatVersion) that
// `parity data profile` writes and `parity data generate` and the
// parity_data_profile resource read.
//
// Privacy is decided here, at profiling time: most-common values and
// histogram bounds of text-like columns are replaced by synthetic stand-ins
// (same frequencies, lengths and order) unless the rules keep them, and
// opaque types (uuid, json, bytea, …) lose theirs. Numbers, dates and times
// are kept. No row value leaves the database otherwise.
package dataprofile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"github.com/envparity/terraform-provider-parity/internal/inputlimit"
)

// FormatVersion is the version of the profile document this package writes
// and the only one it reads.
const FormatVersion = 1

// MaxProfileBytes bounds the profile documents Read accepts.
const MaxProfileBytes = 256 << 20

// Profile is the shape of one production database.
type Profile struct {
	// FormatVersion is always FormatVersion.
	FormatVersion int `json:"format_version"`
	// Source says where the profile comes from, without credentials.
	Source Source `json:"source"`
	// Enums are the enum types the profiled columns use; their labels are
	// schema, not data, and are kept.
	Enums []Enum `json:"enums,omitempty"`
	// Sequences are the sequences owned by profiled columns (serial).
	Sequences []Sequence `json:"sequences,omitempty"`
	// Settings are production's planner settings (pg_settings) that decide
	// plans: cost constants, memory and the parallel-query thresholds.
	Settings []Setting `json:"settings,omitempty"`
	// Tables in schema and name order.
	Tables []Table `json:"tables"`
}

// Setting is one server setting as pg_settings has it: the value in Unit
// ("8kB", "kB", "ms" or none).
type Setting struct {
	Name    string `json:"name"`
	Setting string `json:"setting"`
	Unit    string `json:"unit,omitempty"`
}

// PlannerSettings are the settings a profile records.
var PlannerSettings = []string{
	"cpu_index_tuple_cost", "cpu_operator_cost", "cpu_tuple_cost", "default_statistics_target",
	"effective_cache_size", "effective_io_concurrency", "jit", "max_parallel_workers_per_gather",
	"min_parallel_index_scan_size", "min_parallel_table_scan_size", "parallel_setup_cost",
	"parallel_tuple_cost", "random_page_cost", "seq_page_cost", "work_mem",
}

// Source describes the profiled database.
type Source struct {
	// ServerVersion is PostgreSQL's server_version.
	ServerVersion string `json:"server_version"`
	// Schemas are the schemas profiled.
	Schemas []string `json:"schemas"`
	// KeptValues lists the columns (schema.table.column) whose values were
	// kept verbatim because the rules allowed it.
	KeptValues []string `json:"kept_values,omitempty"`
}

// Enum is an enum type.
type Enum struct {
	Schema string   `json:"schema"`
	Name   string   `json:"name"`
	Labels []string `json:"labels"`
}

// Sequence is a sequence owned by a column (a serial column's).
type Sequence struct {
	Schema    string `json:"schema"`
	Name      string `json:"name"`
	DataType  string `json:"data_type"`
	Start     int64  `json:"start"`
	Increment int64  `json:"increment"`
	// OwnedBy is the owning column as table.column (in Schema).
	OwnedBy string `json:"owned_by,omitempty"`
}

// Table is one table's shape.
type Table struct {
	Schema string `json:"schema"`
	Name   string `json:"name"`
	// Rows is the planner's row estimate (pg_class.reltuples).
	Rows float64 `json:"rows"`
	// Pages and SizeBytes are the heap's size; TotalBytes includes indexes
	// and TOAST. They are informative: generation does not use them.
	Pages      int64 `json:"pages"`
	SizeBytes  int64 `json:"size_bytes"`
	TotalBytes int64 `json:"total_bytes"`

	Columns     []Column     `json:"columns"`
	PrimaryKey  *Constraint  `json:"primary_key,omitempty"`
	Unique      []Constraint `json:"unique,omitempty"`
	Checks      []Constraint `json:"checks,omitempty"`
	ForeignKeys []ForeignKey `json:"foreign_keys,omitempty"`
	// Indexes are the indexes that no constraint owns (constraints create
	// their own).
	Indexes []Index `json:"indexes,omitempty"`
}

// QualifiedName is schema.name, as written in messages and rules.
func (t *Table) QualifiedName() string { return t.Schema + "." + t.Name }

// Column returns the column named name, or nil.
func (t *Table) Column(name string) *Column {
	for i := range t.Columns {
		if t.Columns[i].Name == name {
			return &t.Columns[i]
		}
	}
	return nil
}

// Column kinds: how values of a column are read and generated.
const (
	KindInteger     = "integer"     // smallint, integer, bigint
	KindNumeric     = "numeric"     // numeric/decimal
	KindFloat       = "float"       // real, double precision
	KindBoolean     = "boolean"     // boolean
	KindText        = "text"        // text, varchar, char, name, citext
	KindDate        = "date"        // date
	KindTimestamp   = "timestamp"   // timestamp without time zone
	KindTimestampTZ = "timestamptz" // timestamp with time zone
	KindTime        = "time"        // time without time zone
	KindUUID        = "uuid"        // uuid
	KindJSON        = "json"        // json, jsonb
	KindBytea       = "bytea"       // bytea
	KindEnum        = "enum"        // an enum type
	KindOther       = "other"       // anything else: not generated
)

// Kinds lists every column kind.
var Kinds = []string{KindInteger, KindNumeric, KindFloat, KindBoolean, KindText, KindDate,
	KindTimestamp, KindTimestampTZ, KindTime, KindUUID, KindJSON, KindBytea, KindEnum, KindOther}

// How a column's most-common values and histogram bounds were treated.
const (
	// ValuesVerbatim: the statistics hold production values (numbers,
	// dates, enum labels, and text columns the rules keep).
	ValuesVerbatim = "verbatim"
	// ValuesStandIn: text values were replaced by synthetic stand-ins with
	// the same frequencies, lengths and order.
	ValuesStandIn = "stand_in"
	// ValuesDropped: opaque values (uuid, json, bytea, …) were removed;
	// only null fraction, width, distinct count and correlation remain.
	ValuesDropped = "dropped"
)

// Column is one column's definition and statistics.
type Column struct {
	Name string `json:"name"`
	// Type is the SQL type as PostgreSQL prints it (format_type), with
	// user types schema-qualified: "numeric(10,2)", "public.order_status".
	Type string `json:"type"`
	// Kind says how values are generated; see the Kind constants.
	Kind string `json:"kind"`
	// BaseType is the name of the type (of a domain's base type) in
	// pg_type: "int8", "timestamptz", "varchar". Generation uses it to write
	// binary COPY.
	BaseType string `json:"base_type,omitempty"`
	// MaxLength is the declared length of varchar(n)/char(n), else 0.
	MaxLength int `json:"max_length,omitempty"`
	// Scale is the declared scale of numeric(p,s), else -1 when undeclared.
	Scale   int    `json:"scale,omitempty"`
	NotNull bool   `json:"not_null,omitempty"`
	Default string `json:"default,omitempty"`
	// Identity is "always" or "by_default" for identity columns.
	Identity string `json:"identity,omitempty"`
	// Generated is the expression of a stored generated column.
	Generated string `json:"generated,omitempty"`
	// Collation is the column's collation when it is not its type's
	// default, schema-qualified and quoted as SQL writes it.
	Collation string `json:"collation,omitempty"`
	// Values says how the statistics' values were treated.
	Values string `json:"values,omitempty"`
	// Stats is nil when the column has no statistics.
	Stats *ColumnStats `json:"stats,omitempty"`
}

// ColumnStats are pg_stats of a column.
type ColumnStats struct {
	NullFrac float64 `json:"null_frac"`
	AvgWidth int     `json:"avg_width"`
	// NDistinct is pg_stats.n_distinct: a positive count of distinct
	// values, or minus the distinct share of rows (-1: all distinct).
	NDistinct  float64    `json:"n_distinct"`
	MostCommon []Frequent `json:"most_common,omitempty"`
	// Histogram bounds of the values other than the most common ones, in
	// order; each bucket between two bounds holds the same share of rows.
	Histogram []string `json:"histogram,omitempty"`
	// Correlation between physical row order and value order, -1 to 1.
	Correlation *float64 `json:"correlation,omitempty"`
}

// Frequent is a most-common value and its share of all rows.
type Frequent struct {
	Value string  `json:"value"`
	Freq  float64 `json:"freq"`
}

// Constraint is a primary key, unique or check constraint.
type Constraint struct {
	Name    string   `json:"name"`
	Columns []string `json:"columns,omitempty"`
	// Definition is pg_get_constraintdef: "PRIMARY KEY (id)",
	// "CHECK ((amount > (0)::numeric))".
	Definition string `json:"definition"`
}

// ForeignKey is a foreign key and the fan-out measured along it.
type ForeignKey struct {
	Name       string   `json:"name"`
	Columns    []string `json:"columns"`
	RefSchema  string   `json:"ref_schema"`
	RefTable   string   `json:"ref_table"`
	RefColumns []string `json:"ref_columns"`
	Definition string   `json:"definition"`
	Fanout     *Fanout  `json:"fanout,omitempty"`
}

// Fanout is the distribution of the number of child rows per parent row,
// measured with aggregate queries (counts of counts, never key values).
type Fanout struct {
	// Parents is the number of parent rows, Children the number of child
	// rows whose key is not null, when measured.
	Parents  int64 `json:"parents"`
	Children int64 `json:"children"`
	// Counts are the buckets of the distribution in increasing order of
	// Children: Parents parent rows have Children child rows each. Parents
	// without children are the bucket with Children 0. Long tails are
	// merged into buckets of similar counts (Children is then the bucket's
	// mean, rounded).
	Counts []FanoutBucket `json:"counts"`
}

// FanoutBucket is one point of a fan-out distribution.
type FanoutBucket struct {
	Children int64 `json:"children"`
	Parents  int64 `json:"parents"`
}

// Index is an index no constraint owns.
type Index struct {
	Name string `json:"name"`
	// Definition is pg_get_indexdef: "CREATE INDEX … ON public.t USING …".
	Definition string `json:"definition"`
	// Columns are the key columns when the index has no expression.
	Columns []string `json:"columns,omitempty"`
	Unique  bool     `json:"unique,omitempty"`
	// Partial and Expression say whether the index has a WHERE clause or
	// indexes expressions.
	Partial    bool `json:"partial,omitempty"`
	Expression bool `json:"expression,omitempty"`
}

// FindTable returns the table schema.name, or nil.
func (p *Profile) FindTable(schema, name string) *Table {
	for i := range p.Tables {
		if p.Tables[i].Schema == schema && p.Tables[i].Name == name {
			return &p.Tables[i]
		}
	}
	return nil
}

// Write writes the profile as indented JSON with a final newline.
func Write(w io.Writer, p *Profile) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// Parse reads a profile document. name (a file name, or "profile") starts
// every error, which names the line and the field at fault. Unknown fields
// and other format versions are rejected: a profile is read exactly or not
// at all.
func Parse(data []byte, name string) (*Profile, error) {
	if len(data) > MaxProfileBytes {
		return nil, fmt.Errorf("%s: profile is %d bytes, more than the %d accepted", name, len(data), MaxProfileBytes)
	}
	if err := inputlimit.CheckJSONDepth(data, name); err != nil {
		return nil, err
	}
	var head struct {
		FormatVersion *json.RawMessage `json:"format_version"`
	}
	if err := json.NewDecoder(bytes.NewReader(data)).Decode(&head); err != nil {
		return nil, fmt.Errorf("%s: not a profile: %s", name, jsonErrorText(data, err))
	}
	if head.FormatVersion == nil {
		return nil, fmt.Errorf("%s: not a profile: format_version is missing (write one with `parity data profile`)", name)
	}
	var version int
	if err := json.Unmarshal(*head.FormatVersion, &version); err != nil || version != FormatVersion {
		return nil, fmt.Errorf("%s: format_version %s is not supported; this parity reads version %d", name, strings.TrimSpace(string(*head.FormatVersion)), FormatVersion)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var p Profile
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("%s: %s", name, jsonErrorText(data, err))
	}
	if dec.More() {
		return nil, fmt.Errorf("%s: unexpected data after the profile document", name)
	}
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return &p, nil
}

// jsonErrorText adds the line of a syntax or type error.
func jsonErrorText(data []byte, err error) string {
	var off int64 = -1
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		off = syn.Offset
	case errors.As(err, &typ):
		off = typ.Offset
		msg := fmt.Sprintf("%s must be %s, not JSON %s", typ.Field, typ.Type, typ.Value)
		return fmt.Sprintf("line %d: %s", lineAt(data, off), msg)
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if off >= 0 {
		return fmt.Sprintf("line %d: %s", lineAt(data, off), msg)
	}
	return msg
}

func lineAt(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}

// Validate checks what generation relies on; every error names the table,
// column or key at fault.
func (p *Profile) Validate() error {
	var errs []string
	add := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	kinds := map[string]bool{}
	for _, k := range Kinds {
		kinds[k] = true
	}
	seen := map[string]bool{}
	for ti := range p.Tables {
		t := &p.Tables[ti]
		where := fmt.Sprintf("tables[%d]", ti)
		if t.Schema == "" || t.Name == "" {
			add("%s: schema and name are required", where)
			continue
		}
		where = "table " + t.QualifiedName()
		if seen[t.QualifiedName()] {
			add("%s appears twice", where)
		}
		seen[t.QualifiedName()] = true
		if t.Rows < 0 || math.IsNaN(t.Rows) || math.IsInf(t.Rows, 0) {
			add("%s: rows must be a number of at least 0", where)
		}
		if len(t.Columns) == 0 {
			add("%s has no columns", where)
		}
		cols := map[string]bool{}
		for _, c := range t.Columns {
			cw := fmt.Sprintf("%s, column %q", where, c.Name)
			if c.Name == "" || c.Type == "" {
				add("%s: name and type are required", cw)
			}
			if cols[c.Name] {
				add("%s appears twice", cw)
			}
			cols[c.Name] = true
			if !kinds[c.Kind] {
				add("%s: kind %q is not one of %s", cw, c.Kind, strings.Join(Kinds, ", "))
			}
			switch c.Values {
			case "", ValuesVerbatim, ValuesStandIn, ValuesDropped:
			default:
				add("%s: values %q is not one of %s, %s, %s", cw, c.Values, ValuesVerbatim, ValuesStandIn, ValuesDropped)
			}
			if s := c.Stats; s != nil {
				if s.NullFrac < 0 || s.NullFrac > 1 {
					add("%s: null_frac %v is not between 0 and 1", cw, s.NullFrac)
				}
				if s.NDistinct < -1 {
					add("%s: n_distinct %v is below -1", cw, s.NDistinct)
				}
				sum := 0.0
				for _, f := range s.MostCommon {
					if f.Freq < 0 || f.Freq > 1 {
						add("%s: most_common frequency %v is not between 0 and 1", cw, f.Freq)
					}
					sum += f.Freq
				}
				if sum+s.NullFrac > 1.001 {
					add("%s: most_common frequencies and null_frac add up to %.4f, more than 1", cw, sum+s.NullFrac)
				}
				if s.Correlation != nil && (*s.Correlation < -1.0001 || *s.Correlation > 1.0001) {
					add("%s: correlation %v is not between -1 and 1", cw, *s.Correlation)
				}
			}
		}
		checkCols := func(what string, names []string) {
			for _, n := range names {
				if !cols[n] {
					add("%s: %s names column %q, which the table does not have", where, what, n)
				}
			}
		}
		if t.PrimaryKey != nil {
			checkCols("primary key "+t.PrimaryKey.Name, t.PrimaryKey.Columns)
		}
		for _, u := range t.Unique {
			checkCols("unique constraint "+u.Name, u.Columns)
		}
		for _, fk := range t.ForeignKeys {
			checkCols("foreign key "+fk.Name, fk.Columns)
			if len(fk.Columns) == 0 || len(fk.Columns) != len(fk.RefColumns) {
				add("%s: foreign key %s must have as many columns as referenced columns", where, fk.Name)
			}
			if f := fk.Fanout; f != nil {
				prev := int64(-1)
				for _, b := range f.Counts {
					if b.Children <= prev || b.Parents < 0 {
						add("%s: foreign key %s: fanout counts must be in increasing order of children with parents of at least 0", where, fk.Name)
						break
					}
					prev = b.Children
				}
			}
		}
		for _, ix := range t.Indexes {
			if ix.Name == "" || !strings.HasPrefix(ix.Definition, "CREATE ") {
				add("%s: index %q must have a name and a CREATE INDEX definition", where, ix.Name)
			}
		}
	}
	// References are checked once every table is known.
	for ti := range p.Tables {
		t := &p.Tables[ti]
		for _, fk := range t.ForeignKeys {
			parent := p.FindTable(fk.RefSchema, fk.RefTable)
			if parent == nil {
				add("table %s: foreign key %s references %s.%s, which is not in the profile (profile its schema too)", t.QualifiedName(), fk.Name, fk.RefSchema, fk.RefTable)
				continue
			}
			for _, rc := range fk.RefColumns {
				if parent.Column(rc) == nil {
					add("table %s: foreign key %s references column %s.%s, which does not exist", t.QualifiedName(), fk.Name, parent.QualifiedName(), rc)
				}
			}
		}
	}
	if len(errs) == 0 {
		return nil
	}
	sort.Strings(errs)
	return errors.New(strings.Join(errs, "\n"))
}
