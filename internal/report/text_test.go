package report

import (
	"strings"
	"testing"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

func TestTextColumnsAlignByDisplayWidth(t *testing.T) {
	t.Parallel()
	rep := &parity.Report{
		Findings: []parity.Finding{
			{Kind: parity.FindingConfigDrift, Address: "kubernetes_config_map.app", Path: `data["名前"]`, Staging: "東京", Production: "大阪"},
			{Kind: parity.FindingConfigDrift, Address: "kubernetes_config_map.app", Path: `data["region"]`, Staging: "eu-west-1", Production: "eu-central-1"},
			{Kind: parity.FindingUnknown, Address: "kubernetes_config_map.b", Path: "x", Staging: "(unknown)", Production: "1"},
		},
	}
	out := render(t, FormatText, rep, Meta{})
	// Every table line (header and rows) puts STAGING and PRODUCTION at the
	// same display column.
	var columns []int
	for _, line := range strings.Split(out, "\n") {
		for _, marker := range []string{"STAGING", "東京", "eu-west-1", "(unknown)"} {
			if i := strings.Index(line, marker); i >= 0 {
				columns = append(columns, widths.StringWidth(line[:i]))
			}
		}
	}
	// One section per attribute: three headers and three rows.
	if len(columns) != 6 {
		t.Fatalf("found %d table lines, want 6:\n%s", len(columns), out)
	}
	for _, c := range columns[1:] {
		if c != columns[0] {
			t.Errorf("staging column starts at cells %v, want one column:\n%s", columns, out)
			break
		}
	}
}

func TestTextColour(t *testing.T) {
	t.Parallel()
	for _, f := range Formats {
		if out := render(t, f, sampleReport(), sampleMeta); strings.Contains(out, "\x1b") {
			t.Errorf("%s output has an escape sequence without Meta.Color", f)
		}
	}
	meta := sampleMeta
	meta.Color = true
	out := render(t, FormatText, sampleReport(), meta)
	for _, want := range []string{ansiRed + "config_drift" + ansiReset, ansiYellow + "unknown" + ansiReset, ansiRed + "Drift: "} {
		if !strings.Contains(out, want) {
			t.Errorf("colour text lacks %q", want)
		}
	}
	if out := render(t, FormatText, parityReport(), meta); !strings.Contains(out, ansiGreen+"In parity") {
		t.Error("in-parity verdict is not green")
	}
	for _, f := range []Format{FormatJSON, FormatSARIF, FormatJUnit, FormatMarkdown} {
		if out := render(t, f, sampleReport(), meta); strings.Contains(out, "\x1b") {
			t.Errorf("%s output has an escape sequence: Meta.Color is for text only", f)
		}
	}
}

func TestControlCharactersAreEscaped(t *testing.T) {
	t.Parallel()
	rep := &parity.Report{Findings: []parity.Finding{{
		Kind: parity.FindingConfigDrift, Address: "a.b", Path: "p",
		Staging: "\x1b[2J\x1b]0;pwned\x07", Production: "line1\nline2\u202e", Message: "m\r\x1b[1A",
	}}}
	// JSON carries values exactly (escaped as JSON requires); formats meant
	// for display escape them.
	for _, f := range []Format{FormatText, FormatMarkdown, FormatJUnit, FormatGitHub} {
		out := render(t, f, rep, Meta{})
		if strings.ContainsAny(out, "\x1b\x07\r\u202e") {
			t.Errorf("%s output carries a raw control character: %q", f, out)
		}
		if f == FormatText || f == FormatMarkdown || f == FormatGitHub {
			if !strings.Contains(out, `\x1b[2J`) || !strings.Contains(out, `line1\nline2\u202e`) {
				t.Errorf("%s output does not show the escaped values: %s", f, out)
			}
		}
	}
	if got := decodeSARIF(t, rep, Meta{}).Runs[0].Results[0].Message.Text; got != `m\r\x1b[1A` {
		t.Errorf("SARIF message %q, want control characters escaped", got)
	}
}

func TestTextLongValues(t *testing.T) {
	t.Parallel()
	long := `{"rules":[{"from":0,"to":65535,"protocol":"tcp","cidr":"10.0.0.0/8"}]}`
	rep := &parity.Report{Findings: []parity.Finding{{
		Kind: parity.FindingConfigDrift, Address: "a.b", Path: "ingress", Staging: long, Production: "[]",
	}}}
	out := render(t, FormatText, rep, Meta{})
	if !strings.Contains(out, "staging: "+long+"\n") {
		t.Errorf("long value not shown whole on a detail line:\n%s", out)
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "ingress") && widths.StringWidth(line) > 2+len("config_drift")+2+len("ingress")+2+maxValueWidth+2+len("PRODUCTION") {
			t.Errorf("table row is not capped: %q", line)
		}
	}
}
