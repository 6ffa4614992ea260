// Package shadowrelay is `parity shadow-relay`: the process to which nginx's
// mirror location hands each sampled request. The relay reads the request,
// answers at once, and forwards it to staging in the background, so that
// nginx's mirror subrequest (which holds the client's keep-alive connection
// until it ends) lasts a loopback round trip however slow staging is.
//
// Overload is shed, never pushed back onto production: a bounded queue
// feeds a bounded pool of workers, and a request that finds the queue full,
// the rate cap reached or every staging upstream refusing connections is
// dropped and counted. Nothing the relay logs carries a request's URI,
// header values or body.
package shadowrelay

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"github.com/envparity/terraform-provider-parity/internal/shadow"
)

// Defaults of Options left zero.
const (
	DefaultWorkers        = 64
	DefaultQueueSize      = 1024
	DefaultMaxBodyBytes   = 1 << 20
	DefaultMaxQueuedBytes = 64 << 20
	DefaultDrainTimeout   = 5 * time.Second
	DefaultLogInterval    = 10 * time.Second
)

// Options configure a Relay. Zero values take the defaults above and those
// of the shadow package (header, timeouts).
type Options struct {
	// Name is the route's name, for logs.
	Name string
	// Staging are the staging upstreams as host:port, used in turn.
	Staging []string
	// MirrorHeaderName and MirrorHeaderValue are set on every forwarded
	// request. nginx's first hop sets the header too; the relay takes a
	// request that carries it for a mirrored request, and serves /metrics
	// and /healthz to requests without it.
	MirrorHeaderName  string
	MirrorHeaderValue string
	// ConnectTimeout bounds connecting to staging; ReadTimeout bounds the
	// wait for staging's answer once the request is sent. A forward takes
	// at most their sum.
	ConnectTimeout time.Duration
	ReadTimeout    time.Duration
	// Workers forward concurrently; QueueSize requests wait for them, with
	// at most MaxQueuedBytes of bodies in all.
	Workers        int
	QueueSize      int
	MaxQueuedBytes int64
	// MaxBodyBytes is the largest body kept; larger requests are dropped.
	MaxBodyBytes int64
	// MaxRPS caps forwarded requests per second (token bucket, burst of a
	// tenth of a second's worth, at least 1); 0 means no cap.
	MaxRPS float64
	// DrainTimeout bounds how long shutdown waits for the queue to empty.
	DrainTimeout time.Duration
	// Logger receives structured logs; nil discards them. LogInterval is
	// how often drops are summed up in the log.
	Logger      *slog.Logger
	LogInterval time.Duration
}

