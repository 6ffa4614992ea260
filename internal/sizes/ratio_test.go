package sizes_test

import (
	"math"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/envparity/terraform-provider-parity/internal/sizes"
)

// TestRatioValidation runs every entry point's form of a ratio (text,
// float64, arbitrary precision) through the one range check, with the
// message a user reads.
func TestRatioValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text string
		want string // the accepted ratio as a fraction, or the error
	}{
		{"0.5", "1/2"},
		{"0.1", "1/10"},
		{"1/3", "1/3"},
		{"50%", "1/2"},
		{"0.000001", "1/1000000"},
		{"1e-6", "1/1000000"},
		{"1000000", "1000000/1"},
		{"1e6", "1000000/1"},
		{"0", "ratio must be greater than 0 (from 0.000001 to 1000000; staging = production × ratio), got 0"},
		{"-0.5", "ratio must be greater than 0 (from 0.000001 to 1000000; staging = production × ratio), got -0.5"},
		{"0.0000009", "ratio must be at least 0.000001 (from 0.000001 to 1000000; staging = production × ratio), got 9e-07"},
		{"1000001", "ratio must be at most 1000000 (from 0.000001 to 1000000; staging = production × ratio), got 1.000001e+06"},
		{"1e308", "ratio must be at most 1000000 (from 0.000001 to 1000000; staging = production × ratio), got 1e+308"},
		{"1e309", "ratio must be at most 1000000 (from 0.000001 to 1000000; staging = production × ratio), got 1e+309"},
		{"1e-400", "ratio must be at least 0.000001 (from 0.000001 to 1000000; staging = production × ratio), got 1e-400"},
		{"1e999999999", "ratio must be at most 1000000 (from 0.000001 to 1000000; staging = production × ratio), got a number too large to use"},
		{"1e2000", "ratio must be at most 1000000 (from 0.000001 to 1000000; staging = production × ratio), got a number of more than a thousand digits"},
		{"1/0", `ratio "1/0" is not a number: write it as 0.5, 1/2 or 50%`},
		{"NaN", `ratio "NaN" is not a number: write it as 0.5, 1/2 or 50%`},
		{"Inf", `ratio "Inf" is not a number: write it as 0.5, 1/2 or 50%`},
		{"half", `ratio "half" is not a number: write it as 0.5, 1/2 or 50%`},
		{"", `ratio "" is not a number: write it as 0.5, 1/2 or 50%`},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			r, err := sizes.ParseRatio(tt.text)
			got := ""
			if err != nil {
				got = err.Error()
			} else {
				got = r.String()
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseRatio(%q) (-want +got):\n%s", tt.text, diff)
			}
			if strings.Contains(got, "%!") || strings.Contains(got, "big.Float") {
				t.Errorf("unreadable message: %s", got)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("ParseRatio(%q) took %v", tt.text, d)
			}
		})
	}
}

func TestRatioFromFloat64AndBig(t *testing.T) {
	t.Parallel()
	huge, _, _ := big.ParseFloat("1e309", 10, 512, big.ToNearestEven)
	tenth, _, _ := big.ParseFloat("0.1", 10, 512, big.ToNearestEven)
	tests := []struct {
		name string
		run  func() (*big.Rat, error)
		want string
	}{
		{"float 0.25", func() (*big.Rat, error) { return sizes.RatioFromFloat64(0.25) }, "1/4"},
		{"float NaN", func() (*big.Rat, error) { return sizes.RatioFromFloat64(math.NaN()) }, "ratio must be a number (from 0.000001 to 1000000; staging = production × ratio), got NaN"},
		{"float +Inf", func() (*big.Rat, error) { return sizes.RatioFromFloat64(math.Inf(1)) }, "ratio must be at most 1000000 (from 0.000001 to 1000000; staging = production × ratio), got infinity"},
		{"float negative", func() (*big.Rat, error) { return sizes.RatioFromFloat64(-2) }, "ratio must be greater than 0 (from 0.000001 to 1000000; staging = production × ratio), got -2"},
		{"float 1e300", func() (*big.Rat, error) { return sizes.RatioFromFloat64(1e300) }, "ratio must be at most 1000000 (from 0.000001 to 1000000; staging = production × ratio), got 1e+300"},
		// Terraform numbers have 512 bits: 0.1 must still be exactly 1/10.
		{"big 0.1", func() (*big.Rat, error) { return sizes.RatioFromBig(tenth) }, "1/10"},
		{"big 1e309", func() (*big.Rat, error) { return sizes.RatioFromBig(huge) }, "ratio must be at most 1000000 (from 0.000001 to 1000000; staging = production × ratio), got 1e+309"},
		{"big zero", func() (*big.Rat, error) { return sizes.RatioFromBig(new(big.Float)) }, "ratio must be greater than 0 (from 0.000001 to 1000000; staging = production × ratio), got 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := tt.run()
			got := ""
			if err != nil {
				got = err.Error()
			} else {
				got = r.String()
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestScaleAtRatioBounds scales with the extreme accepted ratios: exact
// results, no float noise.
func TestScaleAtRatioBounds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		size, ratio, want string
	}{
		{"2Gi", "1000000", "2000000Gi"},
		{"4", "1000000", "4000000"},
		{"4", "0.000001", "1"},
		{"t3.xlarge", "0.000001", "t3.nano"},
		{"2Gi", "0.1", "214748365"},
	}
	for _, tt := range tests {
		r, err := sizes.ParseRatio(tt.ratio)
		if err != nil {
			t.Fatal(err)
		}
		res, err := sizes.Scale(tt.size, r, sizes.RoundNearest, "")
		if err != nil {
			t.Errorf("Scale(%s, %s): %v", tt.size, tt.ratio, err)
			continue
		}
		if res.Expected != tt.want {
			t.Errorf("Scale(%s, %s) = %s, want %s", tt.size, tt.ratio, res.Expected, tt.want)
		}
	}
}
