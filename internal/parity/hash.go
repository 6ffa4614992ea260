package parity

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"sort"
)

// hashSide computes the configuration hash of one side: SHA-256 of the
// canonical JSON of its configuration with size, ignored, identity and secret
// attributes removed and environment tokens replaced. Resources are keyed by
// normalised address; instances of a count group are represented by their
// first instance, since their number is a size and their configurations are
// compared one by one. The JSON is streamed into the hash, never held whole.
func (e *engine) hashSide(si *sideIndex, tokens *tokenReplacer, cls *classifier) string {
	h := sha256.New()
	bw := bufio.NewWriterSize(h, 64<<10)
	var buf bytes.Buffer
	vw := newViewWriter(e, cls, tokens, "", newPathStack(cls, nil), 0)
	if si.settings {
		e.writeView(&buf, &si.instances[0], vw)
		bw.Write(buf.Bytes())
	} else {
		type entry struct {
			key string
			in  *instance
		}
		entries := make([]entry, 0, len(si.instances))
		for i := range si.instances {
			in := &si.instances[i]
			if si.byKey[in.key] != in {
				continue
			}
			if in.index >= 0 {
				if g := si.groups[in.base]; g[0] != in {
					continue
				}
				entries = append(entries, entry{in.base, in})
				continue
			}
			entries = append(entries, entry{in.key, in})
		}
		sort.Slice(entries, func(i, j int) bool { return utf16Less(entries[i].key, entries[j].key) })
		bw.WriteByte('{')
		for i, en := range entries {
			if i > 0 && en.key == entries[i-1].key {
				continue // web and web[0] on one side: keep the first
			}
			if i > 0 {
				bw.WriteByte(',')
			}
			buf.Reset()
			writeCanonicalString(&buf, en.key)
			buf.WriteByte(':')
			e.writeView(&buf, en.in, vw)
			bw.Write(buf.Bytes())
		}
		bw.WriteByte('}')
	}
	bw.Flush()
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// viewWriter writes the canonical configuration view of one resource.
type viewWriter struct {
	e       *engine
	cls     *classifier
	tokens  *tokenReplacer
	resType string
	ps      *pathStack
	addrLen int
	// keys remembers the content key of each container whose view was
	// keyed (see key), so that lists nested in lists are keyed once
	// however deep they nest. A container is keyed by its own pointer and
	// its trie node, which decide its view, unless a user rule names a
	// list index (then two elements of one list may be classified apart).
	keys map[viewKey]string
	// arena holds the parts of the keys being computed (nested calls append
	// after their callers' parts and truncate back); scratch is for scalars.
	arena   []byte
	scratch bytes.Buffer
}

type viewKey struct {
	c    *container
	node *classNode
}

func newViewWriter(e *engine, cls *classifier, tokens *tokenReplacer, resType string, ps *pathStack, addrLen int) *viewWriter {
	return &viewWriter{e: e, cls: cls, tokens: tokens, resType: resType, ps: ps, addrLen: addrLen}
}

// writeView writes the view of one resource. vw is reused from resource to
// resource (its path stack and arena keep their memory); what it remembers
// about views is dropped, as the resource type and address decide them.
func (e *engine) writeView(buf *bytes.Buffer, in *instance, vw *viewWriter) {
	vw.resType = in.res.Type
	vw.ps.reset(in.steps)
	vw.addrLen = len(in.steps)
	clear(vw.keys)
	vw.write(buf, in.res.Values, nil, nil)
}

// write writes v whose own class is already decided (kept).
func (vw *viewWriter) write(buf *bytes.Buffer, v Value, node *classNode, inherited *classification) {
	switch v.kind {
	case KindObject:
		buf.WriteByte('{')
		first := true
		for i, k := range v.names() {
			vw.ps.push(step{name: k})
			// Write the key speculatively; take it back when the child
			// is not part of the configuration.
			mark := buf.Len()
			if !first {
				buf.WriteByte(',')
			}
			writeCanonicalString(buf, k)
			buf.WriteByte(':')
			if vw.child(buf, v.list()[i], node, inherited) {
				first = false
			} else {
				buf.Truncate(mark)
			}
			vw.ps.pop()
		}
		buf.WriteByte('}')
	case KindList:
		if vw.unordered(v) {
			vw.writeUnordered(buf, v, node)
			return
		}
		buf.WriteByte('[')
		first := true
		for i, it := range v.list() {
			vw.ps.push(indexStep(i))
			mark := buf.Len()
			if !first {
				buf.WriteByte(',')
			}
			if vw.child(buf, it, node, inherited) {
				first = false
			} else {
				buf.Truncate(mark)
			}
			vw.ps.pop()
		}
		buf.WriteByte(']')
	case KindSet:
		writeCanonical(buf, replaceTokens(stripSensitive(v), vw.tokens))
	case KindString:
		writeCanonicalString(buf, vw.tokens.Replace(v.text))
	default:
		writeCanonical(buf, v)
	}
}

// unordered reports whether a list is written without regard to order:
// state and plan JSON cannot tell sets from lists (see
// walker.samePermutation), so inside resources the hash does not depend on
// element order.
func (vw *viewWriter) unordered(v Value) bool {
	return vw.resType != "" && len(v.list()) > 1
}

// writeUnordered writes a list with its elements ordered by their content
// keys. The elements are keyed first (the lists under them once each,
// remembered) and then written straight into buf, so a list nested in a
// list nested in a list costs its size, not its size times its depth.
func (vw *viewWriter) writeUnordered(buf *bytes.Buffer, v Value, node *classNode) {
	base := len(vw.arena)
	parts := vw.sortedElements(v, node)
	vw.arena = vw.arena[:base]
	buf.WriteByte('[')
	for n, p := range parts {
		if n > 0 {
			buf.WriteByte(',')
		}
		vw.ps.push(indexStep(p.i))
		vw.child(buf, v.list()[p.i], node, nil)
		vw.ps.pop()
	}
	buf.WriteByte(']')
}

// keyPart is where the key of a list's element i lies in the arena.
type keyPart struct{ i, start, end int }

// sortedElements keys the list's elements that are part of the view and
// returns them ordered by key. The keys stay in the arena (after its length
// on entry, in element order) for the caller to use or drop.
func (vw *viewWriter) sortedElements(v Value, node *classNode) []keyPart {
	parts := make([]keyPart, 0, len(v.list()))
	for i, it := range v.list() {
		vw.ps.push(indexStep(i))
		start := len(vw.arena)
		if vw.appendChildKey(it, node) {
			parts = append(parts, keyPart{i, start, len(vw.arena)})
		}
		vw.ps.pop()
	}
	sort.SliceStable(parts, func(a, b int) bool {
		pa, pb := parts[a], parts[b]
		return bytes.Compare(vw.arena[pa.start:pa.end], vw.arena[pb.start:pb.end]) < 0
	})
	return parts
}

// child classifies the value at the current path and writes its view when
// it belongs to the configuration; it reports whether it wrote anything.
func (vw *viewWriter) child(buf *bytes.Buffer, v Value, parent *classNode, inherited *classification) bool {
	kept, digest, node := vw.classifyChild(v, parent, inherited)
	if !kept {
		return false
	}
	if digest != "" {
		writeCanonicalString(buf, digest)
		return true
	}
	vw.write(buf, v, node, nil)
	return true
}

// classifyChild decides whether the value at the current path is part of
// the view; a secret compared by digest is replaced by its digest.
func (vw *viewWriter) classifyChild(v Value, parent *classNode, inherited *classification) (kept bool, digest string, node *classNode) {
	var cls classification
	if inherited != nil {
		cls = *inherited
	} else {
		cls, node = vw.cls.classify(vw.resType, vw.ps, vw.addrLen, parent)
	}
	switch cls.kind {
	case clsIgnore, clsIdentity, clsSecret, clsSize:
		return false, "", node
	case clsSecretDigest:
		if v.IsNull() {
			return false, "", node
		}
		sum := secretDigest(v)
		return true, "sha256:" + hex.EncodeToString(sum[:]), node
	}
	if v.sensitive || v.kind == KindNull {
		return false, "", node
	}
	return true, "", node
}

// appendChildKey appends to the arena the content key of the view of the
// value at the current path, followed by its length (so that keys written
// one after the other cannot run into each other); it reports false, and
// appends nothing, when the value is not part of the view.
func (vw *viewWriter) appendChildKey(v Value, parent *classNode) bool {
	kept, digest, node := vw.classifyChild(v, parent, nil)
	if !kept {
		return false
	}
	start := len(vw.arena)
	if digest != "" {
		vw.scratch.Reset()
		writeCanonicalString(&vw.scratch, digest)
		vw.arena = append(vw.arena, vw.scratch.Bytes()...)
	} else {
		vw.appendKey(v, node)
	}
	vw.arena = binary.BigEndian.AppendUint32(vw.arena, uint32(len(vw.arena)-start))
	return true
}

// key returns the content key of the view of v (kept, its class decided).
func (vw *viewWriter) key(v Value, node *classNode) string {
	start := len(vw.arena)
	vw.appendKey(v, node)
	k := string(vw.arena[start:])
	vw.arena = vw.arena[:start]
	return k
}

// appendKey appends to the arena a content key of the view of v (kept, its
// class decided): two views are equal exactly when their keys are (up to
// SHA-256 collisions). A scalar's key is its canonical JSON; a container's
// is a SHA-256 over its members' keys. Keys of lists and sets are
// remembered, so that keying a list of lists of lists costs its size once,
// not once per enclosing list.
func (vw *viewWriter) appendKey(v Value, node *classNode) {
	switch v.kind {
	case KindString:
		vw.scratch.Reset()
		writeCanonicalString(&vw.scratch, vw.tokens.Replace(v.text))
		vw.arena = append(vw.arena, vw.scratch.Bytes()...)
		return
	case KindObject, KindList, KindSet:
	default:
		vw.scratch.Reset()
		writeCanonical(&vw.scratch, v)
		vw.arena = append(vw.arena, vw.scratch.Bytes()...)
		return
	}
	mk := viewKey{v.c, node}
	if k, ok := vw.keys[mk]; ok {
		vw.arena = append(vw.arena, k...)
		return
	}
	start := len(vw.arena)
	switch v.kind {
	case KindObject:
		vw.arena = append(vw.arena, '{')
		for i, name := range v.names() {
			vw.ps.push(step{name: name})
			mark := len(vw.arena)
			vw.arena = appendKeyPart(vw.arena, name)
			if !vw.appendChildKey(v.list()[i], node) {
				vw.arena = vw.arena[:mark]
			}
			vw.ps.pop()
		}
	case KindList:
		vw.arena = append(vw.arena, '[')
		if vw.unordered(v) {
			// The keys of the elements, sorted, are the parts.
			base := len(vw.arena)
			parts := vw.sortedElements(v, node)
			sorted := make([]byte, 0, len(vw.arena)-base)
			for _, p := range parts {
				sorted = append(sorted, vw.arena[p.start:p.end]...)
			}
			vw.arena = append(vw.arena[:base], sorted...)
			break
		}
		for i, it := range v.list() {
			vw.ps.push(indexStep(i))
			vw.appendChildKey(it, node)
			vw.ps.pop()
		}
	case KindSet:
		vw.arena = append(vw.arena, '<')
		vw.arena = appendKeyPart(vw.arena, contentKey(replaceTokens(stripSensitive(v), vw.tokens), nil))
	}
	k := digestKey(vw.arena[start:])
	vw.arena = append(vw.arena[:start], k...)
	if v.kind != KindObject && !vw.cls.indexRules {
		// Objects are keyed again when their list is written, at the cost
		// of their own fields: only lists need remembering for the walk to
		// stay linear.
		if vw.keys == nil {
			vw.keys = map[viewKey]string{}
		}
		vw.keys[mk] = k
	}
}

// stripSensitive removes sensitive elements from a set or object tree, in
// one pass that copies only the containers it changes.
func stripSensitive(v Value) Value {
	out, _ := stripSensitiveChanged(v)
	return out
}

func stripSensitiveChanged(v Value) (Value, bool) {
	switch v.kind {
	case KindList, KindSet, KindObject:
	default:
		return v, false
	}
	var keys []string
	var items []Value
	changed := false
	for i, it := range v.list() {
		nv, ch := it, false
		if !it.sensitive {
			nv, ch = stripSensitiveChanged(it)
		}
		if (it.sensitive || ch) && !changed {
			changed = true
			items = append(make([]Value, 0, len(v.list())), v.list()[:i]...)
			if v.kind == KindObject {
				keys = append(make([]string, 0, len(v.names())), v.names()[:i]...)
			}
		}
		if it.sensitive {
			continue
		}
		if changed {
			items = append(items, nv)
			if v.kind == KindObject {
				keys = append(keys, v.names()[i])
			}
		}
	}
	if !changed {
		return v, false
	}
	if v.kind == KindObject {
		return v.withFields(keys, items), true
	}
	return v.withItems(items), true
}

// HashEnvironment returns the configuration hash of one environment, as
// Compare computes it, replacing the tokens of both environments (the caller
// does not say which side it is).
func HashEnvironment(env Environment, rules Rules) (string, error) {
	e, err := newEngine(rules)
	if err != nil {
		return "", err
	}
	return e.hashSide(e.index(env, false, e.bothTokens), e.bothTokens, e.cls), nil
}

// HashSettings returns the configuration hash of a settings object (what
// parity_check computes for an object of settings).
func HashSettings(v Value, rules Rules) (string, error) {
	return HashEnvironment(Environment{Resources: []Resource{{Values: v}}}, rules)
}
