package provider

import (
	"context"
	"fmt"
	"math/big"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/envparity/terraform-provider-parity/internal/parity"
	"github.com/envparity/terraform-provider-parity/internal/rulesfile"
	"github.com/envparity/terraform-provider-parity/internal/sizes"
	"github.com/envparity/terraform-provider-parity/internal/tfinput"
)

var (
	_ resource.Resource                   = (*parityCheckResource)(nil)
	_ resource.ResourceWithConfigure      = (*parityCheckResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*parityCheckResource)(nil)
	_ resource.ResourceWithValidateConfig = (*parityCheckResource)(nil)
)

const (
	enforcementError = "error"
	enforcementWarn  = "warn"
)

// NewParityCheckResource returns the parity_check resource.
func NewParityCheckResource() resource.Resource {
	return &parityCheckResource{}
}

type parityCheckResource struct {
	data *providerData
}

func (r *parityCheckResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_check"
}

func (r *parityCheckResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if req.ProviderData == nil {
		return
	}
	data, ok := req.ProviderData.(*providerData)
	if !ok {
		resp.Diagnostics.AddError("Unexpected Provider Data", fmt.Sprintf("Expected *providerData, got %T. Please report this issue to the provider developers.", req.ProviderData))
		return
	}
	r.data = data
}

var findingAttrTypes = map[string]attr.Type{
	"environment": types.StringType,
	"kind":        types.StringType,
	"address":     types.StringType,
	"path":        types.StringType,
	"staging":     types.StringType,
	"production":  types.StringType,
	"expected":    types.StringType,
	"rule":        types.StringType,
	"message":     types.StringType,
}

// environmentResultAttrTypes are the attributes of one row of
// environment_results.
var environmentResultAttrTypes = map[string]attr.Type{
	"name":      types.StringType,
	"ratio":     types.NumberType,
	"hash":      types.StringType,
	"in_parity": types.BoolType,
	"findings":  types.NumberType,
}

