// Rules files (parity.hcl) are parsed here, in the engine, because the
// built-in knowledge base is written in the same vocabulary and read by the
// same parser: one grammar for users, module authors and the engine itself.
//
//	ratio = 0.5
//	size "instance_count" { rounding = "up" }
//	ignore "alert_endpoints" { reason = "each environment pages its own team" }
//
// Every block is also accepted in the shape parity_check's blocks have,
// since Terraform gives providers no labelled blocks: the pattern as an
// argument (ignore { pattern = "alert_endpoints" … }), a resource_type
// argument for resource "TYPE" { … }, module_pair { staging = … } and
// only_in { environment = … }. A block copied from a parity_check works
// here unchanged; the labelled form stays the shorter way to write a file.
//
// Every value must be a literal: a rules file is data, so variables and
// function calls are rejected with a diagnostic rather than evaluated.

package parity

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/envparity/terraform-provider-parity/internal/sizes"
)

// The arguments and blocks of each body, in the order messages list them.
var (
	topArguments   = []string{"ratio", "builtin_rules", "redact"}
	topBlocks      = []string{"size", "ignore", "config", "secret", "identity", "list", "resource", "environment_tokens", "module_pair", "only_in", "data"}
	resourceBlocks = []string{"size", "ignore", "config", "secret", "identity", "list"}
	blockArguments = map[string][]string{
		"size":               {"pattern", "resource_type", "ratio", "rounding", "minimum", "when"},
		"ignore":             {"pattern", "resource_type", "reason", "when"},
		"config":             {"pattern", "resource_type", "when"},
		"secret":             {"pattern", "resource_type", "compare", "when"},
		"identity":           {"pattern", "resource_type", "reason", "when"},
		"list":               {"pattern", "resource_type", "order", "key"},
		"environment_tokens": {"staging", "production"},
		"module_pair":        {"staging", "production"},
		"only_in":            {"environment", "address", "reason"},
	}
	// labelArguments name the argument that stands for a block's label in
	// the unlabelled form.
	labelArguments = map[string]string{"module_pair": "staging", "only_in": "environment"}
)

// DiagnosticsError renders error diagnostics as one error, one line per
// diagnostic: "parity.hcl:3:9: Invalid ratio: ratio must be … ".
func DiagnosticsError(diags hcl.Diagnostics) error {
	var lines []string
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		line := d.Summary
		if d.Detail != "" {
			line += ": " + d.Detail
		}
		if d.Subject != nil {
			line = fmt.Sprintf("%s:%d:%d: %s", d.Subject.Filename, d.Subject.Start.Line, d.Subject.Start.Column, line)
		}
		lines = append(lines, line)
	}
	if len(lines) == 0 {
		return nil
	}
	return fmt.Errorf("%s", strings.Join(lines, "\n"))
}

// ParseRules parses rules file source; filename is used in diagnostics and
// Locations. On error the returned Rules are the zero value.
func ParseRules(src []byte, filename string) (Rules, hcl.Diagnostics) {
	file, diags := hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
	if diags.HasErrors() {
		for _, d := range diags {
			// HCL allows one argument in a block written on one line; the
			// rules are often sketched that way, so say how to fix it.
			if d.Summary == "Invalid single-argument block definition" {
				d.Detail += " Put each argument of the block on its own line."
			}
		}
		return Rules{}, diags
	}
	body, ok := file.Body.(*hclsyntax.Body)
	if !ok {
		// ParseConfig always returns a native body; guard anyway.
		return Rules{}, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Unsupported rules file",
			Detail:   "The rules file could not be read as native HCL syntax.",
			Subject:  &hcl.Range{Filename: filename, Start: hcl.InitialPos, End: hcl.InitialPos},
		}}
	}
	p := &parser{patterns: map[string]declaration{}, moduleStaging: map[string]hcl.Range{}, moduleProduction: map[string]hcl.Range{}, onlyIn: map[string]hcl.Range{}}
	p.body(body)
	if p.diags.HasErrors() {
		sortDiagnostics(p.diags)
		return Rules{}, p.diags
	}
	return p.rules, p.diags
}

// declaration records where a pattern or block was first declared.
type declaration struct {
	kind string
	rng  hcl.Range
}

type parser struct {
	rules            Rules
	diags            hcl.Diagnostics
	patterns         map[string]declaration
	tokens           *hcl.Range
	moduleStaging    map[string]hcl.Range
	moduleProduction map[string]hcl.Range
	onlyIn           map[string]hcl.Range
}

func (p *parser) errorf(subject hcl.Range, summary, format string, args ...any) {
	p.diags = append(p.diags, &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  summary,
		Detail:   fmt.Sprintf(format, args...),
		Subject:  subject.Ptr(),
	})
}

