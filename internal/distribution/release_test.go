package distribution

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/envparity/terraform-provider-parity/internal/testutil"
)

// goreleaserConfig is the part of .goreleaser.yml these tests read;
// UnmarshalStrict refuses any key it does not declare, so a misspelt key
// (which goreleaser would also refuse) fails here.
type goreleaserConfig struct {
	Version int `json:"version"`
	Before  struct {
		Hooks []string `json:"hooks"`
	} `json:"before"`
	Builds []struct {
		ID           string   `json:"id"`
		Env          []string `json:"env"`
		ModTimestamp string   `json:"mod_timestamp"`
		Flags        []string `json:"flags"`
		Ldflags      []string `json:"ldflags"`
		Goos         []string `json:"goos"`
		Goarch       []string `json:"goarch"`
		Ignore       []struct {
			Goos   string `json:"goos"`
			Goarch string `json:"goarch"`
		} `json:"ignore"`
		Binary string `json:"binary"`
	} `json:"builds"`
	Archives []struct {
		ID              string   `json:"id"`
		IDs             []string `json:"ids"`
		Formats         []string `json:"formats"`
		FormatOverrides []struct {
			Goos    string   `json:"goos"`
			Formats []string `json:"formats"`
		} `json:"format_overrides"`
		NameTemplate string `json:"name_template"`
	} `json:"archives"`
	Checksum struct {
		ExtraFiles []struct {
			Glob         string `json:"glob"`
			NameTemplate string `json:"name_template"`
		} `json:"extra_files"`
		NameTemplate string `json:"name_template"`
		Algorithm    string `json:"algorithm"`
	} `json:"checksum"`
	Signs []struct {
		Artifacts string   `json:"artifacts"`
		Args      []string `json:"args"`
	} `json:"signs"`
	Release struct {
		GitHub struct {
			Owner string `json:"owner"`
			Name  string `json:"name"`
		} `json:"github"`
		ExtraFiles []struct {
			Glob         string `json:"glob"`
			NameTemplate string `json:"name_template"`
		} `json:"extra_files"`
	} `json:"release"`
	Changelog struct {
		Disable bool `json:"disable"`
	} `json:"changelog"`
}

