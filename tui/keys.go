package tui

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"

	"github.com/auditlog/auditlog/tui/common"
	"github.com/auditlog/auditlog/tui/detail"
)

// KeyMap are the keys of the explorer itself; the table, the detail pane and
// the filter input have their own.
type KeyMap struct {
	Quit     key.Binding
	Help     key.Binding
	Filter   key.Binding
	Presets  key.Binding
	Tier     key.Binding
	Sort     key.Binding
	Zone     key.Binding
	NextPage key.Binding
	PrevPage key.Binding
	Focus    key.Binding
	Open     key.Binding
	Back     key.Binding
	Copy     key.Binding
	History  key.Binding
	Reload   key.Binding
	Pivot    key.Binding
	Facets   key.Binding
	BackView key.Binding
}

// DefaultKeyMap returns the default keys of the explorer.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Quit:     key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		Help:     key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Filter:   key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Presets:  key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "builder")),
		Tier:     key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "cycle tier")),
		Sort:     key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "sort order")),
		Zone:     key.NewBinding(key.WithKeys("z"), key.WithHelp("z", "UTC/local")),
		NextPage: key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next page")),
		PrevPage: key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "previous page")),
		Focus:    key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "switch pane")),
		Open:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "detail")),
		Back:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Copy:     key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy…")),
		History:  key.NewBinding(key.WithKeys("h"), key.WithHelp("h", "history")),
		Reload:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reload")),
		Pivot:    key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "filter by this…")),
		Facets:   key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "facets")),
		BackView: key.NewBinding(key.WithKeys("backspace"), key.WithHelp("⌫", "back a pivot")),
	}
}

// actions names the bindings for the config file's keys section.
func (k *KeyMap) actions() map[string]*key.Binding {
	return map[string]*key.Binding{
		"quit": &k.Quit, "help": &k.Help, "filter": &k.Filter, "presets": &k.Presets,
		"tier": &k.Tier, "sort": &k.Sort, "time": &k.Zone, "next_page": &k.NextPage,
		"prev_page": &k.PrevPage, "focus": &k.Focus, "open": &k.Open, "back": &k.Back,
		"copy": &k.Copy, "history": &k.History, "reload": &k.Reload,
		"pivot": &k.Pivot, "back_view": &k.BackView, "facets": &k.Facets,
	}
}

// keySet is every rebindable binding: the explorer's by action name, the
// table's as "table.<name>" and the detail pane's as "detail.<name>".
type keySet struct {
	root   *KeyMap
	table  *common.KeyMap
	detail *detail.KeyMap
}

func (ks keySet) bindings() map[string]*key.Binding {
	all := ks.root.actions()
	for name, b := range ks.table.Bindings() {
		all["table."+name] = b
	}
	for name, b := range ks.detail.Bindings() {
		all["detail."+name] = b
	}
	return all
}

// KeyActions returns the action names the config file's keys section may
// rebind, sorted: the explorer's (quit, tier, …), then table.* and
// detail.* for the keys of the two panes.
func KeyActions() []string {
	k, t, d := DefaultKeyMap(), common.DefaultKeyMap(), detail.DefaultKeyMap()
	names := slices.Collect(maps.Keys(keySet{&k, &t, &d}.bindings()))
	sort.Strings(names)
	return names
}

// apply rebinds actions to keys (as Bubble Tea names them: "q", "ctrl+c",
// "pgdown"). The help text follows, so the overlay shows the new keys. An
// unknown action or an empty key list is an error naming it.
func (ks keySet) apply(overrides map[string][]string) error {
	all := ks.bindings()
	names := slices.Sorted(maps.Keys(overrides)) // the same first error every time
	for _, name := range names {
		b, ok := all[name]
		if !ok {
			return fmt.Errorf("keys: unknown action %q (known: %s)", name, strings.Join(KeyActions(), ", "))
		}
		keys := slices.DeleteFunc(slices.Clone(overrides[name]), func(s string) bool { return strings.TrimSpace(s) == "" })
		if len(keys) == 0 {
			return fmt.Errorf("keys: action %q has no keys", name)
		}
		b.SetKeys(keys...)
		b.SetHelp(strings.Join(keys, "/"), b.Help().Desc)
	}
	return nil
}

// Apply rebinds the explorer's own actions (see keySet.apply); names of
// the panes' keys (table.*, detail.*) are errors here.
func (k *KeyMap) Apply(overrides map[string][]string) error {
	t, d := common.DefaultKeyMap(), detail.DefaultKeyMap()
	for name := range overrides {
		if strings.Contains(name, ".") {
			return fmt.Errorf("keys: %q is a key of a pane, not of the explorer", name)
		}
	}
	return keySet{k, &t, &d}.apply(overrides)
}

// ShortHelp implements help.KeyMap: the hints of the status bar.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Help, k.Filter, k.Presets, k.Tier, k.Open, k.Pivot, k.Copy, k.History, k.Quit}
}

// FullHelp implements help.KeyMap: the explorer's columns of the overlay.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Filter, k.Presets, k.Tier, k.Sort, k.Zone, k.Reload},
		{k.NextPage, k.PrevPage, k.Focus, k.Open, k.Back},
		{k.Pivot, k.BackView, k.Facets, k.History, k.Copy},
		{k.Help, k.Quit},
	}
}
