package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// serveProviderEnv makes the test binary serve the provider (see TestMain).
const serveProviderEnv = "PARITY_TEST_SERVE_PROVIDER"

// terraformCLI runs real Terraform commands in a directory of its own
// against this package's provider, which the test binary itself serves
// through a dev_overrides CLI configuration: for what terraform-plugin-testing
// cannot show, such as `terraform validate` and the warnings a plan prints.
type terraformCLI struct {
	t         *testing.T
	terraform string
	dir       string
	env       []string
}

func newTerraformCLI(t *testing.T, files map[string]string) *terraformCLI {
	t.Helper()
	requireTerraform(t)
	root := t.TempDir()
	bin := filepath.Join(root, "bin")
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(self, filepath.Join(bin, "terraform-provider-parity")); err != nil {
		t.Fatal(err)
	}
	rc := filepath.Join(root, "terraformrc")
	if err := os.WriteFile(rc, []byte("provider_installation {\n  dev_overrides {\n    \"envparity/parity\" = \""+
		filepath.ToSlash(bin)+"\"\n  }\n  direct {}\n}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c := &terraformCLI{t: t, terraform: os.Getenv("TF_ACC_TERRAFORM_PATH"), dir: filepath.Join(root, "work")}
	c.env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1", serveProviderEnv+"=1")
	c.write(files)
	return c
}

// write writes files into the working directory.
func (c *terraformCLI) write(files map[string]string) {
	c.t.Helper()
	for name, content := range files {
		p := filepath.Join(c.dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			c.t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			c.t.Fatal(err)
		}
	}
}

// run runs terraform with args and returns its combined output and
// whether it succeeded.
func (c *terraformCLI) run(args ...string) (string, bool) {
	c.t.Helper()
	cmd := exec.Command(c.terraform, append(args[:1:1], append([]string{"-no-color"}, args[1:]...)...)...)
	cmd.Dir, cmd.Env = c.dir, c.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err == nil
}

// mustContain fails unless the output contains want.
func mustContain(t *testing.T, out, want string) {
	t.Helper()
	if !strings.Contains(out, want) {
		t.Fatalf("output lacks %q:\n%s", want, out)
	}
}

// TestTerraformValidateDynamicBlocks runs `terraform validate` on rule
// blocks built with dynamic from a variable without a default: every value
// is unknown there, which used to fail with "Value Conversion Error".
func TestTerraformValidateDynamicBlocks(t *testing.T) {
	c := newTerraformCLI(t, map[string]string{"main.tf": `
terraform {
  required_providers {
    parity = { source = "envparity/parity" }
  }
}
variable "ignores" {
  type = map(string)
}
variable "environment_tokens" {
  type = list(string)
}
resource "parity_check" "web" {
  staging    = { a = 1 }
  production = { a = 1 }
  dynamic "ignore" {
    for_each = var.ignores
    content {
      pattern = ignore.key
      reason  = ignore.value
    }
  }
  dynamic "only_in" {
    for_each = var.ignores
    content {
      environment = "production"
      address     = only_in.key
      reason      = only_in.value
    }
  }
  environment_tokens {
    staging = var.environment_tokens
  }
}
`})
	out, ok := c.run("validate")
	if !ok || !strings.Contains(out, "The configuration is valid") {
		t.Fatalf("terraform validate failed:\n%s", out)
	}
	if strings.Contains(out, "Value Conversion Error") {
		t.Fatalf("validate reports a conversion error:\n%s", out)
	}
}

// TestTerraformWarnModeShowsEveryFinding plans about 250 findings under
// enforcement = "warn" with real Terraform, which folds warnings that share
// a summary: every finding must still be shown, with one bounded summary.
func TestTerraformWarnModeShowsEveryFinding(t *testing.T) {
	const n = 250
	var staging, production strings.Builder
	for i := range n {
		fmt.Fprintf(&staging, "    setting_%03d = %d\n", i, i)
		fmt.Fprintf(&production, "    setting_%03d = %d\n", i, i+1)
	}
	c := newTerraformCLI(t, map[string]string{"main.tf": `
terraform {
  required_providers {
    parity = { source = "envparity/parity" }
  }
}
resource "parity_check" "web" {
  staging = {
` + staging.String() + `  }
  production = {
` + production.String() + `  }
  enforcement = "warn"
  ignore {
    pattern = "setting_999"
    reason  = "matches nothing"
  }
}
`})
	out, ok := c.run("plan", "-input=false", "-lock=false")
	if !ok {
		t.Fatalf("terraform plan failed:\n%s", out)
	}
	if strings.Contains(out, "more similar warning") {
		t.Fatalf("Terraform folded warnings:\n%s", out)
	}
	for i := range n {
		mustContain(t, out, fmt.Sprintf("Warning: Parity Drift Detected: setting_%03d\n", i))
	}
	if got := strings.Count(out, "Warning: Parity Drift Detected:"); got != n {
		t.Errorf("want %d drift warnings, got %d", n, got)
	}
	mustContain(t, out, "Warning: Unused Parity Rule: ignore \"setting_999\"")
	start := strings.Index(out, "Warning: Parity Check Summary")
	if start < 0 {
		t.Fatalf("no summary warning:\n%s", out)
	}
	summary := out[start:]
	if end := strings.Index(summary[1:], "\nWarning: "); end > 0 {
		summary = summary[:end+1]
	}
	mustContain(t, summary, fmt.Sprintf("%d findings: %d config_drift.", n, n))
	mustContain(t, summary, "… and 245 more")
	if len(summary) > 1200 {
		t.Errorf("the summary is %d bytes long, want a bounded one:\n%s", len(summary), summary)
	}
}

// TestTerraformHintsWork plans drift with real Terraform, takes every rule
// a diagnostic suggests, adds it to the parity_check as the diagnostic
// says, plans again and wants that finding gone.
func TestTerraformHintsWork(t *testing.T) {
	stagingDoc := stateDocument(
		instanceResource("module.staging_app.aws_instance.web[0]", "staging", "t3.medium", `monitoring = false`),
		instanceResource("module.staging_app.aws_instance.web[1]", "staging", "t3.medium", `monitoring = false`),
	)
	productionDoc := stateDocument(
		instanceResource("module.production_app.aws_instance.web[0]", "production", "t3.xlarge", `monitoring = true`),
		instanceResource("module.production_app.aws_instance.web[1]", "production", "t3.xlarge", `monitoring = true`),
		`{
          address = "aws_wafv2_web_acl.main"
          mode    = "managed"
          type    = "aws_wafv2_web_acl"
          name    = "main"
          values  = { scope = "REGIONAL" }
          sensitive_values = {}
        }`,
	)
	main := func(rules []string) string {
		return `
terraform {
  required_providers {
    parity = { source = "envparity/parity" }
  }
}
resource "parity_check" "web" {
  staging    = ` + stagingDoc + `
  production = ` + productionDoc + `
  ratio      = 0.5
` + strings.Join(rules, "\n") + `
}
`
	}
	c := newTerraformCLI(t, map[string]string{"main.tf": main(nil)})
	findings := planFindings(t, c)
	if len(findings) < 3 {
		t.Fatalf("want at least three findings (size, drift, one-sided), got %v", findings)
	}
	tried := map[string]bool{}
	for where, hints := range findings {
		for _, hint := range hints {
			kind := strings.Fields(hint)[0]
			tried[kind] = true
			c.write(map[string]string{"main.tf": main([]string{hint})})
			after := planFindings(t, c)
			if _, still := after[where]; still {
				t.Errorf("%s: still reported after adding the suggested rule\n%s", where, hint)
			}
		}
	}
	t.Logf("findings: %d, hint kinds tried: %v", len(findings), tried)
	for _, kind := range []string{"ignore", "size", "only_in"} {
		if !tried[kind] {
			t.Errorf("no %s hint among the findings %v", kind, findings)
		}
	}
}

// planFindings runs terraform plan -json and returns, for each finding
// diagnostic, its "Where:" line and the rule blocks its detail suggests.
func planFindings(t *testing.T, c *terraformCLI) map[string][]string {
	t.Helper()
	out, _ := c.run("plan", "-input=false", "-lock=false", "-json")
	findings := map[string][]string{}
	for _, line := range strings.Split(out, "\n") {
		var msg struct {
			Type       string `json:"type"`
			Diagnostic struct {
				Summary, Detail string
			} `json:"diagnostic"`
		}
		if json.Unmarshal([]byte(line), &msg) != nil || msg.Type != "diagnostic" {
			continue
		}
		detail := msg.Diagnostic.Detail
		i := strings.Index(detail, "\nWhere:")
		if i < 0 {
			continue
		}
		where := strings.TrimSpace(strings.SplitN(detail[i+len("\nWhere:"):], "\n", 2)[0])
		findings[where] = hintBlocks(detail)
	}
	return findings
}

// hintBlocks returns the blocks a detail suggests: runs of lines indented
// by two spaces, from "  kind {" to "  }".
func hintBlocks(detail string) []string {
	var blocks []string
	var cur []string
	for _, line := range strings.Split(detail, "\n") {
		switch {
		case cur == nil && strings.HasPrefix(line, "  ") && strings.HasSuffix(line, " {") && !strings.HasPrefix(line, "   "):
			cur = []string{line}
		case cur != nil && line == "  }":
			blocks = append(blocks, strings.Join(append(cur, line), "\n"))
			cur = nil
		case cur != nil:
			cur = append(cur, line)
		}
	}
	return blocks
}

// TestTerraformDynamicBlocksFromModuleOutput builds rule blocks with
// dynamic from a module's output, planned with real Terraform.
func TestTerraformDynamicBlocksFromModuleOutput(t *testing.T) {
	c := newTerraformCLI(t, map[string]string{
		"modules/web/main.tf": `
output "ignores" {
  value = { connection_timeout = "staging fails fast" }
}
output "sizes" {
  value = [{ pattern = "database_instance", rounding = "up" }]
}
`,
		"main.tf": `
terraform {
  required_providers {
    parity = { source = "envparity/parity" }
  }
}
module "web" {
  source = "./modules/web"
}
resource "parity_check" "web" {
  staging    = { connection_timeout = 10, database_instance = "db.r6g.large" }
  production = { connection_timeout = 30, database_instance = "db.r6g.xlarge" }
  ratio      = 0.5
  dynamic "ignore" {
    for_each = module.web.ignores
    content {
      pattern = ignore.key
      reason  = ignore.value
    }
  }
  dynamic "size" {
    for_each = module.web.sizes
    content {
      pattern  = size.value.pattern
      rounding = size.value.rounding
    }
  }
}
output "in_parity" {
  value = parity_check.web.in_parity
}
`})
	if out, ok := c.run("get"); !ok {
		t.Fatalf("terraform get:\n%s", out)
	}
	out, ok := c.run("plan", "-input=false", "-lock=false")
	if !ok {
		t.Fatalf("terraform plan failed:\n%s", out)
	}
	mustContain(t, out, "in_parity = true")
	if strings.Contains(out, "Warning: Unused Parity Rule") {
		t.Errorf("a rule from the module output is unused:\n%s", out)
	}
}
