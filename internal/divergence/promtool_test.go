package divergence

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/envparity/terraform-provider-parity/internal/testutil"
)

func requirePromtool(t *testing.T) string {
	t.Helper()
	return testutil.RequireBinary(t, "PARITY_PROMTOOL", "promtool")
}

// runPromtool runs promtool with args in dir, bounded in time, and fails the
// test with its output when it does not succeed.
func runPromtool(t *testing.T, promtool, dir string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, promtool, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("promtool %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestPromtoolCheckRules runs `promtool check rules` on every rendered group
// of the golden cases and on the spec of each PrometheusRule manifest.
func TestPromtoolCheckRules(t *testing.T) {
	t.Parallel()
	promtool := requirePromtool(t)
	for _, tc := range goldenCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res, err := Render(tc.spec)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "rules.yaml"), res.RulesYAML)
			writeFile(t, filepath.Join(dir, "manifest-spec.yaml"), manifestSpec(t, res.ManifestYAML))
			out := runPromtool(t, promtool, dir, "check", "rules", "rules.yaml", "manifest-spec.yaml")
			want := fmt.Sprintf("SUCCESS: %d rules found", len(res.AlertNames))
			if strings.Count(out, want) != 2 {
				t.Errorf("promtool check rules: want %q for both files, got:\n%s", want, out)
			}
		})
	}
}

