package parity

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"

	"github.com/envparity/terraform-provider-parity/internal/sizes"
)

// walker compares one staging resource with one production resource.
type walker struct {
	e                 *engine
	rep               *Report
	resType           string
	address           string
	stagingAddress    string
	productionAddress string
	location          *Location
	attrLocations     map[string]Location
	ps                *pathStack // address steps, then the path
	addrLen           int
	// views key the elements of lists for samePermutation, one per side
	// (each replaces its own environment's tokens); they remember what
	// they keyed, so that nested lists are keyed once.
	views [2]*viewWriter
}

func (e *engine) newWalker(si, pi *instance, rep *Report) *walker {
	w := &walker{
		e: e, rep: rep, resType: pi.res.Type, address: si.key,
		stagingAddress: si.res.Address, productionAddress: pi.res.Address,
		location: si.res.Location, attrLocations: si.res.AttributeLocations,
	}
	// Walkers run one after the other: they share the engine's path stack.
	if e.walkPath == nil {
		e.walkPath = newPathStack(e.cls, nil)
	}
	w.ps = e.walkPath
	w.ps.reset(si.steps)
	w.addrLen = len(si.steps)
	return w
}

func (w *walker) path() string { return formatPath(w.ps.steps[w.addrLen:]) }

// walkChildren compares the fields of two objects or the elements of two
// lists. inherited is the class of an enclosing size or secret node.
func (w *walker) walkChildren(sv, pv Value, node *classNode, inherited *classification) {
	switch {
	case sv.kind == KindObject && pv.kind == KindObject:
		i, j := 0, 0
		for i < len(sv.names()) || j < len(pv.names()) {
			switch {
			case j >= len(pv.names()) || (i < len(sv.names()) && sv.names()[i] < pv.names()[j]):
				w.visit(step{name: sv.names()[i]}, sv.list()[i], Null(), node, inherited)
				i++
			case i >= len(sv.names()) || pv.names()[j] < sv.names()[i]:
				w.visit(step{name: pv.names()[j]}, Null(), pv.list()[j], node, inherited)
				j++
			default:
				w.visit(step{name: sv.names()[i]}, sv.list()[i], pv.list()[j], node, inherited)
				i++
				j++
			}
		}
	case sv.kind == KindList && pv.kind == KindList:
		n := max(len(sv.list()), len(pv.list()))
		for i := 0; i < n; i++ {
			s, p := Null(), Null()
			if i < len(sv.list()) {
				s = sv.list()[i]
			}
			if i < len(pv.list()) {
				p = pv.list()[i]
			}
			w.visit(indexStep(i), s, p, node, inherited)
		}
	}
}

var smallIndexes = func() [64]string {
	var a [64]string
	for i := range a {
		a[i] = fmt.Sprint(i)
	}
	return a
}()

func indexStep(i int) step {
	if i < len(smallIndexes) {
		return step{name: smallIndexes[i], index: true, num: true}
	}
	return step{name: fmt.Sprint(i), index: true, num: true}
}

