package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

const dataProfileAddress = "parity_data_profile.test"

// dataProfileFile copies the profile of the datagen fixture (a synthetic
// production of 2,000 users and 10,000 orders) where Terraform can read it.
func dataProfileFile(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "datagen", "testdata", "profile.json"))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "profile.json")
	if err := os.WriteFile(p, src, 0o644); err != nil {
		t.Fatal(err)
	}
	return filepath.ToSlash(p)
}

func TestAccDataProfileResource(t *testing.T) {
	requireTerraform(t)
	profile := dataProfileFile(t)
	hash := statecheck.CompareValue(compare.ValuesDiffer())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: `
resource "parity_data_profile" "test" {
  profile = file("` + profile + `")
  ratio   = 0.5

  table {
    name  = "countries"
    ratio = 1
  }
}
`,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(dataProfileAddress, plancheck.ResourceActionCreate),
						plancheck.ExpectKnownValue(dataProfileAddress, tfjsonpath.New("total_rows"), knownvalue.Int64Exact(7030)),
						plancheck.ExpectKnownValue(dataProfileAddress, tfjsonpath.New("rows"), knownvalue.MapExact(map[string]knownvalue.Check{
							"public.countries":   knownvalue.Int64Exact(30),
							"public.users":       knownvalue.Int64Exact(1000),
							"public.orders":      knownvalue.Int64Exact(5000),
							"public.order_items": knownvalue.Int64Exact(1000),
						})),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(dataProfileAddress, tfjsonpath.New("sql"),
						knownvalue.StringRegexp(regexp.MustCompile(`(?s)BEGIN;.*-- COPY public\.orders \(id, user_id, status, amount, coupon, created_at\) FROM stdin;\n-- 5000 rows generated.*CREATE INDEX IF NOT EXISTS orders_pending_idx ON public\.orders USING btree \(created_at\) WHERE \(status = 'pending'::text\);.*ANALYZE public\.order_items;\nCOMMIT;\n$`))),
					statecheck.ExpectKnownValue(dataProfileAddress, tfjsonpath.New("settings").AtMapKey("min_parallel_table_scan_size"), knownvalue.StringExact("4MB")),
					statecheck.ExpectKnownValue(dataProfileAddress, tfjsonpath.New("settings").AtMapKey("random_page_cost"), knownvalue.StringExact("4")),
					statecheck.ExpectKnownValue(dataProfileAddress, tfjsonpath.New("config_hash"), knownvalue.StringRegexp(regexp.MustCompile(`^[0-9a-f]{64}$`))),
					hash.AddStateValue(dataProfileAddress, tfjsonpath.New("config_hash")),
				},
			},
			{
				// A smaller staging is a reviewed change: fewer rows, scaled
				// thresholds, another hash.
				Config: `
resource "parity_data_profile" "test" {
  profile = file("` + profile + `")
  ratio   = 0.25
  seed    = 3

  table {
    name  = "countries"
    ratio = 1
  }
}
`,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(dataProfileAddress, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(dataProfileAddress, tfjsonpath.New("rows").AtMapKey("public.users"), knownvalue.Int64Exact(500)),
					},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(dataProfileAddress, tfjsonpath.New("settings").AtMapKey("min_parallel_table_scan_size"), knownvalue.StringExact("2MB")),
					statecheck.ExpectKnownValue(dataProfileAddress, tfjsonpath.New("sql"), knownvalue.StringRegexp(regexp.MustCompile(`ratio 0\.25, seed 3\.`))),
					hash.AddStateValue(dataProfileAddress, tfjsonpath.New("config_hash")),
				},
			},
			{
				// The same configuration plans no change.
				Config: `
resource "parity_data_profile" "test" {
  profile = file("` + profile + `")
  ratio   = 0.25
  seed    = 3

  table {
    name  = "countries"
    ratio = 1
  }
}
`,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

func TestAccDataProfileResourceRulesFile(t *testing.T) {
	requireTerraform(t)
	profile := dataProfileFile(t)
	rules := filepath.Join(t.TempDir(), "parity.hcl")
	if err := os.WriteFile(rules, []byte("ratio = 0.1\n\ndata {\n  table \"countries\" {\n    ratio = 1\n  }\n  table \"order_items\" {\n    rows = 7\n  }\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			// The file's ratio and table blocks apply; the resource's own
			// table block wins over the file's.
			Config: `
resource "parity_data_profile" "test" {
  profile    = file("` + profile + `")
  rules_file = "` + filepath.ToSlash(rules) + `"

  table {
    name = "order_items"
    rows = 9
  }
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(dataProfileAddress, tfjsonpath.New("rows"), knownvalue.MapExact(map[string]knownvalue.Check{
					"public.countries":   knownvalue.Int64Exact(30),
					"public.users":       knownvalue.Int64Exact(200),
					"public.orders":      knownvalue.Int64Exact(1000),
					"public.order_items": knownvalue.Int64Exact(9),
				})),
			},
		}},
	})
}

func TestAccDataProfileResourceErrors(t *testing.T) {
	requireTerraform(t)
	profile := dataProfileFile(t)
	tests := []struct {
		name, config, want string
	}{
		{"not a profile", `
resource "parity_data_profile" "test" {
  profile = jsonencode({ tables = [] })
  ratio   = 0.5
}
`, `Invalid Data Profile[\s\S]*format_version is missing`},
		{"no ratio", `
resource "parity_data_profile" "test" {
  profile = file("` + profile + `")
}
`, `Missing Ratio`},
		{"override of no table", `
resource "parity_data_profile" "test" {
  profile = file("` + profile + `")
  ratio   = 0.5

  table {
    name = "audit_log"
    rows = 10
  }
}
`, `Staging Data Cannot Be Planned[\s\S]*"audit_log" names no table`},
		{"ratio and rows", `
resource "parity_data_profile" "test" {
  profile = file("` + profile + `")
  ratio   = 0.5

  table {
    name  = "users"
    ratio = 1
    rows  = 10
  }
}
`, `Invalid Attribute Combination`},
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
