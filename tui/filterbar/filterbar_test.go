package filterbar

import (
	"reflect"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/filters"
	"github.com/auditlog/auditlog/tui/common"
	"github.com/auditlog/auditlog/tui/internal/viewtest"
)

// run feeds keys and returns the model and the messages its commands made
// (blink commands of the cursor are skipped: they only tick).
func run(t *testing.T, m Model, keys ...string) (Model, []tea.Msg) {
	t.Helper()
	var msgs []tea.Msg
	for _, k := range keys {
		var cmd tea.Cmd
		m, cmd = m.Update(viewtest.Key(k))
		if cmd == nil {
			continue
		}
		switch msg := cmd().(type) {
		case AppliedMsg, CancelledMsg:
			msgs = append(msgs, msg)
		}
	}
	return m, msgs
}

func TestApply(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		typed     string
		wantMsg   tea.Msg
		wantErr   string // substring of the error shown
		wantCaret int    // column of the caret in the third line, -1 for none
	}{
		{name: "valid", typed: "spec.operation == OPERATION_DELETE", wantMsg: AppliedMsg{Filter: "spec.operation == OPERATION_DELETE"}, wantCaret: -1},
		{name: "canonical form is sent", typed: "meta.create_time>=now(-7d)", wantMsg: AppliedMsg{Filter: "meta.create_time >= now(-168h)"}, wantCaret: -1},
		{name: "misspelt field", typed: "spec.operaton == OPERATION_DELETE", wantErr: "did you mean 'spec.operation'", wantCaret: 0},
		{name: "near-miss enum", typed: "spec.operation == OPERATION_CRATE", wantErr: "did you mean 'OPERATION_CREATE'", wantCaret: 0},
		{name: "bad regex", typed: "spec.claims matches 'a(b'", wantErr: "(1:", wantCaret: 0},
		{name: "wide characters before the error", typed: "meta.name == '漢字' and spec.operaton == OPERATION_DELETE", wantErr: "did you mean", wantCaret: 0},
		{name: "empty clears", typed: "   ", wantMsg: AppliedMsg{Filter: ""}, wantCaret: -1},
		{name: "missing value", typed: "meta.create_time >=", wantErr: "(1:", wantCaret: 0},
		{name: "bad operator", typed: "spec.x === 1", wantErr: "(1:", wantCaret: 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := New(viewtest.Common(80, 24))
			m.SetWidth(100)
			m.SetFilter("spec.operation == OPERATION_CREATE")
			m.Focus("")
			m.input.SetValue(tc.typed)
			m, msgs := run(t, m, "enter")
			if tc.wantMsg != nil {
				if len(msgs) != 1 || !reflect.DeepEqual(msgs[0], tc.wantMsg) {
					t.Fatalf("messages = %#v, want %#v", msgs, tc.wantMsg)
				}
				if m.Editing() || m.Err() != "" {
					t.Fatalf("input still open (editing=%v err=%q)", m.Editing(), m.Err())
				}
				return
			}
			if len(msgs) != 0 {
				t.Fatalf("a bad filter was applied: %#v", msgs)
			}
			if !m.Editing() || !strings.Contains(m.Err(), tc.wantErr) {
				t.Fatalf("editing=%v err=%q, want the input open with %q", m.Editing(), m.Err(), tc.wantErr)
			}
			if m.Filter() != "spec.operation == OPERATION_CREATE" {
				t.Fatalf("the filter in force changed to %q", m.Filter())
			}
			lines := strings.Split(m.View(), "\n")
			if len(lines) != m.Height() || m.Height() != 4 {
				t.Fatalf("view has %d lines, Height %d:\n%s", len(lines), m.Height(), m.View())
			}
			// The caret sits under the offending column of the input.
			col := strings.Index(lines[2], "^")
			if col < 0 {
				t.Fatalf("no caret:\n%s", m.View())
			}
			// The caret's cell is the error's: the text before it, in
			// cells (a CJK character takes two), follows the prompt.
			prompt := len(m.input.Prompt)
			before := common.Width(string([]rune(tc.typed)[:m.errCol-1]))
			if col != prompt+before {
				t.Fatalf("caret in cell %d, want %d (error at column %d):\n%s", col, prompt+before, m.errCol, m.View())
			}
		})
	}
}

