package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/envparity/terraform-provider-parity/internal/parity"
	"github.com/envparity/terraform-provider-parity/internal/rulesfile"
)

var (
	_ datasource.DataSource                   = (*rulesDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*rulesDataSource)(nil)
)

// NewRulesDataSource returns the parity_rules data source.
func NewRulesDataSource() datasource.DataSource {
	return &rulesDataSource{}
}

// rulesDataSource builds a rules value: what a module exports so that the
// parity_check resources comparing its instances apply its rules.
type rulesDataSource struct{}

func (d *rulesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_rules"
}

func (d *rulesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Builds a rules value from a `parity.hcl` file and/or rule blocks, the same vocabulary as " +
			"`parity_check`'s. Module authors export it as an output, so that every `parity_check` comparing the " +
			"module's instances applies the module's rules through its `rules` argument. Nothing is compared here.",
		Attributes: map[string]schema.Attribute{
			"file": schema.StringAttribute{
				MarkdownDescription: "Path of a rules file, such as `\"${path.module}/parity.hcl\"`. The blocks and " +
					"arguments of this data source are laid over it.",
				Optional: true,
			},
			"ratio": schema.NumberAttribute{
				MarkdownDescription: "Staging:production size ratio of the module's sizes (staging = production × " +
					"ratio). Overrides the file's; a check's own `ratio` overrides this. " + ratioAttributeText,
				Optional:   true,
				Validators: []validator.Number{ratioValidator{}},
			},
			"redact": schema.StringAttribute{
				MarkdownDescription: "How much of the compared values findings show (see `parity_check`). " + redactModesText,
				Optional:            true,
				Validators:          redactValidators(),
			},
			"builtin_rules": schema.BoolAttribute{
				MarkdownDescription: "Whether the built-in knowledge base applies (see `parity_check`).",
				Optional:            true,
			},
			"rules": schema.StringAttribute{
				MarkdownDescription: "The rules value: pass it to `parity_check.rules`, or export it as a module " +
					"output. It is versioned JSON that keeps where each rule was written, so messages about a rule " +
					"point into the module's rules file; treat it as opaque.",
				Computed: true,
			},
		},
		Blocks: dataSourceRuleBlocks(),
	}
}

// ValidateConfig checks the rules as far as they are known.
func (d *rulesDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	attrs, st := tfAttributes(req.Config.Raw)
	if st != valueKnown {
		return
	}
	reader := newRuleReader()
	reader.read(attrs)
	resp.Diagnostics.Append(reader.diags...)
}

func (d *rulesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	attrs, st := tfAttributes(req.Config.Raw)
	if st != valueKnown {
		resp.Diagnostics.AddError("Unexpected Configuration", "The configuration of parity_rules is not a known object; this is always a problem with the provider or Terraform.")
		return
	}
	reader := newRuleReader()
	reader.read(attrs)
	resp.Diagnostics.Append(reader.diags...)
	if reader.unknown {
		// Terraform reads data sources only once their configuration is known.
		resp.Diagnostics.AddError("Unknown Parity Rules", "Some rules of this parity_rules are not known; this is always a problem with the provider or Terraform.")
	}
	var rules parity.Rules
	if f, _ := tfString(attrs["file"]); f != "" {
		fileRules, err := rulesfile.Load(f)
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("file"), "Invalid Rules File", escapeLines(err.Error()))
		}
		rules = fileRules
	}
	if resp.Diagnostics.HasError() {
		return
	}
	rules = rules.Merge(reader.rules)
	if err := parity.ValidateRules(rules); err != nil {
		resp.Diagnostics.AddError("Invalid Parity Rules", escapeLines(err.Error()))
		return
	}
	attrs["rules"] = tftypes.NewValue(tftypes.String, parity.EncodeRulesValue(rules))
	resp.State.Raw = tftypes.NewValue(req.Config.Raw.Type(), attrs)
}
