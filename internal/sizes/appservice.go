package sizes

import (
	"math/big"
	"regexp"
	"strconv"
	"strings"
)

// Azure App Service plan SKUs (B1, S2, P1v3, P2mv3, I3v2, EP1): a tier, a
// step number and the tier's generation. Within a tier each step doubles the
// cores (Azure App Service pricing: P0v3 1 vCPU, P1v3 2, P2v3 4, P3v3 8).
var appServicePattern = regexp.MustCompile(`^(B|S|P|I|EP|WS)([0-9])(m?v[2-4])?$`)

// appServiceSteps are the step numbers each tier (with its generation)
// offers.
var appServiceSteps = map[string][]int64{
	"B": {1, 2, 3}, "S": {1, 2, 3}, "P": {1, 2, 3},
	"Pv2": {1, 2, 3}, "Pv3": {0, 1, 2, 3}, "Pmv3": {1, 2, 3, 4, 5},
	"Iv2": {1, 2, 3, 4, 5, 6}, "EP": {1, 2, 3}, "WS": {1, 2, 3},
}

type appServiceSKU struct {
	raw        string
	tier, tail string
	n          int64
}

func parseAppService(s string) (size, bool, error) {
	m := appServicePattern.FindStringSubmatch(s)
	if m == nil {
		return nil, false, nil
	}
	sku := &appServiceSKU{raw: s, tier: m[1], tail: m[3]}
	sku.n, _ = strconv.ParseInt(m[2], 10, 64)
	if !containsInt(appServiceSteps[sku.family()], sku.n) {
		return nil, false, nil
	}
	return sku, true, nil
}

func containsInt(ns []int64, n int64) bool {
	for _, x := range ns {
		if x == n {
			return true
		}
	}
	return false
}

// stepCores is 2^(n-1): step 0 is half of step 1.
func stepCores(n int64) *big.Rat {
	if n == 0 {
		return big.NewRat(1, 2)
	}
	return new(big.Rat).SetInt(new(big.Int).Lsh(big.NewInt(1), uint(n-1)))
}

func (a *appServiceSKU) ladder() string      { return LadderAppService }
func (a *appServiceSKU) magnitude() *big.Rat { return stepCores(a.n) }
func (a *appServiceSKU) text() string        { return a.raw }
func (a *appServiceSKU) family() string      { return a.tier + a.tail }
func (a *appServiceSKU) key() string         { return strings.ToLower(a.raw) }
func (a *appServiceSKU) name(n int64) string { return a.tier + strconv.FormatInt(n, 10) + a.tail }
func (a *appServiceSKU) familyLabel() string { return a.tier + "*" + a.tail }

func (a *appServiceSKU) scale(ratio *big.Rat, r Rounding, minimum size) (outcome, error) {
	steps := appServiceSteps[a.family()]
	values := make([]*big.Rat, len(steps))
	byValue := map[string]int64{}
	for i, n := range steps {
		values[i] = stepCores(n)
		byValue[values[i].RatString()] = n
	}
	target := mul(a.magnitude(), ratio)
	b := listBracket(values, target, func(v *big.Rat) step {
		name := a.name(byValue[v.RatString()])
		return step{name: name, key: strings.ToLower(name), value: v}
	})
	b.targetText = FormatRatio(mul(target, big.NewRat(1, 1))) + " × the cores of " + a.name(1)
	var min *step
	if m, ok := minimum.(*appServiceSKU); ok {
		min = &step{name: m.raw, key: m.key(), value: m.magnitude()}
	}
	return discrete(LadderAppService, a.raw, ratio, b, r, min), nil
}
