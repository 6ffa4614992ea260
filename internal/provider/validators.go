package provider

import (
	"context"
	"math"
	"math/big"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/envparity/terraform-provider-parity/internal/parity"
	"github.com/envparity/terraform-provider-parity/internal/sizes"
)

// Ratios are number attributes rather than float64 ones: Terraform numbers
// are arbitrary-precision, and the framework's float64 conversion reports
// ratio = 1e309 as "Value %!s(*big.Float=1e+309) cannot be represented".
// As numbers they reach sizes.RatioFromBig, the range check every entry
// point shares, which says what is accepted in words.

// ratioValidator checks a ratio attribute.
type ratioValidator struct{}

var _ validator.Number = ratioValidator{}

func (ratioValidator) Description(context.Context) string {
	return "value must be a ratio " + sizes.RatioRangeText
}

func (v ratioValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (ratioValidator) ValidateNumber(_ context.Context, req validator.NumberRequest, resp *validator.NumberResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := sizes.RatioFromBig(req.ConfigValue.ValueBigFloat()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Ratio", err.Error()+".")
	}
}

// ratioValue converts a validated ratio attribute to the engine's float64;
// null is 0, the engine's "not set".
func ratioValue(n types.Number, at path.Path) (float64, diag.Diagnostics) {
	var diags diag.Diagnostics
	if n.IsNull() || n.IsUnknown() {
		return 0, diags
	}
	r, err := sizes.RatioFromBig(n.ValueBigFloat())
	if err != nil {
		diags.AddAttributeError(at, "Invalid Ratio", err.Error()+".")
		return 0, diags
	}
	f, _ := r.Float64()
	return f, diags
}

// ratioAttributeText is the accepted range as attribute descriptions say it.
const ratioAttributeText = "A number " + sizes.RatioRangeText + "."

// redactValidators accept the redaction modes.
func redactValidators() []validator.String {
	modes := make([]string, len(parity.RedactModes))
	for i, m := range parity.RedactModes {
		modes[i] = string(m)
	}
	return []validator.String{stringvalidator.OneOf(modes...)}
}

// redactModesText describes the modes for attribute descriptions.
const redactModesText = "`secrets` masks values marked sensitive in decoded plan or state documents, " +
	"named like secrets (`password`, `client_secret`, `private_key`, `auth_token`, …) or shaped like credentials " +
	"(private keys, JSON Web Tokens, cloud access keys, URIs with a password, high-entropy strings); `strings` " +
	"also hides every string that is not a size on a known ladder (numbers and bools are shown); `all` shows no " +
	"values at all, only paths, kinds, rules and expected sizes. Terraform does not tell providers which values " +
	"come from `sensitive` variables, so only `strings` and `all` hide a secret that has an ordinary name and an " +
	"ordinary look."

// percentageValidator checks a percentage number attribute with the shadow
// package's rule, reading values beyond float64 readably.
type percentageValidator struct {
	check func(float64) error
}

var _ validator.Number = percentageValidator{}

func (percentageValidator) Description(context.Context) string {
	return "value must be greater than 0 and at most 100, in steps of 0.01"
}

func (v percentageValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v percentageValidator) ValidateNumber(_ context.Context, req validator.NumberRequest, resp *validator.NumberResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	f, _ := req.ConfigValue.ValueBigFloat().Float64()
	if math.IsInf(f, 0) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Percentage",
			"percentage must be greater than 0 and at most 100, got "+bigText(req.ConfigValue.ValueBigFloat())+".")
		return
	}
	if err := v.check(f); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Percentage", err.Error())
	}
}

// bigText prints a number readably: six significant digits, or words when
// its exponent makes printing slow.
func bigText(x *big.Float) string {
	if f, _ := x.Float64(); !math.IsInf(f, 0) {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	if exp := x.MantExp(nil); exp > -4000 && exp < 4000 {
		return x.Text('g', 6)
	}
	return "a number of more than a thousand digits"
}
