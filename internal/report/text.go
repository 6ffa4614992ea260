package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/mattn/go-runewidth"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// widths measures terminal cells. It is fixed rather than taken from the
// locale (runewidth's default) so that output is the same everywhere.
var widths = &runewidth.Condition{EastAsianWidth: false, ZeroWidthJoiner: true}

// maxValueWidth caps the value columns of the text table; longer values are
// cut there and shown whole on a detail line.
const maxValueWidth = 32

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
)

// textRow is one finding laid out as table cells plus detail lines.
type textRow struct {
	kind    parity.FindingKind
	cells   []string
	details []string
}

// maxSummaryAttributes is how many attributes the text summary lists, so
// that the summary, which comes first, fits a screen.
const maxSummaryAttributes = 8

func renderText(w io.Writer, v *view) error {
	bw := bufio.NewWriter(w)
	t := &textWriter{w: bw, color: v.meta.Color}

	if v.multi() {
		t.line(escapeControl(v.meta.ToolName) + ": " + plural(len(v.envs), "environment") + " vs production " +
			sourceText(v.meta.ProductionSource))
	} else {
		t.line(escapeControl(v.meta.ToolName) + ": staging " + sourceText(v.meta.StagingSource) +
			" vs production " + sourceText(v.meta.ProductionSource) + ", ratio " + ratioText(v.rep.Ratio))
	}
	t.line(t.paint(verdictColour(v), v.verdict()))
	textSummary(t, v)
	if v.meta.Quiet {
		if t.err != nil {
			return t.err
		}
		return bw.Flush()
	}

	// Lay out every row first so that columns align across sections.
	sections := v.sections()
	header := textHeader(v)
	rows := make([][]textRow, len(sections))
	colWidth := make([]int, len(header))
	for i, s := range header {
		colWidth[i] = widths.StringWidth(s)
	}
	for si, s := range sections {
		for _, f := range s.findings {
			r := textFindingRow(v, f)
			for i, c := range r.cells {
				colWidth[i] = max(colWidth[i], widths.StringWidth(c))
			}
			rows[si] = append(rows[si], r)
		}
	}
	kindCol := 0
	if v.multi() {
		kindCol = 1
	}
	for si, s := range sections {
		t.line("")
		title := escapeControl(s.displayTitle())
		var notes []string
		if s.byAttr {
			notes = append(notes, s.heading())
		}
		for _, a := range s.aka {
			notes = append(notes, escapeControl(a))
		}
		t.line(t.paint(ansiBold, title) + parens(strings.Join(notes, ", ")))
		t.row(header, colWidth, -1, "")
		for _, r := range rows[si] {
			colour := ansiRed
			if !v.failing(r.kind) {
				colour = ansiYellow
			}
			t.row(r.cells, colWidth, kindCol, colour)
			indent := "  "
			for i := 0; i <= kindCol; i++ {
				indent += strings.Repeat(" ", colWidth[i]+2)
			}
			for _, d := range r.details {
				t.line(indent + d)
			}
		}
	}

	if len(v.ignored) > 0 {
		t.line("")
		t.line("Ignored (" + plural(len(v.ignored), "path") + "):")
		cells := make([][]string, len(v.ignored))
		iw := make([]int, 5)
		for i, ig := range v.ignored {
			cells[i] = []string{
				escapeControl(displayAddress(ig.Address)), escapeControl(displayPath(ig.Path)),
				escapeControl(ig.Reason), escapeControl(parens(ig.Rule)),
			}
			if v.multi() {
				cells[i] = append([]string{escapeControl(ig.Environment)}, cells[i]...)
			}
			for j, c := range cells[i] {
				iw[j] = max(iw[j], widths.StringWidth(c))
			}
		}
		for _, c := range cells {
			var b strings.Builder
			b.WriteString(" ")
			for j, cell := range c {
				if j == len(c)-1 {
					b.WriteString(cell)
					break
				}
				b.WriteString(" " + pad(cell, iw[j]) + " ")
			}
			t.line(b.String())
		}
	}

	t.line("")
	t.line("Hashes:")
	if v.multi() {
		nameWidth := len("production")
		for _, e := range v.envs {
			nameWidth = max(nameWidth, widths.StringWidth(escapeControl(e.Name)))
		}
		for _, e := range v.envs {
			t.line("  " + pad(escapeControl(e.Name), nameWidth) + "  " + hashText(e.Hash))
		}
		t.line("  " + pad("production", nameWidth) + "  " + hashText(v.rep.ProductionHash))
	} else {
		t.line("  staging     " + hashText(v.rep.StagingHash))
		t.line("  production  " + hashText(v.rep.ProductionHash))
	}

	t.line("")
	t.line(t.paint(verdictColour(v), v.verdict()))
	if t.err != nil {
		return t.err
	}
	return bw.Flush()
}

func verdictColour(v *view) string {
	switch {
	case v.drift > 0:
		return ansiRed
	case v.unknown > 0:
		return ansiYellow
	}
	return ansiGreen
}

