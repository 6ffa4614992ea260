package loadprofile

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Result is a rendered load profile.
type Result struct {
	// Script is a self-contained k6 script for `k6 run`.
	Script string
	// OptionsJSON is the options object embedded in Script.
	OptionsJSON string
	// Options is OptionsJSON before marshalling.
	Options Options
	// MaxVUs is the most VUs k6 can hold at once.
	MaxVUs int64
	// TotalDuration is the scheduled length, main phase plus incident
	// scenarios; k6 may take up to 30s longer to let iterations finish.
	TotalDuration time.Duration
	// ConfigHash is the SHA-256 of Script: equal hashes, equal tests.
	ConfigHash string
}

// Render validates p and renders its k6 script. A validation error is a
// ValidationError listing every problem.
func Render(p Profile) (*Result, error) {
	r, err := p.resolve()
	if err != nil {
		return nil, err
	}
	planned, opts := r.plan()

	optionsJSON, err := marshalJS(opts)
	if err != nil {
		return nil, err
	}
	script, err := renderScript(r, planned, optionsJSON)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256([]byte(script))
	return &Result{
		Script:        script,
		OptionsJSON:   optionsJSON,
		Options:       opts,
		MaxVUs:        maxConcurrentVUs(planned),
		TotalDuration: scheduledDuration(planned),
		ConfigHash:    hex.EncodeToString(sum[:]),
	}, nil
}

// requestData is what the script sends for one endpoint. User input reaches
// the script only as JSON data, never as code.
type requestData struct {
	Name    string            `json:"name"`
	Method  string            `json:"method"`
	URL     string            `json:"url"`
	Body    *string           `json:"body"`
	Headers map[string]string `json:"headers"`
}

// scriptHeader explains the file to whoever opens it. Arrival-rate
// executors, not --rps, give the traffic shape: --rps only caps all requests.
const scriptHeader = `// k6 load test rendered by terraform-provider-parity (parity_load_profile).
// Change the Terraform configuration, not this file. Every scenario uses an
// arrival-rate or constant-VU executor; k6's --rps flag is a global cap, not
// an arrival rate, so do not pass it.
import http from "k6/http";
import { check, sleep } from "k6";

`

// scriptHelpers sends one request, checks it and pauses like a user.
const scriptHelpers = `
function send(endpoint) {
  const res = http.request(endpoint.method, endpoint.url, endpoint.body, {
    headers: endpoint.headers,
    tags: { name: endpoint.name },
  });
  check(res, { "status is 2xx or 3xx": (r) => r.status >= 200 && r.status < 400 });
}

function think() {
  sleep(thinkTime.min + Math.random() * (thinkTime.max - thinkTime.min));
}
`

func renderScript(r *resolved, planned []plannedScenario, optionsJSON string) (string, error) {
	requests := make([]requestData, len(r.endpoints))
	for i, e := range r.endpoints {
		requests[i] = requestData{
			Name:    e.method + " " + e.path,
			Method:  e.method,
			URL:     r.baseURL + escapeURLPath(e.path),
			Headers: e.headers,
		}
		if requests[i].Headers == nil {
			requests[i].Headers = map[string]string{}
		}
		if e.body != "" {
			requests[i].Body = &e.body
		}
	}
	endpointsJSON, err := marshalJS(requests)
	if err != nil {
		return "", err
	}
	thinkJSON, err := marshalJS(map[string]float64{"min": r.think.Min, "max": r.think.Max})
	if err != nil {
		return "", err
	}

	var b strings.Builder
	b.WriteString(scriptHeader)
	fmt.Fprintf(&b, "export const options = %s;\n\n", optionsJSON)
	fmt.Fprintf(&b, "const endpoints = %s;\n\n", endpointsJSON)
	fmt.Fprintf(&b, "const thinkTime = %s;\n", thinkJSON)
	b.WriteString(scriptHelpers)

	// One exec function per name; endurance scenarios reuse their endpoint's.
	written := map[string]bool{}
	for _, ps := range planned {
		if written[ps.scenario.Exec] {
			continue
		}
		written[ps.scenario.Exec] = true
		// Only generated identifiers and integers are written as code here.
		fmt.Fprintf(&b, "\nexport function %s() {\n  send(endpoints[%d]);\n", ps.scenario.Exec, ps.endpoint)
		switch {
		case ps.hold > 0:
			fmt.Fprintf(&b, "  sleep(%s); // hold the kept-alive connection\n", strconv.FormatFloat(ps.hold.Seconds(), 'f', -1, 64))
		case ps.think:
			b.WriteString("  think();\n")
		}
		b.WriteString("}\n")
	}
	return b.String(), nil
}

// marshalJS encodes v as JSON that is also a safe JavaScript literal:
// encoding/json escapes <, > and & (so "</script>" cannot end an enclosing
// tag) and always escapes U+2028 and U+2029, which older JavaScript parsers
// take for line ends inside strings. Quotes, backslashes, backticks and
// "${" stay inside the string literal and mean nothing there.
func marshalJS(v any) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.TrimSuffix(buf.String(), "\n"), nil
}

// escapeURLPath percent-encodes what may not appear raw in a URL (spaces,
// quotes, backticks, braces, angle brackets, control characters, '#',
// non-ASCII) and keeps the characters that give a path and query string
// their structure, and existing %XX escapes.
func escapeURLPath(p string) string {
	const keep = "-._~:/?[]@!$&'()*+,;="
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', strings.IndexByte(keep, c) >= 0:
			b.WriteByte(c)
		case c == '%' && i+2 < len(p) && isHex(p[i+1]) && isHex(p[i+2]):
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
