package tfinput

import (
	"github.com/zclconf/go-cty/cty"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// sensitiveMark is the cty mark this package puts on values of sensitive
// variables; cty carries it through operators and functions.
const sensitiveMark = "sensitive"

// FromCty converts a cty value to a parity.Value: numbers exactly (decimal
// text), sets to sets, maps and objects to objects, lists and tuples to
// lists, unknown to parity.Unknown(), and values marked "sensitive" (with
// the string mark this package and Terraform-style callers use) marked
// sensitive with everything inside them.
func FromCty(v cty.Value) parity.Value {
	v, marks := v.Unmark()
	out := fromCtyUnmarked(v)
	if _, ok := marks[sensitiveMark]; ok {
		out = markDeep(out)
	}
	return out
}

func fromCtyUnmarked(v cty.Value) parity.Value {
	if !v.IsKnown() {
		return parity.Unknown()
	}
	if v.IsNull() {
		return parity.Null()
	}
	ty := v.Type()
	switch {
	case ty == cty.String:
		return parity.String(v.AsString())
	case ty == cty.Bool:
		return parity.Bool(v.True())
	case ty == cty.Number:
		return numberValue(v)
	case ty.IsListType() || ty.IsTupleType() || ty.IsSetType():
		elems := make([]parity.Value, 0, v.LengthInt())
		for it := v.ElementIterator(); it.Next(); {
			_, e := it.Element()
			elems = append(elems, FromCty(e))
		}
		if ty.IsSetType() {
			return parity.Set(elems...)
		}
		return parity.List(elems...)
	case ty.IsMapType() || ty.IsObjectType():
		n := v.LengthInt()
		keys := make([]string, 0, n)
		vals := make([]parity.Value, 0, n)
		for it := v.ElementIterator(); it.Next(); {
			k, e := it.Element()
			keys = append(keys, k.AsString())
			vals = append(vals, FromCty(e))
		}
		return parity.ObjectFromPairs(keys, vals)
	}
	// Capsule types never come out of configuration; treat them as unknown.
	return parity.Unknown()
}

// numberValue writes a cty number as exact decimal text.
func numberValue(v cty.Value) parity.Value {
	bf := v.AsBigFloat()
	if bf.IsInf() {
		// JSON has no infinity; an infinite setting is not comparable.
		return parity.Unknown()
	}
	if bf.IsInt() {
		return parity.Number(bf.Text('f', 0))
	}
	return parity.Number(bf.Text('g', -1))
}
