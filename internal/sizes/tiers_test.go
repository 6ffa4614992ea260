package sizes_test

import (
	"errors"
	"math/big"
	"testing"

	"github.com/envparity/terraform-provider-parity/internal/sizes"
)

func TestScaleSnowflakeWarehouse(t *testing.T) {
	t.Parallel()
	const tier = sizes.LadderTier
	runScaleCases(t, []scaleCase{
		// The minimum XSMALL (the smallest warehouse) puts the shared words
		// on the Snowflake ladder, as the knowledge base's rule does.
		{production: "LARGE", ratio: "0.5", minimum: "XSMALL", want: exact(tier, "LARGE × 0.5 = MEDIUM", "MEDIUM")},
		{production: "MEDIUM", ratio: "0.25", minimum: "XSMALL", want: exact(tier, "MEDIUM × 0.25 = XSMALL", "XSMALL")},
		{production: "XXXLARGE", ratio: "0.5", minimum: "XSMALL", want: exact(tier, "XXXLARGE × 0.5 = XXLARGE", "XXLARGE")},
		// Each spelling scales in its own style and case.
		{production: "X-LARGE", ratio: "0.5", want: exact(tier, "X-LARGE × 0.5 = LARGE", "LARGE")},
		{production: "2X-Large", ratio: "0.5", want: exact(tier, "2X-Large × 0.5 = X-Large", "X-Large")},
		{production: "x3large", ratio: "0.5", want: exact(tier, "x3large × 0.5 = x2large", "x2large")},
		{production: "X6LARGE", ratio: "0.25", want: exact(tier, "X6LARGE × 0.25 = X4LARGE", "X4LARGE")},
		{name: "between sizes", production: "X-LARGE", ratio: "0.75",
			want: rounded(tier, "X-LARGE × 0.75 = 12 credits an hour, so LARGE or X-LARGE", "X-LARGE", "LARGE", "X-LARGE")},
		{name: "never below X-Small", production: "X-SMALL", ratio: "0.5",
			want: rounded(tier, "X-SMALL × 0.5 = 0.5 credits an hour, below the smallest size, so X-SMALL", "X-SMALL", "X-SMALL")},
		{name: "minimum raises", production: "X-LARGE", ratio: "0.125", minimum: "MEDIUM",
			want: sizes.Result{Expected: "MEDIUM", Accepted: []string{"MEDIUM"}, Exact: true, Ladder: tier,
				Arithmetic: "X-LARGE × 0.125 = SMALL, raised to the minimum MEDIUM"}},
	})
}

func TestScaleAtlasTiers(t *testing.T) {
	t.Parallel()
	const tier = sizes.LadderTier
	runScaleCases(t, []scaleCase{
		{production: "M40", ratio: "0.5", want: exact(tier, "M40 × 0.5 = M30", "M30")},
		{production: "M30", ratio: "0.5", want: exact(tier, "M30 × 0.5 = M20", "M20")},
		{production: "M60", ratio: "0.5", want: exact(tier, "M60 × 0.5 = M50", "M50")},
		{production: "M60", ratio: "0.25", want: exact(tier, "M60 × 0.25 = M40", "M40")},
		{production: "m40", ratio: "0.5", want: exact(tier, "m40 × 0.5 = m30", "m30")},
		{production: "R80", ratio: "0.5", want: exact(tier, "R80 × 0.5 = R60", "R60")},
		{production: "M80_NVME", ratio: "0.5", want: exact(tier, "M80_NVME × 0.5 = M60_NVME", "M60_NVME")},
		{name: "between tiers", production: "M140", ratio: "0.5",
			want: rounded(tier, "M140 × 0.5 = 96 GB of memory, so M60 or M80", "M80", "M60", "M80")},
		{name: "never below M10", production: "M10", ratio: "0.5",
			want: rounded(tier, "M10 × 0.5 = 1 GB of memory, below the smallest size, so M10", "M10", "M10")},
		{name: "never below R40", production: "R40", ratio: "0.5",
			want: rounded(tier, "R40 × 0.5 = 8 GB of memory, below the smallest size, so R40", "R40", "R40")},
		{name: "shared tiers by storage", production: "M5", ratio: "0.5",
			want: rounded(tier, "M5 × 0.5 = 2560 MB of storage, so M2 or M5", "M2", "M2", "M5")},
		{name: "minimum raises", production: "M40", ratio: "0.125", minimum: "M20",
			want: sizes.Result{Expected: "M20", Accepted: []string{"M20"}, Exact: true, Ladder: tier,
				Arithmetic: "M40 × 0.125 = M10, raised to the minimum M20"}},
	})
}

