package tui

import (
	"strings"
	"testing"
)

// TestStatusShowsServerTotal: the status bar says the count API's total
// for the query in force; a new query asks again with its own filter.
func TestStatusShowsServerTotal(t *testing.T) {
	t.Parallel()
	f := &fakeAPI{active: entries(30, "active"), extra: 1215}
	h := newHarness(t, testOptions(newTestClient(t, f)), 120, 40)
	h.untilSettled()
	if v := h.m.View(); !strings.Contains(v, "row 1 of 1,245 · 30 loaded · page 1/1") {
		t.Fatalf("no server total in the status bar:\n%s", v)
	}
	h.update(filterbarApplied("spec.operation == OPERATION_DELETE"))
	h.untilSettled()
	f.mu.Lock()
	counts := append([]string(nil), f.counts...)
	f.mu.Unlock()
	if len(counts) != 2 || counts[1] != "spec.operation == OPERATION_DELETE" {
		t.Fatalf("count requests %q", counts)
	}
}
