package divergence

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/prometheus/common/model"
	"github.com/prometheus/prometheus/model/rulefmt"
	"github.com/prometheus/prometheus/promql/parser"
	"go.yaml.in/yaml/v3"
)

// Result is a rendered rule group.
type Result struct {
	// GroupName is the rule group's name: parity-divergence-<name>.
	GroupName string
	// AlertNames lists the alerts in the order of the group.
	AlertNames []string
	// RulesYAML is a Prometheus rule file (groups:).
	RulesYAML string
	// ManifestYAML is a Prometheus Operator PrometheusRule with the same
	// group.
	ManifestYAML string
}

// Render checks s, renders its rule group and validates the result with
// Prometheus's rule file parser and PromQL parser. A *ValidationError lists
// problems of the declaration; any other error means Prometheus refused the
// rendering, which is a bug to report.
func Render(s Spec) (Result, error) {
	r, err := resolve(s)
	if err != nil {
		return Result{}, err
	}
	group := rulefmt.RuleGroup{Name: groupName(r.Name)}
	if r.Interval != "" {
		d, _ := model.ParseDuration(r.Interval)
		group.Interval = d
	}
	rules, comments := r.rules()
	for i, rule := range rules {
		expr, err := parser.ParseExpr(rule.Expr)
		if err != nil {
			return Result{}, fmt.Errorf("alert %s: Prometheus cannot parse the rendered expression: %w", rule.Alert, err)
		}
		if expr.Type() != parser.ValueTypeVector {
			return Result{}, fmt.Errorf("alert %s: the rendered expression is a %s, not an instant vector", rule.Alert, expr.Type())
		}
		// Prettify writes the expression as the parser understood it, in
		// Prometheus's own layout. It indents the first line of a binary
		// expression, which YAML can only keep with an indentation
		// indicator (|2-) that not every YAML reader gets right; the
		// comment line that explains the rule starts the block instead.
		rule.Expr = comments[i] + "\n" + parser.Prettify(expr)
		group.Rules = append(group.Rules, rule)
	}

	res := Result{GroupName: group.Name}
	for _, rule := range group.Rules {
		res.AlertNames = append(res.AlertNames, rule.Alert)
	}
	rulesYAML, err := marshalYAML(rulefmt.RuleGroups{Groups: []rulefmt.RuleGroup{group}})
	if err != nil {
		return Result{}, err
	}
	if err := Validate(rulesYAML); err != nil {
		return Result{}, err
	}
	res.RulesYAML = string(rulesYAML)
	manifest, err := marshalYAML(prometheusRule{
		APIVersion: "monitoring.coreos.com/v1",
		Kind:       "PrometheusRule",
		Metadata:   objectMeta{Name: r.Manifest.Name, Namespace: r.Manifest.Namespace, Labels: r.Manifest.Labels},
		Spec:       rulefmt.RuleGroups{Groups: []rulefmt.RuleGroup{group}},
	})
	if err != nil {
		return Result{}, err
	}
	res.ManifestYAML = string(manifest)
	return res, nil
}

// Validate parses a rule file as Prometheus does when it loads it (strict
// fields, legacy metric and label names so that Prometheus 2 accepts it too)
// and checks that every expression is an instant vector.
func Validate(rulesYAML []byte) error {
	groups, errs := rulefmt.Parse(rulesYAML, false, model.LegacyValidation)
	if len(errs) > 0 {
		return fmt.Errorf("Prometheus rejects the rule group: %w", errors.Join(errs...))
	}
	for _, g := range groups.Groups {
		for _, rule := range g.Rules {
			expr, err := parser.ParseExpr(rule.Expr)
			if err != nil {
				return fmt.Errorf("Prometheus rejects alert %s: %w", rule.Alert, err)
			}
			if expr.Type() != parser.ValueTypeVector {
				return fmt.Errorf("Prometheus rejects alert %s: its expression is a %s, not an instant vector", rule.Alert, expr.Type())
			}
		}
	}
	return nil
}

type prometheusRule struct {
	APIVersion string             `yaml:"apiVersion"`
	Kind       string             `yaml:"kind"`
	Metadata   objectMeta         `yaml:"metadata"`
	Spec       rulefmt.RuleGroups `yaml:"spec"`
}

type objectMeta struct {
	Name      string            `yaml:"name"`
	Namespace string            `yaml:"namespace,omitempty"`
	Labels    map[string]string `yaml:"labels,omitempty"`
}

func marshalYAML(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encode YAML: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encode YAML: %w", err)
	}
	return b.Bytes(), nil
}

// Rule identifiers: the parity_rule label of each alert.
const (
	RuleErrorRate        = "error_rate"
	ruleLatencyPrefix    = "latency_p"
	ruleSaturationPrefix = "saturation_"
)

