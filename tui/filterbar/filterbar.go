// Package filterbar is the top of the explorer: the filter in force, the
// namespace, the tier and the sort order, and — after `/` — a text input
// where a new filter is typed. The input is checked as it is typed
// (filters.Prepare, debounced), with a caret and the did-you-mean under
// it; Tab completes paths, operators and values (filters.Complete); ↑/↓
// walk the recent filters; Enter applies the canonical form.
package filterbar

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"github.com/auditlog/auditlog/filters"
	"github.com/auditlog/auditlog/tui/common"
)

// maxInput caps what the input accepts, well above any real filter;
// maxRecent bounds the recent filters kept for up/down.
const (
	maxInput  = 4096
	maxRecent = 20
)

// AppliedMsg reports a filter the user applied with Enter. It went
// through filters.Prepare: Filter is the canonical form, the one to send
// ("" means no filter), and Warnings the checker's findings that did not
// stop it (already safe to draw).
type AppliedMsg struct {
	Filter   string
	Warnings []string
}

// CancelledMsg reports that the user left the input with Esc.
type CancelledMsg struct{}

// KeyMap are the keys of the filter input.
type KeyMap struct {
	Apply        key.Binding
	Cancel       key.Binding
	Older        key.Binding
	Newer        key.Binding
	Complete     key.Binding
	CompletePrev key.Binding
}

// DefaultKeyMap returns the default keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Apply:        key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply filter")),
		Cancel:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Older:        key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "older recent filter")),
		Newer:        key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "newer recent filter")),
		Complete:     key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete (again: next)")),
		CompletePrev: key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("⇧tab", "previous completion")),
	}
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Apply, k.Cancel, k.Complete, k.Older}
}

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Apply, k.Cancel}, {k.Complete, k.CompletePrev}, {k.Older, k.Newer}}
}

// Context is what the bar shows beside the filter.
type Context struct {
	Namespace string
	Traverse  bool
	Tier      string // active, archive or both
	Sort      string // e.g. "newest first"
	Zone      string // UTC or Local
	Mode      string // e.g. "history"; empty in the normal view
}

// Model is the filter bar.
type Model struct {
	KeyMap KeyMap
	common common.Common
	input  textinput.Model

	applied string
	ctx     Context

	check   filters.PrepareOptions
	editing bool
	errText string // the error of the last Enter, already safe
	errCol  int    // 1-based column of the error on its line, 0 if unknown
	errLine int

	recent []string // most recent first
	recall int      // -1 when editing the draft
	draft  string

	live // the check as you type and the completion (check.go)
}

// New returns a filter bar drawn with c.Styles; its width is c.Width.
func New(c common.Common) Model {
	if c.Styles == nil {
		c.Styles = common.NewCommon(nil).Styles
	}
	m := Model{KeyMap: DefaultKeyMap(), common: c, recall: -1}
	m.input = textinput.New()
	m.input.Prompt = "/ "
	m.input.PromptStyle = c.Styles.FilterPrompt
	m.input.Placeholder = "spec.operation == OPERATION_DELETE and meta.create_time >= now(-24h)"
	m.input.PlaceholderStyle = c.Styles.Muted
	m.input.CharLimit = maxInput
	m.SetWidth(c.Width)
	return m
}

// SetWidth sets the width.
func (m *Model) SetWidth(w int) {
	m.common.Width = w
	m.input.Width = max(w-lipgloss.Width(m.input.Prompt)-1, 1)
}

// SetFilter sets the filter in force.
func (m *Model) SetFilter(s string) { m.applied = s }

// Filter returns the filter in force.
func (m Model) Filter() string { return m.applied }

// SetContext sets the namespace, tier and sort shown.
func (m *Model) SetContext(c Context) { m.ctx = c }

// SetCheck sets how Enter checks the filter (filters.Prepare): with the
// archive's lints when the archive is asked, unchecked for --no-check.
func (m *Model) SetCheck(o filters.PrepareOptions) { m.check = o }

// SetRecent sets the recently applied filters, most recent first.
func (m *Model) SetRecent(r []string) { m.recent = r }

// Editing reports whether the input has focus.
func (m Model) Editing() bool { return m.editing }

// Value returns the text in the input.
func (m Model) Value() string { return m.input.Value() }

// Err returns the parse error shown, or "".
func (m Model) Err() string { return m.errText }

// Focus opens the input on value (the filter in force when value is "").
func (m *Model) Focus(value string) tea.Cmd {
	if value == "" {
		value = m.applied
	}
	m.editing = true
	m.recall = -1
	m.errText = ""
	m.input.SetValue(value)
	m.input.CursorEnd()
	m.comp = nil
	m.recheck()
	return m.input.Focus()
}

// Blur closes the input.
func (m *Model) Blur() {
	m.editing = false
	m.errText = ""
	m.prob, m.comp = nil, nil
	m.input.Blur()
}

// Height is the number of lines View draws: two, and while editing the
// caret line (or the completions) and the check's message, wrapped to the
// width.
func (m Model) Height() int {
	if m.editing {
		return 3 + len(m.messageLines())
	}
	return 2
}

// messageLines is the check's message wrapped at word boundaries to the
// width.
func (m Model) messageLines() []string {
	w := max(m.common.Width, 10)
	return strings.Split(ansi.Wrap(m.messageLine(), w, ""), "\n")
}

