package runtask

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/envparity/terraform-provider-parity/internal/testutil"
)

// policyDir is the OPA policy set of examples/policies.
var policyDir = filepath.Join("..", "..", "examples", "policies", "opa")

// TestPolicyOPAUnitTests runs the Rego policy's own tests with real OPA.
func TestPolicyOPAUnitTests(t *testing.T) {
	t.Parallel()
	opa := testutil.RequireBinary(t, "PARITY_OPA", "opa")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, opa, "test", "--verbose", policyDir).CombinedOutput()
	if err != nil {
		t.Fatalf("opa test: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`PASS: (\d+)/(\d+)`).FindStringSubmatch(string(out))
	if m == nil || m[1] != m[2] || m[1] == "0" {
		t.Errorf("opa test did not pass every test:\n%s", out)
	}
	for _, check := range [][]string{{"fmt", "--list", policyDir}, {"check", "--strict", policyDir}} {
		out, err := exec.CommandContext(ctx, opa, check...).CombinedOutput()
		if err != nil || len(strings.TrimSpace(string(out))) > 0 {
			t.Errorf("opa %s: %v\n%s", check[0], err, out)
		}
	}
}

// TestPolicyOPAOnRealPlans evaluates the policy with real OPA on plan JSON
// that real Terraform produces with the provider built from this tree,
// wrapped the way HCP Terraform passes it (input.plan and input.run).
func TestPolicyOPAOnRealPlans(t *testing.T) {
	t.Parallel()
	opa := testutil.RequireBinary(t, "PARITY_OPA", "opa")
	terraform := testutil.RequireBinary(t, "TF_ACC_TERRAFORM_PATH", "terraform")
	work := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()

	// The provider from this tree, through dev_overrides in a CLI
	// configuration of the test's own (as tools/check-examples.sh does).
	pluginDir := filepath.Join(work, "plugins")
	build := exec.CommandContext(ctx, "go", "build", "-o", filepath.Join(pluginDir, "terraform-provider-parity"), "../..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	rc := filepath.Join(work, "terraformrc")
	writeFile(t, rc, fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"envparity/parity\" = %q\n  }\n  direct {}\n}\n", pluginDir))

	const header = `terraform {
  required_providers {
    parity = { source = "envparity/parity" }
  }
}
`
	check := func(stagingTimeout string) string {
		return fmt.Sprintf(`
module "app" {
  source          = "./app"
  staging_timeout = %s
}
`, stagingTimeout)
	}
	const appModule = header + `
variable "staging_timeout" {}

resource "parity_check" "web" {
  staging = {
    instance_type = "t3.large"
    timeout       = var.staging_timeout
    monitoring    = true
  }
  production = {
    instance_type = "t3.xlarge"
    timeout       = 30
    monitoring    = true
  }
  ratio       = 0.5
  enforcement = "warn"
}
`
	for _, tc := range []struct {
		name, config string
		tags         []string
		want         string // "" means no violation
	}{
		{"in parity", check("30"), []string{"parity"}, ""},
		{"drift", check("10"), []string{"parity"}, `workspace "web-staging": module.app.parity_check.web is not in parity (1 config_drift): fix the drift`},
		{"unknown until apply", check("terraform_data.timeout.output") + "\nresource \"terraform_data\" \"timeout\" {\n  input = 30\n}\n", []string{"parity"}, "module.app.parity_check.web.in_parity is unknown until apply"},
		{"no parity_check", "resource \"terraform_data\" \"nothing\" {}\n", []string{"parity"}, `workspace "web-staging" is tagged "parity" but its plan has no parity_check`},
		{"drift in an untagged workspace", check("10"), []string{"team:web"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(work, strings.ReplaceAll(tc.name, " ", "-"))
			if err := os.MkdirAll(filepath.Join(dir, "app"), 0o755); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(dir, "main.tf"), header+tc.config)
			writeFile(t, filepath.Join(dir, "app", "main.tf"), appModule)
			env := append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
			run := func(args ...string) []byte {
				cmd := exec.CommandContext(ctx, terraform, args...)
				cmd.Dir, cmd.Env = dir, env
				out, err := cmd.Output()
				if err != nil {
					var stderr []byte
					if ee, ok := err.(*exec.ExitError); ok {
						stderr = ee.Stderr
					}
					t.Fatalf("terraform %s: %v\n%s%s", strings.Join(args, " "), err, out, stderr)
				}
				return out
			}
			run("get", "-no-color")
			run("plan", "-no-color", "-input=false", "-out=tfplan")
			var plan any
			if err := json.Unmarshal(run("show", "-json", "tfplan"), &plan); err != nil {
				t.Fatal(err)
			}
			input := filepath.Join(dir, "input.json")
			writeFile(t, input, string(mustJSON(t, map[string]any{
				"plan": plan,
				"run": map[string]any{
					"organization": map[string]any{"name": "acme"},
					"workspace":    map[string]any{"name": "web-staging", "tags": tc.tags},
				},
			})))
			out, err := exec.CommandContext(ctx, opa, "eval", "--format", "json", "--data", filepath.Join(policyDir, "parity.rego"),
				"--input", input, "data.terraform.policies.parity.deny").Output()
			if err != nil {
				t.Fatalf("opa eval: %v", err)
			}
			var result struct {
				Result []struct {
					Expressions []struct {
						Value []string `json:"value"`
					} `json:"expressions"`
				} `json:"result"`
			}
			if err := json.Unmarshal(out, &result); err != nil || len(result.Result) != 1 || len(result.Result[0].Expressions) != 1 {
				t.Fatalf("opa eval output: %v\n%s", err, out)
			}
			got := result.Result[0].Expressions[0].Value
			switch {
			case tc.want == "" && len(got) != 0:
				t.Errorf("violations %q, want none", got)
			case tc.want != "" && (len(got) != 1 || !strings.Contains(got[0], tc.want)):
				t.Errorf("violations %q, want one containing %q", got, tc.want)
			}
		})
	}
}

