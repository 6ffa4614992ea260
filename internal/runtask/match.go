package runtask

import (
	"slices"
	"strings"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// Side names one side of a pair.
type Side string

// The two sides.
const (
	SideStaging    Side = "staging"
	SideProduction Side = "production"
)

// other returns the opposite side.
func (s Side) other() Side {
	if s == SideStaging {
		return SideProduction
	}
	return SideStaging
}

// selector returns the pair's selector of side s.
func (p *Pair) selector(s Side) Selector {
	if s == SideStaging {
		return p.Staging
	}
	return p.Production
}

// needsTags reports whether any pair selects workspaces by tag, so that the
// run's workspace tags must be read before matching.
func (c *Config) needsTags() bool {
	for _, p := range c.Pairs {
		if len(p.Staging.Tags) > 0 || len(p.Production.Tags) > 0 {
			return true
		}
	}
	return false
}

// match is a run's workspace matched to one side of a pair.
type match struct {
	pair *Pair
	side Side
	// captures are the texts the `*` of a workspace_pattern matched, which
	// name the counterpart when it is a pattern too.
	captures []string
}

// matchWorkspace finds the first pair (in file order) with a side that
// selects the workspace; staging is tried before production.
func (c *Config) matchWorkspace(name string, tags []string) (match, bool) {
	for i := range c.Pairs {
		p := &c.Pairs[i]
		for _, side := range []Side{SideStaging, SideProduction} {
			if caps, ok := p.selector(side).matches(name, tags); ok {
				return match{pair: p, side: side, captures: caps}, true
			}
		}
	}
	return match{}, false
}

// matches reports whether the selector picks the workspace, with the texts
// each `*` of a pattern matched.
func (s Selector) matches(name string, tags []string) ([]string, bool) {
	switch {
	case s.Workspace != "":
		return nil, name == s.Workspace
	case s.Pattern != "":
		return globMatch(s.Pattern, name)
	}
	for _, t := range s.Tags {
		if !slices.Contains(tags, t) {
			return nil, false
		}
	}
	return nil, len(s.Tags) > 0
}

// globMatch matches name against pattern, where `*` matches any run of
// characters (possibly empty) and everything else matches itself. It returns
// what each `*` matched; with several stars the earliest take the least.
func globMatch(pattern, name string) ([]string, bool) {
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(name, parts[0]) {
		return nil, false
	}
	rest := name[len(parts[0]):]
	var caps []string
	for i := 1; i < len(parts); i++ {
		lit := parts[i]
		if i == len(parts)-1 {
			if !strings.HasSuffix(rest, lit) {
				return nil, false
			}
			caps = append(caps, rest[:len(rest)-len(lit)])
			return caps, true
		}
		j := strings.Index(rest, lit)
		if j < 0 {
			return nil, false
		}
		caps = append(caps, rest[:j])
		rest = rest[j+len(lit):]
	}
	return caps, rest == ""
}

// expandGlob fills the stars of pattern with caps; ok is false when the
// counts differ.
func expandGlob(pattern string, caps []string) (string, bool) {
	parts := strings.Split(pattern, "*")
	if len(parts)-1 != len(caps) {
		return "", false
	}
	var b strings.Builder
	for i, p := range parts {
		b.WriteString(p)
		if i < len(caps) {
			b.WriteString(caps[i])
		}
	}
	return b.String(), true
}

// normaliseName replaces the environment tokens in a workspace name with one
// placeholder, the way the engine treats names in resources: web-staging and
// web-production are both web-{env}. A token is a whole word, bounded by
// anything that is not a letter.
func normaliseName(name string, tokens parity.EnvironmentTokens) string {
	all := append(append([]string{}, orDefault(tokens.Staging, parity.DefaultStagingTokens)...),
		orDefault(tokens.Production, parity.DefaultProductionTokens)...)
	// Longest first, so that "production" wins over "prod".
	slices.SortStableFunc(all, func(a, b string) int { return len(b) - len(a) })
	lower := strings.ToLower(name)
	var b strings.Builder
	for i := 0; i < len(lower); {
		if i > 0 && isLetter(lower[i-1]) {
			b.WriteByte(lower[i])
			i++
			continue
		}
		replaced := false
		for _, t := range all {
			t = strings.ToLower(t)
			end := i + len(t)
			if t == "" || end > len(lower) || lower[i:end] != t || (end < len(lower) && isLetter(lower[end])) {
				continue
			}
			b.WriteString(parity.EnvPlaceholder)
			i = end
			replaced = true
			break
		}
		if !replaced {
			b.WriteByte(lower[i])
			i++
		}
	}
	return b.String()
}

func orDefault(tokens, def []string) []string {
	if tokens == nil {
		return def
	}
	return tokens
}

func isLetter(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80 }
