package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// The markdown format is a pull request comment: the verdict, a summary
// of what drifts (the environment matrix, counts by kind, the attributes
// that drift most often, the resource types), then the findings in
// collapsed <details> sections, the ignored paths and the hashes. It is
// kept under a byte budget (Meta.MaxBytes): what does not fit is left out
// whole — a section's rows from the end, then whole sections, then the
// ignored paths — and one line says how many findings are left out and
// where to find them. The summary comes first so that it is never what is
// left out.

// maxMarkdownAttributes and maxMarkdownTypes bound the summary lists.
const (
	maxMarkdownAttributes = 10
	maxMarkdownTypes      = 10
)

// maxOpenMarkdownFindings is the largest report whose failing sections are
// shown open: a small report reads in full, a big one from its summary,
// with the details collapsed.
const maxOpenMarkdownFindings = 10

// mdBudget appends blocks of markdown while they fit.
type mdBudget struct {
	b     strings.Builder
	limit int // bytes left for blocks; negative: no bound
}

func (m *mdBudget) fits(n int) bool { return m.limit < 0 || m.b.Len()+n <= m.limit }

// add appends s when it fits and reports whether it did.
func (m *mdBudget) add(s string) bool {
	if !m.fits(len(s)) {
		return false
	}
	m.b.WriteString(s)
	return true
}

func renderMarkdown(w io.Writer, v *view) error {
	// The whole report when it fits; else the budget, with room kept for
	// the line saying what is left out.
	out, err := markdownWithin(v, -1)
	if err == nil && v.meta.MaxBytes > 0 && len(out) > v.meta.MaxBytes {
		out, err = markdownWithin(v, v.meta.MaxBytes)
	}
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, out)
	return err
}

// markdownWithin renders the report in at most maxBytes bytes (no bound
// when negative).
func markdownWithin(v *view, maxBytes int) (string, error) {
	head := "### Parity: " + v.status() + "\n\n" + mdText(v.verdict()) + "\n\n"
	footer := mdHashes(v)
	// The line saying what was left out is reserved at its longest, with
	// the largest counts it can name.
	reserve := len(footer) + len(mdOmitted(v, len(v.findings), len(v.ignored)))
	m := &mdBudget{limit: -1}
	if maxBytes > 0 {
		m.limit = maxBytes - reserve
		if m.limit < len(head) {
			return "", fmt.Errorf("a markdown report needs at least %d bytes (the verdict, the hashes and a line naming what is left out); the limit is %d", len(head)+reserve, maxBytes)
		}
	}
	m.add(head)
	if v.multi() {
		m.add("Production " + mdInlineCode(v.meta.ProductionSource) + ".\n\n")
		m.add(mdMatrix(v))
	} else {
		m.add("Staging " + mdInlineCode(v.meta.StagingSource) + ", production " + mdInlineCode(v.meta.ProductionSource) +
			", ratio " + mdText(ratioText(v.rep.Ratio)) + ".\n\n")
	}
	if len(v.findings) > 0 {
		m.add(mdKinds(v))
		m.add(mdAttributes(v))
		m.add(mdTypes(v))
	}

	shown := 0
	sections := v.sections()
	if len(sections) > 0 {
		title := "#### Findings by " + v.meta.GroupBy + "\n\n"
		if m.fits(len(title) + 200) {
			m.add(title)
			shown = mdSections(m, v, sections)
		}
	}

	ignoredShown := 0
	if len(v.ignored) > 0 {
		ignoredShown = mdIgnored(m, v)
	}
	var out strings.Builder
	out.WriteString(m.b.String())
	if shown < len(v.findings) || ignoredShown < len(v.ignored) {
		out.WriteString(mdOmitted(v, len(v.findings)-shown, len(v.ignored)-ignoredShown))
	}
	out.WriteString(footer)
	return out.String(), nil
}

