package builder

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/x/ansi"

	"github.com/auditlog/auditlog/filters"
	"github.com/auditlog/auditlog/tui/common"
)

// ipPitfall is the docs' lexicographic range, explained where the user
// types a range.
const ipPitfall = "exact: the docs' >= / <= range compares text and misses 10.244.3.1 (it sorts after 10.244.255.255)"

// line is one drawn line; focus marks the lines of the focused row.
type line struct {
	text  string
	focus bool
}

// View draws the form: the rows (scrolled to keep the focused one in
// view when the area is short), then the preview, the count and a note
// about the focused row.
func (m Model) View() string {
	w, h := max(m.c.Width, 20), max(m.c.Height, 6)
	st := m.c.Styles
	rows := m.rowLines(w)
	// The preview takes what the rows leave, two lines at least.
	footer := m.footer(w, max(2, h-1-len(rows)-3))
	title := st.Title.Render("filter builder") + st.Muted.Render(" — enter applies · esc restores · ctrl+y copies")
	room := h - len(footer) - 1
	if room < 1 {
		room = 1
	}
	start := 0
	if len(rows) > room {
		fi := 0
		for i, l := range rows {
			if l.focus {
				fi = i
				break
			}
		}
		start = min(max(fi-room/2, 0), len(rows)-room)
	}
	out := []string{common.Truncate(title, w)}
	for i := start; i < min(start+room, len(rows)); i++ {
		out = append(out, rows[i].text)
	}
	for len(out) < h-len(footer) {
		out = append(out, "")
	}
	out = append(out, footer...)
	if len(out) > h {
		out = out[:h]
	}
	for i, l := range out {
		out[i] = pad(ansi.Truncate(l, w, common.Ellipsis), w)
	}
	return strings.Join(out, "\n")
}

func pad(s string, w int) string {
	if d := w - ansi.StringWidth(s); d > 0 {
		return s + strings.Repeat(" ", d)
	}
	return s
}

// choices draws a choice row: the chosen one in brackets (and styled).
// On a narrow screen the choices lose their padding so that all show.
func (m Model) choices(labels []string, chosen int) string {
	pad := " "
	n := 0
	for _, l := range labels {
		n += ansi.StringWidth(l) + 2
	}
	if n > m.c.Width-labelWidth {
		pad = ""
	}
	parts := make([]string, len(labels))
	for i, l := range labels {
		if i == chosen {
			parts[i] = m.c.Styles.TableSelected.Render("[" + l + "]")
		} else {
			parts[i] = pad + l + pad
		}
	}
	sep := ""
	if pad == "" {
		sep = " "
	}
	return strings.Join(parts, sep)
}

// labelWidth is the width of a row's marker and label.
const labelWidth = 10

