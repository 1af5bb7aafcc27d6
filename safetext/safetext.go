// Package safetext makes strings from the server safe to show on a
// terminal. Audit logs carry attacker-controlled text, so every string that
// came from the server goes through Sanitize (or Quote) before it is
// printed, in the explorer and in the command line's human output alike:
// one definition of "safe", one set of escapes.
//
// The package imports nothing of this module.
package safetext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sanitize makes a string from the server safe to draw on one line of a
// terminal. Audit logs carry attacker-controlled text (claims, addresses,
// payloads, error messages), so nothing in it may reach the terminal as a
// control: C0 controls (newline and tab included, since a cell is one line),
// DEL, C1 controls (U+0080–U+009F, among them the 8-bit CSI U+009B),
// ESC — and with it every CSI/OSC/DCS/APC/PM/SOS sequence, whose
// remaining bytes are printable and are shown as text — bidi overrides and
// isolates (U+202A–U+202E, U+2066–U+2069), the other format characters
// (zero-width spaces and joiners, BOM, tag characters: Unicode category Cf),
// line and paragraph separators, and bytes that are not UTF-8 are replaced
// by visible escapes:
//
//	\n \r \t \a \b \f \v   the usual C escapes
//	\x1b \x7f \xff         other C0 bytes, DEL and bytes that are not UTF-8
//	\u{9b} \u{202e}        C1 controls and format/separator characters
//
// So "\x1b]0;pwned\x07" is drawn as the literal text `\x1b]0;pwned\a`.
// Printable Unicode, wide characters and emoji are kept. A backslash in the
// input is kept as it is (DOMAIN\user stays readable); use Quote where the
// escapes must be unambiguous. A string that needs nothing is returned as
// it is, without allocating.
func Sanitize(s string) string {
	i := firstUnsafe(s, false)
	if i < 0 {
		return s
	}
	return escape(s, i, false)
}

// Quote returns s in double quotes with the escapes of Sanitize, and with
// `"` and `\` escaped as well, so that the result reads like a JSON string
// and an escape in the output cannot be confused with text that looked
// like one. The detail pane draws decoded JSON strings with it.
func Quote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	if i := firstUnsafe(s, true); i < 0 {
		b.WriteString(s)
	} else {
		b.WriteString(escape(s, i, true))
	}
	b.WriteByte('"')
	return b.String()
}

// IsSafe reports whether Sanitize would return s unchanged.
func IsSafe(s string) bool { return firstUnsafe(s, false) < 0 }

// firstUnsafe returns the byte offset of the first character that must be
// escaped, or -1. ASCII is checked byte by byte; only non-ASCII text pays
// for UTF-8 decoding.
func firstUnsafe(s string, quote bool) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f || quote && (c == '"' || c == '\\') {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unsafeRune(r, size) {
			return i
		}
		i += size
	}
	return -1
}

// unsafeRune reports whether a non-ASCII rune (of encoded size size) must be
// escaped.
func unsafeRune(r rune, size int) bool {
	switch {
	case r == utf8.RuneError && size == 1: // not UTF-8
		return true
	case r >= 0x80 && r <= 0x9f: // C1 controls
		return true
	case r == 0x2028 || r == 0x2029: // line and paragraph separators
		return true
	case unicode.Is(unicode.Cf, r): // bidi controls, zero-width, BOM, tags, soft hyphen
		return true
	}
	return false
}

const hexDigits = "0123456789abcdef"

// escape builds the escaped form of s; s[:start] is known to be clean.
func escape(s string, start int, quote bool) string {
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:start])
	for i := start; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case quote && (c == '"' || c == '\\'):
				b.WriteByte('\\')
				b.WriteByte(c)
			case c >= 0x20 && c != 0x7f:
				b.WriteByte(c)
			default:
				writeControl(&b, c)
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x`)
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&0xf])
		case unsafeRune(r, size):
			b.WriteString(`\u{`)
			writeHex(&b, uint32(r))
			b.WriteByte('}')
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func writeControl(b *strings.Builder, c byte) {
	switch c {
	case '\n':
		b.WriteString(`\n`)
	case '\r':
		b.WriteString(`\r`)
	case '\t':
		b.WriteString(`\t`)
	case '\a':
		b.WriteString(`\a`)
	case '\b':
		b.WriteString(`\b`)
	case '\f':
		b.WriteString(`\f`)
	case '\v':
		b.WriteString(`\v`)
	default:
		b.WriteString(`\x`)
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&0xf])
	}
}

func writeHex(b *strings.Builder, v uint32) {
	started := false
	for shift := 28; shift >= 0; shift -= 4 {
		d := (v >> uint(shift)) & 0xf
		if d == 0 && !started && shift > 0 {
			continue
		}
		started = true
		b.WriteByte(hexDigits[d])
	}
}
