package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// Planted strings: distinctive, and neither named nor shaped like a secret,
// so that only the masking under test can hide them.
const (
	plantedStagingConn    = "planted-1f3a9c-conn-stg-a1"
	plantedProductionConn = "planted-1f3a9c-conn-prd-b2"
	plantedStagingItem    = "planted-1f3a9c-item-stg-c3"
	plantedProductionItem = "planted-1f3a9c-item-prd-d4"
	plantedStagingMark    = "planted-1f3a9c-mark-stg-e5"
	plantedProductionMark = "planted-1f3a9c-mark-prd-f6"
)

// plantedVariables declares sensitive variables under ordinary names.
const plantedVariables = `
variable "conn" {
  type      = map(string)
  sensitive = true
  default   = { staging = "` + plantedStagingConn + `", production = "` + plantedProductionConn + `" }
}
variable "items" {
  type      = map(list(string))
  sensitive = true
  default   = { staging = ["` + plantedStagingItem + `"], production = ["` + plantedProductionItem + `"] }
}
`

// plantedSettings is one environment's settings: a string, a list element,
// a map value and a nested object carry the planted strings.
func plantedSettings(env string) string {
	return `{
    conn    = var.conn["` + env + `"]
    hosts   = var.items["` + env + `"]
    labels  = { source = var.conn["` + env + `"] }
    nested  = { inner = { value = var.items["` + env + `"][0] } }
    timeout = 30
  }`
}

// noPlantedString fails when any attribute of the resource but its inputs
// holds a planted string: the inputs are stored in state as Terraform
// stores every argument (sensitive in the schema, so plans hide them).
type noPlantedString struct{ address string }

func (c noPlantedString) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil {
		resp.Error = fmt.Errorf("no state")
		return
	}
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address == c.address {
			resp.Error = plantedIn(r.AttributeValues)
			return
		}
	}
	resp.Error = fmt.Errorf("%s not in state", c.address)
}

func (c noPlantedString) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address == c.address && rc.Change != nil {
			if after, ok := rc.Change.After.(map[string]any); ok {
				resp.Error = plantedIn(after)
				return
			}
		}
	}
	resp.Error = fmt.Errorf("%s not in plan", c.address)
}

func plantedIn(values map[string]any) error {
	if len(values) == 0 {
		return fmt.Errorf("no attribute values")
	}
	for name, v := range values {
		if name == "staging" || name == "production" {
			continue
		}
		b, _ := json.Marshal(v)
		if strings.Contains(string(b), "planted-1f3a9c") {
			return fmt.Errorf("attribute %s holds a planted string: %s", name, b)
		}
	}
	return nil
}

var _ plancheck.PlanCheck = noPlantedString{}