// rules renders one alert per declared rule, in a fixed order: error rate,
// latency per quantile, saturation per resource; and for each a PromQL
// comment line that says what the expression computes.
func (r resolved) rules() (out []rulefmt.Rule, comments []string) {
	prefix := camel(r.Name)
	per := ""
	if len(r.GroupBy) > 0 {
		per = " by " + strings.Join(r.GroupBy, ", ")
	}
	if e := r.ErrorRate; e != nil {
		out = append(out, r.alert(prefix+"ErrorRateDivergence", RuleErrorRate, e.Rule, r.errorRateExpr(e),
			fmt.Sprintf("Error rate of %s differs between staging and production", r.where(r.GroupBy)),
			fmt.Sprintf("The share of failed requests (%s=~%q) of staging and production differs by "+
				"{{ $value | humanizePercentage }} (more than %s), with at least %s requests/s in each environment over %s.",
				r.Requests.ErrorLabel, r.Requests.ErrorRegex, percent(*e.MaxDifference), num(*e.MinRequestRate), r.RateWindow)))
		comments = append(comments, fmt.Sprintf("# |staging error ratio - production error ratio|%s, at least %s req/s in each environment",
			per, num(*e.MinRequestRate)))
	}
	if l := r.Latency; l != nil {
		for _, q := range l.Quantiles {
			qn := quantileName(q)
			out = append(out, r.alert(prefix+"Latency"+strings.ToUpper(qn)+"Divergence", ruleLatencyPrefix+qn[1:], l.Rule, r.latencyExpr(l, q),
				fmt.Sprintf("%s latency of %s differs between staging and production", qn, r.where(r.GroupBy)),
				fmt.Sprintf("Staging's %s latency (%s) differs from production's by {{ $value | humanizePercentage }} "+
					"of production's (more than %s), with at least %s requests/s in each environment over %s.",
					qn, r.LatencyHistogram, percent(*l.Tolerance), num(*l.MinRequestRate), r.RateWindow)))
			comments = append(comments, fmt.Sprintf("# |staging %s - production %s| / production %s%s, at least %s req/s in each environment",
				qn, qn, qn, per, num(*l.MinRequestRate)))
		}
	}
	for _, s := range r.Saturation {
		load := "production's utilisation × staging's request rate ÷ production's request rate"
		if r.ratio != 1 {
			load += " ÷ " + num(r.ratio)
		}
		out = append(out, r.alert(prefix+resourceName(s.Resource)+"SaturationDivergence", ruleSaturationPrefix+s.Resource, s.Rule, r.saturationExpr(s),
			fmt.Sprintf("%s utilisation of %s differs between staging and production at comparable load", s.Resource, r.where(s.GroupBy)),
			fmt.Sprintf("Staging's %s utilisation (%s) differs by {{ $value | humanizePercentage }} from what production's "+
				"predicts at staging's load (%s; more than %s), with at least %s requests/s in each environment.",
				s.Resource, s.Metric, load, percent(*s.Tolerance), num(*s.MinRequestRate))))
		satPer := ""
		if len(s.GroupBy) > 0 {
			satPer = " by " + strings.Join(s.GroupBy, ", ")
		}
		comments = append(comments, fmt.Sprintf("# |staging %s - expected| / expected%s, expected = production %s * staging req/s / (%s * production req/s)",
			s.Resource, satPer, s.Resource, num(r.ratio)))
	}
	return out, comments
}

func (r resolved) alert(name, id string, rule Rule, expr, summary, description string) rulefmt.Rule {
	forText := orDefault(rule.For, r.For)
	forDur, _ := model.ParseDuration(forText)
	labels := map[string]string{}
	for k, v := range r.Labels {
		labels[k] = v
	}
	labels["severity"] = orDefault(rule.Severity, r.Severity)
	labels["parity_rule"] = id
	annotations := map[string]string{"summary": summary, "description": description}
	if url := orDefault(rule.RunbookURL, r.RunbookURL); url != "" {
		annotations["runbook_url"] = url
	}
	return rulefmt.Rule{
		Alert:       name,
		Expr:        expr,
		For:         forDur,
		Labels:      labels,
		Annotations: annotations,
	}
}

// errorRateExpr: |errors/requests (staging) − errors/requests (production)|
// per group. A group without any error series counts 0 errors rather than
// vanishing, and the request rate in each environment must reach the
// minimum, which also keeps the division away from zero.
func (r resolved) errorRateExpr(e *ErrorRateRule) string {
	ratio := func(env string) string {
		all := r.sumRate(r.selector(r.Requests.Metric, env), r.GroupBy)
		errs := r.sumRate(r.selector(r.Requests.Metric, env, r.Requests.ErrorLabel+"=~"+strconv.Quote(r.Requests.ErrorRegex)), r.GroupBy)
		return fmt.Sprintf("((%s or 0 * %s) / (%s %s))", errs, all, all, guard(*e.MinRequestRate))
	}
	return fmt.Sprintf("abs(%s - %s) > %s", ratio(r.Environment.Staging), ratio(r.Environment.Production), num(*e.MaxDifference))
}

