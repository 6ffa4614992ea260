// Package datagen generates production-shaped staging data for PostgreSQL
// from a dataprofile.Profile: the schema objects, the rows (streamed as COPY
// text, deterministic for a seed) and the constraints, indexes and ANALYZE
// that follow, either as a psql script or straight into a database.
//
// Every value is a pure function of (seed, table, column, row): a row's
// value is found by mapping its position to a slot (its rank among the
// column's values, shuffled within blocks to reproduce the physical-order
// correlation) and the slot to a value (the production distribution's
// quantile function: most-common values, then histogram buckets). Foreign
// keys map child slots to parent rows through the measured fan-out, and a
// parent row's key is again a function of its position, so nothing is held
// per row and tables can be generated in any order.
package datagen

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/envparity/terraform-provider-parity/internal/dataprofile"
)

// Options tune generation.
type Options struct {
	// Ratio is staging rows = production rows × Ratio, for tables without
	// an override. It must be greater than 0.
	Ratio float64
	// Tables override the row count of single tables.
	Tables []dataprofile.TableRule
	// Seed makes a different, equally shaped dataset.
	Seed uint64
	// Truncate empties the profiled tables that already exist in staging
	// before loading; without it, loading into a table with rows fails.
	Truncate bool
	// ApplySettings makes Settings the staging database's defaults (ALTER
	// DATABASE … SET, for later sessions); without it they are suggested.
	ApplySettings bool
}

// Plan is everything generation will do.
type Plan struct {
	Profile *dataprofile.Profile
	Options Options
	// Tables in load order: parents before children.
	Tables []*TablePlan
	// Warnings name what is not reproduced exactly.
	Warnings []string

	byName map[string]*TablePlan
}

// TablePlan is one table's generation.
type TablePlan struct {
	Table *dataprofile.Table
	// Rows is the number of rows generated.
	Rows int64
	// Columns are the columns COPY writes, in order.
	Columns []string

	gens     []*columnGen
	byCol    map[string]*columnGen
	fks      map[string]*fkGen
	keyRoles map[string]columnRole
	key      uint64
	plan     *Plan
	// building guards against foreign keys that reference each other's
	// columns in a cycle.
	building map[string]bool
}

// RowCount is a table's row count in production and in staging.
type RowCount struct {
	Table      string
	Production int64
	Staging    int64
}

// Summary lists the row counts per table in load order.
func (p *Plan) Summary() []RowCount {
	out := make([]RowCount, 0, len(p.Tables))
	for _, t := range p.Tables {
		out = append(out, RowCount{Table: t.Table.QualifiedName(), Production: int64(math.Round(t.Table.Rows)), Staging: t.Rows})
	}
	return out
}

// TotalRows is the number of rows generated in all tables.
func (p *Plan) TotalRows() int64 {
	var n int64
	for _, t := range p.Tables {
		n += t.Rows
	}
	return n
}

// NewPlan checks the options against the profile and lays out generation.
// Errors name the table, column or override at fault.
func NewPlan(profile *dataprofile.Profile, opts Options) (*Plan, error) {
	if !(opts.Ratio > 0) || math.IsInf(opts.Ratio, 0) {
		return nil, fmt.Errorf("ratio %v must be greater than 0", opts.Ratio)
	}
	if err := profile.Validate(); err != nil {
		return nil, err
	}
	p := &Plan{Profile: profile, Options: opts, byName: map[string]*TablePlan{}}
	rows, err := p.rowCounts()
	if err != nil {
		return nil, err
	}
	for _, t := range loadOrder(profile) {
		tp := &TablePlan{Table: t, Rows: rows[t.QualifiedName()], byCol: map[string]*columnGen{}, plan: p,
			key: hashString(opts.Seed, t.QualifiedName()), building: map[string]bool{}}
		p.Tables = append(p.Tables, tp)
		p.byName[t.QualifiedName()] = tp
	}
	var errs []string
	for _, tp := range p.Tables {
		for i := range tp.Table.Columns {
			c := &tp.Table.Columns[i]
			if c.Generated != "" {
				continue
			}
			g, err := tp.gen(c.Name)
			if err != nil {
				errs = append(errs, fmt.Sprintf("table %s, column %s: %v", tp.Table.QualifiedName(), c.Name, err))
				continue
			}
			if g.omit {
				continue
			}
			tp.gens = append(tp.gens, g)
			tp.Columns = append(tp.Columns, c.Name)
		}
	}
	if len(errs) > 0 {
		return nil, errors.New(strings.Join(errs, "\n"))
	}
	sort.Strings(p.Warnings)
	return p, nil
}

// rowCounts applies the ratio and the overrides. An override must name a
// table of the profile (table or schema.table), so a typo cannot pass
// silently.
func (p *Plan) rowCounts() (map[string]int64, error) {
	out := map[string]int64{}
	for _, t := range p.Profile.Tables {
		out[t.QualifiedName()] = scaleRows(t.Rows, p.Options.Ratio)
	}
	var errs []string
	for _, o := range p.Options.Tables {
		var matched []string
		var t *dataprofile.Table
		for i := range p.Profile.Tables {
			if c := &p.Profile.Tables[i]; o.Name == c.QualifiedName() || o.Name == c.Name {
				matched = append(matched, c.QualifiedName())
				t = c
			}
		}
		where := "table override " + fmt.Sprintf("%q", o.Name)
		if o.Source != "" {
			where = o.Source + ": " + where
		}
		switch {
		case len(matched) == 0:
			errs = append(errs, fmt.Sprintf("%s names no table of the profile", where))
			continue
		case len(matched) > 1:
			errs = append(errs, fmt.Sprintf("%s matches %s; qualify it with its schema", where, strings.Join(matched, " and ")))
			continue
		}
		switch {
		case o.Rows != nil:
			out[matched[0]] = *o.Rows
		case o.Ratio != nil:
			out[matched[0]] = scaleRows(t.Rows, *o.Ratio)
		}
	}
	if len(errs) > 0 {
		return nil, errors.New(strings.Join(errs, "\n"))
	}
	return out, nil
}

// scaleRows is round(rows × ratio), never below one row when production has
// rows, as sizes never scale below one.
func scaleRows(rows, ratio float64) int64 {
	n := int64(math.Round(rows * ratio))
	if n < 1 && math.Round(rows) >= 1 {
		n = 1
	}
	return n
}

// loadOrder sorts tables so that parents come before their children
// (foreign keys within a cycle keep name order: they are added after the
// rows are loaded).
func loadOrder(profile *dataprofile.Profile) []*dataprofile.Table {
	var out []*dataprofile.Table
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(t *dataprofile.Table)
	visit = func(t *dataprofile.Table) {
		name := t.QualifiedName()
		if state[name] != 0 {
			return
		}
		state[name] = 1
		for _, fk := range t.ForeignKeys {
			if parent := profile.FindTable(fk.RefSchema, fk.RefTable); parent != nil {
				visit(parent)
			}
		}
		state[name] = 2
		out = append(out, t)
	}
	for i := range profile.Tables {
		visit(&profile.Tables[i])
	}
	return out
}

func (p *Plan) warnf(format string, args ...any) {
	p.Warnings = append(p.Warnings, fmt.Sprintf(format, args...))
}
