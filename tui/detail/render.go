package detail

import (
	"strings"

	"github.com/auditlog/auditlog/tui/common"
)

const (
	gutterWidth  = 2
	cursorMarker = "▶ "
)

// cache holds the screen rows of the current lines at the current width,
// and the last frame. It is behind a pointer so that View, which has a
// value receiver, can fill it.
type cache struct {
	gen       uint64
	rows      []srow
	lineStart []int // first screen row of each logical line

	viewKey viewKey
	view    string
}

// srow is one screen row: styled as drawn, plain for the cursor's style.
type srow struct {
	line          int
	styled, plain string
}

type viewKey struct {
	gen            uint64
	cursor, offset int
	focused, valid bool
}

// screen returns the screen rows laid out so far, having laid out at
// least the logical lines up to needLine and the screen rows up to needRow.
// Rows are laid out on demand, so a new entry costs the rows of one screen,
// not those of the whole document.
func (m *Model) screen(needLine, needRow int) *cache {
	c := m.cache
	if c.gen != m.gen {
		c.gen = m.gen
		c.rows = c.rows[:0]
		c.lineStart = c.lineStart[:0]
	}
	avail := m.common.Width - gutterWidth
	for i := len(c.lineStart); i < len(m.lines); i++ {
		if i > needLine && len(c.rows) > needRow {
			break
		}
		c.lineStart = append(c.lineStart, len(c.rows))
		for _, segs := range layoutLine(m.lines[i], avail, m.wrap) {
			c.rows = append(c.rows, m.renderRow(i, segs, avail))
		}
	}
	return c
}

// all lays out every line.
func (m *Model) all() *cache { return m.screen(len(m.lines), len(m.lines)) }

// layoutLine splits a logical line into screen rows of at most avail
// cells: wrapped (continuation rows indented under the line's content), or
// cut with an ellipsis.
func layoutLine(l lline, avail int, wrap bool) [][]seg {
	if avail <= 0 {
		return [][]seg{nil}
	}
	if !wrap || avail < 4 {
		return [][]seg{cutLine(l.segs, avail)}
	}
	cont := min(l.indent+indentStep, avail/2)
	var rows [][]seg
	var cur []seg
	used := 0
	for _, s := range l.segs {
		text := s.text
		for text != "" {
			room := avail - used
			head, tail := common.Cut(text, room)
			rowStart := 0
			if len(rows) > 0 {
				rowStart = cont
			}
			if tail != "" {
				// Keep words whole: break after the last space of the row
				// when there is one in its second half; with no space, and
				// more than half the row already used, start a new row.
				if i := strings.LastIndexByte(head, ' '); i > 0 && common.Width(head[:i+1]) > room/2 {
					head, tail = text[:i+1], text[i+1:]
				} else if i <= 0 && used > rowStart && used > avail/2 {
					head, tail = "", text
				}
			}
			if head == "" {
				if used == rowStart {
					// Not even one character fits on an empty row (a wide
					// character in a one-cell room): cut it off.
					head, tail = common.Truncate(text, room), ""
				} else {
					rows = append(rows, cur)
					cur = []seg{{strings.Repeat(" ", cont), pNone}}
					used = cont
					continue
				}
			}
			cur = append(cur, seg{head, s.paint})
			used += common.Width(head)
			text = tail
			if text != "" { // the row is full
				rows = append(rows, cur)
				cur = []seg{{strings.Repeat(" ", cont), pNone}}
				used = cont
			}
		}
	}
	return append(rows, cur)
}

func cutLine(segs []seg, avail int) []seg {
	var out []seg
	used := 0
	for _, s := range segs {
		w := common.Width(s.text)
		if used+w <= avail {
			out = append(out, s)
			used += w
			continue
		}
		if room := avail - used; room > 0 {
			out = append(out, seg{common.Truncate(s.text, room), s.paint})
		} else if len(out) > 0 {
			// The previous segment ended exactly at the edge: mark the cut.
			last := &out[len(out)-1]
			last.text = common.Truncate(last.text+"…", common.Width(last.text))
		}
		break
	}
	return out
}

func (m *Model) renderRow(line int, segs []seg, avail int) srow {
	var styled, plain strings.Builder
	n := max(avail, 0)
	for _, s := range segs {
		n += len(s.text)
	}
	plain.Grow(n)
	styled.Grow(n + len(segs)*24)
	used := 0
	for _, s := range segs {
		plain.WriteString(s.text)
		m.paints[s.paint].WriteTo(&styled, s.text)
		used += common.Width(s.text)
	}
	if pad := avail - used; pad > 0 {
		sp := strings.Repeat(" ", pad)
		plain.WriteString(sp)
		styled.WriteString(sp)
	}
	return srow{line: line, styled: styled.String(), plain: plain.String()}
}

// scrollToCursor moves the window so that the cursor's rows are in view.
func (m *Model) scrollToCursor() {
	h := m.common.Height
	if h <= 0 || m.common.Width <= 0 {
		return
	}
	c := m.screen(m.cursor+1, -1)
	if m.cursor >= len(c.lineStart) {
		return
	}
	first := c.lineStart[m.cursor]
	last := len(c.rows) - 1
	if m.cursor+1 < len(c.lineStart) {
		last = c.lineStart[m.cursor+1] - 1
	}
	if last >= m.offset+h {
		m.offset = last - h + 1
	}
	if first < m.offset || last-first >= h {
		m.offset = first
	}
	// Keep the window full: lay out what it shows, then clamp.
	c = m.screen(-1, m.offset+h-1)
	m.offset = max(min(m.offset, len(c.rows)-h), 0)
}

// View draws the pane, exactly Width cells wide and Height lines high.
func (m Model) View() string {
	w, h := m.common.Width, m.common.Height
	if w <= 0 || h <= 0 {
		return ""
	}
	key := viewKey{gen: m.gen, cursor: m.cursor, offset: m.offset, focused: m.focused, valid: true}
	if m.cache.viewKey == key && m.cache.gen == m.gen {
		return m.cache.view
	}
	blank := strings.Repeat(" ", w)
	if w <= gutterWidth {
		// No room for text: keep the frame's size.
		return strings.TrimSuffix(strings.Repeat(blank+"\n", h), "\n")
	}
	c := m.screen(-1, m.offset+h-1)
	cursorPaint := m.paints[pCursor]
	var b strings.Builder
	b.Grow((w + 32) * h)
	for y := range h {
		if y > 0 {
			b.WriteByte('\n')
		}
		i := m.offset + y
		if i >= len(c.rows) {
			b.WriteString(blank)
			continue
		}
		r := c.rows[i]
		onCursor := m.focused && r.line == m.cursor && m.has
		switch {
		case onCursor && c.lineStart[r.line] == i:
			b.WriteString(cursorMarker)
		default:
			b.WriteString("  ")
		}
		if onCursor {
			cursorPaint.WriteTo(&b, r.plain)
		} else {
			b.WriteString(r.styled)
		}
	}
	m.cache.view = b.String()
	m.cache.viewKey = key
	return m.cache.view
}

// ScrollPercent returns how far down the pane is scrolled, 0 to 1.
func (m Model) ScrollPercent() float64 {
	c := m.all()
	h := m.common.Height
	if len(c.rows) <= h || h <= 0 {
		return 1
	}
	return float64(m.offset) / float64(len(c.rows)-h)
}
