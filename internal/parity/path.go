package parity

import (
	"fmt"
	"strconv"
	"strings"
)

// A step is one element of a path: an attribute name, or an index written
// [0] or ["key"].
type step struct {
	name  string // attribute name, or the index key
	index bool   // true for [n] / ["key"]
	num   bool   // index is a number
}

// formatPath writes steps as settings.pools[0].max_connections.
func formatPath(steps []step) string {
	var b strings.Builder
	for i, s := range steps {
		writeStep(&b, s, i == 0)
	}
	return b.String()
}

// reportPath is formatPath for what reports show: a key shaped like a
// credential (a map keyed by access keys, tokens or connection strings) is
// written as ["(sensitive)"], since the path of a finding is printed
// whatever the redaction mode.
func reportPath(steps []step) string {
	var b strings.Builder
	for i, s := range steps {
		if _, ok := LooksSecret(s.name); ok && !s.num {
			s = step{name: SensitiveMask, index: true}
		}
		writeStep(&b, s, i == 0)
	}
	return b.String()
}

func writeStep(b *strings.Builder, s step, first bool) {
	switch {
	case s.index && s.num:
		b.WriteByte('[')
		b.WriteString(s.name)
		b.WriteByte(']')
	case s.index:
		b.WriteByte('[')
		b.WriteString(strconv.Quote(s.name))
		b.WriteByte(']')
	case isIdentifier(s.name):
		if !first {
			b.WriteByte('.')
		}
		b.WriteString(s.name)
	default:
		// Keys that are not identifiers (tags with spaces or dots, say) are
		// written as quoted indexes so that the path can be read back.
		b.WriteByte('[')
		b.WriteString(strconv.Quote(s.name))
		b.WriteByte(']')
	}
}

func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || r == '-' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z'):
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// Pattern is a compiled path pattern: dotted steps where `*` matches one step,
// `**` any number of steps, `[*]` one index step, and literal steps match
// themselves. A pattern matches a path when it matches a suffix of it (it is
// implicitly prefixed with `**`), so `instance_type` matches any attribute of
// that name and `aws_db_instance.*.allocated_storage` matches that attribute
// of every aws_db_instance. Index steps of the path are skipped when the
// pattern names none, so `scaling_config.desired_size` matches
// scaling_config[0].desired_size.
type Pattern struct {
	text     string
	steps    []patternStep
	hasIndex bool
	// hasAny is set when a `**` remains after the leading ones are dropped
	// (a pattern matches a suffix anyway, so `**.x` is `x`).
	hasAny   bool
	literals int    // number of literal steps, for specificity
	lastLit  string // last step when literal, for indexing rules
}

type patternStep struct {
	kind  patternKind
	name  string
	index bool
}

type patternKind uint8

const (
	patLiteral  patternKind = iota
	patOne                  // *
	patAny                  // **
	patIndexAny             // [*]
)

// String returns the pattern as written.
func (p *Pattern) String() string { return p.text }

// CompilePattern parses a pattern. Syntax errors name the character at
// fault and say what a step may be.
func CompilePattern(text string) (*Pattern, error) {
	if err := checkPatternSyntax(text); err != nil {
		return nil, err
	}
	p := &Pattern{text: text}
	for i := 0; i < len(text); {
		switch text[i] {
		case '.':
			i++
		case '[':
			end := indexEnd(text, i)
			inner := text[i+1 : end]
			switch {
			case inner == "*":
				p.steps = append(p.steps, patternStep{kind: patIndexAny, index: true})
			case inner[0] == '"':
				key, err := strconv.Unquote(inner)
				if err != nil {
					return nil, fmt.Errorf("pattern %q has a bad quoted key %s: %v", text, inner, err)
				}
				p.steps = append(p.steps, patternStep{kind: patLiteral, name: key, index: true})
				p.literals++
			default:
				p.steps = append(p.steps, patternStep{kind: patLiteral, name: inner, index: true})
				p.literals++
			}
			p.hasIndex = true
			i = end + 1
		default:
			j := i
			for j < len(text) && text[j] != '.' && text[j] != '[' {
				j++
			}
			switch name := text[i:j]; name {
			case "*":
				p.steps = append(p.steps, patternStep{kind: patOne})
			case "**":
				p.steps = append(p.steps, patternStep{kind: patAny})
			default:
				p.steps = append(p.steps, patternStep{kind: patLiteral, name: name})
				p.literals++
			}
			i = j
		}
	}
	// Leading `**` steps match any prefix, which a suffix match allows
	// anyway; dropping them lets the pattern be matched against the last
	// few steps of a path only.
	for len(p.steps) > 1 && p.steps[0].kind == patAny {
		p.steps = p.steps[1:]
	}
	for _, ps := range p.steps {
		if ps.kind == patAny {
			p.hasAny = true
		}
	}
	last := p.steps[len(p.steps)-1]
	if last.kind == patLiteral && !last.index {
		p.lastLit = last.name
	}
	return p, nil
}

