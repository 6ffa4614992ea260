package loadprofile

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Options is the part of k6's options a profile sets. It is marshalled once
// and embedded into the script verbatim, so k6_options_json and the script
// cannot disagree.
type Options struct {
	Scenarios  map[string]Scenario    `json:"scenarios"`
	Thresholds map[string][]Threshold `json:"thresholds"`
}

// Executors used by profiles. Arrival-rate executors start iterations at a
// rate whatever the server's latency, as production traffic arrives.
const (
	ExecutorConstantArrivalRate = "constant-arrival-rate"
	ExecutorRampingArrivalRate  = "ramping-arrival-rate"
	ExecutorConstantVUs         = "constant-vus"
)

// Scenario is one k6 scenario; fields apply per executor.
type Scenario struct {
	Executor        string  `json:"executor"`
	Exec            string  `json:"exec"`
	StartTime       string  `json:"startTime,omitempty"`
	GracefulStop    string  `json:"gracefulStop"`
	Rate            int64   `json:"rate,omitempty"`
	StartRate       int64   `json:"startRate,omitempty"`
	TimeUnit        string  `json:"timeUnit,omitempty"`
	Duration        string  `json:"duration,omitempty"`
	Stages          []Stage `json:"stages,omitempty"`
	PreAllocatedVUs int64   `json:"preAllocatedVUs,omitempty"`
	MaxVUs          int64   `json:"maxVUs,omitempty"`
	VUs             int64   `json:"vus,omitempty"`
}

// Stage is a ramping-arrival-rate stage: reach Target by the end of Duration.
type Stage struct {
	Target   int64  `json:"target"`
	Duration string `json:"duration"`
}

// Threshold is a k6 threshold expression, marshalled as a plain string or,
// with AbortOnFail, in k6's object form.
type Threshold struct {
	Expression  string
	AbortOnFail bool
}

// MarshalJSON writes the form k6 expects.
func (t Threshold) MarshalJSON() ([]byte, error) {
	if !t.AbortOnFail {
		return json.Marshal(t.Expression)
	}
	return json.Marshal(struct {
		Threshold   string `json:"threshold"`
		AbortOnFail bool   `json:"abortOnFail"`
	}{t.Expression, true})
}

// gracefulStop is written into every scenario rather than left to k6's
// default, because max_vus and the k6 schedule depend on it.
const gracefulStop = 30 * time.Second

// VU sizing: an iteration takes a request (average or p95 latency) plus
// think time; pre-allocate for the average with headroom and allow twice
// the pessimistic p95 estimate before k6 drops iterations.
const (
	preAllocatedHeadroom = 1.25
	maxVUsHeadroom       = 2.0
)

// plannedScenario is a scenario with what the renderer and the VU count
// need besides k6's options.
type plannedScenario struct {
	name     string
	scenario Scenario
	start    time.Duration
	length   time.Duration
	vus      int64 // the most VUs the scenario can hold
	// exec body: which endpoint, whether to think, how long to hold.
	endpoint int
	think    bool
	hold     time.Duration
}

