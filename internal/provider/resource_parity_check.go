package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/envparity/terraform-provider-parity/internal/parity"
	"github.com/envparity/terraform-provider-parity/internal/rulesfile"
	"github.com/envparity/terraform-provider-parity/internal/tfinput"
)

var (
	_ resource.Resource                     = (*parityCheckResource)(nil)
	_ resource.ResourceWithConfigure        = (*parityCheckResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*parityCheckResource)(nil)
	_ resource.ResourceWithValidateConfig   = (*parityCheckResource)(nil)
	_ resource.ResourceWithConfigValidators = (*parityCheckResource)(nil)
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
	"kind":       types.StringType,
	"address":    types.StringType,
	"path":       types.StringType,
	"staging":    types.StringType,
	"production": types.StringType,
	"expected":   types.StringType,
	"rule":       types.StringType,
	"message":    types.StringType,
}

func patternAttribute(desc string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: desc + " Patterns are dotted attribute paths: `*` matches one step, `**` any number of " +
			"steps, `[*]` any index; a pattern matches the end of a path and may start with a resource type or " +
			"address (`aws_db_instance.*.allocated_storage`).",
		Required:   true,
		Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
	}
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
			"ratio": schema.NumberAttribute{
				MarkdownDescription: "Staging size as a share of production's (staging = production × ratio), for sizes " +
					"whose `size` rule sets none. Defaults to the rules file's `ratio`, then the provider's, then `1`. " +
					ratioAttributeText,
				Optional:   true,
				Validators: []validator.Number{ratioValidator{}},
			},
			"redact": schema.StringAttribute{
				MarkdownDescription: "How much of the compared values `findings` and the diagnostics show. " +
					redactModesText + " Defaults to the provider's `redact`, then `strings`.",
				Optional:   true,
				Validators: redactValidators(),
			},
			"rules_file": schema.StringAttribute{
				MarkdownDescription: "Path of a `parity.hcl` rules file (the same file the `parity check` CLI reads), " +
					"for example `\"${path.module}/parity.hcl\"`. Blocks of this resource take precedence over it.",
				Optional: true,
			},
			"enforcement": schema.StringAttribute{
				MarkdownDescription: "`error` fails the plan with one error per finding; `warn` reports the same " +
					"findings as warnings. Defaults to the provider's `enforcement`, then `error`.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(enforcementError, enforcementWarn)},
			},
			"builtin_rules": schema.BoolAttribute{
				MarkdownDescription: "Whether the built-in knowledge base of size and identity attributes of the " +
					"common aws, google, azurerm and kubernetes resources applies. Defaults to `true`.",
				Optional: true,
			},
			"staging_hash": schema.StringAttribute{
				MarkdownDescription: "Configuration hash of staging: SHA-256 of the canonical JSON of its settings " +
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
				MarkdownDescription: "Whether the environments are in parity (no finding other than `unknown`).",
				Computed:            true,
			},
			"findings": schema.ListAttribute{
				MarkdownDescription: "The differences found, each with `kind` (`config_drift`, `size_ratio`, " +
					"`size_family`, `only_in_staging`, `only_in_production`, `unknown`), `address`, `path`, " +
					"`staging`, `production`, `expected`, `rule` and `message`. Secret values are shown as " +
					"`(sensitive)` and values hidden by `redact` as `(redacted)`; messages never quote either.",
				ElementType: types.ObjectType{AttrTypes: findingAttrTypes},
				Computed:    true,
			},
		},
		Blocks: map[string]schema.Block{
			"size": schema.ListNestedBlock{
				MarkdownDescription: "Declares that matching paths are sizes: staging must equal production × ratio.",
				NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"pattern": patternAttribute("Paths this rule applies to."),
					"ratio": schema.NumberAttribute{
						MarkdownDescription: "Ratio for these paths; defaults to the check's `ratio`. " + ratioAttributeText,
						Optional:            true,
						Validators:          []validator.Number{ratioValidator{}},
					},
					"rounding": schema.StringAttribute{
						MarkdownDescription: "Which sizes are accepted when production × ratio falls between two steps: " +
							"`nearest`, `up`, `down` or `either` (default: either neighbour).",
						Optional:   true,
						Validators: []validator.String{stringvalidator.OneOf("nearest", "up", "down", "either")},
					},
					"minimum": schema.StringAttribute{
						MarkdownDescription: "Smallest accepted staging size, on the same ladder (`t3.medium`, `2`, `1Gi`).",
						Optional:            true,
					},
				}},
			},
			"ignore": schema.ListNestedBlock{
				MarkdownDescription: "Declares that matching paths are not compared. Each ignore carries a reason that " +
					"reports show.",
				NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"pattern": patternAttribute("Paths to ignore."),
					"reason": schema.StringAttribute{
						MarkdownDescription: "Why these paths may differ between staging and production.",
						Required:            true,
						Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
					},
				}},
			},
			"config": schema.ListNestedBlock{
				MarkdownDescription: "Forces matching paths to be compared as configuration, overriding the built-in " +
					"knowledge base (for example an attribute it treats as computed or as a size).",
				NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"pattern": patternAttribute("Paths to compare as configuration."),
				}},
			},
			"secret": schema.ListNestedBlock{
				MarkdownDescription: "Opts secret paths in to comparison. Secrets are otherwise not compared, since " +
					"each environment keeps its own; values are never shown either way.",
				NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"pattern": patternAttribute("Secret paths to compare."),
					"compare": schema.StringAttribute{
						MarkdownDescription: "How to compare: `digest`, an HMAC-SHA256 of each value under a random key " +
							"made for that one comparison and then dropped, so nothing stored or printed lets anyone test " +
							"guesses. Secrets stay out of `staging_hash` and `production_hash`.",
						Required:   true,
						Validators: []validator.String{stringvalidator.OneOf("digest")},
					},
				}},
			},
			"module_pair": schema.ListNestedBlock{
				MarkdownDescription: "Maps a staging module call path to the production one when they are named " +
					"differently (beyond environment tokens), for state and plan documents.",
				NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"staging": schema.StringAttribute{
						MarkdownDescription: "Staging module path, such as `module.staging_infrastructure`.",
						Required:            true,
					},
					"production": schema.StringAttribute{
						MarkdownDescription: "Production module path, such as `module.production_infrastructure`.",
						Required:            true,
					},
				}},
				Validators: []validator.List{listvalidator.UniqueValues()},
			},
			"environment_tokens": schema.SingleNestedBlock{
				MarkdownDescription: "Words that name each environment in names and values; they are replaced by one " +
					"placeholder before comparing. Defaults to the provider's, then staging = `staging`, `stage`, " +
					"`stg` and production = `production`, `prod`, `prd`.",
				Attributes: map[string]schema.Attribute{
					"staging": schema.ListAttribute{
						MarkdownDescription: "Tokens of the staging environment.",
						ElementType:         types.StringType,
						Optional:            true,
					},
					"production": schema.ListAttribute{
						MarkdownDescription: "Tokens of the production environment.",
						ElementType:         types.StringType,
						Optional:            true,
					},
				},
			},
		},
	}
}

