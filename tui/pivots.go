package tui

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/tui/common"
	"github.com/auditlog/auditlog/tui/count"
	"github.com/auditlog/auditlog/tui/facets"
	"github.com/auditlog/auditlog/tui/histogram"
	"github.com/auditlog/auditlog/tui/history"
	"github.com/auditlog/auditlog/tui/loader"
	"github.com/auditlog/auditlog/tui/pivot"
	"github.com/auditlog/auditlog/tui/statusbar"
	"github.com/auditlog/auditlog/tui/table"
)

// view is what a pivot leaves and Backspace brings back exactly: the query
// (filter, tier, sort), the rows with their cursor and scroll, the paging
// state and the history shown, if any.
type view struct {
	q      client.Query
	table  table.Model
	paging loader.Position
	hist   *history.Model
	// narrowed is set on a view the histogram narrowed: what - widens to.
	narrowed bool
}

// bodyCommon is the Common of a component drawn in the body.
func (m *Model) bodyCommon() common.Common {
	c := m.com
	c.Width, c.Height = m.width, m.tableHeight
	return c
}

// onInvestigate routes the messages of the investigation tools: pivots,
// facets, the histogram and the count.
func (m *Model) onInvestigate(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case pivot.ChosenMsg:
		cmd = m.applyPivot(msg.Pivot)
	case facets.ChosenMsg:
		cmd = m.applyPivot(pivot.Pivot{Label: msg.Label, Filter: msg.Filter})
	case pivot.ClosedMsg, facets.ClosedMsg:
		m.overlay = overlayNone
	case facets.Msg:
		m.facets, cmd = m.facets.Update(msg)
	case histogram.Msg:
		m.chart, cmd = m.chart.Update(msg)
	case histogram.NarrowMsg:
		cmd = m.narrow(msg)
	case histogram.WidenMsg:
		cmd = m.widen()
	case count.Msg:
		m.count, cmd = m.count.Update(msg)
	}
	return cmd
}

// openPivots opens "filter by this" over the selected entry.
func (m *Model) openPivots() tea.Cmd {
	e, ok := m.table.Selected()
	if !ok {
		return m.flash(statusbar.Info, "no row selected")
	}
	m.pivots = pivot.New(m.bodyCommon(), pivot.For(e))
	m.overlay = overlayPivot
	return nil
}

// applyPivot pushes the view and moves to the pivot's filter (or the
// object's history), keeping tier and sort.
func (m *Model) applyPivot(p pivot.Pivot) tea.Cmd {
	m.overlay = overlayNone
	m.pushView(p.Label)
	if p.History {
		return m.openHistory(p.UUID)
	}
	m.q.Filter = p.Filter
	m.layout()
	return tea.Batch(m.changed(), m.flash(statusbar.Info, m.trail()))
}

func (m *Model) pushView(label string) { m.back.Push(common.Sanitize(label), m.snapshot()) }

func (m *Model) snapshot() view {
	return view{q: m.q, table: m.table, paging: m.loader.Position(), hist: m.hist}
}

// narrow moves to the histogram's bucket as a pivot: Backspace or -
// return.
func (m *Model) narrow(msg histogram.NarrowMsg) tea.Cmd {
	v := m.snapshot()
	v.narrowed = true
	m.back.Push(common.Sanitize(msg.Label), v)
	m.q.Filter = msg.Filter
	m.layout()
	return tea.Batch(m.changed(), m.flash(statusbar.Info, m.trail()))
}

// widen returns to the view the last narrowing left.
func (m *Model) widen() tea.Cmd {
	if v, ok := m.back.Top(); !ok || !v.narrowed {
		return m.flash(statusbar.Info, "nothing to widen: + narrows to the marked bucket first")
	}
	return m.popView()
}

// popView returns to the view the last pivot (or history) left, as it
// was: no request but the aggregates of the restored query.
func (m *Model) popView() tea.Cmd {
	v, ok := m.back.Pop()
	if !ok {
		return m.flash(statusbar.Info, "nothing to go back to")
	}
	m.stopRequest()
	m.loader.Restore(v.paging)
	m.q, m.table, m.hist = v.q, v.table, v.hist
	shown := v.q
	m.shown, m.selected, m.pendingJump = &shown, "", -1
	if m.hist == nil {
		m.detail.SetChanges(nil)
	}
	m.setFocus(m.focus) // the restored table takes the focus it had, the pane its entry
	m.syncBars()
	m.layout()
	msg := "back to the previous view"
	if n := m.back.Len(); n > 0 {
		msg = m.trail()
	}
	return tea.Batch(m.aggregate(), m.flash(statusbar.Info, msg))
}

// chartHeight is the height of the histogram: none in a history, whose
// versions are few and whose range is the object's life.
func (m *Model) chartHeight() int {
	if m.hist != nil {
		return 0
	}
	return m.chart.Height()
}

// mode is what the filter bar says of the view: history, and how many
// views Backspace can return to.
func (m *Model) mode() string {
	mode := ""
	if m.hist != nil {
		mode = "history"
	}
	if n := m.back.Len(); n > 0 {
		mode = strings.TrimPrefix(mode+fmt.Sprintf(" · back %d (⌫)", n), " · ")
	}
	return mode
}

// trail is the breadcrumb of the pivots taken.
func (m *Model) trail() string {
	return fmt.Sprintf("pivot %s — backspace returns", m.back.Breadcrumb(max(m.width-40, 20)))
}

// aggregate starts what is computed over the whole query in force: its
// count (a history knows its own).
func (m *Model) aggregate() tea.Cmd {
	if m.hist != nil {
		m.count.SetTotal(int64(m.hist.Shown()))
		m.chart.Stop()
		return nil
	}
	opts := m.listOptions()
	return tea.Batch(m.count.SetQuery(m.ctx, opts), m.chart.SetQuery(m.ctx, opts, m.now()))
}
