package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/envparity/terraform-provider-parity/internal/divergence"
)

var (
	_ resource.Resource               = (*divergenceAlertResource)(nil)
	_ resource.ResourceWithModifyPlan = (*divergenceAlertResource)(nil)
)

// NewDivergenceAlertResource returns the parity_divergence_alert resource.
func NewDivergenceAlertResource() resource.Resource {
	return &divergenceAlertResource{}
}

// divergenceAlertResource renders Prometheus alerting rules that fire when
// staging stops behaving like production. Like the other rendering
// resources it holds no remote object: the rules are computed at plan time
// and apply stores the plan.
type divergenceAlertResource struct{}

func (r *divergenceAlertResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_divergence_alert"
}

func (r *divergenceAlertResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	positive := []validator.Float64{float64validator.AtLeast(1e-9)}
	minRate := schema.Float64Attribute{
		MarkdownDescription: fmt.Sprintf("Requests per second each environment must serve in a group for the rule to judge it; "+
			"groups below it are too quiet to compare (and never divide by zero). `0` only drops idle groups. Defaults to `%g`.",
			divergence.DefaultMinRequestRate),
		Optional:   true,
		Validators: []validator.Float64{float64validator.AtLeast(0)},
	}
	ruleAttributes := func(extra map[string]schema.Attribute) map[string]schema.Attribute {
		attrs := map[string]schema.Attribute{
			"for": schema.StringAttribute{
				MarkdownDescription: "How long the divergence must last before the alert fires, as a Prometheus duration. Defaults to the resource's `for`.",
				Optional:            true,
			},
			"severity": schema.StringAttribute{
				MarkdownDescription: "Value of this alert's `severity` label. Defaults to the resource's `severity`.",
				Optional:            true,
			},
			"runbook_url": schema.StringAttribute{
				MarkdownDescription: "This alert's `runbook_url` annotation. Defaults to the resource's `runbook_url`.",
				Optional:            true,
			},
			"min_request_rate": minRate,
		}
		for k, v := range extra {
			attrs[k] = v
		}
		return attrs
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Renders a Prometheus alerting-rule group that fires when staging stops behaving like production: " +
			"error rates, latency quantiles (from histogram buckets) and saturation (CPU, memory at comparable load) compared " +
			"per group of series. One alert per rule, named `<Name>ErrorRateDivergence`, `<Name>LatencyP95Divergence`, " +
			"`<Name>CPUSaturationDivergence`. Every rendered rule is checked with Prometheus's own rule-file and PromQL " +
			"parsers at plan time. Nothing is created remotely: write `rules_yaml` to a rule file or apply " +
			"`prometheus_rule_manifest` to a cluster running the Prometheus Operator.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				MarkdownDescription: "Names the rule group (`parity-divergence-<name>`) and prefixes every alert " +
					"(`checkout-api` gives `CheckoutApiErrorRateDivergence`). A letter, then letters, digits, `_` or `-`.",
				Required: true,
			},
			"environment_label": schema.StringAttribute{
				MarkdownDescription: "Label that tells staging series from production ones. Defaults to `" + divergence.DefaultEnvironmentLabel + "`.",
				Optional:            true,
			},
			"staging_environment": schema.StringAttribute{
				MarkdownDescription: "Value of `environment_label` on staging series. Defaults to `" + divergence.DefaultStaging + "`.",
				Optional:            true,
			},
			"production_environment": schema.StringAttribute{
				MarkdownDescription: "Value of `environment_label` on production series. Defaults to `" + divergence.DefaultProduction + "`.",
				Optional:            true,
			},
			"group_by": schema.ListAttribute{
				MarkdownDescription: "Labels each comparison is made per, such as `service` and `endpoint`; each group alerts on its own. " +
					"Empty compares the environments as a whole. Neither the environment label nor `le` may appear.",
				ElementType: types.StringType,
				Optional:    true,
			},
			"match_labels": schema.MapAttribute{
				MarkdownDescription: "Label values every series must have besides the environment, such as `{ job = \"checkout\" }`.",
				ElementType:         types.StringType,
				Optional:            true,
			},
			"ratio": schema.Float64Attribute{
				MarkdownDescription: "Staging capacity as a share of production's, the number a `parity_check` uses; saturation " +
					"rules expect staging at `ratio` × production's traffic to run at production's utilisation. Defaults to `1`.",
				Optional:   true,
				Validators: positive,
			},
			"rate_window": schema.StringAttribute{
				MarkdownDescription: "Range of every `rate()`, as a Prometheus duration; at least four scrape intervals. Defaults to `" +
					divergence.DefaultRateWindow + "`.",
				Optional: true,
			},
			"evaluation_interval": schema.StringAttribute{
				MarkdownDescription: "The group's evaluation `interval`. Defaults to Prometheus's global evaluation interval.",
				Optional:            true,
			},
			"request_metric": schema.StringAttribute{
				MarkdownDescription: "Request counter, such as `http_requests_total`, with the environment, grouping and error labels. " +
					"Required by `error_rate` and `saturation`.",
				Optional: true,
			},
			"error_label": schema.StringAttribute{
				MarkdownDescription: "Label of `request_metric` whose value tells a failed request. Defaults to `" + divergence.DefaultErrorLabel + "`.",
				Optional:            true,
			},
			"error_regex": schema.StringAttribute{
				MarkdownDescription: "Regular expression (RE2, anchored, as PromQL's `=~`) matching the `error_label` values of failed " +
					"requests. Defaults to `" + divergence.DefaultErrorRegex + "`.",
				Optional: true,
			},
			"latency_histogram": schema.StringAttribute{
				MarkdownDescription: "Base name of a classic latency histogram, such as `http_request_duration_seconds` " +
					"(its `_bucket` and `_count` series are used; a trailing `_bucket` is dropped). Required by `latency`.",
				Optional: true,
			},
			"for": schema.StringAttribute{
				MarkdownDescription: "How long a divergence must last before an alert fires, as a Prometheus duration. Defaults to `" +
					divergence.DefaultFor + "`.",
				Optional: true,
			},
			"severity": schema.StringAttribute{
				MarkdownDescription: "Value of every alert's `severity` label. Defaults to `" + divergence.DefaultSeverity + "`.",
				Optional:            true,
			},
			"runbook_url": schema.StringAttribute{
				MarkdownDescription: "Every alert's `runbook_url` annotation.",
				Optional:            true,
			},
			"labels": schema.MapAttribute{
				MarkdownDescription: "Extra labels on every alert, such as `{ team = \"payments\" }`, for Alertmanager routing. " +
					"`severity`, `alertname` and `parity_rule` are set by the rules.",
				ElementType: types.StringType,
				Optional:    true,
			},
			"manifest_name": schema.StringAttribute{
				MarkdownDescription: "`metadata.name` of the PrometheusRule. Defaults to the group name.",
				Optional:            true,
			},
			"manifest_namespace": schema.StringAttribute{
				MarkdownDescription: "`metadata.namespace` of the PrometheusRule. Left out when unset.",
				Optional:            true,
			},
			"manifest_labels": schema.MapAttribute{
				MarkdownDescription: "`metadata.labels` of the PrometheusRule, such as the `release` label an Operator's `ruleSelector` matches.",
				ElementType:         types.StringType,
				Optional:            true,
			},
			"group_name": schema.StringAttribute{
				MarkdownDescription: "Name of the rendered rule group: `parity-divergence-<name>`.",
				Computed:            true,
			},
			"alert_names": schema.ListAttribute{
				MarkdownDescription: "Names of the rendered alerts, in the order of the group: error rate, latency per quantile, saturation per resource.",
				ElementType:         types.StringType,
				Computed:            true,
			},
			"rules_yaml": schema.StringAttribute{
				MarkdownDescription: "The rule group as a Prometheus rule file (`groups:`), for `rule_files`. Checked with Prometheus's parser.",
				Computed:            true,
			},
			"prometheus_rule_manifest": schema.StringAttribute{
				MarkdownDescription: "The same group as a Prometheus Operator `PrometheusRule` (`monitoring.coreos.com/v1`) in YAML.",
				Computed:            true,
			},
		},
		Blocks: map[string]schema.Block{
			"error_rate": schema.SingleNestedBlock{
				MarkdownDescription: "Alerts when the share of failed requests of staging and production differs by more than " +
					"`max_difference`, in either direction. A group without any failed request counts 0 errors.",
				Attributes: ruleAttributes(map[string]schema.Attribute{
					"max_difference": schema.Float64Attribute{
						MarkdownDescription: fmt.Sprintf("Largest accepted difference of the two error ratios, absolute: `0.01` is one percentage point. "+
							"Above 0 and below 1. Defaults to `%g`.", divergence.DefaultMaxDifference),
						Optional:   true,
						Validators: []validator.Float64{float64validator.Between(1e-9, 0.999999999)},
					},
				}),
			},
			"latency": schema.SingleNestedBlock{
				MarkdownDescription: "Alerts, per quantile, when staging's latency differs from production's by more than `tolerance` " +
					"of production's, in either direction. Quantiles are computed from `latency_histogram`'s buckets.",
				Attributes: ruleAttributes(map[string]schema.Attribute{
					"quantiles": schema.ListAttribute{
						MarkdownDescription: "Quantiles compared, each between 0 and 1 exclusive; one alert each (`0.95` is `LatencyP95`). Defaults to `[0.5, 0.95, 0.99]`.",
						ElementType:         types.Float64Type,
						Optional:            true,
						Validators:          []validator.List{listvalidator.SizeAtLeast(1)},
					},
					"tolerance": schema.Float64Attribute{
						MarkdownDescription: fmt.Sprintf("Largest accepted difference relative to production's latency: `0.2` accepts 20 %%. Defaults to `%g`.", divergence.DefaultTolerance),
						Optional:            true,
						Validators:          positive,
					},
				}),
			},
			"saturation": schema.ListNestedBlock{
				MarkdownDescription: "Alerts when a utilisation of staging differs from what production's predicts at staging's load: " +
					"production's utilisation × staging's request rate ÷ (`ratio` × production's request rate). At `ratio` × " +
					"production's traffic on `ratio` × its capacity both should run alike; 20 % against 80 % is the warning sign.",
				NestedObject: schema.NestedBlockObject{
					Attributes: ruleAttributes(map[string]schema.Attribute{
						"resource": schema.StringAttribute{
							MarkdownDescription: "What is saturated, in lower case, naming the alert: `cpu` gives `CPUSaturationDivergence`, `memory` `MemorySaturationDivergence`.",
							Required:            true,
						},
						"metric": schema.StringAttribute{
							MarkdownDescription: "Gauge of utilisation as a share (0 to 1) with the environment label, often a recording rule such as `service:cpu_utilisation:ratio`.",
							Required:            true,
						},
						"aggregation": schema.StringAttribute{
							MarkdownDescription: "How the series of one group combine: `" + strings.Join(divergence.Aggregations, "`, `") + "`. Defaults to `avg`.",
							Optional:            true,
							Validators:          []validator.String{stringvalidator.OneOf(divergence.Aggregations...)},
						},
						"group_by": schema.ListAttribute{
							MarkdownDescription: "Labels compared per, when utilisation is not per endpoint (`[\"service\"]`). Defaults to the resource's `group_by`.",
							ElementType:         types.StringType,
							Optional:            true,
						},
						"tolerance": schema.Float64Attribute{
							MarkdownDescription: fmt.Sprintf("Largest accepted difference relative to the expected utilisation. Defaults to `%g`.", divergence.DefaultSatTolerance),
							Optional:            true,
							Validators:          positive,
						},
					}),
				},
			},
		},
	}
}