// indexEnd returns the offset of the ']' closing the index that opens at
// text[open], skipping over a quoted key (the syntax is already checked).
func indexEnd(text string, open int) int {
	i := open + 1
	if text[i] == '"' {
		for i++; text[i] != '"'; i++ {
			if text[i] == '\\' {
				i++
			}
		}
	}
	for text[i] != ']' {
		i++
	}
	return i
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// MustCompilePattern is CompilePattern for patterns known to be valid.
func MustCompilePattern(text string) *Pattern {
	p, err := CompilePattern(text)
	if err != nil {
		panic(err)
	}
	return p
}

// matchSuffix reports whether the pattern matches a suffix of path. A pattern
// that names no index is tried again with the path's index steps skipped.
func (p *Pattern) matchSuffix(path []step) bool {
	if p.matchAnySuffix(path) {
		return true
	}
	if p.hasIndex || !hasIndexStep(path) {
		return false
	}
	if !p.hasAny {
		// Only the last name steps can matter: collect as many as the
		// pattern has, from the end.
		var buf [16]step
		named := buf[:0]
		for i := len(path) - 1; i >= 0 && len(named) < len(p.steps); i-- {
			if !path[i].index {
				named = append(named, path[i])
			}
		}
		if len(named) < len(p.steps) {
			return false
		}
		for i, j := 0, len(named)-1; i < j; i, j = i+1, j-1 {
			named[i], named[j] = named[j], named[i]
		}
		return matchSteps(p.steps, named)
	}
	return p.matchAnySuffix(namedSteps(path, nil))
}

// matchSuffixNamed is matchSuffix with the path's index-free view given
// (namedSteps), for callers that match many patterns against one path.
func (p *Pattern) matchSuffixNamed(path, named []step) bool {
	if p.matchAnySuffix(path) {
		return true
	}
	if p.hasIndex || len(named) == len(path) {
		return false
	}
	return p.matchAnySuffix(named)
}

func hasIndexStep(path []step) bool {
	for _, s := range path {
		if s.index {
			return true
		}
	}
	return false
}

// namedSteps returns the name steps of path, appended to buf.
func namedSteps(path []step, buf []step) []step {
	named := buf[:0]
	for _, s := range path {
		if !s.index {
			named = append(named, s)
		}
	}
	return named
}

// matchAnySuffix reports whether the pattern matches a suffix of path. A
// pattern without `**` can only match the suffix as long as itself, so its
// cost does not grow with the depth of the path.
func (p *Pattern) matchAnySuffix(path []step) bool {
	if !p.hasAny {
		if len(p.steps) > len(path) {
			return false
		}
		return matchSteps(p.steps, path[len(path)-len(p.steps):])
	}
	for start := len(path); start >= 0; start-- {
		if matchSteps(p.steps, path[start:]) {
			return true
		}
	}
	return false
}

// matchSteps matches the whole of path against pattern steps.
func matchSteps(pat []patternStep, path []step) bool {
	for len(pat) > 0 {
		ps := pat[0]
		if ps.kind == patAny {
			for k := 0; k <= len(path); k++ {
				if matchSteps(pat[1:], path[k:]) {
					return true
				}
			}
			return false
		}
		if len(path) == 0 {
			return false
		}
		s := path[0]
		switch ps.kind {
		case patOne:
		case patIndexAny:
			if !s.index {
				return false
			}
		case patLiteral:
			if s.name != ps.name {
				return false
			}
		}
		pat, path = pat[1:], path[1:]
	}
	return len(path) == 0
}

// parseAddress splits a resource address such as
// module.app["a"].aws_instance.web[0] into steps. Addresses come from
// Terraform or from the comparison itself, whose environment placeholder
// ({env}) is no pattern character, so names are read up to the next dot or
// bracket whatever they contain.
func parseAddress(addr string) []step {
	if addr == "" {
		return nil
	}
	var steps []step
	for i := 0; i < len(addr); {
		switch addr[i] {
		case '.':
			i++
		case '[':
			end := i + 1
			quoted := end < len(addr) && addr[end] == '"'
			if quoted {
				for end++; end < len(addr) && addr[end] != '"'; end++ {
					if addr[end] == '\\' {
						end++
					}
				}
				end++
			}
			for end < len(addr) && addr[end] != ']' {
				end++
			}
			inner := addr[i+1 : min(end, len(addr))]
			if quoted {
				if key, err := strconv.Unquote(inner); err == nil {
					steps = append(steps, step{name: key, index: true, num: isDigits(key)})
					i = end + 1
					continue
				}
			}
			steps = append(steps, step{name: inner, index: true, num: isDigits(inner)})
			i = end + 1
		default:
			j := i
			for j < len(addr) && addr[j] != '.' && addr[j] != '[' {
				j++
			}
			steps = append(steps, step{name: addr[i:j]})
			i = j
		}
	}
	return steps
}
