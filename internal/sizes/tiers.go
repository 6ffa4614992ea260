package sizes

import (
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Named tiers: sizes a service names by a word or a unit count rather than
// by vCPUs (Azure API Management Premium_2, Synapse DW400c, Synapse Spark
// Medium, Cloud Composer ENVIRONMENT_SIZE_MEDIUM, Snowflake warehouses,
// MongoDB Atlas cluster tiers). Each is a short ladder of its own.

// tierLadder is one named ladder: the names in order and the capacity each
// stands for.
type tierLadder struct {
	family string
	// names are the canonical names, smallest first.
	names  []string
	values []int64
	// unit says what values count, for the arithmetic text ("" for none).
	unit string
	// spellings are other ways to write the same steps, each aligned with
	// names ("" where a spelling has no name for a step). A scaled size is
	// written the way production's was.
	spellings [][]string
	// byValue: the names are unmistakable enough to be taken for sizes by
	// their value alone (DetectTyped), without a size rule.
	byValue bool
}

var (
	// Synapse dedicated SQL pool service levels (DWU).
	synapseDW = tierLadder{family: "Synapse DW", byValue: true, names: []string{"DW100c", "DW200c", "DW300c", "DW400c", "DW500c", "DW1000c", "DW1500c",
		"DW2000c", "DW2500c", "DW3000c", "DW5000c", "DW6000c", "DW7500c", "DW10000c", "DW15000c", "DW30000c"},
		values: []int64{100, 200, 300, 400, 500, 1000, 1500, 2000, 2500, 3000, 5000, 6000, 7500, 10000, 15000, 30000}}
	// Synapse Spark and similar node sizes, by vCores.
	nodeSizeWords = tierLadder{family: "node size", unit: "vCores", names: []string{"Small", "Medium", "Large", "XLarge", "XXLarge", "XXXLarge"},
		values: []int64{4, 8, 16, 32, 64, 80}}
	// Cloud Composer 2 environment sizes.
	composerSizes = tierLadder{family: "Composer environment size", byValue: true, names: []string{"ENVIRONMENT_SIZE_SMALL", "ENVIRONMENT_SIZE_MEDIUM", "ENVIRONMENT_SIZE_LARGE"},
		values: []int64{1, 2, 4}}
	// Snowflake virtual warehouse sizes by the credits they bill an hour,
	// which double with each size (Snowflake, "Overview of warehouses",
	// "Warehouse size"); the spellings are the ones the Snowflake provider's
	// warehouse_size accepts. Small to XXXLarge are also node size words:
	// they are read as Snowflake sizes when the other size or the rule's
	// minimum is one (see agree).
	snowflakeWarehouse = tierLadder{family: "Snowflake warehouse size", unit: "credits an hour",
		names: []string{"X-Small", "Small", "Medium", "Large", "X-Large", "2X-Large", "3X-Large", "4X-Large", "5X-Large", "6X-Large"},
		spellings: [][]string{
			{"XSMALL", "SMALL", "MEDIUM", "LARGE", "XLARGE", "XXLARGE", "XXXLARGE", "X4LARGE", "X5LARGE", "X6LARGE"},
			{"XSMALL", "SMALL", "MEDIUM", "LARGE", "XLARGE", "X2LARGE", "X3LARGE", "X4LARGE", "X5LARGE", "X6LARGE"},
		},
		values: []int64{1, 2, 4, 8, 16, 32, 64, 128, 256, 512}}
	// MongoDB Atlas dedicated cluster tiers by the memory of each
	// data-bearing node in GB (MongoDB Atlas, "Cluster tier"; an M30 has
	// 8 GB): general (M10–M300), low-CPU (R40–R700) and local NVMe
	// storage (M40_NVME–M400_NVME, whose i3 memory of 15.25 to 488 GB
	// doubles with each tier like the rounded values here). Each is a
	// family: another class of hardware, not another size.
	atlasGeneral = tierLadder{family: "Atlas general tier", unit: "GB of memory",
		names:  []string{"M10", "M20", "M30", "M40", "M50", "M60", "M80", "M100", "M140", "M200", "M300"},
		values: []int64{2, 4, 8, 16, 32, 64, 128, 160, 192, 256, 384}}
	atlasLowCPU = tierLadder{family: "Atlas low-CPU tier", unit: "GB of memory",
		names:  []string{"R40", "R50", "R60", "R80", "R200", "R300", "R400", "R700"},
		values: []int64{16, 32, 64, 128, 256, 384, 512, 768}}
	atlasNVMe = tierLadder{family: "Atlas NVMe tier", unit: "GB of memory",
		names:  []string{"M40_NVME", "M50_NVME", "M60_NVME", "M80_NVME", "M200_NVME", "M400_NVME"},
		values: []int64{16, 32, 64, 128, 256, 512}}
	// Atlas shared tiers by their storage in MB (M0 512 MB, M2 2 GB, M5
	// 5 GB): a shared cluster is not a smaller dedicated one.
	atlasShared = tierLadder{family: "Atlas shared tier", unit: "MB of storage",
		names:  []string{"M0", "M2", "M5"},
		values: []int64{512, 2048, 5120}}
	// tierLadders are tried in order: a word on several ladders is read on
	// the first unless agree finds another that every size compared can be
	// read on.
	tierLadders = []*tierLadder{&synapseDW, &nodeSizeWords, &composerSizes, &snowflakeWarehouse,
		&atlasGeneral, &atlasLowCPU, &atlasNVMe, &atlasShared}
)

// tierWords holds every name and spelling of tierLadders in lower case, and
// tierWordMaxLen the longest: a value that is neither is on no named ladder,
// without trying each ladder's names one by one.
var tierWords, tierWordMaxLen = func() (map[string]bool, int) {
	words, longest := map[string]bool{}, 0
	add := func(w string) {
		if w == "" {
			return
		}
		words[strings.ToLower(w)] = true
		longest = max(longest, len(w))
	}
	for _, l := range tierLadders {
		for _, n := range l.names {
			add(n)
		}
		for _, spelled := range l.spellings {
			for _, n := range spelled {
				add(n)
			}
		}
	}
	return words, longest
}()

// unitsPattern is a tier with a unit count: API Management Premium_2,
// Event Hubs-style Standard_4.
var unitsPattern = regexp.MustCompile(`^(Developer|Basic|Standard|Premium|BasicV2|StandardV2|PremiumV2)_([1-9][0-9]?)$`)

// tierReading is a name read on one named ladder: the step and the
// spelling it was written in (-1 for the canonical names).
type tierReading struct {
	ladder       *tierLadder
	index, style int
}

type tierSize struct {
	raw string
	// named is the ladder of a named tier, nil for unit counts.
	named *tierLadder
	index int // step of named
	style int // spelling of raw: -1 canonical, else an index of named.spellings
	unit  string
	value int64
	// readings are every named ladder raw is on, in tierLadders order.
	readings []tierReading
}

func parseTier(s string) (size, bool, error) {
	if m := unitsPattern.FindStringSubmatch(s); m != nil {
		n, _ := strconv.ParseInt(m[2], 10, 64)
		return &tierSize{raw: s, unit: m[1], value: n}, true, nil
	}
	if len(s) > tierWordMaxLen || !tierWords[strings.ToLower(s)] {
		return nil, false, nil
	}
	var readings []tierReading
	for _, l := range tierLadders {
		if r, ok := l.read(s); ok {
			readings = append(readings, r)
		}
	}
	if len(readings) == 0 {
		return nil, false, nil
	}
	t := &tierSize{raw: s, readings: readings}
	t.setReading(readings[0])
	return t, true, nil
}

// read finds s among the ladder's names and spellings, ignoring case. A
// name written in one case (MEDIUM) is looked up in the spellings first,
// which are written that way, and a name in mixed case (Medium, as
// Snowflake's SHOW WAREHOUSES writes it) among the canonical names first.
func (l *tierLadder) read(s string) (tierReading, bool) {
	canonical := func() (tierReading, bool) {
		for i, name := range l.names {
			if strings.EqualFold(name, s) {
				return tierReading{ladder: l, index: i, style: -1}, true
			}
		}
		return tierReading{}, false
	}
	mixed := s != strings.ToUpper(s) && s != strings.ToLower(s)
	if mixed {
		if r, ok := canonical(); ok {
			return r, true
		}
	}
	for style, spelled := range l.spellings {
		for i, name := range spelled {
			if name != "" && strings.EqualFold(name, s) {
				return tierReading{ladder: l, index: i, style: style}, true
			}
		}
	}
	return canonical()
}

func (t *tierSize) setReading(r tierReading) {
	t.named, t.index, t.style, t.value = r.ladder, r.index, r.style, r.ladder.values[r.index]
}

// onLadder returns t read on ladder l, or nil when t is not a name of l.
func (t *tierSize) onLadder(l *tierLadder) *tierSize {
	for _, r := range t.readings {
		if r.ladder == l {
			c := *t
			c.setReading(r)
			return &c
		}
	}
	return nil
}

func (t *tierSize) ladder() string      { return LadderTier }
func (t *tierSize) magnitude() *big.Rat { return ratInt(t.value) }
func (t *tierSize) text() string        { return t.raw }

// key is the canonical name of the step, so that every spelling of one
// Snowflake size (X-Large, XLARGE, x-large) is the same size.
func (t *tierSize) key() string {
	if t.named != nil {
		return strings.ToLower(t.named.names[t.index])
	}
	return strings.ToLower(t.raw)
}

func (t *tierSize) family() string {
	if t.named != nil {
		return t.named.family
	}
	return t.unit + " units"
}

// name writes the step of value v the way raw is written: in its spelling
// where that spelling has a name for the step, and in its case when raw is
// all upper or all lower case.
func (t *tierSize) name(v int64) string {
	if t.named == nil {
		return t.unit + "_" + strconv.FormatInt(v, 10)
	}
	for i, x := range t.named.values {
		if x != v {
			continue
		}
		name := t.named.names[i]
		if t.style >= 0 && t.named.spellings[t.style][i] != "" {
			name = t.named.spellings[t.style][i]
		}
		switch {
		case t.raw == strings.ToUpper(t.raw):
			return strings.ToUpper(name)
		case t.raw == strings.ToLower(t.raw):
			return strings.ToLower(name)
		}
		return name
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
		n := v.Num().Int64()
		name, key := t.name(n), strings.ToLower(t.name(n))
		if t.named != nil {
			key = strings.ToLower(t.named.names[slices.Index(t.named.values, n)])
		}
		return step{name: name, key: key, value: v}
	})
	b.targetText = FormatRatio(target)
	if t.named != nil && t.named.unit != "" {
		b.targetText += " " + t.named.unit
	}
	var min *step
	if m, ok := minimum.(*tierSize); ok {
		min = &step{name: m.raw, key: m.key(), value: m.magnitude()}
	}
	return discrete(LadderTier, t.raw, ratio, b, r, min), nil
}

