package parity

import (
	"fmt"
	"strings"
)

// Environment is one side of a comparison: the resources of a state, plan or
// configuration, or a single settings object (one Resource with an empty
// Address).
type Environment struct {
	// Name is "staging" or "production"; it only labels messages.
	Name string
	// Source names where the environment was read from (a file or directory).
	Source    string
	Resources []Resource
}

// Resource is one resource instance (or the root settings object).
type Resource struct {
	// Address is the full address as written by Terraform, with module path
	// and count/for_each key: module.app.aws_instance.web["a"]. Empty for a
	// plain settings object.
	Address string
	// Mode is "managed" or "data" (empty for settings).
	Mode string
	// Type is the resource type, such as aws_instance (empty for settings).
	Type string
	// Values is the object of the resource's attributes.
	Values Value
	// Location is where the resource is declared, when known (HCL inputs).
	Location *Location
	// AttributeLocations optionally maps top-level attribute names to where
	// they are set (HCL inputs), for reports that point at lines.
	AttributeLocations map[string]Location
	// PreviousAddress is the address a plan moves the resource from (a
	// moved block: resource_changes[].previous_address); the other
	// environment may still hold it there.
	PreviousAddress string
}

// Location is a position in a source file.
type Location struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column,omitempty"`
}

// Rounding says which sizes are accepted when production × ratio falls
// between two steps of a ladder.
type Rounding string

// The rounding modes.
const (
	RoundingEither  Rounding = "either" // either neighbour (default)
	RoundingNearest Rounding = "nearest"
	RoundingUp      Rounding = "up"
	RoundingDown    Rounding = "down"
)

// Rules configure a comparison. The zero value uses the built-in knowledge
// base, ratio 1 and the default environment tokens.
type Rules struct {
	// Ratio is staging = production × Ratio for sizes without a rule ratio.
	// Zero means 1.
	Ratio float64
	// Sizes, Ignores, Configs and Secrets are evaluated in order; the first
	// matching rule of any kind (most specific pattern first) classifies a path.
	Sizes   []SizeRule
	Ignores []IgnoreRule
	// Configs force matching paths to be compared as configuration, overriding
	// the knowledge base (for example to compare an attribute it calls computed).
	Configs []ConfigRule
	// Secrets opt secret paths in to comparison by digest.
	Secrets []SecretRule
	// Identities declare paths that are each environment's own identity
	// (generated names, addresses, computed values): not compared and, unlike
	// ignores, not listed in reports.
	Identities []IdentityRule
	// Lists say how the elements of matching lists correspond: whether their
	// order matters and which attributes identify an element.
	Lists []ListRule
	// Tokens are the environment tokens; nil fields take the defaults.
	Tokens EnvironmentTokens
	// ModulePairs map staging module paths to production ones.
	ModulePairs []ModulePair
	// OnlyIn declare resources that exist in one environment only (a WAF,
	// a disaster-recovery replica): not reported as only_in_staging or
	// only_in_production, but listed as ignored with their reason.
	OnlyIn []OnlyInRule
	// NoBuiltin switches the built-in knowledge base off.
	NoBuiltin bool
	// BuiltinDeclared records that NoBuiltin was stated (builtin_rules was
	// written), so that Merge lets a later source switch it back on.
	BuiltinDeclared bool
	// Redact says how much of the values findings show: RedactSecrets
	// (the zero value), RedactStrings or RedactAll.
	Redact Redact
}

// Every rule records where it was written, for messages about it: Source is
// a position in a rules file (parity.hcl:3:1), Origin what holds the rule when
// no file does or which of several sources it came from ("ignore[2]", a block
// of a parity_check; "rules[1]", one of its rules values).

// SizeRule declares that matching paths are sizes.
type SizeRule struct {
	Pattern  string
	Ratio    float64  // zero: the global ratio
	Rounding Rounding // empty: either
	Minimum  string   // smallest accepted staging size, if any
	Scope
	Source *Location
	Origin string
}

// IgnoreRule declares that matching paths are not compared.
type IgnoreRule struct {
	Pattern string
	Reason  string
	Scope
	Source *Location
	Origin string
}

// ConfigRule declares that matching paths are compared as configuration.
type ConfigRule struct {
	Pattern string
	Scope
	Source *Location
	Origin string
}

// SecretRule opts matching secret paths in to comparison by digest: an
// HMAC-SHA256 under a random key made for one comparison and then dropped,
// so no digest can be used to test guesses. The values themselves are
// never printed, and secrets stay out of configuration hashes.
type SecretRule struct {
	Pattern string
	Scope
	Source *Location
	Origin string
}

// EnvironmentTokens are the words that name an environment in names and
// values; they are replaced by one placeholder before comparing.
type EnvironmentTokens struct {
	Staging    []string
	Production []string
}

// ModulePair maps a staging module call path to the production one.
type ModulePair struct {
	Staging    string
	Production string
	Source     *Location
	Origin     string
}