// manifestSpec returns the spec of a PrometheusRule, which is a rule file
// (groups:) as the Operator hands it to Prometheus.
func manifestSpec(t *testing.T, manifest string) string {
	t.Helper()
	var obj struct {
		APIVersion string         `yaml:"apiVersion"`
		Kind       string         `yaml:"kind"`
		Spec       map[string]any `yaml:"spec"`
	}
	if err := yaml.Unmarshal([]byte(manifest), &obj); err != nil {
		t.Fatalf("manifest is not YAML: %v", err)
	}
	if obj.APIVersion != "monitoring.coreos.com/v1" || obj.Kind != "PrometheusRule" {
		t.Fatalf("manifest is %s %s, want monitoring.coreos.com/v1 PrometheusRule", obj.APIVersion, obj.Kind)
	}
	spec, err := yaml.Marshal(obj.Spec)
	if err != nil {
		t.Fatal(err)
	}
	return string(spec)
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// env is the synthetic traffic of one environment in a promtool unit test:
// constant request rates, a latency distribution and a CPU utilisation.
type env struct {
	okRate, errRate float64   // requests per second
	noErrorSeries   bool      // no code="500" series at all
	latency         []float64 // cumulative share of requests per bucket of testBuckets
	cpu             float64
}

// testBuckets are the upper bounds of the latency histogram; +Inf is added.
var testBuckets = []string{"0.1", "0.25", "0.5", "1", "2.5"}

var (
	// Production's latency: p50 0.1 s, p99 0.944 s (0.5 + 0.5 × 0.04/0.045).
	prodLatency = []float64{0.5, 0.8, 0.95, 0.995, 1}
	// A slow tail: p50 still 0.1 s, p99 2 s (1 + 1.5 × 0.02/0.03).
	slowTail = []float64{0.5, 0.8, 0.95, 0.97, 1}
)

func (e env) series(name string) []promtoolSeries {
	labels := func(extra string) string {
		return fmt.Sprintf(`{environment=%q, service="checkout", endpoint="/pay"%s}`, name, extra)
	}
	counter := func(perSecond float64) string { return fmt.Sprintf("0+%gx40", perSecond*60) }
	out := []promtoolSeries{{Series: "http_requests_total" + labels(`, code="200"`), Values: counter(e.okRate)}}
	if !e.noErrorSeries {
		out = append(out, promtoolSeries{Series: "http_requests_total" + labels(`, code="500"`), Values: counter(e.errRate)})
	}
	total := e.okRate + e.errRate
	for i, le := range testBuckets {
		out = append(out, promtoolSeries{Series: "http_request_duration_seconds_bucket" + labels(`, le="`+le+`"`), Values: counter(total * e.latency[i])})
	}
	out = append(out,
		promtoolSeries{Series: "http_request_duration_seconds_bucket" + labels(`, le="+Inf"`), Values: counter(total)},
		promtoolSeries{Series: "http_request_duration_seconds_count" + labels(""), Values: counter(total)},
		promtoolSeries{Series: fmt.Sprintf(`cpu_utilisation{environment=%q, service="checkout", instance="a"}`, name), Values: fmt.Sprintf("%g+0x40", e.cpu)},
	)
	return out
}

type promtoolSeries struct {
	Series string `yaml:"series"`
	Values string `yaml:"values"`
}

type promtoolAlert struct {
	ExpLabels      map[string]string `yaml:"exp_labels"`
	ExpAnnotations map[string]string `yaml:"exp_annotations"`
}

type promtoolAlertTest struct {
	EvalTime  string          `yaml:"eval_time"`
	Alertname string          `yaml:"alertname"`
	ExpAlerts []promtoolAlert `yaml:"exp_alerts"`
}

type promtoolTestGroup struct {
	Interval      string              `yaml:"interval"`
	InputSeries   []promtoolSeries    `yaml:"input_series"`
	AlertRuleTest []promtoolAlertTest `yaml:"alert_rule_test"`
}

type promtoolTestFile struct {
	RuleFiles          []string            `yaml:"rule_files"`
	EvaluationInterval string              `yaml:"evaluation_interval"`
	Tests              []promtoolTestGroup `yaml:"tests"`
}

// TestPromtoolUnitTests proves with `promtool test rules` that each alert
// fires on the divergence it is about, with the labels and annotations it
// renders, and stays silent on matching environments, on comparable load and
// on low traffic.
func TestPromtoolUnitTests(t *testing.T) {
	t.Parallel()
	promtool := requirePromtool(t)
	ratio, tolerance := 0.5, 0.2
	spec := Spec{
		Name:             "checkout",
		GroupBy:          []string{"service", "endpoint"},
		Ratio:            &ratio,
		For:              "5m",
		RunbookURL:       "https://runbooks.example.com/parity",
		Labels:           map[string]string{"team": "payments"},
		Requests:         Requests{Metric: "http_requests_total"},
		LatencyHistogram: "http_request_duration_seconds",
		ErrorRate:        &ErrorRateRule{},
		Latency:          &LatencyRule{Quantiles: []float64{0.5, 0.99}, Tolerance: &tolerance},
		Saturation: []SaturationRule{{
			Resource: "cpu", Metric: "cpu_utilisation", GroupBy: []string{"service"},
			Rule: Rule{Severity: "critical"},
		}},
	}
	res, err := Render(spec)
	if err != nil {
		t.Fatal(err)
	}
	wantNames := []string{"CheckoutErrorRateDivergence", "CheckoutLatencyP50Divergence", "CheckoutLatencyP99Divergence", "CheckoutCPUSaturationDivergence"}
	if strings.Join(res.AlertNames, ",") != strings.Join(wantNames, ",") {
		t.Fatalf("alert names: got %v, want %v", res.AlertNames, wantNames)
	}

	// Production serves 10 requests/s with 1 % errors at 80 % CPU; staging,
	// at half the capacity, half the traffic alike.
	production := env{okRate: 9.9, errRate: 0.1, latency: prodLatency, cpu: 0.8}
	matching := env{okRate: 4.95, errRate: 0.05, latency: prodLatency, cpu: 0.8}

	group := map[string]string{"service": "checkout", "endpoint": "/pay", "team": "payments"}
	alert := func(rule, severity string, extra map[string]string, summary, description string) promtoolAlert {
		labels := map[string]string{"parity_rule": rule, "severity": severity}
		for k, v := range extra {
			labels[k] = v
		}
		return promtoolAlert{ExpLabels: labels, ExpAnnotations: map[string]string{
			"summary": summary, "description": description, "runbook_url": "https://runbooks.example.com/parity",
		}}
	}
	errorAlert := func(diff string) promtoolAlert {
		return alert("error_rate", "warning", group,
			"Error rate of service=checkout endpoint=/pay differs between staging and production",
			"The share of failed requests (code=~\"5..\") of staging and production differs by "+diff+
				" (more than 1%), with at least 0.1 requests/s in each environment over 5m.")
	}
	p99Alert := alert("latency_p99", "warning", group,
		"p99 latency of service=checkout endpoint=/pay differs between staging and production",
		"Staging's p99 latency (http_request_duration_seconds) differs from production's by 111.8% of production's "+
			"(more than 20%), with at least 0.1 requests/s in each environment over 5m.")
	cpuAlert := alert("saturation_cpu", "critical", map[string]string{"service": "checkout", "team": "payments"},
		"cpu utilisation of service=checkout differs between staging and production at comparable load",
		"Staging's cpu utilisation (cpu_utilisation) differs by 75% from what production's predicts at staging's load "+
			"(production's utilisation × staging's request rate ÷ production's request rate ÷ 0.5; more than 50%), "+
			"with at least 0.1 requests/s in each environment.")

	cases := []struct {
		name                string
		staging, production env
		firing              map[string]promtoolAlert
	}{
		{name: "matching environments", staging: matching, production: production},
		{
			// 10 % errors in staging against 1 % in production: 9 points.
			name:       "staging error rate diverges",
			staging:    env{okRate: 4.5, errRate: 0.5, latency: prodLatency, cpu: 0.8},
			production: production,
			firing:     map[string]promtoolAlert{"CheckoutErrorRateDivergence": errorAlert("9%")},
		},
		{
			// Production has never failed, so it has no error series: its
			// error rate is 0, not absent.
			name:       "production without error series",
			staging:    env{okRate: 4.75, errRate: 0.25, latency: prodLatency, cpu: 0.8},
			production: env{okRate: 10, noErrorSeries: true, latency: prodLatency, cpu: 0.8},
			firing:     map[string]promtoolAlert{"CheckoutErrorRateDivergence": errorAlert("5%")},
		},
		{
			// Same median, slow tail: p99 2 s against 0.944 s; p50 stays silent.
			name:       "staging latency tail diverges",
			staging:    env{okRate: 4.95, errRate: 0.05, latency: slowTail, cpu: 0.8},
			production: production,
			firing:     map[string]promtoolAlert{"CheckoutLatencyP99Divergence": p99Alert},
		},
		{
			// The article's warning sign: 20 % against 80 % at the same load.
			name:       "staging CPU diverges",
			staging:    env{okRate: 4.95, errRate: 0.05, latency: prodLatency, cpu: 0.2},
			production: production,
			firing:     map[string]promtoolAlert{"CheckoutCPUSaturationDivergence": cpuAlert},
		},
		{
			// A quarter of production's traffic on half its capacity runs at
			// half its utilisation: 40 % against 80 % is parity.
			name:       "comparable load",
			staging:    env{okRate: 2.475, errRate: 0.025, latency: prodLatency, cpu: 0.4},
			production: production,
		},
		{
			// Three requests a minute, all failing, all slow, at 5 % CPU:
			// too little traffic to judge.
			name:       "low traffic",
			staging:    env{okRate: 0, errRate: 0.05, latency: slowTail, cpu: 0.05},
			production: production,
		},
	}

	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "rules.yaml"), res.RulesYAML)
	file := promtoolTestFile{RuleFiles: []string{"rules.yaml"}, EvaluationInterval: "1m"}
	for _, tc := range cases {
		g := promtoolTestGroup{Interval: "1m"}
		g.InputSeries = append(tc.staging.series("staging"), tc.production.series("production")...)
		for _, name := range res.AlertNames {
			at := promtoolAlertTest{EvalTime: "30m", Alertname: name}
			if a, ok := tc.firing[name]; ok {
				at.ExpAlerts = []promtoolAlert{a}
			}
			g.AlertRuleTest = append(g.AlertRuleTest, at)
		}
		file.Tests = append(file.Tests, g)
	}
	tests, err := yaml.Marshal(file)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "tests.yaml"), string(tests))
	out := runPromtool(t, promtool, dir, "test", "rules", "tests.yaml")
	if !strings.Contains(out, "SUCCESS") {
		t.Errorf("promtool test rules did not succeed:\n%s", out)
	}
}
