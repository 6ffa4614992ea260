// Package shadow declares production-to-staging traffic shadowing once and
// renders it for nginx (native mirror module), Envoy (route configuration
// with request_mirror_policies) and Istio (VirtualService mirror).
//
// The flow is Route (what a user wrote) → Compile (validate and normalise)
// → Config (what every renderer reads). Nothing here imports Terraform, so
// the CLI and tests use it as they are.
package shadow

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
	"slices"
	"strings"
	"time"
)

// Defaults applied by Compile to fields left empty; the provider schema uses
// the same values so that `terraform plan` shows them.
const (
	DefaultName              = "shadow"
	DefaultSampleBy          = "request"
	DefaultPath              = "/"
	DefaultMirrorHeaderName  = "X-Shadowed-Request"
	DefaultMirrorHeaderValue = "true"
	DefaultConnectTimeout    = 100 * time.Millisecond
	DefaultReadTimeout       = 500 * time.Millisecond
	DefaultListen            = 80
	DefaultServerName        = "_"
)

// DefaultRelayDir holds the relay's unix socket when relay_listen is empty.
// /run is cleared at boot, so no stale socket survives a reboot. With the
// nginx relay, nginx's master (root on a stock install) creates the socket
// there; `parity shadow-relay` runs unprivileged, in a directory of its own
// below it that systemd's RuntimeDirectory= creates (see DefaultRelayListen).
const DefaultRelayDir = "/run"

// Relays: what carries a mirrored request from nginx's mirror location to
// staging.
const (
	// RelayProcess is `parity shadow-relay`, a process beside nginx that
	// answers the mirror at once and forwards to staging on its own.
	RelayProcess = "shadow-relay"
	// RelayNginx is a second nginx server in the same snippet: nothing to
	// run beside nginx, but nginx waits up to RelayHandoffTimeout for it
	// whenever staging is slow.
	RelayNginx = "nginx"
)

// DefaultRelay is the relay of a route that names none: it keeps a slow
// staging from costing production any capacity.
const DefaultRelay = RelayProcess

// DefaultMethods are mirrored when a route names none: both are safe in the
// RFC 9110 sense, so replaying them against staging has no side effects.
var DefaultMethods = []string{"GET", "HEAD"}

// Route is a shadowing declaration as written by a user. Empty fields take
// the defaults above.
type Route struct {
	// Name makes the identifiers of the rendered configuration unique and
	// stable (nginx upstreams and variables, Envoy clusters, the Istio name).
	Name                string
	ProductionUpstreams []string
	StagingUpstreams    []string
	// Percentage of sampled requests, 0 < p ≤ 100 with at most two decimals.
	Percentage float64
	// SampleBy is "request", "client" or "header:<Name>".
	SampleBy           string
	Methods            []string
	AllowUnsafeMethods bool
	MirrorBody         bool
	Paths              []string
	MirrorHeaderName   string
	MirrorHeaderValue  string
	ConnectTimeout     time.Duration
	ReadTimeout        time.Duration
	Listen             int
	ServerName         string
	// RelayListen is where the mirror relay listens: "unix:<absolute
	// path>" or a loopback "127.0.0.1:<port>" / "[::1]:<port>". Empty means
	// DefaultRelayListen(Name, Relay).
	RelayListen string
	// Relay is RelayProcess or RelayNginx; empty means DefaultRelay.
	Relay string
	// MaxRPS caps the requests per second the relay process forwards;
	// 0 means DerivedMaxRPS of the two fields below, or no cap.
	MaxRPS float64
	// ProductionCapacityRPS is how many requests per second production
	// serves at most, and StagingRatio staging's size as a share of
	// production's; both known, they cap the shadow traffic by default.
	ProductionCapacityRPS float64
	StagingRatio          float64
}

// Sampling says what a mirroring decision is sticky to.
type Sampling struct {
	// Kind is SampleRequest, SampleClient or SampleHeader.
	Kind string `json:"kind"`
	// Header is the header whose value decides, for SampleHeader.
	Header string `json:"header,omitempty"`
}

// Kinds of Sampling.
const (
	SampleRequest = "request"
	SampleClient  = "client"
	SampleHeader  = "header"
)

// Config is a validated, normalised Route: upstreams parsed and
// canonicalised, methods upper-case and sorted, the percentage in
// hundredths. Renderers read only this.
type Config struct {
	Name                string        `json:"name"`
	ProductionUpstreams []Upstream    `json:"production_upstreams"`
	StagingUpstreams    []Upstream    `json:"staging_upstreams"`
	Hundredths          int           `json:"percentage_hundredths"`
	Sampling            Sampling      `json:"sampling"`
	Methods             []string      `json:"methods"`
	MirrorBody          bool          `json:"mirror_body"`
	Paths               []string      `json:"paths"`
	MirrorHeaderName    string        `json:"mirror_header_name"`
	MirrorHeaderValue   string        `json:"mirror_header_value"`
	ConnectTimeout      time.Duration `json:"connect_timeout_ns"`
	ReadTimeout         time.Duration `json:"read_timeout_ns"`
	Listen              int           `json:"listen"`
	ServerNames         []string      `json:"server_names"`
	RelayListen         string        `json:"relay_listen"`
	Relay               string        `json:"relay"`
	// MaxRPS is the relay process's rate cap, 0 for none.
	MaxRPS float64 `json:"max_rps"`
}

