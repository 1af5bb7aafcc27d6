package tui

import (
	"slices"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/filters"
)

// toggleZone switches the times of the table between UTC and local time.
func (m *Model) toggleZone() {
	if m.zoneName() == "UTC" {
		m.table.SetLocalTime(m.opts.Location)
		m.localTime = true
	} else {
		m.table.SetLocalTime(time.UTC)
		m.localTime = false
	}
	m.syncBars()
}

func (m *Model) zoneName() string {
	if m.localTime {
		return "local (" + m.opts.Location.String() + ")"
	}
	return "UTC"
}

// saveRecent hands the recent filters to Options.SaveRecent off the UI
// goroutine.
func (m *Model) saveRecent() tea.Cmd {
	save := m.opts.SaveRecent
	if save == nil {
		return nil
	}
	r := slices.Clone(m.filterbar.Recent())
	return func() tea.Msg { return recentSavedMsg{err: save(r)} }
}

// archiveLint warns when the archive is asked without spec.message_kind,
// which the archive wants beside meta.create_time (reference §3). The
// filters checker's archive lints come first; a filter that names no kind
// at all gets the short form of the same advice.
func archiveLint(q client.Query) string {
	if q.Tier != client.TierArchive {
		return ""
	}
	if strings.TrimSpace(q.Filter) == "" {
		return "the archive holds 3 years: narrow it with spec.message_kind and meta.create_time"
	}
	x, err := filters.Parse(q.Filter)
	if err != nil {
		return ""
	}
	for _, d := range filters.Check(x, filters.CheckOptions{Src: q.Filter, Archive: true}) {
		if d.Code == filters.CodeArchiveKind || d.Code == filters.CodeArchiveOrder {
			return d.Msg
		}
	}
	if !filters.Mentions(x, filters.PathMessageKind) {
		return "archive queries want spec.message_kind first, alongside meta.create_time"
	}
	return ""
}

// askWhoami asks the API, once, who the user is, so that the claim preset
// can start from the user's own name.
func (m *Model) askWhoami() tea.Cmd {
	if m.meAsked || m.opts.Client == nil {
		return nil
	}
	m.meAsked = true
	c, ctx := m.opts.Client, m.ctx
	return func() tea.Msg {
		id, _, err := c.Whoami(ctx)
		if err != nil || id == nil {
			return whoamiMsg{}
		}
		return whoamiMsg{user: id.User.Meta.Name}
	}
}
