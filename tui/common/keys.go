package common

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// KeyMap is the navigation every scrolling pane shares: by line, by page,
// by half page and to the ends. Single letters the explorer uses for its
// own commands (f, b, n, p, …) are left alone.
type KeyMap struct {
	LineUp       key.Binding
	LineDown     key.Binding
	PageUp       key.Binding
	PageDown     key.Binding
	HalfPageUp   key.Binding
	HalfPageDown key.Binding
	GotoTop      key.Binding
	GotoBottom   key.Binding
}

// DefaultKeyMap returns the default bindings: arrows and j/k by line,
// pgup/pgdown and ctrl+b/ctrl+f by page, ctrl+u/ctrl+d by half page,
// home/end and g/G to the ends.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		LineUp:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		LineDown:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:       key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup/ctrl+b", "page up")),
		PageDown:     key.NewBinding(key.WithKeys("pgdown", "ctrl+f"), key.WithHelp("pgdn/ctrl+f", "page down")),
		HalfPageUp:   key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "½ page up")),
		HalfPageDown: key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", "½ page down")),
		GotoTop:      key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g/home", "top")),
		GotoBottom:   key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G/end", "bottom")),
	}
}

// Bindings names the bindings for the config file's keys section
// ("line_up", "page_down", …; the root prefixes the pane's name).
func (k *KeyMap) Bindings() map[string]*key.Binding {
	return map[string]*key.Binding{
		"line_up": &k.LineUp, "line_down": &k.LineDown, "page_up": &k.PageUp, "page_down": &k.PageDown,
		"half_page_up": &k.HalfPageUp, "half_page_down": &k.HalfPageDown, "top": &k.GotoTop, "bottom": &k.GotoBottom,
	}
}

// ShortHelp returns the bindings for the one-line help.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.LineUp, k.LineDown, k.PageDown, k.GotoBottom}
}

// FullHelp returns all bindings, in columns, for the help overlay.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.LineUp, k.LineDown, k.GotoTop, k.GotoBottom},
		{k.PageUp, k.PageDown, k.HalfPageUp, k.HalfPageDown},
	}
}

// Move is what a navigation key asks of a pane: move by Lines (negative is
// up), turning the page when Paged (a pager keeps the cursor's place on
// screen), or to an end (Lines is then Top or Bottom, far beyond any pane,
// so that clamping lands on the first or last line).
type Move struct {
	Lines int
	Paged bool
}

// Top and Bottom are the Lines of the moves to the ends.
const (
	Top    = -1 << 30
	Bottom = 1 << 30
)

// Navigate returns the move msg asks for in a pane of page lines, false
// when msg is no navigation key.
func (k KeyMap) Navigate(msg tea.KeyMsg, page int) (Move, bool) {
	page = max(page, 1)
	half := max(page/2, 1)
	switch {
	case key.Matches(msg, k.LineUp):
		return Move{Lines: -1}, true
	case key.Matches(msg, k.LineDown):
		return Move{Lines: 1}, true
	case key.Matches(msg, k.PageUp):
		return Move{Lines: -page, Paged: true}, true
	case key.Matches(msg, k.PageDown):
		return Move{Lines: page, Paged: true}, true
	case key.Matches(msg, k.HalfPageUp):
		return Move{Lines: -half, Paged: true}, true
	case key.Matches(msg, k.HalfPageDown):
		return Move{Lines: half, Paged: true}, true
	case key.Matches(msg, k.GotoTop):
		return Move{Lines: Top}, true
	case key.Matches(msg, k.GotoBottom):
		return Move{Lines: Bottom}, true
	}
	return Move{}, false
}
