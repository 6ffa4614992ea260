package provider

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// The rule arguments and blocks that parity_check and the parity_rules
// data source share, in the vocabulary of the rules file (the same blocks,
// in the shape rules files accept too: see parity.ParseRules). They are
// declared once here and built into both schemas.

type argKind uint8

const (
	argString argKind = iota
	argNumber
	argBool
	argStrings
	argStringMap
)

// ruleArg is one argument of a rule block, or a rule argument at the top.
type ruleArg struct {
	name     string
	desc     string
	kind     argKind
	required bool
	str      []validator.String
	num      []validator.Number
	list     []validator.List
}

// ruleBlockSpec is one rule block.
type ruleBlockSpec struct {
	name   string
	desc   string
	args   []ruleArg
	single bool // environment_tokens: one block, not a list
	list   []validator.List
}

const patternText = " Patterns are dotted attribute paths: `*` matches one step, `**` any number of steps, `[*]` any " +
	"index; a pattern matches the end of a path and may start with a resource type or address " +
	"(`aws_db_instance.*.allocated_storage`)."

func patternArg(desc string) ruleArg {
	return ruleArg{name: "pattern", desc: desc + patternText, required: true, str: []validator.String{stringvalidator.LengthAtLeast(1)}}
}

var (
	resourceTypeArg = ruleArg{name: "resource_type", desc: "Resource type the rule is scoped to, such as `aws_ebs_volume`: " +
		"`pattern` is then a path inside resources of that type, at any address, count or for_each key. It is what " +
		"a `resource \"TYPE\" { … }` block of a rules file says."}
	whenArg = ruleArg{name: "when", kind: argStringMap, desc: "Conditions: the rule applies only where each named " +
		"attribute of the object that holds the matched path (a sibling, or a dotted path from that object) has the " +
		"given value, such as `{ volume_type = \"gp3\" }`. Values are written as strings; `\"true\"` and `\"3000\"` " +
		"also match the bool and the number. For several accepted values of one attribute write one block per value, " +
		"or a list in a rules file read through `rules_file` or `parity_rules` (`when = { engine = [\"mysql\", \"postgres\"] }`)."}
	ratioArg = ruleArg{name: "ratio", kind: argNumber, num: []validator.Number{ratioValidator{}}}
)

// topRuleArgs are the rule arguments at the top of both schemas, without
// their descriptions (each schema says what its default is).
var topRuleArgs = []string{"ratio", "redact", "builtin_rules"}

