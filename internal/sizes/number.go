package sizes

import (
	"math/big"
	"regexp"
)

// numberPattern accepts non-negative decimal text only. Negative values such
// as -1 usually mean "unlimited" and are compared as configuration.
var numberPattern = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)

// decimalPlaces is the precision at which a non-terminating decimal product
// (a ratio of 1/3, say) is rounded.
const decimalPlaces = 6

type number struct {
	raw   string
	value *big.Rat
	// integer production values are counts: staging must be a count too.
	integer bool
}

func parseNumber(s string) (size, bool, error) {
	if len(s) > maxNumberLen {
		return nil, false, nil
	}
	m := numberPattern.FindStringSubmatch(s)
	if m == nil {
		return nil, false, nil
	}
	return &number{raw: s, value: parseRat(s), integer: m[1] == ""}, true, nil
}

func (n *number) ladder() string      { return LadderNumber }
func (n *number) magnitude() *big.Rat { return n.value }
func (n *number) text() string        { return n.raw }
func (n *number) family() string      { return "plain number" }
func (n *number) key() string         { return n.value.RatString() }

func (n *number) scale(ratio *big.Rat, r Rounding, minimum size) (outcome, error) {
	target := mul(n.value, ratio)
	b := bracket{target: target, targetText: FormatRatio(target)}
	switch {
	case n.integer && target.IsInt():
		b.lo, b.exact = numberStep(target), true
	case n.integer:
		lo, hi := floor(target), ceil(target)
		if lo.Sign() == 0 {
			// Production has at least one, so a count of zero would switch
			// the thing off rather than scale it.
			lo, b.note = big.NewInt(1), "and a count never goes below 1"
		}
		b.lo, b.hi = numberStep(new(big.Rat).SetInt(lo)), numberStep(new(big.Rat).SetInt(hi))
	default:
		if _, ok := decimalDigits(target); ok {
			b.lo, b.exact = numberStep(target), true
			break
		}
		unit := pow(10, -decimalPlaces)
		places := quo(target, unit)
		b.lo = numberStep(mul(new(big.Rat).SetInt(floor(places)), unit))
		b.hi = numberStep(mul(new(big.Rat).SetInt(ceil(places)), unit))
	}
	if b.hi.key == "" {
		b.hi = b.lo
	}
	var min *step
	if m, ok := minimum.(*number); ok {
		min = &step{name: m.raw, key: m.key(), value: m.value}
	}
	out := discrete(LadderNumber, n.raw, ratio, b, r, min)
	if n.integer && !target.IsInt() && (min == nil || target.Cmp(min.value) >= 0) {
		// A whole production value need not be a count: 1 vCPU × 0.5 is
		// the 0.5 vCPU a staging container may well have. The exact
		// product is accepted beside the whole neighbours.
		if _, ok := decimalDigits(target); ok {
			exact := numberStep(target)
			out.keys = append(out.keys, exact.key)
		}
	}
	return out, nil
}

func numberStep(v *big.Rat) step {
	return step{name: exactDecimal(v), key: v.RatString(), value: v}
}
