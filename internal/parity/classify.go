package parity

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// classKind is what a rule or the knowledge base makes of a path.
type classKind uint8

const (
	clsConfig classKind = iota
	clsSize
	clsIgnore
	clsIdentity
	clsSecret       // not compared
	clsSecretDigest // compared by digest, never printed
)

// classification of one path, with the rule that decided it.
type classification struct {
	kind     classKind
	rule     string // e.g. `size "instance_type" (built-in)`; empty for the default
	reason   string
	size     *SizeRule // for clsSize: ratio, rounding and minimum
	userRule bool
	// count marks the built-in size of a name that counts instances
	// (countsInstances): it holds for numbers only, not for a list of the
	// instances themselves (memcache_nodes: their hosts and ports).
	count bool
}

var defaultConfig = classification{kind: clsConfig}

// compiledRule is a rule ready to match: its pattern, what it makes of a
// path, its conditions and its specificity.
type compiledRule struct {
	pat  *Pattern
	cls  classification
	when []Condition
	list *ListRule // for list rules
	// resourceType scopes the rule to one resource type ("" for any).
	resourceType string
	// specificity orders candidates: literal steps of the pattern, one more
	// for a resource type scope and one more for conditions.
	specificity int
	order       int
	// use indexes the classifier's counters of a user rule (see RuleUse).
	use int
}

// classifier decides the class of every path of a resource. User rules
// written at the top level are matched against the resource address followed
// by the path; rules inside resource blocks and the built-in knowledge
// against the path of resources of their type. Built-in results are cached
// in a trie per resource type because states repeat the same paths many
// thousands of times; conditional rules (when = {…}) are kept at the trie
// node and evaluated against the object that holds the path. A classifier
// is used by one goroutine; the compiled built-in rules it points at are
// shared by all of them and never written.
type classifier struct {
	user       []compiledRule
	userByType map[string][]compiledRule
	userLists  []compiledRule            // top-level list rules
	userListsT map[string][]compiledRule // list rules inside resource blocks, by type
	builtin    map[string][]compiledRule // resource type → rules; "" for any
	noBuiltin  bool
	tries      map[string]*classNode
	// tailLen is the number of steps the longest built-in pattern has; a
	// built-in pattern with `**` (there are none today) makes it unbounded.
	tailLen int
	// indexRules is set when a user rule names a literal index (l[0][1]):
	// classification then depends on more than the generic path.
	indexRules bool
	// uses counts what each user rule did, indexed by compiledRule.use.
	uses []ruleCount
	// documents remembers documentValue's answers for text shaped like a
	// document: the hash and the comparison both read each one, and
	// decoding is the dear part. capacityNames and envKeys remember
	// isCapacityName's and envKey's answers by attribute name and key (one
	// tokenReplacer per engine).
	documents     memo[string, documentMemo]
	capacityNames memo[string, bool]
	envKeys       memo[string, string]
	secretKeys    memo[string, bool]
	specNames     memo[string, bool]
}

// specName returns specSizeName(name), remembered by name, and false with
// builtin_rules = false.
func (c *classifier) specName(name string) bool {
	if c.noBuiltin {
		return false
	}
	if v, ok := c.specNames.get(name); ok {
		return v
	}
	return c.specNames.put(name, specSizeName(name))
}

// secretKey reports whether a map key is shaped like a credential (a map
// keyed by access keys or connection strings), remembered by key: the
// hash writes such a key masked, as reports do (reportPath), since a
// published hash over it would let anyone test guesses.
func (c *classifier) secretKey(key string) bool {
	if len(key) < 8 {
		return false
	}
	if v, ok := c.secretKeys.get(key); ok {
		return v
	}
	_, secret := LooksSecret(key)
	return c.secretKeys.put(key, secret)
}

// capacityName returns isCapacityName(name), remembered by name: a state
// has few attribute names and many numbers under them.
// Like the knowledge base, it is off with builtin_rules = false.
func (c *classifier) capacityName(name string) bool {
	if c.noBuiltin {
		return false
	}
	if v, ok := c.capacityNames.get(name); ok {
		return v
	}
	return c.capacityNames.put(name, isCapacityName(name))
}