var ruleBlockSpecs = []ruleBlockSpec{
	{
		name: "size",
		desc: "Declares that matching paths are sizes: staging must equal production × ratio.",
		args: []ruleArg{
			patternArg("Paths this rule applies to."), resourceTypeArg, whenArg,
			{name: "ratio", kind: argNumber, desc: "Ratio for these paths; defaults to the check's `ratio`. " + ratioAttributeText, num: []validator.Number{ratioValidator{}}},
			{name: "rounding", desc: "Which sizes are accepted when production × ratio falls between two steps: `nearest`, `up`, " +
				"`down` or `either` (default: either neighbour).", str: []validator.String{stringvalidator.OneOf("nearest", "up", "down", "either")}},
			{name: "minimum", desc: "Smallest accepted staging size, on the same ladder (`t3.medium`, `2`, `1Gi`)."},
		},
	},
	{
		name: "ignore",
		desc: "Declares that matching paths are not compared. Each ignore carries a reason that reports show.",
		args: []ruleArg{
			patternArg("Paths to ignore."), resourceTypeArg, whenArg,
			{name: "reason", desc: "Why these paths may differ between staging and production.", required: true,
				str: []validator.String{stringvalidator.LengthAtLeast(1)}},
		},
	},
	{
		name: "config",
		desc: "Forces matching paths to be compared as configuration, overriding the built-in knowledge base (for example " +
			"an attribute it treats as computed or as a size).",
		args: []ruleArg{patternArg("Paths to compare as configuration."), resourceTypeArg, whenArg},
	},
	{
		name: "secret",
		desc: "Opts secret paths in to comparison. Secrets are otherwise not compared, since each environment keeps its own; " +
			"values are never shown either way.",
		args: []ruleArg{
			patternArg("Secret paths to compare."), resourceTypeArg, whenArg,
			{name: "compare", desc: "How to compare: `digest`, an HMAC-SHA256 of each value under a random key made for that one " +
				"comparison and then dropped, so nothing stored or printed lets anyone test guesses. Secrets stay out of " +
				"`staging_hash` and `production_hash`.", required: true, str: []validator.String{stringvalidator.OneOf("digest")}},
		},
	},
	{
		name: "identity",
		desc: "Declares that matching paths are each environment's own identity (assigned names, addresses, computed values): " +
			"not compared and, unlike ignored paths, not listed in reports.",
		args: []ruleArg{
			patternArg("Identity paths."), resourceTypeArg, whenArg,
			{name: "reason", desc: "Why the paths are identity, such as `assigned by the cloud when the resource is created`.", required: true,
				str: []validator.String{stringvalidator.LengthAtLeast(1)}},
		},
	},
	{
		name: "list",
		desc: "Says how the elements of matching lists correspond between the environments: whether their order is " +
			"configuration, and which attributes identify an element. Set `order`, `key` or both.",
		args: []ruleArg{
			patternArg("Lists this rule describes."), resourceTypeArg,
			{name: "order", desc: "`significant` (the order of the elements is configuration, as for a container's args) or " +
				"`insignificant` (the list is a set).", str: []validator.String{stringvalidator.OneOf("significant", "insignificant")}},
			{name: "key", kind: argStrings, desc: "Attributes that identify an element of a list of objects, such as `[\"name\"]`.",
				list: []validator.List{listvalidator.SizeAtLeast(1), listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))}},
		},
	},
	{
		name: "only_in",
		desc: "Declares resources that exist in one environment only, such as a WAF or a disaster-recovery replica in " +
			"production: they are listed as ignored with the reason instead of being reported as `only_in_staging` or " +
			"`only_in_production`, and left out of that environment's hash. A matching resource present in both " +
			"environments is compared as usual.",
		args: []ruleArg{
			{name: "environment", desc: "The environment the resources exist in: `staging` or `production`.", required: true,
				str: []validator.String{stringvalidator.OneOf("staging", "production")}},
			{name: "address", desc: "Address of the resources, matched against the end of each resource's address with and " +
				"without its count or for_each key: `aws_wafv2_web_acl.main`, `aws_db_instance.replica` (every instance), " +
				"`aws_wafv2_web_acl.*`, `module.dr.**`.", required: true, str: []validator.String{stringvalidator.LengthAtLeast(1)}},
			{name: "reason", desc: "Why only this environment has them.", required: true, str: []validator.String{stringvalidator.LengthAtLeast(1)}},
		},
	},
	{
		name: "module_pair",
		desc: "Maps a staging module call path to the production one when they are named differently (beyond " +
			"environment tokens), for state and plan documents.",
		args: []ruleArg{
			{name: "staging", desc: "Staging module path, such as `module.staging_infrastructure`.", required: true},
			{name: "production", desc: "Production module path, such as `module.production_infrastructure`.", required: true},
		},
		list: []validator.List{listvalidator.UniqueValues()},
	},
	{
		name:   "environment_tokens",
		single: true,
		desc: "Words that name each environment in names and values; they are replaced by one placeholder before " +
			"comparing. Defaults to the provider's, then staging = `staging`, `stage`, `stg` and production = " +
			"`production`, `prod`, `prd`.",
		args: []ruleArg{
			{name: "staging", kind: argStrings, desc: "Tokens of the staging environment."},
			{name: "production", kind: argStrings, desc: "Tokens of the production environment."},
		},
	},
}