func (r *parityCheckResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Compares the configuration of a staging and a production environment and fails the plan " +
			"when they drift: non-size settings must be equal, and size settings (instance types, counts, node " +
			"classes, replicas, quantities) must follow the staging:production `ratio`. The check runs on every " +
			"plan; values unknown at plan time are checked again at apply.",
		Attributes: map[string]schema.Attribute{
			"staging": schema.DynamicAttribute{
				MarkdownDescription: "The staging environment: any object of settings (a module's outputs, a map of " +
					"variables) or a decoded `terraform show -json` state or plan document (`jsondecode(file(...))`). " +
					"Sensitive: plans show `(sensitive value)`. Like every argument, Terraform stores it in state and in " +
					"`terraform show -json`; use `staging_wo` to keep it out of both. Exactly one of `staging` and " +
					"`staging_wo` is required.",
				Optional:  true,
				Sensitive: true,
			},
			"staging_wo": schema.DynamicAttribute{
				MarkdownDescription: "Write-only alternative to `staging` (Terraform 1.11 or later): the value is " +
					"checked at every plan and apply but never stored in the plan or the state. Exactly one of " +
					"`staging` and `staging_wo` is required.",
				Optional:  true,
				Sensitive: true,
				WriteOnly: true,
			},
			"production": schema.DynamicAttribute{
				MarkdownDescription: "The production environment, in the same form as `staging`. Sensitive, and " +
					"stored in state like `staging`. Exactly one of `production` and `production_wo` is required.",
				Optional:  true,
				Sensitive: true,
			},
			"production_wo": schema.DynamicAttribute{
				MarkdownDescription: "Write-only alternative to `production` (Terraform 1.11 or later), never stored " +
					"in the plan or the state. Exactly one of `production` and `production_wo` is required.",
				Optional:  true,
				Sensitive: true,
				WriteOnly: true,
			},
			"environments": schema.DynamicAttribute{
				MarkdownDescription: "Several environments compared with the one `production`, each at its own " +
					"scale, instead of `staging`: an object whose keys name the environments and whose values are " +
					"objects with `value` (the environment, in the same form as `staging`) and an optional `ratio` " +
					"(its size as a share of production's; defaults to `ratio`). For example `{ dev = { value = " +
					"module.dev.settings, ratio = 0.25 }, perf = { value = module.perf.settings, ratio = 1 } }`. " +
					"Findings carry the environment's name, `environment_results` has one row per environment, and " +
					"`in_parity` is true only when every environment is. Each environment's own words (`dev`, " +
					"`perf`, …) are its environment tokens. Sensitive, and stored in state like `staging`; use " +
					"`environments_wo` to keep it out. Give `staging` (or `staging_wo`) or this, not both.",
				Optional:  true,
				Sensitive: true,
			},
			"environments_wo": schema.DynamicAttribute{
				MarkdownDescription: "Write-only alternative to `environments` (Terraform 1.11 or later), never " +
					"stored in the plan or the state.",
				Optional:  true,
				Sensitive: true,
				WriteOnly: true,
			},
			"ratio": schema.NumberAttribute{
				MarkdownDescription: "Staging size as a share of production's (staging = production × ratio), for sizes " +
					"whose `size` rule sets none. Defaults to the last of `rules` that sets one, then the rules file's " +
					"`ratio`, then the provider's, then `1`. " + ratioAttributeText,
				Optional:   true,
				Validators: []validator.Number{ratioValidator{}},
			},
			"redact": schema.StringAttribute{
				MarkdownDescription: "How much of the compared values `findings` and the diagnostics show. " +
					redactModesText + " Defaults to the last of `rules` that sets one, then the rules file's `redact`, " +
					"then the provider's, then `strings`.",
				Optional:   true,
				Validators: redactValidators(),
			},
			"rules_file": schema.StringAttribute{
				MarkdownDescription: "Path of a `parity.hcl` rules file (the same file the `parity check` CLI reads), " +
					"for example `\"${path.module}/parity.hcl\"`. `rules` and this resource's own arguments and blocks " +
					"take precedence over it.",
				Optional: true,
			},
			"rules": schema.ListAttribute{
				MarkdownDescription: "Rules values to apply, each the `rules` of a `parity_rules` data source: typically " +
					"the rules the modules under comparison export (`module.app.parity_rules`). They are laid over the " +
					"provider's defaults and `rules_file`, each over the one before it, and this resource's own " +
					"arguments and blocks over them all.",
				ElementType: types.StringType,
				Optional:    true,
			},
			"enforcement": schema.StringAttribute{
				MarkdownDescription: "`error` fails the plan with one error per finding; `warn` reports the same " +
					"findings as warnings, each with a summary that names its resource and path (so Terraform shows " +
					"every one rather than folding them), plus one summary of them all. Defaults to the provider's " +
					"`enforcement`, then `error`.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(enforcementError, enforcementWarn)},
			},
			"unused_rules": schema.StringAttribute{
				MarkdownDescription: unusedRulesText + " Defaults to the provider's `unused_rules`, then `warn`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(unusedWarn, unusedError, unusedIgnore)},
			},
			"builtin_rules": schema.BoolAttribute{
				MarkdownDescription: "Whether the built-in knowledge base of size and identity attributes of the " +
					"common aws, google, azurerm and kubernetes resources applies. Defaults to the last of `rules` " +
					"that sets it, then the rules file's `builtin_rules`, then `true`.",
				Optional: true,
			},
			"staging_hash": schema.StringAttribute{
				MarkdownDescription: "Configuration hash of staging (null with `environments`, whose hashes are in " +
					"`environment_results`): SHA-256 of the canonical JSON of its settings " +
					"without size, ignored, identity and secret attributes, environment tokens replaced. Secrets (by " +
					"sensitive mark, name or look, digest-compared or not) are left out entirely, so the hash lets no one " +
					"test guesses of them; a secret with an ordinary name and look is part of it like any setting.",
				Computed: true,
			},
			"production_hash": schema.StringAttribute{
				MarkdownDescription: "Configuration hash of production, computed like `staging_hash`. The two are " +
					"equal when the environments are in parity.",
				Computed: true,
			},
			"in_parity": schema.BoolAttribute{
				MarkdownDescription: "Whether the environments are in parity (no finding other than `unknown`); " +
					"with `environments`, whether every one of them is.",
				Computed: true,
			},
			"environment_results": schema.ListAttribute{
				MarkdownDescription: "One row per environment compared with production: `name` (`staging` without " +
					"`environments`), `ratio`, configuration `hash`, `in_parity` and the number of `findings`.",
				ElementType: types.ObjectType{AttrTypes: environmentResultAttrTypes},
				Computed:    true,
			},
			"findings": schema.ListAttribute{
				MarkdownDescription: "The differences found, each with `environment` (the environment's name " +
					"with `environments`, null otherwise), `kind` (`config_drift`, `size_ratio`, " +
					"`size_family`, `only_in_staging`, `only_in_production`, `unknown`), `address`, `path`, " +
					"`staging`, `production`, `expected`, `rule` and `message`. Secret values are shown as " +
					"`(sensitive)` and values hidden by `redact` as `(redacted)`; messages never quote either.",
				ElementType: types.ObjectType{AttrTypes: findingAttrTypes},
				Computed:    true,
			},
		},
		Blocks: resourceRuleBlocks(),
	}
}

