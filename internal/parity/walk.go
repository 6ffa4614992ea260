package parity

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/envparity/terraform-provider-parity/internal/sizes"
)

// ladderTypes names the values of each typed ladder for rule names.
var ladderTypes = map[string]string{
	sizes.LadderAWS:   "AWS instance types",
	sizes.LadderGCP:   "GCP machine types",
	sizes.LadderAzure: "Azure VM sizes",
}

// awsManaged reports whether v is an ARN of something AWS manages (account
// "aws"), or a non-empty list of only such ARNs.
func awsManaged(v Value) bool {
	switch v.kind {
	case KindString:
		return isAWSManagedARN(v.text)
	case KindList, KindSet:
		if len(v.list()) == 0 {
			return false
		}
		for _, it := range v.list() {
			if it.kind != KindString || !isAWSManagedARN(it.text) {
				return false
			}
		}
		return true
	}
	return false
}

var awsManagedARN = regexp.MustCompile(`^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:aws:`)

// isAWSManagedARN matches awsManagedARN; the prefix test spares the
// pattern every string that is no ARN.
func isAWSManagedARN(s string) bool {
	return strings.HasPrefix(s, "arn:aws") && awsManagedARN.MatchString(s)
}

// holdsSecretValue reports whether a value under a secret's name can hold a
// secret: a string or number, or a list of them. Bools, and objects (blocks
// whose attributes carry their own names), cannot.
func holdsSecretValue(v Value) bool {
	switch v.kind {
	case KindString, KindNumber, KindUnknown:
		return true
	case KindList, KindSet:
		for _, it := range v.list() {
			if holdsSecretValue(it) {
				return true
			}
		}
	}
	return false
}

// isContainer reports whether v is an object, a list or a set.
func isContainer(v Value) bool {
	return v.kind == KindObject || v.kind == KindList || v.kind == KindSet
}

// defaultConfigRule names the rule of paths no rule classifies.
const defaultConfigRule = "config (default: every setting that is not a size must match)"

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
	subject           []step // address steps, then the path
	addrLen           int
	// The whole resources, and whether each names its own environment
	// (0 not yet known, 1 yes, 2 no).
	stagingValues, productionValues Value
	stagingSelf, productionSelf     uint8
	// inDocument counts the JSON documents inside values being compared.
	inDocument int
	// names holds, for each step of the path, the last attribute name up to
	// it, so that the name of the current path costs nothing at any depth.
	names []string
	// generatedKeys are the natural keys of lists being walked whose values
	// are generated names (see compareLists): the attribute name and the
	// length of the path at it.
	generatedKeys []generatedKey
	// pairSecret is, while the fields of an object are walked, the secret
	// name of the name/value pair the object is, if any (pairedSecretName).
	pairSecret string
}

type generatedKey struct {
	depth int
	name  string
}

// push adds a step to the current path; pop removes it.
func (w *walker) push(st step) {
	w.subject = append(w.subject, st)
	name := st.name
	if st.index {
		name = ""
		if len(w.names) > 0 {
			name = w.names[len(w.names)-1]
		}
	}
	w.names = append(w.names, name)
}

func (w *walker) pop() {
	w.subject = w.subject[:len(w.subject)-1]
	w.names = w.names[:len(w.names)-1]
}

func (e *engine) newWalker(si, pi *instance, rep *Report) *walker {
	w := &walker{
		e: e, rep: rep, resType: pi.res.Type, address: si.key,
		stagingAddress: si.res.Address, productionAddress: pi.res.Address,
		location: si.res.Location, attrLocations: si.res.AttributeLocations,
		stagingValues: si.res.Values, productionValues: pi.res.Values,
	}
	w.subject = make([]step, len(si.steps), len(si.steps)+16)
	copy(w.subject, si.steps)
	w.addrLen = len(si.steps)
	return w
}

func (w *walker) path() string { return reportPath(w.subject[w.addrLen:]) }

