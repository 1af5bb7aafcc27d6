package common

import "testing"

func TestTruncate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		in    string
		width int
		want  string
	}{
		{"fits", "hello", 5, "hello"},
		{"cut", "hello world", 8, "hello w…"},
		{"width one", "hello", 1, "…"},
		{"width zero", "hello", 0, ""},
		{"wide cjk", "日本語テキスト", 7, "日本語…"},
		{"wide does not straddle", "日本語", 4, "日…"},
		{"emoji", "🔐🔐🔐", 5, "🔐🔐…"},
		{"combining", "e\u0301e\u0301e\u0301", 2, "e\u0301…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Truncate(tt.in, tt.width)
			if got != tt.want {
				t.Errorf("Truncate(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
			}
			if w := Width(got); w > tt.width {
				t.Errorf("Truncate(%q, %d) is %d wide", tt.in, tt.width, w)
			}
		})
	}
}

func TestFit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in    string
		width int
		want  string
	}{
		{"ab", 4, "ab  "},
		{"abcdef", 4, "abc…"},
		{"日本", 5, "日本 "},
		{"日本語", 5, "日本…"},
		{"x", 0, ""},
	}
	for _, tt := range tests {
		if got := Fit(tt.in, tt.width); got != tt.want || Width(got) != max(tt.width, 0) {
			t.Errorf("Fit(%q, %d) = %q (width %d), want %q", tt.in, tt.width, got, Width(got), tt.want)
		}
	}
}

func TestCut(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in         string
		width      int
		head, tail string
	}{
		{"abcdef", 4, "abcd", "ef"},
		{"abc", 4, "abc", ""},
		{"日本語", 3, "日", "本語"},
		{"ab日本", 3, "ab", "日本"},
		{"abc", 0, "", "abc"},
	}
	for _, tt := range tests {
		head, tail := Cut(tt.in, tt.width)
		if head != tt.head || tail != tt.tail {
			t.Errorf("Cut(%q, %d) = %q, %q; want %q, %q", tt.in, tt.width, head, tail, tt.head, tt.tail)
		}
	}
}