func resourceArgAttribute(a ruleArg) rschema.Attribute {
	switch a.kind {
	case argNumber:
		return rschema.NumberAttribute{MarkdownDescription: a.desc, Required: a.required, Optional: !a.required, Validators: a.num}
	case argBool:
		return rschema.BoolAttribute{MarkdownDescription: a.desc, Required: a.required, Optional: !a.required}
	case argStrings:
		return rschema.ListAttribute{MarkdownDescription: a.desc, ElementType: types.StringType, Required: a.required, Optional: !a.required, Validators: a.list}
	case argStringMap:
		return rschema.MapAttribute{MarkdownDescription: a.desc, ElementType: types.StringType, Required: a.required, Optional: !a.required}
	}
	return rschema.StringAttribute{MarkdownDescription: a.desc, Required: a.required, Optional: !a.required, Validators: a.str}
}

func dataSourceArgAttribute(a ruleArg) dschema.Attribute {
	switch a.kind {
	case argNumber:
		return dschema.NumberAttribute{MarkdownDescription: a.desc, Required: a.required, Optional: !a.required, Validators: a.num}
	case argBool:
		return dschema.BoolAttribute{MarkdownDescription: a.desc, Required: a.required, Optional: !a.required}
	case argStrings:
		return dschema.ListAttribute{MarkdownDescription: a.desc, ElementType: types.StringType, Required: a.required, Optional: !a.required, Validators: a.list}
	case argStringMap:
		return dschema.MapAttribute{MarkdownDescription: a.desc, ElementType: types.StringType, Required: a.required, Optional: !a.required}
	}
	return dschema.StringAttribute{MarkdownDescription: a.desc, Required: a.required, Optional: !a.required, Validators: a.str}
}

// resourceRuleBlocks builds the rule blocks of parity_check.
func resourceRuleBlocks() map[string]rschema.Block {
	out := map[string]rschema.Block{}
	for _, b := range ruleBlockSpecs {
		attrs := map[string]rschema.Attribute{}
		for _, a := range b.args {
			attrs[a.name] = resourceArgAttribute(a)
		}
		if b.single {
			out[b.name] = rschema.SingleNestedBlock{MarkdownDescription: b.desc, Attributes: attrs}
			continue
		}
		out[b.name] = rschema.ListNestedBlock{MarkdownDescription: b.desc, NestedObject: rschema.NestedBlockObject{Attributes: attrs}, Validators: b.list}
	}
	return out
}

// dataSourceRuleBlocks builds the rule blocks of parity_rules.
func dataSourceRuleBlocks() map[string]dschema.Block {
	out := map[string]dschema.Block{}
	for _, b := range ruleBlockSpecs {
		attrs := map[string]dschema.Attribute{}
		for _, a := range b.args {
			attrs[a.name] = dataSourceArgAttribute(a)
		}
		if b.single {
			out[b.name] = dschema.SingleNestedBlock{MarkdownDescription: b.desc, Attributes: attrs}
			continue
		}
		out[b.name] = dschema.ListNestedBlock{MarkdownDescription: b.desc, NestedObject: dschema.NestedBlockObject{Attributes: attrs}, Validators: b.list}
	}
	return out
}

// ruleReader reads the rule arguments and blocks of a parity_check or a
// parity_rules from their Terraform values into engine rules. Values that
// are unknown (a dynamic block over a value known only at apply, say) set
// unknown and are skipped, so validation checks what is known and a plan
// can defer the check.
type ruleReader struct {
	rules   parity.Rules
	diags   diag.Diagnostics
	unknown bool
	// origins map a rule's Origin ("ignore[2]") to its attribute path.
	origins map[string]path.Path
	// declared records each rule's class and scope, to refuse two rules a
	// rules file would refuse.
	declared map[string]string
}

