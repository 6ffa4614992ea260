package distribution

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"text/template"
)

// fakeGH stands in for gh: it records every call in $FAKE_LOG, serves
// releases from $FAKE_RELEASES (a file "latest" naming the latest tag, a
// directory per tag holding its assets) and keeps pull-request comments in
// $FAKE_COMMENTS (a JSON array). Anything else it is asked is an error, so
// a script that calls gh the wrong way fails its test.
const fakeGH = `#!/usr/bin/env bash
set -euo pipefail
printf 'gh' >>"$FAKE_LOG"; printf ' %q' "$@" >>"$FAKE_LOG"; echo >>"$FAKE_LOG"
if [ -n "${FAKE_GH_FAIL:-}" ]; then echo "HTTP 403: Resource not accessible by integration" >&2; exit 1; fi
case "$1 ${2:-}" in
"release view")
  [ "$3 $4 $5 $6 $7 $8" = "--repo $FAKE_REPO --json tagName --jq .tagName" ] || { echo "fake gh: release view $*" >&2; exit 2; }
  cat "$FAKE_RELEASES/latest"; exit 0 ;;
"release download")
  tag=$3; shift 3; dir=""; pats=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --repo) [ "$2" = "$FAKE_REPO" ] || exit 2; shift 2 ;;
      --dir) dir=$2; shift 2 ;;
      --pattern) pats+=("$2"); shift 2 ;;
      *) echo "fake gh: release download: $1" >&2; exit 2 ;;
    esac
  done
  [ -d "$FAKE_RELEASES/$tag" ] || { echo "release not found" >&2; exit 1; }
  for p in "${pats[@]}"; do
    [ -f "$FAKE_RELEASES/$tag/$p" ] || { echo "no assets match the file pattern" >&2; exit 1; }
    cp "$FAKE_RELEASES/$tag/$p" "$dir/"
  done
  exit 0 ;;
esac
[ "$1" = api ] || { echo "fake gh: $*" >&2; exit 2; }
shift
method=GET; path=""; jqexpr=""; input=""
while [ $# -gt 0 ]; do
  case "$1" in
    -X) method=$2; shift 2 ;;
    --paginate) shift ;;
    --jq) jqexpr=$2; shift 2 ;;
    --input) input=$2; shift 2 ;;
    -*) echo "fake gh: api $1" >&2; exit 2 ;;
    *) path=$1; shift ;;
  esac
done
[ -f "$FAKE_COMMENTS" ] || echo '[]' >"$FAKE_COMMENTS"
case "$method $path" in
"GET repos/$FAKE_REPO/issues/"*/comments)
  jq -c "$jqexpr" "$FAKE_COMMENTS" ;;
"POST repos/$FAKE_REPO/issues/"*/comments)
  [ "$input" = - ] || exit 2
  body=$(jq .body); id=$(( $(jq 'map(.id) | max // 0' "$FAKE_COMMENTS") + 1 ))
  jq --argjson body "$body" --argjson id "$id" '. + [{id: $id, body: $body}]' "$FAKE_COMMENTS" >"$FAKE_COMMENTS.new"
  mv "$FAKE_COMMENTS.new" "$FAKE_COMMENTS"; echo "{\"id\": $id}" ;;
"PATCH repos/$FAKE_REPO/issues/comments/"*)
  [ "$input" = - ] || exit 2
  body=$(jq .body); id=${path##*/}
  jq -e --argjson id "$id" 'any(.id == $id)' "$FAKE_COMMENTS" >/dev/null || { echo "HTTP 404" >&2; exit 1; }
  jq --argjson body "$body" --argjson id "$id" 'map(if .id == $id then .body = $body else . end)' "$FAKE_COMMENTS" >"$FAKE_COMMENTS.new"
  mv "$FAKE_COMMENTS.new" "$FAKE_COMMENTS"; echo "{\"id\": $id}" ;;
*) echo "fake gh: api $method $path" >&2; exit 2 ;;
esac
`

