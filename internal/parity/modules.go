package parity

import (
	"sort"
	"strings"
)

// Module calls with count or numbered for_each keys scale like resource
// counts: production's module.web[0..3] against staging's module.web[0..1]
// at ratio 0.5 is in parity. Module instances pair up by rank (staging's
// first with production's first, …); the number of instances follows the
// ratio; production's instances beyond staging's are its scaled-out copies,
// compared through the ones staging has.

// moduleCall is one module call step of an address: module.NAME[KEY].
type moduleCall struct {
	at   int    // index of the "module" step
	path string // the address up to and including module.NAME
	key  string // the instance key, "" when the call has none
}

func moduleCalls(steps []step) []moduleCall {
	var out []moduleCall
	for k := 0; k+1 < len(steps); k++ {
		if steps[k].index || steps[k].name != "module" || steps[k+1].index {
			continue
		}
		c := moduleCall{at: k, path: formatPath(steps[:k+2])}
		if k+2 < len(steps) && steps[k+2].index {
			c.key = steps[k+2].name
		}
		out = append(out, c)
		k++
	}
	return out
}

// numberedKeys sorts instance keys by number and reports whether they are
// numbered: all numeric, or one prefix and a number each.
func numberedKeys(keys []string) ([]string, bool) {
	type kn struct {
		key string
		n   int
	}
	var ks []kn
	prefix := ""
	for i, k := range keys {
		p, n, ok := splitNumberedKey(k)
		if !ok || (i > 0 && p != prefix) {
			return nil, false
		}
		prefix = p
		ks = append(ks, kn{k, n})
	}
	sort.Slice(ks, func(i, j int) bool { return ks[i].n < ks[j].n })
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = k.key
	}
	return out, true
}

// callKeys returns, for the module calls at depth level of a side, the
// distinct instance keys of each call path.
func callKeys(si *sideIndex, level int) map[string][]string {
	seen := map[string]map[string]bool{}
	out := map[string][]string{}
	for i := range si.instances {
		calls := moduleCalls(si.instances[i].steps)
		if level >= len(calls) || calls[level].key == "" {
			continue
		}
		c := calls[level]
		if seen[c.path] == nil {
			seen[c.path] = map[string]bool{}
		}
		if !seen[c.path][c.key] {
			seen[c.path][c.key] = true
			out[c.path] = append(out[c.path], c.key)
		}
	}
	return out
}

// alignModuleInstances pairs the numbered instances of module calls present
// on both sides by rank, rewriting staging's addresses to production's keys,
// marking production's extra instances scaled out, and checks that the
// number of instances follows the ratio.
func (e *engine) alignModuleInstances(s, p *sideIndex, rep *Report) {
	changed := false
	for level := 0; ; level++ {
		sCalls, pCalls := callKeys(s, level), callKeys(p, level)
		if len(sCalls) == 0 || len(pCalls) == 0 {
			break
		}
		paths := make([]string, 0, len(sCalls))
		for path := range sCalls {
			if _, ok := pCalls[path]; ok {
				paths = append(paths, path)
			}
		}
		sort.Strings(paths)
		for _, path := range paths {
			sKeys, sOK := numberedKeys(sCalls[path])
			pKeys, pOK := numberedKeys(pCalls[path])
			if !sOK || !pOK {
				continue
			}
			e.compareModuleCount(path, s, p, level, len(sKeys), len(pKeys), rep)
			rename := map[string]string{}
			for r, k := range sKeys {
				if r < len(pKeys) {
					rename[k] = pKeys[r]
				} else {
					rename[k] = pKeys[0] // compared with production's first, like count
				}
			}
			extra := map[string]bool{}
			for _, k := range pKeys[min(len(sKeys), len(pKeys)):] {
				extra[k] = true
			}
			for i := range s.instances {
				in := &s.instances[i]
				calls := moduleCalls(in.steps)
				if level < len(calls) && calls[level].path == path && calls[level].key != "" && rename[calls[level].key] != calls[level].key {
					in.setStep(calls[level].at+2, rename[calls[level].key])
					changed = true
				}
			}
			for i := range p.instances {
				in := &p.instances[i]
				calls := moduleCalls(in.steps)
				if level < len(calls) && calls[level].path == path && extra[calls[level].key] {
					in.scaledOut = true
				}
			}
		}
	}
	if changed {
		s.rebuild()
	}
}

// setStep replaces the index step at i of the instance's address.
func (in *instance) setStep(i int, key string) {
	steps := append([]step(nil), in.steps...)
	steps[i] = step{name: key, index: true, num: isDigits(key)}
	in.steps = steps
	in.key = formatPath(steps)
	in.base = in.key
	if n := len(steps); in.index >= 0 && steps[n-1].index {
		in.base = in.key[:strings.LastIndexByte(in.key, '[')]
	}
}

// compareModuleCount checks that a module call's number of instances
// follows the ratio.
func (e *engine) compareModuleCount(path string, s, p *sideIndex, level, sCount, pCount int, rep *Report) {
	var sIn, pIn *instance
	for i := range s.instances {
		if c := moduleCalls(s.instances[i].steps); level < len(c) && c[level].path == path {
			sIn = &s.instances[i]
			break
		}
	}
	for i := range p.instances {
		if c := moduleCalls(p.instances[i].steps); level < len(c) && c[level].path == path {
			pIn = &p.instances[i]
			break
		}
	}
	if sIn == nil || pIn == nil {
		return
	}
	w := e.newWalker(sIn, pIn, rep)
	w.resType = ""
	w.subject = append(parseAddress(path), step{name: "count"})
	w.addrLen = len(w.subject) - 1
	w.address, w.stagingAddress, w.productionAddress = path, path, path
	w.location = nil
	cls, _ := e.cls.classify("", w.subject, w.addrLen, nil, Null())
	if cls.kind == clsIgnore || cls.kind == clsIdentity {
		return
	}
	rule := SizeRule{}
	ruleName := "count (module instances follow the ratio)"
	if cls.kind == clsSize && cls.userRule {
		rule, ruleName = *cls.size, cls.rule
	}
	w.compareSize(Int(int64(sCount)), Int(int64(pCount)), classification{kind: clsSize, rule: ruleName, size: &rule}, "count")
}

// hashKeyOf is the key a resource has in the configuration hash: within
// numbered module instances, only the first instance of each call stands
// for the call, keyed with that instance's key replaced by "#", so that
// environments with more or fewer instances hash alike.
func hashKeyOf(in *instance, first map[string]string) (string, bool) {
	steps := in.steps
	if in.index >= 0 && len(steps) > 0 && steps[len(steps)-1].index {
		// A count group is keyed by its base address.
		steps = steps[:len(steps)-1]
	}
	calls := moduleCalls(steps)
	copied := false
	for _, c := range calls {
		want, numbered := first[c.path]
		if !numbered || c.key == "" {
			continue
		}
		if c.key != want {
			return "", false
		}
		if !copied {
			steps = append([]step(nil), steps...)
			copied = true
		}
		steps[c.at+2] = step{name: "#", index: true}
	}
	if !copied && in.index < 0 {
		return in.key, true
	}
	return formatPath(steps), true
}

// firstModuleKeys returns, for every numbered module call of a side, the key
// of its lowest-numbered instance.
func firstModuleKeys(si *sideIndex) map[string]string {
	out := map[string]string{}
	for level := 0; ; level++ {
		calls := callKeys(si, level)
		if len(calls) == 0 {
			return out
		}
		for path, keys := range calls {
			if sorted, ok := numberedKeys(keys); ok {
				out[path] = sorted[0]
			}
		}
	}
}
