package tui

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/tui/builder"
	"github.com/auditlog/auditlog/tui/menu"
	"github.com/auditlog/auditlog/tui/statusbar"
)

// openBuilder opens the filter builder (f) on the filter in force, with
// the selected row's moment and object, the actors loaded, the zone of
// the time column, and a count on the tier in force.
func (m *Model) openBuilder() tea.Cmd {
	loc := time.UTC
	if m.localTime {
		loc = m.opts.Location
	}
	c, lo := m.opts.Client, m.listOptions()
	opts := builder.Options{
		Filter: m.q.Filter, Location: loc, Me: m.me, Actors: m.seen.Actors(),
		Tier: m.q.Tier.String(), Context: m.ctx, Saved: m.opts.Saved,
		SaveFilter: m.opts.SaveFilter, RenameFilter: m.opts.RenameFilter, DeleteFilter: m.opts.DeleteFilter,
	}
	if c != nil {
		opts.Count = func(ctx context.Context, filter string) (int64, error) {
			o := lo
			o.Filter = filter
			n, _, err := c.Count(ctx, o)
			return n, err
		}
	}
	if e, ok := m.table.Selected(); ok {
		opts.Moment, opts.Object = e.Meta.CreateTime, e.Spec.MessageUUID
	}
	bc := m.com
	bc.Width, bc.Height = m.width, m.tableHeight
	m.builder, m.overlay = builder.New(bc, opts), overlayBuilder
	return tea.Batch(m.builder.Init(), m.askWhoami())
}

// onBuilderMsg acts on what the builder asks: apply, restore (leave), copy,
// and keep the saved filters it changed for the next time it opens.
func (m *Model) onBuilderMsg(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case builder.AppliedMsg:
		m.overlay = overlayNone
		m.filterbar.Remember(msg.Filter)
		return m.applyFilter(msg.Filter)
	case builder.CancelledMsg:
		m.overlay = overlayNone
	case builder.CopyMsg:
		return m.copyText(menu.CopyMsg{What: "built filter", Text: msg.Text})
	case builder.SavedChangedMsg:
		m.opts.Saved = msg.Saved
		return m.flash(statusbar.Info, "saved filters updated in the config file")
	}
	return nil
}
