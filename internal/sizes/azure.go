package sizes

import (
	"fmt"
	"math/big"
	"regexp"
	"strings"
)

var (
	// The optional tier names Azure Database flexible server SKUs
	// (GP_Standard_D4ds_v5, B_Standard_B1ms, MO_Standard_E4ds_v5).
	azurePrefix = regexp.MustCompile(`(?i)^(?:(?:B|GP|MO)_)?(standard|basic)_`)
	// azureHead is the first segment: family letters, vCPU, optional
	// constrained active vCPU and feature letters (D4s, E8-4ds, M128ms).
	azureHead = regexp.MustCompile(`(?i)^([a-z]+)([0-9]+)(?:-([0-9]+))?([a-z]*)$`)
	// azureSegment is any later segment: version (v5) or accelerator (A10).
	azureSegment = regexp.MustCompile(`^[A-Za-z0-9]+$`)
)

// azureVCPUs are the vCPU counts common to Azure series (documented choice:
// most series double up to 64 and then offer 96 or 128; M-series goes to
// 416 and 832). The production count itself is always a valid step.
var azureVCPUs = []int64{1, 2, 4, 8, 16, 32, 48, 64, 96, 128, 192, 208, 256, 416, 832}

// azureSize keeps production's own spelling of every part so results come
// back in the same casing.
type azureSize struct {
	raw      string
	head     string // "Standard_D", as written
	vcpu     *big.Rat
	active   *big.Rat // constrained vCPU sizes only, else nil
	features string   // "ds", as written
	tail     string   // "_v5", as written
}

func parseAzure(s string) (size, bool, error) {
	p := azurePrefix.FindString(s)
	if p == "" {
		return nil, false, nil
	}
	segments := strings.Split(s[len(p):], "_")
	m := azureHead.FindStringSubmatch(segments[0])
	if m == nil {
		return nil, false, nil
	}
	for _, seg := range segments[1:] {
		if !azureSegment.MatchString(seg) {
			return nil, false, nil
		}
	}
	a := &azureSize{
		raw:      s,
		head:     p + m[1],
		vcpu:     parseRat(m[2]),
		features: m[4],
		tail:     s[len(p)+len(segments[0]):],
	}
	if a.vcpu.Sign() == 0 {
		return nil, true, fmt.Errorf("VM size %q needs at least 1 vCPU", s)
	}
	if m[3] != "" {
		a.active = parseRat(m[3])
		if a.active.Sign() == 0 {
			return nil, true, fmt.Errorf("constrained VM size %q needs at least 1 active vCPU", s)
		}
	}
	return a, true, nil
}

func (a *azureSize) ladder() string      { return LadderAzure }
func (a *azureSize) magnitude() *big.Rat { return a.vcpu }
func (a *azureSize) text() string        { return a.raw }
func (a *azureSize) key() string         { return strings.ToLower(a.name(a.vcpu)) }

// family replaces the counts with "*": Standard_D*s_v5, Standard_E*-*ds_v5.
func (a *azureSize) family() string {
	constrained := ""
	if a.active != nil {
		constrained = "-*"
	}
	return a.head + "*" + constrained + a.features + a.tail
}

// name spells the size with vcpu, keeping the constrained share of active
// vCPUs (E8-4ds_v5 × 0.5 = E4-2ds_v5), at least one.
func (a *azureSize) name(vcpu *big.Rat) string {
	constrained := ""
	if a.active != nil {
		share := mul(a.active, quo(vcpu, a.vcpu))
		n := floor(new(big.Rat).Add(share, big.NewRat(1, 2)))
		if n.Sign() == 0 {
			n = big.NewInt(1)
		}
		constrained = "-" + n.String()
	}
	return a.head + vcpu.RatString() + constrained + a.features + a.tail
}

func (a *azureSize) scale(ratio *big.Rat, r Rounding, minimum size) (outcome, error) {
	target := mul(a.vcpu, ratio)
	values := sortedSteps(append(ratsFromInts(azureVCPUs), a.vcpu))
	b := listBracket(values, target, func(v *big.Rat) step {
		name := a.name(v)
		return step{name: name, key: strings.ToLower(name), value: v}
	})
	b.targetText = FormatRatio(target) + " vCPU"
	var min *step
	if m, ok := minimum.(*azureSize); ok {
		min = &step{name: m.raw, key: m.key(), value: m.vcpu}
	}
	return discrete(LadderAzure, a.raw, ratio, b, r, min), nil
}