func newRuleReader() *ruleReader {
	return &ruleReader{origins: map[string]path.Path{}, declared: map[string]string{}}
}

// read reads the top rule arguments and the rule blocks of attrs.
func (r *ruleReader) read(attrs map[string]tftypes.Value) {
	if n, st := tfNumber(attrs["ratio"]); st == valueUnknown {
		r.unknown = true
	} else if st == valueKnown {
		ratio, d := ratioValue(types.NumberValue(n), path.Root("ratio"))
		r.diags.Append(d...)
		r.rules.Ratio = ratio
	}
	if s, st := tfString(attrs["redact"]); st == valueUnknown {
		r.unknown = true
	} else if st == valueKnown {
		r.rules.Redact = parity.Redact(s)
	}
	if b, st := tfBool(attrs["builtin_rules"]); st == valueUnknown {
		r.unknown = true
	} else if st == valueKnown {
		r.rules.NoBuiltin, r.rules.BuiltinDeclared = !b, true
	}
	for _, spec := range ruleBlockSpecs {
		if spec.single {
			obj, st := tfAttributes(attrs[spec.name])
			if st == valueUnknown {
				r.unknown = true
			}
			if st == valueKnown {
				r.tokens(obj)
			}
			continue
		}
		elems, st := tfElements(attrs[spec.name])
		if st == valueUnknown {
			r.unknown = true
			continue
		}
		for i, e := range elems {
			obj, st := tfAttributes(e)
			if st == valueUnknown {
				r.unknown = true
			}
			if st != valueKnown {
				continue
			}
			at := path.Root(spec.name).AtListIndex(i)
			origin := fmt.Sprintf("%s[%d]", spec.name, i)
			r.origins[origin] = at
			r.block(spec.name, obj, at, origin)
		}
	}
}

// str reads a string argument of a block, noting unknown.
func (r *ruleReader) str(obj map[string]tftypes.Value, name string) (string, bool) {
	s, st := tfString(obj[name])
	if st == valueUnknown {
		r.unknown = true
		return "", false
	}
	return s, st == valueKnown
}

