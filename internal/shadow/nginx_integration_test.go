package shadow

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/envparity/terraform-provider-parity/internal/testutil"
)

// These tests run Debian's nginx against Go backends on loopback: nginx -t
// on every rendered variant, then live traffic through the rendered server.

func requireNginx(t testing.TB) string {
	t.Helper()
	return testutil.RequireBinary(t, "PARITY_NGINX", "nginx", "/usr/sbin/nginx")
}

// seenRequest is what a backend saw of one request.
type seenRequest struct {
	Method, URI, Host, RealIP, ForwardedFor string
	MirrorHeader                            string
	HasMirrorHeader                         bool
	Body                                    string
	ContentLength                           int64
	SampleHeader                            string
}

// backend is a Go server standing in for production or staging. It answers
// with its own name, after delay when one is set.
type backend struct {
	name   string
	header string
	delay  time.Duration
	srv    *httptest.Server

	mu   sync.Mutex
	seen []seenRequest
}

func startBackend(t testing.TB, name, mirrorHeader string, delay time.Duration) *backend {
	t.Helper()
	b := &backend{name: name, header: mirrorHeader, delay: delay}
	b.srv = httptest.NewServer(http.HandlerFunc(b.serve))
	t.Cleanup(b.srv.Close)
	return b
}

func (b *backend) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	values, has := r.Header[http.CanonicalHeaderKey(b.header)]
	b.mu.Lock()
	b.seen = append(b.seen, seenRequest{
		Method: r.Method, URI: r.RequestURI, Host: r.Host,
		RealIP: r.Header.Get("X-Real-IP"), ForwardedFor: r.Header.Get("X-Forwarded-For"),
		MirrorHeader: strings.Join(values, ","), HasMirrorHeader: has,
		Body: string(body), ContentLength: r.ContentLength,
		SampleHeader: r.Header.Get("X-User-Id"),
	})
	b.mu.Unlock()
	if b.delay > 0 {
		select {
		case <-time.After(b.delay):
		case <-r.Context().Done():
			return
		}
	}
	io.WriteString(w, b.name)
}

func (b *backend) addr() string { return b.srv.Listener.Addr().String() }

func (b *backend) requests() []seenRequest {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.seen)
}

// settledRequests waits until no request has arrived for a while: mirrors
// run in the background and may land after the client has its answers.
func (b *backend) settledRequests() []seenRequest {
	last, since := -1, time.Now()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		n := len(b.requests())
		if n != last {
			last, since = n, time.Now()
		} else if time.Since(since) > 300*time.Millisecond {
			break
		}
	}
	return b.requests()
}

// freePort returns a loopback port that was free a moment ago. Another
// process may take it before nginx binds it, so startNginx retries with a
// new port when that happens.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// writeNginxConf writes a minimal nginx.conf that includes snippet, with
// every path nginx writes inside dir.
func writeNginxConf(t testing.TB, dir, snippet string) string {
	t.Helper()
	snippetPath := filepath.Join(dir, "parity.conf")
	if err := os.WriteFile(snippetPath, []byte(snippet), 0o644); err != nil {
		t.Fatal(err)
	}
	var user string
	if os.Geteuid() == 0 {
		// Workers of a root master run as nobody, who cannot enter the test's
		// private temporary directory.
		user = "user root;\n"
	}
	conf := user + fmt.Sprintf(`daemon off;
worker_processes 1;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path %[1]s/client_body;
    proxy_temp_path %[1]s/proxy;
    fastcgi_temp_path %[1]s/fastcgi;
    uwsgi_temp_path %[1]s/uwsgi;
    scgi_temp_path %[1]s/scgi;
    include %[2]s;
}
`, dir, snippetPath)
	confPath := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	return confPath
}

func nginxTest(t testing.TB, nginx, dir, conf string) {
	t.Helper()
	out, err := exec.Command(nginx, "-t", "-q", "-e", filepath.Join(dir, "error.log"), "-p", dir, "-c", conf).CombinedOutput()
	if err != nil {
		t.Fatalf("nginx -t: %v\n%s", err, out)
	}
}

