package parity

import (
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"sort"
	"strings"
	"sync"

	"github.com/envparity/terraform-provider-parity/internal/sizes"
)

// engine holds compiled rules for one comparison.
type engine struct {
	// stagingName is what messages call the environment compared with
	// production; "" means "staging".
	stagingName string
	cls         *classifier
	ratio       *big.Rat
	ratioF      float64
	// sRefs and pRefs are the identity values of each side; sMemo and
	// pMemo remember each side's view digests.
	sRefs, pRefs *sideRefs
	sMemo, pMemo *viewMemo
	// sNorm and pNorm normalise each side's strings with its references,
	// norm without; all three belong to the comparison's goroutine.
	sNorm, pNorm, norm *normMemo
	// rawKeys remembers the content keys of containers (as written).
	rawKeys          map[*container]string
	stagingTokens    *tokenReplacer
	productionTokens *tokenReplacer
	bothTokens       *tokenReplacer
	modulePairs      []ModulePair
	rules            Rules
	// sizeCache remembers size checks: a state repeats a handful of
	// distinct (staging, production, rule) combinations thousands of times.
	sizeCache memo[sizeKey, sizeOutcome]
	// belowCache remembers belowMinimum by production size and minimum:
	// it parses both sizes, and every size under a floor asks it.
	belowCache memo[[2]string, bool]
	// redact is how much of the values findings show.
	redact Redact
	// infos describe the user rules in the order of the classifiers'
	// counters; pairUses and onlyInUses count what module pairs and
	// only_in rules did.
	infos      []ruleInfo
	pairUses   []ruleCount
	onlyIn     []*Pattern
	onlyInUses []ruleCount
	// digestKey keys the HMAC that compares opted-in secrets. It is random,
	// made for this one comparison and never stored or printed, so that no
	// digest outlives the comparison to let anyone test guesses.
	digestKey [32]byte
}

type sizeKey struct {
	staging, production string
	ratio               float64
	rounding            Rounding
	minimum             string
}

type sizeOutcome struct {
	notSize bool // neither value is on any ladder
	ok      bool
	res     sizes.Result
	err     error
	// fit is the fitting ratio of a failed check, computed on first need.
	fit *string
}

func newEngine(rules Rules) (*engine, error) {
	// Zero means "not set" (ratio 1); anything else goes through the one
	// range check every entry point shares.
	if rules.Ratio != 0 {
		if _, err := sizes.RatioFromFloat64(rules.Ratio); err != nil {
			return nil, err
		}
	}
	for _, r := range rules.Sizes {
		if r.Ratio != 0 {
			if _, err := sizes.RatioFromFloat64(r.Ratio); err != nil {
				return nil, fmt.Errorf("size %q: %w", r.Pattern, err)
			}
		}
	}
	redact, err := ParseRedact(string(rules.Redact))
	if err != nil {
		return nil, err
	}
	ratio := rules.Ratio
	if ratio == 0 {
		ratio = 1
	}
	cls, err := newClassifier(rules)
	if err != nil {
		return nil, err
	}
	st, pt := rules.Tokens.Staging, rules.Tokens.Production
	if st == nil {
		st = DefaultStagingTokens
	}
	if pt == nil {
		pt = DefaultProductionTokens
	}
	for _, mp := range rules.ModulePairs {
		if mp.Staging == "" || mp.Production == "" {
			return nil, errors.New("module_pair: both the staging and the production module path are required")
		}
	}
	onlyIn := make([]*Pattern, len(rules.OnlyIn))
	for i, r := range rules.OnlyIn {
		if r.Environment != "staging" && r.Environment != "production" {
			return nil, fmt.Errorf("only_in %q: the environment must be \"staging\" or \"production\", got %q", r.Address, r.Environment)
		}
		if strings.TrimSpace(r.Reason) == "" {
			return nil, fmt.Errorf("only_in %q: a reason is required", r.Address)
		}
		p, err := CompilePattern(r.Address)
		if err != nil {
			return nil, fmt.Errorf("only_in %q: %w", r.Address, err)
		}
		onlyIn[i] = p
	}
	e := &engine{
		cls:              cls,
		ratio:            sizes.RatioFromFloat(ratio),
		ratioF:           ratio,
		stagingTokens:    newTokenReplacer(st),
		productionTokens: newTokenReplacer(pt),
		bothTokens:       newTokenReplacer(append(append([]string{}, st...), pt...)),
		modulePairs:      rules.ModulePairs,
		rules:            rules,
		redact:           redact,
		infos:            ruleInfos(rules),
		pairUses:         make([]ruleCount, len(rules.ModulePairs)),
		onlyIn:           onlyIn,
		onlyInUses:       make([]ruleCount, len(rules.OnlyIn)),
	}
	// Walks before the references are collected (module instance counts)
	// normalise without references, as they always have; compare replaces
	// these memos once both sides' references are known.
	e.norm = newNormMemo(e.bothTokens, nil)
	e.sNorm, e.pNorm = newNormMemo(e.bothTokens, nil), newNormMemo(e.bothTokens, nil)
	rand.Read(e.digestKey[:])
	return e, nil
}

