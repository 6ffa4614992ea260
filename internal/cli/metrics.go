package cli

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/common/model"

	"github.com/envparity/terraform-provider-parity/internal/divergence"
	"github.com/envparity/terraform-provider-parity/internal/metrics"
	"github.com/envparity/terraform-provider-parity/internal/report"
)

// Defaults of parity metrics.
const (
	defaultMetricsWindow    = "1h"
	defaultMetricsTolerance = 0.2
	defaultRequestMetric    = "http_requests_total"
	defaultLatencyHistogram = "http_request_duration_seconds"
	// maxMetricsPoints bounds the points per series of one query; Prometheus
	// itself refuses more than 11,000.
	maxMetricsPoints = 10000
)

// metricsFlags are parity metrics' flags.
type metricsFlags struct {
	staging, production       string
	stagingCSV, productionCSV string
	stagingSel, productionSel stringFlag
	window, step, rateWindow  string
	end                       string
	tolerance                 floatFlag
	ratio                     ratioFlag
	minRequestRate            floatFlag
	rules                     string
	requestMetric             stringFlag
	latencyHistogram          stringFlag
	groupBy                   stringFlag
	formats                   stringList
	timeout                   time.Duration
	tls                       metrics.TLSOptions
}

// stringFlag remembers whether it was set, so that it overrides the rules
// file only when given.
type stringFlag struct {
	value string
	set   bool
}

func (f *stringFlag) String() string     { return f.value }
func (f *stringFlag) Set(s string) error { f.value, f.set = s, true; return nil }

// floatFlag is a number flag that remembers whether it was set.
type floatFlag struct {
	value float64
	set   bool
}

func (f *floatFlag) String() string {
	if !f.set {
		return ""
	}
	return strconv.FormatFloat(f.value, 'g', -1, 64)
}

func (f *floatFlag) Set(s string) error {
	text := strings.TrimSpace(s)
	percent := strings.HasSuffix(text, "%")
	v, err := strconv.ParseFloat(strings.TrimSuffix(text, "%"), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("%q is not a number", s)
	}
	if percent {
		v /= 100
	}
	if v < 0 {
		return fmt.Errorf("%q is negative", s)
	}
	f.value, f.set = v, true
	return nil
}

