package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/envparity/terraform-provider-parity/internal/runtask/hcpfake"
	"github.com/envparity/terraform-provider-parity/internal/testutil"
)

const (
	e2eOrgToken = "E2E-ORG-TOKEN-planted-91d4"
	e2eHMACKey  = "E2E-HMAC-KEY-planted-3c7a"
)

func runTaskTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "runtask", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRunTaskProcessOffline(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fake := hcpfake.New("acme", e2eOrgToken)
	defer fake.Close()
	run := fake.AddRun("web-staging", nil, 0)
	payload := filepath.Join(dir, "payload.json")
	writeJSONFile(t, payload, fake.Payload(run, "post_plan", "advisory"))
	td := func(name string) string { return filepath.Join("testdata", "runtask", name) }

	for _, tc := range []struct {
		name, plan string
		code       int
		status     string
		message    string
	}{
		{"in parity", "staging-plan.json", 0, "passed", "In parity with production workspace " + td("production-state.json")},
		{"drift", "staging-plan-drift.json", 1, "failed", "Advisory task: the run is not blocked."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			code := Main(context.Background(), []string{"run-task", "process", "--config", td("run-task.hcl"), "--payload", payload,
				"--plan", td(tc.plan), "--state", td("production-state.json")}, "test", nil, &stdout, &stderr)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tc.code, stderr.String())
			}
			var doc hcpfake.CallbackDocument
			if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
				t.Fatalf("stdout is not the callback document: %v\n%s", err, stdout.String())
			}
			if doc.Data.Type != "task-results" || doc.Data.Attributes.Status != tc.status || !strings.Contains(doc.Data.Attributes.Message, tc.message) {
				t.Errorf("callback %+v, want %s with %q", doc.Data.Attributes, tc.status, tc.message)
			}
			if tc.status == "failed" {
				outcomes := doc.Data.Relationships.Outcomes.Data
				if len(outcomes) != 1 || outcomes[0].Attributes.Tags["Severity"][0].Level != "error" ||
					!strings.Contains(outcomes[0].Attributes.Body, "monitoring") {
					t.Errorf("outcomes %+v, want one error outcome about monitoring", outcomes)
				}
			}
			if strings.Contains(stdout.String()+stderr.String(), run.AccessToken) {
				t.Errorf("the output contains the payload's access token")
			}
			// Offline: nothing was asked of HCP Terraform.
			if n := len(fake.Requests()); n != 0 {
				t.Errorf("%d requests reached the fake", n)
			}
		})
	}
}

func TestRunTaskProcessDownloadsAndSends(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	fake := hcpfake.New("acme", e2eOrgToken)
	defer fake.Close()
	fake.AddWorkspace("web-production", nil, runTaskTestdata(t, "production-state.json"))
	run := fake.AddRun("web-staging", runTaskTestdata(t, "staging-plan-drift.json"), 0)
	payload := filepath.Join(dir, "payload.json")
	writeJSONFile(t, payload, fake.Payload(run, "post_plan", "mandatory"))
	cfg := filepath.Join(dir, "run-task.hcl")
	writeText(t, cfg, fmt.Sprintf("address = %q\norganization = \"acme\"\ntoken_env = \"PARITY_TEST_TOKEN\"\n"+
		"pair \"web\" {\n  staging    { workspace = \"web-staging\" }\n  production { workspace = \"web-production\" }\n  ratio = 0.5\n}\n", fake.URL()))

	var stdout, stderr bytes.Buffer
	c := &command{ctx: context.Background(), version: "test", stdout: &stdout, stderr: &stderr,
		getenv: func(k string) string {
			if k == "PARITY_TEST_TOKEN" {
				return e2eOrgToken
			}
			return ""
		}}
	code := c.run([]string{"run-task", "process", "--config", cfg, "--payload", payload, "--send"})
	if code != 1 {
		t.Fatalf("exit %d, want 1 (drift); stderr:\n%s", code, stderr.String())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	final, err := fake.WaitFinal(ctx, run)
	if err != nil {
		t.Fatal(err)
	}
	var printed hcpfake.CallbackDocument
	if err := json.Unmarshal(stdout.Bytes(), &printed); err != nil {
		t.Fatal(err)
	}
	if final.Doc.Data.Attributes != printed.Data.Attributes || final.Doc.Data.Attributes.Status != "failed" {
		t.Errorf("sent %+v, printed %+v; want the same failed result", final.Doc.Data.Attributes, printed.Data.Attributes)
	}
	if !strings.Contains(stderr.String(), "result delivered to HCP Terraform (1 attempt)") {
		t.Errorf("stderr:\n%s", stderr.String())
	}
	if strings.Contains(stdout.String()+stderr.String(), e2eOrgToken) {
		t.Errorf("the output contains the organization token")
	}
}

func TestRunTaskUsageErrors(t *testing.T) {
	t.Parallel()
	cfg := filepath.Join("testdata", "runtask", "run-task.hcl")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"run-task"}, 2, "want a subcommand: serve or process"},
		{[]string{"run-task", "deploy"}, 2, `unknown subcommand "deploy"`},
		{[]string{"run-task", "serve"}, 2, "--config FILE is required"},
		{[]string{"run-task", "serve", "--config", cfg, "--log-format", "xml"}, 2, `--log-format "xml"`},
		{[]string{"run-task", "serve", "--config", cfg}, 2, "no HMAC key; set the environment variable named by hmac_key_env"},
		{[]string{"run-task", "serve", "--config", "absent.hcl"}, 2, "absent.hcl: cannot read the run task configuration"},
		{[]string{"run-task", "process", "--config", cfg}, 2, "--payload FILE is required"},
		{[]string{"run-task", "process", "--config", cfg, "--payload", "absent.json"}, 2, "absent.json: cannot read the payload: no such file or directory"},
		{[]string{"run-task", "process", "--config", cfg, "--payload", filepath.Join("testdata", "not-a-state.json")}, 2, "only version 1 is supported"},
		{[]string{"run-task", "serve", "--help"}, 0, "parity run-task serve --config FILE"},
		{[]string{"help", "run-task"}, 0, "Secrets come from the environment"},
	} {
		var stdout, stderr bytes.Buffer
		c := &command{ctx: context.Background(), stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }}
		code := c.run(tc.args)
		out := stdout.String() + stderr.String()
		if code != tc.code || !strings.Contains(out, tc.want) {
			t.Errorf("%v: exit %d, output:\n%s\nwant exit %d and %q", tc.args, code, out, tc.code, tc.want)
		}
	}
}

