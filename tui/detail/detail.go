// Package detail is the detail pane of the explorer: one audit entry in
// full. A summary comes first — when (UTC, local, relative), who (actor,
// login provider, claims), what (operation, kind, object name and uuid),
// where (remote address, namespace) and the outcome (spec.error) — then
// the changes since the object's previous version when the root has them,
// then the entry as pretty, coloured JSON that scrolls and folds.
//
// The JSON is checked by encoding/json and read into a tree by a small
// scanner, so keys keep the server's order (a map would sort them); every
// key and string is escaped with common.Quote and every other server
// string with common.Sanitize before it is drawn. Long lines are wrapped to the pane's width by default (an
// audit trail must not hide the end of an error message); w switches to
// cutting them at the edge with an ellipsis.
package detail

import (
	"bytes"
	"encoding/json"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/tui/common"
)

// EmptyMessage is shown when no entry is set.
const EmptyMessage = "Select an entry to see it in full."

// wheelStep is how many lines one notch of the mouse wheel moves.
const wheelStep = 3

// Model is the detail pane. The zero value is not usable; call New.
type Model struct {
	// KeyMap is the key bindings; replace it to remap keys.
	KeyMap KeyMap

	common  common.Common
	paints  [numPaints]common.Paint
	focused bool
	wrap    bool
	loc     *time.Location // the local zone of the summary's time

	has     bool
	entry   client.Entry
	raw     []byte
	root    *node
	bad     string // why the entry could not be parsed, if it could not
	changes []client.Change
	// folded remembers folds by path, so that the next entry opens with
	// the same parts folded.
	folded map[string]bool

	lines  []lline
	cursor int // a logical line
	offset int // the first screen row shown

	gen   uint64
	cache *cache
}

var generation atomic.Uint64

// New returns an empty pane of c's size, drawn with c.Styles, moved with
// c.Keys and folded with the rest of DefaultKeyMap. Long lines wrap (see
// SetWrap); the pane starts without the focus.
func New(c common.Common) Model {
	if c.Styles == nil {
		c.Styles = common.NewCommon(nil).Styles
	}
	m := Model{KeyMap: DefaultKeyMap(), common: c, wrap: true, folded: map[string]bool{}, cache: &cache{}}
	m.KeyMap.KeyMap = c.Keys
	m.paints = newPaints(c.Styles)
	m.rebuild()
	return m
}

// SetSize sets the width and height.
func (m *Model) SetSize(w, h int) {
	if w == m.common.Width && h == m.common.Height {
		return
	}
	m.common.Width, m.common.Height = w, h
	m.touch()
	m.scrollToCursor()
}

// Width returns the width in cells.
func (m Model) Width() int { return m.common.Width }

// Height returns the height in lines.
func (m Model) Height() int { return m.common.Height }

// SetEntry shows an entry: its Raw bytes as the server sent them, or the
// decoded AuditLog re-encoded when Raw is empty. Setting the entry already
// shown keeps the cursor and folds; another entry starts at the top, with
// the parts folded that were folded before. The changes are cleared: call
// SetChanges after SetEntry.
func (m *Model) SetEntry(e client.Entry) {
	raw := []byte(e.Raw)
	if len(raw) == 0 {
		var err error
		if raw, err = json.Marshal(e.AuditLog); err != nil {
			raw = nil
		}
	}
	if m.has && e.UUID == m.entry.UUID && bytes.Equal(raw, m.raw) {
		return
	}
	m.has, m.entry, m.raw = true, e, raw
	m.changes = nil
	m.root, m.bad = nil, ""
	root, err := parse(raw)
	if err != nil {
		m.bad = common.Sanitize(err.Error())
	} else {
		m.root = root
	}
	m.cursor, m.offset = 0, 0
	m.rebuild()
}

// Clear shows no entry.
func (m *Model) Clear() {
	m.has, m.entry, m.raw, m.root, m.bad, m.changes = false, client.Entry{}, nil, nil, "", nil
	m.cursor, m.offset = 0, 0
	m.rebuild()
}

// Entry returns the entry shown, false when there is none.
func (m Model) Entry() (client.Entry, bool) { return m.entry, m.has }

// SetChanges shows the changes since the previous version of the object
// above the JSON; nil removes the section, an empty slice says "(none)".
func (m *Model) SetChanges(changes []client.Change) {
	if changes == nil && m.changes == nil {
		return
	}
	m.changes = changes
	m.rebuild()
}

// SetLocation sets the local zone the summary shows the time in beside
// UTC; nil or UTC shows UTC alone.
func (m *Model) SetLocation(loc *time.Location) {
	m.loc = loc
	m.rebuild()
}

// Value returns what copying the line under the cursor copies: a JSON
// scalar's value (a string without quotes), or the main value of a summary
// line (the time, actor, object uuid, address, error message); false on a
// line with no value of its own (a brace, a blank).
func (m Model) Value() (string, bool) {
	if !m.has || m.cursor >= len(m.lines) || m.lines[m.cursor].value == "" {
		return "", false
	}
	return m.lines[m.cursor].value, true
}

// SetWrap sets whether long lines wrap or are cut at the edge.
func (m *Model) SetWrap(wrap bool) {
	m.wrap = wrap
	m.touch()
	m.scrollToCursor()
}

// Wrap reports whether long lines wrap.
func (m Model) Wrap() bool { return m.wrap }

// Focus gives the pane the keyboard.
func (m *Model) Focus() { m.focused = true; m.touch() }

// Blur takes the keyboard away.
func (m *Model) Blur() { m.focused = false; m.touch() }