// ModifyPlan renders the rules so that plans show them and fail on a
// declaration Prometheus would refuse.
func (r *divergenceAlertResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	// A value known only after apply (a namespace from another resource)
	// leaves the outputs unknown; Terraform plans again at apply with every
	// value known, and this renders then.
	if !req.Config.Raw.IsFullyKnown() {
		return
	}
	var model divergenceAlertModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	spec, diags := model.spec(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	res, err := divergence.Render(spec)
	if err != nil {
		addDivergenceErrors(&resp.Diagnostics, err)
		return
	}
	names := make([]attr.Value, len(res.AlertNames))
	for i, n := range res.AlertNames {
		names[i] = types.StringValue(n)
	}
	model.GroupName = types.StringValue(res.GroupName)
	model.AlertNames = types.ListValueMust(types.StringType, names)
	model.RulesYAML = types.StringValue(res.RulesYAML)
	model.PrometheusRuleManifest = types.StringValue(res.ManifestYAML)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &model)...)
}

func (r *divergenceAlertResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	resp.Diagnostics.Append(resp.State.Set(ctx, req.Plan.Raw)...)
}

func (r *divergenceAlertResource) Read(_ context.Context, _ resource.ReadRequest, _ *resource.ReadResponse) {
	// Nothing exists outside the state.
}

