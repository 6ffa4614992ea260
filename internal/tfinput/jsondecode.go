package tfinput

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"github.com/envparity/terraform-provider-parity/internal/inputlimit"
	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// MaxJSONDepth is the deepest nesting of arrays and objects the decoder
// accepts. Deeper input is refused as it is read, before any comparison
// starts, so that every later walk stays cheap and the stack safe.
const MaxJSONDepth = inputlimit.MaxDepth

// SyntaxError is a JSON syntax error with its position (1-based line and
// column, column counted in bytes).
type SyntaxError struct {
	Line, Column int
	Offset       int
	Msg          string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

// DecodeJSON parses one JSON document into a parity.Value. Numbers keep
// their decimal text. Input that Terraform never writes is refused with its
// position rather than guessed at: an object with a duplicate key (which of
// the two would be compared?), invalid UTF-8 (two different byte strings
// would otherwise both read as U+FFFD and compare equal), and nesting deeper
// than MaxJSONDepth. Escaped lone surrogates (\ud800) are valid JSON and
// read as U+FFFD, as encoding/json reads them.
//
// It is a single pass over data without an intermediate interface{} tree:
// object keys are interned (attribute names repeat across thousands of
// resources), short values are interned, other string bytes are copied into
// shared chunks, and value slices are carved from slabs, so a large state
// costs few allocations. The result does not reference data.
func DecodeJSON(data []byte) (parity.Value, error) {
	d := &jsonDecoder{data: data, intern: make(map[string]string, 1024)}
	// A UTF-8 byte order mark is not JSON, but editors on some systems add it.
	if len(data) >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF {
		d.pos = 3
	}
	v, err := d.value()
	if err != nil {
		return parity.Value{}, err
	}
	d.skipSpace()
	if d.pos < len(d.data) {
		return parity.Value{}, d.errorf("invalid character %s after top-level value", quoteByte(d.data[d.pos]))
	}
	return v, nil
}

type jsonDecoder struct {
	data  []byte
	pos   int
	depth int

	// keyStack and valStack hold the members of the containers being read;
	// a closed container copies its part into a slab and pops it.
	keyStack []string
	keyPos   []int // offset of each key in keyStack, for messages
	valStack []parity.Value

	keySlab []string
	valSlab []parity.Value
	strSlab []byte
	scratch []byte // unescaped string bytes

	intern map[string]string
	// recent is a direct-mapped cache in front of intern: most lookups are
	// the same few hundred attribute names, and a hit costs one compare.
	recent [1024]string

	// shapes holds the key lists of objects already read, so that objects
	// with the same keys share one (immutable) slice.
	shapes map[shapeKey][]string

	// transient makes containers exact-size allocations instead of slab
	// pieces, for parts of a document that are read and dropped (masks,
	// envelopes), so they do not pin slabs that hold the kept values.
	transient bool
}

const (
	slabValues      = 2048
	slabStringBytes = 64 << 10
	internMaxLen    = 32     // longer values are seldom repeated
	internMaxSize   = 200000 // bounds the table on inputs full of unique short strings
)

func (d *jsonDecoder) errorf(format string, args ...any) error {
	return newSyntaxError(d.data, d.pos, fmt.Sprintf(format, args...))
}

func newSyntaxError(data []byte, pos int, msg string) *SyntaxError {
	if pos > len(data) {
		pos = len(data)
	}
	line, col := 1, 1
	last := bytes.LastIndexByte(data[:pos], '\n')
	line += bytes.Count(data[:pos], []byte{'\n'})
	col = pos - last // last is -1 on the first line
	return &SyntaxError{Line: line, Column: col, Offset: pos, Msg: msg}
}

func quoteByte(c byte) string {
	switch {
	case c == '\'':
		return `'\''`
	case c == '"':
		return `'"'`
	case c >= 0x20 && c < 0x7f:
		return "'" + string(c) + "'"
	}
	return fmt.Sprintf("byte 0x%02x", c)
}

func (d *jsonDecoder) skipSpace() {
	for d.pos < len(d.data) {
		switch d.data[d.pos] {
		case ' ', '\n', '\t', '\r':
			d.pos++
		default:
			return
		}
	}
}

func (d *jsonDecoder) unexpectedEnd() error {
	return d.errorf("unexpected end of JSON input")
}

func (d *jsonDecoder) value() (parity.Value, error) {
	d.skipSpace()
	if d.pos >= len(d.data) {
		return parity.Value{}, d.unexpectedEnd()
	}
	switch c := d.data[d.pos]; {
	case c == '{':
		return d.object()
	case c == '[':
		return d.array()
	case c == '"':
		s, err := d.str(false)
		if err != nil {
			return parity.Value{}, err
		}
		return parity.String(s), nil
	case c == '-' || (c >= '0' && c <= '9'):
		return d.number()
	case c == 't':
		return d.literal("true", parity.Bool(true))
	case c == 'f':
		return d.literal("false", parity.Bool(false))
	case c == 'n':
		return d.literal("null", parity.Null())
	default:
		return parity.Value{}, d.errorf("invalid character %s looking for beginning of value", quoteByte(c))
	}
}

func (d *jsonDecoder) literal(word string, v parity.Value) (parity.Value, error) {
	for i := 0; i < len(word); i++ {
		if d.pos >= len(d.data) {
			return parity.Value{}, d.unexpectedEnd()
		}
		if d.data[d.pos] != word[i] {
			return parity.Value{}, d.errorf("invalid character %s in literal %s (expecting '%c')", quoteByte(d.data[d.pos]), word, word[i])
		}
		d.pos++
	}
	return v, nil
}

func (d *jsonDecoder) enter() error {
	d.depth++
	if d.depth > MaxJSONDepth {
		return d.errorf("nested more than %d levels deep; parity reads at most %d levels of arrays and objects", MaxJSONDepth, MaxJSONDepth)
	}
	return nil
}

func (d *jsonDecoder) object() (parity.Value, error) {
	if err := d.enter(); err != nil {
		return parity.Value{}, err
	}
	d.pos++ // '{'
	base, vbase := len(d.keyStack), len(d.valStack)
	d.skipSpace()
	if d.pos < len(d.data) && d.data[d.pos] == '}' {
		d.pos++
		d.depth--
		return parity.ObjectFromSorted(nil, nil), nil
	}
	for {
		d.skipSpace()
		at := d.pos
		key, err := d.objectKey()
		if err != nil {
			return parity.Value{}, err
		}
		d.keyStack = append(d.keyStack, key)
		d.keyPos = append(d.keyPos, at)
		v, err := d.value()
		if err != nil {
			return parity.Value{}, err
		}
		d.valStack = append(d.valStack, v)
		more, err := d.objectNext()
		if err != nil {
			return parity.Value{}, err
		}
		if !more {
			break
		}
	}
	n := len(d.keyStack) - base
	stackKeys := d.keyStack[base:]
	sorted := strictlySorted(stackKeys)
	if !sorted {
		if err := d.checkDuplicates(stackKeys, d.keyPos[base:]); err != nil {
			return parity.Value{}, err
		}
	}
	vals := d.allocValues(n)
	copy(vals, d.valStack[vbase:])
	var keys []string
	if !d.transient && sorted {
		// Terraform writes keys sorted, and thousands of objects share
		// one key list: share it too.
		keys = d.internKeys(stackKeys)
	} else {
		keys = d.allocKeys(n)
		copy(keys, stackKeys)
		if !sorted {
			sortPairs(keys, vals)
		}
	}
	d.keyStack = d.keyStack[:base]
	d.keyPos = d.keyPos[:base]
	d.valStack = d.valStack[:vbase]
	d.depth--
	return parity.ObjectFromSorted(keys, vals), nil
}

// checkDuplicates refuses an object whose keys (in input order, starting at
// the offsets in pos) repeat one, naming the key and both places. Terraform
// never writes duplicate keys, and which of the two values a reader keeps
// differs between JSON libraries: a document with them is not trusted.
func (d *jsonDecoder) checkDuplicates(keys []string, pos []int) error {
	var order []int
	if len(keys) <= 16 {
		for i := 1; i < len(keys); i++ {
			for j := 0; j < i; j++ {
				if keys[i] == keys[j] {
					return d.duplicateKey(keys[i], pos[j], pos[i])
				}
			}
		}
		return nil
	}
	order = make([]int, len(keys))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return keys[order[a]] < keys[order[b]] })
	for i := 1; i < len(order); i++ {
		if keys[order[i]] == keys[order[i-1]] {
			return d.duplicateKey(keys[order[i]], pos[order[i-1]], pos[order[i]])
		}
	}
	return nil
}

