package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// mkfiles creates files (and directories, for names ending in /) under
// root.
func mkfiles(t *testing.T, root string, names ...string) {
	t.Helper()
	for _, n := range names {
		p := filepath.Join(root, filepath.FromSlash(n))
		if strings.HasSuffix(n, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("ratio = 0.5\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestDiscoverRulesFile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		files   []string
		cwd     string
		want    string
		wantErr string
	}{
		{"in the working directory", []string{"repo/.git/", "repo/a/parity.hcl"}, "repo/a", "parity.hcl", ""},
		{"the hidden name", []string{"repo/.git/", "repo/a/.parity.hcl"}, "repo/a", ".parity.hcl", ""},
		{"at the repository root", []string{"repo/.git/", "repo/parity.hcl", "repo/a/b/"}, "repo/a/b", "../../parity.hcl", ""},
		{"a worktree's .git file marks the root", []string{"repo/.git", "repo/.parity.hcl", "repo/a/"}, "repo/a", "../.parity.hcl", ""},
		{"the nearest wins", []string{"repo/.git/", "repo/parity.hcl", "repo/a/parity.hcl", "repo/a/b/"}, "repo/a/b", "../parity.hcl", ""},
		{"never above the repository root", []string{"parity.hcl", "repo/.git/", "repo/a/"}, "repo/a", "", ""},
		{"outside a repository, the working directory only", []string{"parity.hcl", "x/"}, "x", "", ""},
		{"outside a repository, in the working directory", []string{"parity.hcl"}, ".", "parity.hcl", ""},
		{"a directory named parity.hcl is no rules file", []string{"repo/.git/", "repo/parity.hcl", "repo/a/parity.hcl/"}, "repo/a", "../parity.hcl", ""},
		{"nothing anywhere", []string{"repo/.git/", "repo/a/"}, "repo/a", "", ""},
		{"both names in one directory", []string{"repo/.git/", "repo/parity.hcl", "repo/.parity.hcl", "repo/a/"}, "repo/a", "", "both parity.hcl and .parity.hcl are rules files here"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			root := t.TempDir()
			mkfiles(t, root, tt.files...)
			got, err := discoverRulesFile(filepath.Join(root, tt.cwd))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != filepath.FromSlash(tt.want) {
				t.Errorf("found %q, want %q", got, tt.want)
			}
		})
	}
}

// settingsFile writes an object of settings, which check compares key by
// key.
func settingsFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// Several --rules are merged in order, the later file winning: its ratio,
// its environment tokens side by side, its rule where two rules are equally
// specific; the rules of every file apply together.
func TestRulesRepeatable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	staging := settingsFile(t, dir, "staging.json", `{"name":"web-qa","node_count":1,"timeout":10,"alerts":"qa-team"}`)
	production := settingsFile(t, dir, "production.json", `{"name":"web-live","node_count":4,"timeout":30,"alerts":"live-team"}`)
	file := func(name, content string) string { return settingsFile(t, dir, name, content) }
	quarter := file("quarter.hcl", "ratio = 0.25\n")
	half := file("half.hcl", "ratio = 0.5\n")
	ignoreTimeout := file("ignore-timeout.hcl", "ignore \"timeout\" {\n  reason = \"staging fails fast\"\n}\n")
	compareTimeout := file("compare-timeout.hcl", "config \"timeout\" {}\n")
	sizeHalf := file("size-half.hcl", "size \"node_count\" {\n  ratio = 0.5\n}\n")
	sizeQuarter := file("size-quarter.hcl", "size \"node_count\" {\n  ratio = 0.25\n}\n")
	compareTimeoutSpecific := file("compare-timeout-specific.hcl", "config \"timeout\" {\n  when = { alerts = \"live-team\" }\n}\n")
	ignoreAlerts := file("ignore-alerts.hcl", "ignore \"alerts\" {\n  reason = \"each environment pages its own team\"\n}\n")
	tokensStaging := file("tokens-staging.hcl", "environment_tokens {\n  staging = [\"qa\"]\n}\n")
	tokensProduction := file("tokens-production.hcl", "environment_tokens {\n  production = [\"live\"]\n}\n")
	tokensOther := file("tokens-other.hcl", "environment_tokens {\n  staging = [\"test\"]\n}\n")

	tests := []struct {
		name  string
		rules []string
		// drift lists the paths reported; nil is in parity.
		drift []string
	}{
		{"one file", []string{quarter}, []string{"alerts", "name", "timeout"}},
		{"the later ratio wins", []string{half, quarter}, []string{"alerts", "name", "timeout"}},
		{"the later ratio wins, the other way", []string{quarter, half}, []string{"alerts", "name", "node_count", "timeout"}},
		{"rules of every file apply", []string{quarter, ignoreTimeout, ignoreAlerts}, []string{"name"}},
		{"tokens merge side by side", []string{quarter, tokensStaging, tokensProduction, ignoreTimeout, ignoreAlerts}, nil},
		{"the later file's tokens of a side win", []string{quarter, tokensStaging, tokensProduction, tokensOther, ignoreTimeout, ignoreAlerts}, []string{"name"}},
		{"one kind, equally specific: the later rule wins", []string{half, sizeHalf, sizeQuarter}, []string{"alerts", "name", "timeout"}},
		{"one kind, equally specific: the later rule wins, the other way", []string{half, sizeQuarter, sizeHalf}, []string{"alerts", "name", "node_count", "timeout"}},
		{"two kinds, equally specific: ignore before config in any order", []string{quarter, ignoreTimeout, compareTimeout, ignoreAlerts}, []string{"name"}},
		{"two kinds, equally specific: ignore before config, the other way", []string{quarter, compareTimeout, ignoreTimeout, ignoreAlerts}, []string{"name"}},
		{"the more specific rule wins in any file", []string{quarter, compareTimeoutSpecific, ignoreTimeout, ignoreAlerts}, []string{"name", "timeout"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			args := []string{"check", "--format", "json"}
			for _, r := range tt.rules {
				args = append(args, "--rules", r)
			}
			r := run(t, append(args, staging, production)...)
			var paths []string
			for _, f := range decodeFindings(t, r.stdout) {
				paths = append(paths, f.Path)
			}
			want := 0
			if tt.drift != nil {
				want = 1
			}
			if r.code != want || strings.Join(paths, " ") != strings.Join(tt.drift, " ") {
				t.Errorf("exit %d, drift at %v; want exit %d, drift at %v\n%s", r.code, paths, want, tt.drift, r.stderr)
			}
		})
	}

	// Every rules file is an input: no report may overwrite the second.
	r := run(t, "check", "--rules", quarter, "--rules", ignoreAlerts, "--format", "json="+ignoreAlerts, staging, production)
	if r.code != 2 || !strings.Contains(r.stderr, ignoreAlerts+" is the rules file") {
		t.Errorf("a report onto the second rules file: exit %d\n%s", r.code, r.stderr)
	}
	// A mistake names its file.
	bad := file("bad.hcl", "ratio = \"half\"\n")
	r = run(t, "check", "--rules", quarter, "--rules", bad, staging, production)
	if r.code != 2 || !strings.Contains(r.stderr, "bad.hcl:1:9: Invalid ratio") {
		t.Errorf("a bad second rules file: exit %d\n%s", r.code, r.stderr)
	}
}

