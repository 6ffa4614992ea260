package shadowrelay

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// DropReason says why a mirrored request never got an answer from staging.
// Every request the relay receives ends up forwarded or dropped for exactly
// one reason.
type DropReason int

// Drop reasons, in the order /metrics lists them.
const (
	// DropQueueFull: the queue held as many requests (or bytes) as allowed.
	DropQueueFull DropReason = iota
	// DropRateLimited: above max_rps.
	DropRateLimited
	// DropBodyTooLarge: the body was larger than the relay keeps.
	DropBodyTooLarge
	// DropIncomplete: nginx gave up before the request was read whole.
	DropIncomplete
	// DropStagingDown: every staging upstream refused connections recently.
	DropStagingDown
	// DropConnectError: connecting to staging failed or timed out.
	DropConnectError
	// DropTimeout: staging took longer than the read timeout to answer; it
	// may have received the request.
	DropTimeout
	// DropStagingError: the connection failed after it was made (reset,
	// closed early); staging may have received the request.
	DropStagingError
	// DropShutdown: still queued or in flight when the drain bound ran out.
	DropShutdown
	numDropReasons
)

var dropReasonNames = [numDropReasons]string{
	DropQueueFull:    "queue_full",
	DropRateLimited:  "rate_limited",
	DropBodyTooLarge: "body_too_large",
	DropIncomplete:   "incomplete",
	DropStagingDown:  "staging_down",
	DropConnectError: "connect_error",
	DropTimeout:      "timeout",
	DropStagingError: "staging_error",
	DropShutdown:     "shutdown",
}

func (d DropReason) String() string { return dropReasonNames[d] }

// latencyBuckets are the upper bounds (seconds) of the forward latency
// histogram: from a loopback staging's fraction of a millisecond to the
// longest read timeout a route accepts.
var latencyBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60}

// metrics are the relay's counters. Everything is an atomic so that the
// intake and the workers never contend for a lock.
type metrics struct {
	received  atomic.Uint64
	forwarded atomic.Uint64
	dropped   [numDropReasons]atomic.Uint64
	// statusClasses counts staging's answers by class: 1xx to 5xx.
	statusClasses [5]atomic.Uint64
	buckets       []atomic.Uint64 // Not cumulative; made so when written.
	latencyCount  atomic.Uint64
	latencySumNs  atomic.Int64
	busyWorkers   atomic.Int64
	// connections counts the connections nginx opened to the relay.
	connections atomic.Uint64
}

func newMetrics() *metrics {
	return &metrics{buckets: make([]atomic.Uint64, len(latencyBuckets))}
}

func (m *metrics) drop(reason DropReason) { m.dropped[reason].Add(1) }

// observe counts an answer of staging with its status and the time from
// sending the request to reading the answer.
func (m *metrics) observe(status int, d time.Duration) {
	m.forwarded.Add(1)
	if class := status / 100; class >= 1 && class <= 5 {
		m.statusClasses[class-1].Add(1)
	}
	seconds := d.Seconds()
	for i, le := range latencyBuckets {
		if seconds <= le {
			m.buckets[i].Add(1)
			break
		}
	}
	m.latencyCount.Add(1)
	m.latencySumNs.Add(int64(d))
}

// Snapshot is a copy of the counters, for logs and tests.
type Snapshot struct {
	Received  uint64
	Forwarded uint64
	Dropped   map[string]uint64
}

// TotalDropped is the sum of Dropped.
func (s Snapshot) TotalDropped() uint64 {
	var n uint64
	for _, v := range s.Dropped {
		n += v
	}
	return n
}

func (m *metrics) snapshot() Snapshot {
	s := Snapshot{Received: m.received.Load(), Forwarded: m.forwarded.Load(), Dropped: map[string]uint64{}}
	for i := range m.dropped {
		s.Dropped[DropReason(i).String()] = m.dropped[i].Load()
	}
	return s
}

// gauges are the values of the moment /metrics reports beside the counters.
type gauges struct {
	queueLength, queueCapacity  int
	queuedBytes, maxQueuedBytes int64
	workers                     int
	maxRPS                      float64
	upstreams                   []upstreamState
	draining                    bool
}

type upstreamState struct {
	addr string
	up   bool
}