// body reads the top level of the file.
func (p *parser) body(body *hclsyntax.Body) {
	for _, attr := range sortedAttributes(body) {
		switch attr.Name {
		case "ratio":
			if r, ok := p.ratio(attr); ok {
				p.rules.Ratio = r
			}
		case "builtin_rules":
			if v, ok := p.boolean(attr); ok {
				p.rules.NoBuiltin, p.rules.BuiltinDeclared = !v, true
			}
		case "redact":
			if v, ok := p.str(attr, `"secrets", "strings" or "all"`); ok {
				if r, err := ParseRedact(v); err != nil {
					p.errorf(attr.Expr.Range(), "Invalid redact", "redact must be \"secrets\", \"strings\" or \"all\"; got %q.", v)
				} else {
					p.rules.Redact = r
				}
			}
		default:
			p.unsupportedArgument(attr, "a rules file", topArguments, topBlocks)
		}
	}
	for _, block := range body.Blocks {
		switch block.Type {
		case "size", "ignore", "config", "secret", "identity", "list", "module_pair", "only_in":
			p.labelledBlock(block, "")
		case "resource":
			p.resourceBlock(block)
		case "environment_tokens":
			p.environmentTokens(block)
		case "data":
			// The rules of `parity data` (internal/dataprofile), which reads
			// and checks them itself.
		default:
			p.unsupportedBlock(block, "a rules file", topArguments, topBlocks)
		}
	}
}

// resourceBlock reads resource "TYPE" { … }: rules whose patterns are matched
// inside resources of that type only.
func (p *parser) resourceBlock(block *hclsyntax.Block) {
	if !p.checkLabels(block, 1) {
		return
	}
	resourceType := block.Labels[0]
	if !isResourceTypeName(resourceType) {
		p.errorf(block.LabelRanges[0], "Invalid resource type",
			"The label of a resource block is a resource type such as \"aws_ebs_volume\": lower-case letters, digits and underscores, starting with the provider's name; got %q.", resourceType)
		return
	}
	for _, attr := range sortedAttributes(block.Body) {
		p.unsupportedArgument(attr, "a resource block", nil, resourceBlocks)
	}
	for _, nested := range block.Body.Blocks {
		if contains(resourceBlocks, nested.Type) {
			p.labelledBlock(nested, resourceType)
			continue
		}
		p.unsupportedBlock(nested, "a resource block", nil, resourceBlocks)
	}
}

