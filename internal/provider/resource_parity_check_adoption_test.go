package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// Drifted staging: timeout 10 against 30, monitoring off against on, and
// a staging instance type that breaks the 0.5 ratio (t3.medium).
var driftedWeb = webCluster("staging", "t3.medium", 2, 10, false)

func inParity(v bool) []statecheck.StateCheck {
	return []statecheck.StateCheck{statecheck.ExpectKnownValue("parity_check.web", tfjsonpath.New("in_parity"), knownvalue.Bool(v))}
}

// TestAccParityCheck_dynamicBlocks writes every rule block with `dynamic`,
// from a variable and from locals, the way rules arrive from module outputs.
// Plans validate first with every variable unknown, which used to fail with
// "Value Conversion Error".
func TestAccParityCheck_dynamicBlocks(t *testing.T) {
	requireTerraform(t)
	config := func(ignores string) string {
		return `
variable "ignores" {
  type = list(object({ pattern = string, reason = string }))
  default = ` + ignores + `
}
locals {
  sizes = [{ pattern = "instance_type", ratio = 0.25 }]
}
resource "parity_check" "web" {
  staging    = ` + driftedWeb + `
  production = ` + prodWeb + `
  ratio      = 0.5
  dynamic "ignore" {
    for_each = var.ignores
    content {
      pattern = ignore.value.pattern
      reason  = ignore.value.reason
    }
  }
  dynamic "size" {
    for_each = local.sizes
    content {
      pattern = size.value.pattern
      ratio   = size.value.ratio
    }
  }
  dynamic "config" {
    for_each = []
    content {
      pattern = config.value
    }
  }
}
`
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config(`[
    { pattern = "connection_timeout", reason = "staging fails fast" },
    { pattern = "monitoring_enabled", reason = "billed per instance" },
  ]`),
				ConfigStateChecks: inParity(true),
			},
			{
				// An empty list of blocks is no rule at all.
				Config:      config(`[]`),
				ExpectError: regexp.MustCompile(`Parity Drift Detected`),
			},
		},
	})
}

// TestAccParityCheck_unknownRulesDeferred builds rule blocks, and a rule's
// pattern, from values known only at apply: the plan defers the check with
// one warning and unknown results, and the apply checks.
func TestAccParityCheck_unknownRulesDeferred(t *testing.T) {
	requireTerraform(t)
	config := func(patterns string) string {
		return `
resource "terraform_data" "patterns" {
  input = ` + patterns + `
}
resource "parity_check" "web" {
  staging    = ` + webCluster("staging", "t3.large", 2, 10, false) + `
  production = ` + prodWeb + `
  ratio      = 0.5
  dynamic "ignore" {
    for_each = terraform_data.patterns.output
    content {
      pattern = ignore.value
      reason  = "decided elsewhere"
    }
  }
}
`
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config(`["connection_timeout", "monitoring_enabled"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue("parity_check.web", tfjsonpath.New("in_parity")),
					plancheck.ExpectUnknownValue("parity_check.web", tfjsonpath.New("findings")),
				}},
				ConfigStateChecks: inParity(true),
			},
			{
				Config:      config(`["connection_timeout"]`),
				ExpectError: regexp.MustCompile(`(?s)Parity Drift Detected.*monitoring_enabled`),
			},
		},
	})
}

// TestAccParityCheck_unknownRuleArgument: one unknown argument inside a
// block defers the check just the same.
func TestAccParityCheck_unknownRuleArgument(t *testing.T) {
	requireTerraform(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
resource "terraform_data" "pattern" {
  input = "connection_timeout"
}
resource "parity_check" "web" {
  staging    = ` + webCluster("staging", "t3.large", 2, 10, true) + `
  production = ` + prodWeb + `
  ratio      = 0.5
  ignore {
    pattern = terraform_data.pattern.output
    reason  = "staging fails fast"
  }
}
`,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectUnknownValue("parity_check.web", tfjsonpath.New("in_parity")),
			}},
			ConfigStateChecks: inParity(true),
		}},
	})
}

