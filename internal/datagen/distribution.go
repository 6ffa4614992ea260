package datagen

import (
	"math"
	"sort"
)

// segment kinds.
const (
	segAtom = iota
	segBucket
	segSynthetic
)

// A segment is a run of consecutive slots in a column's sorted values: one
// most-common value repeated, a histogram bucket's values spread evenly, or
// synthetic values.
type segment struct {
	kind     int
	index    int   // atom or bucket index
	count    int64 // rows
	distinct int64
	// before is the number of synthetic distinct values before this
	// segment, so that synthetic values are numbered across segments.
	before int64
}

// distribution maps value slots (ranks 0..n-1 among a column's non-null
// values) to values: the quantile function of the production distribution,
// at the staging size.
type distribution struct {
	dom       domain
	segs      []segment
	cum       []int64 // cum[i]: slots before segment i; last entry is n
	synthetic int64   // total synthetic distinct values
}

// newDistribution lays out nonNull slots of a column with rows rows:
// most-common values keep their share of all rows, the rest is spread
// evenly over the histogram's buckets (equal-frequency buckets, as ANALYZE
// builds them), and distinct values are shared out so that the column has
// about distinct of them. A unique column has no repeated value.
func newDistribution(dom domain, freqs []float64, rows, nonNull, distinct int64, unique bool) *distribution {
	d := &distribution{dom: dom}
	if nonNull <= 0 {
		d.cum = []int64{0}
		return d
	}
	if unique {
		distinct, freqs = nonNull, nil
	}
	if n := dom.atomCount(); len(freqs) > n {
		freqs = freqs[:n]
	}
	// Most-common values: their share of all rows, at least one row each
	// while the column has room.
	var atoms []segment
	used := int64(0)
	for a, f := range freqs {
		c := int64(math.Round(f * float64(rows)))
		if c < 1 && f > 0 {
			c = 1
		}
		if used+c > nonNull {
			c = nonNull - used
		}
		if c <= 0 {
			continue
		}
		atoms = append(atoms, segment{kind: segAtom, index: a, count: c, distinct: 1})
		used += c
	}
	rest := nonNull - used
	restDistinct := distinct - int64(len(atoms))
	if rest > 0 {
		if restDistinct < 1 {
			restDistinct = 1
		}
		if restDistinct > rest {
			restDistinct = rest
		}
	}
	var buckets []segment
	if m := dom.buckets(); rest > 0 && m > 0 {
		counts := spread(rest, m)
		caps := make([]int64, m)
		for k := range caps {
			caps[k] = dom.capacity(k)
		}
		fits := true
		if unique {
			counts, fits = spreadCapped(rest, caps)
		}
		dist := distinctPerBucket(restDistinct, counts, caps)
		if !fits {
			// Keys too tightly packed for the staging size: consecutive
			// values from the first bound keep them unique.
			if dn, ok := dom.(*numberDomain); ok {
				dn.makeDense()
			}
		} else {
			maxPer := int64(1)
			for k := range counts {
				if counts[k] > 0 {
					buckets = append(buckets, segment{kind: segBucket, index: k, count: counts[k], distinct: dist[k]})
					if dist[k] > maxPer {
						maxPer = dist[k]
					}
				}
			}
			if td, ok := dom.(*textDomain); ok {
				td.setDistinct(maxPer)
			}
		}
	}
	// Atoms sort between the buckets they fall in.
	type placed struct {
		key float64
		seg segment
	}
	var all []placed
	for _, b := range buckets {
		all = append(all, placed{key: float64(b.index), seg: b})
	}
	for _, a := range atoms {
		all = append(all, placed{key: float64(dom.atomBucket(a.index)) + 0.5, seg: a})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].key < all[j].key })
	for _, p := range all {
		d.segs = append(d.segs, p.seg)
	}
	if rest > 0 && len(buckets) == 0 {
		if restDistinct <= 0 || (len(atoms) > 0 && distinct <= int64(len(atoms))) {
			// Every distinct value is a most-common one: they share the
			// remaining rows in proportion.
			extra := spreadProportional(rest, atomCounts(d.segs))
			for i := range d.segs {
				d.segs[i].count += extra[i]
			}
		} else {
			if td, ok := dom.(*textDomain); ok {
				td.setDistinct(restDistinct)
			}
			d.segs = append(d.segs, segment{kind: segSynthetic, count: rest, distinct: restDistinct, before: int64(dom.atomCount())})
			d.synthetic = restDistinct + int64(dom.atomCount())
		}
	}
	d.cum = make([]int64, len(d.segs)+1)
	for i, s := range d.segs {
		d.cum[i+1] = d.cum[i] + s.count
	}
	return d
}

