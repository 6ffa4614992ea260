package sizes

import (
	"math/rand/v2"
	"testing"
)

// TestMayBeTyped checks DetectTyped's cheap first test against the full
// parsers: every string the parsers report as a typed size must pass it,
// over every family and series the ladders know, their size words and
// prefixes, the named tiers, and random strings of size-like characters.
func TestMayBeTyped(t *testing.T) {
	var candidates []string
	words := []string{"nano", "micro", "small", "medium", "large", "xlarge", "2xlarge", "12xlarge", "metal", "metal-24xl"}
	for fam := range awsFamilies {
		for _, w := range words {
			for _, prefix := range []string{"", "db.", "cache.", "kafka.", "dms.", "ml."} {
				candidates = append(candidates, prefix+fam+"."+w, prefix+fam+"."+w+".search")
			}
		}
	}
	for series := range gcpSeriesVCPUs {
		for _, kind := range []string{"standard", "highmem", "highcpu", "megamem", "ultramem"} {
			candidates = append(candidates, series+"-"+kind+"-4", "db-"+series+"-"+kind+"-8", series+"-"+kind+"-2-lssd")
		}
		candidates = append(candidates, series+"-custom-4-16384", "db-"+series+"-custom-2-7680-ext")
	}
	candidates = append(candidates, "custom-2-7680", "db-custom-4-15360", "e2-micro", "db-f1-micro", "g1-small", "e2-medium")
	for _, l := range tierLadders {
		candidates = append(candidates, l.names...)
		for _, spelled := range l.spellings {
			candidates = append(candidates, spelled...)
		}
	}
	candidates = append(candidates, "Standard_D4s_v3", "standard_e8ds_v5", "Basic_A1", "B_Standard_B1ms", "GP_Standard_D2ds_v4", "MO_Standard_E4ds_v4",
		"GP_Gen5_4", "BC_Gen5_8", "HS_S_Gen5_2", "P1v3", "I2v2", "EP1", "WS1", "S1", "B2", "P2mv3",
		"nano_3_0", "small_ipv6_3_0", "micro_2_0", "large_win_3_0", "Premium_2", "Standard_4", "DW400c", "dw1000c", "ENVIRONMENT_SIZE_SMALL")
	r := rand.New(rand.NewPCG(1, 2))
	const alphabet = "abcdeglmnorstxDWSPBEI0123456789.-_"
	for range 200000 {
		b := make([]byte, 2+r.IntN(14))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		candidates = append(candidates, string(b))
	}
	typed := 0
	for _, s := range candidates {
		if _, _, ok := detectTyped(s); ok {
			typed++
			if !maySpellSize(s) || !mayBeTyped(s) {
				t.Errorf("%q is a typed size, but the first test refuses it", s)
			}
		}
	}
	if typed < 1000 {
		t.Fatalf("only %d of %d candidates are typed sizes: the test no longer exercises the filter", typed, len(candidates))
	}
}
