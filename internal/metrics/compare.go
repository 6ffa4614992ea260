package metrics

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// Status of one comparison.
type Status string

// The statuses. Divergent, only-in and missing fail a comparison; the rest
// are reported only.
const (
	StatusOK               Status = "ok"
	StatusDivergent        Status = "divergent"
	StatusOnlyInStaging    Status = "only_in_staging"
	StatusOnlyInProduction Status = "only_in_production"
	StatusMissingStaging   Status = "missing_in_staging"
	StatusMissingProd      Status = "missing_in_production"
	StatusNoData           Status = "no_data"
	StatusLowTraffic       Status = "low_traffic"
	StatusIgnored          Status = "ignored"
)

// Fails reports whether a status makes the comparison fail.
func (s Status) Fails() bool {
	switch s {
	case StatusDivergent, StatusOnlyInStaging, StatusOnlyInProduction, StatusMissingStaging, StatusMissingProd:
		return true
	}
	return false
}

// Options are the comparison's parameters.
type Options struct {
	// Ratio is staging capacity as a share of production's; volume-like
	// metrics are expected at production × Ratio.
	Ratio float64
	// Tolerance is the accepted relative difference (0.2 = 20 %).
	Tolerance float64
	// MinRequestRate is the requests per second below which a group is too
	// quiet to judge (in either environment).
	MinRequestRate float64
	// Overrides by metric name (error_rate, latency_p99, cpu, …).
	Overrides map[string]Override
}

// Override changes how one metric compares.
type Override struct {
	// Tolerance replaces Options.Tolerance when set.
	Tolerance *float64
	// MinDifference is an absolute difference always accepted, for metrics
	// near zero (error_rate: 0.001 is a tenth of a percentage point).
	MinDifference *float64
	// Ignore leaves the metric out, for Reason.
	Ignore bool
	Reason string
}

// DefaultErrorRateMinDifference is accepted between error rates unless the
// rules file says otherwise: relative differences of tiny error rates (0.01 %
// against 0.02 %) are noise.
const DefaultErrorRateMinDifference = 0.001

// Comparison is one metric of one group.
type Comparison struct {
	Group  string  `json:"group"`
	Labels []Label `json:"-"`
	Metric string  `json:"metric"`
	Status Status  `json:"status"`
	// Staging, Production and Expected are nil where there is no number.
	Staging    *float64 `json:"staging"`
	Production *float64 `json:"production"`
	Expected   *float64 `json:"expected"`
	// Difference is |staging − expected| / expected; nil where undefined.
	Difference *float64 `json:"difference"`
	Tolerance  float64  `json:"tolerance"`
	Message    string   `json:"message"`
}

// Report is the result of a comparison.
type Report struct {
	Comparisons []Comparison
	// Notes of each environment, prefixed with it.
	Notes []string
	Options
}

// Divergent reports whether any comparison fails.
func (r *Report) Divergent() bool {
	for _, c := range r.Comparisons {
		if c.Status.Fails() {
			return true
		}
	}
	return false
}

// Counts returns how many comparisons have each status.
func (r *Report) Counts() map[Status]int {
	m := map[Status]int{}
	for _, c := range r.Comparisons {
		m[c.Status]++
	}
	return m
}