// TestAccParityCheck_plantedSecretsUnderOrdinaryNames plants values of
// sensitive variables under ordinary names: under the provider's default
// (redact = "strings") and under "all" the findings, their messages and the
// diagnostics hold none of them, while numbers and sizes are still shown
// under "strings".
func TestAccParityCheck_plantedSecretsUnderOrdinaryNames(t *testing.T) {
	requireTerraform(t)
	config := func(extra string) string {
		return plantedVariables + `
resource "parity_check" "web" {
  staging     = ` + plantedSettings("staging") + `
  production  = ` + plantedSettings("production") + `
` + extra + `
}
`
	}
	hidden := func(path string) knownvalue.Check {
		return knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"path":       knownvalue.StringExact(path),
			"staging":    knownvalue.StringExact("(redacted)"),
			"production": knownvalue.StringExact("(redacted)"),
			"message":    knownvalue.StringRegexp(regexp.MustCompile(`^` + regexp.QuoteMeta(path) + ` differs between staging and production \(the values are hidden: redact = "(strings|all)"\)\.$`)),
		})
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// With enforcement error the findings fail the plan, with
				// messages that quote no value.
				Config:      config(`  redact = "all"`),
				ExpectError: wrapped(`Parity Drift Detected`, `conn differs between staging and production (the values are hidden: redact = "all").`),
			},
			{
				Config: config(`  enforcement = "warn"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						noPlantedString{"parity_check.web"},
						plancheck.ExpectSensitiveValue("parity_check.web", tfjsonpath.New("staging")),
						plancheck.ExpectSensitiveValue("parity_check.web", tfjsonpath.New("production")),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					noPlantedString{"parity_check.web"},
					statecheck.ExpectKnownValue("parity_check.web", tfjsonpath.New("in_parity"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue("parity_check.web", tfjsonpath.New("findings"), knownvalue.ListExact([]knownvalue.Check{
						hidden("conn"), hidden("hosts[0]"), hidden(`labels.source`), hidden("nested.inner.value"),
					})),
				},
			},
		},
	})
}

// TestAccParityCheck_sensitiveMarksOfDocuments decodes show -json documents
// whose sensitive_values mark ordinary attributes: with redact = "secrets"
// (every other string shown) the marks alone keep the planted strings out,
// also where a config rule forces the comparison.
func TestAccParityCheck_sensitiveMarksOfDocuments(t *testing.T) {
	requireTerraform(t)
	doc := func(env, endpoint string, withSettings bool) string {
		settings := ""
		marks := `{ endpoint = true }`
		if withSettings {
			settings = `settings = { address = "` + endpoint + `" }`
			marks = `{ endpoint = true, settings = { address = true } }`
		}
		return `{
    format_version = "1.0"
    values = { root_module = { resources = [{
      address          = "aws_db_instance.main"
      mode             = "managed"
      type             = "aws_db_instance"
      name             = "main"
      values           = { endpoint = "` + endpoint + `", engine = "postgres", ` + settings + ` }
      sensitive_values = ` + marks + `
    }] } }
  }`
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
resource "parity_check" "db" {
  staging     = ` + doc("staging", plantedStagingMark, true) + `
  production  = ` + doc("production", plantedProductionMark, false) + `
  redact      = "secrets"
  enforcement = "warn"
  config {
    pattern = "endpoint"
  }
}
`,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{noPlantedString{"parity_check.db"}}},
			ConfigStateChecks: []statecheck.StateCheck{
				noPlantedString{"parity_check.db"},
				statecheck.ExpectKnownValue("parity_check.db", tfjsonpath.New("findings"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"path": knownvalue.StringExact("endpoint"), "staging": knownvalue.StringExact("(sensitive)"),
						"production": knownvalue.StringExact("(sensitive)"),
					}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"path": knownvalue.StringExact("settings"), "staging": knownvalue.StringExact("(sensitive)"),
						"production": knownvalue.StringExact(""),
					}),
				})),
			},
		}},
	})
}

// TestAccParityCheck_digestOptIn compares opted-in secrets by digest: drift
// is reported without a value, and the hashes do not depend on the secret.
func TestAccParityCheck_digestOptIn(t *testing.T) {
	requireTerraform(t)
	config := func(stagingPIN, productionPIN, extra string) string {
		return checkConfig(`{ db_password = "`+stagingPIN+`", port = 5432 }`, `{ db_password = "`+productionPIN+`", port = 5432 }`, extra)
	}
	optIn := `
  secret {
    pattern = "db_password"
    compare = "digest"
  }`
	var hash string
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// Different secrets are not drift by default.
				Config: config("4821", "7305", ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("parity_check.web", tfjsonpath.New("in_parity"), knownvalue.Bool(true)),
					statecheck.CompareValuePairs("parity_check.web", tfjsonpath.New("staging_hash"), "parity_check.web", tfjsonpath.New("production_hash"), compareSame{}),
					captureString{"parity_check.web", "staging_hash", &hash},
				},
			},
			{
				Config:      config("4821", "7305", optIn),
				ExpectError: wrapped(`Parity Drift Detected`, `db_password differs between staging and production (compared by digest; the values are secret and not shown).`),
			},
			{
				// Equal secrets, opted in: in parity, and the hash is the
				// one computed without the secret at all.
				Config: config("4821", "4821", optIn),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("parity_check.web", tfjsonpath.New("in_parity"), knownvalue.Bool(true)),
					expectString{"parity_check.web", "staging_hash", &hash},
				},
			},
		},
	})
}

