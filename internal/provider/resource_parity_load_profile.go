package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/envparity/terraform-provider-parity/internal/loadprofile"
)

var (
	_ resource.Resource               = (*loadProfileResource)(nil)
	_ resource.ResourceWithModifyPlan = (*loadProfileResource)(nil)
)

// NewLoadProfileResource returns the parity_load_profile resource.
func NewLoadProfileResource() resource.Resource {
	return &loadProfileResource{}
}

// loadProfileResource renders a k6 load test from production traffic
// metrics. It holds no remote object: everything happens at plan time and
// apply stores the plan.
type loadProfileResource struct{}

func (r *loadProfileResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_load_profile"
}

func (r *loadProfileResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	durationDesc := func(what string) string {
		return what + " Written as k6 and Go write durations (`30s`, `5m`, `1h30m`), in whole seconds."
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Turns production traffic metrics into a production-shaped [k6](https://grafana.com/docs/k6/) " +
			"load test for staging: one arrival-rate scenario per endpoint at the production rate × `ratio`, bursts, " +
			"long-held connections, think time, incident scenarios and thresholds derived from production p95 latency. " +
			"Nothing is created remotely; the script is computed at plan time.",
		Attributes: map[string]schema.Attribute{
			"base_url": schema.StringAttribute{
				MarkdownDescription: "Staging base URL (`http://` or `https://`, no query) that every endpoint path is appended to.",
				Required:            true,
			},
			"ratio": schema.Float64Attribute{
				MarkdownDescription: "Staging capacity as a share of production, the same number a `parity_check` uses; " +
					"every rate is multiplied by it. Defaults to `1`.",
				Optional: true,
			},
			"duration": schema.StringAttribute{
				MarkdownDescription: durationDesc("Length of the main phase: endpoint scenarios (with their burst) and sustained connections. Incident scenarios run after it."),
				Required:            true,
			},
			"production_patterns_csv": schema.StringAttribute{
				MarkdownDescription: "Content of a CSV exported from production analytics, instead of `endpoint` blocks, " +
					"usually `file(\"production_patterns.csv\")`. The header names the columns `endpoint`, `avg_rpm`, " +
					"`max_rpm`, `avg_response_time`, `p95_response_time` (milliseconds) and optionally `method`, in any order.",
				Optional: true,
			},
			"k6_script": schema.StringAttribute{
				MarkdownDescription: "Self-contained k6 script: options, one `exec` function per scenario, checks and think time. Run it with `k6 run`.",
				Computed:            true,
			},
			"k6_options_json": schema.StringAttribute{
				MarkdownDescription: "The k6 options (scenarios and thresholds) as JSON, exactly as embedded in `k6_script`.",
				Computed:            true,
			},
			"max_vus": schema.Int64Attribute{
				MarkdownDescription: "Most VUs k6 can hold at once, as `k6 inspect --execution-requirements` reports it; size the load generator for it.",
				Computed:            true,
			},
			"total_duration_seconds": schema.Int64Attribute{
				MarkdownDescription: "Scheduled length of the test in seconds: `duration` plus every incident scenario. k6 may take up to 30 s more to let iterations finish.",
				Computed:            true,
			},
			"config_hash": schema.StringAttribute{
				MarkdownDescription: "SHA-256 of `k6_script`; it changes exactly when the test changes.",
				Computed:            true,
			},
		},
		Blocks: map[string]schema.Block{
			"endpoint": schema.ListNestedBlock{
				MarkdownDescription: "One endpoint's production traffic. Declare endpoints here or in `production_patterns_csv`, not both.",
				NestedObject: schema.NestedBlockObject{
					Attributes: map[string]schema.Attribute{
						"method": schema.StringAttribute{
							MarkdownDescription: "HTTP method: one of `" + strings.Join(loadprofile.Methods, "`, `") + "`. Defaults to `GET`.",
							Optional:            true,
							Validators:          []validator.String{stringvalidator.OneOfCaseInsensitive(loadprofile.Methods...)},
						},
						"path": schema.StringAttribute{
							MarkdownDescription: "Path starting with `/`, optionally with a query string. Characters not allowed in a URL are percent-encoded.",
							Required:            true,
						},
						"avg_rpm": schema.Float64Attribute{
							MarkdownDescription: "Average production requests per minute.",
							Required:            true,
						},
						"max_rpm": schema.Float64Attribute{
							MarkdownDescription: "Peak production requests per minute; spikes of `burst` multiply it. Defaults to `avg_rpm`.",
							Optional:            true,
						},
						"p95_ms": schema.Float64Attribute{
							MarkdownDescription: "Production p95 latency in milliseconds; thresholds and VU sizing derive from it.",
							Required:            true,
						},
						"avg_ms": schema.Float64Attribute{
							MarkdownDescription: "Production average latency in milliseconds; sizes pre-allocated VUs. Defaults to `p95_ms`.",
							Optional:            true,
						},
						"body": schema.StringAttribute{
							MarkdownDescription: "Request body, sent byte for byte.",
							Optional:            true,
						},
						"headers": schema.MapAttribute{
							MarkdownDescription: "Request headers.",
							ElementType:         types.StringType,
							Optional:            true,
						},
						"weight": schema.Float64Attribute{
							MarkdownDescription: "Multiplier on this endpoint's rates, to over- or under-sample it. Defaults to `1`.",
							Optional:            true,
						},
					},
				},
			},
			"burst": schema.SingleNestedBlock{
				MarkdownDescription: "Shapes every endpoint's arrival rate as normal, spike, normal, higher spike, sustained " +
					"(`ramping-arrival-rate` stages). Ramps and spikes last `ramp_duration` and `spike_duration`; the two " +
					"normal phases and the sustained phase share the rest of `duration`. Without it each endpoint runs at " +
					"its average rate (`constant-arrival-rate`).",
				Attributes: map[string]schema.Attribute{
					"normal_multiplier": schema.Float64Attribute{
						MarkdownDescription: "Normal level as a multiple of the average rate. Defaults to `1`.",
						Optional:            true,
					},
					"spike_multiplier": schema.Float64Attribute{
						MarkdownDescription: "First spike as a multiple of the maximum rate. Defaults to `1`.",
						Optional:            true,
					},
					"higher_spike_multiplier": schema.Float64Attribute{
						MarkdownDescription: "Second spike as a multiple of the maximum rate. Defaults to `1.5`.",
						Optional:            true,
					},
					"sustained_multiplier": schema.Float64Attribute{
						MarkdownDescription: "Sustained level that ends the test as a multiple of the average rate. Defaults to `1.5`.",
						Optional:            true,
					},
					"ramp_duration": schema.StringAttribute{
						MarkdownDescription: durationDesc("Time to move between levels. Defaults to `30s`."),
						Optional:            true,
					},
					"spike_duration": schema.StringAttribute{
						MarkdownDescription: durationDesc("Time each spike is held. Defaults to `1m`."),
						Optional:            true,
					},
				},
			},
			"sustained_connections": schema.SingleNestedBlock{
				MarkdownDescription: "Constant VUs (`constant-vus`) that, for the whole `duration`, send a request and hold " +
					"the kept-alive connection idle, as long-lived clients do.",
				Attributes: map[string]schema.Attribute{
					"vus": schema.Int64Attribute{
						MarkdownDescription: "Number of connections held.",
						Optional:            true,
						Validators:          []validator.Int64{int64validator.AtLeast(1)},
					},
					"hold": schema.StringAttribute{
						MarkdownDescription: durationDesc("Idle time between requests on a connection. Defaults to `30s`."),
						Optional:            true,
					},
					"path": schema.StringAttribute{
						MarkdownDescription: "Path of the endpoint to request. Defaults to the first endpoint.",
						Optional:            true,
					},
				},
			},
			"think_time": schema.SingleNestedBlock{
				MarkdownDescription: "Pause after each request, uniformly random between `min` and `max` seconds. Without it requests follow each other without pause.",
				Attributes: map[string]schema.Attribute{
					"min": schema.Float64Attribute{
						MarkdownDescription: "Shortest pause in seconds.",
						Optional:            true,
					},
					"max": schema.Float64Attribute{
						MarkdownDescription: "Longest pause in seconds, at least `min`.",
						Optional:            true,
					},
				},
			},
			"incident_scenario": schema.ListNestedBlock{
				MarkdownDescription: "Incident rehearsals run after the main phase, one after another in the order declared.",
				NestedObject: schema.NestedBlockObject{
					Attributes: map[string]schema.Attribute{
						"type": schema.StringAttribute{
							MarkdownDescription: "`connection_pool_exhaustion` (more VUs than the pool has connections, without think time) " +
								"or `endurance` (every endpoint at a constant rate for a long time, to expose gradual leaks).",
							Required: true,
							Validators: []validator.String{stringvalidator.OneOf(
								loadprofile.IncidentConnectionPoolExhaustion, loadprofile.IncidentEndurance)},
						},
						"duration": schema.StringAttribute{
							MarkdownDescription: durationDesc("Length of the scenario."),
							Required:            true,
						},
						"pool_size": schema.Int64Attribute{
							MarkdownDescription: "`connection_pool_exhaustion`: size of the staging connection pool.",
							Optional:            true,
						},
						"overflow_factor": schema.Float64Attribute{
							MarkdownDescription: "`connection_pool_exhaustion`: VUs = `pool_size` × this factor, above 1. Defaults to `1.5`.",
							Optional:            true,
						},
						"path": schema.StringAttribute{
							MarkdownDescription: "`connection_pool_exhaustion`: path of the endpoint to request. Defaults to the first endpoint.",
							Optional:            true,
						},
						"multiplier": schema.Float64Attribute{
							MarkdownDescription: "`endurance`: rate as a multiple of each endpoint's average. Defaults to `1`.",
							Optional:            true,
						},
					},
				},
			},
			"thresholds": schema.SingleNestedBlock{
				MarkdownDescription: "Pass/fail criteria; k6 exits with code 99 when one fails. Without the block the defaults apply.",
				Attributes: map[string]schema.Attribute{
					"p95_factor": schema.Float64Attribute{
						MarkdownDescription: "Each endpoint scenario's p95 latency must stay below production `p95_ms` × this factor. Defaults to `1.5`.",
						Optional:            true,
					},
					"error_rate": schema.Float64Attribute{
						MarkdownDescription: "Share of failed requests (`http_req_failed`) that fails the test, above 0 and at most 1. Defaults to `0.01`.",
						Optional:            true,
					},
					"abort_on_fail": schema.BoolAttribute{
						MarkdownDescription: "Stop the test as soon as a threshold fails. Defaults to `false`.",
						Optional:            true,
					},
				},
			},
		},
	}
}

// ModifyPlan renders the script so that plans show every computed value.
func (r *loadProfileResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	// A value only known after apply (say, a base_url from another resource)
	// leaves the outputs unknown; Terraform plans again at apply time with
	// every value known, and this renders then.
	if !req.Config.Raw.IsFullyKnown() {
		return
	}
	var model loadProfileModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	profile, diags := model.profile(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	result, err := loadprofile.Render(profile)
	if err != nil {
		addLoadProfileErrors(&resp.Diagnostics, err)
		return
	}
	model.K6Script = types.StringValue(result.Script)
	model.K6OptionsJSON = types.StringValue(result.OptionsJSON)
	model.MaxVUs = types.Int64Value(result.MaxVUs)
	model.TotalDurationSeconds = types.Int64Value(int64(result.TotalDuration.Seconds()))
	model.ConfigHash = types.StringValue(result.ConfigHash)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &model)...)
}