func isResourceTypeName(s string) bool {
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

// labelledBlock reads a block that takes one label: the rules, module_pair
// and only_in. Its label may instead be written as an argument (pattern,
// staging or environment), the shape parity_check's blocks have.
// resourceType is the enclosing resource block's type, if any.
func (p *parser) labelledBlock(block *hclsyntax.Block, resourceType string) {
	if len(block.Labels) > 1 {
		p.checkLabels(block, 1)
		return
	}
	attrs := p.blockAttributes(block)
	label, labelRange, ok := p.blockLabel(block, attrs)
	if !ok {
		return
	}
	loc := &Location{File: block.TypeRange.Filename, Line: block.TypeRange.Start.Line, Column: block.TypeRange.Start.Column}

	switch block.Type {
	case "module_pair":
		p.modulePair(block, label, labelRange, attrs)
		return
	case "only_in":
		p.onlyInBlock(block, label, labelRange, attrs, loc)
		return
	}

	if attr := attrs["resource_type"]; attr != nil {
		if resourceType != "" {
			p.errorf(attr.NameRange, "Unsupported argument",
				"This %s block is inside resource %q already; remove resource_type, or move the block out of the resource block.", block.Type, resourceType)
			return
		}
		t, ok := p.str(attr, `a resource type such as "aws_ebs_volume"`)
		if !ok {
			return
		}
		if !isResourceTypeName(t) {
			p.errorf(attr.Expr.Range(), "Invalid resource type",
				"resource_type is a resource type such as \"aws_ebs_volume\": lower-case letters, digits and underscores, starting with the provider's name; got %q.", t)
			return
		}
		resourceType = t
	}
	scope := Scope{ResourceType: resourceType}
	whenText := ""
	if attr := attrs["when"]; attr != nil {
		var ok bool
		if scope.When, ok = p.conditions(attr); !ok {
			return
		}
		whenText = conditionsText(scope.When)
	}
	declared := resourceType + "\x00" + label + "\x00" + whenText
	patternOK := true
	if _, err := CompilePattern(label); err != nil {
		p.errorf(labelRange, "Invalid pattern", "The %s rule's pattern is not valid: %s.", block.Type, err)
		patternOK = false
	} else if block.Type == "list" {
		// A list rule describes a list; it does not classify the path, so it
		// may share a pattern with a size or ignore rule.
		declared = "list\x00" + declared
	}
	if !patternOK {
	} else if first, dup := p.patterns[declared]; dup {
		if first.kind == block.Type {
			p.errorf(labelRange, fmt.Sprintf("Duplicate %s rule", block.Type),
				"%s %q is declared twice, at %s and %s; keep one of them.",
				block.Type, label, lineOf(first.rng), lineOf(block.TypeRange))
		} else {
			p.errorf(labelRange, "Conflicting rules",
				"%q is declared both as %s (%s) and as %s (%s); a path has one class, so keep one of them.",
				label, first.kind, lineOf(first.rng), block.Type, lineOf(block.TypeRange))
		}
		patternOK = false
	} else {
		p.patterns[declared] = declaration{kind: block.Type, rng: block.TypeRange}
	}

	switch block.Type {
	case "size":
		rule := SizeRule{Pattern: label, Scope: scope, Source: loc}
		if attr := attrs["ratio"]; attr != nil {
			if r, ok := p.ratio(attr); ok {
				rule.Ratio = r
			}
		}
		if attr := attrs["rounding"]; attr != nil {
			if s, ok := p.str(attr, `a rounding mode such as "up"`); ok {
				r, err := ParseRounding(s)
				if err != nil {
					p.errorf(attr.Expr.Range(), "Invalid rounding",
						"The rounding of size %q must be %s; got %q. It decides which sizes are accepted when production × ratio falls between two steps.",
						label, roundingList, s)
				} else {
					rule.Rounding = r
				}
			}
		}
		if attr := attrs["minimum"]; attr != nil {
			if s, ok := p.sizeText(attr); ok {
				rule.Minimum = s
			}
		}
		if patternOK {
			p.rules.Sizes = append(p.rules.Sizes, rule)
		}
	case "ignore":
		reason, ok := p.reason(block, label, attrs["reason"],
			"ignore %q needs a reason, such as reason = \"each environment pages its own team\"; reports show it next to every path the rule ignores.")
		if ok && patternOK {
			p.rules.Ignores = append(p.rules.Ignores, IgnoreRule{Pattern: label, Reason: reason, Scope: scope, Source: loc})
		}
	case "config":
		if patternOK {
			p.rules.Configs = append(p.rules.Configs, ConfigRule{Pattern: label, Scope: scope, Source: loc})
		}
	case "secret":
		attr := attrs["compare"]
		if attr == nil {
			p.errorf(block.DefRange(), "Missing compare",
				"secret %q needs compare = \"digest\" to opt in to comparing the secret by a keyed digest (HMAC-SHA256); without a secret block secrets are not compared.", label)
			return
		}
		s, ok := p.str(attr, `"digest"`)
		if !ok {
			return
		}
		if s != "digest" {
			p.errorf(attr.Expr.Range(), "Invalid compare",
				"The compare of secret %q must be \"digest\" (secrets are compared by keyed digest, HMAC-SHA256, never by value); got %q.", label, s)
			return
		}
		if patternOK {
			p.rules.Secrets = append(p.rules.Secrets, SecretRule{Pattern: label, Scope: scope, Source: loc})
		}
	case "identity":
		reason, ok := p.reason(block, label, attrs["reason"],
			"identity %q needs a reason, such as reason = \"assigned by the cloud when the resource is created\"; it explains why the path is not compared.")
		if ok && patternOK {
			p.rules.Identities = append(p.rules.Identities, IdentityRule{Pattern: label, Reason: reason, Scope: scope, Source: loc})
		}
	case "list":
		rule := ListRule{Pattern: label, Scope: scope, Source: loc}
		if attr := attrs["order"]; attr != nil {
			if s, ok := p.str(attr, `"significant" or "insignificant"`); ok {
				switch o := ListOrder(s); o {
				case ListOrderSignificant, ListOrderInsignificant:
					rule.Order = o
				default:
					p.errorf(attr.Expr.Range(), "Invalid order",
						"The order of list %q must be \"significant\" (the order of the elements is configuration) or \"insignificant\" (the list is a set); got %q.", label, s)
					return
				}
			}
		}
		if attr := attrs["key"]; attr != nil {
			keys, ok := p.stringList(attr, `a list of attribute names such as ["name"]`)
			if !ok {
				return
			}
			rule.Key = keys
		}
		if rule.Order == ListOrderUnknown && rule.Key == nil {
			p.errorf(block.DefRange(), "Empty list rule",
				"list %q says nothing: set order = \"significant\" or \"insignificant\", key = [\"name\"], or both.", label)
			return
		}
		if patternOK {
			p.rules.Lists = append(p.rules.Lists, rule)
		}
	}
}

// blockLabel returns a block's label: the label itself, or the argument
// written in its place (pattern, staging or environment).
func (p *parser) blockLabel(block *hclsyntax.Block, attrs map[string]*hclsyntax.Attribute) (string, hcl.Range, bool) {
	name := labelArguments[block.Type]
	if name == "" {
		name = "pattern"
	}
	attr := attrs[name]
	if len(block.Labels) == 1 {
		if attr != nil {
			p.errorf(attr.NameRange, "Duplicate "+name,
				"This %s block has both a label and %s; write one of them: %s.", block.Type, name, labelExamples[block.Type])
			return "", hcl.Range{}, false
		}
		return block.Labels[0], block.LabelRanges[0], true
	}
	if attr == nil {
		p.errorf(block.DefRange(), "Missing "+name, "A %s block needs its %s: %s.", block.Type, labelWords[name], labelExamples[block.Type])
		return "", hcl.Range{}, false
	}
	v, ok := p.str(attr, labelWants[name])
	if !ok {
		return "", hcl.Range{}, false
	}
	return v, attr.Expr.Range(), true
}

// How messages describe a block's label and show both ways to write it.
var (
	labelWords = map[string]string{
		"pattern":     "attribute path pattern",
		"staging":     "staging module path",
		"environment": "environment",
	}
	labelWants = map[string]string{
		"pattern":     `an attribute path pattern such as "instance_type"`,
		"staging":     `a module path such as "module.staging_infrastructure"`,
		"environment": `"staging" or "production"`,
	}
	labelExamples = map[string]string{
		"size":        `size { pattern = "instance_type" … } or size "instance_type" { … }`,
		"ignore":      `ignore { pattern = "alert_endpoints" reason = "…" } or ignore "alert_endpoints" { reason = "…" }`,
		"config":      `config { pattern = "arn" } or config "arn" {}`,
		"secret":      `secret { pattern = "db_password" compare = "digest" } or secret "db_password" { compare = "digest" }`,
		"identity":    `identity { pattern = "dns_name" reason = "…" } or identity "dns_name" { reason = "…" }`,
		"list":        `list { pattern = "container.args" order = "significant" } or list "container.args" { order = "significant" }`,
		"module_pair": `module_pair { staging = "module.staging_app" production = "module.production_app" } or module_pair "module.staging_app" { production = "module.production_app" }`,
		"only_in":     `only_in { environment = "production" address = "aws_wafv2_web_acl.main" reason = "…" } or only_in "production" { address = "…" reason = "…" }`,
	}
)

// onlyInBlock reads only_in "production" { address = "aws_wafv2_web_acl.*" reason = "…" }.
func (p *parser) onlyInBlock(block *hclsyntax.Block, env string, envRange hcl.Range, attrs map[string]*hclsyntax.Attribute, loc *Location) {
	ok := true
	if env != "staging" && env != "production" {
		p.errorf(envRange, "Invalid environment",
			"only_in names the environment the resources exist in: \"staging\" or \"production\"; got %q.", env)
		ok = false
	}
	attr := attrs["address"]
	if attr == nil {
		p.errorf(block.DefRange(), "Missing address",
			"only_in %q needs the address of the resources that exist there only, such as address = \"aws_wafv2_web_acl.main\" (a pattern: \"aws_wafv2_web_acl.*\", \"module.dr.**\").", env)
		return
	}
	address, valid := p.str(attr, `a resource address such as "aws_wafv2_web_acl.main"`)
	if !valid {
		return
	}
	if _, err := CompilePattern(address); err != nil {
		p.errorf(attr.Expr.Range(), "Invalid address", "The address of only_in %q is not a valid pattern: %s.", env, err)
		ok = false
	}
	reason, valid := p.reason(block, address, attrs["reason"],
		"only_in %q needs a reason, such as reason = \"production only: the WAF fronts public traffic\"; reports show it next to the resources it declares.")
	if !valid {
		return
	}
	key := env + "\x00" + address
	if first, dup := p.onlyIn[key]; dup {
		p.errorf(attr.Expr.Range(), "Duplicate only_in rule",
			"only_in %q %q is declared twice, at %s and %s; keep one of them.", env, address, lineOf(first), lineOf(block.TypeRange))
		return
	}
	p.onlyIn[key] = block.TypeRange
	if ok {
		p.rules.OnlyIn = append(p.rules.OnlyIn, OnlyInRule{Environment: env, Address: address, Reason: reason, Source: loc})
	}
}

// reason reads the required reason of an ignore or identity rule; missing
// is the message (with %q for the pattern) when it is absent.
func (p *parser) reason(block *hclsyntax.Block, label string, attr *hclsyntax.Attribute, missing string) (string, bool) {
	if attr == nil {
		p.errorf(block.DefRange(), "Missing reason", missing, label)
		return "", false
	}
	reason, ok := p.str(attr, "a sentence")
	if !ok {
		return "", false
	}
	if strings.TrimSpace(reason) == "" {
		p.errorf(attr.Expr.Range(), "Missing reason",
			"The reason of %s %q is empty; say why the path may differ between environments.", block.Type, label)
		return "", false
	}
	return reason, true
}

// conditions reads when = { attribute = value or [values] }: the rule applies
// only to objects whose attribute has one of the values.
func (p *parser) conditions(attr *hclsyntax.Attribute) ([]Condition, bool) {
	if obj, isObj := attr.Expr.(*hclsyntax.ObjectConsExpr); isObj {
		for _, item := range obj.Items {
			if key, isKey := item.KeyExpr.(*hclsyntax.ObjectConsKeyExpr); isKey {
				if trav, isTrav := key.Wrapped.(*hclsyntax.ScopeTraversalExpr); isTrav && len(trav.Traversal) > 1 {
					p.errorf(key.Range(), "Invalid when",
						"Write an attribute path with dots in quotes: \"%s\" = … (a bare a.b is read as a reference).", traversalText(trav.Traversal))
					return nil, false
				}
			}
		}
	}
	v, ok := p.literal(attr)
	if !ok {
		return nil, false
	}
	const want = `an object of attribute names and values, such as { volume_type = "gp3" } or { engine = ["mysql", "postgres"] }`
	if v.IsNull() || !(v.Type().IsObjectType() || v.Type().IsMapType()) || v.LengthInt() == 0 {
		p.errorf(attr.Expr.Range(), "Invalid when", "when must be %s; got %s.", want, describe(v))
		return nil, false
	}
	var out []Condition
	for it := v.ElementIterator(); it.Next(); {
		k, ev := it.Element()
		name := k.AsString()
		if _, err := CompilePattern(name); err != nil || strings.Contains(name, "*") {
			p.errorf(attr.Expr.Range(), "Invalid when", "when names %q, which is not an attribute path such as volume_type or ebs.volume_type.", name)
			return nil, false
		}
		var elems []cty.Value
		if ev.Type().IsTupleType() || ev.Type().IsListType() || ev.Type().IsSetType() {
			if ev.IsNull() || ev.LengthInt() == 0 {
				p.errorf(attr.Expr.Range(), "Invalid when", "when.%s lists no value; list at least one.", name)
				return nil, false
			}
			elems = ev.AsValueSlice()
		} else {
			elems = []cty.Value{ev}
		}
		c := Condition{Attribute: name}
		for _, e := range elems {
			switch {
			case e.IsNull():
				c.Values = append(c.Values, Null())
			case e.Type() == cty.String:
				c.Values = append(c.Values, String(e.AsString()))
			case e.Type() == cty.Number:
				c.Values = append(c.Values, Number(e.AsBigFloat().Text('g', -1)))
			case e.Type() == cty.Bool:
				c.Values = append(c.Values, Bool(e.True()))
			default:
				p.errorf(attr.Expr.Range(), "Invalid when", "when.%s must be a string, number, bool or null, or a list of them; got %s.", name, describe(e))
				return nil, false
			}
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Attribute < out[j].Attribute })
	return out, true
}

// conditionsText writes conditions canonically, to tell rules apart.
func conditionsText(cs []Condition) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString(c.Attribute)
		b.WriteByte('=')
		for _, v := range c.Values {
			b.Write(CanonicalJSON(v))
			b.WriteByte('|')
		}
		b.WriteByte(';')
	}
	return b.String()
}

