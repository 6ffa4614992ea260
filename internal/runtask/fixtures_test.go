package runtask

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	tfaddr "github.com/hashicorp/terraform-registry-address"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/envparity/terraform-provider-parity/internal/runtask/hcpfake"
)

// Planted secrets: none of them may appear in a log line or a callback.
const (
	orgToken       = "ORG-TOKEN-planted-7f3a9c"
	plantedHMACKey = "HMAC-KEY-planted-51be02"
	dbPassword     = "DB-PASSWORD-planted-c0ffee"
)

// resource is one resource instance of a fixture document.
type resource struct {
	address, typ string
	values       map[string]any
	sensitive    map[string]any
}

// environmentResources returns the resources of one environment; drift
// switches staging's monitoring off and moves its database to another
// engine version.
func environmentResources(env string, drift bool) []resource {
	size, dbClass := "t3.xlarge", "db.r5.2xlarge"
	if env == "staging" {
		size, dbClass = "t3.large", "db.r5.xlarge"
	}
	monitoring, engine := true, "15.4"
	if drift {
		monitoring, engine = false, "14.9"
	}
	return []resource{
		{address: "aws_instance.web", typ: "aws_instance", values: map[string]any{
			"ami": "ami-0a1b2c3d", "instance_type": size, "monitoring": monitoring,
			"id":   "i-" + env,
			"tags": map[string]any{"Name": "web-" + env, "Team": "payments"},
		}, sensitive: map[string]any{"tags": map[string]any{}}},
		{address: "aws_db_instance.main", typ: "aws_db_instance", values: map[string]any{
			"identifier": "orders-" + env, "instance_class": dbClass, "engine": "postgres",
			"engine_version": engine, "password": dbPassword + "-" + env,
		}, sensitive: map[string]any{"password": true}},
	}
}

// stateDocument is a `terraform show -json` state of the resources.
func stateDocument(t testing.TB, rs []resource) []byte {
	t.Helper()
	var list []any
	for _, r := range rs {
		list = append(list, showResource(r))
	}
	return mustJSON(t, map[string]any{
		"format_version":    "1.0",
		"terraform_version": "1.11.4",
		"values":            map[string]any{"root_module": map[string]any{"resources": list}},
	})
}

// planDocument is a `terraform show -json` plan that creates the resources.
func planDocument(t testing.TB, rs []resource) []byte {
	t.Helper()
	var planned, changes []any
	for _, r := range rs {
		planned = append(planned, showResource(r))
		name := r.address[strings.LastIndex(r.address, ".")+1:]
		changes = append(changes, map[string]any{
			"address": r.address, "mode": "managed", "type": r.typ, "name": name,
			"provider_name": awsProvider,
			"change": map[string]any{
				"actions": []string{"create"}, "before": nil, "after": r.values,
				"after_unknown": map[string]any{}, "before_sensitive": false, "after_sensitive": r.sensitive,
			},
		})
	}
	return mustJSON(t, map[string]any{
		"format_version":    "1.2",
		"terraform_version": "1.11.4",
		"planned_values":    map[string]any{"root_module": map[string]any{"resources": planned}},
		"resource_changes":  changes,
	})
}

func showResource(r resource) map[string]any {
	name := r.address[strings.LastIndex(r.address, ".")+1:]
	return map[string]any{
		"address": r.address, "mode": "managed", "type": r.typ, "name": name,
		"provider_name": awsProvider, "schema_version": 0,
		"values": r.values, "sensitive_values": r.sensitive,
	}
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// syncBuffer collects log output written from several goroutines.
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

// harness is a fake HCP Terraform and a service wired to it.
type harness struct {
	t    *testing.T
	fake *hcpfake.Server
	svc  *Service
	srv  *httptest.Server
	cfg  *Config
	logs *syncBuffer
}

// fastBackoff keeps retries short in tests.
var fastBackoff = Backoff{Initial: 5 * time.Millisecond, Max: 40 * time.Millisecond, CallbackAttempts: 5}

// newHarness starts the fake and a service configured by body (the
// address and organization lines are prepended); the rules file
// testdata/pair.hcl sits beside the configuration.
func newHarness(t *testing.T, body string) *harness {
	t.Helper()
	fake := hcpfake.New("acme", orgToken)
	t.Cleanup(fake.Close)
	dir := t.TempDir()
	rules, err := os.ReadFile(filepath.Join("testdata", "pair.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "pair.hcl"), string(rules))
	cfgPath := filepath.Join(dir, "run-task.hcl")
	writeFile(t, cfgPath, fmt.Sprintf("address = %q\norganization = \"acme\"\n%s", fake.URL(), body))
	cfg, err := LoadConfig(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	svc, err := NewService(Options{
		Config:           cfg,
		Token:            orgToken,
		HMACKey:          []byte(plantedHMACKey),
		Logger:           slog.New(slog.NewJSONHandler(logs, nil)),
		EvaluatorOptions: EvaluatorOptions{Backoff: fastBackoff},
	})
	if err != nil {
		t.Fatal(err)
	}
	svc.Start()
	srv := httptest.NewServer(svc.Handler())
	h := &harness{t: t, fake: fake, svc: svc, srv: srv, cfg: cfg, logs: logs}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := svc.Drain(ctx); err != nil {
			t.Errorf("drain: %v", err)
		}
		srv.Close()
		h.assertNoSecrets()
	})
	return h
}

// pairConfig pairs web-staging with web-production at ratio 0.5.
const pairConfig = `
pair "web" {
  staging    { workspace = "web-staging" }
  production { workspace = "web-production" }
  rules_file = "pair.hcl"
}
`

// deliver signs and posts a payload, returning the status code and body.
func (h *harness) deliver(p any, key []byte) (int, string) {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resp, err := hcpfake.Deliver(ctx, h.srv.URL+"/run-task", mustJSON(h.t, p), key)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// final waits for the run's final callback.
func (h *harness) final(r *hcpfake.Run) hcpfake.Callback {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := h.fake.WaitFinal(ctx, r)
	if err != nil {
		h.t.Fatalf("%v\nlogs:\n%s", err, h.logs.String())
	}
	return c
}

// assertNoSecrets checks logs and every callback for the planted secrets and
// every run's access token.
func (h *harness) assertNoSecrets() {
	h.t.Helper()
	secrets := []string{orgToken, plantedHMACKey, dbPassword}
	for _, c := range h.fake.Callbacks(nil) {
		for _, s := range secrets {
			if strings.Contains(string(c.Body), s) {
				h.t.Errorf("callback body contains the secret %q", s)
			}
		}
	}
	logs := h.logs.String()
	for _, s := range append(secrets, "atlasv1") {
		if strings.Contains(logs, s) {
			h.t.Errorf("logs contain the secret %q:\n%s", s, logs)
		}
	}
}

func writeFile(t testing.TB, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// countRequests counts the fake's requests on host whose path contains part.
func countRequests(f *hcpfake.Server, host, part string) int {
	n := 0
	for _, r := range f.Requests() {
		if r.Host == host && strings.Contains(r.Path, part) {
			n++
		}
	}
	return n
}

var _ = http.StatusOK

// awsProvider is the provider address Terraform writes into show -json.
var awsProvider = tfaddr.NewProvider(tfaddr.DefaultProviderRegistryHost, "hashicorp", "aws").String()