func (m Model) rowLines(w int) []line {
	st := m.c.Styles
	var out []line
	add := func(r row, label, value string) {
		marker := "  "
		l := st.Muted.Render(fmt.Sprintf("%-7s", label))
		if r == m.focus {
			marker = st.Accent.Render("▶ ")
			l = st.Title.Render(fmt.Sprintf("%-7s", label))
		}
		out = append(out, line{text: marker + l + " " + value, focus: r == m.focus})
	}
	sub := func(r row, text string) {
		out = append(out, line{text: "          " + text, focus: r == m.focus})
	}
	labels := make([]string, len(timeChoices))
	for i, c := range timeChoices {
		labels[i] = c.label
	}
	add(rowTime, "time", m.choices(labels, m.f.time))
	zone := m.opts.Location.String()
	if m.visible(rowFrom) {
		add(rowFrom, "from", m.inputView(&m.from, m.built.fromErr)+st.Muted.Render("  "+zone))
		add(rowTo, "to", m.inputView(&m.to, m.built.toErr)+st.Muted.Render("  "+zone+", a date alone ends at 23:59:59"))
	}
	if m.visible(rowAround) {
		spans := make([]string, len(aroundSpans))
		for i, d := range aroundSpans {
			spans[i] = "±" + shortDuration(d)
		}
		moment := "no row selected"
		if !m.opts.Moment.IsZero() {
			moment = m.opts.Moment.In(m.opts.Location).Format("2006-01-02 15:04:05 MST")
		}
		add(rowAround, "around", m.choices(spans, m.f.aroundSpan)+st.Muted.Render("  "+moment))
	}
	add(rowClaimMode, "claim", m.choices(claimModes, m.f.claimMode))
	add(rowClaim, "value", m.inputView(&m.claim, m.built.claimErr))
	if m.focus == rowClaim {
		if s := m.suggestions(); s != "" {
			sub(rowClaim, st.Muted.Render(s))
		}
	}
	ops := make([]string, len(operations))
	for i, op := range operations {
		box := "[ ]"
		if m.f.ops[i] {
			box = "[x]"
		}
		text := box + " " + strings.TrimPrefix(op, "OPERATION_")
		if m.focus == rowOps && i == m.opsCur {
			text = st.TableSelected.Render(text)
		}
		ops[i] = text
	}
	add(rowOps, "ops", strings.Join(ops, "  "))
	picked := make([]string, len(m.f.kinds))
	for i, k := range m.f.kinds {
		picked[i] = common.Sanitize(strings.TrimPrefix(k, filters.KindPrefix))
	}
	kinds := strings.Join(picked, ", ")
	if kinds == "" {
		kinds = st.Muted.Render("any")
	}
	if m.focus == rowKinds {
		add(rowKinds, "kinds", kinds+"  "+st.Muted.Render("find: ")+m.kindQuery.View())
		sub(rowKinds, m.kindList(w-10))
	} else {
		add(rowKinds, "kinds", kinds)
	}
	ipNote := ""
	if m.built.ipErr == "" && m.built.ipPattern > 0 {
		ipNote = st.Muted.Render(fmt.Sprintf("  %s · pattern %d chars", m.built.ipSize, m.built.ipPattern))
	}
	add(rowIP, "ip", m.inputView(&m.ip, m.built.ipErr)+ipNote)
	add(rowObject, "object", m.inputView(&m.object, m.built.objectErr))
	add(rowSaved, "saved", m.savedView())
	if m.prompt != nil {
		sub(rowSaved, st.Accent.Render("name: ")+m.prompt.View())
	}
	if len(m.f.other) > 0 {
		parts := make([]string, len(m.f.other))
		for i, x := range m.f.other {
			parts[i] = x.String()
		}
		out = append(out, line{text: "  " + st.Muted.Render(fmt.Sprintf("%-7s", "other")) + " " + common.Sanitize(strings.Join(parts, " and "))})
	}
	return out
}

func shortDuration(d time.Duration) string {
	s := d.String()
	s = strings.TrimSuffix(s, "0s")
	return strings.TrimSuffix(s, "0m")
}

// inputView is an input, with its error after it.
func (m Model) inputView(in *textinput.Model, errText string) string {
	v := in.View()
	if !in.Focused() && in.Value() == "" {
		v = m.c.Styles.Muted.Render("any")
	} else if !in.Focused() {
		v = common.Sanitize(in.Value())
	}
	if errText != "" {
		v += "  " + m.c.Styles.Error.Render("✗ "+common.Sanitize(errText))
	} else if in.Value() != "" {
		v += "  " + m.c.Styles.DiffAdd.Render("✓")
	}
	return v
}

// suggestions lists the claims the value could take: yours, then the
// actors of the loaded rows, those that start with what is typed first.
func (m Model) suggestions() string {
	all := m.claim.AvailableSuggestions()
	if len(all) == 0 {
		return ""
	}
	v := strings.ToLower(m.claim.Value())
	var first, rest []string
	for _, s := range all {
		switch {
		case v == "":
			first = append(first, s)
		case strings.HasPrefix(strings.ToLower(s), v):
			first = append(first, s)
		case strings.Contains(strings.ToLower(s), v):
			rest = append(rest, s)
		}
	}
	list := append(first, rest...)
	if len(list) == 0 {
		return ""
	}
	for i, s := range list {
		list[i] = common.Sanitize(s)
		if s == m.opts.Me {
			list[i] += " (you)"
		}
	}
	return "tab takes: " + strings.Join(list, " · ")
}