// fakeCurl stands in for curl: the latest release from the API and assets
// from release download URLs, out of $FAKE_RELEASES.
const fakeCurl = `#!/usr/bin/env bash
set -euo pipefail
printf 'curl' >>"$FAKE_LOG"; printf ' %q' "$@" >>"$FAKE_LOG"; echo >>"$FAKE_LOG"
out=""; url=""
while [ $# -gt 0 ]; do
  case "$1" in
    -o) out=$2; shift 2 ;;
    -H|--retry) shift 2 ;;
    -*) shift ;;
    *) url=$1; shift ;;
  esac
done
case "$url" in
"https://api.github.com/repos/$FAKE_REPO/releases/latest")
  printf '{"tag_name": "%s", "name": "x"}' "$(cat "$FAKE_RELEASES/latest")" ;;
"https://github.com/$FAKE_REPO/releases/download/"*)
  rest=${url#*/releases/download/}; tag=${rest%%/*}; f=${rest#*/}
  [ -f "$FAKE_RELEASES/$tag/$f" ] || { echo "curl: (22) The requested URL returned error: 404" >&2; exit 22; }
  cp "$FAKE_RELEASES/$tag/$f" "$out" ;;
*) echo "fake curl: unexpected URL $url" >&2; exit 2 ;;
esac
`

const repo = "envparity/terraform-provider-parity"

// cliArchiveName renders the CLI archive's name the way .goreleaser.yml
// names it, so that the Action and the release agree by construction.
func cliArchiveName(t *testing.T, version, goos, goarch string) string {
	t.Helper()
	var cfg goreleaserConfig
	readYAML(t, ".goreleaser.yml", &cfg)
	for _, a := range cfg.Archives {
		if a.ID != "cli" {
			continue
		}
		tmpl, err := template.New("name").Parse(a.NameTemplate)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := tmpl.Execute(&b, map[string]string{"Version": version, "Os": goos, "Arch": goarch, "ProjectName": "terraform-provider-parity"}); err != nil {
			t.Fatal(err)
		}
		ext := ".tar.gz"
		if goos == "windows" {
			ext = ".zip"
		}
		return b.String() + ext
	}
	t.Fatal("no cli archive in .goreleaser.yml")
	return ""
}

func checksumName(t *testing.T, version string) string {
	t.Helper()
	var cfg goreleaserConfig
	readYAML(t, ".goreleaser.yml", &cfg)
	return strings.NewReplacer("{{ .ProjectName }}", "terraform-provider-parity", "{{ .Version }}", version).Replace(cfg.Checksum.NameTemplate)
}

// fakeRelease writes release v0.2.0 with the linux/amd64 archive holding the
// real parity and the windows/amd64 one a stand-in, and SHA256SUMS.
func fakeRelease(t *testing.T, dir string) {
	t.Helper()
	rel := filepath.Join(dir, "v0.2.0")
	writeFile(t, filepath.Join(dir, "latest"), "v0.2.0\n")
	bin, err := os.ReadFile(parityBinary)
	if err != nil {
		t.Fatal(err)
	}
	var tgz bytes.Buffer
	gz := gzip.NewWriter(&tgz)
	tw := tar.NewWriter(gz)
	for _, f := range []struct {
		name string
		data []byte
	}{{"LICENSE", []byte("MPL-2.0")}, {"parity", bin}} {
		if err := tw.WriteHeader(&tar.Header{Name: f.name, Mode: 0o755, Size: int64(len(f.data))}); err != nil {
			t.Fatal(err)
		}
		tw.Write(f.data)
	}
	tw.Close()
	gz.Close()
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	fh := &zip.FileHeader{Name: "parity.exe", Method: zip.Deflate}
	fh.SetMode(0o755)
	w, err := zw.CreateHeader(fh)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("#!/bin/sh\necho \"parity 0.2.0 (windows stand-in)\"\n"))
	zw.Close()

	assets := map[string][]byte{
		cliArchiveName(t, "0.2.0", "linux", "amd64"):   tgz.Bytes(),
		cliArchiveName(t, "0.2.0", "windows", "amd64"): zbuf.Bytes(),
		// A provider archive, as the release has them: listed, never fetched.
		"terraform-provider-parity_0.2.0_linux_amd64.zip": []byte("provider"),
	}
	var names []string
	for n := range assets {
		names = append(names, n)
	}
	sort.Strings(names)
	var sums strings.Builder
	for _, n := range names {
		writeFile(t, filepath.Join(rel, n), string(assets[n]))
		h := sha256.Sum256(assets[n])
		sums.WriteString(hex.EncodeToString(h[:]) + "  " + n + "\n")
	}
	writeFile(t, filepath.Join(rel, checksumName(t, "0.2.0")), sums.String())
}