// TestAccParityCheck_newBlocks writes identity, list, only_in and scoped
// rules (resource_type, when) as parity_check blocks.
func TestAccParityCheck_newBlocks(t *testing.T) {
	requireTerraform(t)
	stagingDoc := stateDocument(
		instanceResource("aws_instance.web", "staging", "t3.large", `volume_type = "gp3"
              iops        = 3000
              dns_name    = "web-1a2b.staging.internal"`),
	)
	productionDoc := stateDocument(
		instanceResource("aws_instance.web", "production", "t3.xlarge", `volume_type = "gp3"
              iops        = 4000
              dns_name    = "web-9z8y.production.internal"`),
		`{
          address = "aws_wafv2_web_acl.main"
          mode    = "managed"
          type    = "aws_wafv2_web_acl"
          name    = "main"
          values  = { scope = "REGIONAL" }
          sensitive_values = {}
        }`,
	)
	check := func(blocks string) string {
		return `
resource "parity_check" "web" {
  staging    = ` + stagingDoc + `
  production = ` + productionDoc + `
  ratio      = 0.5
` + blocks + `
}
`
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      check(""),
				ExpectError: regexp.MustCompile(`(?s)Resource Only In Production.*aws_wafv2_web_acl\.main`),
			},
			{
				Config: check(`
  only_in {
    environment = "production"
    address     = "aws_wafv2_web_acl.*"
    reason      = "the WAF fronts public traffic only"
  }
  size {
    resource_type = "aws_instance"
    pattern       = "iops"
    minimum       = 3000
    when          = { volume_type = "gp3" }
  }
  identity {
    resource_type = "aws_instance"
    pattern       = "dns_name"
    reason        = "assigned per instance"
  }
  list {
    pattern = "listeners"
    order   = "insignificant"
  }`),
				ConfigStateChecks: append(inParity(true),
					statecheck.CompareValuePairs("parity_check.web", tfjsonpath.New("staging_hash"), "parity_check.web", tfjsonpath.New("production_hash"), compareSame{})),
			},
		},
	})
}

// TestAccParityRules_precedence: the provider's defaults, then each rules
// value in order, then the resource's own arguments and blocks.
func TestAccParityRules_precedence(t *testing.T) {
	requireTerraform(t)
	dir := t.TempDir()
	moduleFile := filepath.Join(dir, "parity.hcl")
	if err := os.WriteFile(moduleFile, []byte(`
ratio         = 0.25
builtin_rules = false
ignore "connection_timeout" {
  reason = "staging fails fast"
}
`), 0o600); err != nil {
		t.Fatal(err)
	}
	// Staging is a quarter of production, and fails fast.
	staging := webCluster("staging", "t3.medium", 1, 10, true)
	config := func(provider, check string) string {
		return `
provider "parity" {
` + provider + `
}
data "parity_rules" "module" {
  file = "` + filepath.ToSlash(moduleFile) + `"
}
data "parity_rules" "root" {
  builtin_rules = true
  redact        = "all"
}
resource "parity_check" "web" {
  staging    = ` + staging + `
  production = ` + prodWeb + `
` + check + `
}
`
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// The module's ratio 0.25 wins over the provider's 0.5 (the
				// instance types fit it) and its ignore applies; its
				// builtin_rules = false makes instance_count an ordinary
				// setting, so it differs.
				Config:      config(`ratio = 0.5`, `rules = [data.parity_rules.module.rules]`),
				ExpectError: regexp.MustCompile(`(?s)Parity Drift Detected.*instance_count differs: staging has 1, production has 4`),
			},
			{
				// A later rules value switches the built-in knowledge back on
				// and hides every value.
				Config: config(`ratio = 0.5`, `rules = [data.parity_rules.module.rules, data.parity_rules.root.rules]
  enforcement = "warn"
  size {
    pattern = "instance_count"
    ratio   = 0.5
  }`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("parity_check.web", tfjsonpath.New("findings"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"kind": knownvalue.StringExact("size_ratio"), "path": knownvalue.StringExact("instance_count"),
							"staging": knownvalue.StringExact("(redacted)"), "expected": knownvalue.StringExact("2"),
						}),
					})),
				},
			},
			{
				// The resource's own arguments win over every rules value.
				Config: config(`ratio = 0.5`, `rules = [data.parity_rules.module.rules, data.parity_rules.root.rules]
  redact        = "secrets"
  builtin_rules = false
  ratio         = 1
  enforcement   = "warn"
  ignore {
    pattern = "instance_type"
    reason  = "sized by hand"
  }`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("parity_check.web", tfjsonpath.New("findings"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"kind": knownvalue.StringExact("config_drift"), "path": knownvalue.StringExact("instance_count"),
							"staging": knownvalue.StringExact("1"), "production": knownvalue.StringExact("4"),
						}),
					})),
				},
			},
		},
	})
}

