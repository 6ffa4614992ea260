package sizes

import (
	"math/big"
	"regexp"
	"strconv"
	"strings"
)

// Named tiers: sizes a service names by a word or a unit count rather than
// by vCPUs (Azure API Management Premium_2, Synapse DW400c, Synapse Spark
// Medium, Cloud Composer ENVIRONMENT_SIZE_MEDIUM). Each is a short ladder
// of its own.

// tierLadder is one named ladder: the names in order and the capacity each
// stands for.
type tierLadder struct {
	family string
	names  []string
	values []int64
}

var (
	// Synapse dedicated SQL pool service levels (DWU).
	synapseDW = tierLadder{family: "Synapse DW", names: []string{"DW100c", "DW200c", "DW300c", "DW400c", "DW500c", "DW1000c", "DW1500c",
		"DW2000c", "DW2500c", "DW3000c", "DW5000c", "DW6000c", "DW7500c", "DW10000c", "DW15000c", "DW30000c"},
		values: []int64{100, 200, 300, 400, 500, 1000, 1500, 2000, 2500, 3000, 5000, 6000, 7500, 10000, 15000, 30000}}
	// Synapse Spark and similar node sizes, by vCores.
	nodeSizeWords = tierLadder{family: "node size", names: []string{"Small", "Medium", "Large", "XLarge", "XXLarge", "XXXLarge"},
		values: []int64{4, 8, 16, 32, 64, 80}}
	// Cloud Composer 2 environment sizes.
	composerSizes = tierLadder{family: "Composer environment size", names: []string{"ENVIRONMENT_SIZE_SMALL", "ENVIRONMENT_SIZE_MEDIUM", "ENVIRONMENT_SIZE_LARGE"},
		values: []int64{1, 2, 4}}
	tierLadders = []*tierLadder{&synapseDW, &nodeSizeWords, &composerSizes}
)

// unitsPattern is a tier with a unit count: API Management Premium_2,
// Event Hubs-style Standard_4.
var unitsPattern = regexp.MustCompile(`^(Developer|Basic|Standard|Premium|BasicV2|StandardV2|PremiumV2)_([1-9][0-9]?)$`)

type tierSize struct {
	raw   string
	named *tierLadder // nil for unit counts
	unit  string      // the tier of a unit count
	value int64
}

func parseTier(s string) (size, bool, error) {
	if m := unitsPattern.FindStringSubmatch(s); m != nil {
		n, _ := strconv.ParseInt(m[2], 10, 64)
		return &tierSize{raw: s, unit: m[1], value: n}, true, nil
	}
	for _, l := range tierLadders {
		for i, name := range l.names {
			if strings.EqualFold(name, s) {
				return &tierSize{raw: s, named: l, value: l.values[i]}, true, nil
			}
		}
	}
	return nil, false, nil
}

func (t *tierSize) ladder() string      { return LadderTier }
func (t *tierSize) magnitude() *big.Rat { return ratInt(t.value) }
func (t *tierSize) text() string        { return t.raw }
func (t *tierSize) key() string         { return strings.ToLower(t.raw) }

func (t *tierSize) family() string {
	if t.named != nil {
		return t.named.family
	}
	return t.unit + " units"
}

func (t *tierSize) name(v int64) string {
	if t.named == nil {
		return t.unit + "_" + strconv.FormatInt(v, 10)
	}
	for i, x := range t.named.values {
		if x == v {
			return t.named.names[i]
		}
	}
	return t.raw
}

func (t *tierSize) scale(ratio *big.Rat, r Rounding, minimum size) (outcome, error) {
	var values []*big.Rat
	if t.named != nil {
		values = ratsFromInts(t.named.values)
	} else {
		for n := int64(1); n <= 99; n++ {
			values = append(values, ratInt(n))
		}
	}
	target := mul(ratInt(t.value), ratio)
	b := listBracket(values, target, func(v *big.Rat) step {
		name := t.name(v.Num().Int64())
		return step{name: name, key: strings.ToLower(name), value: v}
	})
	b.targetText = FormatRatio(target)
	var min *step
	if m, ok := minimum.(*tierSize); ok {
		min = &step{name: m.raw, key: m.key(), value: m.magnitude()}
	}
	return discrete(LadderTier, t.raw, ratio, b, r, min), nil
}
