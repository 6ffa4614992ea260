package provider

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/envparity/terraform-provider-parity/internal/baseline"
	"github.com/envparity/terraform-provider-parity/internal/parity"
	"github.com/envparity/terraform-provider-parity/internal/tfinput"
)

// settingsEnv is an object of settings as the engine reads it.
func settingsEnv(t *testing.T, name string, settings map[string]any) parity.Environment {
	t.Helper()
	doc, err := json.Marshal(settings)
	if err != nil {
		t.Fatal(err)
	}
	v, err := tfinput.DecodeJSON(doc)
	if err != nil {
		t.Fatal(err)
	}
	return parity.Environment{Name: name, Resources: []parity.Resource{{Values: v}}}
}

// A baseline written by parity baseline works in parity_check through
// rules_file: the drift it accepts no longer fails the plan, and fixing a
// drift leaves the check passing.
func TestAccParityCheck_baselineRulesFile(t *testing.T) {
	requireTerraform(t)
	cluster := func(env, instanceType string, count, timeout int, monitoring bool) map[string]any {
		return map[string]any{"name": "web-" + env, "instance_type": instanceType, "instance_count": count, "connection_timeout": timeout,
			"keepalive_timeout": 65, "monitoring_enabled": monitoring}
	}
	// What webCluster writes in the configurations below, as the engine
	// reads it.
	staging := settingsEnv(t, "staging", cluster("staging", "t3.medium", 2, 10, false))
	production := settingsEnv(t, "production", cluster("production", "t3.xlarge", 4, 30, true))
	rules := parity.Rules{Ratio: 0.5}
	rep, err := parity.Compare(staging, production, rules)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 3 {
		t.Fatalf("want 3 findings to baseline, got %v", rep.Findings)
	}
	b, err := baseline.Make(staging, production, rules, rep, time.Date(2025, 1, 31, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "parity.baseline.hcl")
	if err := os.WriteFile(path, b.HCL(), 0o600); err != nil {
		t.Fatal(err)
	}
	config := func(staging, rulesFile string) string {
		extra := ""
		if rulesFile != "" {
			extra = `  rules_file = "` + filepath.ToSlash(rulesFile) + `"`
		}
		return checkConfig(staging, prodWeb, extra)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      config(webCluster("staging", "t3.medium", 2, 10, false), ""),
				ExpectError: regexp.MustCompile(`Parity Drift Detected`),
			},
			{
				Config: config(webCluster("staging", "t3.medium", 2, 10, false), path),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("parity_check.web", tfjsonpath.New("in_parity"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue("parity_check.web", tfjsonpath.New("findings"), knownvalue.ListExact([]knownvalue.Check{})),
				},
			},
			{
				// The timeout is fixed; its entry is stale, which the check
				// does not fail on.
				Config: config(webCluster("staging", "t3.medium", 2, 30, false), path),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("parity_check.web", tfjsonpath.New("in_parity"), knownvalue.Bool(true)),
				},
			},
			{
				// A new difference is not in the baseline.
				Config: `
resource "parity_check" "web" {
  staging    = merge(` + webCluster("staging", "t3.medium", 2, 30, false) + `, { log_level = "debug" })
  production = ` + prodWeb + `
  ratio      = 0.5
  rules_file = "` + filepath.ToSlash(path) + `"
}
`,
				ExpectError: regexp.MustCompile(`(?s)Parity Drift Detected.*log_level`),
			},
		},
	})
}