// stringList reads a non-empty list of non-empty strings.
func (p *parser) stringList(attr *hclsyntax.Attribute, want string) ([]string, bool) {
	v, ok := p.literal(attr)
	if !ok {
		return nil, false
	}
	list, err := convert.Convert(v, cty.List(cty.String))
	if err != nil || list.IsNull() || list.LengthInt() == 0 {
		p.errorf(attr.Expr.Range(), fmt.Sprintf("Invalid %s", attr.Name), "%s must be %s; got %s.", attr.Name, want, describe(v))
		return nil, false
	}
	var out []string
	for _, e := range list.AsValueSlice() {
		if e.IsNull() || strings.TrimSpace(e.AsString()) == "" {
			p.errorf(attr.Expr.Range(), fmt.Sprintf("Invalid %s", attr.Name), "%s contains an empty name; it must be %s.", attr.Name, want)
			return nil, false
		}
		out = append(out, e.AsString())
	}
	return out, true
}

// modulePair reads module_pair "module.staging_x" { production = "module.production_x" }.
func (p *parser) modulePair(block *hclsyntax.Block, staging string, labelRange hcl.Range, attrs map[string]*hclsyntax.Attribute) {
	ok := true
	if err := validateModulePath(staging); err != nil {
		p.errorf(labelRange, "Invalid module path", "The staging module path of module_pair is not valid: %s.", err)
		ok = false
	} else if first, dup := p.moduleStaging[staging]; dup {
		p.errorf(labelRange, "Duplicate module_pair",
			"module_pair %q is declared twice, at %s and %s; keep one of them.", staging, lineOf(first), lineOf(block.TypeRange))
		ok = false
	} else {
		p.moduleStaging[staging] = block.TypeRange
	}

	attr := attrs["production"]
	if attr == nil {
		p.errorf(block.DefRange(), "Missing production module",
			"module_pair %q needs the production module path it maps to, such as production = \"module.production_infrastructure\".", staging)
		return
	}
	production, valid := p.str(attr, `a module path such as "module.production_infrastructure"`)
	if !valid {
		return
	}
	if err := validateModulePath(production); err != nil {
		p.errorf(attr.Expr.Range(), "Invalid module path", "The production module path of module_pair %q is not valid: %s.", staging, err)
		return
	}
	if first, dup := p.moduleProduction[production]; dup {
		p.errorf(attr.Expr.Range(), "Duplicate module_pair",
			"The production module %q is paired twice, at %s and %s; each production module pairs with one staging module.",
			production, lineOf(first), lineOf(attr.SrcRange))
		return
	}
	p.moduleProduction[production] = attr.SrcRange
	if ok {
		loc := &Location{File: block.TypeRange.Filename, Line: block.TypeRange.Start.Line, Column: block.TypeRange.Start.Column}
		p.rules.ModulePairs = append(p.rules.ModulePairs, ModulePair{Staging: staging, Production: production, Source: loc})
	}
}