func TestCancelKeepsFilter(t *testing.T) {
	t.Parallel()
	m := New(viewtest.Common(80, 24))
	m.SetWidth(80)
	m.SetFilter("a == 1")
	m.Focus("")
	m, msgs := run(t, m, "x", "esc")
	if len(msgs) != 1 || msgs[0] != (CancelledMsg{}) || m.Editing() || m.Filter() != "a == 1" {
		t.Fatalf("msgs=%v editing=%v filter=%q", msgs, m.Editing(), m.Filter())
	}
}

func TestRecall(t *testing.T) {
	t.Parallel()
	m := New(viewtest.Common(80, 24))
	m.SetWidth(80)
	m.SetRecent([]string{"newest == 1", "older == 2"})
	m.Focus("draft")
	steps := []struct {
		key  string
		want string
	}{
		{"up", "newest == 1"},
		{"up", "older == 2"},
		{"up", "older == 2"}, // stays at the oldest
		{"down", "newest == 1"},
		{"down", "draft"}, // back to what was typed
		{"down", "draft"},
	}
	for i, s := range steps {
		m, _ = run(t, m, s.key)
		if got := m.input.Value(); got != s.want {
			t.Fatalf("step %d (%s): input = %q, want %q", i, s.key, got, s.want)
		}
	}
	m.input.SetValue("older == 2")
	m, _ = run(t, m, "enter")
	if got := m.Recent(); strings.Join(got, "|") != "older == 2|newest == 1" {
		t.Fatalf("recent after applying = %q", got)
	}
}

func TestRecentIsBounded(t *testing.T) {
	t.Parallel()
	m := New(viewtest.Common(80, 24))
	for i := range 3 * maxRecent {
		m.Remember(strings.Repeat("x", i+1))
	}
	if len(m.Recent()) != maxRecent {
		t.Fatalf("recent holds %d, want %d", len(m.Recent()), maxRecent)
	}
}

func TestViewSanitizes(t *testing.T) {
	t.Parallel()
	m := New(viewtest.Common(80, 24))
	m.SetWidth(120)
	m.SetFilter("spec.claims matches '\x1b]52;c;AAAA\x07'")
	m.SetContext(Context{Namespace: "evil\x1b[2J", Tier: "both", Sort: "newest first", Zone: "UTC"})
	if v := m.View(); strings.Contains(v, "\x1b") {
		t.Fatalf("escape reached the view: %q", v)
	}
}

// TestErrorWraps: a long error (a did-you-mean) wraps at word boundaries
// to the width instead of being cut, and Height counts its lines.
func TestErrorWraps(t *testing.T) {
	t.Parallel()
	m := New(viewtest.Common(40, 24))
	m.Focus("")
	m.input.SetValue("spec.operaton == OPERATION_DELETE")
	m, _ = run(t, m, "enter")
	v := m.View()
	lines := strings.Split(v, "\n")
	if len(lines) != m.Height() || m.Height() < 5 {
		t.Fatalf("%d lines, Height %d:\n%s", len(lines), m.Height(), v)
	}
	for _, l := range lines {
		if common.Width(l) > 40 {
			t.Fatalf("line wider than 40: %q", l)
		}
	}
	if got := strings.Join(lines[3:], " "); !strings.Contains(got, "did you mean 'spec.operation'?") {
		t.Fatalf("the message is cut:\n%s", v)
	}
}

func TestArchiveWarningsAndUnchecked(t *testing.T) {
	t.Parallel()
	m := New(viewtest.Common(80, 24))
	m.SetCheck(filters.PrepareOptions{Archive: true, Unchecked: true})
	m.Focus("")
	m.input.SetValue("meta.create_time >= now(-24h) and spec.operaton == OPERATION_DELETE")
	_, msgs := run(t, m, "enter")
	if len(msgs) != 1 {
		t.Fatalf("unchecked: %#v", msgs)
	}
	a := msgs[0].(AppliedMsg)
	joined := strings.Join(a.Warnings, "\n")
	if !strings.Contains(joined, "spec.operaton") || !strings.Contains(joined, "spec.message_kind") {
		t.Fatalf("warnings = %q", a.Warnings)
	}
}
