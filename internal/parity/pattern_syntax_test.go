package parity_test

import (
	"testing"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

func TestCompilePatternSyntax(t *testing.T) {
	t.Parallel()
	valid := []string{
		"instance_type",
		"aws_db_instance.*.allocated_storage",
		"settings.pools[0].max_connections",
		"settings.pools[*].max_connections",
		"settings.pools.*.max_connections",
		`tags["cost-center"]`,
		`annotations["autoscaling.knative.dev/maxScale"]`,
		`tags["say \"hi\""]`,
		"**.resources.*.limits.cpu",
		"**",
		"*",
		"*[0]",
		`module.app["eu"].aws_instance.web[0].instance_type`,
		"kubernetes_deployment_v1.*.spec.*.replicas",
		"ephemeral-storage",
	}
	for _, p := range valid {
		t.Run(p, func(t *testing.T) {
			t.Parallel()
			if _, err := parity.CompilePattern(p); err != nil {
				t.Errorf("CompilePattern(%q): %v", p, err)
			}
		})
	}

	invalid := []struct {
		pattern string
		err     string
	}{
		{"", "pattern is empty"},
		{" a", `pattern " a" has leading or trailing spaces`},
		{"a..b", `pattern "a..b" has an empty step at character 3; steps are separated by single dots`},
		{".a", `pattern ".a" starts with a dot; remove it`},
		{"a.", `pattern "a." ends with a dot; remove it`},
		{"a.[0]", `pattern "a.[0]" has an index with no step before it at character 3; write name[n] or name.*`},
		{"web*", `pattern "web*" has * inside the step "web*" at character 4; wildcards stand for a whole step ("web*" or "*_id" are not supported)`},
		{"*_id", `pattern "*_id" has "_" after * at character 2; wildcards stand for a whole step ("web*" or "*_id" are not supported)`},
		{"***", `pattern "***" has "*" at character 3; wildcards stand for a whole step, so ** must be followed by a dot or the end`},
		{"**[0]", `pattern "**[0]" indexes ** at character 3; ** stands for any number of steps and cannot carry an index`},
		{"a[", `pattern "a[" has an unclosed [ at character 2`},
		{"a[0", `pattern "a[0" has an unclosed [ at character 2; an index is a number, a quoted key or *: [0], ["key"], [*]`},
		{"a[]", `pattern "a[]" has an empty index [] at character 2; write [n], ["key"] or [*]`},
		{"a[key]", `pattern "a[key]" has an invalid index at character 2; an index is a number, a quoted key or *: [0], ["key"], [*]`},
		{`a["key]`, `pattern "a[\"key]" has an unterminated string in the index at character 2`},
		{"a b", `pattern "a b" has an unexpected character " " at character 2; a step is a name (letters, digits, "_" and "-"), * or **, optionally followed by [n], ["key"] or [*]`},
		{"tags.é", `pattern "tags.é" has an unexpected character "é" at character 6; a step is a name (letters, digits, "_" and "-"), * or **, optionally followed by [n], ["key"] or [*]`},
		{"a[0]b", `pattern "a[0]b" has an unexpected character "b" at character 5; a step is a name (letters, digits, "_" and "-"), * or **, optionally followed by [n], ["key"] or [*]`},
	}
	for _, tt := range invalid {
		t.Run(tt.pattern, func(t *testing.T) {
			t.Parallel()
			_, err := parity.CompilePattern(tt.pattern)
			if err == nil {
				t.Fatalf("CompilePattern(%q) accepted the pattern", tt.pattern)
			}
			if err.Error() != tt.err {
				t.Errorf("CompilePattern(%q):\n got %s\nwant %s", tt.pattern, err, tt.err)
			}
		})
	}
}

// FuzzCompilePattern checks that no pattern text makes the compiler panic
// and that every compiled pattern prints back as written.
func FuzzCompilePattern(f *testing.F) {
	for _, s := range []string{"a.b", `tags["x.y"]`, `a["q\"]"].b[*]`, "**.c", "*[0]", "a[", `a["\`, "a..b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		p, err := parity.CompilePattern(text)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		if p.String() != text {
			t.Fatalf("String() = %q, want %q", p.String(), text)
		}
	})
}