func (o Options) withDefaults() Options {
	if o.MirrorHeaderName == "" {
		o.MirrorHeaderName = shadow.DefaultMirrorHeaderName
	}
	if o.MirrorHeaderValue == "" {
		o.MirrorHeaderValue = shadow.DefaultMirrorHeaderValue
	}
	if o.ConnectTimeout == 0 {
		o.ConnectTimeout = shadow.DefaultConnectTimeout
	}
	if o.ReadTimeout == 0 {
		o.ReadTimeout = shadow.DefaultReadTimeout
	}
	if o.Workers == 0 {
		o.Workers = DefaultWorkers
	}
	if o.QueueSize == 0 {
		o.QueueSize = DefaultQueueSize
	}
	if o.MaxQueuedBytes == 0 {
		o.MaxQueuedBytes = DefaultMaxQueuedBytes
	}
	if o.MaxBodyBytes == 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if o.DrainTimeout == 0 {
		o.DrainTimeout = DefaultDrainTimeout
	}
	if o.LogInterval == 0 {
		o.LogInterval = DefaultLogInterval
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

// validate returns every problem of o (with defaults applied), each naming
// the option at fault in the CLI's spelling.
func (o Options) validate() error {
	var errs []error
	if len(o.Staging) == 0 {
		errs = append(errs, errors.New("--staging: at least one staging upstream (host:port) is required"))
	}
	for _, s := range o.Staging {
		if _, err := shadow.ParseUpstream(s); err != nil {
			errs = append(errs, fmt.Errorf("--staging: %v", err))
		}
	}
	if dups := shadow.CheckDuplicateUpstreams("--staging", o.Staging); len(dups) > 0 {
		errs = append(errs, dups)
	}
	if err := shadow.CheckMirrorHeaderName(o.MirrorHeaderName); err != nil {
		errs = append(errs, fmt.Errorf("--mirror-header: %v", err))
	}
	if err := shadow.CheckHeaderValue(o.MirrorHeaderValue); err != nil {
		errs = append(errs, fmt.Errorf("--mirror-header: %v", err))
	}
	if err := shadow.CheckTimeout(o.ConnectTimeout); err != nil {
		errs = append(errs, fmt.Errorf("--connect-timeout: %v", err))
	}
	if err := shadow.CheckTimeout(o.ReadTimeout); err != nil {
		errs = append(errs, fmt.Errorf("--read-timeout: %v", err))
	}
	for _, n := range []struct {
		flag     string
		value    int64
		min, max int64
	}{
		{"--workers", int64(o.Workers), 1, 10_000},
		{"--queue", int64(o.QueueSize), 1, 1_000_000},
		{"--max-body-size", o.MaxBodyBytes, 1, 1 << 30},
		{"--max-queued-bytes", o.MaxQueuedBytes, 1, 1 << 40},
	} {
		if n.value < n.min || n.value > n.max {
			errs = append(errs, fmt.Errorf("%s must be from %d to %d, got %d", n.flag, n.min, n.max, n.value))
		}
	}
	if err := shadow.CheckMaxRPS(o.MaxRPS); o.MaxRPS != 0 && err != nil {
		errs = append(errs, fmt.Errorf("--max-rps: %v", err))
	}
	if o.DrainTimeout < 0 || o.DrainTimeout > 10*time.Minute {
		errs = append(errs, fmt.Errorf("--drain-timeout must be from 0 to 10m, got %v", o.DrainTimeout))
	}
	return errors.Join(errs...)
}

// Relay takes mirrored requests from nginx and forwards them to staging.
// On its listener, requests carrying the mirror header are mirrored
// requests; others may ask for /metrics and /healthz.
type Relay struct {
	opts      Options
	log       *slog.Logger
	upstreams []*upstream
	next      atomic.Uint64
	transport *http.Transport
	limiter   *rate.Limiter
	metrics   *metrics
	admin     http.Handler

	// mu guards closed against the send on queue: intake holds it for
	// reading while it enqueues, shutdown for writing while it closes.
	mu          sync.RWMutex
	closed      bool
	queue       chan *job
	queuedBytes atomic.Int64
	draining    atomic.Bool

	// forwardCtx ends every forward when the drain bound runs out.
	forwardCtx     context.Context
	cancelForwards context.CancelFunc
	workers        sync.WaitGroup
	started        atomic.Bool
}

// job is one mirrored request waiting for a worker, with the header to
// forward (forwardHeader).
type job struct {
	method  string
	url     url.URL
	host    string
	header  http.Header
	body    []byte
	hasBody bool
}

// New checks o and returns a relay; Serve runs it.
func New(o Options) (*Relay, error) {
	o = o.withDefaults()
	if err := o.validate(); err != nil {
		return nil, err
	}
	r := &Relay{
		opts:    o,
		log:     o.Logger,
		metrics: newMetrics(),
		queue:   make(chan *job, o.QueueSize),
	}
	for _, s := range o.Staging {
		u, _ := shadow.ParseUpstream(s) // validate parsed it.
		r.upstreams = append(r.upstreams, &upstream{addr: u.String()})
	}
	if o.MaxRPS > 0 {
		r.limiter = rate.NewLimiter(rate.Limit(o.MaxRPS), int(math.Max(1, math.Ceil(o.MaxRPS/10))))
	}
	dialer := &net.Dialer{Timeout: o.ConnectTimeout, KeepAlive: 30 * time.Second}
	r.transport = &http.Transport{
		// Never through a proxy from the environment: staging is named
		// by address, as nginx names it.
		Proxy:       nil,
		DialContext: dialer.DialContext,
		// Every worker keeps its connection to each upstream between
		// requests; staging sees as many connections as there are workers.
		MaxIdleConns:          o.Workers * len(r.upstreams),
		MaxIdleConnsPerHost:   o.Workers,
		IdleConnTimeout:       90 * time.Second,
		ResponseHeaderTimeout: o.ReadTimeout,
		// The request goes out with the client's Accept-Encoding or none.
		DisableCompression: true,
		ForceAttemptHTTP2:  false,
	}
	r.forwardCtx, r.cancelForwards = context.WithCancel(context.Background())
	mux := http.NewServeMux()
	mux.HandleFunc("GET /metrics", r.serveMetrics)
	mux.HandleFunc("GET /healthz", r.serveHealth)
	r.admin = mux
	return r, nil
}

// Admin returns the handler of /metrics and /healthz, for a listener of
// its own (Prometheus cannot scrape a unix socket). The relay's own
// listener serves them too, to requests without the mirror header.
func (r *Relay) Admin() http.Handler { return r.admin }

// enqueue puts j on the queue without waiting: a full queue drops it.
func (r *Relay) enqueue(j *job) (DropReason, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if r.closed {
		return DropShutdown, false
	}
	size := int64(len(j.body))
	if r.queuedBytes.Add(size) > r.opts.MaxQueuedBytes && size > 0 {
		r.queuedBytes.Add(-size)
		return DropQueueFull, false
	}
	select {
	case r.queue <- j:
		return 0, true
	default:
		r.queuedBytes.Add(-size)
		return DropQueueFull, false
	}
}

// work forwards queued requests until the queue is closed and empty.
func (r *Relay) work() {
	for j := range r.queue {
		r.queuedBytes.Add(-int64(len(j.body)))
		r.forward(j)
	}
}

// forward sends j to the next staging upstream that takes connections and
// reads the answer, within the connect and read timeouts.
func (r *Relay) forward(j *job) {
	if r.forwardCtx.Err() != nil {
		r.metrics.drop(DropShutdown)
		return
	}
	u := r.pick(true)
	if u == nil {
		r.metrics.drop(DropStagingDown)
		return
	}
	r.metrics.busyWorkers.Add(1)
	defer r.metrics.busyWorkers.Add(-1)
	ctx, cancel := context.WithTimeout(r.forwardCtx, r.opts.ConnectTimeout+r.opts.ReadTimeout)
	defer cancel()
	target := j.url
	target.Scheme, target.Host = "http", u.addr
	out := (&http.Request{
		Method:     j.method,
		URL:        &target,
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header:     j.header,
		Host:       j.host,
	}).WithContext(ctx)
	if j.hasBody {
		body := j.body
		out.ContentLength = int64(len(body))
		out.Body = io.NopCloser(bytes.NewReader(body))
		// The transport may send the request again on a kept-alive
		// connection that staging closed before reading it.
		out.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}
	start := time.Now()
	resp, err := r.transport.RoundTrip(out)
	if err != nil {
		r.metrics.drop(r.classify(u, err))
		return
	}
	// Reading a bounded part of the answer lets the connection be reused;
	// a longer answer costs a new connection instead.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	r.metrics.observe(resp.StatusCode, time.Since(start))
	if u.succeeded() {
		r.log.Info("staging upstream answers again", "route", r.opts.Name, "upstream", u.addr)
	}
}

// classify names the reason of a failed forward, and leaves an upstream
// that refused the connection alone for a while. Errors of the transport
// name the request's URL, which may carry secrets, so only the inner
// network error is ever logged.
func (r *Relay) classify(u *upstream, err error) DropReason {
	var op *net.OpError
	switch {
	case r.forwardCtx.Err() != nil:
		return DropShutdown
	case errors.As(err, &op) && op.Op == "dial":
		if backoff, first := u.failed(); first {
			r.log.Warn("staging upstream refuses connections; mirrored requests to it are dropped until it answers",
				"route", r.opts.Name, "upstream", u.addr, "error", op.Err.Error(), "retry_in", backoff.String())
		}
		return DropConnectError
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return DropTimeout
	default:
		return DropStagingError
	}
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

// pick returns the next staging upstream in turn that takes connections,
// or nil when none does. Only workers advance the turn.
func (r *Relay) pick(advance bool) *upstream {
	now := time.Now().UnixNano()
	var start uint64
	if advance {
		start = r.next.Add(1)
	} else {
		start = r.next.Load()
	}
	for i := range uint64(len(r.upstreams)) {
		if u := r.upstreams[(start+i)%uint64(len(r.upstreams))]; u.available(now) {
			return u
		}
	}
	return nil
}

// upstream is a staging server and its recent refusals.
type upstream struct {
	addr      string
	downUntil atomic.Int64 // Unix nanoseconds.
	mu        sync.Mutex
	failures  int
}

// Bounds of the pause after refused connections: it doubles with each
// refusal in a row.
const (
	minBackoff = 100 * time.Millisecond
	maxBackoff = 5 * time.Second
)

func (u *upstream) available(now int64) bool { return now >= u.downUntil.Load() }

// failed records a refused connection and returns the pause before the
// next try, and whether this refusal is the first in a row.
func (u *upstream) failed() (time.Duration, bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.failures++
	backoff := maxBackoff
	if u.failures < 7 {
		backoff = min(maxBackoff, minBackoff<<(u.failures-1))
	}
	u.downUntil.Store(time.Now().Add(backoff).UnixNano())
	return backoff, u.failures == 1
}

// succeeded clears the refusals and reports whether there were any.
func (u *upstream) succeeded() bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	had := u.failures > 0
	u.failures = 0
	u.downUntil.Store(0)
	return had
}

// Snapshot returns the counters.
func (r *Relay) Snapshot() Snapshot { return r.metrics.snapshot() }

func (r *Relay) gauges() gauges {
	g := gauges{
		queueLength:    len(r.queue),
		queueCapacity:  cap(r.queue),
		queuedBytes:    r.queuedBytes.Load(),
		maxQueuedBytes: r.opts.MaxQueuedBytes,
		workers:        r.opts.Workers,
		maxRPS:         r.opts.MaxRPS,
		draining:       r.draining.Load(),
	}
	now := time.Now().UnixNano()
	for _, u := range r.upstreams {
		g.upstreams = append(g.upstreams, upstreamState{addr: u.addr, up: u.available(now)})
	}
	return g
}

func (r *Relay) serveMetrics(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	_ = r.metrics.writePrometheus(w, r.gauges())
}

func (r *Relay) serveHealth(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if r.draining.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, "draining\n")
		return
	}
	io.WriteString(w, "ok\n")
}
