// Package table is the results table of the explorer: a windowed table of
// audit entries that holds hundreds of thousands of rows and draws only
// the visible ones.
//
// bubbles/table allocates for every row on each key press; this one keeps
// rows as structs whose display strings are computed (and sanitized) once,
// when they are appended, renders only the rows in view, and caches the
// rendered lines and the whole frame between frames.
package table

import (
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/tui/common"
)

// DefaultEmptyMessage is shown when the table has no rows.
const DefaultEmptyMessage = "No audit log entries match this query. Widen the time range, change the filter or the tier."

// wheelStep is how many rows one notch of the mouse wheel moves the cursor.
const wheelStep = 3

// row is one entry as the table shows it. The strings are sanitized once,
// when the entry is appended; clean strings share the entry's memory.
type row struct {
	entry  *client.Entry
	unix   int64 // meta.create_time in seconds; noTime when unset
	op     string
	kind   string
	uuid   string
	actor  string
	remote string
	ns     string
	failed bool
}

const noTime = -1 << 63

// Model is the results table. The zero value is not usable; call New.
type Model struct {
	// KeyMap is the key bindings (c.Keys from New); replace it to remap keys.
	KeyMap common.KeyMap

	common   common.Common
	rows     []row
	ideal    [numCols]int
	layout   layout
	cursor   int
	offset   int
	focused  bool
	showTier bool
	loc      *time.Location
	empty    string

	paint paints

	// gen changes whenever something that shapes a rendered line changes
	// (rows replaced, layout, time zone, styles). It comes from a global
	// counter, so copies of a Model that diverge never share a gen.
	gen   uint64
	cache *cache
}

var generation atomic.Uint64

// paints are the styles the rows use, reduced to escape sequences once
// (see common.Paint), so that drawing a row costs no lipgloss call.
type paints struct {
	header, row, failed, selected, selectedBlur, empty common.Paint
	ops                                                [5]common.Paint // by opIndex
}

func newPaints(s *common.Styles) paints {
	p := paints{
		header:       common.PaintOf(s.TableHeader),
		row:          common.PaintOf(s.TableRow),
		failed:       common.PaintOf(s.TableFailed),
		selected:     common.PaintOf(s.TableSelected),
		selectedBlur: common.PaintOf(s.TableSelectedBlur),
		empty:        common.PaintOf(s.TableEmpty),
	}
	for _, op := range api.Operations {
		p.ops[opIndex(op)] = common.PaintOf(s.Op(op))
	}
	return p
}

// opIndex maps an operation to its paint; unknown operations (a newer
// server's) share OPERATION_UNSPECIFIED's.
func opIndex(op api.Operation) int {
	switch op {
	case api.OperationCreate:
		return 1
	case api.OperationUpdate:
		return 2
	case api.OperationDelete:
		return 3
	case api.OperationUpsert:
		return 4
	}
	return 0
}

// cache holds rendered output between frames. It is behind a pointer so
// that View, which has a value receiver like every bubbles View, can fill
// it.
type cache struct {
	gen    uint64
	lines  map[int]line
	header string

	viewKey viewKey
	view    string
}

// line is one rendered row: plain is the fitted text without styles (the
// selected row is styled from it), styled the row as drawn unselected.
type line struct {
	plain, styled string
}

type viewKey struct {
	gen               uint64
	n, cursor, offset int
	focused           bool
	width, height     int
	valid             bool
}

// New returns an empty table of c's size, drawn with c.Styles and moved
// with c.Keys. It starts without the focus (see Focus).
func New(c common.Common) Model {
	if c.Styles == nil {
		c.Styles = common.NewCommon(nil).Styles
	}
	m := Model{
		KeyMap: c.Keys,
		common: c,
		loc:    time.UTC,
		empty:  DefaultEmptyMessage,
		cache:  &cache{},
	}
	// The ends of a table are the ends of what is loaded.
	m.KeyMap.GotoTop.SetHelp(m.KeyMap.GotoTop.Help().Key, "first row")
	m.KeyMap.GotoBottom.SetHelp(m.KeyMap.GotoBottom.Help().Key, "last loaded row")
	m.paint = newPaints(c.Styles)
	m.resetIdeal()
	m.relayout(true)
	return m
}