// latencyExpr: |q(staging) − q(production)| / q(production) per group, from
// classic histogram buckets; production's quantile must be above zero and
// both environments must observe the minimum request rate.
func (r resolved) latencyExpr(l *LatencyRule, q float64) string {
	quantile := func(env string) string {
		return fmt.Sprintf("histogram_quantile(%s, %s)", num(q),
			r.sumRate(r.selector(r.LatencyHistogram+"_bucket", env), append(append([]string{}, r.GroupBy...), "le")))
	}
	count := func(env string) string {
		return fmt.Sprintf("(%s %s)", r.sumRate(r.selector(r.LatencyHistogram+"_count", env), r.GroupBy), guard(*l.MinRequestRate))
	}
	s, p := quantile(r.Environment.Staging), quantile(r.Environment.Production)
	return fmt.Sprintf("(abs(%s - %s) / (%s > 0) > %s) and %s and %s", s, p, p, num(*l.Tolerance),
		count(r.Environment.Staging), count(r.Environment.Production))
}

// saturationExpr: |u(staging) − expected| / expected per group, where
// expected = u(production) × rate(staging) / (ratio × rate(production)):
// production's utilisation carried over to staging's load on staging's
// capacity.
func (r resolved) saturationExpr(s SaturationRule) string {
	util := func(env string) string {
		return fmt.Sprintf("%s %s(%s)", s.Aggregation, by(s.GroupBy), r.selector(s.Metric, env))
	}
	rate := func(env string) string {
		return fmt.Sprintf("(%s %s)", r.sumRate(r.selector(r.Requests.Metric, env), s.GroupBy), guard(*s.MinRequestRate))
	}
	expected := fmt.Sprintf("%s * %s / %s", util(r.Environment.Production), rate(r.Environment.Staging), rate(r.Environment.Production))
	if r.ratio != 1 {
		expected += " / " + num(r.ratio)
	}
	return fmt.Sprintf("abs(%s - (%s)) / (%s > 0) > %s", util(r.Environment.Staging), expected, expected, num(*s.Tolerance))
}

// selector writes metric{env="…", matchers…, extra…}.
func (r resolved) selector(metric, env string, extra ...string) string {
	m := []string{r.Environment.Label + "=" + strconv.Quote(env)}
	for _, k := range sortedKeys(r.Matchers) {
		m = append(m, k+"="+strconv.Quote(r.Matchers[k]))
	}
	m = append(m, extra...)
	return metric + "{" + strings.Join(m, ", ") + "}"
}

func (r resolved) sumRate(selector string, labels []string) string {
	return fmt.Sprintf("sum %s(rate(%s[%s]))", by(labels), selector, r.RateWindow)
}

// where names the group in an annotation: "service={{ $labels.service }}".
func (r resolved) where(labels []string) string {
	if len(labels) == 0 {
		return "the environments"
	}
	parts := make([]string, len(labels))
	for i, l := range labels {
		parts[i] = l + "={{ $labels." + l + " }}"
	}
	return strings.Join(parts, " ")
}

func by(labels []string) string {
	if len(labels) == 0 {
		return ""
	}
	return "by (" + strings.Join(labels, ", ") + ") "
}

// guard keeps a request rate that reaches the minimum; with no minimum it
// still drops zero, which a division cannot take.
func guard(min float64) string {
	if min > 0 {
		return ">= " + num(min)
	}
	return "> 0"
}

func num(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func percent(f float64) string { return num(f*100) + "%" }

func groupName(name string) string { return "parity-divergence-" + name }

// quantileName is p50, p95, p99, p999 for 0.5, 0.95, 0.99, 0.999.
func quantileName(q float64) string {
	digits := strings.TrimPrefix(strconv.FormatFloat(q, 'f', -1, 64), "0.")
	for len(digits) < 2 {
		digits += "0"
	}
	return "p" + digits
}

// camel turns checkout-api or checkout_api into CheckoutApi.
func camel(name string) string {
	var b strings.Builder
	upper := true
	for _, c := range name {
		if c == '-' || c == '_' {
			upper = true
			continue
		}
		if upper {
			c = unicode.ToUpper(c)
			upper = false
		}
		b.WriteRune(c)
	}
	return b.String()
}

func resourceName(resource string) string {
	if resource == "cpu" {
		return "CPU"
	}
	return camel(resource)
}
