package provider

import (
	"context"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/envparity/terraform-provider-parity/internal/parity"
	"github.com/envparity/terraform-provider-parity/internal/sizes"
)

var _ function.Function = (*scaleSizeFunction)(nil)

// NewScaleSizeFunction returns the scale_size function.
func NewScaleSizeFunction() function.Function { return &scaleSizeFunction{} }

type scaleSizeFunction struct{}

func (f *scaleSizeFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "scale_size"
}

func (f *scaleSizeFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Scales a size by a staging:production ratio.",
		MarkdownDescription: "Returns `size × ratio` on the size's own ladder, the way `parity_check` computes the " +
			"expected staging size: AWS instance, RDS `db.` and ElastiCache `cache.` types " +
			"(`\"t3.xlarge\", 0.5` → `\"t3.large\"`), GCP machine types (`\"e2-standard-8\", 0.25` → " +
			"`\"e2-standard-2\"`), Azure `Standard_` sizes, Kubernetes quantities (`\"2Gi\", 0.5` → `\"1Gi\"`) " +
			"and plain numbers (`4, 0.5` → `2`). Where the product falls between two steps the nearer is " +
			"returned (the larger on a tie); a size never scales below the smallest step of its ladder and a " +
			"count never below 1. A number in gives a number out; a string gives a string.",
		Parameters: []function.Parameter{
			function.DynamicParameter{
				Name:                "size",
				MarkdownDescription: "The production size: a string such as `t3.xlarge`, `e2-standard-8`, `Standard_D8s_v5` or `2Gi`, or a number.",
			},
			function.NumberParameter{
				Name:                "ratio",
				MarkdownDescription: "The staging:production ratio (`0.5` for half), " + sizes.RatioRangeText + ".",
			},
		},
		Return: function.DynamicReturn{},
	}
}

func (f *scaleSizeFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var size types.Dynamic
	var ratio *big.Float
	resp.Error = function.ConcatFuncErrors(req.Arguments.Get(ctx, &size, &ratio))
	if resp.Error != nil {
		return
	}
	r, err := sizes.RatioFromBig(ratio)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(1, err.Error()+".")
		return
	}
	var text string
	isNumber := false
	switch v := size.UnderlyingValue().(type) {
	case basetypes.StringValue:
		text = v.ValueString()
	case basetypes.NumberValue:
		text, isNumber = v.ValueBigFloat().Text('f', -1), true
	default:
		resp.Error = function.NewArgumentFuncError(0, "size must be a string or a number, got "+size.UnderlyingValue().Type(ctx).String())
		return
	}
	res, err := sizes.Scale(text, r, sizes.RoundNearest, "")
	if err != nil {
		resp.Error = function.NewArgumentFuncError(0, parity.EscapeText("cannot scale "+quoteIfString(text, isNumber)+": "+err.Error()))
		return
	}
	var out types.Dynamic
	if isNumber {
		n, _, perr := big.ParseFloat(res.Expected, 10, 512, big.ToNearestEven)
		if perr != nil {
			resp.Error = function.NewFuncError("internal error: scaled number " + res.Expected + " is not a number")
			return
		}
		out = types.DynamicValue(types.NumberValue(n))
	} else {
		out = types.DynamicValue(types.StringValue(res.Expected))
	}
	resp.Error = function.ConcatFuncErrors(resp.Result.Set(ctx, out))
}

func quoteIfString(s string, isNumber bool) string {
	if isNumber {
		return s
	}
	return `"` + s + `"`
}