// environmentTokens reads the environment_tokens block.
func (p *parser) environmentTokens(block *hclsyntax.Block) {
	if !p.checkLabels(block, 0) {
		return
	}
	if p.tokens != nil {
		p.errorf(block.TypeRange, "Duplicate environment_tokens block",
			"environment_tokens is already declared at %s; merge the two blocks into one.", lineOf(*p.tokens))
		return
	}
	p.tokens = block.TypeRange.Ptr()
	attrs := p.blockAttributes(block)

	var staging, production []string
	var stagingOK, productionOK bool
	if attr := attrs["staging"]; attr != nil {
		staging, stagingOK = p.tokenList(attr, DefaultStagingTokens)
	}
	if attr := attrs["production"]; attr != nil {
		production, productionOK = p.tokenList(attr, DefaultProductionTokens)
	}

	// Overlapping sets would replace one environment's name by the other's
	// placeholder and hide real differences; compare against the defaults
	// when a side is not set.
	if stagingOK || productionOK {
		s, pr := staging, production
		subject := attrs["staging"]
		if !stagingOK {
			s, subject = DefaultStagingTokens, attrs["production"]
		}
		if !productionOK {
			pr = DefaultProductionTokens
		}
		if attrs["staging"] != nil && !stagingOK || attrs["production"] != nil && !productionOK {
			// One side has its own error already.
		} else if common := overlap(s, pr); len(common) > 0 {
			p.errorf(subject.SrcRange, "Overlapping environment tokens",
				"The staging and production tokens both contain %s; a token names one environment only.", quoteList(common))
			return
		}
	}
	if stagingOK {
		p.rules.Tokens.Staging = staging
	}
	if productionOK {
		p.rules.Tokens.Production = production
	}
}