// Compile validates r and returns its normalised form. The error, when not
// nil, is a FieldErrors naming every field at fault.
func Compile(r Route) (*Config, error) {
	r = r.withDefaults()
	errs := r.Validate()
	if len(errs) > 0 {
		return nil, errs
	}
	c := &Config{
		Name:              r.Name,
		Hundredths:        hundredths(r.Percentage),
		MirrorBody:        r.MirrorBody,
		Paths:             slices.Clone(r.Paths),
		MirrorHeaderName:  r.MirrorHeaderName,
		MirrorHeaderValue: r.MirrorHeaderValue,
		ConnectTimeout:    r.ConnectTimeout,
		ReadTimeout:       r.ReadTimeout,
		Listen:            r.Listen,
		ServerNames:       strings.Fields(r.ServerName),
		RelayListen:       r.RelayListen,
		Relay:             r.Relay,
		MaxRPS:            r.MaxRPS,
	}
	if c.MaxRPS == 0 {
		c.MaxRPS = DerivedMaxRPS(r.ProductionCapacityRPS, r.StagingRatio)
	}
	// Validate parsed every field below, so the errors are known to be nil.
	c.Sampling, _ = ParseSampleBy(r.SampleBy)
	for _, s := range r.ProductionUpstreams {
		u, _ := ParseUpstream(s)
		c.ProductionUpstreams = append(c.ProductionUpstreams, u)
	}
	for _, s := range r.StagingUpstreams {
		u, _ := ParseUpstream(s)
		c.StagingUpstreams = append(c.StagingUpstreams, u)
	}
	c.Methods = slices.Clone(r.Methods)
	slices.Sort(c.Methods)
	c.Methods = slices.Compact(c.Methods)
	return c, nil
}

func (r Route) withDefaults() Route {
	if r.Name == "" {
		r.Name = DefaultName
	}
	if r.SampleBy == "" {
		r.SampleBy = DefaultSampleBy
	}
	if r.Methods == nil {
		r.Methods = slices.Clone(DefaultMethods)
	}
	if r.Paths == nil {
		r.Paths = []string{DefaultPath}
	}
	if r.MirrorHeaderName == "" {
		r.MirrorHeaderName = DefaultMirrorHeaderName
	}
	if r.MirrorHeaderValue == "" {
		r.MirrorHeaderValue = DefaultMirrorHeaderValue
	}
	if r.ConnectTimeout == 0 {
		r.ConnectTimeout = DefaultConnectTimeout
	}
	if r.ReadTimeout == 0 {
		r.ReadTimeout = DefaultReadTimeout
	}
	if r.Listen == 0 {
		r.Listen = DefaultListen
	}
	if r.ServerName == "" {
		r.ServerName = DefaultServerName
	}
	if r.Relay == "" {
		r.Relay = DefaultRelay
	}
	if r.RelayListen == "" {
		r.RelayListen = DefaultRelayListen(r.Name, r.Relay)
	}
	return r
}

// DefaultRelayListen is the relay's address for a route named name. The
// relay process gets a directory of its own, /run/parity-<name>, which
// systemd creates for it (RuntimeDirectory=parity-<name>) owned by the user
// it runs as; nginx's master creates its socket in /run itself.
func DefaultRelayListen(name, relay string) string {
	if relay == RelayNginx {
		return "unix:" + DefaultRelayDir + "/parity-" + name + "-relay.sock"
	}
	return "unix:" + DefaultRelayDir + "/parity-" + name + "/relay.sock"
}

// DerivedMaxRPS is the default rate cap of the relay process: staging,
// sized at stagingRatio of production, serves about productionCapacityRPS
// × stagingRatio requests per second, and shadow traffic never asks more of
// it. Within production's capacity a percentage at most the ratio (say 10 %
// of production into a staging half its size) never reaches the cap; it
// sheds what a surge beyond production's declared capacity, or a
// percentage above the ratio, would add. 0 (no cap) unless both are known;
// rounded to thousandths, at least 0.001.
func DerivedMaxRPS(productionCapacityRPS, stagingRatio float64) float64 {
	if productionCapacityRPS <= 0 || stagingRatio <= 0 {
		return 0
	}
	return max(0.001, math.Round(productionCapacityRPS*stagingRatio*1000)/1000)
}

// Hash is the SHA-256 (hex) of the canonical JSON of c: two declarations
// that shadow the same way have the same hash, whatever their spelling
// (host case, default ports, method order).
func (c *Config) Hash() string {
	// encoding/json writes struct fields in declaration order and every
	// field here is a scalar or a slice in a fixed order, so the encoding
	// is canonical.
	b, err := json.Marshal(c)
	if err != nil {
		panic(err) // Config holds only strings, numbers and bools.
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Percentage returns the sampled share as a percentage.
func (c *Config) Percentage() float64 {
	return float64(c.Hundredths) / 100
}

// Outputs are everything a route renders.
type Outputs struct {
	Nginx string
	// RelayCommand starts the relay process; nil with the nginx relay.
	RelayCommand        []string
	EnvoyRouteConfig    string
	IstioVirtualService string
	ConfigHash          string
}

// Render renders c for every proxy.
func (c *Config) Render() (Outputs, error) {
	envoy, err := c.EnvoyRouteConfigJSON()
	if err != nil {
		return Outputs{}, err
	}
	istio, err := c.IstioVirtualServiceYAML()
	if err != nil {
		return Outputs{}, err
	}
	return Outputs{
		Nginx: c.Nginx(), RelayCommand: c.RelayCommand(),
		EnvoyRouteConfig: envoy, IstioVirtualService: istio, ConfigHash: c.Hash(),
	}, nil
}
