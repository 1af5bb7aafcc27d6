package filterbar

import (
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/filters"
	"github.com/auditlog/auditlog/tui/common"
)

// checkDelay is how long typing must pause before the input is checked:
// a filter typed at speed is checked once, not per key.
const checkDelay = 250 * time.Millisecond

// checkMsg asks for the check of generation gen; a later change has a
// newer generation, and the older ticks are dropped.
type checkMsg struct{ gen int }

// live is the input's state between keys: the check as you type and the
// completion being cycled.
type live struct {
	gen  int
	prob *filters.Error // the check's first problem, error or warning; nil when clean
	sugg filters.Suggestions
	comp *completion
}

// completion is a Tab in progress: the text before it, the span the
// candidates replace, and the one shown.
type completion struct {
	orig       string
	start, end int
	cands      []filters.Candidate
	idx        int
}

// SetSuggestions sets what completion offers beyond the schema: payload
// paths and values seen in the loaded entries.
func (m *Model) SetSuggestions(s filters.Suggestions) { m.sugg = s }

// changed ends a completion and schedules the check of the new text.
func (m *Model) changed() tea.Cmd {
	m.comp = nil
	m.gen++
	gen := m.gen
	return tea.Tick(checkDelay, func(time.Time) tea.Msg { return checkMsg{gen: gen} })
}

// prepare runs the one validation path with the options the root set
// (SetCheck: the archive's lints, --no-check).
func (m *Model) prepare() (filters.Prepared, error) {
	return filters.Prepare(strings.TrimSpace(m.input.Value()), m.check)
}

// recheck prepares the text and keeps its first problem: the error that
// would stop Enter, else the first warning.
func (m *Model) recheck() {
	p, err := m.prepare()
	m.prob, m.errLine, m.errCol = nil, 0, 0
	switch {
	case err != nil:
		m.showProblem(err)
	case len(p.Warnings) > 0:
		m.showProblem(p.Warnings[0])
	}
}

func (m *Model) showProblem(err error) {
	var fe *filters.Error
	if !errors.As(err, &fe) {
		fe = &filters.Error{Msg: err.Error(), Severity: filters.SeverityError}
	}
	m.prob = fe
	m.errLine, m.errCol = fe.Pos.Line, fe.Pos.Col
}

// problemText is the problem's message and position, safe to draw.
func (m Model) problemText() string { return common.Sanitize(m.prob.Error()) }

// Problem returns the check's problem shown under the input (error or
// warning), or nil.
func (m Model) Problem() *filters.Error { return m.prob }

// messageLine is the fourth line while editing: the problem, the note of
// the completion shown, or what the keys do.
func (m Model) messageLine() string {
	st := m.common.Styles
	switch {
	case m.prob != nil && m.prob.Severity == filters.SeverityError:
		return st.Error.Render("error: ") + m.problemText()
	case m.prob != nil:
		return st.StatusWarn.Render("warning: ") + m.problemText()
	case m.comp != nil:
		note := common.Sanitize(m.comp.cands[m.comp.idx].Note)
		if note == "" {
			note = "tab: the next · shift+tab: the previous · keep typing to take it"
		}
		return st.Muted.Render(note)
	case strings.TrimSpace(m.input.Value()) != "":
		return st.Muted.Render("✓ checks · tab completes · ↑/↓ recent filters · enter applies")
	}
	return st.Muted.Render("tab completes · ↑/↓ recent filters · enter applies (empty: no filter)")
}

// complete replaces the word at the caret by the next (d = +1) or previous
// completion; the first Tab asks filters.Complete.
func (m *Model) complete(d int) {
	if m.comp == nil {
		v := m.input.Value()
		caret := byteOffset(v, m.input.Position())
		c := filters.Complete(v, caret, m.sugg)
		if len(c.Candidates) == 0 {
			return
		}
		m.comp = &completion{orig: v, start: c.Start, end: c.End, cands: c.Candidates, idx: -1}
		if d < 0 {
			m.comp.idx = 0
		}
	}
	c := m.comp
	c.idx = (c.idx + d + len(c.cands)) % len(c.cands)
	text := c.cands[c.idx].Text
	m.input.SetValue(c.orig[:c.start] + text + c.orig[c.end:])
	m.input.SetCursor(utf8.RuneCountInString(c.orig[:c.start] + text))
	m.recheck()
}

// byteOffset is the byte offset of rune index i in s.
func byteOffset(s string, i int) int {
	for off := range s {
		if i == 0 {
			return off
		}
		i--
	}
	return len(s)
}

// completionLine lists the candidates around the one shown, which is
// marked.
func (m Model) completionLine() string {
	st := m.common.Styles
	c := m.comp
	w := max(m.common.Width-6, 10)
	parts := []string{}
	width := 0
	for i := max(c.idx-2, 0); i < len(c.cands); i++ {
		label := c.cands[i].Display
		if label == "" {
			label = c.cands[i].Text
		}
		label = common.Sanitize(label)
		if i == c.idx {
			label = st.TableSelected.Render("[" + label + "]")
		}
		width += common.Width(label) + 3
		if width > w && len(parts) > 0 {
			parts = append(parts, st.Muted.Render("…"))
			break
		}
		parts = append(parts, label)
	}
	return st.Muted.Render("tab ") + strings.Join(parts, st.Muted.Render(" · "))
}
