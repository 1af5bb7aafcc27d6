// Package histogram is the time histogram of the explorer: one line of
// bars (▁▂▃▄▅▆▇█) over the time range of the query in force, from the
// API's group_by_time with a bucket chosen from the span, and a line
// under it that marks the bucket of the selected row. Keys move the mark
// by a bucket, narrow the query to the marked bucket (NarrowMsg: the root
// pivots to it, so Backspace widens back) and widen (WidenMsg).
//
// The range is the filter's own meta.create_time bounds; an open lower
// bound is the oldest matching entry (one request of one row), an open
// upper bound is now.
package histogram

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/filters"
	"github.com/auditlog/auditlog/tui/common"
)

// Msg carries the answer to the histogram's requests back to Update.
type Msg struct {
	gen      int
	from, to time.Time
	b        bucket
	resp     *api.GroupResponse
	empty    bool // nothing matches: no range to chart
	err      error
}

// NarrowMsg asks the root to move to Filter: the query in force limited to
// the marked bucket. Label names the bucket ("time 2026-11-14 (1d)").
type NarrowMsg struct{ Filter, Label string }

// WidenMsg asks the root to widen back to the range before the last
// narrowing.
type WidenMsg struct{}

// KeyMap are the histogram's keys.
type KeyMap struct {
	Left, Right, Narrow, Widen key.Binding
}

// DefaultKeyMap returns the default keys: < and > move the mark, + narrows
// to the marked bucket, - widens back.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Left:   key.NewBinding(key.WithKeys("<"), key.WithHelp("<", "earlier bucket")),
		Right:  key.NewBinding(key.WithKeys(">"), key.WithHelp(">", "later bucket")),
		Narrow: key.NewBinding(key.WithKeys("+"), key.WithHelp("+", "narrow to the bucket")),
		Widen:  key.NewBinding(key.WithKeys("-"), key.WithHelp("-", "widen back")),
	}
}

// ShortHelp returns the bindings for the one-line help.
func (k KeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Narrow, k.Widen, k.Left, k.Right} }

