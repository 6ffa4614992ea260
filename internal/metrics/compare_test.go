package metrics

import (
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestHistogramQuantile(t *testing.T) {
	t.Parallel()
	inf := math.Inf(1)
	// Cumulative counts of 1000 requests: half under 0.1 s, 95 % under 0.5 s,
	// 99.5 % under 1 s.
	buckets := []bucket{{0.1, 500}, {0.25, 800}, {0.5, 950}, {1, 995}, {2.5, 1000}, {inf, 1000}}
	cases := []struct {
		name    string
		q       float64
		buckets []bucket
		want    float64
	}{
		{"median at a bound", 0.5, buckets, 0.1},
		{"interpolated", 0.99, buckets, 0.5 + 0.5*(990-950)/(995-950.0)},
		{"first bucket starts at 0", 0.25, buckets, 0.05},
		{"unsorted input", 0.5, []bucket{{inf, 10}, {1, 10}, {0.5, 5}}, 0.5},
		{"rank in +Inf returns the largest bound", 0.99, []bucket{{0.1, 50}, {1, 90}, {inf, 100}}, 1},
		{"non-monotonic buckets are evened out", 0.5, []bucket{{0.1, 60}, {0.2, 40}, {inf, 100}}, 0.1 * 50 / 60},
		{"no observations", 0.5, []bucket{{0.1, 0}, {inf, 0}}, math.NaN()},
		{"no +Inf bucket", 0.5, []bucket{{0.1, 5}, {1, 10}}, math.NaN()},
		{"nothing", 0.5, nil, math.NaN()},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := histogramQuantile(tc.q, tc.buckets)
			if math.IsNaN(tc.want) != math.IsNaN(got) || (!math.IsNaN(got) && math.Abs(got-tc.want) > 1e-9) {
				t.Errorf("histogramQuantile(%g) = %g, want %g", tc.q, got, tc.want)
			}
		})
	}
}

// obs builds observations: groups by endpoint, each with a request rate and
// values.
func obs(groups map[string]map[string]float64) *Observations {
	o := NewObservations()
	for endpoint, values := range groups {
		g := o.group([]Label{{"endpoint", endpoint}})
		for k, v := range values {
			g.Values[k] = v
		}
		if rate, ok := values[MetricRequestRate]; ok {
			g.RequestRate, g.HasRequests = rate, true
		}
		if _, ok := values["cpu"]; ok {
			g.Kinds["cpu"] = KindSaturation
		}
	}
	return o
}

