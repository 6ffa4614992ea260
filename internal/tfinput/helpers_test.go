package tfinput

import (
	"os"
	"strconv"
	"strings"

	"github.com/envparity/terraform-provider-parity/internal/parity"
)

// render writes v compactly for comparisons in tests: JSON-like, with ?
// for unknown, a ! before sensitive values and <...> around sets.
func render(v parity.Value) string {
	var b strings.Builder
	renderTo(&b, v)
	return b.String()
}

func renderTo(b *strings.Builder, v parity.Value) {
	if v.IsSensitive() {
		b.WriteByte('!')
	}
	switch v.Kind() {
	case parity.KindNull:
		b.WriteString("null")
	case parity.KindUnknown:
		b.WriteByte('?')
	case parity.KindString:
		b.WriteString(strconv.Quote(v.Str()))
	case parity.KindBool, parity.KindNumber:
		b.WriteString(v.Str())
	case parity.KindList, parity.KindSet:
		open, closing := byte('['), byte(']')
		if v.Kind() == parity.KindSet {
			open, closing = '<', '>'
		}
		b.WriteByte(open)
		for i, e := range v.Elems() {
			if i > 0 {
				b.WriteByte(',')
			}
			renderTo(b, e)
		}
		b.WriteByte(closing)
	case parity.KindObject:
		b.WriteByte('{')
		for i, k := range v.Keys() {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Quote(k))
			b.WriteByte(':')
			renderTo(b, v.Index(i))
		}
		b.WriteByte('}')
	}
}

// renderResources lists resources one per line: address mode type values.
func renderResources(rs []parity.Resource) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Address + " " + r.Mode + " " + r.Type + " " + render(r.Values)
	}
	return out
}

func readFile(name string) ([]byte, error) { return os.ReadFile(name) }