func TestActionInstall(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		env      map[string]string
		withGH   bool
		tamper   bool
		code     int
		want     []string // in stdout
		wantLog  []string
		notInLog []string
	}{
		{"latest with gh", map[string]string{"PARITY_VERSION": "latest"}, true, false, 0,
			[]string{"parity 0.2.0\n"}, []string{"gh release view --repo " + repo + " --json tagName --jq .tagName",
				"gh release download v0.2.0 --repo " + repo + " --dir "}, []string{"curl"}},
		{"a tag with curl, where gh is missing", map[string]string{"PARITY_VERSION": "v0.2.0", "GH_TOKEN": "tok"}, false, false, 0,
			[]string{"parity 0.2.0\n"}, []string{"curl -fsSL --retry 3 -H Authorization:\\ Bearer\\ tok -o ", "/releases/download/v0.2.0/parity_0.2.0_linux_amd64.tar.gz"}, []string{"gh "}},
		{"latest with curl", map[string]string{"PARITY_VERSION": "latest"}, false, false, 0,
			[]string{"parity 0.2.0\n"}, []string{"https://api.github.com/repos/" + repo + "/releases/latest"}, nil},
		{"windows", map[string]string{"RUNNER_OS": "Windows"}, true, false, 0, []string{"windows stand-in"}, []string{"parity_0.2.0_windows_amd64.zip"}, nil},
		{"an archive that is not the one SHA256SUMS lists", nil, true, true, 1,
			[]string{"::error title=parity::parity_0.2.0_linux_amd64.tar.gz: SHA-256 "}, nil, nil},
		{"no archive for the architecture", map[string]string{"RUNNER_ARCH": "ARM64"}, false, false, 1,
			[]string{"::error title=parity::release v0.2.0 of " + repo + " has no parity_0.2.0_linux_arm64.tar.gz"}, []string{"parity_0.2.0_linux_arm64.tar.gz"}, nil},
		{"no archive for the architecture, with gh", map[string]string{"RUNNER_ARCH": "ARM64"}, true, false, 1,
			[]string{"::error title=parity::release v0.2.0 of " + repo + " has no parity_0.2.0_linux_arm64.tar.gz"}, nil, nil},
		{"a version that is no tag", map[string]string{"PARITY_VERSION": "0.2"}, true, false, 1,
			[]string{"::error title=parity::version 0.2: want a release tag such as v0.2.0, or latest"}, nil, nil},
		{"an architecture without releases", map[string]string{"RUNNER_ARCH": "ARM"}, true, false, 1,
			[]string{"::error title=parity::no parity release for the runner architecture ARM"}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			releases := filepath.Join(dir, "releases")
			fakeRelease(t, releases)
			if tt.tamper {
				archive := filepath.Join(releases, "v0.2.0", cliArchiveName(t, "0.2.0", "linux", "amd64"))
				writeFile(t, archive, readFile(t, archive)+"x")
			}
			sb := newSandbox(t, "jq", "unzip")
			sb.add(t, "curl", fakeCurl)
			if tt.withGH {
				sb.add(t, "gh", fakeGH)
			}
			log := filepath.Join(dir, "calls.log")
			env := map[string]string{"RUNNER_OS": "Linux", "RUNNER_ARCH": "X64", "RUNNER_TEMP": dir,
				"GITHUB_PATH": filepath.Join(dir, "github_path"), "FAKE_LOG": log, "FAKE_RELEASES": releases, "FAKE_REPO": repo}
			for k, v := range tt.env {
				env[k] = v
			}
			o := sb.run(t, dir, "action/install.sh", env, "")
			calls, _ := os.ReadFile(log)
			if o.code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s\ncalls:\n%s", o.code, tt.code, o.stdout, o.stderr, calls)
			}
			for _, w := range tt.want {
				if !strings.Contains(o.stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, o.stdout)
				}
			}
			for _, w := range tt.wantLog {
				if !strings.Contains(string(calls), w) {
					t.Errorf("calls lack %q:\n%s", w, calls)
				}
			}
			for _, w := range tt.notInLog {
				if strings.Contains(string(calls), w) {
					t.Errorf("calls have %q:\n%s", w, calls)
				}
			}
			if tt.code == 0 {
				path := strings.TrimSpace(readFile(t, env["GITHUB_PATH"]))
				exe := "parity"
				if env["RUNNER_OS"] == "Windows" {
					exe = "parity.exe"
				}
				if st, err := os.Stat(filepath.Join(path, exe)); err != nil || st.Mode()&0o111 == 0 {
					t.Errorf("GITHUB_PATH names %q, which holds no executable %s: %v", path, exe, err)
				}
				if !strings.HasPrefix(path, dir) {
					t.Errorf("parity is installed outside RUNNER_TEMP: %s", path)
				}
			} else if _, err := os.Stat(env["GITHUB_PATH"]); err == nil {
				t.Errorf("a failed install added to GITHUB_PATH: %s", readFile(t, env["GITHUB_PATH"]))
			}
		})
	}
}

