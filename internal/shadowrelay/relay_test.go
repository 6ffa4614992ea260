package shadowrelay

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// lockedBuffer collects logs written by the relay's goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// testRelay is a relay serving on a unix socket of its own.
type testRelay struct {
	*Relay
	client *http.Client
	logs   *lockedBuffer
	socket string
	stop   func() error
}

// shortTempDir is a private directory with a short path: a socket path may
// not exceed 107 bytes, and t.TempDir grows with the test name.
func shortTempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "pr")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

func startTestRelay(t *testing.T, o Options) *testRelay {
	t.Helper()
	logs := &lockedBuffer{}
	o.Logger = slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	r, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	socket := filepath.Join(shortTempDir(t), "relay.sock")
	ln, err := Listen("unix:"+socket, DefaultSocketMode)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Serve(ctx, ln, nil) }()
	var once sync.Once
	var stopErr error
	tr := &testRelay{Relay: r, logs: logs, socket: socket, client: unixClient(socket)}
	tr.stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case stopErr = <-done:
			case <-time.After(30 * time.Second):
				t.Fatal("Serve did not return within 30 s of the end of its context")
			}
		})
		return stopErr
	}
	t.Cleanup(func() { tr.stop() })
	return tr
}

func unixClient(socket string) *http.Client {
	return &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", socket)
		},
	}}
}

// mirror sends a mirrored request as nginx's first hop does and returns the
// relay's status.
func (tr *testRelay) mirror(t *testing.T, method, target, body string, header http.Header) int {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, "http://relay"+target, rd)
	if err != nil {
		t.Fatal(err)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	if _, ok := req.Header["X-Shadowed-Request"]; !ok {
		req.Header.Set("X-Shadowed-Request", "true")
	}
	resp, err := tr.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// waitSettled waits until every received request has an outcome.
func (tr *testRelay) waitSettled(t *testing.T) Snapshot {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		s := tr.Snapshot()
		if s.Received == s.Forwarded+s.TotalDropped() {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("requests without an outcome after 10 s: %+v", s)
		}
	}
}

// seen is what a staging server received of one request.
type seen struct {
	Method, URI, Host, Body string
	Header                  http.Header
	ContentLength           int64
}

// staging is a staging server that records what it receives and answers
// with status after delay (or when release is closed, when it is set).
type staging struct {
	srv      *httptest.Server
	mu       sync.Mutex
	seen     []seen
	status   int
	delay    time.Duration
	release  chan struct{}
	newConns atomic.Int64
}

func startStaging(t *testing.T, status int, delay time.Duration) *staging {
	t.Helper()
	s := &staging{status: status, delay: delay}
	s.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.seen = append(s.seen, seen{Method: r.Method, URI: r.RequestURI, Host: r.Host, Body: string(body), Header: r.Header.Clone(), ContentLength: r.ContentLength})
		s.mu.Unlock()
		if s.release != nil {
			select {
			case <-s.release:
			case <-r.Context().Done():
				return
			}
		}
		if s.delay > 0 {
			select {
			case <-time.After(s.delay):
			case <-r.Context().Done():
				return
			}
		}
		w.WriteHeader(s.status)
		io.WriteString(w, "staging")
	}))
	s.srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			s.newConns.Add(1)
		}
	}
	s.srv.Start()
	t.Cleanup(s.srv.Close)
	return s
}

func (s *staging) addr() string { return s.srv.Listener.Addr().String() }

func (s *staging) requests() []seen {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.seen)
}