// nginxProcess is a running nginx.
type nginxProcess struct {
	url  string // Base URL of the server on the port startNginx chose.
	port int
	dir  string
	// relay is the relay process startShadow started, if any.
	relay *relayProcess
	// separateRelayPid is the master of a second nginx that stands in for
	// the relay process, if any.
	separateRelayPid int
	pid              int // The master's.
}

// errorLog returns what nginx has logged at warn and above.
func (p *nginxProcess) errorLog(t testing.TB) string {
	t.Helper()
	log, err := os.ReadFile(filepath.Join(p.dir, "error.log"))
	if err != nil {
		t.Fatal(err)
	}
	return string(log)
}

// nginxBindAttempts is how many ports startNginx tries. A port from freePort
// is taken by someone else between its check and nginx's bind only when
// other programs open ports at that very moment; five in a row would mean
// that something else is wrong.
const nginxBindAttempts = 5

// errPortTaken is the outcome of an attempt whose port someone else bound
// first.
var errPortTaken = errors.New("port taken before nginx bound it")

// startNginx checks and runs the snippet that render returns for a free
// port, on which the snippet's server must listen. When another process
// takes the port first it retries on another.
func startNginx(t testing.TB, render func(port int) string) *nginxProcess {
	t.Helper()
	return startNginxOn(t, func() int { return freePort(t) }, render)
}

// startNginxOn is startNginx with the ports to try taken from nextPort.
func startNginxOn(t testing.TB, nextPort func() int, render func(port int) string) *nginxProcess {
	t.Helper()
	nginx := requireNginx(t)
	for attempt := 1; ; attempt++ {
		port := nextPort()
		p, err := tryStartNginx(t, nginx, render(port), port)
		if err == nil {
			return p
		}
		if !errors.Is(err, errPortTaken) || attempt == nginxBindAttempts {
			t.Fatalf("attempt %d: %v", attempt, err)
		}
		t.Logf("attempt %d: %v; retrying on another port", attempt, err)
	}
}

