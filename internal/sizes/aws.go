package sizes

import (
	"fmt"
	"math/big"
	"regexp"
	"strings"
)

// awsPattern matches EC2 types and their RDS (db.) and ElastiCache (cache.)
// forms. Families may contain hyphens (u-6tb1, m7i-flex); sizes are the
// named ones, Nxlarge for N ≥ 2, metal and metal-Nxl.
// MSK brokers (kafka.m5.large), OpenSearch data nodes (r6g.xlarge.search,
// the older .elasticsearch), SageMaker ML instances (ml.g5.2xlarge), Amazon
// MQ brokers (mq.m5.large) and DAX nodes (dax.r5.large) use the same ladder.
var awsPattern = regexp.MustCompile(`^(?:(db|cache|kafka|dms|ml|mq|dax)\.)?([a-z][a-z0-9]*(?:-[a-z0-9]+)*)\.(nano|micro|small|medium|large|xlarge|(?:[2-9]|[1-9][0-9]+)xlarge|metal|metal-[1-9][0-9]*xl)(\.search|\.elasticsearch)?$`)

// awsNamedFactors are the published normalisation factors below xlarge;
// from xlarge on a size is N × 8 (Nxlarge).
var awsNamedFactors = []struct {
	name   string
	factor *big.Rat
}{
	{"nano", big.NewRat(1, 4)},
	{"micro", big.NewRat(1, 2)},
	{"small", ratInt(1)},
	{"medium", ratInt(2)},
	{"large", ratInt(4)},
	{"xlarge", ratInt(8)},
}

// awsXlarge is the factor of one xlarge.
var awsXlarge = ratInt(8)

type awsType struct {
	raw            string
	prefix, fam    string // prefix is "db.", "cache.", "kafka.", "dms.", "ml." or ""
	suffix         string // ".search" or ".elasticsearch" (OpenSearch), or ""
	sizeName       string
	factor         *big.Rat
	smallest, most *big.Rat // most is nil when the family's largest size is unknown
}

func parseAWS(s string) (size, bool, error) {
	m := awsPattern.FindStringSubmatch(strings.ToLower(s))
	if m == nil {
		return nil, false, nil
	}
	t := &awsType{raw: s, fam: m[2], sizeName: m[3], suffix: m[4]}
	if m[1] != "" {
		t.prefix = m[1] + "."
	}
	limits, known := awsFamilies[t.fam]
	if !known {
		limits = awsFamily{smallest: "nano"}
	}
	t.smallest = awsFactor(limits.smallest)
	if t.prefix != "" {
		// RDS and ElastiCache offer no nano sizes, and their non-burstable
		// classes start at large even where EC2 has medium (db.r6g.large).
		// SageMaker's smallest ML instances are medium (ml.t3.medium), its
		// other families start at large (ml.m5.large, Amazon SageMaker
		// pricing, "Instance types").
		floor := "large"
		switch {
		case t.prefix == "ml." && strings.HasPrefix(t.fam, "t"):
			floor = "medium"
		case strings.HasPrefix(t.fam, "t"):
			floor = "micro"
		}
		if f := awsFactor(floor); f.Cmp(t.smallest) > 0 {
			t.smallest = f
		}
	}
	if limits.largest != "" {
		t.most = awsFactor(limits.largest)
	}
	switch {
	case t.sizeName == "metal":
		// AWS sizes a bare-metal instance as the largest size of its family.
		if !limits.metal {
			return nil, true, fmt.Errorf("unknown metal size for family %s", t.family())
		}
		t.factor = t.most
	case strings.HasPrefix(t.sizeName, "metal-"):
		n := parseRat(strings.TrimSuffix(strings.TrimPrefix(t.sizeName, "metal-"), "xl"))
		t.factor = mul(n, awsXlarge)
	default:
		t.factor = awsFactor(t.sizeName)
	}
	return t, true, nil
}

// awsFactor returns the normalisation factor of a size name that the
// pattern (or the family table) guarantees is a named size or Nxlarge.
func awsFactor(name string) *big.Rat {
	for _, f := range awsNamedFactors {
		if f.name == name {
			return f.factor
		}
	}
	return mul(parseRat(strings.TrimSuffix(name, "xlarge")), awsXlarge)
}

// awsSizeName is the inverse of awsFactor for values on the ladder.
func awsSizeName(factor *big.Rat) string {
	for _, f := range awsNamedFactors {
		if f.factor.Cmp(factor) == 0 {
			return f.name
		}
	}
	return quo(factor, awsXlarge).Num().String() + "xlarge"
}

func (t *awsType) ladder() string      { return LadderAWS }
func (t *awsType) magnitude() *big.Rat { return t.factor }
func (t *awsType) text() string        { return t.raw }
func (t *awsType) family() string      { return t.prefix + t.fam + t.suffix }
func (t *awsType) key() string         { return t.prefix + t.fam + "." + t.sizeName + t.suffix }

func (t *awsType) step(factor *big.Rat) step {
	name := t.prefix + t.fam + "." + awsSizeName(factor) + t.suffix
	// The production size itself always exists, even when it is metal.
	if factor.Cmp(t.factor) == 0 {
		name = t.key()
	}
	return step{name: name, key: name, value: factor}
}

func (t *awsType) scale(ratio *big.Rat, r Rounding, minimum size) (outcome, error) {
	target := mul(t.factor, ratio)
	b := bracket{target: target, targetText: FormatRatio(target) + " units"}
	switch {
	case target.Cmp(t.factor) == 0:
		// Production exists even outside the table's bounds (or as metal).
		b.lo, b.exact = t.step(target), true
	case target.Cmp(t.smallest) < 0:
		b.lo, b.note = t.step(t.smallest), "below the smallest size"
	case t.most != nil && target.Cmp(t.most) > 0:
		b.lo, b.note = t.step(t.most), "above the largest size"
	case target.Cmp(awsXlarge) < 0:
		for i, f := range awsNamedFactors {
			if c := f.factor.Cmp(target); c == 0 {
				b.lo, b.exact = t.step(f.factor), true
				break
			} else if c > 0 {
				b.lo, b.hi = t.step(awsNamedFactors[i-1].factor), t.step(f.factor)
				break
			}
		}
	default:
		n := quo(target, awsXlarge)
		if n.IsInt() {
			b.lo, b.exact = t.step(target), true
		} else {
			b.lo = t.step(mul(new(big.Rat).SetInt(floor(n)), awsXlarge))
			b.hi = t.step(mul(new(big.Rat).SetInt(ceil(n)), awsXlarge))
		}
	}
	if b.hi.key == "" {
		b.hi = b.lo
	}
	var min *step
	if m, ok := minimum.(*awsType); ok {
		s := step{name: m.key(), key: m.key(), value: m.factor}
		min = &s
	}
	return discrete(LadderAWS, t.raw, ratio, b, r, min), nil
}
