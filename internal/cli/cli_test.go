package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/envparity/terraform-provider-parity/internal/parity"
	"github.com/envparity/terraform-provider-parity/internal/testutil"
)

// secrets are the master passwords in the fixtures; no output may contain
// them.
var secrets = []string{"Pr0d-S3cret-Do-Not-Print", "Stg-S3cret-Do-Not-Print"}

type result struct {
	code           int
	stdout, stderr string
}

// run runs the CLI in-process with no environment variables set.
func run(t *testing.T, args ...string) result {
	t.Helper()
	return runWith(t, "", args...)
}

// runWith runs the CLI in-process with the given terraform for --terraform.
func runWith(t *testing.T, terraform string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	c := &command{
		ctx:           context.Background(),
		version:       "1.2.3",
		stdin:         strings.NewReader(""),
		stdout:        &stdout,
		stderr:        &stderr,
		getenv:        func(string) string { return "" },
		terraformPath: terraform,
	}
	code := c.run(args)
	r := result{code: code, stdout: stdout.String(), stderr: stderr.String()}
	for _, s := range secrets {
		if strings.Contains(r.stdout, s) || strings.Contains(r.stderr, s) {
			t.Errorf("parity %s printed a secret:\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), r.stdout, r.stderr)
		}
	}
	return r
}

func td(name string) string { return filepath.Join("testdata", name) }

func TestCheckExitCodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"in parity", []string{"check", "--rules", td("parity.hcl"), "--ratio", "0.5", td("staging-in-parity.json"), td("production.json")}, 0},
		{"drift", []string{"check", "--rules", td("parity.hcl"), "--ratio", "0.5", td("staging.json"), td("production.json")}, 1},
		{"rules file ratio in parity", []string{"check", "--rules", td("half.hcl"), td("staging-in-parity.json"), td("production.json")}, 0},
		{"rules file ratio with drift", []string{"check", "--rules", td("half.hcl"), td("staging.json"), td("production.json")}, 1},
		{"--ratio overrides the rules file", []string{"check", "--rules", td("half.hcl"), "--ratio", "1", td("staging-in-parity.json"), td("production.json")}, 1},
		{"ratio as a fraction", []string{"check", "--rules", td("parity.hcl"), "--ratio", "1/2", td("staging-in-parity.json"), td("production.json")}, 0},
		{"env tokens that do not name these environments", []string{"check", "--rules", td("parity.hcl"), "--ratio", "0.5", "--env-tokens", "staging=qa;production=live", td("staging-in-parity.json"), td("production.json")}, 1},
		{"env tokens given explicitly", []string{"check", "--rules", td("parity.hcl"), "--ratio", "0.5", "--env-tokens", "staging=stg,staging;production=prod,production", td("staging-in-parity.json"), td("production.json")}, 0},
		{"sizes off ratio", []string{"check", "--rules", td("parity.hcl"), td("staging-in-parity.json"), td("production.json")}, 1},
		{"fail-on never with drift", []string{"check", "--fail-on", "never", "--ratio", "0.5", td("staging.json"), td("production.json")}, 0},
		{"only unknown findings", []string{"check", td("staging-plan.json"), td("production-bucket.json")}, 0},
		{"fail-on unknown with only unknown findings", []string{"check", "--fail-on", "unknown", td("staging-plan.json"), td("production-bucket.json")}, 1},
		{"fail-on unknown in parity", []string{"check", "--fail-on", "unknown", "--rules", td("half.hcl"), td("staging-in-parity.json"), td("production.json")}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := run(t, tt.args...)
			if r.code != tt.want {
				t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tt.want, r.stdout, r.stderr)
			}
			if r.stdout == "" {
				t.Error("no text report on stdout")
			}
			if r.stderr != "" {
				t.Errorf("unexpected stderr: %s", r.stderr)
			}
		})
	}
}