// TestRunTaskServeEndToEnd runs the real binary as a server against the HCP
// Terraform fake: a run in parity passes, a run in drift fails with
// outcomes, an unsigned request is refused, and SIGTERM during an evaluation
// lets it finish before the process exits.
func TestRunTaskServeEndToEnd(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bin := filepath.Join(dir, "parity")
	buildCtx, cancelBuild := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancelBuild()
	build := exec.CommandContext(buildCtx, "go", "build", "-o", bin, "../..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	fake := hcpfake.New("acme", e2eOrgToken)
	defer fake.Close()
	fake.AddWorkspace("web-production", nil, runTaskTestdata(t, "production-state.json"))
	cfg := filepath.Join(dir, "run-task.hcl")
	writeText(t, cfg, fmt.Sprintf("address = %q\norganization = \"acme\"\nworkers = 1\n"+
		"pair \"web\" {\n  staging    { workspace = \"web-staging\" }\n  production { workspace = \"web-production\" }\n  ratio = 0.5\n}\n", fake.URL()))

	cmd := exec.Command(bin, "run-task", "serve", "--listen", "127.0.0.1:0", "--config", cfg)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "TFE_TOKEN=" + e2eOrgToken, "PARITY_RUN_TASK_HMAC_KEY=" + e2eHMACKey}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	logs := &lockedLines{}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			logs.add(line)
			if m := regexp.MustCompile(`"msg":"listening","addr":"([^"]+)"`).FindStringSubmatch(line); m != nil {
				addr <- m[1]
			}
		}
		exited <- cmd.Wait()
	}()
	defer func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
		}
	}()
	var base string
	select {
	case a := <-addr:
		base = "http://" + a
	case <-time.After(30 * time.Second):
		t.Fatalf("the server did not report its address; logs:\n%s", logs)
	}

	deliver := func(p any, key []byte) int {
		t.Helper()
		body, _ := json.Marshal(p)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		resp, err := hcpfake.Deliver(ctx, base+"/run-task", body, key)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	waitFinal := func(r *hcpfake.Run) hcpfake.Callback {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		c, err := fake.WaitFinal(ctx, r)
		if err != nil {
			t.Fatalf("%v; logs:\n%s", err, logs)
		}
		return c
	}

	resp, err := http.Get(base + "/healthz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz: %v %v", resp, err)
	}
	resp.Body.Close()

	inParity := fake.AddRun("web-staging", runTaskTestdata(t, "staging-plan.json"), 0)
	if code := deliver(fake.Payload(inParity, "post_plan", "mandatory"), []byte(e2eHMACKey)); code != http.StatusOK {
		t.Fatalf("delivery answered %d", code)
	}
	if got := waitFinal(inParity).Doc.Data.Attributes; got.Status != "passed" {
		t.Errorf("in-parity run: %+v", got)
	}

	drift := fake.AddRun("web-staging", runTaskTestdata(t, "staging-plan-drift.json"), 0)
	deliver(fake.Payload(drift, "pre_apply", "mandatory"), []byte(e2eHMACKey))
	final := waitFinal(drift)
	if final.Doc.Data.Attributes.Status != "failed" || len(final.Doc.Data.Relationships.Outcomes.Data) != 1 {
		t.Errorf("drift run: %+v with %d outcomes", final.Doc.Data.Attributes, len(final.Doc.Data.Relationships.Outcomes.Data))
	}

	if code := deliver(fake.Payload(drift, "post_plan", "mandatory"), []byte("not-the-key")); code != http.StatusUnauthorized {
		t.Errorf("a request signed with another key answered %d, want 401", code)
	}

	// SIGTERM while the plan is not ready: the evaluation finishes (the
	// plan is ready on the third poll, about three seconds later) and the
	// process exits 0.
	held := fake.AddRun("web-staging", runTaskTestdata(t, "staging-plan.json"), 2)
	deliver(fake.Payload(held, "post_plan", "mandatory"), []byte(e2eHMACKey))
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(fmt.Sprint(fake.Requests()), held.PlanID) {
		if time.Now().After(deadline) {
			t.Fatalf("the held run's plan was never requested; logs:\n%s", logs)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("the server exited with %v; logs:\n%s", err, logs)
		}
	case <-time.After(60 * time.Second):
		t.Fatalf("the server did not exit after SIGTERM; logs:\n%s", logs)
	}
	if got := waitFinal(held).Doc.Data.Attributes; got.Status != "passed" {
		t.Errorf("held run: %+v", got)
	}

	all := logs.String()
	for _, want := range []string{`"msg":"shutting down"`, `"msg":"stopped","delivered":3`, `"reason":"signature does not match"`} {
		if !strings.Contains(all, want) {
			t.Errorf("logs lack %s:\n%s", want, all)
		}
	}
	for _, secret := range []string{e2eOrgToken, e2eHMACKey, "atlasv1"} {
		if strings.Contains(all, secret) {
			t.Errorf("logs contain the secret %q", secret)
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(all), "\n") {
		if !json.Valid([]byte(line)) {
			t.Errorf("log line is not JSON: %s", line)
		}
	}
}

