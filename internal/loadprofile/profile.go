// Package loadprofile turns production traffic metrics into a
// production-shaped k6 load test: the profile model, its validation, the
// CSV reader for production patterns, VU sizing and the k6 script renderer.
// It imports nothing from Terraform so that a CLI or a test can use it alone.
package loadprofile

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Profile is a load profile as the user declares it. Optional numbers are
// pointers so that "unset" (take the default) and an explicit value differ;
// durations are strings in k6/Go syntax ("30s", "5m", "1h30m").
type Profile struct {
	// BaseURL is the staging URL every endpoint path is appended to.
	BaseURL string
	// Ratio is staging capacity as a share of production; it scales every rate.
	Ratio *float64
	// Duration is the length of the main phase (endpoints, burst, sustained
	// connections); incident scenarios run after it.
	Duration string

	// Endpoints and ProductionPatternsCSV are alternatives: exactly one is set.
	Endpoints             []Endpoint
	ProductionPatternsCSV string

	Burst                *Burst
	SustainedConnections *SustainedConnections
	ThinkTime            *ThinkTime
	IncidentScenarios    []IncidentScenario
	Thresholds           *Thresholds
}

// Endpoint is one endpoint's production traffic.
type Endpoint struct {
	Method  string // defaults to GET
	Path    string // starts with "/", may carry a query string
	AvgRPM  float64
	MaxRPM  *float64 // defaults to AvgRPM
	P95Ms   float64
	AvgMs   *float64 // sizes pre-allocated VUs when known
	Body    string
	Headers map[string]string
	Weight  *float64 // multiplies this endpoint's rates, default 1
}

// Burst shapes every endpoint's arrival rate as normal, spike, normal,
// higher spike, sustained. Normal and sustained levels are multiples of the
// average rate, spikes multiples of the maximum rate.
type Burst struct {
	NormalMultiplier      *float64 // × average, default 1
	SpikeMultiplier       *float64 // × maximum, default 1
	HigherSpikeMultiplier *float64 // × maximum, default 1.5
	SustainedMultiplier   *float64 // × average, default 1.5
	RampDuration          string   // default "30s"
	SpikeDuration         string   // default "1m"
}

// SustainedConnections are constant VUs that send a request and then hold
// their kept-alive connection idle for Hold, for the whole main phase.
type SustainedConnections struct {
	VUs  int64
	Hold string // default "30s"
	Path string // one of the endpoints' paths, default the first endpoint
}

// ThinkTime is the pause after each request, uniformly random in seconds.
type ThinkTime struct {
	Min float64
	Max float64
}

// Incident scenario types.
const (
	IncidentConnectionPoolExhaustion = "connection_pool_exhaustion"
	IncidentEndurance                = "endurance"
)

// IncidentScenario is a scenario run after the main phase, one after another
// in the order declared.
type IncidentScenario struct {
	Type     string
	Duration string
	// PoolSize and OverflowFactor are for connection_pool_exhaustion: that
	// many times PoolSize VUs send requests without think time.
	PoolSize       int64
	OverflowFactor *float64 // default 1.5
	// Multiplier is for endurance: every endpoint at average × Multiplier.
	Multiplier *float64 // default 1
	// Path selects the endpoint of connection_pool_exhaustion, default the first.
	Path string
}

// Thresholds are the pass/fail criteria of the test.
type Thresholds struct {
	P95Factor   *float64 // staging p95 must stay below production p95 × factor, default 1.5
	ErrorRate   *float64 // http_req_failed must stay below, default 0.01
	AbortOnFail bool
}

// Defaults applied where a Profile leaves a value unset.
const (
	DefaultRatio                 = 1.0
	DefaultMethod                = "GET"
	DefaultWeight                = 1.0
	DefaultNormalMultiplier      = 1.0
	DefaultSpikeMultiplier       = 1.0
	DefaultHigherSpikeMultiplier = 1.5
	DefaultSustainedMultiplier   = 1.5
	DefaultRampDuration          = 30 * time.Second
	DefaultSpikeDuration         = time.Minute
	DefaultHold                  = 30 * time.Second
	DefaultOverflowFactor        = 1.5
	DefaultEnduranceMultiplier   = 1.0
	DefaultP95Factor             = 1.5
	DefaultErrorRate             = 0.01
)

// Methods lists the HTTP methods an endpoint may use.
var Methods = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}

