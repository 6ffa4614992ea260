package provider

import (
	"context"
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/envparity/terraform-provider-parity/internal/inputlimit"
	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// maxNumberBits is the largest binary exponent of a number input: 2^3322
// is about 10^1000, beyond every setting.
const maxNumberBits = 3322

// numberValue writes a number input as decimal text. A number beyond
// 10^±1000 (jsondecode("[1e999999]")) is refused: its decimal text alone
// takes most of a second to write, per value.
func numberValue(f *big.Float) (parity.Value, error) {
	if e := f.MantExp(nil); !f.IsInf() && (e > maxNumberBits || e < -maxNumberBits) {
		return parity.Value{}, fmt.Errorf("a number beyond 10^±1000 (about 2^%d) is not a setting parity compares", e)
	}
	return parity.Number(f.Text('g', -1)), nil
}

// maxValueDepth is the deepest nesting of lists, sets, maps and objects an
// input value may have: the limit of every reader (a jsondecode'd document
// nests like the file it came from).
const maxValueDepth = inputlimit.MaxDepth

// toParityValue converts a Terraform value (typically the content of a
// dynamic attribute) into an engine value. Unknown values, at any depth,
// become parity.Unknown. Terraform does not send sensitivity marks of
// configuration values to providers, so secrets are recognised by name (and
// by the sensitive marks inside decoded state and plan documents). A value
// nested deeper than maxValueDepth is refused.
func toParityValue(ctx context.Context, v attr.Value) (parity.Value, error) {
	return toParityValueAt(ctx, v, 0)
}

func toParityValueAt(ctx context.Context, v attr.Value, depth int) (parity.Value, error) {
	if v == nil || v.IsNull() {
		return parity.Null(), nil
	}
	if v.IsUnknown() {
		return parity.Unknown(), nil
	}
	switch tv := v.(type) {
	case basetypes.DynamicValue:
		return toParityValueAt(ctx, tv.UnderlyingValue(), depth)
	case basetypes.StringValue:
		return parity.String(tv.ValueString()), nil
	case basetypes.BoolValue:
		return parity.Bool(tv.ValueBool()), nil
	case basetypes.NumberValue:
		return numberValue(tv.ValueBigFloat())
	case basetypes.Int64Value:
		return parity.Int(tv.ValueInt64()), nil
	case basetypes.Float64Value:
		return parity.Float(tv.ValueFloat64()), nil
	}
	if depth >= maxValueDepth {
		return parity.Value{}, depthError()
	}
	switch tv := v.(type) {
	case basetypes.ObjectValue:
		return objectValue(ctx, tv.Attributes(), depth)
	case basetypes.MapValue:
		return objectValue(ctx, tv.Elements(), depth)
	case basetypes.ListValue:
		return listValue(ctx, tv.Elements(), false, depth)
	case basetypes.TupleValue:
		return listValue(ctx, tv.Elements(), false, depth)
	case basetypes.SetValue:
		return listValue(ctx, tv.Elements(), true, depth)
	}
	return parity.Value{}, fmt.Errorf("unsupported value type %s", v.Type(ctx))
}

func depthError() error {
	return fmt.Errorf("the value is nested more than %d levels deep; parity reads at most %d levels of lists, maps and objects (a decoded Terraform document nests a few dozen)", maxValueDepth, maxValueDepth)
}

func objectValue(ctx context.Context, fields map[string]attr.Value, depth int) (parity.Value, error) {
	out := make(map[string]parity.Value, len(fields))
	for k, fv := range fields {
		pv, err := toParityValueAt(ctx, fv, depth+1)
		if err != nil {
			return parity.Value{}, fmt.Errorf("%s: %w", k, err)
		}
		out[k] = pv
	}
	return parity.Object(out), nil
}

func listValue(ctx context.Context, elems []attr.Value, set bool, depth int) (parity.Value, error) {
	out := make([]parity.Value, len(elems))
	for i, ev := range elems {
		pv, err := toParityValueAt(ctx, ev, depth+1)
		if err != nil {
			return parity.Value{}, fmt.Errorf("[%d]: %w", i, err)
		}
		out[i] = pv
	}
	if set {
		return parity.Set(out...), nil
	}
	return parity.List(out...), nil
}

// checkInputDepth refuses, before anything else looks at them, the input
// attributes of raw (a configuration, plan or state object) nested deeper
// than maxValueDepth. It walks the raw Terraform value, which costs at most
// maxValueDepth steps per branch, so that a deep jsondecode fails at
// validation instead of going through conversions and a plan whose costs
// grow with the square of the depth.
func checkInputDepth(raw tftypes.Value, attrs ...string) diag.Diagnostics {
	var diags diag.Diagnostics
	var obj map[string]tftypes.Value
	if !raw.IsKnown() || raw.IsNull() || raw.As(&obj) != nil {
		return nil
	}
	for _, name := range attrs {
		if v, ok := obj[name]; ok && tooDeep(v, 0) {
			diags.AddAttributeError(path.Root(name), "Value Nested Too Deeply", fmt.Sprintf("The %s value %s.", name, depthError().Error()[len("the value "):]))
		}
	}
	return diags
}

// tooDeep reports whether v nests more than maxValueDepth - depth levels.
func tooDeep(v tftypes.Value, depth int) bool {
	if !v.IsKnown() || v.IsNull() {
		return false
	}
	var elems []tftypes.Value
	var fields map[string]tftypes.Value
	switch {
	case v.As(&elems) == nil:
	case v.As(&fields) == nil:
		for _, f := range fields {
			elems = append(elems, f)
		}
	default:
		return false // a primitive
	}
	if depth >= maxValueDepth {
		return true
	}
	for _, e := range elems {
		if tooDeep(e, depth+1) {
			return true
		}
	}
	return false
}
