package filterbar

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/filters"
	"github.com/auditlog/auditlog/tui/internal/viewtest"
)

// typeText types s rune by rune and returns the model and the last
// change's check tick (not run: the test decides when it fires).
func typeText(m Model, s string) (Model, checkMsg) {
	for _, r := range s {
		m, _ = m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	return m, checkMsg{gen: m.gen}
}

func editing(w int) Model {
	m := New(viewtest.Common(w, 24))
	m.SetContext(Context{Namespace: "acme", Tier: "active", Sort: "newest first", Zone: "UTC"})
	m.Focus(" ")
	m.input.SetValue("")
	return m
}

func TestCheckedAsYouType(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, typed string
		tier        string
		sev         filters.Severity // 0: clean
		want        string           // in the message line
		col         int
	}{
		{"a misspelt field", "spec.operatoin == OPERATION_DELETE", "active", filters.SeverityError, "did you mean 'spec.operation'?", 1},
		{"a near-miss value", "spec.operation == OPERATION_DELET", "active", filters.SeverityError, "did you mean 'OPERATION_DELETE'?", 19},
		{"a syntax error", "spec.operation ==", "active", filters.SeverityError, "error: ", 0},
		{"the archive wants a kind", "meta.create_time >= now(-1h)", "archive", filters.SeverityWarning, "warning: archived audit logs should be filtered by spec.message_kind", 1},
		{"clean", "spec.operation == OPERATION_DELETE", "active", 0, "✓ checks", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := editing(120)
			m.SetCheck(filters.PrepareOptions{Archive: tt.tier == "archive"})
			m, tick := typeText(m, tt.typed)
			if m.Problem() != nil {
				t.Fatalf("checked before the pause: %v", m.Problem())
			}
			m, _ = m.Update(checkMsg{gen: tick.gen - 1}) // an older change's tick
			if m.Problem() != nil {
				t.Fatal("an old tick checked")
			}
			m, _ = m.Update(tick)
			lines := strings.Split(m.View(), "\n")
			if len(lines) != m.Height() || m.Height() < 4 {
				t.Fatalf("%d lines, Height %d", len(lines), m.Height())
			}
			if msg := strings.Join(lines[3:], " "); !strings.Contains(msg, tt.want) {
				t.Errorf("message %q, want %q in it", msg, tt.want)
			}
			if tt.sev == 0 {
				if m.Problem() != nil {
					t.Errorf("problem %v", m.Problem())
				}
				return
			}
			if m.Problem() == nil || m.Problem().Severity != tt.sev {
				t.Fatalf("problem %v, want severity %v", m.Problem(), tt.sev)
			}
			if tt.col > 0 {
				if got := strings.Index(lines[2], "^") - len(m.input.Prompt) + 1; got != tt.col {
					t.Errorf("caret at column %d, want %d:\n%s", got, tt.col, m.View())
				}
			}
		})
	}
}

func TestTabCompletes(t *testing.T) {
	t.Parallel()
	sugg := filters.Suggestions{
		Paths:  []string{"spec.payload.spec.rule"},
		Values: map[string][]string{filters.PathRemoteAddress: {"10.244.3.1", "2001:db8::7"}, filters.PathClaims: {"email=alice@example.com"}},
	}
	tests := []struct {
		name, typed string
		tabs        []string
		want        string
	}{
		{"a schema path", "spec.oper", []string{"tab"}, "spec.operation"},
		{"a payload path seen", "spec.payload.spec.ru", []string{"tab"}, "spec.payload.spec.rule"},
		{"an operator", "spec.operation ", []string{"tab"}, "spec.operation =="},
		{"an operation, then the next", "spec.operation == ", []string{"tab", "tab"}, "spec.operation == OPERATION_UPDATE"},
		{"back with shift+tab", "spec.operation == ", []string{"tab", "tab", "shift+tab"}, "spec.operation == OPERATION_CREATE"},
		{"an address seen", "spec.remote_address == 2001", []string{"tab"}, "spec.remote_address == '2001:db8::7'"},
		{"a claim seen, quoted for matches", "spec.claims matches ", []string{"tab"}, `spec.claims matches 'email=alice@example\.com'`},
		{"a kind by its short name", "spec.message_kind == Polic", []string{"tab"}, "spec.message_kind == 'internal.endor.ai.endor.v1.Policy'"},
		{"a connector", "spec.operation == OPERATION_DELETE a", []string{"tab"}, "spec.operation == OPERATION_DELETE and"},
		{"nothing to offer", "spec.operation == OPERATION_DELETE and (", []string{}, "spec.operation == OPERATION_DELETE and ("},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := editing(120)
			m.SetSuggestions(sugg)
			m, _ = typeText(m, tt.typed)
			for _, k := range tt.tabs {
				m, _ = m.Update(viewtest.Key(k))
			}
			if got := m.Value(); got != tt.want {
				t.Fatalf("value %q, want %q (completion line %q)", got, tt.want, strings.Split(m.View(), "\n")[2])
			}
		})
	}
}

