// Package builder is the filter builder form (f): six sections — time,
// user claim, operation, message kind, IP range, object — that build one
// filter, shown canonical and live under the form with the number of
// entries it matches, before anything is applied.
package builder

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/filters"
	"github.com/auditlog/auditlog/tui/common"
)

// countDelay is how long the form waits after a change before it asks
// for the count: typing a date asks once, not per key.
const countDelay = 400 * time.Millisecond

// AppliedMsg asks the root to apply Filter, the canonical filter of the
// form ("" for none).
type AppliedMsg struct{ Filter string }

// CancelledMsg reports that the user left with Esc: the filter in force
// is unchanged.
type CancelledMsg struct{}

// CopyMsg asks the root to copy the previewed filter.
type CopyMsg struct{ Text string }

// Saved is a named filter of the config file.
type Saved struct {
	Name   string
	Filter string
}

// Options are what the builder opens on.
type Options struct {
	// Filter is the filter in force: the sections it recognises are filled.
	Filter string
	// Location is the zone dates are typed in (UTC or local, per z).
	Location *time.Location
	// Me is the user's identity (GET /v1/auth), the claim's first
	// suggestion; Actors are the actors of the loaded rows.
	Me     string
	Actors []string
	// Moment and Object are the selected row's time and object.
	Moment time.Time
	Object string
	// Tier names the store the count is for.
	Tier string
	// Count counts the entries a filter matches; nil shows no count.
	Count func(ctx context.Context, filter string) (int64, error)
	// Context bounds the count requests.
	Context context.Context
	// Saved are the saved filters; SaveFilter, RenameFilter and
	// DeleteFilter change them in the config file (run off the UI
	// goroutine). A nil one leaves that action out.
	Saved        []Saved
	SaveFilter   func(name, filter string) error
	RenameFilter func(old, name string) error
	DeleteFilter func(name string) error
}

// row is a line of the form that takes the focus.
type row int

const (
	rowTime row = iota
	rowFrom
	rowTo
	rowAround
	rowClaimMode
	rowClaim
	rowOps
	rowKinds
	rowIP
	rowObject
	rowSaved
	numRows
)

type debounceMsg struct{ gen int }

type countMsg struct {
	gen int
	n   int64
	err error
}

// Model is the builder form.
type Model struct {
	KeyMap KeyMap
	c      common.Common
	opts   Options

	f        form
	built    built
	focus    row
	opsCur   int
	kindCur  int
	savedCur int

	from, to, claim, kindQuery, ip, object textinput.Model

	gen      int
	cancel   context.CancelFunc
	counting bool
	count    int64
	countErr string
	counted  string // the filter count is for
	hasCount bool

	recogniseErr string
	note         string
	prompt       *textinput.Model
	promptFor    string // "save" or "rename"
	deleteArmed  bool
	initCmd      tea.Cmd
}

func newInput(placeholder string) textinput.Model {
	in := textinput.New()
	in.Prompt = ""
	in.Placeholder = placeholder
	in.CharLimit = 1024
	in.Cursor.SetMode(cursor.CursorStatic)
	return in
}

// New returns the form opened on opts.Filter.
func New(c common.Common, opts Options) Model {
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	if opts.Context == nil {
		opts.Context = context.Background()
	}
	m := Model{KeyMap: DefaultKeyMap(), c: c, opts: opts}
	m.from = newInput("YYYY-MM-DD or RFC 3339")
	m.to = newInput("YYYY-MM-DD or RFC 3339")
	m.claim = newInput("a claim value")
	m.kindQuery = newInput("type to find a kind")
	m.ip = newInput("10.244.0.0/16, 2001:db8::/48 or 10.0.0.5-10.0.1.7")
	m.object = newInput("a UUID")
	m.SetMe(opts.Me)
	m.claim.ShowSuggestions = true
	if opts.Object != "" {
		m.object.Placeholder = common.Sanitize(opts.Object) + " (selected row: tab)"
	}
	f, err := recognise(opts.Filter, opts.Location)
	if err != nil {
		// A filter that does not parse is kept whole as the other line
		// would be; the form starts empty beside it.
		m.recogniseErr = err.Error()
	}
	m.setForm(f)
	m.focusRow(rowTime)
	m.initCmd = m.schedule()
	return m
}

// SetMe sets the user's identity (GET /v1/auth answers after the form
// may have opened): the claim's first suggestion, taken with tab.
func (m *Model) SetMe(me string) {
	m.opts.Me = me
	var sugg []string
	m.claim.Placeholder = "a claim value"
	if me != "" {
		sugg = append(sugg, me)
		m.claim.Placeholder = common.Sanitize(me) + " (you: tab)"
	}
	for _, a := range m.opts.Actors {
		if a != "" && !slices.Contains(sugg, a) {
			sugg = append(sugg, a)
		}
	}
	m.claim.SetSuggestions(sugg)
}

// setForm puts f in the inputs.
func (m *Model) setForm(f form) {
	m.f = f
	m.from.SetValue(f.from)
	m.to.SetValue(f.to)
	m.claim.SetValue(f.claim)
	m.ip.SetValue(f.ip)
	m.object.SetValue(f.object)
	m.rebuild()
}

