// Package viewtest holds what the components' tests share: styles without
// and with colour, a Common of a given size, key messages by name, golden
// View() output (x/exp/golden, rewritten with -update) and the checks of
// frame size and terminal safety.
package viewtest

import (
	"io"
	"regexp"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/muesli/termenv"

	"github.com/auditlog/auditlog/themes"
	"github.com/auditlog/auditlog/tui/common"
)

// PlainRenderer draws no escape sequences at all (colours off, and no bold
// or reverse either): what goldens compare.
func PlainRenderer() *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	return r
}

// PlainStyles are the dark theme's styles without colour, drawn as plain text.
func PlainStyles() *common.Styles {
	return common.NewStylesFor(PlainRenderer(), themes.Default(true), false)
}

// ColourStyles are theme's styles in true colour ("" is the dark theme),
// for tests of what colour adds.
func ColourStyles(theme string) *common.Styles {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.TrueColor)
	th := themes.Default(true)
	if theme != "" {
		th, _ = themes.Builtin(theme)
	}
	return common.NewStylesFor(r, th, true)
}

// Common is a w×h common.Common with PlainStyles.
func Common(w, h int) common.Common {
	c := common.NewCommon(PlainStyles())
	c.Width, c.Height = w, h
	return c
}

// ColourCommon is a w×h common.Common with ColourStyles(theme).
func ColourCommon(w, h int, theme string) common.Common {
	c := common.NewCommon(ColourStyles(theme))
	c.Width, c.Height = w, h
	return c
}

var keys = map[string]tea.KeyType{
	"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab, "backspace": tea.KeyBackspace,
	"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
	"pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "home": tea.KeyHome, "end": tea.KeyEnd,
	"ctrl+b": tea.KeyCtrlB, "ctrl+c": tea.KeyCtrlC, "ctrl+d": tea.KeyCtrlD, "ctrl+f": tea.KeyCtrlF, "ctrl+u": tea.KeyCtrlU,
}

// Key returns the key message of a key named as Bubble Tea names it
// ("enter", "ctrl+d", "space"); any other string is typed as runes.
func Key(s string) tea.KeyMsg {
	if s == "space" {
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	}
	if t, ok := keys[s]; ok {
		return tea.KeyMsg{Type: t}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

// Golden compares got with testdata/<test name>.golden (x/exp/golden;
// go test -update rewrites it).
func Golden(t *testing.T, got string) {
	t.Helper()
	golden.RequireEqual(t, []byte(got))
}

// CheckFrame asserts that view is exactly w cells wide on each of h lines.
func CheckFrame(t testing.TB, view string, w, h int) {
	t.Helper()
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Errorf("view has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if got := common.Width(l); got != w {
			t.Errorf("line %d is %d cells wide, want %d: %q", i, got, w, l)
		}
	}
}

var sgr = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// AssertNoControls fails if out holds any C0/C1 control but \n, a bidi or
// zero-width format character, or an ESC other than the SGR sequences
// lipgloss emits when sgrAllowed.
func AssertNoControls(t testing.TB, out string, sgrAllowed bool) {
	t.Helper()
	if sgrAllowed {
		out = sgr.ReplaceAllString(out, "")
	}
	for i, r := range out {
		if r == '\n' {
			continue
		}
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200b {
			t.Fatalf("view has control %U at byte %d: %q", r, i, out[max(0, i-20):min(len(out), i+20)])
		}
	}
}