func (r *loadProfileResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	resp.Diagnostics.Append(resp.State.Set(ctx, req.Plan.Raw)...)
}

func (r *loadProfileResource) Read(_ context.Context, _ resource.ReadRequest, _ *resource.ReadResponse) {
	// Nothing exists outside the state.
}

func (r *loadProfileResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.Append(resp.State.Set(ctx, req.Plan.Raw)...)
}

func (r *loadProfileResource) Delete(_ context.Context, _ resource.DeleteRequest, _ *resource.DeleteResponse) {
}

// addLoadProfileErrors points each validation problem at its attribute.
func addLoadProfileErrors(diags *diag.Diagnostics, err error) {
	var problems loadprofile.ValidationError
	if !errors.As(err, &problems) {
		diags.AddError("Load Profile Rendering Failed", "The k6 script could not be rendered: "+escapeLines(err.Error()))
		return
	}
	for _, p := range problems {
		attr := loadProfilePath(p.Path)
		if len(p.Path) == 1 && p.Path[0] == "production_patterns_csv" {
			diags.AddAttributeError(attr, "Invalid Production Patterns CSV",
				"The CSV in production_patterns_csv cannot be used:\n"+escapeLines(p.Detail))
			continue
		}
		diags.AddAttributeError(attr, "Invalid Load Profile",
			fmt.Sprintf("Attribute %s: %s. Correct it in the configuration.", escapeLines(p.PathString()), escapeLines(p.Detail)))
	}
}

