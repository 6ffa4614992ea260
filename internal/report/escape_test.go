package report

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// hostile holds every kind of character a value, key or address may carry
// to fake output or drive a terminal.
const hostile = "a\nError: faked line\r\x1b[31mred\x1b]8;;https://x.invalid\x07link\x1b]8;;\x07" +
	"\x00nul\u009bcsi\u202egnp.exe\u2066iso\u2069\u200bzw\u2028ls\xffbad"

func hostileReport() *parity.Report {
	return &parity.Report{
		Findings: []parity.Finding{{
			Kind: parity.FindingConfigDrift, Address: `aws_s3_bucket.b["` + hostile + `"]`, ResourceType: "aws_s3_bucket",
			StagingAddress: "aws_s3_bucket.b" + hostile, ProductionAddress: "aws_s3_bucket.c" + hostile,
			Path: `tags["` + hostile + `"]`, Staging: hostile, Production: "p" + hostile,
			Rule: `ignore "` + hostile + `"`, Reason: hostile, Message: "tags differ: " + hostile,
			Location: &parity.Location{File: "main" + hostile + ".tf", Line: 3},
		}, {
			Kind: parity.FindingSizeRatio, Address: "aws_instance.web", Path: "instance_type",
			Staging: "t3.small", Production: "t3.xlarge", Expected: "t3.large" + hostile, Accepted: []string{hostile},
			Arithmetic: hostile, Message: hostile,
		}},
		Ignored: []parity.Ignored{
			{Address: hostile, Path: hostile, Rule: hostile, Reason: hostile},
			{Address: "aws_db_instance.main", Path: "password", Rule: parity.SecretByName.Rule(), Reason: "secret"},
		},
		Resources:   []parity.ResourceResult{{Address: hostile, Type: hostile, Findings: 1, Drift: true}},
		StagingHash: "sha256:" + hostile, ProductionHash: "sha256:00",
		Ratio: 0.5, Redact: parity.RedactSecrets,
	}
}

// rawControl matches what must never reach output raw: C0 controls but
// newline, DEL, C1, bidirectional and zero-width format characters, line
// and paragraph separators, and bytes that are not UTF-8.
var rawControl = regexp.MustCompile("[\x00-\x09\x0b-\x1f\x7f\u0080-\u009f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff]")

// TestEveryFormatEscapes renders a report whose every field carries
// hostile characters, in every format, and checks that none reaches the
// output raw and no line of it starts with a faked "Error:".
func TestEveryFormatEscapes(t *testing.T) {
	t.Parallel()
	for _, f := range Formats {
		for _, colour := range []bool{false, true} {
			var buf bytes.Buffer
			if err := Render(&buf, f, hostileReport(), Meta{StagingSource: "s" + hostile, ProductionSource: "p" + hostile, Color: colour}); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			out := buf.String()
			if colour && f == FormatText {
				// The text format's own colours are the only escapes allowed.
				out = regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAllString(out, "")
			}
			if loc := rawControl.FindStringIndex(out); loc != nil {
				t.Errorf("%s (colour %v): raw control %q at byte %d:\n%s", f, colour, out[loc[0]:loc[1]], loc[0], out)
			}
			if !bytes.Equal([]byte(out), []byte(strings.ToValidUTF8(out, "?"))) {
				t.Errorf("%s: output is not UTF-8", f)
			}
			for _, line := range strings.Split(out, "\n") {
				if strings.HasPrefix(strings.TrimLeft(line, " \t|>*-#"), "Error: faked") {
					t.Errorf("%s: a value starts a line of its own: %q", f, line)
				}
			}
		}
	}
}

// TestJSONEscapesDecodeToTheSameText: the escapes of the machine-readable
// formats are JSON escapes, so consumers read the original strings.
func TestJSONEscapesDecodeToTheSameText(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := Render(&buf, FormatJSON, hostileReport(), Meta{}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Findings []struct {
			Kind    string `json:"kind"`
			Staging string `json:"staging"`
		} `json:"findings"`
		Summary struct {
			SecretsNotCompared int `json:"secrets_not_compared"`
		} `json:"summary"`
		Redact string `json:"redact"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	// encoding/json reads the invalid byte as U+FFFD.
	got := ""
	for _, f := range doc.Findings {
		if f.Kind == "config_drift" {
			got = f.Staging
		}
	}
	if want := strings.ToValidUTF8(hostile, "\uFFFD"); got != want {
		t.Errorf("staging = %q, want %q", got, want)
	}
	if doc.Summary.SecretsNotCompared != 1 || doc.Redact != "secrets" {
		t.Errorf("summary %+v, redact %q", doc.Summary, doc.Redact)
	}
}

func TestVerdictCountsSecrets(t *testing.T) {
	t.Parallel()
	rep := &parity.Report{Ignored: []parity.Ignored{
		{Path: "a", Rule: parity.SecretByName.Rule()}, {Path: "b", Rule: parity.SecretByLook.Rule()},
		{Path: "c", Rule: parity.SecretByMark.Rule()}, {Path: "d", Rule: `ignore "d"`, Reason: "r"},
	}}
	for _, f := range []Format{FormatText, FormatMarkdown, FormatJUnit} {
		var buf bytes.Buffer
		if err := Render(&buf, f, rep, Meta{}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), "0 findings; 3 secret values not compared.") {
			t.Errorf("%s verdict does not count the secrets:\n%s", f, buf.String())
		}
	}
}
