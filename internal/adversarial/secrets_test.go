package adversarial

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"
)

// TestSecretsNeverPrinted plants distinctive strings where a user's
// secrets live, runs real Terraform (plan, apply, show, show -json of the
// plan file and of the state) with the provider built from this tree and
// the parity CLI in every report format, and checks that no output holds a
// planted string:
//
//   - sensitive variables under ordinary names (conn, dsn, a list element,
//     a map value, a nested object) given to parity_check: hidden by the
//     provider's default redact = "strings", and by "all";
//   - the sensitive marks of real `terraform show -json` documents and raw
//     states (written by Terraform from sensitive variables), read by the
//     CLI and decoded into parity_check, with redact = "secrets", where the
//     marks alone protect them;
//   - write-only inputs (staging_wo, production_wo), which must reach
//     neither the state file nor show -json at all.
//
// Terraform stores every argument in state and in show -json, sensitive
// ones included, so for the ordinary inputs the checks look at everything
// but parity_check's staging and production arguments (and the plan's
// record of the variables): at all that the provider computes and prints.
func TestSecretsNeverPrinted(t *testing.T) {
	k := newSecretsKit(t)
	docs := secretsDocuments(t, k)
	t.Run("cli", func(t *testing.T) { secretsCLI(t, k, docs) })
	t.Run("provider", func(t *testing.T) { secretsProvider(t, k, docs) })
	t.Run("write_only", func(t *testing.T) {
		if k.writeOnlySkip != "" {
			t.Skip(k.writeOnlySkip + " (write-only arguments need Terraform 1.11; staging_wo and production_wo not exercised)")
		}
		secretsWriteOnly(t, k)
	})
}

// Planted values, per environment.
var secretsValues = map[string]map[string]string{
	"staging":    {"endpoint": secretsPlanted + "-endpoint-stg-a1", "replica": secretsPlanted + "-replica-stg-b2"},
	"production": {"endpoint": secretsPlanted + "-endpoint-prd-c3", "replica": secretsPlanted + "-replica-prd-d4"},
}

// secretsDocumentsConfig writes each environment's database settings from
// sensitive variables, under ordinary names: a string, a list element, a
// map value and (staging only) a nested object. Terraform records the
// marks in show -json (sensitive_values) and in the raw state
// (sensitive_attributes).
const secretsDocumentsConfig = `
variable "endpoint" {
  type      = string
  sensitive = true
}
variable "replica" {
  type      = string
  sensitive = true
}
variable "with_extra" {
  type    = bool
  default = false
}
resource "terraform_data" "db" {
  input = {
    endpoint = var.endpoint
    engine   = "postgres"
    hosts    = ["db-a", var.replica]
    labels   = { dsn = var.endpoint }
    extra    = var.with_extra ? { inner = { ref = var.replica } } : null
  }
}
`

type secretsDocs struct {
	dir string // holds staging.json, production.json, staging.tfstate, production.tfstate
}

// secretsDocuments applies the configuration once per environment and
// keeps what Terraform writes: show -json of the state and the raw state.
func secretsDocuments(t *testing.T, k *secretsKit) secretsDocs {
	t.Helper()
	out := t.TempDir()
	for _, env := range []string{"staging", "production"} {
		dir := filepath.Join(t.TempDir(), env)
		vars := `endpoint = "` + secretsValues[env]["endpoint"] + `"` + "\n" + `replica = "` + secretsValues[env]["replica"] + `"` + "\n"
		if env == "staging" {
			vars += "with_extra = true\n"
		}
		secretsWrite(t, dir, map[string]string{"main.tf": secretsDocumentsConfig, "env.auto.tfvars": vars})
		tf, log := k.tf(t, dir)
		ctx := secretsContext(t)
		if err := tf.Init(ctx); err != nil {
			t.Fatalf("%s: terraform init: %v\n%s", env, err, log)
		}
		if err := tf.Apply(ctx); err != nil {
			t.Fatalf("%s: terraform apply: %v\n%s", env, err, log)
		}
		log.Reset()
		if _, err := tf.Show(ctx); err != nil {
			t.Fatalf("%s: terraform show -json: %v\n%s", env, err, log)
		}
		doc := log.String()
		if !strings.Contains(doc, `"sensitive_values"`) || !strings.Contains(doc, secretsValues[env]["endpoint"]) {
			t.Fatalf("%s: show -json holds no marked planted value:\n%s", env, doc)
		}
		raw, err := os.ReadFile(filepath.Join(dir, "terraform.tfstate"))
		if err != nil {
			t.Fatal(err)
		}
		secretsWrite(t, out, map[string]string{env + ".json": doc, env + ".tfstate": string(raw)})
	}
	return secretsDocs{dir: out}
}

// secretsOutputIgnore is a rule every check of these documents needs:
// terraform_data copies its input to its output attribute, and Terraform
// writes that copy without the sensitive marks. Unmarked, with an ordinary
// name and look, the copy is protected only by redact = "strings" or
// "all" (checked without the rule below).
const secretsOutputIgnore = `ignore "terraform_data.*.output" { reason = "a copy of input that Terraform writes unmarked" }`

