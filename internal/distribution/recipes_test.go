package distribution

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/envparity/terraform-provider-parity/internal/testutil"
)

// fakeCurlO extends fakeCurl with -O (save under the URL's file name),
// which the install recipe uses.
const fakeCurlO = `#!/usr/bin/env bash
set -euo pipefail
args=()
for a in "$@"; do
  case "$a" in
    -fsSLO) args+=(-fsSL -o "__BASENAME__") ;;
    *) args+=("$a") ;;
  esac
done
url="${*: -1}"
exec fake-curl "${args[@]//__BASENAME__/${url##*/}}"
`

// The install recipe of the CI guide installs the release's parity and
// refuses an archive whose checksum is not the release's.
func TestInstallRecipe(t *testing.T) {
	t.Parallel()
	for _, tamper := range []bool{false, true} {
		dir := t.TempDir()
		releases := filepath.Join(dir, "releases")
		fakeRelease(t, releases)
		if tamper {
			archive := filepath.Join(releases, "v0.2.0", cliArchiveName(t, "0.2.0", "linux", "amd64"))
			writeFile(t, archive, readFile(t, archive)+"x")
		}
		sb := newSandbox(t, "install")
		sb.add(t, "fake-curl", fakeCurl)
		sb.add(t, "curl", fakeCurlO)
		bin := filepath.Join(dir, "bin")
		if err := os.Mkdir(bin, 0o755); err != nil {
			t.Fatal(err)
		}
		o := sb.run(t, dir, "examples/ci/install-parity.sh", map[string]string{"PARITY_BIN": bin, "TMPDIR": dir,
			"FAKE_LOG": filepath.Join(dir, "calls.log"), "FAKE_RELEASES": releases, "FAKE_REPO": repo}, "")
		_, err := os.Stat(filepath.Join(bin, "parity"))
		switch {
		case !tamper && (o.code != 0 || err != nil || !strings.Contains(o.stdout, "parity 0.2.0")):
			t.Errorf("install: exit %d (%v)\n%s%s", o.code, err, o.stdout, o.stderr)
		case tamper && (o.code == 0 || err == nil || !strings.Contains(o.stdout+o.stderr, "FAILED")):
			t.Errorf("a tampered archive: exit %d, installed %v\n%s%s", o.code, err == nil, o.stdout, o.stderr)
		}
	}
}

// workflowRecipe is the part of the CI guide's workflow the test runs.
type workflowRecipe struct {
	Permissions map[string]string `json:"permissions"`
	Jobs        map[string]struct {
		Steps []struct {
			Name string            `json:"name"`
			Uses string            `json:"uses"`
			If   string            `json:"if"`
			Run  string            `json:"run"`
			With map[string]string `json:"with"`
		} `json:"steps"`
	} `json:"jobs"`
}

