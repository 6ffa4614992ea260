// Package metrics compares how staging and production behave: request and
// error rates, latency quantiles and utilisation per group (endpoint,
// service), read from two Prometheus HTTP APIs or from CSV exports, with
// volume-like metrics scaled by the staging:production ratio and the rest
// compared relatively within a tolerance. It renders the comparison as text,
// JSON, Markdown or JUnit.
//
// It imports nothing from Terraform; `parity metrics` is its command line.
package metrics

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Metric names. Latency quantiles are latency_p50, latency_p95, …; a
// saturation metric is named after its resource (cpu, memory).
const (
	MetricRequestRate    = "request_rate"
	MetricMaxRequestRate = "max_request_rate"
	MetricErrorRate      = "error_rate"
	MetricLatencyAvg     = "latency_avg"
	latencyPrefix        = "latency_p"
)

// Kind says how a metric compares.
type Kind int

const (
	// KindVolume scales with capacity: staging should be production × ratio.
	KindVolume Kind = iota
	// KindRelative should be equal: compared relative to production.
	KindRelative
	// KindSaturation is a utilisation compared with production's at
	// staging's load.
	KindSaturation
)

// Observations are what one environment measured over the window.
type Observations struct {
	// Groups by key (`endpoint="/pay", service="checkout"`, or "" for the
	// environment as a whole).
	Groups map[string]*Group
	// Notes are things worth knowing that are not divergence: counter
	// resets, NaN samples skipped.
	Notes []string
}

// Group is one group of series.
type Group struct {
	Key    string
	Labels []Label
	// RequestRate is the group's mean requests per second; HasRequests is
	// false when no request series matched it.
	RequestRate float64
	HasRequests bool
	// Values by metric name. NaN means the series exist but carry no number
	// (a histogram without observations).
	Values map[string]float64
	// Kinds of the values that are not named by the metric itself
	// (saturation resources).
	Kinds map[string]Kind
}

// Label is one label of a group.
type Label struct{ Name, Value string }

// NewObservations returns empty observations.
func NewObservations() *Observations {
	return &Observations{Groups: map[string]*Group{}}
}

// group returns the group of labels, creating it.
func (o *Observations) group(labels []Label) *Group {
	key := groupKey(labels)
	g, ok := o.Groups[key]
	if !ok {
		g = &Group{Key: key, Labels: labels, Values: map[string]float64{}, Kinds: map[string]Kind{}}
		o.Groups[key] = g
	}
	return g
}

// Notef records a note.
func (o *Observations) Notef(format string, args ...any) {
	o.Notes = append(o.Notes, fmt.Sprintf(format, args...))
}

// groupKey writes labels as PromQL does: name="value", sorted by name.
func groupKey(labels []Label) string {
	sorted := append([]Label{}, labels...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Name < sorted[j].Name })
	parts := make([]string, len(sorted))
	for i, l := range sorted {
		parts[i] = fmt.Sprintf("%s=%q", l.Name, l.Value)
	}
	return strings.Join(parts, ", ")
}

// KindOf says how metric compares; saturation resources are told by the
// group's Kinds.
func KindOf(metric string, kinds map[string]Kind) Kind {
	switch {
	case metric == MetricRequestRate || metric == MetricMaxRequestRate:
		return KindVolume
	case metric == MetricErrorRate || metric == MetricLatencyAvg || strings.HasPrefix(metric, latencyPrefix):
		return KindRelative
	}
	if k, ok := kinds[metric]; ok {
		return k
	}
	return KindRelative
}

// metricRank orders metrics in reports: rates, errors, latency, the rest.
func metricRank(m string) (int, string) {
	switch {
	case m == MetricRequestRate:
		return 0, ""
	case m == MetricMaxRequestRate:
		return 1, ""
	case m == MetricErrorRate:
		return 2, ""
	case m == MetricLatencyAvg:
		return 3, ""
	case strings.HasPrefix(m, latencyPrefix):
		// latency_p50 < latency_p95 < latency_p99 < latency_p999.
		return 4, fmt.Sprintf("%-8s", strings.TrimPrefix(m, latencyPrefix)+"0000")[:8]
	}
	return 5, m
}

// quantileMetric is latency_p50 for 0.5, latency_p999 for 0.999.
func quantileMetric(q float64) string {
	s := strings.TrimPrefix(fmt.Sprintf("%g", q), "0.")
	for len(s) < 2 {
		s += "0"
	}
	return latencyPrefix + s
}

// bucket is one cumulative histogram bucket.
type bucket struct {
	le    float64
	count float64
}

// histogramQuantile computes the q-quantile of cumulative buckets as
// Prometheus's histogram_quantile does for classic histograms: linear
// interpolation within the bucket, the lowest bucket starting at 0, and the
// largest finite bound when the rank falls in the +Inf bucket. NaN when
// there are no observations or no +Inf bucket.
func histogramQuantile(q float64, buckets []bucket) float64 {
	if len(buckets) == 0 {
		return math.NaN()
	}
	b := append([]bucket{}, buckets...)
	sort.Slice(b, func(i, j int) bool { return b[i].le < b[j].le })
	if !math.IsInf(b[len(b)-1].le, 1) || len(b) < 2 {
		return math.NaN()
	}
	// Buckets scraped at slightly different times may not be monotonic;
	// Prometheus evens them out the same way.
	for i := 1; i < len(b); i++ {
		if b[i].count < b[i-1].count {
			b[i].count = b[i-1].count
		}
	}
	total := b[len(b)-1].count
	if total <= 0 {
		return math.NaN()
	}
	rank := q * total
	i := sort.Search(len(b)-1, func(i int) bool { return b[i].count >= rank })
	if i == len(b)-1 {
		return b[len(b)-2].le
	}
	if i == 0 && b[0].le <= 0 {
		return b[0].le
	}
	lower, prev := 0.0, 0.0
	if i > 0 {
		lower, prev = b[i-1].le, b[i-1].count
	}
	upper, count := b[i].le, b[i].count-prev
	if count == 0 {
		return upper
	}
	return lower + (upper-lower)*((rank-prev)/count)
}