// environmentSources requires exactly one of staging, staging_wo,
// environments and environments_wo.
func environmentSources(attrs map[string]tftypes.Value) diag.Diagnostics {
	var diags diag.Diagnostics
	names := []string{"staging", "staging_wo", "environments", "environments_wo"}
	var set []string
	for _, n := range names {
		switch stateOf(attrs[n]) {
		case valueUnknown:
			return diags // decided at plan
		case valueKnown:
			set = append(set, n)
		}
	}
	desc := "Exactly one of these attributes must be configured: [staging,staging_wo,environments,environments_wo]"
	switch {
	case len(set) == 0:
		diags.AddError("Missing Attribute Configuration", desc)
	case len(set) > 1:
		diags.AddAttributeError(path.Root(set[1]), "Invalid Attribute Combination", desc)
	}
	return diags
}

// exactlyOneOf requires one of two attributes, as the framework's
// resourcevalidator.ExactlyOneOf does and with its messages. That validator
// matches its paths by walking the whole configuration, inputs included,
// which cost a tenth of every plan; the attributes are at the top.
func exactlyOneOf(attrs map[string]tftypes.Value, a, b string) diag.Diagnostics {
	var diags diag.Diagnostics
	desc := fmt.Sprintf("Exactly one of these attributes must be configured: [%s,%s]", a, b)
	sa, sb := stateOf(attrs[a]), stateOf(attrs[b])
	switch {
	case sa != valueNull && sb != valueNull && sa != valueUnknown && sb != valueUnknown:
		diags.AddAttributeError(path.Root(a), "Invalid Attribute Combination", desc)
	case sa == valueUnknown || sb == valueUnknown:
	case sa == valueNull && sb == valueNull:
		diags.AddError("Missing Attribute Configuration", desc)
	}
	return diags
}

// The unused_rules settings.
const (
	unusedWarn   = "warn"
	unusedError  = "error"
	unusedIgnore = "ignore"
)

const unusedRulesText = "What a rule that changes nothing gets, such as an `ignore` whose pattern matches no " +
	"attribute or an `only_in` whose address no one-sided resource has (often a typo, or a resource renamed): " +
	"`warn` (a warning naming the rule), `error` (the plan fails) or `ignore`. Rules of the check, its " +
	"`rules_file` and its `rules` count; the built-in knowledge base does not."

// ValidateConfig checks the rule arguments and blocks, and the rules values
// already known, so that mistakes point at the attribute at fault before
// any plan. Unknown values (a dynamic block over a variable, in `terraform
// validate`) are left for the plan.
func (r *parityCheckResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	if resp.Diagnostics.Append(checkInputDepth(req.Config.Raw, "staging", "production")...); resp.Diagnostics.HasError() {
		return
	}
	attrs, st := tfAttributes(req.Config.Raw)
	if st != valueKnown {
		return
	}
	resp.Diagnostics.Append(environmentSources(attrs)...)
	resp.Diagnostics.Append(exactlyOneOf(attrs, "production", "production_wo")...)
	reader := newRuleReader()
	reader.read(attrs)
	resp.Diagnostics.Append(reader.diags...)
	values, _ := tfElements(attrs["rules"])
	for i, v := range values {
		if s, st := tfString(v); st == valueKnown {
			if _, err := parity.DecodeRulesValue(s); err != nil {
				resp.Diagnostics.AddAttributeError(path.Root("rules").AtListIndex(i), "Invalid Rules Value", parity.EscapeText(err.Error())+".")
			}
		}
	}
}

