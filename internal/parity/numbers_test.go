package parity

import (
	"math/big"
	"strings"
	"testing"
)

func TestNormalizeNumberBounded(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"4", "4"},
		{"4.0", "4"},
		{"4e0", "4"},
		{"-0.5", "-0.5"},
		{"1e3", "1000"},
		{"1e999", "1" + strings.Repeat("0", 999)},
		// Beyond maxPlainNumber: scientific notation from the text alone.
		{"1e999999", "1e+999999"},
		{"10e999998", "1e+999999"},
		{"-2.50e1000", "-2.5e+1000"},
		{"1e-999999", "1e-999999"},
		{"0.00" + strings.Repeat("0", 1000) + "12", "1.2e-1003"},
		{strings.Repeat("9", 1001), "9." + strings.Repeat("9", 1000) + "e+1000"},
		{"1" + strings.Repeat("0", 1000), "1e+1000"},
		{"1e999999999999999", "1e+999999999999999"},
		// Beyond any exponent read: the text is kept.
		{"1e" + strings.Repeat("9", 40), "1e" + strings.Repeat("9", 40)},
	}
	for _, tc := range cases {
		t.Run(tc.in[:min(len(tc.in), 20)], func(t *testing.T) {
			t.Parallel()
			if got := NormalizeNumber(tc.in); got != tc.want {
				t.Errorf("NormalizeNumber(%.30q) = %.40q, want %.40q", tc.in, got, tc.want)
			}
		})
	}
}

// TestCompareNumbersMatchesExactArithmetic checks the comparison by text
// against big.Rat on numbers small enough for exact arithmetic.
func TestCompareNumbersMatchesExactArithmetic(t *testing.T) {
	t.Parallel()
	nums := []string{"0", "-0", "0.0", "1", "-1", "10", "9.99", "1e1", "1.5e-3", "0.0015", "-2e2", "-200.5",
		"123456789012345678901234567890", "1e29", "0.1", "0.10", "1e-1", "5E+2", "-0.001"}
	for _, a := range nums {
		for _, b := range nums {
			x, _ := new(big.Rat).SetString(a)
			y, _ := new(big.Rat).SetString(b)
			if got, want := compareNumbers(a, b), x.Cmp(y); got != want {
				t.Errorf("compareNumbers(%s, %s) = %d, want %d", a, b, got, want)
			}
		}
	}
}
