package detail

import (
	"fmt"
	"testing"
)

func TestLayoutLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		segs  []seg
		width int
		wrap  bool
		want  string
	}{
		{"fits", []seg{{"abc", pNone}}, 10, true, `["abc"]`},
		{"breaks at a space", []seg{{"abc def ghi jkl mno", pNone}}, 10, true, `["abc def " "  ghi jkl " "  mno"]`},
		{"no space: cut anywhere", []seg{{"abcdefghijklmnop", pNone}}, 10, true, `["abcdefghij" "  klmnop"]`},
		{"segments keep their paint", []seg{{`"key": `, pKey}, {`"value that is long"`, pString}}, 12, true, `["\"key\": " "  \"value " "  that is " "  long\""]`},
		{"wide characters do not straddle", []seg{{"日本語日本語", pNone}}, 5, true, `["日本" "  語" "  日" "  本" "  語"]`},
		{"cut with an ellipsis", []seg{{"abc def ghi jkl mno", pNone}}, 10, false, `["abc def g…"]`},
		{"cut at a segment edge", []seg{{"abcdefghij", pKey}, {"klm", pNone}}, 10, false, `["abcdefghi…"]`},
		{"empty line", nil, 10, true, `[""]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var rows []string
			for _, r := range layoutLine(lline{segs: tt.segs}, tt.width, tt.wrap) {
				s := ""
				for _, sg := range r {
					s += sg.text
				}
				rows = append(rows, s)
			}
			if got := fmt.Sprintf("%q", rows); got != tt.want {
				t.Errorf("rows %s, want %s", got, tt.want)
			}
		})
	}
}
