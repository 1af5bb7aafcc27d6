package count

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/emulator"
	"github.com/auditlog/auditlog/tui/internal/viewtest"
)

// start runs the real emulator on demo data with a fixed clock and seed.
func start(t *testing.T) (*client.Client, string) {
	t.Helper()
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	srv, err := emulator.Start(context.Background(), emulator.Options{Demo: true, DemoSize: 400, Now: func() time.Time { return now }})
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

func TestCountsTheQuery(t *testing.T) {
	t.Parallel()
	c, ns := start(t)
	ctx := context.Background()
	all := client.ListOptions{Namespace: ns, Tier: client.TierBoth, ListParameters: api.ListParameters{Traverse: true}}
	deletes := all
	deletes.Filter = "spec.operation == OPERATION_DELETE"

	want := func(opts client.ListOptions) int64 {
		n, _, err := c.Count(ctx, opts)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	m := New(viewtest.Common(0, 0), c)
	if _, ok := m.Total(); ok {
		t.Fatal("a new Model knows a total")
	}
	first := m.SetQuery(ctx, all)
	if !m.Loading() {
		t.Fatal("not loading after SetQuery")
	}
	// The query changes before the first answer is in: the first count is
	// cancelled, and its answer, should it come, is dropped.
	second := m.SetQuery(ctx, deletes)
	msg := first()
	if r := msg.(Msg); !errors.Is(r.err, context.Canceled) {
		t.Errorf("the first count was not cancelled: %v", r.err)
	}
	m, _ = m.Update(msg)
	if _, ok := m.Total(); ok || !m.Loading() {
		t.Fatal("the first query's answer was taken")
	}
	m, _ = m.Update(second())
	got, ok := m.Total()
	if !ok || got != want(deletes) || got == want(all) || got == 0 {
		t.Fatalf("Total = %d, %v; want %d (all: %d)", got, ok, want(deletes), want(all))
	}

	// A refused filter: no total, the error kept.
	bad := all
	bad.Filter = "spec.operation =="
	m, _ = m.Update(m.SetQuery(ctx, bad)())
	if _, ok := m.Total(); ok || m.Err() == nil || m.Loading() {
		t.Fatalf("a refused count: ok %v, err %v", ok, m.Err())
	}
	// A total known without asking.
	m.SetTotal(7)
	if n, ok := m.Total(); !ok || n != 7 {
		t.Fatalf("SetTotal: %d, %v", n, ok)
	}
}
