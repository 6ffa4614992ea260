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

type userRule struct {
	pat   *Pattern
	cls   classification
	order int
}

type builtinRule struct {
	pat *Pattern
	cls classification
	// star is the index of the rule among its type's rules with `**`,
	// which are matched by automaton states kept in the trie; -1 for the
	// others, which are matched against the last steps of the path.
	star int
}

// classifier decides the class of every path of a resource. User rules are
// matched against the resource address followed by the path; built-in
// knowledge against the path of resources of its type. Built-in results are
// cached in a trie per resource type because states repeat the same paths
// many thousands of times.
type classifier struct {
	user      []userRule
	byType    map[string][]builtinRule // resource type → rules; "" for any
	noBuiltin bool
	tries     map[string]*classNode
	// maxTail is the most steps a built-in rule without `**` has: no more
	// of the path than that decides whether it matches.
	maxTail int
	// stars counts the rules with `**` of each type.
	stars map[string]int
	// indexRules is set when a user rule names a list index ([0], or a
	// step of digits), so that two elements of one list may be classified
	// apart: views are then not remembered by container.
	indexRules bool
}

// classNode caches the built-in classification of one generic path (names,
// with "[]" for any index step).
type classNode struct {
	cls      classification
	children map[string]*classNode
	// star holds the automaton states of the built-in rules with `**` that
	// apply to the type (its own, then the generic ones) over this path.
	star []nfaState
}

func newClassifier(rules Rules) (*classifier, error) {
	c := &classifier{byType: map[string][]builtinRule{}, noBuiltin: rules.NoBuiltin, tries: map[string]*classNode{}, stars: map[string]int{}}
	order := 0
	add := func(pattern string, cls classification) error {
		p, err := CompilePattern(pattern)
		if err != nil {
			return err
		}
		cls.userRule = true
		c.user = append(c.user, userRule{pat: p, cls: cls, order: order})
		for _, ps := range p.steps {
			if ps.kind == patLiteral && isDigits(ps.name) {
				c.indexRules = true
			}
		}
		order++
		return nil
	}
	for i := range rules.Ignores {
		r := rules.Ignores[i]
		if strings.TrimSpace(r.Reason) == "" {
			return nil, fmt.Errorf("ignore %q: a reason is required", r.Pattern)
		}
		if err := add(r.Pattern, classification{kind: clsIgnore, rule: fmt.Sprintf("ignore %q", r.Pattern), reason: r.Reason}); err != nil {
			return nil, err
		}
	}
	for _, r := range rules.Configs {
		if err := add(r.Pattern, classification{kind: clsConfig, rule: fmt.Sprintf("config %q", r.Pattern)}); err != nil {
			return nil, err
		}
	}
	for _, r := range rules.Secrets {
		if err := add(r.Pattern, classification{kind: clsSecretDigest, rule: fmt.Sprintf("secret %q", r.Pattern)}); err != nil {
			return nil, err
		}
	}
	for i := range rules.Sizes {
		r := rules.Sizes[i]
		if r.Ratio < 0 {
			return nil, fmt.Errorf("size %q: ratio must be greater than 0, got %g", r.Pattern, r.Ratio)
		}
		if err := add(r.Pattern, classification{kind: clsSize, rule: fmt.Sprintf("size %q", r.Pattern), size: &r}); err != nil {
			return nil, err
		}
	}
	if !rules.NoBuiltin {
		for _, e := range BuiltinKnowledge {
			p, err := CompilePattern(e.Pattern)
			if err != nil {
				return nil, fmt.Errorf("built-in knowledge %q: %w", e.Pattern, err)
			}
			var cls classification
			switch e.Class {
			case ClassSize:
				cls = classification{kind: clsSize, rule: fmt.Sprintf("size %q (built-in)", qualified(e)), size: &SizeRule{Pattern: e.Pattern}}
			case ClassIdentity:
				cls = classification{kind: clsIdentity, rule: fmt.Sprintf("identity %q (built-in)", qualified(e)), reason: e.Note}
			default:
				cls = classification{kind: clsConfig, rule: fmt.Sprintf("config %q (built-in)", qualified(e))}
			}
			c.byType[e.ResourceType] = append(c.byType[e.ResourceType], builtinRule{pat: p, cls: cls, star: -1})
		}
		// Most literal steps first, so aws_db_instance's own entries win over
		// generic ones and longer patterns over shorter.
		for t, rs := range c.byType {
			sort.SliceStable(rs, func(i, j int) bool { return rs[i].pat.literals > rs[j].pat.literals })
			for i := range rs {
				if rs[i].pat.hasAnyStep() {
					rs[i].star = c.stars[t]
					c.stars[t]++
				} else {
					c.maxTail = max(c.maxTail, len(rs[i].pat.steps))
				}
			}
		}
	}
	return c, nil
}

func qualified(e KnowledgeEntry) string {
	if e.ResourceType == "" {
		return e.Pattern
	}
	return e.ResourceType + "." + e.Pattern
}

// classify returns the class of the path at the top of ps, whose first
// addrLen steps are the resource address. The trie node of the parent path is
// passed in and the node of this path returned, so a walk costs one map
// lookup per step, and user rules one automaton step each.
func (c *classifier) classify(resType string, ps *pathStack, addrLen int, parent *classNode) (classification, *classNode) {
	node := c.childNode(resType, ps, addrLen, parent)
	if u, ok := c.matchUser(ps); ok {
		return u, node
	}
	return node.cls, node
}