func secretsCLI(t *testing.T, k *secretsKit, docs secretsDocs) {
	dir := docs.dir
	secretsWrite(t, dir, map[string]string{
		// A config rule forces the marked endpoint to be compared: a finding
		// whose values only the marks mask.
		"parity.hcl": secretsOutputIgnore + "\n" + `config "terraform_data.*.input.endpoint" {}` + "\n",
		"none.hcl":   "\n",
	})
	reports := []string{"report.json", "report.sarif", "report.xml", "report.md", "report.txt"}
	for _, in := range []struct{ name, staging, production string }{
		{"show -json", "staging.json", "production.json"},
		{"raw state", "staging.tfstate", "production.tfstate"},
	} {
		t.Run(in.name, func(t *testing.T) {
			for _, r := range reports {
				os.Remove(filepath.Join(dir, r))
			}
			code, stdout, stderr := k.secretsRunCLI(t, dir, "check", "--rules", "parity.hcl",
				"--format", "text", "--format", "json=report.json", "--format", "sarif=report.sarif",
				"--format", "junit=report.xml", "--format", "markdown=report.md", in.staging, in.production)
			if code != 1 {
				t.Fatalf("exit code %d, want 1 (drift)\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
			}
			secretsRequireAbsent(t, "stdout (text)", stdout)
			secretsRequireAbsent(t, "stderr", stderr)
			secretsRequireContains(t, "text report", stdout,
				"input.endpoint differs between staging and production (the values are secret and not shown).",
				"input.extra is set in staging but not in production (the values are secret and not shown).",
				"secret values not compared")
			for _, r := range reports[:4] {
				b, err := os.ReadFile(filepath.Join(dir, r))
				if err != nil {
					t.Fatal(err)
				}
				secretsRequireAbsent(t, r, string(b))
				secretsRequireContains(t, r, string(b), "input.endpoint")
			}
			var rep struct {
				Summary struct {
					SecretsNotCompared int `json:"secrets_not_compared"`
				} `json:"summary"`
			}
			b, _ := os.ReadFile(filepath.Join(dir, "report.json"))
			if err := json.Unmarshal(b, &rep); err != nil || rep.Summary.SecretsNotCompared < 2 {
				t.Errorf("json report counts %d secret values not compared (%v), want the list element and the map value", rep.Summary.SecretsNotCompared, err)
			}
		})
	}
	t.Run("redact strings", func(t *testing.T) {
		// No rules: the unmarked copies in output are compared, and
		// redact = "strings" hides them.
		code, stdout, stderr := k.secretsRunCLI(t, dir, "check", "--rules", "none.hcl", "--redact", "strings",
			"--format", "text", "--format", "json=strings.json", "staging.json", "production.json")
		if code != 1 {
			t.Fatalf("exit code %d, want 1\n%s\n%s", code, stdout, stderr)
		}
		b, _ := os.ReadFile(filepath.Join(dir, "strings.json"))
		for what, out := range map[string]string{"stdout": stdout, "stderr": stderr, "strings.json": string(b)} {
			secretsRequireAbsent(t, what, out)
		}
		secretsRequireContains(t, "text report", stdout, `output.endpoint differs between staging and production (the values are hidden: redact = "strings").`)
	})
	t.Run("hash", func(t *testing.T) {
		_, stdout, stderr := k.secretsRunCLI(t, dir, "hash", "--rules", "parity.hcl", "staging.json")
		secretsRequireAbsent(t, "parity hash", stdout+stderr)
		secretsRequireContains(t, "parity hash", stdout, "sha256:")
	})
}

// secretsProviderConfig compares the same documents in parity_check
// (redact = "secrets": the marks alone protect), and sensitive variables
// under ordinary names with the provider's default redaction and with
// redact = "all".
const secretsProviderConfig = `
terraform {
  required_providers {
    parity = { source = "envparity/parity" }
  }
}
variable "enforcement" {
  type = string
}
variable "conn" {
  type      = map(string)
  sensitive = true
}
variable "items" {
  type      = map(list(string))
  sensitive = true
}
locals {
  settings = { for env in ["staging", "production"] : env => {
    conn    = var.conn[env]
    hosts   = var.items[env]
    labels  = { dsn = var.conn[env] }
    nested  = { inner = { value = var.items[env][0] } }
    timeout = 30
  } }
}
resource "parity_check" "documents" {
  staging     = jsondecode(file("${path.module}/staging.json"))
  production  = jsondecode(file("${path.module}/production.json"))
  redact      = "secrets"
  enforcement = var.enforcement
  config {
    pattern = "terraform_data.*.input.endpoint"
  }
  ignore {
    pattern = "terraform_data.*.output"
    reason  = "a copy of input that Terraform writes unmarked"
  }
}
resource "parity_check" "variables" {
  staging     = local.settings["staging"]
  production  = local.settings["production"]
  enforcement = var.enforcement
}
resource "parity_check" "nothing_shown" {
  staging     = local.settings["staging"]
  production  = local.settings["production"]
  enforcement = var.enforcement
  redact      = "all"
}
`

const secretsProviderVars = `conn  = { staging = "` + secretsPlanted + `-conn-stg-e5", production = "` + secretsPlanted + `-conn-prd-f6" }
items = { staging = ["` + secretsPlanted + `-item-stg-g7"], production = ["` + secretsPlanted + `-item-prd-h8"] }
`

func secretsProvider(t *testing.T, k *secretsKit, docs secretsDocs) {
	dir := t.TempDir()
	stagingDoc, _ := os.ReadFile(filepath.Join(docs.dir, "staging.json"))
	productionDoc, _ := os.ReadFile(filepath.Join(docs.dir, "production.json"))
	secretsWrite(t, dir, map[string]string{
		"main.tf": secretsProviderConfig, "secrets.auto.tfvars": secretsProviderVars,
		"staging.json": string(stagingDoc), "production.json": string(productionDoc),
	})
	tf, log := k.tf(t, dir)
	ctx := secretsContext(t)

	// Error enforcement: the plan fails with one diagnostic per finding.
	if _, err := tf.Plan(ctx, tfexec.Var("enforcement=error")); err == nil {
		t.Fatalf("plan with drift passed:\n%s", log)
	}
	secretsRequireAbsent(t, "failed plan", log.String())
	secretsRequireContains(t, "failed plan", log.String(),
		"input.endpoint differs between staging and production (the values are secret and not shown).",
		`conn differs between staging and production (the values are hidden: redact = "strings").`,
		`nested.inner.value differs between staging and production (the values are hidden: redact = "all").`)

	// Warn enforcement: plan, apply and show everything.
	steps := []struct {
		name string
		run  func() error
		json bool
	}{
		{"plan", func() error { _, err := tf.Plan(ctx, tfexec.Var("enforcement=warn"), tfexec.Out("tfplan")); return err }, false},
		{"show (plan)", func() error { s, err := tf.ShowPlanFileRaw(ctx, "tfplan"); log.WriteString(s); return err }, false},
		{"show -json (plan)", func() error { _, err := tf.ShowPlanFile(ctx, "tfplan"); return err }, true},
		{"apply", func() error { return tf.Apply(ctx, tfexec.DirOrPlan("tfplan")) }, false},
		{"show (state)", func() error { s, err := tf.ShowPlanFileRaw(ctx, "terraform.tfstate"); log.WriteString(s); return err }, false},
		{"show -json (state)", func() error { _, err := tf.Show(ctx); return err }, true},
	}
	for _, step := range steps {
		log.Reset()
		if err := step.run(); err != nil {
			t.Fatalf("%s: %v\n%s", step.name, err, log)
		}
		out := log.String()
		if step.json {
			out = secretsWithoutInputs(t, log.Bytes())
			secretsRequireContains(t, step.name, out, `"(sensitive)"`, `"(redacted)"`, `"path":"conn"`)
		}
		secretsRequireAbsent(t, step.name, out)
	}
	state, err := os.ReadFile(filepath.Join(dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	secretsRequireAbsent(t, "terraform.tfstate (but the inputs)", secretsWithoutInputs(t, state))
}

// secretsWriteOnly checks with staging_wo and production_wo: the planted
// strings reach neither the state file nor show -json, not even as inputs.
func secretsWriteOnly(t *testing.T, k *secretsKit) {
	dir := t.TempDir()
	// The variables and locals of the provider test, and one check.
	config := secretsProviderConfig[:strings.Index(secretsProviderConfig, `resource "parity_check" "documents"`)] + `
resource "parity_check" "write_only" {
  staging_wo    = local.settings["staging"]
  production_wo = local.settings["production"]
  enforcement   = var.enforcement
}
`
	secretsWrite(t, dir, map[string]string{"main.tf": config, "secrets.auto.tfvars": secretsProviderVars})
	tf, log := k.tf(t, dir)
	ctx := secretsContext(t)
	if _, err := tf.Plan(ctx, tfexec.Var("enforcement=warn"), tfexec.Out("tfplan")); err != nil {
		t.Fatalf("plan: %v\n%s", err, log)
	}
	secretsRequireAbsent(t, "plan", log.String())
	log.Reset()
	if err := tf.Apply(ctx, tfexec.DirOrPlan("tfplan")); err != nil {
		t.Fatalf("apply: %v\n%s", err, log)
	}
	secretsRequireAbsent(t, "apply", log.String())
	state, err := os.ReadFile(filepath.Join(dir, "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	secretsRequireAbsent(t, "terraform.tfstate", string(state))
	secretsRequireContains(t, "terraform.tfstate", string(state), `"path": "conn"`, `"staging": "(redacted)"`)
	log.Reset()
	if _, err := tf.Show(ctx); err != nil {
		t.Fatalf("show -json: %v\n%s", err, log)
	}
	secretsRequireAbsent(t, "show -json (state)", log.String())
	log.Reset()
	s, err := tf.ShowPlanFileRaw(ctx, "terraform.tfstate")
	if err != nil {
		t.Fatalf("show: %v\n%s", err, log)
	}
	secretsRequireAbsent(t, "show (state)", s)
}