// ModifyPlan runs the check on every plan, no-op plans included: the inputs
// may be unchanged while the provider's enforcement or a rules file changed,
// and a plan must never pass silently over drift. The provider's server
// plans parity_check without the framework (see NewServer), through the
// same plan function.
func (r *parityCheckResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy: nothing to check
	}
	var diags diag.Diagnostics
	resp.Plan.Raw, diags = r.plan(req.Plan.Raw, req.Config.Raw)
	resp.Diagnostics.Append(diags...)
}

// plan checks a planned parity_check and returns the plan with its results
// (unknown when the check, or part of it, waits for apply).
func (r *parityCheckResource) plan(planned, config tftypes.Value) (tftypes.Value, diag.Diagnostics) {
	c, diags := r.configure(planned, config)
	if diags.HasError() {
		return planned, diags
	}
	if c.deferred {
		diags.AddWarning("Parity Check Deferred To Apply",
			"The rules of this parity_check depend on values that are not known until apply, so the check runs then. "+
				"The apply fails if the environments have drifted.")
		out, d := withResults(planned, nil)
		diags.Append(d...)
		return out, diags
	}
	rep, staging, production, d := c.compare()
	diags.Append(d...)
	if d.HasError() {
		return planned, diags
	}
	diags.Append(findingDiagnostics(rep, c.enforcement, true, c.diagnosticAttr())...)
	if staging.ContainsUnknown() || production.ContainsUnknown() {
		// Known parts were checked above; the rest is checked at apply, so
		// the results are not known yet, and nor is which rules matter.
		rep = nil
	} else {
		diags.Append(unusedRuleDiagnostics(rep, c.unusedRules, c.origins)...)
	}
	out, d := withResults(planned, rep)
	diags.Append(d...)
	return out, diags
}

func (r *parityCheckResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	resp.State.Raw, resp.Diagnostics = r.apply(req.Plan.Raw, req.Config.Raw)
}

func (r *parityCheckResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw, resp.Diagnostics = r.apply(req.Plan.Raw, req.Config.Raw)
}

// apply checks again with every value known and returns the state to
// store: the planned values with the results. Create and Update share it:
// both store what a check of the final values computes. Findings already
// reported at plan are not repeated as warnings; drift fails the apply
// under error enforcement (it can only reach here when a value was unknown
// at plan). Write-only inputs come from the configuration, the only place
// Terraform sends them.
func (r *parityCheckResource) apply(planned, config tftypes.Value) (tftypes.Value, diag.Diagnostics) {
	c, diags := r.configure(planned, config)
	if diags.HasError() {
		return planned, diags
	}
	if c.deferred {
		diags.AddError("Parity Rules Unknown At Apply", "The rules of this parity_check are still unknown at apply; "+
			"this is always a problem with the provider or Terraform.")
		return planned, diags
	}
	rep, _, _, d := c.compare()
	diags.Append(d...)
	if diags.HasError() {
		return planned, diags
	}
	if c.enforcement == enforcementError {
		diags.Append(findingDiagnostics(rep, enforcementError, false, c.diagnosticAttr())...)
		if diags.HasError() {
			return planned, diags
		}
	}
	state, d := withResults(planned, rep)
	diags.Append(d...)
	return state, diags
}

func (r *parityCheckResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	// The check holds no remote object: state is what the last apply computed.
}

func (r *parityCheckResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	// Nothing to delete beyond state.
}