func TestCheckNamedTiersAgree(t *testing.T) {
	t.Parallel()
	half := big.NewRat(1, 2)
	tests := []struct {
		name                string
		staging, production string
		minimum             string
		wantOK, wantFamily  bool
		wantExpected        string
	}{
		{name: "snowflake by minimum", staging: "MEDIUM", production: "LARGE", minimum: "XSMALL", wantOK: true, wantExpected: "MEDIUM"},
		{name: "snowflake spelling on staging settles production", staging: "X-SMALL", production: "SMALL", wantOK: true, wantExpected: "XSMALL"},
		{name: "snowflake spelling on production settles staging", staging: "LARGE", production: "X-LARGE", wantOK: true, wantExpected: "LARGE"},
		{name: "snowflake spellings of one size are one size", staging: "XXLARGE", production: "3X-LARGE", wantOK: true, wantExpected: "2X-LARGE"},
		{name: "snowflake one size too big", staging: "X-LARGE", production: "X-LARGE", wantExpected: "LARGE"},
		// 3X-Large is 64 credits, Synapse's XXXLarge 80 vCores: on the
		// Snowflake ladder half of it is exactly XXLARGE, not XLARGE.
		{name: "snowflake top words", staging: "XLARGE", production: "XXXLARGE", minimum: "XSMALL", wantExpected: "XXLARGE"},
		{name: "node size words stay node sizes", staging: "XLarge", production: "XXXLarge", wantOK: true, wantExpected: "XLarge"},
		{name: "synapse node sizes", staging: "Medium", production: "Large", wantOK: true, wantExpected: "Medium"},
		{name: "atlas", staging: "M30", production: "M40", wantOK: true, wantExpected: "M30"},
		{name: "atlas two tiers down", staging: "M40", production: "M60", wantExpected: "M50"},
		{name: "atlas low-CPU is another family", staging: "R40", production: "M50", wantFamily: true},
		{name: "atlas NVMe is another family", staging: "M40", production: "M50_NVME", wantFamily: true},
		{name: "atlas shared is another family", staging: "M5", production: "M20", wantFamily: true},
		{name: "atlas tier vs warehouse size", staging: "M30", production: "X-LARGE", wantFamily: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ok, res, err := sizes.Check(tt.staging, tt.production, half, "", tt.minimum)
			var famErr *sizes.FamilyError
			if got := errors.As(err, &famErr); got != tt.wantFamily {
				t.Fatalf("Check(%q, %q) error = %v, want family error %v", tt.staging, tt.production, err, tt.wantFamily)
			}
			if err != nil && !tt.wantFamily {
				t.Fatalf("Check(%q, %q): %v", tt.staging, tt.production, err)
			}
			if ok != tt.wantOK {
				t.Errorf("Check(%q, %q) = %v (%s), want %v", tt.staging, tt.production, ok, res.Arithmetic, tt.wantOK)
			}
			if tt.wantExpected != "" && res.Expected != tt.wantExpected {
				t.Errorf("Check(%q, %q) expects %q (%s), want %q", tt.staging, tt.production, res.Expected, res.Arithmetic, tt.wantExpected)
			}
		})
	}
}