// ConfigValidators require each environment exactly once: as an ordinary
// (sensitive) argument or as its write-only alternative.
func (r *parityCheckResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.ExactlyOneOf(path.MatchRoot("staging"), path.MatchRoot("staging_wo")),
		resourcevalidator.ExactlyOneOf(path.MatchRoot("production"), path.MatchRoot("production_wo")),
	}
}

// ValidateConfig checks the rule blocks (patterns, environment tokens) so
// that mistakes point at the attribute at fault before any plan.
func (r *parityCheckResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	if resp.Diagnostics.Append(checkInputDepth(req.Config.Raw, "staging", "production")...); resp.Diagnostics.HasError() {
		return
	}
	var m parityCheckModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !rulesKnown(&m) {
		return
	}
	_, diags := blockRules(ctx, &m)
	resp.Diagnostics.Append(diags...)
}

// ModifyPlan runs the check on every plan, no-op plans included: the inputs
// may be unchanged while the provider's enforcement or a rules file changed,
// and a plan must never pass silently over drift.
func (r *parityCheckResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy: nothing to check
	}
	var plan parityCheckModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	in, diags := inputsOf(ctx, &plan, req.Config)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !rulesKnown(&plan) {
		resp.Diagnostics.AddWarning("Parity Check Deferred To Apply",
			"The rules of this parity_check depend on values that are not known until apply, so the check runs then. "+
				"The apply fails if the environments have drifted.")
		plan.setUnknownResults()
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		return
	}
	rep, diags := r.check(ctx, &plan, in)
	resp.Diagnostics.Append(diags...)
	if diags.HasError() {
		return
	}
	enforcement := r.enforcement(&plan)
	resp.Diagnostics.Append(findingDiagnostics(rep, enforcement, true, in.stagingAttr)...)
	if containsUnknown(in.staging) || containsUnknown(in.production) {
		// Known parts were checked above; the rest is checked at apply, so
		// the results are not known yet.
		plan.setUnknownResults()
	} else {
		resp.Diagnostics.Append(plan.setResults(rep)...)
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

func (r *parityCheckResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	resp.Diagnostics.Append(r.applyPlan(ctx, req.Plan, req.Config, &resp.State)...)
}

func (r *parityCheckResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.Append(r.applyPlan(ctx, req.Plan, req.Config, &resp.State)...)
}

// applyPlan checks the planned values and stores the results in state.
// Create and Update share it: both store what a check of the final values
// computes. Write-only inputs come from the configuration, the only place
// Terraform sends them.
func (r *parityCheckResource) applyPlan(ctx context.Context, planned tfsdk.Plan, config tfsdk.Config, state *tfsdk.State) diag.Diagnostics {
	var plan parityCheckModel
	diags := planned.Get(ctx, &plan)
	if diags.HasError() {
		return diags
	}
	in, d := inputsOf(ctx, &plan, config)
	diags.Append(d...)
	if diags.HasError() {
		return diags
	}
	diags.Append(r.apply(ctx, &plan, in)...)
	if diags.HasError() {
		return diags
	}
	diags.Append(state.Set(ctx, &plan)...)
	return diags
}

// apply checks again with every value known. Findings already reported at
// plan are not repeated as warnings; drift fails the apply under error
// enforcement (it can only reach here when a value was unknown at plan).
func (r *parityCheckResource) apply(ctx context.Context, plan *parityCheckModel, in checkInputs) diag.Diagnostics {
	rep, diags := r.check(ctx, plan, in)
	if diags.HasError() {
		return diags
	}
	if r.enforcement(plan) == enforcementError {
		diags.Append(findingDiagnostics(rep, enforcementError, false, in.stagingAttr)...)
		if diags.HasError() {
			return diags
		}
	}
	diags.Append(plan.setResults(rep)...)
	return diags
}

func (r *parityCheckResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	// The check holds no remote object: state is what the last apply computed.
}

func (r *parityCheckResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	// Nothing to delete beyond state.
}

func (r *parityCheckResource) enforcement(m *parityCheckModel) string {
	if !m.Enforcement.IsNull() && m.Enforcement.ValueString() != "" {
		return m.Enforcement.ValueString()
	}
	if r.data != nil && r.data.Enforcement != "" {
		return r.data.Enforcement
	}
	return enforcementError
}

// checkInputs are the two environments a check compares and the
// attributes they came from (staging or staging_wo, …).
type checkInputs struct {
	staging, production         types.Dynamic
	stagingAttr, productionAttr string
}

// inputsOf picks each environment from its ordinary attribute (in the plan)
// or its write-only alternative (in the configuration: Terraform never puts
// write-only values in a plan or state).
func inputsOf(ctx context.Context, m *parityCheckModel, config tfsdk.Config) (checkInputs, diag.Diagnostics) {
	in := checkInputs{staging: m.Staging, production: m.Production, stagingAttr: "staging", productionAttr: "production"}
	var diags diag.Diagnostics
	for _, wo := range []struct {
		attr string
		val  *types.Dynamic
		name *string
	}{{"staging_wo", &in.staging, &in.stagingAttr}, {"production_wo", &in.production, &in.productionAttr}} {
		var v types.Dynamic
		diags.Append(config.GetAttribute(ctx, path.Root(wo.attr), &v)...)
		if !v.IsNull() {
			*wo.val, *wo.name = v, wo.attr
		}
	}
	return in, diags
}

// check builds the rules (provider defaults, then the rules file, then this
// resource's blocks) and compares the two environments.
func (r *parityCheckResource) check(ctx context.Context, m *parityCheckModel, in checkInputs) (*parity.Report, diag.Diagnostics) {
	var diags diag.Diagnostics
	rules := parity.Rules{}
	if r.data != nil {
		rules = r.data.Defaults
	}
	if f := m.RulesFile.ValueString(); f != "" {
		fileRules, err := rulesfile.Load(f)
		if err != nil {
			diags.AddAttributeError(path.Root("rules_file"), "Invalid Rules File", parity.EscapeText(err.Error()))
			return nil, diags
		}
		rules = rules.Merge(fileRules)
	}
	own, d := blockRules(ctx, m)
	diags.Append(d...)
	if diags.HasError() {
		return nil, diags
	}
	rules = rules.Merge(own)
	rules.Redact = r.redact(m)

	staging, err := environmentOf(ctx, in.staging, "staging")
	if err != nil {
		diags.AddAttributeError(path.Root(in.stagingAttr), "Invalid Staging Value", parity.EscapeText(err.Error()))
	}
	production, err := environmentOf(ctx, in.production, "production")
	if err != nil {
		diags.AddAttributeError(path.Root(in.productionAttr), "Invalid Production Value", parity.EscapeText(err.Error()))
	}
	if diags.HasError() {
		return nil, diags
	}
	rep, err := parity.Compare(staging, production, rules)
	if err != nil {
		diags.AddError("Invalid Parity Rules", parity.EscapeText(err.Error()))
		return nil, diags
	}
	return rep, diags
}

// redact is the resource's redaction mode, else the provider's, else
// strings: Terraform does not tell a provider which of its input values
// came from sensitive variables, so by default no string that is not a size
// is shown.
func (r *parityCheckResource) redact(m *parityCheckModel) parity.Redact {
	if !m.Redact.IsNull() && m.Redact.ValueString() != "" {
		return parity.Redact(m.Redact.ValueString())
	}
	if r.data != nil && r.data.Redact != "" {
		return r.data.Redact
	}
	return parity.RedactStrings
}

// environmentOf turns an input into an environment: a decoded show -json
// state or plan document (or raw state) compares resource by resource, any
// other value is one object of settings.
func environmentOf(ctx context.Context, d types.Dynamic, name string) (parity.Environment, error) {
	v, err := toParityValue(ctx, d)
	if err != nil {
		return parity.Environment{}, err
	}
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

func (m *parityCheckModel) setUnknownResults() {
	m.StagingHash = types.StringUnknown()
	m.ProductionHash = types.StringUnknown()
	m.InParity = types.BoolUnknown()
	m.Findings = types.ListUnknown(types.ObjectType{AttrTypes: findingAttrTypes})
}

func (m *parityCheckModel) setResults(rep *parity.Report) diag.Diagnostics {
	m.StagingHash = types.StringValue(rep.StagingHash)
	m.ProductionHash = types.StringValue(rep.ProductionHash)
	m.InParity = types.BoolValue(rep.InParity())
	elems := make([]attr.Value, 0, len(rep.Findings))
	var diags diag.Diagnostics
	for _, f := range rep.Findings {
		obj, d := types.ObjectValue(findingAttrTypes, map[string]attr.Value{
			"kind":       types.StringValue(string(f.Kind)),
			"address":    types.StringValue(f.Address),
			"path":       types.StringValue(f.Path),
			"staging":    types.StringValue(f.Staging),
			"production": types.StringValue(f.Production),
			"expected":   types.StringValue(f.Expected),
			"rule":       types.StringValue(f.Rule),
			"message":    types.StringValue(f.Message),
		})
		diags.Append(d...)
		elems = append(elems, obj)
	}
	list, d := types.ListValue(types.ObjectType{AttrTypes: findingAttrTypes}, elems)
	diags.Append(d...)
	m.Findings = list
	return diags
}

type parityCheckModel struct {
	Staging           types.Dynamic           `tfsdk:"staging"`
	StagingWO         types.Dynamic           `tfsdk:"staging_wo"`
	Production        types.Dynamic           `tfsdk:"production"`
	ProductionWO      types.Dynamic           `tfsdk:"production_wo"`
	Ratio             types.Number            `tfsdk:"ratio"`
	Redact            types.String            `tfsdk:"redact"`
	RulesFile         types.String            `tfsdk:"rules_file"`
	Enforcement       types.String            `tfsdk:"enforcement"`
	BuiltinRules      types.Bool              `tfsdk:"builtin_rules"`
	Size              []sizeRuleModel         `tfsdk:"size"`
	Ignore            []ignoreRuleModel       `tfsdk:"ignore"`
	Config            []configRuleModel       `tfsdk:"config"`
	Secret            []secretRuleModel       `tfsdk:"secret"`
	ModulePair        []modulePairModel       `tfsdk:"module_pair"`
	EnvironmentTokens *environmentTokensModel `tfsdk:"environment_tokens"`
	StagingHash       types.String            `tfsdk:"staging_hash"`
	ProductionHash    types.String            `tfsdk:"production_hash"`
	InParity          types.Bool              `tfsdk:"in_parity"`
	Findings          types.List              `tfsdk:"findings"`
}