// lockedLines collects log lines from the reader goroutine.
type lockedLines struct {
	mu    sync.Mutex
	lines []string
}

func (l *lockedLines) add(s string) {
	l.mu.Lock()
	l.lines = append(l.lines, s)
	l.mu.Unlock()
}

func (l *lockedLines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

func writeJSONFile(t *testing.T, path string, v any) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	writeText(t, path, string(b))
}

func writeText(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestRunTaskDeploymentExamples checks the deployment examples against the
// programs that consume them: the example configuration loads, the
// container's command line and the systemd unit's ExecStart start this
// binary's service (which stops at once, its context being cancelled), and
// systemd-analyze verifies the unit without a warning.
func TestRunTaskDeploymentExamples(t *testing.T) {
	t.Parallel()
	example := filepath.Join("..", "..", "examples", "run-task")
	cfgPath := filepath.Join(example, "run-task.hcl")

	containerfile, err := os.ReadFile(filepath.Join(example, "Containerfile"))
	if err != nil {
		t.Fatal(err)
	}
	var entrypoint, cmdArgs []string
	for _, line := range strings.Split(string(containerfile), "\n") {
		if rest, ok := strings.CutPrefix(line, "ENTRYPOINT "); ok {
			if err := json.Unmarshal([]byte(rest), &entrypoint); err != nil {
				t.Fatalf("ENTRYPOINT: %v", err)
			}
		}
		if rest, ok := strings.CutPrefix(line, "CMD "); ok {
			if err := json.Unmarshal([]byte(rest), &cmdArgs); err != nil {
				t.Fatalf("CMD: %v", err)
			}
		}
	}
	unit, err := os.ReadFile(filepath.Join(example, "parity-run-task.service"))
	if err != nil {
		t.Fatal(err)
	}
	execStart := regexp.MustCompile(`(?m)^ExecStart=(\S+) (.*)$`).FindSubmatch(unit)
	if len(entrypoint) < 2 || execStart == nil {
		t.Fatalf("no ENTRYPOINT (%q) or ExecStart", entrypoint)
	}

	for name, argv := range map[string][]string{
		"container": append(append([]string{}, entrypoint[1:]...), cmdArgs...),
		"systemd":   strings.Fields(string(execStart[2])),
	} {
		args := make([]string, len(argv))
		for i, a := range argv {
			switch {
			case a == "/etc/parity/run-task.hcl":
				a = cfgPath // the example, where the image and the unit mount it
			case i > 0 && argv[i-1] == "--listen":
				a = "127.0.0.1:0"
			}
			args[i] = a
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel() // SIGTERM before the first request: start, then drain at once
		var stdout, stderr bytes.Buffer
		c := &command{ctx: ctx, stdout: &stdout, stderr: &stderr, getenv: func(k string) string {
			return map[string]string{"TFE_TOKEN": "token", "PARITY_RUN_TASK_HMAC_KEY": "key"}[k]
		}}
		if code := c.run(args); code != 0 || !strings.Contains(stderr.String(), `"msg":"listening"`) {
			t.Errorf("%s: parity %s: exit %d\n%s", name, strings.Join(args, " "), code, stderr.String())
		}
	}

	analyze := testutil.RequireBinary(t, "PARITY_SYSTEMD_ANALYZE", "systemd-analyze")
	// verify insists that ExecStart's program exists; point it at this
	// test binary, which is executable, and keep every other line.
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(t.TempDir(), "parity-run-task.service")
	writeText(t, copyPath, strings.Replace(string(unit), "ExecStart="+string(execStart[1]), "ExecStart="+self, 1))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, analyze, "verify", copyPath).CombinedOutput()
	if err != nil || len(bytes.TrimSpace(out)) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
}
