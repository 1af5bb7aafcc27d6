package tui

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/filters"
	"github.com/auditlog/auditlog/tui/builder"
	"github.com/auditlog/auditlog/tui/common"
	"github.com/auditlog/auditlog/tui/count"
	"github.com/auditlog/auditlog/tui/detail"
	"github.com/auditlog/auditlog/tui/facets"
	"github.com/auditlog/auditlog/tui/filterbar"
	"github.com/auditlog/auditlog/tui/help"
	"github.com/auditlog/auditlog/tui/histogram"
	"github.com/auditlog/auditlog/tui/history"
	"github.com/auditlog/auditlog/tui/loader"
	"github.com/auditlog/auditlog/tui/menu"
	"github.com/auditlog/auditlog/tui/pivot"
	"github.com/auditlog/auditlog/tui/seen"
	"github.com/auditlog/auditlog/tui/statusbar"
	"github.com/auditlog/auditlog/tui/table"
)

// state is where the explorer is: waiting for its first page, showing
// rows, or stopped on a blocking error (no credentials, no server).
type state int

const (
	stateLoading state = iota
	stateReady
	stateError
)

// focus is the pane that receives the keys the root does not take.
type focus int

const (
	focusTable focus = iota
	focusDetail
)

// overlay is what is drawn over the panes, if anything.
type overlay int

const (
	overlayNone overlay = iota
	overlayHelp
	overlayMenu
	overlayPivot
	overlayFacets
	overlayBuilder
)

// Model is the root of the explorer. It routes messages to the focused
// component and lays the components out; the work is in the components and
// in the request commands of query.go.
type Model struct {
	opts Options
	ctx  context.Context
	keys KeyMap
	com  common.Common // what every component is built with

	state         state
	fatal         error
	width, height int
	tableHeight   int
	wide          bool

	filterbar  filterbar.Model
	table      table.Model
	detail     detail.Model
	status     statusbar.Model
	count      count.Model
	chart      histogram.Model   // the time histogram under the filter bar
	facets     facets.Model      // the facets panel (v)
	pivots     pivot.Model       // the "filter by this" menu (i)
	back       pivot.Stack[view] // the views pivots and history left
	help       help.Model
	menu       menu.Model
	builder    builder.Model
	seen       seen.Values // what the loaded rows offer the filter helpers
	overlay    overlay
	focus      focus
	detailFull bool // narrow terminals: the detail pane takes the body

	loader      loader.Model
	q           client.Query
	shown       *client.Query // the query whose rows are on screen
	pendingJump int           // row to move to when the page holding it arrives; -1 none
	selected    string
	hist        *history.Model // the object history on screen, if any
	localTime   bool
	me          string // the user's name, for the claim preset
	meAsked     bool
	initCmd     tea.Cmd
}

// Init starts the first query. newModel has already prepared it: Init's
// receiver is a copy, so the generation and cancel func must be set before.
func (m Model) Init() tea.Cmd { return m.initCmd }

// Update routes a message.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.resize(msg.Width, msg.Height)
		return m, nil
	case loader.PageMsg:
		cmd = m.onPage(msg)
	case loader.HistoryMsg:
		cmd = m.onHistory(msg)
	case copiedMsg:
		cmd = m.onCopied(msg)
	case recentSavedMsg:
		if msg.err != nil {
			cmd = m.flash(statusbar.Warn, "recent filters not saved: "+m.safe(msg.err.Error()))
		}
	case pivot.ChosenMsg, pivot.ClosedMsg, facets.Msg, facets.ChosenMsg, facets.ClosedMsg,
		histogram.Msg, histogram.NarrowMsg, histogram.WidenMsg, count.Msg:
		cmd = m.onInvestigate(msg)
	case whoamiMsg:
		m.me = msg.user
		m.builder.SetMe(msg.user)
	case menu.FilterMsg:
		cmd = m.editFilter(msg.Filter)
	case builder.AppliedMsg, builder.CancelledMsg, builder.CopyMsg, builder.SavedChangedMsg:
		cmd = m.onBuilderMsg(msg)
	case menu.CopyMsg:
		cmd = m.copyText(msg)
	case retryMsg:
		m.state, m.fatal = stateLoading, nil
		cmd = m.requery()
	case statusbar.ClearMsg, spinner.TickMsg:
		m.status, cmd = m.status.Update(msg)
	case filterbar.AppliedMsg:
		cmd = m.applyFilter(msg.Filter)
		if len(msg.Warnings) > 0 {
			cmd = tea.Batch(cmd, m.flash(statusbar.Warn, strings.Join(msg.Warnings, "; ")))
		}
	case filterbar.CancelledMsg:
	case help.ClosedMsg:
		m.overlay = overlayNone
	case tea.KeyMsg:
		var cmds []tea.Cmd
		for _, k := range splitBurst(msg) {
			var c tea.Cmd
			m, c = m.onKey(k)
			cmds = append(cmds, c)
		}
		cmd = tea.Batch(cmds...)
	case tea.MouseMsg:
		if m.state == stateReady && m.overlay == overlayNone {
			if msg.Action == tea.MouseActionPress && msg.Button == tea.MouseButtonLeft {
				cmd = m.click(msg.X, msg.Y)
			} else {
				cmd = m.routeToPane(msg)
			}
		}
	default:
		// Cursor blinks and the like belong to whichever input is open.
		if m.filterbar.Editing() {
			m.filterbar, cmd = m.filterbar.Update(msg)
			m.layout() // a check's message may change the bar's height
		} else if m.overlay == overlayMenu {
			m.menu, cmd = m.menu.Update(msg)
		} else if m.overlay == overlayBuilder {
			m.builder, cmd = m.builder.Update(msg)
		}
	}
	m.syncStatus()
	if m.bodyHeight() != m.tableHeight {
		m.layout() // a message wrapped onto more lines, or fewer
	}
	return m, cmd
}

// splitBurst returns the keys of msg one by one. Bubble Tea v1 delivers
// runes that arrive in one read as a single message ("jj" when j is held
// down or keys are sent by a script), which would match no binding; a
// paste stays whole.
func splitBurst(msg tea.KeyMsg) []tea.KeyMsg {
	if msg.Type != tea.KeyRunes || msg.Paste || len(msg.Runes) < 2 {
		return []tea.KeyMsg{msg}
	}
	keys := make([]tea.KeyMsg, len(msg.Runes))
	for i, r := range msg.Runes {
		keys[i] = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt}
	}
	return keys
}

// onKey takes the keys in order: ctrl+c always quits; the error view, an
// open input and an overlay come before the explorer's keys; what is left
// goes to the focused pane.
func (m Model) onKey(k tea.KeyMsg) (Model, tea.Cmd) {
	if k.String() == "ctrl+c" {
		return m, m.quit()
	}
	m.status.Dismiss() // an error stays until the next action
	if m.state == stateError {
		switch {
		case key.Matches(k, m.keys.Quit):
			return m, m.quit()
		case key.Matches(k, m.keys.Reload) && m.canRetry():
			return m, func() tea.Msg { return retryMsg{} }
		}
		return m, nil
	}
	if m.filterbar.Editing() {
		var cmd tea.Cmd
		m.filterbar, cmd = m.filterbar.Update(k)
		m.layout() // the error lines change the bar's height
		return m, cmd
	}
	switch m.overlay {
	case overlayHelp:
		var cmd tea.Cmd
		m.help, cmd = m.help.Update(k)
		return m, cmd
	case overlayMenu:
		var cmd tea.Cmd
		m.menu, cmd = m.menu.Update(k)
		if !m.menu.Open() {
			m.overlay = overlayNone
		}
		return m, cmd
	case overlayPivot:
		var cmd tea.Cmd
		m.pivots, cmd = m.pivots.Update(k)
		return m, cmd
	case overlayFacets:
		var cmd tea.Cmd
		m.facets, cmd = m.facets.Update(k)
		return m, cmd
	case overlayBuilder:
		var cmd tea.Cmd
		m.builder, cmd = m.builder.Update(k)
		return m, cmd
	}
	switch {
	case key.Matches(k, m.keys.Quit):
		return m, m.quit()
	case key.Matches(k, m.keys.Help):
		m.openHelp()
		return m, nil
	case key.Matches(k, m.keys.Filter):
		return m, m.editFilter("")
	case key.Matches(k, m.keys.Presets):
		return m, m.openBuilder()
	case key.Matches(k, m.keys.Copy):
		m.openMenu("copy to the clipboard", append(menu.CopyItems(m.q, m.opts.BaseURL, m.now()), m.entryCopyItems()...))
		return m, nil
	case key.Matches(k, m.keys.Tier):
		return m, m.cycleTier()
	case key.Matches(k, m.keys.Sort):
		m.q.Sort.Order = flipOrder(m.q.Sort.Order)
		return m, m.changed()
	case key.Matches(k, m.keys.Reload):
		return m, m.changed()
	case key.Matches(k, m.keys.Zone):
		m.toggleZone()
		return m, nil
	case key.Matches(k, m.keys.Pivot):
		return m, m.openPivots()
	case key.Matches(k, m.keys.Facets):
		m.overlay = overlayFacets
		return m, m.facets.SetQuery(m.ctx, m.listOptions())
	case key.Matches(k, m.keys.BackView):
		return m, m.popView()
	case m.hist == nil && m.chart.Handles(k):
		var cmd tea.Cmd
		m.chart, cmd = m.chart.Update(k)
		return m, cmd
	case key.Matches(k, m.keys.History):
		return m, m.toggleHistory()
	case key.Matches(k, m.keys.Focus):
		m.toggleFocus()
		return m, nil
	case key.Matches(k, m.keys.Open) && m.focus == focusTable:
		m.setFocus(focusDetail)
		return m, nil
	case key.Matches(k, m.keys.Back) && m.focus == focusDetail:
		m.setFocus(focusTable)
		return m, nil
	case key.Matches(k, m.keys.Back) && m.hist != nil:
		return m, m.toggleHistory()
	case key.Matches(k, m.keys.NextPage) && m.focus == focusTable && m.hist == nil:
		return m, m.nextPage()
	case key.Matches(k, m.keys.PrevPage) && m.focus == focusTable && m.hist == nil:
		m.prevPage()
		return m, nil
	}
	return m, m.routeToPane(k)
}

// routeToPane gives a message to the focused pane; table moves may show
// another entry and may need the next page.
func (m *Model) routeToPane(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	if m.focus == focusDetail {
		m.detail, cmd = m.detail.Update(msg)
		return cmd
	}
	m.table, cmd = m.table.Update(msg)
	m.syncDetail()
	return tea.Batch(cmd, m.prefetch())
}

// click selects the row under the pointer (and gives the table the
// focus); on a wide screen a click right of the table focuses the detail.
func (m *Model) click(x, y int) tea.Cmd {
	if m.detailFull {
		return nil
	}
	if m.wide && x > m.table.Width() {
		m.setFocus(focusDetail)
		return nil
	}
	i, ok := m.table.RowAt(y - m.filterbar.Height() - 1 - m.chartHeight()) // below the bar, its rule and the histogram
	if !ok {
		return nil
	}
	if m.focus != focusTable {
		m.setFocus(focusTable)
	}
	m.table.SetCursor(i)
	m.syncDetail()
	return m.prefetch()
}

func (m *Model) quit() tea.Cmd {
	m.stopRequest()
	return tea.Quit
}

// changed re-runs the query after a change of filter, tier or sort, and
// shows the change at once in the filter bar.
func (m *Model) changed() tea.Cmd {
	if m.hist != nil {
		m.hist = nil
		m.layout() // the histogram comes back
	}
	m.syncBars()
	return m.requery()
}

func (m *Model) applyFilter(f string) tea.Cmd {
	m.q.Filter = f
	m.layout()
	return tea.Batch(m.changed(), m.saveRecent())
}

func (m *Model) cycleTier() tea.Cmd {
	m.q.Tier = m.q.Tier.Next()
	if m.hist != nil { // the history stays, with that tier's versions
		m.showHistory()
		return nil
	}
	m.table.SetShowTier(m.q.Tier == client.TierBoth)
	cmd := m.changed()
	if w := archiveLint(m.q); w != "" {
		return tea.Batch(cmd, m.flash(statusbar.Warn, m.safe(w)))
	}
	return cmd
}

func (m *Model) editFilter(value string) tea.Cmd {
	m.filterbar.SetSuggestions(m.seen.Suggestions())
	cmd := m.filterbar.Focus(value)
	m.layout()
	return cmd
}

func (m *Model) toggleFocus() {
	if m.focus == focusTable {
		m.setFocus(focusDetail)
	} else {
		m.setFocus(focusTable)
	}
}