func TestForwardHeader(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   http.Header
		want http.Header
	}{
		{
			name: "end-to-end fields kept, secrets included, mirror header set",
			in: http.Header{
				"Authorization":      {"Bearer abc"},
				"Cookie":             {"session=1"},
				"X-Forwarded-For":    {"203.0.113.9, 127.0.0.1"},
				"User-Agent":         {"curl/8"},
				"X-Shadowed-Request": {"client value"},
				"Content-Length":     {"12"},
				"Expect":             {"100-continue"},
			},
			want: http.Header{
				"Authorization":      {"Bearer abc"},
				"Cookie":             {"session=1"},
				"X-Forwarded-For":    {"203.0.113.9, 127.0.0.1"},
				"User-Agent":         {"curl/8"},
				"X-Shadowed-Request": {"true"},
			},
		},
		{
			name: "hop-by-hop fields and those Connection names dropped",
			in: http.Header{
				"Connection":          {"keep-alive, X-Hop", "Upgrade"},
				"X-Hop":               {"1"},
				"Keep-Alive":          {"timeout=5"},
				"Proxy-Connection":    {"keep-alive"},
				"Proxy-Authorization": {"Basic cHJveHk="},
				"Proxy-Authenticate":  {"Basic"},
				"Te":                  {"trailers"},
				"Trailer":             {"X-Sum"},
				"Transfer-Encoding":   {"chunked"},
				"Upgrade":             {"websocket"},
				"Accept":              {"*/*"},
			},
			want: http.Header{
				"Accept":             {"*/*"},
				"User-Agent":         {""},
				"X-Shadowed-Request": {"true"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := forwardHeader(tt.in, "X-Shadowed-Request", "true")
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("forwardHeader (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRelayForwardsRequestsIntact sends requests as nginx's first hop
// would and checks that staging receives each whole: method, URI as sent,
// Host, end-to-end headers, body and the mirror header, in turn over the
// upstreams.
func TestRelayForwardsRequestsIntact(t *testing.T) {
	t.Parallel()
	a, b := startStaging(t, http.StatusOK, 0), startStaging(t, http.StatusCreated, 0)
	tr := startTestRelay(t, Options{Staging: []string{a.addr(), b.addr()}, Workers: 1})
	const n = 20
	for i := range n {
		header := http.Header{
			"Authorization":   {"Bearer token-" + strconv.Itoa(i)},
			"X-Forwarded-For": {"203.0.113.7"},
			"Connection":      {"X-Hop"},
			"X-Hop":           {"dropped"},
		}
		body := ""
		method := http.MethodGet
		if i%2 == 1 {
			method, body = http.MethodPost, strings.Repeat("order "+strconv.Itoa(i)+";", 50)
		}
		if status := tr.mirror(t, method, "/items/"+strconv.Itoa(i)+"?q=a%20b&x=%2F", body, header); status != http.StatusAccepted {
			t.Fatalf("request %d: relay answered %d, want 202", i, status)
		}
	}
	s := tr.waitSettled(t)
	if s.Forwarded != n || s.TotalDropped() != 0 {
		t.Fatalf("forwarded %d, dropped %v; want %d forwarded", s.Forwarded, s.Dropped, n)
	}
	// One worker takes the queue in order, so the upstreams alternate.
	got := append(a.requests(), b.requests()...)
	if len(a.requests()) != n/2 || len(b.requests()) != n/2 {
		t.Errorf("upstreams received %d and %d requests, want %d each", len(a.requests()), len(b.requests()), n/2)
	}
	for _, r := range got {
		i, err := strconv.Atoi(strings.TrimPrefix(strings.Split(r.URI, "?")[0], "/items/"))
		if err != nil {
			t.Fatalf("staging received URI %q", r.URI)
		}
		want := seen{Method: http.MethodGet, URI: "/items/" + strconv.Itoa(i) + "?q=a%20b&x=%2F", Host: "relay"}
		if i%2 == 1 {
			want.Method, want.Body = http.MethodPost, strings.Repeat("order "+strconv.Itoa(i)+";", 50)
			want.ContentLength = int64(len(want.Body))
		}
		if diff := cmp.Diff(want, r, cmp.FilterPath(func(p cmp.Path) bool { return p.String() == "Header" }, cmp.Ignore())); diff != "" {
			t.Errorf("request %d (-want +got):\n%s", i, diff)
		}
		for name, value := range map[string]string{
			"Authorization":      "Bearer token-" + strconv.Itoa(i),
			"X-Forwarded-For":    "203.0.113.7",
			"X-Shadowed-Request": "true",
			"X-Hop":              "",
			"Connection":         "",
		} {
			if v := r.Header.Get(name); v != value {
				t.Errorf("request %d: staging saw %s %q, want %q", i, name, v, value)
			}
		}
	}
	m := parseMetrics(t, tr.metricsText(t))
	if m[`parity_shadow_relay_staging_responses_total{class="2xx"}`] != n {
		t.Errorf("2xx answers counted: %v, want %d", m[`parity_shadow_relay_staging_responses_total{class="2xx"}`], n)
	}
}

func (tr *testRelay) metricsText(t *testing.T) string {
	t.Helper()
	resp, err := tr.client.Get("http://relay/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/plain; version=0.0.4; charset=utf-8" {
		t.Fatalf("/metrics: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	return string(body)
}

// parseMetrics returns the samples of an exposition by name and labels.
func parseMetrics(t *testing.T, text string) map[string]float64 {
	t.Helper()
	m := map[string]float64{}
	for line := range strings.Lines(text) {
		line = strings.TrimSuffix(line, "\n")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if i < 0 || err != nil {
			t.Fatalf("line %q has no value", line)
		}
		m[line[:i]] = v
	}
	return m
}

func TestRelayReusesConnections(t *testing.T) {
	t.Parallel()
	st := startStaging(t, http.StatusOK, 0)
	tr := startTestRelay(t, Options{Staging: []string{st.addr()}, Workers: 4})
	const n = 200
	for i := range n {
		tr.mirror(t, http.MethodGet, "/"+strconv.Itoa(i), "", nil)
	}
	if s := tr.waitSettled(t); s.Forwarded != n {
		t.Fatalf("forwarded %d of %d: %+v", s.Forwarded, n, s)
	}
	if c := st.newConns.Load(); c > 4 {
		t.Errorf("staging saw %d connections for %d requests from 4 workers; want at most 4 (kept alive)", c, n)
	}
	// The test's client keeps its connection to the relay too.
	if c := tr.metrics.connections.Load(); c != 1 {
		t.Errorf("the relay counts %d connections from one kept-alive client, want 1", c)
	}
}

// TestRelayShedsWhenQueueFull holds the only worker on a staging that does
// not answer: the queue takes two more requests, and every further one is
// answered at once and dropped, never waited for.
func TestRelayShedsWhenQueueFull(t *testing.T) {
	t.Parallel()
	st := startStaging(t, http.StatusOK, 0)
	st.release = make(chan struct{})
	tr := startTestRelay(t, Options{Staging: []string{st.addr()}, Workers: 1, QueueSize: 2, ReadTimeout: 10 * time.Second})
	status := map[int]int{}
	tr.mirror(t, http.MethodGet, "/0", "", nil)
	// Wait until the worker holds the first request, so that the queue is
	// empty again.
	for deadline := time.Now().Add(5 * time.Second); len(st.requests()) == 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("staging never received the first request")
		}
	}
	for i := 1; i < 10; i++ {
		start := time.Now()
		status[tr.mirror(t, http.MethodGet, "/"+strconv.Itoa(i), "", nil)]++
		if d := time.Since(start); d > time.Second {
			t.Errorf("request %d waited %v for the relay's answer", i, d)
		}
	}
	if diff := cmp.Diff(map[int]int{http.StatusAccepted: 2, http.StatusServiceUnavailable: 7}, status); diff != "" {
		t.Errorf("answers (-want +got):\n%s", diff)
	}
	close(st.release)
	s := tr.waitSettled(t)
	if s.Forwarded != 3 || s.Dropped["queue_full"] != 7 {
		t.Errorf("forwarded %d, dropped %v; want 3 forwarded and 7 queue_full", s.Forwarded, s.Dropped)
	}
}

func TestRelayQueuedBytesBound(t *testing.T) {
	t.Parallel()
	st := startStaging(t, http.StatusOK, 0)
	st.release = make(chan struct{})
	tr := startTestRelay(t, Options{Staging: []string{st.addr()}, Workers: 1, QueueSize: 100, MaxQueuedBytes: 1000, ReadTimeout: 10 * time.Second})
	tr.mirror(t, http.MethodPost, "/held", "x", nil)
	for deadline := time.Now().Add(5 * time.Second); len(st.requests()) == 0; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("staging never received the first request")
		}
	}
	var accepted int
	for i := range 5 {
		if tr.mirror(t, http.MethodPost, "/"+strconv.Itoa(i), strings.Repeat("b", 400), nil) == http.StatusAccepted {
			accepted++
		}
	}
	if accepted != 2 {
		t.Errorf("%d bodies of 400 bytes queued within a 1000-byte bound, want 2", accepted)
	}
	close(st.release)
	if s := tr.waitSettled(t); s.Dropped["queue_full"] != 3 {
		t.Errorf("dropped %v, want 3 queue_full", s.Dropped)
	}
}

func TestRelayRateCap(t *testing.T) {
	t.Parallel()
	st := startStaging(t, http.StatusOK, 0)
	// A burst of 1 (a tenth of a second's worth, at least one).
	tr := startTestRelay(t, Options{Staging: []string{st.addr()}, MaxRPS: 5})
	start := time.Now()
	status := map[int]int{}
	for i := range 20 {
		status[tr.mirror(t, http.MethodGet, "/"+strconv.Itoa(i), "", nil)]++
	}
	elapsed := time.Since(start)
	// At 5 per second after a burst of 1, elapsed time admits at most
	// 1 + 5·elapsed requests.
	maxAccepted := 1 + int(5*elapsed.Seconds())
	if status[http.StatusAccepted] < 1 || status[http.StatusAccepted] > maxAccepted || status[http.StatusTooManyRequests] != 20-status[http.StatusAccepted] {
		t.Errorf("answers %v in %v; want 1 to %d accepted, the rest 429", status, elapsed, maxAccepted)
	}
	if s := tr.waitSettled(t); int(s.Dropped["rate_limited"]) != status[http.StatusTooManyRequests] {
		t.Errorf("rate_limited %d, answered 429 %d times", s.Dropped["rate_limited"], status[http.StatusTooManyRequests])
	}
	m := parseMetrics(t, tr.metricsText(t))
	if m["parity_shadow_relay_max_rps"] != 5 {
		t.Errorf("max_rps gauge %v, want 5", m["parity_shadow_relay_max_rps"])
	}
}

// TestRelayLeavesRefusingUpstreamAlone: a staging upstream that refuses
// connections costs one connect_error, after which requests go to the
// other upstream; with every upstream refusing, requests are dropped at
// once as staging_down without a connection attempt.
func TestRelayLeavesRefusingUpstreamAlone(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refusing := l.Addr().String()
	l.Close()
	up := startStaging(t, http.StatusOK, 0)
	tr := startTestRelay(t, Options{Staging: []string{refusing, up.addr()}, Workers: 1})
	for i := range 10 {
		tr.mirror(t, http.MethodGet, "/"+strconv.Itoa(i), "", nil)
	}
	s := tr.waitSettled(t)
	if s.Dropped["connect_error"] != 1 || s.Forwarded != 9 {
		t.Errorf("forwarded %d, dropped %v; want 9 forwarded after 1 connect_error", s.Forwarded, s.Dropped)
	}
	m := parseMetrics(t, tr.metricsText(t))
	if m[`parity_shadow_relay_upstream_up{upstream="`+refusing+`"}`] != 0 || m[`parity_shadow_relay_upstream_up{upstream="`+up.addr()+`"}`] != 1 {
		t.Errorf("upstream_up: %v", m)
	}
	if n := strings.Count(tr.logs.String(), "refuses connections"); n != 1 {
		t.Errorf("the refusal was logged %d times, want once:\n%s", n, tr.logs.String())
	}

	down := startTestRelay(t, Options{Staging: []string{refusing}, Workers: 1})
	down.mirror(t, http.MethodGet, "/first", "", nil)
	down.waitSettled(t)
	status := down.mirror(t, http.MethodGet, "/second", "", nil)
	if s := down.waitSettled(t); status != http.StatusServiceUnavailable || s.Dropped["connect_error"] != 1 || s.Dropped["staging_down"] != 1 {
		t.Errorf("second request answered %d; dropped %v; want 503 and one connect_error, one staging_down", status, s.Dropped)
	}
}

func TestRelayTimeout(t *testing.T) {
	t.Parallel()
	st := startStaging(t, http.StatusOK, 2*time.Second)
	tr := startTestRelay(t, Options{Staging: []string{st.addr()}, ReadTimeout: 50 * time.Millisecond})
	tr.mirror(t, http.MethodPost, "/slow", "whole body", nil)
	s := tr.waitSettled(t)
	if s.Dropped["timeout"] != 1 {
		t.Errorf("dropped %v, want one timeout", s.Dropped)
	}
	if got := st.requests(); len(got) != 1 || got[0].Body != "whole body" {
		t.Errorf("staging received %+v, want the whole request", got)
	}
}

func TestRelayBodyLimit(t *testing.T) {
	t.Parallel()
	st := startStaging(t, http.StatusOK, 0)
	tr := startTestRelay(t, Options{Staging: []string{st.addr()}, MaxBodyBytes: 10})
	if status := tr.mirror(t, http.MethodPost, "/fits", "0123456789", nil); status != http.StatusAccepted {
		t.Errorf("a 10-byte body: %d, want 202", status)
	}
	if status := tr.mirror(t, http.MethodPost, "/too-large", "0123456789+", nil); status != http.StatusRequestEntityTooLarge {
		t.Errorf("an 11-byte body: %d, want 413", status)
	}
	// Without a length, the relay finds out as it reads.
	req, _ := http.NewRequest(http.MethodPost, "http://relay/chunked", io.MultiReader(strings.NewReader("01234"), strings.NewReader("56789+")))
	req.Header.Set("X-Shadowed-Request", "true")
	resp, err := tr.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("an 11-byte chunked body: %d, want 413", resp.StatusCode)
	}
	if s := tr.waitSettled(t); s.Forwarded != 1 || s.Dropped["body_too_large"] != 2 {
		t.Errorf("forwarded %d, dropped %v; want 1 forwarded, 2 body_too_large", s.Forwarded, s.Dropped)
	}
}

// TestRelayAdminEndpoints: without the mirror header, /healthz and
// /metrics answer and anything else is 404; with it, even /metrics is a
// mirrored request.
func TestRelayAdminEndpoints(t *testing.T) {
	t.Parallel()
	st := startStaging(t, http.StatusOK, 0)
	tr := startTestRelay(t, Options{Staging: []string{st.addr()}})
	for path, want := range map[string]int{"/healthz": 200, "/metrics": 200, "/items": 404} {
		resp, err := tr.client.Get("http://relay" + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s: %d, want %d", path, resp.StatusCode, want)
		}
	}
	if status := tr.mirror(t, http.MethodGet, "/metrics", "", nil); status != http.StatusAccepted {
		t.Errorf("mirrored GET /metrics: %d, want 202", status)
	}
	tr.waitSettled(t)
	if got := st.requests(); len(got) != 1 || got[0].URI != "/metrics" {
		t.Errorf("staging received %+v, want the mirrored /metrics", got)
	}
}

// TestRelayDrainsOnShutdown: the queue empties before Serve returns, and
// /healthz says 503 meanwhile.
func TestRelayDrainsOnShutdown(t *testing.T) {
	t.Parallel()
	st := startStaging(t, http.StatusOK, 50*time.Millisecond)
	tr := startTestRelay(t, Options{Staging: []string{st.addr()}, Workers: 2, QueueSize: 20})
	for i := range 20 {
		tr.mirror(t, http.MethodGet, "/"+strconv.Itoa(i), "", nil)
	}
	if err := tr.stop(); err != nil {
		t.Fatal(err)
	}
	s := tr.Snapshot()
	if s.Forwarded != 20 || len(st.requests()) != 20 {
		t.Errorf("after shutdown: forwarded %d, staging received %d; want all 20", s.Forwarded, len(st.requests()))
	}
	if !tr.draining.Load() {
		t.Error("not draining after shutdown")
	}
	if _, err := os.Stat(tr.socket); !os.IsNotExist(err) {
		t.Errorf("the socket is still there after shutdown: %v", err)
	}
}

// TestRelayDrainBound: with a staging slower than the drain bound, Serve
// returns within the bound (plus a little), and what was left is counted
// as dropped for shutdown.
func TestRelayDrainBound(t *testing.T) {
	t.Parallel()
	st := startStaging(t, http.StatusOK, 5*time.Second)
	tr := startTestRelay(t, Options{Staging: []string{st.addr()}, Workers: 2, QueueSize: 20,
		ReadTimeout: 10 * time.Second, DrainTimeout: 200 * time.Millisecond})
	for i := range 10 {
		tr.mirror(t, http.MethodGet, "/"+strconv.Itoa(i), "", nil)
	}
	start := time.Now()
	if err := tr.stop(); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Serve returned %v after the end of its context, with a drain bound of 200ms", d)
	}
	s := tr.Snapshot()
	if s.Received != 10 || s.Dropped["shutdown"] != 10 || s.Forwarded != 0 {
		t.Errorf("received %d, forwarded %d, dropped %v; want all 10 dropped for shutdown", s.Received, s.Forwarded, s.Dropped)
	}
	if !strings.Contains(tr.logs.String(), `"drain_cut_short":true`) {
		t.Errorf("the log does not say the drain was cut short:\n%s", tr.logs.String())
	}
}

// TestRelayLogsNoSecrets plants distinctive values in every part of
// requests that may be secret and drives the relay through each outcome
// (forwarded, timeout, refused, queue full, rate limited, too large, drop
// summaries, shutdown); none may appear in its logs, which must still say
// what happened.
func TestRelayLogsNoSecrets(t *testing.T) {
	t.Parallel()
	const (
		inQuery  = "q7Zsecretquery"
		inPath   = "p7Zsecretpath"
		inAuth   = "a7Zsecretauth"
		inCookie = "c7Zsecretcookie"
		inBody   = "b7Zsecretbody"
		inHeader = "h7Zsecretheader"
	)
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	refusing := l.Addr().String()
	l.Close()
	slow := startStaging(t, http.StatusOK, time.Second)
	fast := startStaging(t, http.StatusInternalServerError, 0)
	tr := startTestRelay(t, Options{Staging: []string{fast.addr(), slow.addr(), refusing}, Workers: 1, QueueSize: 1,
		ReadTimeout: 20 * time.Millisecond, MaxBodyBytes: 100, MaxRPS: 1000, LogInterval: 20 * time.Millisecond})
	header := http.Header{
		"Authorization": {"Bearer " + inAuth},
		"Cookie":        {"session=" + inCookie},
		"X-Api-Key":     {inHeader},
	}
	for i := range 30 {
		body := inBody
		if i%7 == 0 {
			body = strings.Repeat(inBody, 20)
		}
		tr.mirror(t, http.MethodPost, "/"+inPath+"/"+strconv.Itoa(i)+"?token="+inQuery, body, header)
	}
	tr.waitSettled(t)
	time.Sleep(50 * time.Millisecond) // A drop summary.
	if err := tr.stop(); err != nil {
		t.Fatal(err)
	}
	logs := tr.logs.String()
	for _, secret := range []string{inQuery, inPath, inAuth, inCookie, inBody, inHeader} {
		if strings.Contains(logs, secret) {
			t.Errorf("the log contains %q:\n%s", secret, logs)
		}
	}
	for _, want := range []string{"shadow relay listening", "refuses connections", "mirrored requests dropped", "shadow relay stopped"} {
		if !strings.Contains(logs, want) {
			t.Errorf("the log does not say %q:\n%s", want, logs)
		}
	}
}

func TestOptionsValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		o    Options
		want []string
	}{
		{name: "no staging", o: Options{}, want: []string{"--staging: at least one"}},
		{name: "bad staging", o: Options{Staging: []string{"http://x:1"}}, want: []string{"--staging:", "has a scheme"}},
		{name: "duplicate staging", o: Options{Staging: []string{"a:1", "A:1"}}, want: []string{"same server"}},
		{name: "bad header", o: Options{Staging: []string{"a:1"}, MirrorHeaderName: "Content-Length"}, want: []string{"--mirror-header:"}},
		{name: "bad timeout", o: Options{Staging: []string{"a:1"}, ReadTimeout: 2 * time.Hour}, want: []string{"--read-timeout:"}},
		{name: "bad workers", o: Options{Staging: []string{"a:1"}, Workers: -1}, want: []string{"--workers must be from 1"}},
		{name: "bad rate", o: Options{Staging: []string{"a:1"}, MaxRPS: -3}, want: []string{"--max-rps:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := New(tt.o)
			if err == nil {
				t.Fatal("New accepted the options")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

func TestListen(t *testing.T) {
	t.Parallel()
	dir := shortTempDir(t)
	socket := filepath.Join(dir, "r.sock")

	ln, err := Listen("unix:"+socket, 0o660)
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(socket); err != nil || fi.Mode().Perm() != 0o660 {
		t.Errorf("socket mode %v (%v), want 0660", fi.Mode().Perm(), err)
	}
	if _, err := Listen("unix:"+socket, 0o660); err == nil || !strings.Contains(err.Error(), "served by another process") {
		t.Errorf("a live socket: %v, want refused", err)
	}
	// A relay that dies leaves its socket behind (a closed listener would
	// remove it; this one forgets to).
	ln.(*net.UnixListener).SetUnlinkOnClose(false)
	ln.Close()
	ln2, err := Listen("unix:"+socket, 0o660)
	if err != nil {
		t.Fatalf("a stale socket: %v, want replaced", err)
	}
	ln2.Close()

	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o600)
	if _, err := Listen("unix:"+file, 0o660); err == nil || !strings.Contains(err.Error(), "not a socket") {
		t.Errorf("a regular file: %v, want refused", err)
	}
	if _, err := Listen("0.0.0.0:8481", 0o660); err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Errorf("a public address: %v, want refused", err)
	}
}
