package parity

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strconv"
	"strings"

	"github.com/envparity/terraform-provider-parity/internal/sizes"
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
	norm := newNormMemo(tokens, si.refs)
	if si.settings {
		e.writeView(&buf, &si.instances[0], norm, cls)
		bw.Write(buf.Bytes())
	} else {
		type entry struct {
			key string
			in  *instance
		}
		entries := make([]entry, 0, len(si.instances))
		first := firstModuleKeys(si)
		for i := range si.instances {
			in := &si.instances[i]
			if si.byKey[in.key] != in || in.onlyIn > 0 {
				// Declared by only_in: not part of the configuration.
				continue
			}
			if in.index >= 0 {
				if g := si.groups[in.base]; g[0] != in {
					continue
				}
			}
			if key, ok := hashKeyOf(in, first); ok {
				entries = append(entries, entry{key, in})
			}
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
			e.writeView(&buf, en.in, norm, cls)
			bw.Write(buf.Bytes())
		}
		bw.WriteByte('}')
	}
	bw.Flush()
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// viewWriter writes the canonical configuration view of one resource.
type viewWriter struct {
	// inDocument counts the JSON documents inside values being written.
	inDocument int
	// digests makes containers write a digest of their view instead of the
	// view itself: element views for matching and sort keys for unordered
	// lists then cost the size of a container once, however deeply lists
	// nest (see viewMemo).
	digests bool
	memo    *viewMemo
	// keyer writes the sort keys of unordered lists (digest mode, sharing
	// the memo); nil in digest mode itself.
	keyer *viewWriter
	// names is the last attribute name up to each step of subject beyond
	// the address (see walker.names).
	names  []string
	e      *engine
	refs   *sideRefs
	cls    *classifier
	tokens *tokenReplacer
	// norm normalises strings for tokens and refs (see normMemo).
	norm    *normMemo
	resType string
	subject []step
	addrLen int
}

func (e *engine) writeView(buf *bytes.Buffer, in *instance, norm *normMemo, cls *classifier) {
	vw := &viewWriter{e: e, cls: cls, tokens: norm.tokens, refs: norm.refs, norm: norm, resType: in.res.Type, memo: newViewMemo(cls)}
	vw.subject = make([]step, len(in.steps), len(in.steps)+16)
	copy(vw.subject, in.steps)
	vw.addrLen = len(in.steps)
	if v := in.res.Values; isSecretLeaf(v) {
		// A whole value that is secret (scalar sides): nothing of it.
		buf.WriteString("null")
		return
	}
	vw.write(buf, in.res.Values, nil, nil)
}

// viewMemo remembers the view digests of containers, by container and
// classification node: a container met again at a deeper level of the same
// walk (its parent's view already needed it) costs nothing. Rules that name
// literal indexes make a view depend on more than the node, so the memo is
// then off (nil map).
type viewMemo struct {
	m map[viewKey]string
}

type viewKey struct {
	c     *container
	node  *classNode
	inh   classKind
	inDoc bool
}

func newViewMemo(c *classifier) *viewMemo {
	if c.indexRules {
		return &viewMemo{}
	}
	return &viewMemo{m: map[viewKey]string{}}
}

// push adds a step to the path; pop removes it.
func (vw *viewWriter) push(st step) {
	vw.subject = append(vw.subject, st)
	name := st.name
	if st.index {
		name = vw.lastName()
	}
	vw.names = append(vw.names, name)
}

func (vw *viewWriter) pop() {
	vw.subject = vw.subject[:len(vw.subject)-1]
	vw.names = vw.names[:len(vw.names)-1]
}

// lastName is the last attribute name of the path beyond the address.
func (vw *viewWriter) lastName() string {
	if len(vw.names) > 0 {
		return vw.names[len(vw.names)-1]
	}
	return lastName(vw.subject[vw.addrLen:])
}