// Init asks for the first count (New has prepared it: Init's receiver
// is a copy, so the count's generation is set before).
func (m Model) Init() tea.Cmd { return m.initCmd }

// Filter returns the canonical filter of the form.
func (m Model) Filter() string { return m.built.canonical }

// SetSize sets the area the form draws in.
func (m *Model) SetSize(w, h int) { m.c.Width, m.c.Height = w, h }

// SetSaved replaces the saved filters shown.
func (m *Model) SetSaved(s []Saved) {
	m.opts.Saved = s
	m.savedCur = min(m.savedCur, max(len(s)-1, 0))
}

func (m *Model) rebuild() {
	m.f.from, m.f.to = m.from.Value(), m.to.Value()
	m.f.claim, m.f.ip, m.f.object = m.claim.Value(), m.ip.Value(), m.object.Value()
	m.built = m.f.build(env{loc: m.opts.Location, moment: m.opts.Moment, archive: m.opts.Tier == "archive" || m.opts.Tier == "both"})
}

// visible reports whether a row is shown (the range and around rows only
// with their time choice).
func (m Model) visible(r row) bool {
	switch r {
	case rowFrom, rowTo:
		return m.f.time == timeRange
	case rowAround:
		return m.f.time == timeAround
	}
	return true
}

func (m *Model) input(r row) *textinput.Model {
	switch r {
	case rowFrom:
		return &m.from
	case rowTo:
		return &m.to
	case rowClaim:
		return &m.claim
	case rowKinds:
		return &m.kindQuery
	case rowIP:
		return &m.ip
	case rowObject:
		return &m.object
	}
	return nil
}

func (m *Model) focusRow(r row) {
	if in := m.input(m.focus); in != nil {
		in.Blur()
	}
	m.focus = r
	m.deleteArmed = false
	if in := m.input(r); in != nil {
		in.Focus()
		in.CursorEnd()
	}
}

func (m *Model) move(d int) {
	r := m.focus
	for {
		r = (r + row(d) + numRows) % numRows
		if m.visible(r) {
			break
		}
	}
	m.focusRow(r)
}

// Update handles keys and the count's messages.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case debounceMsg:
		if msg.gen != m.gen {
			return m, nil
		}
		return m, m.startCount()
	case countMsg:
		if msg.gen != m.gen {
			return m, nil
		}
		m.counting = false
		m.hasCount = msg.err == nil
		m.count, m.countErr = msg.n, ""
		if msg.err != nil && msg.err != context.Canceled {
			m.countErr = common.Sanitize(msg.err.Error())
		}
		return m, nil
	case savedMsg:
		return m.onSaved(msg)
	case tea.KeyMsg:
		return m.onKey(msg)
	}
	return m, nil
}

func (m Model) onKey(k tea.KeyMsg) (Model, tea.Cmd) {
	if m.prompt != nil {
		return m.onPromptKey(k)
	}
	in := m.input(m.focus)
	switch {
	case key.Matches(k, m.KeyMap.Apply):
		m.stop()
		if m.built.err != "" || m.hasErrors() {
			m.note = "fix the marked section first (or esc to leave)"
			return m, nil
		}
		f := m.built.canonical
		return m, func() tea.Msg { return AppliedMsg{Filter: f} }
	case key.Matches(k, m.KeyMap.Cancel):
		m.stop()
		return m, func() tea.Msg { return CancelledMsg{} }
	case key.Matches(k, m.KeyMap.CopyAny), key.Matches(k, m.KeyMap.Copy) && in == nil:
		f := m.built.canonical
		return m, func() tea.Msg { return CopyMsg{Text: f} }
	case k.Type == tea.KeyTab && m.acceptSuggestion():
		return m, m.changed()
	case key.Matches(k, m.KeyMap.Next):
		m.move(+1)
		return m, nil
	case key.Matches(k, m.KeyMap.Prev):
		m.move(-1)
		return m, nil
	}
	switch m.focus {
	case rowTime, rowAround, rowClaimMode, rowOps, rowSaved:
		return m.onChoiceKey(k)
	case rowKinds:
		return m.onKindKey(k)
	}
	before := in.Value()
	var cmd tea.Cmd
	*in, cmd = in.Update(k)
	if in.Value() == before {
		return m, cmd
	}
	return m, tea.Batch(cmd, m.changed())
}

// acceptSuggestion fills an empty claim with the user's identity (or the
// typed prefix's completion), an empty object with the selected row's.
func (m *Model) acceptSuggestion() bool {
	switch m.focus {
	case rowClaim:
		v := m.claim.Value()
		if v == "" && m.opts.Me != "" {
			m.claim.SetValue(m.opts.Me)
		} else if s := m.claim.CurrentSuggestion(); s != "" && s != v && v != "" {
			m.claim.SetValue(s)
		} else {
			return false
		}
		m.claim.CursorEnd()
		return true
	case rowObject:
		if m.object.Value() == "" && m.opts.Object != "" {
			m.object.SetValue(m.opts.Object)
			m.object.CursorEnd()
			return true
		}
	}
	return false
}