func TestCheckTextReportNamesDrift(t *testing.T) {
	t.Parallel()
	r := run(t, "check", "--ratio", "0.5", td("staging.json"), td("production.json"))
	for _, want := range []string{"monitoring", "module.app.aws_instance.web"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("text report does not mention %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "\x1b[") {
		t.Error("colour in output that is not a terminal")
	}
}

func TestCheckWritesEveryFormat(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := func(name string) string { return filepath.Join(dir, name) }
	r := run(t, "check", "--ratio", "0.5",
		"--format", "json="+out("report.json"),
		"--format", "sarif="+out("report.sarif"),
		"--format", "junit="+out("report.xml"),
		"--format", "markdown="+out("report.md"),
		"--format", "text="+out("report.txt"),
		td("staging.json"), td("production.json"))
	if r.code != 1 {
		t.Fatalf("exit code %d, want 1; stderr:\n%s", r.code, r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("every format went to a file, yet stdout has:\n%s", r.stdout)
	}

	read := func(name string) []byte {
		t.Helper()
		b, err := os.ReadFile(out(name))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range secrets {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("%s contains a secret", name)
			}
		}
		return b
	}

	var rep struct {
		InParity bool `json:"in_parity"`
		Failed   bool `json:"failed"`
		Findings []struct {
			Kind, Address, Path string
			Sensitive           bool
		} `json:"findings"`
	}
	if err := json.Unmarshal(read("report.json"), &rep); err != nil {
		t.Fatalf("report.json: %v", err)
	}
	if rep.InParity || !rep.Failed || len(rep.Findings) == 0 {
		t.Errorf("report.json: in_parity=%v failed=%v findings=%d, want drift", rep.InParity, rep.Failed, len(rep.Findings))
	}
	kinds := map[string]bool{}
	for _, f := range rep.Findings {
		kinds[f.Kind] = true
	}
	if !kinds[string(parity.FindingConfigDrift)] {
		t.Errorf("report.json has no config_drift finding: %+v", rep.Findings)
	}

	var sarif struct {
		Version string `json:"version"`
		Runs    []struct {
			Results []json.RawMessage `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(read("report.sarif"), &sarif); err != nil {
		t.Fatalf("report.sarif: %v", err)
	}
	if sarif.Version != "2.1.0" || len(sarif.Runs) != 1 || len(sarif.Runs[0].Results) == 0 {
		t.Errorf("report.sarif: version %q, %d runs, want 2.1.0 with results", sarif.Version, len(sarif.Runs))
	}

	var junit struct {
		XMLName xml.Name
		Suites  []struct {
			Failures int `xml:"failures,attr"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(read("report.xml"), &junit); err != nil {
		t.Fatalf("report.xml: %v", err)
	}
	if junit.XMLName.Local != "testsuites" || len(junit.Suites) == 0 || junit.Suites[0].Failures == 0 {
		t.Errorf("report.xml: root %q with %+v, want testsuites with failures", junit.XMLName.Local, junit.Suites)
	}

	if md := read("report.md"); !bytes.Contains(md, []byte("monitoring")) {
		t.Errorf("report.md does not mention the drift:\n%s", md)
	}
	if txt := read("report.txt"); !bytes.Contains(txt, []byte("monitoring")) || bytes.Contains(txt, []byte("\x1b[")) {
		t.Errorf("report.txt: want the drift and no colour:\n%s", txt)
	}

	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 5 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("want exactly the 5 reports in the output directory, got %v", names)
	}
}

func TestCheckFileAndStdout(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := run(t, "check", "--format", "json="+filepath.Join(dir, "r.json"), "--format", "markdown=-",
		"--ratio", "0.5", td("staging.json"), td("production.json"))
	if r.code != 1 {
		t.Fatalf("exit code %d, want 1; stderr:\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "monitoring") || !strings.Contains(r.stdout, "|") {
		t.Errorf("want a markdown report on stdout, got:\n%s", r.stdout)
	}
	if _, err := os.Stat(filepath.Join(dir, "r.json")); err != nil {
		t.Error(err)
	}
}

func TestCheckInterspersedFlags(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	report := filepath.Join(dir, "r.json")
	tests := []struct {
		name string
		args []string
	}{
		{"flags first", []string{"check", "--ratio", "0.5", "--format", "json=" + report, td("staging.json"), td("production.json")}},
		{"flags between", []string{"check", td("staging.json"), "--ratio=0.5", td("production.json"), "--format", "json=" + report}},
		{"flags last", []string{"check", td("staging.json"), td("production.json"), "-ratio", "0.5", "-format=json=" + report}},
		{"double dash", []string{"check", "--ratio", "0.5", "--format", "json=" + report, "--", td("staging.json"), td("production.json")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Sequential: the cases share the report path.
			os.Remove(report)
			r := run(t, tt.args...)
			if r.code != 1 || r.stdout != "" {
				t.Fatalf("exit code %d, want 1 with the report in a file; stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
			}
			if _, err := os.Stat(report); err != nil {
				t.Errorf("--format was not applied: %v", err)
			}
		})
	}
}

func TestCheckUsageErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no arguments", []string{"check"}, "want STAGING and PRODUCTION, got 0 arguments"},
		{"one argument", []string{"check", td("staging.json")}, "got 1 argument\n"},
		{"three arguments", []string{"check", "a", "b", "c"}, "got 3 arguments"},
		{"unknown flag", []string{"check", "--colour", "a", "b"}, "flag provided but not defined: -colour"},
		{"flag without value", []string{"check", "a", "b", "--rules"}, "flag needs an argument: -rules"},
		{"unknown format", []string{"check", "--format", "yaml", "a", "b"}, `unknown report format "yaml"`},
		{"two formats on stdout", []string{"check", "--format", "text", "--format", "json", "a", "b"}, "only one format can go to standard output"},
		{"one file twice", []string{"check", "--format", "json=x", "--format", "sarif=x", "a", "b"}, "--format sarif=x: x is already the output of --format json=x"},
		{"one file twice, spelled differently", []string{"check", "--format", "json=x", "--format", "sarif=./x", "a", "b"}, "--format sarif=./x: ./x is already the output of --format json=x"},
		{"both sides standard input", []string{"check", "-", "/dev/stdin"}, "- and /dev/stdin both name standard input"},
		{"bad size", []string{"check", "--max-input-size", "lots", "a", "b"}, `"lots" is not a size`},
		{"bad fail-on", []string{"check", "--fail-on", "sometimes", "a", "b"}, `"sometimes" is not one of drift, unknown, never`},
		{"bad ratio", []string{"check", "--ratio", "half", "a", "b"}, `"half" is not a number`},
		{"zero ratio", []string{"check", "--ratio", "0", "a", "b"}, "must be greater than 0"},
		{"bad env tokens", []string{"check", "--env-tokens", "qa:stg", td("staging.json"), td("production.json")}, "want SIDE=TOKEN"},
		{"unknown env side", []string{"check", "--env-tokens", "dev=d", td("staging.json"), td("production.json")}, `unknown side "dev"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := run(t, tt.args...)
			if r.code != 2 {
				t.Fatalf("exit code %d, want 2; stderr:\n%s", r.code, r.stderr)
			}
			if !strings.HasPrefix(r.stderr, "parity check: ") || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr does not say %q:\n%s", tt.want, r.stderr)
			}
			if !strings.Contains(r.stderr, "Usage: parity check") || !strings.Contains(r.stderr, "Run 'parity check --help'") {
				t.Errorf("stderr lacks the short usage:\n%s", r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout: %s", r.stdout)
			}
		})
	}
}

func TestCheckInputErrors(t *testing.T) {
	t.Parallel()
	missing := filepath.Join("testdata", "missing.json")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"missing staging", []string{"check", missing, td("production.json")}, "parity: " + missing + ": no such file or directory\n"},
		{"both missing", []string{"check", missing, "nope.json"}, "parity: " + missing + ": no such file or directory\nparity: nope.json: no such file or directory\n"},
		{"bad JSON", []string{"check", td("staging.json"), td("truncated.json")}, "parity: " + td("truncated.json") + ": "},
		{"not a state", []string{"check", td("not-a-state.json"), td("production.json")}, "parity: " + td("not-a-state.json") +
			": not a Terraform state or plan: no format_version; it is read as an object of settings, but " + td("production.json") +
			" is a Terraform document: compare two documents, or two objects of settings\n"},
		{"missing rules file", []string{"check", "--rules", "nope.hcl", td("staging.json"), td("production.json")}, "parity: nope.hcl: cannot read rules file: no such file or directory\n"},
		{"missing output directory", []string{"check", "--format", "json=no/such/dir/r.json", td("staging.json"), td("production.json")}, "parity: no/such/dir/r.json: cannot write report: directory no/such/dir does not exist\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := run(t, tt.args...)
			if r.code != 2 {
				t.Fatalf("exit code %d, want 2; stderr:\n%s", r.code, r.stderr)
			}
			if !strings.HasPrefix(r.stderr, tt.want) && r.stderr != tt.want {
				t.Errorf("stderr:\n%s\nwant it to start with:\n%s", r.stderr, tt.want)
			}
			if strings.Contains(r.stderr, "Usage:") {
				t.Errorf("an input error is not a usage error:\n%s", r.stderr)
			}
		})
	}
}

func TestCheckFailedRunKeepsPreviousReport(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "report.json")
	if err := os.WriteFile(path, []byte("previous"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, "check", "--format", "json="+path, td("truncated.json"), td("production.json"))
	if r.code != 2 {
		t.Fatalf("exit code %d, want 2", r.code)
	}
	if b, _ := os.ReadFile(path); string(b) != "previous" {
		t.Errorf("report file changed by a failed run: %q", b)
	}
}

func TestReportWriter(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "r.txt")
	write := func(render func(io.Writer) error) error {
		rw := &reportWriter{stdout: io.Discard}
		if err := rw.render(path, render); err != nil {
			rw.abort()
			return err
		}
		return rw.commit()
	}
	if err := write(func(w io.Writer) error { _, err := io.WriteString(w, "one"); return err }); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := write(func(w io.Writer) error {
		io.WriteString(w, "half")
		return boom
	})
	if err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("error %v, want boom", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "one" {
		t.Errorf("file after a failed render: %q, want the previous content", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary file left behind: %d entries", len(entries))
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", st.Mode().Perm())
	}
}

func TestReportWriterDevice(t *testing.T) {
	t.Parallel()
	rw := &reportWriter{stdout: io.Discard}
	if err := rw.render(os.DevNull, func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err }); err != nil {
		t.Fatal(err)
	}
	if err := rw.commit(); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(os.DevNull)
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("%s is no longer a device: %v %v", os.DevNull, st.Mode(), err)
	}
}

// TestCheckReportNeverOverwritesInput checks that a report path that is an
// input, however it is spelled or linked, is a usage error that writes
// nothing and leaves every input as it was.
func TestCheckReportNeverOverwritesInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	copyFile := func(name, from string) string {
		t.Helper()
		b, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	staging := copyFile("staging.json", td("staging.json"))
	production := copyFile("production.json", td("production.json"))
	rules := copyFile("rules.hcl", td("parity.hcl"))
	mainTF := filepath.Join(dir, "env", "main.tf")
	copyFile("env/main.tf", td("parity.hcl")) // any content: only its identity matters here
	os.WriteFile(mainTF, []byte("resource \"aws_instance\" \"web\" {\n  instance_type = var.size\n}\nvariable \"size\" {}\n"), 0o644)
	vars := filepath.Join(dir, "vars.tfvars")
	os.WriteFile(vars, []byte("size = \"t3.large\"\n"), 0o644)
	symlink := filepath.Join(dir, "link.json")
	if err := os.Symlink(staging, symlink); err != nil {
		t.Fatal(err)
	}
	hardlink := filepath.Join(dir, "hard.json")
	if err := os.Link(production, hardlink); err != nil {
		t.Fatal(err)
	}
	inputs := []string{staging, production, rules, mainTF, vars}
	before := map[string][]byte{}
	for _, p := range inputs {
		before[p], _ = os.ReadFile(p)
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	rel, err := filepath.Rel(wd, staging)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		report string
		sides  []string
		want   string
	}{
		{"the staging file", staging, []string{staging, production}, staging + " is the staging input"},
		{"the production file", production, []string{staging, production}, production + " is the production input"},
		{"the staging file spelled another way", filepath.Join(dir, ".", "x", "..", "staging.json"), []string{rel, production}, "is the same file as the staging input " + rel},
		{"a symbolic link to the staging file", symlink, []string{staging, production}, symlink + " is the same file as the staging input " + staging},
		{"a hard link to the production file", hardlink, []string{staging, production}, hardlink + " is the same file as the production input " + production},
		{"the rules file", rules, []string{staging, production}, rules + " is the rules file"},
		{"a file of a side directory", mainTF, []string{filepath.Join(dir, "env"), filepath.Join(dir, "env")}, mainTF + " is the file read from the staging directory"},
		{"a variables file", vars, []string{filepath.Join(dir, "env"), filepath.Join(dir, "env")}, vars + " is the variables file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			other := filepath.Join(t.TempDir(), "other.sarif")
			args := append([]string{"check", "--rules", rules, "--var-file", vars, "--format", "sarif=" + other, "--format", "json=" + tt.report}, tt.sides...)
			r := run(t, args...)
			if r.code != 2 || !strings.Contains(r.stderr, "--format json="+tt.report+": ") || !strings.Contains(r.stderr, tt.want) || !strings.Contains(r.stderr, "a report never overwrites an input") {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and %q", r.code, r.stderr, tt.want)
			}
			if _, err := os.Stat(other); err == nil {
				t.Error("the other report was written")
			}
		})
	}
	t.Cleanup(func() {
		for _, p := range inputs {
			if b, _ := os.ReadFile(p); !bytes.Equal(b, before[p]) {
				t.Errorf("%s changed", p)
			}
		}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".tmp") {
				t.Errorf("temporary file left: %s", e.Name())
			}
		}
	})
}

// TestCheckReportsAllOrNothing checks that when one report cannot be
// written, none is: the others keep their previous content.
func TestCheckReportsAllOrNothing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	if err := os.WriteFile(good, []byte("previous"), 0o644); err != nil {
		t.Fatal(err)
	}
	blocked := filepath.Join(dir, "blocked.sarif")
	if err := os.Mkdir(blocked, 0o755); err != nil {
		t.Fatal(err)
	}
	later := filepath.Join(dir, "later.xml")
	r := run(t, "check", "--ratio", "0.5", "--format", "json="+good, "--format", "sarif="+blocked, "--format", "junit="+later, "--format", "text", td("staging.json"), td("production.json"))
	if r.code != 2 || !strings.Contains(r.stderr, blocked+": cannot write report: it is a directory") || !strings.Contains(r.stderr, "no report was written") {
		t.Errorf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("the text report went to standard output: %s", r.stdout)
	}
	if b, _ := os.ReadFile(good); string(b) != "previous" {
		t.Errorf("good.json was replaced: %.40q", b)
	}
	if _, err := os.Stat(later); err == nil {
		t.Error("later.xml was written")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("files left: %v", names)
	}
}

// TestCheckBoundedInputs checks the refusals of hostile inputs through the
// CLI: non-regular files, the size cap and its flag, standard input.
func TestCheckBoundedInputs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fifo := filepath.Join(dir, "side.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	size, _ := os.Stat(td("staging.json"))
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"a FIFO as a side", []string{"check", fifo, td("production.json")}, "parity: " + fifo + ": not a regular file (a named pipe)"},
		{"/dev/zero as a side", []string{"check", td("staging.json"), "/dev/zero"}, "parity: /dev/zero: not a regular file (a character device)"},
		{"/dev/zero as --rules", []string{"check", "--rules", "/dev/zero", td("staging.json"), td("production.json")}, "parity: /dev/zero: not a regular file (a character device)"},
		{"a FIFO as --rules", []string{"check", "--rules", fifo, td("staging.json"), td("production.json")}, "parity: " + fifo + ": not a regular file (a named pipe)"},
		{"over --max-input-size", []string{"check", "--max-input-size", "1KiB", td("staging.json"), td("production.json")}, fmt.Sprintf("parity: %s: %dB is larger than the document limit of 1KiB; raise the limit with --max-input-size", td("staging.json"), size.Size())},
		{"hash over --max-input-size", []string{"hash", "--max-input-size", "1KiB", td("staging.json")}, "is larger than the document limit of 1KiB; raise the limit with --max-input-size"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := run(t, tt.args...)
			if r.code != 2 || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and %q", r.code, r.stderr, tt.want)
			}
		})
	}
	if r := run(t, "check", "--max-input-size", "10MiB", "--ratio", "0.5", td("staging.json"), td("production.json")); r.code != 1 {
		t.Errorf("a raised limit: exit %d, stderr:\n%s", r.code, r.stderr)
	}
}

// TestCheckStdin reads one side from standard input.
func TestCheckStdin(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(td("staging-in-parity.json"))
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	c := &command{ctx: context.Background(), stdin: bytes.NewReader(data), stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }}
	if code := c.run([]string{"check", "--rules", td("half.hcl"), "-", td("production.json")}); code != 0 {
		t.Errorf("exit %d, stderr:\n%s", code, stderr.String())
	}
}

func TestHelp(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--help"}, "Commands:"},
		{[]string{"-h"}, "Commands:"},
		{[]string{"help"}, "Commands:"},
		{[]string{"help", "check"}, "Usage: parity check"},
		{[]string{"check", "--help"}, "terraform show -json"},
		{[]string{"check", "a.json", "-h"}, "Examples:"},
		{[]string{"hash", "--help"}, "Usage: parity hash"},
		{[]string{"scale", "--help"}, "parity scale t3.xlarge 0.5"},
		{[]string{"version"}, "parity 1.2.3\n"},
		{[]string{"--version"}, "parity 1.2.3\n"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			t.Parallel()
			r := run(t, tt.args...)
			if r.code != 0 || !strings.Contains(r.stdout, tt.want) || r.stderr != "" {
				t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s\nwant %q on stdout", r.code, r.stdout, r.stderr, tt.want)
			}
		})
	}
}

func TestUnknownCommand(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{}, {"chek"}, {"help", "chek"}} {
		r := run(t, args...)
		if r.code != 2 || !strings.Contains(r.stderr, "Usage: parity <command>") {
			t.Errorf("parity %v: exit %d, stderr:\n%s", args, r.code, r.stderr)
		}
	}
}

func TestIsCommand(t *testing.T) {
	t.Parallel()
	for _, a := range []string{"check", "hash", "scale", "help", "version", "--help", "-h", "--version"} {
		if !IsCommand(a) {
			t.Errorf("IsCommand(%q) = false", a)
		}
	}
	for _, a := range []string{"", "-debug", "--debug", "serve"} {
		if IsCommand(a) {
			t.Errorf("IsCommand(%q) = true; the provider must still be served", a)
		}
	}
	for argv0, want := range map[string]bool{"parity": true, "/usr/bin/parity": true, "./parity.exe": true, "terraform-provider-parity_v1.0.0": false, "parity-dev": false} {
		if got := IsBinaryNamedParity(argv0); got != want {
			t.Errorf("IsBinaryNamedParity(%q) = %v", argv0, got)
		}
	}
}

func TestScale(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"scale", "t3.xlarge", "0.5"}, "t3.large\n"},
		{[]string{"scale", "t3.xlarge", "1/2"}, "t3.large\n"},
		{[]string{"scale", "t3.xlarge", "50%"}, "t3.large\n"},
		{[]string{"scale", "db.r5.4xlarge", "0.25"}, "db.r5.xlarge\n"},
		{[]string{"scale", "2Gi", "0.5"}, "1Gi\n"},
		{[]string{"scale", "--rounding", "up", "5", "0.5"}, "3\n"},
		{[]string{"scale", "5", "0.5", "--rounding=down"}, "2\n"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			t.Parallel()
			r := run(t, tt.args...)
			if r.code != 0 {
				t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
			}
			if diff := cmp.Diff(tt.want, r.stdout); diff != "" {
				t.Errorf("stdout (-want +got):\n%s", diff)
			}
		})
	}
}

func TestScaleExplain(t *testing.T) {
	t.Parallel()
	r := run(t, "scale", "t3.xlarge", "0.5", "--explain")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != 0 || len(lines) < 2 || lines[0] != "t3.large" || !strings.Contains(lines[1], "t3.xlarge") {
		t.Errorf("exit %d, stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	r = run(t, "scale", "5", "0.5", "--explain")
	if r.code != 0 || !strings.Contains(r.stdout, "accepted: ") {
		t.Errorf("5 × 0.5 rounding either should list both neighbours:\n%s", r.stdout)
	}
}

func TestScaleErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args  []string
		usage bool
		want  string
	}{
		{[]string{"scale", "t3.xlarge"}, true, "want SIZE and RATIO"},
		{[]string{"scale", "t3.xlarge", "lots"}, true, "not a number"},
		{[]string{"scale", "t3.xlarge", "0"}, true, "greater than 0"},
		{[]string{"scale", "--rounding", "sideways", "t3.xlarge", "0.5"}, true, `"sideways"`},
		{[]string{"scale", "t3.gigantic", "0.5"}, false, "parity: "},
		// A size of thousands of characters is not echoed whole.
		{[]string{"scale", strings.Repeat("9", 5000) + "x", "0.5"}, false, "(5001 characters)"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%.40s", strings.Join(tt.args, " ")), func(t *testing.T) {
			t.Parallel()
			r := run(t, tt.args...)
			if r.code != 2 || !strings.Contains(r.stderr, tt.want) || len(r.stderr) > 1000 {
				t.Errorf("exit %d, stderr (%d bytes):\n%.1500s\nwant %q", r.code, len(r.stderr), r.stderr, tt.want)
			}
			if got := strings.Contains(r.stderr, "Run 'parity scale --help'"); got != tt.usage {
				t.Errorf("usage shown: %v, want %v:\n%s", got, tt.usage, r.stderr)
			}
		})
	}
}

var hashPattern = regexp.MustCompile(`^sha256:[0-9a-f]{64}\n$`)

func TestHash(t *testing.T) {
	t.Parallel()
	stg := run(t, "hash", "--rules", td("parity.hcl"), td("staging-in-parity.json"))
	prod := run(t, "hash", td("production.json"), "--rules", td("parity.hcl"))
	drift := run(t, "hash", "--rules", td("parity.hcl"), td("staging.json"))
	for _, r := range []result{stg, prod, drift} {
		if r.code != 0 || !hashPattern.MatchString(r.stdout) {
			t.Fatalf("exit %d, stdout %q, stderr:\n%s", r.code, r.stdout, r.stderr)
		}
	}
	if stg.stdout != prod.stdout {
		t.Errorf("environments in parity hash differently: %s vs %s", stg.stdout, prod.stdout)
	}
	if drift.stdout == prod.stdout {
		t.Errorf("drifted environment has the production hash %s", prod.stdout)
	}
	noBuiltin := run(t, "hash", td("production.json"), "--rules", td("parity.hcl"), "--no-builtin-rules")
	if noBuiltin.code != 0 || noBuiltin.stdout == prod.stdout {
		t.Errorf("--no-builtin-rules did not change the hash: %+v", noBuiltin)
	}
}

func TestHashErrors(t *testing.T) {
	t.Parallel()
	r := run(t, "hash")
	if r.code != 2 || !strings.Contains(r.stderr, "Run 'parity hash --help'") {
		t.Errorf("no SIDE: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	r = run(t, "hash", td("truncated.json"))
	if r.code != 2 || !strings.HasPrefix(r.stderr, "parity: "+td("truncated.json")+": ") {
		t.Errorf("bad JSON: exit %d, stderr:\n%s", r.code, r.stderr)
	}
}

func TestParseEnvTokens(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    parity.EnvironmentTokens
		wantErr bool
	}{
		{in: "staging=stg,staging;production=prod,production", want: parity.EnvironmentTokens{Staging: []string{"stg", "staging"}, Production: []string{"prod", "production"}}},
		{in: " production = live ", want: parity.EnvironmentTokens{Production: []string{"live"}}},
		{in: "staging=;", want: parity.EnvironmentTokens{Staging: []string{}}},
		{in: "staging=a;staging=b", wantErr: true},
		{in: "qa=a", wantErr: true},
		{in: "stg", wantErr: true},
		{in: ";", wantErr: true},
	}
	for _, tt := range tests {
		got, err := parseEnvTokens(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("parseEnvTokens(%q) error %v, want error %v", tt.in, err, tt.wantErr)
			continue
		}
		if diff := cmp.Diff(tt.want, got); err == nil && diff != "" {
			t.Errorf("parseEnvTokens(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestParseInterspersed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args     []string
		want     []string
		wantRule string
	}{
		{[]string{"a", "--rules", "r", "b"}, []string{"a", "b"}, "r"},
		{[]string{"a", "b", "--rules=r"}, []string{"a", "b"}, "r"},
		{[]string{"--", "--rules", "b"}, []string{"--rules", "b"}, ""},
		{[]string{"a", "--", "-b"}, []string{"a", "-b"}, ""},
		{[]string{"--rules", "--", "a"}, []string{"a"}, "--"},
		{[]string{"-", "b"}, []string{"-", "b"}, ""},
	}
	for _, tt := range tests {
		fs := newFlagSet("test")
		rules := fs.String("rules", "", "")
		got, err := parseInterspersed(fs, tt.args)
		if err != nil {
			t.Errorf("%v: %v", tt.args, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" || *rules != tt.wantRule {
			t.Errorf("%v: rules %q, positional (-want +got):\n%s", tt.args, *rules, diff)
		}
	}
	fs := newFlagSet("test")
	if _, err := parseInterspersed(fs, []string{"a", "--help"}); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("--help after a positional: %v, want flag.ErrHelp", err)
	}
}

// TestBinary builds the real binary and runs it as parity and as
// terraform-provider-parity, proving main.go dispatches to the CLI.
func TestBinary(t *testing.T) {
	if testing.Short() && os.Getenv("CI") == "" {
		// -short skips the build on a laptop; CI always runs it.
		t.Skip("builds the binary; not run with -short outside CI")
	}
	t.Parallel()
	gomod, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil || strings.TrimSpace(string(gomod)) == "" || strings.TrimSpace(string(gomod)) == os.DevNull {
		t.Fatalf("no module root (go env GOMOD): %v", err)
	}
	root := filepath.Dir(strings.TrimSpace(string(gomod)))
	dir := t.TempDir()
	parityBin := filepath.Join(dir, "parity")
	build := exec.Command("go", "build", "-o", parityBin, ".")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	providerBin := filepath.Join(dir, "terraform-provider-parity")
	if err := os.Link(parityBin, providerBin); err != nil {
		t.Fatal(err)
	}
	staging, _ := filepath.Abs(td("staging.json"))
	production, _ := filepath.Abs(td("production.json"))

	tests := []struct {
		bin      string
		args     []string
		wantCode int
		want     string
	}{
		{parityBin, []string{"scale", "t3.xlarge", "0.5"}, 0, "t3.large\n"},
		{parityBin, []string{"check", "--ratio", "0.5", staging, production}, 1, "monitoring"},
		{parityBin, []string{"--version"}, 0, "parity "},
		{parityBin, nil, 2, ""},
		{providerBin, []string{"check", "--ratio", "0.5", staging, production}, 1, "monitoring"},
		{providerBin, []string{"scale", "2Gi", "0.5"}, 0, "1Gi\n"},
	}
	for _, tt := range tests {
		cmd := exec.Command(tt.bin, tt.args...)
		cmd.Dir = dir // no parity.hcl here
		cmd.Env = append(os.Environ(), "NO_COLOR=1")
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) {
			code = exitErr.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(tt.bin) + " " + strings.Join(tt.args, " ")
		if code != tt.wantCode || !strings.Contains(stdout.String(), tt.want) {
			t.Errorf("%s: exit %d, stdout:\n%s\nstderr:\n%s\nwant exit %d and %q", name, code, stdout.String(), stderr.String(), tt.wantCode, tt.want)
		}
	}

	// Started without arguments, terraform-provider-parity is the provider:
	// it must not answer as the CLI (it prints the plugin handshake error
	// and exits 1 when not started by Terraform).
	cmd := exec.Command(providerBin)
	out, _ := cmd.CombinedOutput()
	if bytes.Contains(out, []byte("Usage: parity")) {
		t.Errorf("terraform-provider-parity without arguments ran the CLI:\n%s", out)
	}
}

// TestCheckTerraformWorkingDirs reads two working directories through
// `terraform show -json` (terraform_data resources need no provider
// download).
func TestCheckTerraformWorkingDirs(t *testing.T) {
	tf := testutil.RequireBinary(t, "TF_ACC_TERRAFORM_PATH", "terraform")
	t.Parallel()
	state, err := os.ReadFile(td("terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	for name, content := range map[string][]byte{
		"staging":    state,
		"production": state,
		"drifted":    bytes.ReplaceAll(state, []byte(`"web-0"`), []byte(`"web-9"`)),
	} {
		dir := filepath.Join(root, name)
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "terraform.tfstate"), content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dir := func(name string) string { return filepath.Join(root, name) }
	if r := runWith(t, tf, "check", "--terraform", dir("staging"), dir("production")); r.code != 0 {
		t.Errorf("same state: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := runWith(t, tf, "check", dir("drifted"), dir("production"), "--terraform"); r.code != 1 || !strings.Contains(r.stdout, "web-9") {
		t.Errorf("drifted state: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
