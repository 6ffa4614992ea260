package parity

import (
	"strconv"
	"strings"
)

// A baseline (parity baseline, parity check --write-baseline) records
// today's findings as rules, so that a team can turn the check on and burn
// the list down. Its rules must match the paths the engine walks, and only
// the engine knows how it reads an address into steps: the two functions
// here say it in the pattern grammar; internal/baseline does the rest.

// ExactPattern returns the pattern that matches address (a finding's
// Address, or a resource address as Terraform writes it) followed by path
// (a finding's Path, possibly empty), and as little else as the grammar
// can say: every step literal, names that are no pattern names and index
// keys quoted. A pattern matches the end of a path, so the pattern of a
// root module resource also matches the same resource and path in a
// module; nothing in the grammar anchors a pattern at the root. ok is false
// when no pattern can say the path: it starts with a key that is no name
// (a settings object whose first key is "a b").
func ExactPattern(address, path string) (pattern string, ok bool) {
	steps := append(parseAddress(address), parseAddress(path)...)
	if len(steps) == 0 {
		return "", false
	}
	var b strings.Builder
	for i, s := range steps {
		switch {
		case !s.index && isPatternName(s.name):
			if i > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s.name)
		case i == 0:
			// An index cannot start a pattern.
			return "", false
		case s.index && s.num:
			b.WriteString("[" + s.name + "]")
		default:
			// A quoted index matches a step of that name, index or not
			// (matchSteps compares names), which is how paths write keys
			// that are not names.
			b.WriteString("[" + strconv.Quote(s.name) + "]")
		}
	}
	pattern = b.String()
	if _, err := CompilePattern(pattern); err != nil {
		return "", false
	}
	return pattern, true
}

// isPatternName reports whether s can be written as a name step.
func isPatternName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isNameByte(s[i]) {
			return false
		}
	}
	return true
}

// IgnoreCovers reports whether the engine, given the ignore rule r, leaves
// out the path of finding f or a path that holds it (an ignored object is
// ignored with everything inside). The rule's conditions (when) are taken
// to hold. A resource's count finding is matched as the engine classifies
// it, at the address of its first instance: with and without an index.
// Whole-resource findings (only_in_staging, only_in_production) are never
// covered: an ignore does not apply to them.
func IgnoreCovers(r IgnoreRule, f Finding) bool {
	return IgnoresCovering([]IgnoreRule{r}, []Finding{f})[0]
}

// IgnoresCovering reports, for each rule of ignores, whether it covers at
// least one of findings (see IgnoreCovers). Each pattern is compiled and
// each finding's path read once.
func IgnoresCovering(ignores []IgnoreRule, findings []Finding) []bool {
	type subject struct {
		steps   []step
		addrLen int
		resType string
	}
	var subjects []subject
	for _, f := range findings {
		if f.Path == "" {
			continue
		}
		addr := parseAddress(f.Address)
		steps := append(append([]step{}, addr...), parseAddress(f.Path)...)
		subjects = append(subjects, subject{steps, len(addr), f.ResourceType})
		if f.Path == "count" && f.ResourceType != "" {
			// The engine classifies a count at its first instance.
			indexed := append(append([]step{}, addr...), step{name: "0", index: true, num: true}, step{name: "count"})
			subjects = append(subjects, subject{indexed, len(addr) + 1, f.ResourceType})
		}
	}
	out := make([]bool, len(ignores))
	for i, r := range ignores {
		p, err := CompilePattern(r.Pattern)
		if err != nil {
			continue
		}
	subjects:
		for _, s := range subjects {
			if r.ResourceType != "" && r.ResourceType != s.resType {
				continue
			}
			// The path, then each path that holds it down to the
			// top-level attribute.
			for n := len(s.steps); n > s.addrLen; n-- {
				path := s.steps[:n]
				if r.ResourceType != "" {
					path = path[s.addrLen:]
				}
				if p.matchSuffix(path) {
					out[i] = true
					break subjects
				}
			}
		}
	}
	return out
}

// StaleRule is a rule that no longer matches what it was written for: a
// baseline entry whose difference is gone (fixed drift). Reports list them
// so that the baseline shrinks.
type StaleRule struct {
	// Rule names the rule as findings do: ignore "aws_instance.web.monitoring".
	Rule   string `json:"rule"`
	Reason string `json:"reason"`
	// Source is where the rule is written, when it comes from a file.
	Source *Location `json:"source,omitempty"`
}

// PathParents returns the paths that hold path, nearest first:
// settings.pools[0].max_connections gives settings.pools[0],
// settings.pools and settings.
func PathParents(path string) []string {
	steps := parseAddress(path)
	out := make([]string, 0, len(steps))
	for n := len(steps) - 1; n >= 1; n-- {
		out = append(out, formatPath(steps[:n]))
	}
	return out
}

// OnlyInCovers reports whether the only_in rule r declares the resource of
// finding f, an only_in_staging or only_in_production finding of r's
// environment, as the engine matches it: against that side's address, with
// and without its count or for_each key.
func OnlyInCovers(r OnlyInRule, f Finding) bool {
	var addr string
	switch {
	case f.Kind == FindingOnlyInStaging && r.Environment == "staging":
		addr = f.StagingAddress
	case f.Kind == FindingOnlyInProduction && r.Environment == "production":
		addr = f.ProductionAddress
	default:
		return false
	}
	p, err := CompilePattern(r.Address)
	if err != nil {
		return false
	}
	steps := parseAddress(addr)
	base := steps
	if n := len(steps); n > 0 && steps[n-1].index {
		base = steps[:n-1]
	}
	return p.matchSuffix(steps) || p.matchSuffix(base)
}