// TestPolicySentinelMatchesRego keeps the two policies on one rule: there is
// no Sentinel binary here, so the Sentinel policy is checked for the same
// tag, query target and messages as the Rego one that OPA runs.
func TestPolicySentinelMatchesRego(t *testing.T) {
	t.Parallel()
	rego, err := os.ReadFile(filepath.Join(policyDir, "parity.rego"))
	if err != nil {
		t.Fatal(err)
	}
	sentinel, err := os.ReadFile(filepath.Join(policyDir, "..", "sentinel", "parity.sentinel"))
	if err != nil {
		t.Fatal(err)
	}
	tag := regexp.MustCompile(`required_tag := "([^"]+)"`).FindSubmatch(rego)
	if tag == nil || !strings.Contains(string(sentinel), `param required_tag default "`+string(tag[1])+`"`) {
		t.Errorf("the policies require different tags")
	}
	for sentinelCode, regoCode := range map[string]string{
		`rc.type is "parity_check"`:           `rc.type == "parity_check"`,
		`rc.mode is "managed"`:                `rc.mode == "managed"`,
		`rc.change.actions is not ["delete"]`: `rc.change.actions != ["delete"]`,
	} {
		if !strings.Contains(string(sentinel), sentinelCode) || !strings.Contains(string(rego), regoCode) {
			t.Errorf("the policies do not both select with %s", regoCode)
		}
	}
	for _, message := range []string{
		"but its plan has no parity_check: add a parity_check resource that compares this environment with its counterpart",
		".in_parity is unknown until apply, so parity cannot be verified at plan time: make the compared values known at plan",
		"): fix the drift or declare it with an ignore rule and a reason",
		"no findings recorded",
	} {
		if !strings.Contains(string(sentinel), message) || !strings.Contains(string(rego), message) {
			t.Errorf("the policies do not both say %q", message)
		}
	}
}
