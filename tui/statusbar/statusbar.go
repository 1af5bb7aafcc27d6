// Package statusbar is the bottom line of the explorer: a spinner and the
// elapsed time while a request runs, the count of loaded rows, messages that
// flash with a level (info, warn, error) and clear themselves, and key hints.
package statusbar

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/auditlog/auditlog/tui/common"
)

// Level is the severity of a flashed message.
type Level int

// The levels, in increasing severity.
const (
	Info Level = iota
	Warn
	Error
)

// String returns "info", "warn" or "error".
func (l Level) String() string {
	switch l {
	case Warn:
		return "warn"
	case Error:
		return "error"
	}
	return "info"
}

// ClearMsg asks the status bar to clear the flashed message with ID, if it
// is still the one shown.
type ClearMsg struct{ ID int }

// Counts is what the status bar says about the loaded rows.
type Counts struct {
	Loaded int  // rows loaded so far
	More   bool // whether the server has more
	Cursor int  // 0-based row under the cursor
	Page   int  // 1-based page of the cursor
	Pages  int  // pages loaded
	// Total is how many entries the query matches on the server (the count
	// API), when TotalKnown.
	Total      int64
	TotalKnown bool
}

// Model is the status bar.
type Model struct {
	common  common.Common
	spinner spinner.Model
	now     func() time.Time

	busy      bool
	busyLabel string
	busySince time.Time

	flashID    int
	flashLevel Level
	flashText  string

	counts Counts
	hints  string // rendered short help, drawn on the second line
}

// New returns a status bar drawn with c.Styles, timing requests with
// c.Now; its width is c.Width.
func New(c common.Common) Model {
	if c.Styles == nil {
		c.Styles = common.NewCommon(nil).Styles
	}
	m := Model{common: c, now: c.Clock()}
	m.spinner = spinner.New(spinner.WithSpinner(spinner.Line), spinner.WithStyle(c.Styles.Spinner))
	return m
}

// maxFlashLines bounds the lines a long message wraps onto below the
// status line.
const maxFlashLines = 3

// Height is the number of lines View draws: the status line, the lines a
// message too long for it wraps onto, and the hints.
func (m Model) Height() int { return 2 + len(m.flashLines()) }

// SetWidth sets the width.
func (m *Model) SetWidth(w int) { m.common.Width = w }

// SetCounts sets what the bar says about the loaded rows.
func (m *Model) SetCounts(c Counts) { m.counts = c }

// SetHints sets the rendered key hints of the second line.
func (m *Model) SetHints(s string) { m.hints = s }

// Busy reports whether a request is shown as running.
func (m Model) Busy() bool { return m.busy }

// Start shows the spinner and the elapsed time with label until Stop.
func (m *Model) Start(label string) tea.Cmd {
	m.busyLabel = label
	m.busySince = m.now()
	if m.busy {
		return nil // the spinner is already ticking
	}
	m.busy = true
	return m.spinner.Tick
}

// Stop hides the spinner; its tick loop ends at the next tick.
func (m *Model) Stop() { m.busy = false }

// Flash shows text at level and returns the command that clears it after
// d; with d <= 0 it stays until Dismiss or the next Flash (errors stay
// until the user's next action). The text must already be safe to draw
// (sanitized by the caller).
func (m *Model) Flash(level Level, text string, d time.Duration) tea.Cmd {
	m.flashID++
	m.flashLevel, m.flashText = level, text
	if d <= 0 {
		return nil
	}
	id := m.flashID
	return tea.Tick(d, func(time.Time) tea.Msg { return ClearMsg{ID: id} })
}

// Dismiss clears a message that stays (an error), on the user's next
// action; messages that clear themselves are left to their tick.
func (m *Model) Dismiss() {
	if m.flashLevel == Error {
		m.flashText = ""
	}
}

// Flashed returns the message shown and its level ("" when none).
func (m Model) Flashed() (Level, string) { return m.flashLevel, m.flashText }

