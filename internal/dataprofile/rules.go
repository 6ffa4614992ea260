package dataprofile

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/envparity/terraform-provider-parity/internal/inputlimit"
	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// Rules are the data rules of a rules file: its `data` block.
//
//	data {
//	  keep_values = ["status", "users.country", "public.plans.name"]
//	  table "countries" { ratio = 1 }
//	  table "audit_log" { rows = 1000 }
//	}
//
// keep_values lists column patterns (the parity pattern grammar over
// schema.table.column, matched as a suffix) whose most-common values and
// histogram bounds are kept verbatim: enum-like columns whose values are not
// personal. table blocks override the row count of one table: a ratio of its
// own or a fixed number of rows.
type Rules struct {
	KeepValues []*parity.Pattern
	Tables     []TableRule
}

// TableRule overrides the row count of one table. Name is table or
// schema.table; exactly one of Ratio and Rows is set.
type TableRule struct {
	Name  string
	Ratio *float64
	Rows  *int64
	// Source is file:line, for messages.
	Source string
}

// Keeps reports whether the rules keep the values of a column.
func (r Rules) Keeps(schema, table, column string) bool {
	for _, p := range r.KeepValues {
		if p.MatchNames(schema, table, column) {
			return true
		}
	}
	return false
}

// LoadRules reads the data block of a rules file. A file without one yields
// empty rules.
func LoadRules(path string) (Rules, error) {
	src, err := inputlimit.ReadFile(path, inputlimit.DefaultConfigSize, "rules file")
	if err != nil {
		return Rules{}, fmt.Errorf("reading rules file: %w", err)
	}
	if err := inputlimit.CheckHCLDepth(src, path); err != nil {
		return Rules{}, err
	}
	return ParseRules(src, path)
}

// ParseRules reads the data block of rules file source; every other block
// belongs to parity check and is left to its parser. Errors name
// file:line:column.
func ParseRules(src []byte, filename string) (Rules, error) {
	file, diags := hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
	if diags.HasErrors() {
		return Rules{}, diagsError(diags)
	}
	body := file.Body.(*hclsyntax.Body)
	var r Rules
	var found *hcl.Range
	for _, block := range body.Blocks {
		if block.Type != "data" {
			continue
		}
		if found != nil {
			diags = append(diags, errorAt(block.TypeRange, "Duplicate data block",
				fmt.Sprintf("A data block is already declared at line %d; merge the two.", found.Start.Line)))
			continue
		}
		found = block.TypeRange.Ptr()
		if len(block.Labels) > 0 {
			diags = append(diags, errorAt(block.LabelRanges[0], "Unexpected label",
				"The data block takes no label: write data { … }."))
		}
		diags = append(diags, r.readBlock(block.Body)...)
	}
	if diags.HasErrors() {
		return Rules{}, diagsError(diags)
	}
	return r, nil
}