// tryStartNginx runs snippet in a directory of its own. nginx is ready when
// its pid file names it: the master writes it only once every listening
// socket is bound, so a client that connects then reaches this nginx and
// not whoever else might listen on the port. (nginx -t writes the file too,
// hence the pid comparison.)
func tryStartNginx(t testing.TB, nginx, snippet string, port int) (*nginxProcess, error) {
	t.Helper()
	dir := t.TempDir()
	conf := writeNginxConf(t, dir, snippet)
	nginxTest(t, nginx, dir, conf)
	cmd := exec.Command(nginx, "-e", filepath.Join(dir, "error.log"), "-p", dir, "-c", conf)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	// nginx itself retries a bind for 2.5 s before it gives up.
	deadline := time.After(10 * time.Second)
	for ready := false; !ready; {
		select {
		case err := <-exited:
			if strings.Contains(stderr.String(), "Address already in use") {
				return nil, fmt.Errorf("%w: %d", errPortTaken, port)
			}
			return nil, fmt.Errorf("nginx exited before it was ready: %v\n%s", err, stderr.String())
		case <-deadline:
			_ = cmd.Process.Kill()
			<-exited
			return nil, fmt.Errorf("nginx wrote no pid file within 10 s:\n%s", stderr.String())
		case <-time.After(10 * time.Millisecond):
			pid, _ := os.ReadFile(filepath.Join(dir, "nginx.pid"))
			ready = strings.TrimSpace(string(pid)) == strconv.Itoa(cmd.Process.Pid)
		}
	}
	t.Cleanup(func() {
		// SIGTERM is nginx's fast shutdown: the master stops its workers.
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
		if t.Failed() {
			log, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Logf("nginx stderr:\n%s\nerror.log (tail):\n%s", stderr.String(), tail(string(log), 20))
		}
	})
	return &nginxProcess{url: "http://127.0.0.1:" + strconv.Itoa(port), port: port, dir: dir, pid: cmd.Process.Pid}, nil
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// relaySocketDir is a private directory for a relay socket. t.TempDir
// paths grow with the test name, and a socket path may not exceed 107 bytes.
func relaySocketDir(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "parity")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// startShadow renders route between production and staging and runs it,
// with the relay on a unix socket of its own: the relay process started
// from the route's relay_command, or nginx's relay server.
func startShadow(t testing.TB, route Route, production, staging string) (*nginxProcess, *Config) {
	t.Helper()
	route.ProductionUpstreams = []string{production}
	route.StagingUpstreams = []string{staging}
	route.RelayListen = "unix:" + filepath.Join(relaySocketDir(t), "relay.sock")
	c, err := Compile(route)
	if err != nil {
		t.Fatal(err)
	}
	var relay *relayProcess
	if c.Relay == RelayProcess {
		relay = startRelay(t, c.RelayCommand())
	}
	p := startNginx(t, func(port int) string {
		route.Listen = port
		if route.Relay == RelayNginx {
			// nginx binds the socket; a failed attempt may leave it behind.
			route.RelayListen = "unix:" + filepath.Join(relaySocketDir(t), "relay.sock")
		}
		var err error
		if c, err = Compile(route); err != nil {
			t.Fatal(err)
		}
		return c.Nginx()
	})
	p.relay = relay
	return p, c
}

// relays are the two ways a route can relay its mirror.
var relays = []string{RelayProcess, RelayNginx}

// result is one client request's outcome.
type result struct {
	status  int
	body    string
	latency time.Duration
	err     error
}

// runLoad sends n requests made by newRequest over concurrency workers.
func runLoad(client *http.Client, n, concurrency int, newRequest func(i int) *http.Request) []result {
	results := make([]result, n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range concurrency {
		wg.Go(func() {
			for i := range next {
				start := time.Now()
				resp, err := client.Do(newRequest(i))
				r := result{err: err}
				if err == nil {
					body, readErr := io.ReadAll(resp.Body)
					resp.Body.Close()
					r.status, r.body, r.err = resp.StatusCode, string(body), readErr
				}
				r.latency = time.Since(start)
				results[i] = r
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}

func newClient(keepAlive bool) *http.Client {
	return &http.Client{
		Timeout:   10 * time.Second,
		Transport: &http.Transport{DisableKeepAlives: !keepAlive, MaxIdleConnsPerHost: 64},
	}
}

func request(t *testing.T, method, url, body string) *http.Request {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, r)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// requireProductionAnswers fails unless every client got production's 200.
func requireProductionAnswers(t *testing.T, results []result) {
	t.Helper()
	var failures int
	for i, r := range results {
		if r.err != nil || r.status != http.StatusOK || r.body != "production" {
			if failures++; failures <= 5 {
				t.Errorf("request %d: status %d, body %q, error %v; want production's 200", i, r.status, r.body, r.err)
			}
		}
	}
	if failures > 0 {
		t.Fatalf("%d of %d client requests did not get production's answer", failures, len(results))
	}
}

// binomialBounds is the interval that holds a Binomial(n, p) count with
// probability 99.99% (normal approximation, z for a two-sided 0.01% tail).
func binomialBounds(n int, p float64) (lo, hi int) {
	const z = 3.8906
	mean := float64(n) * p
	sd := math.Sqrt(mean * (1 - p))
	return int(math.Ceil(mean - z*sd)), int(math.Floor(mean + z*sd))
}

func TestNginxAcceptsEveryRenderedVariant(t *testing.T) {
	nginx := requireNginx(t)
	for _, tt := range renderCases {
		for _, sampleBy := range []string{"request", "client", "header:X-User-Id"} {
			t.Run(tt.name+"/"+sampleBy, func(t *testing.T) {
				t.Parallel()
				route := tt.route
				route.SampleBy = sampleBy
				if strings.HasPrefix(route.RelayListen, "unix:") || route.RelayListen == "" {
					// nginx -t binds unix sockets, and /run is root's.
					route.RelayListen = "unix:" + filepath.Join(relaySocketDir(t), "relay.sock")
				}
				c, err := Compile(route)
				if err != nil {
					t.Fatal(err)
				}
				dir := t.TempDir()
				nginxTest(t, nginx, dir, writeNginxConf(t, dir, c.Nginx()))
			})
		}
	}
}

// TestStartNginxRetriesWhenPortTaken hands startNginx a port that another
// listener holds, as when a concurrent test takes the port freePort found:
// startNginx must run nginx on another port, and the server it returns must
// be that nginx, not the listener that took the port.
func TestStartNginxRetriesWhenPortTaken(t *testing.T) {
	t.Parallel()
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	takenPort := taken.Addr().(*net.TCPAddr).Port
	production := startBackend(t, "production", DefaultMirrorHeaderName, 0)

	tries := 0
	p := startNginxOn(t, func() int {
		if tries++; tries == 1 {
			return takenPort
		}
		return freePort(t)
	}, func(port int) string {
		return fmt.Sprintf("server {\n    listen 127.0.0.1:%d;\n    location / { proxy_pass http://%s; }\n}\n", port, production.addr())
	})
	if p.port == takenPort || tries != 2 {
		t.Fatalf("nginx runs on port %d after %d tries; want another port than the taken %d, on the second try", p.port, tries, takenPort)
	}
	requireProductionAnswers(t, runLoad(newClient(false), 3, 1, func(i int) *http.Request {
		return request(t, http.MethodGet, p.url+"/", "")
	}))
}

// plantedSecret is a credential clients send; no log may show it.
const plantedSecret = "t0k3n-Z9q-planted"

func TestNginxMirrorsSampledShare(t *testing.T) {
	for _, relay := range relays {
		t.Run(relay, func(t *testing.T) { testNginxMirrorsSampledShare(t, relay) })
	}
}

func testNginxMirrorsSampledShare(t *testing.T, relay string) {
	const (
		n           = 2000
		percentage  = 10
		concurrency = 16
	)
	production := startBackend(t, "production", DefaultMirrorHeaderName, 0)
	staging := startBackend(t, "staging", DefaultMirrorHeaderName, 0)
	nginx, _ := startShadow(t, Route{Percentage: percentage, Relay: relay}, production.addr(), staging.addr())
	url := nginx.url

	results := runLoad(newClient(true), n, concurrency, func(i int) *http.Request {
		req := request(t, http.MethodGet, fmt.Sprintf("%s/items/%d?page=%d", url, i, i%7), "")
		req.Host = "shop.example.com"
		if i%10 == 0 {
			// Clients must not be able to mark their requests as mirrored.
			req.Header.Set(DefaultMirrorHeaderName, "true")
		}
		req.Header.Set("Authorization", "Bearer "+plantedSecret)
		return req
	})
	requireProductionAnswers(t, results)
	if nginx.relay != nil {
		if log := nginx.relay.stderr.String(); strings.Contains(log, plantedSecret) || !strings.Contains(log, "shadow relay listening") {
			t.Errorf("the relay's log holds the Authorization value, or nothing:\n%s", log)
		}
	}

	prod := production.requests()
	if len(prod) != n {
		t.Errorf("production received %d requests, want %d", len(prod), n)
	}
	for _, r := range prod {
		if r.HasMirrorHeader {
			t.Fatalf("production request %s carries %s: %q", r.URI, DefaultMirrorHeaderName, r.MirrorHeader)
		}
	}
	prodURIs := map[string]bool{}
	for _, r := range prod {
		prodURIs[r.URI] = true
	}

	mirrored := staging.settledRequests()
	lo, hi := binomialBounds(n, percentage/100.0)
	t.Logf("staging received %d of %d requests (%.2f%%); 99.99%% binomial bounds [%d, %d]",
		len(mirrored), n, 100*float64(len(mirrored))/n, lo, hi)
	if len(mirrored) < lo || len(mirrored) > hi {
		t.Errorf("staging received %d requests, outside the 99.99%% bounds [%d, %d] for %d%% of %d", len(mirrored), lo, hi, percentage, n)
	}
	for _, r := range mirrored {
		if r.MirrorHeader != DefaultMirrorHeaderValue {
			t.Errorf("mirrored %s has %s = %q, want %q", r.URI, DefaultMirrorHeaderName, r.MirrorHeader, DefaultMirrorHeaderValue)
		}
		if !prodURIs[r.URI] {
			t.Errorf("mirrored URI %q was never sent to production", r.URI)
		}
		if r.Host != "shop.example.com" || r.RealIP != "127.0.0.1" || !strings.HasSuffix(r.ForwardedFor, "127.0.0.1") {
			t.Errorf("mirrored %s lost the original headers: Host %q, X-Real-IP %q, X-Forwarded-For %q", r.URI, r.Host, r.RealIP, r.ForwardedFor)
		}
	}
}

func TestNginxNeverMirrorsDisallowedMethods(t *testing.T) {
	for _, relay := range relays {
		t.Run(relay, func(t *testing.T) { testNginxNeverMirrorsDisallowedMethods(t, relay) })
	}
}

func testNginxNeverMirrorsDisallowedMethods(t *testing.T, relay string) {
	production := startBackend(t, "production", DefaultMirrorHeaderName, 0)
	staging := startBackend(t, "staging", DefaultMirrorHeaderName, 0)
	nginx, _ := startShadow(t, Route{Percentage: 100, Relay: relay}, production.addr(), staging.addr())
	url := nginx.url

	methods := []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
	const each = 20
	results := runLoad(newClient(true), len(methods)*each, 8, func(i int) *http.Request {
		m := methods[i%len(methods)]
		body := ""
		if m == "POST" || m == "PUT" || m == "PATCH" {
			body = "write " + strconv.Itoa(i)
		}
		return request(t, m, url+"/orders/"+strconv.Itoa(i), body)
	})
	for i, r := range results {
		want := "production"
		if methods[i%len(methods)] == "HEAD" {
			want = ""
		}
		if r.err != nil || r.status != http.StatusOK || r.body != want {
			t.Fatalf("request %d: status %d, body %q, error %v", i, r.status, r.body, r.err)
		}
	}
	counts := map[string]int{}
	for _, r := range staging.settledRequests() {
		counts[r.Method]++
	}
	if want := map[string]int{"GET": each, "HEAD": each}; fmt.Sprint(counts) != fmt.Sprint(want) {
		t.Errorf("staging received %v, want %v (only the default GET and HEAD at 100%%)", counts, want)
	}
}

func TestNginxMirrorsBodies(t *testing.T) {
	for _, tt := range []struct {
		relay      string
		mirrorBody bool
	}{{RelayProcess, true}, {RelayProcess, false}, {RelayNginx, true}, {RelayNginx, false}} {
		t.Run(tt.relay+"/mirror_body="+strconv.FormatBool(tt.mirrorBody), func(t *testing.T) {
			t.Parallel()
			mirrorBody := tt.mirrorBody
			production := startBackend(t, "production", DefaultMirrorHeaderName, 0)
			staging := startBackend(t, "staging", DefaultMirrorHeaderName, 0)
			route := Route{Percentage: 100, Methods: []string{"POST", "PUT"}, AllowUnsafeMethods: true, MirrorBody: mirrorBody, Relay: tt.relay}
			nginx, _ := startShadow(t, route, production.addr(), staging.addr())
			url := nginx.url

			const n = 50
			results := runLoad(newClient(true), n, 4, func(i int) *http.Request {
				return request(t, []string{"POST", "PUT"}[i%2], url+"/orders/"+strconv.Itoa(i), strings.Repeat("order "+strconv.Itoa(i)+";", 100+i))
			})
			requireProductionAnswers(t, results)
			for _, r := range production.requests() {
				if !strings.HasPrefix(r.Body, "order ") {
					t.Fatalf("production received body %.20q for %s", r.Body, r.URI)
				}
			}
			mirrored := staging.settledRequests()
			if len(mirrored) != n {
				t.Fatalf("staging received %d requests, want %d", len(mirrored), n)
			}
			for _, r := range mirrored {
				i, _ := strconv.Atoi(strings.TrimPrefix(r.URI, "/orders/"))
				want := ""
				if mirrorBody {
					want = strings.Repeat("order "+strconv.Itoa(i)+";", 100+i)
				}
				if r.Body != want {
					t.Errorf("staging %s %s: body of %d bytes, want %d", r.Method, r.URI, len(r.Body), len(want))
				}
			}
		})
	}
}

func TestNginxSamplingIsSticky(t *testing.T) {
	const (
		keys      = 40
		perKey    = 10
		sampledBy = 50
	)
	tests := []struct {
		sampleBy string
		// key returns which client a request from the staging side belongs to.
		key func(seenRequest) string
		// client and header make a request come from the client numbered key.
		client func(key int) *http.Client
		header func(key int) string
	}{
		{
			sampleBy: "client",
			key:      func(r seenRequest) string { return r.RealIP },
			// Linux routes all of 127.0.0.0/8 to loopback, so each client
			// connects from its own address.
			client: func(key int) *http.Client {
				dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 1, byte(10+key))}}
				return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DialContext: dialer.DialContext}}
			},
		},
		{
			sampleBy: "header:X-User-Id",
			key:      func(r seenRequest) string { return r.SampleHeader },
			header:   func(key int) string { return "user-" + strconv.Itoa(key) },
		},
	}
	for _, tt := range tests {
		t.Run(tt.sampleBy, func(t *testing.T) {
			t.Parallel()
			production := startBackend(t, "production", DefaultMirrorHeaderName, 0)
			staging := startBackend(t, "staging", DefaultMirrorHeaderName, 0)
			nginx, _ := startShadow(t, Route{Percentage: sampledBy, SampleBy: tt.sampleBy}, production.addr(), staging.addr())
			url := nginx.url

			clients := make([]*http.Client, keys)
			for k := range clients {
				clients[k] = newClient(true)
				if tt.client != nil {
					clients[k] = tt.client(k)
				}
			}
			var wg sync.WaitGroup
			var mu sync.Mutex
			var results []result
			for k := range keys {
				wg.Go(func() {
					got := runLoad(clients[k], perKey, 1, func(i int) *http.Request {
						req := request(t, http.MethodGet, fmt.Sprintf("%s/k%d/%d", url, k, i), "")
						if tt.header != nil {
							req.Header.Set("X-User-Id", tt.header(k))
						}
						return req
					})
					mu.Lock()
					results = append(results, got...)
					mu.Unlock()
				})
			}
			wg.Wait()
			if tt.header != nil {
				// Requests without the header all hash alike; they are never mirrored.
				results = append(results, runLoad(newClient(true), 50, 4, func(i int) *http.Request {
					return request(t, http.MethodGet, url+"/anonymous", "")
				})...)
			}
			requireProductionAnswers(t, results)

			perClient := map[string]int{}
			for _, r := range staging.settledRequests() {
				if r.URI == "/anonymous" {
					t.Fatal("a request without the sampling header was mirrored")
				}
				perClient[tt.key(r)]++
			}
			for key, count := range perClient {
				if count != perKey {
					t.Errorf("client %q: %d of its %d requests mirrored, want all or none", key, count, perKey)
				}
			}
			t.Logf("%d of %d clients sampled at %d%%", len(perClient), keys, sampledBy)
			if len(perClient) == 0 || len(perClient) == keys {
				t.Errorf("%d of %d clients sampled at %d%%: sampling is not by client", len(perClient), keys, sampledBy)
			}
		})
	}
}

func TestNginxStagingDownCausesNoClientErrors(t *testing.T) {
	for _, relay := range relays {
		t.Run(relay, func(t *testing.T) { testNginxStagingDownCausesNoClientErrors(t, relay) })
	}
}

func testNginxStagingDownCausesNoClientErrors(t *testing.T, relay string) {
	production := startBackend(t, "production", DefaultMirrorHeaderName, 0)
	// A port nothing listens on: every mirror is refused.
	down := "127.0.0.1:" + strconv.Itoa(freePort(t))
	nginx, _ := startShadow(t, Route{Percentage: 100, Relay: relay}, production.addr(), down)
	url := nginx.url

	results := runLoad(newClient(true), 300, 16, func(i int) *http.Request {
		return request(t, http.MethodGet, url+"/items/"+strconv.Itoa(i), "")
	})
	requireProductionAnswers(t, results)
	if got := len(production.requests()); got != 300 {
		t.Errorf("production received %d requests, want 300", got)
	}
}

// TestNginxSlowStagingLatency checks, for nginx's own relay (the relay
// process is measured by TestRelayKeepsProductionCapacity), that a slow
// staging never makes production's clients wait long: client p99 through the rendered configuration
// with a staging that answers after 2 s is compared with the same
// configuration in front of a staging that answers at once, on new and on
// keep-alive connections, and staging must still receive every mirrored
// request whole.
//
// nginx sends the client production's complete response without waiting for
// the mirror, but it reads the next request on that client connection only
// once the mirror subrequest has ended. The subrequest is only the first hop,
// to the relay: it ends RelayHandoffTimeout after the request is sent at
// the latest, while the relay waits for staging on its own. Were staging's
// latency to reach clients, the difference would be seconds, or at least
// the relay's read timeout.
//
// The machine the test runs on is shared. Both servers run the same rendered
// configuration (mirror, relay, bodies) and differ only in staging's delay,
// so load on the machine slows both alike; a comparison with a server
// without mirror would also count the mirror's own work, which a loaded
// machine inflates. They are measured in pairs of adjacent blocks,
// alternating which goes first; each pair yields the difference of the
// blocks' p99s, and the median difference must stay within the allowance. A
// stall of another program spoils at most the pairs it overlaps (the median
// of latencyPairs ignores four: five were too few at load average 15), while
// a regression shifts every pair.
func TestNginxSlowStagingLatency(t *testing.T) {
	const (
		latencyPairs = 9
		// Each block's p99 is its third slowest request.
		blockSize    = 200
		n            = latencyPairs * blockSize
		concurrency  = 16
		stagingDelay = 2 * time.Second
		// The requirement for p99 with a slow staging.
		allowance = 100 * time.Millisecond
	)
	production := startBackend(t, "production", DefaultMirrorHeaderName, 0)
	get := func(url string, i int) *http.Request {
		return request(t, http.MethodGet, url+"/items/"+strconv.Itoa(i), "")
	}
	// Every third body outgrows client_body_buffer_size, so that nginx
	// relays it from a temporary file.
	orderBody := func(i int) string {
		size := 1 << 10
		if i%3 == 0 {
			size = 64 << 10
		}
		return strings.Repeat(fmt.Sprintf("order %d;", i), size/10)
	}
	post := func(url string, i int) *http.Request {
		return request(t, http.MethodPost, url+"/orders/"+strconv.Itoa(i), orderBody(i))
	}
	// p99 runs requests first..first+blockSize-1 against url.
	p99 := func(url string, keepAlive bool, first int, newRequest func(url string, i int) *http.Request) time.Duration {
		results := runLoad(newClient(keepAlive), blockSize, concurrency, func(i int) *http.Request { return newRequest(url, first+i) })
		requireProductionAnswers(t, results)
		latencies := make([]time.Duration, blockSize)
		for i, r := range results {
			latencies[i] = r.latency
		}
		slices.Sort(latencies)
		return latencies[int(math.Ceil(0.99*blockSize))-1]
	}

	tests := []struct {
		name       string
		keepAlive  bool
		route      Route
		newRequest func(url string, i int) *http.Request
		// checkMirrored checks what staging received.
		checkMirrored func(t *testing.T, mirrored []seenRequest)
	}{
		{
			name: "new connections", route: Route{Percentage: 10, Relay: RelayNginx}, newRequest: get,
			checkMirrored: func(t *testing.T, mirrored []seenRequest) { requireSampledShare(t, len(mirrored), n, 10) },
		},
		{
			name: "keep-alive connections", keepAlive: true, route: Route{Percentage: 10, Relay: RelayNginx}, newRequest: get,
			checkMirrored: func(t *testing.T, mirrored []seenRequest) { requireSampledShare(t, len(mirrored), n, 10) },
		},
		{
			name: "keep-alive connections, every POST mirrored with its body", keepAlive: true,
			route:      Route{Percentage: 100, Methods: []string{"POST"}, AllowUnsafeMethods: true, MirrorBody: true, Relay: RelayNginx},
			newRequest: post,
			checkMirrored: func(t *testing.T, mirrored []seenRequest) {
				seen := map[int]bool{}
				for _, r := range mirrored {
					i, err := strconv.Atoi(strings.TrimPrefix(r.URI, "/orders/"))
					if err != nil || seen[i] {
						t.Errorf("staging received %s %s, unexpected or twice", r.Method, r.URI)
						continue
					}
					seen[i] = true
					if want := orderBody(i); r.Method != http.MethodPost || r.Body != want || r.ContentLength != int64(len(want)) {
						t.Errorf("staging received %s %s with a body of %d bytes (Content-Length %d), want POST with the client's %d bytes",
							r.Method, r.URI, len(r.Body), r.ContentLength, len(want))
					}
				}
				if len(seen) != n {
					t.Errorf("staging received %d of the %d mirrored requests", len(seen), n)
				}
			},
		},
	}
	// One at a time: the subtests measure latency.
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			staging := startBackend(t, "staging", DefaultMirrorHeaderName, stagingDelay)
			shadow, c := startShadow(t, tt.route, production.addr(), staging.addr())
			fastStaging := startBackend(t, "staging", DefaultMirrorHeaderName, 0)
			fast, _ := startShadow(t, tt.route, production.addr(), fastStaging.addr())
			diffs := make([]time.Duration, latencyPairs)
			for pair := range latencyPairs {
				first := pair * blockSize
				var base, slow time.Duration
				if pair%2 == 0 {
					base = p99(fast.url, tt.keepAlive, first, tt.newRequest)
					slow = p99(shadow.url, tt.keepAlive, first, tt.newRequest)
				} else {
					slow = p99(shadow.url, tt.keepAlive, first, tt.newRequest)
					base = p99(fast.url, tt.keepAlive, first, tt.newRequest)
				}
				diffs[pair] = slow - base
				t.Logf("pair %d: client p99 with a fast staging %v, with a 2 s staging %v (difference %v)", pair, base.Round(time.Microsecond), slow.Round(time.Microsecond), diffs[pair].Round(time.Microsecond))
			}
			median := medianDuration(diffs)
			t.Logf("median p99 difference %v over %d pairs, allowed %v", median.Round(time.Microsecond), latencyPairs, allowance)
			if median > allowance {
				t.Errorf("a 2 s staging raises client p99 by a median %v over %d pairs of %d requests (%v), more than %v",
					median, latencyPairs, blockSize, diffs, allowance)
			}
			tt.checkMirrored(t, staging.settledRequests())
			requireOnlyMirrorErrors(t, shadow, c, staging.addr())
		})
	}
}