// visit compares one child path.
func (w *walker) visit(st step, sv, pv Value, parent *classNode, inherited *classification) {
	w.ps.push(st)
	defer w.ps.pop()

	var cls classification
	var node *classNode
	if inherited != nil {
		cls = *inherited
	} else {
		cls, node = w.e.cls.classify(w.resType, w.ps, w.addrLen, parent)
	}
	switch cls.kind {
	case clsIgnore:
		if cls.userRule && (!sv.IsNull() || !pv.IsNull()) {
			w.rep.Ignored = append(w.rep.Ignored, Ignored{Address: w.address, Path: w.path(), Rule: cls.rule, Reason: cls.reason})
		}
		return
	case clsIdentity, clsSecret:
		return
	case clsSecretDigest:
		w.compareDigest(sv, pv, cls)
		return
	}
	if sv.sensitive || pv.sensitive {
		// Each environment keeps its own secrets: not compared unless a
		// secret rule opts in (handled above).
		return
	}
	sNull, pNull := sv.kind == KindNull, pv.kind == KindNull
	if sNull && pNull {
		return
	}
	if sv.kind == KindUnknown || pv.kind == KindUnknown {
		w.add(Finding{Kind: FindingUnknown, Rule: cls.rule,
			Message: fmt.Sprintf("%s is not known until apply; it is checked again then.", w.path())}, sv, pv)
		return
	}
	if cls.kind == clsSize {
		if isLeaf(sv) && isLeaf(pv) && !sNull && !pNull {
			w.compareSize(sv, pv, cls, w.path())
			return
		}
		if sv.kind == pv.kind && (sv.kind == KindObject || sv.kind == KindList) {
			w.walkChildren(sv, pv, nil, &cls)
			return
		}
	}
	switch {
	case sv.kind == KindObject && pv.kind == KindObject:
		w.walkChildren(sv, pv, node, inherited)
	case sv.kind == KindList && pv.kind == KindList:
		findings, ignored := len(w.rep.Findings), len(w.rep.Ignored)
		w.walkChildren(sv, pv, node, inherited)
		// State and plan JSON writes sets as arrays, in an order that
		// follows the elements' values; a staging set whose elements carry
		// other names sorts differently. Lists of resources that hold the
		// same elements in another order are therefore not drift.
		if w.resType != "" && len(w.rep.Findings) > findings && w.samePermutation(sv, pv, node, inherited) {
			w.rep.Findings = w.rep.Findings[:findings]
			w.rep.Ignored = w.rep.Ignored[:ignored]
		}
	case sv.kind == KindSet && pv.kind == KindSet:
		if !w.setsEqual(sv, pv) {
			w.drift(sv, pv, cls, "")
		}
	case isLeaf(sv) && isLeaf(pv) && !sNull && !pNull:
		if !w.leavesEqual(sv, pv) {
			w.drift(sv, pv, cls, "")
		}
	default:
		w.drift(sv, pv, cls, "")
	}
}

func isLeaf(v Value) bool {
	return v.kind == KindString || v.kind == KindNumber || v.kind == KindBool || v.kind == KindNull
}

// leavesEqual compares two scalars after replacing environment tokens.
// A number and a string holding the same number are equal: module outputs
// and variables often carry numbers as strings.
func (w *walker) leavesEqual(sv, pv Value) bool {
	switch {
	case sv.kind == KindString && pv.kind == KindString:
		// No shortcut on equal texts: a staging value that names production
		// ("assets-prod" on both sides) is staging pointing at production.
		return w.e.stagingTokens.Replace(sv.text) == w.e.productionTokens.Replace(pv.text)
	case sv.kind == KindNumber && pv.kind == KindNumber:
		return NumbersEqual(sv.text, pv.text)
	case sv.kind == KindBool && pv.kind == KindBool:
		return sv.text == pv.text
	case sv.kind == KindNumber && pv.kind == KindString, sv.kind == KindString && pv.kind == KindNumber:
		return NumbersEqual(sv.text, pv.text)
	}
	return false
}

// samePermutation reports whether two lists hold the same elements, compared
// by their configuration views (sizes, ignored and identity attributes left
// out, environment tokens replaced), in any order. Elements are compared by
// content keys (see viewWriter.key), which each side's view writer
// remembers: when every enclosing list of a difference deep down asks
// again, the elements below are not keyed again.
func (w *walker) samePermutation(sv, pv Value, node *classNode, inherited *classification) bool {
	if len(sv.list()) != len(pv.list()) || len(sv.list()) < 2 {
		return false
	}
	count := map[string]int{}
	for _, k := range w.elementKeys(0, sv, node, inherited, w.e.stagingTokens) {
		count[k]++
	}
	for _, k := range w.elementKeys(1, pv, node, inherited, w.e.productionTokens) {
		if count[k] == 0 {
			return false
		}
		count[k]--
	}
	return true
}

// elementKeys returns the content keys of a list's elements as the hash
// sees them ("" for an element that is not part of the configuration). The
// list's own key, which follows from them, is remembered too: an enclosing
// list then keys this one without going down again.
func (w *walker) elementKeys(side int, list Value, node *classNode, inherited *classification, tokens *tokenReplacer) []string {
	out := make([]string, len(list.list()))
	if inherited != nil {
		return out // under a size: no element is part of the configuration
	}
	vw := w.views[side]
	if vw == nil {
		vw = newViewWriter(w.e, w.e.cls, tokens, w.resType, w.ps, w.addrLen)
		w.views[side] = vw
	}
	base := len(vw.arena)
	parts := vw.sortedElements(list, node)
	sorted := make([]byte, 0, len(vw.arena)-base+1)
	sorted = append(sorted, '[')
	for _, p := range parts {
		out[p.i] = string(vw.arena[p.start:p.end])
		sorted = append(sorted, out[p.i]...)
	}
	vw.arena = vw.arena[:base]
	if !vw.cls.indexRules {
		if vw.keys == nil {
			vw.keys = map[viewKey]string{}
		}
		vw.keys[viewKey{list.c, node}] = digestKey(sorted)
	}
	return out
}

