package cli

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math"
	"math/big"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/envparity/terraform-provider-parity/internal/testutil"
)

// runMetrics runs parity metrics in-process with the given environment.
func runMetrics(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	c := &command{
		ctx:     context.Background(),
		version: "1.2.3",
		stdin:   strings.NewReader(""),
		stdout:  &stdout,
		stderr:  &stderr,
		getenv:  func(k string) string { return env[k] },
	}
	code := c.run(append([]string{"metrics"}, args...))
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// syntheticEnv is the traffic of one environment of one scenario in the
// backfilled TSDB: per endpoint a request and error rate and a latency
// distribution, and a CPU utilisation of the service.
type syntheticEnv struct {
	endpoints map[string]syntheticEndpoint
	cpu       float64
	cpuNaN    bool // every tenth CPU sample is NaN
}

type syntheticEndpoint struct {
	okRate, errRate float64   // requests per second
	latency         []float64 // cumulative share per bucket of syntheticBuckets
	resetAt         float64   // share of the window at which the counters restart from 0 (0: never)
}

var (
	syntheticBuckets = []string{"0.1", "0.25", "0.5", "1", "2.5"}
	// p50 0.1 s, p95 0.5 s, p99 0.944 s.
	normalLatency = []float64{0.5, 0.8, 0.95, 0.995, 1}
	// p50 0.1 s, p95 0.5 s, p99 2 s.
	slowTail = []float64{0.5, 0.8, 0.95, 0.97, 1}
)

const (
	syntheticStep     = 15 // seconds between samples
	syntheticDuration = 70 * 60
)

// writeOpenMetrics writes every scenario's series from end-duration to end
// as OpenMetrics text, which promtool backfills into TSDB blocks.
func writeOpenMetrics(t *testing.T, path string, end time.Time, scenarios map[string]map[string]syntheticEnv) {
	t.Helper()
	type sample struct {
		labels string
		value  func(elapsed float64) float64
	}
	families := map[string][]sample{}
	counter := func(rate float64, resetAt float64) func(float64) float64 {
		return func(elapsed float64) float64 {
			if resetAt > 0 && elapsed >= resetAt*syntheticDuration {
				elapsed -= resetAt * syntheticDuration
			}
			return rate * elapsed
		}
	}
	for _, scenario := range sortedKeys(scenarios) {
		for _, envName := range sortedKeys(scenarios[scenario]) {
			e := scenarios[scenario][envName]
			base := fmt.Sprintf(`environment="%s",scenario="%s",service="checkout"`, envName, scenario)
			for _, path := range sortedKeys(e.endpoints) {
				ep := e.endpoints[path]
				labels := base + fmt.Sprintf(`,endpoint="%s"`, path)
				families["http_requests_total"] = append(families["http_requests_total"],
					sample{labels + `,code="200"`, counter(ep.okRate, ep.resetAt)},
					sample{labels + `,code="500"`, counter(ep.errRate, ep.resetAt)})
				total := ep.okRate + ep.errRate
				for i, le := range syntheticBuckets {
					families["http_request_duration_seconds_bucket"] = append(families["http_request_duration_seconds_bucket"],
						sample{labels + `,le="` + le + `"`, counter(total*ep.latency[i], ep.resetAt)})
				}
				families["http_request_duration_seconds_bucket"] = append(families["http_request_duration_seconds_bucket"],
					sample{labels + `,le="+Inf"`, counter(total, ep.resetAt)})
			}
			cpu := e.cpu
			nan := e.cpuNaN
			families["cpu_utilisation"] = append(families["cpu_utilisation"], sample{base + `,instance="a"`, func(elapsed float64) float64 {
				if nan && int(elapsed/syntheticStep)%10 == 0 {
					return math.NaN()
				}
				return cpu
			}})
		}
	}
	var b strings.Builder
	start := end.Add(-syntheticDuration * time.Second).Unix()
	for _, name := range sortedKeys(families) {
		fmt.Fprintf(&b, "# TYPE %s unknown\n", name)
		for _, s := range families[name] {
			for elapsed := 0; elapsed <= syntheticDuration; elapsed += syntheticStep {
				v := s.value(float64(elapsed))
				text := strconv.FormatFloat(v, 'f', -1, 64)
				if math.IsNaN(v) {
					text = "NaN"
				}
				fmt.Fprintf(&b, "%s{%s} %s %d\n", name, s.labels, text, start+int64(elapsed))
			}
		}
	}
	b.WriteString("# EOF\n")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// promWeb is Prometheus's web configuration: HTTPS with a certificate and
// basic authentication.
type promWeb struct {
	certFile, keyFile string
	user, password    string
	bcryptHash        string
	caPool            *x509.CertPool
}

// startPrometheus backfills the scenarios into a TSDB in a temporary
// directory with promtool and serves it with a real Prometheus on a free
// loopback port, over HTTPS with basic authentication when web is set. It
// returns the base URL; the server stops with the test.
func startPrometheus(t *testing.T, end time.Time, scenarios map[string]map[string]syntheticEnv, web *promWeb) string {
	t.Helper()
	prometheus := testutil.RequireBinary(t, "PARITY_PROMETHEUS", "prometheus")
	promtool := testutil.RequireBinary(t, "PARITY_PROMTOOL", "promtool")
	dir := t.TempDir()
	input := filepath.Join(dir, "series.om")
	writeOpenMetrics(t, input, end, scenarios)
	tsdb := filepath.Join(dir, "tsdb")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if out, err := exec.CommandContext(ctx, promtool, "tsdb", "create-blocks-from", "openmetrics", input, tsdb).CombinedOutput(); err != nil {
		t.Fatalf("promtool tsdb create-blocks-from openmetrics: %v\n%s", err, out)
	}
	config := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(config, []byte("global:\n  evaluation_interval: 1m\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	args := []string{
		"--config.file=" + config,
		"--storage.tsdb.path=" + tsdb,
		"--storage.tsdb.retention.time=30d",
		"--web.listen-address=" + addr,
		"--log.level=warn",
	}
	url := "http://" + addr
	ready := &http.Client{Timeout: 5 * time.Second}
	if web != nil {
		webConfig := filepath.Join(dir, "web.yml")
		content := fmt.Sprintf("tls_server_config:\n  cert_file: %s\n  key_file: %s\nbasic_auth_users:\n  %s: %s\n",
			web.certFile, web.keyFile, web.user, web.bcryptHash)
		if err := os.WriteFile(webConfig, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, "--web.config.file="+webConfig)
		url = "https://" + addr
		ready.Transport = &http.Transport{TLSClientConfig: &tls.Config{RootCAs: web.caPool}}
	}
	var logs lockedBuffer
	cmd := exec.Command(prometheus, args...)
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-exited
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		req, err := http.NewRequest(http.MethodGet, url+"/-/ready", nil)
		if err != nil {
			t.Fatal(err)
		}
		if web != nil {
			req.SetBasicAuth(web.user, web.password)
		}
		resp, err := ready.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return url
			}
		}
		select {
		case <-exited:
			t.Fatalf("prometheus exited before it was ready:\n%s", logs.String())
		case <-time.After(200 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("prometheus not ready within 60 s:\n%s", logs.String())
		}
	}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestMetricsAgainstPrometheus runs parity metrics against a real
// Prometheus whose TSDB holds synthetic staging and production series: a
// matching scenario (exit 0) and a divergent one (exit 1) with every kind of
// divergence named, then the input errors (exit 2).
func TestMetricsAgainstPrometheus(t *testing.T) {
	end := time.Now().Truncate(time.Minute)
	production := syntheticEnv{cpu: 0.8, endpoints: map[string]syntheticEndpoint{
		"/pay":  {okRate: 9.9, errRate: 0.1, latency: normalLatency},
		"/cart": {okRate: 19.9, errRate: 0.1, latency: normalLatency},
	}}
	// Staging has half the capacity and gets half the traffic.
	matching := syntheticEnv{cpu: 0.8, endpoints: map[string]syntheticEndpoint{
		"/pay":  {okRate: 4.95, errRate: 0.05, latency: normalLatency},
		"/cart": {okRate: 9.95, errRate: 0.05, latency: normalLatency},
	}}
	divergentProduction := production
	divergentProduction.endpoints = map[string]syntheticEndpoint{
		"/pay":    production.endpoints["/pay"],
		"/cart":   production.endpoints["/cart"],
		"/export": {okRate: 5, latency: normalLatency},
	}
	divergent := syntheticEnv{cpu: 0.2, cpuNaN: true, endpoints: map[string]syntheticEndpoint{
		// 10 % errors against 1 %.
		"/pay": {okRate: 4.5, errRate: 0.5, latency: normalLatency},
		// A slow tail, and a restart half-way.
		"/cart": {okRate: 9.95, errRate: 0.05, latency: slowTail, resetAt: 0.5},
	}}
	url := startPrometheus(t, end, map[string]map[string]syntheticEnv{
		"match": {"staging": matching, "production": production},
		"drift": {"staging": divergent, "production": divergentProduction},
	}, nil)

	dir := t.TempDir()
	rules := filepath.Join(dir, "metrics.hcl")
	if err := os.WriteFile(rules, []byte(`
group_by = ["service", "endpoint"]
ratio    = 0.5

saturation "cpu" {
  metric   = "cpu_utilisation"
  group_by = ["service"]
}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	args := func(scenario string, extra ...string) []string {
		return append([]string{
			"--staging", url, "--production", url,
			"--staging-selector", `environment="staging",scenario="` + scenario + `"`,
			"--production-selector", `environment="production",scenario="` + scenario + `"`,
			"--window", "1h", "--end", end.Format(time.RFC3339), "--rules", rules, "--tolerance", "0.2",
		}, extra...)
	}

	t.Run("matching", func(t *testing.T) {
		jsonPath := filepath.Join(dir, "match.json")
		r := runMetrics(t, nil, args("match", "--format", "text", "--format", "json="+jsonPath)...)
		if r.code != exitOK {
			t.Fatalf("exit %d, want 0\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
		}
		rep := readMetricsJSON(t, jsonPath)
		want := map[string]string{}
		for _, ep := range []string{"/cart", "/pay"} {
			for _, m := range []string{"request_rate", "error_rate", "latency_p50", "latency_p95", "latency_p99"} {
				want["endpoint="+ep+" service=checkout "+m] = "ok"
			}
		}
		want["service=checkout cpu"] = "ok"
		if got := rep.statuses(); !equalMaps(got, want) {
			t.Errorf("statuses:\n got %v\nwant %v", got, want)
		}
		// Half of production's 10 req/s, as the ratio expects.
		if v := rep.value("endpoint=/pay service=checkout", "request_rate"); math.Abs(v-5) > 0.05 {
			t.Errorf("staging /pay request rate = %g, want 5", v)
		}
		if !strings.Contains(r.stdout, "Within tolerance: 11 comparisons (11 ok).") {
			t.Errorf("text report lacks the verdict:\n%s", r.stdout)
		}
	})

	t.Run("divergent", func(t *testing.T) {
		jsonPath := filepath.Join(dir, "drift.json")
		r := runMetrics(t, nil, args("drift", "--format", "markdown", "--format", "json="+jsonPath)...)
		if r.code != exitDrift {
			t.Fatalf("exit %d, want 1\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
		}
		rep := readMetricsJSON(t, jsonPath)
		got := rep.statuses()
		for key, want := range map[string]string{
			"endpoint=/pay service=checkout error_rate":      "divergent",
			"endpoint=/pay service=checkout latency_p99":     "ok",
			"endpoint=/cart service=checkout latency_p50":    "ok",
			"endpoint=/cart service=checkout latency_p99":    "divergent",
			"endpoint=/cart service=checkout request_rate":   "ok",
			"endpoint=/export service=checkout request_rate": "only_in_production",
			"service=checkout cpu":                           "divergent",
		} {
			if got[key] != want {
				t.Errorf("%s: status %q, want %q", key, got[key], want)
			}
		}
		// 10 % against 1 %, and p99 2 s against 0.944 s.
		if v := rep.value("endpoint=/pay service=checkout", "error_rate"); math.Abs(v-0.1) > 0.002 {
			t.Errorf("staging /pay error rate = %g, want 0.1", v)
		}
		if v := rep.value("endpoint=/cart service=checkout", "latency_p99"); math.Abs(v-2) > 0.05 {
			t.Errorf("staging /cart p99 = %g, want 2", v)
		}
		notes := strings.Join(rep.Notes, "\n")
		for _, want := range []string{
			"staging: service=checkout endpoint=/cart: http_requests_total reset in the window",
			"NaN samples of avg by (service) (cpu_utilisation{",
		} {
			if !strings.Contains(notes, want) {
				t.Errorf("notes lack %q:\n%s", want, notes)
			}
		}
		for _, want := range []string{"## Behaviour parity: divergent", "| service=checkout endpoint=/export | request_rate | **only_in_production** |"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("markdown report lacks %q:\n%s", want, r.stdout)
			}
		}
	})

	t.Run("input errors", func(t *testing.T) {
		badRules := filepath.Join(dir, "bad-regex.hcl")
		if err := os.WriteFile(badRules, []byte("error_regex = \"5(\"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		down := "http://" + freeAddr(t)
		cases := []struct {
			name string
			args []string
			want string
		}{
			{"server down", []string{"--staging", down, "--production", url, "--production-selector", `scenario="match"`},
				"staging Prometheus " + down + ": cannot reach the server"},
			{"empty result", append(args("match"), "--request-metric", "http_requests_missing_total"),
				"no series of http_requests_missing_total in the window"},
			{"query error", []string{"--staging", url, "--production", url, "--staging-selector", `environment="staging"`,
				"--production-selector", `environment="production"`, "--rules", badRules},
				"query failed (bad_data)"},
			{"nothing there yet", append(args("match"), "--end", end.Add(-24*time.Hour).Format(time.RFC3339)),
				"no series of http_requests_total in the window"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				r := runMetrics(t, nil, tc.args...)
				if r.code != exitError {
					t.Fatalf("exit %d, want 2\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
				}
				if !strings.Contains(r.stderr, tc.want) {
					t.Errorf("stderr lacks %q:\n%s", tc.want, r.stderr)
				}
				if r.stdout != "" {
					t.Errorf("an input error printed a report:\n%s", r.stdout)
				}
			})
		}
	})
}

// TestMetricsAgainstPrometheusTLS queries a real Prometheus served over
// HTTPS with basic authentication: the CA from --ca-file, the credentials
// from PARITY_*_HEADERS, never printed.
func TestMetricsAgainstPrometheusTLS(t *testing.T) {
	end := time.Now().Truncate(time.Minute)
	dir := t.TempDir()
	web := selfSignedWeb(t, dir)
	env := syntheticEnv{cpu: 0.5, endpoints: map[string]syntheticEndpoint{"/pay": {okRate: 10, latency: normalLatency}}}
	url := startPrometheus(t, end, map[string]map[string]syntheticEnv{"tls": {"staging": env, "production": env}}, web)

	auth := "Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte(web.user+":"+web.password))
	headers := map[string]string{"PARITY_STAGING_HEADERS": auth, "PARITY_PRODUCTION_HEADERS": auth}
	args := func(extra ...string) []string {
		return append([]string{"--staging", url, "--production", url,
			"--staging-selector", `environment="staging"`, "--production-selector", `environment="production"`,
			"--window", "30m", "--end", end.Format(time.RFC3339)}, extra...)
	}
	cases := []struct {
		name string
		env  map[string]string
		args []string
		code int
		want string
	}{
		{"trusted and authenticated", headers, args("--ca-file", filepath.Join(dir, "cert.pem")), exitOK, "Within tolerance: 5 comparisons (5 ok)."},
		{"untrusted certificate", headers, args(), exitError, "TLS certificate not trusted"},
		{"no credentials", nil, args("--ca-file", filepath.Join(dir, "cert.pem")), exitError, "HTTP 401 Unauthorized: check the bearer token or headers (PARITY_STAGING_BEARER_TOKEN"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := runMetrics(t, tc.env, tc.args...)
			if r.code != tc.code || !strings.Contains(r.stdout+r.stderr, tc.want) {
				t.Errorf("exit %d, want %d and %q\nstdout:\n%s\nstderr:\n%s", r.code, tc.code, tc.want, r.stdout, r.stderr)
			}
			if strings.Contains(r.stdout+r.stderr, web.password) || strings.Contains(r.stdout+r.stderr, auth[len("Authorization: "):]) {
				t.Errorf("output contains the credentials:\n%s%s", r.stdout, r.stderr)
			}
		})
	}
}

// selfSignedWeb writes a self-signed certificate for 127.0.0.1 to dir and
// returns the web configuration that serves it with basic authentication.
func selfSignedWeb(t *testing.T, dir string) *promWeb {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "parity test Prometheus"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &promWeb{
		certFile: certFile, keyFile: keyFile, caPool: pool,
		user: "parity", password: "parity-test-password",
		// bcrypt (cost 4) of parity-test-password, as Prometheus's web
		// configuration wants it.
		bcryptHash: "$2a$04$MwbWIr0nVoVf5UF92BZ.d.amfG4OKiMKBxjuplFan24gjnlpUIFtW",
	}
}

// freeAddr returns a loopback address nothing listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

type metricsJSON struct {
	Divergent   bool     `json:"divergent"`
	Notes       []string `json:"notes"`
	Comparisons []struct {
		Labels  []struct{ Name, Value string } `json:"labels"`
		Metric  string                         `json:"metric"`
		Status  string                         `json:"status"`
		Staging *float64                       `json:"staging"`
	} `json:"comparisons"`
}

func readMetricsJSON(t *testing.T, path string) metricsJSON {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rep metricsJSON
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rep
}

func (r metricsJSON) group(i int) string {
	var parts []string
	for _, l := range r.Comparisons[i].Labels {
		parts = append(parts, l.Name+"="+l.Value)
	}
	sort.Strings(parts)
	return strings.Join(parts, " ")
}

// statuses maps "labels metric" to status.
func (r metricsJSON) statuses() map[string]string {
	m := map[string]string{}
	for i, c := range r.Comparisons {
		m[r.group(i)+" "+c.Metric] = c.Status
	}
	return m
}

// value is staging's value of metric in group, NaN when absent.
func (r metricsJSON) value(group, metric string) float64 {
	for i, c := range r.Comparisons {
		if r.group(i) == group && c.Metric == metric && c.Staging != nil {
			return *c.Staging
		}
	}
	return math.NaN()
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
