package tui

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/tui/statusbar"
)

// sortPath is the one field the explorer sorts by.
const sortPath = "meta.create_time"

// query is what the table shows: everything that goes into a list request
// except the cursor.
type query struct {
	namespace string
	traverse  bool
	tier      client.Tier
	filter    string
	ascending bool // false: newest first, the default (investigators start from now)
	pageSize  int
}

func (q query) params() api.ListParameters {
	order := api.SortOrderDesc
	if q.ascending {
		order = api.SortOrderAsc
	}
	return api.ListParameters{
		Filter:   q.filter,
		PageSize: q.pageSize,
		Traverse: q.traverse,
		Sort:     api.Sort{Path: sortPath, Order: order},
	}
}

func (q query) listOptions(cursor string) client.ListOptions {
	return client.ListOptions{Namespace: q.namespace, Tier: q.tier, ListParameters: q.params(), Cursor: cursor}
}

// clientQuery is the query as client.Render* takes it.
func (q query) clientQuery() client.Query {
	return client.Query{Namespace: q.namespace, Tier: q.tier, ListParameters: q.params()}
}

func (q query) sortLabel() string {
	if q.ascending {
		return "oldest first"
	}
	return "newest first"
}

// requery starts the query m.q from its first page: what is in flight is
// cancelled and its answer, should it still come, is dropped by generation.
// The rows on screen stay until the new first page replaces them.
func (m *Model) requery() tea.Cmd {
	m.gen++
	m.stopRequest()
	m.next = ""
	m.pendingJump = -1
	return tea.Batch(m.request(true, ""), m.aggregate())
}

// loadMore asks for the next page of the current query unless a request is
// in flight (one at a time) or there is nothing more.
func (m *Model) loadMore() tea.Cmd {
	if m.inflight || m.next == "" || m.hist != nil {
		return nil
	}
	return m.request(false, m.next)
}

func (m *Model) request(reset bool, cursor string) tea.Cmd {
	ctx, cancel := context.WithCancel(m.ctx)
	m.cancel, m.inflight = cancel, true
	gen, c, opts := m.gen, m.opts.Client, m.q.listOptions(cursor)
	label := "loading"
	if !reset {
		label = fmt.Sprintf("loading page %d", m.pages+1)
	}
	fetch := func() tea.Msg {
		page, _, err := c.List(ctx, opts)
		return pageMsg{gen: gen, reset: reset, page: page, err: err}
	}
	return tea.Batch(m.status.Start(label), fetch)
}

// stopRequest cancels the request in flight, if any.
func (m *Model) stopRequest() {
	if m.cancel != nil {
		m.cancel()
		m.cancel = nil
	}
	m.inflight = false
	m.status.Stop()
}

// onPage takes a page in: the first page of a query replaces the rows, the
// next ones are appended. A failed page keeps what is loaded.
func (m *Model) onPage(msg pageMsg) tea.Cmd {
	if msg.gen != m.gen {
		return nil // a late answer to a query the user has left
	}
	m.stopRequest()
	if msg.err != nil {
		return m.onQueryError(msg.err, msg.reset)
	}
	if msg.reset {
		m.table.SetEmptyMessage("no entries match on the " + m.q.tier.String() + " tier (/ to change the filter, a for another tier)")
		m.table.SetEntries(msg.page.Entries)
		m.table.SetCursor(0)
		m.pages = 0
		shown := m.q
		m.shown = &shown
	} else {
		m.table.AppendEntries(msg.page.Entries)
	}
	m.pages++
	m.next = msg.page.NextCursor
	m.state = stateReady
	if m.pendingJump >= 0 && m.pendingJump < m.table.Len() {
		m.table.SetCursor(m.pendingJump)
		m.pendingJump = -1
	}
	m.syncDetail()
	return m.prefetch()
}

// prefetch loads the next page once the cursor is within a screen of the
// end of what is loaded.
func (m *Model) prefetch() tea.Cmd {
	if m.table.NearEnd(max(m.tableHeight, 10)) {
		return m.loadMore()
	}
	return nil
}

// onQueryError sorts a failure by severity. At start, no credentials or no
// server is blocking: a full view says what to do. Later, and for anything
// else, the status bar flashes it and the rows stay; a new query the server
// refused goes back to the query whose rows are on screen.
func (m *Model) onQueryError(err error, reset bool) tea.Cmd {
	if errors.Is(err, context.Canceled) {
		return nil
	}
	if m.state == stateLoading && blocking(err) {
		m.state, m.fatal = stateError, err
		return nil
	}
	m.state = stateReady
	text := m.safe(errorText(err))
	if reset && m.shown != nil {
		m.q = *m.shown
		m.syncBars()
		text += " — showing the previous results"
		return tea.Batch(m.flash(statusbar.Error, text), m.aggregate())
	}
	return m.flash(statusbar.Error, text)
}

// blocking reports whether err, at start, leaves nothing to explore: no
// credentials accepted, no server, or a server failing (5xx). A refused or
// timed-out query is not blocking: another filter may work.
func blocking(err error) bool {
	if client.IsUnauthenticated(err) {
		return true
	}
	if client.IsDeadlineExceeded(err) {
		return false
	}
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) {
		return true // the request never got an answer
	}
	return apiErr.HTTPStatus == 0 || apiErr.HTTPStatus >= 500
}

// errorText is what the user reads for err. For a server error it is the
// server's message (sanitized by the caller); the code name helps search.
func errorText(err error) string {
	var apiErr *client.APIError
	if errors.As(err, &apiErr) && apiErr.Code != api.CodeDeadlineExceeded && apiErr.Message != "" {
		return fmt.Sprintf("server: %s: %s", apiErr.Code, apiErr.Message)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "the request timed out"
	}
	return err.Error()
}

// nextPage moves the cursor to the first row of the next page, loading it
// first when it is not there yet.
func (m *Model) nextPage() tea.Cmd {
	size := m.q.pageSize
	target := (m.table.Cursor()/size + 1) * size
	if target < m.table.Len() {
		m.table.SetCursor(target)
		m.syncDetail()
		return m.prefetch()
	}
	if m.next == "" {
		return m.flash(statusbar.Info, "this is the last page")
	}
	m.pendingJump = target
	return m.loadMore()
}

// prevPage moves the cursor to the first row of the previous page. Pages
// stay loaded, so this never asks the server.
func (m *Model) prevPage() {
	size := m.q.pageSize
	m.table.SetCursor(max((m.table.Cursor()/size-1)*size, 0))
	m.syncDetail()
}

// flash shows text in the status bar at level and logs it (to the --debug
// file, never to the terminal).
func (m *Model) flash(level statusbar.Level, text string) tea.Cmd {
	m.opts.Logger.Log(m.ctx, [...]slog.Level{slog.LevelInfo, slog.LevelWarn, slog.LevelError}[level], "status", "message", text)
	return m.status.Flash(level, text, flashFor[level])
}

// now is the explorer's clock.
func (m *Model) now() time.Time { return m.opts.Now() }