// The CI guide's workflow, run as GitHub would run it but for GitHub: its
// shell steps by bash with the real terraform on two working directories,
// the action's step by action/run.sh with the inputs the workflow gives it
// and the real parity. It fails on drift, passes with a baseline written
// by parity baseline, and leaves no document behind.
func TestGitHubWorkflowRecipe(t *testing.T) {
	t.Parallel()
	terraform := testutil.RequireBinary(t, "TF_ACC_TERRAFORM_PATH", "terraform")
	src := readFile(t, filepath.Join(root, "examples", "ci", "github-workflow.yml"))
	var w workflowRecipe
	if err := yamlUnmarshal([]byte(regexp.MustCompile(`(?m)^on:`).ReplaceAllString(src, `"on":`)), &w); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"contents", "pull-requests", "security-events"} {
		if w.Permissions[p] == "" {
			t.Errorf("the workflow does not ask for %s", p)
		}
	}
	var a actionDefinition
	readYAML(t, "action.yml", &a)

	repoDir := t.TempDir()
	data := func(instanceType string, monitoring bool) string {
		m := "false"
		if monitoring {
			m = "true"
		}
		return "resource \"terraform_data\" \"web\" {\n  input = {\n    instance_type = \"" + instanceType + "\"\n    monitoring    = " + m + "\n  }\n}\n"
	}
	writeFile(t, filepath.Join(repoDir, "envs", "staging", "main.tf"), data("t3.large", false))
	writeFile(t, filepath.Join(repoDir, "envs", "production", "main.tf"), data("t3.xlarge", true))
	writeFile(t, filepath.Join(repoDir, "parity.hcl"), "ratio = 0.5\n")
	runnerTemp := t.TempDir()
	env := map[string]string{"RUNNER_TEMP": runnerTemp, "TF_CLI_CONFIG_FILE": "/dev/null", "CHECKPOINT_DISABLE": "1",
		"TF_IN_AUTOMATION": "1", "GITHUB_OUTPUT": filepath.Join(runnerTemp, "output")}
	for _, side := range []string{"staging", "production"} {
		// The environments exist: their states are what the workflow shows.
		for _, args := range [][]string{{"init", "-input=false"}, {"apply", "-auto-approve", "-input=false"}} {
			cmd := exec.Command(terraform, append([]string{"-chdir=envs/" + side}, args...)...)
			cmd.Dir = repoDir
			cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE=/dev/null", "CHECKPOINT_DISABLE=1")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("terraform %v in %s: %v\n%s", args, side, err, out)
			}
		}
	}

	sb := newSandbox(t, "jq")
	sb.link(t, "terraform", terraform)
	sb.link(t, "parity", parityBinary)
	expand := func(s string) string { return strings.ReplaceAll(s, "${{ runner.temp }}", runnerTemp) }
	runStep := func(name, script string) outcome {
		t.Helper()
		path := writeFile(t, filepath.Join(t.TempDir(), "step.sh"), script)
		cmd := sb.commandPath(t, repoDir, "bash", "-e", path)
		for k, v := range env {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
		out, err := cmd.CombinedOutput()
		o := outcome{stdout: string(out)}
		if ee, ok := err.(*exec.ExitError); ok {
			o.code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return o
	}

	check := func() (outcome, map[string]string) {
		t.Helper()
		if err := os.Remove(env["GITHUB_OUTPUT"]); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		var result outcome
		ran := false
		for _, s := range w.Jobs["parity"].Steps {
			switch {
			case s.Run != "" && s.If == "":
				if o := runStep(s.Name, s.Run); o.code != 0 {
					t.Fatalf("step %q: exit %d\n%s", s.Name, o.code, o.stdout)
				}
			case strings.HasPrefix(s.Uses, "envparity/terraform-provider-parity@"):
				// The environment action.yml gives run.sh, with the
				// workflow's inputs (or the defaults) in place.
				stepEnv := map[string]string{}
				for k, v := range env {
					stepEnv[k] = v
				}
				input := regexp.MustCompile(`\$\{\{ inputs\.([a-z-]+) \}\}`)
				for _, step := range a.Runs.Steps {
					if step.ID != "check" {
						continue
					}
					for k, v := range step.Env {
						stepEnv[k] = input.ReplaceAllStringFunc(v, func(ref string) string {
							name := input.FindStringSubmatch(ref)[1]
							if given, ok := s.With[name]; ok {
								return expand(given)
							}
							if d := a.Inputs[name].Default; d != nil {
								return *d
							}
							return ""
						})
					}
				}
				for name := range s.With {
					if _, ok := a.Inputs[name]; !ok {
						t.Errorf("the workflow gives the action %s, which action.yml does not declare", name)
					}
				}
				result = sb.run(t, repoDir, "action/run.sh", stepEnv, "")
				ran = true
			}
		}
		if !ran {
			t.Fatal("the workflow does not use the action")
		}
		return result, outputs(t, env["GITHUB_OUTPUT"])
	}

	for _, side := range []string{"staging", "production"} {
		if _, err := os.Stat(filepath.Join(runnerTemp, side+".json")); err == nil {
			t.Fatal("a document exists before the workflow ran")
		}
	}
	// Drift, and no baseline yet: parity.baseline.hcl is named but absent.
	o, out := check()
	if o.code != 2 || !strings.Contains(o.stdout+o.stderr, "parity.baseline.hcl: cannot read rules file") {
		t.Fatalf("without the baseline file: exit %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	doc := readFile(t, filepath.Join(runnerTemp, "staging.json"))
	if !strings.Contains(doc, `"format_version"`) || !strings.Contains(doc, `"t3.large"`) {
		t.Fatalf("the show step wrote no state document:\n%s", doc)
	}

	writeFile(t, filepath.Join(repoDir, "parity.baseline.hcl"), "")
	o, out = check()
	if o.code != 0 || out["exit-code"] != "1" || !strings.Contains(o.stdout, "monitoring") {
		t.Fatalf("with an empty baseline: exit %d, outputs %v (want the drift reported)\n%s%s", o.code, out, o.stdout, o.stderr)
	}

	baseline := sb.commandPath(t, repoDir, "parity", "baseline", "--rules", "parity.hcl",
		filepath.Join(runnerTemp, "staging.json"), filepath.Join(runnerTemp, "production.json"))
	written, err := baseline.Output()
	if err != nil {
		t.Fatalf("parity baseline: %v", err)
	}
	writeFile(t, filepath.Join(repoDir, "parity.baseline.hcl"), string(written))
	o, out = check()
	if o.code != 0 || out["exit-code"] != "0" || out["in-parity"] != "true" {
		t.Fatalf("with the baseline: exit %d, outputs %v\n%s%s", o.code, out, o.stdout, o.stderr)
	}

	// The last step removes the documents, which hold the state's secrets.
	for _, s := range w.Jobs["parity"].Steps {
		if s.If == "always()" && s.Run != "" {
			if o := runStep(s.Name, s.Run); o.code != 0 {
				t.Fatalf("step %q: exit %d\n%s", s.Name, o.code, o.stdout)
			}
		}
	}
	for _, side := range []string{"staging", "production"} {
		if _, err := os.Stat(filepath.Join(runnerTemp, side+".json")); err == nil {
			t.Errorf("%s.json is left behind", side)
		}
	}
}