// Compare compares staging's observations with production's.
func Compare(staging, production *Observations, o Options) *Report {
	if o.Ratio <= 0 {
		o.Ratio = 1
	}
	rep := &Report{Options: o}
	for _, n := range staging.Notes {
		rep.Notes = append(rep.Notes, "staging: "+n)
	}
	for _, n := range production.Notes {
		rep.Notes = append(rep.Notes, "production: "+n)
	}
	keys := map[string]bool{}
	for k := range staging.Groups {
		keys[k] = true
	}
	for k := range production.Groups {
		keys[k] = true
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	for _, key := range sorted {
		rep.Comparisons = append(rep.Comparisons, compareGroup(staging.Groups[key], production.Groups[key], o)...)
	}
	return rep
}

func compareGroup(s, p *Group, o Options) []Comparison {
	g := s
	if g == nil {
		g = p
	}
	name := describe(g.Labels)
	base := Comparison{Group: g.Key, Labels: g.Labels}
	quiet := func(x *Group) bool { return x != nil && x.HasRequests && x.RequestRate < o.MinRequestRate }

	// A group one environment lacks: an endpoint staging never serves, or
	// one production does not have.
	if s == nil || p == nil {
		c := base
		c.Metric = MetricRequestRate
		if quiet(g) {
			c.Status = StatusLowTraffic
			c.Message = fmt.Sprintf("%s only has %s in %s, below the minimum of %s: not compared.",
				name, formatValue(MetricRequestRate, g.RequestRate), sideOf(s), formatValue(MetricRequestRate, o.MinRequestRate))
			return []Comparison{c}
		}
		if s == nil {
			c.Status = StatusOnlyInProduction
			c.Production = valuePtr(g.RequestRate, g.HasRequests)
			c.Message = fmt.Sprintf("%s has traffic in production but none in staging: staging's tests do not exercise it.", name)
		} else {
			c.Status = StatusOnlyInStaging
			c.Staging = valuePtr(g.RequestRate, g.HasRequests)
			c.Message = fmt.Sprintf("%s has traffic in staging but none in production.", name)
		}
		if !g.HasRequests {
			c.Metric = firstMetric(g)
		}
		return []Comparison{c}
	}
	if quiet(s) || quiet(p) {
		c := base
		c.Metric = MetricRequestRate
		c.Status = StatusLowTraffic
		c.Staging, c.Production = valuePtr(s.RequestRate, s.HasRequests), valuePtr(p.RequestRate, p.HasRequests)
		c.Message = fmt.Sprintf("%s serves %s in staging and %s in production, below the minimum of %s: not compared.",
			name, formatValue(MetricRequestRate, s.RequestRate), formatValue(MetricRequestRate, p.RequestRate),
			formatValue(MetricRequestRate, o.MinRequestRate))
		return []Comparison{c}
	}

	metrics := map[string]bool{}
	for m := range s.Values {
		metrics[m] = true
	}
	for m := range p.Values {
		metrics[m] = true
	}
	names := make([]string, 0, len(metrics))
	for m := range metrics {
		names = append(names, m)
	}
	sort.Slice(names, func(i, j int) bool {
		ri, si := metricRank(names[i])
		rj, sj := metricRank(names[j])
		if ri != rj {
			return ri < rj
		}
		return si < sj
	})

	var out []Comparison
	for _, m := range names {
		c := base
		c.Metric = m
		ov := o.Overrides[m]
		c.Tolerance = o.Tolerance
		if ov.Tolerance != nil {
			c.Tolerance = *ov.Tolerance
		}
		sv, sok := s.Values[m]
		pv, pok := p.Values[m]
		c.Staging, c.Production = valuePtr(sv, sok && !math.IsNaN(sv)), valuePtr(pv, pok && !math.IsNaN(pv))
		kinds := s.Kinds
		if len(kinds) == 0 {
			kinds = p.Kinds
		}
		what := metricTitle(m)
		switch {
		case ov.Ignore:
			c.Status = StatusIgnored
			c.Message = fmt.Sprintf("%s of %s is ignored: %s.", what, name, strings.TrimSuffix(orText(ov.Reason, "the rules file says so"), "."))
		case !sok:
			c.Status = StatusMissingStaging
			c.Message = fmt.Sprintf("%s of %s is measured in production but has no series in staging.", what, name)
		case !pok:
			c.Status = StatusMissingProd
			c.Message = fmt.Sprintf("%s of %s is measured in staging but has no series in production.", what, name)
		case math.IsNaN(sv) || math.IsNaN(pv):
			c.Status = StatusNoData
			c.Message = fmt.Sprintf("%s of %s has no number in %s (no observations in the window): not compared.", what, name, nanSides(sv, pv))
		default:
			compareValues(&c, KindOf(m, kinds), sv, pv, s, p, o, ov, name)
		}
		out = append(out, c)
	}
	return out
}

// compareValues fills expected, difference, status and message.
func compareValues(c *Comparison, kind Kind, sv, pv float64, s, p *Group, o Options, ov Override, name string) {
	what := metricTitle(c.Metric)
	var expected float64
	var how string
	switch kind {
	case KindVolume:
		expected = pv * o.Ratio
		how = fmt.Sprintf("%s × %s", formatValue(c.Metric, pv), trimFloat(o.Ratio))
	case KindSaturation:
		// Production's utilisation carried to staging's load on staging's
		// capacity: load share = staging rate ÷ (ratio × production rate).
		if !s.HasRequests || !p.HasRequests || p.RequestRate <= 0 {
			c.Status = StatusNoData
			c.Message = fmt.Sprintf("%s of %s cannot be compared at comparable load: no request rate for the group "+
				"(do the requests carry the saturation block's group_by labels?).", what, name)
			return
		}
		load := s.RequestRate / (o.Ratio * p.RequestRate)
		expected = pv * load
		how = fmt.Sprintf("%s × %s ÷ (%s × %s)", formatValue(c.Metric, pv), formatValue(MetricRequestRate, s.RequestRate),
			trimFloat(o.Ratio), formatValue(MetricRequestRate, p.RequestRate))
	default:
		expected = pv
		how = "production's"
	}
	c.Expected = &expected
	diff := math.Abs(sv - expected)
	minDiff := 0.0
	if ov.MinDifference != nil {
		minDiff = *ov.MinDifference
	} else if c.Metric == MetricErrorRate {
		minDiff = DefaultErrorRateMinDifference
	}
	var rel float64
	switch {
	case expected != 0:
		rel = diff / math.Abs(expected)
	case diff == 0:
		rel = 0
	default:
		rel = math.Inf(1)
	}
	if !math.IsInf(rel, 0) {
		c.Difference = &rel
	}
	if diff <= c.Tolerance*math.Abs(expected) {
		c.Status = StatusOK
		c.Message = fmt.Sprintf("%s of %s: staging %s, expected %s (%s), within %s.", what, name,
			formatValue(c.Metric, sv), formatValue(c.Metric, expected), how, percentText(c.Tolerance))
		return
	}
	if diff <= minDiff {
		c.Status = StatusOK
		c.Message = fmt.Sprintf("%s of %s: staging %s, expected %s (%s), within the accepted absolute difference of %s.", what, name,
			formatValue(c.Metric, sv), formatValue(c.Metric, expected), how, formatValue(c.Metric, minDiff))
		return
	}
	c.Status = StatusDivergent
	by := "differs"
	if sv > expected {
		by = "is higher"
	} else {
		by = "is lower"
	}
	relText := "infinitely"
	if c.Difference != nil {
		relText = percentText(rel)
	}
	c.Message = fmt.Sprintf("%s of %s %s in staging: %s, expected %s (%s); %s off, more than %s.", what, name, by,
		formatValue(c.Metric, sv), formatValue(c.Metric, expected), how, relText, percentText(c.Tolerance))
}

func valuePtr(v float64, ok bool) *float64 {
	if !ok {
		return nil
	}
	return &v
}

func firstMetric(g *Group) string {
	for _, m := range []string{MetricErrorRate} {
		if _, ok := g.Values[m]; ok {
			return m
		}
	}
	keys := make([]string, 0, len(g.Values))
	for k := range g.Values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) > 0 {
		return keys[0]
	}
	return MetricRequestRate
}

