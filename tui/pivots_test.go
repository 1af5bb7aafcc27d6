package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/emulator"
	"github.com/auditlog/auditlog/tui/common"
	"github.com/auditlog/auditlog/tui/facets"
	"github.com/auditlog/auditlog/tui/internal/viewtest"
	"github.com/auditlog/auditlog/tui/loader"
)

// demoNow is the clock of the emulator-backed tests: demo data is made
// relative to it, so the rows are the same on every run.
var demoNow = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

// demoOptions runs the real emulator on demo data, as `auditlog --demo`
// does, with a fixed clock, and returns the explorer's options on it.
func demoOptions(t *testing.T, size int) Options {
	t.Helper()
	srv, err := emulator.Start(context.Background(), emulator.Options{Demo: true, DemoSize: size, Now: func() time.Time { return demoNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	c, err := client.New(srv.URL(), client.WithToken(srv.Token()), client.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	opts := testOptions(c)
	opts.Namespace, opts.Traverse, opts.Tier = srv.Namespace(), true, client.TierBoth
	opts.Now = func() time.Time { return demoNow }
	return opts
}

// TestPivotTwiceAndBack: two pivots from the selected row, each pushing
// the view; Backspace returns to each exactly (filter, tier, cursor,
// scroll, rows), without asking the server for the rows again.
func TestPivotTwiceAndBack(t *testing.T) {
	t.Parallel()
	h := newHarness(t, demoOptions(t, 600), 160, 40) // wide: the detail pane shows
	h.untilSettled()
	h.key("j", "j", "j")
	start, _ := h.m.table.Selected()
	startRows, startTotal := h.m.table.Len(), h.m.count

	// First pivot: the selected row's actor.
	h.key("i")
	if v := h.m.View(); !strings.Contains(v, "filter by this") || !strings.Contains(v, "1  actor "+start.Actor()) {
		t.Fatalf("pivot menu:\n%s", v)
	}
	h.key("1")
	h.untilSettled()
	if !strings.Contains(h.m.q.Filter, "spec.claims matches") || h.m.back.Len() != 1 {
		t.Fatalf("after the actor pivot: filter %q, depth %d", h.m.q.Filter, h.m.back.Len())
	}
	for i := range h.m.table.Len() {
		h.m.table.SetCursor(i)
		if e, _ := h.m.table.Selected(); e.Actor() != start.Actor() {
			t.Fatalf("row %d is by %q, not %q", i, e.Actor(), start.Actor())
		}
	}
	h.m.table.SetCursor(1)
	h.m.syncDetail()
	actorFilter, actorCursor := h.m.q.Filter, h.m.table.Cursor()
	if v := h.m.View(); !strings.Contains(v, "BACK 1 (⌫)") {
		t.Fatalf("no breadcrumb:\n%s", v)
	}

	// Second pivot: the operation of the row under the cursor.
	second, _ := h.m.table.Selected()
	h.key("i", "5")
	h.untilSettled()
	if h.m.q.Filter != "spec.operation == '"+string(second.Spec.Operation)+"'" || h.m.back.Len() != 2 {
		t.Fatalf("after the operation pivot: filter %q, depth %d", h.m.q.Filter, h.m.back.Len())
	}
	if v := h.m.View(); !strings.Contains(v, "BACK 2 (⌫)") {
		t.Fatalf("no breadcrumb at depth 2:\n%s", v)
	}

	// Back, twice: each view as it was.
	h.key("backspace")
	if h.m.q.Filter != actorFilter || h.m.table.Cursor() != actorCursor || h.m.back.Len() != 1 {
		t.Fatalf("first back: filter %q cursor %d depth %d", h.m.q.Filter, h.m.table.Cursor(), h.m.back.Len())
	}
	if e, _ := h.m.detail.Entry(); e.UUID != second.UUID {
		t.Fatal("the detail pane does not show the restored row")
	}
	h.key("backspace")
	got, _ := h.m.table.Selected()
	if h.m.q.Filter != "" || h.m.q.Tier != client.TierBoth || h.m.table.Cursor() != 3 || got.UUID != start.UUID || h.m.table.Len() != startRows {
		t.Fatalf("second back: filter %q tier %v cursor %d rows %d", h.m.q.Filter, h.m.q.Tier, h.m.table.Cursor(), h.m.table.Len())
	}
	h.untilCount() // the count of the restored query
	if n, ok := h.m.count.Total(); !ok || n != must(startTotal.Total()) {
		t.Fatalf("restored total %d, %v", n, ok)
	}
	if v := h.m.View(); strings.Contains(v, "BACK") {
		t.Fatalf("breadcrumb left at depth 0:\n%s", v)
	}
	h.key("backspace") // nothing left: says so, changes nothing
	if h.m.table.Cursor() != 3 {
		t.Fatal("a backspace with nothing to return to moved the view")
	}
}

func must(n int64, _ bool) int64 { return n }

// TestPivotToHistory: the history pivot opens the object's history; esc
// returns to the view it left.
func TestPivotToHistory(t *testing.T) {
	t.Parallel()
	h := newHarness(t, demoOptions(t, 300), 120, 40)
	h.untilSettled()
	e, _ := h.m.table.Selected()
	h.key("i")
	n := len(h.m.pivots.Pivots())
	h.key(string(rune('0' + n))) // the last item: this object's history
	h.until("history", func(msg tea.Msg) bool { _, ok := msg.(loader.HistoryMsg); return ok })
	if h.m.hist == nil || h.m.hist.UUID() != e.Spec.MessageUUID {
		t.Fatalf("history of %q not open", e.Spec.MessageUUID)
	}
	h.key("esc")
	if h.m.hist != nil || h.m.q.Filter != "" || h.m.back.Len() != 0 {
		t.Fatalf("esc: history %v, filter %q, depth %d", h.m.hist != nil, h.m.q.Filter, h.m.back.Len())
	}
}

// TestProgramPivotTwiceAndBack is the same trail in the running program
// on the emulator, as a user drives it.
func TestProgramPivotTwiceAndBack(t *testing.T) {
	t.Parallel()
	opts := demoOptions(t, 600)
	n, _, err := opts.Client.Count(context.Background(), client.ListOptions{Namespace: opts.Namespace, Tier: opts.Tier, ListParameters: api.ListParameters{Traverse: true}})
	if err != nil {
		t.Fatal(err)
	}
	all := "row 1 of " + common.Thousands(n)
	tm := startProgram(t, opts, 120, 40)
	waitOutput(t, tm, all)
	tm.Send(viewtest.Key("i"))
	waitOutput(t, tm, "filter by this", "namespace acme")
	tm.Send(viewtest.Key("1")) // actor
	waitOutput(t, tm, "filter spec.claims matches", "BACK 1 (⌫)")
	tm.Send(viewtest.Key("i"))
	tm.Send(viewtest.Key("4")) // kind
	waitOutput(t, tm, "filter spec.message_kind ==", "BACK 2 (⌫)")
	tm.Send(viewtest.Key("backspace"))
	waitOutput(t, tm, "BACK 1 (⌫)")
	tm.Send(viewtest.Key("backspace"))
	waitOutput(t, tm, "(no filter", all)
	final := quit(t, tm)
	if final.q.Filter != "" || final.back.Len() != 0 {
		t.Fatalf("final filter %q, depth %d", final.q.Filter, final.back.Len())
	}
}

// TestFacetsPivot: v opens the facets of the query in force; choosing a
// value pivots to it (the total its count), Backspace returns.
func TestFacetsPivot(t *testing.T) {
	t.Parallel()
	h := newHarness(t, demoOptions(t, 600), 120, 40)
	h.untilSettled()
	h.key("v")
	h.until("the facets", func(msg tea.Msg) bool { _, ok := msg.(facets.Msg); return ok })
	if v := h.m.View(); !strings.Contains(v, "facets of the query") || !strings.Contains(v, "address block") {
		t.Fatalf("facets panel:\n%s", v)
	}
	h.key("right", "right", "enter") // the top kind
	want := h.m.facets.Facets()[2].Values[0]
	h.untilSettled()
	if h.m.overlay != overlayNone || h.m.q.Filter != want.Filter || h.m.back.Len() != 1 {
		t.Fatalf("after choosing %s: overlay %v, filter %q, depth %d", want.Label, h.m.overlay, h.m.q.Filter, h.m.back.Len())
	}
	if n, _ := h.m.count.Total(); n != want.Count {
		t.Fatalf("the pivot holds %d, the facet said %d", n, want.Count)
	}
	h.key("backspace")
	if h.m.q.Filter != "" || h.m.back.Len() != 0 {
		t.Fatal("backspace did not return")
	}
}