// TestAccParityCheck_writeOnlyInputs checks with staging_wo and
// production_wo: the check works, and neither value reaches the state.
func TestAccParityCheck_writeOnlyInputs(t *testing.T) {
	requireTerraform(t)
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: `
resource "parity_check" "web" {
  staging    = { a = 1 }
  staging_wo = { a = 1 }
  production = { a = 1 }
}
`,
				ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Combination.*staging`),
			},
			{
				Config: `
resource "parity_check" "web" {
  production = { a = 1 }
}
`,
				ExpectError: regexp.MustCompile(`(?s)Missing Attribute Configuration.*staging,staging_wo`),
			},
			{
				Config: plantedVariables + `
resource "parity_check" "web" {
  staging_wo    = ` + plantedSettings("staging") + `
  production_wo = ` + plantedSettings("production") + `
  redact        = "secrets"
  enforcement   = "warn"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("parity_check.web", tfjsonpath.New("in_parity"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue("parity_check.web", tfjsonpath.New("staging"), knownvalue.Null()),
					statecheck.ExpectKnownValue("parity_check.web", tfjsonpath.New("staging_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue("parity_check.web", tfjsonpath.New("production_wo"), knownvalue.Null()),
					statecheck.ExpectKnownValue("parity_check.web", tfjsonpath.New("findings").AtSliceIndex(0).AtMapKey("path"), knownvalue.StringExact("conn")),
				},
			},
		},
	})
}

