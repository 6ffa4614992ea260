package report

import (
	"bufio"
	"io"
	"strconv"
	"strings"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// renderMarkdown writes GitHub-flavoured Markdown fit for a pull request
// comment: verdict heading, a count per kind, one collapsible table per
// resource, ignored paths and the hashes.
func renderMarkdown(w io.Writer, v *view) error {
	bw := bufio.NewWriter(w)
	p := func(lines ...string) {
		for _, l := range lines {
			bw.WriteString(l + "\n")
		}
	}

	p("### Parity: "+v.status(), "")
	p(mdText(v.verdict()), "")
	p("Staging "+mdCode(v.meta.StagingSource)+", production "+mdCode(v.meta.ProductionSource)+
		", ratio "+mdText(ratioText(v.rep.Ratio))+".", "")

	if len(v.findings) > 0 {
		p("| Finding | Count |", "| --- | ---: |")
		for _, kc := range v.countsByKind() {
			if kc.count > 0 {
				p("| " + mdCode(string(kc.kind)) + " | " + strconv.Itoa(kc.count) + " |")
			}
		}
		p("| **Total** | **"+strconv.Itoa(len(v.findings))+"** |", "")
	}

	for _, g := range v.groups {
		summary := "<code>" + htmlText(escapeControl(displayAddress(g.address))) + "</code>: " +
			plural(len(g.findings), "finding")
		open := ""
		for _, f := range g.findings {
			if v.failing(f.Kind) {
				open = " open"
				break
			}
		}
		p("<details"+open+"><summary>"+summary+"</summary>", "")
		var aka []string
		if g.stagingAddress != "" && g.stagingAddress != g.address {
			aka = append(aka, "staging "+mdCode(g.stagingAddress))
		}
		if g.productionAddress != "" && g.productionAddress != g.address {
			aka = append(aka, "production "+mdCode(g.productionAddress))
		}
		if len(aka) > 0 {
			p("Addresses: "+strings.Join(aka, ", ")+".", "")
		}
		p("| Kind | Path | Staging | Production | Expected | Details |",
			"| --- | --- | --- | --- | --- | --- |")
		for _, f := range g.findings {
			p("| " + strings.Join(mdFindingCells(f), " | ") + " |")
		}
		p("", "</details>", "")
	}

	if len(v.ignored) > 0 {
		p("<details><summary>Ignored: "+plural(len(v.ignored), "path")+"</summary>", "",
			"| Resource | Path | Reason | Rule |", "| --- | --- | --- | --- |")
		for _, ig := range v.ignored {
			p("| " + mdCode(displayAddress(ig.Address)) + " | " + mdCode(ig.Path) + " | " +
				mdText(ig.Reason) + " | " + mdText(ig.Rule) + " |")
		}
		p("", "</details>", "")
	}

	p("Hashes: staging " + mdCode(v.rep.StagingHash) + ", production " + mdCode(v.rep.ProductionHash) + ".")
	return bw.Flush()
}

func mdFindingCells(f parity.Finding) []string {
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
	return []string{
		mdCode(string(f.Kind)),
		mdCode(f.Path),
		staging,
		production,
		strings.Join(expected, " or "),
		strings.Join(details, "<br>"),
	}
}

// mdCode renders s as an inline code span that is safe inside a table cell:
// the fence is longer than any backtick run in s, control characters are
// escaped so the row stays on one line, and pipes are escaped (GFM removes
// the backslash of \| even inside code spans in tables, before the span is
// parsed). Empty values render as an em dash.
func mdCode(s string) string {
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
	return fence + strings.ReplaceAll(s, "|", `\|`) + fence
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
