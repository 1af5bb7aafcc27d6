package menu

import (
	"errors"
	"fmt"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/filters"
)

// FilterMsg asks the root to open the filter input on Filter, for the user
// to check, edit and apply with Enter: a preset never runs a query itself.
type FilterMsg struct{ Filter string }

// Saved is a named filter from the config file.
type Saved struct {
	Name   string
	Filter string
}

// IDClaim is the ID of the claim preset, whose prompt starts from the
// user's own name once GET /v1/auth answers (SetValue).
const IDClaim = "claim"

// Presets are the items of the presets menu (f): time ranges, operations,
// kinds, a claim substring (starting from me), an IP range, and the saved
// filters. Each sends a FilterMsg with the preset joined (and) to current,
// the filter in force.
func Presets(current, me string, saved []Saved) []Item {
	fill := func(x filters.Expr) (FilterMsg, error) { return FilterMsg{Filter: Join(current, x.String())}, nil }
	fixed := func(label string, d time.Duration) Item {
		return Item{Label: label, Choose: func(string) (tea.Msg, error) { return fill(filters.Last(d)) }}
	}
	asked := func(label, prompt string, build func(arg string) (filters.Expr, error)) Item {
		return Item{Label: label, Prompt: prompt, Choose: func(arg string) (tea.Msg, error) {
			x, err := build(arg)
			if err != nil {
				return nil, err
			}
			return fill(x)
		}}
	}
	items := []Item{
		fixed("last hour", time.Hour),
		fixed("last 24 hours", 24*time.Hour),
		fixed("last 7 days", 7*24*time.Hour),
		fixed("last 30 days", 30*24*time.Hour),
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
		asked("claim contains… (yours to start with)", "a claim substring, e.g. alice@example.com", func(arg string) (filters.Expr, error) {
			return filters.ClaimContains(arg), nil
		}),
		asked("IP range…", "a CIDR (10.0.0.0/8, 2001:db8::/32) or a range (10.0.0.5-10.0.1.7)", filters.IPRange),
	}
	items[6].ID, items[6].Value = IDClaim, me
	for _, s := range saved {
		f := s.Filter
		items = append(items, Item{Label: "saved: " + s.Name, Choose: func(string) (tea.Msg, error) {
			return FilterMsg{Filter: Join(current, f)}, nil
		}})
	}
	return items
}

// Join is "current and (added)", or added alone. The current filter is
// kept as typed when it does not parse (the input shows the error).
func Join(current, added string) string {
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
