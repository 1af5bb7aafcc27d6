package safetext

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSanitize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"plain ascii", "alice@example.com", "alice@example.com"},
		{"empty", "", ""},
		{"unicode kept", "José 日本語 🔐", "José 日本語 🔐"},
		{"backslash kept", `DOMAIN\bob`, `DOMAIN\bob`},
		{"csi clear screen", "\x1b[2J", `\x1b[2J`},
		{"csi colour", "a\x1b[31mred\x1b[0m", `a\x1b[31mred\x1b[0m`},
		{"osc title with bel", "\x1b]0;pwned\x07", `\x1b]0;pwned\a`},
		{"osc 52 clipboard", "\x1b]52;c;ZXZpbA==\x07", `\x1b]52;c;ZXZpbA==\a`},
		{"osc with st", "\x1b]8;;http://x\x1b\\link", `\x1b]8;;http://x\x1b\link`},
		{"dcs", "\x1bPq#0\x1b\\", `\x1bPq#0\x1b\`},
		{"apc pm sos", "\x1b_a\x1b^b\x1bXc", `\x1b_a\x1b^b\x1bXc`},
		{"c1 csi", "\u009b31m", `\u{9b}31m`},
		{"c1 osc and st", "\u009d0;t\u009c", `\u{9d}0;t\u{9c}`},
		{"newline tab cr", "a\nb\tc\rd", `a\nb\tc\rd`},
		{"other c0", "\x00\x01\b\f\v", `\x00\x01\b\f\v`},
		{"del", "a\x7fb", `a\x7fb`},
		{"rtl override", "user\u202Egpj.exe", `user\u{202e}gpj.exe`},
		{"bidi embeddings and isolates", "\u202A\u202B\u202C\u202D\u2066\u2067\u2068\u2069", `\u{202a}\u{202b}\u{202c}\u{202d}\u{2066}\u{2067}\u{2068}\u{2069}`},
		{"zero width", "ad\u200Bmin\u200D\uFEFF", `ad\u{200b}min\u{200d}\u{feff}`},
		{"line separator", "a\u2028b\u2029", `a\u{2028}b\u{2029}`},
		{"tag characters", "x\U000E0041", `x\u{e0041}`},
		{"invalid utf8", "a\xffb\xc0", `a\xffb\xc0`},
		{"clean prefix kept", "héllo\x1b", `héllo\x1b`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Sanitize(tt.in); got != tt.want {
				t.Errorf("Sanitize(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if got, want := IsSafe(tt.in), tt.in == tt.want; got != want {
				t.Errorf("IsSafe(%q) = %v, want %v", tt.in, got, want)
			}
		})
	}
}

func TestQuote(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"plain", "abc", `"abc"`},
		{"quote and backslash", `a"b\c`, `"a\"b\\c"`},
		{"spoofed escape is told apart", `\x1b` + "\x1b", `"\\x1b\x1b"`},
		{"osc", "\x1b]0;t\x07", `"\x1b]0;t\a"`},
		{"rtl", "\u202e", `"\u{202e}"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Quote(tt.in); got != tt.want {
				t.Errorf("Quote(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSanitizeCleanDoesNotAllocate(t *testing.T) {
	for _, s := range []string{"user=alice@example.com", "日本語のテキスト 🔐", "10.244.3.1"} {
		if n := testing.AllocsPerRun(100, func() { _ = Sanitize(s) }); n != 0 {
			t.Errorf("Sanitize(%q) allocates %v times", s, n)
		}
	}
}

// assertDrawable fails if s could make the terminal do anything but print.
func assertDrawable(t *testing.T, in, s string, allowNewline bool) {
	t.Helper()
	for i, r := range s {
		switch {
		case r == '\n' && allowNewline:
		case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
			t.Fatalf("output for %q has control %U at %d: %q", in, r, i, s)
		case r == 0x2028, r == 0x2029, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200b, r == 0x200e, r == 0x200f, r == 0xfeff:
			t.Fatalf("output for %q has format character %U at %d: %q", in, r, i, s)
		case r == utf8.RuneError:
			if !strings.Contains(in, "\uFFFD") {
				t.Fatalf("output for %q has invalid UTF-8 at %d: %q", in, i, s)
			}
		}
	}
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"", "plain", "\x1b[2J", "\x1b]52;c;ZXZpbA==\x07", "\u009b", "\u202e", "a\xff", "日本\n", `"\`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Sanitize(in)
		assertDrawable(t, in, out, false)
		if !utf8.ValidString(out) {
			t.Fatalf("Sanitize(%q) is not valid UTF-8: %q", in, out)
		}
		if IsSafe(in) != (out == in) {
			t.Fatalf("IsSafe(%q) = %v but Sanitize changed it to %q", in, IsSafe(in), out)
		}
		if Sanitize(out) != out {
			t.Fatalf("Sanitize is not idempotent on %q", in)
		}
		q := Quote(in)
		assertDrawable(t, in, q, false)
	})
}
