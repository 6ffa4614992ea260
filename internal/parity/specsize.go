package parity

import (
	"math"
	"strconv"
	"strings"
)

// Sizes spelled in a provider's own words. Many providers name plans and
// types by the capacity they give, in words no ladder of the sizes package
// lists: DigitalOcean's s-2vcpu-4gb and db-s-4vcpu-8gb, Linode's
// g6-standard-4, Aiven's business-8, Scaleway's PRO2-S and DB-GP-XS, MWAA's
// mw1.medium, Alibaba's mysql.n2.large.2c, Databricks' Small and Medium,
// Elastic Cloud's 4g. Under a name that says the value is a size, type,
// class, tier, SKU, shape, flavour or plan, two values that differ only in
// such capacities (numbers alone or with a unit of processors or memory,
// and T-shirt sizes) are one size spelled at two steps: staging at the
// ratio of production is parity, off the ratio a size finding. Nothing
// else changes: letters with digits (gp2, r5, E10, cx32) are families and
// generations, compared as configuration, so that gp2 against gp3 stays
// drift.

// specSizeName reports whether an attribute name says its value is a size
// or a type of one: cluster_size, environment_class, sku_name, node_type,
// plan, instanceSize.
func specSizeName(name string) bool {
	words := nameWords(name)
	if len(words) == 0 {
		return false
	}
	for _, w := range words {
		switch w {
		case "size", "tier", "sku", "shape", "flavor", "flavour", "class":
			return true
		}
	}
	switch words[len(words)-1] {
	case "type", "plan":
		return true
	}
	return false
}

// specToken is one token of a spelled size: literal text, or a capacity
// (value, with its unit: "" for a bare number, "tshirt" for T-shirt sizes).
type specToken struct {
	text  string // the token as written, lower case
	unit  string
	value float64
	size  bool
	sep   byte // the separator after it, 0 for the last
}

// specUnits are the units a number may carry in a spelled size, each
// mapped to its canonical spelling (4g and 4gb are one unit).
var specUnits = map[string]string{
	"vcpu": "vcpu", "vcpus": "vcpu", "cpu": "vcpu", "cpus": "vcpu", "c": "vcpu", "core": "vcpu", "cores": "vcpu",
	"gb": "gb", "g": "gb", "gib": "gb", "mb": "mb", "m": "mb", "mib": "mb", "tb": "tb", "t": "tb", "tib": "tb",
}

// tshirtSizes place T-shirt sizes on one doubling ladder: AWS's factors
// (nano ¼ of small … xlarge 8, Nxlarge 8N) and their abbreviations.
var tshirtSizes = map[string]float64{
	"nano": 0.125, "micro": 0.25, "xxsmall": 0.25, "xxs": 0.25, "xsmall": 0.5, "xs": 0.5,
	"small": 1, "s": 1, "medium": 2, "m": 2, "large": 4, "l": 4, "xlarge": 8, "xl": 8,
	"xxlarge": 16, "xxl": 16, "xxxlarge": 32, "xxxl": 32,
}

// readSpec splits a value into tokens at '-', '_', '.', ' ' and '/', and
// reports the shape (the tokens with each capacity replaced by its unit)
// and whether any token is a capacity. Spellings with a hyphen inside a
// size (X-Small, 2X-Large) are joined first.
func readSpec(s string) (shape string, tokens []specToken, ok bool) {
	if len(s) == 0 || len(s) > 64 {
		return "", nil, false
	}
	lower := strings.ToLower(s)
	for _, r := range [][2]string{{"2x-small", "xxsmall"}, {"x-small", "xsmall"}, {"x-large", "xlarge"}} {
		lower = strings.ReplaceAll(lower, r[0], r[1])
	}
	var b strings.Builder
	start := 0
	for i := 0; i <= len(lower); i++ {
		if i < len(lower) && !strings.ContainsRune("-_. /", rune(lower[i])) {
			continue
		}
		tok := readSpecToken(lower[start:i])
		if i < len(lower) {
			tok.sep = lower[i]
		}
		tokens = append(tokens, tok)
		if tok.size {
			b.WriteString("{" + tok.unit + "}")
			ok = true
		} else {
			b.WriteString(tok.text)
		}
		if i < len(lower) {
			b.WriteByte(lower[i])
		}
		start = i + 1
	}
	return b.String(), tokens, ok
}

