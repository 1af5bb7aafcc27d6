package tui

import (
	"context"
	"fmt"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/tui/statusbar"
)

// history is the object-history mode (h): every entry about one object,
// from both stores, oldest first, each with what its payload changed. It
// is a view on the back stack: esc (or h) returns to the exact view it
// replaced. The tier key stays in the mode and shows the versions of one
// store or both.
type history struct {
	uuid     string
	versions []client.Version
	shown    []int // the versions on screen (of the tier in force), by index
}

// changesAt returns the changes of the version on row i.
func (h *history) changesAt(i int) []client.Change {
	if i < 0 || i >= len(h.shown) {
		return nil
	}
	return h.versions[h.shown[i]].Changes
}

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
		m.back.Pop() // the view was never left
		return m.flash(statusbar.Error, "history: "+m.safe(errorText(msg.err)))
	}
	m.hist = &history{uuid: msg.uuid, versions: msg.versions}
	m.q = query{
		namespace: m.q.namespace, traverse: true, tier: client.TierBoth,
		filter: client.HistoryFilter(msg.uuid), ascending: true, pageSize: m.q.pageSize,
	}
	m.showHistory()
	return m.flash(statusbar.Info, fmt.Sprintf("history of %s: %d versions, oldest first — esc returns", m.safe(msg.uuid), len(msg.versions)))
}

// showHistory puts the versions of the tier in force in the table.
func (m *Model) showHistory() {
	h := m.hist
	h.shown = nil
	entries := make([]client.Entry, 0, len(h.versions))
	for i, v := range h.versions {
		if m.q.tier == client.TierBoth || v.Entry.Tier == m.q.tier {
			h.shown = append(h.shown, i)
			entries = append(entries, v.Entry)
		}
	}
	m.table.SetEmptyMessage("no version of this object on the " + m.q.tier.String() + " tier (a for another tier, esc returns)")
	m.table.SetEntries(entries)
	m.table.SetShowTier(true)
	m.table.SetCursor(0)
	m.next, m.pages, m.selected = "", 1, ""
	m.count.SetTotal(int64(len(entries)))
	m.detail.SetChanges(nil)
	m.syncDetail()
	m.syncBars()
}
