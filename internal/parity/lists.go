package parity

import (
	"bytes"
	"fmt"
	"hash/crc32"
	"math/big"
	"sort"
	"strconv"
	"strings"
)

// naturalKeys are the attributes that name an element of a list of objects
// when no rule says which do: a container's, variable's or rule's name, a
// tag's key, a cache behavior's path pattern. An attribute is used only when
// every element of both lists has it and its values are distinct on each
// side.
var naturalKeys = []string{"name", "key", "path_pattern", "sid", "rule_name", "container_name"}

// listPlan is how the elements of two lists correspond.
type listPlan struct {
	order ListOrder
	// guessed is set when nothing said whether the order matters and it was
	// compared: findings say so (see orderNote).
	guessed bool
	key     []string
	// natural is set when key is a natural key (name, key, …) that no
	// rule declared.
	natural bool
}

// compareLists compares two lists of a resource or settings object without
// letting one added element read as every later element changing: elements
// are matched by their key (a natural or declared key attribute) or by their
// configuration (for sets and unkeyed lists), changed elements are walked
// into, unmatched ones reported once each, and the order compared only where
// it means something.
func (w *walker) compareLists(sv, pv Value, node *classNode, inherited *classification, cls classification) {
	sItems, pItems := sv.list(), pv.list()
	if len(sItems) == 1 && len(pItems) == 1 {
		// A nested block (state documents write one as a list of one):
		// the two elements correspond whatever they hold.
		w.visit(indexStep(0), sItems[0], pItems[0], node, inherited, sv)
		return
	}
	plan := w.listPlan(sv, pv, node)
	if plan.key != nil {
		sKeys, sOK := elementKeys(sItems, plan.key, w.e.sNorm)
		pKeys, pOK := elementKeys(pItems, plan.key, w.e.pNorm)
		// A natural key that no element of one side shares with the other
		// is a generated name (a node pool's nodes, pool-x7k2q against
		// pool-m3p9z), not what identifies the elements: they are matched
		// by their configuration instead.
		if sOK && pOK {
			if !plan.natural || shareKey(sKeys, pKeys) {
				w.compareKeyed(sv, pv, sKeys, pKeys, plan, node, inherited, cls)
				return
			}
			if len(plan.key) == 1 {
				// The names are each environment's own: not compared.
				w.generatedKeys = append(w.generatedKeys, generatedKey{depth: len(w.subject) + 2, name: plan.key[0]})
				defer func() { w.generatedKeys = w.generatedKeys[:len(w.generatedKeys)-1] }()
			}
		}
	}
	sViews := w.elementViews(sv, node, inherited, w.e.sRefs)
	pViews := w.elementViews(pv, node, inherited, w.e.pRefs)
	if plan.order == ListOrderInsignificant {
		w.compareUnordered(sv, pv, sViews, pViews, node, inherited, cls)
		return
	}
	w.compareOrdered(sv, pv, sViews, pViews, plan, node, inherited, cls)
}

// listPlan decides how to match the elements of two lists: a list rule (the
// user's or the knowledge base's) first; otherwise a natural key for lists
// of objects, and for the order, whether both documents wrote the list the
// way Terraform writes a set.
func (w *walker) listPlan(sv, pv Value, node *classNode) listPlan {
	var plan listPlan
	if w.inDocument > 0 {
		// Inside documents, lists are sets (IAM's are) except a command line.
		plan.order = ListOrderInsignificant
		if orderedDocumentKeys[w.lastName()] {
			plan.order = ListOrderSignificant
		}
	} else if r := w.e.cls.listRule(w.resType, w.subject, w.addrLen, node); r != nil {
		plan.order, plan.key = r.Order, r.Key
	}
	if plan.key == nil && allObjects(sv) && allObjects(pv) {
		plan.key = naturalKey(sv, pv)
		plan.natural = plan.key != nil
	}
	if plan.order == ListOrderUnknown {
		switch {
		case w.resType != "" && looksLikeSet(sv) && looksLikeSet(pv) && !w.e.sameRawSequence(sv, pv):
			// Terraform writes a set in the order of its elements' values,
			// so two sets whose elements carry other names or identifiers
			// may come out in another order. Two lists both in that order
			// are sets as far as the documents can tell.
			plan.order = ListOrderInsignificant
		default:
			plan.order = ListOrderSignificant
			plan.guessed = true
		}
	}
	return plan
}

