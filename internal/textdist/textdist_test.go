package textdist

import "testing"

func TestDistance(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"abc", "", 3},
		{"operation", "operation", 0},
		{"operation", "opration", 1},   // deletion
		{"operation", "operxation", 1}, // insertion
		{"operation", "oparation", 1},  // substitution
		{"operation", "oepration", 1},  // transposition of neighbours
		{"kitten", "sitting", 3},       // the classic
		{"日本語", "日本", 1},               // by rune, not byte
		{"accent", "acecnt", 1},        // transposition inside
		{"opCreate", "op-create", 2},   // case and a hyphen
		{"ca", "abc", 3},               // OSA, not Damerau: no edit of a transposed pair
	}
	for _, tc := range tests {
		if got := Distance(tc.a, tc.b); got != tc.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
		if got := Distance(tc.b, tc.a); got != tc.want {
			t.Errorf("Distance(%q, %q) = %d, want %d (not symmetric)", tc.b, tc.a, got, tc.want)
		}
	}
}
