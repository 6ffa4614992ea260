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
	exprs := configExpressions(doc)
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
		cfg, haveConfig := exprs[configAddress(res.Address)]
		res.Values = applyUnknown(res.Values, c.afterUnknown, exprScope{exprs: cfg, known: haveConfig})
		if sv, ok := r.Get("sensitive_values"); ok {
			res.Values = applySensitive(res.Values, sv)
		}
		res.Values = applySensitive(res.Values, c.afterSensitive)
		out = append(out, res)
		return nil
	})
	return out, err
}

// exprScope is what the plan's configuration says about one level of a
// resource: the expressions set there, when the configuration is known.
type exprScope struct {
	exprs parity.Value // object of attribute name → expression
	known bool
}

// child returns the scope of attribute k (for a nested block, its first
// block's expressions) and whether the configuration sets k at all.
func (sc exprScope) child(k string) (exprScope, bool) {
	if !sc.known {
		return exprScope{}, true
	}
	e, ok := sc.exprs.Get(k)
	if !ok || e.IsNull() {
		return exprScope{known: true, exprs: parity.ObjectFromSorted(nil, nil)}, false
	}
	for e.Kind() == parity.KindList && e.Len() > 0 {
		e = e.Index(0)
	}
	return exprScope{exprs: e, known: true}, true
}

// unknownValue is the unknown a plan stands for at an attribute: computed by
// the provider when the configuration does not set it, or sets it only from
// other resources' identities (an ARN, an id).
func (sc exprScope) unknownValue(set bool) parity.Value {
	if !sc.known {
		return parity.Unknown()
	}
	if !set || identityReferences(sc.exprs) {
		return parity.ComputedUnknown()
	}
	return parity.Unknown()
}

// identityReferences reports whether an expression refers to nothing but
// other resources' attributes (aws_sqs_queue.orders.arn,
// google_storage_bucket_object.src.generation, module.x.id): those are
// unknown at plan only because the resources are yet to be created or
// changed, and what they hold is each environment's own. Variables and
// locals are known at plan; an unknown built from them stays a warning.
func identityReferences(expr parity.Value) bool {
	refs, ok := expr.Get("references")
	if !ok || refs.Kind() != parity.KindList || refs.Len() == 0 {
		return false
	}
	attrs := 0
	for _, r := range refs.Elems() {
		ref := r.Str()
		for _, p := range []string{"var.", "local.", "each.", "count.", "path.", "terraform.", "self."} {
			if strings.HasPrefix(ref, p) {
				return false
			}
		}
		parts := strings.Split(ref, ".")
		if strings.HasPrefix(ref, "data.") {
			parts = parts[1:]
		}
		if len(parts) <= 2 {
			continue // the resource itself, listed beside its attribute
		}
		attrs++
	}
	return attrs > 0
}

// configExpressions maps each resource's configuration address
// (module.a.aws_x.y) to its expressions, from a plan's configuration.
func configExpressions(doc parity.Value) map[string]parity.Value {
	out := map[string]parity.Value{}
	cfg, ok := doc.Get("configuration")
	if !ok {
		return out
	}
	root, ok := cfg.Get("root_module")
	if !ok {
		return out
	}
	var walk func(m parity.Value, prefix string, depth int)
	walk = func(m parity.Value, prefix string, depth int) {
		if m.Kind() != parity.KindObject || depth > 100 {
			return
		}
		if rs, ok := m.Get("resources"); ok && rs.Kind() == parity.KindList {
			for _, r := range rs.Elems() {
				addr := stringField(r, "address")
				if addr == "" {
					continue
				}
				if !strings.HasPrefix(addr, prefix) {
					addr = prefix + addr
				}
				if e, ok := r.Get("expressions"); ok && e.Kind() == parity.KindObject {
					out[addr] = e
				} else {
					out[addr] = parity.ObjectFromSorted(nil, nil)
				}
			}
		}
		if calls, ok := m.Get("module_calls"); ok && calls.Kind() == parity.KindObject {
			for i, name := range calls.Keys() {
				if mod, ok := calls.Index(i).Get("module"); ok {
					walk(mod, prefix+"module."+name+".", depth+1)
				}
			}
		}
	}
	walk(root, "", 0)
	return out
}

// configAddress strips instance keys from a resource instance address:
// module.a[0].aws_x.y["k"] → module.a.aws_x.y.
func configAddress(addr string) string {
	var b strings.Builder
	depth := 0
	inString := false
	for i := 0; i < len(addr); i++ {
		c := addr[i]
		switch {
		case inString:
			if c == '\\' {
				i++
			} else if c == '"' {
				inString = false
			}
		case c == '"' && depth > 0:
			inString = true
		case c == '[':
			depth++
		case c == ']':
			depth--
		case depth == 0:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// applyUnknown replaces the leaves of v where mask (after_unknown) is true
// by unknowns, adding those that v omits; sc says which of them the
// configuration sets (see exprScope.unknownValue).
func applyUnknown(v, mask parity.Value, sc exprScope) parity.Value {
	switch mask.Kind() {
	case parity.KindBool:
		if mask.BoolValue() {
			return sc.unknownValue(true)
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
			child, set := sc.child(k)
			if m.Kind() == parity.KindBool {
				v = v.With(k, child.parentUnknown(sc, set))
				continue
			}
			v = v.With(k, applyUnknown(old, m, child))
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
			elems[i] = applyUnknown(elems[i], mask.Index(i), sc)
		}
		return rebuildList(v, elems)
	}
	return v
}

// parentUnknown is the unknown of an attribute that the enclosing scope
// sets (or not), judged by the attribute's own expression.
func (sc exprScope) parentUnknown(parent exprScope, set bool) parity.Value {
	if !parent.known {
		return parity.Unknown()
	}
	if !set || identityReferences(sc.exprs) {
		return parity.ComputedUnknown()
	}
	return parity.Unknown()
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