func (w *walker) setsEqual(sv, pv Value) bool {
	if len(sv.list()) != len(pv.list()) {
		return false
	}
	count := map[string]int{}
	for _, it := range sv.list() {
		count[string(CanonicalJSON(replaceTokens(it, w.e.stagingTokens)))]++
	}
	for _, it := range pv.list() {
		k := string(CanonicalJSON(replaceTokens(it, w.e.productionTokens)))
		if count[k] == 0 {
			return false
		}
		count[k]--
	}
	return true
}

// replaceTokens returns v with environment tokens replaced in every string.
func replaceTokens(v Value, r *tokenReplacer) Value {
	switch v.kind {
	case KindString:
		v.text = r.Replace(v.text)
	case KindList, KindSet, KindObject:
		items := make([]Value, len(v.list()))
		for i, it := range v.list() {
			items[i] = replaceTokens(it, r)
		}
		v = v.withItems(items)
	}
	return v
}

func (w *walker) compareDigest(sv, pv Value, cls classification) {
	if sv.IsNull() && pv.IsNull() {
		return
	}
	if sv.kind == KindUnknown || pv.kind == KindUnknown {
		w.add(Finding{Kind: FindingUnknown, Rule: cls.rule, Sensitive: true,
			Message: fmt.Sprintf("%s is not known until apply; it is checked again then.", w.path())}, sv.MarkSensitive(), pv.MarkSensitive())
		return
	}
	if secretDigest(sv) == secretDigest(pv) {
		return
	}
	w.add(Finding{Kind: FindingConfigDrift, Rule: cls.rule, Sensitive: true,
		Message: fmt.Sprintf("%s differs between staging and production (compared by digest; the values are secret and not shown).", w.path())},
		sv.MarkSensitive(), pv.MarkSensitive())
}

func secretDigest(v Value) [32]byte {
	return sha256.Sum256(CanonicalJSON(v))
}

func (w *walker) drift(sv, pv Value, cls classification, _ string) {
	path := w.path()
	sd, pd := displayValue(sv), displayValue(pv)
	var msg string
	switch {
	case sv.IsNull():
		msg = fmt.Sprintf("%s is set in production (%s) but not in staging.", path, pd)
	case pv.IsNull():
		msg = fmt.Sprintf("%s is set in staging (%s) but not in production.", path, sd)
	case sv.kind == KindString && pv.kind == KindString && sv.text == pv.text:
		msg = fmt.Sprintf("%s is %s in both environments, but in staging it names production: staging should refer to its own environment.", path, sd)
	default:
		msg = fmt.Sprintf("%s differs: staging has %s, production has %s.", path, sd, pd)
	}
	rule := cls.rule
	if rule == "" {
		rule = "config (default: every setting that is not a size must match)"
	}
	w.add(Finding{Kind: FindingConfigDrift, Rule: rule, Message: msg}, sv, pv)
}

