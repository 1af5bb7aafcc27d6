// Package history is the object-history view (h): every entry about one
// object, from both stores, oldest first, each with what its payload
// changed since the version before. The tier key stays in the view and
// shows the versions of one store or both. The rows are drawn by the table
// and the changes by the detail pane; this package holds what the view is.
// (The view it replaced is on the root's back stack.)
package history

import (
	"fmt"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/tui/common"
)

// Model is an open history.
type Model struct {
	common   common.Common
	uuid     string
	versions []client.Version
	shown    []int // the versions on screen (of the tier in force), by index
}

// New returns the history of uuid with its versions, oldest first.
func New(c common.Common, uuid string, versions []client.Version) Model {
	return Model{common: c, uuid: uuid, versions: versions}
}

// UUID is the object's uuid (spec.message_uuid).
func (m Model) UUID() string { return m.uuid }

// Query is the history as a list query in from's namespace and page size:
// the object's entries in both stores, oldest first (what the filter bar
// shows and the copy menu renders).
func (m Model) Query(from client.Query) client.Query {
	q := client.Query{Namespace: from.Namespace, Tier: client.TierBoth}
	q.Traverse, q.PageSize = true, from.PageSize
	q.Filter = client.HistoryFilter(m.uuid)
	q.Sort = api.Sort{Path: from.Sort.Path, Order: api.SortOrderAsc}
	return q
}

// Show selects the versions of tier (every one for TierBoth) and returns
// their entries, oldest first.
func (m *Model) Show(tier client.Tier) []client.Entry {
	m.shown = m.shown[:0]
	entries := make([]client.Entry, 0, len(m.versions))
	for i, v := range m.versions {
		if tier == client.TierBoth || v.Entry.Tier == tier {
			m.shown = append(m.shown, i)
			entries = append(entries, v.Entry)
		}
	}
	return entries
}

// ChangesAt returns what the version on row i changed since the one
// before.
func (m Model) ChangesAt(i int) []client.Change {
	if i < 0 || i >= len(m.shown) {
		return nil
	}
	return m.versions[m.shown[i]].Changes
}

// Shown is the number of versions on screen.
func (m Model) Shown() int { return len(m.shown) }

// Summary is what the status bar says when the history opens.
func (m Model) Summary() string {
	return fmt.Sprintf("history of %s: %d versions, oldest first — esc returns", common.Sanitize(m.uuid), len(m.versions))
}