func TestCompare(t *testing.T) {
	t.Parallel()
	opts := Options{Ratio: 0.5, Tolerance: 0.2, MinRequestRate: 0.1}
	nan := math.NaN()
	type row struct {
		group, metric string
		status        Status
	}
	cases := []struct {
		name                string
		staging, production map[string]map[string]float64
		opts                Options
		want                []row
		wantMessage         string
	}{
		{
			name:       "volume after the ratio",
			staging:    map[string]map[string]float64{"/pay": {MetricRequestRate: 5.5}},
			production: map[string]map[string]float64{"/pay": {MetricRequestRate: 10}},
			want:       []row{{`endpoint="/pay"`, MetricRequestRate, StatusOK}},
		},
		{
			name:        "volume beyond tolerance",
			staging:     map[string]map[string]float64{"/pay": {MetricRequestRate: 1}},
			production:  map[string]map[string]float64{"/pay": {MetricRequestRate: 10}},
			want:        []row{{`endpoint="/pay"`, MetricRequestRate, StatusDivergent}},
			wantMessage: "Request rate of endpoint=/pay is lower in staging: 1 req/s, expected 5 req/s (10 req/s × 0.5); 80% off, more than 20%.",
		},
		{
			name:        "latency relative, not scaled",
			staging:     map[string]map[string]float64{"/pay": {MetricRequestRate: 5, "latency_p95": 0.5}},
			production:  map[string]map[string]float64{"/pay": {MetricRequestRate: 10, "latency_p95": 0.25}},
			want:        []row{{`endpoint="/pay"`, MetricRequestRate, StatusOK}, {`endpoint="/pay"`, "latency_p95", StatusDivergent}},
			wantMessage: "p95 latency of endpoint=/pay is higher in staging: 500 ms, expected 250 ms (production's); 100% off, more than 20%.",
		},
		{
			// 0.05 % against 0.1 %: 50 % relative, but a twentieth of a
			// percentage point, which is noise.
			name:       "tiny error rates",
			staging:    map[string]map[string]float64{"/pay": {MetricRequestRate: 5, MetricErrorRate: 0.0005}},
			production: map[string]map[string]float64{"/pay": {MetricRequestRate: 10, MetricErrorRate: 0.001}},
			want:       []row{{`endpoint="/pay"`, MetricRequestRate, StatusOK}, {`endpoint="/pay"`, MetricErrorRate, StatusOK}},
		},
		{
			name:        "errors where production has none",
			staging:     map[string]map[string]float64{"/pay": {MetricRequestRate: 5, MetricErrorRate: 0.05}},
			production:  map[string]map[string]float64{"/pay": {MetricRequestRate: 10, MetricErrorRate: 0}},
			want:        []row{{`endpoint="/pay"`, MetricRequestRate, StatusOK}, {`endpoint="/pay"`, MetricErrorRate, StatusDivergent}},
			wantMessage: "Error rate of endpoint=/pay is higher in staging: 5%, expected 0% (production's); infinitely off, more than 20%.",
		},
		{
			// A quarter of production's traffic on half its capacity: 40 %
			// against 80 % is parity.
			name:       "saturation at comparable load",
			staging:    map[string]map[string]float64{"/pay": {MetricRequestRate: 2.5, "cpu": 0.4}},
			production: map[string]map[string]float64{"/pay": {MetricRequestRate: 10, "cpu": 0.8}},
			opts:       Options{Ratio: 0.5, Tolerance: 0.2, MinRequestRate: 0.1, Overrides: map[string]Override{MetricRequestRate: {Ignore: true, Reason: "staging gets a quarter"}}},
			want:       []row{{`endpoint="/pay"`, MetricRequestRate, StatusIgnored}, {`endpoint="/pay"`, "cpu", StatusOK}},
		},
		{
			name:        "saturation warning sign",
			staging:     map[string]map[string]float64{"/pay": {MetricRequestRate: 5, "cpu": 0.2}},
			production:  map[string]map[string]float64{"/pay": {MetricRequestRate: 10, "cpu": 0.8}},
			want:        []row{{`endpoint="/pay"`, MetricRequestRate, StatusOK}, {`endpoint="/pay"`, "cpu", StatusDivergent}},
			wantMessage: "cpu utilisation of endpoint=/pay is lower in staging: 20%, expected 80% (80% × 5 req/s ÷ (0.5 × 10 req/s)); 75% off, more than 20%.",
		},
		{
			name:       "per-metric tolerance",
			staging:    map[string]map[string]float64{"/pay": {MetricRequestRate: 5, "latency_p99": 1.25}},
			production: map[string]map[string]float64{"/pay": {MetricRequestRate: 10, "latency_p99": 1}},
			opts:       Options{Ratio: 0.5, Tolerance: 0.2, MinRequestRate: 0.1, Overrides: map[string]Override{"latency_p99": {Tolerance: ptr(0.3)}}},
			want:       []row{{`endpoint="/pay"`, MetricRequestRate, StatusOK}, {`endpoint="/pay"`, "latency_p99", StatusOK}},
		},
		{
			name:        "endpoint only in production",
			staging:     map[string]map[string]float64{"/pay": {MetricRequestRate: 5}},
			production:  map[string]map[string]float64{"/pay": {MetricRequestRate: 10}, "/export": {MetricRequestRate: 2}},
			want:        []row{{`endpoint="/export"`, MetricRequestRate, StatusOnlyInProduction}, {`endpoint="/pay"`, MetricRequestRate, StatusOK}},
			wantMessage: "endpoint=/export has traffic in production but none in staging: staging's tests do not exercise it.",
		},
		{
			name:       "quiet endpoint only in staging",
			staging:    map[string]map[string]float64{"/debug": {MetricRequestRate: 0.01}},
			production: map[string]map[string]float64{},
			want:       []row{{`endpoint="/debug"`, MetricRequestRate, StatusLowTraffic}},
		},
		{
			name:       "low traffic is not judged",
			staging:    map[string]map[string]float64{"/pay": {MetricRequestRate: 0.05, MetricErrorRate: 1}},
			production: map[string]map[string]float64{"/pay": {MetricRequestRate: 10, MetricErrorRate: 0}},
			want:       []row{{`endpoint="/pay"`, MetricRequestRate, StatusLowTraffic}},
		},
		{
			name:        "missing series and NaN",
			staging:     map[string]map[string]float64{"/pay": {MetricRequestRate: 5, "latency_p95": nan}},
			production:  map[string]map[string]float64{"/pay": {MetricRequestRate: 10, "latency_p95": 0.2, "latency_p99": 0.4}},
			want:        []row{{`endpoint="/pay"`, MetricRequestRate, StatusOK}, {`endpoint="/pay"`, "latency_p95", StatusNoData}, {`endpoint="/pay"`, "latency_p99", StatusMissingStaging}},
			wantMessage: "p99 latency of endpoint=/pay is measured in production but has no series in staging.",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			o := opts
			if tc.opts.Tolerance != 0 {
				o = tc.opts
			}
			rep := Compare(obs(tc.staging), obs(tc.production), o)
			var got []row
			messages := []string{}
			for _, c := range rep.Comparisons {
				got = append(got, row{c.Group, c.Metric, c.Status})
				messages = append(messages, c.Message)
			}
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(row{})); diff != "" {
				t.Errorf("comparisons (-want +got):\n%s", diff)
			}
			if tc.wantMessage != "" && !strings.Contains(strings.Join(messages, "\n"), tc.wantMessage) {
				t.Errorf("no message %q in:\n%s", tc.wantMessage, strings.Join(messages, "\n"))
			}
			wantDivergent := false
			for _, r := range tc.want {
				wantDivergent = wantDivergent || r.status.Fails()
			}
			if rep.Divergent() != wantDivergent {
				t.Errorf("Divergent() = %v, want %v", rep.Divergent(), wantDivergent)
			}
		})
	}
}

func ptr(f float64) *float64 { return &f }