// FullHelp returns the bindings for the help overlay.
func (k KeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// Model is the histogram.
type Model struct {
	KeyMap KeyMap
	common common.Common
	client *client.Client

	gen     int
	cancel  context.CancelFunc
	loading bool
	err     error
	filter  string // the query's filter, for narrowing

	b        bucket
	from, to time.Time
	starts   []time.Time // the start of each bar
	counts   []int64
	empty    bool
	mark     int       // the marked bar; -1 none
	selected time.Time // the selected row's time the mark last followed
}

// New returns a histogram that asks cl, c.Width wide.
func New(c common.Common, cl *client.Client) Model {
	if c.Styles == nil {
		c.Styles = common.NewCommon(nil).Styles
	}
	return Model{KeyMap: DefaultKeyMap(), common: c, client: cl, mark: -1}
}

// SetWidth sets the width.
func (m *Model) SetWidth(w int) { m.common.Width = w }

// Height is the histogram's height in lines.
func (m Model) Height() int { return 2 }

// maxBars is the most bars the histogram draws. It does not follow the
// terminal's width, so that the bucket of a query is the same at every
// size (and known before the first frame): 48 fit in the explorer's
// narrowest width, 80, beside the labels.
const maxBars = 48

// bars is how many bars the histogram draws at most.
func (m Model) bars() int { return maxBars }

// SetQuery charts the query opts selects (its paging and sort are
// ignored), cancelling what is in flight. now resolves now(…) in the
// filter and is the open upper bound.
func (m *Model) SetQuery(ctx context.Context, opts client.ListOptions, now time.Time) tea.Cmd {
	m.Stop()
	m.gen++
	m.loading, m.err, m.empty, m.filter = true, nil, false, opts.Filter
	m.starts, m.counts, m.mark, m.selected = nil, nil, -1, time.Time{}
	if m.client == nil {
		m.loading = false
		return nil
	}
	var x filters.Expr
	if opts.Filter != "" {
		var err error
		if x, err = filters.Parse(opts.Filter); err != nil {
			m.loading, m.err = false, err
			return nil
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	m.cancel = cancel
	gen, c, bars := m.gen, m.client, m.bars()
	return func() tea.Msg {
		from, to := Bounds(x, now)
		if to.IsZero() {
			to = now
		}
		if from.IsZero() {
			first, err := oldest(ctx, c, opts)
			if err != nil || first.IsZero() {
				return Msg{gen: gen, empty: err == nil, err: err}
			}
			from = first
		}
		if !from.Before(to) {
			to = from.Add(time.Second)
		}
		b := choose(from, to, bars)
		g := opts
		g.Cursor = ""
		g.ListParameters = api.ListParameters{
			Filter: opts.Filter, Traverse: opts.Traverse,
			GroupByTime: api.GroupByTime{
				AggregationPaths: []string{filters.PathCreateTime}, Interval: b.interval, GroupSize: b.size,
				StartTime: b.start(from), EndTime: to,
			},
		}
		resp, _, err := c.Group(ctx, g)
		return Msg{gen: gen, from: from, to: to, b: b, resp: resp, err: err}
	}
}

// oldest returns the create time of the oldest entry opts selects; zero
// when none does.
func oldest(ctx context.Context, c *client.Client, opts client.ListOptions) (time.Time, error) {
	o := opts
	o.Cursor = ""
	o.ListParameters = api.ListParameters{
		Filter: opts.Filter, Traverse: opts.Traverse, PageSize: 1, Mask: filters.PathCreateTime,
		Sort: api.Sort{Path: filters.PathCreateTime, Order: api.SortOrderAsc},
	}
	page, _, err := c.List(ctx, o)
	if err != nil || len(page.Entries) == 0 {
		return time.Time{}, err
	}
	return page.Entries[0].Meta.CreateTime, nil
}

// Stop cancels what is in flight.
func (m *Model) Stop() {
	if m.cancel != nil {
		m.cancel()
		m.cancel = nil
	}
	m.loading = false
}

// SetSelected moves the mark to the bucket of the selected row's time,
// when that time changed since the last call (so that < and > hold until
// the selection moves).
func (m *Model) SetSelected(t time.Time) {
	if t.Equal(m.selected) {
		return
	}
	m.selected = t
	m.mark = m.barOf(t)
}

// barOf returns the bar holding t, -1 when none does.
func (m Model) barOf(t time.Time) int {
	if len(m.starts) == 0 || t.IsZero() || t.Before(m.starts[0]) || !t.Before(m.b.next(m.starts[len(m.starts)-1])) {
		return -1
	}
	i, found := slices.BinarySearchFunc(m.starts, t, func(s, t time.Time) int { return s.Compare(t) })
	if !found {
		i--
	}
	return i
}

// Update takes the answer to the current query and the histogram's keys.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case Msg:
		if msg.gen != m.gen {
			return m, nil
		}
		m.cancel, m.loading = nil, false
		if msg.err != nil {
			m.err = msg.err
			return m, nil
		}
		if msg.empty {
			m.empty = true
			return m, nil
		}
		m.b, m.from, m.to = msg.b, msg.from, msg.to
		m.starts = nil
		for s := msg.b.start(msg.from); !s.After(msg.to); s = msg.b.next(s) {
			m.starts = append(m.starts, s)
		}
		m.counts = make([]int64, len(m.starts))
		if msg.resp != nil {
			for k, g := range msg.resp.Groups {
				var ts string
				if json.Unmarshal([]byte(k), &ts) != nil {
					continue
				}
				t, err := time.Parse(time.RFC3339Nano, ts)
				if err != nil || g.AggregationCount == nil {
					continue
				}
				if i := m.barOf(t); i >= 0 {
					m.counts[i] += g.AggregationCount.Count
				}
			}
		}
		m.mark = m.barOf(m.selected)
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, m.KeyMap.Left) && len(m.starts) > 0:
			m.mark = max(min(m.mark, len(m.starts))-1, 0)
		case key.Matches(msg, m.KeyMap.Right) && len(m.starts) > 0:
			m.mark = min(m.mark+1, len(m.starts)-1)
		case key.Matches(msg, m.KeyMap.Narrow):
			return m, m.narrow()
		case key.Matches(msg, m.KeyMap.Widen):
			return m, func() tea.Msg { return WidenMsg{} }
		}
	}
	return m, nil
}

// Handles reports whether k is one of the histogram's keys.
func (m Model) Handles(k tea.KeyMsg) bool {
	return key.Matches(k, m.KeyMap.Left, m.KeyMap.Right, m.KeyMap.Narrow, m.KeyMap.Widen)
}

// narrow emits the query limited to the marked bucket.
func (m Model) narrow() tea.Cmd {
	if m.mark < 0 || m.mark >= len(m.starts) {
		return nil
	}
	from := m.starts[m.mark]
	f, err := Narrow(m.filter, from, m.b.next(from))
	if err != nil {
		return nil
	}
	label := fmt.Sprintf("time %s (%s)", m.format(from), m.b.label)
	return func() tea.Msg { return NarrowMsg{Filter: f, Label: label} }
}

// Loading reports whether the histogram is being fetched.
func (m Model) Loading() bool { return m.loading }

// Bucket returns the width of a bar ("1d") and the bars' starts and
// counts.
func (m Model) Bucket() (string, []time.Time, []int64) { return m.b.label, m.starts, m.counts }

