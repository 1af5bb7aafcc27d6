// Package facets is the facets panel of the explorer: the top values, with
// their counts, of actor, operation, kind, namespace and address block
// (/24 for IPv4, /64 for IPv6) over the whole query in force, from the
// API's group requests. Choosing a value emits ChosenMsg with the filter
// of that value (from the presets, Prepared), which the root applies as a
// pivot.
package facets

import (
	"cmp"
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"sync"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/filters"
	"github.com/auditlog/auditlog/tui/common"
)

// Value is one value of a facet with how many entries have it.
type Value struct {
	Label  string // as shown (the server's text: sanitize it)
	Count  int64
	Filter string // canonical filter of the value
}

// Facet is one field's top values, most frequent first.
type Facet struct {
	Name   string
	Values []Value
	Err    error
}

// facet says how one facet is asked and read.
type facet struct {
	name string
	path string
	// values turns the group keys' values (one per group) and counts into
	// the facet's values: several groups may make one value (claims into
	// an actor, addresses into a block).
	values func(groups map[string]int64) []Value
}

var facetDefs = []facet{
	{"actor", filters.PathClaims, actors},
	{"operation", filters.PathOperation, byValue(func(v string) (string, filters.Expr) {
		return api.Operation(v).Short(), filters.Operations(v)
	})},
	{"kind", filters.PathMessageKind, byValue(func(v string) (string, filters.Expr) {
		x, err := filters.MessageKinds(v)
		if err != nil {
			x = eq(filters.PathMessageKind, v)
		}
		return api.ShortKind(v), x
	})},
	{"namespace", "tenant_meta.namespace", byValue(func(v string) (string, filters.Expr) {
		return v, eq("tenant_meta.namespace", v)
	})},
	{"address block", filters.PathRemoteAddress, blocks},
}

// Msg carries the answers of the group requests back to Update.
type Msg struct {
	gen    int
	facets []Facet
}

// ChosenMsg is the value the user chose: the root pivots to its filter.
type ChosenMsg struct {
	Label, Filter string
}

// ClosedMsg says the panel was closed.
type ClosedMsg struct{}

// KeyMap are the panel's keys.
type KeyMap struct {
	Up, Down, Left, Right, Choose, Close key.Binding
}

// DefaultKeyMap returns the default keys: arrows or h/j/k/l to move, enter
// to filter by the value, esc or v to close.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:     key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:   key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Left:   key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", "previous facet")),
		Right:  key.NewBinding(key.WithKeys("right", "l", "tab"), key.WithHelp("→/l", "next facet")),
		Choose: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "filter by this")),
		Close:  key.NewBinding(key.WithKeys("esc", "v"), key.WithHelp("esc/v", "close")),
	}
}

// ShortHelp returns the bindings for the one-line help.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Left, k.Right, k.Choose, k.Close}
}

