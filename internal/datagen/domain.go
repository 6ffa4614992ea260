package datagen

import (
	"encoding/binary"
	"math"
	"math/bits"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/envparity/terraform-provider-parity/internal/dataprofile"
)

// A domain turns positions in a column's value distribution into values,
// as COPY text or, with bin, in PostgreSQL's binary format (the field
// without its length). Bucket k lies between histogram bounds k and k+1;
// atom a is the a-th most-common value; synthetic values serve columns
// without a histogram. idx of d numbers distinct values in increasing
// order.
type domain interface {
	bucketValue(dst []byte, k int, idx, d int64, bin bool) []byte
	atomValue(dst []byte, a int, bin bool) []byte
	syntheticValue(dst []byte, idx, d int64, bin bool) []byte
	// binaryOK reports whether every value can be written in binary.
	binaryOK() bool
	// buckets is the number of histogram buckets (bounds - 1, or 0).
	buckets() int
	// atomBucket is the bucket an atom falls in (-1 before the first).
	atomBucket(a int) int
	// capacity is how many distinct values bucket k can hold.
	capacity(k int) int64
	// atomCount is the number of most-common values.
	atomCount() int
}

// epochDays and the epoch in microseconds place synthetic dates and times,
// which only columns without statistics use.
var syntheticEpoch = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

// numberDomain serves integers, numerics, floats, dates, times and
// timestamps: each value is an int64 count of units (the value itself,
// 10^-scale, days or microseconds).
type numberDomain struct {
	kind string
	// width is the binary size of integers (2, 4, 8) and floats (4, 8).
	width  int
	scale  int // numeric and float: decimal places
	bounds []int64
	atoms  [][]byte // COPY text of each atom
	keys   []int64  // atom units (for ordering); math.MinInt64 when unparsable
	step   int64    // synthetic spacing in units
	base   int64    // synthetic start in units
}

func newNumberDomain(c *dataprofile.Column) *numberDomain {
	d := &numberDomain{kind: c.Kind, scale: c.Scale, step: 1, width: binaryWidth(c.BaseType)}
	var texts []string
	if s := c.Stats; s != nil {
		for _, f := range s.MostCommon {
			texts = append(texts, f.Value)
		}
		texts = append(texts, s.Histogram...)
	}
	if d.kind == dataprofile.KindFloat || (d.kind == dataprofile.KindNumeric && d.scale < 0) {
		d.scale = 0
		for _, t := range texts {
			if dot := strings.IndexByte(t, '.'); dot >= 0 && !strings.ContainsAny(t, "eE") {
				if n := len(t) - dot - 1; n > d.scale {
					d.scale = n
				}
			}
		}
		if d.scale > 6 {
			d.scale = 6
		}
	}
	if d.kind != dataprofile.KindNumeric && d.kind != dataprofile.KindFloat {
		d.scale = 0
	}
	switch d.kind {
	case dataprofile.KindDate:
		d.base = syntheticEpoch.Unix() / 86400
	case dataprofile.KindTimestamp, dataprofile.KindTimestampTZ:
		d.base, d.step = syntheticEpoch.UnixMicro(), 1e6
	case dataprofile.KindTime:
		d.step = 1e6
	default:
		d.step = pow10(d.scale)
		d.base = d.step
	}
	if s := c.Stats; s != nil {
		for _, f := range s.MostCommon {
			u, ok := d.parse(f.Value)
			if !ok {
				u = math.MinInt64
			}
			d.keys = append(d.keys, u)
			d.atoms = append(d.atoms, []byte(f.Value))
		}
		// Bounds that do not parse (infinity, NaN, BC dates) are dropped
		// with their bucket; the rest of the histogram keeps its shape.
		for _, h := range s.Histogram {
			if u, ok := d.parse(h); ok && (len(d.bounds) == 0 || u >= d.bounds[len(d.bounds)-1]) {
				d.bounds = append(d.bounds, u)
			}
		}
		if len(d.bounds) == 1 {
			d.bounds = nil
		}
	}
	return d
}

