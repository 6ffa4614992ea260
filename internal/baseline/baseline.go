// Package baseline writes and checks baselines: rules files that accept
// every difference a comparison finds today, one entry per finding, so that
// a team can turn `parity check` on at once and burn the list down.
//
//	ignore "aws_instance.web.monitoring" {
//	  reason = "baseline 2025-01-31: config_drift"
//	}
//	only_in "production" {
//	  address = "aws_wafv2_web_acl.main"
//	  reason  = "baseline 2025-01-31: only_in_production"
//	}
//
// A baseline is an ordinary rules file: the CLI reads it with --rules and
// parity_check with rules_file. What makes an entry a baseline entry is its
// reason, "baseline YYYY-MM-DD: …", so that a later check can tell the
// entries whose difference is gone (Stale) from the team's own rules.
package baseline

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// DateLayout is how entries write their date.
const DateLayout = "2006-01-02"

// entryReason is the reason of a baseline entry: the word baseline and a
// date, then what the entry accepted.
var entryReason = regexp.MustCompile(`^baseline [0-9]{4}-[0-9]{2}-[0-9]{2}(:|$)`)

// IsEntry reports whether a rule's reason marks it as a baseline entry.
func IsEntry(reason string) bool { return entryReason.MatchString(reason) }

// Split returns rules without their baseline entries (ignore and only_in
// rules whose reason marks them), and those entries as rules of their own.
// Entries may come from any rules file; only their reason counts.
func Split(rules parity.Rules) (kept, entries parity.Rules) {
	kept = rules
	kept.Ignores, kept.OnlyIn = nil, nil
	for _, r := range rules.Ignores {
		if IsEntry(r.Reason) {
			entries.Ignores = append(entries.Ignores, r)
		} else {
			kept.Ignores = append(kept.Ignores, r)
		}
	}
	for _, r := range rules.OnlyIn {
		if IsEntry(r.Reason) {
			entries.OnlyIn = append(entries.OnlyIn, r)
		} else {
			kept.OnlyIn = append(kept.OnlyIn, r)
		}
	}
	if Count(entries) == 0 {
		return rules, parity.Rules{}
	}
	return kept, entries
}

// Count is the number of entries Split found.
func Count(entries parity.Rules) int { return len(entries.Ignores) + len(entries.OnlyIn) }

// Stale returns the entries that accept no finding of rep0, the report of
// the same comparison without the entries: their difference is gone (or
// their resource), so the entry can be deleted. The result is never nil,
// so that reports can tell "no stale entry" from "no baseline".
func Stale(entries parity.Rules, rep0 *parity.Report) []parity.StaleRule {
	out := []parity.StaleRule{}
	covering := parity.IgnoresCovering(entries.Ignores, rep0.Findings)
	for i, e := range entries.Ignores {
		if covering[i] {
			continue
		}
		pattern := e.Pattern
		if e.ResourceType != "" {
			pattern = e.ResourceType + "." + pattern
		}
		out = append(out, parity.StaleRule{Rule: fmt.Sprintf("ignore %q", pattern), Reason: e.Reason, Source: e.Source})
	}
	for _, e := range entries.OnlyIn {
		live := false
		for i := range rep0.Findings {
			if parity.OnlyInCovers(e, rep0.Findings[i]) {
				live = true
				break
			}
		}
		if !live {
			out = append(out, parity.StaleRule{Rule: fmt.Sprintf("only_in %q %q", e.Environment, e.Address), Reason: e.Reason, Source: e.Source})
		}
	}
	return out
}

// Entry is one entry of a baseline.
type Entry struct {
	// Block is "ignore" (an attribute's difference) or "only_in" (a
	// resource that exists on one side only).
	Block string
	// Pattern is the ignore's pattern; for only_in, the resource address.
	Pattern string
	// Environment is the side an only_in resource exists in.
	Environment string
	Reason      string
}

// Baseline is what Make writes.
type Baseline struct {
	Date    time.Time
	Entries []Entry
	// Findings counts the drift findings the entries accept; Unknown the
	// findings of values unknown until apply, which are left out: they are
	// no drift, and apply checks them again.
	Findings, Unknown int
	// Widened counts the findings accepted by an entry for a path that
	// holds theirs, where the engine does not classify their own path (an
	// element of a set is compared inside its list).
	Widened int
}

// maxRounds bounds the comparisons Make runs to check its entries: each
// round widens the entries that did not accept their finding by one step.
const maxRounds = 12

