package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckUnusedRules(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	rules := filepath.Join(dir, "parity.hcl")
	if err := os.WriteFile(rules, []byte(`ignore "aws_s3_bucket.*.force_destroy" {
  reason = "only production buckets are protected"
}
ignore "no_such_attribute" {
  reason = "a typo"
}
only_in "production" {
  address = "aws_wafv2_web_acl.main"
  reason  = "renamed since"
}
`), 0o600); err != nil {
		t.Fatal(err)
	}
	report := filepath.Join(dir, "report.json")
	args := func(extra ...string) []string {
		return append(append([]string{"check", "--rules", rules, "--ratio", "0.5"}, extra...), td("staging-in-parity.json"), td("production.json"))
	}
	warnIgnore := rules + `:4: ignore "no_such_attribute" changes nothing: it matches no attribute`
	warnOnlyIn := rules + `:7: only_in "production" "aws_wafv2_web_acl.main" changes nothing: no resource that exists in that environment only matches its address`
	tests := []struct {
		name       string
		extra      []string
		code       int
		want, lack []string
		report     bool
	}{
		{"warn by default", nil, 0, []string{"parity: warning: " + warnIgnore, "parity: warning: " + warnOnlyIn}, []string{"force_destroy"}, false},
		{"error", []string{"--unused-rules", "error", "--format", "json=" + report}, 2,
			[]string{"parity: error: " + warnIgnore, "--unused-rules error"}, nil, false},
		{"ignore", []string{"--unused-rules", "ignore"}, 0, nil, []string{"changes nothing"}, false},
		{"bad value", []string{"--unused-rules", "loud"}, 2, []string{`invalid value "loud" for flag -unused-rules`}, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, args(tt.extra...)...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d\n%s", r.code, tt.code, r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
				}
			}
			for _, l := range tt.lack {
				if strings.Contains(r.stderr, l) {
					t.Errorf("stderr has %q:\n%s", l, r.stderr)
				}
			}
			if _, err := os.Stat(report); err == nil {
				t.Errorf("a report was written")
			}
		})
	}
}

func TestCheckRedactFromRulesFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	rules := filepath.Join(dir, "parity.hcl")
	if err := os.WriteFile(rules, []byte("redact = \"all\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	check := func(extra ...string) string {
		r := run(t, append(append([]string{"check", "--rules", rules, "--ratio", "0.5", "--format", "json"}, extra...), td("staging.json"), td("production.json"))...)
		if r.code != 1 {
			t.Fatalf("exit %d, want 1\n%s", r.code, r.stderr)
		}
		return r.stdout
	}
	if out := check(); !strings.Contains(out, `"redact": "all"`) {
		t.Errorf("the rules file's redact is not applied:\n%s", out)
	}
	if out := check("--redact", "secrets"); !strings.Contains(out, `"redact": "secrets"`) {
		t.Errorf("--redact does not override the rules file:\n%s", out)
	}
}