func sideOf(s *Group) string {
	if s == nil {
		return "production"
	}
	return "staging"
}

func nanSides(s, p float64) string {
	switch {
	case math.IsNaN(s) && math.IsNaN(p):
		return "either environment"
	case math.IsNaN(s):
		return "staging"
	}
	return "production"
}

func orText(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// metricTitle names a metric in a sentence: "Error rate", "p95 latency",
// "cpu utilisation".
func metricTitle(m string) string {
	switch {
	case m == MetricRequestRate:
		return "Request rate"
	case m == MetricMaxRequestRate:
		return "Peak request rate"
	case m == MetricErrorRate:
		return "Error rate"
	case m == MetricLatencyAvg:
		return "Average latency"
	case strings.HasPrefix(m, latencyPrefix):
		return "p" + strings.TrimPrefix(m, latencyPrefix) + " latency"
	}
	return m + " utilisation"
}

// formatValue writes a metric's value with its unit: 12.5 req/s, 1.2 %,
// 94.4 ms.
func formatValue(m string, v float64) string {
	switch {
	case m == MetricRequestRate || m == MetricMaxRequestRate:
		return trimFloat(round(v, 4)) + " req/s"
	case m == MetricLatencyAvg || strings.HasPrefix(m, latencyPrefix):
		return trimFloat(round(v*1000, 4)) + " ms"
	}
	return percentText(v)
}

func percentText(v float64) string { return trimFloat(round(v*100, 4)) + "%" }

// round keeps digits significant digits.
func round(v float64, digits int) float64 {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	scale := math.Pow(10, float64(digits-1)-math.Floor(math.Log10(math.Abs(v))))
	return math.Round(v*scale) / scale
}

func trimFloat(v float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.6f", v), "0"), ".")
}