// matchUser returns the most specific user rule matching the path (most
// literal steps; the first declared on a tie).
func (c *classifier) matchUser(ps *pathStack) (classification, bool) {
	best := -1
	for i := range c.user {
		r := &c.user[i]
		if best >= 0 && r.pat.literals <= c.user[best].pat.literals {
			continue
		}
		if ps.userMatches(i) {
			best = i
		}
	}
	if best < 0 {
		return classification{}, false
	}
	return c.user[best].cls, true
}

func (c *classifier) childNode(resType string, ps *pathStack, addrLen int, parent *classNode) *classNode {
	if parent == nil {
		parent = c.tries[resType]
		if parent == nil {
			parent = &classNode{cls: defaultConfig, star: c.startStates(resType)}
			c.tries[resType] = parent
		}
		if ps.len() == addrLen {
			return parent
		}
	}
	last := ps.steps[ps.len()-1]
	key := last.name
	if last.index {
		key = "[]"
	}
	if n, ok := parent.children[key]; ok {
		return n
	}
	n := &classNode{star: c.advanceStates(resType, parent.star, genericStep(last))}
	n.cls = c.builtin(resType, ps, addrLen, n.star)
	if parent.children == nil {
		parent.children = map[string]*classNode{}
	}
	parent.children[key] = n
	return n
}

// starRules lists the built-in rules with `**` that apply to a type, in the
// order of classNode.star.
func (c *classifier) starRules(resType string, visit func(i int, r *builtinRule)) {
	if c.noBuiltin {
		return
	}
	offset := 0
	if resType != "" {
		for j := range c.byType[resType] {
			if r := &c.byType[resType][j]; r.star >= 0 {
				visit(r.star, r)
			}
		}
		offset = c.stars[resType]
	}
	for j := range c.byType[""] {
		if r := &c.byType[""][j]; r.star >= 0 {
			visit(offset+r.star, r)
		}
	}
}

func (c *classifier) starCount(resType string) int {
	n := c.stars[""]
	if resType != "" {
		n += c.stars[resType]
	}
	return n
}

func (c *classifier) startStates(resType string) []nfaState {
	n := c.starCount(resType)
	if n == 0 {
		return nil
	}
	states := make([]nfaState, n)
	c.starRules(resType, func(i int, r *builtinRule) {
		if len(r.pat.steps) <= nfaMaxSteps {
			states[i] = r.pat.nfaStart()
		}
	})
	return states
}

func (c *classifier) advanceStates(resType string, prev []nfaState, s step) []nfaState {
	if len(prev) == 0 {
		return nil
	}
	states := make([]nfaState, len(prev))
	c.starRules(resType, func(i int, r *builtinRule) {
		if len(r.pat.steps) <= nfaMaxSteps {
			states[i] = r.pat.nfaAdvance(prev[i], s)
		}
	})
	return states
}

// builtin classifies a path by the knowledge base and secret-name heuristics.
// Index steps match as [0], so built-in patterns never name literal indexes.
// A rule without `**` is matched against the last steps of the path (it
// cannot look further back than it has steps); a rule with `**` by the
// automaton state kept in the trie node.
func (c *classifier) builtin(resType string, ps *pathStack, addrLen int, star []nfaState) classification {
	if ps.len() == addrLen {
		return defaultConfig
	}
	if !c.noBuiltin {
		var fullBuf, namedBuf [16]step
		full, named := ps.tails(addrLen, c.maxTail, fullBuf[:0], namedBuf[:0])
		// Most rules end in a literal name: only those naming the last
		// step can match, which a string comparison tells.
		lastFull, lastNamed := full[len(full)-1].name, ""
		if len(named) > 0 {
			lastNamed = named[len(named)-1].name
		}
		offset := 0
		types := []string{""}
		if resType != "" {
			types = []string{resType, ""}
		}
		for _, t := range types {
			rules := c.byType[t]
			for i := range rules {
				r := &rules[i]
				var ok bool
				switch {
				case r.star < 0 && r.pat.lastLit != "" && r.pat.lastLit != lastFull && r.pat.lastLit != lastNamed:
				case r.star < 0:
					ok = r.pat.matchAnySuffix(full) || (!r.pat.hasIndex && r.pat.matchAnySuffix(named))
				case len(r.pat.steps) <= nfaMaxSteps:
					ok = r.pat.nfaAccepts(star[offset+r.star])
				default:
					generic := make([]step, 0, ps.len()-addrLen)
					for _, s := range ps.steps[addrLen:] {
						generic = append(generic, genericStep(s))
					}
					ok = r.pat.matchSuffix(generic)
				}
				if ok {
					return r.cls
				}
			}
			if t != "" {
				offset = c.stars[t]
			}
		}
	}
	if last := ps.steps[ps.len()-1]; !last.index && resType != "" && !c.noBuiltin && isReferenceName(last.name) {
		// subnet_id, security_group_ids, role_arn: references to other
		// resources, whose generated identifiers always differ between
		// environments. The referenced resources are compared themselves.
		return classification{kind: clsIdentity, rule: fmt.Sprintf("reference %q (built-in)", last.name),
			reason: "refers to another resource by its generated identifier"}
	}
	if last := ps.steps[ps.len()-1]; !last.index && IsSecretName(last.name) {
		return classification{kind: clsSecret, rule: fmt.Sprintf("secret name %q (built-in)", last.name)}
	}
	return defaultConfig
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