// setFocus moves the focus; on a narrow terminal the detail pane takes the
// whole body while it has the focus.
func (m *Model) setFocus(f focus) {
	m.focus = f
	if f == focusDetail {
		m.table.Blur()
		m.detail.Focus()
	} else {
		m.detail.Blur()
		m.table.Focus()
	}
	m.detailFull = f == focusDetail && !m.wide
	m.syncDetail()
}

// syncDetail shows the entry under the cursor in the detail pane. While
// the pane is hidden (a narrow terminal with the table focused) it does
// nothing: laying an entry out costs far more than a key press, so the
// pane catches up when it shows (setFocus, layout).
func (m *Model) syncDetail() {
	if !m.wide && m.focus != focusDetail {
		return
	}
	e, ok := m.table.Selected()
	if !ok {
		m.selected = ""
		m.detail.Clear() // a query that matches nothing shows no old entry
		return
	}
	id := e.Tier.String() + "/" + e.UUID
	if id == m.selected {
		return
	}
	m.selected = id
	m.detail.SetEntry(e)
	if m.hist != nil {
		m.detail.SetChanges(m.hist.ChangesAt(m.table.Cursor()))
	}
}

// syncBars tells the filter bar what the query is.
func (m *Model) syncBars() {
	q := m.q
	m.filterbar.SetFilter(q.Filter)
	m.filterbar.SetCheck(filters.PrepareOptions{Archive: q.Tier == client.TierArchive, Unchecked: m.opts.Unchecked})
	m.filterbar.SetContext(filterbar.Context{
		Namespace: q.Namespace, Traverse: q.Traverse, Tier: q.Tier.String(),
		Sort: sortLabel(q), Zone: m.zoneName(), Mode: m.mode(),
	})
}

// syncStatus tells the status bar the counts and the hints.
func (m *Model) syncStatus() {
	n := m.table.Len()
	c := statusbar.Counts{Loaded: n, More: m.loader.HasMore(), Cursor: m.table.Cursor(), Pages: m.loader.Pages()}
	c.Total, c.TotalKnown = m.count.Total()
	if e, ok := m.table.Selected(); ok {
		m.chart.SetSelected(e.Meta.CreateTime)
	}
	if size := m.q.PageSize; size > 0 && n > 0 {
		c.Page = m.table.Cursor()/size + 1
		c.Pages = (n + size - 1) / size
	}
	m.status.SetCounts(c)
	m.status.SetHints(m.help.ShortView(m.shortHelp(), m.width))
}

func (m *Model) shortHelp() []key.Binding {
	switch {
	case m.filterbar.Editing():
		return m.filterbar.KeyMap.ShortHelp()
	case m.overlay == overlayMenu:
		return m.menu.KeyMap.ShortHelp()
	case m.overlay == overlayPivot:
		return m.pivots.KeyMap.ShortHelp()
	case m.overlay == overlayFacets:
		return m.facets.KeyMap.ShortHelp()
	case m.overlay == overlayBuilder:
		return m.builder.ShortHelp()
	case m.focus == focusDetail:
		return append([]key.Binding{m.keys.Back, m.keys.Focus}, m.detail.ShortHelp()...)
	}
	return m.keys.ShortHelp()
}

func (m *Model) openMenu(title string, items []menu.Item) {
	c := m.com
	c.Width, c.Height = m.width, m.tableHeight
	m.menu, m.overlay = menu.New(c, title, items), overlayMenu
}

func (m *Model) openHelp() {
	sections := []help.Section{{Title: "explorer", Columns: m.keys.FullHelp()}}
	if m.focus == focusDetail {
		sections = append(sections, help.Section{Title: "detail pane", Columns: m.detail.FullHelp()})
	} else {
		sections = append(sections, help.Section{Title: "results table", Columns: m.table.KeyMap.FullHelp()})
	}
	sections = append(sections, help.Section{Title: "filter input (/)", Columns: m.filterbar.KeyMap.FullHelp()})
	m.help.SetSections(sections)
	m.overlay = overlayHelp
}

// canRetry reports whether the error view may start over: not when the
// credentials were missing before the start (they come from the
// environment, which the explorer cannot change).
func (m *Model) canRetry() bool { return m.opts.Err == nil }

// safe makes a string from the server (or from an error that quotes one)
// safe to draw.
func (m *Model) safe(s string) string { return common.Sanitize(s) }