// FullHelp returns the bindings for the help overlay.
func (k KeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// Model is the facets panel.
type Model struct {
	KeyMap KeyMap
	common common.Common
	client *client.Client

	gen     int
	cancel  context.CancelFunc
	loading bool
	facets  []Facet
	col     int // the facet of the cursor
	row     int // the value of the cursor
}

// New returns a panel that asks cl, sized c.Width × c.Height.
func New(c common.Common, cl *client.Client) Model {
	if c.Styles == nil {
		c.Styles = common.NewCommon(nil).Styles
	}
	return Model{KeyMap: DefaultKeyMap(), common: c, client: cl}
}

// SetSize sets the width and height.
func (m *Model) SetSize(w, h int) { m.common.Width, m.common.Height = w, h }

// Loading reports whether the groups are being fetched.
func (m Model) Loading() bool { return m.loading }

// Facets returns the facets read so far.
func (m Model) Facets() []Facet { return m.facets }

// SetQuery asks for the facets of the query opts selects, cancelling what
// is in flight; the cursor goes back to the first value.
func (m *Model) SetQuery(ctx context.Context, opts client.ListOptions) tea.Cmd {
	m.Stop()
	m.gen++
	m.facets, m.col, m.row, m.loading = nil, 0, 0, true
	if m.client == nil {
		m.loading = false
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	m.cancel = cancel
	gen, c := m.gen, m.client
	return func() tea.Msg {
		out := make([]Facet, len(facetDefs))
		var wg sync.WaitGroup
		for i, d := range facetDefs {
			wg.Go(func() {
				g := opts
				g.Cursor = ""
				g.ListParameters = api.ListParameters{Filter: opts.Filter, Traverse: opts.Traverse,
					Group: api.Group{AggregationPaths: []string{d.path}}}
				resp, _, err := c.Group(ctx, g)
				out[i] = Facet{Name: d.name, Err: err}
				if err == nil {
					out[i].Values = d.values(keyValues(resp, d.path))
				}
			})
		}
		wg.Wait()
		return Msg{gen: gen, facets: out}
	}
}

// Stop cancels what is in flight.
func (m *Model) Stop() {
	if m.cancel != nil {
		m.cancel()
		m.cancel = nil
	}
	m.loading = false
}

// keyValues reads a group response into the JSON text of each group's
// value (a string's text unquoted) and its count.
func keyValues(resp *api.GroupResponse, path string) map[string]int64 {
	out := map[string]int64{}
	if resp == nil {
		return out
	}
	for k, g := range resp.Groups {
		keys, err := api.ParseGroupKey(k)
		if err != nil || g.AggregationCount == nil {
			continue
		}
		for _, gk := range keys {
			if gk.Key != path || gk.Value == nil {
				continue
			}
			switch v := gk.Value.(type) {
			case string:
				out[v] += g.AggregationCount.Count
			case []any: // spec.claims: the whole array, one claim a line
				parts := make([]string, 0, len(v))
				for _, e := range v {
					if s, ok := e.(string); ok {
						parts = append(parts, s)
					}
				}
				out[strings.Join(parts, "\n")] += g.AggregationCount.Count
			}
		}
	}
	return out
}

// byValue makes the values of a scalar field, one per group.
func byValue(build func(v string) (string, filters.Expr)) func(map[string]int64) []Value {
	return func(groups map[string]int64) []Value {
		var out []Value
		for v, n := range groups {
			label, x := build(v)
			out = add(out, label, n, x)
		}
		return top(out)
	}
}

// actors merges the claims arrays into their actor (api's definition).
func actors(groups map[string]int64) []Value {
	merged := map[string]int64{}
	claimOf := map[string]string{}
	for v, n := range groups {
		claims := strings.Split(v, "\n")
		a := api.ClaimsActor(claims)
		if a == "" {
			continue
		}
		merged[a] += n
		for _, c := range claims {
			if c == "email="+a || (claimOf[a] == "" && (c == "user="+a || c == a)) {
				claimOf[a] = c
			}
		}
	}
	var out []Value
	for a, n := range merged {
		if c := claimOf[a]; c != "" {
			out = add(out, a, n, filters.ClaimEquals(c))
		}
	}
	return top(out)
}

// blocks merges addresses into their /24 (IPv4) or /64 (IPv6); an address
// that is no IP is its own value.
func blocks(groups map[string]int64) []Value {
	merged := map[string]int64{}
	for v, n := range groups {
		k := v
		if ip, err := netip.ParseAddr(v); err == nil {
			ip = ip.Unmap()
			bits := 64
			if ip.Is4() {
				bits = 24
			}
			if p, err := ip.Prefix(bits); err == nil {
				k = p.String()
			}
		}
		merged[k] += n
	}
	var out []Value
	for k, n := range merged {
		x, err := filters.IPRange(k)
		if err != nil {
			x = eq(filters.PathRemoteAddress, k)
		}
		out = add(out, k, n, x)
	}
	return top(out)
}

func add(out []Value, label string, n int64, x filters.Expr) []Value {
	if x == nil {
		return out
	}
	p, err := filters.Prepare(x.String(), filters.PrepareOptions{})
	if err != nil || p.Canonical == "" {
		return out
	}
	return append(out, Value{Label: label, Count: n, Filter: p.Canonical})
}

// top sorts the values by count, then label, and keeps the first 20.
func top(vs []Value) []Value {
	slices.SortFunc(vs, func(a, b Value) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Label, b.Label))
	})
	return vs[:min(len(vs), 20)]
}