func atomCounts(segs []segment) []int64 {
	out := make([]int64, len(segs))
	for i, s := range segs {
		out[i] = s.count
	}
	return out
}

// spread splits total into m near-equal integer parts. The remainder goes
// to the last parts: the last histogram bucket also holds the upper bound,
// so a small table gets every bound as a value.
func spread(total int64, m int) []int64 {
	out := make([]int64, m)
	q, r := total/int64(m), total%int64(m)
	for i := range out {
		out[i] = q
		if int64(i) >= int64(m)-r {
			out[i]++
		}
	}
	return out
}

// distinctPerBucket shares distinct values out in proportion to the rows of
// each bucket, never more than a bucket holds rows or can hold values;
// what a full bucket cannot take goes to the others (numeric buckets near a
// dense end of the range are narrow).
func distinctPerBucket(total int64, counts, caps []int64) []int64 {
	dist := make([]int64, len(counts))
	limit := make([]int64, len(counts))
	for k := range counts {
		limit[k] = counts[k]
		if caps[k] < limit[k] {
			limit[k] = caps[k]
		}
	}
	for round := 0; round < 8 && total > 0; round++ {
		weights := make([]int64, len(counts))
		for k := range counts {
			if dist[k] < limit[k] {
				weights[k] = counts[k]
			}
		}
		add := spreadProportional(total, weights)
		moved := int64(0)
		for k := range add {
			if room := limit[k] - dist[k]; add[k] > room {
				add[k] = room
			}
			dist[k] += add[k]
			moved += add[k]
		}
		total -= moved
		if moved == 0 {
			break
		}
	}
	return dist
}

// spreadCapped splits total into near-equal parts of at most caps[k] each
// (water filling); ok is false when the caps cannot hold total.
func spreadCapped(total int64, caps []int64) ([]int64, bool) {
	out := make([]int64, len(caps))
	open := make([]int, 0, len(caps))
	for k := range caps {
		open = append(open, k)
	}
	for total > 0 && len(open) > 0 {
		share := total / int64(len(open))
		extra := total % int64(len(open))
		var next []int
		for i, k := range open {
			want := share
			if int64(i) >= int64(len(open))-extra {
				want++ // to the last buckets, as spread does
			}
			give := want
			if room := caps[k] - out[k]; give > room {
				give = room
			}
			out[k] += give
			total -= give
			if out[k] < caps[k] {
				next = append(next, k)
			}
		}
		if len(next) == len(open) && total > 0 && share == 0 && extra == 0 {
			break
		}
		open = next
	}
	return out, total == 0
}

// spreadProportional splits total in proportion to weights (largest
// remainder), giving every positive weight at least one while total allows
// and never more than its weight when weights are counts.
func spreadProportional(total int64, weights []int64) []int64 {
	out := make([]int64, len(weights))
	var sum int64
	for _, w := range weights {
		sum += w
	}
	if sum == 0 || total <= 0 {
		return out
	}
	type rem struct {
		i int
		f float64
	}
	var rems []rem
	var given int64
	for i, w := range weights {
		exact := float64(total) * float64(w) / float64(sum)
		out[i] = int64(exact)
		given += out[i]
		rems = append(rems, rem{i, exact - float64(out[i])})
	}
	sort.SliceStable(rems, func(a, b int) bool { return rems[a].f > rems[b].f })
	for k := 0; given < total; k = (k + 1) % len(rems) {
		out[rems[k].i]++
		given++
	}
	return out
}

// tieShare is the sum over distinct values of their squared share of the
// non-null rows: the correlation ANALYZE reports for a shuffled column.
func (d *distribution) tieShare() float64 {
	n := float64(d.cum[len(d.cum)-1])
	if n == 0 {
		return 0
	}
	t := 0.0
	for _, s := range d.segs {
		if s.distinct > 0 {
			c := float64(s.count)
			t += c * c / float64(s.distinct) / (n * n)
		}
	}
	return t
}

// value appends the value at slot s (0 ≤ s < non-null count), in binary
// with bin.
func (d *distribution) value(dst []byte, s int64, bin bool) []byte {
	// Largest i with cum[i] <= s.
	lo, hi := 0, len(d.segs)
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if d.cum[mid] <= s {
			lo = mid
		} else {
			hi = mid
		}
	}
	seg := &d.segs[lo]
	off := s - d.cum[lo]
	switch seg.kind {
	case segAtom:
		return d.dom.atomValue(dst, seg.index, bin)
	case segBucket:
		return d.dom.bucketValue(dst, seg.index, scaleSpan(seg.distinct, off, seg.count), seg.distinct, bin)
	default:
		return d.dom.syntheticValue(dst, seg.before+scaleSpan(seg.distinct, off, seg.count), d.synthetic, bin)
	}
}