// agree re-reads named tiers that several ladders share (Medium is a
// Synapse node size and a Snowflake warehouse size) so that every size of
// one comparison is on one ladder when some ladder has them all: the first
// of tierLadders that every named tier among sizes can be read on. A
// Snowflake-only spelling on one side, or a rule's minimum of XSMALL,
// settles a Medium on the other. Sizes that are not named tiers, and nil
// ones, are left as they are.
func agree(sizes ...size) []size {
	var tiers []*tierSize
	for _, s := range sizes {
		if t, ok := s.(*tierSize); ok && t != nil && t.named != nil {
			tiers = append(tiers, t)
		}
	}
	if len(tiers) < 2 {
		return sizes
	}
	same := true
	for _, t := range tiers[1:] {
		same = same && t.named == tiers[0].named
	}
	if same {
		return sizes
	}
	for _, r := range tiers[0].readings {
		all := true
		for _, t := range tiers[1:] {
			all = all && t.onLadder(r.ladder) != nil
		}
		if !all {
			continue
		}
		out := make([]size, len(sizes))
		for i, s := range sizes {
			out[i] = s
			if t, ok := s.(*tierSize); ok && t != nil && t.named != nil {
				out[i] = t.onLadder(r.ladder)
			}
		}
		return out
	}
	return sizes
}