// Update handles the spinner ticks and ClearMsg.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case ClearMsg:
		if msg.ID == m.flashID {
			m.flashText = ""
		}
	case spinner.TickMsg:
		if !m.busy {
			return m, nil // let the loop die
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return m, cmd
	}
	return m, nil
}

// View draws the status line (the request in flight, a message, the
// counts), the lines a long message wraps onto, then the key hints.
func (m Model) View() string {
	busy := m.busyText()
	left := busy
	wrapped := m.flashLines()
	if m.flashText != "" && wrapped == nil {
		left = strings.TrimPrefix(busy+"  "+m.styledFlash(), "  ")
	}
	lines := []string{m.fit(left, m.countsText())}
	lines = append(lines, wrapped...)
	lines = append(lines, ansi.Truncate(m.hints, max(m.common.Width, 0), "…"))
	for i, l := range lines {
		lines[i] = m.common.Styles.StatusBar.Render(l)
	}
	return strings.Join(lines, "\n")
}

func (m Model) busyText() string {
	if !m.busy {
		return ""
	}
	el := m.now().Sub(m.busySince).Truncate(100 * time.Millisecond)
	return m.spinner.View() + " " + m.busyLabel + " " + m.common.Styles.Muted.Render(fmtElapsed(el))
}

// styledFlash is the message with its level.
func (m Model) styledFlash() string {
	st := m.common.Styles.StatusInfo
	switch m.flashLevel {
	case Warn:
		st = m.common.Styles.StatusWarn
	case Error:
		st = m.common.Styles.StatusError
	}
	return st.Render(m.flashLevel.String()+":") + " " + m.flashText
}

// flashLines is the message wrapped at word boundaries to the width when
// it does not fit beside the counts (nil when it does, or there is none),
// at most maxFlashLines, the last cut with "…".
func (m Model) flashLines() []string {
	w := m.common.Width
	if m.flashText == "" || w <= 0 {
		return nil
	}
	room := w - ansi.StringWidth(m.countsText()) - 1
	if b := m.busyText(); b != "" {
		room -= ansi.StringWidth(b) + 2
	}
	text := m.styledFlash()
	if ansi.StringWidth(text) <= room {
		return nil
	}
	lines := strings.Split(ansi.Wrap(text, w, ""), "\n")
	if len(lines) > maxFlashLines {
		lines = lines[:maxFlashLines]
		lines[maxFlashLines-1] = ansi.Truncate(lines[maxFlashLines-1]+" …", w, "…")
	}
	return lines
}

// fit lays left and right out on one line of the bar's width, truncating the
// left part first: the counts are what the user looks at.
func (m Model) fit(left, right string) string {
	w := m.common.Width
	if w <= 0 {
		return left + "  " + right
	}
	rw := ansi.StringWidth(right)
	if rw > w {
		return ansi.Truncate(right, w, "…")
	}
	room := w - rw - 1
	if ansi.StringWidth(left) > room {
		left = ansi.Truncate(left, max(room, 0), "…")
	}
	gap := w - ansi.StringWidth(left) - rw
	return left + strings.Repeat(" ", max(gap, 0)) + right
}

func (m Model) countsText() string {
	c := m.counts
	if c.Loaded == 0 {
		if m.busy {
			return "no rows yet"
		}
		return "no rows"
	}
	more := "all loaded"
	if c.More {
		more = "more on server"
	}
	pages := fmt.Sprintf("page %d/%d", c.Page, c.Pages)
	if c.More {
		pages += "+"
	}
	if c.TotalKnown && (c.More || c.Total != int64(c.Loaded)) {
		// The server's total, and how much of it is here.
		return fmt.Sprintf("row %s of %s · %s loaded · %s", common.Thousands(int64(c.Cursor+1)), common.Thousands(c.Total), common.Thousands(int64(c.Loaded)), pages)
	}
	return fmt.Sprintf("row %s of %s · %s · %s", common.Thousands(int64(c.Cursor+1)), common.Thousands(int64(c.Loaded)), pages, more)
}

func fmtElapsed(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%.1fs", d.Seconds())
	}
	return d.Truncate(time.Second).String()
}
