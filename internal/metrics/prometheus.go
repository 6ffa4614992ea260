package metrics

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// maxResponseBytes bounds one query_range answer: far above what a
// comparison needs (a few hundred series of a few hundred points), far
// below what could exhaust memory.
const maxResponseBytes = 128 << 20

// Server is one Prometheus HTTP API.
type Server struct {
	// Side is staging or production; it starts every error message.
	Side string
	// URL is the base URL (http://prometheus:9090, or with a path prefix).
	URL string
	// BearerToken is sent as Authorization: Bearer; it never appears in an
	// error.
	BearerToken string
	// Headers are sent with every request.
	Headers http.Header
	// Client does the requests; nil is a client with Timeout and no proxy
	// surprises beyond the environment's.
	Client *http.Client
	// Timeout bounds each query; 0 is 30 s.
	Timeout time.Duration
}

// TLSOptions configure HTTPS to a Prometheus server.
type TLSOptions struct {
	CAFile             string
	CertFile, KeyFile  string
	InsecureSkipVerify bool
}

// HTTPClient returns a client for o, its files read now so that a missing
// file is reported before any query.
func HTTPClient(o TLSOptions) (*http.Client, error) {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: o.InsecureSkipVerify} //nolint:gosec // an explicit opt-in flag
	if o.CAFile != "" {
		pem, err := os.ReadFile(o.CAFile)
		if err != nil {
			return nil, fmt.Errorf("%s: cannot read CA file: %v", o.CAFile, unwrapPath(err))
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("%s: no PEM certificate in the CA file", o.CAFile)
		}
		cfg.RootCAs = pool
	}
	if o.CertFile != "" || o.KeyFile != "" {
		if o.CertFile == "" || o.KeyFile == "" {
			return nil, errors.New("a client certificate needs both --client-cert and --client-key")
		}
		cert, err := tls.LoadX509KeyPair(o.CertFile, o.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("%s, %s: cannot load the client certificate: %v", o.CertFile, o.KeyFile, unwrapPath(err))
		}
		cfg.Certificates = []tls.Certificate{cert}
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = cfg
	return &http.Client{Transport: tr}, nil
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ParseHeaders reads headers from an environment variable's value: one
// "Name: value" per line.
func ParseHeaders(s, variable string) (http.Header, error) {
	h := http.Header{}
	for i, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		name = strings.TrimSpace(name)
		if !ok || name == "" || strings.ContainsAny(name, " \t") {
			return nil, fmt.Errorf("%s line %d: want \"Name: value\"", variable, i+1)
		}
		h.Add(name, strings.TrimSpace(value))
	}
	return h, nil
}

// Series is one series of a range query.
type Series struct {
	Labels  map[string]string
	Samples []Sample
}

// Sample is one point. V is NaN where Prometheus answered NaN.
type Sample struct {
	T float64 // Unix seconds
	V float64
}

// QueryError is an error of one query: the server could not be reached, or
// it refused or failed the query.
type QueryError struct {
	Side, URL, Query string
	Err              error
}

func (e *QueryError) Error() string {
	return fmt.Sprintf("%s Prometheus %s: %v (query: %s)", e.Side, e.URL, e.Err, e.Query)
}

func (e *QueryError) Unwrap() error { return e.Err }

