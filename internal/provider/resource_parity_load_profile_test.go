package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

const loadProfileAddress = "parity_load_profile.test"

func TestAccLoadProfileResource(t *testing.T) {
	requireTerraform(t)
	hash := statecheck.CompareValue(compare.ValuesDiffer())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// 3000 rpm = 50/s; an iteration takes up to 0.2 s, so
				// 50 × 0.2 × 2 headroom = 20 VUs.
				Config: `
resource "parity_load_profile" "test" {
  base_url = "https://staging.example.com"
  duration = "5m"

  endpoint {
    path    = "/api/products"
    avg_rpm = 3000
    p95_ms  = 200
  }
}
`,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(loadProfileAddress, plancheck.ResourceActionCreate),
						plancheck.ExpectKnownValue(loadProfileAddress, tfjsonpath.New("max_vus"), knownvalue.Int64Exact(20)),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(loadProfileAddress, tfjsonpath.New("max_vus"), knownvalue.Int64Exact(20)),
					statecheck.ExpectKnownValue(loadProfileAddress, tfjsonpath.New("total_duration_seconds"), knownvalue.Int64Exact(300)),
					statecheck.ExpectKnownValue(loadProfileAddress, tfjsonpath.New("k6_options_json"),
						knownvalue.StringRegexp(regexp.MustCompile(`"executor": "constant-arrival-rate"[\s\S]*"rate": 3000,\s+"timeUnit": "1m"`))),
					statecheck.ExpectKnownValue(loadProfileAddress, tfjsonpath.New("k6_script"),
						knownvalue.StringRegexp(regexp.MustCompile(`export function get_api_products\(\)`))),
					statecheck.ExpectKnownValue(loadProfileAddress, tfjsonpath.New("config_hash"),
						knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f]{64}$`))),
					hash.AddStateValue(loadProfileAddress, tfjsonpath.New("config_hash")),
				},
			},
			{
				// Half the capacity halves the rate and the VUs and changes
				// the hash, shown in the plan.
				Config: `
resource "parity_load_profile" "test" {
  base_url = "https://staging.example.com"
  ratio    = 0.5
  duration = "5m"

  endpoint {
    path    = "/api/products"
    avg_rpm = 3000
    p95_ms  = 200
  }
}
`,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(loadProfileAddress, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(loadProfileAddress, tfjsonpath.New("max_vus"), knownvalue.Int64Exact(10)),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(loadProfileAddress, tfjsonpath.New("k6_options_json"),
						knownvalue.StringRegexp(regexp.MustCompile(`"rate": 1500,`))),
					hash.AddStateValue(loadProfileAddress, tfjsonpath.New("config_hash")),
				},
			},
		},
	})
}

func TestAccLoadProfileResourceFull(t *testing.T) {
	requireTerraform(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
resource "parity_load_profile" "test" {
  base_url = "https://staging.example.com"
  ratio    = 0.5
  duration = "10m"

  production_patterns_csv = <<-CSV
    endpoint,method,avg_rpm,max_rpm,avg_response_time,p95_response_time
    /api/products,GET,4800,19200,90,250
    /api/checkout,POST,1200,4800,300,600
  CSV

  burst {}

  sustained_connections {
    vus = 20
  }

  think_time {
    min = 1
    max = 4
  }

  incident_scenario {
    type      = "connection_pool_exhaustion"
    pool_size = 50
    duration  = "2m"
  }

  incident_scenario {
    type     = "endurance"
    duration = "1h"
  }

  thresholds {
    p95_factor    = 1.2
    abort_on_fail = true
  }
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				// 10 m + 2 m + 1 h.
				statecheck.ExpectKnownValue(loadProfileAddress, tfjsonpath.New("total_duration_seconds"), knownvalue.Int64Exact(4320)),
				statecheck.ExpectKnownValue(loadProfileAddress, tfjsonpath.New("k6_options_json"), knownvalue.StringRegexp(regexp.MustCompile(
					`"http_req_duration\{scenario:post_api_checkout\}": \[\s+\{\s+"threshold": "p\(95\)\\u003c720",\s+"abortOnFail": true`))),
				statecheck.ExpectKnownValue(loadProfileAddress, tfjsonpath.New("k6_options_json"), knownvalue.StringRegexp(regexp.MustCompile(
					`"incident_1_connection_pool_exhaustion": \{[^}]*"vus": 75`))),
			},
		}},
	})
}

func TestAccLoadProfileResourceInvalid(t *testing.T) {
	requireTerraform(t)
	const endpoint = `
  endpoint {
    path    = "/api"
    avg_rpm = 60
    p95_ms  = 100
  }
`
	tests := []struct {
		name   string
		config string
		want   string
	}{
		{"bad csv", `
resource "parity_load_profile" "test" {
  base_url = "https://staging.example.com"
  duration = "5m"
  production_patterns_csv = "endpoint,avg_rpm,max_rpm,avg_response_time,p95_response_time\n/a,1,2,3,4\n/b,1,abc,3,4\n"
}
`, `Invalid Production Patterns CSV[\s\S]*line 3, column "max_rpm": not a number: "abc"`},
		{"bad duration", `
resource "parity_load_profile" "test" {
  base_url = "https://staging.example.com"
  duration = "five minutes"
` + endpoint + `}
`, `Invalid Load Profile[\s\S]*Attribute duration: not a duration: "five minutes"`},
		{"think time min above max", `
resource "parity_load_profile" "test" {
  base_url = "https://staging.example.com"
  duration = "5m"
` + endpoint + `
  think_time {
    min = 5
    max = 2
  }
}
`, `Attribute think_time.max: must be at least min \(5\), got 2`},
		{"endpoint and csv", `
resource "parity_load_profile" "test" {
  base_url = "https://staging.example.com"
  duration = "5m"
  production_patterns_csv = "endpoint,avg_rpm,max_rpm,avg_response_time,p95_response_time\n/a,1,2,3,4\n"
` + endpoint + `}
`, `set either endpoint blocks or production_patterns_csv, not both`},
		{"unknown incident", `
resource "parity_load_profile" "test" {
  base_url = "https://staging.example.com"
  duration = "5m"
` + endpoint + `
  incident_scenario {
    type     = "meteor_strike"
    duration = "1m"
  }
}
`, `Invalid Attribute Value Match`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      tt.config,
					ExpectError: regexp.MustCompile(tt.want),
				}},
			})
		})
	}
}
