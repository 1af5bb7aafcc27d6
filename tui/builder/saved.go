package builder

import (
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/tui/common"
)

// SavedChangedMsg tells the root the saved filters after a save, rename
// or delete, so that the next builder opens with them.
type SavedChangedMsg struct{ Saved []Saved }

// savedMsg reports the end of a change to the config file.
type savedMsg struct {
	list []Saved
	note string
	err  error
}

// onSavedKey loads (space), saves the preview as a new name (n), renames
// (r) and deletes (d twice) saved filters.
func (m Model) onSavedKey(k tea.KeyMsg, d int) (Model, tea.Cmd) {
	list := m.opts.Saved
	switch {
	case d != 0:
		if len(list) > 0 {
			m.savedCur = step(m.savedCur, d, len(list))
		}
		m.deleteArmed = false
		return m, nil
	case key.Matches(k, m.KeyMap.SaveNew):
		if m.opts.SaveFilter == nil {
			m.note = "saving needs the config file (not available here)"
			return m, nil
		}
		if m.built.canonical == "" {
			m.note = "the form is empty: nothing to save"
			return m, nil
		}
		return m, m.openPrompt("save", "")
	}
	if len(list) == 0 {
		return m, nil
	}
	cur := list[m.savedCur]
	switch {
	case key.Matches(k, m.KeyMap.Toggle):
		f, err := recognise(cur.Filter, m.opts.Location)
		if err != nil {
			m.note = "saved filter " + common.Sanitize(cur.Name) + " does not parse: " + common.Sanitize(err.Error())
			return m, nil
		}
		m.setForm(f)
		m.note = "loaded " + common.Sanitize(cur.Name)
		return m, m.schedule()
	case key.Matches(k, m.KeyMap.Rename) && m.opts.RenameFilter != nil:
		return m, m.openPrompt("rename", cur.Name)
	case key.Matches(k, m.KeyMap.Delete) && m.opts.DeleteFilter != nil:
		if !m.deleteArmed {
			m.deleteArmed = true
			m.note = "d again deletes " + common.Sanitize(cur.Name)
			return m, nil
		}
		m.deleteArmed = false
		del, name := m.opts.DeleteFilter, cur.Name
		next := slices.DeleteFunc(slices.Clone(list), func(s Saved) bool { return s.Name == name })
		return m, func() tea.Msg {
			return savedMsg{list: next, note: "deleted " + name, err: del(name)}
		}
	}
	return m, nil
}

func (m *Model) openPrompt(what, value string) tea.Cmd {
	in := newInput("a name")
	in.SetValue(value)
	in.CursorEnd()
	m.prompt, m.promptFor = &in, what
	return in.Focus()
}

func (m Model) onPromptKey(k tea.KeyMsg) (Model, tea.Cmd) {
	switch k.Type {
	case tea.KeyEsc:
		m.prompt = nil
		return m, nil
	case tea.KeyEnter:
		name := strings.TrimSpace(m.prompt.Value())
		if name == "" || strings.ContainsAny(name, "\n\r") {
			m.note = "type a name (or esc)"
			return m, nil
		}
		list := slices.Clone(m.opts.Saved)
		for _, s := range list {
			if s.Name == name && (m.promptFor == "save" || s.Name != list[m.savedCur].Name) {
				m.note = "a saved filter is already called " + common.Sanitize(name)
				return m, nil
			}
		}
		m.prompt = nil
		if m.promptFor == "rename" {
			old := list[m.savedCur].Name
			list[m.savedCur].Name = name
			ren := m.opts.RenameFilter
			return m, func() tea.Msg {
				return savedMsg{list: list, note: "renamed " + old + " to " + name, err: ren(old, name)}
			}
		}
		f, save := m.built.canonical, m.opts.SaveFilter
		list = append(list, Saved{Name: name, Filter: f})
		return m, func() tea.Msg { return savedMsg{list: list, note: "saved as " + name, err: save(name, f)} }
	}
	var cmd tea.Cmd
	*m.prompt, cmd = m.prompt.Update(k)
	return m, cmd
}

// onSaved takes the new list when the config file was written; it tells
// the root too.
func (m Model) onSaved(msg savedMsg) (Model, tea.Cmd) {
	if msg.err != nil {
		m.note = "not saved: " + common.Sanitize(msg.err.Error())
		return m, nil
	}
	m.SetSaved(msg.list)
	m.note = common.Sanitize(msg.note)
	list := msg.list
	return m, func() tea.Msg { return SavedChangedMsg{Saved: list} }
}