// mdOmitted is the line saying what the budget left out.
func mdOmitted(v *view, findings, ignored int) string {
	var parts []string
	if findings > 0 {
		parts = append(parts, "**"+strconv.Itoa(findings)+" more "+pluralWord(findings, "finding")+"**")
	}
	if ignored > 0 {
		parts = append(parts, strconv.Itoa(ignored)+" ignored "+pluralWord(ignored, "path"))
	}
	if len(parts) == 0 {
		// The reserve: the longest this line can be.
		parts = []string{"**" + strconv.Itoa(len(v.findings)) + " more findings**", strconv.Itoa(len(v.ignored)) + " ignored paths"}
	}
	return "> " + strings.Join(parts, " and ") + " not shown: this comment is limited to " +
		strconv.Itoa(max(v.meta.MaxBytes, 0)) + " bytes. See the artifact: the full report in another format (`--format json`, `--format text`).\n\n"
}

func mdHashes(v *view) string {
	if !v.multi() {
		return "Hashes: staging " + mdInlineCode(v.rep.StagingHash) + ", production " + mdInlineCode(v.rep.ProductionHash) + ".\n"
	}
	var parts []string
	for _, e := range v.envs {
		parts = append(parts, mdText(e.Name)+" "+mdInlineCode(e.Hash))
	}
	parts = append(parts, "production "+mdInlineCode(v.rep.ProductionHash))
	return "Hashes: " + strings.Join(parts, ", ") + ".\n"
}

// mdMatrix is the environment matrix: one row per environment.
func mdMatrix(v *view) string {
	var b strings.Builder
	b.WriteString("| Environment | Ratio | Result | Findings | Source |\n| --- | ---: | --- | --- | --- |\n")
	for _, e := range v.envs {
		result := v.envStatus(e)
		if v.envFailed(e.Name) {
			result = "**" + result + "**"
		}
		b.WriteString("| " + mdText(e.Name) + " | " + mdText(ratioText(e.Ratio)) + " | " + result + " | " +
			mdText(envCounts(e)) + " | " + mdCode(v.envSource(e.Name)) + " |\n")
	}
	b.WriteString("\n")
	return b.String()
}

func mdKinds(v *view) string {
	var b strings.Builder
	b.WriteString("| Finding | Count |\n| --- | ---: |\n")
	for _, kc := range v.countsByKind() {
		if kc.count > 0 {
			b.WriteString("| " + mdCode(string(kc.kind)) + " | " + strconv.Itoa(kc.count) + " |\n")
		}
	}
	b.WriteString("| **Total** | **" + strconv.Itoa(len(v.findings)) + "** |\n\n")
	return b.String()
}

// mdAttributes lists the attributes that drift in the most resources.
func mdAttributes(v *view) string {
	var b strings.Builder
	b.WriteString("**Most frequent**\n\n")
	for i, a := range v.summary.attrs {
		if i == maxMarkdownAttributes {
			b.WriteString("- … and " + strconv.Itoa(len(v.summary.attrs)-i) + " more\n")
			break
		}
		b.WriteString("- " + a.sentence(v, mdInlineCode, mdText) + "\n")
	}
	b.WriteString("\n")
	return b.String()
}

func mdTypes(v *view) string {
	var b strings.Builder
	b.WriteString("| Resource type | Findings | Resources |\n| --- | ---: | ---: |\n")
	for i, t := range v.summary.types {
		if i == maxMarkdownTypes {
			b.WriteString("| … " + strconv.Itoa(len(v.summary.types)-i) + " more | | |\n")
			break
		}
		b.WriteString("| " + mdCode(t.resourceType) + " | " + strconv.Itoa(t.findings) + " | " + strconv.Itoa(t.resources) + " |\n")
	}
	b.WriteString("\n")
	return b.String()
}