// Make returns the baseline of rep, the report of comparing staging and
// production under rules (rules without baseline entries, see Split), and
// checks it: with the entries laid over rules, the comparison must find no
// drift. A finding no entry can be written for is an error that names it.
func Make(staging, production parity.Environment, rules parity.Rules, rep *parity.Report, date time.Time) (*Baseline, error) {
	b := &Baseline{Date: date}
	day := date.Format(DateLayout)
	var candidates []*candidate
	byKey := map[string]*candidate{}
	var onlyIn []Entry
	onlyInKeys := map[string]bool{}
	for i := range rep.Findings {
		f := &rep.Findings[i]
		switch {
		case f.Kind == parity.FindingUnknown:
			b.Unknown++
			continue
		case !f.Kind.IsDrift():
			continue
		}
		b.Findings++
		if f.Kind == parity.FindingOnlyInStaging || f.Kind == parity.FindingOnlyInProduction {
			env, addr := "staging", f.StagingAddress
			if f.Kind == parity.FindingOnlyInProduction {
				env, addr = "production", f.ProductionAddress
			}
			p, ok := parity.ExactPattern(addr, "")
			if !ok {
				return nil, fmt.Errorf("cannot write a baseline entry for %s: its address is no pattern", parity.EscapeText(addr))
			}
			onlyIn = append(onlyIn, Entry{Block: "only_in", Pattern: p, Environment: env, Reason: fmt.Sprintf("baseline %s: %s", day, f.Kind)})
			onlyInKeys[findingKey(f)] = true
			continue
		}
		key := findingKey(f)
		if byKey[key] != nil || onlyInKeys[key] {
			continue
		}
		c := &candidate{f: f, options: patternOptions(f, staging)}
		if len(c.options) == 0 {
			return nil, fmt.Errorf("cannot write a baseline entry for %s: no pattern can name its path", describe(f))
		}
		byKey[key] = c
		candidates = append(candidates, c)
	}

	sort.Slice(onlyIn, func(i, j int) bool {
		if onlyIn[i].Environment != onlyIn[j].Environment {
			return onlyIn[i].Environment < onlyIn[j].Environment
		}
		return onlyIn[i].Pattern < onlyIn[j].Pattern
	})
	onlyIn = dedupe(onlyIn)

	// Check the entries against the engine, widening the ones it does not
	// apply to (a path inside a set, say) until every finding is accepted.
	for round := 0; ; round++ {
		entries := append(ignoreEntries(candidates, day), onlyIn...)
		if len(entries) == 0 {
			break
		}
		over, diags := parity.ParseRules(render(entries, nil), "baseline")
		if diags.HasErrors() {
			return nil, fmt.Errorf("the baseline written does not parse (please report this): %v", parity.DiagnosticsError(diags))
		}
		check, err := parity.Compare(staging, production, rules.Merge(over))
		if err != nil {
			return nil, err
		}
		var left []*candidate
		seen := map[*candidate]bool{}
		for i := range check.Findings {
			f := &check.Findings[i]
			if c := byKey[findingKey(f)]; c != nil && !seen[c] {
				// Once per candidate: findings may share a path (two keys
				// shaped like credentials are both written ["(sensitive)"]),
				// and each round widens a candidate by one step only.
				seen[c] = true
				left = append(left, c)
			}
			if onlyInKeys[findingKey(f)] {
				return nil, fmt.Errorf("cannot write a baseline entry that accepts %s (please report this)", describe(f))
			}
		}
		if len(left) == 0 {
			b.Entries = entries
			break
		}
		for _, c := range left {
			c.at++
			if c.at >= len(c.options) || round+1 >= maxRounds {
				return nil, fmt.Errorf("cannot write a baseline entry that accepts %s (please report this)", describe(c.f))
			}
		}
	}
	for _, c := range candidates {
		if c.at > 0 {
			b.Widened++
		}
	}
	return b, nil
}

// findingKey identifies a finding between two comparisons.
func findingKey(f *parity.Finding) string {
	return f.Environment + "\x00" + f.Address + "\x00" + f.Path + "\x00" + string(f.Kind)
}

// describe names a finding for messages, without its values.
func describe(f *parity.Finding) string {
	where := f.Address
	if f.Path != "" {
		if where != "" {
			where += " "
		}
		where += f.Path
	}
	if where == "" {
		where = "the settings object"
	}
	return fmt.Sprintf("the %s finding at %s", f.Kind, parity.EscapeText(where))
}

