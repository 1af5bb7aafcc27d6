package detail

import "github.com/charmbracelet/bubbles/key"

// KeyMap is the key bindings of the detail pane.
//
// The cursor is a line of the JSON; folding acts on the object or array
// that line opens or closes, or else on the one it sits in. The explorer
// itself uses enter (open the pane), esc, tab, h, z and other letters, so
// the pane keeps to arrows, paging keys, space, o/O and w.
type KeyMap struct {
	LineUp       key.Binding
	LineDown     key.Binding
	PageUp       key.Binding
	PageDown     key.Binding
	HalfPageUp   key.Binding
	HalfPageDown key.Binding
	GotoTop      key.Binding
	GotoBottom   key.Binding
	Toggle       key.Binding // fold or unfold at the cursor
	Fold         key.Binding // fold at the cursor
	Unfold       key.Binding // unfold at the cursor
	UnfoldAll    key.Binding // open every object and array
	FoldAll      key.Binding // fold everything below the top level
	Wrap         key.Binding // wrap long lines or cut them at the edge
}

// DefaultKeyMap returns the default bindings: ↑/↓ (k/j) move the cursor
// line, pgup/pgdown (ctrl+b/ctrl+f) and ctrl+u/ctrl+d scroll by pages,
// home/end (g/G) go to the ends, enter or space toggles the fold at the
// cursor, ← folds and → unfolds, o opens everything, O folds everything
// below the top level, and w switches wrapping of long lines.
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
		Toggle:       key.NewBinding(key.WithKeys("enter", " "), key.WithHelp("space/enter", "fold/unfold")),
		Fold:         key.NewBinding(key.WithKeys("left"), key.WithHelp("←", "fold")),
		Unfold:       key.NewBinding(key.WithKeys("right"), key.WithHelp("→", "unfold")),
		UnfoldAll:    key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open all")),
		FoldAll:      key.NewBinding(key.WithKeys("O"), key.WithHelp("O", "fold all")),
		Wrap:         key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "wrap/cut long lines")),
	}
}

// ShortHelp returns the bindings for the one-line help.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.LineUp, k.LineDown, k.Toggle, k.UnfoldAll, k.FoldAll}
}

// FullHelp returns all bindings, in columns, for the help overlay.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.LineUp, k.LineDown, k.GotoTop, k.GotoBottom},
		{k.PageUp, k.PageDown, k.HalfPageUp, k.HalfPageDown},
		{k.Toggle, k.Fold, k.Unfold, k.UnfoldAll, k.FoldAll, k.Wrap},
	}
}