// orderNote explains, in a finding about order, why order was compared
// when nothing said it matters.
func (w *walker) orderNote(plan listPlan) string {
	if !plan.guessed {
		return ""
	}
	return fmt.Sprintf(" The order was compared because nothing says it does not matter; if it does not, declare list %q { order = \"insignificant\" }.", w.genericPath())
}

// genericPath is the current path with index steps written [*], for rules
// suggested in messages.
func (w *walker) genericPath() string {
	steps := append([]step(nil), w.subject[w.addrLen:]...)
	var b strings.Builder
	for i, s := range steps {
		if s.index {
			b.WriteString("[*]")
			continue
		}
		writeStep(&b, s, i == 0)
	}
	p := b.String()
	if w.resType != "" {
		p = w.resType + ".*." + p
	}
	return p
}

func allObjects(v Value) bool {
	if len(v.list()) == 0 {
		return false
	}
	for _, it := range v.list() {
		if it.kind != KindObject {
			return false
		}
	}
	return true
}

// shareKey reports whether a key of one side is also a key of the other.
func shareKey(a, b []string) bool {
	set := make(map[string]bool, len(a))
	for _, k := range a {
		set[k] = true
	}
	for _, k := range b {
		if set[k] {
			return true
		}
	}
	return false
}

// naturalKey returns the first natural key attribute present, as a string,
// in every element of both lists with distinct values on each side.
func naturalKey(sv, pv Value) []string {
	for _, k := range naturalKeys {
		key := []string{k}
		if _, ok := elementKeys(sv.list(), key, nil); !ok {
			continue
		}
		if _, ok := elementKeys(pv.list(), key, nil); ok {
			return key
		}
	}
	return nil
}

// elementKeys returns each element's key text (environment tokens replaced)
// and whether every element has a distinct, non-null key.
//
// norm normalises the key texts; nil normalises identities only.
func elementKeys(items []Value, key []string, norm *normMemo) ([]string, bool) {
	out := make([]string, len(items))
	seen := make(map[string]bool, len(items))
	for i, it := range items {
		var b strings.Builder
		for j, k := range key {
			v := lookupAttribute(it, k)
			if v.kind == KindNull || v.kind == KindUnknown || v.sensitive || !isLeaf(v) {
				return nil, false
			}
			if j > 0 {
				b.WriteByte(0)
			}
			text := v.text
			if v.kind == KindNumber {
				text = NormalizeNumber(text)
			}
			if norm != nil {
				text = norm.normalize(text)
			} else {
				// Without tokens, identities are still normalised.
				text = (*tokenReplacer)(nil).Normalize(text)
			}
			b.WriteString(text)
		}
		s := b.String()
		if seen[s] {
			return nil, false
		}
		seen[s] = true
		out[i] = s
	}
	return out, true
}

// describeKey writes an element's key for messages: name = "DEBUG"; the
// key's value is shown as the redaction mode allows.
func (w *walker) describeKey(el Value, key []string) string {
	parts := make([]string, len(key))
	for i, k := range key {
		parts[i] = k + " = " + strconv.Quote(EscapeText(w.e.display(lookupAttribute(el, k), false, k)))
	}
	return strings.Join(parts, ", ")
}

func (w *walker) compareKeyed(sv, pv Value, sKeys, pKeys []string, plan listPlan, node *classNode, inherited *classification, cls classification) {
	pIndex := make(map[string]int, len(pKeys))
	for j, k := range pKeys {
		pIndex[k] = j
	}
	matched := make([]bool, len(pKeys))
	var sOrder, pOrder []int // matched pairs in staging order
	for i, k := range sKeys {
		j, ok := pIndex[k]
		if !ok {
			w.onlyElement(i, sv.list()[i], Null(), w.describeKey(sv.list()[i], plan.key), cls)
			continue
		}
		matched[j] = true
		sOrder, pOrder = append(sOrder, i), append(pOrder, j)
		w.visit(indexStep(i), sv.list()[i], pv.list()[j], node, inherited, sv)
	}
	for j, m := range matched {
		if !m {
			w.onlyElement(j, Null(), pv.list()[j], w.describeKey(pv.list()[j], plan.key), cls)
		}
	}
	if plan.order == ListOrderSignificant && !sort.IntsAreSorted(pOrder) {
		sNames := make([]string, len(sOrder))
		pNames := make([]string, len(pOrder))
		byP := append([]int(nil), pOrder...)
		sort.Ints(byP)
		for n, i := range sOrder {
			sNames[n] = w.describeKey(sv.list()[i], plan.key)
		}
		for n, j := range byP {
			pNames[n] = w.describeKey(pv.list()[j], plan.key)
		}
		w.orderFinding(sv, pv, cls, w.e.sayf("the elements are in another order: staging has %s; production has %s.",
			strings.Join(sNames, "; "), strings.Join(pNames, "; ")), plan)
	}
}