// resetIdeal sets the columns' widths back to their titles'.
func (m *Model) resetIdeal() {
	for c := range m.ideal {
		m.ideal[c] = common.Width(titles[c])
	}
	m.ideal[colTime] = timeWidth
}

// relayout recomputes the column widths and invalidates the rendered lines
// if they changed (or if force is set).
func (m *Model) relayout(force bool) {
	l := computeLayout(m.common.Width, m.ideal, m.showTier)
	if force || l != m.layout {
		m.layout = l
		m.gen = generation.Add(1)
	}
}

// SetSize sets the width and height (in lines, the header included).
func (m *Model) SetSize(w, h int) {
	if w == m.common.Width && h == m.common.Height {
		return
	}
	m.common.Width, m.common.Height = w, h
	m.relayout(true)
	m.clamp()
}

// Width returns the width in cells.
func (m Model) Width() int { return m.common.Width }

// Height returns the height in lines.
func (m Model) Height() int { return m.common.Height }

// SetEmptyMessage sets the line shown when there are no rows (e.g.
// "loading…" while the first page is on its way).
func (m *Model) SetEmptyMessage(s string) {
	m.empty = s
	m.gen = generation.Add(1)
}

// SetEntries replaces the rows. The table keeps pointers into entries:
// do not modify them afterwards. The cursor stays where it was, clamped.
func (m *Model) SetEntries(entries []client.Entry) {
	m.rows = make([]row, 0, len(entries))
	m.resetIdeal()
	m.appendRows(entries)
	m.relayout(true)
	m.clamp()
}

// AppendEntries adds rows after the last one, e.g. the next page. The
// table keeps pointers into entries: do not modify them afterwards.
func (m *Model) AppendEntries(entries []client.Entry) {
	if len(entries) == 0 {
		return
	}
	m.appendRows(entries)
	m.relayout(false)
}

func (m *Model) appendRows(entries []client.Entry) {
	m.rows = slices.Grow(m.rows, len(entries))
	for i := range entries {
		r := newRow(&entries[i])
		m.rows = append(m.rows, r)
		m.widen(colOp, r.op)
		m.widen(colKind, r.kind)
		m.widen(colUUID, r.uuid)
		m.widen(colActor, r.actor)
		m.widen(colRemote, r.remote)
		m.widen(colNamespace, r.ns)
	}
	if m.ideal[colTier] < len("archive") {
		m.ideal[colTier] = len("archive")
	}
}

func (m *Model) widen(c int, s string) {
	// A sanitized string is never wider than its length in bytes (two
	// cells take at least three bytes), so most strings need no measuring.
	if len(s) <= m.ideal[c] || m.ideal[c] >= maxWidth[c] {
		return
	}
	if w := common.Width(s); w > m.ideal[c] {
		m.ideal[c] = min(w, maxWidth[c])
	}
}

func newRow(e *client.Entry) row {
	r := row{
		entry:  e,
		unix:   noTime,
		op:     common.Sanitize(e.Spec.Operation.Short()),
		kind:   common.Sanitize(api.ShortKind(e.Spec.MessageKind)),
		uuid:   common.Sanitize(e.Spec.MessageUUID),
		actor:  common.Sanitize(Actor(e.Spec.Claims)),
		remote: common.Sanitize(e.Spec.RemoteAddress),
		ns:     common.Sanitize(e.TenantMeta.Namespace),
		failed: e.Spec.Error != nil,
	}
	if t := e.Meta.CreateTime; !t.IsZero() {
		r.unix = t.Unix()
	}
	return r
}

// Actor returns who acted, from the claims of an entry: the value of the
// first email= claim, else of the first user= claim, else the first claim
// whole. The result is not sanitized.
func Actor(claims []string) string {
	for _, p := range []string{"email=", "user="} {
		for _, c := range claims {
			if strings.HasPrefix(c, p) && len(c) > len(p) {
				return c[len(p):]
			}
		}
	}
	if len(claims) > 0 {
		return claims[0]
	}
	return ""
}

// SetShowTier shows or hides the tier column (useful when the rows come
// from both stores).
func (m *Model) SetShowTier(show bool) {
	if m.showTier == show {
		return
	}
	m.showTier = show
	m.relayout(true)
}