// textSummary writes what is wrong in a few lines: the environment matrix,
// the findings by kind and by resource type, and the attributes that drift
// in the most resources.
func textSummary(t *textWriter, v *view) {
	if v.multi() {
		t.line("")
		cells := [][]string{{"ENVIRONMENT", "RATIO", "RESULT", "FINDINGS", "SOURCE"}}
		colours := []string{""}
		for _, e := range v.envs {
			cells = append(cells, []string{escapeControl(e.Name), ratioText(e.Ratio), v.envStatus(e), envCounts(e), sourceText(v.envSource(e.Name))})
			colour := ansiGreen
			if v.envFailed(e.Name) {
				colour = ansiRed
			} else if !e.InParity || e.Counts[parity.FindingUnknown] > 0 {
				colour = ansiYellow
			}
			colours = append(colours, colour)
		}
		cells = append(cells, []string{"production", "1", "", "", sourceText(v.meta.ProductionSource)})
		colours = append(colours, "")
		width := make([]int, 5)
		for _, row := range cells {
			for i, c := range row {
				width[i] = max(width[i], widths.StringWidth(c))
			}
		}
		for i, row := range cells {
			t.row(row, width, 2, colours[i])
		}
	}
	if len(v.findings) == 0 {
		return
	}
	t.line("")
	t.line("Findings by kind:  " + v.kindsLine())
	t.line("By resource type:  " + escapeControl(v.summary.typesLine(4)))
	t.line("Most frequent:")
	attrs := v.summary.attrs
	for i, a := range attrs {
		if i == maxSummaryAttributes {
			t.line(fmt.Sprintf("  … and %d more (all below, grouped by %s)", len(attrs)-i, v.meta.GroupBy))
			break
		}
		line := a.sentence(v, escapeControl, escapeControl)
		colour := ansiRed
		if !a.failing {
			colour = ansiYellow
		}
		t.line("  " + t.paint(colour, "•") + " " + line)
	}
}

// textHeader is the column titles of the findings tables.
func textHeader(v *view) []string {
	h := []string{"KIND", "PATH", "STAGING", "PRODUCTION", "EXPECTED"}
	if v.meta.GroupBy == GroupByAttribute {
		h[1] = "RESOURCE"
	}
	if v.multi() {
		h = append([]string{"ENV"}, h...)
	}
	return h
}

func textFindingRow(v *view, f parity.Finding) textRow {
	r := textRow{kind: f.Kind}
	staging, production, expected := displayValue(f.Staging), displayValue(f.Production), escapeControl(expectedText(f))
	if f.Kind == parity.FindingOnlyInStaging || f.Kind == parity.FindingOnlyInProduction {
		// A whole resource on one side: its "value" is its presence.
		staging, production = presence(f.Kind == parity.FindingOnlyInStaging), presence(f.Kind == parity.FindingOnlyInProduction)
	}
	subject := escapeControl(displayPath(f.Path))
	if v.meta.GroupBy == GroupByAttribute {
		subject = escapeControl(rowSubject(f))
	}
	r.cells = []string{escapeControl(string(f.Kind)), subject, cut(staging), cut(production), cut(expected)}
	if v.multi() {
		r.cells = append([]string{escapeControl(f.Environment)}, r.cells...)
	}
	n := len(r.cells)
	if f.Message != "" {
		r.details = append(r.details, escapeControl(f.Message))
	}
	if staging != r.cells[n-3] {
		r.details = append(r.details, "staging: "+staging)
	}
	if production != r.cells[n-2] {
		r.details = append(r.details, "production: "+production)
	}
	if expected != r.cells[n-1] {
		r.details = append(r.details, "expected: "+expected)
	}
	var meta []string
	if f.Arithmetic != "" {
		meta = append(meta, escapeControl(f.Arithmetic))
	}
	if f.Rule != "" {
		meta = append(meta, "rule "+escapeControl(f.Rule))
	}
	if f.Reason != "" {
		meta = append(meta, escapeControl(f.Reason))
	}
	if l := locationText(f.Location); l != "" {
		meta = append(meta, "at "+escapeControl(l))
	}
	if len(meta) > 0 {
		r.details = append(r.details, strings.Join(meta, "; "))
	}
	return r
}

func presence(present bool) string {
	if present {
		return "present"
	}
	return "absent"
}

// cut shortens s to maxValueWidth cells.
func cut(s string) string {
	if widths.StringWidth(s) <= maxValueWidth {
		return s
	}
	return widths.Truncate(s, maxValueWidth, "…")
}

// pad right-pads s with spaces to width terminal cells.
func pad(s string, width int) string {
	if n := width - widths.StringWidth(s); n > 0 {
		return s + strings.Repeat(" ", n)
	}
	return s
}

func parens(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}

func sourceText(s string) string {
	if s == "" {
		return "(unnamed)"
	}
	return escapeControl(s)
}

func hashText(s string) string {
	if s == "" {
		return "(none)"
	}
	return escapeControl(s)
}

// textWriter writes lines without trailing spaces and remembers the first
// error.
type textWriter struct {
	w     *bufio.Writer
	color bool
	err   error
}

func (t *textWriter) line(s string) {
	if t.err != nil {
		return
	}
	_, t.err = t.w.WriteString(strings.TrimRight(s, " ") + "\n")
}

// row writes aligned cells; colour, when set, paints cell colourCol.
func (t *textWriter) row(cells []string, width []int, colourCol int, colour string) {
	var b strings.Builder
	b.WriteString("  ")
	for i, c := range cells {
		if i > 0 {
			b.WriteString("  ")
		}
		padded := pad(c, width[i])
		if i == colourCol && colour != "" {
			padded = t.paint(colour, c) + padded[len(c):]
		}
		b.WriteString(padded)
	}
	t.line(b.String())
}

func (t *textWriter) paint(colour, s string) string {
	if !t.color || s == "" {
		return s
	}
	return colour + s + ansiReset
}