// compareSize checks staging = production × ratio on the ladder both values
// belong to.
func (w *walker) compareSize(sv, pv Value, cls classification, path string) {
	rule := cls.size
	if rule == nil {
		rule = &SizeRule{}
	}
	ratioF := w.e.ratioF
	if rule.Ratio > 0 {
		ratioF = rule.Ratio
	}
	sText, pText := sizeText(sv), sizeText(pv)
	key := sizeKey{sText, pText, ratioF, rule.Rounding, rule.Minimum}
	out, cached := w.e.sizeCache[key]
	if !cached {
		out.notSize = sizes.Detect(sText) == "" && sizes.Detect(pText) == ""
		if !out.notSize {
			out.ok, out.res, out.err = sizes.Check(sText, pText, sizes.RatioFromFloat(ratioF), sizes.Rounding(rule.Rounding), rule.Minimum)
		}
		w.e.sizeCache[key] = out
	}
	if out.notSize {
		// Not a size of any ladder ("Standard_LRS" in a `sku`, say): the
		// values must simply be equal.
		if !w.leavesEqual(sv, pv) {
			w.drift(sv, pv, cls, "")
		}
		return
	}
	ok, res, err := out.ok, out.res, out.err
	var fe *sizes.FamilyError
	switch {
	case errors.As(err, &fe):
		w.add(Finding{Kind: FindingSizeFamily, Path: path, Rule: cls.rule,
			Message: fmt.Sprintf("%s changes family: %s. Only the size may differ between environments.", path, err.Error())}, sv, pv)
	case err != nil:
		if !w.leavesEqual(sv, pv) {
			w.add(Finding{Kind: FindingConfigDrift, Path: path, Rule: cls.rule,
				Message: fmt.Sprintf("%s differs: staging has %s, production has %s (%s).", path, displayValue(sv), displayValue(pv), err.Error())}, sv, pv)
		}
	case !ok:
		f := Finding{Kind: FindingSizeRatio, Path: path, Rule: cls.rule, Expected: res.Expected, Arithmetic: res.Arithmetic}
		want := res.Expected
		if len(res.Accepted) > 1 {
			f.Accepted = res.Accepted
			want = strings.Join(res.Accepted, " or ")
		}
		f.Message = fmt.Sprintf("%s is %s in staging; %s, so staging should be %s.", path, sText, res.Arithmetic, want)
		w.add(f, sv, pv)
	}
}

func sizeText(v Value) string {
	if v.kind == KindNumber {
		return NormalizeNumber(v.text)
	}
	return v.text
}

// add fills a finding's common fields and masks secret values.
func (w *walker) add(f Finding, sv, pv Value) {
	f.Address = w.address
	f.StagingAddress = w.stagingAddress
	f.ProductionAddress = w.productionAddress
	f.ResourceType = w.resType
	if f.Path == "" {
		f.Path = w.path()
	}
	if f.Sensitive || sv.ContainsSensitive() || pv.ContainsSensitive() {
		f.Sensitive = true
	}
	if f.Sensitive {
		f.Staging, f.Production = maskedDisplay(sv), maskedDisplay(pv)
	} else {
		f.Staging, f.Production = displayValue(sv), displayValue(pv)
	}
	f.Location = w.location
	if steps := w.ps.steps[w.addrLen:]; len(steps) > 0 && w.attrLocations != nil {
		if loc, ok := w.attrLocations[steps[0].name]; ok {
			f.Location = &loc
		}
	}
	w.rep.Findings = append(w.rep.Findings, f)
}

func maskedDisplay(v Value) string {
	if v.IsNull() {
		return ""
	}
	if v.kind == KindUnknown {
		return "(unknown)"
	}
	return SensitiveMask
}

// displayValue renders a value for people: strings as they are, other
// values as compact JSON, secrets masked, unknown as (unknown), absent as "".
func displayValue(v Value) string {
	switch v.kind {
	case KindNull:
		return ""
	case KindUnknown:
		return "(unknown)"
	case KindString:
		if v.sensitive {
			return SensitiveMask
		}
		return v.text
	}
	var buf bytes.Buffer
	writeDisplay(&buf, v)
	s := buf.String()
	const limit = 512
	if len(s) > limit {
		s = s[:limit] + "…"
	}
	return s
}

// writeDisplay writes JSON with sensitive values and secret-named fields
// masked.
func writeDisplay(buf *bytes.Buffer, v Value) {
	if v.sensitive {
		writeCanonicalString(buf, SensitiveMask)
		return
	}
	switch v.kind {
	case KindList, KindSet:
		buf.WriteByte('[')
		for i, it := range v.list() {
			if i > 0 {
				buf.WriteByte(',')
			}
			writeDisplay(buf, it)
		}
		buf.WriteByte(']')
	case KindObject:
		buf.WriteByte('{')
		for i, k := range v.names() {
			if i > 0 {
				buf.WriteByte(',')
			}
			writeCanonicalString(buf, k)
			buf.WriteByte(':')
			if IsSecretName(k) && !v.list()[i].IsNull() {
				writeCanonicalString(buf, SensitiveMask)
				continue
			}
			writeDisplay(buf, v.list()[i])
		}
		buf.WriteByte('}')
	case KindUnknown:
		buf.WriteString(`"(unknown)"`)
	default:
		writeCanonical(buf, v)
	}
}