func (c *command) metrics(args []string) int {
	fs := newFlagSet("metrics")
	var f metricsFlags
	fs.StringVar(&f.staging, "staging", "", "staging Prometheus `URL`")
	fs.StringVar(&f.production, "production", "", "production Prometheus `URL`")
	fs.StringVar(&f.stagingCSV, "staging-csv", "", "staging metrics `FILE` (CSV)")
	fs.StringVar(&f.productionCSV, "production-csv", "", "production metrics `FILE` (CSV)")
	fs.Var(&f.stagingSel, "staging-selector", "PromQL label `MATCHERS` of staging series")
	fs.Var(&f.productionSel, "production-selector", "PromQL label `MATCHERS` of production series")
	fs.StringVar(&f.window, "window", defaultMetricsWindow, "time `RANGE` compared, ending at --end")
	fs.StringVar(&f.end, "end", "", "end of the window: RFC 3339 or Unix `TIME` (default now)")
	fs.StringVar(&f.step, "step", "", "query resolution `DURATION` (default window/60)")
	fs.StringVar(&f.rateWindow, "rate-window", "", "range of every rate() (default 5m)")
	fs.Var(&f.tolerance, "tolerance", "accepted relative `DIFFERENCE` (0.2 or 20%)")
	fs.Var(&f.ratio, "ratio", "staging:production capacity `RATIO` (0.5, 1/2 or 50%)")
	fs.Var(&f.minRequestRate, "min-request-rate", "requests/s below which a group is not judged")
	fs.StringVar(&f.rules, "rules", "", "metrics rules `FILE` (HCL)")
	fs.Var(&f.requestMetric, "request-metric", "request counter `NAME`")
	fs.Var(&f.latencyHistogram, "latency-histogram", "latency histogram base `NAME`")
	fs.Var(&f.groupBy, "group-by", "comma-separated `LABELS` compared per")
	fs.Var(&f.formats, "format", "report `FORMAT[=PATH]`: text, json, markdown or junit (repeatable)")
	fs.DurationVar(&f.timeout, "timeout", 30*time.Second, "bound of each query")
	fs.StringVar(&f.tls.CAFile, "ca-file", "", "CA certificates `FILE` (PEM) for HTTPS")
	fs.StringVar(&f.tls.CertFile, "client-cert", "", "client certificate `FILE` (PEM)")
	fs.StringVar(&f.tls.KeyFile, "client-key", "", "client key `FILE` (PEM)")
	fs.BoolVar(&f.tls.InsecureSkipVerify, "insecure-skip-verify", false, "do not verify server certificates")

	positional, err := parseInterspersed(fs, args)
	if err == nil && len(positional) > 0 {
		err = usagef("unexpected argument %q: sides are given with --staging/--production or --staging-csv/--production-csv", positional[0])
	}
	var outputs []outputSpec
	if err == nil {
		outputs, err = parseMetricsOutputs(f.formats)
	}
	if err == nil {
		err = f.checkSides()
	}
	if code, done := c.usageOutcome("metrics", err); done {
		return code
	}
	if err := checkOutputDirs(outputs); err != nil {
		return c.inputError(err)
	}
	plan, err := f.resolve(time.Now())
	if err != nil {
		return c.inputErrorOrUsage("metrics", err)
	}

	var stagingObs, productionObs *metrics.Observations
	meta := metrics.Meta{ToolName: "parity", ToolVersion: c.version}
	if f.stagingCSV != "" {
		meta.StagingSource, meta.ProductionSource = f.stagingCSV, f.productionCSV
		stagingObs, productionObs, err = readCSVSides(f.stagingCSV, f.productionCSV)
	} else {
		meta.StagingSource, meta.ProductionSource = metrics.RedactURL(f.staging), metrics.RedactURL(f.production)
		meta.Start, meta.End, meta.Step = plan.rng.Start, plan.rng.End, plan.rng.Step
		stagingObs, productionObs, err = c.collectSides(f, plan)
	}
	if err != nil {
		return c.inputError(err)
	}
	rep := metrics.Compare(stagingObs, productionObs, plan.options)

	writeFailed := false
	for _, out := range outputs {
		render := func(w io.Writer) error { return metrics.Render(w, string(out.format), rep, meta) }
		if out.path == "" {
			err = writeStdout(c.stdout, render)
		} else {
			err = writeFileAtomic(out.path, render)
		}
		if err != nil {
			fmt.Fprintf(c.stderr, "parity: %v\n", err)
			writeFailed = true
		}
	}
	if writeFailed {
		return exitError
	}
	if rep.Divergent() {
		return exitDrift
	}
	return exitOK
}

// parseMetricsOutputs is --format for metrics: the check formats but SARIF,
// which locates findings in source files that a measurement does not have.
func parseMetricsOutputs(values []string) ([]outputSpec, error) {
	outs, err := parseOutputs(values)
	if err != nil {
		return nil, err
	}
	for _, o := range outs {
		if o.format == report.FormatSARIF {
			return nil, usagef("--format sarif: SARIF reports findings located in source files, and a metrics comparison has none; use text, json, markdown or junit")
		}
	}
	return outs, nil
}

// checkSides requires either two Prometheus URLs or two CSV files.
func (f *metricsFlags) checkSides() error {
	urls := f.staging != "" || f.production != ""
	csvs := f.stagingCSV != "" || f.productionCSV != ""
	switch {
	case urls && csvs:
		return usagef("give either --staging and --production (Prometheus) or --staging-csv and --production-csv, not both kinds")
	case csvs:
		if f.stagingCSV == "" || f.productionCSV == "" {
			return usagef("offline mode needs both --staging-csv and --production-csv")
		}
	case urls:
		if f.staging == "" || f.production == "" {
			return usagef("give both --staging and --production Prometheus URLs")
		}
	default:
		return usagef("give --staging and --production Prometheus URLs, or --staging-csv and --production-csv")
	}
	return nil
}

