package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// webCluster renders the settings object of one environment of the
// quickstart's web cluster.
func webCluster(env, instanceType string, count, timeout int, monitoring bool) string {
	return `{
    name               = "web-` + env + `"
    instance_type      = "` + instanceType + `"
    instance_count     = ` + strconv.Itoa(count) + `
    connection_timeout = ` + strconv.Itoa(timeout) + `
    keepalive_timeout  = 65
    monitoring_enabled = ` + map[bool]string{true: "true", false: "false"}[monitoring] + `
  }`
}

func checkConfig(staging, production, extra string) string {
	return `
resource "parity_check" "web" {
  staging    = ` + staging + `
  production = ` + production + `
  ratio      = 0.5
` + extra + `
}
`
}

var prodWeb = webCluster("production", "t3.xlarge", 4, 30, true)

func TestAccParityCheck_inParity(t *testing.T) {
	requireTerraform(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: checkConfig(webCluster("staging", "t3.large", 2, 30, true), prodWeb, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("parity_check.web", tfjsonpath.New("in_parity"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("parity_check.web", tfjsonpath.New("findings"), knownvalue.ListExact([]knownvalue.Check{})),
					statecheck.ExpectKnownValue("parity_check.web", tfjsonpath.New("staging_hash"), knownvalue.StringRegexp(regexp.MustCompile(`^sha256:[0-9a-f]{64}$`))),
					statecheck.CompareValuePairs("parity_check.web", tfjsonpath.New("staging_hash"), "parity_check.web", tfjsonpath.New("production_hash"), compare.ValuesSame()),
				},
			},
			{
				// A second plan of the same configuration is empty: the check
				// is deterministic.
				Config: checkConfig(webCluster("staging", "t3.large", 2, 30, true), prodWeb, ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

func TestAccParityCheck_configDriftFailsPlan(t *testing.T) {
	requireTerraform(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      checkConfig(webCluster("staging", "t3.large", 2, 10, true), prodWeb, ""),
			ExpectError: regexp.MustCompile(`(?s)Parity Drift Detected.*connection_timeout differs: staging has 10,.*production has 30`),
		}},
	})
}

func TestAccParityCheck_ratioBroken(t *testing.T) {
	requireTerraform(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      checkConfig(webCluster("staging", "t3.medium", 2, 30, true), prodWeb, ""),
			ExpectError: regexp.MustCompile(`(?s)Size Ratio Not Respected.*t3\.xlarge × 0\.5 = t3\.large`),
		}},
	})
}

func TestAccParityCheck_countBroken(t *testing.T) {
	requireTerraform(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      checkConfig(webCluster("staging", "t3.large", 3, 30, true), prodWeb, ""),
			ExpectError: regexp.MustCompile(`(?s)Size Ratio Not Respected.*instance_count`),
		}},
	})
}

func TestAccParityCheck_familyChanged(t *testing.T) {
	requireTerraform(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      checkConfig(webCluster("staging", "m5.large", 2, 30, true), prodWeb, ""),
			ExpectError: regexp.MustCompile(`Size Family Mismatch`),
		}},
	})
}

func TestAccParityCheck_ignoreWithReason(t *testing.T) {
	requireTerraform(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// An ignore without a reason is refused at validation.
				Config: checkConfig(webCluster("staging", "t3.large", 2, 10, false), prodWeb, `
  ignore {
    pattern = "connection_timeout"
    reason  = ""
  }`),
				ExpectError: regexp.MustCompile(`(?s)reason.*string length must be at least 1`),
			},
			{
				Config: checkConfig(webCluster("staging", "t3.large", 2, 10, false), prodWeb, `
  ignore {
    pattern = "connection_timeout"
    reason  = "staging load tests fail fast"
  }
  ignore {
    pattern = "monitoring_enabled"
    reason  = "detailed monitoring is billed per instance"
  }`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("parity_check.web", tfjsonpath.New("in_parity"), knownvalue.Bool(true)),
				},
			},
		},
	})
}

func TestAccParityCheck_warnMode(t *testing.T) {
	requireTerraform(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: checkConfig(webCluster("staging", "t3.large", 2, 10, true), prodWeb, `  enforcement = "warn"`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("parity_check.web", tfjsonpath.New("in_parity"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue("parity_check.web", tfjsonpath.New("findings"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"kind":       knownvalue.StringExact("config_drift"),
						"path":       knownvalue.StringExact("connection_timeout"),
						"staging":    knownvalue.StringExact("10"),
						"production": knownvalue.StringExact("30"),
					}),
				})),
			},
		}},
	})
}

