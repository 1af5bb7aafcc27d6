// Package help is the key overlay of the explorer (`?`). It is generated from
// the key maps of the root and of the focused component, so what it lists is
// what the keys do, rebindings included.
package help

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/auditlog/auditlog/tui/common"
)

// Section is one titled group of key columns (e.g. "explorer", "table").
type Section struct {
	Title   string
	Columns [][]key.Binding
}

// KeyMap are the keys of the overlay itself.
type KeyMap struct {
	Close key.Binding
}

// DefaultKeyMap returns the default keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{Close: key.NewBinding(key.WithKeys("?", "esc", "q"), key.WithHelp("?/esc", "close help"))}
}

// ClosedMsg reports that the user closed the overlay.
type ClosedMsg struct{}

// Model is the overlay.
type Model struct {
	KeyMap   KeyMap
	common   common.Common
	help     help.Model
	sections []Section
}

// New returns an overlay of c's size drawn with c.Styles.
func New(c common.Common) Model {
	if c.Styles == nil {
		c.Styles = common.NewCommon(nil).Styles
	}
	m := Model{KeyMap: DefaultKeyMap(), common: c, help: help.New()}
	m.help.Styles = c.Styles.Help
	return m
}

// ShortView renders bindings on one line of width w (the status bar's hints).
func (m Model) ShortView(bindings []key.Binding, w int) string {
	h := m.help
	h.Width = w
	return h.ShortHelpView(bindings)
}

// SetSize sets the room the overlay may take.
func (m *Model) SetSize(w, h int) { m.common.Width, m.common.Height = w, h }

// SetSections sets what the overlay lists.
func (m *Model) SetSections(s []Section) { m.sections = s }

// Update closes the overlay on its keys.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && key.Matches(k, m.KeyMap.Close) {
		return m, func() tea.Msg { return ClosedMsg{} }
	}
	return m, nil
}

// View draws the sections in a box centred in the room given.
func (m Model) View() string {
	inner := max(m.common.Width-4, 10)
	var parts []string
	for _, s := range m.sections {
		body := m.help.FullHelpView(s.Columns)
		if body == "" {
			continue
		}
		parts = append(parts, m.common.Styles.Title.Render(s.Title), body, "")
	}
	parts = append(parts, m.common.Styles.Muted.Render("press "+m.KeyMap.Close.Help().Key+" to close"))
	lines := strings.Split(strings.Join(parts, "\n"), "\n")
	if maxLines := m.common.Height - 2; maxLines > 0 && len(lines) > maxLines {
		lines = append(lines[:maxLines-1], m.common.Styles.Muted.Render("… (enlarge the terminal for the rest)"))
	}
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, inner, "…")
	}
	box := m.common.Styles.HelpOverlay.Render(strings.Join(lines, "\n"))
	return lipgloss.Place(m.common.Width, m.common.Height, lipgloss.Center, lipgloss.Center, box)
}
