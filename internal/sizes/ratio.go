package sizes

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Every staging:production ratio, wherever it is written (parity_check,
// the provider block, a size rule, a rules file, the CLI's --ratio,
// scale_size and parity scale), is checked by the functions below against
// one range: MinRatio ≤ ratio ≤ MaxRatio. A millionth is far below any
// real staging share and a million times far above; outside the range a
// ratio is a typo, and products of extreme ratios are sizes no ladder has.
const (
	MinRatio = 1e-6
	MaxRatio = 1e6
	// RatioRangeText is the range as the messages and docs write it.
	RatioRangeText = "from 0.000001 to 1000000"
)

var (
	minRatioRat = big.NewRat(1, 1_000_000)
	maxRatioRat = big.NewRat(1_000_000, 1)
	// Binary numbers cannot hold the bounds exactly: a first check against
	// bounds a little wider keeps huge exponents away from exact
	// arithmetic, and CheckRatio decides exactly.
	coarseMinRatio = big.NewFloat(0.5e-6)
	coarseMaxRatio = big.NewFloat(2e6)
)

// CheckRatio reports whether r is a usable ratio, with a message that says
// what is accepted and shows the value readably.
func CheckRatio(r *big.Rat) error {
	switch {
	case r == nil:
		return fmt.Errorf("ratio must be a number (%s; staging = production × ratio)", RatioRangeText)
	case r.Sign() <= 0:
		return ratioError("greater than 0", describeRat(r))
	case r.Cmp(minRatioRat) < 0:
		return ratioError("at least 0.000001", describeRat(r))
	case r.Cmp(maxRatioRat) > 0:
		return ratioError("at most 1000000", describeRat(r))
	}
	return nil
}

func ratioError(want, got string) error {
	return fmt.Errorf("ratio must be %s (%s; staging = production × ratio), got %s", want, RatioRangeText, got)
}

// RatioFromFloat64 checks a ratio given as a float64 (NaN and infinities
// included) and returns it as an exact rational through its shortest
// decimal text, so 0.1 is 1/10.
func RatioFromFloat64(f float64) (*big.Rat, error) {
	if math.IsNaN(f) {
		return nil, ratioError("a number", "NaN")
	}
	if math.IsInf(f, 0) {
		return nil, ratioError(map[bool]string{true: "at most 1000000", false: "greater than 0"}[f > 0], "infinity")
	}
	r := RatioFromFloat(f)
	if err := CheckRatio(r); err != nil {
		return nil, err
	}
	return r, nil
}

// RatioFromBig checks a ratio given as an arbitrary-precision number (what
// Terraform and HCL hand over) and returns it as an exact rational through
// its shortest decimal text. The range is checked before any exact
// conversion, so 1e9999999 costs nothing.
func RatioFromBig(f *big.Float) (*big.Rat, error) {
	switch {
	case f == nil:
		return nil, CheckRatio(nil)
	case f.IsInf():
		return nil, ratioError(map[bool]string{true: "at most 1000000", false: "greater than 0"}[f.Sign() > 0], "a number too large to use")
	case f.Sign() <= 0:
		return nil, ratioError("greater than 0", describeFloat(f))
	case f.Cmp(coarseMinRatio) < 0:
		return nil, ratioError("at least 0.000001", describeFloat(f))
	case f.Cmp(coarseMaxRatio) > 0:
		return nil, ratioError("at most 1000000", describeFloat(f))
	}
	// Within the range the shortest text is short: 0.1 at 512 bits prints
	// as 0.1 and becomes exactly 1/10, not the binary value nearest to it.
	r, ok := new(big.Rat).SetString(f.Text('g', -1))
	if !ok {
		return nil, CheckRatio(nil)
	}
	if err := CheckRatio(r); err != nil {
		return nil, err
	}
	return r, nil
}

// ParseRatio reads a ratio written as a decimal (0.5, 5e-1), a fraction
// (1/2) or a percentage (50%), and checks it.
func ParseRatio(s string) (*big.Rat, error) {
	text := strings.TrimSpace(s)
	percent := strings.HasSuffix(text, "%")
	text = strings.TrimSpace(strings.TrimSuffix(text, "%"))
	num, den, isFraction := strings.Cut(text, "/")
	n, ok := parseDecimal(num)
	d := big.NewFloat(1)
	if isFraction {
		var okDen bool
		d, okDen = parseDecimal(den)
		ok = ok && okDen && d.Sign() != 0
	}
	if !ok {
		return nil, fmt.Errorf("ratio %q is not a number: write it as 0.5, 1/2 or 50%%", s)
	}
	q := new(big.Float).SetPrec(256).Quo(n, d)
	if percent {
		q.Quo(q, big.NewFloat(100))
	}
	if _, err := RatioFromBig(q); err != nil {
		return nil, err
	}
	// In range: compute exactly from the texts.
	r, _ := new(big.Rat).SetString(n.Text('g', -1))
	dr, _ := new(big.Rat).SetString(d.Text('g', -1))
	r.Quo(r, dr)
	if percent {
		r.Quo(r, big.NewRat(100, 1))
	}
	if err := CheckRatio(r); err != nil {
		return nil, err
	}
	return r, nil
}

// parseDecimal parses decimal text without letting an exponent such as
// 1e999999999 build a huge exact number.
func parseDecimal(s string) (*big.Float, bool) {
	s = strings.TrimSpace(s)
	if s == "" || strings.Trim(s, "0123456789.eE+-") != "" || !strings.ContainsAny(s, "0123456789") {
		return nil, false
	}
	// An exponent beyond big.Float's range parses as an infinity, which
	// RatioFromBig reports as too large.
	f, _, err := big.ParseFloat(s, 10, 256, big.ToNearestEven)
	if err != nil && !(f != nil && f.IsInf()) {
		return nil, false
	}
	return f, true
}

func describeRat(r *big.Rat) string {
	f, _ := r.Float64()
	if math.IsInf(f, 0) || f == 0 && r.Sign() != 0 {
		return describeFloat(new(big.Float).SetRat(r))
	}
	return describeFloat64(f, r.Sign())
}

// describeFloat prints a value readably, with six significant digits when
// it does not fit a float64 (1e+309); one whose binary exponent is huge
// (1e9999999) is said in words, since printing it takes seconds.
func describeFloat(x *big.Float) string {
	if f, _ := x.Float64(); !math.IsInf(f, 0) && (f != 0 || x.Sign() == 0) {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	if exp := x.MantExp(nil); exp > -4000 && exp < 4000 {
		return x.Text('g', 6)
	}
	if x.MantExp(nil) > 0 {
		return "a number of more than a thousand digits"
	}
	return "a number too close to 0 to use"
}

func describeFloat64(f float64, sign int) string {
	switch {
	case math.IsInf(f, 0):
		return "a number too large to use"
	case f == 0 && sign != 0:
		return "a number too close to 0 to use"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}
