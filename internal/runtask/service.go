// Package runtask is the HCP Terraform run task service behind `parity
// run-task serve`: it receives signed run task requests, answers at once,
// and in a bounded pool of workers downloads the run's plan JSON and the
// counterpart workspace's current state, compares them with the engine and
// reports the result, with one outcome per resource in drift, through the
// task result callback.
//
// The service keeps no state beyond memory (a short-lived record of the
// deliveries it has seen), so several replicas can run behind a load
// balancer. It follows HCP Terraform's run tasks integration API: "Run Task
// Request" (payload, X-TFC-Task-Signature) and "Run Task Callback"
// (JSON:API task-results with outcomes).
package runtask

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	tfe "github.com/hashicorp/go-tfe"
)

// MaxRequestBytes bounds a run task request body; HCP Terraform's payloads
// are a few kilobytes.
const MaxRequestBytes = 1 << 20

// deliveryTTL is how long a delivery is remembered to drop duplicates.
const deliveryTTL = 2 * time.Hour

// EvaluatorOptions are the parts of an evaluator tests replace.
type EvaluatorOptions struct {
	// HTTPClient makes every request to HCP Terraform (nil: a client with a
	// five-minute timeout).
	HTTPClient *http.Client
	// Backoff paces retries (zero: DefaultBackoff).
	Backoff Backoff
}

// Options configure a Service.
type Options struct {
	Config *Config
	// Token is the organization or team token that reads the counterpart
	// workspaces; HMACKey verifies requests. Both come from the environment.
	Token   string
	HMACKey []byte
	// Logger receives structured logs (nil: discarded).
	Logger *slog.Logger
	EvaluatorOptions
}

// Service is the run task HTTP service and its worker pool.
type Service struct {
	cfg  *Config
	key  []byte
	log  *slog.Logger
	eval *Evaluator

	// mu guards closing and sends on queue, so that no handler sends on a
	// closed queue.
	mu      sync.RWMutex
	closing bool
	queue   chan *job

	seenMu sync.Mutex
	seen   map[string]time.Time

	workers sync.WaitGroup
	running atomic.Int64
	// workCtx is cancelled only when a shutdown runs out of time.
	workCtx    context.Context
	stopWork   context.CancelFunc
	startOnce  sync.Once
	now        func() time.Time
	deliveries atomic.Int64
}

// job is one accepted request.
type job struct {
	req      *Request
	accepted time.Time
}

// NewService checks the options and returns a service whose workers are not
// started yet.
func NewService(opts Options) (*Service, error) {
	if opts.Config == nil {
		return nil, errors.New("run task service: no configuration")
	}
	if len(opts.HMACKey) == 0 {
		return nil, errors.New("run task service: no HMAC key; set the environment variable named by hmac_key_env (default " + DefaultHMACKeyEnv + ") to the key given to HCP Terraform")
	}
	if opts.Token == "" {
		return nil, errors.New("run task service: no HCP Terraform token; set the environment variable named by token_env (default " + DefaultTokenEnv + ") to an organization or team token that can read the paired workspaces' state")
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Service{
		cfg:      opts.Config,
		key:      opts.HMACKey,
		log:      log,
		eval:     NewEvaluator(opts.Config, opts.Token, opts.EvaluatorOptions),
		queue:    make(chan *job, opts.Config.QueueSize),
		seen:     map[string]time.Time{},
		workCtx:  ctx,
		stopWork: cancel,
		now:      time.Now,
	}, nil
}

// Start starts the worker pool.
func (s *Service) Start() {
	s.startOnce.Do(func() {
		for range s.cfg.Workers {
			s.workers.Go(func() {
				for j := range s.queue {
					s.process(j)
				}
			})
		}
	})
}

// Handler routes POST / and POST /run-task to the run task endpoint and GET
// /healthz to the health check.
func (s *Service) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /{$}", s.handleRunTask)
	mux.HandleFunc("POST /run-task", s.handleRunTask)
	mux.HandleFunc("GET /healthz", s.handleHealth)
	return mux
}

