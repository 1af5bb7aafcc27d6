package pivot

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/tui/common"
)

// ChosenMsg is the pivot the user chose; the root pushes its view and
// applies the pivot.
type ChosenMsg struct{ Pivot Pivot }

// ClosedMsg says the menu was closed without a choice.
type ClosedMsg struct{}

// KeyMap are the keys of the menu.
type KeyMap struct {
	Up, Down, Choose, Cancel key.Binding
}

// DefaultKeyMap returns the default keys: arrows or j/k to move, enter or
// a digit to choose, esc to close.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Choose: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter/1-9", "filter by this")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// ShortHelp returns the bindings for the one-line help.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Up, k.Down, k.Choose, k.Cancel} }

// FullHelp returns the bindings for the help overlay.
func (k KeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// Model is the "filter by this" menu over one entry, drawn in place of the
// panes.
type Model struct {
	KeyMap KeyMap
	common common.Common
	pivots []Pivot
	cursor int
}

// New returns the menu of pivots (see For), sized c.Width × c.Height.
func New(c common.Common, pivots []Pivot) Model {
	if c.Styles == nil {
		c.Styles = common.NewCommon(nil).Styles
	}
	return Model{KeyMap: DefaultKeyMap(), common: c, pivots: pivots}
}

// SetSize sets the width and height.
func (m *Model) SetSize(w, h int) { m.common.Width, m.common.Height = w, h }

// Pivots returns the choices.
func (m Model) Pivots() []Pivot { return m.pivots }

// Cursor returns the index of the highlighted choice.
func (m Model) Cursor() int { return m.cursor }

// Update moves in the menu and emits ChosenMsg or ClosedMsg.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return m, nil
	}
	n := len(m.pivots)
	switch {
	case key.Matches(k, m.KeyMap.Cancel):
		return m, emit(ClosedMsg{})
	case n == 0:
		return m, nil
	case key.Matches(k, m.KeyMap.Up):
		m.cursor = (m.cursor + n - 1) % n
	case key.Matches(k, m.KeyMap.Down):
		m.cursor = (m.cursor + 1) % n
	case key.Matches(k, m.KeyMap.Choose):
		return m, emit(ChosenMsg{Pivot: m.pivots[m.cursor]})
	case len(k.Runes) == 1 && k.Runes[0] >= '1' && k.Runes[0] <= '9':
		if i := int(k.Runes[0] - '1'); i < n {
			m.cursor = i
			return m, emit(ChosenMsg{Pivot: m.pivots[i]})
		}
	}
	return m, nil
}

func emit(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }

// View draws the menu: a title, the numbered choices and the filter of
// the highlighted one, exactly Width × Height.
func (m Model) View() string {
	st := m.common.Styles
	w := m.common.Width
	lines := []string{st.Title.Render("filter by this (backspace returns to this view)"), ""}
	if len(m.pivots) == 0 {
		lines = append(lines, st.Muted.Render("this entry has no field to pivot on"))
	}
	for i, p := range m.pivots {
		marker, label := "  ", fmt.Sprintf("%d  %s", i+1, common.Sanitize(p.Label))
		if i >= 9 {
			label = "   " + common.Sanitize(p.Label)
		}
		if i == m.cursor {
			marker, label = "▶ ", st.TableSelected.Render(label)
		}
		lines = append(lines, marker+label)
		if p.Filter != "" && i == m.cursor {
			// The highlighted choice's filter, under it: all nine
			// choices fit the 17 lines of an 80×24 body.
			lines = append(lines, "     "+st.Muted.Render(common.Sanitize(p.Filter)))
		}
	}
	var b strings.Builder
	for y := range max(m.common.Height, 0) {
		if y > 0 {
			b.WriteByte('\n')
		}
		l := ""
		if y < len(lines) {
			l = "  " + lines[y]
		}
		l = common.Truncate(l, w)
		b.WriteString(l + strings.Repeat(" ", max(w-common.Width(l), 0)))
	}
	return b.String()
}