func (r *divergenceAlertResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.Diagnostics.Append(resp.State.Set(ctx, req.Plan.Raw)...)
}

func (r *divergenceAlertResource) Delete(_ context.Context, _ resource.DeleteRequest, _ *resource.DeleteResponse) {
}

// addDivergenceErrors points each problem of the declaration at its
// attribute; anything else is Prometheus refusing what was rendered.
func addDivergenceErrors(diags *diag.Diagnostics, err error) {
	var problems divergence.ValidationError
	if !errors.As(err, &problems) {
		diags.AddError("Prometheus Rejects Rendered Rules",
			"Prometheus's parser refused the rendered rule group, so nothing was planned: "+err.Error()+
				". This is a bug in the provider; please report it with the resource's configuration.")
		return
	}
	for _, p := range problems {
		if len(p.Path) == 0 {
			diags.AddError("Invalid Divergence Alert", capitalise(p.Detail)+".")
			continue
		}
		diags.AddAttributeError(divergencePath(p.Path), "Invalid Divergence Alert",
			fmt.Sprintf("Attribute %s: %s. Correct it in the configuration.", p.PathString(), p.Detail))
	}
}

// divergencePath converts a divergence field path to a Terraform one.
func divergencePath(steps []any) path.Path {
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

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// spec translates the Terraform model into the divergence model.
func (m divergenceAlertModel) spec(ctx context.Context) (divergence.Spec, diag.Diagnostics) {
	var diags diag.Diagnostics
	strs := func(l types.List) []string {
		if l.IsNull() {
			return nil
		}
		out := []string{}
		diags.Append(l.ElementsAs(ctx, &out, false)...)
		return out
	}
	strMap := func(mv types.Map) map[string]string {
		if mv.IsNull() {
			return nil
		}
		out := map[string]string{}
		diags.Append(mv.ElementsAs(ctx, &out, false)...)
		return out
	}
	rule := func(r divergenceRuleModel) divergence.Rule {
		return divergence.Rule{For: r.For.ValueString(), Severity: r.Severity.ValueString(), RunbookURL: r.RunbookURL.ValueString()}
	}
	s := divergence.Spec{
		Name: m.Name.ValueString(),
		Environment: divergence.Environment{
			Label:      m.EnvironmentLabel.ValueString(),
			Staging:    m.StagingEnvironment.ValueString(),
			Production: m.ProductionEnvironment.ValueString(),
		},
		GroupBy:    strs(m.GroupBy),
		Matchers:   strMap(m.MatchLabels),
		Ratio:      m.Ratio.ValueFloat64Pointer(),
		RateWindow: m.RateWindow.ValueString(),
		Interval:   m.EvaluationInterval.ValueString(),
		Requests: divergence.Requests{
			Metric:     m.RequestMetric.ValueString(),
			ErrorLabel: m.ErrorLabel.ValueString(),
			ErrorRegex: m.ErrorRegex.ValueString(),
		},
		LatencyHistogram: m.LatencyHistogram.ValueString(),
		For:              m.For.ValueString(),
		Severity:         m.Severity.ValueString(),
		RunbookURL:       m.RunbookURL.ValueString(),
		Labels:           strMap(m.Labels),
		Manifest: divergence.Manifest{
			Name:      m.ManifestName.ValueString(),
			Namespace: m.ManifestNamespace.ValueString(),
			Labels:    strMap(m.ManifestLabels),
		},
	}
	if e := m.ErrorRate; e != nil {
		s.ErrorRate = &divergence.ErrorRateRule{
			Rule:           rule(e.divergenceRuleModel),
			MaxDifference:  e.MaxDifference.ValueFloat64Pointer(),
			MinRequestRate: e.MinRequestRate.ValueFloat64Pointer(),
		}
	}
	if l := m.Latency; l != nil {
		var quantiles []float64
		if !l.Quantiles.IsNull() {
			diags.Append(l.Quantiles.ElementsAs(ctx, &quantiles, false)...)
		}
		s.Latency = &divergence.LatencyRule{
			Rule:           rule(l.divergenceRuleModel),
			Quantiles:      quantiles,
			Tolerance:      l.Tolerance.ValueFloat64Pointer(),
			MinRequestRate: l.MinRequestRate.ValueFloat64Pointer(),
		}
	}
	for _, sat := range m.Saturation {
		s.Saturation = append(s.Saturation, divergence.SaturationRule{
			Rule:           rule(sat.divergenceRuleModel),
			Resource:       sat.Resource.ValueString(),
			Metric:         sat.Metric.ValueString(),
			Aggregation:    sat.Aggregation.ValueString(),
			GroupBy:        strs(sat.GroupBy),
			Tolerance:      sat.Tolerance.ValueFloat64Pointer(),
			MinRequestRate: sat.MinRequestRate.ValueFloat64Pointer(),
		})
	}
	return s, diags
}

type divergenceAlertModel struct {
	Name                   types.String                `tfsdk:"name"`
	EnvironmentLabel       types.String                `tfsdk:"environment_label"`
	StagingEnvironment     types.String                `tfsdk:"staging_environment"`
	ProductionEnvironment  types.String                `tfsdk:"production_environment"`
	GroupBy                types.List                  `tfsdk:"group_by"`
	MatchLabels            types.Map                   `tfsdk:"match_labels"`
	Ratio                  types.Float64               `tfsdk:"ratio"`
	RateWindow             types.String                `tfsdk:"rate_window"`
	EvaluationInterval     types.String                `tfsdk:"evaluation_interval"`
	RequestMetric          types.String                `tfsdk:"request_metric"`
	ErrorLabel             types.String                `tfsdk:"error_label"`
	ErrorRegex             types.String                `tfsdk:"error_regex"`
	LatencyHistogram       types.String                `tfsdk:"latency_histogram"`
	For                    types.String                `tfsdk:"for"`
	Severity               types.String                `tfsdk:"severity"`
	RunbookURL             types.String                `tfsdk:"runbook_url"`
	Labels                 types.Map                   `tfsdk:"labels"`
	ManifestName           types.String                `tfsdk:"manifest_name"`
	ManifestNamespace      types.String                `tfsdk:"manifest_namespace"`
	ManifestLabels         types.Map                   `tfsdk:"manifest_labels"`
	ErrorRate              *divergenceErrorRateModel   `tfsdk:"error_rate"`
	Latency                *divergenceLatencyModel     `tfsdk:"latency"`
	Saturation             []divergenceSaturationModel `tfsdk:"saturation"`
	GroupName              types.String                `tfsdk:"group_name"`
	AlertNames             types.List                  `tfsdk:"alert_names"`
	RulesYAML              types.String                `tfsdk:"rules_yaml"`
	PrometheusRuleManifest types.String                `tfsdk:"prometheus_rule_manifest"`
}

// divergenceRuleModel holds what every rule block may override.
type divergenceRuleModel struct {
	For            types.String  `tfsdk:"for"`
	Severity       types.String  `tfsdk:"severity"`
	RunbookURL     types.String  `tfsdk:"runbook_url"`
	MinRequestRate types.Float64 `tfsdk:"min_request_rate"`
}

type divergenceErrorRateModel struct {
	divergenceRuleModel
	MaxDifference types.Float64 `tfsdk:"max_difference"`
}

type divergenceLatencyModel struct {
	divergenceRuleModel
	Quantiles types.List    `tfsdk:"quantiles"`
	Tolerance types.Float64 `tfsdk:"tolerance"`
}

type divergenceSaturationModel struct {
	divergenceRuleModel
	Resource    types.String  `tfsdk:"resource"`
	Metric      types.String  `tfsdk:"metric"`
	Aggregation types.String  `tfsdk:"aggregation"`
	GroupBy     types.List    `tfsdk:"group_by"`
	Tolerance   types.Float64 `tfsdk:"tolerance"`
}
