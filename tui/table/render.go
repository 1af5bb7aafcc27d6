package table

import (
	"strings"
	"time"

	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/tui/common"
)

const (
	markerSelected = "▶"
	markerFailed   = "!"
	timeLayout     = "2006-01-02 15:04:05"
)

// View draws the header and the rows in view, exactly Width cells wide and
// Height lines high. Nothing is rendered when nothing changed since the
// last frame; otherwise only lines that came into view are rendered, and
// the selected row is styled afresh (one style call).
func (m Model) View() string {
	w, h := m.common.Width, m.common.Height
	if w <= 0 || h <= 0 {
		return ""
	}
	c := m.cache
	key := viewKey{gen: m.gen, n: len(m.rows), cursor: m.cursor, offset: m.offset,
		focused: m.focused, width: w, height: h, valid: true}
	if c.viewKey == key {
		return c.view
	}
	if c.gen != m.gen || c.lines == nil {
		c.gen = m.gen
		c.lines = make(map[int]line, 2*h)
		c.header = m.renderHeader()
	}
	if len(c.lines) > 4*h+64 {
		// The user scrolled far; drop lines no longer in view.
		for i := range c.lines {
			if i < m.offset || i >= m.offset+h {
				delete(c.lines, i)
			}
		}
	}

	// Look the lines up first, to size the frame exactly: one allocation.
	end := min(m.offset+m.visibleRows(), len(m.rows))
	var buf [128]string
	visible := buf[:0]
	sel := m.paint.selectedBlur
	if m.focused {
		sel = m.paint.selected
	}
	size := len(c.header)
	for i := m.offset; i < end; i++ {
		l, ok := c.lines[i]
		if !ok {
			l = m.renderRow(i)
			c.lines[i] = l
		}
		s := l.styled
		if i == m.cursor {
			s = l.plain
			size += len(sel.Open) + len(sel.Close)
		}
		visible = append(visible, s)
		size += len(s) + 1
	}
	if blanks := h - 1 - len(visible); blanks > 0 {
		size += blanks * (w + 1)
		if len(m.rows) == 0 {
			size += len(m.empty) + 64
		}
	}

	var b strings.Builder
	b.Grow(size)
	b.WriteString(c.header)
	drawn := 1
	if len(m.rows) == 0 && h > 1 {
		b.WriteByte('\n')
		// One Render per frame of an empty table: not a hot path.
		b.WriteString(m.common.Styles.TableEmpty.Render(common.Fit("  "+common.Sanitize(m.empty), w)))
		drawn++
	}
	for i, s := range visible {
		b.WriteByte('\n')
		if m.offset+i == m.cursor {
			sel.WriteTo(&b, s)
		} else {
			b.WriteString(s)
		}
		drawn++
	}
	blank := strings.Repeat(" ", w)
	for ; drawn < h; drawn++ {
		b.WriteByte('\n')
		b.WriteString(blank)
	}
	c.view = b.String()
	c.viewKey = key
	return c.view
}

func (m Model) timeTitle() string {
	if m.loc == time.UTC {
		return titles[colTime]
	}
	return "TIME (local)"
}

func (m Model) renderHeader() string {
	var b strings.Builder
	b.WriteString(strings.Repeat(" ", prefixWidth))
	gap := strings.Repeat(" ", m.layout.gap)
	first := true
	for c, cw := range m.layout.widths {
		if cw == 0 {
			continue
		}
		if !first {
			b.WriteString(gap)
		}
		first = false
		t := titles[c]
		if c == colTime {
			t = m.timeTitle()
		}
		b.WriteString(common.Fit(t, cw))
	}
	// lipgloss would style an underlined header cell by cell (hundreds of
	// allocations); one SGR span around the line looks the same.
	return m.paint.header.Wrap(fitLine(b.String(), m.common.Width))
}

