package loader

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
	srv, err := emulator.Start(context.Background(), emulator.Options{Demo: true, DemoSize: 2000, Now: func() time.Time { return now }})
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

func TestPagesOneAtATimeAndDropsStaleAnswers(t *testing.T) {
	t.Parallel()
	c, ns := start(t)
	m := New(viewtest.Common(0, 0), context.Background(), c)
	opts := client.ListOptions{Namespace: ns, Tier: client.TierActive, ListParameters: api.ListParameters{PageSize: 10, Traverse: true, Sort: api.Sort{Path: "meta.create_time", Order: api.SortOrderDesc}}}

	first := m.List(opts)
	if !m.Busy() || m.More() != nil {
		t.Fatal("a second request started while the first is in flight")
	}
	msg := first()
	if !m.Take(msg) || m.Busy() || !m.HasMore() || m.Pages() != 1 {
		t.Fatalf("first page: busy %v, more %v, pages %d", m.Busy(), m.HasMore(), m.Pages())
	}
	if p := msg.(PageMsg); !p.Reset || len(p.Page.Entries) != 10 {
		t.Fatalf("first page: reset %v, %d rows", p.Reset, len(p.Page.Entries))
	}
	more := m.More()
	if more == nil {
		t.Fatal("no next page")
	}
	if next := more().(PageMsg); !m.Take(next) || next.Reset || m.Pages() != 2 {
		t.Fatalf("second page: reset %v, pages %d", next.Reset, m.Pages())
	}

	// A new query cancels the page in flight; its answer is not Current.
	stale := m.More()
	deletes := opts
	deletes.Filter = "spec.operation == OPERATION_DELETE"
	fresh := m.List(deletes)
	late := stale()
	if p := late.(PageMsg); !errors.Is(p.Err, context.Canceled) {
		t.Errorf("the old page was not cancelled: %v", p.Err)
	}
	if m.Take(late) || !m.Busy() {
		t.Fatal("a stale answer was taken")
	}
	if !m.Take(fresh()) || m.Pages() != 1 {
		t.Fatalf("the new query's first page: pages %d", m.Pages())
	}
}

func TestHistoryHasNoNextPage(t *testing.T) {
	t.Parallel()
	c, ns := start(t)
	m := New(viewtest.Common(0, 0), context.Background(), c)
	opts := client.ListOptions{Namespace: ns, Tier: client.TierBoth, ListParameters: api.ListParameters{PageSize: 20, Traverse: true, Sort: api.Sort{Path: "meta.create_time", Order: api.SortOrderDesc}}}
	page := m.List(opts)().(PageMsg)
	m.Take(page)
	uuid := page.Page.Entries[0].Spec.MessageUUID
	stale := m.More()
	h := m.History(ns, uuid)
	if m.Take(stale()) {
		t.Fatal("the page the history replaced was taken")
	}
	msg := h().(HistoryMsg)
	if !m.Take(msg) || msg.Err != nil || len(msg.Versions) == 0 || msg.UUID != uuid {
		t.Fatalf("history: err %v, %d versions", msg.Err, len(msg.Versions))
	}
	if m.HasMore() || m.More() != nil || m.Pages() != 1 {
		t.Fatal("a history has a next page")
	}
	// A failed page keeps the cursor, so that More retries.
	m.Take(m.List(opts)())
	bad := m.More()
	m.Stop()
	if r := bad().(PageMsg); r.Err == nil || !m.Take(r) || !m.HasMore() {
		t.Fatalf("after a failed page: err %v, more %v", r.Err, m.HasMore())
	}
}
