package tui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/tui/menu"
	"github.com/auditlog/auditlog/tui/statusbar"
)

// copyText puts c.Text on the clipboard (Options.Copy, off the UI
// goroutine); an empty text is nothing to copy, and says so rather than
// emptying the user's clipboard.
func (m *Model) copyText(c menu.CopyMsg) tea.Cmd {
	if c.Text == "" {
		return m.flash(statusbar.Info, "nothing to copy: the "+c.What+" is empty")
	}
	cp := m.opts.Copy
	return func() tea.Msg {
		via, err := cp(c.Text)
		return copiedMsg{what: c.What, via: via, err: err}
	}
}

func (m *Model) onCopied(msg copiedMsg) tea.Cmd {
	if msg.err != nil {
		return m.flash(statusbar.Error, "copy failed: "+m.safe(msg.err.Error()))
	}
	return m.flash(statusbar.Info, "copied the "+msg.what+" to the "+msg.via)
}

// entryCopyItems are the copy menu's choices about the selected entry,
// with the value under the detail pane's cursor when the pane shows it.
func (m *Model) entryCopyItems() []menu.Item {
	e, ok := m.table.Selected()
	if !ok {
		return nil
	}
	v, has := "", false
	if shown, ok := m.detail.Entry(); ok && shown.UUID == e.UUID {
		v, has = m.detail.Value()
	}
	return menu.EntryItems(e, v, has)
}
