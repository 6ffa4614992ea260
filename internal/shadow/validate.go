package shadow

import (
	"errors"
	"fmt"
	"math"
	"net"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Field names of a Route as the Terraform schema (and the CLI) spell them;
// FieldError.Field is one of these.
const (
	FieldName                = "name"
	FieldProductionUpstreams = "production_upstreams"
	FieldStagingUpstreams    = "staging_upstreams"
	FieldPercentage          = "percentage"
	FieldSampleBy            = "sample_by"
	FieldMethods             = "methods"
	FieldPaths               = "paths"
	FieldMirrorHeaderName    = "mirror_header_name"
	FieldMirrorHeaderValue   = "mirror_header_value"
	FieldConnectTimeout      = "mirror_connect_timeout"
	FieldReadTimeout         = "mirror_read_timeout"
	FieldListen              = "listen"
	FieldServerName          = "server_name"
	FieldRelayListen         = "mirror_relay_listen"
	FieldRelay               = "mirror_relay"
	FieldMaxRPS              = "max_rps"
	FieldProductionCapacity  = "production_capacity_rps"
	FieldStagingRatio        = "staging_ratio"
)

// FieldError is a validation error tied to one field of a Route, and to one
// element of it when Index is not NoIndex, so that callers can point at the
// attribute at fault.
type FieldError struct {
	Field   string
	Index   int
	Summary string
	Detail  string
}

// NoIndex marks a FieldError about a whole field.
const NoIndex = -1

func (e *FieldError) Error() string {
	if e.Index == NoIndex {
		return e.Field + ": " + e.Detail
	}
	return fmt.Sprintf("%s[%d]: %s", e.Field, e.Index, e.Detail)
}

// FieldErrors is every validation error of a Route, in field order.
type FieldErrors []*FieldError

func (errs FieldErrors) Error() string {
	msgs := make([]string, len(errs))
	for i, e := range errs {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Validate returns every error of r (with defaults applied), or nil.
func (r Route) Validate() FieldErrors {
	r = r.withDefaults()
	var errs FieldErrors
	add := func(field string, index int, summary string, err error) {
		if err != nil {
			errs = append(errs, &FieldError{Field: field, Index: index, Summary: summary, Detail: err.Error()})
		}
	}
	add(FieldName, NoIndex, "Invalid Name", CheckName(r.Name))
	for _, list := range []struct {
		field     string
		upstreams []string
	}{{FieldProductionUpstreams, r.ProductionUpstreams}, {FieldStagingUpstreams, r.StagingUpstreams}} {
		if len(list.upstreams) == 0 {
			add(list.field, NoIndex, "Missing Upstreams", fmt.Errorf("%s needs at least one host:port.", list.field))
		}
		for i, s := range list.upstreams {
			_, err := ParseUpstream(s)
			add(list.field, i, "Invalid Upstream", err)
		}
		errs = append(errs, CheckDuplicateUpstreams(list.field, list.upstreams)...)
	}
	errs = append(errs, CheckOverlap(r.ProductionUpstreams, r.StagingUpstreams)...)
	add(FieldPercentage, NoIndex, "Invalid Percentage", CheckPercentage(r.Percentage))
	_, err := ParseSampleBy(r.SampleBy)
	add(FieldSampleBy, NoIndex, "Invalid Sampling", err)
	if len(r.Methods) == 0 {
		add(FieldMethods, NoIndex, "Missing Methods", errors.New("methods needs at least one HTTP method, such as GET."))
	}
	for _, m := range r.Methods {
		add(FieldMethods, NoIndex, "Invalid Method", CheckMethod(m))
	}
	errs = append(errs, CheckUnsafeMethods(r.Methods, r.AllowUnsafeMethods)...)
	if len(r.Paths) == 0 {
		add(FieldPaths, NoIndex, "Missing Paths", errors.New(`paths needs at least one path prefix, such as "/".`))
	}
	for i, p := range r.Paths {
		add(FieldPaths, i, "Invalid Path", CheckPath(p))
		if slices.Index(r.Paths, p) < i {
			add(FieldPaths, i, "Duplicate Path", fmt.Errorf("paths lists %q more than once.", p))
		}
	}
	add(FieldMirrorHeaderName, NoIndex, "Invalid Header Name", CheckMirrorHeaderName(r.MirrorHeaderName))
	add(FieldMirrorHeaderValue, NoIndex, "Invalid Header Value", CheckHeaderValue(r.MirrorHeaderValue))
	add(FieldConnectTimeout, NoIndex, "Invalid Timeout", CheckTimeout(r.ConnectTimeout))
	add(FieldReadTimeout, NoIndex, "Invalid Timeout", CheckTimeout(r.ReadTimeout))
	add(FieldListen, NoIndex, "Invalid Port", CheckListen(r.Listen))
	add(FieldServerName, NoIndex, "Invalid Server Name", CheckServerName(r.ServerName))
	add(FieldRelayListen, NoIndex, "Invalid Relay Address", CheckRelayListen(r.RelayListen, r.Listen))
	add(FieldRelay, NoIndex, "Invalid Relay", CheckRelay(r.Relay))
	errs = append(errs, CheckRateCap(r.Relay, r.MaxRPS, r.ProductionCapacityRPS, r.StagingRatio)...)
	return errs
}

// CheckRelay accepts RelayProcess and RelayNginx.
func CheckRelay(relay string) error {
	if relay != RelayProcess && relay != RelayNginx {
		return fmt.Errorf("mirror_relay must be %q (the parity shadow-relay process) or %q (a relay server inside nginx), got %q.", RelayProcess, RelayNginx, relay)
	}
	return nil
}

// MaxMaxRPS bounds max_rps: far beyond what one relay process forwards, so
// that a value above it is a typo.
const MaxMaxRPS = 1e6

// CheckMaxRPS accepts a rate cap greater than 0 and at most MaxMaxRPS.
func CheckMaxRPS(v float64) error {
	if math.IsNaN(v) || v <= 0 || v > MaxMaxRPS {
		return fmt.Errorf("max_rps must be greater than 0 and at most %g requests per second, got %v.", float64(MaxMaxRPS), v)
	}
	return nil
}

// CheckRateCap checks the rate cap fields together: each set one in range,
// the capacity and the ratio both or neither, and none of them with the
// nginx relay, which has no cap. Zero means unset.
func CheckRateCap(relay string, maxRPS, capacity, ratio float64) FieldErrors {
	var errs FieldErrors
	add := func(field, summary, detail string) {
		errs = append(errs, &FieldError{Field: field, Index: NoIndex, Summary: summary, Detail: detail})
	}
	if maxRPS != 0 {
		if err := CheckMaxRPS(maxRPS); err != nil {
			add(FieldMaxRPS, "Invalid Rate Cap", err.Error())
		}
	}
	if capacity != 0 && (math.IsNaN(capacity) || capacity < 0 || capacity > 1e9) {
		add(FieldProductionCapacity, "Invalid Production Capacity",
			fmt.Sprintf("production_capacity_rps must be greater than 0 and at most 1e9 requests per second, got %v.", capacity))
	}
	if ratio != 0 && (math.IsNaN(ratio) || ratio < 0 || ratio > 100) {
		add(FieldStagingRatio, "Invalid Staging Ratio",
			fmt.Sprintf("staging_ratio must be greater than 0 and at most 100 (staging's size as a share of production's, such as 0.5), got %v.", ratio))
	}
	switch {
	case capacity != 0 && ratio == 0:
		add(FieldStagingRatio, "Incomplete Rate Cap",
			"production_capacity_rps is set but staging_ratio is not: the default max_rps is production_capacity_rps × staging_ratio. Set staging_ratio (staging's size as a share of production's, such as 0.5), or max_rps itself.")
	case ratio != 0 && capacity == 0:
		add(FieldProductionCapacity, "Incomplete Rate Cap",
			"staging_ratio is set but production_capacity_rps is not: the default max_rps is production_capacity_rps × staging_ratio. Set production_capacity_rps (the most requests per second production serves), or max_rps itself.")
	}
	if relay == RelayNginx {
		for _, f := range []struct {
			field string
			value float64
		}{{FieldMaxRPS, maxRPS}, {FieldProductionCapacity, capacity}, {FieldStagingRatio, ratio}} {
			if f.value != 0 {
				add(f.field, "Rate Cap Needs the Relay Process",
					fmt.Sprintf("%s caps the requests the parity shadow-relay process forwards, and mirror_relay = %q has no such cap. Remove %s, or set mirror_relay = %q.", f.field, RelayNginx, f.field, RelayProcess))
			}
		}
	}
	return errs
}

// Upstream is one server of an upstream list. Host is lower-case without a
// trailing dot, IPv6 addresses without brackets.
type Upstream struct {
	Host string `json:"host"`
	Port int    `json:"port"`
}

// DefaultUpstreamPort is the port of an upstream written without one.
const DefaultUpstreamPort = 80

func (u Upstream) String() string {
	return net.JoinHostPort(u.Host, strconv.Itoa(u.Port))
}

// identity is the server u names, as far as can be told without DNS:
// localhost and the loopback addresses are one server.
func (u Upstream) identity() string {
	host := u.Host
	if host == "localhost" || host == "::1" || host == "127.0.0.1" {
		host = "loopback"
	}
	return host + "/" + strconv.Itoa(u.Port)
}

var dnsLabel = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// ParseUpstream parses "host:port" (or "host", port 80). Host is a DNS name,
// an IPv4 address or a bracketed IPv6 address.
func ParseUpstream(s string) (Upstream, error) {
	if strings.Contains(s, "://") {
		return Upstream{}, fmt.Errorf("%q has a scheme; write host:port, such as \"10.0.0.5:8080\".", s)
	}
	host, portText, hasPort := s, "", false
	switch {
	case strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]"):
		host = s[1 : len(s)-1]
	case strings.HasPrefix(s, "[") || strings.Count(s, ":") == 1:
		var err error
		hasPort = true
		if host, portText, err = net.SplitHostPort(s); err != nil {
			return Upstream{}, fmt.Errorf("%q is not host:port, such as \"10.0.0.5:8080\".", s)
		}
	case strings.Count(s, ":") > 1:
		return Upstream{}, fmt.Errorf("%q looks like an IPv6 address; write it in brackets, such as \"[%s]:8080\".", s, s)
	}
	port := DefaultUpstreamPort
	if hasPort {
		p, err := strconv.Atoi(portText)
		if err != nil || p < 1 || p > 65535 {
			return Upstream{}, fmt.Errorf("%q has port %q; a port is a number from 1 to 65535.", s, portText)
		}
		port = p
	}
	if addr, err := netip.ParseAddr(host); err == nil {
		if addr.Zone() != "" {
			return Upstream{}, fmt.Errorf("%q has an IPv6 zone, which proxies cannot route to.", s)
		}
		return Upstream{Host: addr.Unmap().String(), Port: port}, nil
	}
	name := strings.TrimSuffix(strings.ToLower(host), ".")
	if name == "" || len(name) > 253 {
		return Upstream{}, fmt.Errorf("%q has no valid host; write host:port, such as \"10.0.0.5:8080\".", s)
	}
	for label := range strings.SplitSeq(name, ".") {
		if !dnsLabel.MatchString(label) {
			return Upstream{}, fmt.Errorf("%q: %q is neither an IP address nor a DNS name (letters, digits and hyphens between dots).", s, host)
		}
	}
	return Upstream{Host: name, Port: port}, nil
}

// CheckDuplicateUpstreams reports upstreams listed twice in one field after
// normalisation.
func CheckDuplicateUpstreams(field string, upstreams []string) FieldErrors {
	var errs FieldErrors
	seen := map[string]int{}
	for i, s := range upstreams {
		u, err := ParseUpstream(s)
		if err != nil {
			continue
		}
		if first, ok := seen[u.identity()]; ok {
			errs = append(errs, &FieldError{
				Field: field, Index: i, Summary: "Duplicate Upstream",
				Detail: fmt.Sprintf("%s[%d] %q is the same server as %s[%d] %q; list each server once.", field, i, s, field, first, upstreams[first]),
			})
			continue
		}
		seen[u.identity()] = i
	}
	return errs
}

// CheckOverlap reports every staging upstream that is also a production
// upstream once host case, default ports and localhost/127.0.0.1 are
// normalised: shadowing production into itself duplicates its writes.
func CheckOverlap(production, staging []string) FieldErrors {
	prod := map[string]int{}
	for i, s := range production {
		if u, err := ParseUpstream(s); err == nil {
			if _, ok := prod[u.identity()]; !ok {
				prod[u.identity()] = i
			}
		}
	}
	var errs FieldErrors
	for i, s := range staging {
		u, err := ParseUpstream(s)
		if err != nil {
			continue
		}
		if j, ok := prod[u.identity()]; ok {
			errs = append(errs, &FieldError{
				Field: FieldStagingUpstreams, Index: i, Summary: "Staging Upstream Overlaps Production",
				Detail: fmt.Sprintf("staging_upstreams[%d] %q and production_upstreams[%d] %q are the same server "+
					"(host case, default port 80 and localhost/127.0.0.1 normalised). Mirroring production into itself "+
					"replays every mirrored request against production a second time. Point staging_upstreams at staging servers only.",
					i, s, j, production[j]),
			})
		}
	}
	return errs
}

// CheckPercentage accepts 0.01 ≤ p ≤ 100 in steps of 0.01: nginx's
// split_clients reads a percentage with at most two decimals (and refuses
// 0.00%), and Envoy samples per ten thousand. Whatever passes renders a
// configuration `nginx -t` accepts (see percentage_nginx_test.go).
func CheckPercentage(p float64) error {
	if math.IsNaN(p) || p <= 0 || p > 100 {
		return fmt.Errorf("percentage must be greater than 0 and at most 100, got %v.", p)
	}
	if p*100 < 1-1e-6 {
		return fmt.Errorf("percentage must be at least 0.01 (nginx and Envoy sample in hundredths of a percent), got %v.", p)
	}
	if math.Abs(p*100-math.Round(p*100)) > 1e-6 {
		return fmt.Errorf("percentage has at most two decimals (nginx and Envoy sample in hundredths of a percent), got %v; use %.2f.", p, p)
	}
	return nil
}

func hundredths(p float64) int {
	return int(math.Round(p * 100))
}

// ParseSampleBy parses "request", "client" or "header:<Name>".
func ParseSampleBy(s string) (Sampling, error) {
	switch s {
	case SampleRequest, SampleClient:
		return Sampling{Kind: s}, nil
	}
	name, ok := strings.CutPrefix(s, SampleHeader+":")
	if !ok {
		return Sampling{}, fmt.Errorf(`sample_by must be "request", "client" or "header:<Name>", got %q.`, s)
	}
	if err := CheckHeaderName(name); err != nil {
		return Sampling{}, err
	}
	if !nginxHeaderName.MatchString(name) {
		return Sampling{}, fmt.Errorf("header %q cannot be read by nginx ($http_ variables): use letters, digits and hyphens only.", name)
	}
	return Sampling{Kind: SampleHeader, Header: name}, nil
}

var (
	// token is RFC 9110 section 5.6.2.
	token           = regexp.MustCompile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
	nginxHeaderName = regexp.MustCompile(`^[A-Za-z0-9-]+$`)
	method          = regexp.MustCompile(`^[A-Z][A-Z0-9_-]*$`)
	// headerValue is visible ASCII and inner spaces, without the characters
	// nginx would read as a quote, an escape or a variable.
	headerValue = regexp.MustCompile(`^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$`)
	urlPath     = regexp.MustCompile(`^/[A-Za-z0-9._~!&'()*+,=:@%/-]*$`)
	serverName  = regexp.MustCompile(`^[A-Za-z0-9*_.-]+$`)
	routeName   = regexp.MustCompile(`^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$`)
)

// CheckHeaderName accepts an RFC 9110 token.
func CheckHeaderName(name string) error {
	if !token.MatchString(name) {
		return fmt.Errorf("%q is not a valid header name: RFC 9110 allows letters, digits and !#$%%&'*+-.^_`|~ only.", name)
	}
	return nil
}

// framingHeaders carry connection and message framing; setting them on the
// mirror would break the mirrored request instead of marking it.
var framingHeaders = []string{"connection", "content-length", "host", "keep-alive", "te", "transfer-encoding", "upgrade"}

// CheckMirrorHeaderName accepts a header name that can mark mirrored requests.
func CheckMirrorHeaderName(name string) error {
	if err := CheckHeaderName(name); err != nil {
		return err
	}
	if slices.Contains(framingHeaders, strings.ToLower(name)) {
		return fmt.Errorf("%s frames or routes the request and cannot mark mirrored requests; choose a header of your own, such as %s.", name, DefaultMirrorHeaderName)
	}
	return nil
}

// CheckHeaderValue accepts visible ASCII with inner spaces, except `"`, `\`
// and `$`, which nginx reads as quoting and variables.
func CheckHeaderValue(v string) error {
	if !headerValue.MatchString(v) || strings.ContainsAny(v, "\"\\$") {
		return fmt.Errorf("%q is not a usable header value: use visible ASCII characters (inner spaces allowed) other than \" \\ and $.", v)
	}
	return nil
}

// safeMethods are the RFC 9110 safe methods: mirroring them has no side
// effects on staging.
var safeMethods = []string{"GET", "HEAD", "OPTIONS", "TRACE"}

// CheckMethod accepts an upper-case method name other than CONNECT.
func CheckMethod(m string) error {
	if !method.MatchString(m) {
		return fmt.Errorf("%q is not an HTTP method: methods are case-sensitive and written in upper case, such as GET.", m)
	}
	if m == "CONNECT" {
		return errors.New("CONNECT opens a tunnel, which cannot be mirrored.")
	}
	return nil
}

// CheckUnsafeMethods refuses methods with side effects unless allowed:
// mirroring a POST replays the write against staging.
func CheckUnsafeMethods(methods []string, allowUnsafe bool) FieldErrors {
	if allowUnsafe {
		return nil
	}
	var unsafe []string
	for _, m := range methods {
		if !slices.Contains(safeMethods, m) && method.MatchString(m) && !slices.Contains(unsafe, m) {
			unsafe = append(unsafe, m)
		}
	}
	if len(unsafe) == 0 {
		return nil
	}
	slices.Sort(unsafe)
	return FieldErrors{{
		Field: FieldMethods, Index: NoIndex, Summary: "Unsafe Methods Need Opt-In",
		Detail: fmt.Sprintf("methods includes %s, which can change state: staging would replay production's writes "+
			"(its database, queues, e-mails and payment sandboxes see them too). Keep methods to %s, or set "+
			"allow_unsafe_methods = true once staging's side effects are isolated.",
			strings.Join(unsafe, ", "), strings.Join(safeMethods, ", ")),
	}}
}

// CheckPath accepts a URL path prefix that every renderer can quote safely.
func CheckPath(p string) error {
	if !urlPath.MatchString(p) {
		return fmt.Errorf("%q is not a path prefix: start with / and use URL path characters only (no spaces, quotes, ; $ { } ? or #).", p)
	}
	return nil
}

// Timeout bounds: nginx counts in milliseconds, and a mirror that may wait
// for more than a minute is not short.
const (
	MinTimeout = time.Millisecond
	MaxTimeout = time.Minute
)

// ParseTimeout parses a Go duration such as "250ms" and checks its bounds.
func ParseTimeout(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration; write one such as \"250ms\" or \"1s\".", s)
	}
	return d, CheckTimeout(d)
}