// mdSections adds the sections and returns how many findings they show.
// When not all fit, rows are shared out one at a time, section after
// section: every section shows its first findings before any shows more,
// so a comment cut short still names every attribute (or resource) that
// drifts, with examples.
func mdSections(m *mdBudget, v *view, sections []section) int {
	const closing = "\n</details>\n\n"
	rows := make([][]string, len(sections))
	full := 0
	for i, s := range sections {
		rows[i] = make([]string, len(s.findings))
		for j, f := range s.findings {
			rows[i][j] = "| " + strings.Join(mdFindingCells(v, f), " | ") + " |\n"
			full += len(rows[i][j])
		}
		full += len(mdSectionOpen(v, s, len(s.findings))) + len(closing)
	}
	alloc := make([]int, len(sections))
	if m.fits(full) {
		for i := range sections {
			alloc[i] = len(rows[i])
		}
	} else {
		left := m.limit - m.b.Len()
		stuck := make([]bool, len(sections))
		for progress := true; progress; {
			progress = false
			for i := range sections {
				if stuck[i] || alloc[i] == len(rows[i]) {
					continue
				}
				cost := len(rows[i][alloc[i]])
				if alloc[i] == 0 {
					// The heading at its longest: "k shown" with k < n.
					cost += len(mdSectionOpen(v, sections[i], len(rows[i])-1)) + len(closing)
				}
				if cost > left {
					stuck[i] = true
					continue
				}
				alloc[i]++
				left -= cost
				progress = true
			}
		}
	}
	shown := 0
	for i, s := range sections {
		if alloc[i] == 0 {
			continue
		}
		if m.add(mdSectionOpen(v, s, alloc[i]) + strings.Join(rows[i][:alloc[i]], "") + closing) {
			shown += alloc[i]
		}
	}
	return shown
}

// mdSectionOpen is a section's <details> heading and table header, saying
// how many of its findings are shown when not all are.
func mdSectionOpen(v *view, s section, shown int) string {
	// <summary> holds HTML, not markdown: the code span is a tag.
	title := "<code>" + htmlText(escapeControl(s.displayTitle())) + "</code>"
	if s.byAttr && s.title == "" {
		title = htmlText(s.displayTitle())
	}
	heading := s.heading()
	if shown < len(s.findings) {
		heading += ", " + strconv.Itoa(shown) + " shown"
	}
	attr := ""
	if s.failing && len(v.findings) <= maxOpenMarkdownFindings {
		attr = " open"
	}
	var b strings.Builder
	b.WriteString("<details" + attr + "><summary>" + title + ": " + htmlText(heading) + "</summary>\n\n")
	if len(s.aka) > 0 {
		var aka []string
		for _, a := range s.aka {
			side, addr, _ := strings.Cut(a, " ")
			aka = append(aka, side+" "+mdInlineCode(addr))
		}
		b.WriteString("Addresses: " + strings.Join(aka, ", ") + ".\n\n")
	}
	b.WriteString(mdTableHeader(v))
	return b.String()
}

func mdTableHeader(v *view) string {
	second := "Path"
	if v.meta.GroupBy == GroupByAttribute {
		second = "Resource"
	}
	if v.multi() {
		return "| Environment | Kind | " + second + " | Staging | Production | Expected | Details |\n| --- | --- | --- | --- | --- | --- | --- |\n"
	}
	return "| Kind | " + second + " | Staging | Production | Expected | Details |\n| --- | --- | --- | --- | --- | --- |\n"
}