// onlyElement reports an element present on one side only, at its index on
// that side.
func (w *walker) onlyElement(index int, sEl, pEl Value, key string, cls classification) {
	w.push(indexStep(index))
	defer w.pop()
	what := w.path()
	if key != "" {
		what += " (" + key + ")"
	}
	rule := cls.rule
	if rule == "" {
		rule = defaultConfigRule
	}
	var msg string
	if pEl.IsNull() {
		msg = w.e.sayf("%s is in staging but not in production.", what)
	} else {
		msg = w.e.sayf("%s is in production but not in staging.", what)
	}
	w.add(Finding{Kind: FindingConfigDrift, Rule: rule, Message: msg}, sEl, pEl)
}

func (w *walker) orderFinding(sv, pv Value, cls classification, detail string, plan listPlan) {
	rule := cls.rule
	if rule == "" {
		rule = defaultConfigRule
	}
	w.add(Finding{Kind: FindingConfigDrift, Rule: rule,
		Message: fmt.Sprintf("%s: %s%s", w.path(), detail, w.orderNote(plan))}, sv, pv)
}

// compareUnordered compares two sets written as lists: equal elements pair
// up whatever their order; what remains pairs up in order (and is walked
// into, so a changed attribute is named), and what is left over is reported
// on its own.
func (w *walker) compareUnordered(sv, pv Value, sViews, pViews []string, node *classNode, inherited *classification, cls classification) {
	pairs, sRest, pRest := matchViews(sViews, pViews)
	for _, pr := range pairs {
		// Equal configuration; walked for what views leave out: secrets
		// to count, unknown values, digest-compared secrets.
		w.visit(indexStep(pr[0]), sv.list()[pr[0]], pv.list()[pr[1]], node, inherited, sv)
	}
	w.pairRemaining(sv, pv, sRest, pRest, node, inherited, cls)
}

// unmatched returns the indexes of the elements of each side that have no
// equal element on the other side (counting duplicates).
func unmatched(sViews, pViews []string) (sRest, pRest []int) {
	_, sRest, pRest = matchViews(sViews, pViews)
	return sRest, pRest
}

// matchViews pairs equal elements of two sides (in order of appearance) and
// returns the pairs and the indexes left over on each side.
func matchViews(sViews, pViews []string) (pairs [][2]int, sRest, pRest []int) {
	avail := map[string][]int{}
	for j, v := range pViews {
		avail[v] = append(avail[v], j)
	}
	taken := make([]bool, len(pViews))
	for i, v := range sViews {
		if js := avail[v]; len(js) > 0 {
			taken[js[0]] = true
			pairs = append(pairs, [2]int{i, js[0]})
			avail[v] = js[1:]
			continue
		}
		sRest = append(sRest, i)
	}
	for j, t := range taken {
		if !t {
			pRest = append(pRest, j)
		}
	}
	return pairs, sRest, pRest
}

// pairRemaining walks into unmatched elements pairwise when both sides have
// objects left (a changed rule reads as its changed attribute), and reports
// the rest as present on one side only.
func (w *walker) pairRemaining(sv, pv Value, sRest, pRest []int, node *classNode, inherited *classification, cls classification) {
	n := 0
	switch {
	case len(sRest) == 1 && len(pRest) == 1:
		// One element changed: report what changed in it.
		n = 1
	case allObjects(sv) && allObjects(pv):
		n = min(len(sRest), len(pRest))
	}
	for k := 0; k < n; k++ {
		w.visit(indexStep(sRest[k]), sv.list()[sRest[k]], pv.list()[pRest[k]], node, inherited, sv)
	}
	sRest, pRest = sRest[n:], pRest[n:]
	if len(sRest)+len(pRest) > 1 && !allObjects(sv) && !allObjects(pv) {
		// Values added to or removed from a list of plain values (actions,
		// permissions, CIDR blocks): one finding for the list.
		w.valuesOnOneSide(sv, pv, sRest, pRest, cls)
		return
	}
	for _, i := range sRest {
		w.onlyElement(i, sv.list()[i], Null(), "", cls)
	}
	for _, j := range pRest {
		w.onlyElement(j, Null(), pv.list()[j], "", cls)
	}
}