// checkSetup is a parity_check ready to compare: its rules merged from
// every source, its settings and its two inputs.
type checkSetup struct {
	// deferred is set when a value that shapes the rules is unknown.
	deferred    bool
	rules       parity.Rules
	origins     map[string]path.Path
	enforcement string
	unusedRules string
	staging     tftypes.Value
	production  tftypes.Value
	// envs holds the environments attribute (or its write-only twin,
	// named by envsAttr) when several environments are compared.
	envs     tftypes.Value
	envsAttr string
	// stagingAttr and productionAttr name the attributes the inputs came
	// from: staging or staging_wo, production or production_wo.
	stagingAttr, productionAttr string
}

// configure reads a planned (or applied) parity_check and builds its rules:
// the provider's defaults, then the rules file, then each rules value in
// order, then the resource's own arguments and blocks, each laid over the
// ones before. Write-only inputs are read from the configuration.
func (r *parityCheckResource) configure(planned, config tftypes.Value) (*checkSetup, diag.Diagnostics) {
	var diags diag.Diagnostics
	c := &checkSetup{stagingAttr: "staging", productionAttr: "production", enforcement: enforcementError, unusedRules: unusedWarn}
	attrs, _ := tfAttributes(planned)
	configAttrs, _ := tfAttributes(config)
	c.staging, c.production = attrs["staging"], attrs["production"]
	if v := configAttrs["staging_wo"]; stateOf(v) != valueNull {
		c.staging, c.stagingAttr = v, "staging_wo"
	}
	if v := configAttrs["production_wo"]; stateOf(v) != valueNull {
		c.production, c.productionAttr = v, "production_wo"
	}
	c.envs, c.envsAttr = attrs["environments"], "environments"
	if v := configAttrs["environments_wo"]; stateOf(v) != valueNull {
		c.envs, c.envsAttr = v, "environments_wo"
	}

	base := parity.Rules{Redact: parity.RedactStrings}
	if r.data != nil {
		base = r.data.Defaults
		base.Redact = r.data.Redact
		c.enforcement, c.unusedRules = r.data.Enforcement, r.data.UnusedRules
	}
	for _, setting := range []struct {
		name string
		out  *string
	}{{"enforcement", &c.enforcement}, {"unused_rules", &c.unusedRules}} {
		switch s, st := tfString(attrs[setting.name]); st {
		case valueUnknown:
			c.deferred = true
		case valueKnown:
			*setting.out = s
		}
	}

	own := newRuleReader()
	own.read(attrs)
	diags.Append(own.diags...)
	c.origins = own.origins
	c.deferred = c.deferred || own.unknown

	rules := base
	switch f, st := tfString(attrs["rules_file"]); st {
	case valueUnknown:
		c.deferred = true
	case valueKnown:
		if f != "" {
			fileRules, err := rulesfile.Load(f)
			if err != nil {
				diags.AddAttributeError(path.Root("rules_file"), "Invalid Rules File", escapeLines(err.Error()))
			} else {
				rules = rules.Merge(fileRules.WithOrigin("rules_file"))
				c.origins["rules_file"] = path.Root("rules_file")
			}
		}
	}
	values, st := tfElements(attrs["rules"])
	if st == valueUnknown {
		c.deferred = true
	}
	for i, v := range values {
		s, st := tfString(v)
		if st == valueUnknown {
			c.deferred = true
			continue
		}
		if st == valueNull {
			continue
		}
		at := path.Root("rules").AtListIndex(i)
		value, err := parity.DecodeRulesValue(s)
		if err != nil {
			diags.AddAttributeError(at, "Invalid Rules Value", parity.EscapeText(err.Error())+".")
			continue
		}
		origin := fmt.Sprintf("rules[%d]", i)
		c.origins[origin] = at
		rules = rules.Merge(value.WithOrigin(origin))
	}
	c.rules = rules.Merge(own.rules)
	c.rules.Tokens.Staging, c.rules.Tokens.Production = nonEmpty(c.rules.Tokens.Staging), nonEmpty(c.rules.Tokens.Production)
	diags.Append(checkTokens(path.Root("environment_tokens"), c.rules.Tokens)...)
	return c, diags
}

// nonEmpty keeps the defaults for a side given no tokens.
func nonEmpty(tokens []string) []string {
	if len(tokens) == 0 {
		return nil
	}
	return tokens
}