// tokenList reads a non-empty list of distinct non-empty strings.
func (p *parser) tokenList(attr *hclsyntax.Attribute, defaults []string) ([]string, bool) {
	v, ok := p.literal(attr)
	if !ok {
		return nil, false
	}
	list, err := convert.Convert(v, cty.List(cty.String))
	if err != nil || !list.IsWhollyKnown() {
		p.errorf(attr.Expr.Range(), "Invalid environment tokens",
			"%s must be a list of strings, such as [%s]; got %s.", attr.Name, quoteList(defaults), describe(v))
		return nil, false
	}
	if list.LengthInt() == 0 {
		p.errorf(attr.Expr.Range(), "Invalid environment tokens",
			"%s lists no token; list at least one, or remove the argument to use the defaults (%s).", attr.Name, quoteList(defaults))
		return nil, false
	}
	var tokens []string
	seen := map[string]bool{}
	for _, elem := range list.AsValueSlice() {
		if elem.IsNull() || strings.TrimSpace(elem.AsString()) == "" {
			p.errorf(attr.Expr.Range(), "Invalid environment tokens", "%s contains an empty token; every token must be a word such as %q.", attr.Name, defaults[0])
			return nil, false
		}
		t := elem.AsString()
		if seen[strings.ToLower(t)] {
			p.errorf(attr.Expr.Range(), "Invalid environment tokens", "%s lists %q twice; list each token once.", attr.Name, t)
			return nil, false
		}
		seen[strings.ToLower(t)] = true
		tokens = append(tokens, t)
	}
	return tokens, true
}

// checkLabels reports a block with the wrong number of labels.
func (p *parser) checkLabels(block *hclsyntax.Block, want int) bool {
	if len(block.Labels) == want {
		return true
	}
	example := map[string]string{
		"size":               `size "instance_type" { … }`,
		"ignore":             `ignore "alert_endpoints" { reason = "…" }`,
		"config":             `config "arn" {}`,
		"secret":             `secret "db_password" { compare = "digest" }`,
		"identity":           `identity "dns_name" { reason = "…" }`,
		"list":               `list "container.args" { order = "significant" }`,
		"resource":           `resource "aws_ebs_volume" { size "iops" { minimum = 3000 } }`,
		"module_pair":        `module_pair "module.staging_app" { production = "module.production_app" }`,
		"environment_tokens": `environment_tokens { staging = ["staging"] production = ["production"] }`,
	}[block.Type]
	switch {
	case want == 0:
		p.errorf(block.LabelRanges[0], "Unexpected label", "An environment_tokens block takes no label: %s.", example)
	case len(block.Labels) == 0:
		p.errorf(block.TypeRange, "Missing pattern label", "A %s block needs one label, the attribute path pattern: %s.", block.Type, example)
	default:
		p.errorf(block.LabelRanges[want], "Extra label", "A %s block takes one label, the attribute path pattern: %s.", block.Type, example)
	}
	return false
}

