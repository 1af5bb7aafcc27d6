package tui

import (
	"encoding/json"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/tui/menu"
)

// TestCopyEntry: the copy menu copies the selected entry's JSON (the
// server's bytes, indented), its uuid, and the value under the detail
// pane's cursor.
func TestCopyEntry(t *testing.T) {
	t.Parallel()
	f := &fakeAPI{active: entries(5, "active")}
	opts := testOptions(newTestClient(t, f))
	got := make(chan string, 1)
	opts.Copy = func(s string) (string, error) { got <- s; return "test", nil }
	h := newHarness(t, opts, 160, 40)
	h.untilPage()
	h.key("j")
	e, _ := h.m.table.Selected()
	copyChoice := func(choice string) string {
		t.Helper()
		h.key("y", choice)
		h.until("the choice", func(msg tea.Msg) bool { _, ok := msg.(menu.CopyMsg); return ok })
		text := <-got
		h.until("copied", func(msg tea.Msg) bool { _, ok := msg.(copiedMsg); return ok })
		return text
	}
	js := copyChoice("5")
	var back map[string]any
	if err := json.Unmarshal([]byte(js), &back); err != nil || back["uuid"] != e.UUID || !strings.Contains(js, "\n  \"meta\": {") {
		t.Fatalf("copied JSON %v:\n%s", err, js)
	}
	if u := copyChoice("6"); u != e.UUID {
		t.Fatalf("copied uuid %q, want %q", u, e.UUID)
	}
	// The detail cursor on the Where line of the summary: the address.
	h.key("tab", "down", "down", "down")
	if v, _ := h.m.detail.Value(); v != e.Spec.RemoteAddress {
		t.Fatalf("the cursor is on %q", v)
	}
	h.key("tab") // the choice is offered with the table focused too
	if v := copyChoice("7"); v != e.Spec.RemoteAddress {
		t.Fatalf("copied %q, want the address %q", v, e.Spec.RemoteAddress)
	}
}
