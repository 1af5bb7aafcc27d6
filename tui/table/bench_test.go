package table

import (
	"encoding/json"
	"runtime"
	"testing"
	"unsafe"

	btable "github.com/charmbracelet/bubbles/table"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/tui/internal/viewtest"
)

// The benchmarks draw a 120×31 table (header and 30 rows), the size of a
// full-screen explorer, and compare it with bubbles/table on the same rows.
//
//	go test -run '^$' -bench . -benchmem -benchtime 2000x ./tui/table/
const (
	benchWidth  = 120
	benchHeight = 31
)

var benchSizes = []struct {
	name string
	n    int
}{{"1k", 1_000}, {"100k", 100_000}, {"1M", 1_000_000}}

// benchPage is 1,000 realistic entries sharing one Raw slice. Larger
// tables append this page again and again: the table keeps pointers to
// entries, so a million rows cost a million row structs, not a million
// decoded entries, and the inputs are built in milliseconds.
func benchPage() []client.Entry {
	es := testEntries(1000)
	raw, _ := json.Marshal(es[0].AuditLog)
	for i := range es {
		es[i].Raw = raw
	}
	return es
}

func benchTable(n int) Model {
	page := benchPage()
	m := focused(New(viewtest.ColourCommon(benchWidth, benchHeight, "dracula")))
	for left := n; left > 0; left -= len(page) {
		m.AppendEntries(page[:min(left, len(page))])
	}
	m.SetCursor(n / 2)
	m.View()
	return m
}

var down = tea.KeyMsg{Type: tea.KeyDown}

// BenchmarkKeyDownView is one key press (down) and the frame after it.
func BenchmarkKeyDownView(b *testing.B) {
	for _, size := range benchSizes {
		b.Run("ours/rows="+size.name, func(b *testing.B) {
			m := benchTable(size.n)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if m.Cursor() == m.Len()-1 {
					m.SetCursor(0)
				}
				m, _ = m.Update(down)
				_ = m.View()
			}
		})
	}
	for _, size := range benchSizes {
		b.Run("bubbles/rows="+size.name, func(b *testing.B) {
			if size.n >= 1_000_000 && testing.Short() {
				b.Skip("bubbles/table at 1M rows is slow; run without -short")
			}
			m := bubblesTable(size.n)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if m.Cursor() == len(m.Rows())-1 {
					m.GotoTop()
				}
				m, _ = m.Update(down)
				_ = m.View()
			}
		})
	}
}

// bubblesTable is the same rows in bubbles/table, the same columns as our
// table shows at this width.
func bubblesTable(n int) btable.Model {
	page := benchPage()
	rows := make([]btable.Row, len(page))
	for i := range page {
		e := &page[i]
		rows[i] = btable.Row{
			e.Meta.CreateTime.Format(timeLayout), e.Spec.Operation.Short(), api.ShortKind(e.Spec.MessageKind),
			e.Spec.MessageUUID, Actor(e.Spec.Claims), e.Spec.RemoteAddress,
		}
	}
	all := make([]btable.Row, n)
	for i := range all {
		all[i] = rows[i%len(rows)]
	}
	cols := []btable.Column{
		{Title: "TIME (UTC)", Width: 19}, {Title: "OP", Width: 11}, {Title: "KIND", Width: 10},
		{Title: "OBJECT", Width: 24}, {Title: "ACTOR", Width: 32}, {Title: "REMOTE ADDR", Width: 16},
	}
	m := btable.New(btable.WithColumns(cols), btable.WithRows(all), btable.WithHeight(benchHeight-1),
		btable.WithWidth(benchWidth), btable.WithFocused(true))
	m.SetCursor(n / 2)
	m.View()
	return m
}

// BenchmarkAppendMemory reports the heap the table adds per row appended
// (table-B/row), and per row including decoding the entry from its JSON as
// the client does (total-B/row: the decoded api.AuditLog, its Raw bytes
// and the row).
func BenchmarkAppendMemory(b *testing.B) {
	const n = 100_000
	src := testEntries(1000)
	raws := make([][]byte, len(src))
	for i := range src {
		raws[i], _ = json.Marshal(src[i].AuditLog)
	}
	for b.Loop() {
		entries := make([]client.Entry, n)
		runtime.GC()
		var before, mid, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for i := range entries {
			raw := append([]byte(nil), raws[i%len(raws)]...)
			if err := json.Unmarshal(raw, &entries[i].AuditLog); err != nil {
				b.Fatal(err)
			}
			entries[i].Raw = raw
		}
		runtime.GC()
		runtime.ReadMemStats(&mid)
		m := New(viewtest.ColourCommon(benchWidth, benchHeight, "dracula"))
		for off := 0; off < n; off += 100 { // pages of 100, the API's default
			m.AppendEntries(entries[off : off+100])
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-mid.HeapAlloc)/n, "table-B/row")
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc+uint64(n)*entrySize())/n, "total-B/row")
		runtime.KeepAlive(m)
		runtime.KeepAlive(entries)
	}
}

// entrySize is the size of a client.Entry struct, which the entries slice
// (allocated before the measurement starts) holds by value.
func entrySize() uint64 { return uint64(unsafe.Sizeof(client.Entry{})) }
