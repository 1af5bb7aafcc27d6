package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/tui/common"
)

// menuItem is one choice of a menu. An item with a prompt asks for an
// argument first (a claim substring, an IP range) and passes it to run.
type menuItem struct {
	label  string
	prompt string
	// initial, when set, fills the prompt (e.g. the user's own name).
	initial func(m *Model) string
	run     func(m *Model, arg string) (tea.Cmd, error)
}

// menuKeys are the keys of the small menus (copy, presets).
type menuKeys struct {
	Up, Down, Choose, Cancel key.Binding
}

func defaultMenuKeys() menuKeys {
	return menuKeys{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Choose: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter/1-9", "choose")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

func (k menuKeys) ShortHelp() []key.Binding { return []key.Binding{k.Up, k.Down, k.Choose, k.Cancel} }

// menu is the copy menu (y) and the presets menu (f): a short list drawn in
// place of the panes, with an optional one-line prompt for an argument.
type menu struct {
	title  string
	items  []menuItem
	cursor int
	keys   menuKeys
	styles *common.Styles
	width  int

	prompting bool
	input     textinput.Model
	err       string
}

func newMenu(title string, items []menuItem, st *common.Styles, width int) *menu {
	in := textinput.New()
	in.Prompt = "> "
	in.PromptStyle = st.FilterPrompt
	in.CharLimit = 512
	mu := &menu{title: title, items: items, keys: defaultMenuKeys(), styles: st, input: in}
	mu.setWidth(width)
	return mu
}

func (mu *menu) setWidth(w int) {
	mu.width = w
	mu.input.Width = max(w-6, 10)
}

// update passes non-key messages (cursor blinks) to the prompt.
func (mu *menu) update(msg tea.Msg) tea.Cmd {
	if !mu.prompting {
		return nil
	}
	var cmd tea.Cmd
	mu.input, cmd = mu.input.Update(msg)
	return cmd
}

func (m *Model) openCopyMenu() { m.openMenu("copy to the clipboard", m.copyItems()) }
func (m *Model) openPresets() tea.Cmd {
	m.openMenu("filter presets (the filter input opens with the choice)", m.presetItems())
	return m.askWhoami()
}
func (m *Model) closeMenu() { m.menu, m.overlay = nil, overlayNone }

func (m *Model) openMenu(title string, items []menuItem) {
	m.menu = newMenu(title, items, m.styles, m.width)
	m.overlay = overlayMenu
}

// onMenuKey moves in the menu, asks for the argument of the chosen item
// and runs it.
func (m *Model) onMenuKey(k tea.KeyMsg) tea.Cmd {
	mu := m.menu
	if mu.prompting {
		switch {
		case key.Matches(k, mu.keys.Cancel):
			mu.prompting, mu.err = false, ""
			mu.input.Blur()
			return nil
		case k.Type == tea.KeyEnter:
			arg := strings.TrimSpace(mu.input.Value())
			if arg == "" {
				mu.err = "type a value, or esc to go back"
				return nil
			}
			return m.runMenuItem(mu.items[mu.cursor], arg)
		}
		var cmd tea.Cmd
		mu.input, cmd = mu.input.Update(k)
		return cmd
	}
	switch {
	case key.Matches(k, mu.keys.Cancel):
		m.closeMenu()
	case key.Matches(k, mu.keys.Up):
		mu.cursor = (mu.cursor + len(mu.items) - 1) % len(mu.items)
	case key.Matches(k, mu.keys.Down):
		mu.cursor = (mu.cursor + 1) % len(mu.items)
	case key.Matches(k, mu.keys.Choose):
		return m.chooseMenuItem()
	case len(k.Runes) == 1 && k.Runes[0] >= '1' && k.Runes[0] <= '9':
		if i := int(k.Runes[0] - '1'); i < len(mu.items) {
			mu.cursor = i
			return m.chooseMenuItem()
		}
	}
	return nil
}

func (m *Model) chooseMenuItem() tea.Cmd {
	mu := m.menu
	it := mu.items[mu.cursor]
	if it.prompt == "" {
		return m.runMenuItem(it, "")
	}
	mu.prompting, mu.err = true, ""
	mu.input.SetValue("")
	if it.initial != nil {
		mu.input.SetValue(it.initial(m))
		mu.input.CursorEnd()
	}
	return mu.input.Focus()
}

// runMenuItem runs the item and closes the menu; an item that refuses its
// argument (a bad IP range) keeps the menu open with the reason.
func (m *Model) runMenuItem(it menuItem, arg string) tea.Cmd {
	cmd, err := it.run(m, arg)
	if err != nil {
		m.menu.err = m.safe(err.Error())
		return nil
	}
	m.closeMenu()
	return cmd
}

// view draws the menu in the body area.
func (mu *menu) view(height int) string {
	st := mu.styles
	lines := []string{st.Title.Render(mu.title), ""}
	for i, it := range mu.items {
		marker := "  "
		label := fmt.Sprintf("%d  %s", i+1, it.label)
		if i >= 9 {
			label = "   " + it.label
		}
		if i == mu.cursor {
			marker = "▶ "
			label = st.TableSelected.Render(label)
		}
		lines = append(lines, marker+label)
	}
	if mu.prompting {
		lines = append(lines, "", st.Accent.Render(mu.items[mu.cursor].prompt), mu.input.View())
		if mu.err != "" {
			lines = append(lines, st.Error.Render(mu.err))
		}
	}
	for i, l := range lines {
		lines[i] = "  " + common.Truncate(l, mu.width-2)
	}
	return fixHeight(strings.Join(lines, "\n"), height)
}
