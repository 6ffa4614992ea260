package divergence

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func ptr(f float64) *float64 { return &f }

type goldenCase struct {
	name string
	spec Spec
}

func goldenCases() []goldenCase {
	return []goldenCase{
		{
			// The seed's rule, generalised: error rate only, no grouping.
			name: "error_rate_minimal",
			spec: Spec{
				Name:      "web",
				Requests:  Requests{Metric: "http_requests_total"},
				ErrorRate: &ErrorRateRule{},
			},
		},
		{
			name: "full",
			spec: Spec{
				Name:             "checkout-api",
				Environment:      Environment{Label: "env", Staging: "stg", Production: "prod"},
				GroupBy:          []string{"service", "endpoint"},
				Matchers:         map[string]string{"job": "checkout"},
				Ratio:            ptr(0.5),
				RateWindow:       "10m",
				Interval:         "1m",
				Requests:         Requests{Metric: "http_server_requests_total", ErrorLabel: "status", ErrorRegex: `5\d\d|429`},
				LatencyHistogram: "http_server_request_duration_seconds_bucket",
				For:              "15m",
				Severity:         "warning",
				RunbookURL:       "https://runbooks.example.com/parity",
				Labels:           map[string]string{"team": "payments"},
				ErrorRate:        &ErrorRateRule{MaxDifference: ptr(0.02), MinRequestRate: ptr(1), Rule: Rule{Severity: "critical", For: "5m"}},
				Latency:          &LatencyRule{Quantiles: []float64{0.5, 0.95, 0.99, 0.999}, Tolerance: ptr(0.25), MinRequestRate: ptr(0)},
				Saturation: []SaturationRule{
					{Resource: "cpu", Metric: "service:cpu_utilisation:ratio", GroupBy: []string{"service"}},
					{Resource: "memory", Metric: "service:memory_utilisation:ratio", Aggregation: "max", GroupBy: []string{}, Tolerance: ptr(0.3),
						Rule: Rule{RunbookURL: "https://runbooks.example.com/memory"}},
				},
				Manifest: Manifest{Name: "checkout-parity", Namespace: "monitoring", Labels: map[string]string{"release": "kube-prometheus-stack"}},
			},
		},
	}
}

// TestRenderGolden compares every rendering with testdata/<case>.rules.yaml
// and .manifest.yaml; run with -update to rewrite them after a reviewed
// change.
func TestRenderGolden(t *testing.T) {
	t.Parallel()
	for _, tc := range goldenCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res, err := Render(tc.spec)
			if err != nil {
				t.Fatal(err)
			}
			for suffix, got := range map[string]string{".rules.yaml": res.RulesYAML, ".manifest.yaml": res.ManifestYAML} {
				path := filepath.Join("testdata", tc.name+suffix)
				if *update {
					writeFile(t, path, got)
					continue
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test -update to create it)", err)
				}
				if diff := cmp.Diff(string(want), got); diff != "" {
					t.Errorf("%s differs (-want +got):\n%s", path, diff)
				}
			}
		})
	}
}

func TestRenderNames(t *testing.T) {
	t.Parallel()
	res, err := Render(goldenCases()[1].spec)
	if err != nil {
		t.Fatal(err)
	}
	want := Result{
		GroupName: "parity-divergence-checkout-api",
		AlertNames: []string{
			"CheckoutApiErrorRateDivergence",
			"CheckoutApiLatencyP50Divergence", "CheckoutApiLatencyP95Divergence",
			"CheckoutApiLatencyP99Divergence", "CheckoutApiLatencyP999Divergence",
			"CheckoutApiCPUSaturationDivergence", "CheckoutApiMemorySaturationDivergence",
		},
	}
	got := Result{GroupName: res.GroupName, AlertNames: res.AlertNames}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("names (-want +got):\n%s", diff)
	}
}

// TestRenderExpressions checks the parts of each expression that carry its
// meaning; the promtool unit tests prove that they behave.
func TestRenderExpressions(t *testing.T) {
	t.Parallel()
	res, err := Render(goldenCases()[1].spec)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		// Errors and requests of one environment, extra matchers kept.
		`rate(http_server_requests_total{env="stg",job="checkout",status=~"5\\d\\d|429"}[10m])`,
		// A group without error series counts zero errors.
		"or\n",
		// Low traffic guard, which also keeps the division away from zero.
		`[10m])) >= 1)`,
		// Latency from buckets, per group and le.
		`sum by (service, endpoint, le) (`,
		`rate(http_server_request_duration_seconds_bucket{env="prod",job="checkout"}[10m])`,
		// The memory rule aggregates over everything.
		`max(service:memory_utilisation:ratio{env="prod",job="checkout"})`,
		// Comparable load: divided by the ratio.
		"/\n                      0.5",
	} {
		if !strings.Contains(res.RulesYAML, want) {
			t.Errorf("rules YAML lacks %q", want)
		}
	}
}