// multiple reports whether several environments are compared.
func (c *checkSetup) multiple() bool {
	return c.envs.Type() != nil && stateOf(c.envs) != valueNull
}

// diagnosticAttr is the attribute finding diagnostics point at.
func (c *checkSetup) diagnosticAttr() string {
	if c.multiple() {
		return c.envsAttr
	}
	return c.stagingAttr
}

// compare reads the inputs and compares them under the rules: staging with
// production, or each of several environments with production.
func (c *checkSetup) compare() (rep *parity.Report, staging, production parity.Value, diags diag.Diagnostics) {
	if c.multiple() {
		return c.compareEnvironments()
	}
	var err error
	if staging, err = fromTerraform(c.staging); err != nil {
		diags.AddAttributeError(path.Root(c.stagingAttr), "Invalid Staging Value", parity.EscapeText(err.Error()))
	}
	if production, err = fromTerraform(c.production); err != nil {
		diags.AddAttributeError(path.Root(c.productionAttr), "Invalid Production Value", parity.EscapeText(err.Error()))
	}
	if diags.HasError() {
		return nil, staging, production, diags
	}
	stagingEnv, err := environmentFromValue(staging, "staging")
	if err != nil {
		diags.AddAttributeError(path.Root(c.stagingAttr), "Invalid Staging Value", parity.EscapeText(err.Error()))
	}
	productionEnv, err := environmentFromValue(production, "production")
	if err != nil {
		diags.AddAttributeError(path.Root(c.productionAttr), "Invalid Production Value", parity.EscapeText(err.Error()))
	}
	if diags.HasError() {
		return nil, staging, production, diags
	}
	rep, err = parity.Compare(stagingEnv, productionEnv, c.rules)
	if err != nil {
		diags.AddError("Invalid Parity Rules", escapeLines(err.Error()))
		return nil, staging, production, diags
	}
	return rep, staging, production, diags
}

// compareEnvironments compares each environment of the environments
// attribute with production. envs is returned as the "staging" value so
// that the caller can tell whether anything was unknown.
func (c *checkSetup) compareEnvironments() (rep *parity.Report, envs, production parity.Value, diags diag.Diagnostics) {
	at := path.Root(c.envsAttr)
	var err error
	if envs, err = fromTerraform(c.envs); err != nil {
		diags.AddAttributeError(at, "Invalid Environments Value", parity.EscapeText(err.Error()))
	}
	if production, err = fromTerraform(c.production); err != nil {
		diags.AddAttributeError(path.Root(c.productionAttr), "Invalid Production Value", parity.EscapeText(err.Error()))
	}
	if diags.HasError() {
		return nil, envs, production, diags
	}
	named, d := namedEnvironments(envs, at)
	diags.Append(d...)
	productionEnv, err := environmentFromValue(production, "production")
	if err != nil {
		diags.AddAttributeError(path.Root(c.productionAttr), "Invalid Production Value", parity.EscapeText(err.Error()))
	}
	if diags.HasError() {
		return nil, envs, production, diags
	}
	rep, err = parity.CompareEnvironments(productionEnv, named, c.rules)
	if err != nil {
		diags.AddAttributeError(at, "Invalid Environments Value", escapeLines(err.Error()))
		return nil, envs, production, diags
	}
	return rep, envs, production, diags
}

