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
	"github.com/auditlog/auditlog/tui/loader"
	"github.com/auditlog/auditlog/tui/statusbar"
)

// sortPath is the one field the explorer sorts by.
const sortPath = "meta.create_time"

// listOptions is the query in force as a list request.
func (m *Model) listOptions() client.ListOptions {
	return client.ListOptions{Namespace: m.q.Namespace, Tier: m.q.Tier, ListParameters: m.q.ListParameters}
}

func sortLabel(q client.Query) string {
	if q.Sort.Order == api.SortOrderAsc {
		return "oldest first"
	}
	return "newest first"
}

func flipOrder(order string) string {
	if order == api.SortOrderAsc {
		return api.SortOrderDesc
	}
	return api.SortOrderAsc
}

// requery starts the query m.q from its first page, and its count: what
// is in flight is cancelled and its answer, should it still come, dropped.
// The rows on screen stay until the new first page replaces them.
func (m *Model) requery() tea.Cmd {
	m.pendingJump = -1
	return m.fetch("loading", m.loader.List(m.listOptions()), m.aggregate())
}

// loadMore asks for the next page of the current query unless a request is
// in flight (one at a time) or there is nothing more.
func (m *Model) loadMore() tea.Cmd {
	if cmd := m.loader.More(); cmd != nil {
		return m.fetch(fmt.Sprintf("loading page %d", m.loader.Pages()+1), cmd)
	}
	return nil
}

// fetch is where every request for rows starts (a query, its next page, a
// history): the loader's command, with the status bar's spinner.
func (m *Model) fetch(label string, cmds ...tea.Cmd) tea.Cmd {
	return tea.Batch(append(cmds, m.status.Start(label))...)
}

// stopRequest cancels the request in flight, if any.
func (m *Model) stopRequest() {
	m.loader.Stop()
	m.status.Stop()
}

// onPage takes a page in: the first page of a query replaces the rows, the
// next ones are appended. A failed page keeps what is loaded.
func (m *Model) onPage(msg loader.PageMsg) tea.Cmd {
	if !m.loader.Take(msg) {
		return nil // a late answer to a query the user has left
	}
	m.status.Stop()
	if msg.Err != nil {
		return m.onQueryError(msg.Err, msg.Reset)
	}
	m.seen.Add(msg.Page.Entries)
	if msg.Reset {
		m.table.SetEmptyMessage("no entries match on the " + m.q.Tier.String() + " tier (/ to change the filter, a for another tier)")
		m.table.SetEntries(msg.Page.Entries)
		m.table.SetCursor(0)
		shown := m.q
		m.shown = &shown
	} else {
		m.table.AppendEntries(msg.Page.Entries)
	}
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
	size := m.q.PageSize
	target := (m.table.Cursor()/size + 1) * size
	if target < m.table.Len() {
		m.table.SetCursor(target)
		m.syncDetail()
		return m.prefetch()
	}
	if !m.loader.HasMore() {
		return m.flash(statusbar.Info, "this is the last page")
	}
	m.pendingJump = target
	return m.loadMore()
}

// prevPage moves the cursor to the first row of the previous page. Pages
// stay loaded, so this never asks the server.
func (m *Model) prevPage() {
	size := m.q.PageSize
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