// mdIgnored adds the ignored paths, as many as fit, and returns how many.
func mdIgnored(m *mdBudget, v *view) int {
	rows := make([]string, len(v.ignored))
	for i, ig := range v.ignored {
		env := ""
		if v.multi() {
			env = mdText(ig.Environment) + " | "
		}
		rows[i] = "| " + env + mdCode(displayAddress(ig.Address)) + " | " + mdCode(ig.Path) + " | " +
			mdText(ig.Reason) + " | " + mdText(ig.Rule) + " |\n"
	}
	header := "| Resource | Path | Reason | Rule |\n| --- | --- | --- | --- |\n"
	if v.multi() {
		header = "| Environment | Resource | Path | Reason | Rule |\n| --- | --- | --- | --- | --- |\n"
	}
	open := func(n int) string {
		shown := ""
		if n < len(rows) {
			shown = ", " + strconv.Itoa(n) + " shown"
		}
		return "<details><summary>Ignored: " + plural(len(v.ignored), "path") + shown + "</summary>\n\n" + header
	}
	const closing = "\n</details>\n\n"
	size := len(open(len(rows))) + len(closing)
	for _, r := range rows {
		size += len(r)
	}
	n := len(rows)
	if !m.fits(size) {
		size = len(open(len(rows)-1)) + len(closing) // "k shown" at its longest
		n = 0
		for n < len(rows) && m.fits(size+len(rows[n])) {
			size += len(rows[n])
			n++
		}
		if n == 0 {
			return 0
		}
	}
	if !m.add(open(n) + strings.Join(rows[:n], "") + closing) {
		return 0
	}
	return n
}

func mdFindingCells(v *view, f parity.Finding) []string {
	staging, production := mdCode(f.Staging), mdCode(f.Production)
	if f.Kind == parity.FindingOnlyInStaging || f.Kind == parity.FindingOnlyInProduction {
		staging, production = presence(f.Kind == parity.FindingOnlyInStaging), presence(f.Kind == parity.FindingOnlyInProduction)
	}
	var expected []string
	if len(f.Accepted) > 1 {
		for _, a := range f.Accepted {
			expected = append(expected, mdCode(a))
		}
	} else if f.Expected != "" {
		expected = append(expected, mdCode(f.Expected))
	}
	var details []string
	if f.Message != "" {
		details = append(details, mdText(strings.TrimSpace(f.Message)))
	}
	if f.Arithmetic != "" {
		details = append(details, mdCode(f.Arithmetic))
	}
	if f.Rule != "" {
		details = append(details, "rule "+mdCode(f.Rule))
	}
	if l := locationText(f.Location); l != "" {
		details = append(details, "at "+mdCode(l))
	}
	subject := mdCode(f.Path)
	if v.meta.GroupBy == GroupByAttribute {
		subject = mdCode(rowSubject(f))
	}
	cells := []string{
		mdCode(string(f.Kind)),
		subject,
		staging,
		production,
		strings.Join(expected, " or "),
		strings.Join(details, "<br>"),
	}
	if v.multi() {
		cells = append([]string{mdText(f.Environment)}, cells...)
	}
	return cells
}

// mdCode renders s as an inline code span that is safe inside a table cell:
// the fence is longer than any backtick run in s, control characters are
// escaped so the row stays on one line, and pipes are escaped (GFM removes
// the backslash of \| even inside code spans in tables, before the span is
// parsed). Empty values render as an em dash.
func mdCode(s string) string { return codeSpan(s, true) }

// mdInlineCode is mdCode for prose outside tables, where a backslash before
// a pipe would be shown.
func mdInlineCode(s string) string { return codeSpan(s, false) }

func codeSpan(s string, inTable bool) string {
	if s == "" {
		return "—"
	}
	s = escapeControl(s)
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	// A space pads content that starts or ends with a backtick (or with
	// spaces on both ends, which CommonMark would otherwise strip).
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") ||
		(strings.HasPrefix(s, " ") && strings.HasSuffix(s, " ") && strings.Trim(s, " ") != "") {
		s = " " + s + " "
	}
	if inTable {
		s = strings.ReplaceAll(s, "|", `\|`)
	}
	return fence + s + fence
}

// mdText escapes prose so that no character in it is read as Markdown or
// HTML (emphasis, links, tags, entities, strikethrough, math), and no
// mention is created. Prose never starts a line here, so block markers such
// as # and - need no escape.
func mdText(s string) string {
	s = escapeControl(s)
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '~', '&', '@', '$':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// htmlText escapes text for HTML element content.
var htmlText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace
