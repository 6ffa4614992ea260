package parity

import (
	"sort"
	"strings"
)

// EnvPlaceholder replaces environment tokens in names and values before they
// are compared or hashed.
const EnvPlaceholder = "{env}"

// Default environment tokens.
var (
	DefaultStagingTokens    = []string{"staging", "stage", "stg"}
	DefaultProductionTokens = []string{"production", "prod", "prd"}
)

// tokenReplacer replaces whole-word occurrences of environment tokens,
// case-insensitively. A word boundary is any character that is not a letter,
// so staging-db, db_staging, prod01 and staging.example.com all match while
// "prodigy" and "upstage" do not.
type tokenReplacer struct {
	tokens []string  // lower case, longest first
	first  [256]bool // first bytes of the tokens, both cases
}

func newTokenReplacer(tokens []string) *tokenReplacer {
	r := &tokenReplacer{}
	seen := map[string]bool{}
	for _, t := range tokens {
		t = strings.ToLower(strings.TrimSpace(t))
		if t == "" || seen[t] {
			continue
		}
		seen[t] = true
		r.tokens = append(r.tokens, t)
		r.first[t[0]] = true
		r.first[strings.ToUpper(t[:1])[0]] = true
	}
	sort.SliceStable(r.tokens, func(i, j int) bool { return len(r.tokens[i]) > len(r.tokens[j]) })
	return r
}

func isWordByte(c byte) bool {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80
}

// Replace returns s with every token replaced by EnvPlaceholder.
//
// Names that allow no separators (Azure storage accounts: stshopwebstg01,
// wafparcelsstaging) carry the environment inside a word; there a token
// counts when the whole word is lower-case letters and digits and the token
// ends it or is followed by digits.
func (r *tokenReplacer) Replace(s string) string { return r.replace(s, true) }

// ReplaceWords is Replace with tokens matched as whole words only, for
// deciding whether a value names an environment at all ("backstage" does
// not).
func (r *tokenReplacer) ReplaceWords(s string) string { return r.replace(s, false) }