func readSpecToken(t string) specToken {
	if v, ok := tshirtSizes[t]; ok {
		return specToken{text: t, unit: "tshirt", value: v, size: true}
	}
	digits := 0
	for digits < len(t) && t[digits] >= '0' && t[digits] <= '9' {
		digits++
	}
	if digits == 0 || digits > 6 {
		return specToken{text: t}
	}
	n, _ := strconv.ParseFloat(t[:digits], 64)
	rest := t[digits:]
	switch {
	case rest == "":
		return specToken{text: t, value: n, size: true}
	case rest == "xlarge" || rest == "xl":
		// 2xlarge: N × xlarge.
		return specToken{text: t, unit: "tshirt", value: 8 * n, size: true}
	}
	if unit, ok := specUnits[rest]; ok && n > 0 {
		return specToken{text: t, unit: unit, value: n, size: true}
	}
	return specToken{text: t}
}

// specOutcome is what comparing two spelled sizes found.
type specOutcome struct {
	// matched: both values are sizes spelled alike, differing only in
	// capacities of the same units.
	matched bool
	// fits: every differing capacity of staging is production's × ratio,
	// rounded either way (on the doubling ladder for T-shirt sizes).
	fits bool
	// expected is staging's value with each capacity production × ratio
	// (rounded to the nearest step).
	expected string
}

// compareSpec compares two spelled sizes. Only the capacities that differ
// are checked (the 2c of mysql.n2.large.2c against mysql.n2.xlarge.2c is
// part of the family).
func compareSpec(staging, production string, ratio float64) specOutcome {
	sShape, sTokens, ok1 := readSpec(staging)
	pShape, pTokens, ok2 := readSpec(production)
	if !ok1 || !ok2 || sShape != pShape || len(sTokens) != len(pTokens) || ratio <= 0 {
		return specOutcome{}
	}
	out := specOutcome{matched: true, fits: true}
	var exp strings.Builder
	for i := range sTokens {
		st, pt := sTokens[i], pTokens[i]
		text := pt.text
		if st.size && st.value != pt.value {
			target := pt.value * ratio
			var want float64
			if st.unit == "tshirt" {
				want = tshirtStep(target)
				out.fits = out.fits && tshirtFits(st.value, target)
			} else {
				want = math.Max(1, math.Round(target))
				out.fits = out.fits && st.value >= math.Floor(target) && st.value <= math.Max(1, math.Ceil(target))
			}
			text = spellSpec(pt, want)
		}
		exp.WriteString(text)
		if pt.sep != 0 {
			exp.WriteByte(pt.sep)
		}
	}
	out.expected = exp.String()
	switch {
	case production == strings.ToUpper(production):
		out.expected = strings.ToUpper(out.expected)
	case production[0] >= 'A' && production[0] <= 'Z':
		out.expected = strings.ToUpper(out.expected[:1]) + out.expected[1:]
	}
	return out
}

// tshirtFits reports whether a T-shirt size of value v is target rounded
// down or up on the doubling ladder.
func tshirtFits(v, target float64) bool {
	lo := tshirtStep(target)
	if lo >= target {
		return v == lo
	}
	return v == lo || v == lo*2
}

// tshirtStep is the largest step of the doubling ladder at most target (the
// smallest step when target is below it).
func tshirtStep(target float64) float64 {
	step := 0.125
	for step*2 <= target {
		step *= 2
	}
	return step
}

// spellSpec writes value in the spelling of token t.
func spellSpec(t specToken, value float64) string {
	if t.unit == "tshirt" {
		names := tshirtWords
		if tshirtAbbreviations[t.text] {
			names = tshirtAbbreviated
		}
		for _, n := range names {
			if tshirtSizes[n] == value {
				return n
			}
		}
		if value >= 16 {
			return strconv.FormatFloat(value/8, 'f', -1, 64) + "xlarge"
		}
		return t.text
	}
	digits := 0
	for digits < len(t.text) && t.text[digits] >= '0' && t.text[digits] <= '9' {
		digits++
	}
	return strconv.FormatFloat(value, 'f', -1, 64) + t.text[digits:]
}

// The T-shirt sizes in each spelling, smallest first.
var (
	tshirtWords         = []string{"nano", "micro", "xsmall", "small", "medium", "large", "xlarge"}
	tshirtAbbreviated   = []string{"xxs", "xs", "s", "m", "l", "xl", "xxl", "xxxl"}
	tshirtAbbreviations = map[string]bool{"xxs": true, "xs": true, "s": true, "m": true, "l": true, "xl": true, "xxl": true, "xxxl": true}
)
