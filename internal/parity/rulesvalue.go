package parity

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// A rules value is Rules as a string: what the parity_rules data source
// outputs and parity_check's rules argument reads, so that modules can
// export their rules through an output and roots pass them on. It is JSON
// with a version, so a provider can tell a value written by a newer one;
// rules keep where they were written (parity.hcl:3), so messages about them
// point into the module that wrote them.

// RulesValueVersion is the version of the rules value format.
const RulesValueVersion = 1

type rulesValue struct {
	Version      int               `json:"parity_rules"`
	Ratio        float64           `json:"ratio,omitempty"`
	BuiltinRules *bool             `json:"builtin_rules,omitempty"`
	Redact       string            `json:"redact,omitempty"`
	Tokens       *tokensValue      `json:"environment_tokens,omitempty"`
	Sizes        []ruleValue       `json:"size,omitempty"`
	Ignores      []ruleValue       `json:"ignore,omitempty"`
	Configs      []ruleValue       `json:"config,omitempty"`
	Secrets      []ruleValue       `json:"secret,omitempty"`
	Identities   []ruleValue       `json:"identity,omitempty"`
	Lists        []ruleValue       `json:"list,omitempty"`
	ModulePairs  []modulePairValue `json:"module_pair,omitempty"`
	OnlyIn       []onlyInValue     `json:"only_in,omitempty"`
}

type tokensValue struct {
	Staging    []string `json:"staging,omitempty"`
	Production []string `json:"production,omitempty"`
}

type ruleValue struct {
	Pattern      string           `json:"pattern"`
	ResourceType string           `json:"resource_type,omitempty"`
	When         []conditionValue `json:"when,omitempty"`
	Reason       string           `json:"reason,omitempty"`
	Ratio        float64          `json:"ratio,omitempty"`
	Rounding     string           `json:"rounding,omitempty"`
	Minimum      string           `json:"minimum,omitempty"`
	Order        string           `json:"order,omitempty"`
	Key          []string         `json:"key,omitempty"`
	Source       *Location        `json:"source,omitempty"`
}

type conditionValue struct {
	Attribute string            `json:"attribute"`
	Values    []json.RawMessage `json:"values"`
}

type modulePairValue struct {
	Staging    string    `json:"staging"`
	Production string    `json:"production"`
	Source     *Location `json:"source,omitempty"`
}

type onlyInValue struct {
	Environment string    `json:"environment"`
	Address     string    `json:"address"`
	Reason      string    `json:"reason"`
	Source      *Location `json:"source,omitempty"`
}

