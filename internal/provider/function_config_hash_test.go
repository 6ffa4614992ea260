package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// TestFunctionConfigHash checks that config_hash ignores sizes, key order and
// environment names, sees a config change, and equals parity_check's hash.
func TestFunctionConfigHash(t *testing.T) {
	requireTerraform(t)
	hash := regexp.MustCompile(`^sha256:[0-9a-f]{64}$`)
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
locals {
  staging    = { name = "web-staging", instance_type = "t3.large", replicas = 2, log_level = "info" }
  production = { log_level = "info", replicas = 4, instance_type = "t3.xlarge", name = "web-production" }
  changed    = { name = "web-staging", instance_type = "t3.large", replicas = 2, log_level = "debug" }
}

resource "parity_check" "web" {
  staging    = local.staging
  production = local.production
  ratio      = 0.5
  size {
    pattern = "replicas"
  }
}

output "staging" { value = provider::parity::config_hash(local.staging, ["replicas"]) }
output "same" {
  value = provider::parity::config_hash(local.staging, ["replicas"]) == provider::parity::config_hash(local.production, ["replicas"])
}
output "sees_change" {
  value = provider::parity::config_hash(local.staging, ["replicas"]) != provider::parity::config_hash(local.changed, ["replicas"])
}
output "matches_check" {
  value = provider::parity::config_hash(local.staging, ["replicas"]) == parity_check.web.staging_hash
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("staging", knownvalue.StringRegexp(hash)),
				statecheck.ExpectKnownOutputValue("same", knownvalue.Bool(true)),
				statecheck.ExpectKnownOutputValue("sees_change", knownvalue.Bool(true)),
				statecheck.ExpectKnownOutputValue("matches_check", knownvalue.Bool(true)),
				statecheck.CompareValuePairs("parity_check.web", tfjsonpath.New("staging_hash"), "parity_check.web", tfjsonpath.New("production_hash"), compare.ValuesSame()),
			},
		}},
	})
}

func TestFunctionConfigHash_badPattern(t *testing.T) {
	requireTerraform(t)
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      `output "x" { value = provider::parity::config_hash({ a = 1 }, ["a..b"]) }`,
			ExpectError: regexp.MustCompile(`(?s)Invalid value for "size_paths" parameter.*size_paths\[0\]`),
		}},
	})
}