// ValidateRules compiles rules and reports the first problem, so callers can
// reject bad rules before they have values to compare.
func ValidateRules(rules Rules) error {
	_, err := newEngine(rules)
	return err
}

// Compare compares staging with production under rules and returns the
// report: findings, per-resource results and both configuration hashes.
func Compare(staging, production Environment, rules Rules) (*Report, error) {
	return compare(staging, production, rules, "")
}

// compare is Compare with the name messages give the staging side ("" for
// "staging"): CompareEnvironments names each environment.
func compare(staging, production Environment, rules Rules, stagingName string) (*Report, error) {
	e, err := newEngine(rules)
	if err != nil {
		return nil, err
	}
	e.stagingName = stagingName
	// The tokens of either environment are replaced on both sides: a name
	// may well carry both ("data-stg-prod" against "data-prd-prod").
	s := e.index(staging, true, e.bothTokens)
	p := e.index(production, false, e.bothTokens)
	rep := &Report{Ratio: e.ratioF, Findings: []Finding{}, Redact: e.redact}
	if !s.settings || !p.settings {
		// Before the hashes start: they rewrite the sides' addresses.
		e.applyMoves(s, p)
		e.alignModuleInstances(s, p, rep)
	}
	e.markOnlyIn(s, p)
	// The two hashes and the comparison are independent walks; they run
	// side by side, each with a classifier of its own (its cache is not
	// shared between goroutines). Each side's hash needs only that side's
	// references, so production's references are collected on the
	// goroutine that then hashes production, with a classifier of their
	// own whose rule uses are added to e.cls's as if collected there after
	// staging's (see absorbUses): the rules' reported uses stay what a
	// sequential run counts.
	var wg sync.WaitGroup
	hashClassifiers := [2]*classifier{}
	hash := func(si *sideIndex, tokens *tokenReplacer, out *string, cls **classifier) {
		defer wg.Done()
		*cls, _ = newClassifier(e.rules)
		*out = e.hashSide(si, tokens, *cls)
	}
	pRefsDone := make(chan *classifier, 1)
	wg.Add(2)
	go func() {
		refsCls, _ := newClassifier(e.rules)
		p.refs = e.collectRefs(p, s, refsCls)
		pRefsDone <- refsCls
		hash(p, e.bothTokens, &rep.ProductionHash, &hashClassifiers[1])
	}()
	s.refs = e.collectRefs(s, p, e.cls)
	go hash(s, e.bothTokens, &rep.StagingHash, &hashClassifiers[0])
	e.cls.absorbUses(<-pRefsDone)
	e.sRefs, e.pRefs = s.refs, p.refs
	e.sMemo, e.pMemo = newViewMemo(e.cls), newViewMemo(e.cls)
	e.sNorm, e.pNorm, e.norm = newNormMemo(e.bothTokens, s.refs), newNormMemo(e.bothTokens, p.refs), newNormMemo(e.bothTokens, nil)
	e.pair(s, p, rep)
	wg.Wait()
	rep.Rules = e.ruleUses(e.cls, hashClassifiers[0], hashClassifiers[1])
	sort.SliceStable(rep.Findings, func(i, j int) bool {
		a, b := rep.Findings[i], rep.Findings[j]
		if a.Address != b.Address {
			return a.Address < b.Address
		}
		return a.Path < b.Path
	})
	return rep, nil
}

