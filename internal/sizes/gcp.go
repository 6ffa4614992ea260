package sizes

import (
	"fmt"
	"math/big"
	"regexp"
	"strings"
)

// GCP series names are a letter, digits and up to two letters (e2, n2d, c4a,
// t2a). Requiring that shape keeps names such as "web-server-2" from being
// read as machine types. The optional "db-" prefix covers Cloud SQL tiers
// (db-n1-standard-2, db-custom-2-7680, db-f1-micro).
var (
	gcpPredefined = regexp.MustCompile(`^(db-)?([a-z][0-9]+[a-z]{0,2})-([a-z]+)-([0-9]+)((?:-[a-z][a-z0-9]*)*)$`)
	gcpCustom     = regexp.MustCompile(`^(db-)?(?:([a-z][0-9]+[a-z]{0,2})-)?custom-([0-9]+)-([0-9]+)(-ext)?$`)
	gcpShared     = regexp.MustCompile(`^(db-)?(e2-micro|e2-small|e2-medium|f1-micro|g1-small)$`)
)

// gcpSharedCore places the shared-core types on the standard ladder of their
// series by fractional vCPU. Their memory per vCPU matches standard (e2-medium:
// 1 vCPU share, 4 GB, like e2-standard-2's 2 vCPU, 8 GB), so scaling
// e2-standard-2 by 0.5 to e2-medium keeps the shape.
var gcpSharedCore = []struct {
	name, series string
	vcpu         *big.Rat
}{
	{"e2-micro", "e2", big.NewRat(1, 4)},
	{"e2-small", "e2", big.NewRat(1, 2)},
	{"e2-medium", "e2", ratInt(1)},
	{"f1-micro", "n1", big.NewRat(1, 5)},
	{"g1-small", "n1", big.NewRat(1, 2)},
}

// gcpSeriesVCPUs lists the vCPU counts offered per series, a best-effort
// snapshot of the GCP machine-family documentation. Series not listed use
// gcpDefaultVCPUs. The production count itself is always a valid step.
var gcpSeriesVCPUs = map[string][]int64{
	"e2":  {2, 4, 8, 16, 32},
	"n1":  {1, 2, 4, 8, 16, 32, 64, 96},
	"n2":  {2, 4, 8, 16, 32, 48, 64, 80, 96, 128},
	"n2d": {2, 4, 8, 16, 32, 48, 64, 80, 96, 128, 224},
	"n4":  {2, 4, 8, 16, 32, 48, 64, 80},
	"c2":  {4, 8, 16, 30, 60},
	"c2d": {2, 4, 8, 16, 32, 56, 112},
	"c3":  {4, 8, 22, 44, 88, 176},
	"c3d": {4, 8, 16, 30, 60, 90, 180, 360},
	"c4":  {2, 4, 8, 16, 32, 48, 96, 144, 192, 288},
	"t2a": {1, 2, 4, 8, 16, 32, 48},
	"t2d": {1, 2, 4, 8, 16, 32, 48, 60},
	"m1":  {40, 80, 96, 160},
	"m2":  {208, 416},
	"m3":  {32, 64, 128},
}

var gcpDefaultVCPUs = []int64{1, 2, 4, 8, 16, 32, 48, 64, 80, 96, 128, 160, 176, 192, 224, 256, 360, 384, 416}

// gcpMemoryStep is the granularity of custom machine memory.
var gcpMemoryStep = ratInt(256)

type gcpMachine struct {
	raw                string
	db                 string // "db-" for Cloud SQL tiers
	series, kind, tail string // tail: feature suffix such as "-lssd"
	vcpu               *big.Rat

	custom bool
	ext    bool
	shared bool     // a shared-core type (e2-micro, f1-micro)
	memory *big.Rat // MB, custom types only
}

func parseGCP(s string) (size, bool, error) {
	l := strings.ToLower(s)
	if m := gcpShared.FindStringSubmatch(l); m != nil {
		for _, c := range gcpSharedCore {
			if c.name == m[2] {
				return &gcpMachine{raw: s, db: m[1], series: c.series, kind: "standard", vcpu: c.vcpu, shared: true}, true, nil
			}
		}
	}
	if m := gcpCustom.FindStringSubmatch(l); m != nil {
		g := &gcpMachine{raw: s, db: m[1], series: m[2], custom: true, ext: m[5] != "",
			vcpu: parseRat(m[3]), memory: parseRat(m[4])}
		if g.vcpu.Sign() == 0 || g.memory.Sign() == 0 {
			return nil, true, fmt.Errorf("custom machine type %q needs at least 1 vCPU and some memory", s)
		}
		return g, true, nil
	}
	if m := gcpPredefined.FindStringSubmatch(l); m != nil && m[3] != "custom" {
		g := &gcpMachine{raw: s, db: m[1], series: m[2], kind: m[3], vcpu: parseRat(m[4]), tail: m[5]}
		if g.vcpu.Sign() == 0 {
			return nil, true, fmt.Errorf("machine type %q needs at least 1 vCPU", s)
		}
		return g, true, nil
	}
	return nil, false, nil
}

func (g *gcpMachine) ladder() string      { return LadderGCP }
func (g *gcpMachine) magnitude() *big.Rat { return g.vcpu }
func (g *gcpMachine) text() string        { return g.raw }