// TestAccParityCheck_scalarSides: values that are not objects are compared
// whole.
func TestAccParityCheck_scalarSides(t *testing.T) {
	requireTerraform(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: `
resource "parity_check" "x" {
  staging     = "x"
  production  = "y"
  enforcement = "warn"
  redact      = "secrets"
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("parity_check.x", tfjsonpath.New("in_parity"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue("parity_check.x", tfjsonpath.New("findings"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"kind": knownvalue.StringExact("config_drift"), "path": knownvalue.StringExact(""),
							"staging": knownvalue.StringExact("x"), "production": knownvalue.StringExact("y"),
						}),
					})),
					statecheck.CompareValuePairs("parity_check.x", tfjsonpath.New("staging_hash"), "parity_check.x", tfjsonpath.New("production_hash"), compareDiffer{}),
				},
			},
			{
				Config: `
resource "parity_check" "x" {
  staging    = 3
  production = { a = 1 }
}
`,
				ExpectError: regexp.MustCompile(`(?s)Parity Drift Detected.*The value differs: staging has 3, production has \{"a":1\}\.`),
			},
		},
	})
}

// TestAccParityCheck_ratioBounds: out-of-range ratios get one readable
// message wherever they are written.
func TestAccParityCheck_ratioBounds(t *testing.T) {
	requireTerraform(t)
	for name, tc := range map[string]struct{ config, want string }{
		"1e309":     {`resource "parity_check" "x" {` + "\n  staging = {}\n  production = {}\n  ratio = 1e309\n}", `(?s)Invalid Ratio.*ratio must be at most 1000000 .*got 1e\+309`},
		"zero":      {`resource "parity_check" "x" {` + "\n  staging = {}\n  production = {}\n  ratio = 0\n}", `(?s)Invalid Ratio.*ratio must be greater than 0`},
		"tiny":      {`resource "parity_check" "x" {` + "\n  staging = {}\n  production = {}\n  ratio = 1e-9\n}", `(?s)Invalid Ratio.*ratio must be at least 0.000001`},
		"size rule": {`resource "parity_check" "x" {` + "\n  staging = {}\n  production = {}\n  size {\n    pattern = \"a\"\n    ratio = -1\n  }\n}", `(?s)Invalid Ratio.*greater than 0`},
		"provider":  {`provider "parity" { ratio = 1e400 }` + "\n" + `resource "parity_check" "x" {` + "\n  staging = {}\n  production = {}\n}", `(?s)Invalid Ratio.*ratio must be at most 1000000 .*got 1e\+400`},
	} {
		t.Run(name, func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      tc.config,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
}

// TestAccShadowRoute_percentageBounds: what the resource accepts is what
// nginx renders (see the shadow package's nginx -t test).
func TestAccShadowRoute_percentageBounds(t *testing.T) {
	requireTerraform(t)
	for name, tc := range map[string]struct{ value, want string }{
		"tiny":       {"1e-10", `(?s)Invalid Percentage.*percentage must be at least 0.01`},
		"huge":       {"1e309", `(?s)Invalid Percentage.*percentage must be greater than 0 and at most 100, got 1e\+309`},
		"three dec.": {"0.005", `(?s)Invalid Percentage.*at least 0.01`},
	} {
		t.Run(name, func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: `
resource "parity_shadow_route" "api" {
  production_upstreams = ["10.0.0.1:8080"]
  staging_upstreams    = ["10.0.1.1:8080"]
  percentage           = ` + tc.value + `
}
`,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
}

// TestFunctionScaleSize_ratioBounds: scale_size shares parity_check's range.
func TestFunctionScaleSize_ratioBounds(t *testing.T) {
	requireTerraform(t)
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      `output "x" { value = provider::parity::scale_size("2Gi", 1e308) }`,
			ExpectError: regexp.MustCompile(`(?s)Invalid value for "ratio" parameter.*ratio must be at most 1000000.*got 1e\+308`),
		}},
	})
}

// wrapped matches a diagnostic's summary followed by a sentence of its
// detail, which Terraform wraps at any space.
func wrapped(summary, sentence string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)` + regexp.QuoteMeta(summary) + `.*` +
		strings.ReplaceAll(regexp.QuoteMeta(sentence), " ", `\s+`))
}

// compareSame and compareDiffer compare two state values.
type compareSame struct{}

func (compareSame) CompareValues(values ...any) error {
	if len(values) == 2 && values[0] == values[1] {
		return nil
	}
	return fmt.Errorf("values differ: %v", values)
}

type compareDiffer struct{}

func (compareDiffer) CompareValues(values ...any) error {
	if len(values) == 2 && values[0] != values[1] {
		return nil
	}
	return fmt.Errorf("values are equal: %v", values)
}

// captureString stores a string attribute of a resource for a later step.
type captureString struct {
	address, attr string
	into          *string
}

func (c captureString) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	v, err := stateString(req.State, c.address, c.attr)
	*c.into = v
	resp.Error = err
}

// expectString checks a string attribute against one captured before.
type expectString struct {
	address, attr string
	want          *string
}

func (c expectString) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	v, err := stateString(req.State, c.address, c.attr)
	if err == nil && (v == "" || v != *c.want) {
		err = fmt.Errorf("%s.%s = %q, want %q", c.address, c.attr, v, *c.want)
	}
	resp.Error = err
}

func stateString(state *tfjson.State, address, attr string) (string, error) {
	if state == nil || state.Values == nil {
		return "", fmt.Errorf("no state")
	}
	for _, r := range state.Values.RootModule.Resources {
		if r.Address == address {
			s, ok := r.AttributeValues[attr].(string)
			if !ok {
				return "", fmt.Errorf("%s.%s is not a string", address, attr)
			}
			return s, nil
		}
	}
	return "", fmt.Errorf("%s not in state", address)
}