// instance is one resource of one side with its normalised address.
type instance struct {
	res   *Resource
	key   string // normalised address
	base  string // normalised address without a trailing numeric index
	index int    // the numeric index; -1 when none
	// unknownCount marks the one instance read from configuration whose
	// count or for_each is not known (address ends in [*]).
	unknownCount bool
	// numbered marks a for_each instance whose key is a common prefix and a
	// number ("frontend-3"): such instances scale like count.
	numbered bool
	// scaledOut marks a production instance of a module instance that
	// staging, at its ratio, has no counterpart of.
	scaledOut bool
	// onlyIn is one more than the index of the only_in rule that declares
	// this one-sided instance; zero when none does.
	onlyIn int
	steps  []step // normalised address steps
}

type sideIndex struct {
	// refs are the side's identity values (see references.go).
	refs      *sideRefs
	name      string
	settings  bool // a single settings object rather than resources
	instances []instance
	byKey     map[string]*instance
	groups    map[string][]*instance // base → numerically indexed instances, by index
}

func (e *engine) index(env Environment, staging bool, tokens *tokenReplacer) *sideIndex {
	si := &sideIndex{name: env.Name, byKey: map[string]*instance{}, groups: map[string][]*instance{}}
	if si.name == "" {
		si.name = map[bool]string{true: "staging", false: "production"}[staging]
	}
	if len(env.Resources) == 1 && env.Resources[0].Address == "" {
		si.settings = true
	}
	si.instances = make([]instance, 0, len(env.Resources))
	for i := range env.Resources {
		r := &env.Resources[i]
		if notCompared(r) {
			continue
		}
		addr := r.Address
		if staging {
			addr = e.mapModule(addr)
		}
		in := instance{res: r}
		in.setKey(tokens.Replace(addr))
		si.instances = append(si.instances, in)
	}
	numberForEachKeys(si)
	si.rebuild()
	return si
}

// setKey sets the instance's normalised address and what follows from it:
// its count group and index.
func (in *instance) setKey(key string) {
	steps := parseAddress(key)
	in.key, in.base, in.index, in.steps, in.unknownCount = key, key, -1, steps, false
	if n := len(steps); n > 0 && steps[n-1].index {
		switch {
		case steps[n-1].num:
			fmt.Sscan(steps[n-1].name, &in.index)
			in.base = key[:strings.LastIndexByte(key, '[')]
		case strings.HasSuffix(key, "[*]"):
			// A count or for_each that configuration alone cannot
			// evaluate: one instance stands for all of them.
			in.index, in.unknownCount = 0, true
			in.base = strings.TrimSuffix(key, "[*]")
		}
	}
}

// applyMoves pairs the objects a plan moves (moved blocks) with the other
// environment's objects still at the old address: a staging plan that
// refactors count into for_each, or resources into a module, against a
// production state not refactored yet. An object is re-addressed to its
// previous address only when the other side has nothing at its new address
// and an object at the old one that nothing on this side claims.
func (e *engine) applyMoves(s, p *sideIndex) {
	for _, sides := range [][2]*sideIndex{{s, p}, {p, s}} {
		si, other := sides[0], sides[1]
		moved := false
		for i := range si.instances {
			in := &si.instances[i]
			prev := in.res.PreviousAddress
			if prev == "" || hasCounterpart(in, other) {
				continue
			}
			if si == s {
				prev = e.mapModule(prev)
			}
			key := e.bothTokens.Replace(prev)
			if _, taken := si.byKey[key]; taken {
				continue
			}
			if _, there := other.byKey[key]; !there {
				continue
			}
			in.setKey(key)
			moved = true
		}
		if moved {
			si.rebuild()
		}
	}
}

// rebuild indexes the instances by key and count group.
func (si *sideIndex) rebuild() {
	si.byKey = make(map[string]*instance, len(si.instances))
	si.groups = map[string][]*instance{}
	for i := range si.instances {
		in := &si.instances[i]
		if _, dup := si.byKey[in.key]; !dup {
			si.byKey[in.key] = in
		}
		if in.index >= 0 {
			si.groups[in.base] = append(si.groups[in.base], in)
		}
	}
	for _, g := range si.groups {
		sort.Slice(g, func(i, j int) bool { return g[i].index < g[j].index })
	}
}

