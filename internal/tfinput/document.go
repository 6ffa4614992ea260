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
//
// Every show -json format Terraform has written is read: 0.1 (Terraform
// 0.12 to 0.14), 0.2 (0.15 to 1.0) and 1.x (1.0 on). They share the layout
// parity reads; 0.1 has no sensitive_values, so its secrets are recognised by
// name only. Raw states are read from version 4 (Terraform 0.12 on).
func classifyDocument(v parity.Value) (docKind, string) {
	if fv, ok := v.Get("format_version"); ok && fv.Kind() == parity.KindString {
		major, _, _ := strings.Cut(fv.Str(), ".")
		if major != "0" && major != "1" {
			return docUnsupported, fmt.Sprintf("format_version %q is not supported: parity reads the show -json formats 0.x and 1.x (Terraform 0.12 and later); a newer major version changes the layout in ways parity cannot check", fv.Str())
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
	switch n := parity.NormalizeNumber(ver.Str()); n {
	case "4":
		return docRawState, ""
	case "1", "2", "3":
		return docUnsupported, fmt.Sprintf("raw state version %s (written by Terraform 0.11 or earlier) is not supported: it stores attributes as flat strings whose types and nesting are lost; refresh the state with Terraform 0.12 or later (terraform apply -refresh-only, or terraform refresh before 0.15.4), which rewrites it as version 4, or compare `terraform show -json` output", n)
	default:
		return docUnsupported, fmt.Sprintf("raw state version %s is not supported: parity reads version 4 (Terraform 0.12 and later)", n)
	}
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
		previous                     string
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
			c.previous = stringField(rc, "previous_address")
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
		res.PreviousAddress = c.previous
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
// configuration sets (see exprScope.unknownValue). It visits each node of the
// mask once and copies only the containers it changes, so its cost is linear
// in the size of the mask however deep or wide it is.
func applyUnknown(v, mask parity.Value, sc exprScope) parity.Value {
	out, _ := applyMaskIn(v, mask, true, sc, true)
	return out
}

// applySensitive marks the parts of v where mask (sensitive_values,
// after_sensitive) is true. A true over a whole subtree marks it all.
func applySensitive(v, mask parity.Value) parity.Value {
	out, _ := applyMask(v, mask, false)
	return out
}

// applyMask applies an after_unknown mask (unknown) or a sensitivity mask
// to v and reports whether anything changed. An unknown mask also creates
// the containers and elements v lacks, as planned values omit attributes
// that are unknown.
func applyMask(v, mask parity.Value, unknown bool) (parity.Value, bool) {
	return applyMaskIn(v, mask, unknown, exprScope{}, true)
}

// applyMaskIn is applyMask with the configuration scope of v (for unknowns:
// which attributes the configuration sets) and whether it sets v.
func applyMaskIn(v, mask parity.Value, unknown bool, sc exprScope, set bool) (parity.Value, bool) {
	switch mask.Kind() {
	case parity.KindBool:
		if !mask.BoolValue() {
			return v, false
		}
		if unknown {
			return sc.unknownValue(set), true
		}
		return markDeep(v), true
	case parity.KindObject:
		if v.Kind() != parity.KindObject && (!unknown || !v.IsNull()) {
			return v, false
		}
		var changedKeys []string
		var changedVals []parity.Value
		for i, k := range mask.Keys() {
			old, ok := v.Get(k)
			if !ok && !unknown {
				continue
			}
			child, cset := sc.child(k)
			nv, changed := applyMaskIn(old, mask.Index(i), unknown, child, cset)
			if changed {
				changedKeys = append(changedKeys, k)
				changedVals = append(changedVals, nv)
			}
		}
		if changedKeys == nil {
			return v, false
		}
		return mergeFields(v, changedKeys, changedVals), true
	case parity.KindList, parity.KindSet:
		isList := v.Kind() == parity.KindList || v.Kind() == parity.KindSet
		if !isList && (!unknown || !v.IsNull()) {
			return v, false
		}
		var elems []parity.Value
		for i, m := range mask.Elems() {
			if i >= v.Len() && !unknown {
				break
			}
			var old parity.Value
			if i < v.Len() {
				old = v.Index(i)
			}
			nv, changed := applyMaskIn(old, m, unknown, sc, set)
			if !changed {
				continue
			}
			if elems == nil {
				n := v.Len()
				if unknown {
					n = max(n, mask.Len())
				}
				elems = make([]parity.Value, n)
				copy(elems, v.Elems())
			}
			elems[i] = nv
		}
		if elems == nil {
			return v, false
		}
		if !isList {
			return parity.List(elems...), true
		}
		return rebuildList(v, elems), true
	}
	return v, false
}

// mergeFields returns object v (or an empty object for null) with the
// given fields (sorted keys) set, in one pass over both key lists.
func mergeFields(v parity.Value, keys []string, vals []parity.Value) parity.Value {
	oldKeys, oldVals := v.Keys(), v.Elems()
	outKeys := make([]string, 0, len(oldKeys)+len(keys))
	outVals := make([]parity.Value, 0, len(oldKeys)+len(keys))
	i, j := 0, 0
	for i < len(oldKeys) || j < len(keys) {
		switch {
		case j >= len(keys) || (i < len(oldKeys) && oldKeys[i] < keys[j]):
			outKeys, outVals = append(outKeys, oldKeys[i]), append(outVals, oldVals[i])
			i++
		case i >= len(oldKeys) || keys[j] < oldKeys[i]:
			outKeys, outVals = append(outKeys, keys[j]), append(outVals, vals[j])
			j++
		default:
			outKeys, outVals = append(outKeys, keys[j]), append(outVals, vals[j])
			i++
			j++
		}
	}
	out := parity.ObjectFromSorted(outKeys, outVals)
	if v.IsSensitive() {
		out = out.MarkSensitive()
	}
	return out
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
