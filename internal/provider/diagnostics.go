package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// findingDiagnostics turns findings into diagnostics on the staging
// attribute (staging or staging_wo): errors under error enforcement,
// warnings under warn. Unknown findings are warnings at plan and not
// repeated at apply.
func findingDiagnostics(rep *parity.Report, enforcement string, atPlan bool, stagingAttr string) diag.Diagnostics {
	var diags diag.Diagnostics
	at := path.Root(stagingAttr)
	for _, f := range rep.Findings {
		summary, detail := findingText(f)
		switch {
		case f.Kind == parity.FindingUnknown:
			if atPlan {
				diags.AddAttributeWarning(at, summary, detail)
			}
		case enforcement == enforcementError:
			diags.AddAttributeError(at, summary, detail)
		default:
			diags.AddAttributeWarning(at, summary, detail)
		}
	}
	return diags
}

// findingText writes a finding for a person reading a failed plan: what
// differs, both values, what was expected and how to accept the difference.
// The values are the finding's, masked and redacted by the engine; every
// piece of input (values, paths, addresses, rules) is escaped with
// parity.EscapeText, as reports escape it, so that none can start a line
// of its own (a faked "Error:"), drive a terminal or reorder the text.
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
		fmt.Fprintf(&b, "Staging:    %s\n", esc(orAbsent(f.Staging)))
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
	pattern := f.Path
	if pattern == "" {
		pattern = f.Address
	} else if f.ResourceType != "" {
		pattern = f.ResourceType + ".*." + f.Path
	}
	switch {
	case f.Kind == parity.FindingUnknown:
		b.WriteString("\nThe value is checked again at apply, which fails if the environments have drifted.")
	case f.Kind == parity.FindingSizeRatio:
		fmt.Fprintf(&b, "\nResize staging to the expected size, or give this path its own ratio or rounding "+
			"(nearest, up, down or either) with a size block:\n"+
			"  size {\n    pattern  = %q\n    ratio    = 0.25\n    rounding = \"up\"\n  }\n"+
			"or, if the difference is intended, ignore it with a reason:\n"+
			"  ignore {\n    pattern = %q\n    reason  = \"why staging differs\"\n  }", pattern, pattern)
	case f.Kind == parity.FindingSizeFamily:
		fmt.Fprintf(&b, "\nUse a size of the production family in staging, or, if the difference is intended, "+
			"ignore it with a reason:\n"+
			"  ignore {\n    pattern = %q\n    reason  = \"why staging differs\"\n  }", pattern)
	case pattern == "":
		// Scalar sides: the whole value differs, and there is no path to
		// ignore.
		b.WriteString("\nMake the environments match.")
	default:
		fmt.Fprintf(&b, "\nMake the environments match, or, if the difference is intended, ignore it with a reason:\n"+
			"  ignore {\n    pattern = %q\n    reason  = \"why staging differs\"\n  }", pattern)
	}
	return summary, b.String()
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