// numberForEachKeys turns for_each instances keyed "frontend-1" …
// "frontend-6" into a numbered group that scales like count: when every
// string key of a resource shares one prefix and ends in a number.
func numberForEachKeys(si *sideIndex) {
	type member struct {
		in     *instance
		prefix string
		n      int
	}
	byBase := map[string][]member{}
	for i := range si.instances {
		in := &si.instances[i]
		n := len(in.steps)
		if n == 0 || !in.steps[n-1].index || in.steps[n-1].num || in.unknownCount {
			continue
		}
		base := in.key[:strings.LastIndexByte(in.key, '[')]
		prefix, num, ok := splitNumberedKey(in.steps[n-1].name)
		if !ok {
			byBase[base] = append(byBase[base], member{in: nil})
			continue
		}
		byBase[base] = append(byBase[base], member{in, prefix, num})
	}
	for base, ms := range byBase {
		ok := true
		seen := map[int]bool{}
		lowest := -1
		for _, m := range ms {
			if m.in == nil || m.prefix != ms[0].prefix || seen[m.n] {
				ok = false
				break
			}
			seen[m.n] = true
			if lowest < 0 || m.n < lowest {
				lowest = m.n
			}
		}
		// Numbered like count: 0 or 1 to N without gaps ("node-17",
		// "node-23" are names that happen to end in numbers).
		if !ok || lowest > 1 {
			continue
		}
		for k := lowest; k < lowest+len(ms); k++ {
			if !seen[k] {
				ok = false
			}
		}
		if !ok {
			continue
		}
		for _, m := range ms {
			m.in.base, m.in.index, m.in.numbered = base, m.n, true
		}
	}
}

// splitNumberedKey splits "frontend-12" into "frontend-" and 12.
func splitNumberedKey(key string) (string, int, bool) {
	i := len(key)
	for i > 0 && key[i-1] >= '0' && key[i-1] <= '9' {
		i--
	}
	if i == len(key) || len(key)-i > 6 {
		return "", 0, false
	}
	n := 0
	for _, c := range key[i:] {
		n = n*10 + int(c-'0')
	}
	return key[:i], n, true
}

// mapModule rewrites a staging address's module path by the module pairs.
func (e *engine) mapModule(addr string) string {
	for i, mp := range e.modulePairs {
		if addr == mp.Staging {
			e.pairUses[i].matched++
			e.pairUses[i].decided++
			return mp.Production
		}
		if strings.HasPrefix(addr, mp.Staging) && len(addr) > len(mp.Staging) {
			if c := addr[len(mp.Staging)]; c == '.' || c == '[' {
				e.pairUses[i].matched++
				e.pairUses[i].decided++
				return mp.Production + addr[len(mp.Staging):]
			}
		}
	}
	return addr
}

// notCompared reports resources that belong to the checking itself rather
// than to an environment: the parity provider's own resources and data
// sources, and the data sources a workspace reads another's outputs with.
func notCompared(r *Resource) bool {
	return strings.HasPrefix(r.Type, "parity_") || r.Type == "terraform_remote_state" || r.Type == "tfe_outputs"
}

// markOnlyIn marks the instances that exist on one side only and that an
// only_in rule of that side declares: they are listed as ignored rather
// than reported, and left out of the side's configuration hash. The first
// matching rule decides.
func (e *engine) markOnlyIn(s, p *sideIndex) {
	if len(e.onlyIn) == 0 || s.settings || p.settings {
		return
	}
	for _, sides := range [][2]*sideIndex{{s, p}, {p, s}} {
		si, other := sides[0], sides[1]
		env := "production"
		if si == s {
			env = "staging"
		}
		for i := range si.instances {
			in := &si.instances[i]
			if in.scaledOut || hasCounterpart(in, other) {
				continue
			}
			steps := parseAddress(in.res.Address)
			base := steps
			if n := len(steps); n > 0 && steps[n-1].index {
				base = steps[:n-1]
			}
			decided := -1
			for k, r := range e.rules.OnlyIn {
				if r.Environment != env || !(e.onlyIn[k].matchSuffix(steps) || e.onlyIn[k].matchSuffix(base)) {
					continue
				}
				e.onlyInUses[k].matched++
				if decided < 0 {
					decided = k
					e.onlyInUses[k].decided++
				} else if e.onlyInUses[k].overriddenBy == 0 {
					e.onlyInUses[k].overriddenBy = decided + 1
				}
			}
			in.onlyIn = decided + 1
		}
	}
}

