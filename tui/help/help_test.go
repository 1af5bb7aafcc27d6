package help

import (
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/tui/internal/viewtest"
)

func TestViewListsSectionsAndCloses(t *testing.T) {
	t.Parallel()
	quit := key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit"))
	tier := key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "cycle tier"))
	off := key.NewBinding(key.WithKeys("z"), key.WithHelp("z", "disabled one"), key.WithDisabled())
	m := New(viewtest.Common(80, 24))
	m.SetSize(60, 20)
	m.SetSections([]Section{{Title: "explorer", Columns: [][]key.Binding{{quit, tier, off}}}})
	v := m.View()
	for _, want := range []string{"explorer", "q quit", "x cycle tier", "press ?/esc to close"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "disabled one") {
		t.Error("a disabled binding is listed")
	}
	if lines := strings.Split(v, "\n"); len(lines) != 20 {
		t.Errorf("view is %d lines, want the 20 it was given", len(lines))
	}
	_, cmd := m.Update(tea.KeyMsg{Type: tea.KeyEsc})
	if cmd == nil || cmd() != (ClosedMsg{}) {
		t.Fatal("esc does not close")
	}
	if _, cmd := m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("j")}); cmd != nil {
		t.Fatal("another key closes")
	}
}

func TestViewCutsToHeight(t *testing.T) {
	t.Parallel()
	var col []key.Binding
	for i := range 40 {
		col = append(col, key.NewBinding(key.WithKeys(string(rune('a'+i%26))), key.WithHelp(string(rune('a'+i%26)), "action")))
	}
	m := New(viewtest.Common(80, 24))
	m.SetSize(80, 24)
	m.SetSections([]Section{{Title: "many", Columns: [][]key.Binding{col}}})
	v := m.View()
	if lines := strings.Split(v, "\n"); len(lines) != 24 || !strings.Contains(v, "enlarge the terminal") {
		t.Fatalf("%d lines:\n%s", len(lines), v)
	}
}
