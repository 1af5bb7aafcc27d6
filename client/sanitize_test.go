package client

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSanitize(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"plain", "jane@example.com", "jane@example.com"},
		{"unicode stays", "Jürgen 東京 🙂", "Jürgen 東京 🙂"},
		{"CSI colour", "\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
		{"CSI clear screen", "\x1b[2J\x1b[H", `\x1b[2J\x1b[H`},
		{"OSC title with BEL", "\x1b]0;pwned\a", `\x1b]0;pwned\a`},
		{"OSC 52 clipboard with ST", "\x1b]52;c;ZXZpbA==\x1b\\", `\x1b]52;c;ZXZpbA==\x1b\`},
		{"OSC 8 hyperlink", "\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\", `\x1b]8;;http://evil\x1b\click\x1b]8;;\x1b\`},
		{"DCS", "\x1bP+q544e\x1b\\", `\x1bP+q544e\x1b\`},
		{"C1 CSI", "\u009b31m", `\x9b31m`},
		{"C1 OSC and ST", "\u009d0;t\u009c", `\x9d0;t\x9c`},
		{"BEL", "ding\a", `ding\a`},
		{"newline and tab", "a\nb\tc\r", `a\nb\tc\r`},
		{"NUL and DEL", "a\x00b\x7f", `a\x00b\x7f`},
		{"RTL override", "invoice\u202egnp.exe", `invoice\u202egnp.exe`},
		{"bidi isolate", "a\u2066b\u2069", `a\u2066b\u2069`},
		{"LRM", "a\u200eb", `a\u200eb`},
		{"line separator", "a\u2028b", `a\u2028b`},
		{"invalid UTF-8", "a\xffb\xc3", `a\xffb\xc3`},
		{"backspace trick", "safe\b\b\b\bevil", `safe\b\b\b\bevil`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Sanitize(tt.in)
			if got != tt.want {
				t.Errorf("Sanitize(%q) = %q, want %q", tt.in, got, tt.want)
			}
			for _, r := range got {
				if unsafeRune(r) {
					t.Errorf("output holds %U", r)
				}
			}
			if !utf8.ValidString(got) {
				t.Errorf("output is not UTF-8: %q", got)
			}
		})
	}
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"\x1b[31m", "\u202e", "\xff", "plain"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Sanitize(s)
		if !utf8.ValidString(got) || strings.ContainsAny(got, "\x1b\x07\n\r\u009b\u202e") {
			t.Fatalf("Sanitize(%q) = %q", s, got)
		}
	})
}

func BenchmarkSanitizeClean(b *testing.B) {
	s := "user=jane.doe@example.com@google"
	b.ReportAllocs()
	for b.Loop() {
		Sanitize(s)
	}
}
