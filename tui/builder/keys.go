package builder

import "github.com/charmbracelet/bubbles/key"

// KeyMap are the keys of the builder form.
type KeyMap struct {
	Next    key.Binding // the next row
	Prev    key.Binding // the previous row
	Left    key.Binding // the previous choice of a choice row
	Right   key.Binding // the next choice
	Toggle  key.Binding // toggle an operation or a kind; load a saved filter
	Accept  key.Binding // take the suggestion (your identity, the selected row's object)
	Apply   key.Binding
	Cancel  key.Binding
	Copy    key.Binding // copy the previewed filter (y on rows without text)
	CopyAny key.Binding
	// Saved-filter row.
	SaveNew key.Binding
	Rename  key.Binding
	Delete  key.Binding
}

// DefaultKeyMap returns the default keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Next:    key.NewBinding(key.WithKeys("down", "tab"), key.WithHelp("↓/tab", "next row")),
		Prev:    key.NewBinding(key.WithKeys("up", "shift+tab"), key.WithHelp("↑/⇧tab", "previous row")),
		Left:    key.NewBinding(key.WithKeys("left"), key.WithHelp("←", "previous choice")),
		Right:   key.NewBinding(key.WithKeys("right"), key.WithHelp("→", "next choice")),
		Toggle:  key.NewBinding(key.WithKeys(" "), key.WithHelp("space", "toggle / load")),
		Accept:  key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "take the suggestion")),
		Apply:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")),
		Cancel:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "restore")),
		Copy:    key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy filter")),
		CopyAny: key.NewBinding(key.WithKeys("ctrl+y"), key.WithHelp("ctrl+y", "copy filter")),
		SaveNew: key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "save as…")),
		Rename:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "rename")),
		Delete:  key.NewBinding(key.WithKeys("d"), key.WithHelp("d d", "delete")),
	}
}

// ShortHelp implements help.KeyMap: the hints of the status bar.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Next, k.Left, k.Toggle, k.Apply, k.Cancel, k.CopyAny}
}

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Next, k.Prev, k.Left, k.Right},
		{k.Toggle, k.Accept, k.Apply, k.Cancel, k.Copy, k.CopyAny},
		{k.SaveNew, k.Rename, k.Delete},
	}
}
