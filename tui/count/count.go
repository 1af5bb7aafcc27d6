// Package count keeps the total number of entries that match the query on
// screen, from the API's count request (list_parameters.count=true), for
// the status bar's "row 3 of 1,245". A new query cancels the count in
// flight; a late answer to an older query is dropped by generation.
package count

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/tui/common"
)

// Msg carries the answer to a count request back to Update.
type Msg struct {
	gen   int
	total int64
	err   error
}

// Model is the total of the current query. It draws nothing itself: the
// status bar shows Total.
type Model struct {
	common common.Common
	client *client.Client

	gen     int
	cancel  context.CancelFunc
	total   int64
	known   bool
	loading bool
	err     error
}

// New returns a Model that counts with cl.
func New(c common.Common, cl *client.Client) Model {
	return Model{common: c, client: cl}
}

// SetQuery forgets the total and starts counting the entries opts selects
// (its paging and sort are ignored), cancelling the count in flight. ctx
// bounds the request.
func (m *Model) SetQuery(ctx context.Context, opts client.ListOptions) tea.Cmd {
	m.Stop()
	m.gen++
	m.known, m.err, m.loading = false, nil, true
	if m.client == nil {
		m.loading = false
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	m.cancel = cancel
	gen, c := m.gen, m.client
	return func() tea.Msg {
		n, _, err := c.Count(ctx, opts)
		return Msg{gen: gen, total: n, err: err}
	}
}

// SetTotal sets a total known without asking (the versions of a history),
// cancelling the count in flight.
func (m *Model) SetTotal(n int64) {
	m.Stop()
	m.gen++
	m.total, m.known, m.err, m.loading = n, true, nil, false
}

// Stop cancels the count in flight, if any; its answer is dropped.
func (m *Model) Stop() {
	if m.cancel != nil {
		m.cancel()
		m.cancel = nil
	}
	m.loading = false
}

// Update takes the answer to the current count; answers to older queries
// are dropped.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	r, ok := msg.(Msg)
	if !ok || r.gen != m.gen {
		return m, nil
	}
	m.cancel, m.loading = nil, false
	if r.err != nil {
		m.err = r.err
		if m.common.Logger != nil {
			m.common.Logger.Warn("count failed", "err", common.Sanitize(r.err.Error()))
		}
		return m, nil
	}
	m.total, m.known = r.total, true
	return m, nil
}

// Total returns the number of entries the query matches, false while it
// is being counted or when the count failed.
func (m Model) Total() (int64, bool) { return m.total, m.known }

// Loading reports whether a count is in flight.
func (m Model) Loading() bool { return m.loading }

// Err returns why the last count failed, nil if it did not.
func (m Model) Err() error { return m.err }