// actionRun runs action/run.sh with the real parity, in internal/cli's
// testdata.
func actionRun(t *testing.T, env map[string]string) (outcome, map[string]string, string) {
	t.Helper()
	dir := t.TempDir()
	sb := newSandbox(t, "jq")
	sb.link(t, "parity", parityBinary)
	full := map[string]string{"RUNNER_TEMP": dir, "GITHUB_OUTPUT": filepath.Join(dir, "output"),
		"GITHUB_STEP_SUMMARY": filepath.Join(dir, "summary.md")}
	for k, v := range env {
		full[k] = v
	}
	testdata, err := filepath.Abs(filepath.Join(root, "internal", "cli", "testdata"))
	if err != nil {
		t.Fatal(err)
	}
	o := sb.run(t, testdata, "action/run.sh", full, "")
	summary, _ := os.ReadFile(full["GITHUB_STEP_SUMMARY"])
	return o, outputs(t, full["GITHUB_OUTPUT"]), string(summary)
}

func TestActionRun(t *testing.T) {
	t.Parallel()
	base := func(extra map[string]string) map[string]string {
		env := map[string]string{"PARITY_STAGING": "staging.json", "PARITY_PRODUCTION": "production.json",
			"PARITY_RULES": "parity.hcl", "PARITY_ARGS": "--ratio 0.5", "PARITY_FAIL_ON": "drift",
			"PARITY_FORMATS": "json,sarif markdown, junit", "PARITY_COMMENT": "true"}
		for k, v := range extra {
			env[k] = v
		}
		return env
	}

	t.Run("drift", func(t *testing.T) {
		t.Parallel()
		o, out, summary := actionRun(t, base(nil))
		if o.code != 0 {
			t.Fatalf("exit %d: drift must not fail this step\n%s%s", o.code, o.stdout, o.stderr)
		}
		if out["exit-code"] != "1" || out["in-parity"] != "false" {
			t.Errorf("outputs %v, want exit-code 1 and in-parity false", out)
		}
		for _, f := range []string{"json-file", "sarif-file", "markdown-file", "junit-file", "report-dir"} {
			if _, err := os.Stat(out[f]); out[f] == "" || err != nil {
				t.Errorf("output %s = %q: %v", f, out[f], err)
			}
		}
		if !strings.HasPrefix(out["json-file"], out["report-dir"]+"/") {
			t.Errorf("the reports are not in report-dir: %v", out)
		}
		if !strings.Contains(o.stdout, "parity-action: parity check --fail-on drift --format text --format json=") ||
			!strings.Contains(o.stdout, "--rules parity.hcl --ratio 0.5 -- staging.json production.json") {
			t.Errorf("the command line is not logged as run:\n%s", o.stdout)
		}
		if !strings.Contains(o.stdout, "Drift:") {
			t.Errorf("the text report is not in the log:\n%s", o.stdout)
		}
		if summary == "" || summary != readFile(t, out["markdown-file"]) {
			t.Errorf("the job summary is not the markdown report:\n%s", summary)
		}
		var sarif struct {
			Version string `json:"version"`
		}
		if err := json.Unmarshal([]byte(readFile(t, out["sarif-file"])), &sarif); err != nil || sarif.Version != "2.1.0" {
			t.Errorf("the SARIF report: %v %q", err, sarif.Version)
		}
		everything := o.stdout + o.stderr + summary
		for _, f := range []string{"json-file", "sarif-file", "junit-file"} {
			everything += readFile(t, out[f])
		}
		for _, s := range secrets {
			if strings.Contains(everything, s) {
				t.Errorf("a secret of the inputs reached an output: %s", s)
			}
		}
	})

	t.Run("in parity, two rules files on two lines", func(t *testing.T) {
		t.Parallel()
		o, out, _ := actionRun(t, base(map[string]string{"PARITY_STAGING": "staging-in-parity.json", "PARITY_RULES": "parity.hcl\nhalf.hcl", "PARITY_ARGS": ""}))
		if o.code != 0 || out["exit-code"] != "0" || out["in-parity"] != "true" {
			t.Errorf("exit %d, outputs %v\n%s%s", o.code, out, o.stdout, o.stderr)
		}
		if !strings.Contains(o.stdout, "--rules parity.hcl --rules half.hcl --") {
			t.Errorf("both rules files are not passed in order:\n%s", o.stdout)
		}
	})

	t.Run("github annotations in the log", func(t *testing.T) {
		t.Parallel()
		o, out, _ := actionRun(t, base(map[string]string{"PARITY_FORMATS": "github", "PARITY_COMMENT": "false"}))
		if o.code != 0 || out["exit-code"] != "1" || !regexp.MustCompile(`(?m)^::error .*::`).MatchString(o.stdout) {
			t.Errorf("exit %d, outputs %v; want ::error workflow commands in the log:\n%s%s", o.code, out, o.stdout, o.stderr)
		}
	})

	t.Run("only the formats asked for", func(t *testing.T) {
		t.Parallel()
		o, out, summary := actionRun(t, base(map[string]string{"PARITY_FORMATS": "", "PARITY_COMMENT": "false"}))
		if o.code != 0 || out["exit-code"] != "1" {
			t.Fatalf("exit %d, outputs %v", o.code, out)
		}
		for _, f := range []string{"json-file", "sarif-file", "markdown-file", "junit-file", "in-parity"} {
			if out[f] != "" {
				t.Errorf("output %s = %q without its format", f, out[f])
			}
		}
		if summary != "" {
			t.Errorf("a job summary without a markdown report:\n%s", summary)
		}
	})

	for _, tc := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"a side that does not exist", map[string]string{"PARITY_STAGING": "missing.json"}, "::error title=parity::parity check could not compare (exit code 2)"},
		{"a fail-on that does not exist", map[string]string{"PARITY_FAIL_ON": "sometimes"}, "::error title=parity::fail-on sometimes: want drift, unknown or never"},
		{"a format that does not exist", map[string]string{"PARITY_FORMATS": "pdf"}, "::error title=parity::format pdf"},
		{"no production", map[string]string{"PARITY_PRODUCTION": ""}, "::error title=parity::the production input is required"},
		{"a glob is no rules file list", map[string]string{"PARITY_RULES": "*.hcl"}, "*.hcl: cannot read rules file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			o, _, _ := actionRun(t, base(tc.env))
			if o.code != 2 || !strings.Contains(o.stdout+o.stderr, tc.want) {
				t.Errorf("exit %d, want 2 and %q:\n%s%s", o.code, tc.want, o.stdout, o.stderr)
			}
		})
	}
}

