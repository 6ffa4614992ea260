// Package provider is the Terraform glue of the parity provider: schemas,
// plan modification and diagnostics. The logic lives in sibling packages.
package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
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

func (p *parityProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "parity"
	resp.Version = p.version
}

func (p *parityProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The parity provider makes Terraform enforce environment parity between staging and production.",
	}
}

func (p *parityProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
}

func (p *parityProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{}
}

func (p *parityProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return nil
}

func (p *parityProvider) Functions(_ context.Context) []func() function.Function {
	return nil
}
