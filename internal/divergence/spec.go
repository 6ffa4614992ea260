// Package divergence renders Prometheus alerting rules that fire when staging
// stops behaving like production: error rates, latency quantiles and
// saturation (CPU, memory) compared per group of series, guarded against
// division by zero and low traffic. Every rendered rule group is checked with
// Prometheus's own rule and PromQL parsers before it is returned, so a
// declaration that Prometheus would refuse never renders.
//
// It imports nothing from Terraform so that the CLI, the provider and tests
// share it.
package divergence

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/prometheus/common/model"
)

// Defaults of a Spec.
const (
	DefaultEnvironmentLabel = "environment"
	DefaultStaging          = "staging"
	DefaultProduction       = "production"
	DefaultRateWindow       = "5m"
	DefaultFor              = "10m"
	DefaultSeverity         = "warning"
	DefaultErrorLabel       = "code"
	DefaultErrorRegex       = "5.."
	DefaultMaxDifference    = 0.01
	DefaultTolerance        = 0.2
	DefaultSatTolerance     = 0.5
	DefaultMinRequestRate   = 0.1
)

// DefaultQuantiles are the latency quantiles compared when none are given.
var DefaultQuantiles = []float64{0.5, 0.95, 0.99}

// Aggregations of a saturation metric across the series of one group.
var Aggregations = []string{"avg", "max", "min"}

// Spec declares the alert rule group: which metrics and labels are in use
// and which divergences alert. Optional numbers are pointers so that unset
// (take the default) and zero differ.
type Spec struct {
	// Name names the group (parity-divergence-<name>) and prefixes every
	// alert (CheckoutApi… for checkout-api).
	Name string
	// Environment is the label that tells staging series from production
	// ones, and its two values.
	Environment Environment
	// GroupBy are the labels each comparison is made per (service,
	// endpoint); none compares the environments as a whole.
	GroupBy []string
	// Matchers are extra label equalities every series must have (job).
	Matchers map[string]string
	// Ratio is staging capacity as a share of production's, default 1.
	Ratio *float64
	// RateWindow is the range of every rate(), default 5m.
	RateWindow string
	// Interval is the group's evaluation interval; empty keeps Prometheus's.
	Interval string

	// Requests is the request counter, LatencyHistogram the base name of a
	// classic latency histogram (without _bucket).
	Requests         Requests
	LatencyHistogram string

	// Defaults for every rule.
	For        string
	Severity   string
	RunbookURL string
	Labels     map[string]string

	ErrorRate  *ErrorRateRule
	Latency    *LatencyRule
	Saturation []SaturationRule

	// Manifest names the PrometheusRule object.
	Manifest Manifest
}

// Environment is the label that tells the environments apart.
type Environment struct {
	Label, Staging, Production string
}

// Requests is the request counter and how its errors are recognised.
type Requests struct {
	Metric     string
	ErrorLabel string // default code
	ErrorRegex string // default 5..
}

// Rule is what every alert rule may override.
type Rule struct {
	For        string
	Severity   string
	RunbookURL string
}

// ErrorRateRule alerts when the share of failed requests of staging and
// production differ by more than MaxDifference (absolute, 0.01 = one
// percentage point), in either direction.
type ErrorRateRule struct {
	Rule
	MaxDifference  *float64
	MinRequestRate *float64
}

// LatencyRule alerts, per quantile, when staging's latency differs from
// production's by more than Tolerance relative to production.
type LatencyRule struct {
	Rule
	Quantiles      []float64
	Tolerance      *float64
	MinRequestRate *float64
}

// SaturationRule alerts when a utilisation gauge (0–1) of staging differs by
// more than Tolerance from production's at comparable load: production's
// utilisation × staging's request rate ÷ (ratio × production's request
// rate). At staging traffic = ratio × production traffic on ratio ×
// production capacity both should run alike.
type SaturationRule struct {
	Rule
	Resource       string // cpu, memory, …: names the alert
	Metric         string
	Aggregation    string   // avg (default), max or min
	GroupBy        []string // nil: the spec's
	Tolerance      *float64
	MinRequestRate *float64
}

// Manifest names the Prometheus Operator PrometheusRule object.
type Manifest struct {
	Name      string // default: the group name
	Namespace string
	Labels    map[string]string
}

