package parity

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math/big"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// unknownMarker stands for an unknown value in canonical JSON. It cannot come
// from a real document because readers never produce a NUL-prefixed key.
const unknownMarker = `{"\u0000unknown":true}`

// CanonicalJSON encodes v in the style of RFC 8785: object keys sorted by
// their UTF-16 code units, no insignificant whitespace, numbers normalised
// (1.0, 1e0 and 1 encode alike), set elements ordered by their content keys
// (see contentKey: scalars by their encoding, containers by a digest of
// their content, after the scalars). Sensitive marks are not encoded;
// callers remove secrets first. The cost is linear in the size of v,
// however deeply sets nest in sets.
func CanonicalJSON(v Value) []byte {
	var buf bytes.Buffer
	writeCanonical(&buf, v)
	return buf.Bytes()
}

// containerKeyPrefix starts the content key of a container; canonical JSON
// of a scalar never starts with it, and it sorts after every one.
const containerKeyPrefix = "\xff"

// contentKey returns a key of v's content: its canonical JSON for a scalar,
// a SHA-256 over its members' keys for a container, so that keying a set
// of sets costs the size of the set once. Equal keys mean equal content (up
// to SHA-256 collisions). keys remembers containers already keyed; pass
// nil to start afresh.
func contentKey(v Value, keys map[*container]string) string {
	return (&canonWriter{keys: keys}).key(v)
}

// canonWriter writes canonical JSON, remembering the content keys of the
// containers under sets (content alone decides them, so a container is
// keyed by its pointer).
type canonWriter struct {
	keys  map[*container]string
	arena []byte
}

// appendKeyPart appends part with its length in front, so that the parts of
// a key cannot run into each other.
func appendKeyPart(dst []byte, part string) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(part)))
	return append(dst, part...)
}

// digestKey returns the content key of a container from its parts.
func digestKey(parts []byte) string {
	var k [1 + sha256.Size]byte
	k[0] = containerKeyPrefix[0]
	sum := sha256.Sum256(parts)
	copy(k[1:], sum[:])
	return string(k[:])
}

func (cw *canonWriter) key(v Value) string {
	switch v.kind {
	case KindList, KindSet, KindObject:
	default:
		var b bytes.Buffer
		cw.write(&b, v)
		return b.String()
	}
	if k, ok := cw.keys[v.c]; ok {
		return k
	}
	start := len(cw.arena)
	switch v.kind {
	case KindObject:
		cw.arena = append(cw.arena, '{')
		for i, name := range v.names() {
			ck := cw.key(v.list()[i])
			cw.arena = appendKeyPart(cw.arena, name)
			cw.arena = appendKeyPart(cw.arena, ck)
		}
	case KindList:
		cw.arena = append(cw.arena, '[')
		for _, it := range v.list() {
			ck := cw.key(it)
			cw.arena = appendKeyPart(cw.arena, ck)
		}
	case KindSet:
		cw.arena = append(cw.arena, '<')
		keys := make([]string, len(v.list()))
		for i, it := range v.list() {
			keys[i] = cw.key(it)
		}
		sort.Strings(keys)
		for _, k := range keys {
			cw.arena = appendKeyPart(cw.arena, k)
		}
	}
	k := digestKey(cw.arena[start:])
	cw.arena = cw.arena[:start]
	if v.kind != KindObject {
		// An object is keyed again only when the set holding it is
		// written, at the cost of its own fields: remembering lists and
		// sets is enough to keep nested sets linear.
		if cw.keys == nil {
			cw.keys = map[*container]string{}
		}
		cw.keys[v.c] = k
	}
	return k
}

// HashValue returns "sha256:<hex>" of the canonical JSON of v.
func HashValue(v Value) string {
	sum := sha256.Sum256(CanonicalJSON(v))
	return "sha256:" + hex.EncodeToString(sum[:])
}

func writeCanonical(buf *bytes.Buffer, v Value) {
	(&canonWriter{}).write(buf, v)
}

func (cw *canonWriter) write(buf *bytes.Buffer, v Value) {
	switch v.kind {
	case KindNull:
		buf.WriteString("null")
	case KindBool:
		buf.WriteString(v.text)
	case KindNumber:
		buf.WriteString(NormalizeNumber(v.text))
	case KindString:
		writeCanonicalString(buf, v.text)
	case KindUnknown:
		buf.WriteString(unknownMarker)
	case KindList:
		buf.WriteByte('[')
		for i, it := range v.list() {
			if i > 0 {
				buf.WriteByte(',')
			}
			cw.write(buf, it)
		}
		buf.WriteByte(']')
	case KindSet:
		order := make([]int, len(v.list()))
		for i := range order {
			order[i] = i
		}
		if len(order) > 1 {
			keys := make([]string, len(order))
			for i, it := range v.list() {
				keys[i] = cw.key(it)
			}
			sort.SliceStable(order, func(a, b int) bool { return keys[order[a]] < keys[order[b]] })
		}
		buf.WriteByte('[')
		for n, i := range order {
			if n > 0 {
				buf.WriteByte(',')
			}
			cw.write(buf, v.list()[i])
		}
		buf.WriteByte(']')
	case KindObject:
		order := make([]int, len(v.names()))
		for i := range order {
			order[i] = i
		}
		// Keys are stored in byte order; RFC 8785 sorts by UTF-16 code
		// units, which differs only for characters beyond the BMP.
		if !allBMP(v.names()) {
			sort.SliceStable(order, func(a, b int) bool { return utf16Less(v.names()[order[a]], v.names()[order[b]]) })
		}
		buf.WriteByte('{')
		for n, i := range order {
			if n > 0 {
				buf.WriteByte(',')
			}
			writeCanonicalString(buf, v.names()[i])
			buf.WriteByte(':')
			cw.write(buf, v.list()[i])
		}
		buf.WriteByte('}')
	}
}

