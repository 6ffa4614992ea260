package rulesfile_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/envparity/terraform-provider-parity/internal/parity"
	"github.com/envparity/terraform-provider-parity/internal/rulesfile"
)

// TestOneSyntax parses every block in the shape parity_check's blocks have
// (the pattern as an argument, resource_type, module_pair { staging = … },
// only_in { environment = … }) and in the file's labelled shape, and wants
// the same rules from both.
func TestOneSyntax(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		unlabelled string
		labelled   string
	}{
		{
			name: "size",
			unlabelled: `size {
  pattern  = "instance_count"
  rounding = "up"
  minimum  = 2
}`,
			labelled: `size "instance_count" {
  rounding = "up"
  minimum  = 2
}`,
		},
		{
			name: "ignore with a condition",
			unlabelled: `ignore {
  pattern = "alert_endpoints"
  reason  = "each environment pages its own team"
  when    = { kind = "pager" }
}`,
			labelled: `ignore "alert_endpoints" {
  reason = "each environment pages its own team"
  when   = { kind = "pager" }
}`,
		},
		{
			name: "resource_type is a resource block",
			unlabelled: `size {
  resource_type = "aws_ebs_volume"
  pattern       = "iops"
  minimum       = 3000
}
identity {
  resource_type = "aws_lb"
  pattern       = "dns_name"
  reason        = "assigned by AWS"
}
list {
  resource_type = "aws_lb_listener"
  pattern       = "default_action"
  order         = "significant"
}`,
			labelled: `resource "aws_ebs_volume" {
  size "iops" {
    minimum = 3000
  }
}
resource "aws_lb" {
  identity "dns_name" {
    reason = "assigned by AWS"
  }
}
resource "aws_lb_listener" {
  list "default_action" {
    order = "significant"
  }
}`,
		},
		{
			name: "config and secret",
			unlabelled: `config {
  pattern = "arn"
}
secret {
  pattern = "db_password"
  compare = "digest"
}`,
			labelled: `config "arn" {}
secret "db_password" {
  compare = "digest"
}`,
		},
		{
			name: "module_pair",
			unlabelled: `module_pair {
  staging    = "module.staging_app"
  production = "module.production_app"
}`,
			labelled: `module_pair "module.staging_app" {
  production = "module.production_app"
}`,
		},
		{
			name: "only_in",
			unlabelled: `only_in {
  environment = "production"
  address     = "aws_wafv2_web_acl.*"
  reason      = "the WAF fronts public traffic only"
}`,
			labelled: `only_in "production" {
  address = "aws_wafv2_web_acl.*"
  reason  = "the WAF fronts public traffic only"
}`,
		},
	}
	// Sources differ by column and line only; the rules must not.
	ignoreSources := cmp.Options{
		cmpopts.IgnoreFields(parity.SizeRule{}, "Source"), cmpopts.IgnoreFields(parity.IgnoreRule{}, "Source"),
		cmpopts.IgnoreFields(parity.ConfigRule{}, "Source"), cmpopts.IgnoreFields(parity.SecretRule{}, "Source"),
		cmpopts.IgnoreFields(parity.IdentityRule{}, "Source"), cmpopts.IgnoreFields(parity.ListRule{}, "Source"),
		cmpopts.IgnoreFields(parity.ModulePair{}, "Source"), cmpopts.IgnoreFields(parity.OnlyInRule{}, "Source"),
		cmp.AllowUnexported(parity.Value{}),
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, diags := rulesfile.Parse([]byte(tt.unlabelled), "a.hcl")
			if diags.HasErrors() {
				t.Fatalf("unlabelled: %s", diags.Error())
			}
			b, diags := rulesfile.Parse([]byte(tt.labelled), "b.hcl")
			if diags.HasErrors() {
				t.Fatalf("labelled: %s", diags.Error())
			}
			if diff := cmp.Diff(b, a, ignoreSources); diff != "" {
				t.Errorf("the two shapes differ (-labelled +unlabelled):\n%s", diff)
			}
			if cmp.Equal(parity.Rules{}, a, cmpopts.EquateEmpty(), cmp.AllowUnexported(parity.Value{})) {
				t.Error("parsed no rules")
			}
		})
	}
}

