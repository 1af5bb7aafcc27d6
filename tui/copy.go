package tui

import (
	"io"
	"os"
	"strings"
	"time"

	"github.com/atotto/clipboard"
	osc52 "github.com/aymanbagabas/go-osc52/v2"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/tui/statusbar"
)

// copyItems are the choices of the copy menu. The filter is copied as it
// is; the frozen filter and the commands have now(...) replaced by the
// instant it means now, so that pasted into a ticket they select the same
// entries tomorrow. The commands name $ENDOR_TOKEN, never the token.
func (m *Model) copyItems() []menuItem {
	item := func(label, what string, render func(q client.Query, now time.Time) string) menuItem {
		return menuItem{label: label, run: func(m *Model, _ string) (tea.Cmd, error) {
			return m.copyText(what, render(m.q.clientQuery(), m.now())), nil
		}}
	}
	return []menuItem{
		item("filter", "filter", func(q client.Query, _ time.Time) string { return client.RenderFilter(q, time.Time{}) }),
		item("frozen filter (relative times made absolute)", "frozen filter", client.RenderFilter),
		item("endorctl command (frozen)", "endorctl command", client.RenderEndorctl),
		item("curl command (frozen, token as $ENDOR_TOKEN)", "curl command", func(q client.Query, now time.Time) string {
			return client.RenderCurl(q, m.opts.BaseURL, now)
		}),
	}
}

func (m *Model) copyText(what, text string) tea.Cmd {
	cp := m.opts.Copy
	return func() tea.Msg {
		via, err := cp(text)
		return copiedMsg{what: what, via: via, err: err}
	}
}

func (m *Model) onCopied(msg copiedMsg) tea.Cmd {
	if msg.err != nil {
		return m.flash(statusbar.Error, "copy failed: "+m.safe(msg.err.Error()))
	}
	return m.flash(statusbar.Info, "copied the "+msg.what+" ("+msg.via+")")
}

// systemCopy copies with the system clipboard (xclip, xsel, wl-copy,
// pbcopy) and, over SSH or when that fails, with an OSC 52 sequence that
// asks the terminal itself, wrapped for tmux or screen when inside one.
func systemCopy(out io.Writer) func(string) (string, error) {
	if out == nil {
		out = os.Stdout
	}
	return func(text string) (string, error) {
		remote := os.Getenv("SSH_TTY") != "" || os.Getenv("SSH_CONNECTION") != ""
		if !remote && clipboard.WriteAll(text) == nil {
			return "clipboard", nil
		}
		seq := osc52.New(text)
		switch {
		case os.Getenv("TMUX") != "":
			seq = seq.Tmux()
		case strings.HasPrefix(os.Getenv("TERM"), "screen"):
			seq = seq.Screen()
		}
		if _, err := seq.WriteTo(out); err != nil {
			return "", err
		}
		return "OSC 52", nil
	}
}
