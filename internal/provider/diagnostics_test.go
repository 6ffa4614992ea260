package provider

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

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
