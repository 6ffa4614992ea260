package tfinput

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// fromRawState reads a raw state file (version 4): resources[*].instances[*].
func fromRawState(doc parity.Value) ([]parity.Resource, error) {
	rs, ok := doc.Get("resources")
	if !ok || rs.IsNull() {
		return nil, nil
	}
	if rs.Kind() != parity.KindList {
		return nil, fmt.Errorf("resources: want a list, got %s", rs.Kind())
	}
	var out []parity.Resource
	for i, r := range rs.Elems() {
		at := fmt.Sprintf("resources[%d]", i)
		if r.Kind() != parity.KindObject {
			return nil, fmt.Errorf("%s: want an object, got %s", at, r.Kind())
		}
		mode, typ, name := stringField(r, "mode"), stringField(r, "type"), stringField(r, "name")
		if typ == "" || name == "" {
			return nil, fmt.Errorf("%s: resource without type or name", at)
		}
		base := typ + "." + name
		switch mode {
		case "data":
			base = "data." + base
		case "managed", "":
			mode = "managed"
		default:
			return nil, fmt.Errorf("%s (%s): unknown mode %q", at, base, mode)
		}
		if module := stringField(r, "module"); module != "" {
			base = module + "." + base
		}
		insts, _ := r.Get("instances")
		if insts.Kind() != parity.KindList {
			if insts.IsNull() {
				continue
			}
			return nil, fmt.Errorf("%s (%s): instances: want a list, got %s", at, base, insts.Kind())
		}
		for j, inst := range insts.Elems() {
			iat := fmt.Sprintf("%s.instances[%d]", at, j)
			if inst.Kind() != parity.KindObject {
				return nil, fmt.Errorf("%s: want an object, got %s", iat, inst.Kind())
			}
			if stringField(inst, "deposed") != "" {
				continue // a deposed object is not the current instance
			}
			addr := base
			if key, ok := inst.Get("index_key"); ok {
				switch key.Kind() {
				case parity.KindNumber:
					addr += "[" + key.Str() + "]"
				case parity.KindString:
					addr += "[" + hclQuote(key.Str()) + "]"
				case parity.KindNull:
				default:
					return nil, fmt.Errorf("%s (%s): index_key: want a number or string, got %s", iat, base, key.Kind())
				}
			}
			attrs, hasAttrs := inst.Get("attributes")
			if !hasAttrs || attrs.IsNull() {
				if _, flat := inst.Get("attributes_flat"); flat {
					return nil, fmt.Errorf("%s (%s): attributes_flat (the Terraform 0.11 state layout) is not supported; run `terraform apply -refresh-only` with Terraform ≥ 0.12 to upgrade the state", iat, addr)
				}
				attrs = parity.ObjectFromSorted(nil, nil)
			}
			if attrs.Kind() != parity.KindObject {
				return nil, fmt.Errorf("%s (%s): attributes: want an object, got %s", iat, addr, attrs.Kind())
			}
			attrs = unwrapDynamicAttributes(attrs)
			if sa, ok := inst.Get("sensitive_attributes"); ok {
				attrs = applySensitivePaths(attrs, sa)
			}
			out = append(out, parity.Resource{Address: addr, Mode: mode, Type: typ, Values: attrs})
		}
	}
	return out, nil
}

// unwrapDynamicAttributes undoes the raw state's encoding of attributes of
// dynamic type (terraform_data's input and output, for example): there they
// are {"value": …, "type": …}, while show -json writes the plain value. Only
// top-level attributes are considered, and only when "type" is a cty type.
func unwrapDynamicAttributes(attrs parity.Value) parity.Value {
	var vals []parity.Value
	for i := range attrs.Keys() {
		a := attrs.Index(i)
		if a.Kind() != parity.KindObject || a.Len() != 2 {
			continue
		}
		t, okT := a.Get("type")
		v, okV := a.Get("value")
		if !okT || !okV || !isCtyTypeJSON(t, 0) {
			continue
		}
		if vals == nil {
			vals = append([]parity.Value(nil), attrs.Elems()...)
		}
		vals[i] = v
	}
	if vals == nil {
		return attrs
	}
	out := parity.ObjectFromSorted(attrs.Keys(), vals)
	if attrs.IsSensitive() {
		out = out.MarkSensitive()
	}
	return out
}

// isCtyTypeJSON reports whether t is a cty type in its JSON form: "string",
// ["list","number"], ["object",{"a":"bool"}], …
func isCtyTypeJSON(t parity.Value, depth int) bool {
	if depth > 64 {
		return false
	}
	switch t.Kind() {
	case parity.KindString:
		switch t.Str() {
		case "string", "number", "bool", "dynamic":
			return true
		}
	case parity.KindList:
		if t.Len() < 2 || t.Index(0).Kind() != parity.KindString {
			return false
		}
		switch t.Index(0).Str() {
		case "list", "set", "map":
			return t.Len() == 2 && isCtyTypeJSON(t.Index(1), depth+1)
		case "object":
			if t.Len() < 2 || t.Len() > 3 || t.Index(1).Kind() != parity.KindObject {
				return false
			}
			for _, e := range t.Index(1).Elems() {
				if !isCtyTypeJSON(e, depth+1) {
					return false
				}
			}
			return true
		case "tuple":
			if t.Len() != 2 || t.Index(1).Kind() != parity.KindList {
				return false
			}
			for _, e := range t.Index(1).Elems() {
				if !isCtyTypeJSON(e, depth+1) {
					return false
				}
			}
			return true
		}
	}
	return false
}

