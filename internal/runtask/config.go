package runtask

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/envparity/terraform-provider-parity/internal/parity"
	"github.com/envparity/terraform-provider-parity/internal/rulesfile"
)

// Defaults of the configuration file.
const (
	// exampleAddress shows the shape of address in errors; there is no
	// default, so that tokens only ever go to an origin the operator wrote.
	exampleAddress    = "https://tfe.example.com"
	DefaultTokenEnv   = "TFE_TOKEN"
	DefaultHMACKeyEnv = "PARITY_RUN_TASK_HMAC_KEY"
	DefaultWorkers    = 2
	DefaultQueueSize  = 32
	// DefaultTimeout bounds one evaluation. HCP Terraform errors a task that
	// sends no progress for 10 minutes; the service reports `running` when it
	// starts, so the result must follow within that window.
	DefaultTimeout = 8 * time.Minute
	maxTimeout     = 9 * time.Minute
)

// The values of unmatched_workspaces.
const (
	UnmatchedPass = "pass"
	UnmatchedFail = "fail"
)

// Config is the run task service's configuration: where HCP Terraform is,
// which environment variables hold the secrets, and the workspace pairs.
// Secrets themselves are never read from the file.
type Config struct {
	// Source is the path of the configuration file.
	Source string
	// Address is the scheme and host (with port) of HCP Terraform or
	// Terraform Enterprise; tokens are only ever sent there.
	Address      *url.URL
	Organization string
	// TokenEnv names the environment variable holding the organization or
	// team token used to read the counterpart workspace's state.
	TokenEnv string
	// HMACKeyEnv names the environment variable holding the run task's HMAC
	// key.
	HMACKeyEnv string
	// ReportURL, when set, is linked from the result and every outcome.
	ReportURL string
	Workers   int
	QueueSize int
	// Timeout bounds one evaluation (fetching, comparing, calling back).
	Timeout time.Duration
	// ShutdownTimeout bounds the graceful shutdown that finishes queued and
	// running evaluations.
	ShutdownTimeout time.Duration
	// Unmatched is UnmatchedPass or UnmatchedFail: the result for a run in a
	// workspace that no pair names.
	Unmatched string
	Pairs     []Pair
}

// Pair is a staging and a production workspace (or families of them)
// compared with one set of rules.
type Pair struct {
	Name       string
	Staging    Selector
	Production Selector
	// Rules are the rules file of the pair with its ratio and environment
	// tokens laid over it.
	Rules parity.Rules
	// Declared is where the pair is declared (file:line).
	Declared string
}

// Selector picks the workspaces of one side of a pair: by exact name, by a
// name pattern where `*` matches any run of characters, or by tags (a
// workspace must carry all of them).
type Selector struct {
	Workspace string
	Pattern   string
	Tags      []string
}

// String describes the selector for messages.
func (s Selector) String() string {
	switch {
	case s.Workspace != "":
		return fmt.Sprintf("workspace %q", s.Workspace)
	case s.Pattern != "":
		return fmt.Sprintf("workspaces matching %q", s.Pattern)
	}
	return fmt.Sprintf("workspaces tagged %s", strings.Join(quoteAll(s.Tags), ", "))
}

// fileConfig is the HCL schema of the configuration file.
type fileConfig struct {
	Address         *string    `hcl:"address,optional"`
	Organization    string     `hcl:"organization"`
	TokenEnv        *string    `hcl:"token_env,optional"`
	HMACKeyEnv      *string    `hcl:"hmac_key_env,optional"`
	ReportURL       *string    `hcl:"report_url,optional"`
	Workers         *int       `hcl:"workers,optional"`
	QueueSize       *int       `hcl:"queue_size,optional"`
	Timeout         *string    `hcl:"timeout,optional"`
	ShutdownTimeout *string    `hcl:"shutdown_timeout,optional"`
	Unmatched       *string    `hcl:"unmatched_workspaces,optional"`
	Pairs           []filePair `hcl:"pair,block"`
}

type filePair struct {
	Name       string        `hcl:"name,label"`
	Staging    *fileSelector `hcl:"staging,block"`
	Production *fileSelector `hcl:"production,block"`
	RulesFile  *string       `hcl:"rules_file,optional"`
	Ratio      *float64      `hcl:"ratio,optional"`
	Tokens     *fileTokens   `hcl:"environment_tokens,block"`
	DefRange   hcl.Range     `hcl:",def_range"`
}

type fileSelector struct {
	Workspace *string   `hcl:"workspace,optional"`
	Pattern   *string   `hcl:"workspace_pattern,optional"`
	Tags      *[]string `hcl:"tags,optional"`
	DefRange  hcl.Range `hcl:",def_range"`
}

type fileTokens struct {
	Staging    *[]string `hcl:"staging,optional"`
	Production *[]string `hcl:"production,optional"`
}