// CheckTimeout accepts whole milliseconds from MinTimeout to MaxTimeout.
func CheckTimeout(d time.Duration) error {
	if d < MinTimeout || d > MaxTimeout || d%time.Millisecond != 0 {
		return fmt.Errorf("%v is not a usable mirror timeout: use whole milliseconds from %v to %v.", d, MinTimeout, MaxTimeout)
	}
	return nil
}

// CheckListen accepts a TCP port.
func CheckListen(port int) error {
	if port < 1 || port > 65535 {
		return fmt.Errorf("listen must be a port from 1 to 65535, got %d.", port)
	}
	return nil
}

// maxUnixSocketPath is the longest socket path Linux accepts (sun_path is
// 108 bytes with the terminating NUL).
const maxUnixSocketPath = 107

var unixSocketPath = regexp.MustCompile(`^/[A-Za-z0-9._/-]+$`)

// CheckRelayListen accepts the relay addresses that no client can reach: a
// unix socket ("unix:/run/parity-api-relay.sock") or a loopback port other
// than listen ("127.0.0.1:8481", "[::1]:8481").
func CheckRelayListen(s string, listen int) error {
	if path, ok := strings.CutPrefix(s, "unix:"); ok {
		if !unixSocketPath.MatchString(path) || strings.Contains(path, "/../") || strings.HasSuffix(path, "/") {
			return fmt.Errorf("%q is not a usable socket: write unix: and an absolute file path of letters, digits, dots, hyphens, underscores and slashes, such as \"unix:/run/parity-api-relay.sock\".", s)
		}
		if len(path) > maxUnixSocketPath {
			return fmt.Errorf("%q has a socket path of %d bytes; Linux accepts at most %d.", s, len(path), maxUnixSocketPath)
		}
		return nil
	}
	host, portText, err := net.SplitHostPort(s)
	addr, addrErr := netip.ParseAddr(host)
	port, portErr := strconv.Atoi(portText)
	if err != nil || addrErr != nil || !addr.IsLoopback() || addr.Zone() != "" ||
		portErr != nil || port < 1 || port > 65535 {
		return fmt.Errorf("%q is neither unix:<path> nor a loopback address with a port, such as \"127.0.0.1:8481\"; the relay must not be reachable from other hosts.", s)
	}
	if port == listen {
		return fmt.Errorf("%q uses port %d, which the shadowing server listens on; pick another port or a unix socket.", s, port)
	}
	return nil
}

// CheckServerName accepts nginx server names separated by spaces: exact
// names, wildcards such as *.example.com, or _ for any.
func CheckServerName(s string) error {
	names := strings.Fields(s)
	if len(names) == 0 {
		return errors.New("server_name needs at least one name, or _ for any.")
	}
	for _, n := range names {
		if !serverName.MatchString(n) {
			return fmt.Errorf("%q is not a server name: use letters, digits, dots, hyphens and * wildcards, or _ for any.", n)
		}
	}
	return nil
}

// CheckName accepts a name usable in nginx identifiers, Envoy cluster names
// and Kubernetes object names alike.
func CheckName(name string) error {
	if !routeName.MatchString(name) {
		return fmt.Errorf("%q is not a usable name: use up to 40 lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen.", name)
	}
	return nil
}