func (r *ruleReader) block(kind string, obj map[string]tftypes.Value, at path.Path, origin string) {
	switch kind {
	case "module_pair":
		staging, sok := r.str(obj, "staging")
		production, pok := r.str(obj, "production")
		if !sok || !pok {
			return
		}
		ok := true
		for _, side := range []struct{ name, value string }{{"staging", staging}, {"production", production}} {
			if err := parity.ValidateModulePath(side.value); err != nil {
				r.diags.AddAttributeError(at.AtName(side.name), "Invalid Module Path",
					"The "+side.name+" module path is not valid: "+parity.EscapeText(err.Error())+".")
				ok = false
			}
		}
		if ok {
			r.rules.ModulePairs = append(r.rules.ModulePairs, parity.ModulePair{Staging: staging, Production: production, Origin: origin})
		}
		return
	case "only_in":
		env, eok := r.str(obj, "environment")
		address, aok := r.str(obj, "address")
		reason, rok := r.str(obj, "reason")
		if !eok || !aok || !rok {
			return
		}
		if _, err := parity.CompilePattern(address); err != nil {
			r.diags.AddAttributeError(at.AtName("address"), "Invalid Address Pattern",
				"The address is not a valid pattern: "+parity.EscapeText(err.Error())+".")
			return
		}
		if r.duplicate("only_in", "only_in\x00"+env+"\x00"+address, origin, at.AtName("address")) {
			return
		}
		r.rules.OnlyIn = append(r.rules.OnlyIn, parity.OnlyInRule{Environment: env, Address: address, Reason: reason, Origin: origin})
		return
	}

	pattern, ok := r.str(obj, "pattern")
	if !ok {
		return
	}
	if _, err := parity.CompilePattern(pattern); err != nil {
		r.diags.Append(patternError(at.AtName("pattern"), err))
		return
	}
	scope := parity.Scope{}
	if t, st := tfString(obj["resource_type"]); st == valueUnknown {
		r.unknown = true
		return
	} else if st == valueKnown {
		if !isResourceType(t) {
			r.diags.AddAttributeError(at.AtName("resource_type"), "Invalid Resource Type",
				"resource_type is a resource type such as \"aws_ebs_volume\": lower-case letters, digits and underscores, "+
					"starting with the provider's name; got "+strconv.Quote(parity.EscapeText(t))+".")
			return
		}
		scope.ResourceType = t
	}
	if when, ok := r.conditions(obj["when"], at.AtName("when")); ok {
		scope.When = when
	} else {
		return
	}
	class := kind
	if kind == "list" {
		class = "list (describes lists)"
	}
	key := class + "\x00" + scope.ResourceType + "\x00" + pattern + "\x00" + conditionKey(scope.When)
	if kind != "list" {
		key = "class\x00" + scope.ResourceType + "\x00" + pattern + "\x00" + conditionKey(scope.When)
	}
	if r.duplicate(kind, key, origin, at.AtName("pattern")) {
		return
	}
	switch kind {
	case "size":
		rule := parity.SizeRule{Pattern: pattern, Scope: scope, Origin: origin}
		if n, st := tfNumber(obj["ratio"]); st == valueUnknown {
			r.unknown = true
		} else if st == valueKnown {
			ratio, d := ratioValue(types.NumberValue(n), at.AtName("ratio"))
			r.diags.Append(d...)
			rule.Ratio = ratio
		}
		if s, ok := r.str(obj, "rounding"); ok {
			rule.Rounding = parity.Rounding(s)
		}
		if s, ok := r.str(obj, "minimum"); ok {
			rule.Minimum = strings.TrimSpace(s)
		}
		r.rules.Sizes = append(r.rules.Sizes, rule)
	case "ignore":
		if reason, ok := r.str(obj, "reason"); ok {
			r.rules.Ignores = append(r.rules.Ignores, parity.IgnoreRule{Pattern: pattern, Reason: reason, Scope: scope, Origin: origin})
		}
	case "config":
		r.rules.Configs = append(r.rules.Configs, parity.ConfigRule{Pattern: pattern, Scope: scope, Origin: origin})
	case "secret":
		r.rules.Secrets = append(r.rules.Secrets, parity.SecretRule{Pattern: pattern, Scope: scope, Origin: origin})
	case "identity":
		if reason, ok := r.str(obj, "reason"); ok {
			r.rules.Identities = append(r.rules.Identities, parity.IdentityRule{Pattern: pattern, Reason: reason, Scope: scope, Origin: origin})
		}
	case "list":
		rule := parity.ListRule{Pattern: pattern, Scope: scope, Origin: origin}
		order, ost := tfString(obj["order"])
		keys, kst := tfStrings(obj["key"])
		if ost == valueUnknown || kst == valueUnknown {
			r.unknown = true
			return
		}
		if ost == valueNull && kst == valueNull {
			r.diags.AddAttributeError(at, "Empty List Rule",
				"This list rule says nothing: set order = \"significant\" or \"insignificant\", key = [\"name\"], or both.")
			return
		}
		rule.Order, rule.Key = parity.ListOrder(order), keys
		r.rules.Lists = append(r.rules.Lists, rule)
	}
}

// duplicate reports (and records) a second rule of the same class, scope
// and pattern: the rules file refuses them, and so do the blocks.
func (r *ruleReader) duplicate(kind, key, origin string, at path.Path) bool {
	first, dup := r.declared[key]
	if !dup {
		r.declared[key] = kind + " " + origin
		return false
	}
	if strings.HasPrefix(first, kind+" ") {
		r.diags.AddAttributeError(at, "Duplicate Parity Rule",
			"This "+kind+" rule repeats "+strings.TrimPrefix(first, kind+" ")+"; keep one of them.")
	} else {
		r.diags.AddAttributeError(at, "Conflicting Parity Rules",
			"This "+kind+" rule and "+first+" name the same paths; a path has one class, so keep one of them.")
	}
	return true
}

