package shadow

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// These helpers run `parity shadow-relay` as the tests' child process,
// from the argv a route renders as its relay_command, with the parity
// binary built from this tree.

var (
	buildOnce sync.Once
	parityBin string
	buildErr  error
)

// TestMain removes the binary the relay tests built.
func TestMain(m *testing.M) {
	code := m.Run()
	if parityBin != "" {
		os.RemoveAll(filepath.Dir(parityBin))
	}
	os.Exit(code)
}

// parityBinary builds the parity binary once per test run.
func parityBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "parity-relay-bin-")
		if err != nil {
			buildErr = err
			return
		}
		parityBin = filepath.Join(dir, RelayProgram)
		gomod, err := exec.Command("go", "env", "GOMOD").Output()
		if err != nil {
			buildErr = fmt.Errorf("go env GOMOD: %v", err)
			return
		}
		build := exec.Command("go", "build", "-o", parityBin, ".")
		build.Dir = filepath.Dir(strings.TrimSpace(string(gomod)))
		if out, err := build.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return parityBin
}

// relayProcess is a running `parity shadow-relay`.
type relayProcess struct {
	cmd    *exec.Cmd
	client *http.Client // Reaches the relay's address, whatever it is.
	stderr *syncBuffer
	exited chan error
}

// syncBuffer is a bytes.Buffer that the process writes while tests read.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startRelay runs argv, a route's relay_command, with the program it names
// taken from the binary built from this tree, and waits until /healthz
// answers. The relay is stopped with SIGTERM when the test ends, and must
// then exit 0 within its drain bound.
func startRelay(t testing.TB, argv []string) *relayProcess {
	t.Helper()
	if len(argv) < 2 || argv[0] != RelayProgram || argv[1] != "shadow-relay" {
		t.Fatalf("relay_command %q does not start %s shadow-relay", argv, RelayProgram)
	}
	listen := ""
	for i, a := range argv {
		if a == "--listen" && i+1 < len(argv) {
			listen = argv[i+1]
		}
	}
	network, address := "tcp", listen
	if path, ok := strings.CutPrefix(listen, "unix:"); ok {
		network, address = "unix", path
	}
	if address == "" {
		t.Fatalf("relay_command %q has no --listen", argv)
	}
	dialer := &net.Dialer{Timeout: time.Second}
	p := &relayProcess{
		cmd:    exec.Command(parityBinary(t), argv[1:]...),
		stderr: &syncBuffer{},
		exited: make(chan error, 1),
		client: &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{
			DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
				return dialer.DialContext(ctx, network, address)
			},
		}},
	}
	p.cmd.Stderr = p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.exited <- p.cmd.Wait() }()
	t.Cleanup(func() { p.stop(t) })
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		select {
		case err := <-p.exited:
			p.exited <- err
			t.Fatalf("the relay exited before it was ready: %v\n%s", err, p.stderr.String())
		default:
		}
		if resp, err := p.client.Get("http://relay/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the relay did not answer /healthz within 10 s:\n%s", p.stderr.String())
		}
	}
}

// stop sends SIGTERM and requires a clean exit within the drain bound.
func (p *relayProcess) stop(t testing.TB) {
	t.Helper()
	if p.cmd.ProcessState != nil {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.exited:
		if err != nil {
			t.Errorf("the relay exited with %v after SIGTERM:\n%s", err, tail(p.stderr.String(), 20))
		}
	case <-time.After(15 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.exited
		t.Errorf("the relay did not exit within 15 s of SIGTERM:\n%s", tail(p.stderr.String(), 20))
	}
	if t.Failed() {
		t.Logf("relay log (tail):\n%s", tail(p.stderr.String(), 20))
	}
}

// metrics scrapes /metrics and returns each sample by its name and labels
// as written ("parity_shadow_relay_requests_dropped_total{reason=\"timeout\"}").
func (p *relayProcess) metrics(t testing.TB) map[string]float64 {
	t.Helper()
	text := p.metricsText(t)
	samples := map[string]float64{}
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if i < 0 || err != nil {
			t.Fatalf("/metrics line %q has no value", line)
		}
		samples[line[:i]] = v
	}
	return samples
}

func (p *relayProcess) metricsText(t testing.TB) string {
	t.Helper()
	resp, err := p.client.Get("http://relay/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: status %d, error %v", resp.StatusCode, err)
	}
	return string(body)
}

// dropped sums the drop counters, or returns the one of reason.
func dropped(m map[string]float64, reason string) float64 {
	var n float64
	for k, v := range m {
		if strings.HasPrefix(k, "parity_shadow_relay_requests_dropped_total{") &&
			(reason == "" || k == `parity_shadow_relay_requests_dropped_total{reason="`+reason+`"}`) {
			n += v
		}
	}
	return n
}

// settledMetrics waits until the relay has an outcome for every request it
// received (none queued or in flight), then returns its metrics.
func (p *relayProcess) settledMetrics(t testing.TB) map[string]float64 {
	t.Helper()
	var m map[string]float64
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		m = p.metrics(t)
		if m["parity_shadow_relay_requests_received_total"] == m["parity_shadow_relay_requests_forwarded_total"]+dropped(m, "") {
			return m
		}
	}
	t.Fatalf("the relay still has requests without an outcome after 10 s: %v", m)
	return nil
}