// The release builds every target it names, and only targets Go has:
// darwin/386 and windows/arm are ignored explicitly. The provider is named,
// zipped, summed and signed as the registry expects.
func TestGoreleaserConfig(t *testing.T) {
	t.Parallel()
	var cfg goreleaserConfig
	readYAML(t, ".goreleaser.yml", &cfg)
	if cfg.Version != 2 {
		t.Errorf("version %d, want 2", cfg.Version)
	}
	dist, err := exec.Command("go", "tool", "dist", "list").Output()
	if err != nil {
		t.Fatal(err)
	}
	valid := map[string]bool{}
	for _, l := range strings.Fields(string(dist)) {
		valid[l] = true
	}
	builds := map[string]bool{}
	for _, b := range cfg.Builds {
		builds[b.ID] = true
		ignored := map[string]bool{}
		for _, i := range b.Ignore {
			ignored[i.Goos+"/"+i.Goarch] = true
		}
		for _, goos := range b.Goos {
			for _, goarch := range b.Goarch {
				target := goos + "/" + goarch
				if !ignored[target] && !valid[target] {
					t.Errorf("build %s names %s, which Go cannot build (go tool dist list): ignore it", b.ID, target)
				}
			}
		}
		if !slices.Contains(b.Ldflags, "-s -w -X main.version={{ .Version }}") || !slices.Contains(b.Env, "CGO_ENABLED=0") {
			t.Errorf("build %s: ldflags %v, env %v", b.ID, b.Ldflags, b.Env)
		}
		if b.ID == "provider" {
			for _, want := range []string{"darwin/386", "windows/arm"} {
				if !ignored[want] {
					t.Errorf("the provider build does not ignore %s explicitly", want)
				}
			}
			if b.Binary != "{{ .ProjectName }}_v{{ .Version }}" {
				t.Errorf("provider binary %q: the registry wants terraform-provider-NAME_vVERSION", b.Binary)
			}
		}
		if b.ID == "cli" && b.Binary != "parity" {
			t.Errorf("cli binary %q, want parity", b.Binary)
		}
	}
	if !builds["provider"] || !builds["cli"] {
		t.Errorf("builds %v, want provider and cli", builds)
	}
	main := readFile(t, filepath.Join(root, "main.go"))
	if !regexp.MustCompile(`(?m)^var version = "dev"$`).MatchString(main) {
		t.Error("main.go declares no var version for -X main.version")
	}

	for _, a := range cfg.Archives {
		switch a.ID {
		case "provider":
			if a.NameTemplate != "{{ .ProjectName }}_{{ .Version }}_{{ .Os }}_{{ .Arch }}" || !slices.Equal(a.Formats, []string{"zip"}) {
				t.Errorf("provider archive %q %v: the registry wants zip archives named NAME_VERSION_OS_ARCH", a.NameTemplate, a.Formats)
			}
		case "cli":
			if len(a.FormatOverrides) != 1 || a.FormatOverrides[0].Goos != "windows" || !slices.Equal(a.FormatOverrides[0].Formats, []string{"zip"}) {
				t.Errorf("cli archives %+v: windows gets zip, which the Action unpacks", a.FormatOverrides)
			}
		}
	}
	if got := checksumName(t, "1.2.3"); got != "terraform-provider-parity_1.2.3_SHA256SUMS" {
		t.Errorf("checksum file %q", got)
	}
	manifest := "{{ .ProjectName }}_{{ .Version }}_manifest.json"
	if len(cfg.Checksum.ExtraFiles) != 1 || cfg.Checksum.ExtraFiles[0].NameTemplate != manifest ||
		len(cfg.Release.ExtraFiles) != 1 || cfg.Release.ExtraFiles[0].NameTemplate != manifest {
		t.Errorf("the registry manifest is not released and summed as %s", manifest)
	}
	if len(cfg.Signs) != 1 || cfg.Signs[0].Artifacts != "checksum" ||
		!slices.Contains(cfg.Signs[0].Args, "{{ .Env.GPG_FINGERPRINT }}") || !slices.Contains(cfg.Signs[0].Args, "--detach-sign") {
		t.Errorf("signs %+v: the checksum file is signed with the key of GPG_FINGERPRINT", cfg.Signs)
	}
	if gh := cfg.Release.GitHub; gh.Owner+"/"+gh.Name != repo {
		t.Errorf("release.github %s/%s: the Action downloads from %s", gh.Owner, gh.Name, repo)
	}
	if m := readFile(t, filepath.Join(root, "terraform-registry-manifest.json")); !strings.Contains(m, `"protocol_versions": ["6.0"]`) {
		t.Errorf("terraform-registry-manifest.json does not declare protocol 6.0:\n%s", m)
	}
}

// workflow is the part of a GitHub workflow these tests read.
type workflow struct {
	On struct {
		Push struct {
			Tags     []string `json:"tags"`
			Branches []string `json:"branches"`
		} `json:"push"`
	} `json:"on"`
	Permissions map[string]string `json:"permissions"`
	Jobs        map[string]struct {
		Steps []struct {
			ID   string            `json:"id"`
			Uses string            `json:"uses"`
			Run  string            `json:"run"`
			With map[string]any    `json:"with"`
			Env  map[string]string `json:"env"`
		} `json:"steps"`
	} `json:"jobs"`
}

func readWorkflow(t *testing.T, rel string) workflow {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(root, rel))
	if err != nil {
		t.Fatal(err)
	}
	var w workflow
	// YAML 1.1 reads a bare on as true; GitHub reads it as the key "on".
	src = regexp.MustCompile(`(?m)^on:`).ReplaceAll(src, []byte(`"on":`))
	// Workflows have keys this struct does not declare: read leniently.
	if err := yamlUnmarshal(src, &w); err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	return w
}