// plan lays out every scenario of a resolved profile in start order.
func (r *resolved) plan() ([]plannedScenario, Options) {
	names := endpointScenarioNames(r.endpoints)
	var planned []plannedScenario

	for i, e := range r.endpoints {
		normal := e.avgRPM * r.ratio * e.weight
		ps := plannedScenario{name: names[i], endpoint: i, think: true, length: r.duration}
		if b := r.burst; b != nil {
			spike := e.maxRPM * r.ratio * e.weight
			ps.scenario = rampingArrivalRate(burstStages(r.duration, b,
				normal*b.normal, spike*b.spike, spike*b.higherSpike, normal*b.sustained), e, r.think)
		} else {
			ps.scenario = constantArrivalRate(normal, r.duration, e, r.think)
		}
		ps.scenario.Exec = ps.name
		planned = append(planned, ps)
	}

	if s := r.sustained; s != nil {
		planned = append(planned, plannedScenario{
			name:     "sustained_connections",
			scenario: Scenario{Executor: ExecutorConstantVUs, VUs: s.vus, Duration: formatDuration(r.duration)},
			length:   r.duration,
			endpoint: s.endpoint,
			hold:     s.hold,
		})
	}

	start := r.duration
	for i, in := range r.incidents {
		prefix := fmt.Sprintf("incident_%d_", i+1)
		switch in.kind {
		case IncidentConnectionPoolExhaustion:
			vus := int64(math.Ceil(float64(in.poolSize) * in.overflowFactor))
			planned = append(planned, plannedScenario{
				name:     prefix + in.kind,
				scenario: Scenario{Executor: ExecutorConstantVUs, VUs: vus, Duration: formatDuration(in.duration)},
				start:    start,
				length:   in.duration,
				endpoint: in.endpoint,
			})
		case IncidentEndurance:
			for j, e := range r.endpoints {
				ps := plannedScenario{name: prefix + in.kind + "_" + names[j], start: start, length: in.duration, endpoint: j, think: true}
				ps.scenario = constantArrivalRate(e.avgRPM*r.ratio*e.weight*in.multiplier, in.duration, e, r.think)
				ps.scenario.Exec = names[j]
				planned = append(planned, ps)
			}
		}
		start += in.duration
	}

	opts := Options{Scenarios: map[string]Scenario{}, Thresholds: map[string][]Threshold{}}
	for i := range planned {
		ps := &planned[i]
		if ps.scenario.Exec == "" {
			ps.scenario.Exec = ps.name
		}
		if ps.start > 0 {
			ps.scenario.StartTime = formatDuration(ps.start)
		}
		ps.scenario.GracefulStop = formatDuration(gracefulStop)
		ps.vus = max(ps.scenario.MaxVUs, ps.scenario.VUs)
		opts.Scenarios[ps.name] = ps.scenario
	}

	// Latency thresholds cover the production-shaped endpoint scenarios;
	// incidents are meant to hurt, so only the error rate applies to them.
	for i, e := range r.endpoints {
		limit := strconv.FormatFloat(e.p95Ms*r.p95Factor, 'f', -1, 64)
		opts.Thresholds[fmt.Sprintf("http_req_duration{scenario:%s}", names[i])] = []Threshold{{Expression: "p(95)<" + limit, AbortOnFail: r.abortOnFail}}
	}
	rate := strconv.FormatFloat(r.errorRate, 'f', -1, 64)
	opts.Thresholds["http_req_failed"] = []Threshold{{Expression: "rate<" + rate, AbortOnFail: r.abortOnFail}}
	return planned, opts
}

// burstStages is normal, spike, normal, higher spike, sustained: ramps and
// spikes have fixed lengths, the three level phases share the rest.
func burstStages(total time.Duration, b *resolvedBurst, normal, spike, higherSpike, sustained float64) []rateStage {
	level := (total - 4*b.ramp - 2*b.spikeFor) / 3
	level -= level % time.Second
	last := total - 4*b.ramp - 2*b.spikeFor - 2*level
	return []rateStage{
		{normal, level},
		{spike, b.ramp}, {spike, b.spikeFor},
		{normal, b.ramp}, {normal, level},
		{higherSpike, b.ramp}, {higherSpike, b.spikeFor},
		{sustained, b.ramp}, {sustained, last},
	}
}

// rateStage is a target in requests per minute held or reached over a
// duration, before conversion to k6's integer rates.
type rateStage struct {
	rpm      float64
	duration time.Duration
}

func constantArrivalRate(rpm float64, d time.Duration, e resolvedEndpoint, think ThinkTime) Scenario {
	unit, rates := integerRates(rpm)
	s := Scenario{Executor: ExecutorConstantArrivalRate, Rate: rates[0], TimeUnit: unit, Duration: formatDuration(d)}
	s.PreAllocatedVUs, s.MaxVUs = sizeVUs(rpm, e, think)
	return s
}