// envKey returns envKey(tokens, key), remembered by key: the same keys
// recur in every resource of a type.
func (c *classifier) envKey(tokens *tokenReplacer, key string) string {
	if v, ok := c.envKeys.get(key); ok {
		return v
	}
	return c.envKeys.put(key, envKey(tokens, key))
}

type documentMemo struct {
	doc Value
	ok  bool
}

// documentsMax bounds the documents a classifier remembers: parsed
// documents are large.
const documentsMax = 1 << 14

// document returns documentValue(text), remembered by value.
func (c *classifier) document(text string) (Value, bool) {
	if !mayBeDocument(text) {
		return Value{}, false
	}
	if m, ok := c.documents.get(text); ok {
		return m.doc, m.ok
	}
	doc, ok := documentValue(text)
	c.documents.max = documentsMax
	c.documents.put(text, documentMemo{doc, ok})
	return doc, ok
}

// ruleCount is what one user rule did in one classifier's walks.
type ruleCount struct {
	matched, decided int
	// overriddenBy is the use index of a rule that decided a path this one
	// matched, plus one (zero: none).
	overriddenBy int
}

// classNode caches the built-in classification of one generic path (names,
// with "[]" for any index step).
type classNode struct {
	// tail and named are the last steps of the node's generic path (index
	// steps as [0]) and of its name steps: built-in patterns, which have no
	// `**`, need no more, so a node costs the same at any depth.
	tail, named []step
	// last is the last attribute name of the path ("" when none).
	last string
	cls  classification
	// cond are conditional built-in rules more specific than cls, most
	// specific first; the first whose conditions hold decides instead.
	cond []*compiledRule
	// list is the built-in list rule of this path, if any.
	list     *ListRule
	children map[string]*classNode
}

// ruleInfo describes a rule for RuleUse.
type ruleInfo struct {
	kind   string
	name   string
	source *Location
	origin string
}

// compiledKnowledge is the built-in knowledge base compiled: rules by
// resource type ("" for every type), most specific first, and the number of
// steps of its longest pattern (see classifier.tailLen).
type compiledKnowledge struct {
	rules   map[string][]compiledRule
	tailLen int
}

var (
	builtinCompiledOnce sync.Once
	builtinCompiled     compiledKnowledge
	builtinCompiledErr  error
)

// compiledBuiltin compiles the built-in knowledge base once per process.
// Compiling its patterns took most of a small comparison's time (a
// parity_check of a settings object compiled it three times per plan);
// compiled rules are never modified, so every classifier shares them.
func compiledBuiltin() (compiledKnowledge, error) {
	builtinCompiledOnce.Do(func() {
		builtin, err := BuiltinRules()
		if err != nil {
			builtinCompiledErr = err
			return
		}
		out := map[string][]compiledRule{}
		order := 0
		add := func(pattern string, scope Scope, cls classification, list *ListRule, _ ruleInfo) error {
			p, err := CompilePattern(pattern)
			if err != nil {
				return fmt.Errorf("built-in knowledge %q: %w", pattern, err)
			}
			out[scope.ResourceType] = append(out[scope.ResourceType],
				compiledRule{pat: p, cls: cls, when: scope.When, list: list, specificity: specificity(p, scope), order: order, use: -1})
			order++
			return nil
		}
		if err := compileRules(builtin, " (built-in)", add); err != nil {
			builtinCompiledErr = err
			return
		}
		// Most specific first, so that aws_db_instance's own entries win over
		// generic ones and longer patterns over shorter.
		tailLen := 0
		for _, rs := range out {
			sortBySpecificity(rs)
			for _, r := range rs {
				if r.pat.hasAny {
					tailLen = 1 << 30
				} else if n := len(r.pat.steps); n > tailLen {
					tailLen = n
				}
			}
		}
		builtinCompiled = compiledKnowledge{rules: out, tailLen: tailLen}
	})
	return builtinCompiled, builtinCompiledErr
}

