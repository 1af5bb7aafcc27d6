package client

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Sanitize makes a string from the server safe to print on a terminal.
// Audit logs carry attacker-controlled text (claims, payloads, addresses),
// so every byte that a terminal would act on is shown escaped instead:
// C0 controls and DEL (\x1b, \a, \n, \t …), C1 controls (U+0080–U+009F,
// which some terminals read as CSI/OSC/DCS introducers), bidirectional
// overrides and isolates (which reorder what is shown, "Trojan Source"),
// line and paragraph separators, and bytes that are not UTF-8. An escape
// sequence thus prints as its text, e.g. ESC [31m as \x1b[31m, and the
// rest of the string is unchanged. Backslashes are not doubled, so the
// output is for reading, not for parsing back.
func Sanitize(s string) string {
	i := 0
	for i < len(s) {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || unsafeRune(r) {
			break
		}
		i += n
	}
	if i == len(s) {
		return s // the common case: nothing to escape, no allocation
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unsafeRune(r):
			writeEscaped(&b, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func writeEscaped(b *strings.Builder, r rune) {
	switch r {
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
		if r < 0x100 {
			fmt.Fprintf(b, `\x%02x`, r)
		} else {
			fmt.Fprintf(b, `\u%04x`, r)
		}
	}
}

// unsafeRune reports whether a terminal could act on r rather than show it.
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f:
		return true
	case r >= 0x80 && r <= 0x9f: // C1 controls: CSI, OSC, DCS, ST…
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f: // bidi marks
		return true
	case r >= 0x202a && r <= 0x202e: // bidi embeddings and overrides
		return true
	case r >= 0x2066 && r <= 0x2069: // bidi isolates
		return true
	case r == 0x2028, r == 0x2029: // line and paragraph separators
		return true
	case r == 0xfeff: // zero-width no-break space (BOM)
		return true
	}
	return false
}