// digestWriter returns a writer of view digests sharing vw's position and
// memo.
func (vw *viewWriter) digestWriter() *viewWriter {
	if vw.keyer == nil {
		d := *vw
		d.digests, d.keyer = true, nil
		vw.keyer = &d
	}
	// The keyer's path extends vw's, sharing its slices (it only appends
	// past their length, which vw does not read).
	vw.keyer.subject, vw.keyer.names = vw.subject, vw.names
	vw.keyer.inDocument = vw.inDocument
	return vw.keyer
}

// write writes v whose own class is already decided (kept).
func (vw *viewWriter) write(buf *bytes.Buffer, v Value, node *classNode, inherited *classification) {
	if vw.digests && v.c != nil && len(v.list()) > 0 {
		key := viewKey{c: v.c, node: node, inDoc: vw.inDocument > 0}
		if inherited != nil {
			key.inh = inherited.kind + 1
		}
		if d, ok := vw.memo.m[key]; ok {
			buf.WriteString(d)
			return
		}
		var inner bytes.Buffer
		vw.writeContainer(&inner, v, node, inherited)
		sum := sha256.Sum256(inner.Bytes())
		d := "#" + hex.EncodeToString(sum[:16])
		if vw.memo.m != nil {
			vw.memo.m[key] = d
		}
		buf.WriteString(d)
		return
	}
	vw.writeContainer(buf, v, node, inherited)
}

// writeContainer writes v's view in full (containers inside it as digests
// in digest mode).
func (vw *viewWriter) writeContainer(buf *bytes.Buffer, v Value, node *classNode, inherited *classification) {
	switch v.kind {
	case KindObject:
		buf.WriteByte('{')
		first := true
		keys, order := hashKeys(vw.cls, vw.tokens, v.names())
		for n := range v.names() {
			i := n
			if order != nil {
				i = order[n]
			}
			k := v.names()[i]
			vw.push(step{name: k})
			// Write the key speculatively; take it back when the child
			// is not part of the configuration.
			mark := buf.Len()
			if !first {
				buf.WriteByte(',')
			}
			if vw.cls.secretKey(k) {
				writeCanonicalString(buf, SensitiveMask)
			} else {
				writeCanonicalString(buf, keys[i])
			}
			buf.WriteByte(':')
			if vw.child(buf, v.list()[i], node, inherited, v) {
				first = false
			} else {
				buf.Truncate(mark)
			}
			vw.pop()
		}
		buf.WriteByte('}')
	case KindList:
		if len(v.list()) > 1 && vw.unordered(v, node) {
			vw.writeUnordered(buf, v, node, inherited)
			return
		}
		buf.WriteByte('[')
		first := true
		for i, it := range v.list() {
			vw.push(indexStep(i))
			mark := buf.Len()
			if !first {
				buf.WriteByte(',')
			}
			if vw.child(buf, it, node, inherited, v) {
				first = false
			} else {
				buf.Truncate(mark)
			}
			vw.pop()
		}
		buf.WriteByte(']')
	case KindSet:
		vw.writeUnordered(buf, v, node, inherited)
	case KindString:
		if IsNumberText(v.text) {
			// "30" and 30 compare equal, so they hash alike.
			buf.WriteString(NormalizeNumber(v.text))
			return
		}
		writeCanonicalString(buf, vw.norm.normalize(v.text))
	default:
		writeCanonical(buf, v)
	}
}

// unordered reports whether the order of a list's elements is not part of
// the configuration, as the comparison decides it (walker.listPlan): a list
// rule says so, or the list is one of a resource's and written in the order
// Terraform writes sets.
func (vw *viewWriter) unordered(v Value, node *classNode) bool {
	if vw.inDocument > 0 {
		return !orderedDocumentKeys[vw.lastName()]
	}
	if r := vw.cls.listRule(vw.resType, vw.subject, vw.addrLen, node); r != nil && r.Order != ListOrderUnknown {
		return r.Order == ListOrderInsignificant
	}
	return vw.resType != "" && looksLikeSet(v)
}