// hasCounterpart reports whether the other side has an instance that pair
// compares in with: one of the same address, or of the same count group.
func hasCounterpart(in *instance, other *sideIndex) bool {
	if in.index >= 0 {
		return len(groupOf(other, in.base)) > 0
	}
	_, ok := other.byKey[in.key]
	return ok || len(other.groups[in.key]) > 0
}

// onlyInRuleName names an only_in rule as messages do.
func onlyInRuleName(r OnlyInRule) string {
	return fmt.Sprintf("only_in %q %q", r.Environment, r.Address)
}

// ruleUses reports what each user rule did, adding up the counts of the
// classifiers that walked the comparison and the two hashes.
func (e *engine) ruleUses(classifiers ...*classifier) []RuleUse {
	n := len(e.infos) + len(e.pairUses) + len(e.onlyInUses)
	if n == 0 {
		return nil
	}
	out := make([]RuleUse, 0, n)
	for i, info := range e.infos {
		u := RuleUse{Kind: info.kind, Rule: info.name, Source: info.source, Origin: info.origin}
		for _, c := range classifiers {
			if c == nil || i >= len(c.uses) {
				continue
			}
			rc := c.uses[i]
			u.Matched += rc.matched
			u.Decided += rc.decided
			if u.OverriddenBy == "" && rc.overriddenBy > 0 {
				u.OverriddenBy = e.infos[rc.overriddenBy-1].name
			}
		}
		out = append(out, u)
	}
	for i, mp := range e.rules.ModulePairs {
		rc := e.pairUses[i]
		out = append(out, RuleUse{Kind: "module_pair", Rule: fmt.Sprintf("module_pair %q", mp.Staging), Source: mp.Source, Origin: mp.Origin,
			Matched: rc.matched, Decided: rc.decided})
	}
	for i, r := range e.rules.OnlyIn {
		rc := e.onlyInUses[i]
		u := RuleUse{Kind: "only_in", Rule: onlyInRuleName(r), Source: r.Source, Origin: r.Origin, Matched: rc.matched, Decided: rc.decided}
		if rc.overriddenBy > 0 {
			u.OverriddenBy = onlyInRuleName(e.rules.OnlyIn[rc.overriddenBy-1])
		}
		out = append(out, u)
	}
	return out
}

// pair matches staging instances with production ones and compares them.
// Numerically indexed instances (count) form a group: the number of
// instances is a size that follows the ratio, and each staging instance is
// compared with the production instance of the same index (or the first one
// when staging has more).
func (e *engine) pair(s, p *sideIndex, rep *Report) {
	if s.settings && p.settings {
		e.compareInstances(&s.instances[0], &p.instances[0], rep)
		return
	}
	done := map[*instance]bool{}
	for i := range p.instances {
		if p.instances[i].scaledOut {
			done[&p.instances[i]] = true
		}
	}
	bases := map[string]bool{}
	for b := range s.groups {
		bases[b] = true
	}
	for b := range p.groups {
		bases[b] = true
	}
	sortedBases := make([]string, 0, len(bases))
	for b := range bases {
		sortedBases = append(sortedBases, b)
	}
	sort.Strings(sortedBases)
	for _, b := range sortedBases {
		sg, pg := groupOf(s, b), groupOf(p, b)
		if len(sg) == 0 || len(pg) == 0 {
			continue // one-sided; reported below instance by instance
		}
		if !(sg[0].numbered && pg[0].numbered && sameKeys(sg, pg)) {
			// for_each over the same numbered keys enumerates members,
			// it does not scale.
			e.compareCount(b, sg, pg, rep)
		}
		for i, si := range sg {
			pi := pg[0]
			if i < len(pg) {
				pi = pg[i]
			}
			e.compareInstances(si, pi, rep)
			done[si] = true
		}
		for _, pi := range pg {
			done[pi] = true
		}
	}
	for i := range s.instances {
		si := &s.instances[i]
		if done[si] || s.byKey[si.key] != si {
			continue
		}
		if pi, ok := p.byKey[si.key]; ok && !done[pi] {
			e.compareInstances(si, pi, rep)
			done[pi] = true
			continue
		}
		e.oneSided(si, FindingOnlyInStaging, rep)
	}
	for i := range p.instances {
		pi := &p.instances[i]
		if done[pi] || p.byKey[pi.key] != pi {
			continue
		}
		e.oneSided(pi, FindingOnlyInProduction, rep)
	}
	sort.SliceStable(rep.Resources, func(i, j int) bool { return rep.Resources[i].Address < rep.Resources[j].Address })
}

