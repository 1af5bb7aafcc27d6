package detail

import (
	"github.com/charmbracelet/bubbles/key"

	"github.com/auditlog/auditlog/tui/common"
)

// KeyMap is the key bindings of the detail pane: the shared navigation
// (common.KeyMap, moving the cursor line) and folding.
//
// The cursor is a line of the JSON; folding acts on the object or array
// that line opens or closes, or else on the one it sits in. The explorer
// itself uses enter (open the pane), esc, tab, h, z and other letters, so
// the pane keeps to arrows, paging keys, space, o/O and w.
type KeyMap struct {
	common.KeyMap
	Toggle    key.Binding // fold or unfold at the cursor
	Fold      key.Binding // fold at the cursor
	Unfold    key.Binding // unfold at the cursor
	UnfoldAll key.Binding // open every object and array
	FoldAll   key.Binding // fold everything below the top level
	Wrap      key.Binding // wrap long lines or cut them at the edge
}

// DefaultKeyMap returns the default bindings: common.DefaultKeyMap to move,
// enter or space toggles the fold at the cursor, ← folds and → unfolds, o
// opens everything, O folds everything below the top level, and w switches
// wrapping of long lines.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		KeyMap:    common.DefaultKeyMap(),
		Toggle:    key.NewBinding(key.WithKeys("enter", " "), key.WithHelp("space/enter", "fold/unfold")),
		Fold:      key.NewBinding(key.WithKeys("left"), key.WithHelp("←", "fold")),
		Unfold:    key.NewBinding(key.WithKeys("right"), key.WithHelp("→", "unfold")),
		UnfoldAll: key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open all")),
		FoldAll:   key.NewBinding(key.WithKeys("O"), key.WithHelp("O", "fold all")),
		Wrap:      key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "wrap/cut long lines")),
	}
}

// Bindings names the bindings for the config file's keys section: the
// navigation's and toggle, fold, unfold, unfold_all, fold_all, wrap.
func (k *KeyMap) Bindings() map[string]*key.Binding {
	all := k.KeyMap.Bindings()
	for name, b := range map[string]*key.Binding{
		"toggle": &k.Toggle, "fold": &k.Fold, "unfold": &k.Unfold, "unfold_all": &k.UnfoldAll,
		"fold_all": &k.FoldAll, "wrap": &k.Wrap,
	} {
		all[name] = b
	}
	return all
}

// ShortHelp returns the bindings for the one-line help.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.LineUp, k.LineDown, k.Toggle, k.UnfoldAll, k.FoldAll}
}

// FullHelp returns all bindings, in columns, for the help overlay.
func (k KeyMap) FullHelp() [][]key.Binding {
	return append(k.KeyMap.FullHelp(), []key.Binding{k.Toggle, k.Fold, k.Unfold, k.UnfoldAll, k.FoldAll, k.Wrap})
}
