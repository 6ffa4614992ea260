package parity

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/envparity/terraform-provider-parity/internal/sizes"
)

// Hint is a rule that accepts a finding, written in the block syntax that
// parity_check and parity.hcl share, so it can be pasted into either. Hints
// only name rules that work: laid over the rules of the comparison, each
// makes its finding go away (the tests apply every one).
type Hint struct {
	// Kind is the rule's block: size, ignore or only_in.
	Kind string
	// Block is the rule as HCL, its body indented by two spaces.
	Block string
}

// Hints returns the rules that would accept the finding: for a size that
// breaks the ratio, a size rule with a ratio that fits (when one does); for
// a resource on one side only, an only_in rule; for any other difference at
// a path, an ignore. Findings of the whole value and unknown values get
// none.
func Hints(f Finding) []Hint {
	var out []Hint
	switch f.Kind {
	case FindingOnlyInStaging, FindingOnlyInProduction:
		env, addr := "production", f.ProductionAddress
		if f.Kind == FindingOnlyInStaging {
			env, addr = "staging", f.StagingAddress
		}
		addr = withoutInstanceKey(addr)
		if addr == "" {
			return nil
		}
		if _, err := CompilePattern(addr); err != nil {
			return nil
		}
		out = append(out, Hint{Kind: "only_in", Block: block("only_in",
			[2]string{"environment", strconv.Quote(env)},
			[2]string{"address", strconv.Quote(addr)},
			[2]string{"reason", strconv.Quote("why only " + env + " has it")})})
		return out
	case FindingUnknown:
		return nil
	}
	resourceType, pattern := hintPattern(f)
	if pattern == "" {
		return nil
	}
	var scope [][2]string
	if resourceType != "" {
		scope = append(scope, [2]string{"resource_type", strconv.Quote(resourceType)})
	}
	scope = append(scope, [2]string{"pattern", strconv.Quote(pattern)})
	if (f.Kind == FindingSizeRatio || f.Kind == FindingConfigDrift) && f.FittingRatio != "" {
		out = append(out, Hint{Kind: "size", Block: block("size", append(scope, [2]string{"ratio", f.FittingRatio})...)})
	}
	out = append(out, Hint{Kind: "ignore", Block: block("ignore", append(scope, [2]string{"reason", `"why staging differs"`})...)})
	return out
}

// hintPattern returns the pattern a rule needs to match the finding's path:
// scoped to the resource type when there is one (the path alone then
// matches in every resource of that type, at any count or for_each key),
// else prefixed with the address, whose steps that carry an environment
// token become `*` since rules match the address as compared.
func hintPattern(f Finding) (resourceType, pattern string) {
	if f.Path == "" {
		return "", ""
	}
	pattern = withoutListIndexes(f.Path)
	if pattern == "" {
		return "", ""
	}
	switch {
	case f.ResourceType != "":
		resourceType = f.ResourceType
	case f.Address != "":
		steps := parseAddress(f.Address)
		for i, s := range steps {
			if strings.Contains(s.name, EnvPlaceholder) {
				steps[i] = step{name: "*", index: s.index}
			}
		}
		prefix := formatPath(steps)
		prefix = strings.ReplaceAll(prefix, `["*"]`, "[*]")
		if strings.HasPrefix(pattern, "[") {
			pattern = prefix + pattern
		} else {
			pattern = prefix + "." + pattern
		}
	}
	if _, err := CompilePattern(pattern); err != nil {
		return "", ""
	}
	return resourceType, pattern
}

// withoutListIndexes drops the list indexes of a path: elements are matched
// by key or content, and an element present on one side only has no index
// on the other, so a rule names the list (pools.max_connections covers
// pools[0].max_connections and an added pools[3]). Quoted keys stay; where
// they do, the indexes become [*], as a pattern that names one index step
// must name them all.
func withoutListIndexes(path string) string {
	p, err := CompilePattern(path)
	if err != nil {
		return path
	}
	quoted := false
	for _, s := range p.steps {
		if s.index && !isDigits(s.name) {
			quoted = true
		}
	}
	var b strings.Builder
	for _, s := range p.steps {
		switch {
		case s.index && isDigits(s.name) && quoted:
			b.WriteString("[*]")
		case s.index && isDigits(s.name):
		case s.index || !isIdentifier(s.name):
			b.WriteString("[" + strconv.Quote(s.name) + "]")
		default:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s.name)
		}
	}
	return b.String()
}

// withoutInstanceKey drops a trailing count or for_each key from an
// address, so that one rule covers every instance.
func withoutInstanceKey(addr string) string {
	steps := parseAddress(addr)
	if n := len(steps); n > 0 && steps[n-1].index {
		return formatPath(steps[:n-1])
	}
	return addr
}

// block writes an HCL block with aligned arguments.
func block(kind string, args ...[2]string) string {
	width := 0
	for _, a := range args {
		width = max(width, len(a[0]))
	}
	var b strings.Builder
	b.WriteString(kind + " {\n")
	for _, a := range args {
		fmt.Fprintf(&b, "  %-*s = %s\n", width, a[0], a[1])
	}
	b.WriteString("}")
	return b.String()
}

// fittingRatios are the ratios a size hint may suggest: simple shares that
// read well in a rules file.
var fittingRatios = []string{
	"1", "0.75", "0.5", "0.375", "0.25", "0.2", "0.125", "0.1", "0.0625", "0.05", "0.03125", "0.025",
	"0.015625", "0.01", "1.5", "2", "3", "4",
}

// fittingRatio returns the simple ratio at which staging is accepted on the
// ladder of the two sizes, or "": one whose product is staging's size
// exactly if any, the one nearest to current among them.
func fittingRatio(staging, production string, current float64, rounding Rounding, minimum string) string {
	best, bestScore := "", math.Inf(1)
	for _, text := range fittingRatios {
		r, _ := strconv.ParseFloat(text, 64)
		if r == current {
			continue
		}
		ok, res, err := sizes.Check(staging, production, sizes.RatioFromFloat(r), sizes.Rounding(rounding), minimum)
		if err != nil || !ok {
			continue
		}
		score := math.Abs(math.Log(r / current))
		if !res.Exact {
			score += 100
		}
		if score < bestScore {
			best, bestScore = text, score
		}
	}
	return best
}
