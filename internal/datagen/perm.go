package datagen

import (
	"math"
	"math/bits"
)

// mix is SplitMix64's finaliser: a fast bijective hash of 64 bits.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// hashString folds s into a 64-bit key (FNV-1a, then mixed).
func hashString(seed uint64, s string) uint64 {
	h := uint64(14695981039346656037) ^ seed
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return mix(h)
}

// unitFloat maps a hash to [0, 1).
func unitFloat(h uint64) float64 { return float64(h>>11) / (1 << 53) }

// permutation maps the positions 0..n-1 of a column's non-NULL rows to value
// slots 0..n-1 (the rank of the row's value in sorted order). Rows are cut
// into consecutive blocks and shuffled within each block by a keyed Feistel
// network, so no table of n entries is ever held. Blocks of sizes s_b give a
// rank correlation between position and slot of 1 - Σ(s_b/n)³, which is how
// a column's pg_stats correlation is reproduced; a negative correlation
// reverses the order.
type permutation struct {
	n, block int64
	key      uint64
	reverse  bool
}

// newPermutation returns the permutation of n rows whose correlation, as
// ANALYZE measures it, is about corr. ANALYZE breaks ties between equal
// values by physical position, so a fully shuffled column whose values
// repeat still shows a correlation: tau, the sum over distinct values of
// their squared share of rows (0.66 for a status that is 80 % "paid").
// Blocks add (1 - tau)·(1 - Σ(s_b/n)³) to that floor.
func newPermutation(n int64, corr, tau float64, key uint64) permutation {
	e := corr
	if tau > 0 && tau < 1 {
		e = (corr - tau) / (1 - tau)
	}
	p := permutation{n: n, block: 1, key: key, reverse: e < 0}
	c := math.Abs(e)
	if c > 1 {
		c = 1
	}
	if n > 1 && c < 0.9999 {
		// The correlation falls as blocks grow (up to a small sawtooth
		// where the number of blocks changes): bisect on the block size.
		lo, hi := int64(2), n
		for lo < hi {
			mid := lo + (hi-lo)/2
			if blockCorrelation(n, mid) > c {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		p.block = lo
	}
	return p
}

// blockCorrelation is the rank correlation of n rows shuffled within blocks
// of size b (the last one shorter).
func blockCorrelation(n, b int64) float64 {
	k := n / b
	r := n - k*b
	fb, fr := float64(b)/float64(n), float64(r)/float64(n)
	return 1 - float64(k)*fb*fb*fb - fr*fr*fr
}

// rowMap places a column's NULLs and maps its other rows to slots. NULLs
// are spread evenly over the table from a per-column phase, so that they
// are independent of the values (ANALYZE measures correlation over
// non-NULL values only) and a row's rank among the non-NULL rows is known
// without counting.
type rowMap struct {
	n, nonNull int64
	phase      int64
	perm       permutation
}

func newRowMap(n, nonNull int64, perm permutation, key uint64) rowMap {
	m := rowMap{n: n, nonNull: nonNull, perm: perm}
	if n > 0 {
		m.phase = int64(mix(key^0x6e756c6c) % uint64(n))
	}
	return m
}

// nullsBefore counts the NULL rows among rows 0..i-1.
func (m rowMap) nullsBefore(i int64) int64 {
	nulls := uint64(m.n - m.nonNull)
	at := func(x int64) int64 {
		hi, lo := bits.Mul64(uint64(x+m.phase), nulls)
		q, _ := bits.Div64(hi, lo, uint64(m.n))
		return int64(q)
	}
	return at(i) - at(0)
}

// slot returns the value slot of row i, or -1 when the row is NULL.
func (m rowMap) slot(i int64) int64 {
	if m.nonNull >= m.n {
		return m.perm.at(i)
	}
	if m.nonNull <= 0 {
		return -1
	}
	before := m.nullsBefore(i)
	if m.nullsBefore(i+1) > before {
		return -1
	}
	return m.perm.at(i - before)
}

// at returns the slot of row i.
func (p permutation) at(i int64) int64 {
	s := i
	if p.block > 1 {
		start := i / p.block * p.block
		size := p.block
		if start+size > p.n {
			size = p.n - start
		}
		s = start + feistel(uint64(i-start), uint64(size), p.key^uint64(start))
	}
	if p.reverse {
		s = p.n - 1 - s
	}
	return s
}

// feistelRound is the round function: a multiply-xorshift, much cheaper
// than a full mix and plenty to scatter rows within a block.
func feistelRound(r, k uint64) uint64 {
	x := (r ^ k) * 0xd6e8feb86659fd93
	x ^= x >> 32
	x *= 0xd6e8feb86659fd93
	return x ^ x>>29
}

// feistel is a keyed bijection of [0, n): a balanced four-round Feistel
// network over the smallest even number of bits holding n, walked until it
// lands inside the range.
func feistel(x, n, key uint64) int64 {
	if n <= 1 {
		return 0
	}
	b := uint(bits.Len64(n - 1))
	if b%2 == 1 {
		b++
	}
	half := b / 2
	mask := uint64(1)<<half - 1
	for {
		l, r := x>>half, x&mask
		for round := uint64(0); round < 4; round++ {
			l, r = r, l^(feistelRound(r, key+round*0x5851f42d4c957f2d)&mask)
		}
		x = l<<half | r
		if x < n {
			return int64(x)
		}
	}
}