// loadProfilePath converts a loadprofile field path to a Terraform one.
func loadProfilePath(steps []any) path.Path {
	var p path.Path
	for i, step := range steps {
		switch s := step.(type) {
		case int:
			p = p.AtListIndex(s)
		case string:
			if i == 0 {
				p = path.Root(s)
			} else {
				p = p.AtName(s)
			}
		}
	}
	return p
}

// profile translates the Terraform model into the loadprofile model.
func (m loadProfileModel) profile(ctx context.Context) (loadprofile.Profile, diag.Diagnostics) {
	var diags diag.Diagnostics
	p := loadprofile.Profile{
		BaseURL:               m.BaseURL.ValueString(),
		Ratio:                 m.Ratio.ValueFloat64Pointer(),
		Duration:              m.Duration.ValueString(),
		ProductionPatternsCSV: m.ProductionPatternsCSV.ValueString(),
	}
	for _, e := range m.Endpoints {
		var headers map[string]string
		if !e.Headers.IsNull() {
			diags.Append(e.Headers.ElementsAs(ctx, &headers, false)...)
		}
		p.Endpoints = append(p.Endpoints, loadprofile.Endpoint{
			Method:  e.Method.ValueString(),
			Path:    e.Path.ValueString(),
			AvgRPM:  e.AvgRPM.ValueFloat64(),
			MaxRPM:  e.MaxRPM.ValueFloat64Pointer(),
			P95Ms:   e.P95Ms.ValueFloat64(),
			AvgMs:   e.AvgMs.ValueFloat64Pointer(),
			Body:    e.Body.ValueString(),
			Headers: headers,
			Weight:  e.Weight.ValueFloat64Pointer(),
		})
	}
	if b := m.Burst; b != nil {
		p.Burst = &loadprofile.Burst{
			NormalMultiplier:      b.NormalMultiplier.ValueFloat64Pointer(),
			SpikeMultiplier:       b.SpikeMultiplier.ValueFloat64Pointer(),
			HigherSpikeMultiplier: b.HigherSpikeMultiplier.ValueFloat64Pointer(),
			SustainedMultiplier:   b.SustainedMultiplier.ValueFloat64Pointer(),
			RampDuration:          b.RampDuration.ValueString(),
			SpikeDuration:         b.SpikeDuration.ValueString(),
		}
	}
	if s := m.SustainedConnections; s != nil {
		p.SustainedConnections = &loadprofile.SustainedConnections{
			VUs:  s.VUs.ValueInt64(),
			Hold: s.Hold.ValueString(),
			Path: s.Path.ValueString(),
		}
	}
	if t := m.ThinkTime; t != nil {
		p.ThinkTime = &loadprofile.ThinkTime{Min: t.Min.ValueFloat64(), Max: t.Max.ValueFloat64()}
	}
	for _, in := range m.IncidentScenarios {
		p.IncidentScenarios = append(p.IncidentScenarios, loadprofile.IncidentScenario{
			Type:           in.Type.ValueString(),
			Duration:       in.Duration.ValueString(),
			PoolSize:       in.PoolSize.ValueInt64(),
			OverflowFactor: in.OverflowFactor.ValueFloat64Pointer(),
			Multiplier:     in.Multiplier.ValueFloat64Pointer(),
			Path:           in.Path.ValueString(),
		})
	}
	if th := m.Thresholds; th != nil {
		p.Thresholds = &loadprofile.Thresholds{
			P95Factor:   th.P95Factor.ValueFloat64Pointer(),
			ErrorRate:   th.ErrorRate.ValueFloat64Pointer(),
			AbortOnFail: th.AbortOnFail.ValueBool(),
		}
	}
	return p, diags
}

