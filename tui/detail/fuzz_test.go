package detail

import (
	"encoding/json"
	"testing"

	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/tui/internal/viewtest"
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
			m := wrapped(New(viewtest.Common(30, 50)), wrap)
			m.Focus()
			m.SetEntry(e)
			m.SetChanges([]client.Change{{Op: string(data), Path: string(data), Old: data, New: data}})
			viewtest.AssertNoControls(t, m.View(), false)
			m = press(m, "O", "end", "space", "o")
			viewtest.AssertNoControls(t, m.View(), false)
		}
	})
}