func TestOnlyInAndRedact(t *testing.T) {
	t.Parallel()
	src := `redact = "all"
only_in "production" {
  address = "aws_wafv2_web_acl.main"
  reason  = "production only"
}
only_in {
  environment = "staging"
  address     = "module.fixtures.**"
  reason      = "test fixtures"
}
`
	got, diags := rulesfile.Parse([]byte(src), "parity.hcl")
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	want := parity.Rules{
		Redact: parity.RedactAll,
		OnlyIn: []parity.OnlyInRule{
			{Environment: "production", Address: "aws_wafv2_web_acl.main", Reason: "production only", Source: loc(2, 1)},
			{Environment: "staging", Address: "module.fixtures.**", Reason: "test fixtures", Source: loc(6, 1)},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

func TestOneSyntaxErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src       string
		line, column    int
		summary, detail string
	}{
		{
			name: "label and pattern both",
			src:  "ignore \"a\" {\n  pattern = \"b\"\n  reason  = \"r\"\n}",
			line: 2, column: 3,
			summary: "Duplicate pattern",
			detail:  `This ignore block has both a label and pattern; write one of them: ignore { pattern = "alert_endpoints" reason = "…" } or ignore "alert_endpoints" { reason = "…" }.`,
		},
		{
			name: "pattern not a string",
			src:  "config {\n  pattern = 3\n}",
			line: 2, column: 13,
			summary: "Invalid pattern",
			detail:  `pattern must be a string, an attribute path pattern such as "instance_type"; got a number.`,
		},
		{
			name: "bad pattern as an argument",
			src:  "config {\n  pattern = \"a..b\"\n}",
			line: 2, column: 13,
			summary: "Invalid pattern",
		},
		{
			name: "resource_type inside a resource block",
			src:  "resource \"aws_lb\" {\n  config {\n    pattern       = \"arn\"\n    resource_type = \"aws_lb\"\n  }\n}",
			line: 4, column: 5,
			summary: "Unsupported argument",
			detail:  `This config block is inside resource "aws_lb" already; remove resource_type, or move the block out of the resource block.`,
		},
		{
			name: "bad resource_type",
			src:  "config {\n  pattern       = \"arn\"\n  resource_type = \"Web\"\n}",
			line: 3, column: 19,
			summary: "Invalid resource type",
		},
		{
			name: "only_in in another environment",
			src:  "only_in \"qa\" {\n  address = \"a.b\"\n  reason  = \"r\"\n}",
			line: 1, column: 9,
			summary: "Invalid environment",
			detail:  `only_in names the environment the resources exist in: "staging" or "production"; got "qa".`,
		},
		{
			name: "only_in without an address",
			src:  "only_in \"production\" {\n  reason = \"r\"\n}",
			line: 1, column: 1,
			summary: "Missing address",
		},
		{
			name: "only_in without a reason",
			src:  "only_in \"production\" {\n  address = \"aws_waf.x\"\n}",
			line: 1, column: 1,
			summary: "Missing reason",
		},
		{
			name: "only_in twice",
			src:  "only_in \"production\" {\n  address = \"a.b\"\n  reason  = \"r\"\n}\nonly_in {\n  environment = \"production\"\n  address     = \"a.b\"\n  reason      = \"r\"\n}",
			line: 7, column: 17,
			summary: "Duplicate only_in rule",
			detail:  `only_in "production" "a.b" is declared twice, at parity.hcl:1 and parity.hcl:5; keep one of them.`,
		},
		{
			name: "module_pair without staging",
			src:  "module_pair {\n  production = \"module.p\"\n}",
			line: 1, column: 1,
			summary: "Missing staging",
		},
		{
			name: "unknown redact",
			src:  `redact = "some"`,
			line: 1, column: 10,
			summary: "Invalid redact",
			detail:  `redact must be "secrets", "strings" or "all"; got "some".`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, diags := rulesfile.Parse([]byte(tt.src), "parity.hcl")
			errs := errorsOf(diags)
			if len(errs) != 1 {
				t.Fatalf("want exactly one error, got %d: %s", len(errs), diags.Error())
			}
			d := errs[0]
			if d.Summary != tt.summary {
				t.Errorf("summary: got %q, want %q", d.Summary, tt.summary)
			}
			if tt.detail != "" && d.Detail != tt.detail {
				t.Errorf("detail:\n got %q\nwant %q", d.Detail, tt.detail)
			}
			if d.Subject == nil || d.Subject.Start.Line != tt.line || d.Subject.Start.Column != tt.column {
				t.Errorf("subject: got %v, want line %d column %d", d.Subject, tt.line, tt.column)
			}
		})
	}
}
