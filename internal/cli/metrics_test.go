package cli

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func metricsCSV(name string) string { return filepath.Join("..", "metrics", "testdata", name) }

// TestMetricsCSV runs the offline mode end to end: exit 0 when staging
// matches production at the ratio, 1 when it diverges, with the reports.
func TestMetricsCSV(t *testing.T) {
	t.Parallel()
	cases := []struct {
		staging string
		code    int
		want    []string
	}{
		{"staging-matching.csv", exitOK, []string{"Within tolerance: 18 comparisons (18 ok)."}},
		{"staging-divergent.csv", exitDrift, []string{
			"divergent            error_rate",
			"only_in_production   request_rate",
			"Divergent: 5 of 13 comparisons",
		}},
	}
	for _, tc := range cases {
		t.Run(tc.staging, func(t *testing.T) {
			t.Parallel()
			junit := filepath.Join(t.TempDir(), "metrics.xml")
			r := runMetrics(t, nil, "--staging-csv", metricsCSV(tc.staging), "--production-csv", metricsCSV("production.csv"),
				"--ratio", "1/2", "--format", "text", "--format", "junit="+junit)
			if r.code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tc.code, r.stdout, r.stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("text report lacks %q:\n%s", w, r.stdout)
				}
			}
			if data, err := os.ReadFile(junit); err != nil || !strings.Contains(string(data), "<testsuites") {
				t.Errorf("junit report: %v\n%s", err, data)
			}
		})
	}
}

func TestMetricsUsageErrors(t *testing.T) {
	t.Parallel()
	prod := metricsCSV("production.csv")
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no sides", nil, "give --staging and --production Prometheus URLs, or --staging-csv and --production-csv"},
		{"one side", []string{"--staging", "http://a:9090"}, "give both --staging and --production Prometheus URLs"},
		{"mixed", []string{"--staging", "http://a:9090", "--production-csv", prod}, "not both kinds"},
		{"sarif", []string{"--staging-csv", prod, "--production-csv", prod, "--format", "sarif"}, "--format sarif: SARIF reports findings located in source files"},
		{"same series", []string{"--staging", "http://p:9090", "--production", "http://p:9090"}, "staging and production would query the same series"},
		{"bad selector", []string{"--staging", "http://s:9090", "--production", "http://p:9090", "--staging-selector", "env=staging"}, `--staging-selector "env=staging" is not a list of PromQL label matchers`},
		{"bad window", []string{"--staging", "http://s:9090", "--production", "http://p:9090", "--window", "an hour"}, `--window "an hour" is not a duration`},
		{"too many points", []string{"--staging", "http://s:9090", "--production", "http://p:9090", "--window", "30d", "--step", "15s"}, "more than 10000 points per series"},
		{"bad end", []string{"--staging", "http://s:9090", "--production", "http://p:9090", "--end", "yesterday"}, `--end "yesterday": not a time`},
		{"bad tolerance", []string{"--staging-csv", prod, "--production-csv", prod, "--tolerance", "lots"}, `"lots" is not a number`},
		{"argument", []string{"--staging-csv", prod, "--production-csv", prod, "extra"}, `unexpected argument "extra"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := runMetrics(t, nil, tc.args...)
			if r.code != exitError || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and %q", r.code, r.stderr, tc.want)
			}
			if !strings.Contains(r.stderr, "Usage: parity metrics") {
				t.Errorf("usage error without usage:\n%s", r.stderr)
			}
		})
	}
}

func TestMetricsInputErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("endpoint,avg_rpm\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rules := filepath.Join(dir, "metrics.hcl")
	if err := os.WriteFile(rules, []byte("ratio = -1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	prod := metricsCSV("production.csv")
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"missing file", []string{"--staging-csv", filepath.Join(dir, "none.csv"), "--production-csv", prod}, "none.csv: cannot read CSV: no such file or directory"},
		{"bad csv", []string{"--staging-csv", bad, "--production-csv", prod}, `bad.csv: line 1: missing column "max_rpm"`},
		{"bad rules", []string{"--staging-csv", prod, "--production-csv", prod, "--rules", rules}, "metrics.hcl:1:1: Invalid ratio: ratio must be greater than 0, got -1."},
		{"report dir", []string{"--staging-csv", prod, "--production-csv", prod, "--format", "json=" + filepath.Join(dir, "no", "r.json")}, "cannot write report: directory"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := runMetrics(t, nil, tc.args...)
			if r.code != exitError || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 2 and %q", r.code, r.stderr, tc.want)
			}
		})
	}
}

// TestMetricsCredentials sends the token and headers from the environment
// and never prints them, not even when the server refuses them.
func TestMetricsCredentials(t *testing.T) {
	t.Parallel()
	const token, tenant = "tok-Hq27-do-not-print", "tenant-Vx93-do-not-print"
	var gotAuth, gotTenant string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotAuth, gotTenant = r.Header.Get("Authorization"), r.Header.Get("X-Scope-OrgID")
		http.Error(w, "denied", http.StatusForbidden)
	}))
	defer srv.Close()
	env := map[string]string{"PARITY_STAGING_BEARER_TOKEN": token, "PARITY_STAGING_HEADERS": "X-Scope-OrgID: " + tenant}
	r := runMetrics(t, env, "--staging", srv.URL, "--production", "http://user:pw-Kd81@127.0.0.1:1", "--production-selector", "a=\"b\"")
	if r.code != exitError {
		t.Fatalf("exit %d, want 2\n%s", r.code, r.stderr)
	}
	if gotAuth != "Bearer "+token || gotTenant != tenant {
		t.Errorf("server got Authorization %q, X-Scope-OrgID %q", gotAuth, gotTenant)
	}
	if !strings.Contains(r.stderr, "HTTP 403 Forbidden: check the bearer token or headers (PARITY_STAGING_BEARER_TOKEN") {
		t.Errorf("stderr does not explain the refusal:\n%s", r.stderr)
	}
	for _, secret := range []string{token, tenant, "pw-Kd81"} {
		if strings.Contains(r.stderr+r.stdout, secret) {
			t.Errorf("output contains %q:\n%s", secret, r.stderr)
		}
	}
}

func TestMetricsHelp(t *testing.T) {
	t.Parallel()
	r := runMetrics(t, nil, "--help")
	if r.code != exitOK || !strings.Contains(r.stdout, "PARITY_STAGING_BEARER_TOKEN") || !strings.Contains(r.stdout, "--staging-csv FILE") {
		t.Errorf("exit %d, help:\n%s", r.code, r.stdout)
	}
	if !IsCommand("metrics") {
		t.Error(`IsCommand("metrics") is false: the provider binary would not run it`)
	}
}