// EncodeRulesValue writes rules as a rules value. Origins are not written:
// they say where a rule sits in the configuration that reads the value.
func EncodeRulesValue(r Rules) string {
	v := rulesValue{Version: RulesValueVersion, Ratio: r.Ratio, Redact: string(r.Redact)}
	if r.BuiltinDeclared {
		on := !r.NoBuiltin
		v.BuiltinRules = &on
	}
	if r.Tokens.Staging != nil || r.Tokens.Production != nil {
		v.Tokens = &tokensValue{Staging: r.Tokens.Staging, Production: r.Tokens.Production}
	}
	for _, s := range r.Sizes {
		v.Sizes = append(v.Sizes, ruleValue{Pattern: s.Pattern, ResourceType: s.ResourceType, When: conditionValues(s.When),
			Ratio: s.Ratio, Rounding: string(s.Rounding), Minimum: s.Minimum, Source: s.Source})
	}
	for _, s := range r.Ignores {
		v.Ignores = append(v.Ignores, ruleValue{Pattern: s.Pattern, ResourceType: s.ResourceType, When: conditionValues(s.When), Reason: s.Reason, Source: s.Source})
	}
	for _, s := range r.Configs {
		v.Configs = append(v.Configs, ruleValue{Pattern: s.Pattern, ResourceType: s.ResourceType, When: conditionValues(s.When), Source: s.Source})
	}
	for _, s := range r.Secrets {
		v.Secrets = append(v.Secrets, ruleValue{Pattern: s.Pattern, ResourceType: s.ResourceType, When: conditionValues(s.When), Source: s.Source})
	}
	for _, s := range r.Identities {
		v.Identities = append(v.Identities, ruleValue{Pattern: s.Pattern, ResourceType: s.ResourceType, When: conditionValues(s.When), Reason: s.Reason, Source: s.Source})
	}
	for _, s := range r.Lists {
		v.Lists = append(v.Lists, ruleValue{Pattern: s.Pattern, ResourceType: s.ResourceType, When: conditionValues(s.When),
			Order: string(s.Order), Key: s.Key, Source: s.Source})
	}
	for _, m := range r.ModulePairs {
		v.ModulePairs = append(v.ModulePairs, modulePairValue{Staging: m.Staging, Production: m.Production, Source: m.Source})
	}
	for _, o := range r.OnlyIn {
		v.OnlyIn = append(v.OnlyIn, onlyInValue{Environment: o.Environment, Address: o.Address, Reason: o.Reason, Source: o.Source})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	// Encoding plain structs of strings and numbers cannot fail.
	_ = enc.Encode(v)
	return strings.TrimSuffix(b.String(), "\n")
}

func conditionValues(cs []Condition) []conditionValue {
	var out []conditionValue
	for _, c := range cs {
		cv := conditionValue{Attribute: c.Attribute}
		for _, v := range c.Values {
			cv.Values = append(cv.Values, json.RawMessage(CanonicalJSON(v)))
		}
		out = append(out, cv)
	}
	return out
}

// DecodeRulesValue reads a rules value and checks its rules as Compare
// would. Errors say what is wrong without quoting the value.
func DecodeRulesValue(s string) (Rules, error) {
	var head struct {
		Version *int `json:"parity_rules"`
	}
	if err := json.Unmarshal([]byte(s), &head); err != nil || head.Version == nil {
		return Rules{}, errors.New("not a rules value: use the rules attribute of a parity_rules data source (data.parity_rules.NAME.rules)")
	}
	if *head.Version > RulesValueVersion || *head.Version < 1 {
		return Rules{}, fmt.Errorf("rules value of version %d, but this provider reads version %d: upgrade the provider that reads it", *head.Version, RulesValueVersion)
	}
	var v rulesValue
	dec := json.NewDecoder(strings.NewReader(s))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		return Rules{}, fmt.Errorf("rules value is malformed: %v", err)
	}
	r := Rules{Ratio: v.Ratio, Redact: Redact(v.Redact)}
	if v.BuiltinRules != nil {
		r.NoBuiltin, r.BuiltinDeclared = !*v.BuiltinRules, true
	}
	if v.Tokens != nil {
		r.Tokens = EnvironmentTokens{Staging: v.Tokens.Staging, Production: v.Tokens.Production}
	}
	scope := func(rv ruleValue) (Scope, error) {
		sc := Scope{ResourceType: rv.ResourceType}
		for _, cv := range rv.When {
			c := Condition{Attribute: cv.Attribute}
			for _, raw := range cv.Values {
				val, ok := jsonScalar(raw)
				if !ok {
					return sc, fmt.Errorf("rules value: a condition of %q on %s is not a string, number, bool or null", rv.Pattern, cv.Attribute)
				}
				c.Values = append(c.Values, val)
			}
			sc.When = append(sc.When, c)
		}
		return sc, nil
	}
	var err error
	for _, rv := range v.Sizes {
		rule := SizeRule{Pattern: rv.Pattern, Ratio: rv.Ratio, Rounding: Rounding(rv.Rounding), Minimum: rv.Minimum, Source: rv.Source}
		if rule.Scope, err = scope(rv); err != nil {
			return Rules{}, err
		}
		if rule.Rounding != "" {
			if _, err := ParseRounding(string(rule.Rounding)); err != nil {
				return Rules{}, fmt.Errorf("rules value: size %q: %w", rv.Pattern, err)
			}
		}
		r.Sizes = append(r.Sizes, rule)
	}
	for _, rv := range v.Ignores {
		rule := IgnoreRule{Pattern: rv.Pattern, Reason: rv.Reason, Source: rv.Source}
		if rule.Scope, err = scope(rv); err != nil {
			return Rules{}, err
		}
		r.Ignores = append(r.Ignores, rule)
	}
	for _, rv := range v.Configs {
		rule := ConfigRule{Pattern: rv.Pattern, Source: rv.Source}
		if rule.Scope, err = scope(rv); err != nil {
			return Rules{}, err
		}
		r.Configs = append(r.Configs, rule)
	}
	for _, rv := range v.Secrets {
		rule := SecretRule{Pattern: rv.Pattern, Source: rv.Source}
		if rule.Scope, err = scope(rv); err != nil {
			return Rules{}, err
		}
		r.Secrets = append(r.Secrets, rule)
	}
	for _, rv := range v.Identities {
		rule := IdentityRule{Pattern: rv.Pattern, Reason: rv.Reason, Source: rv.Source}
		if rule.Scope, err = scope(rv); err != nil {
			return Rules{}, err
		}
		r.Identities = append(r.Identities, rule)
	}
	for _, rv := range v.Lists {
		rule := ListRule{Pattern: rv.Pattern, Order: ListOrder(rv.Order), Key: rv.Key, Source: rv.Source}
		if rule.Scope, err = scope(rv); err != nil {
			return Rules{}, err
		}
		switch rule.Order {
		case ListOrderUnknown, ListOrderSignificant, ListOrderInsignificant:
		default:
			return Rules{}, fmt.Errorf("rules value: list %q: order must be \"significant\" or \"insignificant\"", rv.Pattern)
		}
		r.Lists = append(r.Lists, rule)
	}
	for _, m := range v.ModulePairs {
		if err := validateModulePath(m.Staging); err != nil {
			return Rules{}, fmt.Errorf("rules value: module_pair: %w", err)
		}
		if err := validateModulePath(m.Production); err != nil {
			return Rules{}, fmt.Errorf("rules value: module_pair: %w", err)
		}
		r.ModulePairs = append(r.ModulePairs, ModulePair{Staging: m.Staging, Production: m.Production, Source: m.Source})
	}
	for _, o := range v.OnlyIn {
		r.OnlyIn = append(r.OnlyIn, OnlyInRule{Environment: o.Environment, Address: o.Address, Reason: o.Reason, Source: o.Source})
	}
	if err := ValidateRules(r); err != nil {
		return Rules{}, fmt.Errorf("rules value: %w", err)
	}
	return r, nil
}