// Mark returns the marked bar, -1 when none is.
func (m Model) Mark() int { return m.mark }

// format writes a bucket's start as precisely as its width needs.
func (m Model) format(t time.Time) string {
	switch {
	case m.b.months() >= 12:
		return t.Format("2006")
	case m.b.months() > 0:
		return t.Format("2006-01")
	case m.b.fixed() >= 24*time.Hour:
		return t.Format("2006-01-02")
	case m.b.fixed() >= time.Minute:
		return t.Format("2006-01-02 15:04")
	}
	return t.Format("01-02 15:04:05")
}

var levels = []rune("▁▂▃▄▅▆▇█")

// View draws the two lines, exactly Width wide.
func (m Model) View() string {
	w := m.common.Width
	st := m.common.Styles
	pad := func(s string) string {
		s = common.Truncate(s, w)
		return s + strings.Repeat(" ", max(w-common.Width(s), 0))
	}
	switch {
	case m.loading:
		return pad(st.Muted.Render(" histogram: loading…")) + "\n" + pad("")
	case m.err != nil:
		return pad(st.Muted.Render(" histogram: "+common.Sanitize(m.err.Error()))) + "\n" + pad("")
	case m.empty || len(m.starts) == 0:
		return pad(st.Muted.Render(" histogram: no entries to chart")) + "\n" + pad("")
	}
	n := min(len(m.starts), m.bars())
	first := len(m.starts) - n // the newest bars when they do not all fit
	var top int64
	for _, c := range m.counts[first:] {
		top = max(top, c)
	}
	var bars, under strings.Builder
	for i := first; i < len(m.starts); i++ {
		c := m.counts[i]
		r := ' '
		if c > 0 {
			r = levels[min(int((c*int64(len(levels))-1)/max(top, 1)), len(levels)-1)]
		}
		if i == m.mark {
			bars.WriteString(st.Accent.Render(string(r)))
			under.WriteRune('▲')
		} else {
			bars.WriteRune(r)
			under.WriteByte(' ')
		}
	}
	right := fmt.Sprintf("%s bars · max %s", m.b.label, common.Thousands(top))
	note := fmt.Sprintf("%s → %s", m.format(m.starts[first]), m.format(m.to))
	if m.mark >= first && m.mark >= 0 {
		note = fmt.Sprintf("%s: %s", m.format(m.starts[m.mark]), common.Thousands(m.counts[m.mark]))
	}
	gap := strings.Repeat(" ", m.bars()-n+1)
	return pad(" "+bars.String()+gap+st.Muted.Render(right)) + "\n" + pad(" "+st.Accent.Render(under.String())+gap+st.Muted.Render(note))
}

// Bounds returns the meta.create_time bounds that filter x requires of
// every entry (its top-level and-clauses), zero for an open side; now
// resolves now(…).
func Bounds(x filters.Expr, now time.Time) (from, to time.Time) {
	for _, c := range filters.Conjuncts(x) {
		cmp, ok := c.(*filters.Compare)
		if !ok || cmp.Path == nil || cmp.Path.String() != filters.PathCreateTime {
			continue
		}
		var t time.Time
		switch v := cmp.Value.(type) {
		case *filters.Date:
			t = v.Time
		case *filters.Now:
			t = now.Add(v.Offset)
		default:
			continue
		}
		switch cmp.Op {
		case filters.Ge, filters.Gt:
			if from.IsZero() || t.After(from) {
				from = t
			}
		case filters.Le, filters.Lt:
			if to.IsZero() || t.Before(to) {
				to = t
			}
		case filters.Eq:
			from, to = t, t
		}
	}
	return from, to
}

// Narrow returns filter with its top-level meta.create_time clauses
// replaced by from <= meta.create_time < to, Prepared (canonical).
func Narrow(filter string, from, to time.Time) (string, error) {
	var keep []filters.Expr
	if strings.TrimSpace(filter) != "" {
		x, err := filters.Parse(filter)
		if err != nil {
			return "", err
		}
		for _, c := range filters.Conjuncts(x) {
			if cmp, ok := c.(*filters.Compare); ok && cmp.Path != nil && cmp.Path.String() == filters.PathCreateTime {
				continue
			}
			keep = append(keep, c)
		}
	}
	path := func() *filters.Path { return &filters.Path{Segments: strings.Split(filters.PathCreateTime, ".")} }
	keep = append(keep,
		&filters.Compare{Path: path(), Op: filters.Ge, Value: &filters.Date{Time: from.UTC()}},
		&filters.Compare{Path: path(), Op: filters.Lt, Value: &filters.Date{Time: to.UTC()}})
	p, err := filters.Prepare(filters.AndAll(keep...).String(), filters.PrepareOptions{})
	if err != nil {
		return "", err
	}
	return p.Canonical, nil
}
