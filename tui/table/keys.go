package table

import "github.com/charmbracelet/bubbles/key"

// KeyMap is the key bindings of the table.
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
// home/end and g/G to the ends. Single letters the explorer uses for its
// own commands (f, b, n, p, …) are left alone.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		LineUp:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		LineDown:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:       key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup/ctrl+b", "page up")),
		PageDown:     key.NewBinding(key.WithKeys("pgdown", "ctrl+f"), key.WithHelp("pgdn/ctrl+f", "page down")),
		HalfPageUp:   key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "½ page up")),
		HalfPageDown: key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", "½ page down")),
		GotoTop:      key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g/home", "first row")),
		GotoBottom:   key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G/end", "last loaded row")),
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
