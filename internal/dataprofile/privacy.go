package dataprofile

import (
	"unicode/utf8"
)

// How a kind's statistics values are treated by default.
func defaultValues(kind string) string {
	switch kind {
	case KindText:
		return ValuesStandIn
	case KindUUID, KindJSON, KindBytea, KindOther:
		return ValuesDropped
	}
	// Numbers, dates, times, booleans and enum labels (which are schema).
	return ValuesVerbatim
}

// standInAlphabet is the stand-ins' alphabet: lowercase ASCII letters sort in
// the same order under the C collation and under every common linguistic
// one, so stand-ins keep the production order wherever staging collates.
const standInAlphabet = "abcdefghijklmnopqrstuvwxyz"

// StandInWidth is the number of leading letters that code a stand-in's rank
// among n distinct values.
func StandInWidth(n int) int {
	w, capacity := 1, len(standInAlphabet)
	for capacity < n {
		w++
		capacity *= len(standInAlphabet)
	}
	return w
}

// standIns maps each of the distinct values, given in the database's sort
// order, to a synthetic stand-in. The stand-in of the value of rank r starts
// with r written in base 26 over a fixed width, so stand-ins sort as the
// values did, and is filled up to the value's length in characters with
// letters derived from r alone: nothing of the value but its rank and length
// survives. Values shorter than the rank code get the code alone.
func standIns(sorted []string) map[string]string {
	w := StandInWidth(len(sorted))
	out := make(map[string]string, len(sorted))
	buf := make([]byte, 0, 64)
	for r, v := range sorted {
		buf = appendRankCode(buf[:0], r, w)
		n := utf8.RuneCountInString(v)
		state := uint64(r)*0x9e3779b97f4a7c15 + 0x632be59bd9b4e019
		for len(buf) < n {
			state = splitmix(state)
			buf = append(buf, standInAlphabet[state%uint64(len(standInAlphabet))])
		}
		out[v] = string(buf)
	}
	return out
}

// appendRankCode appends r in base 26 over w letters.
func appendRankCode(dst []byte, r, w int) []byte {
	start := len(dst)
	for i := 0; i < w; i++ {
		dst = append(dst, 'a')
	}
	for i := w - 1; i >= 0 && r > 0; i-- {
		dst[start+i] = standInAlphabet[r%len(standInAlphabet)]
		r /= len(standInAlphabet)
	}
	return dst
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	z := x
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// applyStandIns replaces a column's statistics values by stand-ins; sorted
// is the union of its most-common values and histogram bounds in the
// database's order.
func applyStandIns(s *ColumnStats, sorted []string) {
	m := standIns(sorted)
	for i := range s.MostCommon {
		s.MostCommon[i].Value = m[s.MostCommon[i].Value]
	}
	for i := range s.Histogram {
		s.Histogram[i] = m[s.Histogram[i]]
	}
}
