package facets

import (
	"context"
	"fmt"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/emulator"
	"github.com/auditlog/auditlog/tui/internal/viewtest"
)

var now = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

func start(t *testing.T) (*client.Client, client.ListOptions) {
	t.Helper()
	srv, err := emulator.Start(context.Background(), emulator.Options{Demo: true, DemoSize: 800, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	c, err := client.New(srv.URL(), client.WithToken(srv.Token()))
	if err != nil {
		t.Fatal(err)
	}
	return c, client.ListOptions{Namespace: srv.Namespace(), Tier: client.TierBoth, ListParameters: api.ListParameters{Traverse: true}}
}

func load(t *testing.T, m Model, opts client.ListOptions) Model {
	t.Helper()
	cmd := m.SetQuery(context.Background(), opts)
	if !m.Loading() {
		t.Fatal("not loading")
	}
	m, _ = m.Update(cmd())
	return m
}

// TestFacetsCountTheQuery: on the emulator, each facet's values add up to
// the query's total (every entry has one operation, kind, namespace,
// actor and address), and each value's filter selects exactly its count.
func TestFacetsCountTheQuery(t *testing.T) {
	t.Parallel()
	c, opts := start(t)
	ctx := context.Background()
	total, _, err := c.Count(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	m := load(t, New(viewtest.Common(120, 40), c), opts)
	if len(m.Facets()) != 5 {
		t.Fatalf("%d facets", len(m.Facets()))
	}
	for _, f := range m.Facets() {
		if f.Err != nil || len(f.Values) == 0 {
			t.Fatalf("facet %s: %v, %d values", f.Name, f.Err, len(f.Values))
		}
		var sum int64
		for _, v := range f.Values {
			sum += v.Count
		}
		if len(f.Values) < 20 && sum != total {
			t.Errorf("facet %s adds up to %d, the query holds %d", f.Name, sum, total)
		}
		for _, v := range f.Values[:min(len(f.Values), 2)] {
			o := opts
			o.Filter = v.Filter
			n, _, err := c.Count(ctx, o)
			if err != nil || n != v.Count {
				t.Errorf("%s %s: %s selects %d (%v), the facet says %d", f.Name, v.Label, v.Filter, n, err, v.Count)
			}
		}
	}
}

func TestChooseAndKeys(t *testing.T) {
	t.Parallel()
	c, opts := start(t)
	m := load(t, New(viewtest.Common(80, 24), c), opts)
	press := func(keys ...string) tea.Msg {
		var msg tea.Msg
		for _, k := range keys {
			var cmd tea.Cmd
			m, cmd = m.Update(viewtest.Key(k))
			if cmd != nil {
				msg = cmd()
			}
		}
		return msg
	}
	got := press("right", "down", "enter") // operation, second value
	want := m.Facets()[1].Values[1]
	if cm, ok := got.(ChosenMsg); !ok || cm.Filter != want.Filter || cm.Label != "operation "+want.Label {
		t.Fatalf("chose %#v, want operation %s", got, want.Label)
	}
	press("left", "left") // wraps to the last facet
	if v, _ := m.Selected(); v != m.Facets()[4].Values[min(1, len(m.Facets()[4].Values)-1)] {
		t.Fatalf("left twice selects %+v", v)
	}
	if _, ok := press("esc").(ClosedMsg); !ok {
		t.Fatal("esc does not close")
	}
	// A stale answer is dropped.
	stale := m.SetQuery(context.Background(), opts)
	m.SetQuery(context.Background(), opts)
	m, _ = m.Update(stale())
	if !m.Loading() {
		t.Fatal("an older query's facets were taken")
	}
}

func TestGoldenViews(t *testing.T) {
	t.Parallel()
	c, opts := start(t)
	opts.Filter = "meta.create_time >= now(-30d)"
	for _, sz := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		t.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(t *testing.T) {
			t.Parallel()
			m := New(viewtest.Common(sz.w, sz.h), c)
			m, _ = m.Update(m.SetQuery(context.Background(), opts)())
			m, _ = m.Update(viewtest.Key("down"))
			v := m.View()
			viewtest.CheckFrame(t, v, sz.w, sz.h)
			viewtest.Golden(t, v)
		})
	}
}
