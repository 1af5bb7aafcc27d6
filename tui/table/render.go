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
	return m.common.Styles.TableHeader.Render(fitLine(b.String(), m.common.Width))
}

// renderRow renders row i: its plain text (for the selected style) and its
// unselected form, with the failure marker and the operation in their own
// colours.
func (m Model) renderRow(i int) line {
	r := &m.rows[i]
	p := &m.paint
	w := m.common.Width

	var pre, rest strings.Builder // cells before the operation, and after it
	pre.Grow(w)
	rest.Grow(w)
	// pre starts after the three-cell marker prefix.
	gap := strings.Repeat(" ", m.layout.gap)
	first := true
	var opCell string
	cur := &pre
	for c, cw := range m.layout.widths {
		if cw == 0 {
			continue
		}
		if c == colOp {
			if !first {
				pre.WriteString(gap)
			}
			opCell = common.Fit(r.op, cw)
			cur = &rest
			first = false
			continue
		}
		if !first {
			cur.WriteString(gap)
		}
		first = false
		cur.WriteString(common.Fit(m.cell(r, c), cw))
	}

	failed := " "
	if r.failed {
		failed = markerFailed
	}
	plainRow := fitLine(" "+failed+" "+pre.String()+opCell+rest.String(), w)
	// The selected form: the selection marker replaces the leading space.
	plain := plainRow
	if w >= prefixWidth {
		plain = markerSelected + plainRow[1:]
	}

	// The unselected form, styled in segments. If the line had to be cut
	// (narrower than the prefix and the fixed columns), style it whole.
	textW := prefixWidth + common.Width(pre.String()) + common.Width(opCell) + common.Width(rest.String())
	if textW > w || opCell == "" {
		return line{plain: plain, styled: p.row.Wrap(plainRow)}
	}
	var b strings.Builder
	b.Grow(len(plainRow) + 128)
	b.WriteString(" ")
	if r.failed {
		p.failed.WriteTo(&b, markerFailed)
	} else {
		b.WriteString(" ")
	}
	b.WriteString(p.row.Open)
	b.WriteString(" ")
	b.WriteString(pre.String())
	b.WriteString(p.row.Close)
	p.ops[opIndex(r.entry.Spec.Operation)].WriteTo(&b, opCell)
	b.WriteString(p.row.Open)
	b.WriteString(rest.String())
	b.WriteString(strings.Repeat(" ", w-textW))
	b.WriteString(p.row.Close)
	return line{plain: plain, styled: b.String()}
}

// cell returns the text of column c of row r.
func (m Model) cell(r *row, c int) string {
	switch c {
	case colTime:
		if r.unix == noTime {
			return ""
		}
		var buf [len(timeLayout)]byte
		return string(time.Unix(r.unix, 0).In(m.loc).AppendFormat(buf[:0], timeLayout))
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