// valuesOnOneSide reports the values of two lists that only one side has,
// as one finding at the list.
func (w *walker) valuesOnOneSide(sv, pv Value, sRest, pRest []int, cls classification) {
	list := func(v Value, idx []int) string {
		parts := make([]string, len(idx))
		for k, i := range idx {
			parts[k] = w.display(v.list()[i], false)
		}
		return strings.Join(parts, ", ")
	}
	var parts []string
	if len(sRest) > 0 {
		parts = append(parts, w.e.sideName()+" also has "+list(sv, sRest))
	}
	if len(pRest) > 0 {
		parts = append(parts, "production also has "+list(pv, pRest))
	}
	rule := cls.rule
	if rule == "" {
		rule = defaultConfigRule
	}
	w.add(Finding{Kind: FindingConfigDrift, Rule: rule,
		Message: fmt.Sprintf("%s differs: %s.", w.subjectName(), strings.Join(parts, "; "))}, sv, pv)
}

// compareOrdered compares two lists whose order is configuration. Equal
// lists and lists of equal length compare element by element; otherwise the
// longest common subsequence aligns them, so one inserted element is one
// finding.
func (w *walker) compareOrdered(sv, pv Value, sViews, pViews []string, plan listPlan, node *classNode, inherited *classification, cls classification) {
	if equalStrings(sViews, pViews) {
		// Equal configuration views: walk anyway, for unknown values and
		// digest-compared secrets inside the elements.
		for i := range sViews {
			w.visit(indexStep(i), sv.list()[i], pv.list()[i], node, inherited, sv)
		}
		return
	}
	if sameMultiset(sViews, pViews) {
		w.orderFinding(sv, pv, cls, w.e.sayf("the same elements are in another order: staging has %s; production has %s.",
			w.display(sv, false), w.display(pv, false)), plan)
		pairs, _, _ := matchViews(sViews, pViews)
		for _, pr := range pairs {
			w.visit(indexStep(pr[0]), sv.list()[pr[0]], pv.list()[pr[1]], node, inherited, sv)
		}
		return
	}
	if len(sViews) == len(pViews) {
		for i := range sViews {
			w.visit(indexStep(i), sv.list()[i], pv.list()[i], node, inherited, sv)
		}
		return
	}
	pairs, ok := lcs(sViews, pViews)
	if !ok {
		// Too long to align: element by element.
		n := max(len(sViews), len(pViews))
		for i := 0; i < n; i++ {
			s, p := Null(), Null()
			if i < len(sViews) {
				s = sv.list()[i]
			}
			if i < len(pViews) {
				p = pv.list()[i]
			}
			w.visit(indexStep(i), s, p, node, inherited, sv)
		}
		return
	}
	// Between aligned elements, what remains on each side pairs up in order.
	si, pj := 0, 0
	flush := func(sEnd, pEnd int) {
		var sRest, pRest []int
		for ; si < sEnd; si++ {
			sRest = append(sRest, si)
		}
		for ; pj < pEnd; pj++ {
			pRest = append(pRest, pj)
		}
		w.pairRemaining(sv, pv, sRest, pRest, node, inherited, cls)
	}
	for _, pr := range pairs {
		flush(pr[0], pr[1])
		w.visit(indexStep(pr[0]), sv.list()[pr[0]], pv.list()[pr[1]], node, inherited, sv)
		si, pj = pr[0]+1, pr[1]+1
	}
	flush(len(sViews), len(pViews))
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func sameMultiset(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	sRest, pRest := unmatched(a, b)
	return len(sRest) == 0 && len(pRest) == 0
}

// lcsLimit bounds the alignment table (cells); longer lists compare element
// by element.
const lcsLimit = 1 << 20

// lcs returns the index pairs of a longest common subsequence of a and b.
func lcs(a, b []string) ([][2]int, bool) {
	if len(a)*len(b) > lcsLimit {
		return nil, false
	}
	n, m := len(a), len(b)
	t := make([][]int32, n+1)
	for i := range t {
		t[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				t[i][j] = t[i+1][j+1] + 1
			} else {
				t[i][j] = max(t[i+1][j], t[i][j+1])
			}
		}
	}
	var out [][2]int
	for i, j := 0, 0; i < n && j < m; {
		switch {
		case a[i] == b[j]:
			out = append(out, [2]int{i, j})
			i++
			j++
		case t[i+1][j] >= t[i][j+1]:
			i++
		default:
			j++
		}
	}
	return out, true
}