func TestRenderRejects(t *testing.T) {
	t.Parallel()
	valid := func() Spec {
		return Spec{Name: "web", Requests: Requests{Metric: "http_requests_total"}, ErrorRate: &ErrorRateRule{}}
	}
	cases := []struct {
		name   string
		change func(*Spec)
		want   []string // Problem.Error() of each problem
	}{
		{"bad name", func(s *Spec) { s.Name = "9 lives" }, []string{`name: "9 lives" is not a valid name: use a letter followed by letters, digits, '_' or '-', as in checkout-api`}},
		{"no rule", func(s *Spec) { s.ErrorRate = nil }, []string{"declare at least one of error_rate, latency or saturation: without a rule there is nothing to alert on"}},
		{"bad metric", func(s *Spec) { s.Requests.Metric = "http-requests" }, []string{`request_metric: "http-requests" is not a valid Prometheus metric name: use letters, digits, '_' and ':', not starting with a digit`}},
		{"missing requests", func(s *Spec) { s.Requests.Metric = "" }, []string{"request_metric: the request counter is required by the error_rate and saturation rules"}},
		{"utf8 label", func(s *Spec) { s.GroupBy = []string{"service.name"} }, []string{`group_by[0]: "service.name" is not a valid Prometheus label name: use letters, digits and '_', not starting with a digit or '__'`}},
		{"group by env", func(s *Spec) { s.GroupBy = []string{"environment", "le"} }, []string{
			`group_by[0]: "environment" is the environment label and cannot be a grouping label`,
			`group_by[1]: "le" is the histogram bucket label and cannot be a grouping label`,
		}},
		{"same environments", func(s *Spec) { s.Environment.Production = "staging" }, []string{`production_environment: staging and production are both "staging": the label cannot tell the environments apart`}},
		{"bad durations", func(s *Spec) { s.For = "10 minutes"; s.RateWindow = "0s" }, []string{
			`rate_window: "0s" must be longer than 0s`,
			`for: "10 minutes" is not a Prometheus duration: write it as 30s, 5m or 1h30m`,
		}},
		{"bad regex", func(s *Spec) { s.Requests.ErrorRegex = "5(" }, []string{"error_regex: \"5(\" is not a valid regular expression: error parsing regexp: missing closing ): `^(?:5()$`"}},
		{"reserved label", func(s *Spec) { s.Labels = map[string]string{"severity": "page"} }, []string{`labels: label "severity" is set by the rule itself; use the severity attribute for severity`}},
		{"unreachable difference", func(s *Spec) { s.ErrorRate.MaxDifference = ptr(1) }, []string{"error_rate.max_difference: an error rate is a share between 0 and 1, so a difference of 1 can never be reached"}},
		{"latency without histogram", func(s *Spec) { s.Latency = &LatencyRule{Quantiles: []float64{0.95, 1, 0.95}} }, []string{
			"latency_histogram: the latency rule needs the latency histogram's name",
			"latency.quantiles[1]: a quantile is between 0 and 1 (exclusive), as 0.95; got 1",
			"latency.quantiles[2]: 0.95 is listed twice (alert p95)",
		}},
		{"saturation", func(s *Spec) {
			s.Saturation = []SaturationRule{
				{Resource: "cpu", Metric: "cpu", Aggregation: "sum", Tolerance: ptr(0)},
				{Resource: "cpu", Metric: "cpu", GroupBy: []string{"le"}},
			}
		}, []string{
			"saturation[0].tolerance: must be greater than 0, got 0",
			`saturation[0].aggregation: "sum" is not one of avg, max, min`,
			`saturation[1].resource: "cpu" is declared twice: alert names would repeat`,
			`saturation[1].group_by[0]: "le" is the histogram bucket label and cannot be a grouping label`,
		}},
		{"manifest", func(s *Spec) {
			s.Manifest = Manifest{Name: "Checkout", Namespace: "a_b", Labels: map[string]string{"release": "kube prometheus"}}
		}, []string{
			`manifest_name: "Checkout" is not a Kubernetes object name: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit`,
			`manifest_namespace: "a_b" is not a Kubernetes namespace: at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit`,
			`manifest_labels: the value "kube prometheus" of "release" is not a Kubernetes label value: at most 63 letters, digits, '-', '_' and '.'`,
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := valid()
			tc.change(&s)
			_, err := Render(s)
			var problems ValidationError
			if !errors.As(err, &problems) {
				t.Fatalf("want a ValidationError, got %v", err)
			}
			var got []string
			for _, p := range problems {
				got = append(got, p.Error())
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// TestValidateRefuses feeds Prometheus's parser what it must refuse, so that
// the last line of defence is known to hold.
func TestValidateRefuses(t *testing.T) {
	t.Parallel()
	cases := map[string]struct{ yaml, want string }{
		"syntax": {"groups:\n- name: g\n  rules:\n  - alert: A\n    expr: sum(rate(x[5m])\n", "could not parse expression"},
		"matrix": {"groups:\n- name: g\n  rules:\n  - alert: A\n    expr: x[5m]\n", "not an instant vector"},
		"field":  {"groups:\n- name: g\n  rules:\n  - alert: A\n    expr: x\n    severity: page\n", "field severity not found"},
		"label":  {"groups:\n- name: g\n  rules:\n  - alert: A\n    expr: x\n    labels:\n      service.name: a\n", "invalid label name: service.name"},
		"tmpl":   {"groups:\n- name: g\n  rules:\n  - alert: A\n    expr: x\n    annotations:\n      summary: '{{ $value '\n", `annotation "summary"`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			err := Validate([]byte(tc.yaml))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Validate: want an error containing %q, got %v", tc.want, err)
			}
		})
	}
}