// renderRow renders row i: its plain text (for the selected style) and its
// unselected form, with the failure marker and the operation in their own
// colours. The cells are written once into one buffer; the styled form is
// cut from it, so a row costs a handful of allocations.
func (m Model) renderRow(i int) line {
	r := &m.rows[i]
	p := &m.paint
	w := m.common.Width

	var b strings.Builder
	b.Grow(w + 8)
	b.WriteString(" ")
	if r.failed {
		b.WriteString(markerFailed)
	} else {
		b.WriteString(" ")
	}
	b.WriteString(" ")
	opStart, opEnd := -1, -1
	first := true
	for c, cw := range m.layout.widths {
		if cw == 0 {
			continue
		}
		if !first {
			b.WriteString(spaces(m.layout.gap))
		}
		first = false
		if c == colOp {
			opStart = b.Len()
		}
		if c == colTime && r.unix != noTime {
			var buf [len(timeLayout)]byte
			ts := time.Unix(r.unix, 0).In(m.loc).AppendFormat(buf[:0], timeLayout)
			if len(ts) <= cw { // always: the time column is never narrowed
				b.Write(ts)
				b.WriteString(spaces(cw - len(ts)))
			} else {
				writeFit(&b, string(ts), cw)
			}
		} else {
			writeFit(&b, m.cell(r, c), cw)
		}
		if c == colOp {
			opEnd = b.Len()
		}
	}
	row := b.String()
	textW := common.Width(row)
	if textW > w {
		// Narrower than the columns that are never dropped: cut at the
		// edge and style the row whole.
		row = fitLine(row, w)
		return line{plain: selectedForm(row, w), styled: p.row.Wrap(row)}
	}
	row += spaces(w - textW)

	var s strings.Builder
	s.Grow(len(row) + 96)
	s.WriteString(" ")
	if r.failed {
		p.failed.WriteTo(&s, markerFailed)
	} else {
		s.WriteString(" ")
	}
	if opStart < 0 {
		p.row.WriteTo(&s, row[2:])
	} else {
		p.row.WriteTo(&s, row[2:opStart])
		p.ops[opIndex(r.entry.Spec.Operation)].WriteTo(&s, row[opStart:opEnd])
		p.row.WriteTo(&s, row[opEnd:])
	}
	return line{plain: selectedForm(row, w), styled: s.String()}
}

// selectedForm puts the selection marker in place of the leading space.
func selectedForm(row string, w int) string {
	if w < prefixWidth || row == "" || row[0] != ' ' {
		return row
	}
	return markerSelected + row[1:]
}

// writeFit writes s cut or padded to exactly width cells.
func writeFit(b *strings.Builder, s string, width int) {
	sw := common.Width(s)
	if sw > width {
		s = common.Truncate(s, width)
		sw = common.Width(s)
	}
	b.WriteString(s)
	b.WriteString(spaces(width - sw))
}

const blanks = "                                                                                "

// spaces returns n spaces, without allocating for the usual widths.
func spaces(n int) string {
	if n <= 0 {
		return ""
	}
	if n <= len(blanks) {
		return blanks[:n]
	}
	return strings.Repeat(" ", n)
}

// cell returns the text of column c of row r.
func (m Model) cell(r *row, c int) string {
	switch c {
	case colTime: // written by renderRow without allocating
		return ""
	case colOp:
		return r.op
	case colKind:
		return r.kind
	case colUUID:
		return r.uuid
	case colActor:
		return r.actor
	case colRemote:
		return r.remote
	case colNamespace:
		return r.ns
	case colTier:
		return tierTag(r.entry.Tier)
	}
	return ""
}

func tierTag(t client.Tier) string {
	switch t {
	case client.TierActive:
		return "active"
	case client.TierArchive:
		return "archive"
	}
	return common.Sanitize(t.String())
}

// fitLine cuts or pads s to exactly w cells.
func fitLine(s string, w int) string {
	sw := common.Width(s)
	if sw > w {
		// A wide character at the edge may leave the cut a cell short.
		s = common.Truncate(s, w)
		sw = common.Width(s)
	}
	if sw < w {
		return s + strings.Repeat(" ", w-sw)
	}
	return s
}
