package sizes_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/envparity/terraform-provider-parity/internal/sizes"
)

// FuzzScale asserts that no input panics and that every successful result
// is self-consistent: the expected size is among the accepted ones, and
// checking it against production says ok.
func FuzzScale(f *testing.F) {
	seeds := []struct {
		production string
		ratio      float64
		rounding   string
		minimum    string
	}{
		{"t3.nano", 0.5, "", ""},
		{"t3.xlarge", 0.5, "either", ""},
		{"m5.24xlarge", 0.5, "", ""},
		{"m5.3xlarge", 0.5, "nearest", ""},
		{"m5.3xlarge", 0.5, "up", "m5.2xlarge"},
		{"db.r6g.2xlarge", 0.25, "down", ""},
		{"cache.t3.micro", 0.5, "", ""},
		{"m5.metal", 0.5, "", ""},
		{"zz9.metal", 0.5, "", ""},
		{"m7i.metal-48xl", 0.5, "", ""},
		{"u-6tb1.112xlarge", 0.5, "", ""},
		{"m7i-flex.xlarge", 0.5, "", ""},
		{"1", 0.5, "", ""},
		{"3", 0.5, "", "2"},
		{"1.1", 1.0 / 3, "", ""},
		{"1.5Gi", 0.5, "", ""},
		{"500m", 0.5, "", ""},
		{"2Gi", 0.5, "", "1073741824"},
		{"1Ki", 0.3, "up", ""},
		{"1e3", 0.5, "", ""},
		{"1e-3", 0.5, "", ""},
		{"e2-standard-8", 0.25, "", ""},
		{"e2-medium", 0.5, "", ""},
		{"custom-8-32768", 0.5, "", ""},
		{"custom-5-13000", 0.5, "nearest", "custom-4-4096"},
		{"Standard_D8s_v5", 0.5, "", ""},
		{"Standard_E8-4ds_v5", 0.5, "", ""},
		{"t3.large", 2, "", ""},
		{"garbage", 0.5, "", ""},
		{"4", 0, "", ""},
		{"4", -1, "", ""},
		{"4", 1e300, "", ""},
		{"4", 5e-324, "", ""},
	}
	for _, s := range seeds {
		f.Add(s.production, s.ratio, s.rounding, s.minimum)
	}
	f.Fuzz(func(t *testing.T, production string, ratio float64, rounding, minimum string) {
		_ = sizes.Detect(production)
		r := sizes.RatioFromFloat(ratio)
		_ = sizes.FormatRatio(r)
		res, err := sizes.Scale(production, r, sizes.Rounding(rounding), minimum)
		if err != nil {
			return
		}
		if !slices.Contains(res.Accepted, res.Expected) {
			t.Fatalf("Scale(%q, %v): expected %q not in accepted %q", production, ratio, res.Expected, res.Accepted)
		}
		ok, _, err := sizes.Check(res.Expected, production, r, sizes.Rounding(rounding), minimum)
		var famErr *sizes.FamilyError
		if errors.As(err, &famErr) || err != nil || !ok {
			t.Fatalf("Check(%q, %q, %v) = %v, %v; want the expected size accepted", res.Expected, production, ratio, ok, err)
		}
	})
}
