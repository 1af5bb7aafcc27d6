package statusbar

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/spinner"

	"github.com/auditlog/auditlog/tui/common"
	"github.com/auditlog/auditlog/tui/internal/viewtest"
)

func TestFlashClearsItself(t *testing.T) {
	t.Parallel()
	m := New(viewtest.Common(80, 2))
	m.SetWidth(80)
	cmd := m.Flash(Error, "boom", time.Millisecond)
	if !strings.Contains(m.View(), "error: boom") {
		t.Fatalf("flash not shown:\n%s", m.View())
	}
	// A newer flash is not cleared by the older one's tick.
	cmd2 := m.Flash(Warn, "careful", time.Millisecond)
	m, _ = m.Update(cmd())
	if lvl, text := m.Flashed(); lvl != Warn || text != "careful" {
		t.Fatalf("older tick cleared the newer flash: %v %q", lvl, text)
	}
	m, _ = m.Update(cmd2())
	if _, text := m.Flashed(); text != "" {
		t.Fatalf("flash not cleared: %q", text)
	}
}

func TestBusyShowsSpinnerAndElapsed(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	c := viewtest.Common(80, 2)
	c.Now = func() time.Time { return now }
	m := New(c)
	m.SetWidth(80)
	if cmd := m.Start("loading"); cmd == nil {
		t.Fatal("Start returned no tick")
	}
	now = now.Add(1500 * time.Millisecond)
	if v := m.View(); !strings.Contains(v, "loading 1.5s") {
		t.Fatalf("elapsed not shown:\n%s", v)
	}
	m.Stop()
	if _, cmd := m.Update(spinner.TickMsg{ID: 0}); cmd != nil {
		t.Fatal("the spinner keeps ticking after Stop")
	}
	if strings.Contains(m.View(), "loading") {
		t.Fatalf("still busy:\n%s", m.View())
	}
}

func TestCounts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		c    Counts
		want string
	}{
		{"none", Counts{}, "no rows"},
		{"more", Counts{Loaded: 200, More: true, Cursor: 150, Page: 2, Pages: 2}, "row 151 of 200 · page 2/2+ · more on server"},
		{"all", Counts{Loaded: 42, Cursor: 0, Page: 1, Pages: 1}, "row 1 of 42 · page 1/1 · all loaded"},
		{"total from the server", Counts{Loaded: 100, More: true, Cursor: 2, Page: 1, Pages: 1, Total: 1245, TotalKnown: true}, "row 3 of 1,245 · 100 loaded · page 1/1+"},
		{"total equals what is loaded", Counts{Loaded: 42, Cursor: 0, Page: 1, Pages: 1, Total: 42, TotalKnown: true}, "row 1 of 42 · page 1/1 · all loaded"},
		{"total while counting", Counts{Loaded: 1500, More: true, Cursor: 1199, Page: 12, Pages: 15}, "row 1,200 of 1,500 · page 12/15+ · more on server"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := New(viewtest.Common(80, 2))
			m.SetWidth(100)
			m.SetCounts(tc.c)
			if first := strings.Split(m.View(), "\n")[0]; !strings.HasSuffix(first, tc.want) {
				t.Fatalf("status line %q, want it to end with %q", first, tc.want)
			}
		})
	}
}

func TestFitKeepsWidth(t *testing.T) {
	t.Parallel()
	m := New(viewtest.Common(80, 2))
	m.SetWidth(40)
	m.SetCounts(Counts{Loaded: 100000, More: true, Cursor: 99999, Page: 1000, Pages: 1000})
	m.Flash(Error, strings.Repeat("very long error ", 20), time.Second)
	first := strings.Split(m.View(), "\n")[0]
	if w := len([]rune(first)); w > 40 {
		t.Fatalf("status line is %d wide, want ≤ 40: %q", w, first)
	}
}

// TestLongMessagesWrap: a message too long for the status line wraps at
// word boundaries onto lines of its own (at most three), Height counts
// them, and no line is wider than the bar.
func TestLongMessagesWrap(t *testing.T) {
	t.Parallel()
	long := "the archive holds 3 years: narrow it with spec.message_kind and meta.create_time, or the query may time out on the server"
	tests := []struct {
		name      string
		width     int
		text      string
		wantLines int
	}{
		{"short fits beside the counts", 80, "copied the filter", 2},
		{"long wraps", 80, long, 4},
		{"very long stops at three lines", 40, strings.Repeat(long+" ", 4), 5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := New(viewtest.Common(tc.width, 2))
			m.SetCounts(Counts{Loaded: 50, More: true, Cursor: 0, Page: 1, Pages: 1})
			m.SetHints("? help")
			m.Flash(Warn, tc.text, time.Second)
			v := m.View()
			lines := strings.Split(v, "\n")
			if len(lines) != tc.wantLines || m.Height() != tc.wantLines {
				t.Fatalf("%d lines, Height %d, want %d:\n%s", len(lines), m.Height(), tc.wantLines, v)
			}
			for _, l := range lines {
				if w := common.Width(l); w > tc.width {
					t.Fatalf("line of %d cells: %q", w, l)
				}
			}
			if tc.wantLines == 4 && !strings.Contains(strings.Join(lines, " "), "time out on the server") {
				t.Fatalf("the message is cut:\n%s", v)
			}
			if !strings.Contains(lines[0], "row 1 of 50") {
				t.Fatalf("the counts left the status line:\n%s", v)
			}
		})
	}
}

// TestErrorsStayUntilDismissed: an error flashed without a duration has
// no clearing tick and stays until Dismiss; Dismiss leaves other levels.
func TestErrorsStayUntilDismissed(t *testing.T) {
	t.Parallel()
	m := New(viewtest.Common(80, 2))
	if cmd := m.Flash(Error, "server: 400", 0); cmd != nil {
		t.Fatal("an error that stays scheduled its clearing")
	}
	m.Dismiss()
	if _, text := m.Flashed(); text != "" {
		t.Fatalf("Dismiss left %q", text)
	}
	m.Flash(Info, "copied", time.Second)
	m.Dismiss()
	if _, text := m.Flashed(); text != "copied" {
		t.Fatal("Dismiss cleared an info message")
	}
}
