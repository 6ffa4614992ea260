package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/envparity/terraform-provider-parity/internal/datagen"
	"github.com/envparity/terraform-provider-parity/internal/dataprofile"
	"github.com/envparity/terraform-provider-parity/internal/rulesfile"
)

var (
	_ resource.Resource               = (*dataProfileResource)(nil)
	_ resource.ResourceWithModifyPlan = (*dataProfileResource)(nil)
	_ resource.ResourceWithConfigure  = (*dataProfileResource)(nil)
)

// NewDataProfileResource returns the parity_data_profile resource.
func NewDataProfileResource() resource.Resource {
	return &dataProfileResource{}
}

// dataProfileResource renders the staging data plan of a production
// profile. It never connects to a database: the plan is computed at plan
// time from the profile alone, and `parity data generate` loads it.
type dataProfileResource struct {
	data *providerData
}

func (r *dataProfileResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_data_profile"
}

func (r *dataProfileResource) Configure(_ context.Context, req resource.ConfigureRequest, _ *resource.ConfigureResponse) {
	if d, ok := req.ProviderData.(*providerData); ok {
		r.data = d
	}
}

func (r *dataProfileResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Renders the plan of a production-shaped staging dataset for PostgreSQL from a profile " +
			"written by `parity data profile` (statistics only, no production rows): the generation SQL with each " +
			"table's row count, and the planner settings staging needs. The plan is computed at plan time, so a " +
			"change of ratio or profile is reviewed like any other change; no database is contacted. " +
			"`parity data generate` with the same profile, ratio and seed loads exactly these rows.",
		Attributes: map[string]schema.Attribute{
			"profile": schema.StringAttribute{
				MarkdownDescription: "Content of a profile written by `parity data profile` (JSON, `format_version` 1), " +
					"usually `file(\"${path.module}/profile.json\")`.",
				Required: true,
			},
			"ratio": schema.Float64Attribute{
				MarkdownDescription: "Staging rows as a share of production's (staging = production × ratio), per table " +
					"unless a `table` block says otherwise. Defaults to the rules file's `ratio`, then the provider's.",
				Optional:   true,
				Validators: []validator.Float64{float64validator.AtLeast(0.000001)},
			},
			"seed": schema.Int64Attribute{
				MarkdownDescription: "Seed of the generated rows: another seed gives another dataset of the same shape. Defaults to `0`.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.AtLeast(0)},
			},
			"rules_file": schema.StringAttribute{
				MarkdownDescription: "Path of a `parity.hcl` rules file; its `ratio` and the `table` blocks of its `data` " +
					"block apply. `table` blocks of this resource take precedence over the file's.",
				Optional: true,
			},
			"truncate": schema.BoolAttribute{
				MarkdownDescription: "Empty the profiled tables before loading instead of requiring them empty. Defaults to `false`.",
				Optional:            true,
			},
			"apply_settings": schema.BoolAttribute{
				MarkdownDescription: "Make `settings` the staging database's defaults (`ALTER DATABASE … SET`) as part of " +
					"the load. Defaults to `false`: the script lists them as advice.",
				Optional: true,
			},
			"sql": schema.StringAttribute{
				MarkdownDescription: "The generation script as `parity data generate --sql --no-rows` prints it: schema " +
					"objects, one commented `COPY` per table with its row count, constraints, indexes and `ANALYZE`, in one transaction.",
				Computed: true,
			},
			"rows": schema.MapAttribute{
				MarkdownDescription: "Staging row count of each table, by `schema.table`.",
				ElementType:         types.Int64Type,
				Computed:            true,
			},
			"total_rows": schema.Int64Attribute{
				MarkdownDescription: "Sum of `rows`.",
				Computed:            true,
			},
			"settings": schema.MapAttribute{
				MarkdownDescription: "Planner settings staging should run with for its plans to follow production's: " +
					"production's cost settings, with the size thresholds (`min_parallel_table_scan_size`, " +
					"`min_parallel_index_scan_size`, `work_mem`, `effective_cache_size`) multiplied by `ratio`. " +
					"Feed them to the staging database's parameters.",
				ElementType: types.StringType,
				Computed:    true,
			},
			"config_hash": schema.StringAttribute{
				MarkdownDescription: "SHA-256 of `sql`; it changes exactly when the staging data would.",
				Computed:            true,
			},
		},
		Blocks: map[string]schema.Block{
			"table": schema.ListNestedBlock{
				MarkdownDescription: "Another row count for one table: lookup tables usually keep their full size (`ratio = 1`).",
				NestedObject: schema.NestedBlockObject{
					Attributes: map[string]schema.Attribute{
						"name": schema.StringAttribute{
							MarkdownDescription: "Table name, or `schema.table` where the name alone is ambiguous.",
							Required:            true,
							Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
						},
						"ratio": schema.Float64Attribute{
							MarkdownDescription: "The table's own ratio. Exactly one of `ratio` and `rows`.",
							Optional:            true,
							Validators: []validator.Float64{
								float64validator.AtLeast(0.000001),
								float64validator.ExactlyOneOf(path.MatchRelative().AtParent().AtName("rows")),
							},
						},
						"rows": schema.Int64Attribute{
							MarkdownDescription: "A fixed row count. Exactly one of `ratio` and `rows`.",
							Optional:            true,
							Validators:          []validator.Int64{int64validator.AtLeast(0)},
						},
					},
				},
			},
		},
	}
}