func TestReleaseWorkflow(t *testing.T) {
	t.Parallel()
	w := readWorkflow(t, ".github/workflows/release.yml")
	if !slices.Equal(w.On.Push.Tags, []string{"v*"}) || w.Permissions["contents"] != "write" {
		t.Errorf("on %+v, permissions %v: want tags v* and contents: write", w.On, w.Permissions)
	}
	steps := w.Jobs["goreleaser"].Steps
	var uses []string
	var notes, gpg, release bool
	for _, s := range steps {
		uses = append(uses, s.Uses)
		switch {
		case strings.HasPrefix(s.Uses, "actions/checkout@"):
			if s.With["fetch-depth"] != float64(0) {
				t.Errorf("checkout fetch-depth %v: goreleaser needs the tags", s.With["fetch-depth"])
			}
		case strings.Contains(s.Run, "tools/release-notes.sh"):
			notes = true
		case strings.HasPrefix(s.Uses, "crazy-max/ghaction-import-gpg@"):
			gpg = s.ID == "import_gpg" && s.With["gpg_private_key"] == "${{ secrets.GPG_PRIVATE_KEY }}" && s.With["passphrase"] == "${{ secrets.PASSPHRASE }}"
		case strings.HasPrefix(s.Uses, "goreleaser/goreleaser-action@"):
			args, _ := s.With["args"].(string)
			release = strings.HasPrefix(args, "release --clean --release-notes ") &&
				s.Env["GPG_FINGERPRINT"] == "${{ steps.import_gpg.outputs.fingerprint }}" && s.Env["GITHUB_TOKEN"] == "${{ secrets.GITHUB_TOKEN }}"
		}
	}
	if !notes || !gpg || !release {
		t.Errorf("release steps %v: notes %v, signing key %v, goreleaser release signed with it %v", uses, notes, gpg, release)
	}
	for _, u := range uses {
		if u != "" && !regexp.MustCompile(`@v[0-9]+$`).MatchString(u) {
			t.Errorf("%s is not pinned to a major version", u)
		}
	}
}

// The test workflow runs what a developer runs, and its steps fetch nothing
// themselves: programs come from the setup actions, the Go proxy and apt.
func TestTestWorkflow(t *testing.T) {
	t.Parallel()
	w := readWorkflow(t, ".github/workflows/test.yml")
	runsSuite, checksRelease := false, false
	for name, job := range w.Jobs {
		for _, s := range job.Steps {
			if s.Run == ".ci/run" {
				runsSuite = true
			}
			if strings.HasPrefix(s.Uses, "goreleaser/goreleaser-action@") && s.With["args"] == "check" {
				checksRelease = true
			}
			if regexp.MustCompile(`\b(curl|wget)\b|https?://`).MatchString(s.Run) {
				t.Errorf("job %s downloads in a step: %s", name, s.Run)
			}
			if s.Uses != "" && !regexp.MustCompile(`@v[0-9]+$`).MatchString(s.Uses) {
				t.Errorf("job %s: %s is not pinned to a major version", name, s.Uses)
			}
		}
	}
	if !runsSuite || !checksRelease {
		t.Errorf("test.yml runs .ci/run: %v; checks .goreleaser.yml with goreleaser check: %v", runsSuite, checksRelease)
	}
	ci := readFile(t, filepath.Join(root, ".ci", "run"))
	if !strings.Contains(ci, "export CI=true") || !strings.Contains(ci, "exec make test") {
		t.Errorf(".ci/run is not make test under CI=true:\n%s", ci)
	}
}

func TestReleaseNotes(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t)
	dir := t.TempDir()
	changelog := writeFile(t, filepath.Join(dir, "CHANGELOG.md"), `# Changelog

## 1.1.0 (Unreleased)

FEATURES:

* something new


## 1.0.1 (March 3, 2025)
* a fix
## 1.0.0
`)
	for _, tc := range []struct {
		version string
		code    int
		want    string
	}{
		{"v1.1.0", 0, "FEATURES:\n\n* something new\n"},
		{"1.0.1", 0, "* a fix\n"},
		{"v1.0.0", 1, ""},
		{"v2.0.0", 1, ""},
	} {
		o := sb.run(t, dir, "tools/release-notes.sh", nil, "")
		if o.code != 2 {
			t.Errorf("without a version: exit %d", o.code)
		}
		cmd := sb.command(t, dir, "tools/release-notes.sh", tc.version, changelog)
		out, err := cmd.Output()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		if code != tc.code || string(out) != tc.want {
			t.Errorf("%s: exit %d, notes %q; want exit %d, %q", tc.version, code, out, tc.code, tc.want)
		}
	}
	// The version this branch releases next has notes.
	top := regexp.MustCompile(`(?m)^## ([0-9]+\.[0-9]+\.[0-9]+)`).FindStringSubmatch(readFile(t, filepath.Join(root, "CHANGELOG.md")))
	if top == nil {
		t.Fatal("CHANGELOG.md has no version section")
	}
	out, err := sb.command(t, root, "tools/release-notes.sh", "v"+top[1]).Output()
	if err != nil || !strings.Contains(string(out), "FEATURES:") {
		t.Errorf("release notes of %s: %v\n%s", top[1], err, out)
	}
}