// sameRawSequence reports whether two lists hold the same values, as
// written, in the same order. Containers are compared by content keys
// remembered for the whole comparison, so nested lists cost their size once.
func (e *engine) sameRawSequence(a, b Value) bool {
	if len(a.list()) != len(b.list()) {
		return false
	}
	if e.rawKeys == nil {
		e.rawKeys = map[*container]string{}
	}
	for i := range a.list() {
		if contentKey(a.list()[i], e.rawKeys) != contentKey(b.list()[i], e.rawKeys) {
			return false
		}
	}
	return true
}

// looksLikeSet reports whether a list is in the order in which Terraform
// writes a set: strings by value, numbers by value, bools false first, and
// other values by the CRC-32 of go-cty's set hash encoding of the element.
// A list of fewer than two elements says nothing and counts as a set.
func looksLikeSet(v Value) bool {
	items := v.list()
	if len(items) < 2 {
		return true
	}
	kind := items[0].kind
	for _, it := range items {
		if it.kind != kind || it.kind == KindUnknown || it.kind == KindNull {
			return false
		}
	}
	switch kind {
	case KindString, KindNumber, KindBool:
		for i := 1; i < len(items); i++ {
			a, b := items[i-1], items[i]
			switch {
			case kind == KindString && a.text > b.text,
				kind == KindNumber && compareNumbers(a.text, b.text) > 0,
				kind == KindBool && a.text == "true" && b.text == "false":
				return false
			}
		}
		return true
	}
	// Sets of objects: go-cty orders them by their set hash encoding (since
	// v1.12, Terraform 1.3), and before that by its CRC-32 bucket.
	reprs := make([][]byte, len(items))
	total := 0
	for i, it := range items {
		var buf bytes.Buffer
		appendCtySetHash(&buf, it)
		reprs[i] = buf.Bytes()
		if total += buf.Len(); total > maxSetRepr {
			// Too big to tell cheaply: compared in order (the finding says
			// how to declare the list a set).
			return false
		}
	}
	byBytes, byBucket := true, true
	for i := 1; i < len(reprs); i++ {
		if bytes.Compare(reprs[i-1], reprs[i]) > 0 {
			byBytes = false
		}
		if crc32.ChecksumIEEE(reprs[i-1]) > crc32.ChecksumIEEE(reprs[i]) {
			byBucket = false
		}
	}
	return byBytes || byBucket
}

func compareNumbers(a, b string) int {
	// By the text: big arithmetic on 1e999999 costs a second per value.
	if c, ok := compareDecimal(a, b); ok {
		return c
	}
	return strings.Compare(a, b)
}

// maxSetRepr bounds the set hash encodings looksLikeSet builds for one list:
// sets of rules and blocks are small; a list of documents is not a set.
const maxSetRepr = 64 << 10

// appendCtySetHash writes go-cty's set hash encoding of a value. JSON cannot
// tell a map from an object; nested JSON objects are encoded as objects, as
// nested blocks and objects are far more common inside set elements than
// maps.
func appendCtySetHash(buf *bytes.Buffer, v Value) {
	switch v.kind {
	case KindUnknown:
		buf.WriteByte('?')
	case KindNull:
		buf.WriteByte('~')
	case KindNumber:
		f, _, err := big.ParseFloat(v.text, 10, 512, big.ToNearestEven)
		if err != nil {
			buf.WriteString(v.text)
			return
		}
		buf.WriteString(f.String())
	case KindBool:
		if v.text == "true" {
			buf.WriteByte('T')
		} else {
			buf.WriteByte('F')
		}
	case KindString:
		buf.WriteString(strconv.Quote(v.text))
	case KindList, KindSet:
		buf.WriteByte('[')
		for _, it := range v.list() {
			appendCtySetHash(buf, it)
			buf.WriteByte(';')
		}
		buf.WriteByte(']')
	case KindObject:
		buf.WriteByte('<')
		for _, it := range v.list() {
			appendCtySetHash(buf, it)
			buf.WriteByte(';')
		}
		buf.WriteByte('>')
	}
}