// writeUnordered writes a set, or a list whose order does not matter, with
// its elements in the order of their view digests, so the hash does not
// depend on their order. The digests are computed once per container
// (viewMemo), and each element is written once, straight into buf.
func (vw *viewWriter) writeUnordered(buf *bytes.Buffer, v Value, node *classNode, inherited *classification) {
	type keyed struct {
		key string
		i   int
	}
	keys := make([]keyed, 0, len(v.list()))
	kw := vw
	if !vw.digests {
		kw = vw.digestWriter()
	}
	var eb bytes.Buffer
	for i, it := range v.list() {
		eb.Reset()
		kw.push(indexStep(i))
		if kw.child(&eb, it, node, inherited, v) {
			keys = append(keys, keyed{eb.String(), i})
		}
		kw.pop()
	}
	sort.SliceStable(keys, func(a, b int) bool { return keys[a].key < keys[b].key })
	buf.WriteByte('[')
	for n, k := range keys {
		if n > 0 {
			buf.WriteByte(',')
		}
		if it := v.list()[k.i]; vw.digests || isLeaf(it) && !(it.kind == KindString && mayBeDocument(it.text)) {
			// A digest is what was asked for, and the sort key of a leaf
			// other than a document is its view: written once already.
			buf.WriteString(k.key)
			continue
		}
		vw.push(indexStep(k.i))
		vw.child(buf, v.list()[k.i], node, inherited, v)
		vw.pop()
	}
	buf.WriteByte(']')
}

// child classifies the value at the current path and writes its view when
// it belongs to the configuration; it reports whether it wrote anything.
func (vw *viewWriter) child(buf *bytes.Buffer, v Value, parent *classNode, inherited *classification, ctr Value) bool {
	var cls classification
	var node *classNode
	if inherited != nil {
		cls = *inherited
	} else {
		cls, node = vw.cls.classify(vw.resType, vw.subject, vw.addrLen, parent, ctr)
	}
	if cls.kind == clsSecret && !holdsSecretValue(v) {
		cls = classification{kind: clsConfig, rule: "config (no secret value under a secret's name)"}
	}
	if cls.count && isContainer(v) {
		cls = defaultConfig
	}
	if cls.kind == clsConfig && !cls.userRule && len(vw.subject) > 0 {
		// Secret by the name of its pair or its flag, as the comparison
		// finds them (walker.visit, markFlagArguments).
		st := vw.subject[len(vw.subject)-1]
		if _, ok := pairedSecretName(st.name, ctr); ok && !st.index && holdsSecretValue(v) || st.num && isFlagArgument(ctr, atoiStep(st.name)) {
			return false
		}
	}
	if cls.kind == clsIdentity && strings.HasPrefix(cls.rule, "reference ") && awsManaged(v) {
		cls = classification{kind: clsConfig, rule: "config (AWS-managed ARNs are the same in every account)"}
	}
	switch cls.kind {
	case clsIgnore, clsIdentity, clsSecret, clsSecretDigest, clsSize:
		// Secrets, digest-compared or not, are left out entirely: a
		// published hash over a secret would let anyone test guesses.
		return false
	}
	if cls.kind == clsConfig && v.kind == KindString && !v.sensitive && vw.inDocument == 0 {
		// A document is hashed leaf by leaf, its secret leaves left out,
		// even when the whole string looks secret for one of them.
		if doc, ok := vw.cls.document(v.text); ok {
			vw.inDocument++
			vw.write(buf, doc, node, nil)
			vw.inDocument--
			return true
		}
	}
	if v.sensitive || v.kind == KindNull || v.IsComputed() || vw.isSecret(v, cls) {
		return false
	}
	if cls.kind == clsConfig && cls.rule == "" && (v.kind == KindNumber || v.kind == KindString) && isRecordedCount(vw.lastName(), v.text) {
		return false
	}
	if cls.kind == clsConfig && cls.rule == "" && numberLike(v) && vw.cls.capacityName(vw.lastName()) {
		// A capacity by its name (see capacity.go) is left out like any
		// size.
		writeCanonicalString(buf, "{size capacity}")
		return true
	}
	if cls.kind == clsConfig && v.kind == KindString {
		// Documents inside documents; top-level ones were written above,
		// before the secret test.
		if vw.inDocument > 0 {
			if doc, ok := vw.cls.document(v.text); ok {
				vw.inDocument++
				vw.write(buf, doc, node, nil)
				vw.inDocument--
				return true
			}
		}
		if cls.rule == "" && isRecordedTime(vw.lastName(), v.text) {
			return false
		}
		if _, family, ok := sizes.DetectTyped(v.text); ok && cls.rule == "" {
			// A size recognised by its value is left out like any size;
			// its family is configuration.
			writeCanonicalString(buf, "{size "+family+"}")
			return true
		}
		if cls.rule == "" && vw.cls.specName(vw.lastName()) {
			if shape, _, ok := readSpec(v.text); ok {
				// A size spelled in a provider's words: its capacities
				// are left out like any size, the rest is configuration.
				writeCanonicalString(buf, "{size spec "+shape+"}")
				return true
			}
		}
	}
	vw.write(buf, v, node, nil)
	return true
}