func (s *Service) handleHealth(w http.ResponseWriter, _ *http.Request) {
	s.mu.RLock()
	closing := s.closing
	s.mu.RUnlock()
	status, code := "ok", http.StatusOK
	if closing {
		// Load balancers stop sending requests to a replica that drains.
		status, code = "shutting down", http.StatusServiceUnavailable
	}
	writeJSON(w, code, map[string]any{
		"status":  status,
		"queued":  len(s.queue),
		"running": s.running.Load(),
		"workers": s.cfg.Workers,
	})
}

func (s *Service) handleRunTask(w http.ResponseWriter, r *http.Request) {
	log := s.log.With("remote", r.RemoteAddr)
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxRequestBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			log.Warn("run task request refused", "reason", "body larger than 1 MiB")
			writeError(w, http.StatusRequestEntityTooLarge, "the request body is larger than 1 MiB")
			return
		}
		writeError(w, http.StatusBadRequest, "the request body could not be read")
		return
	}
	// The signature comes first: nothing of an unsigned body is read, and
	// no callback is ever made for it.
	if !VerifySignature(s.key, body, r.Header.Get(SignatureHeader)) {
		reason := "signature does not match"
		if r.Header.Get(SignatureHeader) == "" {
			reason = "no " + SignatureHeader + " header"
		}
		log.Warn("run task request refused", "reason", reason)
		writeError(w, http.StatusUnauthorized, "invalid or missing "+SignatureHeader)
		return
	}
	req, err := DecodeRequest(body)
	if err != nil {
		log.Warn("run task request refused", "reason", err.Error())
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	log = log.With(requestAttrs(req)...)
	if req.IsVerification() {
		log.Info("verification request accepted")
		w.WriteHeader(http.StatusOK)
		return
	}
	// A callback URL off the configured host cannot even carry a failure:
	// refuse the request instead.
	if _, err := checkAPIURL(s.cfg.Address, "task_result_callback_url", req.TaskResultCallbackURL); err != nil {
		log.Warn("run task request refused", "reason", err.Error())
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}

	key := req.key()
	if !s.remember(key) {
		log.Info("duplicate delivery ignored")
		w.WriteHeader(http.StatusOK)
		return
	}
	s.mu.RLock()
	if s.closing {
		s.mu.RUnlock()
		s.forget(key)
		log.Warn("run task request refused", "reason", "shutting down")
		w.Header().Set("Retry-After", "5")
		writeError(w, http.StatusServiceUnavailable, "the service is shutting down; HCP Terraform retries the request")
		return
	}
	select {
	case s.queue <- &job{req: req, accepted: s.now()}:
		s.mu.RUnlock()
	default:
		s.mu.RUnlock()
		s.forget(key)
		log.Warn("run task request refused", "reason", "queue full", "queue_size", s.cfg.QueueSize)
		w.Header().Set("Retry-After", "10")
		writeError(w, http.StatusTooManyRequests, "the queue is full; HCP Terraform retries the request")
		return
	}
	log.Info("run task accepted")
	w.WriteHeader(http.StatusOK)
}

