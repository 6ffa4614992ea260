package provider

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// findingDiagnostics turns findings into diagnostics on the staging
// attribute (staging or staging_wo): errors under error enforcement,
// warnings under warn. Unknown findings are warnings at plan and not
// repeated at apply.
//
// Terraform folds warnings that share a summary into one ("and 257 more
// similar warnings elsewhere"), so each warning's summary names its
// resource and path, and with more than one finding a last warning sums
// them up: counts by kind and the attributes that differ most often.
func findingDiagnostics(rep *parity.Report, enforcement string, atPlan bool, stagingAttr string) diag.Diagnostics {
	var diags diag.Diagnostics
	at := path.Root(stagingAttr)
	seen := map[string]int{}
	shown := 0
	for _, f := range rep.Findings {
		summary, detail := findingText(f)
		switch {
		case f.Kind == parity.FindingUnknown:
			if atPlan {
				diags.AddAttributeWarning(at, distinctSummary(summary, f, seen), detail)
				shown++
			}
		case enforcement == enforcementError:
			diags.AddAttributeError(at, summary, detail)
			shown++
		default:
			diags.AddAttributeWarning(at, distinctSummary(summary, f, seen), detail)
			shown++
		}
	}
	if shown > 1 {
		// On the resource rather than on staging, whose whole expression
		// Terraform would quote again.
		diags.AddWarning("Parity Check Summary", summaryText(rep, enforcement, atPlan))
	}
	return diags
}

// maxSummaryWhere bounds the resource and path a warning's summary names.
const maxSummaryWhere = 120

// distinctSummary is a finding's summary followed by where it is, unique
// among the findings of one check.
func distinctSummary(summary string, f parity.Finding, seen map[string]int) string {
	where := strings.TrimSpace(f.Address + " " + f.Path)
	if where == "" {
		where = "the whole value"
	}
	s := summary + ": " + truncate(parity.EscapeText(where), maxSummaryWhere)
	seen[s]++
	if n := seen[s]; n > 1 {
		s += fmt.Sprintf(" (%d)", n)
	}
	return s
}

// truncate shortens s to at most n runes, marking the cut with "…".
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// Bounds of the summary warning, so that hundreds of findings make a
// summary of a few lines.
const (
	summaryTopPaths = 5
	summaryPathLen  = 80
)