// actionComment runs action/comment.sh against the fake gh's comments.
func actionComment(t *testing.T, dir, markdown string, env map[string]string) outcome {
	t.Helper()
	sb := newSandbox(t, "jq")
	sb.add(t, "gh", fakeGH)
	event := writeFile(t, filepath.Join(dir, "event.json"), `{"action": "synchronize", "pull_request": {"number": 7}}`)
	full := map[string]string{"PARITY_MARKDOWN": writeFile(t, filepath.Join(dir, "parity.md"), markdown),
		"GITHUB_REPOSITORY": repo, "GITHUB_EVENT_PATH": event, "GH_TOKEN": "tok",
		"FAKE_LOG": filepath.Join(dir, "calls.log"), "FAKE_COMMENTS": filepath.Join(dir, "comments.json"), "FAKE_REPO": repo}
	for k, v := range env {
		full[k] = v
	}
	return sb.run(t, dir, "action/comment.sh", full, "")
}

type comment struct {
	ID   int    `json:"id"`
	Body string `json:"body"`
}

func comments(t *testing.T, dir string) []comment {
	t.Helper()
	var cs []comment
	if err := json.Unmarshal([]byte(readFile(t, filepath.Join(dir, "comments.json"))), &cs); err != nil {
		t.Fatal(err)
	}
	return cs
}

