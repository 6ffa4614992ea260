// Package parity is the environment-parity engine: values with unknown and
// sensitive marks, rules, size classification, comparison, the canonical
// configuration hash and findings. It imports no Terraform SDK so that the
// CLI, the provider and tests share it.
package parity

import (
	"sort"
	"strconv"
)

// Kind is the kind of a Value.
type Kind uint8

// The kinds of value. KindUnknown is a value not known until apply.
const (
	KindNull Kind = iota
	KindBool
	KindNumber
	KindString
	KindList
	KindSet
	KindObject
	KindUnknown
)

func (k Kind) String() string {
	switch k {
	case KindNull:
		return "null"
	case KindBool:
		return "bool"
	case KindNumber:
		return "number"
	case KindString:
		return "string"
	case KindList:
		return "list"
	case KindSet:
		return "set"
	case KindObject:
		return "object"
	case KindUnknown:
		return "unknown"
	}
	return "invalid"
}

// Value is an immutable JSON-like tree with unknown and sensitive marks.
// Numbers keep their decimal text so that no precision is lost. Objects keep
// their keys sorted, which makes canonical encoding and lookups cheap.
//
// A Value is 32 bytes: scalars hold their text and containers one pointer to
// their elements. States of 50,000 resources hold millions of leaves, so the
// size of a leaf is what bounds memory.
type Value struct {
	kind      Kind
	sensitive bool
	computed  bool       // an unknown the provider computes (see ComputedUnknown)
	text      string     // string value, number text, or "true"/"false"
	c         *container // elements of lists, sets and objects
}

// container holds the elements of a list or set, or the fields of an object
// (keys sorted, parallel to items).
type container struct {
	keys  []string
	items []Value
}

// list returns the elements (or object field values); nil for scalars.
func (v Value) list() []Value {
	if v.c == nil {
		return nil
	}
	return v.c.items
}

// names returns the sorted keys of an object; nil otherwise.
func (v Value) names() []string {
	if v.c == nil {
		return nil
	}
	return v.c.keys
}

// withItems returns v with its elements replaced, keeping object keys.
func (v Value) withItems(items []Value) Value {
	v.c = &container{keys: v.names(), items: items}
	return v
}

// withFields returns object v with new keys and values.
func (v Value) withFields(keys []string, items []Value) Value {
	v.c = &container{keys: keys, items: items}
	return v
}

// Null returns the null value.
func Null() Value { return Value{kind: KindNull} }

// Unknown returns a value not known until apply.
func Unknown() Value { return Value{kind: KindUnknown} }

// ComputedUnknown returns a value not known until apply that the
// configuration does not set (or sets only from other resources'
// identities): the provider computes it, so, like identity, it is each
// environment's own and not warned about.
func ComputedUnknown() Value { return Value{kind: KindUnknown, computed: true} }

// IsComputed reports whether v is an unknown the provider computes.
func (v Value) IsComputed() bool { return v.kind == KindUnknown && v.computed }

// String returns a string value.
func String(s string) Value { return Value{kind: KindString, text: s} }

// Bool returns a bool value.
func Bool(b bool) Value {
	if b {
		return Value{kind: KindBool, text: "true"}
	}
	return Value{kind: KindBool, text: "false"}
}

// Number returns a number from its decimal text (as JSON writes it). The text
// is kept as given; Canonical and comparisons normalise it.
func Number(text string) Value { return Value{kind: KindNumber, text: text} }

// Int returns a whole number.
func Int(n int64) Value { return Value{kind: KindNumber, text: strconv.FormatInt(n, 10)} }

// Float returns a number from a float64, in its shortest exact decimal text.
func Float(f float64) Value {
	return Value{kind: KindNumber, text: strconv.FormatFloat(f, 'g', -1, 64)}
}

// List returns an ordered list.
func List(elems ...Value) Value { return Value{kind: KindList, c: &container{items: elems}} }

// Set returns a set; element order does not matter for comparison or hashing.
func Set(elems ...Value) Value { return Value{kind: KindSet, c: &container{items: elems}} }

// Object returns an object of the given fields.
func Object(fields map[string]Value) Value {
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	items := make([]Value, len(keys))
	for i, k := range keys {
		items[i] = fields[k]
	}
	return Value{kind: KindObject, c: &container{keys: keys, items: items}}
}

