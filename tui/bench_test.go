package tui

import (
	"context"
	"fmt"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/tui/internal/viewtest"
)

// BenchmarkKeyAndView measures what one key press costs the explorer with
// n rows loaded: Update routing the key to the table (and the detail pane
// following the cursor), then View drawing the whole screen, as Bubble Tea
// does after every message. At 160 columns the detail pane is beside the
// table and follows the cursor; at 120 it is hidden until opened.
func BenchmarkKeyAndView(b *testing.B) {
	for _, size := range [][2]int{{160, 48}, {120, 40}} {
		for _, n := range []int{1_000, 100_000} {
			b.Run(fmt.Sprintf("%dx%d/%drows", size[0], size[1], n), func(b *testing.B) {
				benchKeyAndView(b, n, size[0], size[1])
			})
		}
	}
}

func benchKeyAndView(b *testing.B, n, width, height int) {
	c, err := client.New("http://127.0.0.1:9", client.WithToken("t"))
	if err != nil {
		b.Fatal(err)
	}
	m, err := newModel(context.Background(), testOptions(c), viewtest.PlainRenderer())
	if err != nil {
		b.Fatal(err)
	}
	es := make([]client.Entry, 0, n)
	for _, e := range entries(n, "active") {
		es = append(es, client.Entry{AuditLog: e})
	}
	m.table.SetEntries(es)
	m.state = stateReady
	nm, _ := m.Update(tea.WindowSizeMsg{Width: width, Height: height})
	m = nm.(Model)
	down, up := viewtest.Key("j"), viewtest.Key("k")
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
}