// TestAccParityCheck_noOpPlanStillChecked proves the check runs on a plan
// with nothing to change: the resource's configuration stays the same while
// the provider's enforcement turns from warn to error.
func TestAccParityCheck_noOpPlanStillChecked(t *testing.T) {
	requireTerraform(t)
	resourceBlock := checkConfig(webCluster("staging", "t3.large", 2, 10, true), prodWeb, "")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: `provider "parity" { enforcement = "warn" }` + resourceBlock,
			},
			{
				Config:      `provider "parity" { enforcement = "error" }` + resourceBlock,
				ExpectError: regexp.MustCompile(`Parity Drift Detected`),
			},
		},
	})
}

// TestAccParityCheck_unknownAtPlan feeds a value only known at apply: the
// plan warns and passes, and the apply fails because the value drifted.
func TestAccParityCheck_unknownAtPlan(t *testing.T) {
	requireTerraform(t)
	config := func(stagingTimeout int) string {
		return `
resource "terraform_data" "timeout" {
  input = ` + strconv.Itoa(stagingTimeout) + `
}

resource "parity_check" "web" {
  staging = {
    instance_type      = "t3.large"
    connection_timeout = terraform_data.timeout.output
  }
  production = {
    instance_type      = "t3.xlarge"
    connection_timeout = 30
  }
  ratio = 0.5
}
`
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config(30),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectUnknownValue("parity_check.web", tfjsonpath.New("in_parity")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("parity_check.web", tfjsonpath.New("in_parity"), knownvalue.Bool(true)),
				},
			},
			{
				Config:      config(5),
				ExpectError: regexp.MustCompile(`(?s)Parity Drift Detected.*connection_timeout`),
			},
		},
	})
}

func TestAccParityCheck_rulesFile(t *testing.T) {
	requireTerraform(t)
	dir := t.TempDir()
	rules := filepath.Join(dir, "parity.hcl")
	if err := os.WriteFile(rules, []byte(`
ratio = 0.25
ignore "connection_timeout" { reason = "staging fails fast" }
`), 0o600); err != nil {
		t.Fatal(err)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: `
resource "parity_check" "web" {
  staging    = ` + webCluster("staging", "t3.medium", 1, 10, true) + `
  production = ` + prodWeb + `
  rules_file = "` + filepath.ToSlash(rules) + `"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("parity_check.web", tfjsonpath.New("in_parity"), knownvalue.Bool(true)),
				},
			},
			{
				Config: `
resource "parity_check" "web" {
  staging    = ` + webCluster("staging", "t3.medium", 1, 10, true) + `
  production = ` + prodWeb + `
  rules_file = "` + filepath.ToSlash(filepath.Join(dir, "missing.hcl")) + `"
}
`,
				ExpectError: regexp.MustCompile(`Invalid Rules File`),
			},
		},
	})
}

func TestAccParityCheck_stateDocuments(t *testing.T) {
	requireTerraform(t)
	doc := func(env, instanceType string) string {
		return `{
    format_version    = "1.0"
    terraform_version = "1.11.4"
    values = {
      root_module = {
        resources = [{
          address = "aws_instance.web"
          mode    = "managed"
          type    = "aws_instance"
          name    = "web"
          values = {
            id            = "i-` + env + `"
            instance_type = "` + instanceType + `"
            tags          = { Name = "web-` + env + `" }
          }
          sensitive_values = {}
        }]
      }
    }
  }`
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: checkConfig(doc("staging", "t3.large"), doc("production", "t3.xlarge"), ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("parity_check.web", tfjsonpath.New("in_parity"), knownvalue.Bool(true)),
				},
			},
			{
				Config:      checkConfig(doc("staging", "t3.small"), doc("production", "t3.xlarge"), ""),
				ExpectError: regexp.MustCompile(`(?s)Size Ratio Not Respected.*aws_instance\.web`),
			},
		},
	})
}

func TestAccParityCheck_badPattern(t *testing.T) {
	requireTerraform(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: checkConfig(prodWeb, prodWeb, `
  size {
    pattern = "a..b"
  }`),
			ExpectError: regexp.MustCompile(`Invalid Path Pattern`),
		}},
	})
}