// applySensitivePaths marks the attributes a raw state lists in
// sensitive_attributes. Each path is a list of steps; Terraform writes a step
// as {"type":"get_attr","value":"name"} or {"type":"index","value":{"value":0,
// "type":"number"}}. Bare strings and numbers are accepted as steps too. A
// path that cannot be read marks the whole resource: a secret must never be
// shown because its path was written in an unexpected form.
//
// The paths are gathered into a tree first and applied in one pass, so that
// thousands of paths into one wide object cost one copy of it, not one each.
func applySensitivePaths(attrs, paths parity.Value) parity.Value {
	if paths.Kind() != parity.KindList {
		if paths.IsNull() {
			return attrs
		}
		return markDeep(attrs)
	}
	root := &pathNode{}
	for _, p := range paths.Elems() {
		steps, ok := parseSensitivePath(p)
		if !ok {
			return markDeep(attrs)
		}
		root.add(steps)
	}
	return root.mark(attrs)
}

// pathNode is a tree of sensitive paths: a node reached by a whole path is
// marked with everything inside it.
type pathNode struct {
	whole   bool
	keys    map[string]*pathNode
	indexes map[int]*pathNode
}

func (n *pathNode) add(steps []pathStep) {
	for _, s := range steps {
		if n.whole {
			return // an enclosing path already marks it all
		}
		var next *pathNode
		if s.isKey {
			if n.keys == nil {
				n.keys = map[string]*pathNode{}
			}
			if next = n.keys[s.name]; next == nil {
				next = &pathNode{}
				n.keys[s.name] = next
			}
		} else {
			if n.indexes == nil {
				n.indexes = map[int]*pathNode{}
			}
			if next = n.indexes[s.index]; next == nil {
				next = &pathNode{}
				n.indexes[s.index] = next
			}
		}
		n = next
	}
	n.whole = true
	n.keys, n.indexes = nil, nil
}

// mark marks the values the tree reaches inside v; a path that does not
// exist (an attribute that is null, say) changes nothing.
func (n *pathNode) mark(v parity.Value) parity.Value {
	if n.whole {
		return markDeep(v)
	}
	switch v.Kind() {
	case parity.KindObject:
		if len(n.keys) == 0 {
			return v
		}
		var keys []string
		var vals []parity.Value
		for i, k := range v.Keys() {
			if child, ok := n.keys[k]; ok {
				keys = append(keys, k)
				vals = append(vals, child.mark(v.Index(i)))
			}
		}
		if keys == nil {
			return v
		}
		return mergeFields(v, keys, vals)
	case parity.KindList, parity.KindSet:
		if len(n.indexes) == 0 {
			return v
		}
		var elems []parity.Value
		for i, child := range n.indexes {
			if i >= v.Len() {
				continue
			}
			if elems == nil {
				elems = append([]parity.Value(nil), v.Elems()...)
			}
			elems[i] = child.mark(elems[i])
		}
		if elems == nil {
			return v
		}
		return rebuildList(v, elems)
	}
	return v
}

// pathStep is one step of a sensitive path: an attribute or key name, or a
// list index.
type pathStep struct {
	name  string
	index int
	isKey bool
}

func parseSensitivePath(p parity.Value) ([]pathStep, bool) {
	if p.Kind() != parity.KindList || p.Len() == 0 {
		return nil, false
	}
	steps := make([]pathStep, 0, p.Len())
	for _, s := range p.Elems() {
		if s.Kind() == parity.KindObject {
			typ := stringField(s, "type")
			val, _ := s.Get("value")
			if val.Kind() == parity.KindObject { // {"value":…,"type":…} of an index key
				if inner, ok := val.Get("value"); ok {
					val = inner
				}
			}
			switch typ {
			case "get_attr", "index", "":
			default:
				return nil, false
			}
			s = val
		}
		switch s.Kind() {
		case parity.KindString:
			steps = append(steps, pathStep{name: s.Str(), isKey: true})
		case parity.KindNumber:
			n, err := strconv.Atoi(s.Str())
			if err != nil || n < 0 {
				return nil, false
			}
			steps = append(steps, pathStep{index: n})
		default:
			return nil, false
		}
	}
	return steps, true
}

// hclQuote quotes an instance key the way Terraform writes it in addresses
// (addrs.StringKey): HCL string syntax, template introducers doubled.
func hclQuote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for i, r := range s {
		switch r {
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '$', '%':
			b.WriteRune(r)
			if i+1 < len(s) && s[i+1] == '{' {
				b.WriteRune(r)
			}
		default:
			if !unicode.IsPrint(r) {
				if r < 0x10000 {
					fmt.Fprintf(&b, `\u%04x`, r)
				} else {
					fmt.Fprintf(&b, `\U%08x`, r)
				}
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}