// groupOf returns the count group at base, treating a lone unindexed
// resource of that address as a group of one (count added on one side).
func groupOf(si *sideIndex, base string) []*instance {
	if g := si.groups[base]; len(g) > 0 {
		return g
	}
	if in, ok := si.byKey[base]; ok {
		return []*instance{in}
	}
	return nil
}

// oneSided reports an instance that has no counterpart on the other side,
// or lists it as ignored when an only_in rule declares it.
func (e *engine) oneSided(in *instance, kind FindingKind, rep *Report) {
	if in.res.Mode == "data" {
		// A data source is a lookup, not something the environment runs;
		// and a plan lists the ones it reads in its prior state only, so a
		// plan against a state would show every one of them on one side.
		// Data sources both sides read are compared like resources.
		return
	}
	if in.onlyIn > 0 {
		r := e.rules.OnlyIn[in.onlyIn-1]
		rep.Ignored = append(rep.Ignored, Ignored{Address: in.key, Rule: onlyInRuleName(r), Reason: r.Reason})
		res := ResourceResult{Address: in.key, Type: in.res.Type}
		if kind == FindingOnlyInStaging {
			res.StagingAddress = in.res.Address
		} else {
			res.ProductionAddress = in.res.Address
		}
		rep.Resources = append(rep.Resources, res)
		return
	}
	side, other := e.sideName(), "production"
	f := Finding{Kind: kind, Address: in.key, ResourceType: in.res.Type, Location: in.res.Location}
	if kind == FindingOnlyInStaging {
		f.StagingAddress = in.res.Address
		f.Staging = "(present)"
	} else {
		side, other = other, side
		f.ProductionAddress = in.res.Address
		f.Production = "(present)"
	}
	f.Message = fmt.Sprintf("%s exists in %s but has no counterpart in %s.", in.res.Address, side, other)
	rep.Findings = append(rep.Findings, f)
	rep.Resources = append(rep.Resources, ResourceResult{
		Address: in.key, Type: in.res.Type, StagingAddress: f.StagingAddress,
		ProductionAddress: f.ProductionAddress, Findings: 1, Drift: true,
	})
}

func sameKeys(a, b []*instance) bool {
	if len(a) != len(b) {
		return false
	}
	keys := make(map[string]bool, len(a))
	for _, in := range a {
		keys[in.key] = true
	}
	for _, in := range b {
		if !keys[in.key] {
			return false
		}
	}
	return true
}

// compareCount checks that the number of instances follows the ratio.
func (e *engine) compareCount(base string, sg, pg []*instance, rep *Report) {
	w := e.newWalker(sg[0], pg[0], rep)
	countStep := step{name: "count"}
	w.subject = append(w.subject[:w.addrLen:w.addrLen], countStep)
	cls, _ := e.cls.classify(sg[0].res.Type, w.subject, w.addrLen, nil, pg[0].res.Values)
	if cls.kind == clsIgnore || cls.kind == clsIdentity {
		return
	}
	rule := SizeRule{}
	ruleName := "count (instances follow the ratio)"
	if cls.kind == clsSize && cls.userRule {
		rule, ruleName = *cls.size, cls.rule
	}
	w.address = base
	w.stagingAddress = baseAddress(sg[0].res.Address, sg[0].numbered)
	w.productionAddress = baseAddress(pg[0].res.Address, pg[0].numbered)
	if sg[0].numbered || pg[0].numbered {
		if !cls.userRule {
			ruleName = "for_each (numbered instances follow the ratio)"
		}
	}
	if sg[0].unknownCount || pg[0].unknownCount {
		w.add(Finding{Kind: FindingUnknown, Path: "count", Rule: ruleName,
			Message: "The number of instances is not known from the configuration alone; compare states or plans to check it."},
			Unknown(), Unknown())
		return
	}
	// A count a rule calls configuration (the network resources the
	// knowledge base makes one per zone) must match rather than scale.
	structural := ""
	if cls.kind == clsConfig && cls.rule != "" {
		structural = cls.rule
	}
	if structural != "" {
		// One instance per zone (or a count a rule calls configuration):
		// the count is configuration, equal in both environments.
		if len(sg) != len(pg) {
			w.add(Finding{Kind: FindingConfigDrift, Path: "count", Rule: structural,
				Message: e.sayf("count differs: staging has %d instances, production has %d; %s makes the count configuration (the network's shape), so it must match.",
					len(sg), len(pg), structural)},
				Int(int64(len(sg))), Int(int64(len(pg))))
		}
		return
	}
	w.compareSize(Int(int64(len(sg))), Int(int64(len(pg))), classification{kind: clsSize, rule: ruleName, size: &rule}, "count")
}

