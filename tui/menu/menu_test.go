package menu

import (
	"errors"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/tui/internal/viewtest"
)

// press sends keys and returns the message the menu sent as it closed, if
// it did (the commands of an open menu are the prompt's cursor blinks).
func press(m Model, keys ...string) (Model, tea.Msg) {
	var msg tea.Msg
	for _, k := range keys {
		var cmd tea.Cmd
		m, cmd = m.Update(viewtest.Key(k))
		msg = nil
		if cmd != nil && !m.Open() {
			msg = cmd()
		}
	}
	return m, msg
}

func TestPresetsSendFilters(t *testing.T) {
	saved := []Saved{{Name: "deletes", Filter: "spec.operation == OPERATION_DELETE"}}
	tests := []struct {
		name, current string
		keys          []string
		want          string // the whole filter sent; "" means the menu stays open
		wantErr       string // shown in the menu
	}{
		{"last hour", "", []string{"1"}, "meta.create_time >= now(-1h)", ""},
		{"joined to the filter in force", "spec.operation == OPERATION_CREATE", []string{"2"},
			"spec.operation == OPERATION_CREATE and meta.create_time >= now(-24h)", ""},
		{"arrows and enter", "", []string{"down", "down", "enter"}, "meta.create_time >= now(-168h)", ""},
		{"wraps upwards", "", []string{"up", "enter"}, "spec.operation == OPERATION_DELETE", ""},
		{"operation", "", []string{"5", "D", "E", "L", "E", "T", "E", "enter"}, "spec.operation == 'OPERATION_DELETE'", ""},
		{"my claims from whoami", "", []string{"7", "enter"}, `spec.claims matches 'alice@example\.com'`, ""},
		{"bad ip range stays open", "", []string{"8", "1", "0", "x", "enter"}, "", "10x"},
		{"empty prompt stays open", "", []string{"5", "enter"}, "", "type a value"},
		{"saved", "", []string{"9"}, "spec.operation == OPERATION_DELETE", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := New(viewtest.Common(80, 20), "presets", Presets(tc.current, "", saved))
			m.SetValue(IDClaim, "alice@example.com")
			m, msg := press(m, tc.keys...)
			if tc.want == "" {
				if !m.Open() || msg != nil {
					t.Fatalf("menu closed with %#v", msg)
				}
				if v := m.View(); !strings.Contains(v, tc.wantErr) {
					t.Fatalf("view does not say %q:\n%s", tc.wantErr, v)
				}
				return
			}
			f, ok := msg.(FilterMsg)
			if !ok || f.Filter != tc.want {
				t.Fatalf("sent %#v, want FilterMsg %q", msg, tc.want)
			}
			if m.Open() {
				t.Fatal("the menu stays open after a choice")
			}
		})
	}
}

func TestEscape(t *testing.T) {
	m := New(viewtest.Common(80, 20), "presets", Presets("", "", nil))
	m, msg := press(m, "5", "esc") // leaves the prompt only
	if !m.Open() || m.Prompting() || msg != nil {
		t.Fatalf("esc in the prompt: open %v prompting %v msg %#v", m.Open(), m.Prompting(), msg)
	}
	m, msg = press(m, "esc")
	if _, ok := msg.(ClosedMsg); !ok || m.Open() {
		t.Fatalf("esc: open %v msg %#v", m.Open(), msg)
	}
}

func TestSetValueFillsAnOpenEmptyPrompt(t *testing.T) {
	m := New(viewtest.Common(80, 20), "presets", Presets("", "", nil))
	m, _ = press(m, "7")
	m.SetValue(IDClaim, "bob@example.com")
	if _, msg := press(m, "enter"); msg.(FilterMsg).Filter != `spec.claims matches 'bob@example\.com'` {
		t.Fatalf("sent %#v", msg)
	}
}

func TestCopyItems(t *testing.T) {
	now := time.Date(2026, 3, 13, 15, 9, 26, 0, time.UTC)
	q := client.Query{Namespace: "acme", Tier: client.TierActive, ListParameters: api.ListParameters{Filter: "meta.create_time >= now(-24h)"}}
	tests := []struct {
		key, what string
		want, not []string
	}{
		{"1", "filter", []string{"now(-24h)"}, nil},
		{"2", "frozen filter", []string{"date(2026-03-12T15:09:26Z)"}, []string{"now("}},
		{"3", "endorctl command", []string{"endorctl api list -r AuditLog", "-n acme"}, nil},
		{"4", "curl command", []string{"curl", "$ENDOR_TOKEN", "https://api.example.test"}, nil},
	}
	for _, tc := range tests {
		m := New(viewtest.Common(80, 20), "copy", CopyItems(q, "https://api.example.test", now))
		_, msg := press(m, tc.key)
		c, ok := msg.(CopyMsg)
		if !ok || c.What != tc.what {
			t.Fatalf("%s sent %#v", tc.key, msg)
		}
		for _, w := range tc.want {
			if !strings.Contains(c.Text, w) {
				t.Errorf("%s: %q lacks %q", tc.what, c.Text, w)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(c.Text, w) {
				t.Errorf("%s: %q holds %q", tc.what, c.Text, w)
			}
		}
	}
}

func TestGoldenViews(t *testing.T) {
	tests := []struct {
		name string
		w, h int
		keys []string
	}{
		{"80x24", 80, 21, nil},
		{"80x24_prompt", 80, 21, []string{"down", "8", "1", "0", "x", "enter"}},
		{"60x16", 60, 11, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			items := Presets("", "", []Saved{{Name: "evil\x1b]2;x\a", Filter: "spec.operation == OPERATION_DELETE"}})
			m := New(viewtest.Common(tc.w, tc.h), "filter presets", items)
			m, _ = press(m, tc.keys...)
			v := m.View()
			viewtest.AssertNoControls(t, v, false)
			viewtest.Golden(t, v)
		})
	}
}

func TestChooseErrorIsSanitized(t *testing.T) {
	items := []Item{{Label: "x", Choose: func(string) (tea.Msg, error) { return nil, errors.New("bad \x1b[31m") }}}
	m, _ := press(New(viewtest.Common(40, 6), "t", items), "1")
	viewtest.AssertNoControls(t, m.View(), false)
}