type loadProfileModel struct {
	BaseURL               types.String                `tfsdk:"base_url"`
	Ratio                 types.Float64               `tfsdk:"ratio"`
	Duration              types.String                `tfsdk:"duration"`
	ProductionPatternsCSV types.String                `tfsdk:"production_patterns_csv"`
	Endpoints             []loadProfileEndpointModel  `tfsdk:"endpoint"`
	Burst                 *loadProfileBurstModel      `tfsdk:"burst"`
	SustainedConnections  *loadProfileSustainedModel  `tfsdk:"sustained_connections"`
	ThinkTime             *loadProfileThinkTimeModel  `tfsdk:"think_time"`
	IncidentScenarios     []loadProfileIncidentModel  `tfsdk:"incident_scenario"`
	Thresholds            *loadProfileThresholdsModel `tfsdk:"thresholds"`
	K6Script              types.String                `tfsdk:"k6_script"`
	K6OptionsJSON         types.String                `tfsdk:"k6_options_json"`
	MaxVUs                types.Int64                 `tfsdk:"max_vus"`
	TotalDurationSeconds  types.Int64                 `tfsdk:"total_duration_seconds"`
	ConfigHash            types.String                `tfsdk:"config_hash"`
}

type loadProfileEndpointModel struct {
	Method  types.String  `tfsdk:"method"`
	Path    types.String  `tfsdk:"path"`
	AvgRPM  types.Float64 `tfsdk:"avg_rpm"`
	MaxRPM  types.Float64 `tfsdk:"max_rpm"`
	P95Ms   types.Float64 `tfsdk:"p95_ms"`
	AvgMs   types.Float64 `tfsdk:"avg_ms"`
	Body    types.String  `tfsdk:"body"`
	Headers types.Map     `tfsdk:"headers"`
	Weight  types.Float64 `tfsdk:"weight"`
}