// OnlyInRule declares that resources whose address matches Address exist in
// Environment only, for Reason.
type OnlyInRule struct {
	// Environment names the environment the resources exist in: "staging"
	// or "production".
	Environment string
	// Address is a pattern matched against the end of the resource's
	// address, with and without its count or for_each key, so that
	// "aws_instance.replica" covers aws_instance.replica[0] and
	// "aws_wafv2_web_acl.*" every web ACL.
	Address string
	Reason  string
	Source  *Location
	Origin  string
}

// FindingKind classifies a finding.
type FindingKind string

// The kinds of finding.
const (
	FindingConfigDrift      FindingKind = "config_drift"
	FindingSizeRatio        FindingKind = "size_ratio"
	FindingSizeFamily       FindingKind = "size_family"
	FindingOnlyInStaging    FindingKind = "only_in_staging"
	FindingOnlyInProduction FindingKind = "only_in_production"
	FindingUnknown          FindingKind = "unknown"
)

// AllFindingKinds lists every kind, in report order.
var AllFindingKinds = []FindingKind{
	FindingConfigDrift, FindingSizeRatio, FindingSizeFamily,
	FindingOnlyInStaging, FindingOnlyInProduction, FindingUnknown,
}

// IsDrift reports whether the kind is a failing difference (everything but
// unknown).
func (k FindingKind) IsDrift() bool { return k != FindingUnknown && k != "" }

// SensitiveMask is printed in place of any secret value.
const SensitiveMask = "(sensitive)"

// Finding is one difference between staging and production.
type Finding struct {
	Kind FindingKind `json:"kind"`
	// Environment names the environment compared with production when a
	// comparison has several (CompareEnvironments); empty for the classic
	// staging/production pair.
	Environment string `json:"environment,omitempty"`
	// Address is the normalised resource address both sides share (environment
	// tokens replaced, module pairs mapped); empty for settings objects.
	Address           string `json:"address"`
	StagingAddress    string `json:"staging_address,omitempty"`
	ProductionAddress string `json:"production_address,omitempty"`
	ResourceType      string `json:"resource_type,omitempty"`
	// Path is the attribute path inside the resource, such as
	// settings.pools[0].max_connections; empty for whole-resource findings.
	Path string `json:"path"`
	// Staging and Production are the values as display text (JSON for
	// non-strings), SensitiveMask for secrets, RedactedMask for values the
	// redaction mode hides, "(unknown)" at plan time and empty when absent.
	Staging    string `json:"staging"`
	Production string `json:"production"`
	// Expected is the staging size the ratio asks for (size findings only);
	// Accepted lists every accepted size when more than one is.
	Expected string   `json:"expected,omitempty"`
	Accepted []string `json:"accepted,omitempty"`
	// Arithmetic shows how Expected was computed: "t3.xlarge × 0.5 = t3.large".
	Arithmetic string `json:"arithmetic,omitempty"`
	// FittingRatio is, for size_ratio findings, a simple ratio at which
	// staging's size would be accepted (checked on the size's ladder), so
	// that hints suggest a size rule that works; for config_drift findings
	// of two numbers (a capacity no rule calls a size), the ratio a size
	// rule would need. Empty when none fits or the values are hidden.
	FittingRatio string `json:"fitting_ratio,omitempty"`
	// Rule names the rule that classified the path, such as
	// `size "instance_type" (built-in)`.
	Rule   string `json:"rule,omitempty"`
	Reason string `json:"reason,omitempty"`
	// Message is one plain sentence.
	Message string `json:"message"`
	// Location is where the staging side is declared, when known.
	Location *Location `json:"location,omitempty"`
	// Sensitive is true when either value was masked.
	Sensitive bool `json:"sensitive,omitempty"`
}

// Ignored records a path a rule excluded from comparison, so reports can show
// the reason.
type Ignored struct {
	// Environment: see Finding.Environment.
	Environment string `json:"environment,omitempty"`
	Address     string `json:"address"`
	Path        string `json:"path"`
	Rule        string `json:"rule"`
	Reason      string `json:"reason"`
}

// ResourceResult summarises one compared resource (a JUnit test case).
type ResourceResult struct {
	// Environment: see Finding.Environment.
	Environment       string `json:"environment,omitempty"`
	Address           string `json:"address"`
	Type              string `json:"type,omitempty"`
	StagingAddress    string `json:"staging_address,omitempty"`
	ProductionAddress string `json:"production_address,omitempty"`
	Findings          int    `json:"findings"`
	Drift             bool   `json:"drift"`
}