func baseAddress(addr string, numbered bool) string {
	if strings.HasSuffix(addr, "[*]") {
		return strings.TrimSuffix(addr, "[*]")
	}
	if numbered && strings.HasSuffix(addr, "\"]") {
		if i := strings.LastIndex(addr, "[\""); i > 0 {
			return addr[:i]
		}
	}
	if strings.HasSuffix(addr, "]") {
		if i := strings.LastIndexByte(addr, '['); i > 0 && isDigits(addr[i+1:len(addr)-1]) {
			return addr[:i]
		}
	}
	return addr
}

func (e *engine) compareInstances(si, pi *instance, rep *Report) {
	w := e.newWalker(si, pi, rep)
	before := len(rep.Findings)
	w.compareRoot(si.res.Values, pi.res.Values)
	n := len(rep.Findings) - before
	drift := false
	for _, f := range rep.Findings[before:] {
		if f.Kind.IsDrift() {
			drift = true
		}
	}
	rep.Resources = append(rep.Resources, ResourceResult{
		Address: si.key, Type: pi.res.Type, StagingAddress: si.res.Address,
		ProductionAddress: pi.res.Address, Findings: n, Drift: drift,
	})
}

// compareRoot compares the two whole values of a resource or settings
// object. Objects and lists compare child by child. Anything else (scalar
// sides such as staging = "x" and production = "y", or a number against an
// object) is one value at the root path: a difference is config drift
// there, as the differing hashes say.
func (w *walker) compareRoot(sv, pv Value) {
	if sv.kind == pv.kind && (sv.kind == KindObject || sv.kind == KindList) {
		w.walkChildren(sv, pv, nil, nil)
		return
	}
	if sv.IsNull() && pv.IsNull() {
		return
	}
	if src := w.valueSecret(sv, pv); src != NotSecret {
		w.secretNotCompared(src, sv, pv)
		return
	}
	if sv.kind == KindUnknown || pv.kind == KindUnknown || sv.ContainsUnknown() && pv.IsNull() || pv.ContainsUnknown() && sv.IsNull() {
		w.add(Finding{Kind: FindingUnknown,
			Message: fmt.Sprintf("%s is not known until apply; it is checked again then.", w.subjectName())}, sv, pv)
		return
	}
	switch {
	case sv.kind == KindSet && pv.kind == KindSet:
		w.compareUnordered(sv, pv, w.elementViews(sv, nil, nil, w.e.sRefs), w.elementViews(pv, nil, nil, w.e.pRefs), nil, nil, defaultConfig)
		return
	case isLeaf(sv) && isLeaf(pv) && !sv.IsNull() && !pv.IsNull():
		if w.leavesEqual(sv, pv) {
			return
		}
	}
	w.drift(sv, pv, defaultConfig, "")
}

// sideName is what messages call the environment compared with production.
func (e *engine) sideName() string {
	if e.stagingName == "" {
		return "staging"
	}
	return e.stagingName
}

// sayf formats a finding's message, with the word "staging" of the format
// (never of the values it formats) replaced by the environment's name when
// several environments are compared.
func (e *engine) sayf(format string, args ...any) string {
	if e.stagingName != "" && e.stagingName != "staging" {
		format = strings.ReplaceAll(format, "staging", strings.ReplaceAll(e.stagingName, "%", "%%"))
	}
	return fmt.Sprintf(format, args...)
}