// walkChildren compares the fields of two objects or the elements of two
// lists. inherited is the class of an enclosing size or secret node.
func (w *walker) walkChildren(sv, pv Value, node *classNode, inherited *classification) {
	// Conditions of rules are evaluated on production's object, which
	// decides the expected sizes; staging's when production has none.
	ctr := pv
	if ctr.kind != KindObject {
		ctr = sv
	}
	defer func(saved string) { w.pairSecret = saved }(w.pairSecret)
	w.pairSecret = ""
	for _, side := range []Value{sv, pv} {
		if name, ok := pairSecretOf(side); ok {
			w.pairSecret = name
			break
		}
	}
	switch {
	case sv.kind == KindObject && pv.kind == KindObject:
		skip, swapped := w.oneOfSwap(sv, pv, node, inherited, ctr)
		visits := func(name string) bool { return !swapped || (name != skip[0] && name != skip[1]) }
		paired := w.e.pairEnvKeys(sv, pv)
		i, j := 0, 0
		for i < len(sv.names()) || j < len(pv.names()) {
			switch {
			case j >= len(pv.names()) || (i < len(sv.names()) && sv.names()[i] < pv.names()[j]):
				if pk, ok := paired.production[sv.names()[i]]; ok {
					// The same key in each environment's words
					// (tag:app-staging against tag:app-production).
					pval, _ := pv.Get(pk)
					w.visit(step{name: pk}, sv.list()[i], pval, node, inherited, ctr)
				} else if visits(sv.names()[i]) {
					w.visit(step{name: sv.names()[i]}, sv.list()[i], Null(), node, inherited, ctr)
				}
				i++
			case i >= len(sv.names()) || pv.names()[j] < sv.names()[i]:
				if paired.paired[pv.names()[j]] {
					j++
					continue
				}
				if visits(pv.names()[j]) {
					w.visit(step{name: pv.names()[j]}, Null(), pv.list()[j], node, inherited, ctr)
				}
				j++
			default:
				if visits(sv.names()[i]) {
					w.visit(step{name: sv.names()[i]}, sv.list()[i], pv.list()[j], node, inherited, ctr)
				}
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
			w.visit(indexStep(i), s, p, node, inherited, ctr)
		}
	}
}

// oneOfSwap recognises a block that holds one of several nested blocks
// (a WAF rule's action: allow, block, count or captcha; a secret's
// replication: auto or user_managed) where staging chose one and production
// another. Read field by field that is two findings, "count is in staging
// but not in production" and "block is in production but not in staging",
// for one change; it is reported once, at the enclosing block, and the
// names of the two fields are returned so that the caller skips them. Only
// nested blocks qualify (a scalar set on one side and another scalar on the
// other are two settings), only when no other field appears or disappears,
// and only where both fields are configuration.
func (w *walker) oneOfSwap(sv, pv Value, node *classNode, inherited *classification, ctr Value) ([2]string, bool) {
	var none [2]string
	if inherited != nil || len(w.subject) <= w.addrLen {
		return none, false
	}
	// Both objects' names are sorted: one merge pass sees each name once
	// with its field on either side (a map of names seen and a search per
	// name cost more than the walk itself). A repeated name keeps its
	// first field, as Get finds it.
	nonEmptyBlock := func(f Value) bool {
		switch f.kind {
		case KindList, KindSet, KindObject:
			return len(f.list()) > 0
		}
		return false
	}
	blockOrNull := func(f Value) bool {
		switch f.kind {
		case KindNull, KindList, KindSet, KindObject:
			return true
		}
		return false
	}
	var onlyS, onlyP []string
	sNames, pNames := sv.names(), pv.names()
	i, j := 0, 0
	for i < len(sNames) || j < len(pNames) {
		var name string
		var sf, pf Value
		hasS, hasP := false, false
		switch {
		case j >= len(pNames) || (i < len(sNames) && sNames[i] < pNames[j]):
			name, sf, hasS = sNames[i], sv.list()[i], true
		case i >= len(sNames) || pNames[j] < sNames[i]:
			name, pf, hasP = pNames[j], pv.list()[j], true
		default:
			name, sf, pf, hasS, hasP = sNames[i], sv.list()[i], pv.list()[j], true, true
		}
		if hasS {
			for i++; i < len(sNames) && sNames[i] == name; i++ {
			}
		}
		if hasP {
			for j++; j < len(pNames) && pNames[j] == name; j++ {
			}
		}
		inS, inP := hasS && nonEmptyBlock(sf), hasP && nonEmptyBlock(pf)
		switch {
		case inS && !inP:
			if hasP && !blockOrNull(pf) {
				return none, false
			}
			onlyS = append(onlyS, name)
		case inP && !inS:
			if hasS && !blockOrNull(sf) {
				return none, false
			}
			onlyP = append(onlyP, name)
		}
	}
	if len(onlyS) != 1 || len(onlyP) != 1 {
		return none, false
	}
	for _, name := range []string{onlyS[0], onlyP[0]} {
		w.push(step{name: name})
		cls, _ := w.e.cls.classify(w.resType, w.subject, w.addrLen, node, ctr)
		w.pop()
		if cls.kind != clsConfig {
			return none, false
		}
	}
	w.add(Finding{Kind: FindingConfigDrift, Rule: defaultConfigRule,
		Message: w.e.sayf("%s differs: staging sets %s, production sets %s.", w.subjectName(), onlyS[0], onlyP[0])},
		String(onlyS[0]), String(onlyP[0]))
	return [2]string{onlyS[0], onlyP[0]}, true
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
func (w *walker) visit(st step, sv, pv Value, parent *classNode, inherited *classification, ctr Value) {
	w.push(st)
	defer w.pop()
	for _, g := range w.generatedKeys {
		if g.depth == len(w.subject) && g.name == st.name {
			// Each environment's own generated name.
			return
		}
	}

	var cls classification
	var node *classNode
	if inherited != nil {
		cls = *inherited
	} else {
		cls, node = w.e.cls.classify(w.resType, w.subject, w.addrLen, parent, ctr)
	}
	if cls.count && (isContainer(sv) || isContainer(pv)) {
		cls = defaultConfig
	}
	if w.pairSecret != "" && cls.kind == clsConfig && !cls.userRule && !st.index && isPairValueField(st.name) {
		// The value of a pair named like a secret ({name = "DB_PASSWORD",
		// value = …}).
		cls = classification{kind: clsSecret, rule: fmt.Sprintf("secret: the value of %q (built-in)", w.pairSecret)}
	}
	switch cls.kind {
	case clsIgnore:
		if cls.userRule && (!sv.IsNull() || !pv.IsNull()) {
			w.rep.Ignored = append(w.rep.Ignored, Ignored{Address: w.address, Path: w.path(), Rule: cls.rule, Reason: cls.reason})
		}
		return
	case clsIdentity:
		if strings.HasPrefix(cls.rule, "reference ") && emptyRef(sv) != emptyRef(pv) && sv.kind != KindUnknown && pv.kind != KindUnknown {
			// A reference set on one side only: which resource it names
			// is each environment's own, whether it names one is not
			// (kms_key_arn "" against a key: staging is not encrypted
			// with a customer-managed key).
			w.drift(sv, pv, classification{kind: clsConfig, rule: "config (a reference set in one environment only)"}, "")
			return
		}
		if !(strings.HasPrefix(cls.rule, "reference ") && awsManaged(sv) && awsManaged(pv)) {
			return
		}
		// ARNs of what AWS manages (arn:aws:iam::aws:policy/…) are the
		// same in every account: which one is configuration.
		cls = classification{kind: clsConfig, rule: "config (AWS-managed ARNs are the same in every account)"}
	case clsSecret:
		if !holdsSecretValue(sv) && !holdsSecretValue(pv) {
			// A switch or a block under a secret's name (pass_credentials,
			// an oidc_token block) holds no secret itself.
			cls = classification{kind: clsConfig, rule: "config (no secret value under a secret's name)"}
			break
		}
		if sv.IsNull() != pv.IsNull() && !sv.IsComputed() && !pv.IsComputed() && sv.kind != KindUnknown && pv.kind != KindUnknown {
			// Each environment keeps its own secret, but whether there is
			// one is configuration: a token one environment passes in a
			// plain variable and the other in a secure one, a password
			// only one of them sets. Reported without either value.
			side := "staging"
			if sv.IsNull() {
				side = "production"
			}
			w.add(Finding{Kind: FindingConfigDrift, Rule: "config (a secret set in one environment only)", Sensitive: true,
				Message: w.e.sayf("%s is a secret set in %s only; its value is not shown.", w.subjectName(), side)}, sv, pv)
			return
		}
		w.secretNotCompared(SecretByName, sv, pv)
		return
	case clsSecretDigest:
		w.compareDigest(sv, pv, cls)
		return
	}
	if src := w.valueSecret(sv, pv); src != NotSecret && !(cls.userRule && cls.kind == clsConfig) && !w.documentsWithSecrets(src, sv, pv, cls) {
		// Each environment keeps its own secrets: not compared unless a
		// secret rule opts in (handled above) or a config rule forces it
		// (the values are still masked).
		w.secretNotCompared(src, sv, pv)
		return
	}
	sNull, pNull := sv.kind == KindNull, pv.kind == KindNull
	if sNull && pNull {
		return
	}
	if sv.IsComputed() || pv.IsComputed() {
		// Computed by the provider at apply: identity, not configuration.
		return
	}
	if sv.kind == KindUnknown || pv.kind == KindUnknown {
		w.add(Finding{Kind: FindingUnknown, Rule: cls.rule,
			Message: fmt.Sprintf("%s is not known until apply; it is checked again then.", w.subjectName())}, sv, pv)
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
	if cls.kind == clsConfig && cls.rule == "" && (sv.kind == KindNumber || sv.kind == KindString) && (pv.kind == KindNumber || pv.kind == KindString) &&
		isRecordedCount(w.lastName(), sv.text) && isRecordedCount(w.lastName(), pv.text) {
		return
	}
	if cls.kind == clsConfig && cls.rule == "" && numberLike(sv) && numberLike(pv) && w.e.cls.capacityName(w.lastName()) && !w.leavesEqual(sv, pv) {
		w.compareSize(sv, pv, classification{kind: clsSize,
			rule: fmt.Sprintf("size by name (%s is an amount of processors, memory or storage)", w.lastName())}, w.path())
		return
	}
	if cls.kind == clsConfig && sv.kind == KindString && pv.kind == KindString && sv.text != pv.text {
		if w.inDocument == 0 {
			if sd, ok := w.e.cls.document(sv.text); ok {
				if pd, ok := w.e.cls.document(pv.text); ok {
					w.compareDocuments(sd, pd)
					return
				}
			}
		}
		if cls.rule == "" && isRecordedTime(w.lastName(), sv.text) && isRecordedTime(w.lastName(), pv.text) {
			return
		}
		if cls.rule == "" && !w.leavesEqual(sv, pv) {
			if sl, _, ok := sizes.DetectTyped(sv.text); ok {
				if pl, _, ok := sizes.DetectTyped(pv.text); ok && sl == pl {
					// Two types of a known ladder: whatever the attribute is
					// called, it is a size ("database_instance").
					w.compareSize(sv, pv, classification{kind: clsSize,
						rule: fmt.Sprintf("size by value (both values are %s)", ladderTypes[sl])}, w.path())
					return
				}
			}
		}
		if cls.rule == "" && !w.leavesEqual(sv, pv) && w.e.cls.specName(w.lastName()) {
			if o := compareSpec(sv.text, pv.text, w.e.ratioF); o.matched {
				w.compareSpecSize(sv, pv, o, classification{kind: clsSize,
					rule: fmt.Sprintf("size spelled in words (%s names a size, and the values differ only in capacities)", w.lastName())}, w.e.ratioF)
				return
			}
		}
	}
	switch {
	case sv.kind == KindObject && pv.kind == KindObject:
		w.walkChildren(sv, pv, node, inherited)
	case sv.kind == KindList && pv.kind == KindList:
		w.compareLists(markFlagArguments(sv), markFlagArguments(pv), node, inherited, cls)
	case sv.kind == KindSet && pv.kind == KindSet:
		w.compareUnordered(sv, pv, w.elementViews(sv, node, inherited, w.e.sRefs), w.elementViews(pv, node, inherited, w.e.pRefs), node, inherited, cls)
	case isLeaf(sv) && isLeaf(pv) && !sNull && !pNull:
		if !w.leavesEqual(sv, pv) {
			w.drift(sv, pv, cls, "")
		}
	default:
		w.drift(sv, pv, cls, "")
	}
}

// emptyRef reports whether a reference attribute names nothing: null, an
// empty string or an empty list.
func emptyRef(v Value) bool {
	switch v.kind {
	case KindNull:
		return true
	case KindString:
		return v.text == ""
	case KindList, KindSet:
		return len(v.list()) == 0
	}
	return false
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
		if sv.text == pv.text {
			return !w.namesOtherEnvironment(sv.text)
		}
		if w.e.norm.normalize(sv.text) == w.e.norm.normalize(pv.text) {
			return true
		}
		// Identities of other resources of each side (see references.go).
		return w.e.sNorm.normalize(sv.text) == w.e.pNorm.normalize(pv.text)
	case sv.kind == KindNumber && pv.kind == KindNumber:
		return NumbersEqual(sv.text, pv.text)
	case sv.kind == KindBool && pv.kind == KindBool:
		return sv.text == pv.text
	case sv.kind == KindNumber && pv.kind == KindString:
		return IsNumberText(pv.text) && NumbersEqual(sv.text, pv.text)
	case sv.kind == KindString && pv.kind == KindNumber:
		return IsNumberText(sv.text) && NumbersEqual(sv.text, pv.text)
	}
	return false
}

// namesOtherEnvironment reports whether a value both environments share
// names one of them in a resource whose staging side otherwise names itself
// ("assets-prod" in a staging resource called "web-staging"): staging
// pointing at production, or the reverse. A value that is an environment
// word alone in capitals ("PRODUCTION") is an enumeration, such as Bigtable's
// instance_type, not a name; and a document compared with itself names no
// other environment.
func (w *walker) namesOtherEnvironment(text string) bool {
	if text == "" || w.e.bothTokens.ReplaceWords(text) == text {
		return false
	}
	if isEnumWord(text) {
		return false
	}
	if w.e.productionTokens.ReplaceWords(text) != text {
		return w.stagingNamesItself()
	}
	return w.productionNamesItself()
}

func isEnumWord(text string) bool {
	for _, r := range text {
		if !(r >= 'A' && r <= 'Z' || r == '_') {
			return false
		}
	}
	return true
}

// stagingNamesItself reports whether the staging resource carries a staging
// token in its address or any string value; computed once per resource.
func (w *walker) stagingNamesItself() bool {
	if w.stagingSelf == 0 {
		w.stagingSelf = 2
		if namesEnvironment(w.stagingAddress, w.stagingValues, w.e.stagingTokens) {
			w.stagingSelf = 1
		}
	}
	return w.stagingSelf == 1
}

func (w *walker) productionNamesItself() bool {
	if w.productionSelf == 0 {
		w.productionSelf = 2
		if namesEnvironment(w.productionAddress, w.productionValues, w.e.productionTokens) {
			w.productionSelf = 1
		}
	}
	return w.productionSelf == 1
}

func namesEnvironment(address string, v Value, tokens *tokenReplacer) bool {
	if tokens.ReplaceWords(address) != address {
		return true
	}
	var walk func(v Value) bool
	walk = func(v Value) bool {
		switch v.kind {
		case KindString:
			return tokens.ReplaceWords(v.text) != v.text
		case KindList, KindSet, KindObject:
			for i, it := range v.list() {
				if v.kind == KindObject && tokens.ReplaceWords(v.names()[i]) != v.names()[i] {
					return true
				}
				if walk(it) {
					return true
				}
			}
		}
		return false
	}
	return walk(v)
}

// elementViews returns the view digest of each element of a list: equal
// digests mean equal configuration. The digests of containers are
// remembered per side for the whole comparison, so nested lists cost their
// size once.
func (w *walker) elementViews(list Value, node *classNode, inherited *classification, refs *sideRefs) []string {
	memo, norm := w.e.pMemo, w.e.pNorm
	if refs == w.e.sRefs {
		memo, norm = w.e.sMemo, w.e.sNorm
	}
	vw := &viewWriter{e: w.e, cls: w.e.cls, tokens: w.e.bothTokens, refs: refs, norm: norm, resType: w.resType, addrLen: w.addrLen,
		digests: true, memo: memo, inDocument: w.inDocument}
	// The writer's path extends the walker's: it shares the walker's
	// slices and only ever appends past their length, which the walker
	// does not read (a copy would cost the depth of the path per list).
	vw.subject, vw.names = w.subject, w.names
	out := make([]string, len(list.list()))
	var buf bytes.Buffer
	for i, it := range list.list() {
		buf.Reset()
		vw.push(indexStep(i))
		vw.child(&buf, it, node, inherited, list)
		vw.pop()
		out[i] = buf.String()
	}
	return out
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

// compareDigest compares opted-in secrets by keyed digest; the values are
// masked whatever the outcome.
func (w *walker) compareDigest(sv, pv Value, cls classification) {
	if sv.IsNull() && pv.IsNull() {
		return
	}
	if sv.IsComputed() || pv.IsComputed() {
		// Computed by the provider at apply: identity, not configuration.
		return
	}
	if sv.kind == KindUnknown || pv.kind == KindUnknown {
		w.add(Finding{Kind: FindingUnknown, Rule: cls.rule, Sensitive: true,
			Message: fmt.Sprintf("%s is not known until apply; it is checked again then.", w.subjectName())}, sv.MarkSensitive(), pv.MarkSensitive())
		return
	}
	if hmac.Equal(w.e.secretDigest(sv), w.e.secretDigest(pv)) {
		return
	}
	w.add(Finding{Kind: FindingConfigDrift, Rule: cls.rule, Sensitive: true,
		Message: w.e.sayf("%s differs between staging and production (compared by digest; the values are secret and not shown).", w.subjectName())},
		sv.MarkSensitive(), pv.MarkSensitive())
}

// secretDigest is the HMAC-SHA256 of a value's canonical JSON under the
// comparison's own random key: equal values have equal digests within one
// comparison, and no digest means anything after it.
func (e *engine) secretDigest(v Value) []byte {
	m := hmac.New(sha256.New, e.digestKey[:])
	m.Write(CanonicalJSON(v))
	return m.Sum(nil)
}

func (w *walker) drift(sv, pv Value, cls classification, _ string) {
	subject := w.subjectName()
	secret := w.secretSource(sv, pv) != NotSecret
	sd, pd := w.display(sv, secret), w.display(pv, secret)
	hidden := isMask(sd) || isMask(pd)
	var msg string
	switch {
	case sv.IsNull() && hidden:
		msg = w.e.sayf("%s is set in production but not in staging (%s).", subject, w.hiddenNote(secret))
	case sv.IsNull():
		msg = w.e.sayf("%s is set in production (%s) but not in staging.", subject, pd)
	case pv.IsNull() && hidden:
		msg = w.e.sayf("%s is set in staging but not in production (%s).", subject, w.hiddenNote(secret))
	case pv.IsNull():
		msg = w.e.sayf("%s is set in staging (%s) but not in production.", subject, sd)
	case sv.kind == KindString && pv.kind == KindString && sv.text == pv.text && hidden:
		if w.e.productionTokens.ReplaceWords(sv.text) != sv.text {
			msg = w.e.sayf("%s is the same in both environments, but in staging it names production: staging should refer to its own environment (%s).", subject, w.hiddenNote(secret))
		} else {
			msg = w.e.sayf("%s is the same in both environments, but in production it names staging: production should refer to its own environment (%s).", subject, w.hiddenNote(secret))
		}
	case sv.kind == KindString && pv.kind == KindString && sv.text == pv.text:
		if w.e.productionTokens.ReplaceWords(sv.text) != sv.text {
			msg = w.e.sayf("%s is %s in both environments, but in staging it names production: staging should refer to its own environment.", subject, sd)
		} else {
			msg = w.e.sayf("%s is %s in both environments, but in production it names staging: production should refer to its own environment.", subject, sd)
		}
	case hidden && sv.kind != pv.kind:
		msg = w.e.sayf("%s differs: staging has %s, production has %s (%s).", subject, kindPhrase(sv), kindPhrase(pv), w.hiddenNote(secret))
	case hidden:
		msg = w.e.sayf("%s differs between staging and production (%s).", subject, w.hiddenNote(secret))
	default:
		msg = w.e.sayf("%s differs: staging has %s, production has %s.", subject, sd, pd)
	}
	rule := cls.rule
	if rule == "" {
		rule = defaultConfigRule
	}
	f := Finding{Kind: FindingConfigDrift, Rule: rule, Message: msg, Sensitive: secret}
	if !secret && !hidden && !cls.userRule && sv.kind == KindNumber && pv.kind == KindNumber {
		// A number is a size only when a rule says so; a capacity-like
		// number that differs gets a hint with the ratio it would need.
		f.FittingRatio = numberFittingRatio(sv.text, pv.text, w.e.ratioF)
	}
	w.add(f, sv, pv)
}

// numberFittingRatio returns, for two positive numbers, the simple ratio
// at which staging's number is production's scaled (the comparison's own
// ratio first), or "".
func numberFittingRatio(staging, production string, current float64) string {
	s, err1 := strconv.ParseFloat(staging, 64)
	p, err2 := strconv.ParseFloat(production, 64)
	if err1 != nil || err2 != nil || s <= 0 || p <= 0 {
		return ""
	}
	if ok, _, err := sizes.Check(staging, production, sizes.RatioFromFloat(current), "", ""); err == nil && ok {
		return strconv.FormatFloat(current, 'g', -1, 64)
	}
	return fittingRatio(staging, production, current, "", "")
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
	if sText == pText && !cls.userRule && isHighAvailabilityCount(sText) && (cls.count || isInstanceCountName(lastStepName(path))) {
		// One to three instances are kept for availability, not for
		// capacity: a staging that keeps production's two nodes tests
		// failover like production. Larger equal counts follow the ratio.
		return
	}
	minimum := rule.Minimum
	if minimum != "" && w.e.belowMinimum(pText, minimum) {
		// Production itself is below the floor: the floor does not apply
		// here (a container's cpu of 0 under a task's 256).
		minimum = ""
	}
	key := sizeKey{sText, pText, ratioF, rule.Rounding, minimum}
	out, cached := w.e.sizeCache.get(key)
	if !cached {
		out.notSize = sizes.Detect(sText) == "" && sizes.Detect(pText) == ""
		if !out.notSize {
			out.ok, out.res, out.err = sizes.Check(sText, pText, sizes.RatioFromFloat(ratioF), sizes.Rounding(rule.Rounding), minimum)
		}
		w.e.sizeCache.put(key, out)
	}
	if out.notSize {
		// Not a size of any ladder ("Standard_LRS" in a `sku`, say): the
		// values must simply be equal, unless they spell one size in a
		// provider's words (see specsize.go).
		if sv.kind == KindString && pv.kind == KindString && !w.leavesEqual(sv, pv) {
			if o := compareSpec(sText, pText, ratioF); o.matched {
				w.compareSpecSize(sv, pv, o, cls, ratioF)
				return
			}
		}
		if !w.leavesEqual(sv, pv) {
			w.drift(sv, pv, cls, "")
		}
		return
	}
	ok, res, err := out.ok, out.res, out.err
	var fe *sizes.FamilyError
	switch {
	case errors.As(err, &fe):
		msg := fmt.Sprintf("%s changes family: %s. Only the size may differ between environments.", path, err.Error())
		if w.hidesSizes(sv, pv) {
			msg = w.e.sayf("%s changes size family between staging and production (%s). Only the size may differ between environments.", path, w.hiddenNote(false))
		}
		w.add(Finding{Kind: FindingSizeFamily, Path: path, Rule: cls.rule, Message: msg}, sv, pv)
	case err != nil:
		if !w.leavesEqual(sv, pv) {
			sd, pd := w.display(sv, false), w.display(pv, false)
			msg := w.e.sayf("%s differs: staging has %s, production has %s (%s).", path, sd, pd, err.Error())
			if w.hidesSizes(sv, pv) || isMask(sd) || isMask(pd) {
				// The error quotes the values.
				msg = w.e.sayf("%s differs between staging and production, and the values are not sizes of one ladder (%s).", path, w.hiddenNote(false))
			}
			w.add(Finding{Kind: FindingConfigDrift, Path: path, Rule: cls.rule, Message: msg}, sv, pv)
		}
	case !ok:
		f := Finding{Kind: FindingSizeRatio, Path: path, Rule: cls.rule, Expected: res.Expected, Arithmetic: res.Arithmetic}
		want := res.Expected
		if len(res.Accepted) > 1 {
			f.Accepted = res.Accepted
			want = strings.Join(res.Accepted, " or ")
		}
		f.Message = w.e.sayf("%s is %s in staging; %s, so staging should be %s.", path, sText, res.Arithmetic, want)
		if w.hidesSizes(sv, pv) {
			f.Message = w.e.sayf("%s does not follow the ratio: staging should be %s (%s).", path, want, w.hiddenNote(false))
		} else {
			// Hidden sizes get no fitting ratio: it would tell staging's
			// size from the expected one. The hint's rule has no rounding
			// or minimum of its own, so the ratio must fit without them.
			if out.fit == nil {
				fit := fittingRatio(sText, pText, ratioF, "", "")
				out.fit = &fit
				w.e.sizeCache.put(key, out)
			}
			f.FittingRatio = *out.fit
		}
		w.add(f, sv, pv)
	}
}

// documentsWithSecrets reports whether two values that look secret are
// documents (JSON, YAML) that hold a secret among other settings, such as
// Helm values with an SMTP URL and its password: they are compared leaf by
// leaf, each secret leaf masked and not compared, instead of not at all.
func (w *walker) documentsWithSecrets(src SecretSource, sv, pv Value, cls classification) bool {
	if src != SecretByLook || cls.kind != clsConfig || w.inDocument > 0 || sv.kind != KindString || pv.kind != KindString ||
		sv.sensitive || pv.sensitive {
		return false
	}
	_, ok1 := w.e.cls.document(sv.text)
	_, ok2 := w.e.cls.document(pv.text)
	return ok1 && ok2
}

// compareSpecSize reports a size spelled in a provider's words that is off
// the ratio; one at the ratio is parity.
func (w *walker) compareSpecSize(sv, pv Value, o specOutcome, cls classification, ratio float64) {
	if o.fits {
		return
	}
	path := w.path()
	f := Finding{Kind: FindingSizeRatio, Path: path, Rule: cls.rule, Expected: o.expected,
		Arithmetic: fmt.Sprintf("%s × %s = %s", pv.text, strconv.FormatFloat(ratio, 'g', -1, 64), o.expected)}
	f.Message = w.e.sayf("%s is %s in staging; %s, so staging should be %s.", path, sv.text, f.Arithmetic, o.expected)
	if w.hidesSizes(sv, pv) {
		f.Arithmetic = ""
		f.Message = w.e.sayf("%s does not follow the ratio: staging should be %s (%s).", path, o.expected, w.hiddenNote(false))
	}
	w.add(f, sv, pv)
}

// belowMinimum reports whether production is smaller than a floor on the
// same ladder.
func belowMinimum(production, minimum string) bool {
	return sizes.Less(production, minimum)
}

// belowMinimum is belowMinimum remembered (see engine.belowCache).
func (e *engine) belowMinimum(production, minimum string) bool {
	k := [2]string{production, minimum}
	if b, ok := e.belowCache.get(k); ok {
		return b
	}
	return e.belowCache.put(k, belowMinimum(production, minimum))
}

func sizeText(v Value) string {
	if v.kind == KindNumber {
		return NormalizeNumber(v.text)
	}
	return v.text
}

// add fills a finding's common fields and masks the values: secrets (by
// mark, name or look) always, other values as the redaction mode says.
func (w *walker) add(f Finding, sv, pv Value) {
	f.Address = w.address
	f.StagingAddress = w.stagingAddress
	f.ProductionAddress = w.productionAddress
	f.ResourceType = w.resType
	if f.Path == "" {
		f.Path = w.path()
	}
	if !f.Sensitive && w.secretSource(sv, pv) != NotSecret {
		f.Sensitive = true
	}
	f.Staging, f.Production = w.display(sv, f.Sensitive), w.display(pv, f.Sensitive)
	if f.Sensitive {
		// Sizes are derived from the values: none of them is shown.
		f.Expected, f.Accepted, f.Arithmetic, f.FittingRatio = "", nil, "", ""
	} else if w.e.redact == RedactAll {
		// The expected size stays; the arithmetic shows production's.
		f.Arithmetic = ""
	}
	f.Location = w.location
	if steps := w.subject[w.addrLen:]; len(steps) > 0 && w.attrLocations != nil {
		if loc, ok := w.attrLocations[steps[0].name]; ok {
			f.Location = &loc
		}
	}
	w.rep.Findings = append(w.rep.Findings, f)
}