// rampingArrivalRate starts at the first stage's level, which the first
// stage then holds.
func rampingArrivalRate(stages []rateStage, e resolvedEndpoint, think ThinkTime) Scenario {
	rpms := make([]float64, len(stages))
	peak := 0.0
	for i, st := range stages {
		rpms[i] = st.rpm
		peak = max(peak, st.rpm)
	}
	unit, rates := integerRates(rpms...)
	s := Scenario{Executor: ExecutorRampingArrivalRate, StartRate: rates[0], TimeUnit: unit}
	for i, st := range stages {
		s.Stages = append(s.Stages, Stage{Target: rates[i], Duration: formatDuration(st.duration)})
	}
	s.PreAllocatedVUs, s.MaxVUs = sizeVUs(peak, e, think)
	return s
}

// integerRates converts rates per minute to k6's integer rates: per minute
// when every rate is a whole number of requests per minute, else per hour,
// which keeps a scaled 22.5 rpm exact (1350 per hour) instead of rounding it
// by 2 %. A rate never rounds down to zero.
func integerRates(rpms ...float64) (string, []int64) {
	unit, perUnit := "1m", 1.0
	for _, rpm := range rpms {
		if math.Abs(rpm-math.Round(rpm)) > 1e-9 {
			unit, perUnit = "1h", 60
			break
		}
	}
	rates := make([]int64, len(rpms))
	for i, rpm := range rpms {
		rates[i] = max(1, int64(math.Round(rpm*perUnit)))
	}
	return unit, rates
}

// sizeVUs follows Little's law: VUs = arrival rate × iteration time, where
// an iteration is a request plus think time.
func sizeVUs(peakRPM float64, e resolvedEndpoint, think ThinkTime) (preAllocated, maxVUs int64) {
	perSecond := peakRPM / 60
	typical := e.avgMs/1000 + (think.Min+think.Max)/2
	pessimistic := e.p95Ms/1000 + think.Max
	preAllocated = max(1, int64(math.Ceil(perSecond*typical*preAllocatedHeadroom)))
	maxVUs = max(preAllocated+1, int64(math.Ceil(perSecond*pessimistic*maxVUsHeadroom)))
	return preAllocated, maxVUs
}

// maxConcurrentVUs is the most VUs alive at once, counting each scenario
// from its start to the end of its graceful stop as k6 does.
func maxConcurrentVUs(planned []plannedScenario) int64 {
	var most int64
	for _, at := range planned {
		var alive int64
		for _, ps := range planned {
			if ps.start <= at.start && at.start < ps.start+ps.length+gracefulStop {
				alive += ps.vus
			}
		}
		most = max(most, alive)
	}
	return most
}

// scheduledDuration is when the last scenario's schedule ends, before
// graceful stops.
func scheduledDuration(planned []plannedScenario) time.Duration {
	var end time.Duration
	for _, ps := range planned {
		end = max(end, ps.start+ps.length)
	}
	return end
}

var nonIdentifier = regexp.MustCompile(`[^a-z0-9]+`)

// endpointScenarioNames names each endpoint's scenario from its method and
// path ("get_api_products"). The names are also exec function names, so they
// hold only [a-z0-9_], start with a letter and contain an underscore, which
// keeps them clear of JavaScript keywords.
func endpointScenarioNames(endpoints []resolvedEndpoint) []string {
	names := make([]string, len(endpoints))
	used := map[string]bool{}
	for i, e := range endpoints {
		slug := strings.Trim(nonIdentifier.ReplaceAllString(strings.ToLower(e.path), "_"), "_")
		if slug == "" {
			slug = "root"
		}
		if len(slug) > 48 {
			slug = strings.TrimRight(slug[:48], "_")
		}
		base := strings.ToLower(e.method) + "_" + slug
		name := base
		for n := 2; used[name]; n++ {
			name = base + "_" + strconv.Itoa(n)
		}
		used[name] = true
		names[i] = name
	}
	return names
}
