package tui

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"strings"

	"github.com/atotto/clipboard"
	osc52 "github.com/aymanbagabas/go-osc52/v2"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/tui/common"
	"github.com/auditlog/auditlog/tui/menu"
	"github.com/auditlog/auditlog/tui/statusbar"
)

// entryCopyItems are the copy menu's choices about the selected entry: its
// JSON (the server's bytes, indented, keys in the server's order), its
// uuid, and the value under the detail pane's cursor when the pane shows
// the entry and the cursor is on a value.
func (m *Model) entryCopyItems() []menu.Item {
	e, ok := m.table.Selected()
	if !ok {
		return nil
	}
	item := func(label, what, text string) menu.Item {
		return menu.Item{Label: label, Choose: func(string) (tea.Msg, error) { return menu.CopyMsg{What: what, Text: text}, nil }}
	}
	raw := []byte(e.Raw)
	if len(raw) == 0 {
		raw, _ = json.Marshal(e.AuditLog)
	}
	var pretty bytes.Buffer
	if json.Indent(&pretty, raw, "", "  ") != nil {
		pretty.Reset()
		pretty.Write(raw)
	}
	items := []menu.Item{
		item("this entry's JSON", "entry's JSON", pretty.String()),
		item("this entry's uuid ("+m.safe(e.UUID)+")", "entry's uuid", e.UUID),
	}
	if shown, ok := m.detail.Entry(); ok && shown.UUID == e.UUID {
		if v, ok := m.detail.Value(); ok {
			items = append(items, item("the value under the detail cursor ("+common.Truncate(m.safe(v), 40)+")", "value under the cursor", v))
		}
	}
	return items
}

func (m *Model) copyText(c menu.CopyMsg) tea.Cmd {
	cp := m.opts.Copy
	return func() tea.Msg {
		via, err := cp(c.Text)
		return copiedMsg{what: c.What, via: via, err: err}
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