func eq(path, value string) filters.Expr {
	return &filters.Compare{Path: &filters.Path{Segments: strings.Split(path, ".")}, Op: filters.Eq, Value: &filters.String{Value: value}}
}

// Update takes the answers and the panel's keys.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case Msg:
		if msg.gen == m.gen {
			m.cancel, m.loading, m.facets = nil, false, msg.facets
			m.clamp()
		}
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, m.KeyMap.Close):
			return m, func() tea.Msg { return ClosedMsg{} }
		case key.Matches(msg, m.KeyMap.Up):
			m.row--
		case key.Matches(msg, m.KeyMap.Down):
			m.row++
		case key.Matches(msg, m.KeyMap.Left):
			m.col--
		case key.Matches(msg, m.KeyMap.Right):
			m.col++
		case key.Matches(msg, m.KeyMap.Choose):
			if v, ok := m.Selected(); ok {
				f := m.facets[m.col].Name
				return m, func() tea.Msg { return ChosenMsg{Label: f + " " + v.Label, Filter: v.Filter} }
			}
		}
		m.clamp()
	}
	return m, nil
}

func (m *Model) clamp() {
	n := len(m.facets)
	if n == 0 {
		m.col, m.row = 0, 0
		return
	}
	m.col = (m.col%n + n) % n
	m.row = max(min(m.row, min(len(m.facets[m.col].Values), m.rows())-1), 0)
}

// Selected returns the value under the cursor.
func (m Model) Selected() (Value, bool) {
	if m.col >= len(m.facets) || m.row >= len(m.facets[m.col].Values) {
		return Value{}, false
	}
	return m.facets[m.col].Values[m.row], true
}

// layout: facets side by side in columns of at least colMin cells, in as
// many block rows as it takes.
const colMin = 26

func (m Model) cols() int { return max(min(m.common.Width/colMin, len(facetDefs)), 1) }

func (m Model) blockRows() int { return (len(facetDefs) + m.cols() - 1) / m.cols() }

// rows is how many values each facet shows: what fits under the title,
// a header and a blank line per block row.
func (m Model) rows() int {
	return max((m.common.Height-2)/m.blockRows()-2, 1)
}

// View draws the panel, exactly Width × Height.
func (m Model) View() string {
	st := m.common.Styles
	w, h := m.common.Width, m.common.Height
	lines := []string{st.Title.Render("facets of the query in force (enter filters by the value, backspace returns)"), ""}
	switch {
	case m.loading:
		lines = append(lines, st.Muted.Render("counting…"))
	case len(m.facets) == 0:
		lines = append(lines, st.Muted.Render("no facets"))
	default:
		cols, rows := m.cols(), m.rows()
		cw := (w - 1) / cols // after the margin
		for br := 0; br < m.blockRows(); br++ {
			block := make([]string, rows+2)
			for c := range cols {
				i := br*cols + c
				if i >= len(m.facets) {
					break
				}
				f := m.facets[i]
				cells := []string{st.DetailHeader.Render(f.Name)}
				switch {
				case f.Err != nil:
					cells = append(cells, st.Error.Render(common.Sanitize(f.Err.Error())))
				case len(f.Values) == 0:
					cells = append(cells, st.Muted.Render("(none)"))
				}
				for r, v := range f.Values[:min(len(f.Values), rows)] {
					cell := fmt.Sprintf("%6s %s", common.Thousands(v.Count), common.Sanitize(v.Label))
					if i == m.col && r == m.row {
						cell = st.TableSelected.Render("▶" + cell)
					} else {
						cell = " " + cell
					}
					cells = append(cells, cell)
				}
				for r := range block {
					cell := ""
					if r < len(cells) {
						cell = common.Truncate(cells[r], cw-1)
					}
					block[r] += cell + strings.Repeat(" ", max(cw-common.Width(cell), 0))
				}
			}
			lines = append(lines, block...)
		}
	}
	var b strings.Builder
	for y := range max(h, 0) {
		if y > 0 {
			b.WriteByte('\n')
		}
		l := ""
		if y < len(lines) {
			l = common.Truncate(" "+lines[y], w)
		}
		b.WriteString(l + strings.Repeat(" ", max(w-common.Width(l), 0)))
	}
	return b.String()
}
