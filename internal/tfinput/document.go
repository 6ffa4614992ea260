package tfinput

import (
	"errors"
	"fmt"
	"strings"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// errNotDocument says why a value is not a Terraform document; Load turns it
// into "not a Terraform state or plan: ...".
type errNotDocument struct{ reason string }

func (e *errNotDocument) Error() string { return "not a Terraform state or plan: " + e.reason }

// FromDocument recognises a decoded Terraform document: `terraform show
// -json` output for a state or a plan (format_version with values or
// planned_values) or a raw state file (version 4). ok is false when v is
// neither, and the caller treats v as a plain settings object; err is set
// when v is recognisably a Terraform document that cannot be read.
func FromDocument(v parity.Value) (resources []parity.Resource, ok bool, err error) {
	if v.Kind() != parity.KindObject {
		return nil, false, nil
	}
	switch kind, reason := classifyDocument(v); kind {
	case docShowJSON:
		rs, err := fromShowJSON(v)
		return rs, true, err
	case docRawState:
		rs, err := fromRawState(v)
		return rs, true, err
	case docUnsupported:
		return nil, true, errors.New(reason)
	}
	return nil, false, nil
}

type docKind int

const (
	docNone docKind = iota
	docShowJSON
	docRawState
	docUnsupported
)

// classifyDocument tells a show -json document and a raw state apart from
// a settings object. A settings object may well have a "version" key, so a
// raw state also needs one of the keys every state file has.
func classifyDocument(v parity.Value) (docKind, string) {
	if fv, ok := v.Get("format_version"); ok && fv.Kind() == parity.KindString {
		major, _, _ := strings.Cut(fv.Str(), ".")
		if major != "1" {
			return docUnsupported, fmt.Sprintf("format_version %q is not supported (need 1.x)", fv.Str())
		}
		return docShowJSON, ""
	}
	ver, ok := v.Get("version")
	if !ok || ver.Kind() != parity.KindNumber {
		return docNone, "no format_version"
	}
	_, hasLineage := v.Get("lineage")
	_, hasTFVersion := v.Get("terraform_version")
	_, hasSerial := v.Get("serial")
	if !hasLineage && !hasTFVersion && !hasSerial {
		return docNone, "no format_version"
	}
	if ver.Str() != "4" {
		return docUnsupported, fmt.Sprintf("raw state version %s is not supported (need 4)", ver.Str())
	}
	return docRawState, ""
}

// fromShowJSON reads a show -json state (values) or plan (planned_values
// with resource_changes).
func fromShowJSON(doc parity.Value) ([]parity.Resource, error) {
	if pv, ok := doc.Get("planned_values"); ok {
		return fromPlan(doc, pv)
	}
	if _, ok := doc.Get("resource_changes"); ok {
		return fromPlan(doc, parity.Null())
	}
	values, ok := doc.Get("values")
	if !ok || values.IsNull() {
		return nil, nil // an empty state: show -json prints only format_version
	}
	var out []parity.Resource
	err := walkModule(values, "values", func(r parity.Value, at string) error {
		res, skip, err := showResource(r, at)
		if err != nil || skip {
			return err
		}
		if sv, ok := r.Get("sensitive_values"); ok {
			res.Values = applySensitive(res.Values, sv)
		}
		out = append(out, res)
		return nil
	})
	return out, err
}

// walkModule visits the resources of root_module and its child_modules.
func walkModule(values parity.Value, at string, visit func(r parity.Value, at string) error) error {
	if values.Kind() != parity.KindObject {
		return fmt.Errorf("%s: want an object, got %s", at, values.Kind())
	}
	root, ok := values.Get("root_module")
	if !ok || root.IsNull() {
		return nil
	}
	return walkModuleBody(root, at+".root_module", 0, visit)
}

func walkModuleBody(m parity.Value, at string, depth int, visit func(r parity.Value, at string) error) error {
	if m.Kind() != parity.KindObject {
		return fmt.Errorf("%s: want an object, got %s", at, m.Kind())
	}
	if depth > 1000 {
		return fmt.Errorf("%s: modules nested too deeply", at)
	}
	if rs, ok := m.Get("resources"); ok && !rs.IsNull() {
		if rs.Kind() != parity.KindList {
			return fmt.Errorf("%s.resources: want a list, got %s", at, rs.Kind())
		}
		for i, r := range rs.Elems() {
			if err := visit(r, fmt.Sprintf("%s.resources[%d]", at, i)); err != nil {
				return err
			}
		}
	}
	if cms, ok := m.Get("child_modules"); ok && !cms.IsNull() {
		if cms.Kind() != parity.KindList {
			return fmt.Errorf("%s.child_modules: want a list, got %s", at, cms.Kind())
		}
		for i, cm := range cms.Elems() {
			if err := walkModuleBody(cm, fmt.Sprintf("%s.child_modules[%d]", at, i), depth+1, visit); err != nil {
				return err
			}
		}
	}
	return nil
}

// showResource reads the fields common to state and plan resources. skip is
// true for deposed objects, which are not the resource's current instance.
func showResource(r parity.Value, at string) (res parity.Resource, skip bool, err error) {
	if r.Kind() != parity.KindObject {
		return res, false, fmt.Errorf("%s: want an object, got %s", at, r.Kind())
	}
	if dk, ok := r.Get("deposed_key"); ok && dk.Kind() == parity.KindString && dk.Str() != "" {
		return res, true, nil
	}
	addr, ok := r.Get("address")
	if !ok || addr.Kind() != parity.KindString || addr.Str() == "" {
		return res, false, fmt.Errorf("%s: resource without an address", at)
	}
	res.Address = addr.Str()
	res.Mode = stringField(r, "mode")
	res.Type = stringField(r, "type")
	vals, _ := r.Get("values")
	switch vals.Kind() {
	case parity.KindObject:
		res.Values = vals
	case parity.KindNull:
		res.Values = parity.ObjectFromSorted(nil, nil)
	default:
		return res, false, fmt.Errorf("%s (%s): values: want an object, got %s", at, res.Address, vals.Kind())
	}
	return res, false, nil
}

func stringField(v parity.Value, key string) string {
	f, ok := v.Get(key)
	if !ok || f.Kind() != parity.KindString {
		return ""
	}
	return f.Str()
}

// fromPlan reads the planned environment: planned_values, with the
// attributes resource_changes says are unknown after apply added back (the
// planned values omit them) and sensitive ones marked. Resources being
// deleted or forgotten are not part of it.
func fromPlan(doc, planned parity.Value) ([]parity.Resource, error) {
	type change struct {
		afterUnknown, afterSensitive parity.Value
		gone                         bool
	}
	changes := map[string]change{}
	if rcs, ok := doc.Get("resource_changes"); ok && !rcs.IsNull() {
		if rcs.Kind() != parity.KindList {
			return nil, fmt.Errorf("resource_changes: want a list, got %s", rcs.Kind())
		}
		for i, rc := range rcs.Elems() {
			addr := stringField(rc, "address")
			if addr == "" {
				return nil, fmt.Errorf("resource_changes[%d]: resource change without an address", i)
			}
			if stringField(rc, "deposed") != "" {
				continue
			}
			ch, _ := rc.Get("change")
			var c change
			c.afterUnknown, _ = ch.Get("after_unknown")
			c.afterSensitive, _ = ch.Get("after_sensitive")
			if acts, ok := ch.Get("actions"); ok && acts.Kind() == parity.KindList {
				c.gone = acts.Len() > 0
				for _, a := range acts.Elems() {
					if a.Str() != "delete" && a.Str() != "forget" {
						c.gone = false
					}
				}
			}
			changes[addr] = c
		}
	}
	if planned.IsNull() {
		return nil, nil
	}
	var out []parity.Resource
	err := walkModule(planned, "planned_values", func(r parity.Value, at string) error {
		res, skip, err := showResource(r, at)
		if err != nil || skip {
			return err
		}
		c := changes[res.Address]
		if c.gone {
			return nil
		}
		res.Values = applyUnknown(res.Values, c.afterUnknown)
		if sv, ok := r.Get("sensitive_values"); ok {
			res.Values = applySensitive(res.Values, sv)
		}
		res.Values = applySensitive(res.Values, c.afterSensitive)
		out = append(out, res)
		return nil
	})
	return out, err
}

// applyUnknown replaces the leaves of v where mask (after_unknown) is true
// by parity.Unknown(), adding those that v omits.
func applyUnknown(v, mask parity.Value) parity.Value {
	switch mask.Kind() {
	case parity.KindBool:
		if mask.BoolValue() {
			return parity.Unknown()
		}
	case parity.KindObject:
		if !maskHasTrue(mask) {
			return v
		}
		if v.Kind() != parity.KindObject {
			if !v.IsNull() {
				return v
			}
			v = parity.ObjectFromSorted(nil, nil)
		}
		for i, k := range mask.Keys() {
			m := mask.Index(i)
			if !maskHasTrue(m) {
				continue
			}
			old, _ := v.Get(k)
			v = v.With(k, applyUnknown(old, m))
		}
	case parity.KindList:
		if !maskHasTrue(mask) {
			return v
		}
		if v.Kind() != parity.KindList && v.Kind() != parity.KindSet {
			if !v.IsNull() {
				return v
			}
			v = parity.List()
		}
		n := max(v.Len(), mask.Len())
		elems := make([]parity.Value, n)
		copy(elems, v.Elems())
		for i := range mask.Elems() {
			elems[i] = applyUnknown(elems[i], mask.Index(i))
		}
		return rebuildList(v, elems)
	}
	return v
}

// applySensitive marks the parts of v where mask (sensitive_values,
// after_sensitive) is true. A true over a whole subtree marks it all.
func applySensitive(v, mask parity.Value) parity.Value {
	switch mask.Kind() {
	case parity.KindBool:
		if mask.BoolValue() {
			return markDeep(v)
		}
	case parity.KindObject:
		if v.Kind() != parity.KindObject || !maskHasTrue(mask) {
			return v
		}
		for i, k := range mask.Keys() {
			m := mask.Index(i)
			if !maskHasTrue(m) {
				continue
			}
			if old, ok := v.Get(k); ok {
				v = v.With(k, applySensitive(old, m))
			}
		}
	case parity.KindList:
		if (v.Kind() != parity.KindList && v.Kind() != parity.KindSet) || !maskHasTrue(mask) {
			return v
		}
		elems := append([]parity.Value(nil), v.Elems()...)
		for i := range mask.Elems() {
			if i < len(elems) {
				elems[i] = applySensitive(elems[i], mask.Index(i))
			}
		}
		return rebuildList(v, elems)
	}
	return v
}

func rebuildList(like parity.Value, elems []parity.Value) parity.Value {
	var out parity.Value
	if like.Kind() == parity.KindSet {
		out = parity.Set(elems...)
	} else {
		out = parity.List(elems...)
	}
	if like.IsSensitive() {
		out = out.MarkSensitive()
	}
	return out
}

// maskHasTrue reports whether a mask tree has any true leaf.
func maskHasTrue(m parity.Value) bool {
	switch m.Kind() {
	case parity.KindBool:
		return m.BoolValue()
	case parity.KindObject, parity.KindList, parity.KindSet:
		for _, e := range m.Elems() {
			if maskHasTrue(e) {
				return true
			}
		}
	}
	return false
}

// markDeep marks v and everything inside it sensitive, so that a reader
// looking only at leaves cannot miss the mark either.
func markDeep(v parity.Value) parity.Value {
	switch v.Kind() {
	case parity.KindObject:
		keys := v.Keys()
		vals := make([]parity.Value, len(keys))
		for i := range keys {
			vals[i] = markDeep(v.Index(i))
		}
		return parity.ObjectFromSorted(keys, vals).MarkSensitive()
	case parity.KindList, parity.KindSet:
		elems := make([]parity.Value, v.Len())
		for i, e := range v.Elems() {
			elems[i] = markDeep(e)
		}
		return rebuildList(v, elems).MarkSensitive()
	}
	return v.MarkSensitive()
}