// ObjectFromSorted builds an object from keys already sorted and unique and
// their values; it takes ownership of both slices. Readers of large inputs use
// it to avoid a map per object.
func ObjectFromSorted(keys []string, values []Value) Value {
	return Value{kind: KindObject, c: &container{keys: keys, items: values}}
}

// ObjectFromPairs builds an object from keys in any order (the last of
// duplicate keys wins); it takes ownership of both slices.
func ObjectFromPairs(keys []string, values []Value) Value {
	if !sort.StringsAreSorted(keys) {
		// Stable, so that of duplicate keys the last one stays last.
		sort.Stable(pairSorter{keys, values})
	}
	// Drop duplicates, keeping the last occurrence.
	w := 0
	for r := 0; r < len(keys); r++ {
		if w > 0 && keys[w-1] == keys[r] {
			values[w-1] = values[r]
			continue
		}
		keys[w], values[w] = keys[r], values[r]
		w++
	}
	return Value{kind: KindObject, c: &container{keys: keys[:w], items: values[:w]}}
}

type pairSorter struct {
	keys   []string
	values []Value
}

func (p pairSorter) Len() int           { return len(p.keys) }
func (p pairSorter) Less(i, j int) bool { return p.keys[i] < p.keys[j] }
func (p pairSorter) Swap(i, j int) {
	p.keys[i], p.keys[j] = p.keys[j], p.keys[i]
	p.values[i], p.values[j] = p.values[j], p.values[i]
}

// MarkSensitive returns v marked sensitive. A sensitive value is never
// printed, and by default not compared.
func (v Value) MarkSensitive() Value { v.sensitive = true; return v }

// Kind returns the kind of v.
func (v Value) Kind() Kind { return v.kind }

// IsSensitive reports whether v itself carries the sensitive mark.
func (v Value) IsSensitive() bool { return v.sensitive }

// IsNull reports whether v is null.
func (v Value) IsNull() bool { return v.kind == KindNull }

// IsKnown reports whether v is known (not KindUnknown). Nested unknowns are
// not considered; see ContainsUnknown.
func (v Value) IsKnown() bool { return v.kind != KindUnknown }

// Str returns the string of a string value, the text of a number, or
// "true"/"false" of a bool.
func (v Value) Str() string { return v.text }

// BoolValue returns the bool of a bool value.
func (v Value) BoolValue() bool { return v.kind == KindBool && v.text == "true" }

// Len returns the number of elements of a list or set, or fields of an object.
func (v Value) Len() int { return len(v.list()) }

// Index returns the i-th element of a list or set, or the i-th field value of
// an object (in key order).
func (v Value) Index(i int) Value { return v.list()[i] }

// Elems returns the elements of a list or set (or field values of an object).
// The slice must not be modified.
func (v Value) Elems() []Value { return v.list() }

// Keys returns the sorted keys of an object. The slice must not be modified.
func (v Value) Keys() []string { return v.names() }

// Get returns the field of an object and whether it exists.
func (v Value) Get(key string) (Value, bool) {
	if v.kind != KindObject {
		return Value{}, false
	}
	keys := v.names()
	i := sort.SearchStrings(keys, key)
	if i < len(keys) && keys[i] == key {
		return v.c.items[i], true
	}
	return Value{}, false
}

// With returns a copy of object v with key set to val.
func (v Value) With(key string, val Value) Value {
	keys, vals := v.names(), v.list()
	i := sort.SearchStrings(keys, key)
	if i < len(keys) && keys[i] == key {
		items := append([]Value(nil), vals...)
		items[i] = val
		return v.withFields(keys, items)
	}
	nk := make([]string, 0, len(keys)+1)
	nk = append(append(append(nk, keys[:i]...), key), keys[i:]...)
	items := make([]Value, 0, len(vals)+1)
	items = append(append(append(items, vals[:i]...), val), vals[i:]...)
	return Value{kind: KindObject, sensitive: v.sensitive, c: &container{keys: nk, items: items}}
}

// ContainsUnknown reports whether v or any nested value is unknown.
func (v Value) ContainsUnknown() bool {
	if v.kind == KindUnknown {
		return true
	}
	for _, it := range v.list() {
		if it.ContainsUnknown() {
			return true
		}
	}
	return false
}

// ContainsSensitive reports whether v or any nested value is sensitive.
func (v Value) ContainsSensitive() bool {
	if v.sensitive {
		return true
	}
	for _, it := range v.list() {
		if it.ContainsSensitive() {
			return true
		}
	}
	return false
}