// preCommitHook is one hook of .pre-commit-hooks.yaml.
type preCommitHook struct {
	ID            string `json:"id"`
	Name          string `json:"name"`
	Description   string `json:"description"`
	Entry         string `json:"entry"`
	Language      string `json:"language"`
	Files         string `json:"files"`
	PassFilenames *bool  `json:"pass_filenames"`
	RequireSerial bool   `json:"require_serial"`
}

// The hooks run parity check on two configuration directories when a .tf,
// .tfvars or rules file changes; the golang hook's entry is the binary
// `go install` makes of this module.
func TestPreCommitHooks(t *testing.T) {
	t.Parallel()
	var hooks []preCommitHook
	readYAML(t, ".pre-commit-hooks.yaml", &hooks)
	if len(hooks) == 0 {
		t.Fatal("no hooks")
	}
	module := regexp.MustCompile(`(?m)^module (\S+)$`).FindStringSubmatch(readFile(t, filepath.Join(root, "go.mod")))[1]
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "parity.hcl"), "ratio = 0.5\n")
	tf := func(typ string, count int) string {
		return "resource \"aws_instance\" \"web\" {\n  count         = " + string(rune('0'+count)) + "\n  instance_type = \"" + typ + "\"\n}\n"
	}
	writeFile(t, filepath.Join(dir, "envs", "staging", "main.tf"), tf("t3.large", 2))
	writeFile(t, filepath.Join(dir, "envs", "production", "main.tf"), tf("t3.xlarge", 4))
	writeFile(t, filepath.Join(dir, "envs", "drifted", "main.tf"), tf("m5.large", 2))
	for _, h := range hooks {
		t.Run(h.ID, func(t *testing.T) {
			if h.Name == "" || h.Description == "" || h.PassFilenames == nil || *h.PassFilenames || !h.RequireSerial {
				t.Errorf("%+v: name, description, pass_filenames false (two directories, not the changed files) and require_serial", h)
			}
			files := regexp.MustCompile(h.Files)
			for path, want := range map[string]bool{"envs/staging/main.tf": true, "terraform.tfvars": true, "parity.hcl": true,
				".parity.hcl": true, "policies/parity.baseline.hcl": true, "README.md": false, "main.tf.orig": false, "other.hcl": false} {
				if files.MatchString(path) != want {
					t.Errorf("files %q matches %s: %v, want %v", h.Files, path, !want, want)
				}
			}
			entry := strings.Fields(h.Entry)
			switch h.Language {
			case "golang":
				if entry[0] != filepath.Base(module) {
					t.Errorf("entry %q: go install names the binary %s", h.Entry, filepath.Base(module))
				}
			case "system":
				if entry[0] != "parity" {
					t.Errorf("entry %q: the released binary is parity", h.Entry)
				}
			default:
				t.Errorf("language %q", h.Language)
			}
			sb := newSandbox(t)
			sb.link(t, entry[0], parityBinary)
			for side, want := range map[string]int{"envs/staging": 0, "envs/drifted": 1} {
				cmd := sb.commandPath(t, dir, entry[0], append(entry[1:], side, "envs/production")...)
				out, err := cmd.CombinedOutput()
				code := 0
				if ee, ok := err.(*exec.ExitError); ok {
					code = ee.ExitCode()
				}
				if code != want || !strings.Contains(string(out), "rules file parity.hcl") {
					t.Errorf("%s %s envs/production: exit %d, want %d with the repository's parity.hcl\n%s", h.Entry, side, code, want, out)
				}
			}
		})
	}
}

// Every shell script of the Action and the release passes shellcheck.
func TestShellcheck(t *testing.T) {
	t.Parallel()
	shellcheck := testutil.RequireBinary(t, "PARITY_SHELLCHECK", "shellcheck")
	scripts, _ := filepath.Glob(filepath.Join(root, "action", "*.sh"))
	scripts = append(scripts, filepath.Join(root, "tools", "release-notes.sh"), filepath.Join(root, "examples", "ci", "install-parity.sh"))
	if len(scripts) < 5 {
		t.Fatalf("scripts: %v", scripts)
	}
	out, err := exec.Command(shellcheck, append([]string{"--severity=style"}, scripts...)...).CombinedOutput()
	if err != nil {
		t.Errorf("shellcheck: %v\n%s", err, out)
	}
}