// conditions reads when = { attribute = "value" }. Terraform converts the
// values of a map(string) to strings, so a value that reads as a bool or a
// number also matches that bool or number.
func (r *ruleReader) conditions(v tftypes.Value, at path.Path) ([]parity.Condition, bool) {
	attrs, st := tfAttributes(v)
	switch st {
	case valueUnknown:
		r.unknown = true
		return nil, false
	case valueNull:
		return nil, true
	}
	if len(attrs) == 0 {
		r.diags.AddAttributeError(at, "Invalid Condition", "when names no attribute; remove it, or name at least one, such as { volume_type = \"gp3\" }.")
		return nil, false
	}
	names := make([]string, 0, len(attrs))
	for k := range attrs {
		names = append(names, k)
	}
	sort.Strings(names)
	var out []parity.Condition
	for _, name := range names {
		if _, err := parity.CompilePattern(name); err != nil || strings.Contains(name, "*") {
			r.diags.AddAttributeError(at, "Invalid Condition",
				"when names "+strconv.Quote(parity.EscapeText(name))+", which is not an attribute path such as volume_type or ebs.volume_type.")
			return nil, false
		}
		s, st := tfString(attrs[name])
		c := parity.Condition{Attribute: name}
		switch st {
		case valueUnknown:
			r.unknown = true
			return nil, false
		case valueNull:
			c.Values = []parity.Value{parity.Null()}
		default:
			c.Values = looseValues(s)
		}
		out = append(out, c)
	}
	return out, true
}

// looseValues are the values a string condition from Terraform matches.
func looseValues(s string) []parity.Value {
	switch {
	case s == "true" || s == "false":
		return []parity.Value{parity.Bool(s == "true"), parity.String(s)}
	case isNumberText(s):
		return []parity.Value{parity.Number(s)}
	}
	return []parity.Value{parity.String(s)}
}

// isNumberText reports whether s is a decimal number as JSON writes one.
func isNumberText(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := func() int {
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i - start
	}
	if digits() == 0 {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

func conditionKey(cs []parity.Condition) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString(c.Attribute + "=")
		for _, v := range c.Values {
			b.Write(parity.CanonicalJSON(v))
			b.WriteByte('|')
		}
		b.WriteByte(';')
	}
	return b.String()
}

// tokens reads the environment_tokens block.
func (r *ruleReader) tokens(obj map[string]tftypes.Value) {
	at := path.Root("environment_tokens")
	for _, side := range []struct {
		name string
		out  *[]string
	}{{"staging", &r.rules.Tokens.Staging}, {"production", &r.rules.Tokens.Production}} {
		list, st := tfStrings(obj[side.name])
		switch st {
		case valueUnknown:
			r.unknown = true
		case valueKnown:
			*side.out = list
		}
	}
	r.diags.Append(checkTokens(at, r.rules.Tokens)...)
}

// checkTokens refuses a token listed for both environments.
func checkTokens(at path.Path, t parity.EnvironmentTokens) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, st := range t.Staging {
		for _, pt := range t.Production {
			if strings.EqualFold(st, pt) {
				diags.AddAttributeError(at, "Overlapping Environment Tokens",
					"The token "+strconv.Quote(parity.EscapeText(st))+" is listed for both staging and production. A token must name one environment only.")
			}
		}
	}
	return diags
}

func isResourceType(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' || !strings.Contains(s, "_") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

func patternError(at path.Path, err error) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(at, "Invalid Path Pattern",
		"The pattern is not valid: "+parity.EscapeText(err.Error())+". Patterns are dotted attribute paths where * matches one step, "+
			"** any number of steps and [*] any index, optionally prefixed with a resource type or address.")
}