// FieldError is a problem with one input. Path holds attribute names and
// list indexes, e.g. {"endpoint", 2, "max_rpm"}, so that callers can point at
// the attribute; Detail is a sentence without the path.
type FieldError struct {
	Path   []any
	Detail string
}

func (e *FieldError) Error() string {
	return e.PathString() + ": " + e.Detail
}

// PathString renders the path as endpoint[2].max_rpm.
func (e *FieldError) PathString() string {
	var b strings.Builder
	for _, step := range e.Path {
		switch s := step.(type) {
		case int:
			fmt.Fprintf(&b, "[%d]", s)
		default:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			fmt.Fprint(&b, s)
		}
	}
	return b.String()
}

// ValidationError collects every problem of a profile, so that a user fixes
// them in one round.
type ValidationError []*FieldError

func (v ValidationError) Error() string {
	msgs := make([]string, len(v))
	for i, e := range v {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

// problems accumulates FieldErrors.
type problems []*FieldError

func (p *problems) add(detail string, path ...any) {
	*p = append(*p, &FieldError{Path: path, Detail: detail})
}

func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	return ValidationError(p)
}

// resolved is a validated Profile with defaults applied and durations parsed;
// the renderer works from it only.
type resolved struct {
	baseURL     string
	ratio       float64
	duration    time.Duration
	endpoints   []resolvedEndpoint
	burst       *resolvedBurst
	sustained   *resolvedSustained
	think       ThinkTime
	incidents   []resolvedIncident
	p95Factor   float64
	errorRate   float64
	abortOnFail bool
}

type resolvedEndpoint struct {
	method, path string
	avgRPM       float64
	maxRPM       float64
	p95Ms        float64
	avgMs        float64
	body         string
	headers      map[string]string
	weight       float64
}

type resolvedBurst struct {
	normal, spike, higherSpike, sustained float64
	ramp, spikeFor                        time.Duration
}

type resolvedSustained struct {
	vus      int64
	hold     time.Duration
	endpoint int
}

type resolvedIncident struct {
	kind           string
	duration       time.Duration
	poolSize       int64
	overflowFactor float64
	multiplier     float64
	endpoint       int
}

// resolve validates p and applies defaults. Its error is a ValidationError.
func (p Profile) resolve() (*resolved, error) {
	var probs problems
	r := &resolved{
		ratio:       positiveOr(&probs, p.Ratio, DefaultRatio, "ratio"),
		abortOnFail: p.Thresholds != nil && p.Thresholds.AbortOnFail,
	}

	r.baseURL = resolveBaseURL(&probs, p.BaseURL)
	r.duration = parseDurationField(&probs, p.Duration, 0, "duration")

	switch {
	case len(p.Endpoints) > 0 && p.ProductionPatternsCSV != "":
		probs.add("set either endpoint blocks or production_patterns_csv, not both", "production_patterns_csv")
	case p.ProductionPatternsCSV != "":
		endpoints, err := ParseProductionPatterns(p.ProductionPatternsCSV)
		if err != nil {
			probs.add(err.Error(), "production_patterns_csv")
		}
		for _, e := range endpoints {
			re, _ := resolveEndpoint(e) // ParseProductionPatterns reported its problems by line
			r.endpoints = append(r.endpoints, re)
		}
	case len(p.Endpoints) > 0:
		for i, e := range p.Endpoints {
			re, fieldErrs := resolveEndpoint(e)
			for _, fe := range fieldErrs {
				probs.add(fe.detail, "endpoint", i, fe.field)
			}
			r.endpoints = append(r.endpoints, re)
		}
	default:
		probs.add("declare at least one endpoint block or production_patterns_csv", "endpoint")
	}

	if t := p.ThinkTime; t != nil {
		switch {
		case t.Min < 0:
			probs.add(fmt.Sprintf("must not be negative, got %g", t.Min), "think_time", "min")
		case t.Max < t.Min:
			probs.add(fmt.Sprintf("must be at least min (%g), got %g", t.Min, t.Max), "think_time", "max")
		}
		r.think = *t
	}

	if b := p.Burst; b != nil {
		rb := &resolvedBurst{
			normal:      positiveOr(&probs, b.NormalMultiplier, DefaultNormalMultiplier, "burst", "normal_multiplier"),
			spike:       positiveOr(&probs, b.SpikeMultiplier, DefaultSpikeMultiplier, "burst", "spike_multiplier"),
			higherSpike: positiveOr(&probs, b.HigherSpikeMultiplier, DefaultHigherSpikeMultiplier, "burst", "higher_spike_multiplier"),
			sustained:   positiveOr(&probs, b.SustainedMultiplier, DefaultSustainedMultiplier, "burst", "sustained_multiplier"),
			ramp:        parseDurationField(&probs, b.RampDuration, DefaultRampDuration, "burst", "ramp_duration"),
			spikeFor:    parseDurationField(&probs, b.SpikeDuration, DefaultSpikeDuration, "burst", "spike_duration"),
		}
		// Three normal-length phases (two normal, one sustained) share what
		// the ramps and spikes leave of the duration; each needs a second.
		if r.duration > 0 && rb.ramp > 0 && rb.spikeFor > 0 {
			if fixed := 4*rb.ramp + 2*rb.spikeFor; r.duration < fixed+3*time.Second {
				probs.add(fmt.Sprintf("must be at least %s to fit the burst (4 ramps of %s, 2 spikes of %s and three phases of at least 1s)",
					formatDuration(fixed+3*time.Second), formatDuration(rb.ramp), formatDuration(rb.spikeFor)), "duration")
			}
		}
		r.burst = rb
	}

	if s := p.SustainedConnections; s != nil {
		rs := &resolvedSustained{
			vus:      s.VUs,
			hold:     parseDurationField(&probs, s.Hold, DefaultHold, "sustained_connections", "hold"),
			endpoint: endpointIndex(&probs, r.endpoints, s.Path, "sustained_connections", "path"),
		}
		if s.VUs < 1 {
			probs.add(fmt.Sprintf("must be at least 1, got %d", s.VUs), "sustained_connections", "vus")
		}
		r.sustained = rs
	}

	for i, in := range p.IncidentScenarios {
		ri := resolvedIncident{
			kind:     in.Type,
			duration: parseDurationField(&probs, in.Duration, 0, "incident_scenario", i, "duration"),
		}
		switch in.Type {
		case IncidentConnectionPoolExhaustion:
			ri.poolSize = in.PoolSize
			if in.PoolSize < 1 {
				probs.add(fmt.Sprintf("must be at least 1 for %s, got %d", in.Type, in.PoolSize), "incident_scenario", i, "pool_size")
			}
			ri.overflowFactor = positiveOr(&probs, in.OverflowFactor, DefaultOverflowFactor, "incident_scenario", i, "overflow_factor")
			if ri.overflowFactor > 0 && ri.overflowFactor <= 1 {
				probs.add(fmt.Sprintf("must be greater than 1 so that VUs exceed the pool, got %g", ri.overflowFactor), "incident_scenario", i, "overflow_factor")
			}
			ri.endpoint = endpointIndex(&probs, r.endpoints, in.Path, "incident_scenario", i, "path")
			if in.Multiplier != nil {
				probs.add("applies to endurance only; remove it", "incident_scenario", i, "multiplier")
			}
		case IncidentEndurance:
			ri.multiplier = positiveOr(&probs, in.Multiplier, DefaultEnduranceMultiplier, "incident_scenario", i, "multiplier")
			if in.PoolSize != 0 || in.OverflowFactor != nil || in.Path != "" {
				probs.add("pool_size, overflow_factor and path apply to connection_pool_exhaustion only; remove them", "incident_scenario", i, "type")
			}
		default:
			probs.add(fmt.Sprintf("must be %q or %q, got %q", IncidentConnectionPoolExhaustion, IncidentEndurance, in.Type), "incident_scenario", i, "type")
		}
		r.incidents = append(r.incidents, ri)
	}

	var th Thresholds
	if p.Thresholds != nil {
		th = *p.Thresholds
	}
	r.p95Factor = positiveOr(&probs, th.P95Factor, DefaultP95Factor, "thresholds", "p95_factor")
	r.errorRate = positiveOr(&probs, th.ErrorRate, DefaultErrorRate, "thresholds", "error_rate")
	if r.errorRate > 1 {
		probs.add(fmt.Sprintf("is a share of requests and must be at most 1, got %g", r.errorRate), "thresholds", "error_rate")
	}

	if err := probs.err(); err != nil {
		return nil, err
	}
	return r, nil
}

// endpointProblem is a problem with one endpoint field, located by the
// caller as an attribute path or as a CSV line and column.
type endpointProblem struct {
	field  string // inline attribute name
	detail string
}

// resolveEndpoint validates e and applies its defaults.
func resolveEndpoint(e Endpoint) (resolvedEndpoint, []endpointProblem) {
	var probs []endpointProblem
	add := func(field, format string, args ...any) {
		probs = append(probs, endpointProblem{field: field, detail: fmt.Sprintf(format, args...)})
	}

	r := resolvedEndpoint{
		method:  e.methodOrDefault(),
		path:    e.Path,
		avgRPM:  e.AvgRPM,
		maxRPM:  e.AvgRPM,
		p95Ms:   e.P95Ms,
		avgMs:   e.P95Ms,
		body:    e.Body,
		headers: e.Headers,
		weight:  DefaultWeight,
	}
	if !slices.Contains(Methods, r.method) {
		add("method", "must be one of %s, got %q", strings.Join(Methods, ", "), e.Method)
	}
	if !strings.HasPrefix(e.Path, "/") {
		add("path", "must start with \"/\", got %q", e.Path)
	}
	if !(e.AvgRPM > 0) {
		add("avg_rpm", "must be greater than 0, got %g", e.AvgRPM)
	}
	if e.MaxRPM != nil {
		r.maxRPM = *e.MaxRPM
		if *e.MaxRPM < e.AvgRPM {
			add("max_rpm", "must be at least avg_rpm (%g), got %g", e.AvgRPM, *e.MaxRPM)
		}
	}
	if !(e.P95Ms > 0) {
		add("p95_ms", "must be greater than 0, got %g", e.P95Ms)
	}
	if e.AvgMs != nil {
		r.avgMs = *e.AvgMs
		if *e.AvgMs < 0 || *e.AvgMs > e.P95Ms {
			add("avg_ms", "must be between 0 and p95_ms (%g), got %g", e.P95Ms, *e.AvgMs)
		}
	}
	if e.Weight != nil {
		r.weight = *e.Weight
		if !(*e.Weight > 0) {
			add("weight", "must be greater than 0, got %g", *e.Weight)
		}
	}
	for name, value := range e.Headers {
		if !isHeaderName(name) {
			add("headers", "header name %q is not a valid HTTP field name", name)
		}
		if strings.ContainsAny(value, "\r\n\x00") {
			add("headers", "value of header %q must not contain CR, LF or NUL", name)
		}
	}
	return r, probs
}

// methodOrDefault is the upper-case method, GET when unset.
func (e Endpoint) methodOrDefault() string {
	if e.Method == "" {
		return DefaultMethod
	}
	return strings.ToUpper(e.Method)
}

func resolveBaseURL(probs *problems, raw string) string {
	u, err := url.Parse(raw)
	switch {
	case raw == "":
		probs.add("must be set", "base_url")
	case err != nil:
		probs.add(fmt.Sprintf("is not a URL: %v", err), "base_url")
	case u.Scheme != "http" && u.Scheme != "https":
		probs.add(fmt.Sprintf("must start with http:// or https://, got %q", raw), "base_url")
	case u.Host == "":
		probs.add(fmt.Sprintf("must name a host, got %q", raw), "base_url")
	case u.RawQuery != "" || u.Fragment != "":
		probs.add(fmt.Sprintf("must not carry a query or fragment (put them in endpoint paths), got %q", raw), "base_url")
	default:
		return strings.TrimRight(raw, "/")
	}
	return ""
}

// endpointIndex finds the endpoint with the given path; an empty path is the
// first endpoint.
func endpointIndex(probs *problems, endpoints []resolvedEndpoint, p string, field ...any) int {
	if p == "" {
		return 0
	}
	for i, e := range endpoints {
		if e.path == p {
			return i
		}
	}
	if len(endpoints) > 0 {
		probs.add(fmt.Sprintf("must be the path of one of the endpoints, got %q", p), field...)
	}
	return 0
}

func positiveOr(probs *problems, v *float64, def float64, field ...any) float64 {
	if v == nil {
		return def
	}
	if !(*v > 0) || math.IsInf(*v, 0) {
		probs.add(fmt.Sprintf("must be greater than 0, got %g", *v), field...)
	}
	return *v
}

func parseDurationField(probs *problems, s string, def time.Duration, field ...any) time.Duration {
	if s == "" && def > 0 {
		return def
	}
	d, err := ParseDuration(s)
	if err != nil {
		probs.add(err.Error(), field...)
	}
	return d
}

// isHeaderName reports whether name is an RFC 9110 token.
func isHeaderName(name string) bool {
	if name == "" {
		return false
	}
	for _, c := range []byte(name) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return true
}