func newClassifier(rules Rules) (*classifier, error) {
	c := &classifier{userByType: map[string][]compiledRule{}, userListsT: map[string][]compiledRule{},
		noBuiltin: rules.NoBuiltin, tries: map[string]*classNode{},
		// The name heuristics look at the last two names of a path
		// (describedByParent) even without the knowledge base.
		tailLen: 1}
	order := 0
	add := func(pattern string, scope Scope, cls classification, list *ListRule, _ ruleInfo) error {
		p, err := CompilePattern(pattern)
		if err != nil {
			return err
		}
		cls.userRule = true
		for _, ps := range p.steps {
			if ps.kind == patLiteral && ps.index {
				c.indexRules = true
			}
		}
		r := compiledRule{pat: p, cls: cls, when: scope.When, list: list, resourceType: scope.ResourceType,
			specificity: specificity(p, scope), order: order, use: order}
		order++
		switch {
		case list != nil && scope.ResourceType != "":
			c.userListsT[scope.ResourceType] = append(c.userListsT[scope.ResourceType], r)
		case list != nil:
			c.userLists = append(c.userLists, r)
		case scope.ResourceType != "":
			c.userByType[scope.ResourceType] = append(c.userByType[scope.ResourceType], r)
		default:
			c.user = append(c.user, r)
		}
		return nil
	}
	if err := compileRules(rules, "", add); err != nil {
		return nil, err
	}
	c.uses = make([]ruleCount, order)
	if !rules.NoBuiltin {
		builtin, err := compiledBuiltin()
		if err != nil {
			return nil, err
		}
		c.builtin = builtin.rules
		c.tailLen = max(c.tailLen, builtin.tailLen)
	}
	return c, nil
}

// ruleInfos lists the rules compileRules hands out, in its order (the
// order of classifier.uses).
func ruleInfos(rules Rules) []ruleInfo {
	var out []ruleInfo
	compileRules(rules, "", func(_ string, _ Scope, _ classification, _ *ListRule, info ruleInfo) error {
		out = append(out, info)
		return nil
	})
	return out
}

// compileRules hands every rule of rules to add, with its classification;
// suffix marks the rule names of the built-in knowledge base.
func compileRules(rules Rules, suffix string, add func(pattern string, scope Scope, cls classification, list *ListRule, info ruleInfo) error) error {
	name := func(kind string, pattern string, scope Scope) string {
		return ruleName(kind, pattern, scope) + suffix
	}
	for i := range rules.Ignores {
		r := rules.Ignores[i]
		if strings.TrimSpace(r.Reason) == "" {
			return fmt.Errorf("ignore %q: a reason is required", r.Pattern)
		}
		n := name("ignore", r.Pattern, r.Scope)
		if err := add(r.Pattern, r.Scope, classification{kind: clsIgnore, rule: n, reason: r.Reason}, nil, ruleInfo{"ignore", n, r.Source, r.Origin}); err != nil {
			return err
		}
	}
	for _, r := range rules.Identities {
		n := name("identity", r.Pattern, r.Scope)
		if err := add(r.Pattern, r.Scope, classification{kind: clsIdentity, rule: n, reason: r.Reason}, nil, ruleInfo{"identity", n, r.Source, r.Origin}); err != nil {
			return err
		}
	}
	for _, r := range rules.Configs {
		n := name("config", r.Pattern, r.Scope)
		if err := add(r.Pattern, r.Scope, classification{kind: clsConfig, rule: n}, nil, ruleInfo{"config", n, r.Source, r.Origin}); err != nil {
			return err
		}
	}
	for _, r := range rules.Secrets {
		n := name("secret", r.Pattern, r.Scope)
		if err := add(r.Pattern, r.Scope, classification{kind: clsSecretDigest, rule: n}, nil, ruleInfo{"secret", n, r.Source, r.Origin}); err != nil {
			return err
		}
	}
	for i := range rules.Sizes {
		r := rules.Sizes[i]
		if r.Ratio < 0 {
			return fmt.Errorf("size %q: ratio must be greater than 0, got %g", r.Pattern, r.Ratio)
		}
		n := name("size", r.Pattern, r.Scope)
		if err := add(r.Pattern, r.Scope, classification{kind: clsSize, rule: n, size: &r}, nil, ruleInfo{"size", n, r.Source, r.Origin}); err != nil {
			return err
		}
	}
	for i := range rules.Lists {
		r := rules.Lists[i]
		n := name("list", r.Pattern, r.Scope)
		if err := add(r.Pattern, r.Scope, classification{rule: n}, &r, ruleInfo{"list", n, r.Source, r.Origin}); err != nil {
			return err
		}
	}
	return nil
}