// blockAttributes returns the block's arguments by name after reporting
// unknown arguments and nested blocks.
func (p *parser) blockAttributes(block *hclsyntax.Block) map[string]*hclsyntax.Attribute {
	allowed := blockArguments[block.Type]
	where := fmt.Sprintf("a %s block", block.Type)
	if block.Type == "ignore" || block.Type == "identity" || block.Type == "environment_tokens" || block.Type == "only_in" {
		where = fmt.Sprintf("an %s block", block.Type)
	}
	attrs := map[string]*hclsyntax.Attribute{}
	for _, attr := range sortedAttributes(block.Body) {
		if contains(allowed, attr.Name) {
			attrs[attr.Name] = attr
			continue
		}
		p.unsupportedArgument(attr, where, allowed, nil)
	}
	for _, nested := range block.Body.Blocks {
		p.unsupportedBlock(nested, where, allowed, nil)
	}
	return attrs
}

func (p *parser) unsupportedArgument(attr *hclsyntax.Attribute, where string, arguments, blocks []string) {
	if contains(blocks, attr.Name) {
		p.errorf(attr.NameRange, "Unsupported argument",
			"%s is a block, not an argument: write %s { … } without the equals sign.", attr.Name, attr.Name)
		return
	}
	p.errorf(attr.NameRange, "Unsupported argument",
		"An argument named %q is not expected in %s. %s%s", attr.Name, where, allowedText(arguments, blocks), suggestion(attr.Name, arguments, blocks))
}

func (p *parser) unsupportedBlock(block *hclsyntax.Block, where string, arguments, blocks []string) {
	if contains(arguments, block.Type) {
		p.errorf(block.TypeRange, "Unsupported block type",
			"%s is an argument, not a block: write %s = value.", block.Type, block.Type)
		return
	}
	p.errorf(block.TypeRange, "Unsupported block type",
		"A block of type %q is not expected in %s. %s%s", block.Type, where, allowedText(arguments, blocks), suggestion(block.Type, arguments, blocks))
}

// literal evaluates an argument that must be a literal value.
func (p *parser) literal(attr *hclsyntax.Attribute) (cty.Value, bool) {
	if vars := attr.Expr.Variables(); len(vars) > 0 {
		p.errorf(vars[0].SourceRange(), "Variables not allowed",
			"The value of %s refers to %s; a rules file holds literal values only (strings, numbers, bools and lists).",
			attr.Name, traversalText(vars[0]))
		return cty.NilVal, false
	}
	var call *hclsyntax.FunctionCallExpr
	hclsyntax.VisitAll(attr.Expr, func(n hclsyntax.Node) hcl.Diagnostics {
		if f, ok := n.(*hclsyntax.FunctionCallExpr); ok && call == nil {
			call = f
		}
		return nil
	})
	if call != nil {
		p.errorf(call.NameRange, "Function calls not allowed",
			"The value of %s calls %s(); a rules file holds literal values only (strings, numbers, bools and lists).", attr.Name, call.Name)
		return cty.NilVal, false
	}
	v, diags := attr.Expr.Value(nil)
	if diags.HasErrors() {
		for _, d := range diags {
			if d.Subject == nil {
				d.Subject = attr.Expr.Range().Ptr()
			}
		}
		p.diags = append(p.diags, diags...)
		return cty.NilVal, false
	}
	if !v.IsWhollyKnown() {
		p.errorf(attr.Expr.Range(), "Invalid value", "The value of %s is not known; a rules file holds literal values only.", attr.Name)
		return cty.NilVal, false
	}
	return v, true
}

// ratio reads a ratio, checked by the range every entry point shares
// (sizes.RatioFromBig).
func (p *parser) ratio(attr *hclsyntax.Attribute) (float64, bool) {
	v, ok := p.literal(attr)
	if !ok {
		return 0, false
	}
	n, err := convert.Convert(v, cty.Number)
	if err != nil || n.IsNull() {
		p.errorf(attr.Expr.Range(), "Invalid ratio", "ratio must be a number, such as 0.5 (staging = production × 0.5); got %s.", describe(v))
		return 0, false
	}
	r, err := sizes.RatioFromBig(n.AsBigFloat())
	if err != nil {
		p.errorf(attr.Expr.Range(), "Invalid ratio", "%s.", err.Error())
		return 0, false
	}
	f, _ := r.Float64()
	return f, true
}

// str reads a string argument; want describes the expected value.
func (p *parser) str(attr *hclsyntax.Attribute, want string) (string, bool) {
	v, ok := p.literal(attr)
	if !ok {
		return "", false
	}
	if v.IsNull() || v.Type() != cty.String {
		p.errorf(attr.Expr.Range(), fmt.Sprintf("Invalid %s", attr.Name), "%s must be a string, %s; got %s.", attr.Name, want, describe(v))
		return "", false
	}
	return v.AsString(), true
}