func TestAccParityRules_errors(t *testing.T) {
	requireTerraform(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: `
data "parity_rules" "bad" {
  file = "` + filepath.ToSlash(filepath.Join(t.TempDir(), "missing.hcl")) + `"
}
`,
				ExpectError: regexp.MustCompile(`Invalid Rules File`),
			},
			{
				Config: `
data "parity_rules" "bad" {
  ignore {
    pattern = "a..b"
    reason  = "r"
  }
}
`,
				ExpectError: regexp.MustCompile(`Invalid Path Pattern`),
			},
			{
				Config:      checkConfig(prodWeb, prodWeb, `  rules = ["ignore everything"]`),
				ExpectError: regexp.MustCompile(`(?s)Invalid Rules Value.*parity_rules data source`),
			},
			{
				Config: checkConfig(prodWeb, prodWeb, `
  ignore {
    pattern = "tags"
    reason  = "a"
  }
  size {
    pattern = "tags"
  }`),
				ExpectError: regexp.MustCompile(`Conflicting Parity Rules`),
			},
		},
	})
}

// TestAccParityCheck_unusedRules: a rule that matches nothing is an error
// under unused_rules = "error", named with the block it was written in.
func TestAccParityCheck_unusedRules(t *testing.T) {
	requireTerraform(t)
	rules := `
  ignore {
    pattern = "alert_endpoint"
    reason  = "a typo of alert_endpoints"
  }`
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: checkConfig(webCluster("staging", "t3.large", 2, 30, true), prodWeb, rules+`
  unused_rules = "error"`),
				ExpectError: regexp.MustCompile(`(?s)Unused Parity Rule: ignore "alert_endpoint".*ignore\[0\]`),
			},
			{
				Config: `provider "parity" { unused_rules = "error" }` + checkConfig(webCluster("staging", "t3.large", 2, 30, true), prodWeb, rules+`
  unused_rules = "ignore"`),
				ConfigStateChecks: inParity(true),
			},
		},
	})
}

// stateDocument writes a show -json state document of the given resources.
func stateDocument(resources ...string) string {
	return `{
    format_version    = "1.0"
    terraform_version = "1.11.4"
    values = {
      root_module = {
        resources = [` + strings.Join(resources, ", ") + `]
      }
    }
  }`
}

func instanceResource(address, env, instanceType, extra string) string {
	return `{
          address = "` + address + `"
          mode    = "managed"
          type    = "aws_instance"
          name    = "web"
          values = {
              instance_type = "` + instanceType + `"
              tags          = { Name = "web-` + env + `" }
              listeners     = ["` + map[string]string{"staging": "80", "production": "443"}[env] + `", "` + map[string]string{"staging": "443", "production": "80"}[env] + `"]
              ` + extra + `
          }
          sensitive_values = {}
        }`
}

// TestAccParityRules_rulesFileUnderRulesValues: rules values are laid over
// the resource's rules_file.
func TestAccParityRules_rulesFileUnderRulesValues(t *testing.T) {
	requireTerraform(t)
	file := filepath.Join(t.TempDir(), "parity.hcl")
	if err := os.WriteFile(file, []byte("ratio = 0.25\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	config := func(rules string) string {
		return `
data "parity_rules" "half" {
  ratio = 0.5
}
resource "parity_check" "web" {
  staging    = ` + webCluster("staging", "t3.medium", 1, 30, true) + `
  production = ` + prodWeb + `
  rules_file = "` + filepath.ToSlash(file) + `"
  rules      = ` + rules + `
}
`
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config(`[]`), ConfigStateChecks: inParity(true)},
			{Config: config(`[data.parity_rules.half.rules]`), ExpectError: regexp.MustCompile(`(?s)Size Ratio Not Respected.*t3\.xlarge × 0\.5 = t3\.large`)},
		},
	})
}