// jsonScalar decodes a condition value: a string, number, bool or null.
func jsonScalar(raw json.RawMessage) (Value, bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var x any
	if err := dec.Decode(&x); err != nil {
		return Value{}, false
	}
	switch t := x.(type) {
	case nil:
		return Null(), true
	case bool:
		return Bool(t), true
	case json.Number:
		return Number(string(t)), true
	case string:
		return String(t), true
	}
	return Value{}, false
}

// WithOrigin returns rules with origin set on every rule that has none, to
// say where they came from in messages ("rules[1]").
func (r Rules) WithOrigin(origin string) Rules {
	out := r
	out.Sizes = append([]SizeRule(nil), r.Sizes...)
	for i := range out.Sizes {
		if out.Sizes[i].Origin == "" {
			out.Sizes[i].Origin = origin
		}
	}
	out.Ignores = append([]IgnoreRule(nil), r.Ignores...)
	for i := range out.Ignores {
		if out.Ignores[i].Origin == "" {
			out.Ignores[i].Origin = origin
		}
	}
	out.Configs = append([]ConfigRule(nil), r.Configs...)
	for i := range out.Configs {
		if out.Configs[i].Origin == "" {
			out.Configs[i].Origin = origin
		}
	}
	out.Secrets = append([]SecretRule(nil), r.Secrets...)
	for i := range out.Secrets {
		if out.Secrets[i].Origin == "" {
			out.Secrets[i].Origin = origin
		}
	}
	out.Identities = append([]IdentityRule(nil), r.Identities...)
	for i := range out.Identities {
		if out.Identities[i].Origin == "" {
			out.Identities[i].Origin = origin
		}
	}
	out.Lists = append([]ListRule(nil), r.Lists...)
	for i := range out.Lists {
		if out.Lists[i].Origin == "" {
			out.Lists[i].Origin = origin
		}
	}
	out.ModulePairs = append([]ModulePair(nil), r.ModulePairs...)
	for i := range out.ModulePairs {
		if out.ModulePairs[i].Origin == "" {
			out.ModulePairs[i].Origin = origin
		}
	}
	out.OnlyIn = append([]OnlyInRule(nil), r.OnlyIn...)
	for i := range out.OnlyIn {
		if out.OnlyIn[i].Origin == "" {
			out.OnlyIn[i].Origin = origin
		}
	}
	return out
}