func (d *jsonDecoder) duplicateKey(key string, first, second int) error {
	f := newSyntaxError(d.data, first, "")
	return newSyntaxError(d.data, second, fmt.Sprintf("duplicate key %s in object (first at line %d, column %d)", quoteKey(key), f.Line, f.Column))
}

// quoteKey quotes a key for a message, shortened when long.
func quoteKey(key string) string {
	const limit = 80
	if len(key) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(key[cut]) {
			cut--
		}
		return fmt.Sprintf("%q…", key[:cut])
	}
	return fmt.Sprintf("%q", key)
}

// sortPairs sorts keys (unique) with their values.
func sortPairs(keys []string, vals []parity.Value) {
	if len(keys) <= 12 {
		for i := 1; i < len(keys); i++ {
			for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
				keys[j], keys[j-1] = keys[j-1], keys[j]
				vals[j], vals[j-1] = vals[j-1], vals[j]
			}
		}
		return
	}
	sort.Sort(pairs{keys, vals})
}

type pairs struct {
	keys []string
	vals []parity.Value
}

func (p pairs) Len() int           { return len(p.keys) }
func (p pairs) Less(i, j int) bool { return p.keys[i] < p.keys[j] }
func (p pairs) Swap(i, j int) {
	p.keys[i], p.keys[j] = p.keys[j], p.keys[i]
	p.vals[i], p.vals[j] = p.vals[j], p.vals[i]
}