func TestNamedTiersNeedARule(t *testing.T) {
	t.Parallel()
	// Words and short tier names are sizes only where a rule says so; they
	// are still recognised as sizes once it does.
	for _, s := range []string{"MEDIUM", "X-LARGE", "XSMALL", "M30", "R40", "M40_NVME", "M0"} {
		if _, _, ok := sizes.DetectTyped(s); ok {
			t.Errorf("DetectTyped(%q) = true, want false", s)
		}
		if got := sizes.Detect(s); got != sizes.LadderTier {
			t.Errorf("Detect(%q) = %q, want %q", s, got, sizes.LadderTier)
		}
	}
	for _, s := range []string{"M35", "R10", "M40_SSD", "XXXXLARGE", "7X-LARGE"} {
		if got := sizes.Detect(s); got == sizes.LadderTier {
			t.Errorf("Detect(%q) = %q, want no named tier", s, got)
		}
	}
	if !sizes.Less("MEDIUM", "X-LARGE") {
		t.Error("Less(MEDIUM, X-LARGE) = false: a warehouse word and a Snowflake spelling should compare on the Snowflake ladder")
	}
	if sizes.Less("M40", "R50") {
		t.Error("Less(M40, R50) = true: general and low-CPU tiers are not comparable")
	}
}

func TestScaleLightsailBundles(t *testing.T) {
	t.Parallel()
	const ls = sizes.LadderLightsail
	runScaleCases(t, []scaleCase{
		{production: "medium_2_0", ratio: "0.5", want: exact(ls, "medium_2_0 × 0.5 = small_2_0", "small_2_0")},
		{production: "2xlarge_3_0", ratio: "0.25", want: exact(ls, "2xlarge_3_0 × 0.25 = large_3_0", "large_3_0")},
		{production: "large_win_3_0", ratio: "0.5", want: exact(ls, "large_win_3_0 × 0.5 = medium_win_3_0", "medium_win_3_0")},
		{production: "small_1_0", ratio: "0.5", want: exact(ls, "small_1_0 × 0.5 = micro_1_0", "micro_1_0")},
		{production: "LARGE_HA_1_0", ratio: "0.5", want: exact(ls, "LARGE_HA_1_0 × 0.5 = MEDIUM_HA_1_0", "MEDIUM_HA_1_0")},
		{name: "instance plans start at nano", production: "micro_3_0", ratio: "0.5", want: exact(ls, "micro_3_0 × 0.5 = nano_3_0", "nano_3_0")},
		{name: "database bundles start at micro", production: "micro_1_0", ratio: "0.5",
			want: rounded(ls, "micro_1_0 × 0.5 = 0.5 GB of memory, below the smallest size, so micro_1_0", "micro_1_0", "micro_1_0")},
		{name: "database bundles end at large", production: "large_ha_1_0", ratio: "2",
			want: rounded(ls, "large_ha_1_0 × 2 = 16 GB of memory, above the largest size, so large_ha_1_0", "large_ha_1_0", "large_ha_1_0")},
		{name: "between bundles", production: "large_3_0", ratio: "0.75",
			want: rounded(ls, "large_3_0 × 0.75 = 6 GB of memory, so medium_3_0 or large_3_0", "large_3_0", "medium_3_0", "large_3_0")},
	})
	var famErr *sizes.FamilyError
	if _, _, err := sizes.Check("small_ha_1_0", "medium_1_0", big.NewRat(1, 2), "", ""); !errors.As(err, &famErr) {
		t.Errorf("a high-availability database bundle against a plain one: want a family error, got %v", err)
	}
	if _, _, err := sizes.Check("small_win_3_0", "medium_3_0", big.NewRat(1, 2), "", ""); !errors.As(err, &famErr) {
		t.Errorf("a Windows plan against a Linux one: want a family error, got %v", err)
	}
	if _, _, ok := sizes.DetectTyped("small_3_0"); ok {
		t.Error("a Lightsail bundle is a size only where a rule says so (bundle_id)")
	}
	if got := sizes.Detect("small_3_0"); got != ls {
		t.Errorf("Detect(small_3_0) = %q, want %q", got, ls)
	}
}
