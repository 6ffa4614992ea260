package rulesfile_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/envparity/terraform-provider-parity/internal/rulesfile"
)

// FuzzParse checks that no input panics and that every error points at a
// place in the file, so that users always get file:line.
func FuzzParse(f *testing.F) {
	sample, err := os.ReadFile(filepath.Join("testdata", "parity.hcl"))
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{
		string(sample),
		"",
		"ratio = 0.5",
		"ratio = var.x",
		"ratio = max(1, 2)",
		"ratio = [for x in [1] : x]",
		`size "a..b" {}`,
		`size "a[\"k\"].**" { rounding = "up" }`,
		"size {}",
		`ignore "x" {}`,
		`secret "x" { compare = "value" }`,
		"environment_tokens {\n staging = [\"a\", null]\n}",
		"environment_tokens {}\nenvironment_tokens {}",
		`module_pair "module.a" { production = "module.a[0]" }`,
		"size \"x\" {\n  minimum = {}\n}",
		"builtin_rules = null",
		"ratio = 1e400",
		"\x00\xff{",
		`ignore "x" { reason = "${"a"}%{ if true }b%{ endif }" }`,
		// Nesting at and over the limit, which is refused before parsing.
		"ratio = " + strings.Repeat("(", 990) + "1" + strings.Repeat(")", 990),
		"ratio = " + strings.Repeat("(", 5000) + "1" + strings.Repeat(")", 5000),
		strings.Repeat("size \"x\" {\n", 1200),
		"ratio = " + strings.Repeat("-", 2000) + "1",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		_, diags := rulesfile.Parse(src, "parity.hcl")
		for _, d := range diags {
			if d.Severity != hcl.DiagError {
				continue
			}
			if d.Subject == nil {
				t.Fatalf("error without a subject range: %s: %s", d.Summary, d.Detail)
			}
			if d.Subject.Filename != "parity.hcl" {
				t.Fatalf("error subject names file %q", d.Subject.Filename)
			}
		}
		if diags.HasErrors() && rulesfile.DiagnosticsError(diags) == nil {
			t.Fatal("DiagnosticsError returned nil for error diagnostics")
		}
	})
}