// process evaluates one job and calls back: `running` at once, then the
// result.
func (s *Service) process(j *job) {
	s.running.Add(1)
	defer s.running.Add(-1)
	req := j.req
	log := s.log.With(requestAttrs(req)...)
	ctx, cancel := context.WithTimeout(s.workCtx, s.cfg.Timeout)
	defer cancel()
	start := s.now()

	withOutcomes := req.Capabilities.Outcomes
	if req.Stage == StagePostPlan || req.Stage == StagePreApply {
		running := tfe.TaskResultCallbackRequestOptions{Status: tfe.TaskRunning, Message: "Comparing the plan with the counterpart workspace's state."}
		if _, err := s.eval.hcp.callback(ctx, req.TaskResultCallbackURL, req.AccessToken, running); err != nil {
			log.Warn("running status not delivered", "error", err.Error())
		}
	}
	res := s.eval.Evaluate(ctx, req)

	// An evaluation that used up its time, or was cancelled by a shutdown
	// that ran out of time, still owes HCP Terraform a result.
	cbCtx := ctx
	if ctx.Err() != nil {
		parent, limit := s.workCtx, time.Minute
		if s.workCtx.Err() != nil {
			parent, limit = context.Background(), 10*time.Second
		}
		var cbCancel context.CancelFunc
		cbCtx, cbCancel = context.WithTimeout(parent, limit)
		defer cbCancel()
	}
	attempts, err := s.eval.hcp.callback(cbCtx, req.TaskResultCallbackURL, req.AccessToken, res.CallbackOptions(withOutcomes))
	attrs := []any{
		"status", string(res.Status), "findings", res.Findings, "drift", res.Drift,
		"outcomes", len(res.Outcomes), "callback_attempts", attempts,
		"duration_ms", s.now().Sub(start).Milliseconds(), "queued_ms", start.Sub(j.accepted).Milliseconds(),
	}
	if err != nil {
		// Forgotten, so that a redelivery is evaluated again.
		s.forget(req.key())
		log.Error("result not delivered", append(attrs, "message", res.Message, "error", err.Error())...)
		return
	}
	s.deliveries.Add(1)
	log.Info("result delivered", append(attrs, "message", res.Message)...)
}

// remember records a delivery and reports whether it is new.
func (s *Service) remember(key string) bool {
	s.seenMu.Lock()
	defer s.seenMu.Unlock()
	now := s.now()
	if at, ok := s.seen[key]; ok && now.Sub(at) < deliveryTTL {
		return false
	}
	if len(s.seen) >= 4096 {
		for k, at := range s.seen {
			if now.Sub(at) >= deliveryTTL {
				delete(s.seen, k)
			}
		}
	}
	s.seen[key] = now
	return true
}

func (s *Service) forget(key string) {
	s.seenMu.Lock()
	delete(s.seen, key)
	s.seenMu.Unlock()
}

// Drain stops accepting requests, finishes every queued and running
// evaluation (their requests were answered 200, so HCP Terraform will not
// send them again) and returns when the workers are done. When ctx ends
// first, running evaluations are cancelled and report their failure.
func (s *Service) Drain(ctx context.Context) error {
	s.mu.Lock()
	if !s.closing {
		s.closing = true
		close(s.queue)
	}
	s.mu.Unlock()
	s.Start() // a service that never started still drains its queue
	done := make(chan struct{})
	go func() { s.workers.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		s.stopWork()
		<-done
		return errors.New("shutdown timed out: running evaluations were cancelled")
	}
}

// Serve serves on ln until ctx is done, then shuts down gracefully: the
// health check turns 503, new requests are refused, queued and running
// evaluations finish within the configured shutdown_timeout.
func (s *Service) Serve(ctx context.Context, ln net.Listener) error {
	s.Start()
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	s.log.Info("listening", "addr", ln.Addr().String(), "workers", s.cfg.Workers, "queue_size", s.cfg.QueueSize,
		"pairs", len(s.cfg.Pairs), "hcp", originOf(s.cfg.Address), "organization", s.cfg.Organization)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "queued", len(s.queue), "running", s.running.Load(), "timeout", s.cfg.ShutdownTimeout.String())
	shutdownCtx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	s.mu.Lock()
	if !s.closing {
		s.closing = true
		close(s.queue)
	}
	s.mu.Unlock()
	httpErr := srv.Shutdown(shutdownCtx)
	drainErr := s.Drain(shutdownCtx)
	s.log.Info("stopped", "delivered", s.deliveries.Load())
	if drainErr != nil {
		return drainErr
	}
	if httpErr != nil && !errors.Is(httpErr, context.DeadlineExceeded) {
		return httpErr
	}
	return nil
}

// requestAttrs are the log attributes of a request; never a token.
func requestAttrs(r *Request) []any {
	return []any{
		"run_id", r.RunID, "stage", r.Stage, "workspace", r.WorkspaceName,
		"organization", r.OrganizationName, "task_result_id", r.TaskResultID,
		"enforcement", r.TaskResultEnforcementLevel,
	}
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, map[string]string{"error": msg})
}