// Update handles keys while editing.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	if !m.editing {
		return m, nil
	}
	if c, ok := msg.(checkMsg); ok {
		if c.gen == m.gen {
			m.recheck()
		}
		return m, nil
	}
	if k, ok := msg.(tea.KeyMsg); ok {
		switch {
		case key.Matches(k, m.KeyMap.Complete):
			m.complete(+1)
			return m, nil
		case key.Matches(k, m.KeyMap.CompletePrev):
			m.complete(-1)
			return m, nil
		case key.Matches(k, m.KeyMap.Apply):
			return m.apply()
		case key.Matches(k, m.KeyMap.Cancel):
			m.Blur()
			return m, func() tea.Msg { return CancelledMsg{} }
		case key.Matches(k, m.KeyMap.Older):
			m.step(+1)
			return m, m.changed()
		case key.Matches(k, m.KeyMap.Newer):
			m.step(-1)
			return m, m.changed()
		}
	}
	before := m.input.Value()
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	if m.input.Value() != before {
		return m, tea.Batch(cmd, m.changed())
	}
	return m, cmd
}

// apply checks the input with filters.Prepare, the one validation path:
// on success it leaves the input and reports the canonical filter; on
// failure (a syntax error, a misspelt field, an unknown enum value, a bad
// regular expression) it stays open and shows the error, with its
// did-you-mean, under a caret. The results on screen are not touched
// either way: the root re-queries only on AppliedMsg.
func (m Model) apply() (Model, tea.Cmd) {
	m.gen++ // a check still pending would only repeat this one
	p, err := m.prepare()
	if err != nil {
		m.showProblem(err)
		m.errText = m.problemText()
		return m, nil
	}
	var warnings []string
	for _, w := range p.Warnings {
		warnings = append(warnings, common.Sanitize(w.Error()))
	}
	m.Blur()
	m.applied = p.Canonical
	m.Remember(p.Canonical)
	return m, func() tea.Msg { return AppliedMsg{Filter: p.Canonical, Warnings: warnings} }
}

// Remember puts src first in the recent list, without duplicates (the
// input calls it on Enter; the root for a filter applied elsewhere).
func (m *Model) Remember(src string) {
	if src == "" {
		return
	}
	r := []string{src}
	for _, s := range m.recent {
		if s != src && len(r) < maxRecent {
			r = append(r, s)
		}
	}
	m.recent = r
}

// Recent returns the recently applied filters, most recent first.
func (m Model) Recent() []string { return m.recent }

// step walks the recent list: +1 older, -1 newer; past the newest it
// returns to what was being typed.
func (m *Model) step(d int) {
	if m.recall == -1 {
		m.draft = m.input.Value()
	}
	n := m.recall + d
	if n < -1 || n >= len(m.recent) {
		return
	}
	m.recall = n
	if n == -1 {
		m.input.SetValue(m.draft)
	} else {
		m.input.SetValue(m.recent[n])
	}
	m.input.CursorEnd()
}

// View draws the bar: the filter (or the input), then the context line,
// then, while editing, a caret under the problem (or the completions) and
// the check's message.
func (m Model) View() string {
	w := max(m.common.Width, 1)
	var first string
	if m.editing {
		first = m.input.View()
	} else {
		f := common.Sanitize(m.applied)
		if f == "" {
			f = m.common.Styles.Muted.Render("(no filter — press / to type one)")
		} else {
			f = m.common.Styles.FilterText.Render(f)
		}
		first = m.common.Styles.Muted.Render("filter ") + f
	}
	lines := []string{ansi.Truncate(first, w, "…"), ansi.Truncate(m.contextLine(), w, "…")}
	if m.editing {
		third := m.caret()
		if m.comp != nil {
			third = m.completionLine()
		}
		lines = append(lines, ansi.Truncate(third, w, ""))
		lines = append(lines, m.messageLines()...)
	}
	return strings.Join(lines, "\n")
}

// caret points under the error's column in the input, when the input shows
// that column (one-line filters that fit); otherwise it says where.
func (m Model) caret() string {
	prompt := lipgloss.Width(m.input.Prompt)
	v := []rune(m.input.Value())
	if m.errLine != 1 || m.errCol <= 0 || m.errCol > len(v)+1 || common.Width(string(v)) >= m.input.Width {
		return ""
	}
	// Wide (CJK) characters before the error take two cells each.
	pad := prompt + common.Width(string(v[:m.errCol-1]))
	if pad >= m.common.Width {
		return ""
	}
	return strings.Repeat(" ", pad) + m.common.Styles.Caret.Render("^")
}

func (m Model) contextLine() string {
	c := m.ctx
	ns := common.Sanitize(c.Namespace)
	if ns == "" {
		ns = "(none)"
	}
	if c.Traverse {
		ns += " +children"
	}
	parts := []string{
		m.common.Styles.Muted.Render("ns ") + m.common.Styles.FilterText.Render(ns),
		m.common.Styles.Muted.Render("tier ") + m.common.Styles.FilterMode.Render(strings.ToUpper(c.Tier)),
		m.common.Styles.Muted.Render("sort ") + m.common.Styles.FilterText.Render(c.Sort),
		m.common.Styles.Muted.Render("time ") + m.common.Styles.FilterText.Render(c.Zone),
	}
	if c.Mode != "" {
		parts = append([]string{m.common.Styles.Error.Render(strings.ToUpper(c.Mode))}, parts...)
	}
	return strings.Join(parts, m.common.Styles.Muted.Render(" │ "))
}
