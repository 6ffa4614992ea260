package provider

import (
	"context"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

var _ function.Function = (*configHashFunction)(nil)

// NewConfigHashFunction returns the config_hash function.
func NewConfigHashFunction() function.Function { return &configHashFunction{} }

type configHashFunction struct{}

func (f *configHashFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "config_hash"
}

func (f *configHashFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Computes the configuration hash of an environment, without its size settings.",
		MarkdownDescription: "Returns the hash `parity_check` computes for `staging_hash` and `production_hash`: " +
			"`sha256:` and the SHA-256 of the canonical JSON of `value` with size attributes (the built-in ones " +
			"and those matching `size_paths`), identity attributes and secrets removed, and the default " +
			"environment tokens of both environments replaced. Two environments in parity have the same hash, " +
			"whatever their key order. `value` may be an object of settings or a decoded `terraform show -json` document.",
		Parameters: []function.Parameter{
			function.DynamicParameter{
				Name:                "value",
				MarkdownDescription: "The environment's settings, or a decoded state or plan document.",
			},
			function.ListParameter{
				Name:                "size_paths",
				ElementType:         types.StringType,
				MarkdownDescription: "Extra path patterns that are sizes (left out of the hash), such as `[\"web.replicas\"]`; may be empty.",
			},
		},
		Return: function.StringReturn{},
	}
}

func (f *configHashFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var value types.Dynamic
	var sizePaths []string
	resp.Error = function.ConcatFuncErrors(req.Arguments.Get(ctx, &value, &sizePaths))
	if resp.Error != nil {
		return
	}
	var rules parity.Rules
	for i, p := range sizePaths {
		if _, err := parity.CompilePattern(p); err != nil {
			resp.Error = function.NewArgumentFuncError(1, "size_paths["+strconv.Itoa(i)+"]: "+parity.EscapeText(err.Error()))
			return
		}
		rules.Sizes = append(rules.Sizes, parity.SizeRule{Pattern: p})
	}
	env, err := environmentOf(ctx, value, "")
	if err != nil {
		resp.Error = function.NewArgumentFuncError(0, parity.EscapeText(err.Error()))
		return
	}
	if containsUnknown(value) {
		resp.Error = function.NewArgumentFuncError(0, "value must be fully known to be hashed")
		return
	}
	hash, err := parity.HashEnvironment(env, rules)
	if err != nil {
		resp.Error = function.NewFuncError(parity.EscapeText(err.Error()))
		return
	}
	resp.Error = function.ConcatFuncErrors(resp.Result.Set(ctx, hash))
}