func (d *jsonDecoder) array() (parity.Value, error) {
	if err := d.enter(); err != nil {
		return parity.Value{}, err
	}
	d.pos++ // '['
	base := len(d.valStack)
	d.skipSpace()
	if d.pos < len(d.data) && d.data[d.pos] == ']' {
		d.pos++
		d.depth--
		return parity.List(), nil
	}
	for {
		v, err := d.value()
		if err != nil {
			return parity.Value{}, err
		}
		d.valStack = append(d.valStack, v)
		d.skipSpace()
		if d.pos >= len(d.data) {
			return parity.Value{}, d.unexpectedEnd()
		}
		c := d.data[d.pos]
		d.pos++
		if c == ',' {
			continue
		}
		if c == ']' {
			break
		}
		d.pos--
		return parity.Value{}, d.errorf("invalid character %s after array element", quoteByte(c))
	}
	n := len(d.valStack) - base
	vals := d.allocValues(n)
	copy(vals, d.valStack[base:])
	d.valStack = d.valStack[:base]
	d.depth--
	return parity.List(vals...), nil
}

type shapeKey struct {
	n           int
	first, last string
}

// maxShapes bounds the shape table on inputs whose objects all differ.
const maxShapes = 1 << 16

// internKeys returns a shared copy of keys (sorted, unique).
func (d *jsonDecoder) internKeys(keys []string) []string {
	k := shapeKey{len(keys), keys[0], keys[len(keys)-1]}
	if s, ok := d.shapes[k]; ok && slices.Equal(s, keys) {
		return s
	}
	out := d.allocKeys(len(keys))
	copy(out, keys)
	if d.shapes == nil {
		d.shapes = map[shapeKey][]string{}
	}
	if len(d.shapes) < maxShapes {
		d.shapes[k] = out
	}
	return out
}

func strictlySorted(keys []string) bool {
	for i := 1; i < len(keys); i++ {
		if keys[i] <= keys[i-1] {
			return false
		}
	}
	return true
}

func (d *jsonDecoder) allocKeys(n int) []string {
	if n == 0 {
		return nil
	}
	if n > slabValues/8 || d.transient {
		return make([]string, n)
	}
	if cap(d.keySlab)-len(d.keySlab) < n {
		d.keySlab = make([]string, 0, slabValues)
	}
	l := len(d.keySlab)
	d.keySlab = d.keySlab[:l+n]
	return d.keySlab[l : l+n : l+n]
}

func (d *jsonDecoder) allocValues(n int) []parity.Value {
	if n == 0 {
		return nil
	}
	if n > slabValues/8 || d.transient {
		return make([]parity.Value, n)
	}
	if cap(d.valSlab)-len(d.valSlab) < n {
		d.valSlab = make([]parity.Value, 0, slabValues)
	}
	l := len(d.valSlab)
	d.valSlab = d.valSlab[:l+n]
	return d.valSlab[l : l+n : l+n]
}