// patternOptions lists the patterns that may accept f, most exact first:
// the finding's own path, then each path that holds it. A count of
// resource instances is classified at the first instance's address, which
// carries an index when staging's instances are counted and none when
// staging has a single resource without count.
func patternOptions(f *parity.Finding, staging parity.Environment) []string {
	var out []string
	add := func(address, path string) {
		if p, ok := parity.ExactPattern(address, path); ok {
			out = append(out, p)
		}
	}
	if f.Path == "count" && f.ResourceType != "" && f.Address != "" {
		base, ok := parity.ExactPattern(f.Address, "")
		if !ok {
			return nil
		}
		unindexed := false
		for _, r := range staging.Resources {
			if r.Address == f.StagingAddress {
				unindexed = true
				break
			}
		}
		if unindexed {
			return []string{base + ".count", base + "[*].count"}
		}
		return []string{base + "[*].count", base + ".count"}
	}
	if f.Path == "" {
		return nil
	}
	add(f.Address, f.Path)
	for _, parent := range parity.PathParents(f.Path) {
		add(f.Address, parent)
	}
	return out
}

// candidate is a finding and the patterns that may accept it.
type candidate struct {
	f       *parity.Finding
	options []string // the exact pattern first, then wider ones
	at      int      // the option in use
}

// ignoreEntries returns one ignore per distinct pattern the candidates
// stand at, sorted by pattern; the reason names the kinds of finding it
// accepts and, where it had to be widened, the path it was written for.
func ignoreEntries(cs []*candidate, day string) []Entry {
	type group struct {
		kinds   []string
		widened []string
	}
	groups := map[string]*group{}
	var patterns []string
	for _, c := range cs {
		p := c.options[c.at]
		g := groups[p]
		if g == nil {
			g = &group{}
			groups[p] = g
			patterns = append(patterns, p)
		}
		if k := string(c.f.Kind); !contains(g.kinds, k) {
			g.kinds = append(g.kinds, k)
		}
		if c.at > 0 {
			g.widened = append(g.widened, c.f.Path)
		}
	}
	sort.Strings(patterns)
	entries := make([]Entry, 0, len(patterns))
	for _, p := range patterns {
		g := groups[p]
		sort.Strings(g.kinds)
		reason := fmt.Sprintf("baseline %s: %s", day, strings.Join(g.kinds, ", "))
		if len(g.widened) > 0 {
			sort.Strings(g.widened)
			reason += " at " + g.widened[0]
			if n := len(g.widened) - 1; n > 0 {
				reason += fmt.Sprintf(" and %d more %s", n, plural(n, "path", "paths"))
			}
		}
		entries = append(entries, Entry{Block: "ignore", Pattern: p, Reason: reason})
	}
	return entries
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// render writes entries as a rules file, `terraform fmt` style; header
// lines become comments at the top.
func render(entries []Entry, header []string) []byte {
	f := hclwrite.NewEmptyFile()
	body := f.Body()
	if len(header) > 0 {
		var comment strings.Builder
		for _, line := range header {
			if line == "" {
				comment.WriteString("#\n")
				continue
			}
			comment.WriteString("# " + line + "\n")
		}
		body.AppendUnstructuredTokens(hclwrite.Tokens{{Type: hclsyntax.TokenComment, Bytes: []byte(comment.String())}})
		body.AppendNewline()
	}
	for i, e := range entries {
		if i > 0 {
			body.AppendNewline()
		}
		switch e.Block {
		case "only_in":
			blk := body.AppendNewBlock("only_in", []string{e.Environment})
			blk.Body().SetAttributeValue("address", cty.StringVal(e.Pattern))
			blk.Body().SetAttributeValue("reason", cty.StringVal(e.Reason))
		default:
			blk := body.AppendNewBlock("ignore", []string{e.Pattern})
			blk.Body().SetAttributeValue("reason", cty.StringVal(e.Reason))
		}
	}
	return hclwrite.Format(f.Bytes())
}

// dedupe drops entries equal to the one before (entries are sorted).
func dedupe(entries []Entry) []Entry {
	out := entries[:0]
	for i, e := range entries {
		if i > 0 && e == entries[i-1] {
			continue
		}
		out = append(out, e)
	}
	return out
}

// HCL renders the baseline as a rules file, with a header that says what
// it is and how to use it.
func (b *Baseline) HCL() []byte {
	header := []string{
		fmt.Sprintf("Baseline of parity check, written %s: %d %s accepting %d %s.", b.Date.Format(DateLayout),
			len(b.Entries), plural(len(b.Entries), "entry", "entries"), b.Findings, plural(b.Findings, "finding", "findings")),
		"Each entry accepts a difference that existed that day, so that the check",
		"can be turned on now. parity check names an entry that accepts nothing any",
		"more (the difference was fixed) as stale: delete it, and let the list shrink.",
		"Use it with: parity check --rules parity.hcl --rules THIS_FILE …",
	}
	if b.Unknown > 0 {
		header = append(header, fmt.Sprintf("%d %s of values unknown until apply %s left out: apply checks them again.",
			b.Unknown, plural(b.Unknown, "finding", "findings"), plural(b.Unknown, "is", "are")))
	}
	return render(b.Entries, header)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
