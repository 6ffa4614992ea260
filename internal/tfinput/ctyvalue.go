package tfinput

import (
	"fmt"

	"github.com/zclconf/go-cty/cty"

	"github.com/envparity/terraform-provider-parity/internal/inputlimit"
	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// sensitiveMark is the cty mark this package puts on values of sensitive
// variables; cty carries it through operators and functions.
const sensitiveMark = "sensitive"

// computedMark is the cty mark this package puts on what configuration
// refers to in other resources, data sources and modules: unknown when read
// statically because the provider computes it, so each environment's own.
const computedMark = "computed"

// FromCty converts a cty value to a parity.Value: numbers exactly (decimal
// text), sets to sets, maps and objects to objects, lists and tuples to
// lists, unknown to parity.Unknown(), and values marked "sensitive" (with
// the string mark this package and Terraform-style callers use) marked
// sensitive with everything inside them. A value nested deeper than
// MaxJSONDepth (a chain of locals can build one from a small file) is
// refused.
func FromCty(v cty.Value) (parity.Value, error) {
	return fromCty(v, 0)
}

func fromCty(v cty.Value, depth int) (parity.Value, error) {
	v, marks := v.Unmark()
	if _, ok := marks[computedMark]; ok && !v.IsKnown() {
		return parity.ComputedUnknown(), nil
	}
	out, err := fromCtyUnmarked(v, depth)
	if err != nil {
		return parity.Value{}, err
	}
	if _, ok := marks[sensitiveMark]; ok {
		out = markDeep(out)
	}
	return out, nil
}

func fromCtyUnmarked(v cty.Value, depth int) (parity.Value, error) {
	if !v.IsKnown() {
		return parity.Unknown(), nil
	}
	if v.IsNull() {
		return parity.Null(), nil
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return parity.String(v.AsString()), nil
	case ty == cty.Bool:
		return parity.Bool(v.True()), nil
	case ty == cty.Number:
		return numberValue(v)
	}
	if !ty.IsCollectionType() && !ty.IsObjectType() && !ty.IsTupleType() {
		// Capsule types never come out of configuration; treat them as unknown.
		return parity.Unknown(), nil
	}
	if depth >= MaxJSONDepth {
		return parity.Value{}, &inputlimit.DepthError{Depth: depth + 1, Max: MaxJSONDepth}
	}
	switch {
	case ty.IsListType() || ty.IsTupleType() || ty.IsSetType():
		elems := make([]parity.Value, 0, v.LengthInt())
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			pe, err := fromCty(e, depth+1)
			if err != nil {
				return parity.Value{}, err
			}
			elems = append(elems, pe)
		}
		if ty.IsSetType() {
			return parity.Set(elems...), nil
		}
		return parity.List(elems...), nil
	default: // map or object
		n := v.LengthInt()
		keys := make([]string, 0, n)
		vals := make([]parity.Value, 0, n)
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			pe, err := fromCty(e, depth+1)
			if err != nil {
				return parity.Value{}, err
			}
			keys = append(keys, k.AsString())
			vals = append(vals, pe)
		}
		return parity.ObjectFromPairs(keys, vals), nil
	}
}

// maxNumberBits is the largest binary exponent numberValue writes: 2^3322
// is about 10^1000.
const maxNumberBits = 3322

// numberValue writes a cty number as exact decimal text; a number beyond
// 10^±1000 is refused.
func numberValue(v cty.Value) (parity.Value, error) {
	bf := v.AsBigFloat()
	if bf.IsInf() {
		// JSON has no infinity; an infinite setting is not comparable.
		return parity.Unknown(), nil
	}
	if e := bf.MantExp(nil); e > maxNumberBits || e < -maxNumberBits {
		// 1e999999: its decimal text alone costs a third of a second and a
		// megabyte to write, per value, and no setting is that large.
		return parity.Value{}, fmt.Errorf("a number beyond 10^±1000 (about 2^%d) is not a setting parity compares", e)
	}
	if bf.IsInt() {
		return parity.Number(bf.Text('f', 0)), nil
	}
	return parity.Number(bf.Text('g', -1)), nil
}
