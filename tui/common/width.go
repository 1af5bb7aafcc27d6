package common

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Ellipsis ends a truncated string.
const Ellipsis = "…"

// Width returns the display width of s in terminal cells (wide CJK and
// emoji count two), with a fast path for ASCII. It measures the same way
// lipgloss and Bubble Tea do.
func Width(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || s[i] < 0x20 {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// Truncate shortens s to at most width cells, ending it with an ellipsis
// when something was cut. A wide character never straddles the edge.
// s should be sanitized first: escape sequences are not text.
func Truncate(s string, width int) string {
	if width <= 0 {
		return ""
	}
	if Width(s) <= width {
		return s
	}
	if width == 1 {
		return Ellipsis
	}
	return ansi.Truncate(s, width, Ellipsis)
}

// Fit truncates s to width cells and pads it with spaces on the right to
// exactly width cells.
func Fit(s string, width int) string {
	if width <= 0 {
		return ""
	}
	s = Truncate(s, width)
	if w := Width(s); w < width {
		return s + strings.Repeat(" ", width-w)
	}
	return s
}

// Cut splits s at width cells: head is at most width cells wide and tail is
// the rest. A wide character that would straddle the edge goes to tail. It
// is the building block of wrapping long lines.
func Cut(s string, width int) (head, tail string) {
	if width <= 0 {
		return "", s
	}
	if Width(s) <= width {
		return s, ""
	}
	head = ansi.Truncate(s, width, "")
	return head, s[len(head):]
}

// FixHeight pads or cuts s to exactly h lines, so that what follows a pane
// (the status bar) stays in place whatever the pane draws.
func FixHeight(s string, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:max(h, 0)]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}