// metricsPlan is everything resolved from flags and the rules file.
type metricsPlan struct {
	queries                   metrics.Queries
	stagingSel, productionSel string
	rng                       metrics.Range
	options                   metrics.Options
}

// resolve lays the flags over the rules file and the defaults.
func (f *metricsFlags) resolve(now time.Time) (*metricsPlan, error) {
	rules := &metrics.Rules{}
	if f.rules != "" {
		r, err := metrics.LoadRules(f.rules)
		if err != nil {
			return nil, err
		}
		rules = r
	}
	p := &metricsPlan{}
	pick := func(flag stringFlag, file *string, def string) string {
		switch {
		case flag.set:
			return flag.value
		case file != nil:
			return *file
		}
		return def
	}
	q := &p.queries
	q.RequestMetric = pick(f.requestMetric, rules.RequestMetric, defaultRequestMetric)
	q.LatencyHistogram = strings.TrimSuffix(pick(f.latencyHistogram, rules.LatencyHistogram, defaultLatencyHistogram), "_bucket")
	q.LatencyRequired = f.latencyHistogram.set || rules.LatencyHistogram != nil
	q.ErrorLabel = pick(stringFlag{}, rules.ErrorLabel, divergence.DefaultErrorLabel)
	q.ErrorRegex = pick(stringFlag{}, rules.ErrorRegex, divergence.DefaultErrorRegex)
	q.Quantiles = rules.Quantiles
	if len(q.Quantiles) == 0 {
		q.Quantiles = divergence.DefaultQuantiles
	}
	switch {
	case f.groupBy.set:
		q.GroupBy = splitList(f.groupBy.value)
	case rules.GroupBy != nil:
		q.GroupBy = rules.GroupBy
	default:
		q.GroupBy = []string{"endpoint"}
	}
	for _, s := range rules.Saturation {
		agg := "avg"
		if s.Aggregation != nil {
			agg = *s.Aggregation
		}
		q.Saturation = append(q.Saturation, metrics.SaturationQuery{Resource: s.Resource, Metric: s.Metric, Aggregation: agg, GroupBy: s.GroupBy})
	}
	rateWindow := f.rateWindow
	if rateWindow == "" {
		rateWindow = pick(stringFlag{}, rules.RateWindow, divergence.DefaultRateWindow)
	}
	rw, err := model.ParseDuration(rateWindow)
	if err != nil {
		return nil, usagef("--rate-window %q is not a duration such as 5m", rateWindow)
	}
	q.RateWindow = time.Duration(rw)
	if f.staging != "" {
		if err := metrics.CheckQueries(*q); err != nil {
			return nil, err
		}
	}
	p.stagingSel = pick(f.stagingSel, rules.StagingSelector, "")
	p.productionSel = pick(f.productionSel, rules.ProductionSelector, "")
	for name, sel := range map[string]string{"--staging-selector": p.stagingSel, "--production-selector": p.productionSel} {
		if err := metrics.CheckSelector(sel); err != nil {
			return nil, usagef("%s %v", name, err)
		}
	}
	if f.staging != "" && f.staging == f.production && p.stagingSel == p.productionSel {
		return nil, usagef("staging and production would query the same series: give --staging-selector and --production-selector (such as environment=\"staging\") when one Prometheus holds both")
	}

	window, err := model.ParseDuration(f.window)
	if err != nil || window <= 0 {
		return nil, usagef("--window %q is not a duration such as 1h or 30m", f.window)
	}
	end := now
	if f.end != "" {
		if end, err = parseTime(f.end); err != nil {
			return nil, usagef("--end %q: %v", f.end, err)
		}
	}
	step := time.Duration(window) / 60
	if f.step != "" {
		s, err := model.ParseDuration(f.step)
		if err != nil || s <= 0 {
			return nil, usagef("--step %q is not a duration such as 1m", f.step)
		}
		step = time.Duration(s)
	}
	step = max(step, time.Second)
	if time.Duration(window)/step > maxMetricsPoints {
		return nil, usagef("--window %s at --step %s asks for more than %d points per series: use a longer --step", f.window, step, maxMetricsPoints)
	}
	p.rng = metrics.Range{Start: end.Add(-time.Duration(window)), End: end, Step: step}

	o := &p.options
	o.Tolerance = defaultMetricsTolerance
	if rules.Tolerance != nil {
		o.Tolerance = *rules.Tolerance
	}
	if f.tolerance.set {
		o.Tolerance = f.tolerance.value
	}
	if o.Tolerance <= 0 {
		return nil, usagef("--tolerance must be greater than 0")
	}
	o.Ratio = 1
	if rules.Ratio != nil {
		o.Ratio = *rules.Ratio
	}
	if f.ratio.set {
		o.Ratio = f.ratio.value
	}
	o.MinRequestRate = divergence.DefaultMinRequestRate
	if rules.MinRequestRate != nil {
		o.MinRequestRate = *rules.MinRequestRate
	}
	if f.minRequestRate.set {
		o.MinRequestRate = f.minRequestRate.value
	}
	o.Overrides = rules.Overrides()
	return p, nil
}