// ruleName names a rule as findings and messages do:
// size "aws_ebs_volume.iops" when {volume_type = "gp3"}.
func ruleName(kind, pattern string, scope Scope) string {
	if scope.ResourceType != "" {
		pattern = scope.ResourceType + "." + pattern
	}
	s := fmt.Sprintf("%s %q", kind, pattern)
	if len(scope.When) > 0 {
		s += " when " + describeConditions(scope.When)
	}
	return s
}

func specificity(p *Pattern, scope Scope) int {
	n := p.literals
	if scope.ResourceType != "" {
		n++
	}
	if len(scope.When) > 0 {
		n++
	}
	return n
}

func sortBySpecificity(rs []compiledRule) {
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].specificity > rs[j].specificity })
}

// describeConditions writes conditions for rule names: {volume_type = "gp3"}.
func describeConditions(cs []Condition) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		vals := make([]string, len(c.Values))
		for j, v := range c.Values {
			vals[j] = string(CanonicalJSON(v))
		}
		if len(vals) == 1 {
			parts[i] = c.Attribute + " = " + vals[0]
		} else {
			parts[i] = c.Attribute + " = [" + strings.Join(vals, ", ") + "]"
		}
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// classify returns the class of the path at the end of subject, whose first
// addrLen steps are the resource address. The trie node of the parent path is
// passed in and the node of this path returned, so a walk costs one map
// lookup per step. container is the object that holds the path's last step,
// against which the conditions of rules are evaluated.
func (c *classifier) classify(resType string, subject []step, addrLen int, parent *classNode, container Value) (classification, *classNode) {
	node := c.childNode(resType, subject, addrLen, parent)
	if u, ok := c.matchUser(resType, subject, addrLen, container, node.last); ok {
		return u, node
	}
	for _, r := range node.cond {
		if conditionsHold(r.when, container) {
			return r.cls, node
		}
	}
	return node.cls, node
}

// matchUser returns the most specific user rule matching subject (the first
// declared on a tie) whose conditions hold, and counts what every user rule
// did: each matching rule matched the path, the best one decided it.
func (c *classifier) matchUser(resType string, subject []step, addrLen int, container Value, last string) (classification, bool) {
	if len(c.user) == 0 && len(c.userByType[resType]) == 0 {
		return classification{}, false
	}
	var best *compiledRule
	var matchedBuf [8]int
	matched := matchedBuf[:0]
	try := func(r *compiledRule, path []step) {
		if r.pat.lastLit != "" && last != r.pat.lastLit {
			return
		}
		if !r.pat.matchSuffix(path) || !conditionsHold(r.when, container) {
			return
		}
		matched = append(matched, r.use)
		if best == nil || r.specificity > best.specificity || r.specificity == best.specificity && r.order < best.order {
			best = r
		}
	}
	for i := range c.user {
		try(&c.user[i], subject)
	}
	if resType != "" {
		scoped := c.userByType[resType]
		for i := range scoped {
			try(&scoped[i], subject[addrLen:])
		}
	}
	if best == nil {
		return classification{}, false
	}
	c.count(matched, best.use)
	return best.cls, true
}

// count records that the rules at the use indexes matched a path that the
// rule at decided decided.
func (c *classifier) count(matched []int, decided int) {
	for _, u := range matched {
		rc := &c.uses[u]
		rc.matched++
		if u == decided {
			rc.decided++
		} else if rc.overriddenBy == 0 {
			rc.overriddenBy = decided + 1
		}
	}
}

// absorbUses adds what o's user rules did to c's counters as if o's walks
// had been c's own, run after c's so far: an override c has recorded
// stays the one reported.
func (c *classifier) absorbUses(o *classifier) {
	for i := range c.uses {
		if i >= len(o.uses) {
			break
		}
		u, ou := &c.uses[i], o.uses[i]
		u.matched += ou.matched
		u.decided += ou.decided
		if u.overriddenBy == 0 {
			u.overriddenBy = ou.overriddenBy
		}
	}
}

