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
}

// classNode caches the built-in classification of one generic path (names,
// with "[]" for any index step).
type classNode struct {
	cls      classification
	children map[string]*classNode
}

func newClassifier(rules Rules) (*classifier, error) {
	c := &classifier{byType: map[string][]builtinRule{}, noBuiltin: rules.NoBuiltin, tries: map[string]*classNode{}}
	order := 0
	add := func(pattern string, cls classification) error {
		p, err := CompilePattern(pattern)
		if err != nil {
			return err
		}
		cls.userRule = true
		c.user = append(c.user, userRule{pat: p, cls: cls, order: order})
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
			c.byType[e.ResourceType] = append(c.byType[e.ResourceType], builtinRule{pat: p, cls: cls})
		}
		// Most literal steps first, so aws_db_instance's own entries win over
		// generic ones and longer patterns over shorter.
		for _, rs := range c.byType {
			sort.SliceStable(rs, func(i, j int) bool { return rs[i].pat.literals > rs[j].pat.literals })
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

// classify returns the class of the path at the end of subject, whose first
// addrLen steps are the resource address. The trie node of the parent path is
// passed in and the node of this path returned, so a walk costs one map
// lookup per step.
func (c *classifier) classify(resType string, subject []step, addrLen int, parent *classNode) (classification, *classNode) {
	node := c.childNode(resType, subject, addrLen, parent)
	if u, ok := c.matchUser(subject); ok {
		return u, node
	}
	return node.cls, node
}

// matchUser returns the most specific user rule matching subject (most
// literal steps; the first declared on a tie).
func (c *classifier) matchUser(subject []step) (classification, bool) {
	best := -1
	for i := range c.user {
		r := &c.user[i]
		if best >= 0 && r.pat.literals <= c.user[best].pat.literals {
			continue
		}
		if r.pat.lastLit != "" && lastName(subject) != r.pat.lastLit {
			continue
		}
		if r.pat.matchSuffix(subject) {
			best = i
		}
	}
	if best < 0 {
		return classification{}, false
	}
	return c.user[best].cls, true
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
	}
	last := subject[len(subject)-1]
	key := last.name
	if last.index {
		key = "[]"
	}
	if n, ok := parent.children[key]; ok {
		return n
	}
	n := &classNode{cls: c.builtin(resType, subject[addrLen:])}
	if parent.children == nil {
		parent.children = map[string]*classNode{}
	}
	parent.children[key] = n
	return n
}

// builtin classifies a path by the knowledge base and secret-name heuristics.
// Index steps match as [0], so built-in patterns never name literal indexes.
func (c *classifier) builtin(resType string, path []step) classification {
	if len(path) == 0 {
		return defaultConfig
	}
	if !c.noBuiltin {
		generic := make([]step, len(path))
		for i, s := range path {
			generic[i] = s
			if s.index {
				generic[i] = step{name: "0", index: true, num: true}
			}
		}
		types := []string{""}
		if resType != "" {
			types = []string{resType, ""}
		}
		for _, t := range types {
			for _, r := range c.byType[t] {
				if r.pat.matchSuffix(generic) {
					return r.cls
				}
			}
		}
	}
	if last := path[len(path)-1]; !last.index && resType != "" && !c.noBuiltin && isReferenceName(last.name) {
		// subnet_id, security_group_ids, role_arn: references to other
		// resources, whose generated identifiers always differ between
		// environments. The referenced resources are compared themselves.
		return classification{kind: clsIdentity, rule: fmt.Sprintf("reference %q (built-in)", last.name),
			reason: "refers to another resource by its generated identifier"}
	}
	if last := path[len(path)-1]; !last.index && IsSecretName(last.name) {
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