// parseTime reads RFC 3339 or Unix seconds.
func parseTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsNaN(f) && !math.IsInf(f, 0) {
		sec, frac := math.Modf(f)
		return time.Unix(int64(sec), int64(frac*1e9)), nil
	}
	return time.Time{}, errors.New("not a time: write RFC 3339 (2024-05-01T12:00:00Z) or Unix seconds")
}

func splitList(s string) []string {
	out := []string{}
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// collectSides queries both Prometheus servers at once. Tokens and headers
// come from the environment, never from flags, so that they stay out of
// shell history and process lists.
func (c *command) collectSides(f metricsFlags, p *metricsPlan) (*metrics.Observations, *metrics.Observations, error) {
	client, err := metrics.HTTPClient(f.tls)
	if err != nil {
		return nil, nil, err
	}
	server := func(side, url string) (*metrics.Server, error) {
		upper := strings.ToUpper(side)
		headers, err := metrics.ParseHeaders(c.getenv("PARITY_"+upper+"_HEADERS"), "PARITY_"+upper+"_HEADERS")
		if err != nil {
			return nil, err
		}
		return &metrics.Server{Side: side, URL: url, BearerToken: c.getenv("PARITY_" + upper + "_BEARER_TOKEN"),
			Headers: headers, Client: client, Timeout: f.timeout}, nil
	}
	servers := make([]*metrics.Server, 2)
	for i, side := range []struct{ name, url string }{{"staging", f.staging}, {"production", f.production}} {
		if servers[i], err = server(side.name, side.url); err != nil {
			return nil, nil, err
		}
	}
	selectors := []string{p.stagingSel, p.productionSel}
	obs := make([]*metrics.Observations, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i := range servers {
		wg.Go(func() {
			obs[i], errs[i] = metrics.Collect(c.ctx, servers[i], selectors[i], p.queries, p.rng)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	return obs[0], obs[1], nil
}

func readCSVSides(stagingPath, productionPath string) (*metrics.Observations, *metrics.Observations, error) {
	read := func(path string) (*metrics.Observations, error) {
		file, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("%s: cannot read CSV: %v", path, unwrapPathError(err))
		}
		defer file.Close()
		return metrics.ReadCSV(path, io.LimitReader(file, 64<<20))
	}
	s, serr := read(stagingPath)
	p, perr := read(productionPath)
	if err := errors.Join(serr, perr); err != nil {
		return nil, nil, err
	}
	return s, p, nil
}

const metricsUsage = `Usage: parity metrics --staging URL --production URL [flags]
       parity metrics --staging-csv FILE --production-csv FILE [flags]
Flags: --window RANGE  --end TIME  --step DURATION  --rate-window DURATION
       --tolerance DIFF  --ratio RATIO  --min-request-rate RPS  --rules FILE
       --staging-selector MATCHERS  --production-selector MATCHERS
       --request-metric NAME  --latency-histogram NAME  --group-by LABELS
       --format FORMAT[=PATH] (repeatable)  --timeout DURATION
       --ca-file FILE  --client-cert FILE  --client-key FILE  --insecure-skip-verify
`

const metricsHelp = `Usage: parity metrics --staging URL --production URL [flags]
       parity metrics --staging-csv FILE --production-csv FILE [flags]

Compares how staging and production behave over a window: request rate,
error rate, p50/p95/p99 latency per group (endpoint by default) and, with a
rules file, CPU and memory utilisation. Exit code 0 when every comparison is
within tolerance, 1 when one diverges, 2 on a usage or input error (a server
that is down, a query Prometheus refuses, a metric with no series, a bad CSV).

How each metric compares:
  request_rate, max_request_rate   volume: staging should be production × ratio
  error_rate, latency_*            equal, relative to production (an absolute
                                   difference up to 0.1 point of error rate is
                                   always accepted; min_difference changes it)
  cpu, memory (saturation blocks)  production's utilisation at staging's load:
                                   × staging rate ÷ (ratio × production rate)
A group quieter than --min-request-rate (default 0.1 req/s) on either side is
reported as low_traffic, not judged. Groups served on one side only, metrics
with series on one side only, NaN and counter resets are reported by name.

Prometheus (both sides over query_range):
  --staging URL, --production URL
        Prometheus base URLs (http:// or https://, with any path prefix). One
        server may hold both: then tell the series apart with selectors.
  --staging-selector MATCHERS, --production-selector MATCHERS
        PromQL label matchers added to every query: environment="staging"
  --window RANGE        length compared (default 1h); 30m, 1h, 1d
  --end TIME            end of the window, RFC 3339 or Unix seconds (default now)
  --step DURATION       query resolution (default window/60)
  --rate-window DURATION
                        range of every rate() (default 5m)
  --request-metric NAME request counter (default http_requests_total); its
                        label code=~"5.." marks errors (rules file: error_label,
                        error_regex)
  --latency-histogram NAME
                        classic histogram base name (default
                        http_request_duration_seconds); quantiles come from its
                        buckets summed over the window
  --group-by LABELS     labels compared per, comma-separated (default endpoint;
                        '' compares the environments as a whole)
  --timeout DURATION    bound of each query (default 30s)
  --ca-file, --client-cert, --client-key FILE, --insecure-skip-verify
                        TLS to the servers
  Credentials come from the environment, never from flags:
    PARITY_STAGING_BEARER_TOKEN, PARITY_PRODUCTION_BEARER_TOKEN
    PARITY_STAGING_HEADERS, PARITY_PRODUCTION_HEADERS  ("Name: value" per line)

CSV (offline, for metrics that live in SQL):
  --staging-csv FILE, --production-csv FILE
        the load profile's columns endpoint, avg_rpm, max_rpm,
        avg_response_time, p95_response_time (ms), optionally method, plus
        error_rate (0.012 or 1.2%) and optionally p50_response_time,
        p99_response_time, cpu_utilisation, memory_utilisation

Comparison:
  --tolerance DIFF      accepted relative difference (default 0.2 = 20%)
  --ratio RATIO         staging capacity as a share of production's (0.5, 1/2, 50%)
  --min-request-rate RPS
  --rules FILE          HCL: tolerance, ratio, min_request_rate, request_metric,
                        error_label, error_regex, latency_histogram, quantiles,
                        group_by, rate_window, staging_selector,
                        production_selector; saturation "cpu" { metric = … };
                        metric "latency_p99" { tolerance = 0.3 } per metric
                        (tolerance, min_difference, ignore with reason).
                        Flags override the file.
  --format FORMAT[=PATH]
        text, json, markdown or junit, repeatable, each to its own file

Examples:
  # The daily job: fail when staging drifted from production in the last hour.
  parity metrics --staging https://prometheus.staging.example.com \
    --production https://prometheus.example.com --window 1h --tolerance 0.2 --ratio 0.5

  # One Prometheus with an environment label, a rules file and a JUnit report.
  parity metrics --staging http://prometheus:9090 --production http://prometheus:9090 \
    --staging-selector 'environment="staging"' --production-selector 'environment="production"' \
    --rules metrics.hcl --format text --format junit=metrics.xml

  # Offline, from SQL exports.
  parity metrics --staging-csv staging.csv --production-csv production.csv --ratio 0.5
`