// Problem is one thing wrong with a Spec. Path names the field as the
// provider's attributes do: ["saturation", 0, "metric"].
type Problem struct {
	Path   []any
	Detail string
}

// PathString writes the path as Terraform does: saturation[0].metric.
func (p Problem) PathString() string {
	var b strings.Builder
	for _, s := range p.Path {
		switch s := s.(type) {
		case int:
			fmt.Fprintf(&b, "[%d]", s)
		case string:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s)
		}
	}
	return b.String()
}

func (p Problem) Error() string {
	if len(p.Path) == 0 {
		return p.Detail
	}
	return p.PathString() + ": " + p.Detail
}

// ValidationError lists every problem of a Spec.
type ValidationError []Problem

func (v ValidationError) Error() string {
	msgs := make([]string, len(v))
	for i, p := range v {
		msgs[i] = p.Error()
	}
	return strings.Join(msgs, "; ")
}

var nameRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]*$`)

// resolved is a Spec with every default filled in, ready to render.
type resolved struct {
	Spec
	ratio float64
}

// resolve checks s and fills its defaults. It reports every problem at
// once.
func resolve(s Spec) (resolved, error) {
	var probs ValidationError
	add := func(detail string, path ...any) { probs = append(probs, Problem{Path: path, Detail: detail}) }

	r := resolved{Spec: s}
	if !nameRe.MatchString(s.Name) {
		add(fmt.Sprintf("%q is not a valid name: use a letter followed by letters, digits, '_' or '-', as in checkout-api", s.Name), "name")
	}
	env := &r.Environment
	env.Label = orDefault(env.Label, DefaultEnvironmentLabel)
	env.Staging = orDefault(env.Staging, DefaultStaging)
	env.Production = orDefault(env.Production, DefaultProduction)
	checkLabelName(env.Label, add, "environment_label")
	checkLabelValue(env.Staging, add, "staging_environment")
	checkLabelValue(env.Production, add, "production_environment")
	if env.Staging == env.Production {
		add(fmt.Sprintf("staging and production are both %q: the label cannot tell the environments apart", env.Staging), "production_environment")
	}
	reserved := map[string]string{env.Label: "the environment label", "le": "the histogram bucket label", "__name__": "the metric name"}
	checkGroupBy := func(labels []string, path ...any) {
		seen := map[string]bool{}
		for i, l := range labels {
			p := append(slices.Clone(path), i)
			if !checkLabelName(l, add, p...) {
				continue
			}
			if why, ok := reserved[l]; ok {
				add(fmt.Sprintf("%q is %s and cannot be a grouping label", l, why), p...)
			}
			if seen[l] {
				add(fmt.Sprintf("%q is listed twice", l), p...)
			}
			seen[l] = true
		}
	}
	checkGroupBy(s.GroupBy, "group_by")
	for _, k := range sortedKeys(s.Matchers) {
		if checkLabelName(k, add, "match_labels") {
			if _, ok := reserved[k]; ok {
				add(fmt.Sprintf("%q cannot be matched here: it is %s", k, reserved[k]), "match_labels")
			}
		}
		checkLabelValue(s.Matchers[k], add, "match_labels")
	}
	if s.Ratio != nil {
		r.ratio = *s.Ratio
		if r.ratio <= 0 {
			add(fmt.Sprintf("ratio must be greater than 0, got %g", r.ratio), "ratio")
		}
	} else {
		r.ratio = 1
	}
	r.RateWindow = orDefault(s.RateWindow, DefaultRateWindow)
	checkDuration(r.RateWindow, false, add, "rate_window")
	if s.Interval != "" {
		checkDuration(s.Interval, false, add, "evaluation_interval")
	}
	r.For = orDefault(s.For, DefaultFor)
	checkDuration(r.For, true, add, "for")
	r.Severity = orDefault(s.Severity, DefaultSeverity)
	checkLabelValue(r.Severity, add, "severity")
	for _, k := range sortedKeys(s.Labels) {
		if checkLabelName(k, add, "labels") {
			if k == "severity" || k == "alertname" || k == "parity_rule" {
				add(fmt.Sprintf("label %q is set by the rule itself; use the severity attribute for severity", k), "labels")
			}
		}
		checkLabelValue(s.Labels[k], add, "labels")
	}

	req := &r.Requests
	req.ErrorLabel = orDefault(req.ErrorLabel, DefaultErrorLabel)
	req.ErrorRegex = orDefault(req.ErrorRegex, DefaultErrorRegex)
	needRequests := s.ErrorRate != nil || len(s.Saturation) > 0
	if req.Metric == "" {
		if needRequests {
			add("the request counter is required by the error_rate and saturation rules", "request_metric")
		}
	} else {
		checkMetricName(req.Metric, add, "request_metric")
	}
	checkLabelName(req.ErrorLabel, add, "error_label")
	if _, ok := reserved[req.ErrorLabel]; ok {
		add(fmt.Sprintf("%q is %s and cannot tell errors apart", req.ErrorLabel, reserved[req.ErrorLabel]), "error_label")
	}
	if _, err := regexp.Compile("^(?:" + req.ErrorRegex + ")$"); err != nil {
		add(fmt.Sprintf("%q is not a valid regular expression: %v", req.ErrorRegex, err), "error_regex")
	}
	r.LatencyHistogram = strings.TrimSuffix(s.LatencyHistogram, "_bucket")
	if r.LatencyHistogram != "" {
		checkMetricName(r.LatencyHistogram, add, "latency_histogram")
	}

	checkRule := func(rule *Rule, path ...any) {
		if rule.For != "" {
			checkDuration(rule.For, true, add, append(slices.Clone(path), "for")...)
		}
		if rule.Severity != "" {
			checkLabelValue(rule.Severity, add, append(slices.Clone(path), "severity")...)
		}
	}
	checkMinRate := func(v **float64, path ...any) {
		if *v == nil {
			d := DefaultMinRequestRate
			*v = &d
		} else if **v < 0 {
			add(fmt.Sprintf("must be 0 or more requests per second, got %g", **v), append(slices.Clone(path), "min_request_rate")...)
		}
	}
	checkPositive := func(v **float64, def float64, name string, path ...any) {
		if *v == nil {
			*v = &def
		} else if **v <= 0 {
			add(fmt.Sprintf("must be greater than 0, got %g", **v), append(slices.Clone(path), name)...)
		}
	}
	rules := 0
	if s.ErrorRate != nil {
		rules++
		e := *s.ErrorRate
		checkRule(&e.Rule, "error_rate")
		checkMinRate(&e.MinRequestRate, "error_rate")
		checkPositive(&e.MaxDifference, DefaultMaxDifference, "max_difference", "error_rate")
		if *e.MaxDifference >= 1 {
			add(fmt.Sprintf("an error rate is a share between 0 and 1, so a difference of %g can never be reached", *e.MaxDifference), "error_rate", "max_difference")
		}
		r.ErrorRate = &e
	}
	if s.Latency != nil {
		rules++
		l := *s.Latency
		checkRule(&l.Rule, "latency")
		checkMinRate(&l.MinRequestRate, "latency")
		checkPositive(&l.Tolerance, DefaultTolerance, "tolerance", "latency")
		if r.LatencyHistogram == "" {
			add("the latency rule needs the latency histogram's name", "latency_histogram")
		}
		if len(l.Quantiles) == 0 {
			l.Quantiles = DefaultQuantiles
		}
		seen := map[string]bool{}
		for i, q := range l.Quantiles {
			if q <= 0 || q >= 1 {
				add(fmt.Sprintf("a quantile is between 0 and 1 (exclusive), as 0.95; got %g", q), "latency", "quantiles", i)
				continue
			}
			name := quantileName(q)
			if seen[name] {
				add(fmt.Sprintf("%g is listed twice (alert %s)", q, name), "latency", "quantiles", i)
			}
			seen[name] = true
		}
		r.Latency = &l
	}
	r.Saturation = nil
	resources := map[string]bool{}
	for i, sat := range s.Saturation {
		rules++
		path := []any{"saturation", i}
		sat.GroupBy = slices.Clone(sat.GroupBy)
		checkRule(&sat.Rule, path...)
		checkMinRate(&sat.MinRequestRate, path...)
		checkPositive(&sat.Tolerance, DefaultSatTolerance, "tolerance", path...)
		if !resourceRe.MatchString(sat.Resource) {
			add(fmt.Sprintf("%q is not a valid resource name: use lower-case letters, digits and '_', as in cpu or memory", sat.Resource), append(path, "resource")...)
		} else if resources[sat.Resource] {
			add(fmt.Sprintf("%q is declared twice: alert names would repeat", sat.Resource), append(path, "resource")...)
		}
		resources[sat.Resource] = true
		checkMetricName(sat.Metric, add, append(path, "metric")...)
		sat.Aggregation = orDefault(sat.Aggregation, "avg")
		if !slices.Contains(Aggregations, sat.Aggregation) {
			add(fmt.Sprintf("%q is not one of %s", sat.Aggregation, strings.Join(Aggregations, ", ")), append(path, "aggregation")...)
		}
		if sat.GroupBy == nil {
			sat.GroupBy = r.GroupBy
		} else {
			checkGroupBy(sat.GroupBy, append(path, "group_by")...)
		}
		r.Saturation = append(r.Saturation, sat)
	}
	if rules == 0 && len(probs) == 0 {
		add("declare at least one of error_rate, latency or saturation: without a rule there is nothing to alert on")
	}
	if r.Manifest.Name == "" {
		r.Manifest.Name = strings.ToLower(strings.ReplaceAll(groupName(r.Name), "_", "-"))
	} else if !dnsNameRe.MatchString(r.Manifest.Name) || len(r.Manifest.Name) > 253 {
		add(fmt.Sprintf("%q is not a Kubernetes object name: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit", r.Manifest.Name), "manifest_name")
	}
	if r.Manifest.Namespace != "" && (!dnsLabelRe.MatchString(r.Manifest.Namespace) || len(r.Manifest.Namespace) > 63) {
		add(fmt.Sprintf("%q is not a Kubernetes namespace: at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit", r.Manifest.Namespace), "manifest_namespace")
	}
	for _, k := range sortedKeys(r.Manifest.Labels) {
		if !k8sLabelKeyRe.MatchString(k) {
			add(fmt.Sprintf("%q is not a Kubernetes label key", k), "manifest_labels")
		}
		if v := r.Manifest.Labels[k]; v != "" && !k8sLabelValueRe.MatchString(v) {
			add(fmt.Sprintf("the value %q of %q is not a Kubernetes label value: at most 63 letters, digits, '-', '_' and '.'", v, k), "manifest_labels")
		}
	}
	if len(probs) > 0 {
		return r, probs
	}
	return r, nil
}

var (
	resourceRe      = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	dnsNameRe       = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)
	dnsLabelRe      = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)
	k8sLabelKeyRe   = regexp.MustCompile(`^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$`)
	k8sLabelValueRe = regexp.MustCompile(`^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$`)
)

// Names follow Prometheus's legacy rules (not the UTF-8 names of 3.x):
// every Prometheus 2 server, promtool and the Operator accept them.
func checkLabelName(name string, add func(string, ...any), path ...any) bool {
	if !model.LegacyValidation.IsValidLabelName(name) || strings.HasPrefix(name, "__") {
		add(fmt.Sprintf("%q is not a valid Prometheus label name: use letters, digits and '_', not starting with a digit or '__'", name), path...)
		return false
	}
	return true
}

func checkLabelValue(v string, add func(string, ...any), path ...any) {
	if !model.LabelValue(v).IsValid() || v == "" {
		add(fmt.Sprintf("%q is not a valid label value: it must be non-empty UTF-8", v), path...)
	}
}

func checkMetricName(name string, add func(string, ...any), path ...any) {
	if !model.LegacyValidation.IsValidMetricName(name) {
		add(fmt.Sprintf("%q is not a valid Prometheus metric name: use letters, digits, '_' and ':', not starting with a digit", name), path...)
	}
}

// checkDuration accepts Prometheus durations (30s, 5m, 1h30m); a rate window
// or interval must be positive, a for may be 0s.
func checkDuration(s string, zeroOK bool, add func(string, ...any), path ...any) {
	d, err := model.ParseDuration(s)
	if err != nil {
		add(fmt.Sprintf("%q is not a Prometheus duration: write it as 30s, 5m or 1h30m", s), path...)
		return
	}
	if d == 0 && !zeroOK {
		add(fmt.Sprintf("%q must be longer than 0s", s), path...)
	}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func sortedKeys(m map[string]string) []string {
	keys := slices.Collect(maps.Keys(m))
	sort.Strings(keys)
	return keys
}
