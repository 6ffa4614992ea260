// Package provider is the Terraform glue of the parity provider: schemas,
// plan modification and diagnostics. The logic lives in sibling packages.
package provider

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

var (
	_ provider.Provider              = (*parityProvider)(nil)
	_ provider.ProviderWithFunctions = (*parityProvider)(nil)
)

// New returns a constructor of the provider at the given version.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &parityProvider{version: version}
	}
}

type parityProvider struct {
	version string
	// configured is what Configure made, kept for the server's direct
	// plans of parity_check (see NewServer).
	mu         sync.Mutex
	configured *providerData
}

// data returns what Configure made, or nil before it ran.
func (p *parityProvider) data() *providerData {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.configured
}

// providerData is what Configure hands to resources: the defaults that the
// provider block sets.
type providerData struct {
	Defaults    parity.Rules
	Enforcement string
	// Redact is the redaction mode of checks that set none: strings unless
	// the provider block says otherwise, because Terraform does not tell
	// providers which values came from sensitive variables.
	Redact parity.Redact
	// UnusedRules is what checks that set no unused_rules do about rules
	// that change nothing.
	UnusedRules string
}

func (p *parityProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "parity"
	resp.Version = p.version
}

func (p *parityProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The parity provider makes Terraform enforce environment parity: it fails `terraform plan` " +
			"when the non-size settings of staging and production differ or their sizes break the declared " +
			"staging:production ratio, and renders production-shaped tests (traffic shadowing and k6 load profiles).",
		Attributes: map[string]schema.Attribute{
			"ratio": schema.NumberAttribute{
				MarkdownDescription: "Default staging:production size ratio for every `parity_check` that sets none " +
					"(staging = production × ratio). Defaults to `1`. " + ratioAttributeText,
				Optional:   true,
				Validators: []validator.Number{ratioValidator{}},
			},
			"redact": schema.StringAttribute{
				MarkdownDescription: "Default of every `parity_check` that sets no `redact`: how much of the compared " +
					"values findings and diagnostics show. " + redactModesText + " Defaults to `strings`.",
				Optional:   true,
				Validators: redactValidators(),
			},
			"enforcement": schema.StringAttribute{
				MarkdownDescription: "Default enforcement of every `parity_check` that sets none: `error` (drift fails " +
					"the plan) or `warn` (drift is reported as warnings). Defaults to `error`.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(enforcementError, enforcementWarn)},
			},
			"unused_rules": schema.StringAttribute{
				MarkdownDescription: "Default `unused_rules` of every `parity_check` that sets none. " + unusedRulesText +
					" Defaults to `warn`.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(unusedWarn, unusedError, unusedIgnore)},
			},
		},
		Blocks: map[string]schema.Block{
			"environment_tokens": schema.SingleNestedBlock{
				MarkdownDescription: "Words that name an environment in names and values (`staging-db` vs " +
					"`production-db`); they are replaced by one placeholder before comparing. Defaults: staging = " +
					"`staging`, `stage`, `stg`; production = `production`, `prod`, `prd`.",
				Attributes: map[string]schema.Attribute{
					"staging": schema.ListAttribute{
						MarkdownDescription: "Tokens of the staging environment.",
						ElementType:         types.StringType,
						Optional:            true,
						Validators:          []validator.List{listvalidator.SizeAtLeast(1), listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
					},
					"production": schema.ListAttribute{
						MarkdownDescription: "Tokens of the production environment.",
						ElementType:         types.StringType,
						Optional:            true,
						Validators:          []validator.List{listvalidator.SizeAtLeast(1), listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
					},
				},
			},
		},
	}
}

func (p *parityProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	data := &providerData{Enforcement: enforcementError, Redact: parity.RedactStrings, UnusedRules: unusedWarn}
	ratio, diags := ratioValue(cfg.Ratio, path.Root("ratio"))
	resp.Diagnostics.Append(diags...)
	data.Defaults.Ratio = ratio
	if !cfg.Redact.IsNull() && !cfg.Redact.IsUnknown() {
		data.Redact = parity.Redact(cfg.Redact.ValueString())
	}
	if !cfg.Enforcement.IsNull() && !cfg.Enforcement.IsUnknown() {
		data.Enforcement = cfg.Enforcement.ValueString()
	}
	if !cfg.UnusedRules.IsNull() && !cfg.UnusedRules.IsUnknown() {
		data.UnusedRules = cfg.UnusedRules.ValueString()
	}
	if t := cfg.EnvironmentTokens; t != nil {
		for _, side := range []struct {
			list types.List
			out  *[]string
		}{{t.Staging, &data.Defaults.Tokens.Staging}, {t.Production, &data.Defaults.Tokens.Production}} {
			if !side.list.IsNull() && !side.list.IsUnknown() {
				resp.Diagnostics.Append(side.list.ElementsAs(ctx, side.out, false)...)
			}
		}
		resp.Diagnostics.Append(checkTokens(path.Root("environment_tokens"), data.Defaults.Tokens)...)
	}
	resp.ResourceData = data
	resp.DataSourceData = data
	p.mu.Lock()
	p.configured = data
	p.mu.Unlock()
}

func (p *parityProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewParityCheckResource,
		NewLoadProfileResource,
		NewShadowRouteResource,
		NewDataProfileResource,
		NewDivergenceAlertResource,
	}
}

func (p *parityProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewRulesDataSource,
	}
}

func (p *parityProvider) Functions(_ context.Context) []func() function.Function {
	return []func() function.Function{
		NewScaleSizeFunction,
		NewConfigHashFunction,
	}
}

type providerModel struct {
	Ratio             types.Number            `tfsdk:"ratio"`
	Redact            types.String            `tfsdk:"redact"`
	Enforcement       types.String            `tfsdk:"enforcement"`
	UnusedRules       types.String            `tfsdk:"unused_rules"`
	EnvironmentTokens *environmentTokensModel `tfsdk:"environment_tokens"`
}

type environmentTokensModel struct {
	Staging    types.List `tfsdk:"staging"`
	Production types.List `tfsdk:"production"`
}
