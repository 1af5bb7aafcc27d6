package detail

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/auditlog/auditlog/tui/internal/viewtest"
)

// BenchmarkSetEntryView is what the pane costs per key press in the table:
// the root shows the newly selected entry, then draws a frame.
//
//	go test -run '^$' -bench . -benchmem ./tui/detail/
func BenchmarkSetEntryView(b *testing.B) {
	a := testEntry()
	c := testEntry()
	c.UUID = "6742ffffffffffffffffffff"
	c.Raw = json.RawMessage(strings.Replace(testRaw, "6742a0c1d2e3f4a5b6c7d8e9", c.UUID, 1))
	m := New(viewtest.ColourCommon(100, 40, ""))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if i%2 == 0 {
			m.SetEntry(a)
		} else {
			m.SetEntry(c)
		}
		_ = m.View()
	}
}

// BenchmarkScrollView is one line of scrolling in the pane and the frame.
func BenchmarkScrollView(b *testing.B) {
	m := New(viewtest.ColourCommon(100, 20, ""))
	m.Focus()
	m.SetEntry(testEntry())
	b.ReportAllocs()
	for b.Loop() {
		if m.Cursor() == m.Lines()-1 {
			m.SetCursor(0)
		}
		m, _ = m.Update(viewtest.Key("down"))
		_ = m.View()
	}
}
