package parity

import (
	"fmt"
	"sort"
	"strings"
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
}

// classifier decides the class of every path of a resource. User rules
// written at the top level are matched against the resource address followed
// by the path; rules inside resource blocks and the built-in knowledge
// against the path of resources of their type. Built-in results are cached
// in a trie per resource type because states repeat the same paths many
// thousands of times; conditional rules (when = {…}) are kept at the trie
// node and evaluated against the object that holds the path.
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

func newClassifier(rules Rules) (*classifier, error) {
	c := &classifier{userByType: map[string][]compiledRule{}, userListsT: map[string][]compiledRule{}, builtin: map[string][]compiledRule{},
		noBuiltin: rules.NoBuiltin, tries: map[string]*classNode{}}
	order := 0
	add := func(pattern string, scope Scope, cls classification, list *ListRule) error {
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
			specificity: specificity(p, scope), order: order}
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
	if !rules.NoBuiltin {
		builtin, err := BuiltinRules()
		if err != nil {
			return nil, err
		}
		addBuiltin := func(pattern string, scope Scope, cls classification, list *ListRule) error {
			p, err := CompilePattern(pattern)
			if err != nil {
				return fmt.Errorf("built-in knowledge %q: %w", pattern, err)
			}
			c.builtin[scope.ResourceType] = append(c.builtin[scope.ResourceType],
				compiledRule{pat: p, cls: cls, when: scope.When, list: list, specificity: specificity(p, scope), order: order})
			order++
			return nil
		}
		if err := compileRules(builtin, " (built-in)", addBuiltin); err != nil {
			return nil, err
		}
		// Most specific first, so that aws_db_instance's own entries win over
		// generic ones and longer patterns over shorter.
		for _, rs := range c.builtin {
			sortBySpecificity(rs)
			for _, r := range rs {
				if r.pat.hasAny {
					c.tailLen = 1 << 30
				} else if n := len(r.pat.steps); n > c.tailLen {
					c.tailLen = n
				}
			}
		}
	}
	return c, nil
}

// compileRules hands every rule of rules to add, with its classification;
// suffix marks the rule names of the built-in knowledge base.
func compileRules(rules Rules, suffix string, add func(pattern string, scope Scope, cls classification, list *ListRule) error) error {
	name := func(kind string, pattern string, scope Scope) string {
		if scope.ResourceType != "" {
			pattern = scope.ResourceType + "." + pattern
		}
		s := fmt.Sprintf("%s %q", kind, pattern)
		if len(scope.When) > 0 {
			s += " when " + describeConditions(scope.When)
		}
		return s + suffix
	}
	for i := range rules.Ignores {
		r := rules.Ignores[i]
		if strings.TrimSpace(r.Reason) == "" {
			return fmt.Errorf("ignore %q: a reason is required", r.Pattern)
		}
		if err := add(r.Pattern, r.Scope, classification{kind: clsIgnore, rule: name("ignore", r.Pattern, r.Scope), reason: r.Reason}, nil); err != nil {
			return err
		}
	}
	for _, r := range rules.Identities {
		if err := add(r.Pattern, r.Scope, classification{kind: clsIdentity, rule: name("identity", r.Pattern, r.Scope), reason: r.Reason}, nil); err != nil {
			return err
		}
	}
	for _, r := range rules.Configs {
		if err := add(r.Pattern, r.Scope, classification{kind: clsConfig, rule: name("config", r.Pattern, r.Scope)}, nil); err != nil {
			return err
		}
	}
	for _, r := range rules.Secrets {
		if err := add(r.Pattern, r.Scope, classification{kind: clsSecretDigest, rule: name("secret", r.Pattern, r.Scope)}, nil); err != nil {
			return err
		}
	}
	for i := range rules.Sizes {
		r := rules.Sizes[i]
		if r.Ratio < 0 {
			return fmt.Errorf("size %q: ratio must be greater than 0, got %g", r.Pattern, r.Ratio)
		}
		if err := add(r.Pattern, r.Scope, classification{kind: clsSize, rule: name("size", r.Pattern, r.Scope), size: &r}, nil); err != nil {
			return err
		}
	}
	for i := range rules.Lists {
		r := rules.Lists[i]
		if err := add(r.Pattern, r.Scope, classification{rule: name("list", r.Pattern, r.Scope)}, &r); err != nil {
			return err
		}
	}
	return nil
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
// declared on a tie) whose conditions hold.
func (c *classifier) matchUser(resType string, subject []step, addrLen int, container Value, last string) (classification, bool) {
	if len(c.user) == 0 && len(c.userByType[resType]) == 0 {
		return classification{}, false
	}
	var best *compiledRule
	try := func(r *compiledRule, path []step) {
		if best != nil && (r.specificity < best.specificity || r.specificity == best.specificity && r.order > best.order) {
			return
		}
		if r.pat.lastLit != "" && last != r.pat.lastLit {
			return
		}
		if r.pat.matchSuffix(path) && conditionsHold(r.when, container) {
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
	return best.cls, true
}

// listRule returns the rule that says how the elements of the list at the
// end of subject correspond: a user rule first, then the built-in one cached
// at node.
func (c *classifier) listRule(resType string, subject []step, addrLen int, node *classNode) *ListRule {
	var best *compiledRule
	try := func(r *compiledRule, path []step) {
		if best != nil && r.specificity <= best.specificity {
			return
		}
		if r.pat.matchSuffix(path) {
			best = r
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
		n = c.builtinNode(resType, tail, named, path)
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
	if last := path[len(path)-1]; !last.index && IsSecretName(last.name) && !describedByParent(path) {
		n.cls = classification{kind: clsSecret, rule: fmt.Sprintf("secret name %q (built-in)", last.name)}
		return n
	}
	if last := path[len(path)-1]; !last.index && !c.noBuiltin && countsInstances(last.name) {
		n.cls = classification{kind: clsSize, rule: fmt.Sprintf("size %q (built-in: a number of instances)", last.name), size: &SizeRule{}}
	}
	return n
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

// countsInstances reports whether an attribute name counts instances; names
// about availability during changes (max_unavailable_instances,
// min_healthy_instances, surge) are configuration.
func countsInstances(name string) bool {
	words := nameWords(name)
	if len(words) < 2 || !instanceWords[words[len(words)-1]] {
		return false
	}
	for _, w := range words {
		switch w {
		case "healthy", "unhealthy", "unavailable", "surge", "available", "ready", "unready", "per", "percent", "percentage", "drain", "draining", "failed":
			return false
		}
	}
	return true
}
