package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/tui/histogram"
	"github.com/auditlog/auditlog/tui/internal/viewtest"
)

// TestNarrowHistogram: + narrows the query to the selected row's bucket
// (every row inside it, the total that bar's count) and - widens back to
// the exact view.
func TestNarrowHistogram(t *testing.T) {
	t.Parallel()
	h := newHarness(t, demoOptions(t, 600), 120, 40)
	h.untilSettled()
	h.key("j", "j")
	sel, _ := h.m.table.Selected()
	label, starts, counts := h.m.chart.Bucket()
	mark := h.m.chart.Mark()
	if mark < 0 || counts[mark] == 0 || sel.Meta.CreateTime.Before(starts[mark]) {
		t.Fatalf("the selected row (%s) is not in the marked %s bar %d", sel.Meta.CreateTime, label, mark)
	}
	if v := h.m.View(); !strings.Contains(v, label+" bars · max") || !strings.Contains(v, "▲") {
		t.Fatalf("no histogram:\n%s", v)
	}
	h.key("-") // nothing narrowed yet
	h.until("widen", func(msg tea.Msg) bool { _, ok := msg.(histogram.WidenMsg); return ok })
	if h.m.back.Len() != 0 {
		t.Fatal("- widened from nowhere")
	}
	h.key("+")
	h.untilSettled()
	if !strings.Contains(h.m.q.Filter, "meta.create_time >= date(") || h.m.back.Len() != 1 {
		t.Fatalf("+ did not narrow: filter %q", h.m.q.Filter)
	}
	if n, ok := h.m.count.Total(); !ok || n != counts[mark] {
		t.Fatalf("the narrowed query holds %d, the bar %d", n, counts[mark])
	}
	end := starts[mark].Add(1 << 62) // far; checked against the next bar below
	if mark+1 < len(starts) {
		end = starts[mark+1]
	}
	for i := range h.m.table.Len() {
		h.m.table.SetCursor(i)
		e, _ := h.m.table.Selected()
		if e.Meta.CreateTime.Before(starts[mark]) || !e.Meta.CreateTime.Before(end) {
			t.Fatalf("row %d at %s is outside the bucket", i, e.Meta.CreateTime)
		}
	}
	h.key("-")
	h.until("widen", func(msg tea.Msg) bool { _, ok := msg.(histogram.WidenMsg); return ok })
	if h.m.q.Filter != "" || h.m.table.Cursor() != 2 || h.m.back.Len() != 0 {
		t.Fatalf("- did not widen back: filter %q cursor %d", h.m.q.Filter, h.m.table.Cursor())
	}
}

// TestProgramNarrowHistogram drives the same in the running program.
func TestProgramNarrowHistogram(t *testing.T) {
	t.Parallel()
	tm := startProgram(t, demoOptions(t, 600), 120, 40)
	waitOutput(t, tm, "bars · max", "▲")
	tm.Send(viewtest.Key("+"))
	waitOutput(t, tm, "filter meta.create_time >= date(", "BACK 1 (⌫)")
	tm.Send(viewtest.Key("-"))
	waitOutput(t, tm, "(no filter")
	final := quit(t, tm)
	if final.q.Filter != "" || final.back.Len() != 0 {
		t.Fatalf("final filter %q, depth %d", final.q.Filter, final.back.Len())
	}
}