// makeString returns b as a string that does not alias the input: interned
// when short (or a key), else copied into the current string chunk.
func (d *jsonDecoder) makeString(b []byte, key bool) string {
	if len(b) == 0 {
		return ""
	}
	if key || len(b) <= internMaxLen {
		h := (uint(len(b))*0x9E3779B1 ^ uint(b[0])<<5 ^ uint(b[len(b)-1])<<11 ^ uint(b[len(b)/2])<<2 ^ uint(b[len(b)*3/4])) & uint(len(d.recent)-1)
		if s := d.recent[h]; s == string(b) {
			return s
		}
		s, ok := d.intern[string(b)]
		if !ok {
			s = d.copyString(b)
			if len(d.intern) < internMaxSize {
				d.intern[s] = s
			}
		}
		d.recent[h] = s
		return s
	}
	return d.copyString(b)
}

// copyString copies b into an append-only chunk. Bytes handed out are never
// written again, which is what makes the unsafe.String view immutable.
func (d *jsonDecoder) copyString(b []byte) string {
	if len(b) > slabStringBytes/4 {
		return string(b)
	}
	if cap(d.strSlab)-len(d.strSlab) < len(b) {
		d.strSlab = make([]byte, 0, slabStringBytes)
	}
	l := len(d.strSlab)
	d.strSlab = append(d.strSlab, b...)
	return unsafe.String(&d.strSlab[l], len(b))
}

// str reads a string starting at the opening quote.
func (d *jsonDecoder) str(key bool) (string, error) {
	d.pos++ // opening quote
	start := d.pos
	// Fast path: plain ASCII without escapes.
	for d.pos < len(d.data) {
		c := d.data[d.pos]
		if c == '"' {
			s := d.makeString(d.data[start:d.pos], key)
			d.pos++
			return s, nil
		}
		if c == '\\' || c < 0x20 || c >= 0x80 {
			break
		}
		d.pos++
	}
	buf := append(d.scratch[:0], d.data[start:d.pos]...)
	for {
		if d.pos >= len(d.data) {
			return "", d.unexpectedEnd()
		}
		c := d.data[d.pos]
		switch {
		case c == '"':
			d.pos++
			d.scratch = buf
			return d.makeString(buf, key), nil
		case c < 0x20:
			return "", d.errorf("invalid character %s in string literal", quoteByte(c))
		case c == '\\':
			var err error
			if buf, err = d.escape(buf); err != nil {
				return "", err
			}
		case c < 0x80:
			buf = append(buf, c)
			d.pos++
		default:
			size, err := d.utf8Sequence()
			if err != nil {
				return "", err
			}
			buf = append(buf, d.data[d.pos:d.pos+size]...)
			d.pos += size
		}
	}
}

// utf8Sequence returns the length of the valid UTF-8 sequence at d.pos, or
// an error naming the byte offset: Terraform writes only valid UTF-8, and
// replacing bad bytes by U+FFFD (as encoding/json does) would make "\xff\xfe"
// and "\xfe\xff" the same string.
func (d *jsonDecoder) utf8Sequence() (int, error) {
	r, size := utf8.DecodeRune(d.data[d.pos:])
	if r == utf8.RuneError && size == 1 {
		return 0, d.errorf("invalid UTF-8 byte 0x%02x in string (byte offset %d); Terraform writes only UTF-8, so the file is damaged or not from Terraform", d.data[d.pos], d.pos)
	}
	return size, nil
}

