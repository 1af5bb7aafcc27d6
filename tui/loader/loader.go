// Package loader runs the explorer's requests for rows, one at a time: the
// pages of a list query and the versions of one object's history. Starting
// a request cancels the one in flight; a late answer to a request the user
// has left is recognised by its generation and dropped (Take). It draws
// nothing: the root shows the rows and the status bar the spinner.
package loader

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/tui/common"
)

// PageMsg carries the answer to a list request. Reset marks the first
// page of a new query, which replaces the rows.
type PageMsg struct {
	gen   int
	Reset bool
	Page  *client.Page
	Err   error
}

// HistoryMsg carries the versions of one object, oldest first.
type HistoryMsg struct {
	gen      int
	UUID     string
	Versions []client.Version
	Err      error
}

// Model is the request in flight and the paging state of the query whose
// rows are loaded.
type Model struct {
	common common.Common
	ctx    context.Context
	client *client.Client

	gen      int
	cancel   context.CancelFunc
	inflight bool
	opts     client.ListOptions // the query being paged
	next     string             // cursor of the next page; "" when all is loaded
	pages    int
	history  bool // the rows are a history: there is no next page
}

// New returns a loader that asks cl; ctx bounds every request.
func New(c common.Common, ctx context.Context, cl *client.Client) Model {
	return Model{common: c, ctx: ctx, client: cl}
}

// List starts the first page of opts (its Cursor is ignored).
func (m *Model) List(opts client.ListOptions) tea.Cmd {
	opts.Cursor = ""
	m.opts, m.next, m.history = opts, "", false
	return m.start(opts, true)
}

// More asks for the next page of the query unless a request is in flight
// or everything is loaded; nil then.
func (m *Model) More() tea.Cmd {
	if m.inflight || m.next == "" || m.history {
		return nil
	}
	opts := m.opts
	opts.Cursor = m.next
	return m.start(opts, false)
}

// History asks for every version of the object uuid in namespace ns.
func (m *Model) History(ns, uuid string) tea.Cmd {
	ctx := m.begin()
	gen, c := m.gen, m.client
	return func() tea.Msg {
		vs, err := c.History(ctx, ns, uuid)
		return HistoryMsg{gen: gen, UUID: uuid, Versions: vs, Err: err}
	}
}

func (m *Model) start(opts client.ListOptions, reset bool) tea.Cmd {
	var ctx context.Context
	if reset {
		ctx = m.begin()
	} else {
		ctx = m.track()
	}
	gen, c := m.gen, m.client
	return func() tea.Msg {
		page, _, err := c.List(ctx, opts)
		return PageMsg{gen: gen, Reset: reset, Page: page, Err: err}
	}
}

// begin cancels what is in flight and starts a new generation: answers
// to earlier requests are no longer Current.
func (m *Model) begin() context.Context {
	m.Stop()
	m.gen++
	return m.track()
}

// track returns the context of a request of this generation.
func (m *Model) track() context.Context {
	ctx, cancel := context.WithCancel(m.ctx)
	m.cancel, m.inflight = cancel, true
	return ctx
}

// Stop cancels the request in flight, if any; its answer will be dropped
// only if another request starts (a stopped request's late answer is
// still Current, and carries context.Canceled).
func (m *Model) Stop() {
	if m.cancel != nil {
		m.cancel()
		m.cancel = nil
	}
	m.inflight = false
}

// Current reports whether msg (a PageMsg or a HistoryMsg) answers the
// request in force.
func (m Model) Current(msg tea.Msg) bool {
	switch msg := msg.(type) {
	case PageMsg:
		return msg.gen == m.gen
	case HistoryMsg:
		return msg.gen == m.gen
	}
	return false
}

// Take records the answer msg when it is Current and reports whether it
// is: the request is over, and a page moves the cursor of the next one
// (a failed page keeps it, so that the next More retries).
func (m *Model) Take(msg tea.Msg) bool {
	if !m.Current(msg) {
		return false
	}
	m.Stop()
	switch msg := msg.(type) {
	case PageMsg:
		if msg.Err != nil {
			return true
		}
		if msg.Reset {
			m.pages = 0
		}
		m.pages++
		m.next = msg.Page.NextCursor
	case HistoryMsg:
		if msg.Err == nil {
			m.next, m.pages, m.history = "", 1, true
		}
	}
	return true
}

// Position is where the paging of the rows on screen stands, kept with a
// view that is left and brought back by Restore.
type Position struct {
	opts    client.ListOptions
	next    string
	pages   int
	history bool
}

// Position returns where the paging stands.
func (m Model) Position() Position {
	return Position{opts: m.opts, next: m.next, pages: m.pages, history: m.history}
}

// Restore cancels what is in flight (its answer is dropped) and returns to
// p.
func (m *Model) Restore(p Position) {
	m.Stop()
	m.gen++
	m.opts, m.next, m.pages, m.history = p.opts, p.next, p.pages, p.history
}

// Busy reports whether a request is in flight.
func (m Model) Busy() bool { return m.inflight }

// HasMore reports whether the server has another page of the query.
func (m Model) HasMore() bool { return m.next != "" && !m.history }

// Pages is the number of pages loaded.
func (m Model) Pages() int { return m.pages }