func (r *Rules) readBlock(body *hclsyntax.Body) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for name, attr := range body.Attributes {
		if name != "keep_values" {
			diags = append(diags, errorAt(attr.NameRange, "Unsupported argument",
				fmt.Sprintf("The data block has no argument %q; it takes keep_values and table blocks.", name)))
			continue
		}
		v, d := attr.Expr.Value(nil)
		if d.HasErrors() {
			diags = append(diags, errorAt(attr.Expr.Range(), "Invalid keep_values",
				"keep_values must be a literal list of column patterns, such as [\"status\", \"users.country\"]; variables and functions are not evaluated in a rules file."))
			continue
		}
		if !(v.Type().IsTupleType() || v.Type().IsListType()) || v.IsNull() {
			diags = append(diags, errorAt(attr.Expr.Range(), "Invalid keep_values",
				"keep_values must be a list of column patterns, such as [\"status\", \"users.country\"]."))
			continue
		}
		for it := v.ElementIterator(); it.Next(); {
			_, ev := it.Element()
			if ev.IsNull() || ev.Type() != cty.String {
				diags = append(diags, errorAt(attr.Expr.Range(), "Invalid keep_values",
					"Every element of keep_values must be a string such as \"users.status\"."))
				continue
			}
			p, err := parity.CompilePattern(ev.AsString())
			if err != nil {
				diags = append(diags, errorAt(attr.Expr.Range(), "Invalid keep_values pattern",
					fmt.Sprintf("The column pattern is not valid: %s.", err)))
				continue
			}
			r.KeepValues = append(r.KeepValues, p)
		}
	}
	seen := map[string]int{}
	for _, block := range body.Blocks {
		if block.Type != "table" {
			diags = append(diags, errorAt(block.TypeRange, "Unsupported block",
				fmt.Sprintf("The data block has no %q block; it takes keep_values and table blocks.", block.Type)))
			continue
		}
		if len(block.Labels) != 1 || block.Labels[0] == "" {
			diags = append(diags, errorAt(block.TypeRange, "Missing table name",
				"A table block takes the table's name as its label: table \"countries\" { ratio = 1 }."))
			continue
		}
		name := block.Labels[0]
		if line, dup := seen[name]; dup {
			diags = append(diags, errorAt(block.LabelRanges[0], "Duplicate table block",
				fmt.Sprintf("table %q is already declared at line %d; keep one of them.", name, line)))
			continue
		}
		seen[name] = block.TypeRange.Start.Line
		rule := TableRule{Name: name, Source: fmt.Sprintf("%s:%d", block.TypeRange.Filename, block.TypeRange.Start.Line)}
		for aname, attr := range block.Body.Attributes {
			v, d := attr.Expr.Value(nil)
			if d.HasErrors() || v.IsNull() || v.Type() != cty.Number {
				diags = append(diags, errorAt(attr.Expr.Range(), "Invalid "+aname,
					fmt.Sprintf("The %s of table %q must be a literal number.", aname, name)))
				continue
			}
			f, _ := v.AsBigFloat().Float64()
			switch aname {
			case "ratio":
				if !(f > 0) || math.IsInf(f, 0) {
					diags = append(diags, errorAt(attr.Expr.Range(), "Invalid ratio",
						fmt.Sprintf("The ratio of table %q must be greater than 0; got %v.", name, f)))
					continue
				}
				rule.Ratio = &f
			case "rows":
				if f < 0 || f != math.Trunc(f) || f > math.MaxInt32*16 {
					diags = append(diags, errorAt(attr.Expr.Range(), "Invalid rows",
						fmt.Sprintf("The rows of table %q must be a whole number of at least 0; got %v.", name, f)))
					continue
				}
				n := int64(f)
				rule.Rows = &n
			default:
				diags = append(diags, errorAt(attr.NameRange, "Unsupported argument",
					fmt.Sprintf("A table block has no argument %q; it takes ratio or rows.", aname)))
			}
		}
		if len(block.Body.Blocks) > 0 {
			diags = append(diags, errorAt(block.Body.Blocks[0].TypeRange, "Unsupported block",
				"A table block takes only ratio or rows."))
		}
		switch {
		case rule.Ratio != nil && rule.Rows != nil:
			diags = append(diags, errorAt(block.TypeRange, "Conflicting table override",
				fmt.Sprintf("table %q sets both ratio and rows; keep one of them.", name)))
		case rule.Ratio == nil && rule.Rows == nil && !diags.HasErrors():
			diags = append(diags, errorAt(block.TypeRange, "Empty table override",
				fmt.Sprintf("table %q needs ratio (such as ratio = 1 for a lookup table kept whole) or rows.", name)))
		}
		r.Tables = append(r.Tables, rule)
	}
	return diags
}

func errorAt(rng hcl.Range, summary, detail string) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: rng.Ptr()}
}

// diagsError renders diagnostics one a line as file:line:col: summary: detail.
func diagsError(diags hcl.Diagnostics) error {
	// Attributes come from a map; report in the order of the file.
	sort.SliceStable(diags, func(i, j int) bool {
		a, b := diags[i].Subject, diags[j].Subject
		return a != nil && b != nil && a.Start.Byte < b.Start.Byte
	})
	var lines []string
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		line := d.Summary
		if d.Detail != "" {
			line += ": " + d.Detail
		}
		if d.Subject != nil {
			line = fmt.Sprintf("%s:%d:%d: %s", d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column, line)
		}
		lines = append(lines, line)
	}
	return fmt.Errorf("%s", strings.Join(lines, "\n"))
}
