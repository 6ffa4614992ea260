package parity

// Path matching in time independent of depth.
//
// A walk classifies every path it visits. Matching each pattern against the
// whole path at every step costs the depth of the path each time, so a
// document nested n levels deep cost n² pattern steps per rule (a 48 KB file
// nested 4,000 deep took minutes). Here a path is a stack that carries, for
// each step, what every matcher needs to answer in constant time:
//
//   - the positions of the name steps, so that the last few steps of the path
//     and of its index-free view are at hand without a scan (patterns without
//     `**` only ever look at as many steps as they have);
//   - for patterns with `**` and for user rules, the state of a small
//     automaton per pattern, advanced by one step on each push.

// nfaMaxSteps is the longest pattern the automaton handles (one bit per
// position in a uint64). Longer patterns are matched against the whole path.
const nfaMaxSteps = 63

// nfaState is the automaton state of one pattern over a path: full for the
// path as it is, named for the path without its index steps (a pattern that
// names no index also matches that view).
type nfaState struct{ full, named uint64 }

// nfaStart is the state over the empty path.
func (p *Pattern) nfaStart() nfaState {
	s := p.nfaClose(1)
	return nfaState{s, s}
}

// nfaClose adds the positions reachable by letting `**` match no step.
func (p *Pattern) nfaClose(mask uint64) uint64 {
	for j, ps := range p.steps {
		if ps.kind == patAny && mask&(1<<j) != 0 {
			mask |= 1 << (j + 1)
		}
	}
	return mask
}

// nfaAdvance returns the state after one more step. Bit j of a mask is set
// when the first j pattern steps match some suffix of the path; bit 0 is
// always set because a pattern may start at any step.
func (p *Pattern) nfaAdvance(st nfaState, s step) nfaState {
	out := nfaState{full: p.nfaStep(st.full, s)}
	if s.index {
		out.named = st.named // the index-free view does not see this step
	} else {
		out.named = p.nfaStep(st.named, s)
	}
	return out
}

func (p *Pattern) nfaStep(mask uint64, s step) uint64 {
	next := uint64(1)
	for j, ps := range p.steps {
		if mask&(1<<j) == 0 {
			continue
		}
		switch ps.kind {
		case patAny:
			next |= 1 << j
		case patOne:
			next |= 1 << (j + 1)
		case patIndexAny:
			if s.index {
				next |= 1 << (j + 1)
			}
		case patLiteral:
			if s.name == ps.name {
				next |= 1 << (j + 1)
			}
		}
	}
	return p.nfaClose(next)
}

// nfaAccepts reports whether the pattern matches a suffix of the path, as
// matchSuffix does.
func (p *Pattern) nfaAccepts(st nfaState) bool {
	end := uint64(1) << len(p.steps)
	return st.full&end != 0 || (!p.hasIndex && st.named&end != 0)
}

// hasAnyStep reports whether the pattern has a `**` step.
func (p *Pattern) hasAnyStep() bool {
	for _, ps := range p.steps {
		if ps.kind == patAny {
			return true
		}
	}
	return false
}

// pathStack is the path a walk is at: the resource address steps, then the
// path inside the resource. Pushing and popping a step costs time
// proportional to the number of user rules, never to the depth.
type pathStack struct {
	steps []step
	// named holds the positions in steps of the steps that are not indexes.
	named []int
	// user holds, per frame, the automaton state of each user rule: frame i
	// (len(user) states from i*len(user)) is the state over steps[:i].
	user  []nfaState
	rules []userRule
}

func newPathStack(c *classifier, addr []step) *pathStack {
	p := &pathStack{
		steps: make([]step, 0, len(addr)+16),
		named: make([]int, 0, len(addr)+16),
		rules: c.user,
	}
	p.reset(addr)
	return p
}

// reset empties the stack and pushes addr, keeping the memory: a walk over
// thousands of resources reuses one stack.
func (p *pathStack) reset(addr []step) {
	p.steps, p.named = p.steps[:0], p.named[:0]
	if len(p.rules) > 0 {
		p.user = p.user[:0]
		for i := range p.rules {
			st := nfaState{}
			if len(p.rules[i].pat.steps) <= nfaMaxSteps {
				st = p.rules[i].pat.nfaStart()
			}
			p.user = append(p.user, st)
		}
	}
	for _, s := range addr {
		p.push(s)
	}
}

func (p *pathStack) len() int { return len(p.steps) }

func (p *pathStack) push(s step) {
	if !s.index {
		p.named = append(p.named, len(p.steps))
	}
	p.steps = append(p.steps, s)
	if n := len(p.rules); n > 0 {
		base := len(p.user) - n // the previous frame
		for i := range p.rules {
			next := nfaState{}
			if pat := p.rules[i].pat; len(pat.steps) <= nfaMaxSteps {
				next = pat.nfaAdvance(p.user[base+i], s)
			}
			p.user = append(p.user, next)
		}
	}
}

func (p *pathStack) pop() { p.truncate(len(p.steps) - 1) }

// truncate pops steps until n remain.
func (p *pathStack) truncate(n int) {
	for len(p.named) > 0 && p.named[len(p.named)-1] >= n {
		p.named = p.named[:len(p.named)-1]
	}
	p.steps = p.steps[:n]
	if k := len(p.rules); k > 0 {
		p.user = p.user[:(n+1)*k]
	}
}

// userMatches reports whether user rule i matches the path.
func (p *pathStack) userMatches(i int) bool {
	pat := p.rules[i].pat
	if len(pat.steps) > nfaMaxSteps {
		return pat.matchSuffix(p.steps)
	}
	k := len(p.rules)
	return pat.nfaAccepts(p.user[len(p.user)-k+i])
}

// tails returns up to n of the last steps of the path after from, and up to
// n of its last name steps, with index steps in their generic form [0]: what
// a pattern of at most n steps without `**` needs to match the path. whole
// reports whether the tails are the whole path (from the address on).
func (p *pathStack) tails(from, n int, full, named []step) ([]step, []step) {
	start := max(from, len(p.steps)-n)
	for _, s := range p.steps[start:] {
		full = append(full, genericStep(s))
	}
	k := len(p.named)
	first := k
	for first > 0 && k-first < n && p.named[first-1] >= from {
		first--
	}
	for _, i := range p.named[first:] {
		named = append(named, p.steps[i])
	}
	return full, named
}

func genericStep(s step) step {
	if s.index {
		return step{name: "0", index: true, num: true}
	}
	return s
}