func allBMP(keys []string) bool {
	for _, k := range keys {
		for i := 0; i < len(k); i++ {
			if k[i] >= 0xF0 {
				return false
			}
		}
	}
	return true
}

// utf16Less orders strings by their UTF-16 code units, as RFC 8785 sorts
// object keys. Byte order agrees except where a character beyond the BMP
// meets one in U+E000–U+FFFF, so the common case is a plain comparison.
func utf16Less(a, b string) bool {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	if i == len(a) || i == len(b) {
		return len(a) < len(b)
	}
	if a[i] < 0xEE && b[i] < 0xEE {
		return a[i] < b[i]
	}
	// Back up to the start of the differing characters and compare their
	// first UTF-16 units.
	for i > 0 && !utf8.RuneStart(a[i]) {
		i--
	}
	ra, _ := utf8.DecodeRuneInString(a[i:])
	rb, _ := utf8.DecodeRuneInString(b[i:])
	ua, ub := utf16Unit(ra), utf16Unit(rb)
	if ua != ub {
		return ua < ub
	}
	return ra < rb
}

func utf16Unit(r rune) rune {
	if r >= 0x10000 {
		return 0xD800 + ((r - 0x10000) >> 10)
	}
	return r
}

func writeCanonicalString(buf *bytes.Buffer, s string) {
	buf.WriteByte('"')
	// Runs of bytes that need no escaping are written whole.
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError || size != 1 {
				i += size
				continue
			}
		}
		buf.WriteString(s[start:i])
		switch c {
		case '"':
			buf.WriteString(`\"`)
		case '\\':
			buf.WriteString(`\\`)
		case '\b':
			buf.WriteString(`\b`)
		case '\f':
			buf.WriteString(`\f`)
		case '\n':
			buf.WriteString(`\n`)
		case '\r':
			buf.WriteString(`\r`)
		case '\t':
			buf.WriteString(`\t`)
		default:
			if c < 0x20 {
				buf.WriteString(`\u00`)
				buf.WriteByte("0123456789abcdef"[c>>4])
				buf.WriteByte("0123456789abcdef"[c&0xF])
			} else {
				// Invalid UTF-8 is written as U+FFFD.
				buf.WriteString(`\ufffd`)
			}
		}
		i++
		start = i
	}
	buf.WriteString(s[start:])
	buf.WriteByte('"')
}

// jsonNumber is the syntax of a JSON number.
var jsonNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)

// IsNumberText reports whether s is written as a JSON number: module outputs
// and variables often carry numbers as strings ("30"), and such a string
// equals the number.
func IsNumberText(s string) bool {
	// A JSON number starts with a digit or a minus sign: most text fails
	// here, before the pattern.
	if s == "" || len(s) > 64 || !(s[0] == '-' || s[0] >= '0' && s[0] <= '9') {
		return false
	}
	return jsonNumber.MatchString(s)
}

// NormalizeNumber returns the canonical text of a decimal number: integers
// without exponent or fraction, others in the shortest decimal form, so that
// 4, 4.0 and 4e0 compare and hash alike. A number whose plain text would
// be longer than maxPlainNumber is written in scientific notation (1e+999999).
// Text that is not a number is returned unchanged.
func NormalizeNumber(text string) string {
	if isDigits(text) && (len(text) == 1 || text[0] != '0') && len(text) <= maxPlainNumber {
		return text
	}
	if neg, digits, point, ok := decimalParts(text); ok && plainLength(digits, point) > maxPlainNumber {
		// Beyond the bound: linear in the text, whatever the exponent.
		return scientificNumber(neg, digits, point)
	}
	r, ok := new(big.Rat).SetString(text)
	if !ok {
		return text
	}
	if r.IsInt() {
		return r.Num().String()
	}
	// A fraction: exact decimal digits when the denominator allows it,
	// otherwise float64 shortest form (JSON numbers are decimal, so exact
	// digits are the normal case).
	if s, ok := exactDecimal(r); ok {
		return s
	}
	f, _ := r.Float64()
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// exactDecimal writes r in plain decimal notation when it has a finite
// expansion of reasonable length.
func exactDecimal(r *big.Rat) (string, bool) {
	for prec := 1; prec <= 40; prec++ {
		s := r.FloatString(prec)
		back, ok := new(big.Rat).SetString(s)
		if ok && back.Cmp(r) == 0 {
			return strings.TrimRight(strings.TrimRight(s, "0"), "."), true
		}
	}
	return "", false
}

// NumbersEqual reports whether two decimal texts denote the same number.
func NumbersEqual(a, b string) bool {
	if a == b {
		return true
	}
	return NormalizeNumber(a) == NormalizeNumber(b)
}
