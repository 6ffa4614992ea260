package metrics

import (
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/envparity/terraform-provider-parity/internal/rulesfile"
)

// Rules is a metrics rules file: what to query (with the names
// parity_divergence_alert uses) and how to compare, with per-metric
// overrides.
//
//	tolerance         = 0.2
//	ratio             = 0.5
//	request_metric    = "http_requests_total"
//	latency_histogram = "http_request_duration_seconds"
//	group_by          = ["service", "endpoint"]
//	staging_selector    = "environment=\"staging\""
//	production_selector = "environment=\"production\""
//
//	saturation "cpu" {
//	  metric   = "service:cpu_utilisation:ratio"
//	  group_by = ["service"]
//	}
//
//	metric "latency_p99" { tolerance = 0.3 }
//	metric "error_rate" {
//	  min_difference = 0.002
//	}
type Rules struct {
	Tolerance          *float64  `hcl:"tolerance,optional"`
	Ratio              *float64  `hcl:"ratio,optional"`
	MinRequestRate     *float64  `hcl:"min_request_rate,optional"`
	RequestMetric      *string   `hcl:"request_metric,optional"`
	ErrorLabel         *string   `hcl:"error_label,optional"`
	ErrorRegex         *string   `hcl:"error_regex,optional"`
	LatencyHistogram   *string   `hcl:"latency_histogram,optional"`
	Quantiles          []float64 `hcl:"quantiles,optional"`
	GroupBy            []string  `hcl:"group_by,optional"`
	RateWindow         *string   `hcl:"rate_window,optional"`
	StagingSelector    *string   `hcl:"staging_selector,optional"`
	ProductionSelector *string   `hcl:"production_selector,optional"`

	Saturation []SaturationRule `hcl:"saturation,block"`
	Metrics    []MetricRule     `hcl:"metric,block"`
}

// SaturationRule is a saturation block.
type SaturationRule struct {
	Resource    string    `hcl:"resource,label"`
	Metric      string    `hcl:"metric"`
	Aggregation *string   `hcl:"aggregation,optional"`
	GroupBy     []string  `hcl:"group_by,optional"`
	Range       hcl.Range `hcl:",def_range"`
}

// MetricRule is a metric block: per-metric overrides.
type MetricRule struct {
	Name          string    `hcl:"name,label"`
	Tolerance     *float64  `hcl:"tolerance,optional"`
	MinDifference *float64  `hcl:"min_difference,optional"`
	Ignore        *bool     `hcl:"ignore,optional"`
	Reason        *string   `hcl:"reason,optional"`
	Range         hcl.Range `hcl:",def_range"`
}

var (
	resourceNameRe = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	latencyNameRe  = regexp.MustCompile(`^latency_p[0-9]{2,}$`)
)

// LoadRules reads a metrics rules file. Errors name file:line:col.
func LoadRules(path string) (*Rules, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot read rules file: %v", path, unwrapPath(err))
	}
	return ParseRules(src, path)
}

// ParseRules parses rules file source.
func ParseRules(src []byte, filename string) (*Rules, error) {
	file, diags := hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, rulesfile.DiagnosticsError(diags)
	}
	var r Rules
	if diags := gohcl.DecodeBody(file.Body, nil, &r); diags.HasErrors() {
		return nil, rulesfile.DiagnosticsError(diags)
	}
	var problems hcl.Diagnostics
	bad := func(rng hcl.Range, summary, detail string) {
		problems = append(problems, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: rng.Ptr()})
	}
	attrRange := func(name string) hcl.Range {
		if body, ok := file.Body.(*hclsyntax.Body); ok {
			if a, ok := body.Attributes[name]; ok {
				return a.SrcRange
			}
		}
		return hcl.Range{Filename: filename, Start: hcl.InitialPos, End: hcl.InitialPos}
	}
	if r.Tolerance != nil && *r.Tolerance <= 0 {
		bad(attrRange("tolerance"), "Invalid tolerance", fmt.Sprintf("tolerance must be greater than 0, got %g.", *r.Tolerance))
	}
	if r.Ratio != nil && *r.Ratio <= 0 {
		bad(attrRange("ratio"), "Invalid ratio", fmt.Sprintf("ratio must be greater than 0, got %g.", *r.Ratio))
	}
	if r.MinRequestRate != nil && *r.MinRequestRate < 0 {
		bad(attrRange("min_request_rate"), "Invalid min_request_rate", fmt.Sprintf("min_request_rate must be 0 or more, got %g.", *r.MinRequestRate))
	}
	for _, name := range []string{"staging_selector", "production_selector"} {
		v := r.StagingSelector
		if name == "production_selector" {
			v = r.ProductionSelector
		}
		if v != nil {
			if err := CheckSelector(*v); err != nil {
				bad(attrRange(name), "Invalid "+name, err.Error()+".")
			}
		}
	}
	resources := map[string]bool{}
	for _, s := range r.Saturation {
		if !resourceNameRe.MatchString(s.Resource) {
			bad(s.Range, "Invalid saturation resource", fmt.Sprintf("%q is not a resource name: use lower-case letters, digits and '_', as in cpu or memory.", s.Resource))
		}
		if resources[s.Resource] {
			bad(s.Range, "Duplicate saturation resource", fmt.Sprintf("saturation %q is declared twice.", s.Resource))
		}
		resources[s.Resource] = true
	}
	seen := map[string]bool{}
	for _, m := range r.Metrics {
		known := m.Name == MetricRequestRate || m.Name == MetricMaxRequestRate || m.Name == MetricErrorRate ||
			m.Name == MetricLatencyAvg || latencyNameRe.MatchString(m.Name) || resources[m.Name] || m.Name == "cpu" || m.Name == "memory"
		if !known {
			bad(m.Range, "Unknown metric", fmt.Sprintf("%q is not a metric parity metrics compares: use %s, latency_pNN (latency_p95) or a saturation resource.",
				m.Name, strings.Join([]string{MetricRequestRate, MetricMaxRequestRate, MetricErrorRate, MetricLatencyAvg}, ", ")))
		}
		if seen[m.Name] {
			bad(m.Range, "Duplicate metric block", fmt.Sprintf("metric %q has two blocks; merge them.", m.Name))
		}
		seen[m.Name] = true
		if m.Tolerance != nil && *m.Tolerance <= 0 {
			bad(m.Range, "Invalid tolerance", fmt.Sprintf("metric %q: tolerance must be greater than 0, got %g.", m.Name, *m.Tolerance))
		}
		if m.MinDifference != nil && *m.MinDifference < 0 {
			bad(m.Range, "Invalid min_difference", fmt.Sprintf("metric %q: min_difference must be 0 or more, got %g.", m.Name, *m.MinDifference))
		}
		if m.Ignore != nil && *m.Ignore && (m.Reason == nil || strings.TrimSpace(*m.Reason) == "") {
			bad(m.Range, "Ignore Without Reason", fmt.Sprintf("metric %q is ignored without a reason: add reason = \"why it may differ\".", m.Name))
		}
	}
	if problems.HasErrors() {
		return nil, rulesfile.DiagnosticsError(problems)
	}
	return &r, nil
}

// Overrides returns the metric blocks as comparison overrides.
func (r *Rules) Overrides() map[string]Override {
	out := map[string]Override{}
	for _, m := range r.Metrics {
		o := Override{Tolerance: m.Tolerance, MinDifference: m.MinDifference}
		if m.Ignore != nil {
			o.Ignore = *m.Ignore
		}
		if m.Reason != nil {
			o.Reason = *m.Reason
		}
		out[m.Name] = o
	}
	return out
}