// summaryText counts the findings by kind and names the attributes that
// differ most often.
func summaryText(rep *parity.Report, enforcement string, atPlan bool) string {
	counts := rep.Counts()
	var kinds []string
	for _, k := range parity.AllFindingKinds {
		if n := counts[k]; n > 0 && (k != parity.FindingUnknown || atPlan) {
			kinds = append(kinds, fmt.Sprintf("%d %s", n, k))
		}
	}
	resources := map[string]bool{}
	paths := map[string]int{}
	total := 0
	for _, f := range rep.Findings {
		if f.Kind == parity.FindingUnknown && !atPlan {
			continue
		}
		total++
		resources[f.Address] = true
		p := f.Path
		if p == "" {
			p = "(whole resource: " + string(f.Kind) + ")"
		}
		paths[p]++
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d findings", total)
	if len(rep.Resources) > 1 || len(resources) > 1 {
		fmt.Fprintf(&b, " in %d of %d resources", len(resources), max(len(rep.Resources), len(resources)))
	}
	fmt.Fprintf(&b, ": %s.", strings.Join(kinds, ", "))
	type pathCount struct {
		path string
		n    int
	}
	var top []pathCount
	for p, n := range paths {
		top = append(top, pathCount{p, n})
	}
	sort.Slice(top, func(i, j int) bool {
		if top[i].n != top[j].n {
			return top[i].n > top[j].n
		}
		return top[i].path < top[j].path
	})
	b.WriteString("\n\nMost frequent attributes:\n")
	for i, pc := range top {
		if i == summaryTopPaths {
			fmt.Fprintf(&b, "  … and %d more\n", len(top)-summaryTopPaths)
			break
		}
		fmt.Fprintf(&b, "  %4d  %s\n", pc.n, truncate(parity.EscapeText(pc.path), summaryPathLen))
	}
	if enforcement == enforcementWarn {
		b.WriteString("\nEach finding is reported above as a warning of its own; enforcement = \"warn\" lets the plan go on. " +
			"Set enforcement = \"error\" once they are fixed or accepted.")
	} else {
		b.WriteString("\nEach finding is reported above as an error of its own.")
	}
	return b.String()
}

// findingText writes a finding for a person reading a failed plan: what
// differs, both values, what was expected and how to accept the difference.
// The values are the finding's, masked and redacted by the engine; every
// piece of input (values, paths, addresses, rules) is escaped with
// parity.EscapeText, as reports escape it, so that none can start a line
// of its own (a faked "Error:"), drive a terminal or reorder the text. The
// rules it suggests come from parity.Hints, which only suggests rules that
// make the finding go.
func findingText(f parity.Finding) (summary, detail string) {
	esc := parity.EscapeText
	switch f.Kind {
	case parity.FindingSizeRatio:
		summary = "Size Ratio Not Respected"
	case parity.FindingSizeFamily:
		summary = "Size Family Mismatch"
	case parity.FindingOnlyInStaging:
		summary = "Resource Only In Staging"
	case parity.FindingOnlyInProduction:
		summary = "Resource Only In Production"
	case parity.FindingUnknown:
		summary = "Parity Check Deferred To Apply"
	default:
		summary = "Parity Drift Detected"
	}
	var b strings.Builder
	where := f.Path
	if f.Address != "" {
		where = f.Address
		if f.Path != "" {
			where += ": " + f.Path
		}
	}
	if where == "" {
		where = "(the whole value)"
	}
	fmt.Fprintf(&b, "%s\n\n", esc(f.Message))
	fmt.Fprintf(&b, "Where:      %s\n", esc(where))
	if f.Kind != parity.FindingOnlyInProduction {
		label := "Staging:"
		if f.Environment != "" {
			label = f.Environment + ":"
		}
		fmt.Fprintf(&b, "%-11s %s\n", label, esc(orAbsent(f.Staging)))
	}
	if f.Kind != parity.FindingOnlyInStaging {
		fmt.Fprintf(&b, "Production: %s\n", esc(orAbsent(f.Production)))
	}
	if f.Expected != "" {
		exp := f.Expected
		if len(f.Accepted) > 1 {
			exp = strings.Join(f.Accepted, " or ")
		}
		if f.Arithmetic != "" {
			exp += " (" + f.Arithmetic + ")"
		}
		fmt.Fprintf(&b, "Expected:   %s\n", esc(exp))
	}
	if f.Rule != "" {
		fmt.Fprintf(&b, "Rule:       %s\n", esc(f.Rule))
	}
	hints := map[string]string{}
	for _, h := range parity.Hints(f) {
		hints[h.Kind] = indent(esc2(h.Block))
	}
	switch {
	case f.Kind == parity.FindingUnknown:
		b.WriteString("\nThe value is checked again at apply, which fails if the environments have drifted.")
	case hints["only_in"] != "":
		fmt.Fprintf(&b, "\nCreate the resource in the other environment too, or, if only this one should have it, "+
			"declare it with a reason (in this parity_check or the rules it reads):\n%s", hints["only_in"])
	case f.Kind == parity.FindingSizeRatio && hints["size"] != "":
		fmt.Fprintf(&b, "\nResize staging to the expected size, or give this path a ratio staging's size fits:\n%s\n"+
			"or, if the difference is intended, ignore it with a reason:\n%s", hints["size"], hints["ignore"])
	case f.Kind == parity.FindingSizeRatio && hints["ignore"] != "":
		fmt.Fprintf(&b, "\nResize staging to the expected size, or, if the difference is intended, ignore it with a reason:\n%s", hints["ignore"])
	case f.Kind == parity.FindingSizeFamily && hints["ignore"] != "":
		fmt.Fprintf(&b, "\nUse a size of the production family in staging, or, if the difference is intended, "+
			"ignore it with a reason:\n%s", hints["ignore"])
	case f.Kind == parity.FindingConfigDrift && hints["size"] != "":
		fmt.Fprintf(&b, "\nMake the environments match, or, if this number is a capacity that scales with the "+
			"environment, declare it a size:\n%s\nor, if the difference is intended, ignore it with a reason:\n%s", hints["size"], hints["ignore"])
	case hints["ignore"] != "":
		fmt.Fprintf(&b, "\nMake the environments match, or, if the difference is intended, ignore it with a reason:\n%s", hints["ignore"])
	default:
		// Scalar sides: the whole value differs, and there is no path to
		// ignore.
		b.WriteString("\nMake the environments match.")
	}
	return summary, b.String()
}

// esc2 escapes each line of a hint block, keeping its line breaks.
func esc2(block string) string { return escapeLines(block) }

// indent indents every line of a block by two spaces.
func indent(block string) string {
	return "  " + strings.ReplaceAll(block, "\n", "\n  ")
}

// unusedRuleDiagnostics reports the rules that changed nothing, as
// unused_rules says: each at the attribute it was written in (its block,
// its rules value or the rules file), with a summary that names it so that
// Terraform does not fold them.
func unusedRuleDiagnostics(rep *parity.Report, setting string, origins map[string]path.Path) diag.Diagnostics {
	var diags diag.Diagnostics
	if setting == unusedIgnore {
		return diags
	}
	for _, u := range rep.Unused() {
		summary := "Unused Parity Rule: " + truncate(parity.EscapeText(u.Rule), maxSummaryWhere)
		var b strings.Builder
		name := parity.EscapeText(u.Rule)
		if where := u.Where(); where != "" {
			name += " (" + parity.EscapeText(where) + ")"
		}
		switch {
		case u.OverriddenBy != "":
			fmt.Fprintf(&b, "%s matches %d path(s), but %s decides each of them (a more specific rule, or one "+
				"declared first), so this rule changes nothing.", name, u.Matched, parity.EscapeText(u.OverriddenBy))
		case u.Kind == "only_in":
			fmt.Fprintf(&b, "%s matches no resource that exists in that environment only, so it changes nothing. "+
				"Check the address against the resources that are reported, or remove the rule.", name)
		case u.Kind == "module_pair":
			fmt.Fprintf(&b, "%s matches no staging address, so it changes nothing. Check the module path, or remove the rule.", name)
		default:
			fmt.Fprintf(&b, "%s matches no attribute of the compared environments, so it changes nothing: often a "+
				"typo in the pattern, or an attribute renamed. Fix the pattern, or remove the rule. A resource present in "+
				"one environment only is declared with an only_in rule, not an ignore.", name)
		}
		b.WriteString(" Set unused_rules = \"ignore\" to allow rules that match nothing, or \"error\" to fail the plan on them.")
		at, ok := origins[u.Origin]
		switch {
		case setting == unusedError && ok:
			diags.AddAttributeError(at, summary, b.String())
		case setting == unusedError:
			diags.AddError(summary, b.String())
		case ok:
			diags.AddAttributeWarning(at, summary, b.String())
		default:
			diags.AddWarning(summary, b.String())
		}
	}
	return diags
}

// escapeLines escapes each line of a multi-line message from a sibling
// package (one problem per line) with parity.EscapeText, keeping the line
// breaks the message is made of.
func escapeLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = parity.EscapeText(l)
	}
	return strings.Join(lines, "\n")
}

func orAbsent(s string) string {
	if s == "" {
		return "(absent)"
	}
	return s
}