// Focused reports whether the pane has the keyboard.
func (m Model) Focused() bool { return m.focused }

// Lines returns the number of logical lines (JSON lines and the changes
// section), and Cursor the line the cursor is on.
func (m Model) Lines() int { return len(m.lines) }

// Cursor returns the logical line the cursor is on.
func (m Model) Cursor() int { return m.cursor }

// SetCursor moves the cursor to logical line i, clamped, and scrolls it
// into view.
func (m *Model) SetCursor(i int) {
	m.cursor = max(min(i, len(m.lines)-1), 0)
	m.scrollToCursor()
}

// touch invalidates the rendered rows.
func (m *Model) touch() { m.gen = generation.Add(1) }

// rebuild lays the lines out again after the entry, changes or folds
// changed.
func (m *Model) rebuild() {
	m.lines = nil // not [:0]: an older copy of the Model may still hold the array
	switch {
	case !m.has:
		m.lines = append(m.lines, lline{segs: []seg{{EmptyMessage, pMuted}}})
	default:
		m.lines = append(m.lines, summaryLines(m.entry, m.loc, m.common.Clock()())...)
		if m.changes != nil {
			m.lines = append(m.lines, changeLines(m.changes)...)
		}
		if m.root == nil {
			m.lines = append(m.lines,
				lline{segs: []seg{{"This entry is not valid JSON: " + m.bad, pError}}},
				lline{segs: []seg{{common.Sanitize(string(m.raw)), pNone}}})
			break
		}
		walk(m.root, func(n *node) { n.folded = n.container() && n != m.root && m.folded[n.path] })
		m.lines = flatten(m.lines, m.root, nil, 0, true)
	}
	m.cursor = max(min(m.cursor, len(m.lines)-1), 0)
	m.touch()
	if m.cursor > 0 || m.offset > 0 {
		// Otherwise the rows are laid out by the next View, and not at
		// all while the pane is hidden.
		m.scrollToCursor()
	}
}

// toggle folds or unfolds the container at the cursor: the one the line
// opens or closes, else the one it is in. fold picks the direction: -1
// toggles, 0 unfolds, 1 folds.
func (m *Model) toggle(fold int) {
	if m.cursor >= len(m.lines) {
		return
	}
	l := m.lines[m.cursor]
	n := l.node
	if n == nil || (fold == 1 && n.folded) {
		// A scalar or an already folded node: act on the parent.
		n = l.parent
		if fold == 0 {
			return
		}
	}
	if n == nil || n == m.root || !n.container() {
		return
	}
	want := !n.folded
	switch fold {
	case 0:
		want = false
	case 1:
		want = true
	}
	if want == n.folded {
		return
	}
	if want {
		m.folded[n.path] = true
	} else {
		delete(m.folded, n.path)
	}
	m.rebuild()
	m.cursorTo(n)
}

// cursorTo puts the cursor on the line that opens n.
func (m *Model) cursorTo(n *node) {
	for i, l := range m.lines {
		if l.node == n && l.open {
			m.SetCursor(i)
			return
		}
	}
}

// foldAll folds every container below the top level; unfoldAll opens all.
func (m *Model) foldAll() {
	if m.root == nil {
		return
	}
	var at *node
	if m.cursor < len(m.lines) {
		at = m.topLevel(m.lines[m.cursor])
	}
	walk(m.root, func(n *node) {
		if n != m.root && n.container() && len(n.children) > 0 {
			m.folded[n.path] = true
		}
	})
	m.rebuild()
	if at != nil {
		m.cursorTo(at)
	}
}

func (m *Model) unfoldAll() {
	clear(m.folded)
	m.rebuild()
}

// topLevel returns the child of the root that line l belongs to.
func (m *Model) topLevel(l lline) *node {
	n := l.node
	if n == nil {
		n = l.parent
	}
	var found *node
	for _, c := range m.rootChildren() {
		walk(c, func(x *node) {
			if x == n {
				found = c
			}
		})
		if found != nil {
			return found
		}
	}
	return nil
}

func (m *Model) rootChildren() []*node {
	if m.root == nil {
		return nil
	}
	return m.root.children
}

// Update handles keys (when focused) and the mouse wheel.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	if !m.focused {
		return m, nil
	}
	page := max(m.common.Height, 1)
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if mv, ok := m.KeyMap.Navigate(msg, page); ok {
			m.SetCursor(m.cursor + mv.Lines)
			break
		}
		switch {
		case key.Matches(msg, m.KeyMap.Toggle):
			m.toggle(-1)
		case key.Matches(msg, m.KeyMap.Fold):
			m.toggle(1)
		case key.Matches(msg, m.KeyMap.Unfold):
			m.toggle(0)
		case key.Matches(msg, m.KeyMap.UnfoldAll):
			m.unfoldAll()
		case key.Matches(msg, m.KeyMap.FoldAll):
			m.foldAll()
		case key.Matches(msg, m.KeyMap.Wrap):
			m.SetWrap(!m.wrap)
		}
	case tea.MouseMsg:
		if msg.Action != tea.MouseActionPress {
			break
		}
		switch msg.Button {
		case tea.MouseButtonWheelUp:
			m.SetCursor(m.cursor - wheelStep)
		case tea.MouseButtonWheelDown:
			m.SetCursor(m.cursor + wheelStep)
		}
	}
	return m, nil
}

// ShortHelp returns the bindings for the one-line help.
func (m Model) ShortHelp() []key.Binding { return m.KeyMap.ShortHelp() }

// FullHelp returns all bindings for the help overlay.
func (m Model) FullHelp() [][]key.Binding { return m.KeyMap.FullHelp() }