type loadProfileBurstModel struct {
	NormalMultiplier      types.Float64 `tfsdk:"normal_multiplier"`
	SpikeMultiplier       types.Float64 `tfsdk:"spike_multiplier"`
	HigherSpikeMultiplier types.Float64 `tfsdk:"higher_spike_multiplier"`
	SustainedMultiplier   types.Float64 `tfsdk:"sustained_multiplier"`
	RampDuration          types.String  `tfsdk:"ramp_duration"`
	SpikeDuration         types.String  `tfsdk:"spike_duration"`
}

type loadProfileSustainedModel struct {
	VUs  types.Int64  `tfsdk:"vus"`
	Hold types.String `tfsdk:"hold"`
	Path types.String `tfsdk:"path"`
}

type loadProfileThinkTimeModel struct {
	Min types.Float64 `tfsdk:"min"`
	Max types.Float64 `tfsdk:"max"`
}

type loadProfileIncidentModel struct {
	Type           types.String  `tfsdk:"type"`
	Duration       types.String  `tfsdk:"duration"`
	PoolSize       types.Int64   `tfsdk:"pool_size"`
	OverflowFactor types.Float64 `tfsdk:"overflow_factor"`
	Path           types.String  `tfsdk:"path"`
	Multiplier     types.Float64 `tfsdk:"multiplier"`
}

type loadProfileThresholdsModel struct {
	P95Factor   types.Float64 `tfsdk:"p95_factor"`
	ErrorRate   types.Float64 `tfsdk:"error_rate"`
	AbortOnFail types.Bool    `tfsdk:"abort_on_fail"`
}
