package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// TestFindingTextEscapes gives a finding hostile text in every field and
// checks that the diagnostic neither carries a raw control character nor
// lets a value start a line of its own, such as a faked "Error:".
func TestFindingTextEscapes(t *testing.T) {
	t.Parallel()
	const hostile = "x\nError: faked\r\x1b[2J\x1b]8;;https://x.invalid\x07\x00\u009b\u202egnp\u2066\u2069\u2028\xff"
	rawControl := regexp.MustCompile("[\x00-\x09\x0b-\x1f\x7f\u0080-\u009f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069]")
	for _, kind := range parity.AllFindingKinds {
		f := parity.Finding{
			Kind: kind, Address: `aws_s3_bucket.b["` + hostile + `"]`, ResourceType: "aws_s3_bucket",
			Path: `tags["` + hostile + `"]`, Staging: hostile, Production: hostile, Expected: hostile,
			Accepted: []string{hostile, hostile}, Arithmetic: hostile, Rule: hostile, Message: hostile,
		}
		summary, detail := findingText(f)
		for _, text := range []string{summary, detail} {
			if loc := rawControl.FindStringIndex(text); loc != nil {
				t.Errorf("%s: raw control %q in:\n%s", kind, text[loc[0]:loc[1]], text)
			}
			if !utf8.ValidString(text) {
				t.Errorf("%s: invalid UTF-8 passed through", kind)
			}
			for _, line := range strings.Split(text, "\n") {
				if strings.HasPrefix(strings.TrimSpace(line), "Error: faked") {
					t.Errorf("%s: a value starts a line: %q", kind, line)
				}
			}
		}
	}
}

func TestEscapeLinesKeepsLineBreaks(t *testing.T) {
	t.Parallel()
	got := escapeLines("line 2: bad \x1b[31m\nline 3: \u202eok")
	if want := "line 2: bad \\x1b[31m\nline 3: \\u202eok"; got != want {
		t.Errorf("escapeLines = %q, want %q", got, want)
	}
}

// TestWarnSummariesDistinct: under warn enforcement every finding has a
// summary of its own (Terraform folds equal ones), escaped and bounded, and
// one summary warning counts them.
func TestWarnSummariesDistinct(t *testing.T) {
	t.Parallel()
	const hostile = "x\nWarning: faked\x1b[2J"
	rep := &parity.Report{}
	for i := range 300 {
		rep.Findings = append(rep.Findings, parity.Finding{Kind: parity.FindingConfigDrift, Address: "aws_instance.web", Path: fmt.Sprintf("tags.k%d", i%150)})
	}
	rep.Findings = append(rep.Findings,
		parity.Finding{Kind: parity.FindingConfigDrift, Address: "aws_instance.web", Path: hostile},
		parity.Finding{Kind: parity.FindingOnlyInProduction, Address: "aws_waf." + strings.Repeat("long", 100)},
	)
	diags := findingDiagnostics(rep, enforcementWarn, true, "staging")
	seen := map[string]bool{}
	var summary string
	for _, d := range diags {
		if seen[d.Summary()] {
			t.Errorf("summary %q is repeated", d.Summary())
		}
		seen[d.Summary()] = true
		if strings.ContainsAny(d.Summary(), "\n\x1b") || len([]rune(d.Summary())) > 160 {
			t.Errorf("summary not escaped or too long: %q", d.Summary())
		}
		if d.Summary() == "Parity Check Summary" {
			summary = d.Detail()
		}
	}
	if len(diags) != len(rep.Findings)+1 {
		t.Errorf("want %d diagnostics, got %d", len(rep.Findings)+1, len(diags))
	}
	if !strings.Contains(summary, "302 findings in 2 of 2 resources: 301 config_drift, 1 only_in_production.") || !strings.Contains(summary, "… and 147 more") {
		t.Errorf("summary:\n%s", summary)
	}
	if len(summary) > 1000 || strings.Contains(summary, "\nWarning: faked") {
		t.Errorf("summary unbounded or unescaped (%d bytes):\n%s", len(summary), summary)
	}
	if !seen["Parity Drift Detected: aws_instance.web tags.k0 (2)"] {
		t.Errorf("want a numbered second summary for a repeated path; got %v", seen)
	}
}

func TestUnusedRuleDiagnostics(t *testing.T) {
	t.Parallel()
	rep := &parity.Report{Rules: []parity.RuleUse{
		{Kind: "ignore", Rule: `ignore "used"`, Matched: 1, Decided: 1},
		{Kind: "ignore", Rule: `ignore "x\nError: faked"`, Origin: "ignore[1]"},
		{Kind: "size", Rule: `size "a.*"`, Origin: "rules[0]", Source: &parity.Location{File: "modules/app/parity.hcl", Line: 4}, Matched: 3, OverriddenBy: `ignore "a.b"`},
		{Kind: "only_in", Rule: `only_in "production" "aws_waf.x"`, Origin: "only_in[0]"},
	}}
	origins := map[string]path.Path{"ignore[1]": path.Root("ignore").AtListIndex(1), "rules[0]": path.Root("rules").AtListIndex(0), "only_in[0]": path.Root("only_in").AtListIndex(0)}
	if d := unusedRuleDiagnostics(rep, unusedIgnore, origins); len(d) != 0 {
		t.Errorf("ignore: got %d diagnostics", len(d))
	}
	warn := unusedRuleDiagnostics(rep, unusedWarn, origins)
	if len(warn) != 3 || warn.HasError() {
		t.Fatalf("want three warnings, got %v", warn)
	}
	wantPaths := []string{"ignore[1]", "rules[0]", "only_in[0]"}
	for i, d := range warn {
		dp, ok := d.(diag.DiagnosticWithPath)
		if !ok || dp.Path().String() != wantPaths[i] {
			t.Errorf("diagnostic %d at %v, want %s", i, d, wantPaths[i])
		}
		if strings.Contains(d.Summary()+d.Detail(), "\nError: faked") {
			t.Errorf("unescaped: %q", d.Summary()+d.Detail())
		}
	}
	if !strings.Contains(warn[1].Detail(), `size "a.*" (rules[0], modules/app/parity.hcl:4) matches 3 path(s), but ignore "a.b" decides each of them`) {
		t.Errorf("overridden detail: %s", warn[1].Detail())
	}
	if errs := unusedRuleDiagnostics(rep, unusedError, origins); !errs.HasError() || errs.ErrorsCount() != 3 {
		t.Errorf("error: want three errors, got %v", errs)
	}
}
