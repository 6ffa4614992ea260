package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

func TestFunctionScaleSize(t *testing.T) {
	requireTerraform(t)
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
output "aws"      { value = provider::parity::scale_size("t3.xlarge", 0.5) }
output "gcp"      { value = provider::parity::scale_size("e2-standard-8", 0.25) }
output "quantity" { value = provider::parity::scale_size("2Gi", 0.5) }
output "number"   { value = provider::parity::scale_size(4, 0.5) }
output "azure"    { value = provider::parity::scale_size("Standard_D8s_v5", 0.5) }
output "floor"    { value = provider::parity::scale_size("t3.nano", 0.5) }
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("aws", knownvalue.StringExact("t3.large")),
				statecheck.ExpectKnownOutputValue("gcp", knownvalue.StringExact("e2-standard-2")),
				statecheck.ExpectKnownOutputValue("quantity", knownvalue.StringExact("1Gi")),
				statecheck.ExpectKnownOutputValue("number", knownvalue.Int64Exact(2)),
				statecheck.ExpectKnownOutputValue("azure", knownvalue.StringExact("Standard_D4s_v5")),
				statecheck.ExpectKnownOutputValue("floor", knownvalue.StringExact("t3.nano")),
			},
		}},
	})
}

func TestFunctionScaleSize_errors(t *testing.T) {
	requireTerraform(t)
	for name, tc := range map[string]struct {
		call string
		want string
	}{
		"bad ratio":  {`provider::parity::scale_size("t3.large", 0)`, `(?s)Invalid value for "ratio" parameter.*greater than 0`},
		"not a size": {`provider::parity::scale_size("banana", 0.5)`, `(?s)Invalid value for "size" parameter.*banana`},
		"wrong type": {`provider::parity::scale_size(true, 0.5)`, `(?s)Invalid value for "size" parameter.*string or a number`},
	} {
		t.Run(name, func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{
				TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      `output "x" { value = ` + tc.call + ` }`,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
}
