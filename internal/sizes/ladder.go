package sizes

import (
	"fmt"
	"math/big"
	"sort"
	"strings"
)

// step is one size on a ladder.
type step struct {
	name  string   // as shown to people
	key   string   // canonical identity, compared with size.key
	value *big.Rat // position on the ladder, for ordering and rounding
}

// bracket places production × ratio between the two steps around it.
type bracket struct {
	target     *big.Rat
	targetText string // target in the ladder's unit, for the arithmetic text
	lo, hi     step   // equal when the target is exact or clamped
	exact      bool
	// note says why lo and hi are equal although the target is not a step.
	note string
}

// pick applies the rounding mode to a bracket.
func (b bracket) pick(r Rounding) (expected step, accepted []step) {
	if b.exact || b.lo.key == b.hi.key {
		return b.lo, []step{b.lo}
	}
	nearest := b.hi
	below := new(big.Rat).Sub(b.target, b.lo.value)
	above := new(big.Rat).Sub(b.hi.value, b.target)
	if below.Cmp(above) < 0 {
		nearest = b.lo
	}
	switch r {
	case RoundUp:
		return b.hi, []step{b.hi}
	case RoundDown:
		return b.lo, []step{b.lo}
	case RoundNearest:
		return nearest, []step{nearest}
	}
	return nearest, []step{b.lo, b.hi}
}

// raise lifts every step below minimum to it. It reports whether any moved.
func raise(expected step, accepted []step, minimum *step) (step, []step, bool) {
	if minimum == nil {
		return expected, accepted, false
	}
	raised := false
	if expected.value.Cmp(minimum.value) < 0 {
		expected, raised = *minimum, true
	}
	var out []step
	for _, a := range accepted {
		if a.value.Cmp(minimum.value) < 0 {
			a, raised = *minimum, true
		}
		if !containsKey(out, a.key) {
			out = append(out, a)
		}
	}
	return expected, out, raised
}

func containsKey(steps []step, key string) bool {
	for _, s := range steps {
		if s.key == key {
			return true
		}
	}
	return false
}

// discrete turns a bracket into an outcome: rounding, minimum and the
// arithmetic text, the same way on every ladder.
func discrete(ladder, production string, ratio *big.Rat, b bracket, r Rounding, minimum *step) outcome {
	expected, accepted := b.pick(r)
	expected, accepted, raised := raise(expected, accepted, minimum)
	out := outcome{result: Result{
		Expected: expected.name,
		Exact:    b.exact,
		Ladder:   ladder,
	}}
	for _, a := range accepted {
		out.result.Accepted = append(out.result.Accepted, a.name)
		out.keys = append(out.keys, a.key)
	}

	var text strings.Builder
	fmt.Fprintf(&text, "%s × %s = ", production, FormatRatio(ratio))
	if b.exact {
		text.WriteString(b.lo.name)
	} else {
		text.WriteString(b.targetText)
		if b.note != "" {
			text.WriteString(", " + b.note)
		}
		switch {
		case b.lo.key == b.hi.key:
			text.WriteString(", so " + b.lo.name)
		case r == RoundUp:
			text.WriteString(", rounded up to " + b.hi.name)
		case r == RoundDown:
			text.WriteString(", rounded down to " + b.lo.name)
		case r == RoundNearest:
			text.WriteString(", rounded to the nearest, " + expected.name)
		default:
			text.WriteString(", so " + b.lo.name + " or " + b.hi.name)
		}
	}
	if raised {
		text.WriteString(", raised to the minimum " + minimum.name)
	}
	out.result.Arithmetic = text.String()
	return out
}

// listBracket brackets target on a sorted list of step values: below the
// first it clamps to the first, above the last to the last, because a size
// that does not exist cannot be accepted.
func listBracket(values []*big.Rat, target *big.Rat, name func(*big.Rat) step) bracket {
	b := bracket{target: target}
	first, last := values[0], values[len(values)-1]
	i := sort.Search(len(values), func(i int) bool { return values[i].Cmp(target) >= 0 })
	switch {
	case i < len(values) && values[i].Cmp(target) == 0:
		b.lo, b.exact = name(values[i]), true
		b.hi = b.lo
	case target.Cmp(first) < 0:
		b.lo, b.note = name(first), "below the smallest size"
		b.hi = b.lo
	case target.Cmp(last) > 0:
		b.lo, b.note = name(last), "above the largest size"
		b.hi = b.lo
	default:
		b.lo, b.hi = name(values[i-1]), name(values[i])
	}
	return b
}

// sortedSteps sorts and deduplicates step values.
func sortedSteps(values []*big.Rat) []*big.Rat {
	sort.Slice(values, func(i, j int) bool { return values[i].Cmp(values[j]) < 0 })
	out := values[:0]
	for _, v := range values {
		if len(out) == 0 || out[len(out)-1].Cmp(v) != 0 {
			out = append(out, v)
		}
	}
	return out
}

func ratsFromInts(ns []int64) []*big.Rat {
	out := make([]*big.Rat, 0, len(ns))
	for _, n := range ns {
		out = append(out, ratInt(n))
	}
	return out
}
