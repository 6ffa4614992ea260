package datagen

import (
	"math"
	"sort"

	"github.com/envparity/terraform-provider-parity/internal/dataprofile"
)

// childSlots returns, for each of parents parent rows, where its child rows
// start among children child slots: cum[j] is the first slot of parent j and
// cum[parents] == children. Child counts follow the measured fan-out: parent
// ranks take the distribution's quantiles, so a Zipf-like head of heavy
// parents stays heavy and the share of parents without children is kept,
// then ranks are dealt to parent rows in a keyed random order and the counts
// scaled to the staging number of children. It holds one int64 per parent
// row and nothing per child row.
//
// pinned lists parent rows in order of their production frequency (the
// child column's most-common values, where the profile keeps them): they
// take the largest counts, so 'AA' stays the country of a quarter of the
// users. Pinning only moves counts between parents; the distribution is
// unchanged.
func childSlots(f *dataprofile.Fanout, parents, children int64, key uint64, pinned []int64) []int64 {
	cum := make([]int64, parents+1)
	if parents == 0 {
		return cum
	}
	counts := cum[1:]
	var total int64
	if f != nil {
		for _, b := range f.Counts {
			total += b.Parents
		}
	}
	var sum int64
	if total > 0 {
		// counts[perm(q)] = the fan-out at quantile (q + 0.5) / parents.
		b, seen := 0, f.Counts[0].Parents
		for q := int64(0); q < parents; q++ {
			target := (float64(q) + 0.5) / float64(parents) * float64(total)
			for float64(seen) <= target && b < len(f.Counts)-1 {
				b++
				seen += f.Counts[b].Parents
			}
			j := feistel(uint64(q), uint64(parents), key)
			counts[j] = f.Counts[b].Children
			sum += f.Counts[b].Children
		}
	}
	if sum == 0 {
		// No measured fan-out: children spread evenly.
		for j := range counts {
			counts[j] = children / parents
			if int64(j) < children%parents {
				counts[j]++
			}
		}
	} else if f := float64(children) / float64(sum); f >= 0.8 && f <= 1.25 {
		// Quantiles of a long tail rarely add up exactly (one production
		// parent can hold percents of all children): the heaviest parents
		// absorb the difference, which leaves the light majority — most
		// of the distribution — exactly as measured.
		settleOnHeaviest(counts, children-sum)
	} else {
		// The child table scales differently from its parent (a lookup
		// table kept whole): every parent's children scale alike.
		scale := float64(children) / float64(sum)
		sum = 0
		for j := range counts {
			x := float64(counts[j]) * scale
			c := int64(x)
			if unitFloat(mix(uint64(j)^key^0xa5a5)) < x-float64(c) {
				c++
			}
			counts[j] = c
			sum += c
		}
		// Rounding leaves a difference of about √parents: settle it one
		// child at a time on parents drawn at random.
		for i := uint64(0); sum != children; i++ {
			j := mix(key^0x5a5a^i) % uint64(parents)
			switch {
			case sum < children:
				counts[j]++
				sum++
			case counts[j] > 0:
				counts[j]--
				sum--
			}
		}
	}
	pin(counts, pinned)
	// Counts to starting slots, in place.
	var run int64
	for j := range counts {
		c := counts[j]
		counts[j] = run
		run += c
	}
	copy(cum, cum[1:])
	cum[parents] = run
	return cum
}

// settleOnHeaviest adds diff children (or removes -diff) to the heaviest
// parents in proportion to their counts, taking as many parents as it needs
// for no count to change by more than a quarter.
func settleOnHeaviest(counts []int64, diff int64) {
	if diff == 0 {
		return
	}
	order := make([]int, len(counts))
	for j := range order {
		order[j] = j
	}
	sort.SliceStable(order, func(a, b int) bool { return counts[order[a]] > counts[order[b]] })
	need := diff
	if need < 0 {
		need = -need
	}
	var take int
	var held int64
	for take < len(order) && (held < 4*need || take == 0) {
		held += counts[order[take]]
		take++
	}
	weights := make([]int64, take)
	for i := range weights {
		weights[i] = counts[order[i]]
	}
	share := spreadProportional(need, weights)
	var moved int64
	for i, j := range order[:take] {
		if diff > 0 {
			counts[j] += share[i]
			moved += share[i]
		} else {
			d := min(share[i], counts[j])
			counts[j] -= d
			moved += d
		}
	}
	// Rounding or empty parents may leave a few: one at a time on the
	// heaviest.
	for i := 0; moved < need; i = (i + 1) % len(order) {
		j := order[i]
		if diff > 0 {
			counts[j]++
			moved++
		} else if counts[j] > 0 {
			counts[j]--
			moved++
		}
	}
}

// pin gives the pinned rows, in order, the largest counts, and the rows
// that held those counts the pinned rows' former ones.
func pin(counts []int64, pinned []int64) {
	if len(pinned) == 0 {
		return
	}
	k := len(pinned)
	order := make([]int, len(counts))
	for j := range order {
		order[j] = j
	}
	sort.SliceStable(order, func(a, b int) bool { return counts[order[a]] > counts[order[b]] })
	involved := map[int64]bool{}
	for _, j := range order[:k] {
		involved[int64(j)] = true
	}
	for _, j := range pinned {
		involved[j] = true
	}
	rows := make([]int64, 0, len(involved))
	var pool []int64
	for j := range involved {
		rows = append(rows, j)
		pool = append(pool, counts[j])
	}
	sort.Slice(rows, func(a, b int) bool { return rows[a] < rows[b] })
	sort.Slice(pool, func(a, b int) bool { return pool[a] > pool[b] })
	isPinned := map[int64]bool{}
	for i, j := range pinned {
		counts[j] = pool[i]
		isPinned[j] = true
	}
	rest := pool[len(pinned):]
	for _, j := range rows {
		if !isPinned[j] {
			counts[j], rest = rest[0], rest[1:]
		}
	}
}

// parentOf returns the parent row of child slot s and the child's position
// among its parent's children: the largest j with cum[j] <= s.
func parentOf(cum []int64, s int64) (j, occ int64) {
	lo, hi := 0, len(cum)-1
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if cum[mid] <= s {
			lo = mid
		} else {
			hi = mid
		}
	}
	return int64(lo), s - cum[lo]
}

// ksDistance is the two-sample Kolmogorov–Smirnov statistic of two fan-out
// distributions given as counts per number of children.
func ksDistance(a, b []dataprofile.FanoutBucket) float64 {
	var na, nb int64
	for _, x := range a {
		na += x.Parents
	}
	for _, x := range b {
		nb += x.Parents
	}
	if na == 0 || nb == 0 {
		return 1
	}
	var ca, cb int64
	i, k := 0, 0
	d := 0.0
	for i < len(a) || k < len(b) {
		var v int64
		switch {
		case k >= len(b) || (i < len(a) && a[i].Children <= b[k].Children):
			v = a[i].Children
		default:
			v = b[k].Children
		}
		for i < len(a) && a[i].Children == v {
			ca += a[i].Parents
			i++
		}
		for k < len(b) && b[k].Children == v {
			cb += b[k].Parents
			k++
		}
		d = math.Max(d, math.Abs(float64(ca)/float64(na)-float64(cb)/float64(nb)))
	}
	return d
}

// KSDistance is the two-sample Kolmogorov–Smirnov statistic between two
// fan-out distributions: the largest gap between their cumulative shares of
// parents. Tests and the guide use it to compare staging with production.
func KSDistance(a, b *dataprofile.Fanout) float64 {
	if a == nil || b == nil {
		return 1
	}
	return ksDistance(a.Counts, b.Counts)
}
