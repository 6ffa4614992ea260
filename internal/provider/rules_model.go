package provider

import (
	"context"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// Models of the rule blocks that parity_check shares with the rules file
// (the same vocabulary: size, ignore, config, secret, module_pair,
// environment_tokens).

type sizeRuleModel struct {
	Pattern  types.String `tfsdk:"pattern"`
	Ratio    types.Number `tfsdk:"ratio"`
	Rounding types.String `tfsdk:"rounding"`
	Minimum  types.String `tfsdk:"minimum"`
}

type ignoreRuleModel struct {
	Pattern types.String `tfsdk:"pattern"`
	Reason  types.String `tfsdk:"reason"`
}

type configRuleModel struct {
	Pattern types.String `tfsdk:"pattern"`
}

type secretRuleModel struct {
	Pattern types.String `tfsdk:"pattern"`
	Compare types.String `tfsdk:"compare"`
}

type modulePairModel struct {
	Staging    types.String `tfsdk:"staging"`
	Production types.String `tfsdk:"production"`
}

type environmentTokensModel struct {
	Staging    types.List `tfsdk:"staging"`
	Production types.List `tfsdk:"production"`
}

func (m *environmentTokensModel) toTokens(ctx context.Context, at path.Path, out *parity.EnvironmentTokens) diag.Diagnostics {
	var diags diag.Diagnostics
	if !m.Staging.IsNull() && !m.Staging.IsUnknown() {
		var s []string
		diags.Append(m.Staging.ElementsAs(ctx, &s, false)...)
		out.Staging = s
	}
	if !m.Production.IsNull() && !m.Production.IsUnknown() {
		var s []string
		diags.Append(m.Production.ElementsAs(ctx, &s, false)...)
		out.Production = s
	}
	for _, st := range out.Staging {
		for _, pt := range out.Production {
			if st == pt {
				diags.AddAttributeError(at, "Overlapping Environment Tokens",
					"The token "+strconv.Quote(st)+" is listed for both staging and production. A token must name one environment only.")
			}
		}
	}
	return diags
}

// known reports whether every value that shapes the rules is known; rules
// built from unknown values would classify wrongly, so the check waits.
func rulesKnown(m *parityCheckModel) bool {
	if m.Ratio.IsUnknown() || m.RulesFile.IsUnknown() || m.Enforcement.IsUnknown() || m.BuiltinRules.IsUnknown() || m.Redact.IsUnknown() {
		return false
	}
	for _, s := range m.Size {
		if s.Pattern.IsUnknown() || s.Ratio.IsUnknown() || s.Rounding.IsUnknown() || s.Minimum.IsUnknown() {
			return false
		}
	}
	for _, s := range m.Ignore {
		if s.Pattern.IsUnknown() || s.Reason.IsUnknown() {
			return false
		}
	}
	for _, s := range m.Config {
		if s.Pattern.IsUnknown() {
			return false
		}
	}
	for _, s := range m.Secret {
		if s.Pattern.IsUnknown() || s.Compare.IsUnknown() {
			return false
		}
	}
	for _, s := range m.ModulePair {
		if s.Staging.IsUnknown() || s.Production.IsUnknown() {
			return false
		}
	}
	if t := m.EnvironmentTokens; t != nil && (t.Staging.IsUnknown() || t.Production.IsUnknown()) {
		return false
	}
	return true
}

// blockRules converts the rule blocks of a parity_check into engine rules.
func blockRules(ctx context.Context, m *parityCheckModel) (parity.Rules, diag.Diagnostics) {
	var rules parity.Rules
	var diags diag.Diagnostics
	ratio, d := ratioValue(m.Ratio, path.Root("ratio"))
	diags.Append(d...)
	rules.Ratio = ratio
	for i, s := range m.Size {
		r := parity.SizeRule{Pattern: s.Pattern.ValueString(), Rounding: parity.Rounding(s.Rounding.ValueString()), Minimum: s.Minimum.ValueString()}
		r.Ratio, d = ratioValue(s.Ratio, path.Root("size").AtListIndex(i).AtName("ratio"))
		diags.Append(d...)
		diags.Append(checkPattern(path.Root("size").AtListIndex(i).AtName("pattern"), r.Pattern)...)
		rules.Sizes = append(rules.Sizes, r)
	}
	for i, s := range m.Ignore {
		diags.Append(checkPattern(path.Root("ignore").AtListIndex(i).AtName("pattern"), s.Pattern.ValueString())...)
		rules.Ignores = append(rules.Ignores, parity.IgnoreRule{Pattern: s.Pattern.ValueString(), Reason: s.Reason.ValueString()})
	}
	for i, s := range m.Config {
		diags.Append(checkPattern(path.Root("config").AtListIndex(i).AtName("pattern"), s.Pattern.ValueString())...)
		rules.Configs = append(rules.Configs, parity.ConfigRule{Pattern: s.Pattern.ValueString()})
	}
	for i, s := range m.Secret {
		diags.Append(checkPattern(path.Root("secret").AtListIndex(i).AtName("pattern"), s.Pattern.ValueString())...)
		rules.Secrets = append(rules.Secrets, parity.SecretRule{Pattern: s.Pattern.ValueString()})
	}
	for _, s := range m.ModulePair {
		rules.ModulePairs = append(rules.ModulePairs, parity.ModulePair{Staging: s.Staging.ValueString(), Production: s.Production.ValueString()})
	}
	if m.EnvironmentTokens != nil {
		diags.Append(m.EnvironmentTokens.toTokens(ctx, path.Root("environment_tokens"), &rules.Tokens)...)
	}
	if !m.BuiltinRules.IsNull() && !m.BuiltinRules.IsUnknown() {
		// Declared on the resource, it wins over the rules file's setting
		// either way.
		rules.NoBuiltin, rules.BuiltinDeclared = !m.BuiltinRules.ValueBool(), true
	}
	return rules, diags
}

func checkPattern(at path.Path, pattern string) diag.Diagnostics {
	var diags diag.Diagnostics
	if _, err := parity.CompilePattern(pattern); err != nil {
		diags.AddAttributeError(at, "Invalid Path Pattern",
			"The pattern is not valid: "+parity.EscapeText(err.Error())+". Patterns are dotted attribute paths where * matches one step, "+
				"** any number of steps and [*] any index, optionally prefixed with a resource type or address.")
	}
	return diags
}