// binaryWidth is the binary size of an integer or float base type, or 0.
func binaryWidth(base string) int {
	switch base {
	case "int2":
		return 2
	case "int4", "float4":
		return 4
	case "int8", "float8":
		return 8
	}
	return 0
}

func (d *numberDomain) binaryOK() bool {
	switch d.kind {
	case dataprofile.KindInteger, dataprofile.KindFloat:
		if d.width == 0 {
			return false
		}
	}
	for _, k := range d.keys {
		if k == math.MinInt64 {
			return false // infinity, NaN: written as text only
		}
	}
	return true
}

func pow10(n int) int64 {
	p := int64(1)
	for i := 0; i < n; i++ {
		p *= 10
	}
	return p
}

func (d *numberDomain) buckets() int {
	if len(d.bounds) < 2 {
		return 0
	}
	return len(d.bounds) - 1
}

func (d *numberDomain) atomCount() int { return len(d.atoms) }

func (d *numberDomain) capacity(k int) int64 {
	if d.kind == dataprofile.KindFloat {
		return math.MaxInt64
	}
	span := d.bounds[k+1] - d.bounds[k]
	if k == len(d.bounds)-2 {
		span++ // the last bucket includes its upper bound
	}
	return span
}

func (d *numberDomain) atomBucket(a int) int {
	return bucketOf(len(d.bounds), func(i int) bool { return d.bounds[i] <= d.keys[a] })
}

