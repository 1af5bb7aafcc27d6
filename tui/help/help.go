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
)

// Section is one titled group of key columns (e.g. "explorer", "table").
type Section struct {
	Title   string
	Columns [][]key.Binding
}

// Styles are the styles of the overlay.
type Styles struct {
	Box   lipgloss.Style
	Title lipgloss.Style
	Help  help.Styles // keys and descriptions
	Muted lipgloss.Style
}

// DefaultStyles returns plain styles: a normal border, no colour.
func DefaultStyles() Styles {
	s := lipgloss.NewStyle()
	h := help.Styles{Ellipsis: s, ShortKey: s, ShortDesc: s, ShortSeparator: s, FullKey: s, FullDesc: s, FullSeparator: s}
	return Styles{Box: s.Border(lipgloss.NormalBorder()).Padding(0, 1), Title: s, Help: h, Muted: s}
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
	styles   Styles
	help     help.Model
	width    int
	height   int
	sections []Section
}

// Option configures a Model.
type Option func(*Model)

// WithStyles sets the styles.
func WithStyles(s Styles) Option { return func(m *Model) { m.styles = s } }

// New returns an overlay.
func New(opts ...Option) Model {
	m := Model{KeyMap: DefaultKeyMap(), styles: DefaultStyles(), help: help.New()}
	for _, o := range opts {
		o(&m)
	}
	m.help.Styles = m.styles.Help
	return m
}

// ShortView renders bindings on one line of width w (the status bar's hints).
func (m Model) ShortView(bindings []key.Binding, w int) string {
	h := m.help
	h.Width = w
	return h.ShortHelpView(bindings)
}

// SetSize sets the room the overlay may take.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }

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
	inner := max(m.width-4, 10)
	var parts []string
	for _, s := range m.sections {
		body := m.help.FullHelpView(s.Columns)
		if body == "" {
			continue
		}
		parts = append(parts, m.styles.Title.Render(s.Title), body, "")
	}
	parts = append(parts, m.styles.Muted.Render("press "+m.KeyMap.Close.Help().Key+" to close"))
	lines := strings.Split(strings.Join(parts, "\n"), "\n")
	if maxLines := m.height - 2; maxLines > 0 && len(lines) > maxLines {
		lines = append(lines[:maxLines-1], m.styles.Muted.Render("… (enlarge the terminal for the rest)"))
	}
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, inner, "…")
	}
	box := m.styles.Box.Render(strings.Join(lines, "\n"))
	return lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center, box)
}