// isSecret reports whether a value the classifier keeps is secret all the
// same: shaped like a credential, or named like a secret and compared only
// because a config rule forces it.
func (vw *viewWriter) isSecret(v Value, cls classification) bool {
	name := vw.lastName()
	if v.kind == KindString && vw.e.looks(v, name) {
		return true
	}
	return cls.userRule && cls.kind == clsConfig && name != "" && IsSecretName(name)
}

// stripSecrets removes sensitive values and credential-shaped strings from
// a set or object tree.
func stripSecrets(v Value) Value {
	if !containsSecret(v) {
		return v
	}
	switch v.kind {
	case KindList, KindSet:
		items := make([]Value, 0, len(v.list()))
		for _, it := range v.list() {
			if !isSecretLeaf(it) {
				items = append(items, stripSecrets(it))
			}
		}
		v = v.withItems(items)
	case KindObject:
		keys := make([]string, 0, len(v.names()))
		items := make([]Value, 0, len(v.list()))
		for i, it := range v.list() {
			if !isSecretLeaf(it) {
				keys = append(keys, v.names()[i])
				items = append(items, stripSecrets(it))
			}
		}
		v = v.withFields(keys, items)
	}
	return v
}

func isSecretLeaf(v Value) bool {
	if v.sensitive {
		return true
	}
	if v.kind != KindString {
		return false
	}
	_, looks := LooksSecret(v.text)
	return looks
}

func containsSecret(v Value) bool {
	if isSecretLeaf(v) {
		return true
	}
	for _, it := range v.list() {
		if containsSecret(it) {
			return true
		}
	}
	return false
}

// HashEnvironment returns the configuration hash of one environment, as
// Compare computes it, replacing the tokens of both environments (the caller
// does not say which side it is).
func HashEnvironment(env Environment, rules Rules) (string, error) {
	e, err := newEngine(rules)
	if err != nil {
		return "", err
	}
	si := e.index(env, false, e.bothTokens)
	si.refs = e.collectRefs(si, nil, e.cls)
	return e.hashSide(si, e.bothTokens, e.cls), nil
}

// HashSettings returns the configuration hash of a settings object (what
// parity_check computes for an object of settings).
func HashSettings(v Value, rules Rules) (string, error) {
	return HashEnvironment(Environment{Resources: []Resource{{Values: v}}}, rules)
}

// atoiStep reads the number of an index step; -1 when it is none.
func atoiStep(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}
