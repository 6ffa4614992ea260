// Package provider is the Terraform glue of the parity provider: schemas,
// plan modification and diagnostics. The logic lives in sibling packages.
package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
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
}

// providerData is what Configure hands to resources: the defaults that the
// provider block sets.
type providerData struct {
	Defaults    parity.Rules
	Enforcement string
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
			"ratio": schema.Float64Attribute{
				MarkdownDescription: "Default staging:production size ratio for every `parity_check` that sets none " +
					"(staging = production × ratio). Defaults to `1`.",
				Optional:   true,
				Validators: []validator.Float64{float64validator.AtLeast(0.000001)},
			},
			"enforcement": schema.StringAttribute{
				MarkdownDescription: "Default enforcement of every `parity_check` that sets none: `error` (drift fails " +
					"the plan) or `warn` (drift is reported as warnings). Defaults to `error`.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(enforcementError, enforcementWarn)},
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
	data := &providerData{Enforcement: enforcementError}
	if !cfg.Ratio.IsNull() && !cfg.Ratio.IsUnknown() {
		data.Defaults.Ratio = cfg.Ratio.ValueFloat64()
	}
	if !cfg.Enforcement.IsNull() && !cfg.Enforcement.IsUnknown() {
		data.Enforcement = cfg.Enforcement.ValueString()
	}
	if cfg.EnvironmentTokens != nil {
		resp.Diagnostics.Append(cfg.EnvironmentTokens.toTokens(ctx, path.Root("environment_tokens"), &data.Defaults.Tokens)...)
	}
	resp.ResourceData = data
}

func (p *parityProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewParityCheckResource,
		NewLoadProfileResource,
		NewShadowRouteResource,
		NewDivergenceAlertResource,
	}
}

func (p *parityProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return nil
}

func (p *parityProvider) Functions(_ context.Context) []func() function.Function {
	return []func() function.Function{
		NewScaleSizeFunction,
		NewConfigHashFunction,
	}
}

type providerModel struct {
	Ratio             types.Float64           `tfsdk:"ratio"`
	Enforcement       types.String            `tfsdk:"enforcement"`
	EnvironmentTokens *environmentTokensModel `tfsdk:"environment_tokens"`
}