// QueryRange runs a range query and returns its matrix.
func (s *Server) QueryRange(ctx context.Context, query string, start, end time.Time, step time.Duration) ([]Series, error) {
	fail := func(err error) ([]Series, error) {
		return nil, &QueryError{Side: s.Side, URL: RedactURL(s.URL), Query: query, Err: err}
	}
	base, err := url.Parse(s.URL)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return fail(errors.New("not an http:// or https:// URL"))
	}
	endpoint := base.JoinPath("api", "v1", "query_range")
	form := url.Values{
		"query": {query},
		"start": {formatTime(start)},
		"end":   {formatTime(end)},
		"step":  {strconv.FormatFloat(step.Seconds(), 'f', -1, 64)},
	}
	timeout := s.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint.String(), strings.NewReader(form.Encode()))
	if err != nil {
		return fail(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	for k, vs := range s.Headers {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	if s.BearerToken != "" {
		req.Header.Set("Authorization", "Bearer "+s.BearerToken)
	}
	client := s.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return fail(reachError(err, timeout))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
	if err != nil {
		return fail(fmt.Errorf("reading the answer: %w", reachError(err, timeout)))
	}
	if len(body) > maxResponseBytes {
		return fail(fmt.Errorf("the answer is larger than %d MB: narrow the query with a selector or a longer --step", maxResponseBytes>>20))
	}
	var answer struct {
		Status    string   `json:"status"`
		ErrorType string   `json:"errorType"`
		Error     string   `json:"error"`
		Warnings  []string `json:"warnings"`
		Data      struct {
			ResultType string `json:"resultType"`
			Result     []struct {
				Metric map[string]string `json:"metric"`
				Values [][2]any          `json:"values"`
			} `json:"result"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &answer); err != nil || answer.Status == "" {
		if resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden {
			return fail(fmt.Errorf("HTTP %s: check the bearer token or headers (PARITY_%s_BEARER_TOKEN, PARITY_%s_HEADERS)",
				resp.Status, strings.ToUpper(s.Side), strings.ToUpper(s.Side)))
		}
		return fail(fmt.Errorf("HTTP %s: not a Prometheus API answer", resp.Status))
	}
	if answer.Status != "success" {
		return fail(fmt.Errorf("query failed (%s): %s", answer.ErrorType, answer.Error))
	}
	if answer.Data.ResultType != "matrix" {
		return fail(fmt.Errorf("want a matrix, got a %s", answer.Data.ResultType))
	}
	out := make([]Series, 0, len(answer.Data.Result))
	for _, r := range answer.Data.Result {
		series := Series{Labels: r.Metric, Samples: make([]Sample, 0, len(r.Values))}
		for _, v := range r.Values {
			t, ok1 := v[0].(float64)
			text, ok2 := v[1].(string)
			if !ok1 || !ok2 {
				return fail(errors.New("malformed sample in the answer"))
			}
			f, err := parseSampleValue(text)
			if err != nil {
				return fail(fmt.Errorf("malformed sample value %q", text))
			}
			series.Samples = append(series.Samples, Sample{T: t, V: f})
		}
		out = append(out, series)
	}
	return out, nil
}

// RedactURL hides a password in a URL's user information, so that a URL
// given as https://user:secret@host never shows its secret.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		if strings.Contains(raw, "@") {
			return "(a URL that does not parse)"
		}
		return raw
	}
	return u.Redacted()
}

// parseSampleValue reads Prometheus's sample text: numbers, NaN, +Inf, -Inf.
func parseSampleValue(s string) (float64, error) {
	switch s {
	case "NaN":
		return math.NaN(), nil
	case "+Inf", "Inf":
		return math.Inf(1), nil
	case "-Inf":
		return math.Inf(-1), nil
	}
	return strconv.ParseFloat(s, 64)
}

func formatTime(t time.Time) string {
	return strconv.FormatFloat(float64(t.UnixNano())/1e9, 'f', 3, 64)
}

// reachError words a transport error for a person: refused, unknown host,
// timed out, TLS.
func reachError(err error, timeout time.Duration) error {
	var opErr *net.OpError
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	switch {
	case errors.Is(err, context.DeadlineExceeded) || os.IsTimeout(err):
		return fmt.Errorf("no answer within %s: is the server up and the query light enough?", timeout)
	case errors.As(err, &dnsErr):
		return fmt.Errorf("cannot resolve %s", dnsErr.Name)
	case errors.As(err, &certErr):
		return fmt.Errorf("TLS certificate not trusted: %v (give its CA with --ca-file)", certErr.Err)
	case errors.As(err, &opErr):
		return fmt.Errorf("cannot reach the server: %v", opErr.Err)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
