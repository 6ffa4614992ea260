package sizes

import (
	"fmt"
	"math/big"
	"regexp"
	"strconv"
)

// quantityPattern is the Kubernetes quantity grammar without a sign (sizes
// are never negative) and with a mandatory suffix: a bare number is a plain
// number, not a quantity.
var quantityPattern = regexp.MustCompile(`^([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)$`)

// maxExponent bounds decimal exponents (1e3) so a hostile value cannot make
// the arithmetic allocate without limit. 10^±100 covers every real size.
const maxExponent = 100

type unit struct {
	suffix string
	scale  *big.Rat
}

func pow(base int64, exp int) *big.Rat {
	p := new(big.Int).Exp(big.NewInt(base), big.NewInt(int64(max(exp, -exp))), nil)
	if exp < 0 {
		return new(big.Rat).SetFrac(big.NewInt(1), p)
	}
	return new(big.Rat).SetInt(p)
}

// Units from largest to smallest. Results are written in production's unit
// when that gives a whole number, else in the next smaller unit that does.
var (
	binaryUnits = []unit{
		{"Ei", pow(2, 60)}, {"Pi", pow(2, 50)}, {"Ti", pow(2, 40)},
		{"Gi", pow(2, 30)}, {"Mi", pow(2, 20)}, {"Ki", pow(2, 10)}, {"", pow(2, 0)},
	}
	decimalUnits = []unit{
		{"E", pow(10, 18)}, {"P", pow(10, 15)}, {"T", pow(10, 12)},
		{"G", pow(10, 9)}, {"M", pow(10, 6)}, {"k", pow(10, 3)}, {"", pow(10, 0)},
		{"m", pow(10, -3)}, {"u", pow(10, -6)}, {"n", pow(10, -9)},
	}
)

const decimalOneIndex = 6 // index of "" in decimalUnits

type quantity struct {
	raw   string
	value *big.Rat
	// units this quantity's results may be written in, from its own unit down
	// to the smallest one that makes sense for it.
	units []unit
}

func parseQuantity(s string) (size, bool, error) {
	if len(s) > maxNumberLen {
		return nil, false, nil
	}
	m := quantityPattern.FindStringSubmatch(s)
	if m == nil {
		return nil, false, nil
	}
	mantissa, suffix := parseRat(m[1]), m[2]
	q := &quantity{raw: s}
	if i := unitIndex(binaryUnits, suffix); i >= 0 {
		// Memory: nothing is finer than a byte.
		q.units = binaryUnits[i:]
	} else if i := unitIndex(decimalUnits, suffix); i >= 0 {
		// Memory in k/M/G stops at bytes; CPU in m (or u, n) stays in its
		// own unit, since Kubernetes rejects CPU finer than 1m.
		q.units = decimalUnits[i : max(i, decimalOneIndex)+1]
	} else {
		exp, err := strconv.Atoi(suffix[1:])
		if err != nil || exp > maxExponent || exp < -maxExponent {
			return nil, true, fmt.Errorf("quantity %q has an exponent outside ±%d", s, maxExponent)
		}
		for e := exp; e >= min(exp, 0); e-- {
			q.units = append(q.units, unit{fmt.Sprintf("e%d", e), pow(10, e)})
		}
	}
	q.value = mul(mantissa, q.units[0].scale)
	return q, true, nil
}

func unitIndex(units []unit, suffix string) int {
	for i, u := range units {
		if u.suffix == suffix {
			return i
		}
	}
	return -1
}

// asQuantity reads a plain number as a unitless Kubernetes quantity (CPU "2"
// equals "2000m"). It may be written down to nano units, as Kubernetes does.
func asQuantity(s size) size {
	n, ok := s.(*number)
	if !ok {
		return s
	}
	return &quantity{raw: n.raw, value: n.value, units: decimalUnits[decimalOneIndex:]}
}

func (q *quantity) ladder() string      { return LadderQuantity }
func (q *quantity) magnitude() *big.Rat { return q.value }
func (q *quantity) text() string        { return q.raw }
func (q *quantity) family() string      { return "Kubernetes quantity" }
func (q *quantity) key() string         { return q.value.RatString() }

func (q *quantity) scale(ratio *big.Rat, r Rounding, minimum size) (outcome, error) {
	target := mul(q.value, ratio)
	b := bracket{target: target}
	for _, u := range q.units {
		if n := quo(target, u.scale); n.IsInt() {
			b.lo, b.exact = quantityStep(n.Num(), u), true
			break
		}
	}
	if !b.exact {
		// Finer than the smallest unit: round in that unit, never to zero.
		u := q.units[len(q.units)-1]
		n := quo(target, u.scale)
		lo, hi := floor(n), ceil(n)
		if lo.Sign() == 0 {
			lo, b.note = big.NewInt(1), "below the smallest unit"
		}
		b.lo, b.hi = quantityStep(lo, u), quantityStep(hi, u)
		b.targetText = FormatRatio(n) + u.suffix
	}
	if b.hi.key == "" {
		b.hi = b.lo
	}
	var min *step
	if m, ok := minimum.(*quantity); ok {
		min = &step{name: m.raw, key: m.key(), value: m.value}
	}
	return discrete(LadderQuantity, q.raw, ratio, b, r, min), nil
}

func quantityStep(n *big.Int, u unit) step {
	v := mul(new(big.Rat).SetInt(n), u.scale)
	return step{name: n.String() + u.suffix, key: v.RatString(), value: v}
}
