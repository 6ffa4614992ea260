package parity

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// EscapeText returns s with every control and invisible formatting
// character replaced by a Go escape (\n, \t, \x1b, \u202e) and every byte
// that is not UTF-8 by \ufffd, so that text from an input (a value, a key,
// an address, a file name) can neither start a line of its own that fakes
// an "Error:", nor drive a terminal (ANSI and OSC escapes), nor reorder
// what is shown (bidirectional controls U+202A–U+202E, U+2066–U+2069).
//
// Reports and provider diagnostics print every piece of input through it.
// A string that needs no escape is returned as it is.
func EscapeText(s string) string {
	clean := true
	for _, r := range s {
		if IsControlRune(r) {
			clean = false
			break
		}
	}
	if clean && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			b.WriteString(`\ufffd`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x100 && IsControlRune(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case IsControlRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// IsControlRune reports the characters EscapeText escapes: control and
// format characters (C0, DEL, C1, bidirectional controls, zero-width
// characters), line and paragraph separators and noncharacters (which XML
// 1.0 forbids).
func IsControlRune(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029' ||
		r&0xFFFE == 0xFFFE || (r >= 0xFDD0 && r <= 0xFDEF)
}
