package histogram

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/emulator"
	"github.com/auditlog/auditlog/filters"
	"github.com/auditlog/auditlog/tui/internal/viewtest"
)

var now = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

func start(t *testing.T, size int) (*client.Client, string) {
	t.Helper()
	srv, err := emulator.Start(context.Background(), emulator.Options{Demo: true, DemoSize: size, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	c, err := client.New(srv.URL(), client.WithToken(srv.Token()))
	if err != nil {
		t.Fatal(err)
	}
	return c, srv.Namespace()
}

func TestChoose(t *testing.T) {
	t.Parallel()
	tests := []struct {
		span time.Duration
		bars int
		want string
	}{
		{30 * time.Second, 50, "1s"},
		{time.Hour, 50, "5m"},
		{24 * time.Hour, 50, "30m"},
		{24 * time.Hour, 90, "30m"},
		{30 * 24 * time.Hour, 50, "1d"},
		{30 * 24 * time.Hour, 20, "3d"[:0] + "1w"},
		{3 * 365 * 24 * time.Hour, 50, "1mo"},
		{30 * 365 * 24 * time.Hour, 50, "1y"},
	}
	for _, tt := range tests {
		if got := choose(now.Add(-tt.span), now, tt.bars).label; got != tt.want {
			t.Errorf("span %v in %d bars: %s, want %s", tt.span, tt.bars, got, tt.want)
		}
	}
}

func TestBucketAlignment(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 27, 13, 47, 31, 0, time.UTC) // a Friday
	tests := []struct {
		b     bucket
		start string
		next  string
	}{
		{buckets[4], "2026-11-27T13:45:00Z", "2026-11-27T13:50:00Z"},  // 5m
		{buckets[8], "2026-11-27T12:00:00Z", "2026-11-27T15:00:00Z"},  // 3h
		{buckets[11], "2026-11-27T00:00:00Z", "2026-11-28T00:00:00Z"}, // 1d
		{buckets[12], "2026-11-22T00:00:00Z", "2026-11-29T00:00:00Z"}, // 1w from Sunday
		{buckets[13], "2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z"}, // 1mo
		{buckets[14], "2026-10-01T00:00:00Z", "2027-01-01T00:00:00Z"}, // 3mo
		{buckets[15], "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z"}, // 1y
	}
	for _, tt := range tests {
		s := tt.b.start(at)
		if s.Format(time.RFC3339) != tt.start || tt.b.next(s).Format(time.RFC3339) != tt.next {
			t.Errorf("%s: %s → %s, want %s → %s", tt.b.label, s.Format(time.RFC3339), tt.b.next(s).Format(time.RFC3339), tt.start, tt.next)
		}
	}
}

func TestBoundsAndNarrow(t *testing.T) {
	t.Parallel()
	x, _ := filters.Parse("meta.create_time >= now(-24h) and spec.operation == OPERATION_DELETE and meta.create_time < date(2026-11-27T06:00:00Z)")
	from, to := Bounds(x, now)
	if !from.Equal(now.Add(-24*time.Hour)) || to.Format(time.RFC3339) != "2026-11-27T06:00:00Z" {
		t.Errorf("Bounds: %v %v", from, to)
	}
	if f, t2 := Bounds(nil, now); !f.IsZero() || !t2.IsZero() {
		t.Error("an empty filter has bounds")
	}
	got, err := Narrow("meta.create_time >= now(-24h) and spec.operation == OPERATION_DELETE", now.Add(-time.Hour), now)
	want := "spec.operation == OPERATION_DELETE and meta.create_time >= date(2026-11-27T11:00:00Z) and meta.create_time < date(2026-11-27T12:00:00Z)"
	if err != nil || got != want {
		t.Errorf("Narrow = %s, %v\nwant     %s", got, err, want)
	}
}

// TestChartsTheQuery: on the emulator, the bars add up to the count of
// the query; the mark follows the selected time; narrowing to the marked
// bucket selects exactly that bar's entries.
func TestChartsTheQuery(t *testing.T) {
	t.Parallel()
	c, ns := start(t, 600)
	ctx := context.Background()
	for _, filter := range []string{"", "spec.operation == OPERATION_UPDATE", "meta.create_time >= now(-7d)"} {
		t.Run(filter, func(t *testing.T) {
			t.Parallel()
			opts := client.ListOptions{Namespace: ns, Tier: client.TierBoth, ListParameters: api.ListParameters{Filter: filter, Traverse: true}}
			m := New(viewtest.Common(120, 2), c)
			cmd := m.SetQuery(ctx, opts, now)
			if !m.Loading() {
				t.Fatal("not loading")
			}
			m, _ = m.Update(cmd())
			label, starts, counts := m.Bucket()
			var sum int64
			for _, n := range counts {
				sum += n
			}
			total, _, err := c.Count(ctx, opts)
			if err != nil {
				t.Fatal(err)
			}
			if sum != total || len(starts) == 0 || len(starts) > m.bars() {
				t.Fatalf("%s bars: %d bars holding %d, want %d entries in at most %d bars", label, len(starts), sum, total, m.bars())
			}
			// Mark the fullest bar through a time inside it.
			best := 0
			for i, n := range counts {
				if n > counts[best] {
					best = i
				}
			}
			m.SetSelected(starts[best].Add(time.Second))
			if m.Mark() != best {
				t.Fatalf("mark %d, want %d", m.Mark(), best)
			}
			m, _ = m.Update(viewtest.Key(">"))
			m, _ = m.Update(viewtest.Key("<"))
			m.SetSelected(starts[best].Add(time.Second)) // the same time: the mark stays
			if m.Mark() != best {
				t.Fatalf("after > <: mark %d", m.Mark())
			}
			_, narrow := m.Update(viewtest.Key("+"))
			msg, ok := narrow().(NarrowMsg)
			if !ok {
				t.Fatal("+ did not narrow")
			}
			nopts := opts
			nopts.Filter = msg.Filter
			n, _, err := c.Count(ctx, nopts)
			if err != nil || n != counts[best] {
				t.Fatalf("narrowed to %s (%s): %d entries, %v; the bar holds %d", msg.Filter, msg.Label, n, err, counts[best])
			}
			if _, w := m.Update(viewtest.Key("-")); w == nil || w() != (WidenMsg{}) {
				t.Fatal("- did not widen")
			}
		})
	}
}

func TestGoldenViews(t *testing.T) {
	t.Parallel()
	c, ns := start(t, 4000)
	for _, w := range []int{80, 120} {
		t.Run(fmt.Sprintf("%dx2", w), func(t *testing.T) {
			t.Parallel()
			m := New(viewtest.Common(w, 2), c)
			opts := client.ListOptions{Namespace: ns, Tier: client.TierBoth, ListParameters: api.ListParameters{Filter: "meta.create_time >= now(-30d)", Traverse: true}}
			m, _ = m.Update(m.SetQuery(context.Background(), opts, now)())
			m.SetSelected(now.Add(-10 * 24 * time.Hour))
			v := m.View()
			viewtest.CheckFrame(t, v, w, 2)
			viewtest.Golden(t, v)
		})
	}
	m := New(viewtest.Common(80, 2), nil)
	m.loading = true
	viewtest.CheckFrame(t, m.View(), 80, 2)
}