func (d *jsonDecoder) escape(buf []byte) ([]byte, error) {
	d.pos++ // backslash
	if d.pos >= len(d.data) {
		return nil, d.unexpectedEnd()
	}
	c := d.data[d.pos]
	d.pos++
	switch c {
	case '"', '\\', '/':
		return append(buf, c), nil
	case 'b':
		return append(buf, '\b'), nil
	case 'f':
		return append(buf, '\f'), nil
	case 'n':
		return append(buf, '\n'), nil
	case 'r':
		return append(buf, '\r'), nil
	case 't':
		return append(buf, '\t'), nil
	case 'u':
		r, err := d.hex4()
		if err != nil {
			return nil, err
		}
		if utf16.IsSurrogate(r) {
			// A high surrogate followed by an escaped low one is one rune;
			// anything else is a lone surrogate, replaced as encoding/json does.
			if d.pos+1 < len(d.data) && d.data[d.pos] == '\\' && d.data[d.pos+1] == 'u' {
				save := d.pos
				d.pos += 2
				r2, err := d.hex4()
				if err != nil {
					return nil, err
				}
				if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
					return utf8.AppendRune(buf, dec), nil
				}
				d.pos = save
			}
			r = utf8.RuneError
		}
		return utf8.AppendRune(buf, r), nil
	}
	d.pos--
	return nil, d.errorf("invalid character %s in string escape code", quoteByte(c))
}

func (d *jsonDecoder) hex4() (rune, error) {
	var r rune
	for i := 0; i < 4; i++ {
		if d.pos >= len(d.data) {
			return 0, d.unexpectedEnd()
		}
		c := d.data[d.pos]
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, d.errorf("invalid character %s in \\u hexadecimal character escape", quoteByte(c))
		}
		r = r<<4 | rune(c)
		d.pos++
	}
	return r, nil
}

// number reads and validates a JSON number, keeping its text.
func (d *jsonDecoder) number() (parity.Value, error) {
	start := d.pos
	if err := d.scanNumber(); err != nil {
		return parity.Value{}, err
	}
	return parity.Number(d.makeString(d.data[start:d.pos], false)), nil
}

func (d *jsonDecoder) scanNumber() error {
	digits := func() int {
		n := 0
		for d.pos < len(d.data) && d.data[d.pos] >= '0' && d.data[d.pos] <= '9' {
			d.pos++
			n++
		}
		return n
	}
	if d.data[d.pos] == '-' {
		d.pos++
	}
	if d.pos >= len(d.data) {
		return d.unexpectedEnd()
	}
	switch c := d.data[d.pos]; {
	case c == '0':
		d.pos++
	case c >= '1' && c <= '9':
		digits()
	default:
		return d.errorf("invalid character %s in numeric literal", quoteByte(c))
	}
	if d.pos < len(d.data) && d.data[d.pos] == '.' {
		d.pos++
		if digits() == 0 {
			if d.pos >= len(d.data) {
				return d.unexpectedEnd()
			}
			return d.errorf("invalid character %s after decimal point in numeric literal", quoteByte(d.data[d.pos]))
		}
	}
	if d.pos < len(d.data) && (d.data[d.pos] == 'e' || d.data[d.pos] == 'E') {
		d.pos++
		if d.pos < len(d.data) && (d.data[d.pos] == '+' || d.data[d.pos] == '-') {
			d.pos++
		}
		if digits() == 0 {
			if d.pos >= len(d.data) {
				return d.unexpectedEnd()
			}
			return d.errorf("invalid character %s in exponent of numeric literal", quoteByte(d.data[d.pos]))
		}
	}
	return nil
}

// objectKey reads an object member's key and the colon after it.
func (d *jsonDecoder) objectKey() (string, error) {
	d.skipSpace()
	if d.pos >= len(d.data) {
		return "", d.unexpectedEnd()
	}
	if d.data[d.pos] != '"' {
		return "", d.errorf("invalid character %s looking for beginning of object key string", quoteByte(d.data[d.pos]))
	}
	key, err := d.str(true)
	if err != nil {
		return "", err
	}
	d.skipSpace()
	if d.pos >= len(d.data) {
		return "", d.unexpectedEnd()
	}
	if d.data[d.pos] != ':' {
		return "", d.errorf("invalid character %s after object key", quoteByte(d.data[d.pos]))
	}
	d.pos++
	return key, nil
}

// objectNext reads the separator after an object member: true after ',',
// false after the closing '}'.
func (d *jsonDecoder) objectNext() (bool, error) {
	d.skipSpace()
	if d.pos >= len(d.data) {
		return false, d.unexpectedEnd()
	}
	switch d.data[d.pos] {
	case ',':
		d.pos++
		return true, nil
	case '}':
		d.pos++
		return false, nil
	}
	return false, d.errorf("invalid character %s after object key:value pair", quoteByte(d.data[d.pos]))
}
