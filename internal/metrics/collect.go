package metrics

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/common/model"
	"github.com/prometheus/prometheus/promql/parser"
)

// Queries says what to read from Prometheus. The names are those of
// parity_divergence_alert, so that one declaration serves both.
type Queries struct {
	RequestMetric    string
	ErrorLabel       string
	ErrorRegex       string
	LatencyHistogram string
	// LatencyRequired makes a histogram without series an error instead of
	// a note (it was named, not defaulted).
	LatencyRequired bool
	Quantiles       []float64
	GroupBy         []string
	Saturation      []SaturationQuery
	// RateWindow is the range of every rate().
	RateWindow time.Duration
}

// SaturationQuery is a utilisation gauge (0–1) named after its resource.
type SaturationQuery struct {
	Resource    string
	Metric      string
	Aggregation string   // avg, max or min
	GroupBy     []string // nil: Queries.GroupBy
}

// Range is the time range and resolution of the queries.
type Range struct {
	Start, End time.Time
	Step       time.Duration
}

// CheckSelector checks PromQL label matchers as given to --staging-selector
// (environment="staging", cluster=~"eu-.*").
func CheckSelector(s string) error {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	if _, err := parser.ParseMetricSelector("{" + s + "}"); err != nil {
		return fmt.Errorf("%q is not a list of PromQL label matchers such as environment=\"staging\": %v", s, err)
	}
	return nil
}

// CheckQueries checks names and durations before anything is queried.
func CheckQueries(q Queries) error {
	var errs []error
	metric := func(what, name string) {
		if !model.LegacyValidation.IsValidMetricName(name) {
			errs = append(errs, fmt.Errorf("%s %q is not a valid Prometheus metric name", what, name))
		}
	}
	label := func(what, name string) {
		if !model.LegacyValidation.IsValidLabelName(name) || name == "le" {
			errs = append(errs, fmt.Errorf("%s %q is not a valid Prometheus label name for grouping", what, name))
		}
	}
	metric("request_metric", q.RequestMetric)
	label("error_label", q.ErrorLabel)
	if q.LatencyHistogram != "" {
		metric("latency_histogram", q.LatencyHistogram)
	}
	for _, l := range q.GroupBy {
		label("group_by", l)
	}
	for _, qu := range q.Quantiles {
		if qu <= 0 || qu >= 1 {
			errs = append(errs, fmt.Errorf("quantile %g is not between 0 and 1", qu))
		}
	}
	for _, s := range q.Saturation {
		metric("saturation "+s.Resource+" metric", s.Metric)
		if !slices.Contains([]string{"avg", "max", "min"}, s.Aggregation) {
			errs = append(errs, fmt.Errorf("saturation %s: aggregation %q is not one of avg, max, min", s.Resource, s.Aggregation))
		}
		for _, l := range s.GroupBy {
			label("saturation "+s.Resource+" group_by", l)
		}
	}
	if q.RateWindow <= 0 {
		errs = append(errs, errors.New("the rate window must be longer than 0s"))
	}
	return errors.Join(errs...)
}

