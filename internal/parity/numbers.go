package parity

import "strings"

// maxPlainNumber bounds the length of the plain decimal text NormalizeNumber
// writes. An exponent makes a short text stand for a long number (1e999999
// has a million digits), and exact arithmetic on it costs seconds and
// megabytes for each value; beyond the bound a number is written in
// scientific notation, worked out from its text in linear time. Every real
// setting is far shorter.
const maxPlainNumber = 1000

// maxExponent is the largest exponent decimalParts reads.
const maxExponent = int64(1e15)

// decimalParts reads a JSON number as its sign, its significant digits
// (without leading or trailing zeros; "" for zero) and the position of the
// decimal point before them: the value is 0.digits × 10^point. It reads the
// text once and does no arithmetic on big numbers. An exponent beyond
// ±10^15 is not read (ok is false): such text is kept as it is.
func decimalParts(text string) (neg bool, digits string, point int64, ok bool) {
	s := text
	if strings.HasPrefix(s, "-") {
		neg, s = true, s[1:]
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	intPart := s[:i]
	if intPart == "" || len(intPart) > 1 && intPart[0] == '0' {
		return false, "", 0, false
	}
	s = s[i:]
	frac := ""
	if strings.HasPrefix(s, ".") {
		j := 1
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == 1 {
			return false, "", 0, false
		}
		frac, s = s[1:j], s[j:]
	}
	var exp int64
	if s != "" {
		if s[0] != 'e' && s[0] != 'E' {
			return false, "", 0, false
		}
		s = s[1:]
		expNeg := false
		if s != "" && (s[0] == '+' || s[0] == '-') {
			expNeg, s = s[0] == '-', s[1:]
		}
		if s == "" {
			return false, "", 0, false
		}
		for k := 0; k < len(s); k++ {
			if s[k] < '0' || s[k] > '9' {
				return false, "", 0, false
			}
			if exp = exp*10 + int64(s[k]-'0'); exp > maxExponent {
				return false, "", 0, false
			}
		}
		if expNeg {
			exp = -exp
		}
	}
	// All digits, with the point after the integer part.
	lead := len(strings.TrimLeft(intPart, "0"))
	all := strings.TrimLeft(intPart+frac, "0")
	point = int64(lead) + exp
	if lead == 0 {
		// 0.00012: the zeros after the point move it left.
		point = exp - int64(len(frac)-len(strings.TrimLeft(frac, "0")))
	}
	digits = strings.TrimRight(all, "0")
	if digits == "" {
		return neg, "", 0, true
	}
	return neg, digits, point, true
}

// plainLength is the length of the plain decimal text of 0.digits × 10^point.
func plainLength(digits string, point int64) int64 {
	n := int64(len(digits))
	switch {
	case n == 0:
		return 1
	case point >= n:
		return point
	case point <= 0:
		return 2 - point + n
	}
	return n + 1
}

// scientificNumber writes 0.digits × 10^point as d.ddde±N.
func scientificNumber(neg bool, digits string, point int64) string {
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	b.WriteByte(digits[0])
	if len(digits) > 1 {
		b.WriteByte('.')
		b.WriteString(digits[1:])
	}
	b.WriteByte('e')
	e := point - 1
	if e >= 0 {
		b.WriteByte('+')
	}
	b.WriteString(itoa64(e))
	return b.String()
}

func itoa64(n int64) string {
	if n < 0 {
		return "-" + itoa64(-n)
	}
	var buf [20]byte
	i := len(buf)
	for {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(buf[i:])
		}
	}
}

// compareDecimal compares two JSON numbers by their text, without big
// arithmetic; ok is false when either is not a number.
func compareDecimal(a, b string) (int, bool) {
	an, ad, ap, okA := decimalParts(a)
	bn, bd, bp, okB := decimalParts(b)
	if !okA || !okB {
		return 0, false
	}
	sign := func(neg bool, digits string) int {
		switch {
		case digits == "":
			return 0
		case neg:
			return -1
		}
		return 1
	}
	sa, sb := sign(an, ad), sign(bn, bd)
	if sa != sb || sa == 0 {
		return cmpInt(sa, sb), true
	}
	// Same sign: compare magnitudes, then flip for negatives.
	m := 0
	switch {
	case ap != bp:
		m = cmpInt64(ap, bp)
	default:
		m = strings.Compare(ad, bd) // no trailing zeros: "12" < "123"
	}
	return m * sa, true
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