// LoadConfig reads and checks the configuration file at path, and the rules
// file of every pair (relative paths are relative to the configuration
// file). Errors name the file, line and column at fault.
func LoadConfig(path string) (*Config, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("%s: cannot read the run task configuration: %v", path, pe.Err)
		}
		return nil, err
	}
	return ParseConfig(src, path)
}

// ParseConfig parses configuration source; filename names it in errors and
// is the base of relative rules file paths.
func ParseConfig(src []byte, filename string) (*Config, error) {
	file, diags := hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, rulesfile.DiagnosticsError(diags)
	}
	var fc fileConfig
	if diags := gohcl.DecodeBody(file.Body, nil, &fc); diags.HasErrors() {
		return nil, rulesfile.DiagnosticsError(diags)
	}
	attrs, _ := file.Body.(*hclsyntax.Body)
	at := func(name string) string {
		if attrs != nil {
			if a, ok := attrs.Attributes[name]; ok {
				return fmt.Sprintf("%s:%d:%d", filename, a.SrcRange.Start.Line, a.SrcRange.Start.Column)
			}
		}
		return filename
	}

	cfg := &Config{
		Source:       filename,
		Organization: strings.TrimSpace(fc.Organization),
		TokenEnv:     DefaultTokenEnv,
		HMACKeyEnv:   DefaultHMACKeyEnv,
		Workers:      DefaultWorkers,
		QueueSize:    DefaultQueueSize,
		Timeout:      DefaultTimeout,
		Unmatched:    UnmatchedPass,
	}
	var errs []string
	fail := func(where, format string, args ...any) {
		errs = append(errs, where+": "+fmt.Sprintf(format, args...))
	}

	var u *url.URL
	var err error
	if fc.Address == nil {
		fail(filename, "address is required: the origin of HCP Terraform or of your Terraform Enterprise, such as %q", exampleAddress)
	} else if u, err = parseAddress(*fc.Address); err != nil {
		fail(at("address"), "%v", err)
	}
	cfg.Address = u
	if cfg.Organization == "" {
		fail(at("organization"), "organization is empty; write the HCP Terraform organization name, such as organization = \"acme\"")
	}
	if fc.TokenEnv != nil {
		cfg.TokenEnv = *fc.TokenEnv
		if !validEnvName(cfg.TokenEnv) {
			fail(at("token_env"), "token_env %q is not an environment variable name; the token itself never belongs in this file", cfg.TokenEnv)
		}
	}
	if fc.HMACKeyEnv != nil {
		cfg.HMACKeyEnv = *fc.HMACKeyEnv
		if !validEnvName(cfg.HMACKeyEnv) {
			fail(at("hmac_key_env"), "hmac_key_env %q is not an environment variable name; the key itself never belongs in this file", cfg.HMACKeyEnv)
		}
	}
	if fc.ReportURL != nil {
		cfg.ReportURL = *fc.ReportURL
		if ru, err := url.Parse(cfg.ReportURL); err != nil || (ru.Scheme != "https" && ru.Scheme != "http") || ru.Host == "" {
			fail(at("report_url"), "report_url %q is not an http(s) URL", cfg.ReportURL)
		}
	}
	if fc.Workers != nil {
		cfg.Workers = *fc.Workers
		if cfg.Workers < 1 || cfg.Workers > 256 {
			fail(at("workers"), "workers is %d; it must be between 1 and 256", cfg.Workers)
		}
	}
	if fc.QueueSize != nil {
		cfg.QueueSize = *fc.QueueSize
		if cfg.QueueSize < 1 || cfg.QueueSize > 100000 {
			fail(at("queue_size"), "queue_size is %d; it must be between 1 and 100000", cfg.QueueSize)
		}
	}
	if fc.Timeout != nil {
		d, err := time.ParseDuration(*fc.Timeout)
		switch {
		case err != nil:
			fail(at("timeout"), "timeout %q is not a duration such as \"8m\"", *fc.Timeout)
		case d < time.Second || d > maxTimeout:
			fail(at("timeout"), "timeout is %s; it must be between 1s and %s, inside the 10 minutes HCP Terraform waits for a progress update", d, maxTimeout)
		default:
			cfg.Timeout = d
		}
	}
	cfg.ShutdownTimeout = cfg.Timeout + time.Minute
	if fc.ShutdownTimeout != nil {
		d, err := time.ParseDuration(*fc.ShutdownTimeout)
		if err != nil || d < 0 {
			fail(at("shutdown_timeout"), "shutdown_timeout %q is not a duration such as \"9m\"", *fc.ShutdownTimeout)
		} else {
			cfg.ShutdownTimeout = d
		}
	}
	if fc.Unmatched != nil {
		cfg.Unmatched = *fc.Unmatched
		if cfg.Unmatched != UnmatchedPass && cfg.Unmatched != UnmatchedFail {
			fail(at("unmatched_workspaces"), "unmatched_workspaces is %q; use %q or %q", cfg.Unmatched, UnmatchedPass, UnmatchedFail)
		}
	}

	if len(fc.Pairs) == 0 {
		fail(filename, "no pair block: declare at least one pair of a staging and a production workspace")
	}
	seen := map[string]string{}
	for _, fp := range fc.Pairs {
		where := fmt.Sprintf("%s:%d:%d", fp.DefRange.Filename, fp.DefRange.Start.Line, fp.DefRange.Start.Column)
		if first, dup := seen[fp.Name]; dup {
			fail(where, "pair %q is declared twice (first at %s); give each pair its own name", fp.Name, first)
			continue
		}
		seen[fp.Name] = where
		p := Pair{Name: fp.Name, Declared: where}
		var ok bool
		if p.Staging, ok = selectorOf(fp.Staging, fp.Name, "staging", where, fail); !ok {
			continue
		}
		if p.Production, ok = selectorOf(fp.Production, fp.Name, "production", where, fail); !ok {
			continue
		}
		if fmt.Sprint(p.Staging) == fmt.Sprint(p.Production) {
			fail(where, "pair %q selects the same %s on both sides; staging and production must differ", fp.Name, p.Staging)
			continue
		}
		if fp.RulesFile != nil {
			rulesPath := *fp.RulesFile
			if !filepath.IsAbs(rulesPath) {
				rulesPath = filepath.Join(filepath.Dir(filename), rulesPath)
			}
			rules, err := rulesfile.Load(rulesPath)
			if err != nil {
				fail(where, "pair %q: rules_file %s: %v", fp.Name, rulesPath, err)
				continue
			}
			p.Rules = rules
		}
		if fp.Ratio != nil {
			if *fp.Ratio <= 0 {
				fail(where, "pair %q: ratio is %g; it must be greater than 0 (staging = production × ratio)", fp.Name, *fp.Ratio)
				continue
			}
			p.Rules.Ratio = *fp.Ratio
		}
		if fp.Tokens != nil {
			if fp.Tokens.Staging != nil {
				p.Rules.Tokens.Staging = *fp.Tokens.Staging
			}
			if fp.Tokens.Production != nil {
				p.Rules.Tokens.Production = *fp.Tokens.Production
			}
		}
		if err := parity.ValidateRules(p.Rules); err != nil {
			fail(where, "pair %q: %v", fp.Name, err)
			continue
		}
		cfg.Pairs = append(cfg.Pairs, p)
	}
	if len(errs) > 0 {
		return nil, errors.New(strings.Join(errs, "\n"))
	}
	return cfg, nil
}

