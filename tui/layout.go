package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/tui/common"
)

// Layout bounds.
const (
	minWidth  = 80
	minHeight = 24
	// paneGap separates the table from the detail pane beside it; the
	// spaces keep a cut cell ("…") off the rule.
	paneGap = " │ "
	// wideWidth is where the detail pane moves beside the table.
	wideWidth = 140
)

func (m *Model) resize(w, h int) {
	m.width, m.height = w, h
	m.layout()
}

// layout gives each component its size: the filter bar on top, the status
// bar at the bottom, the table and the detail pane in between — side by side
// on a wide terminal, one at a time (enter/esc) on a narrow one.
func (m *Model) layout() {
	w := m.width
	m.wide = w >= wideWidth
	m.detailFull = m.focus == focusDetail && !m.wide
	m.filterbar.SetWidth(w)
	m.status.SetWidth(w)
	m.help.SetSize(w, m.height)
	m.chart.SetWidth(w)
	body := m.bodyHeight()
	m.tableHeight = body
	if m.wide {
		tw := w * 11 / 20
		m.table.SetSize(tw, body)
		m.detail.SetSize(w-tw-common.Width(paneGap), body)
	} else {
		m.table.SetSize(w, body)
		m.detail.SetSize(w, body)
	}
	m.menu.SetSize(w, body)
	m.pivots.SetSize(w, body)
	m.facets.SetSize(w, body)
	m.builder.SetSize(w, body)
	m.syncDetail() // the pane may have just become visible
	m.syncStatus()
}

// bodyHeight is what the bars leave for the panes.
func (m *Model) bodyHeight() int {
	return max(m.height-m.filterbar.Height()-m.status.Height()-1-m.chartHeight(), 1)
}

// View draws the screen.
func (m Model) View() string {
	if m.width == 0 {
		return "" // no size yet
	}
	if m.width < minWidth || m.height < minHeight {
		msg := fmt.Sprintf("terminal too small: %dx%d, the explorer needs %dx%d (q quits)", m.width, m.height, minWidth, minHeight)
		return ansi.Wrap(msg, m.width, "") // wrapped, not cut: a split pane is narrow
	}
	if m.state == stateError {
		return m.errorView()
	}
	if m.overlay == overlayHelp {
		return m.help.View()
	}
	rule := m.com.Styles.Muted.Render(strings.Repeat("─", m.width))
	var body string
	switch {
	case m.overlay == overlayMenu:
		body = m.menu.View()
	case m.overlay == overlayPivot:
		body = m.pivots.View()
	case m.overlay == overlayFacets:
		body = m.facets.View()
	case m.overlay == overlayBuilder:
		body = m.builder.View()
	case m.wide:
		body = joinColumns(m.table.View(), m.com.Styles.Muted.Render(paneGap), m.detail.View(), m.table.Width(), m.tableHeight)
	case m.detailFull:
		body = m.detail.View()
	default:
		body = m.table.View()
	}
	body = common.FixHeight(body, m.tableHeight)
	if m.chartHeight() > 0 {
		body = m.chart.View() + "\n" + body
	}
	return m.filterbar.View() + "\n" + rule + "\n" + body + "\n" + m.status.View()
}

// joinColumns puts left and right side by side, h lines, with sep between;
// left lines are padded to lw cells. It does what lipgloss.JoinHorizontal
// does for two panes of known size, in one pass and without measuring the
// right pane (a third of the cost of a frame with the detail pane open).
func joinColumns(left, sep, right string, lw, h int) string {
	var b strings.Builder
	b.Grow(len(left) + len(right) + h*(len(sep)+2))
	for i := range h {
		var l, r string
		l, left, _ = strings.Cut(left, "\n")
		r, right, _ = strings.Cut(right, "\n")
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l)
		if w := common.Width(l); w < lw {
			b.WriteString(strings.Repeat(" ", lw-w))
		}
		b.WriteString(sep)
		b.WriteString(r)
	}
	return b.String()
}

// errorView is the full view of a blocking error: what failed and what to
// do about it. The token itself is never shown.
func (m Model) errorView() string {
	var b strings.Builder
	b.WriteString(m.com.Styles.StatusError.Render("auditlog cannot start") + "\n\n")
	b.WriteString(ansi.Wrap(m.safe(m.fatal.Error()), max(m.width-4, 20), " /") + "\n\n")
	if client.IsUnauthenticated(m.fatal) || m.opts.Err != nil {
		b.WriteString("The API did not accept the credentials (or none were found). Set one of:\n\n" +
			"  ENDOR_TOKEN                      a token (or --token)\n" +
			"  ENDOR_API_CREDENTIALS_KEY and\n" +
			"  ENDOR_API_CREDENTIALS_SECRET     an API key (or --api-key/--api-secret)\n\n" +
			"with ENDOR_NAMESPACE (or -n) for the tenant, and ENDOR_API for another server;\n" +
			"or put the same keys in ~/.endorctl/config.yaml (ENDOR_CONFIG_PATH).\n" +
			"To look around without an account: auditlog --demo\n")
	} else {
		b.WriteString("The API could not be reached, or it failed. Check ENDOR_API (or --api) and the network,\nthen retry.\n")
	}
	hint := "q quit"
	if m.canRetry() {
		hint = "r retry · q quit"
	}
	b.WriteString("\n" + m.com.Styles.Muted.Render(hint))
	lines := strings.Split(b.String(), "\n")
	for i, l := range lines {
		lines[i] = "  " + common.Truncate(l, m.width-2)
	}
	return "\n" + strings.Join(lines, "\n")
}
