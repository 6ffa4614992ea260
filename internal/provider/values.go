package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// toParityValue converts a Terraform value (typically the content of a
// dynamic attribute) into an engine value. Unknown values, at any depth,
// become parity.Unknown. Terraform does not send sensitivity marks of
// configuration values to providers, so secrets are recognised by name (and
// by the sensitive marks inside decoded state and plan documents).
func toParityValue(ctx context.Context, v attr.Value) (parity.Value, error) {
	if v == nil || v.IsNull() {
		return parity.Null(), nil
	}
	if v.IsUnknown() {
		return parity.Unknown(), nil
	}
	switch tv := v.(type) {
	case basetypes.DynamicValue:
		return toParityValue(ctx, tv.UnderlyingValue())
	case basetypes.StringValue:
		return parity.String(tv.ValueString()), nil
	case basetypes.BoolValue:
		return parity.Bool(tv.ValueBool()), nil
	case basetypes.NumberValue:
		return parity.Number(tv.ValueBigFloat().Text('g', -1)), nil
	case basetypes.Int64Value:
		return parity.Int(tv.ValueInt64()), nil
	case basetypes.Float64Value:
		return parity.Float(tv.ValueFloat64()), nil
	case basetypes.ObjectValue:
		return objectValue(ctx, tv.Attributes())
	case basetypes.MapValue:
		return objectValue(ctx, tv.Elements())
	case basetypes.ListValue:
		return listValue(ctx, tv.Elements(), false)
	case basetypes.TupleValue:
		return listValue(ctx, tv.Elements(), false)
	case basetypes.SetValue:
		return listValue(ctx, tv.Elements(), true)
	}
	return parity.Value{}, fmt.Errorf("unsupported value type %s", v.Type(ctx))
}

func objectValue(ctx context.Context, fields map[string]attr.Value) (parity.Value, error) {
	out := make(map[string]parity.Value, len(fields))
	for k, fv := range fields {
		pv, err := toParityValue(ctx, fv)
		if err != nil {
			return parity.Value{}, fmt.Errorf("%s: %w", k, err)
		}
		out[k] = pv
	}
	return parity.Object(out), nil
}

func listValue(ctx context.Context, elems []attr.Value, set bool) (parity.Value, error) {
	out := make([]parity.Value, len(elems))
	for i, ev := range elems {
		pv, err := toParityValue(ctx, ev)
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
