package cli

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestShadowRelayUsageErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{name: "no listen", args: []string{"--staging", "10.0.0.1:80"}, want: "--listen ADDR is required"},
		{name: "no staging", args: []string{"--listen", "127.0.0.1:8481"}, want: "--staging HOST:PORT is required"},
		{name: "public listen", args: []string{"--listen", "0.0.0.0:8481", "--staging", "10.0.0.1:80"}, want: "loopback"},
		{name: "bad staging", args: []string{"--listen", "127.0.0.1:8481", "--staging", "http://x"}, want: "--staging:"},
		{name: "bad header", args: []string{"--listen", "127.0.0.1:8481", "--staging", "10.0.0.1:80", "--mirror-header", "X-Shadow"}, want: "--mirror-header \"X-Shadow\": write 'NAME: VALUE'"},
		{name: "bad size", args: []string{"--listen", "127.0.0.1:8481", "--staging", "10.0.0.1:80", "--max-body-size", "lots"}, want: "--max-body-size:"},
		{name: "bad mode", args: []string{"--listen", "127.0.0.1:8481", "--staging", "10.0.0.1:80", "--socket-mode", "rw"}, want: "--socket-mode \"rw\""},
		{name: "bad rate", args: []string{"--listen", "127.0.0.1:8481", "--staging", "10.0.0.1:80", "--max-rps", "-2"}, want: "--max-rps:"},
		{name: "bad log format", args: []string{"--listen", "127.0.0.1:8481", "--staging", "10.0.0.1:80", "--log-format", "xml"}, want: "--log-format \"xml\""},
		{name: "stray argument", args: []string{"--listen", "127.0.0.1:8481", "--staging", "10.0.0.1:80", "extra"}, want: `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := run(t, append([]string{"shadow-relay"}, tt.args...)...)
			if r.code != exitError || !strings.Contains(r.stderr, tt.want) || !strings.Contains(r.stderr, "Usage: parity shadow-relay") {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 2, usage and %q", r.code, r.stderr, tt.want)
			}
		})
	}
	if r := run(t, "shadow-relay", "--help"); r.code != exitOK || !strings.Contains(r.stdout, "GET /metrics") {
		t.Errorf("--help: exit %d, stdout:\n%s", r.code, r.stdout)
	}
}

// syncWriter is a writer the relay's goroutines share with the test.
type syncWriter struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(p)
}

func (w *syncWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// TestShadowRelayRuns starts the command, mirrors a request through it to
// a staging server, reads its metrics on the admin port, and stops it by
// ending its context as SIGTERM would.
func TestShadowRelayRuns(t *testing.T) {
	t.Parallel()
	got := make(chan string, 1)
	staging := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r.Method + " " + r.RequestURI + " " + r.Header.Get("X-Mirror")
	}))
	defer staging.Close()
	dir, err := os.MkdirTemp("", "pr")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	socket := filepath.Join(dir, "relay.sock")
	admin, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	adminAddr := admin.Addr().String()
	admin.Close()

	ctx, cancel := context.WithCancel(context.Background())
	var stderr syncWriter
	c := &command{ctx: ctx, stdin: strings.NewReader(""), stdout: io.Discard, stderr: &stderr, getenv: func(string) string { return "" }}
	exited := make(chan int, 1)
	go func() {
		exited <- c.run([]string{"shadow-relay", "--listen", "unix:" + socket, "--staging", staging.Listener.Addr().String(),
			"--mirror-header", "X-Mirror: from nginx", "--admin-listen", adminAddr, "--log-format", "text", "--name", "api"})
	}()
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", socket)
		},
	}}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if resp, err := client.Get("http://relay/healthz"); err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the relay did not answer within 10 s:\n%s", stderr.String())
		}
	}
	req, _ := http.NewRequest(http.MethodGet, "http://relay/items?id=7", nil)
	req.Header.Set("X-Mirror", "from nginx")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Errorf("the relay answered %d, want 202", resp.StatusCode)
	}
	select {
	case g := <-got:
		if g != "GET /items?id=7 from nginx" {
			t.Errorf("staging received %q", g)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("staging received nothing")
	}
	m, err := http.Get("http://" + adminAddr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(m.Body)
	m.Body.Close()
	if !strings.Contains(string(body), "parity_shadow_relay_requests_received_total 1\n") {
		t.Errorf("admin /metrics:\n%s", body)
	}
	cancel()
	select {
	case code := <-exited:
		if code != exitOK {
			t.Errorf("exit %d after the end of its context:\n%s", code, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the relay did not stop within 15 s")
	}
	for _, want := range []string{"shadow relay listening", "route=api", "shadow relay stopped"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, stderr.String())
		}
	}
	if _, err := os.Stat(socket); !os.IsNotExist(err) {
		t.Errorf("the socket is left behind: %v", err)
	}
}
