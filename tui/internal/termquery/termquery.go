// Package termquery is the one place the program asks the terminal
// anything. Asking writes escape sequences (OSC 11 for the background,
// DSR 6 for the cursor) and waits for answers that a terminal without
// support, an ssh session or a CI pty never sends; only the explorer,
// which draws a screen, may ask, and only with a short wait.
//
// Importing the package (tui does) also stops Bubble Tea v1's init from
// asking on every run of the binary: its init calls
// lipgloss.HasDarkBackground, which queries the terminal on stdout and
// waits up to 5 s, even for `auditlog --version`. Go initialises packages
// in import-path order among those whose imports are done, so this
// package (github.com/auditlog/…) runs its init before
// github.com/charmbracelet/bubbletea's and fixes the default renderer's
// background first; the explorer asks through DarkBackground instead.
package termquery

import (
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/term"
)

// Timeout bounds the wait for the terminal's answers. A terminal that
// answers does so within a few milliseconds locally and within a round
// trip over ssh; one that does not costs the explorer this much once.
const Timeout = 400 * time.Millisecond

func init() {
	// Explicit, so that lipgloss never queries the terminal itself.
	lipgloss.SetHasDarkBackground(true)
}

// query asks for the background colour, then the cursor position: every
// terminal answers the second, so its answer ends the wait early on a
// terminal that ignores the first.
const query = "\x1b]11;?\x1b\\\x1b[6n"

// DarkBackground reports whether the terminal has a dark background. It
// asks only when in and out are both terminals and TERM is not "dumb",
// waits at most Timeout, and falls back to COLORFGBG and then to dark.
func DarkBackground(in io.Reader, out io.Writer) bool {
	if bg, ok := ask(in, out, Timeout); ok {
		return bg
	}
	return colorFGBGDark(os.Getenv("COLORFGBG"))
}

// ask sends the query and reads the answers; ok is false when nothing
// usable came back.
func ask(in io.Reader, out io.Writer, timeout time.Duration) (dark, ok bool) {
	fin, okIn := in.(*os.File)
	fout, okOut := out.(*os.File)
	if !okIn || !okOut || !term.IsTerminal(fin.Fd()) || !term.IsTerminal(fout.Fd()) || os.Getenv("TERM") == "dumb" {
		return false, false
	}
	state, err := term.MakeRaw(fin.Fd())
	if err != nil {
		return false, false
	}
	defer term.Restore(fin.Fd(), state)
	if _, err := io.WriteString(fout, query); err != nil {
		return false, false
	}
	answer := readAnswers(fin, time.Now().Add(timeout))
	return parseBackground(answer)
}

// readAnswers reads from the terminal until the cursor-position answer
// (ESC [ row ; col R) arrives or the deadline passes.
func readAnswers(f *os.File, deadline time.Time) string {
	var b []byte
	buf := make([]byte, 64)
	for len(b) < 256 {
		left := time.Until(deadline)
		if left <= 0 || !waitReadable(f, left) {
			break
		}
		n, err := f.Read(buf)
		if n > 0 {
			b = append(b, buf[:n]...)
			if cursorAnswered(b) {
				break
			}
		}
		if err != nil {
			break
		}
	}
	return string(b)
}

// cursorAnswered reports whether b ends with the answer to DSR 6.
func cursorAnswered(b []byte) bool {
	s := string(b)
	i := strings.LastIndex(s, "\x1b[")
	if i < 0 || !strings.HasSuffix(s, "R") {
		return false
	}
	for _, c := range s[i+2 : len(s)-1] {
		if (c < '0' || c > '9') && c != ';' {
			return false
		}
	}
	return true
}

// parseBackground reads an OSC 11 answer, ESC ] 11 ; rgb:RRRR/GGGG/BBBB
// ending with ST or BEL, and reports whether the colour is dark (HSL
// lightness under one half).
func parseBackground(s string) (dark, ok bool) {
	i := strings.Index(s, "\x1b]11;rgb:")
	if i < 0 {
		return false, false
	}
	s = s[i+len("\x1b]11;rgb:"):]
	if j := strings.IndexAny(s, "\x1b\a"); j >= 0 {
		s = s[:j]
	} else {
		return false, false
	}
	parts := strings.Split(s, "/")
	if len(parts) != 3 {
		return false, false
	}
	var c [3]float64
	for k, p := range parts {
		if len(p) == 0 || len(p) > 4 {
			return false, false
		}
		v, err := strconv.ParseUint(p, 16, 16)
		if err != nil {
			return false, false
		}
		c[k] = float64(v) / float64(uint64(1)<<(4*len(p))-1)
	}
	lightness := (max(c[0], c[1], c[2]) + min(c[0], c[1], c[2])) / 2
	return lightness < 0.5, true
}

// colorFGBGDark reads COLORFGBG ("fg;bg", set by rxvt and others): a
// background of 7 (light grey) or 9 to 15 (bright colours) is light;
// anything else, or nothing, is dark.
func colorFGBGDark(v string) bool {
	i := strings.LastIndexByte(v, ';')
	if i < 0 {
		return true
	}
	bg, err := strconv.Atoi(v[i+1:])
	if err != nil {
		return true
	}
	return !(bg == 7 || (bg >= 9 && bg <= 15))
}
