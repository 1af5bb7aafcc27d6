package tui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/filters"
)

// presetItems are the choices of the presets menu (f): time ranges,
// operations, kinds, a claim substring, an IP range, and the config file's
// saved filters. A choice does not run a query: it opens the filter input
// with the preset joined (and) to the filter in force, for the user to
// check, edit and apply with Enter.
func (m *Model) presetItems() []menuItem {
	fixed := func(label string, build func() filters.Expr) menuItem {
		return menuItem{label: label, run: func(m *Model, _ string) (tea.Cmd, error) {
			return m.fillFilter(build()), nil
		}}
	}
	asked := func(label, prompt string, build func(arg string) (filters.Expr, error)) menuItem {
		return menuItem{label: label, prompt: prompt, run: func(m *Model, arg string) (tea.Cmd, error) {
			x, err := build(arg)
			if err != nil {
				return nil, err
			}
			return m.fillFilter(x), nil
		}}
	}
	last := func(d time.Duration) func() filters.Expr { return func() filters.Expr { return filters.Last(d) } }
	items := []menuItem{
		fixed("last hour", last(time.Hour)),
		fixed("last 24 hours", last(24*time.Hour)),
		fixed("last 7 days", last(7*24*time.Hour)),
		fixed("last 30 days", last(30*24*time.Hour)),
		asked("operation…", "operations, e.g. DELETE or CREATE,UPDATE", func(arg string) (filters.Expr, error) {
			x := filters.Operations(splitList(arg)...)
			if x == nil {
				return nil, errors.New("name at least one operation")
			}
			return x, nil
		}),
		asked("message kind…", "kinds, e.g. Policy or Project,Policy", func(arg string) (filters.Expr, error) {
			return filters.MessageKinds(splitList(arg)...)
		}),
		{
			label: "claim contains… (yours to start with)", prompt: "a claim substring, e.g. alice@example.com",
			initial: func(m *Model) string { return m.me },
			run: func(m *Model, arg string) (tea.Cmd, error) {
				return m.fillFilter(filters.ClaimContains(arg)), nil
			},
		},
		asked("IP range…", "a CIDR (10.0.0.0/8, 2001:db8::/32) or a range (10.0.0.5-10.0.1.7)", filters.IPRange),
	}
	for _, s := range m.opts.Saved {
		f := s.Filter
		items = append(items, menuItem{label: "saved: " + m.safe(s.Name), run: func(m *Model, _ string) (tea.Cmd, error) {
			return m.editFilter(joinFilters(m.q.filter, f)), nil
		}})
	}
	return items
}

// fillFilter opens the filter input with x joined to the filter in force.
func (m *Model) fillFilter(x filters.Expr) tea.Cmd {
	return m.editFilter(joinFilters(m.q.filter, x.String()))
}

// joinFilters is "current and (added)", or added alone. The current filter
// is kept as typed when it does not parse (the input shows the error).
func joinFilters(current, added string) string {
	if strings.TrimSpace(current) == "" {
		return added
	}
	cx, err1 := filters.Parse(current)
	ax, err2 := filters.Parse(added)
	if err1 != nil || err2 != nil {
		return fmt.Sprintf("(%s) and (%s)", current, added)
	}
	return filters.AndAll(cx, ax).String()
}

func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' })
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