// SetLocalTime sets the zone the time column is shown in; nil means UTC.
// Times are formatted when a row comes into view and cached, so switching
// zones costs one page of formatting, not one per loaded row.
func (m *Model) SetLocalTime(loc *time.Location) {
	if loc == nil {
		loc = time.UTC
	}
	if loc == m.loc {
		return
	}
	m.loc = loc
	m.relayout(true)
}

// Location returns the zone of the time column.
func (m Model) Location() *time.Location { return m.loc }

// Len returns the number of rows loaded.
func (m Model) Len() int { return len(m.rows) }

// Cursor returns the index of the selected row (0 when empty).
func (m Model) Cursor() int { return m.cursor }

// SetCursor selects row i, clamped to the rows loaded, and scrolls it into
// view.
func (m *Model) SetCursor(i int) {
	m.cursor = i
	m.clamp()
}

// Selected returns the entry of the selected row, false when the table is
// empty.
func (m Model) Selected() (client.Entry, bool) {
	if m.cursor < 0 || m.cursor >= len(m.rows) {
		return client.Entry{}, false
	}
	return *m.rows[m.cursor].entry, true
}

// NearEnd reports whether the cursor is within n rows of the last row
// loaded, so that the root can fetch the next page before the user gets
// there. It is false for an empty table.
func (m Model) NearEnd(n int) bool {
	return len(m.rows) > 0 && len(m.rows)-1-m.cursor < n
}

// Focus gives the table the keyboard.
func (m *Model) Focus() { m.focused = true }

// Blur takes the keyboard away; the selected row stays marked, dimmer.
func (m *Model) Blur() { m.focused = false }

// Focused reports whether the table has the keyboard.
func (m Model) Focused() bool { return m.focused }

// visibleRows is how many rows fit under the header.
func (m Model) visibleRows() int { return max(m.common.Height-1, 0) }

// MoveUp moves the cursor up n rows.
func (m *Model) MoveUp(n int) {
	m.cursor -= n
	m.clamp()
}

// MoveDown moves the cursor down n rows.
func (m *Model) MoveDown(n int) {
	m.cursor += n
	m.clamp()
}

// GotoTop selects the first row.
func (m *Model) GotoTop() { m.SetCursor(0) }

// GotoBottom selects the last row loaded.
func (m *Model) GotoBottom() { m.SetCursor(len(m.rows) - 1) }

// pageBy moves the cursor and the window together by n rows (negative is
// up), the way a pager turns pages: the cursor keeps its place on screen.
func (m *Model) pageBy(n int) {
	m.offset += n
	m.cursor += n
	m.clamp()
}

// clamp keeps the cursor on a row and the window around the cursor.
func (m *Model) clamp() {
	n := len(m.rows)
	m.cursor = max(min(m.cursor, n-1), 0)
	vis := m.visibleRows()
	if vis <= 0 {
		m.offset = m.cursor
		return
	}
	m.offset = max(min(m.offset, n-vis), 0)
	if m.cursor < m.offset {
		m.offset = m.cursor
	} else if m.cursor >= m.offset+vis {
		m.offset = m.cursor - vis + 1
	}
}

// Update handles keys (when focused) and the mouse wheel.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	if !m.focused {
		return m, nil
	}
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if mv, ok := m.KeyMap.Navigate(msg, m.visibleRows()); ok {
			if mv.Paged {
				m.pageBy(mv.Lines)
			} else {
				m.SetCursor(m.cursor + mv.Lines)
			}
		}
	case tea.MouseMsg:
		if msg.Action != tea.MouseActionPress {
			break
		}
		switch msg.Button {
		case tea.MouseButtonWheelUp:
			m.MoveUp(wheelStep)
		case tea.MouseButtonWheelDown:
			m.MoveDown(wheelStep)
		}
	}
	return m, nil
}

// RowAt returns the index of the row drawn on line y of the table's view
// (0 is the header), for mouse clicks; false when y shows no row.
func (m Model) RowAt(y int) (int, bool) {
	if y < 1 || y > m.visibleRows() {
		return 0, false
	}
	i := m.offset + y - 1
	if i >= len(m.rows) {
		return 0, false
	}
	return i, true
}

// ShortHelp returns the bindings for the one-line help.
func (m Model) ShortHelp() []key.Binding { return m.KeyMap.ShortHelp() }

// FullHelp returns all bindings for the help overlay.
func (m Model) FullHelp() [][]key.Binding { return m.KeyMap.FullHelp() }
