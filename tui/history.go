package tui

import (
	"context"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/tui/statusbar"
)

// history is the object-history view (h): every entry about one object,
// from both stores, oldest first, each with what its payload changed. The
// query it replaced comes back with esc or h.
type history struct {
	uuid     string
	versions []client.Version
	saved    query
}

// changesAt returns the changes of version i.
func (h *history) changesAt(i int) []client.Change {
	if i < 0 || i >= len(h.versions) {
		return nil
	}
	return h.versions[i].Changes
}

// toggleHistory opens the history of the object of the selected row, or
// goes back to the query it replaced.
func (m *Model) toggleHistory() tea.Cmd {
	if m.hist != nil {
		m.q = m.hist.saved
		m.table.SetShowTier(m.q.tier == client.TierBoth)
		m.detail.SetChanges(nil)
		return m.changed()
	}
	e, ok := m.table.Selected()
	if !ok {
		return m.flash(statusbar.Info, "no row selected")
	}
	uuid := e.Spec.MessageUUID
	if uuid == "" {
		return m.flash(statusbar.Warn, "this entry names no object (spec.message_uuid is empty)")
	}
	m.gen++
	m.stopRequest()
	ctx, cancel := context.WithCancel(m.ctx)
	m.cancel, m.inflight = cancel, true
	gen, c, ns := m.gen, m.opts.Client, m.q.namespace
	fetch := func() tea.Msg {
		vs, err := c.History(ctx, ns, uuid)
		return historyMsg{gen: gen, uuid: uuid, versions: vs, err: err}
	}
	return tea.Batch(m.status.Start("loading history"), fetch)
}

func (m *Model) onHistory(msg historyMsg) tea.Cmd {
	if msg.gen != m.gen {
		return nil
	}
	m.stopRequest()
	if msg.err != nil {
		return m.flash(statusbar.Error, "history: "+m.safe(errorText(msg.err)))
	}
	saved := m.q
	if m.hist != nil {
		saved = m.hist.saved
	}
	m.hist = &history{uuid: msg.uuid, versions: msg.versions, saved: saved}
	m.q = query{
		namespace: saved.namespace, traverse: true, tier: client.TierBoth,
		filter: client.HistoryFilter(msg.uuid), ascending: true, pageSize: saved.pageSize,
	}
	entries := make([]client.Entry, len(msg.versions))
	for i, v := range msg.versions {
		entries[i] = v.Entry
	}
	m.table.SetEntries(entries)
	m.table.SetShowTier(true)
	m.table.SetCursor(0)
	m.next, m.pages, m.selected = "", 1, ""
	m.count.SetTotal(int64(len(entries)))
	m.syncDetail()
	m.syncBars()
	return m.flash(statusbar.Info, fmt.Sprintf("history of %s: %d versions, oldest first — esc returns", m.safe(msg.uuid), len(msg.versions)))
}