// A rules file in a parent directory up to the repository root is read,
// and the user is told which; --rules= reads none; a file above the root is
// never read. (Not parallel: the test changes the working directory.)
func TestRulesDiscoveryFromSubdirectory(t *testing.T) {
	root := t.TempDir()
	mkfiles(t, root, "repo/.git/", "repo/envs/")
	settingsFile(t, filepath.Join(root, "repo", "envs"), "staging.json", `{"node_count":2,"timeout":10}`)
	production := settingsFile(t, filepath.Join(root, "repo", "envs"), "production.json", `{"node_count":4,"timeout":10}`)
	settingsFile(t, filepath.Join(root, "repo"), "parity.hcl", "ratio = 0.5\n")
	// Above the repository root: would make the check fail if it were read.
	settingsFile(t, root, "parity.hcl", "ratio = 0.25\n")
	settingsFile(t, root, ".parity.hcl", "ratio = 0.25\n")
	t.Chdir(filepath.Join(root, "repo", "envs"))

	r := run(t, "check", "staging.json", "production.json")
	want := "parity: rules file " + filepath.Join("..", "parity.hcl") + " (found in a parent directory"
	if r.code != 0 || !strings.Contains(r.stderr, want) {
		t.Errorf("exit %d, want 0 with the repository's parity.hcl, and stderr saying so (%q):\n%s%s", r.code, want, r.stdout, r.stderr)
	}
	r = run(t, "hash", "staging.json")
	if !strings.Contains(r.stderr, want) {
		t.Errorf("hash does not say which rules file it read:\n%s", r.stderr)
	}
	r = run(t, "check", "--rules=", "staging.json", "production.json")
	if r.code != 1 || strings.Contains(r.stderr, "rules file") {
		t.Errorf("--rules= : exit %d, want 1 (ratio 1) and no rules file read:\n%s", r.code, r.stderr)
	}
	if err := os.Remove(filepath.Join(root, "repo", "parity.hcl")); err != nil {
		t.Fatal(err)
	}
	r = run(t, "check", "staging.json", production)
	if r.code != 1 || strings.Contains(r.stderr, "rules file") {
		t.Errorf("with no rules file in the repository: exit %d, want 1 and none read (the one above the root stays unread):\n%s", r.code, r.stderr)
	}
}

// jsonReport is what these tests read of a json report.
type jsonReport struct {
	Findings []struct {
		Kind    string `json:"kind"`
		Address string `json:"address"`
		Path    string `json:"path"`
		Reason  string `json:"reason"`
	} `json:"findings"`
	Ignored []struct {
		Path   string `json:"path"`
		Reason string `json:"reason"`
	} `json:"ignored"`
	Stale *[]struct {
		Rule   string `json:"rule"`
		Reason string `json:"reason"`
		File   string `json:"file"`
		Line   int    `json:"line"`
	} `json:"stale"`
}

func decodeReport(t *testing.T, doc string) jsonReport {
	t.Helper()
	var r jsonReport
	if err := json.Unmarshal([]byte(doc), &r); err != nil {
		t.Fatalf("not a json report: %v\n%s", err, doc)
	}
	return r
}

func decodeFindings(t *testing.T, doc string) []struct {
	Kind    string `json:"kind"`
	Address string `json:"address"`
	Path    string `json:"path"`
	Reason  string `json:"reason"`
} {
	t.Helper()
	return decodeReport(t, doc).Findings
}