// medianDuration is the median of an odd number of durations.
func medianDuration(ds []time.Duration) time.Duration {
	sorted := slices.Clone(ds)
	slices.Sort(sorted)
	return sorted[len(sorted)/2]
}

// requireSampledShare fails unless got of n requests is a plausible count
// for percentage.
func requireSampledShare(t testing.TB, got, n int, percentage float64) {
	t.Helper()
	lo, hi := binomialBounds(n, percentage/100)
	t.Logf("staging received %d of %d requests; 99.99%% binomial bounds [%d, %d]", got, n, lo, hi)
	if got < lo || got > hi {
		t.Errorf("staging received %d requests, outside the 99.99%% bounds [%d, %d] for %v%% of %d", got, lo, hi, percentage, n)
	}
}

// requireOnlyMirrorErrors fails when nginx logged an error about anything
// but the mirror: the first hop giving up on the relay (a subrequest of the
// mirror location) or the relay giving up on staging. Clients never see
// either.
func requireOnlyMirrorErrors(t *testing.T, p *nginxProcess, c *Config, staging string) {
	t.Helper()
	firstHop := `subrequest: "/_` + nginxView{c}.Ident() + `_mirror"`
	relay := `upstream: "http://` + staging + `/`
	var handoffs, relayed int
	for line := range strings.Lines(p.errorLog(t)) {
		switch {
		case !strings.Contains(line, "[error]") && !strings.Contains(line, "[crit]") &&
			!strings.Contains(line, "[alert]") && !strings.Contains(line, "[emerg]"):
		case strings.Contains(line, firstHop):
			handoffs++
		case strings.Contains(line, relay):
			relayed++
		default:
			t.Errorf("nginx logged an error outside the mirror: %s", line)
		}
	}
	t.Logf("mirror errors logged: %d by the first hop, %d by the relay", handoffs, relayed)
}