// namedEnvironments reads the environments attribute: an object (or map) of
// environment name to { value = …, ratio = … }. Errors point at the
// environment at fault and never quote its values.
func namedEnvironments(v parity.Value, at path.Path) ([]parity.NamedEnvironment, diag.Diagnostics) {
	var diags diag.Diagnostics
	if v.Kind() != parity.KindObject || v.Len() == 0 {
		diags.AddAttributeError(at, "Invalid Environments Value",
			"environments must be an object with one key per environment, such as { dev = { value = module.dev.settings, ratio = 0.25 } }.")
		return nil, diags
	}
	var out []parity.NamedEnvironment
	for i, name := range v.Keys() {
		el := v.Index(i)
		where := at.AtMapKey(name)
		esc := parity.EscapeText(name)
		if !validEnvironmentName(name) {
			diags.AddAttributeError(where, "Invalid Environment Name",
				fmt.Sprintf("The environment name %q must be a word of letters, digits, '-' and '_', such as dev or perf; it names the environment in findings and reports.", esc))
			continue
		}
		if name == "production" {
			diags.AddAttributeError(where, "Invalid Environment Name",
				"production is the environment the others are compared with; give it as production, and name the others.")
			continue
		}
		if el.Kind() != parity.KindObject {
			diags.AddAttributeError(where, "Invalid Environment",
				fmt.Sprintf("Environment %s must be an object with value (the environment) and an optional ratio, such as { value = module.%s.settings, ratio = 0.5 }.", esc, esc))
			continue
		}
		value, ok := el.Get("value")
		if !ok || value.IsNull() {
			diags.AddAttributeError(where, "Missing Environment Value", fmt.Sprintf("Environment %s has no value: give the environment as value = …, in the same form as production.", esc))
			continue
		}
		for _, k := range el.Keys() {
			if k != "value" && k != "ratio" {
				diags.AddAttributeError(where.AtName(k), "Unsupported Environment Attribute",
					fmt.Sprintf("Environment %s has %q; an environment has value and ratio only.", esc, parity.EscapeText(k)))
			}
		}
		ne := parity.NamedEnvironment{Name: name}
		if r, ok := el.Get("ratio"); ok && !r.IsNull() {
			var ratio *big.Rat
			var err error
			switch r.Kind() {
			case parity.KindNumber, parity.KindString:
				ratio, err = sizes.ParseRatio(r.Str())
			default:
				err = fmt.Errorf("it is not a number")
			}
			if err != nil {
				diags.AddAttributeError(where.AtName("ratio"), "Invalid Ratio", fmt.Sprintf("The ratio of environment %s is not valid: %s.", esc, parity.EscapeText(err.Error())))
				continue
			}
			ne.Ratio, _ = ratio.Float64()
		}
		env, err := environmentFromValue(value, name)
		if err != nil {
			diags.AddAttributeError(where.AtName("value"), "Invalid Environment Value", parity.EscapeText(err.Error()))
			continue
		}
		ne.Env = env
		out = append(out, ne)
	}
	return out, diags
}

