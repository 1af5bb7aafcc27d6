package tui

import (
	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/tui/history"
	"github.com/auditlog/auditlog/tui/loader"
	"github.com/auditlog/auditlog/tui/statusbar"
)

// toggleHistory opens the history of the object of the selected row, or
// goes back to the view it replaced.
func (m *Model) toggleHistory() tea.Cmd {
	if m.hist != nil {
		return m.popView()
	}
	e, ok := m.table.Selected()
	if !ok {
		return m.flash(statusbar.Info, "no row selected")
	}
	uuid := e.Spec.MessageUUID
	if uuid == "" {
		return m.flash(statusbar.Warn, "this entry names no object (spec.message_uuid is empty)")
	}
	m.pushView("history of " + uuid)
	return m.openHistory(uuid)
}

// openHistory asks for the versions of uuid; the view to return to is
// already on the back stack.
func (m *Model) openHistory(uuid string) tea.Cmd {
	return m.fetch("loading history", m.loader.History(m.q.Namespace, uuid))
}

func (m *Model) onHistory(msg loader.HistoryMsg) tea.Cmd {
	if !m.loader.Take(msg) {
		return nil
	}
	m.status.Stop()
	if msg.Err != nil {
		m.back.Pop() // the view was never left
		return m.flash(statusbar.Error, "history: "+m.safe(errorText(msg.Err)))
	}
	h := history.New(m.com, msg.UUID, msg.Versions)
	m.hist, m.q = &h, h.Query(m.q)
	m.showHistory()
	return m.flash(statusbar.Info, h.Summary())
}

// showHistory puts the versions of the tier in force in the table.
func (m *Model) showHistory() {
	entries := m.hist.Show(m.q.Tier)
	m.table.SetEmptyMessage("no version of this object on the " + m.q.Tier.String() + " tier (a for another tier, esc returns)")
	m.table.SetEntries(entries)
	m.table.SetShowTier(true)
	m.table.SetCursor(0)
	m.selected = ""
	m.count.SetTotal(int64(len(entries)))
	m.detail.SetChanges(nil)
	m.syncDetail()
	m.syncBars()
	m.layout() // no histogram in a history
}