func (m Model) hasErrors() bool {
	b := m.built
	return b.fromErr != "" || b.toErr != "" || b.claimErr != "" || b.kindErr != "" || b.ipErr != "" || b.objectErr != ""
}

func step(i, d, n int) int { return (i + d + n) % n }

func (m Model) onChoiceKey(k tea.KeyMsg) (Model, tea.Cmd) {
	d := 0
	switch {
	case key.Matches(k, m.KeyMap.Left):
		d = -1
	case key.Matches(k, m.KeyMap.Right):
		d = +1
	}
	switch m.focus {
	case rowTime:
		if d == 0 {
			return m, nil
		}
		m.f.time = step(m.f.time, d, len(timeChoices))
		m.dropOtherTimes()
	case rowAround:
		if d == 0 {
			return m, nil
		}
		m.f.aroundSpan = step(m.f.aroundSpan, d, len(aroundSpans))
	case rowClaimMode:
		if d == 0 {
			return m, nil
		}
		m.f.claimMode = step(m.f.claimMode, d, len(claimModes))
	case rowOps:
		if d != 0 {
			m.opsCur = step(m.opsCur, d, len(operations))
			return m, nil
		}
		if !key.Matches(k, m.KeyMap.Toggle) {
			return m, nil
		}
		m.f.ops[m.opsCur] = !m.f.ops[m.opsCur]
	case rowSaved:
		return m.onSavedKey(k, d)
	}
	return m, m.changed()
}

// dropOtherTimes removes the kept clauses on meta.create_time: a new
// range replaces the old one.
func (m *Model) dropOtherTimes() {
	m.f.other = slices.DeleteFunc(m.f.other, func(x filters.Expr) bool {
		c, ok := x.(*filters.Compare)
		return ok && c.Path.String() == filters.PathCreateTime
	})
}

// kindMatches are the known kinds whose short name starts with the query
// (any case), then those that contain it, each in the docs' order.
func (m Model) kindMatches() []filters.KindInfo {
	q := strings.ToLower(strings.TrimSpace(m.kindQuery.Value()))
	var first, rest []filters.KindInfo
	for _, k := range filters.Kinds() {
		short := strings.ToLower(k.Short)
		switch {
		case strings.HasPrefix(short, q):
			first = append(first, k)
		case strings.Contains(short, q):
			rest = append(rest, k)
		}
	}
	return append(first, rest...)
}

func (m Model) onKindKey(k tea.KeyMsg) (Model, tea.Cmd) {
	matches := m.kindMatches()
	switch {
	case key.Matches(k, m.KeyMap.Left), key.Matches(k, m.KeyMap.Right):
		if len(matches) > 0 {
			d := 1
			if key.Matches(k, m.KeyMap.Left) {
				d = -1
			}
			m.kindCur = step(min(m.kindCur, len(matches)-1), d, len(matches))
		}
		return m, nil
	case key.Matches(k, m.KeyMap.Toggle):
		if len(matches) == 0 {
			return m, nil
		}
		full := matches[min(m.kindCur, len(matches)-1)].Full
		if i := slices.Index(m.f.kinds, full); i >= 0 {
			m.f.kinds = slices.Delete(slices.Clone(m.f.kinds), i, i+1)
		} else {
			m.f.kinds = append(slices.Clone(m.f.kinds), full)
		}
		return m, m.changed()
	}
	var cmd tea.Cmd
	m.kindQuery, cmd = m.kindQuery.Update(k)
	m.kindCur = 0
	return m, cmd
}

// changed rebuilds the filter and schedules a count of it.
func (m *Model) changed() tea.Cmd {
	m.note = ""
	m.rebuild()
	return m.schedule()
}

// schedule cancels the count in flight and asks for a new one after
// countDelay, unless the filter is the one already counted.
func (m *Model) schedule() tea.Cmd {
	if m.opts.Count == nil {
		return nil
	}
	f := m.built.canonical
	if m.hasCount && f == m.counted && !m.counting {
		return nil
	}
	m.stop()
	m.gen++
	m.counting, m.counted, m.countErr = true, f, ""
	if m.built.err != "" || m.hasErrors() {
		m.counting = false
		m.hasCount = false
		return nil
	}
	gen := m.gen
	return tea.Tick(countDelay, func(time.Time) tea.Msg { return debounceMsg{gen: gen} })
}

func (m *Model) startCount() tea.Cmd {
	ctx, cancel := context.WithCancel(m.opts.Context)
	m.cancel = cancel
	gen, f, count := m.gen, m.counted, m.opts.Count
	return func() tea.Msg {
		n, err := count(ctx, f)
		return countMsg{gen: gen, n: n, err: err}
	}
}

// stop cancels the count in flight.
func (m *Model) stop() {
	if m.cancel != nil {
		m.cancel()
		m.cancel = nil
	}
}

// ShortHelp implements help.KeyMap.
func (m Model) ShortHelp() []key.Binding { return m.KeyMap.ShortHelp() }

// FullHelp implements help.KeyMap.
func (m Model) FullHelp() [][]key.Binding { return m.KeyMap.FullHelp() }