// bucketOf returns the last i in [0, n-1) with le(i), or -1.
func bucketOf(n int, le func(int) bool) int {
	lo, hi := 0, n-1
	for lo < hi {
		mid := (lo + hi) / 2
		if le(mid) {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo - 1
}

func (d *numberDomain) bucketValue(dst []byte, k int, idx, n int64, bin bool) []byte {
	lo, hi := d.bounds[k], d.bounds[k+1]
	return d.format(dst, lo+bucketOffset(hi-lo, idx, n, k == len(d.bounds)-2), bin)
}

// bucketOffset places value idx of n in a bucket spanning span units: evenly
// from the lower bound, and in the last bucket up to the upper bound, which
// the histogram also counts as a value.
func bucketOffset(span, idx, n int64, last bool) int64 {
	if last && n >= 2 {
		return scaleSpan(span, idx, n-1)
	}
	return scaleSpan(span, idx, n)
}

// makeDense serves a unique column whose histogram cannot hold its distinct
// values (staging larger than production, or keys packed tightly): values
// become consecutive from the first bound, one unit apart.
func (d *numberDomain) makeDense() {
	if len(d.bounds) > 0 {
		d.base = d.bounds[0]
	}
	d.bounds, d.step = nil, 1
}

// scaleSpan returns floor(span × idx / n) without overflow.
func scaleSpan(span, idx, n int64) int64 {
	if span <= 0 || n <= 0 {
		return 0
	}
	hi, lo := bits.Mul64(uint64(span), uint64(idx))
	if hi >= uint64(n) {
		return span
	}
	q, _ := bits.Div64(hi, lo, uint64(n))
	return int64(q)
}

// atomValue writes a most-common value from its units, so that text and
// binary COPY load the same value (a float's text may carry more digits
// than the units keep); values that do not parse are written as they are.
func (d *numberDomain) atomValue(dst []byte, a int, bin bool) []byte {
	if d.keys[a] == math.MinInt64 {
		return append(dst, d.atoms[a]...)
	}
	return d.format(dst, d.keys[a], bin)
}

func (d *numberDomain) syntheticValue(dst []byte, idx, n int64, bin bool) []byte {
	if d.kind == dataprofile.KindTime {
		return d.format(dst, (idx*d.step)%(86400*1e6), bin)
	}
	return d.format(dst, d.base+idx*d.step, bin)
}

// parse reads PostgreSQL's text output (ISO dates, UTC times) into units.
func (d *numberDomain) parse(s string) (int64, bool) {
	switch d.kind {
	case dataprofile.KindInteger:
		v, err := strconv.ParseInt(s, 10, 64)
		return v, err == nil
	case dataprofile.KindNumeric, dataprofile.KindFloat:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return 0, false
		}
		if d.kind == dataprofile.KindNumeric && !strings.ContainsAny(s, "eE") {
			return parseDecimal(s, d.scale)
		}
		u := math.Round(f * float64(pow10(d.scale)))
		if math.Abs(u) > 9e18 {
			return 0, false
		}
		return int64(u), true
	case dataprofile.KindDate:
		t, err := time.Parse("2006-01-02", s)
		if err != nil {
			return 0, false
		}
		return floorDiv(t.Unix(), 86400), true
	case dataprofile.KindTimestamp:
		t, err := time.Parse("2006-01-02 15:04:05.999999", s)
		if err != nil {
			return 0, false
		}
		return t.UnixMicro(), true
	case dataprofile.KindTimestampTZ:
		for _, layout := range []string{"2006-01-02 15:04:05.999999-07", "2006-01-02 15:04:05.999999-07:00", "2006-01-02 15:04:05.999999-07:00:00"} {
			if t, err := time.Parse(layout, s); err == nil {
				return t.UnixMicro(), true
			}
		}
		return 0, false
	case dataprofile.KindTime:
		t, err := time.Parse("15:04:05.999999", s)
		if err != nil {
			return 0, false
		}
		return int64(t.Hour()*3600+t.Minute()*60+t.Second())*1e6 + int64(t.Nanosecond()/1000), true
	}
	return 0, false
}

// parseDecimal reads a plain decimal exactly, rounding half away from zero
// to scale places.
func parseDecimal(s string, scale int) (int64, bool) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimLeft(s, "+-")
	ip, fp, _ := strings.Cut(s, ".")
	roundUp := false
	if len(fp) > scale {
		roundUp = fp[scale] >= '5'
		fp = fp[:scale]
	}
	fp += strings.Repeat("0", scale-len(fp))
	v, err := strconv.ParseInt(ip+fp, 10, 64)
	if err != nil {
		return 0, false
	}
	if roundUp {
		v++
	}
	if neg {
		v = -v
	}
	return v, true
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// format writes units as PostgreSQL reads them.
func (d *numberDomain) format(dst []byte, u int64, bin bool) []byte {
	if bin {
		return d.formatBinary(dst, u)
	}
	switch d.kind {
	case dataprofile.KindInteger:
		return strconv.AppendInt(dst, u, 10)
	case dataprofile.KindNumeric, dataprofile.KindFloat:
		return appendDecimal(dst, u, d.scale)
	case dataprofile.KindDate:
		return appendDate(dst, u)
	case dataprofile.KindTimestamp:
		return appendTimestamp(dst, u, false)
	case dataprofile.KindTimestampTZ:
		return appendTimestamp(dst, u, true)
	case dataprofile.KindTime:
		return appendClock(dst, u)
	}
	return strconv.AppendInt(dst, u, 10)
}

// postgresEpoch is 2000-01-01, where binary dates and timestamps count from.
const (
	postgresEpochDays   = 10957
	postgresEpochMicros = postgresEpochDays * 86400e6
)

// formatBinary writes units in PostgreSQL's binary send format.
func (d *numberDomain) formatBinary(dst []byte, u int64) []byte {
	switch d.kind {
	case dataprofile.KindInteger:
		switch d.width {
		case 2:
			return binary.BigEndian.AppendUint16(dst, uint16(int16(u)))
		case 4:
			return binary.BigEndian.AppendUint32(dst, uint32(int32(u)))
		}
		return binary.BigEndian.AppendUint64(dst, uint64(u))
	case dataprofile.KindFloat:
		f := float64(u) / float64(pow10(d.scale))
		if d.width == 4 {
			return binary.BigEndian.AppendUint32(dst, math.Float32bits(float32(f)))
		}
		return binary.BigEndian.AppendUint64(dst, math.Float64bits(f))
	case dataprofile.KindNumeric:
		return appendNumericBinary(dst, u, d.scale)
	case dataprofile.KindDate:
		return binary.BigEndian.AppendUint32(dst, uint32(int32(u-postgresEpochDays)))
	case dataprofile.KindTimestamp, dataprofile.KindTimestampTZ:
		return binary.BigEndian.AppendUint64(dst, uint64(u-postgresEpochMicros))
	case dataprofile.KindTime:
		return binary.BigEndian.AppendUint64(dst, uint64(u))
	}
	return dst
}

// appendNumericBinary writes u × 10^-scale as numeric_send does: base-10000
// digits with a weight, a sign and the display scale.
func appendNumericBinary(dst []byte, u int64, scale int) []byte {
	var sign uint16
	mag := uint64(u)
	if u < 0 {
		sign, mag = 0x4000, uint64(-u)
	}
	// Scale the fraction up to whole base-10000 digits.
	fracGroups := (scale + 3) / 4
	hi, lo := bits.Mul64(mag, uint64(pow10(fracGroups*4-scale)))
	var groups []uint16 // least significant first
	for hi != 0 || lo != 0 {
		var r uint64
		hi, r = bits.Div64(0, hi, 10000)
		lo, r = bits.Div64(r, lo, 10000)
		groups = append(groups, uint16(r))
	}
	weight := len(groups) - fracGroups - 1
	// Most significant first, without leading or trailing zero groups.
	digits := make([]uint16, 0, len(groups))
	for i := len(groups) - 1; i >= 0; i-- {
		digits = append(digits, groups[i])
	}
	for len(digits) > 0 && digits[0] == 0 {
		digits = digits[1:]
		weight--
	}
	for len(digits) > 0 && digits[len(digits)-1] == 0 {
		digits = digits[:len(digits)-1]
	}
	if len(digits) == 0 {
		weight, sign = 0, 0
	}
	dst = binary.BigEndian.AppendUint16(dst, uint16(len(digits)))
	dst = binary.BigEndian.AppendUint16(dst, uint16(int16(weight)))
	dst = binary.BigEndian.AppendUint16(dst, sign)
	dst = binary.BigEndian.AppendUint16(dst, uint16(scale))
	for _, g := range digits {
		dst = binary.BigEndian.AppendUint16(dst, g)
	}
	return dst
}

func appendDecimal(dst []byte, u int64, scale int) []byte {
	if scale == 0 {
		return strconv.AppendInt(dst, u, 10)
	}
	if u < 0 {
		dst = append(dst, '-')
		u = -u
	}
	p := pow10(scale)
	dst = strconv.AppendInt(dst, u/p, 10)
	dst = append(dst, '.')
	frac := u % p
	for div := p / 10; div > 0; div /= 10 {
		dst = append(dst, byte('0'+frac/div%10))
	}
	return dst
}

// appendTimestamp writes microseconds since 1970 as ISO date and time (UTC),
// the format COPY reads under DateStyle ISO. It is written by hand: the
// generic time formatter was a third of the generator's time.
func appendTimestamp(dst []byte, micros int64, zone bool) []byte {
	days := floorDiv(micros, 86400e6)
	dst = appendDate(dst, days)
	dst = append(dst, ' ')
	dst = appendClock(dst, micros-days*86400e6)
	if zone {
		dst = append(dst, "+00"...)
	}
	return dst
}

// appendDate writes days since 1970-01-01 as YYYY-MM-DD (proleptic
// Gregorian, years 1 to 9999; others take the slow path).
func appendDate(dst []byte, days int64) []byte {
	// Howard Hinnant's civil_from_days.
	z := days + 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	if y < 1 || y > 9999 {
		return time.Unix(days*86400, 0).UTC().AppendFormat(dst, "2006-01-02")
	}
	dst = append(dst, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-')
	dst = append(dst, byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d/10), byte('0'+d%10))
	return dst
}

// appendClock writes microseconds since midnight as HH:MM:SS[.ffffff].
func appendClock(dst []byte, micros int64) []byte {
	secs := micros / 1e6
	frac := micros % 1e6
	h, m, s := secs/3600, secs/60%60, secs%60
	dst = append(dst, byte('0'+h/10), byte('0'+h%10), ':', byte('0'+m/10), byte('0'+m%10), ':', byte('0'+s/10), byte('0'+s%10))
	if frac != 0 {
		dst = append(dst, '.')
		for div := int64(100000); div > 0 && frac != 0; div /= 10 {
			dst = append(dst, byte('0'+frac/div))
			frac %= div
		}
	}
	return dst
}

// textDomain serves text columns. Values between two stand-in bounds keep
// the lower bound's rank code and add a code of their own, so they sort
// inside their bucket; values between verbatim bounds extend the lower bound.
type textDomain struct {
	bounds  []string
	atoms   []string
	standIn bool
	// rankWidth is the width of the stand-ins' rank code.
	rankWidth int
	// idxWidth is the width of the code numbering values in a bucket.
	idxWidth int
	maxLen   int
	avgLen   int
	key      uint64
}

func newTextDomain(c *dataprofile.Column, key uint64) *textDomain {
	d := &textDomain{standIn: c.Values == dataprofile.ValuesStandIn, maxLen: c.MaxLength, avgLen: 8, key: key, idxWidth: 1}
	if s := c.Stats; s != nil {
		for _, f := range s.MostCommon {
			d.atoms = append(d.atoms, f.Value)
		}
		if len(s.Histogram) >= 2 {
			d.bounds = s.Histogram
		}
		// avg_width counts a one-byte length header.
		if s.AvgWidth > 1 {
			d.avgLen = s.AvgWidth - 1
		}
		d.rankWidth = dataprofile.StandInWidth(len(s.MostCommon) + len(s.Histogram))
	}
	if c.Values == dataprofile.ValuesDropped {
		d.atoms = nil
	}
	if d.maxLen > 0 && d.avgLen > d.maxLen {
		d.avgLen = d.maxLen
	}
	return d
}

// setDistinct sizes the in-bucket code for the most values a bucket holds.
func (d *textDomain) setDistinct(maxPerBucket int64) {
	d.idxWidth = 1
	for c := int64(26); c < maxPerBucket; c *= 26 {
		d.idxWidth++
	}
}

func (d *textDomain) buckets() int {
	if len(d.bounds) < 2 {
		return 0
	}
	return len(d.bounds) - 1
}

// capacity is unbounded unless a declared length leaves no room for a code
// after the bound: then a bucket holds its lower bound only, and the last
// bucket its upper bound too.
func (d *textDomain) capacity(k int) int64 {
	if d.maxLen > 0 {
		prefix := utf8.RuneCountInString(d.bounds[k])
		if d.standIn {
			prefix = d.rankWidth
		}
		if prefix+1 > d.maxLen {
			if k == len(d.bounds)-2 {
				return 2
			}
			return 1
		}
	}
	return math.MaxInt64
}
func (d *textDomain) atomCount() int { return len(d.atoms) }

func (d *textDomain) atomBucket(a int) int {
	if len(d.atoms) <= a {
		return -1
	}
	v := d.atoms[a]
	return bucketOf(len(d.bounds), func(i int) bool { return d.bounds[i] <= v })
}

func (d *textDomain) binaryOK() bool { return true }

func (d *textDomain) atomValue(dst []byte, a int, bin bool) []byte {
	return appendString(dst, d.atoms[a], bin)
}

// appendString appends s raw (binary) or escaped for COPY text.
func appendString(dst []byte, s string, bin bool) []byte {
	if bin {
		return append(dst, s...)
	}
	return appendCopyText(dst, s)
}

func (d *textDomain) bucketValue(dst []byte, k int, idx, n int64, bin bool) []byte {
	b := d.bounds[k]
	if k == len(d.bounds)-2 && n >= 2 && idx == n-1 {
		// The histogram's last bound is a value too.
		return appendString(dst, d.bounds[k+1], bin)
	}
	if d.standIn {
		prefix := d.rankWidth
		if prefix > len(b) {
			prefix = len(b)
		}
		length := utf8.RuneCountInString(b)
		if min := prefix + d.idxWidth; length < min {
			length = min
		}
		start := len(dst)
		dst = append(dst, b[:prefix]...)
		dst = appendCode(dst, idx, d.idxWidth)
		dst = d.fill(dst, start, length, uint64(k)<<32^uint64(idx))
		return d.truncate(dst, start)
	}
	start := len(dst)
	dst = appendString(dst, b, bin)
	if idx > 0 {
		dst = appendCode(dst, idx, d.idxWidth)
	}
	return d.truncate(dst, start)
}

func (d *textDomain) syntheticValue(dst []byte, idx, n int64, _ bool) []byte {
	start := len(dst)
	w := 1
	for c := int64(26); c <= idx; c *= 26 {
		w++
	}
	dst = appendCode(dst, idx, w)
	dst = d.fill(dst, start, d.avgLen, uint64(idx))
	return d.truncate(dst, start)
}

// fill pads dst[start:] with letters up to length characters.
func (d *textDomain) fill(dst []byte, start, length int, h uint64) []byte {
	state := mix(h ^ d.key)
	for len(dst)-start < length {
		state = mix(state)
		dst = append(dst, byte('a'+state%26))
	}
	return dst
}

func (d *textDomain) truncate(dst []byte, start int) []byte {
	if d.maxLen > 0 && len(dst)-start > d.maxLen && utf8.RuneCount(dst[start:]) > d.maxLen {
		cut := start
		for i := 0; i < d.maxLen; i++ {
			_, size := utf8.DecodeRune(dst[cut:])
			cut += size
		}
		return dst[:cut]
	}
	return dst
}

// appendCode appends v in base 26 over w letters.
func appendCode(dst []byte, v int64, w int) []byte {
	start := len(dst)
	for i := 0; i < w; i++ {
		dst = append(dst, 'a')
	}
	for i := w - 1; i >= 0 && v > 0; i-- {
		dst[start+i] = byte('a' + v%26)
		v /= 26
	}
	return dst
}

// appendCopyText appends s escaped for COPY's text format.
func appendCopyText(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			dst = append(dst, '\\', '\\')
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// labelDomain serves booleans and enums: a fixed ordered set of labels.
type labelDomain struct {
	// boolean: labels are f and t, written as one byte in binary.
	boolean bool
	labels  []string
	bounds  []int // histogram bounds as label positions
	atoms   []int // most-common values as label positions
}

func newLabelDomain(c *dataprofile.Column, labels []string) *labelDomain {
	d := &labelDomain{labels: labels, boolean: c.Kind == dataprofile.KindBoolean}
	pos := map[string]int{}
	for i, l := range labels {
		pos[l] = i
	}
	if s := c.Stats; s != nil {
		for _, f := range s.MostCommon {
			if i, ok := pos[f.Value]; ok {
				d.atoms = append(d.atoms, i)
			}
		}
		for _, h := range s.Histogram {
			if i, ok := pos[h]; ok {
				d.bounds = append(d.bounds, i)
			}
		}
		if len(d.bounds) < 2 {
			d.bounds = nil
		}
	}
	return d
}

func (d *labelDomain) buckets() int {
	if len(d.bounds) < 2 {
		return 0
	}
	return len(d.bounds) - 1
}

func (d *labelDomain) atomCount() int { return len(d.atoms) }

func (d *labelDomain) capacity(k int) int64 {
	n := int64(d.bounds[k+1] - d.bounds[k])
	if k == len(d.bounds)-2 {
		n++
	}
	return n
}

func (d *labelDomain) atomBucket(a int) int {
	return bucketOf(len(d.bounds), func(i int) bool { return d.bounds[i] <= d.atoms[a] })
}

func (d *labelDomain) binaryOK() bool { return true }

func (d *labelDomain) label(dst []byte, i int, bin bool) []byte {
	if bin && d.boolean {
		if d.labels[i] == "t" {
			return append(dst, 1)
		}
		return append(dst, 0)
	}
	return appendString(dst, d.labels[i], bin)
}

func (d *labelDomain) atomValue(dst []byte, a int, bin bool) []byte {
	return d.label(dst, d.atoms[a], bin)
}

func (d *labelDomain) bucketValue(dst []byte, k int, idx, n int64, bin bool) []byte {
	lo, hi := d.bounds[k], d.bounds[k+1]
	return d.label(dst, lo+int(bucketOffset(int64(hi-lo), idx, n, k == len(d.bounds)-2)), bin)
}

func (d *labelDomain) syntheticValue(dst []byte, idx, n int64, bin bool) []byte {
	return d.label(dst, int(idx%int64(len(d.labels))), bin)
}

// opaqueDomain serves uuid, json and bytea columns, whose values the profile
// does not carry: every value is synthetic, numbered in order.
type opaqueDomain struct {
	kind   string
	jsonb  bool
	avgLen int
	atoms  int
	key    uint64
}

func newOpaqueDomain(c *dataprofile.Column, key uint64) *opaqueDomain {
	d := &opaqueDomain{kind: c.Kind, avgLen: 16, key: key, jsonb: c.BaseType == "jsonb"}
	if s := c.Stats; s != nil {
		d.atoms = len(s.MostCommon)
		if s.AvgWidth > 0 {
			d.avgLen = s.AvgWidth
		}
	}
	return d
}

func (d *opaqueDomain) buckets() int       { return 0 }
func (d *opaqueDomain) capacity(int) int64 { return math.MaxInt64 }
func (d *opaqueDomain) atomBucket(int) int { return -1 }
func (d *opaqueDomain) atomCount() int     { return d.atoms }
func (d *opaqueDomain) binaryOK() bool {
	return d.kind == dataprofile.KindUUID || d.kind == dataprofile.KindJSON || d.kind == dataprofile.KindBytea
}

func (d *opaqueDomain) bucketValue(dst []byte, _ int, idx, n int64, bin bool) []byte {
	return d.syntheticValue(dst, idx, n, bin)
}

func (d *opaqueDomain) atomValue(dst []byte, a int, bin bool) []byte {
	return d.syntheticValue(dst, int64(a), int64(d.atoms), bin)
}

const hexDigits = "0123456789abcdef"

func (d *opaqueDomain) syntheticValue(dst []byte, idx, n int64, bin bool) []byte {
	h := mix(uint64(idx) ^ d.key)
	switch d.kind {
	case dataprofile.KindUUID:
		// Spread over the whole space in index order, as random UUIDs are,
		// with a version-4 layout.
		hi := uint64(idx)
		if n > 0 {
			hi, _ = bits.Div64(uint64(idx), 0, uint64(n))
		}
		var b [16]byte
		for i := 0; i < 8; i++ {
			b[i] = byte(hi >> (56 - 8*i))
			b[8+i] = byte(h >> (56 - 8*i))
		}
		b[6] = b[6]&0x0f | 0x40
		b[8] = b[8]&0x3f | 0x80
		if bin {
			return append(dst, b[:]...)
		}
		for i, x := range b {
			if i == 4 || i == 6 || i == 8 || i == 10 {
				dst = append(dst, '-')
			}
			dst = append(dst, hexDigits[x>>4], hexDigits[x&15])
		}
		return dst
	case dataprofile.KindJSON:
		if bin && d.jsonb {
			dst = append(dst, 1) // jsonb's binary format version
		}
		dst = append(dst, `{"v": "`...)
		dst = appendCode(dst, idx, 4)
		for i := 12; i < d.avgLen; i++ {
			h = mix(h)
			dst = append(dst, byte('a'+h%26))
		}
		return append(dst, `"}`...)
	case dataprofile.KindBytea:
		if bin {
			dst = binary.BigEndian.AppendUint64(dst, uint64(idx))
			for i := 8; i < d.avgLen-1; i++ {
				h = mix(h)
				dst = append(dst, byte(h))
			}
			return dst
		}
		dst = append(dst, `\\x`...)
		for i := 0; i < 8; i++ {
			x := byte(uint64(idx) >> (56 - 8*i))
			dst = append(dst, hexDigits[x>>4], hexDigits[x&15])
		}
		for i := 8; i < d.avgLen-1; i++ {
			h = mix(h)
			x := byte(h)
			dst = append(dst, hexDigits[x>>4], hexDigits[x&15])
		}
		return dst
	}
	return strconv.AppendInt(dst, idx, 10)
}
