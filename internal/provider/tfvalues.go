package provider

import (
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// parity_check and parity_rules read their configuration straight from the
// Terraform values the framework decoded, rather than through tfsdk model
// structs: a block list built with `dynamic` may be unknown as a whole,
// which no Go slice can hold (the framework's "Value Conversion Error"), and
// reflection into structs was a measurable part of every plan.

// valueState says whether a Terraform value is null, unknown or known.
type valueState uint8

const (
	valueNull valueState = iota
	valueUnknown
	valueKnown
)

func stateOf(v tftypes.Value) valueState {
	switch {
	case v.Type() == nil || v.IsNull():
		return valueNull
	case !v.IsKnown():
		return valueUnknown
	}
	return valueKnown
}

func tfString(v tftypes.Value) (string, valueState) {
	st := stateOf(v)
	if st != valueKnown {
		return "", st
	}
	var s string
	if err := v.As(&s); err != nil {
		return "", valueNull
	}
	return s, st
}

func tfBool(v tftypes.Value) (bool, valueState) {
	st := stateOf(v)
	if st != valueKnown {
		return false, st
	}
	var b bool
	if err := v.As(&b); err != nil {
		return false, valueNull
	}
	return b, st
}

func tfNumber(v tftypes.Value) (*big.Float, valueState) {
	st := stateOf(v)
	if st != valueKnown {
		return nil, st
	}
	var f big.Float
	if err := v.As(&f); err != nil {
		return nil, valueNull
	}
	return &f, st
}

// tfElements returns the elements of a list, set or tuple.
func tfElements(v tftypes.Value) ([]tftypes.Value, valueState) {
	st := stateOf(v)
	if st != valueKnown {
		return nil, st
	}
	var elems []tftypes.Value
	if err := v.As(&elems); err != nil {
		return nil, valueNull
	}
	return elems, st
}

// tfAttributes returns the attributes of an object or the elements of a map.
func tfAttributes(v tftypes.Value) (map[string]tftypes.Value, valueState) {
	st := stateOf(v)
	if st != valueKnown {
		return nil, st
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		return nil, valueNull
	}
	return attrs, st
}

// tfStrings returns a list of strings; known is false when the list or any
// element is unknown.
func tfStrings(v tftypes.Value) (out []string, st valueState) {
	elems, st := tfElements(v)
	if st != valueKnown {
		return nil, st
	}
	out = make([]string, 0, len(elems))
	for _, e := range elems {
		s, est := tfString(e)
		if est == valueUnknown {
			return nil, valueUnknown
		}
		out = append(out, s)
	}
	return out, valueKnown
}

// fromTerraform converts a Terraform value (the content of a dynamic
// attribute) into an engine value; unknown values, at any depth, become
// parity.Unknown. Terraform does not send sensitivity marks of
// configuration values to providers, so secrets are recognised by name and
// look (and by the sensitive marks inside decoded state and plan documents).
func fromTerraform(v tftypes.Value) (parity.Value, error) {
	switch stateOf(v) {
	case valueNull:
		return parity.Null(), nil
	case valueUnknown:
		return parity.Unknown(), nil
	}
	t := v.Type()
	switch {
	case t.Is(tftypes.String):
		s, _ := tfString(v)
		return parity.String(s), nil
	case t.Is(tftypes.Bool):
		b, _ := tfBool(v)
		return parity.Bool(b), nil
	case t.Is(tftypes.Number):
		n, _ := tfNumber(v)
		return numberValue(n)
	case t.Is(tftypes.Object{}) || t.Is(tftypes.Map{}):
		attrs, _ := tfAttributes(v)
		out := make(map[string]parity.Value, len(attrs))
		for k, av := range attrs {
			pv, err := fromTerraform(av)
			if err != nil {
				return parity.Value{}, fmt.Errorf("%s: %w", k, err)
			}
			out[k] = pv
		}
		return parity.Object(out), nil
	case t.Is(tftypes.List{}) || t.Is(tftypes.Tuple{}) || t.Is(tftypes.Set{}):
		elems, _ := tfElements(v)
		out := make([]parity.Value, len(elems))
		for i, ev := range elems {
			pv, err := fromTerraform(ev)
			if err != nil {
				return parity.Value{}, fmt.Errorf("[%d]: %w", i, err)
			}
			out[i] = pv
		}
		if t.Is(tftypes.Set{}) {
			return parity.Set(out...), nil
		}
		return parity.List(out...), nil
	}
	return parity.Value{}, fmt.Errorf("unsupported value type %s", t)
}