// selectorOf checks one side's block: exactly one of workspace,
// workspace_pattern and tags.
func selectorOf(fs *fileSelector, pair, side, where string, fail func(string, string, ...any)) (Selector, bool) {
	if fs == nil {
		fail(where, "pair %q has no %s block; write %s { workspace = \"…\" }, { workspace_pattern = \"*-%s\" } or { tags = [\"…\"] }", pair, side, side, side)
		return Selector{}, false
	}
	at := fmt.Sprintf("%s:%d:%d", fs.DefRange.Filename, fs.DefRange.Start.Line, fs.DefRange.Start.Column)
	var s Selector
	n := 0
	if fs.Workspace != nil {
		n++
		s.Workspace = strings.TrimSpace(*fs.Workspace)
		if s.Workspace == "" || strings.Contains(s.Workspace, "*") {
			fail(at, "pair %q: %s workspace %q is not a workspace name (use workspace_pattern for patterns)", pair, side, *fs.Workspace)
			return s, false
		}
	}
	if fs.Pattern != nil {
		n++
		s.Pattern = strings.TrimSpace(*fs.Pattern)
		if !strings.Contains(s.Pattern, "*") {
			fail(at, "pair %q: %s workspace_pattern %q has no `*`; use workspace for one name", pair, side, *fs.Pattern)
			return s, false
		}
	}
	if fs.Tags != nil {
		n++
		for _, t := range *fs.Tags {
			if t = strings.TrimSpace(t); t != "" {
				s.Tags = append(s.Tags, t)
			}
		}
		if len(s.Tags) == 0 {
			fail(at, "pair %q: %s tags is empty; name at least one tag", pair, side)
			return s, false
		}
	}
	if n != 1 {
		fail(at, "pair %q: the %s block needs exactly one of workspace, workspace_pattern and tags; it has %d", pair, side, n)
		return s, false
	}
	return s, true
}

// parseAddress accepts https://host[:port], or http:// for a loopback host
// (tests and local development), and nothing else: tokens travel only to
// this origin.
func parseAddress(s string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("address %q is not a URL such as %q", s, exampleAddress)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" || (u.Path != "" && u.Path != "/") {
		return nil, fmt.Errorf("address %q must be a scheme and host only, such as %q", s, exampleAddress)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return nil, fmt.Errorf("address %q uses http; tokens are only sent over https (http is accepted for loopback addresses only)", s)
		}
	default:
		return nil, fmt.Errorf("address %q must start with https://", s)
	}
	u.Path = ""
	return u, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func validEnvName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_', r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}
