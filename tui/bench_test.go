package tui

import (
	"context"
	"fmt"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/client"
)

// BenchmarkKeyAndView measures what one key press costs the explorer with
// n rows loaded: Update routing the key to the table (and the detail pane
// following the cursor), then View drawing the whole screen, as Bubble Tea
// does after every message.
func BenchmarkKeyAndView(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		b.Run(fmt.Sprintf("%drows", n), func(b *testing.B) {
			c, err := client.New("http://127.0.0.1:9", client.WithToken("t"))
			if err != nil {
				b.Fatal(err)
			}
			m, err := newModel(context.Background(), testOptions(c), plainRenderer())
			if err != nil {
				b.Fatal(err)
			}
			es := make([]client.Entry, 0, n)
			for _, e := range entries(n, "active") {
				es = append(es, client.Entry{AuditLog: e})
			}
			m.table.SetEntries(es)
			m.state = stateReady
			nm, _ := m.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
			m = nm.(Model)
			down, up := keyMsg("j"), keyMsg("k")
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				k := down
				if i%2 == 1 {
					k = up
				}
				nm, _ := m.Update(k)
				m = nm.(Model)
				_ = m.View()
			}
		})
	}
}