func TestCompletionShownAndEnded(t *testing.T) {
	t.Parallel()
	m := editing(120)
	m, _ = typeText(m, "spec.operation == ")
	m, _ = m.Update(viewtest.Key("tab"))
	line := strings.Split(m.View(), "\n")[2]
	if !strings.Contains(line, "[OPERATION_CREATE]") && !strings.Contains(line, "OPERATION_CREATE") || !strings.Contains(line, "OPERATION_UPDATE") {
		t.Fatalf("completion line %q", line)
	}
	m, _ = typeText(m, " ")
	if m.comp != nil || strings.Contains(strings.Split(m.View(), "\n")[2], "OPERATION_UPDATE") {
		t.Fatal("typing did not end the completion")
	}
}

func TestEnterAppliesTheCanonicalForm(t *testing.T) {
	t.Parallel()
	m := editing(80)
	m, _ = typeText(m, "spec.operation==OPERATION_DELETE  and meta.create_time>=now(-24h)")
	m, msgs := run(t, m, "enter")
	want := "spec.operation == OPERATION_DELETE and meta.create_time >= now(-24h)"
	if len(msgs) != 1 || msgs[0].(AppliedMsg).Filter != want || m.Filter() != want || m.Recent()[0] != want {
		t.Fatalf("msgs %v, filter %q", msgs, m.Filter())
	}
	m = editing(80)
	m, _ = typeText(m, "spec.operatoin == 1")
	m, msgs = run(t, m, "enter") // refused at once, without waiting for the tick
	if len(msgs) != 0 || !strings.Contains(m.Err(), "did you mean") {
		t.Fatalf("msgs %v err %q", msgs, m.Err())
	}
	m = editing(80)
	m.SetCheck(filters.PrepareOptions{Unchecked: true})
	m, _ = typeText(m, "spec.operatoin == 1")
	if _, msgs = run(t, m, "enter"); len(msgs) != 1 {
		t.Fatalf("no_check: an unknown field was refused")
	}
}

func TestGoldenEditing(t *testing.T) {
	t.Parallel()
	for _, w := range []int{80, 120} {
		for _, c := range []struct{ name, typed, key string }{
			{"error", "spec.operation == OPERATION_DELET and meta.create_time >= now(-1h)", ""},
			{"completion", "spec.operation == ", "tab"},
		} {
			t.Run(c.name+"_"+map[int]string{80: "80", 120: "120"}[w], func(t *testing.T) {
				t.Parallel()
				m := editing(w)
				m.SetContext(Context{Namespace: "acme", Tier: "active", Sort: "newest first", Zone: "UTC"})
				m, tick := typeText(m, c.typed)
				m, _ = m.Update(tick)
				if c.key != "" {
					m, _ = m.Update(viewtest.Key(c.key))
				}
				v := m.View()
				if n := strings.Count(v, "\n") + 1; n != m.Height() {
					t.Fatalf("%d lines", n)
				}
				viewtest.AssertNoControls(t, v, false)
				viewtest.Golden(t, v)
			})
		}
	}
}