func (g *gcpMachine) family() string {
	if g.custom {
		f := g.db + "custom"
		if g.series != "" {
			f = g.db + g.series + "-custom"
		}
		if g.ext {
			f += "-ext"
		}
		return f
	}
	return g.db + g.series + "-" + g.kind + g.tail
}

// familyLabel names the family for messages: a shared-core type belongs to
// its series' standard ladder for scaling, but is not a member of the
// standard family by name.
func (g *gcpMachine) familyLabel() string {
	if g.shared {
		return g.db + g.series + " shared-core"
	}
	return g.family()
}

func (g *gcpMachine) key() string {
	if g.custom {
		return g.customName(g.vcpu, g.memory)
	}
	return g.predefinedName(g.vcpu)
}

func (g *gcpMachine) customName(vcpu, memory *big.Rat) string {
	prefix := g.db
	if g.series != "" {
		prefix += g.series + "-"
	}
	name := fmt.Sprintf("%scustom-%s-%s", prefix, vcpu.RatString(), memory.RatString())
	if g.ext {
		name += "-ext"
	}
	return name
}

func (g *gcpMachine) hasSharedCore() bool { return g.kind == "standard" && g.tail == "" }

func (g *gcpMachine) predefinedName(vcpu *big.Rat) string {
	if g.hasSharedCore() {
		for _, c := range gcpSharedCore {
			if c.series == g.series && c.vcpu.Cmp(vcpu) == 0 {
				return g.db + c.name
			}
		}
	}
	return fmt.Sprintf("%s%s-%s-%s%s", g.db, g.series, g.kind, vcpu.RatString(), g.tail)
}

func (g *gcpMachine) steps() []*big.Rat {
	counts, ok := gcpSeriesVCPUs[g.series]
	if !ok {
		counts = gcpDefaultVCPUs
	}
	values := append(ratsFromInts(counts), g.vcpu)
	if g.hasSharedCore() {
		for _, c := range gcpSharedCore {
			if c.series == g.series {
				values = append(values, c.vcpu)
			}
		}
	}
	return sortedSteps(values)
}

func (g *gcpMachine) scale(ratio *big.Rat, r Rounding, minimum size) (outcome, error) {
	min, _ := minimum.(*gcpMachine)
	if g.custom {
		return g.scaleCustom(ratio, r, min), nil
	}
	target := mul(g.vcpu, ratio)
	b := listBracket(g.steps(), target, func(v *big.Rat) step {
		name := g.predefinedName(v)
		return step{name: name, key: name, value: v}
	})
	b.targetText = FormatRatio(target) + " vCPU"
	var minStep *step
	if min != nil {
		minStep = &step{name: min.key(), key: min.key(), value: min.vcpu}
	}
	return discrete(LadderGCP, g.raw, ratio, b, r, minStep), nil
}

// scaleCustom scales vCPU and memory independently: vCPU to whole counts
// (at least 1), memory to multiples of 256 MB (at least 256). Exact series
// rules (even vCPU counts, memory per vCPU) are left to GCP.
func (g *gcpMachine) scaleCustom(ratio *big.Rat, r Rounding, min *gcpMachine) outcome {
	vcpu := unitBracket(mul(g.vcpu, ratio), ratInt(1))
	memory := unitBracket(mul(g.memory, ratio), gcpMemoryStep)
	ev, av := vcpu.pick(r)
	em, am := memory.pick(r)
	var raised bool
	if min != nil {
		var rv, rm bool
		ev, av, rv = raise(ev, av, &step{key: min.vcpu.RatString(), value: min.vcpu})
		em, am, rm = raise(em, am, &step{key: min.memory.RatString(), value: min.memory})
		raised = rv || rm
	}

	out := outcome{result: Result{
		Expected: g.customName(ev.value, em.value),
		Exact:    vcpu.exact && memory.exact,
		Ladder:   LadderGCP,
	}}
	for _, v := range av {
		for _, m := range am {
			name := g.customName(v.value, m.value)
			out.result.Accepted = append(out.result.Accepted, name)
			out.keys = append(out.keys, name)
		}
	}

	text := fmt.Sprintf("%s × %s = ", g.raw, FormatRatio(ratio))
	if out.result.Exact {
		text += out.result.Expected
	} else {
		text += fmt.Sprintf("%s vCPU and %s MB, so %s", FormatRatio(vcpu.target), FormatRatio(memory.target), joinOr(out.result.Accepted))
	}
	if raised {
		text += ", raised to the minimum " + min.raw
	}
	out.result.Arithmetic = text
	return out
}

// unitBracket brackets target between multiples of unit, never below one
// unit: a machine needs at least one vCPU and some memory.
func unitBracket(target, unit *big.Rat) bracket {
	n := quo(target, unit)
	lo, hi := floor(n), ceil(n)
	if lo.Sign() == 0 {
		lo = big.NewInt(1)
	}
	if hi.Sign() == 0 {
		hi = big.NewInt(1)
	}
	mk := func(i *big.Int) step {
		v := mul(new(big.Rat).SetInt(i), unit)
		return step{name: v.RatString(), key: v.RatString(), value: v}
	}
	return bracket{target: target, lo: mk(lo), hi: mk(hi), exact: n.IsInt() && n.Sign() > 0}
}

func joinOr(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
