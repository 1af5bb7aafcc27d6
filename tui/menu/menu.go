// Package menu is the explorer's small menus: a short list drawn in place
// of the panes (the copy menu, y; the filter presets, f), with a one-line
// prompt for the items that take an argument. A choice comes back to the
// root as a message (FilterMsg, CopyMsg): items hold no closures over the
// root.
package menu

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/tui/common"
)

// Item is one choice. An item with a Prompt asks for an argument first.
type Item struct {
	// ID names the item for SetValue; most items need none.
	ID     string
	Label  string
	Prompt string
	// Value fills the prompt when it opens (e.g. the user's own name).
	Value string
	// Choose returns the message the choice sends, given the prompt's
	// text ("" for an item without a prompt); an error keeps the menu
	// open with the reason (a bad IP range).
	Choose func(arg string) (tea.Msg, error)
}

// ClosedMsg reports that the user left the menu with esc.
type ClosedMsg struct{}

// KeyMap are the keys of a menu.
type KeyMap struct {
	Up, Down, Choose, Cancel key.Binding
}

// DefaultKeyMap returns the default keys; 1-9 also choose.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Choose: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter/1-9", "choose")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Up, k.Down, k.Choose, k.Cancel} }

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// Model is an open menu.
type Model struct {
	KeyMap KeyMap
	common common.Common
	title  string
	items  []Item
	cursor int
	open   bool

	prompting bool
	input     textinput.Model
	err       string
}

// New returns an open menu of c's size.
func New(c common.Common, title string, items []Item) Model {
	if c.Styles == nil {
		c.Styles = common.NewCommon(nil).Styles
	}
	in := textinput.New()
	in.Prompt = "> "
	in.PromptStyle = c.Styles.FilterPrompt
	in.CharLimit = 512
	m := Model{KeyMap: DefaultKeyMap(), common: c, title: title, items: items, input: in, open: len(items) > 0}
	m.SetSize(c.Width, c.Height)
	return m
}

// SetSize sets the area the menu draws in.
func (m *Model) SetSize(w, h int) {
	m.common.Width, m.common.Height = w, h
	m.input.Width = max(w-6, 10)
}

// Open reports whether the menu is still open: a choice or esc closes it.
func (m Model) Open() bool { return m.open }

// Prompting reports whether the menu asks for an item's argument.
func (m Model) Prompting() bool { return m.prompting }

// SetValue sets what the prompt of item id starts with; an open prompt of
// that item that is still empty takes it at once.
func (m *Model) SetValue(id, v string) {
	for i := range m.items {
		if m.items[i].ID != id || id == "" {
			continue
		}
		m.items[i].Value = v
		if m.prompting && m.cursor == i && m.input.Value() == "" {
			m.input.SetValue(v)
			m.input.CursorEnd()
		}
	}
}

// Update moves in the menu, asks for the argument of the chosen item and
// sends its message; other messages (cursor blinks) go to the prompt.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	if !m.open {
		return m, nil
	}
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		if !m.prompting {
			return m, nil
		}
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg)
		return m, cmd
	}
	if m.prompting {
		switch {
		case key.Matches(k, m.KeyMap.Cancel):
			m.prompting, m.err = false, ""
			m.input.Blur()
			return m, nil
		case k.Type == tea.KeyEnter:
			arg := strings.TrimSpace(m.input.Value())
			if arg == "" {
				m.err = "type a value, or esc to go back"
				return m, nil
			}
			return m.run(arg)
		}
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(k)
		return m, cmd
	}
	n := len(m.items)
	switch {
	case key.Matches(k, m.KeyMap.Cancel):
		m.open = false
		return m, func() tea.Msg { return ClosedMsg{} }
	case key.Matches(k, m.KeyMap.Up):
		m.cursor = (m.cursor + n - 1) % n
	case key.Matches(k, m.KeyMap.Down):
		m.cursor = (m.cursor + 1) % n
	case key.Matches(k, m.KeyMap.Choose):
		return m.choose()
	case len(k.Runes) == 1 && k.Runes[0] >= '1' && k.Runes[0] <= '9':
		if i := int(k.Runes[0] - '1'); i < n {
			m.cursor = i
			return m.choose()
		}
	}
	return m, nil
}

func (m Model) choose() (Model, tea.Cmd) {
	it := m.items[m.cursor]
	if it.Prompt == "" {
		return m.run("")
	}
	m.prompting, m.err = true, ""
	m.input.SetValue(it.Value)
	m.input.CursorEnd()
	return m, m.input.Focus()
}

// run sends the item's message and closes the menu; an item that refuses
// its argument keeps the menu open with the reason.
func (m Model) run(arg string) (Model, tea.Cmd) {
	msg, err := m.items[m.cursor].Choose(arg)
	if err != nil {
		m.err = common.Sanitize(err.Error())
		return m, nil
	}
	m.open, m.prompting = false, false
	m.input.Blur()
	return m, func() tea.Msg { return msg }
}

// View draws the menu in its area.
func (m Model) View() string {
	st := m.common.Styles
	lines := []string{st.Title.Render(m.title), ""}
	for i, it := range m.items {
		marker := "  "
		label := fmt.Sprintf("%d  %s", i+1, common.Sanitize(it.Label))
		if i >= 9 {
			label = "   " + common.Sanitize(it.Label)
		}
		if i == m.cursor {
			marker = "▶ "
			label = st.TableSelected.Render(label)
		}
		lines = append(lines, marker+label)
	}
	if m.prompting {
		lines = append(lines, "", st.Accent.Render(m.items[m.cursor].Prompt), m.input.View())
		if m.err != "" {
			lines = append(lines, st.Error.Render(m.err))
		}
	} else if m.err != "" {
		lines = append(lines, "", st.Error.Render(m.err))
	}
	for i, l := range lines {
		lines[i] = "  " + common.Truncate(l, m.common.Width-2)
	}
	return common.FixHeight(strings.Join(lines, "\n"), m.common.Height)
}