func (r *tokenReplacer) replace(s string, inWords bool) string {
	if r == nil || len(r.tokens) == 0 || s == "" {
		return s
	}
	var b *strings.Builder
	last := 0
	for i := 0; i < len(s); {
		if !r.first[s[i]] {
			i++
			continue
		}
		inWord := i > 0 && isWordByte(s[i-1])
		if inWord && (!inWords || !(s[i] >= 'a' && s[i] <= 'z') || i < 2 || !isWordByte(s[i-2])) {
			i++
			continue
		}
		matched := 0
		for _, t := range r.tokens {
			if len(s)-i < len(t) || !strings.EqualFold(s[i:i+len(t)], t) {
				continue
			}
			end := i + len(t)
			if inWord {
				// Inside a lower-case word of letters and digits, the token
				// must end the word or be followed by digits.
				endsWord := end == len(s) || !(isWordByte(s[end]) || isDigitByte(s[end]))
				if !(endsWord || isDigitByte(s[end])) || !lowerAlnumWord(s, i) || s[i:end] != t {
					continue
				}
			} else if end < len(s) && isWordByte(s[end]) {
				continue
			}
			matched = len(t)
			break
		}
		if matched == 0 {
			i++
			continue
		}
		if b == nil {
			b = &strings.Builder{}
			b.Grow(len(s))
		}
		b.WriteString(s[last:i])
		b.WriteString(EnvPlaceholder)
		i += matched
		last = i
	}
	if b == nil {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

func isDigitByte(c byte) bool { return c >= '0' && c <= '9' }

// lowerAlnumWord reports whether the run of letters and digits around s[i]
// is lower-case letters and digits only.
func lowerAlnumWord(s string, i int) bool {
	alnum := func(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigitByte(c) }
	start, end := i, i
	for start > 0 && alnum(s[start-1]) {
		start--
	}
	for end < len(s) && alnum(s[end]) {
		end++
	}
	for k := start; k < end; k++ {
		if c := s[k]; c >= 'A' && c <= 'Z' {
			return false
		}
	}
	return true
}

// Normalize returns s with environment tokens replaced and the parts every
// environment has its own of normalised: account ids in ARNs, EKS OIDC
// issuer ids and the suffix Terraform appends to names it generates
// (name_prefix, or no name at all: terraform-20240311101520123400000001).
//
// Environment words are then dropped with one separator next to them:
// production often carries no environment word where staging carries one
// (inventory.example.com against inventory-stg.example.com,
// shop.lumen.shop against shop.staging.lumen.shop), and either way the
// value names the environment's own thing.
func (r *tokenReplacer) Normalize(s string) string {
	// Identities first: environment words inside a generated host name or
	// path would otherwise cut it short.
	return dropEnvWords(r.Replace(normalizeIdentityText(normalizeGeneratedName(s))))
}

// dropEnvWords removes every EnvPlaceholder with the separator before it
// (or, at the start or after another character, the one after it).
func dropEnvWords(s string) string {
	if !strings.Contains(s, EnvPlaceholder) {
		return s
	}
	isSep := func(c byte) bool { return c == '-' || c == '_' || c == '.' || c == '/' || c == ':' || c == ' ' }
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		if !strings.HasPrefix(s[i:], EnvPlaceholder) {
			out = append(out, s[i])
			i++
			continue
		}
		end := i + len(EnvPlaceholder)
		switch {
		case len(out) > 0 && isSep(out[len(out)-1]):
			// "x-{env}", "a.{env}.b": the separator before it goes.
			out = out[:len(out)-1]
		case end < len(s) && isSep(s[end]):
			// "{env}-x": the separator after it goes.
			end++
		}
		i = end
	}
	return string(out)
}

// normalizeGeneratedName replaces the unique part of a generated name: a
// UTC timestamp to the ten-thousandth of a second and an eight-digit hex
// counter (the plugin SDK's PrefixedUniqueId), at the end of the name or
// between separators (eks-general-20240218172834109100000001-<uuid>).
func normalizeGeneratedName(s string) string {
	const n = 26
	if len(s) < n || !strings.Contains(s, "20") {
		return s
	}
	var b *strings.Builder
	last := 0
	for i := 0; i+n <= len(s); i++ {
		if s[i] != '2' || s[i+1] != '0' || (i > 0 && isAlnumByte(s[i-1])) || (i+n < len(s) && isAlnumByte(s[i+n])) {
			continue
		}
		if !generatedID(s[i : i+n]) {
			continue
		}
		if b == nil {
			b = &strings.Builder{}
		}
		b.WriteString(s[last:i])
		b.WriteString("{generated}")
		last = i + n
		i += n - 1
	}
	if b == nil {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

func isAlnumByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// generatedID reports whether t (26 characters) is 18 digits and 8 hex.
func generatedID(t string) bool {
	for i := 0; i < 18; i++ {
		if t[i] < '0' || t[i] > '9' {
			return false
		}
	}
	for i := 18; i < len(t); i++ {
		if c := t[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// normMemo remembers tokens.Normalize(refs.replace(s)) by s for one walk of
// one goroutine (it is not safe for concurrent use). States repeat the same
// strings (regions, names, policy ARNs) across thousands of resources, and
// each normalisation runs dozens of substring tests and regexps; both are
// pure functions of s for a given side, so the memo changes no result.
type normMemo struct {
	tokens *tokenReplacer
	refs   *sideRefs
	m      memo[string, string]
}

func newNormMemo(tokens *tokenReplacer, refs *sideRefs) *normMemo {
	return &normMemo{tokens: tokens, refs: refs}
}

// normalize returns tokens.Normalize(refs.replace(s)).
func (n *normMemo) normalize(s string) string {
	if out, ok := n.m.get(s); ok {
		return out
	}
	return n.m.put(s, n.tokens.Normalize(n.refs.replace(s)))
}