// Report is the result of comparing two environments.
type Report struct {
	Findings       []Finding        `json:"findings"`
	Ignored        []Ignored        `json:"ignored,omitempty"`
	Resources      []ResourceResult `json:"resources"`
	StagingHash    string           `json:"staging_hash"`
	ProductionHash string           `json:"production_hash"`
	Ratio          float64          `json:"ratio"`
	// Redact is the redaction mode the findings' values were rendered under.
	Redact Redact `json:"redact"`
	// Environments summarises each environment of a comparison of several
	// environments with production (CompareEnvironments): the environment
	// matrix. Empty for the classic staging/production pair, whose staging
	// side is StagingHash.
	Environments []EnvironmentResult `json:"environments,omitempty"`
	// Rules says what each rule given to the comparison did (the built-in
	// knowledge base is not listed), in the order of the Rules: ignores,
	// identities, configs, secrets, sizes, lists, module pairs, only_in.
	Rules []RuleUse `json:"rules,omitempty"`
	// Stale lists the baseline entries of the rules that no longer accept
	// any finding; nil when the rules hold no baseline entry (see
	// internal/baseline).
	Stale []StaleRule `json:"stale,omitempty"`
}

// EnvironmentResult is one row of the environment matrix.
type EnvironmentResult struct {
	Name     string              `json:"name"`
	Ratio    float64             `json:"ratio"`
	Hash     string              `json:"hash"`
	InParity bool                `json:"in_parity"`
	Counts   map[FindingKind]int `json:"counts"`
}

// RuleUse is what one rule did in a comparison.
type RuleUse struct {
	// Kind is the rule's block: size, ignore, config, secret, identity,
	// list, module_pair or only_in.
	Kind string `json:"kind"`
	// Rule names the rule as findings do: ignore "alert_endpoints".
	Rule   string    `json:"rule"`
	Source *Location `json:"source,omitempty"`
	Origin string    `json:"origin,omitempty"`
	// Matched counts the paths (resources for only_in, addresses for
	// module_pair) the rule matched; Decided those it decided, as the most
	// specific matching rule.
	Matched int `json:"matched"`
	Decided int `json:"decided"`
	// OverriddenBy names a rule that decided a path this one matched.
	OverriddenBy string `json:"overridden_by,omitempty"`
}

// Used reports whether the rule changed anything: it decided at least one
// path or resource.
func (u RuleUse) Used() bool { return u.Decided > 0 }

// Where says where the rule was written, for messages: "parity.hcl:3",
// "ignore[2]", "rules[1], modules/db/parity.hcl:4"; empty when unknown.
func (u RuleUse) Where() string {
	var parts []string
	if u.Origin != "" {
		parts = append(parts, u.Origin)
	}
	if u.Source != nil && u.Source.File != "" {
		parts = append(parts, fmt.Sprintf("%s:%d", u.Source.File, u.Source.Line))
	}
	return strings.Join(parts, ", ")
}

// Unused returns the rules that decided nothing.
func (r *Report) Unused() []RuleUse {
	var out []RuleUse
	for _, u := range r.Rules {
		if !u.Used() {
			out = append(out, u)
		}
	}
	return out
}

// InParity reports whether the report has no drift finding.
func (r *Report) InParity() bool {
	for _, f := range r.Findings {
		if f.Kind.IsDrift() {
			return false
		}
	}
	return true
}

// Counts returns the number of findings of each kind.
func (r *Report) Counts() map[FindingKind]int {
	c := make(map[FindingKind]int, len(AllFindingKinds))
	for _, f := range r.Findings {
		c[f.Kind]++
	}
	return c
}

// Merge returns r with over laid on top: over's ratio, tokens and
// builtin_rules replace r's when set, and over's rules come first so that
// they win ties of specificity. The provider lays a resource's blocks over
// its rules values, over its rules file, over the provider defaults; the CLI
// lays its flags over the rules file.
func (r Rules) Merge(over Rules) Rules {
	out := r
	if over.Ratio != 0 {
		out.Ratio = over.Ratio
	}
	out.Sizes = append(append([]SizeRule{}, over.Sizes...), r.Sizes...)
	out.Ignores = append(append([]IgnoreRule{}, over.Ignores...), r.Ignores...)
	out.Configs = append(append([]ConfigRule{}, over.Configs...), r.Configs...)
	out.Secrets = append(append([]SecretRule{}, over.Secrets...), r.Secrets...)
	out.Identities = append(append([]IdentityRule{}, over.Identities...), r.Identities...)
	out.Lists = append(append([]ListRule{}, over.Lists...), r.Lists...)
	out.ModulePairs = append(append([]ModulePair{}, over.ModulePairs...), r.ModulePairs...)
	out.OnlyIn = append(append([]OnlyInRule{}, over.OnlyIn...), r.OnlyIn...)
	if over.Tokens.Staging != nil {
		out.Tokens.Staging = over.Tokens.Staging
	}
	if over.Tokens.Production != nil {
		out.Tokens.Production = over.Tokens.Production
	}
	if over.BuiltinDeclared {
		out.NoBuiltin, out.BuiltinDeclared = over.NoBuiltin, true
	} else if !r.BuiltinDeclared {
		// Neither declared it: a bare NoBuiltin (set in code) still counts.
		out.NoBuiltin = r.NoBuiltin || over.NoBuiltin
	}
	if over.Redact != "" {
		out.Redact = over.Redact
	}
	return out
}
