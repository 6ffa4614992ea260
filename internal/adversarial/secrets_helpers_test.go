package adversarial

// Helpers of secrets_test.go. Their names start with "secrets" so that they
// never collide with the helpers of the package's other tests.

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/envparity/terraform-provider-parity/internal/testutil"
)

// secretsPlanted starts every planted string: distinctive, and neither
// named nor shaped like a credential, so that only the protection under
// test (a sensitive mark, a redaction mode, a write-only argument) can keep
// it out of an output.
const secretsPlanted = "planted-1f3a9c"

// secretsKit is what the tests run: real Terraform, and the provider and
// CLI built from this tree.
type secretsKit struct {
	terraform string // Terraform binary
	binary    string // terraform-provider-parity, also the parity CLI
	cliConfig string // Terraform CLI configuration with dev_overrides for the binary
	// writeOnlySkip says why write-only arguments cannot be exercised with
	// this Terraform ("" when they can: Terraform 1.11 or later).
	writeOnlySkip string
}

// newSecretsKit builds the binary from the tree into a temporary directory
// and writes a Terraform CLI configuration whose dev_overrides point
// envparity/parity at it (the way tools/check-examples.sh does; the user's
// own configuration is never read).
func newSecretsKit(t *testing.T) *secretsKit {
	t.Helper()
	tf := testutil.RequireBinary(t, "TF_ACC_TERRAFORM_PATH", "terraform")
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	root := secretsModuleRoot(t)
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "terraform-provider-parity"), ".")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cfg := filepath.Join(dir, "terraformrc")
	secretsWrite(t, dir, map[string]string{"terraformrc": `provider_installation {
  dev_overrides {
    "envparity/parity" = "` + filepath.ToSlash(bin) + `"
  }
  direct {}
}
`})
	k := &secretsKit{terraform: tf, binary: filepath.Join(bin, "terraform-provider-parity"), cliConfig: cfg}
	tfx, _ := k.tf(t, dir)
	ctx := context.Background()
	v, _, err := tfx.Version(ctx, true)
	if err != nil {
		t.Fatalf("terraform version: %v", err)
	}
	var resp tfversion.CheckTerraformVersionResponse
	tfversion.SkipBelow(tfversion.Version1_11_0).CheckTerraformVersion(ctx, tfversion.CheckTerraformVersionRequest{TerraformVersion: v}, &resp)
	k.writeOnlySkip = resp.Skip
	return k
}

// secretsModuleRoot is the directory of go.mod.
func secretsModuleRoot(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil || strings.TrimSpace(string(out)) == "" {
		t.Fatalf("go env GOMOD: %v", err)
	}
	return filepath.Dir(strings.TrimSpace(string(out)))
}

// tf returns Terraform in dir with every byte it prints collected in out.
func (k *secretsKit) tf(t *testing.T, dir string) (*tfexec.Terraform, *bytes.Buffer) {
	t.Helper()
	tfx, err := tfexec.NewTerraform(dir, k.terraform)
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{}
	for _, kv := range os.Environ() {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	env["TF_CLI_CONFIG_FILE"] = k.cliConfig
	env["CHECKPOINT_DISABLE"] = "1"
	if err := tfx.SetEnv(tfexec.CleanEnv(env)); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	tfx.SetStdout(&out)
	tfx.SetStderr(&out)
	return tfx, &out
}

// secretsContext bounds one Terraform command.
func secretsContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// secretsWrite writes files into dir.
func secretsWrite(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// secretsRequireAbsent fails when out holds a planted string, naming the
// output and quoting the line.
func secretsRequireAbsent(t *testing.T, what, out string) {
	t.Helper()
	if i := strings.Index(out, secretsPlanted); i >= 0 {
		start := strings.LastIndexByte(out[:i], '\n') + 1
		end := strings.IndexByte(out[i:], '\n')
		if end < 0 {
			end = len(out) - i
		}
		t.Errorf("%s shows a planted string:\n%s", what, out[start:i+end])
	}
}

// secretsRequireContains fails when out lacks want: it proves the output
// under test is the one that would show a leak (the drift was reported).
func secretsRequireContains(t *testing.T, what, out string, want ...string) {
	t.Helper()
	flat := strings.Join(strings.Fields(out), " ")
	for _, w := range want {
		if !strings.Contains(flat, w) {
			t.Errorf("%s does not contain %q:\n%s", what, w, out)
		}
	}
}

// secretsWithoutInputs returns a `terraform show -json` document (state or
// plan) or a raw state without what Terraform itself stores of the inputs: the staging
// and production arguments of every parity_check (Terraform keeps every
// argument, sensitive ones included, in state and in show -json) and the
// plan's variables. Whatever the provider computed stays.
func secretsWithoutInputs(t *testing.T, doc []byte) string {
	t.Helper()
	// terraform-exec asks `terraform version -json` first, into the same
	// output: the document is the last JSON value.
	var v any
	dec := json.NewDecoder(bytes.NewReader(doc))
	for {
		var next any
		if err := dec.Decode(&next); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("show -json: %v\n%s", err, doc)
		}
		v = next
	}
	if v == nil {
		t.Fatalf("show -json printed nothing")
	}
	if m, ok := v.(map[string]any); ok {
		delete(m, "variables")
	}
	secretsStripInputs(v)
	b, _ := json.Marshal(v)
	return string(b)
}

func secretsStripInputs(v any) {
	switch x := v.(type) {
	case map[string]any:
		if x["type"] == "parity_check" {
			// A raw state: resources[].instances[].attributes.
			if instances, ok := x["instances"].([]any); ok {
				for _, in := range instances {
					if m, ok := in.(map[string]any); ok {
						attrs, _ := m["attributes"].(map[string]any)
						delete(attrs, "staging")
						delete(attrs, "production")
					}
				}
			}
			// show -json: values, and a plan's change.before/after.
			for _, key := range []string{"values", "change"} {
				inner, _ := x[key].(map[string]any)
				for _, side := range []string{"", "before", "after"} {
					target := inner
					if side != "" {
						target, _ = inner[side].(map[string]any)
					}
					delete(target, "staging")
					delete(target, "production")
				}
			}
		}
		for _, child := range x {
			secretsStripInputs(child)
		}
	case []any:
		for _, child := range x {
			secretsStripInputs(child)
		}
	}
}

// secretsRunCLI runs the binary as the parity CLI and returns its exit
// code, standard output and standard error.
func (k *secretsKit) secretsRunCLI(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(k.binary, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("parity %v: %v", args, err)
	}
	return code, stdout.String(), stderr.String()
}