// validEnvironmentName accepts names a report can show as they are.
func validEnvironmentName(name string) bool {
	if name == "" || len(name) > 64 {
		return false
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// environmentOf turns an input into an environment (see
// environmentFromValue).
func environmentOf(ctx context.Context, d types.Dynamic, name string) (parity.Environment, error) {
	v, err := toParityValue(ctx, d)
	if err != nil {
		return parity.Environment{}, err
	}
	return environmentFromValue(v, name)
}

// environmentFromValue turns a value into an environment: a decoded
// show -json state or plan document (or raw state) compares resource by
// resource, any other value is one object of settings.
func environmentFromValue(v parity.Value, name string) (parity.Environment, error) {
	env := parity.Environment{Name: name}
	if v.Kind() == parity.KindObject {
		resources, ok, err := tfinput.FromDocument(v)
		if err != nil {
			return env, err
		}
		if ok {
			env.Resources = resources
			return env, nil
		}
	}
	env.Resources = []parity.Resource{{Values: v}}
	return env, nil
}

func containsUnknown(d types.Dynamic) bool {
	if d.IsUnknown() || d.IsUnderlyingValueUnknown() {
		return true
	}
	v, err := toParityValue(context.Background(), d)
	return err == nil && v.ContainsUnknown()
}

// findingType is the Terraform type of one element of findings.
var findingType = func() tftypes.Object {
	t := tftypes.Object{AttributeTypes: map[string]tftypes.Type{}}
	for name := range findingAttrTypes {
		t.AttributeTypes[name] = tftypes.String
	}
	return t
}()

// decimal returns f as the shortest decimal that reads back as f, so that
// a ratio of 0.1 shows as 0.1.
func decimal(f float64) *big.Float {
	d, _, _ := big.ParseFloat(strconv.FormatFloat(f, 'g', -1, 64), 10, 64, big.ToNearestEven)
	return d
}

// environmentResultType is the Terraform type of one element of
// environment_results.
var environmentResultType = tftypes.Object{AttributeTypes: map[string]tftypes.Type{
	"name": tftypes.String, "ratio": tftypes.Number, "hash": tftypes.String, "in_parity": tftypes.Bool, "findings": tftypes.Number,
}}

// withResults returns the planned value with the results of rep, or with
// unknown results when rep is nil (the check, or part of it, runs at
// apply).
func withResults(planned tftypes.Value, rep *parity.Report) (tftypes.Value, diag.Diagnostics) {
	var diags diag.Diagnostics
	attrs, st := tfAttributes(planned)
	if st != valueKnown {
		diags.AddError("Unexpected Plan", "The planned parity_check is not a known object; this is always a problem with the provider.")
		return planned, diags
	}
	list := tftypes.List{ElementType: findingType}
	envList := tftypes.List{ElementType: environmentResultType}
	if rep == nil {
		attrs["staging_hash"] = tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
		attrs["production_hash"] = tftypes.NewValue(tftypes.String, tftypes.UnknownValue)
		attrs["in_parity"] = tftypes.NewValue(tftypes.Bool, tftypes.UnknownValue)
		attrs["findings"] = tftypes.NewValue(list, tftypes.UnknownValue)
		attrs["environment_results"] = tftypes.NewValue(envList, tftypes.UnknownValue)
	} else {
		elems := make([]tftypes.Value, 0, len(rep.Findings))
		for _, f := range rep.Findings {
			env := tftypes.NewValue(tftypes.String, nil)
			if f.Environment != "" {
				env = tftypes.NewValue(tftypes.String, f.Environment)
			}
			elems = append(elems, tftypes.NewValue(findingType, map[string]tftypes.Value{
				"environment": env,
				"kind":        tftypes.NewValue(tftypes.String, string(f.Kind)),
				"address":     tftypes.NewValue(tftypes.String, f.Address),
				"path":        tftypes.NewValue(tftypes.String, f.Path),
				"staging":     tftypes.NewValue(tftypes.String, f.Staging),
				"production":  tftypes.NewValue(tftypes.String, f.Production),
				"expected":    tftypes.NewValue(tftypes.String, f.Expected),
				"rule":        tftypes.NewValue(tftypes.String, f.Rule),
				"message":     tftypes.NewValue(tftypes.String, f.Message),
			}))
		}
		stagingHash := tftypes.NewValue(tftypes.String, rep.StagingHash)
		rows := rep.Environments
		if len(rows) == 0 {
			rows = []parity.EnvironmentResult{{Name: "staging", Ratio: rep.Ratio, Hash: rep.StagingHash, InParity: rep.InParity(), Counts: rep.Counts()}}
		} else {
			stagingHash = tftypes.NewValue(tftypes.String, nil)
		}
		envElems := make([]tftypes.Value, 0, len(rows))
		for _, row := range rows {
			n := 0
			for _, c := range row.Counts {
				n += c
			}
			ratio := row.Ratio
			if ratio == 0 {
				ratio = 1
			}
			envElems = append(envElems, tftypes.NewValue(environmentResultType, map[string]tftypes.Value{
				"name":      tftypes.NewValue(tftypes.String, row.Name),
				"ratio":     tftypes.NewValue(tftypes.Number, decimal(ratio)),
				"hash":      tftypes.NewValue(tftypes.String, row.Hash),
				"in_parity": tftypes.NewValue(tftypes.Bool, row.InParity),
				"findings":  tftypes.NewValue(tftypes.Number, new(big.Float).SetInt64(int64(n))),
			}))
		}
		attrs["staging_hash"] = stagingHash
		attrs["production_hash"] = tftypes.NewValue(tftypes.String, rep.ProductionHash)
		attrs["in_parity"] = tftypes.NewValue(tftypes.Bool, rep.InParity())
		attrs["findings"] = tftypes.NewValue(list, elems)
		attrs["environment_results"] = tftypes.NewValue(envList, envElems)
	}
	return tftypes.NewValue(planned.Type(), attrs), diags
}