func (m Model) kindList(w int) string {
	matches := m.kindMatches()
	if len(matches) == 0 {
		return m.c.Styles.Muted.Render("no known kind matches; full names are written " + filters.KindPrefix + "…")
	}
	cur := min(m.kindCur, len(matches)-1)
	var parts []string
	width := 0
	for i := max(cur-2, 0); i < len(matches); i++ {
		k := matches[i]
		text := "  " + k.Short
		for _, p := range m.f.kinds {
			if p == k.Full {
				text = "✓ " + k.Short
			}
		}
		if i == cur {
			text = m.c.Styles.TableSelected.Render(text)
		}
		width += ansi.StringWidth(text) + 1
		if width > w && len(parts) > 0 {
			break
		}
		parts = append(parts, text)
	}
	return strings.Join(parts, " ")
}

func (m Model) savedView() string {
	st := m.c.Styles
	if len(m.opts.Saved) == 0 {
		if m.focus == rowSaved && m.opts.SaveFilter != nil {
			return st.Muted.Render("none — n saves the preview under a name")
		}
		return st.Muted.Render("none")
	}
	parts := make([]string, len(m.opts.Saved))
	for i, s := range m.opts.Saved {
		parts[i] = " " + common.Sanitize(s.Name) + " "
		if m.focus == rowSaved && i == m.savedCur {
			parts[i] = st.TableSelected.Render("[" + common.Sanitize(s.Name) + "]")
		}
	}
	return strings.Join(parts, "")
}

// footer is the preview, the count and the note on the focused row.
func (m Model) footer(w, previewLines int) []string {
	st := m.c.Styles
	out := []string{st.Muted.Render(strings.Repeat("─", w))}
	preview := m.built.canonical
	if preview == "" {
		out = append(out, st.Muted.Render("(no filter: every entry)"))
	} else {
		wrapped := strings.Split(ansi.Wrap(common.Sanitize(preview), w, " "), "\n")
		if n := previewLines; len(wrapped) > n {
			wrapped = wrapped[:n]
			wrapped[n-1] = common.Truncate(wrapped[n-1]+" …", w)
		}
		for _, l := range wrapped {
			out = append(out, st.FilterText.Render(l))
		}
	}
	out = append(out, m.countLine())
	if n := m.noteLine(); n != "" {
		out = append(out, n)
	}
	return out
}

func (m Model) countLine() string {
	st := m.c.Styles
	tier := m.opts.Tier
	if tier == "" {
		tier = "active"
	}
	switch {
	case m.built.err != "":
		return st.Error.Render("✗ " + common.Sanitize(m.built.err))
	case m.hasErrors():
		return st.Error.Render("✗ a section has an error: nothing is counted")
	case m.opts.Count == nil:
		return ""
	case m.countErr != "":
		return st.StatusWarn.Render("count failed: " + m.countErr)
	case m.counting:
		return st.Muted.Render("counting on the " + tier + " tier…")
	case m.hasCount:
		return st.StatusInfo.Render(plural(m.count, "entry matches", "entries match") + " on the " + tier + " tier")
	}
	return ""
}

func (m Model) noteLine() string {
	st := m.c.Styles
	switch {
	case m.note != "":
		return st.Accent.Render(m.note)
	case m.recogniseErr != "":
		return st.StatusWarn.Render("the filter in force does not parse; the form starts empty: " + common.Sanitize(m.recogniseErr))
	case m.focus == rowIP && m.f.ipFromText:
		return st.StatusWarn.Render("was a text range (>= / <=); now " + ipPitfall)
	case m.focus == rowIP:
		return st.Muted.Render(ipPitfall)
	case m.focus == rowObject:
		return st.Muted.Render("every entry about one object, its whole history (leave time at any; a cycles to both tiers)")
	case m.focus == rowClaim && m.f.claimMode == claimMatches:
		return st.Muted.Render("a regular expression (RE2), searched anywhere in each claim; (?i) ignores case")
	case m.built.warn != "":
		return st.StatusWarn.Render(common.Sanitize(m.built.warn))
	}
	return ""
}