// writePrometheus writes the metrics in the Prometheus text exposition
// format (version 0.0.4): a HELP and a TYPE line per family, then its
// samples; histogram buckets cumulative and ending with +Inf.
func (m *metrics) writePrometheus(w io.Writer, g gauges) error {
	b := bufio.NewWriter(w)
	family := func(name, typ, help string) {
		b.WriteString("# HELP " + name + " " + help + "\n# TYPE " + name + " " + typ + "\n")
	}
	sample := func(name, labels string, v string) {
		b.WriteString(name)
		if labels != "" {
			b.WriteString("{" + labels + "}")
		}
		b.WriteString(" " + v + "\n")
	}
	u := func(v uint64) string { return strconv.FormatUint(v, 10) }
	i := func(v int64) string { return strconv.FormatInt(v, 10) }
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

	const p = "parity_shadow_relay_"
	family(p+"requests_received_total", "counter", "Mirrored requests handed to the relay by nginx.")
	sample(p+"requests_received_total", "", u(m.received.Load()))
	family(p+"requests_forwarded_total", "counter", "Mirrored requests sent to staging that staging answered.")
	sample(p+"requests_forwarded_total", "", u(m.forwarded.Load()))
	family(p+"requests_dropped_total", "counter", "Mirrored requests that got no answer from staging, by reason.")
	for r := range numDropReasons {
		sample(p+"requests_dropped_total", `reason="`+r.String()+`"`, u(m.dropped[r].Load()))
	}
	family(p+"staging_responses_total", "counter", "Answers of staging by status class.")
	for c := range m.statusClasses {
		sample(p+"staging_responses_total", `class="`+strconv.Itoa(c+1)+`xx"`, u(m.statusClasses[c].Load()))
	}
	family(p+"forward_duration_seconds", "histogram", "Time from sending a request to staging to reading its answer.")
	var cumulative uint64
	for k, le := range latencyBuckets {
		cumulative += m.buckets[k].Load()
		sample(p+"forward_duration_seconds_bucket", `le="`+f(le)+`"`, u(cumulative))
	}
	// observe adds to a bucket before the count, so a count read now may lag
	// the buckets just read; +Inf must never be below the last bucket.
	count := max(m.latencyCount.Load(), cumulative)
	sample(p+"forward_duration_seconds_bucket", `le="+Inf"`, u(count))
	sample(p+"forward_duration_seconds_sum", "", f(time.Duration(m.latencySumNs.Load()).Seconds()))
	sample(p+"forward_duration_seconds_count", "", u(count))

	family(p+"connections_total", "counter", "Connections opened to the relay; far fewer than requests when nginx keeps them alive.")
	sample(p+"connections_total", "", u(m.connections.Load()))

	family(p+"queue_length", "gauge", "Mirrored requests waiting for a worker.")
	sample(p+"queue_length", "", i(int64(g.queueLength)))
	family(p+"queue_capacity", "gauge", "Most mirrored requests the queue holds.")
	sample(p+"queue_capacity", "", i(int64(g.queueCapacity)))
	family(p+"queued_bytes", "gauge", "Bytes of request bodies waiting in the queue.")
	sample(p+"queued_bytes", "", i(g.queuedBytes))
	family(p+"queued_bytes_limit", "gauge", "Most bytes of request bodies the queue holds.")
	sample(p+"queued_bytes_limit", "", i(g.maxQueuedBytes))
	family(p+"workers", "gauge", "Workers forwarding to staging.")
	sample(p+"workers", "", i(int64(g.workers)))
	family(p+"workers_busy", "gauge", "Workers waiting on staging now.")
	sample(p+"workers_busy", "", i(m.busyWorkers.Load()))
	family(p+"max_rps", "gauge", "Rate cap on mirrored requests per second; 0 when there is none.")
	sample(p+"max_rps", "", f(g.maxRPS))
	family(p+"upstream_up", "gauge", "1 when a staging upstream takes connections, 0 while it is left alone after refusing them.")
	for _, s := range g.upstreams {
		v := "0"
		if s.up {
			v = "1"
		}
		sample(p+"upstream_up", `upstream="`+escapeLabel(s.addr)+`"`, v)
	}
	family(p+"draining", "gauge", "1 once the relay has stopped taking requests and drains its queue.")
	if g.draining {
		sample(p+"draining", "", "1")
	} else {
		sample(p+"draining", "", "0")
	}
	return b.Flush()
}

// escapeLabel escapes a label value as the exposition format requires.
func escapeLabel(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
}