// boolean reads a bool argument.
func (p *parser) boolean(attr *hclsyntax.Attribute) (bool, bool) {
	v, ok := p.literal(attr)
	if !ok {
		return false, false
	}
	if v.IsNull() || v.Type() != cty.Bool {
		p.errorf(attr.Expr.Range(), fmt.Sprintf("Invalid %s", attr.Name), "%s must be true or false; got %s.", attr.Name, describe(v))
		return false, false
	}
	return v.True(), true
}

// sizeText reads a size written as a string ("db.t3.micro", "20", "512Mi")
// or a number (20), returned as text.
func (p *parser) sizeText(attr *hclsyntax.Attribute) (string, bool) {
	v, ok := p.literal(attr)
	if !ok {
		return "", false
	}
	var s string
	switch {
	case v.IsNull():
	case v.Type() == cty.String:
		s = strings.TrimSpace(v.AsString())
	case v.Type() == cty.Number:
		n := v.AsBigFloat()
		// Sizes are small non-negative numbers; refusing huge exponents
		// also keeps formatting fast.
		if n.Sign() < 0 || n.MantExp(nil) > 64 || n.Sign() > 0 && n.MantExp(nil) < -64 {
			p.errorf(attr.Expr.Range(), fmt.Sprintf("Invalid %s", attr.Name),
				"%s must be a non-negative size of reasonable magnitude, such as 20.", attr.Name)
			return "", false
		}
		s = n.Text('f', -1)
	}
	if s == "" {
		p.errorf(attr.Expr.Range(), fmt.Sprintf("Invalid %s", attr.Name),
			"%s must be a size such as \"20\", \"t3.small\" or \"512Mi\"; got %s.", attr.Name, describe(v))
		return "", false
	}
	return s, true
}

// describe names a value's type for messages, without printing the value.
func describe(v cty.Value) string {
	switch {
	case v.IsNull():
		return "null"
	case v.Type() == cty.String:
		if v.AsString() == "" {
			return "an empty string"
		}
		return "a string"
	case v.Type() == cty.Number:
		return "a number"
	case v.Type() == cty.Bool:
		return "a bool"
	case v.Type().IsTupleType() || v.Type().IsListType() || v.Type().IsSetType():
		return "a list"
	case v.Type().IsObjectType() || v.Type().IsMapType():
		return "an object"
	}
	return v.Type().FriendlyName()
}

func traversalText(t hcl.Traversal) string {
	var b strings.Builder
	for _, step := range t {
		switch s := step.(type) {
		case hcl.TraverseRoot:
			b.WriteString(s.Name)
		case hcl.TraverseAttr:
			b.WriteString("." + s.Name)
		default:
			b.WriteString("[…]")
		}
	}
	return b.String()
}

func sortedAttributes(body *hclsyntax.Body) []*hclsyntax.Attribute {
	attrs := make([]*hclsyntax.Attribute, 0, len(body.Attributes))
	for _, a := range body.Attributes {
		attrs = append(attrs, a)
	}
	sort.Slice(attrs, func(i, j int) bool { return attrs[i].SrcRange.Start.Byte < attrs[j].SrcRange.Start.Byte })
	return attrs
}

func sortDiagnostics(diags hcl.Diagnostics) {
	sort.SliceStable(diags, func(i, j int) bool {
		return diags[i].Subject.Start.Byte < diags[j].Subject.Start.Byte
	})
}

// lineOf renders a range as file:line for messages.
func lineOf(r hcl.Range) string { return fmt.Sprintf("%s:%d", r.Filename, r.Start.Line) }

func allowedText(arguments, blocks []string) string {
	var parts []string
	switch len(arguments) {
	case 0:
		parts = append(parts, "It takes no arguments")
	case 1:
		parts = append(parts, "The only argument is "+arguments[0])
	default:
		parts = append(parts, "The arguments are "+andList(arguments))
	}
	switch len(blocks) {
	case 0:
		if len(arguments) > 0 {
			parts = append(parts, "no blocks")
		} else {
			parts[0] += " and no blocks"
		}
	default:
		parts = append(parts, "the blocks are "+andList(blocks))
	}
	return strings.Join(parts, "; ") + "."
}

func andList(items []string) string {
	if len(items) == 1 {
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

func quoteList(items []string) string {
	quoted := make([]string, len(items))
	for i, s := range items {
		quoted[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(quoted, ", ")
}

func overlap(a, b []string) []string {
	in := map[string]bool{}
	for _, s := range a {
		in[strings.ToLower(s)] = true
	}
	var common []string
	for _, s := range b {
		if in[strings.ToLower(s)] {
			common = append(common, s)
		}
	}
	return common
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// suggestion proposes the closest known name for a misspelt one.
func suggestion(name string, arguments, blocks []string) string {
	best, bestDistance := "", 3
	for _, candidate := range append(append([]string(nil), arguments...), blocks...) {
		if d := editDistance(name, candidate); d < bestDistance {
			best, bestDistance = candidate, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" Did you mean %q?", best)
}

// editDistance is the Levenshtein distance between two short names.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
