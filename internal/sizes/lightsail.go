package sizes

import (
	"math/big"
	"regexp"
	"slices"
	"strings"
)

// lightsailPattern matches a Lightsail bundle id: a size, then the plan's
// variant and version (3_0, win_3_0, ipv6_3_0, ha_1_0), which is the family.
var lightsailPattern = regexp.MustCompile(`^(nano|micro|small|medium|large|xlarge|2xlarge|4xlarge)_((?:[a-z][a-z0-9]*_)*[0-9]+_[0-9]+)$`)

// lightsailSizes are the bundle sizes in order; each step doubles the memory
// (nano 0.5 GB, micro 1 GB … 2xlarge 32 GB; Lightsail, "Instance plans").
var lightsailSizes = []string{"nano", "micro", "small", "medium", "large", "xlarge", "2xlarge", "4xlarge"}

type lightsailBundle struct {
	raw, sizeName, fam string
	// smallest and largest bound the family's steps (indexes of
	// lightsailSizes).
	smallest, largest int
}

func parseLightsail(s string) (size, bool, error) {
	m := lightsailPattern.FindStringSubmatch(strings.ToLower(s))
	if m == nil {
		return nil, false, nil
	}
	b := &lightsailBundle{raw: s, sizeName: m[1], fam: m[2], smallest: 0, largest: slices.Index(lightsailSizes, "2xlarge")}
	// Database bundles run from micro to large, high-availability ones
	// with an ha_ infix, all of version 1_0 (aws_lightsail_database,
	// "Bundles"); the instance plans of version 1_0 are no longer offered.
	if strings.HasPrefix(b.fam, "ha_") || b.fam == "1_0" {
		b.smallest, b.largest = slices.Index(lightsailSizes, "micro"), slices.Index(lightsailSizes, "large")
	}
	// Production's own bundle always exists.
	b.largest = max(b.largest, b.index())
	b.smallest = min(b.smallest, b.index())
	return b, true, nil
}

func (b *lightsailBundle) index() int          { return slices.Index(lightsailSizes, b.sizeName) }
func (b *lightsailBundle) ladder() string      { return LadderLightsail }
func (b *lightsailBundle) text() string        { return b.raw }
func (b *lightsailBundle) family() string      { return b.fam }
func (b *lightsailBundle) key() string         { return b.sizeName + "_" + b.fam }
func (b *lightsailBundle) familyLabel() string { return "Lightsail " + b.fam + " bundles" }

// magnitude is the bundle's memory in half gigabytes.
func (b *lightsailBundle) magnitude() *big.Rat { return new(big.Rat).SetInt64(1 << b.index()) }

func (b *lightsailBundle) scale(ratio *big.Rat, r Rounding, minimum size) (outcome, error) {
	var values []*big.Rat
	for i := b.smallest; i <= b.largest; i++ {
		values = append(values, ratInt(1<<i))
	}
	target := mul(b.magnitude(), ratio)
	br := listBracket(values, target, func(v *big.Rat) step {
		i := v.Num().BitLen() - 1
		name := lightsailSizes[i] + "_" + b.fam
		if b.raw == strings.ToUpper(b.raw) {
			name = strings.ToUpper(name)
		}
		return step{name: name, key: lightsailSizes[i] + "_" + b.fam, value: v}
	})
	br.targetText = FormatRatio(mul(target, big.NewRat(1, 2))) + " GB of memory"
	var min *step
	if m, ok := minimum.(*lightsailBundle); ok {
		min = &step{name: m.raw, key: m.key(), value: m.magnitude()}
	}
	return discrete(LadderLightsail, b.raw, ratio, br, r, min), nil
}
