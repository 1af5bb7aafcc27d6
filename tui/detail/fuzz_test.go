package detail

import (
	"encoding/json"
	"testing"
)

// FuzzView feeds arbitrary bytes as an entry's Raw JSON (and as a change):
// whatever the server sends, the pane draws text only, never a control.
func FuzzView(f *testing.F) {
	for _, s := range []string{testRaw, `{"a":"\u001b[2J"}`, "{\"a\":\"\x1b]0;t\x07\"}", `[1,[2,[3]]]`, `"\u202e"`, `{`, "\x9b", `{"k":{}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		e := testEntry()
		e.Raw = json.RawMessage(data)
		for _, wrap := range []bool{true, false} {
			m := New(WithStyles(plainStyles()), WithWidth(30), WithHeight(50), WithWrap(wrap))
			m.Focus()
			m.SetEntry(e)
			m.SetChanges([]Change{{Op: string(data), Path: string(data), Old: data, New: data}})
			assertNoControls(t, m.View(), false)
			m = press(m, "O", "end", "space", "o")
			assertNoControls(t, m.View(), false)
		}
	})
}