// Collect queries one Prometheus server for everything q names, over r, for
// the series selector matches, and sums each group up over the window.
func Collect(ctx context.Context, s *Server, selector string, q Queries, r Range) (*Observations, error) {
	obs := NewObservations()
	window := promDuration(q.RateWindow)
	sel := func(metric string, extra ...string) string {
		m := []string{}
		if strings.TrimSpace(selector) != "" {
			m = append(m, selector)
		}
		m = append(m, extra...)
		if len(m) == 0 {
			return metric
		}
		return metric + "{" + strings.Join(m, ", ") + "}"
	}
	by := func(labels []string) string {
		if len(labels) == 0 {
			return ""
		}
		return "by (" + strings.Join(labels, ", ") + ") "
	}
	sumRate := func(selector string, labels []string) string {
		return fmt.Sprintf("sum %s(rate(%s[%s]))", by(labels), selector, window)
	}
	run := func(query string) ([]Series, error) {
		series, err := s.QueryRange(ctx, query, r.Start, r.End, r.Step)
		if err != nil {
			return nil, err
		}
		if nan := countNaN(series); nan > 0 {
			obs.Notef("%d NaN samples of %s skipped", nan, query)
		}
		return series, nil
	}
	empty := func(query, what string) error {
		return &QueryError{Side: s.Side, URL: RedactURL(s.URL), Query: query,
			Err: fmt.Errorf("no series of %s in the window: check the metric name, the selector and --window", what)}
	}

	// Requests and errors, per group.
	reqQuery := sumRate(sel(q.RequestMetric), q.GroupBy)
	requests, err := run(reqQuery)
	if err != nil {
		return nil, err
	}
	if len(requests) == 0 {
		return nil, empty(reqQuery, q.RequestMetric)
	}
	errQuery := sumRate(sel(q.RequestMetric, q.ErrorLabel+"=~"+strconv.Quote(q.ErrorRegex)), q.GroupBy)
	errSeries, err := run(errQuery)
	if err != nil {
		return nil, err
	}
	errSums := map[string]float64{}
	for _, es := range errSeries {
		sum, _ := sumAndCount(es.Samples)
		errSums[groupKey(labelsOf(es.Labels, q.GroupBy))] += sum
	}
	for _, rs := range requests {
		sum, n := sumAndCount(rs.Samples)
		if n == 0 {
			continue
		}
		g := obs.group(labelsOf(rs.Labels, q.GroupBy))
		g.RequestRate, g.HasRequests = sum/float64(n), true
		g.Values[MetricRequestRate] = g.RequestRate
		if sum > 0 {
			g.Values[MetricErrorRate] = errSums[g.Key] / sum
		} else {
			g.Values[MetricErrorRate] = math.NaN()
		}
	}

	// Counter resets: rate() accounts for them, but a reset in the window
	// (a restart, a deploy) is worth knowing when rates look odd.
	resetQuery := fmt.Sprintf("sum %s(resets(%s[%s]))", by(q.GroupBy), sel(q.RequestMetric), window)
	resets, err := run(resetQuery)
	if err != nil {
		return nil, err
	}
	for _, rs := range resets {
		if peak := maxValue(rs.Samples); peak > 0 {
			obs.Notef("%s: %s reset in the window (a restart?); rates account for it", describe(labelsOf(rs.Labels, q.GroupBy)), q.RequestMetric)
		}
	}

	// Latency quantiles from the buckets' rates summed over the window: the
	// quantile of every request in the window, not an average of
	// quantiles.
	if q.LatencyHistogram != "" && len(q.Quantiles) > 0 {
		bucketQuery := sumRate(sel(q.LatencyHistogram+"_bucket"), append(slices.Clone(q.GroupBy), "le"))
		series, err := run(bucketQuery)
		if err != nil {
			return nil, err
		}
		if len(series) == 0 {
			if q.LatencyRequired {
				return nil, empty(bucketQuery, q.LatencyHistogram+"_bucket")
			}
			obs.Notef("latency not compared: no series of %s_bucket", q.LatencyHistogram)
		}
		perGroup := map[string][]bucket{}
		labelsByKey := map[string][]Label{}
		for _, bs := range series {
			le, err := parseSampleValue(bs.Labels["le"])
			if err != nil {
				obs.Notef("%s: bucket with le=%q skipped", q.LatencyHistogram, bs.Labels["le"])
				continue
			}
			labels := labelsOf(bs.Labels, q.GroupBy)
			key := groupKey(labels)
			sum, _ := sumAndCount(bs.Samples)
			perGroup[key] = append(perGroup[key], bucket{le: le, count: sum})
			labelsByKey[key] = labels
		}
		for key, buckets := range perGroup {
			g := obs.group(labelsByKey[key])
			for _, qu := range q.Quantiles {
				g.Values[quantileMetric(qu)] = histogramQuantile(qu, buckets)
			}
		}
	}

	// Utilisation and, for comparable load, requests per the same groups.
	for _, sq := range q.Saturation {
		groupBy := sq.GroupBy
		if groupBy == nil {
			groupBy = q.GroupBy
		}
		utilQuery := fmt.Sprintf("%s %s(%s)", sq.Aggregation, by(groupBy), sel(sq.Metric))
		series, err := run(utilQuery)
		if err != nil {
			return nil, err
		}
		if len(series) == 0 {
			return nil, empty(utilQuery, sq.Metric)
		}
		var loads []Series
		if slices.Equal(groupBy, q.GroupBy) {
			loads = requests
		} else if loads, err = run(sumRate(sel(q.RequestMetric), groupBy)); err != nil {
			return nil, err
		}
		for _, us := range series {
			sum, n := sumAndCount(us.Samples)
			g := obs.group(labelsOf(us.Labels, groupBy))
			g.Kinds[sq.Resource] = KindSaturation
			if n == 0 {
				g.Values[sq.Resource] = math.NaN()
			} else {
				g.Values[sq.Resource] = sum / float64(n)
			}
		}
		for _, ls := range loads {
			sum, n := sumAndCount(ls.Samples)
			if n == 0 {
				continue
			}
			g := obs.group(labelsOf(ls.Labels, groupBy))
			if !g.HasRequests {
				g.RequestRate, g.HasRequests = sum/float64(n), true
			}
		}
	}
	return obs, nil
}

// labelsOf picks the grouping labels of a series, in group-by order; a
// label the series lacks is empty, as in PromQL.
func labelsOf(m map[string]string, groupBy []string) []Label {
	out := make([]Label, len(groupBy))
	for i, l := range groupBy {
		out[i] = Label{Name: l, Value: m[l]}
	}
	return out
}

// describe names a group for a person: endpoint=/pay service=checkout, or
// "all requests".
func describe(labels []Label) string {
	if len(labels) == 0 {
		return "all requests"
	}
	parts := make([]string, len(labels))
	for i, l := range labels {
		parts[i] = l.Name + "=" + l.Value
	}
	return strings.Join(parts, " ")
}

// sumAndCount adds the numbers of samples, skipping NaN and infinities.
func sumAndCount(samples []Sample) (sum float64, n int) {
	for _, s := range samples {
		if math.IsNaN(s.V) || math.IsInf(s.V, 0) {
			continue
		}
		sum += s.V
		n++
	}
	return sum, n
}

func maxValue(samples []Sample) float64 {
	m := math.Inf(-1)
	for _, s := range samples {
		if s.V > m {
			m = s.V
		}
	}
	return m
}

func countNaN(series []Series) int {
	n := 0
	for _, s := range series {
		for _, v := range s.Samples {
			if math.IsNaN(v.V) {
				n++
			}
		}
	}
	return n
}

// promDuration writes d as PromQL does: 5m, 1h30m, 90s.
func promDuration(d time.Duration) string {
	return model.Duration(d).String()
}

// SortedKeys returns the group keys in order.
func (o *Observations) SortedKeys() []string {
	keys := make([]string, 0, len(o.Groups))
	for k := range o.Groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
