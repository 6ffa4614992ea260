package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
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
					"variables) or a decoded `terraform show -json` state or plan document (`jsondecode(file(...))`).",
				Required: true,
			},
			"production": schema.DynamicAttribute{
				MarkdownDescription: "The production environment, in the same form as `staging`.",
				Required:            true,
			},
			"ratio": schema.Float64Attribute{
				MarkdownDescription: "Staging size as a share of production's (staging = production × ratio), for sizes " +
					"whose `size` rule sets none. Defaults to the rules file's `ratio`, then the provider's, then `1`.",
				Optional:   true,
				Validators: []validator.Float64{float64validator.AtLeast(0.000001)},
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
					"without size, ignored, identity and secret attributes, environment tokens replaced.",
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
					"`staging`, `production`, `expected`, `rule` and `message`. Secret values are shown as `(sensitive)`.",
				ElementType: types.ObjectType{AttrTypes: findingAttrTypes},
				Computed:    true,
			},
		},
		Blocks: map[string]schema.Block{
			"size": schema.ListNestedBlock{
				MarkdownDescription: "Declares that matching paths are sizes: staging must equal production × ratio.",
				NestedObject: schema.NestedBlockObject{Attributes: map[string]schema.Attribute{
					"pattern": patternAttribute("Paths this rule applies to."),
					"ratio": schema.Float64Attribute{
						MarkdownDescription: "Ratio for these paths; defaults to the check's `ratio`.",
						Optional:            true,
						Validators:          []validator.Float64{float64validator.AtLeast(0.000001)},
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
						MarkdownDescription: "How to compare: `digest` (SHA-256 of the value).",
						Required:            true,
						Validators:          []validator.String{stringvalidator.OneOf("digest")},
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
	if !rulesKnown(&plan) {
		resp.Diagnostics.AddWarning("Parity Check Deferred To Apply",
			"The rules of this parity_check depend on values that are not known until apply, so the check runs then. "+
				"The apply fails if the environments have drifted.")
		plan.setUnknownResults()
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
		return
	}
	rep, diags := r.check(ctx, &plan)
	resp.Diagnostics.Append(diags...)
	if diags.HasError() {
		return
	}
	enforcement := r.enforcement(&plan)
	resp.Diagnostics.Append(findingDiagnostics(rep, enforcement, true)...)
	if containsUnknown(plan.Staging) || containsUnknown(plan.Production) {
		// Known parts were checked above; the rest is checked at apply, so
		// the results are not known yet.
		plan.setUnknownResults()
	} else {
		resp.Diagnostics.Append(plan.setResults(rep)...)
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

func (r *parityCheckResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	resp.Diagnostics.Append(r.applyPlan(ctx, req.Plan, &resp.State)...)
}

func (r *parityCheckResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.Append(r.applyPlan(ctx, req.Plan, &resp.State)...)
}

// applyPlan checks the planned values and stores the results in state.
func (r *parityCheckResource) applyPlan(ctx context.Context, planned tfsdk.Plan, state *tfsdk.State) diag.Diagnostics {
	var plan parityCheckModel
	diags := planned.Get(ctx, &plan)
	if diags.HasError() {
		return diags
	}
	diags.Append(r.apply(ctx, &plan)...)
	if diags.HasError() {
		return diags
	}
	diags.Append(state.Set(ctx, &plan)...)
	return diags
}

// apply checks again with every value known. Findings already reported at
// plan are not repeated as warnings; drift fails the apply under error
// enforcement (it can only reach here when a value was unknown at plan).
func (r *parityCheckResource) apply(ctx context.Context, plan *parityCheckModel) diag.Diagnostics {
	rep, diags := r.check(ctx, plan)
	if diags.HasError() {
		return diags
	}
	if r.enforcement(plan) == enforcementError {
		diags.Append(findingDiagnostics(rep, enforcementError, false)...)
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

// check builds the rules (provider defaults, then the rules file, then this
// resource's blocks) and compares the two environments.
func (r *parityCheckResource) check(ctx context.Context, m *parityCheckModel) (*parity.Report, diag.Diagnostics) {
	var diags diag.Diagnostics
	rules := parity.Rules{}
	if r.data != nil {
		rules = r.data.Defaults
	}
	if f := m.RulesFile.ValueString(); f != "" {
		fileRules, err := rulesfile.Load(f)
		if err != nil {
			diags.AddAttributeError(path.Root("rules_file"), "Invalid Rules File", err.Error())
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

	staging, err := environmentOf(ctx, m.Staging, "staging")
	if err != nil {
		diags.AddAttributeError(path.Root("staging"), "Invalid Staging Value", err.Error())
	}
	production, err := environmentOf(ctx, m.Production, "production")
	if err != nil {
		diags.AddAttributeError(path.Root("production"), "Invalid Production Value", err.Error())
	}
	if diags.HasError() {
		return nil, diags
	}
	rep, err := parity.Compare(staging, production, rules)
	if err != nil {
		diags.AddError("Invalid Parity Rules", err.Error())
		return nil, diags
	}
	return rep, diags
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
	Production        types.Dynamic           `tfsdk:"production"`
	Ratio             types.Float64           `tfsdk:"ratio"`
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