// ModifyPlan renders the data plan so that `terraform plan` shows it.
func (r *dataProfileResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	// A profile read from another resource's output is unknown until
	// apply; the outputs stay unknown and Terraform plans again then.
	if !req.Config.Raw.IsFullyKnown() {
		return
	}
	var model dataProfileModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	preview, diags := r.preview(ctx, &model)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	model.SQL = types.StringValue(preview.SQL)
	model.TotalRows = types.Int64Value(preview.TotalRows)
	model.ConfigHash = types.StringValue(preview.Hash)
	rows, d := types.MapValueFrom(ctx, types.Int64Type, preview.Rows)
	resp.Diagnostics.Append(d...)
	settings, d := types.MapValueFrom(ctx, types.StringType, preview.Settings)
	resp.Diagnostics.Append(d...)
	model.Rows, model.Settings = rows, settings
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &model)...)
}

// preview translates the model into generation options and plans.
func (r *dataProfileResource) preview(ctx context.Context, m *dataProfileModel) (*datagen.Preview, diag.Diagnostics) {
	var diags diag.Diagnostics
	profile, err := dataprofile.Parse([]byte(m.Profile.ValueString()), "profile")
	if err != nil {
		diags.AddAttributeError(path.Root("profile"), "Invalid Data Profile",
			fmt.Sprintf("The profile cannot be used: %s\n\nWrite it with `parity data profile` and pass its content, such as profile = file(\"profile.json\").", err))
		return nil, diags
	}
	opts := datagen.Options{
		Seed:          uint64(m.Seed.ValueInt64()),
		Truncate:      m.Truncate.ValueBool(),
		ApplySettings: m.ApplySettings.ValueBool(),
	}
	if r.data != nil {
		opts.Ratio = r.data.Defaults.Ratio
	}
	own := map[string]bool{}
	for _, t := range m.Tables {
		rule := dataprofile.TableRule{Name: t.Name.ValueString(), Ratio: t.Ratio.ValueFloat64Pointer(), Rows: t.Rows.ValueInt64Pointer(),
			Source: fmt.Sprintf("table block %q", t.Name.ValueString())}
		own[rule.Name] = true
		opts.Tables = append(opts.Tables, rule)
	}
	if f := m.RulesFile.ValueString(); f != "" {
		fileRules, err := rulesfile.Load(f)
		if err != nil {
			diags.AddAttributeError(path.Root("rules_file"), "Invalid Rules File", err.Error())
			return nil, diags
		}
		dataRules, err := dataprofile.LoadRules(f)
		if err != nil {
			diags.AddAttributeError(path.Root("rules_file"), "Invalid Rules File", err.Error())
			return nil, diags
		}
		if fileRules.Ratio > 0 {
			opts.Ratio = fileRules.Ratio
		}
		for _, t := range dataRules.Tables {
			if !own[t.Name] {
				opts.Tables = append(opts.Tables, t)
			}
		}
	}
	if !m.Ratio.IsNull() {
		opts.Ratio = m.Ratio.ValueFloat64()
	}
	if opts.Ratio <= 0 {
		diags.AddAttributeError(path.Root("ratio"), "Missing Ratio",
			"No ratio is set: set ratio (staging rows = production rows × ratio), a ratio in the rules file, or the provider's ratio.")
		return nil, diags
	}
	plan, err := datagen.NewPlan(profile, opts)
	if err != nil {
		attr := path.Root("profile")
		if strings.Contains(err.Error(), "table override") {
			attr = path.Root("table")
		}
		diags.AddAttributeError(attr, "Staging Data Cannot Be Planned",
			"The profile and the row counts cannot be turned into staging data:\n"+err.Error())
		return nil, diags
	}
	preview, err := datagen.NewPreview(plan, "parity_data_profile")
	if err != nil {
		diags.AddAttributeError(path.Root("profile"), "Staging Data Cannot Be Planned", err.Error())
		return nil, diags
	}
	if len(preview.Warnings) > 0 {
		// One warning with every note: Terraform folds warnings that share
		// a summary.
		diags.AddAttributeWarning(path.Root("profile"), "Staging Data Approximates Production",
			"Generation reproduces these only approximately:\n- "+strings.Join(preview.Warnings, "\n- "))
	}
	return preview, diags
}

func (r *dataProfileResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	resp.Diagnostics.Append(resp.State.Set(ctx, req.Plan.Raw)...)
}

func (r *dataProfileResource) Read(_ context.Context, _ resource.ReadRequest, _ *resource.ReadResponse) {
	// Nothing exists outside the state.
}

func (r *dataProfileResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.Append(resp.State.Set(ctx, req.Plan.Raw)...)
}

func (r *dataProfileResource) Delete(_ context.Context, _ resource.DeleteRequest, _ *resource.DeleteResponse) {
}

type dataProfileModel struct {
	Profile       types.String          `tfsdk:"profile"`
	Ratio         types.Float64         `tfsdk:"ratio"`
	Seed          types.Int64           `tfsdk:"seed"`
	RulesFile     types.String          `tfsdk:"rules_file"`
	Truncate      types.Bool            `tfsdk:"truncate"`
	ApplySettings types.Bool            `tfsdk:"apply_settings"`
	Tables        []dataProfileTableRow `tfsdk:"table"`
	SQL           types.String          `tfsdk:"sql"`
	Rows          types.Map             `tfsdk:"rows"`
	TotalRows     types.Int64           `tfsdk:"total_rows"`
	Settings      types.Map             `tfsdk:"settings"`
	ConfigHash    types.String          `tfsdk:"config_hash"`
}

type dataProfileTableRow struct {
	Name  types.String  `tfsdk:"name"`
	Ratio types.Float64 `tfsdk:"ratio"`
	Rows  types.Int64   `tfsdk:"rows"`
}
