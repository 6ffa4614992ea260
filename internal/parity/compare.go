package parity

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"sort"
	"strings"
	"sync"

	"github.com/envparity/terraform-provider-parity/internal/sizes"
)

// engine holds compiled rules for one comparison.
type engine struct {
	cls              *classifier
	ratio            *big.Rat
	ratioF           float64
	stagingTokens    *tokenReplacer
	productionTokens *tokenReplacer
	bothTokens       *tokenReplacer
	modulePairs      []ModulePair
	rules            Rules
	// sizeCache remembers size checks: a state repeats a handful of
	// distinct (staging, production, rule) combinations thousands of times.
	sizeCache map[sizeKey]sizeOutcome
	// walkPath is the path stack the comparison's walkers share.
	walkPath *pathStack
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
}

func newEngine(rules Rules) (*engine, error) {
	if rules.Ratio < 0 || math.IsNaN(rules.Ratio) || math.IsInf(rules.Ratio, 0) {
		return nil, fmt.Errorf("ratio must be greater than 0, got %g", rules.Ratio)
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
	return &engine{
		cls:              cls,
		ratio:            sizes.RatioFromFloat(ratio),
		ratioF:           ratio,
		stagingTokens:    newTokenReplacer(st),
		productionTokens: newTokenReplacer(pt),
		bothTokens:       newTokenReplacer(append(append([]string{}, st...), pt...)),
		modulePairs:      rules.ModulePairs,
		rules:            rules,
		sizeCache:        map[sizeKey]sizeOutcome{},
	}, nil
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
	e, err := newEngine(rules)
	if err != nil {
		return nil, err
	}
	s := e.index(staging, true, e.stagingTokens)
	p := e.index(production, false, e.productionTokens)
	rep := &Report{Ratio: e.ratioF, Findings: []Finding{}}
	// The two hashes and the comparison are independent walks; they run
	// side by side, each with a classifier of its own (its cache is not
	// shared between goroutines).
	var wg sync.WaitGroup
	hash := func(si *sideIndex, tokens *tokenReplacer, out *string) {
		defer wg.Done()
		cls, _ := newClassifier(e.rules)
		*out = e.hashSide(si, tokens, cls)
	}
	wg.Add(2)
	go hash(s, e.stagingTokens, &rep.StagingHash)
	go hash(p, e.productionTokens, &rep.ProductionHash)
	e.pair(s, p, rep)
	wg.Wait()
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
	steps        []step // normalised address steps
}

type sideIndex struct {
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
		addr := r.Address
		if staging {
			addr = e.mapModule(addr)
		}
		key := tokens.Replace(addr)
		steps := parseAddress(key)
		in := instance{res: r, key: key, base: key, index: -1, steps: steps}
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
		si.instances = append(si.instances, in)
	}
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
	return si
}

// mapModule rewrites a staging address's module path by the module pairs.
func (e *engine) mapModule(addr string) string {
	for _, mp := range e.modulePairs {
		if addr == mp.Staging {
			return mp.Production
		}
		if strings.HasPrefix(addr, mp.Staging) && len(addr) > len(mp.Staging) {
			if c := addr[len(mp.Staging)]; c == '.' || c == '[' {
				return mp.Production + addr[len(mp.Staging):]
			}
		}
	}
	return addr
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
		e.compareCount(b, sg, pg, rep)
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
		e.onlyIn(si, FindingOnlyInStaging, rep)
	}
	for i := range p.instances {
		pi := &p.instances[i]
		if done[pi] || p.byKey[pi.key] != pi {
			continue
		}
		e.onlyIn(pi, FindingOnlyInProduction, rep)
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

func (e *engine) onlyIn(in *instance, kind FindingKind, rep *Report) {
	side, other := "staging", "production"
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

// compareCount checks that the number of instances follows the ratio.
func (e *engine) compareCount(base string, sg, pg []*instance, rep *Report) {
	w := e.newWalker(sg[0], pg[0], rep)
	w.ps.truncate(w.addrLen)
	w.ps.push(step{name: "count"})
	cls, _ := e.cls.classify(sg[0].res.Type, w.ps, w.addrLen, nil)
	if cls.kind == clsIgnore || cls.kind == clsIdentity {
		return
	}
	rule := SizeRule{}
	ruleName := "count (instances follow the ratio)"
	if cls.kind == clsSize && cls.userRule {
		rule, ruleName = *cls.size, cls.rule
	}
	w.address = base
	w.stagingAddress = baseAddress(sg[0].res.Address)
	w.productionAddress = baseAddress(pg[0].res.Address)
	if sg[0].unknownCount || pg[0].unknownCount {
		w.add(Finding{Kind: FindingUnknown, Path: "count", Rule: ruleName,
			Message: "The number of instances is not known from the configuration alone; compare states or plans to check it."},
			Unknown(), Unknown())
		return
	}
	w.compareSize(Int(int64(len(sg))), Int(int64(len(pg))), classification{kind: clsSize, rule: ruleName, size: &rule}, "count")
}

func baseAddress(addr string) string {
	if strings.HasSuffix(addr, "[*]") {
		return strings.TrimSuffix(addr, "[*]")
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
	w.walkChildren(si.res.Values, pi.res.Values, nil, nil)
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
