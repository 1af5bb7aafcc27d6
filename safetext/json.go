package safetext

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// JSON returns raw JSON with every character a terminal would act on
// written as a \u escape: DEL, C1 controls, bidi and other format
// characters, line separators, and bytes that are not UTF-8 (as \ufffd).
// The result is the same JSON value, harmless to print on a terminal;
// C0 controls need nothing, since valid JSON always escapes them. Outside
// strings JSON is ASCII, so every rewritten character is inside a string.
// Clean input is returned as it is, without allocating.
func JSON(raw []byte) []byte {
	i := firstUnsafeJSON(raw)
	if i < 0 {
		return raw
	}
	out := make([]byte, 0, len(raw)+32)
	out = append(out, raw[:i]...)
	for i < len(raw) {
		c := raw[i]
		if c < utf8.RuneSelf && c != 0x7f {
			out = append(out, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(raw[i:])
		switch {
		case c == 0x7f || n == 1 || unsafeRune(r, n):
			if r1, r2 := utf16.EncodeRune(r); r1 != utf8.RuneError {
				out = appendU(appendU(out, r1), r2) // outside the BMP: a surrogate pair
			} else {
				out = appendU(out, r)
			}
		default:
			out = append(out, raw[i:i+n]...)
		}
		i += n
	}
	return out
}

// firstUnsafeJSON returns the offset of the first byte JSON rewrites, or -1.
func firstUnsafeJSON(raw []byte) int {
	for i := 0; i < len(raw); {
		c := raw[i]
		if c < utf8.RuneSelf {
			if c == 0x7f {
				return i
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(raw[i:])
		if unsafeRune(r, n) {
			return i
		}
		i += n
	}
	return -1
}

func appendU(b []byte, r rune) []byte {
	return append(b, '\\', 'u', hexDigits[r>>12&0xf], hexDigits[r>>8&0xf], hexDigits[r>>4&0xf], hexDigits[r&0xf])
}

// Lines is Sanitize applied to each line of s: the newlines are kept (a
// message may span lines, such as a filter error with its caret), and
// everything else a terminal would act on is escaped.
func Lines(s string) string {
	if IsSafe(s) {
		return s
	}
	parts := strings.Split(s, "\n")
	for i, p := range parts {
		parts[i] = Sanitize(p)
	}
	return strings.Join(parts, "\n")
}