// listRule returns the rule that says how the elements of the list at the
// end of subject correspond: a user rule first, then the built-in one cached
// at node.
func (c *classifier) listRule(resType string, subject []step, addrLen int, node *classNode) *ListRule {
	var best *compiledRule
	var matchedBuf [8]int
	matched := matchedBuf[:0]
	try := func(r *compiledRule, path []step) {
		if r.pat.matchSuffix(path) {
			matched = append(matched, r.use)
			if best == nil || r.specificity > best.specificity {
				best = r
			}
		}
	}
	for i := range c.userLists {
		try(&c.userLists[i], subject)
	}
	if resType != "" {
		scoped := c.userListsT[resType]
		for i := range scoped {
			try(&scoped[i], subject[addrLen:])
		}
	}
	if best != nil {
		c.count(matched, best.use)
		return best.list
	}
	if node != nil {
		return node.list
	}
	return nil
}

// conditionsHold reports whether every condition holds on container.
func conditionsHold(cs []Condition, container Value) bool {
	for _, cond := range cs {
		v := lookupAttribute(container, cond.Attribute)
		ok := false
		for _, want := range cond.Values {
			if conditionValueEqual(v, want) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// lookupAttribute follows a dotted attribute path from an object, stepping
// through lists of one element (nested blocks in state documents).
func lookupAttribute(v Value, path string) Value {
	for _, name := range strings.Split(path, ".") {
		for v.kind == KindList && len(v.list()) == 1 {
			v = v.list()[0]
		}
		f, ok := v.Get(name)
		if !ok {
			return Null()
		}
		v = f
	}
	for v.kind == KindList && len(v.list()) == 1 {
		v = v.list()[0]
	}
	return v
}

func conditionValueEqual(v, want Value) bool {
	switch {
	case want.kind == KindNull:
		// Absent: null, or an empty block list (state documents write an
		// absent nested block as []).
		return v.kind == KindNull || (v.kind == KindList || v.kind == KindSet || v.kind == KindObject) && len(v.list()) == 0
	case want.kind == KindString && v.kind == KindString:
		return strings.EqualFold(v.text, want.text)
	case want.kind == KindNumber && (v.kind == KindNumber || v.kind == KindString):
		return NumbersEqual(v.text, want.text)
	case want.kind == KindBool && v.kind == KindBool:
		return v.text == want.text
	}
	return false
}

func lastName(path []step) string {
	for i := len(path) - 1; i >= 0; i-- {
		if !path[i].index {
			return path[i].name
		}
	}
	return ""
}

func (c *classifier) childNode(resType string, subject []step, addrLen int, parent *classNode) *classNode {
	if parent == nil {
		parent = c.tries[resType]
		if parent == nil {
			parent = &classNode{cls: defaultConfig}
			c.tries[resType] = parent
		}
		if len(subject) == addrLen {
			return parent
		}
		// Walked into from the top (a document inside a value): follow the
		// trie down to the parent of the last step.
		for i := addrLen + 1; i < len(subject); i++ {
			parent = c.child(resType, parent, subject[i-1], subject[addrLen:i])
		}
	}
	return c.child(resType, parent, subject[len(subject)-1], subject[addrLen:])
}

// child returns the trie node of path, the child of parent by its last step.
func (c *classifier) child(resType string, parent *classNode, last step, path []step) *classNode {
	key := last.name
	if last.index {
		key = "[]"
	}
	if n, ok := parent.children[key]; ok {
		return n
	}
	generic := last
	if last.index {
		generic = step{name: "0", index: true, num: true}
	}
	tail := appendTail(parent.tail, generic, c.tailLen+1)
	named := parent.named
	if !last.index {
		named = appendTail(parent.named, last, c.tailLen+1)
	}
	var n *classNode
	if c.tailLen < 1<<30 {
		n = c.sharedBuiltinNode(resType, tail, named, path)
	} else {
		n = c.builtinNode(resType, nil, nil, path)
	}
	n.tail, n.named = tail, named
	n.last = parent.last
	if !last.index {
		n.last = last.name
	}
	if parent.children == nil {
		parent.children = map[string]*classNode{}
	}
	parent.children[key] = n
	return n
}

// appendTail returns tail with s appended, keeping at most n steps, in a
// new slice (nodes share their parents' tails).
func appendTail(tail []step, s step, n int) []step {
	if len(tail) >= n {
		tail = tail[len(tail)-n+1:]
	}
	out := make([]step, len(tail)+1)
	copy(out, tail)
	out[len(tail)] = s
	return out
}

// builtinNodes caches what builtinNode makes of a generic path's tail, for
// the whole process: every classifier of every comparison (three per check,
// hundreds of checks per plan) would otherwise match the same paths against
// the whole knowledge base again. The key is the node's bounded tail, so it
// costs the same at any depth; entries are never modified, and the cache
// stops growing at maxBuiltinNodes entries (a long-running run task service
// sees ever new attribute names).
var (
	builtinNodes     sync.Map // key of the tail → *classNode without children
	builtinNodeCount atomic.Int64
)

const maxBuiltinNodes = 1 << 17

// sharedBuiltinNode returns a fresh trie node classified as builtinNode
// would, from the process-wide cache when the tail was seen before.
func (c *classifier) sharedBuiltinNode(resType string, tail, named []step, path []step) *classNode {
	var b strings.Builder
	if c.noBuiltin {
		b.WriteByte('-')
	}
	b.WriteString(resType)
	// Length-prefixed, so that no name can pass for several steps; the
	// named steps follow the generic tail after a separator no step
	// writes.
	for _, steps := range [][]step{tail, named} {
		b.WriteString("#")
		for _, s := range steps {
			if s.index {
				b.WriteString("|[]")
			} else {
				b.WriteString("|" + strconv.Itoa(len(s.name)) + ":" + s.name)
			}
		}
	}
	key := b.String()
	if v, ok := builtinNodes.Load(key); ok {
		proto := v.(*classNode)
		return &classNode{cls: proto.cls, cond: proto.cond, list: proto.list}
	}
	n := c.builtinNode(resType, tail, named, path)
	if builtinNodeCount.Load() < maxBuiltinNodes {
		if _, loaded := builtinNodes.LoadOrStore(key, &classNode{cls: n.cls, cond: n.cond, list: n.list}); !loaded {
			builtinNodeCount.Add(1)
		}
	}
	return n
}

// builtinNode classifies a path by the knowledge base and the name
// heuristics. Index steps match as [0], so built-in patterns never name
// literal indexes.
// generic and named are the last steps of the generic path and of its name
// steps (all of them when nil).
func (c *classifier) builtinNode(resType string, generic, named []step, path []step) *classNode {
	n := &classNode{cls: defaultConfig}
	if len(path) == 0 {
		return n
	}
	decided := false
	if !c.noBuiltin {
		if generic == nil {
			generic = make([]step, len(path))
			for i, s := range path {
				generic[i] = s
				if s.index {
					generic[i] = step{name: "0", index: true, num: true}
				}
			}
			named = namedSteps(generic, nil)
		}
		types := []string{""}
		if resType != "" {
			types = []string{resType, ""}
		}
		for _, t := range types {
			rs := c.builtin[t]
			for i := range rs {
				r := &rs[i]
				if !r.pat.matchSuffixNamed(generic, named) {
					continue
				}
				if r.list != nil {
					if n.list == nil {
						n.list = r.list
					}
					continue
				}
				if decided {
					continue
				}
				if len(r.when) > 0 {
					n.cond = append(n.cond, r)
					continue
				}
				n.cls, decided = r.cls, true
			}
		}
	}
	if decided {
		return n
	}
	if last := path[len(path)-1]; !last.index && !c.noBuiltin && isReferenceName(last.name) {
		// subnet_id, security_group_ids, role_arn: references to other
		// resources, whose generated identifiers always differ between
		// environments. The referenced resources are compared themselves.
		n.cls = classification{kind: clsIdentity, rule: fmt.Sprintf("reference %q (built-in)", last.name),
			reason: "refers to another resource by its generated identifier"}
		return n
	}
	if last := path[len(path)-1]; !last.index && !c.noBuiltin && isOwnDigestName(last.name) {
		// metadata_fingerprint, label_fingerprint, etag: a digest the
		// provider computes over the object's own content, for optimistic
		// locking. The content is compared itself.
		n.cls = classification{kind: clsIdentity, rule: fmt.Sprintf("digest %q (built-in)", last.name),
			reason: "a digest of the object's own content, compared itself"}
		return n
	}
	if last := path[len(path)-1]; !last.index && IsSecretName(last.name) && !describedByParent(path) {
		n.cls = classification{kind: clsSecret, rule: fmt.Sprintf("secret name %q (built-in)", last.name)}
		return n
	}
	if name, ok := secretContainer(path); ok {
		n.cls = classification{kind: clsSecret, rule: fmt.Sprintf("secret: in %q (built-in)", name)}
		return n
	}
	if secretDataOf(resType, path) {
		n.cls = classification{kind: clsSecret, rule: fmt.Sprintf("secret: the data of a %s (built-in)", resType)}
		return n
	}
	if last := path[len(path)-1]; !last.index && !c.noBuiltin && countsInstances(last.name) {
		n.cls = classification{kind: clsSize, rule: fmt.Sprintf("size %q (built-in: a number of instances)", last.name), size: &SizeRule{}, count: true}
	}
	return n
}

// isOwnDigestName reports whether a name ends in fingerprint or etag.
func isOwnDigestName(name string) bool {
	words := nameWords(name)
	if len(words) == 0 {
		return false
	}
	switch words[len(words)-1] {
	case "fingerprint", "etag":
		return true
	}
	return false
}

// isReferenceName reports whether an attribute name is a reference to other
// resources by identifier: it ends in _id, _ids, _arn or _arns.
func isReferenceName(name string) bool {
	for _, suffix := range []string{"_id", "_ids", "_arn", "_arns"} {
		if strings.HasSuffix(name, suffix) && len(name) > len(suffix) {
			return true
		}
	}
	return false
}

// secretContainer reports the name of the step of path, if any, whose name
// says that everything in it is secret: a map or block named sensitive,
// secure or protected and then settings, variables or the like
// (sensitive_config_vars of a Heroku app, secure_environment_variables of
// an Azure container group, protected_settings of an Azure VM extension).
// Such maps hold secrets under ordinary names (SECRET_KEY_BASE, LICENSE),
// and documents written before Terraform 0.15 carry no sensitive marks.
func secretContainer(path []step) (string, bool) {
	for _, st := range path {
		if st.index {
			continue
		}
		if isSecretContainerName(st.name) {
			return st.name, true
		}
	}
	return "", false
}

// isSecretContainerName reports whether a map or block name says that all
// it holds is secret: sensitive, secure or protected first, then a word
// for settings or variables followed by nothing but words that hold them
// (secure_json_data_encoded of a Grafana data source: data, encoded).
func isSecretContainerName(name string) bool {
	words := nameWords(name)
	if len(words) < 2 || !secretContainerFirst[words[0]] {
		return false
	}
	for i := len(words) - 1; i >= 1; i-- {
		if secretContainerLast[words[i]] {
			return true
		}
		if !holderWords[words[i]] {
			return false
		}
	}
	return false
}

// secretDataOf reports, for a resource type that is a secret object
// (kubernetes_secret, kubernetes_secret_v1), whether path starts in its
// data: every entry of a Secret's data is a secret under an ordinary key
// (.dockerconfigjson, tls.key, DATABASE_URL), and documents written before
// Terraform 0.15 carry no sensitive marks.
// Everything below is secret too, as for secretContainer: an object under
// a secret's name is otherwise walked as a block that holds none.
func secretDataOf(resType string, path []step) bool {
	if resType == "" || len(path) == 0 || path[0].index || !secretDataNames[path[0].name] {
		return false
	}
	words := nameWords(resType)
	if n := len(words); n > 1 && len(words[n-1]) >= 2 && words[n-1][0] == 'v' && allIn(words[n-1][1:], "0123456789") {
		words = words[:n-1]
	}
	return len(words) >= 2 && words[len(words)-1] == "secret"
}

// pairSecretOf is pairedSecretName for whichever value field obj has.
func pairSecretOf(obj Value) (string, bool) {
	if obj.kind != KindObject || len(obj.names()) < 2 {
		return "", false
	}
	for _, f := range []string{"value", "values", "Value", "Values"} {
		if name, ok := pairedSecretName(f, obj); ok {
			return name, true
		}
	}
	return "", false
}

// isPairValueField reports whether a field holds the value of a name/value
// pair.
func isPairValueField(field string) bool {
	switch field {
	case "value", "values", "Value", "Values":
		return true
	}
	return false
}

var secretDataNames = map[string]bool{"data": true, "binary_data": true, "string_data": true, "stringData": true, "binaryData": true}

// pairedSecretName reports whether the field name of an object (ctr) is
// the value of a name/value pair whose name is a secret's: Elastic
// Beanstalk settings ({namespace, name = "SENTRY_DSN", value}), container
// environment lists ({name = "DB_PASSWORD", value}), key/value parameter
// lists. It returns the secret name.
func pairedSecretName(field string, ctr Value) (string, bool) {
	if ctr.kind != KindObject || !isPairValueField(field) {
		return "", false
	}
	if _, ok := ctr.Get(field); !ok {
		return "", false
	}
	for _, k := range []string{"name", "Name", "key", "Key"} {
		if n, ok := ctr.Get(k); ok && n.kind == KindString && n.text != "" && IsSecretName(n.text) {
			return n.text, true
		}
	}
	return "", false
}

var (
	secretContainerFirst = map[string]bool{"sensitive": true, "secure": true, "protected": true}
	secretContainerLast  = map[string]bool{"vars": true, "variables": true, "settings": true, "values": true,
		"parameters": true, "params": true, "env": true, "environment": true, "config": true, "data": true,
		"attributes": true, "properties": true, "args": true, "arguments": true, "secrets": true}
)

// describingParents are words that end the name of a block whose attributes
// describe secrets rather than hold them: token_validity_units.access_token
// is a unit of time.
var describingParents = map[string]bool{"units": true, "unit": true, "validity": true, "ttl": true, "ttls": true,
	"expiry": true, "expiration": true, "lifetime": true, "lifetimes": true, "duration": true, "durations": true,
	"length": true, "lengths": true, "policy": true, "rotation": true}

// describedByParent reports whether the attribute at the end of path sits in
// a block whose name says its attributes describe secrets.
func describedByParent(path []step) bool {
	for i := len(path) - 2; i >= 0; i-- {
		if path[i].index {
			continue
		}
		words := nameWords(path[i].name)
		return len(words) > 0 && describingParents[words[len(words)-1]]
	}
	return false
}

// instanceWords end the names of attributes that count instances of
// something a ratio scales: web_instances, worker_nodes, min_replicas.
var instanceWords = map[string]bool{"instances": true, "replicas": true, "nodes": true, "workers": true, "shards": true, "brokers": true}

// isHighAvailabilityCount reports whether a count is 1, 2 or 3: the
// counts that high availability asks for whatever the size (a primary and
// a replica, three nodes for a quorum).
func isHighAvailabilityCount(text string) bool { return text == "1" || text == "2" || text == "3" }

// isInstanceCountName reports whether a size's name counts instances:
// count (a resource's own), web_instances, node_count, min_size of a group,
// capacity of a SKU.
func isInstanceCountName(name string) bool {
	if name == "count" || countsInstances(name) {
		return true
	}
	words := nameWords(name)
	if len(words) == 0 {
		return false
	}
	switch words[len(words)-1] {
	case "count", "capacity", "instances", "replicas", "nodes":
		return true
	}
	switch name {
	case "min_size", "max_size", "desired_size", "desired_capacity", "min_capacity", "max_capacity":
		return true
	}
	return false
}

// notCountWords qualify a number of instances into a requirement or a pace
// that holds at any size, so the name is configuration:
//   - availability during changes: max_unavailable_instances,
//     min_healthy_instances, surge, drain;
//   - durability: how many replicas must acknowledge a write
//     (min.insync.replicas, Kafka's in-sync replica set, ISR), which
//     production and staging need alike whatever their size;
//   - pace of scaling: how many replicas one scale-in step may remove
//     (max_scaled_in_replicas of a Compute Engine autoscaler).
var notCountWords = map[string]bool{
	"healthy": true, "unhealthy": true, "unavailable": true, "surge": true, "available": true,
	"ready": true, "unready": true, "per": true, "percent": true, "percentage": true,
	"drain": true, "draining": true, "failed": true,
	"insync": true, "isr": true, "sync": true, "synchronous": true,
	"scaled": true,
}

// countsInstances reports whether an attribute name counts instances; names
// whose words make the number a requirement or a pace (notCountWords) are
// configuration.
func countsInstances(name string) bool {
	words := nameWords(name)
	if len(words) < 2 || !instanceWords[words[len(words)-1]] {
		return false
	}
	for _, w := range words {
		if notCountWords[w] {
			return false
		}
	}
	return true
}
