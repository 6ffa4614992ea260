package report

import (
	"bufio"
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
	cells   [5]string // kind, path, staging, production, expected
	details []string
}

var textHeader = [5]string{"KIND", "PATH", "STAGING", "PRODUCTION", "EXPECTED"}

func renderText(w io.Writer, v *view) error {
	bw := bufio.NewWriter(w)
	t := &textWriter{w: bw, color: v.meta.Color}

	t.line(escapeControl(v.meta.ToolName) + ": staging " + sourceText(v.meta.StagingSource) +
		" vs production " + sourceText(v.meta.ProductionSource) + ", ratio " + ratioText(v.rep.Ratio))

	// Lay out every row first so that columns align across resources.
	rows := make([][]textRow, len(v.groups))
	var colWidth [5]int
	for i, s := range textHeader {
		colWidth[i] = widths.StringWidth(s)
	}
	for gi, g := range v.groups {
		for _, f := range g.findings {
			r := textFindingRow(f)
			for i, c := range r.cells {
				colWidth[i] = max(colWidth[i], widths.StringWidth(c))
			}
			rows[gi] = append(rows[gi], r)
		}
	}

	for gi, g := range v.groups {
		t.line("")
		title := escapeControl(displayAddress(g.address))
		var aka []string
		if g.stagingAddress != "" && g.stagingAddress != g.address {
			aka = append(aka, "staging "+escapeControl(g.stagingAddress))
		}
		if g.productionAddress != "" && g.productionAddress != g.address {
			aka = append(aka, "production "+escapeControl(g.productionAddress))
		}
		t.line(t.paint(ansiBold, title) + parens(strings.Join(aka, ", ")))
		t.row(textHeader, colWidth, "")
		for _, r := range rows[gi] {
			colour := ansiRed
			if !r.kind.IsDrift() {
				colour = ansiYellow
			}
			t.row(r.cells, colWidth, colour)
			indent := strings.Repeat(" ", 2+colWidth[0]+2)
			for _, d := range r.details {
				t.line(indent + d)
			}
		}
	}

	if len(v.ignored) > 0 {
		t.line("")
		t.line("Ignored (" + plural(len(v.ignored), "path") + "):")
		cells := make([][4]string, len(v.ignored))
		var iw [4]int
		for i, ig := range v.ignored {
			cells[i] = [4]string{
				escapeControl(displayAddress(ig.Address)), escapeControl(displayPath(ig.Path)),
				escapeControl(ig.Reason), escapeControl(parens(ig.Rule)),
			}
			for j, c := range cells[i] {
				iw[j] = max(iw[j], widths.StringWidth(c))
			}
		}
		for _, c := range cells {
			t.line("  " + pad(c[0], iw[0]) + "  " + pad(c[1], iw[1]) + "  " + pad(c[2], iw[2]) + " " + c[3])
		}
	}

	t.line("")
	t.line("Hashes:")
	t.line("  staging     " + hashText(v.rep.StagingHash))
	t.line("  production  " + hashText(v.rep.ProductionHash))

	t.line("")
	colour := ansiGreen
	switch {
	case v.drift > 0:
		colour = ansiRed
	case v.unknown > 0:
		colour = ansiYellow
	}
	t.line(t.paint(colour, v.verdict()))
	if t.err != nil {
		return t.err
	}
	return bw.Flush()
}

func textFindingRow(f parity.Finding) textRow {
	r := textRow{kind: f.Kind}
	staging, production, expected := displayValue(f.Staging), displayValue(f.Production), escapeControl(expectedText(f))
	if f.Kind == parity.FindingOnlyInStaging || f.Kind == parity.FindingOnlyInProduction {
		// A whole resource on one side: its "value" is its presence.
		staging, production = presence(f.Kind == parity.FindingOnlyInStaging), presence(f.Kind == parity.FindingOnlyInProduction)
	}
	r.cells = [5]string{
		escapeControl(string(f.Kind)), escapeControl(displayPath(f.Path)),
		cut(staging), cut(production), cut(expected),
	}
	if f.Message != "" {
		r.details = append(r.details, escapeControl(f.Message))
	}
	if staging != r.cells[2] {
		r.details = append(r.details, "staging: "+staging)
	}
	if production != r.cells[3] {
		r.details = append(r.details, "production: "+production)
	}
	if expected != r.cells[4] {
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

// row writes aligned cells; colour, when set, paints the first cell.
func (t *textWriter) row(cells [5]string, width [5]int, colour string) {
	var b strings.Builder
	b.WriteString("  ")
	for i, c := range cells {
		if i > 0 {
			b.WriteString("  ")
		}
		padded := pad(c, width[i])
		if i == 0 && colour != "" {
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
