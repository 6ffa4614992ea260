package provider

import (
	"math/big"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

func environmentsConfig(envs, extra string) string {
	return `
resource "parity_check" "web" {
  environments = ` + envs + `
  production   = ` + prodWeb + `
  ratio        = 0.5
` + extra + `
}
`
}

// Three environments at their own scales against one production: each row
// of environment_results is right, and in_parity is the conjunction.
func TestAccParityCheck_environmentsInParity(t *testing.T) {
	requireTerraform(t)
	envs := `{
    dev     = { value = ` + webCluster("dev", "t3.medium", 1, 30, true) + `, ratio = 0.25 }
    staging = { value = ` + webCluster("staging", "t3.large", 2, 30, true) + ` }
    perf    = { value = ` + webCluster("perf", "t3.xlarge", 4, 30, true) + `, ratio = 1 }
  }`
	row := func(name string, ratio float64) knownvalue.Check {
		return knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"name":      knownvalue.StringExact(name),
			"ratio":     knownvalue.NumberExact(big.NewFloat(ratio)),
			"in_parity": knownvalue.Bool(true),
			"findings":  knownvalue.Int64Exact(0),
			"hash":      knownvalue.StringRegexp(regexp.MustCompile(`^sha256:[0-9a-f]{64}$`)),
		})
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: environmentsConfig(envs, ""),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("parity_check.web", tfjsonpath.New("in_parity"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue("parity_check.web", tfjsonpath.New("staging_hash"), knownvalue.Null()),
				// Objects are ordered by key: dev, perf, staging.
				statecheck.ExpectKnownValue("parity_check.web", tfjsonpath.New("environment_results"),
					knownvalue.ListExact([]knownvalue.Check{row("dev", 0.25), row("perf", 1), row("staging", 0.5)})),
			},
		}},
	})
}

// Drift in one environment fails the plan, and the error names it.
func TestAccParityCheck_environmentsDriftNamesTheEnvironment(t *testing.T) {
	requireTerraform(t)
	envs := `{
    dev  = { value = ` + webCluster("dev", "t3.medium", 1, 30, true) + `, ratio = 0.25 }
    perf = { value = ` + webCluster("perf", "t3.xlarge", 4, 10, true) + `, ratio = 1 }
  }`
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      environmentsConfig(envs, ""),
			ExpectError: regexp.MustCompile(`(?s)Parity Drift Detected.*connection_timeout differs: perf has 10,.*production has 30.*perf: +10`),
		}},
	})
}

// Warn mode keeps the plan going and records which environment drifted.
func TestAccParityCheck_environmentsWarnRecordsFindings(t *testing.T) {
	requireTerraform(t)
	envs := `{
    dev  = { value = ` + webCluster("dev", "t3.small", 1, 30, true) + `, ratio = 0.25 }
    perf = { value = ` + webCluster("perf", "t3.xlarge", 4, 30, true) + `, ratio = 1 }
  }`
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: environmentsConfig(envs, `  enforcement = "warn"`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("parity_check.web", tfjsonpath.New("in_parity"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue("parity_check.web", tfjsonpath.New("findings"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"environment": knownvalue.StringExact("dev"),
						"kind":        knownvalue.StringExact("size_ratio"),
						"path":        knownvalue.StringExact("instance_type"),
						"expected":    knownvalue.StringExact("t3.medium"),
					}),
				})),
				statecheck.ExpectKnownValue("parity_check.web", tfjsonpath.New("environment_results").AtSliceIndex(0).AtMapKey("in_parity"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue("parity_check.web", tfjsonpath.New("environment_results").AtSliceIndex(1).AtMapKey("in_parity"), knownvalue.Bool(true)),
			},
		}},
	})
}

// Mistakes point at the environment at fault.
func TestAccParityCheck_environmentsErrors(t *testing.T) {
	requireTerraform(t)
	staging := webCluster("staging", "t3.large", 2, 30, true)
	tests := []struct {
		name, config string
		want         string
	}{
		{"staging and environments", `
resource "parity_check" "web" {
  staging      = ` + staging + `
  environments = { dev = { value = ` + staging + ` } }
  production   = ` + prodWeb + `
}`, `Invalid Attribute Combination`},
		{"no value", environmentsConfig(`{ dev = { ratio = 0.25 } }`, ""), `(?s)Missing Environment Value.*Environment dev has no value`},
		{"bad ratio", environmentsConfig(`{ dev = { value = `+staging+`, ratio = 0 } }`, ""), `(?s)Invalid Ratio.*environment dev`},
		{"unknown key", environmentsConfig(`{ dev = { value = `+staging+`, size = 1 } }`, ""), `(?s)Unsupported Environment Attribute.*"size"`},
		{"production as a name", environmentsConfig(`{ production = { value = `+staging+` } }`, ""), `(?s)Invalid Environment Name.*production is the environment`},
		{"not an object", environmentsConfig(`["dev"]`, ""), `(?s)Invalid Environments Value.*one key per environment`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []resource.TestStep{{Config: tt.config, ExpectError: regexp.MustCompile(tt.want)}},
			})
		})
	}
}

// environments_wo keeps the environments out of the plan and the state,
// and still fails a drifted plan.
func TestAccParityCheck_environmentsWriteOnly(t *testing.T) {
	requireTerraform(t)
	envs := `{
    dev  = { value = ` + webCluster("dev", "t3.medium", 1, 30, true) + `, ratio = 0.25 }
    perf = { value = ` + webCluster("perf", "t3.xlarge", 4, 30, true) + `, ratio = 1 }
  }`
	config := func(envs string) string {
		return `
resource "parity_check" "web" {
  environments_wo = ` + envs + `
  production      = ` + prodWeb + `
  ratio           = 0.5
}
`
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		Steps: []resource.TestStep{
			{
				Config: config(envs),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("parity_check.web", tfjsonpath.New("in_parity"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("parity_check.web", tfjsonpath.New("environments_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue("parity_check.web", tfjsonpath.New("environment_results"), knownvalue.ListSizeExact(2)),
				},
			},
			{
				Config:      config(`{ perf = { value = ` + webCluster("perf", "t3.xlarge", 4, 10, true) + `, ratio = 1 } }`),
				ExpectError: regexp.MustCompile(`(?s)connection_timeout differs: perf has 10`),
			},
		},
	})
}