// One comment per check and pull request: posted on the first run,
// replaced on the next, beside comments of others and of other checks.
func TestActionComment(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "comments.json"), `[{"id": 41, "body": "LGTM <!-- parity-check: default -->"}]`)

	o := actionComment(t, dir, "## Parity\n\nDrift: 3 findings\n", nil)
	if o.code != 0 || !strings.Contains(o.stdout, "commented on pull request #7") {
		t.Fatalf("first run: exit %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	o = actionComment(t, dir, "## Parity\n\nIn parity ✓\n", nil)
	if o.code != 0 || !strings.Contains(o.stdout, "updated comment 42 of pull request #7") {
		t.Fatalf("second run: exit %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	o = actionComment(t, dir, "## Parity (perf)\n", map[string]string{"PARITY_COMMENT_KEY": "perf"})
	if o.code != 0 {
		t.Fatalf("another key: exit %d\n%s%s", o.code, o.stdout, o.stderr)
	}
	want := []comment{
		{41, "LGTM <!-- parity-check: default -->"},
		{42, "<!-- parity-check: default -->\n## Parity\n\nIn parity ✓\n"},
		{43, "<!-- parity-check: perf -->\n## Parity (perf)\n"},
	}
	got := comments(t, dir)
	if len(got) != len(want) {
		t.Fatalf("comments %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("comment %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestActionCommentEdges(t *testing.T) {
	t.Parallel()
	t.Run("a report over the budget is cut at a line", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		var md strings.Builder
		for i := 0; md.Len() < 5000; i++ {
			md.WriteString("| aws_instance.web | monitoring | différent |\n")
		}
		o := actionComment(t, dir, md.String(), map[string]string{"PARITY_COMMENT_MAX_BYTES": "1000"})
		if o.code != 0 {
			t.Fatalf("exit %d\n%s%s", o.code, o.stdout, o.stderr)
		}
		body := comments(t, dir)[0].Body
		if len(body) > 1000 || !strings.Contains(body, "**The report was cut at ") || !strings.HasPrefix(body, "<!-- parity-check: default -->\n| aws") {
			t.Errorf("%d bytes:\n%s", len(body), body)
		}
		if !regexp.MustCompile(`(?m)^\| aws_instance\.web \| monitoring \| différent \|\n\n\*\*The report`).MatchString(body) {
			t.Errorf("the report is not cut after a whole line:\n%s", body)
		}
	})
	t.Run("not a pull request", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		event := writeFile(t, filepath.Join(dir, "push.json"), `{"ref": "refs/heads/main"}`)
		o := actionComment(t, dir, "x", map[string]string{"GITHUB_EVENT_PATH": event})
		if o.code != 0 || !strings.Contains(o.stdout, "not a pull request event: no comment") {
			t.Errorf("exit %d\n%s%s", o.code, o.stdout, o.stderr)
		}
		if _, err := os.Stat(filepath.Join(dir, "calls.log")); err == nil {
			t.Errorf("gh was called: %s", readFile(t, filepath.Join(dir, "calls.log")))
		}
	})
	t.Run("a token that may not comment is a warning", func(t *testing.T) {
		t.Parallel()
		o := actionComment(t, t.TempDir(), "x", map[string]string{"FAKE_GH_FAIL": "1"})
		if o.code != 0 || !strings.Contains(o.stdout, "::warning title=parity::cannot read the comments of pull request #7; does the token have pull-requests: write?") {
			t.Errorf("exit %d\n%s%s", o.code, o.stdout, o.stderr)
		}
	})
	t.Run("a key that could break the marker", func(t *testing.T) {
		t.Parallel()
		o := actionComment(t, t.TempDir(), "x", map[string]string{"PARITY_COMMENT_KEY": "a --> b"})
		if o.code != 1 || !strings.Contains(o.stdout, "::error title=parity::comment-key a --> b") {
			t.Errorf("exit %d\n%s%s", o.code, o.stdout, o.stderr)
		}
	})
}

// actionDefinition is the part of action.yml these tests read.
type actionDefinition struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Author      string `json:"author"`
	Branding    struct {
		Icon  string `json:"icon"`
		Color string `json:"color"`
	} `json:"branding"`
	Inputs map[string]struct {
		Description string  `json:"description"`
		Required    bool    `json:"required"`
		Default     *string `json:"default"`
	} `json:"inputs"`
	Outputs map[string]struct {
		Description string `json:"description"`
		Value       string `json:"value"`
	} `json:"outputs"`
	Runs struct {
		Using string `json:"using"`
		Steps []struct {
			Name             string            `json:"name"`
			ID               string            `json:"id"`
			If               string            `json:"if"`
			Shell            string            `json:"shell"`
			Run              string            `json:"run"`
			Uses             string            `json:"uses"`
			With             map[string]string `json:"with"`
			Env              map[string]string `json:"env"`
			WorkingDirectory string            `json:"working-directory"`
		} `json:"steps"`
	} `json:"runs"`
}

// action.yml and its scripts agree: every input a step uses is declared,
// every script it runs exists, every variable a script reads is given to
// it, and every output names one run.sh writes.
func TestActionDefinition(t *testing.T) {
	t.Parallel()
	var a actionDefinition
	readYAML(t, "action.yml", &a)
	if a.Runs.Using != "composite" || a.Name == "" || a.Description == "" {
		t.Fatalf("runs.using %q, name %q", a.Runs.Using, a.Name)
	}
	for name, in := range a.Inputs {
		if in.Description == "" || (!in.Required && in.Default == nil) {
			t.Errorf("input %s: a description, and a default unless required", name)
		}
	}
	inputRef := regexp.MustCompile(`inputs\.([a-z-]+)`)
	outputRef := regexp.MustCompile(`^steps\.check\.outputs\.([a-z-]+)$`)
	scriptRef := regexp.MustCompile(`^bash "\$GITHUB_ACTION_PATH/(action/[a-z-]+\.sh)"$`)
	varRef := regexp.MustCompile(`\$\{?(PARITY_[A-Z_]+|GH_TOKEN)`)
	used := map[string]bool{}
	var sarifUpload, comment bool
	for _, s := range a.Runs.Steps {
		var texts []string
		texts = append(texts, s.If, s.WorkingDirectory, s.Run)
		for _, v := range s.Env {
			texts = append(texts, v)
		}
		for _, v := range s.With {
			texts = append(texts, v)
		}
		for _, text := range texts {
			for _, m := range inputRef.FindAllStringSubmatch(text, -1) {
				used[m[1]] = true
				if _, ok := a.Inputs[m[1]]; !ok {
					t.Errorf("step %q uses inputs.%s, which is not declared", s.Name, m[1])
				}
			}
		}
		if s.Uses != "" {
			if !regexp.MustCompile(`@v[0-9]+$`).MatchString(s.Uses) {
				t.Errorf("step %q: %s is not pinned to a major version", s.Name, s.Uses)
			}
			if strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif@") && s.With["sarif_file"] == "${{ steps.check.outputs.sarif-file }}" {
				sarifUpload = true
			}
			continue
		}
		if s.Shell != "bash" {
			t.Errorf("step %q runs with shell %q; the scripts are bash", s.Name, s.Shell)
		}
		m := scriptRef.FindStringSubmatch(s.Run)
		if m == nil {
			continue
		}
		if m[1] == "action/comment.sh" && strings.Contains(s.If, "pull_request") {
			comment = true
		}
		src := readFile(t, filepath.Join(root, m[1]))
		for _, v := range varRef.FindAllStringSubmatch(src, -1) {
			if _, ok := s.Env[v[1]]; !ok && v[1] != "PARITY_COMMENT_MAX_BYTES" {
				t.Errorf("%s reads %s, which step %q does not set", m[1], v[1], s.Name)
			}
		}
	}
	for name := range a.Inputs {
		if !used[name] {
			t.Errorf("input %s is declared and never used", name)
		}
	}
	if !sarifUpload || !comment {
		t.Errorf("SARIF upload step %v, pull-request comment step %v", sarifUpload, comment)
	}

	// Every output of the action is one run.sh writes when every report is
	// asked for.
	_, written, _ := actionRun(t, map[string]string{"PARITY_STAGING": "staging.json", "PARITY_PRODUCTION": "production.json",
		"PARITY_FORMATS": "json sarif markdown junit"})
	for name, out := range a.Outputs {
		m := outputRef.FindStringSubmatch(strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(out.Value, "${{"), "}}")))
		if m == nil || out.Description == "" {
			t.Errorf("output %s = %q: want a description and ${{ steps.check.outputs.NAME }}", name, out.Value)
			continue
		}
		if _, ok := written[m[1]]; !ok {
			t.Errorf("output %s names %s, which run.sh does not write (it writes %v)", name, m[1], written)
		}
	}
}
