// Package clipboard puts the explorer's copies where the user can paste
// them, and says truly where they went.
//
// Inside tmux (TMUX set) the text goes to tmux itself with
// `tmux load-buffer -w -`: it lands in tmux's paste buffer whatever
// set-clipboard says, and -w also hands it to the outer terminal's
// clipboard when tmux may (tmux 3.2 and later). An OSC 52 wrapped in tmux's
// passthrough, what this used to send, is dropped by tmux as it ships
// (allow-passthrough off) while the status said "copied". Outside tmux the
// system clipboard (xclip, xsel, wl-copy, pbcopy) is used, and over SSH,
// where that would be the remote machine's, an OSC 52 sequence asks the
// terminal. The clipboard setting (auto, system, osc52, tmux) picks one.
package clipboard

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"

	"github.com/atotto/clipboard"
	osc52 "github.com/aymanbagabas/go-osc52/v2"
)

// Mode is the clipboard setting.
type Mode string

// The modes.
const (
	Auto   Mode = "auto"   // tmux inside tmux, else the system clipboard, OSC 52 over SSH
	System Mode = "system" // the system clipboard only
	OSC52  Mode = "osc52"  // an OSC 52 sequence to the terminal (plain: tmux takes it with set-clipboard on)
	Tmux   Mode = "tmux"   // tmux load-buffer only
)

// Modes lists the valid settings.
var Modes = []Mode{Auto, System, OSC52, Tmux}

// ParseMode returns the mode named s ("" is Auto).
func ParseMode(s string) (Mode, error) {
	if s == "" {
		return Auto, nil
	}
	for _, m := range Modes {
		if string(m) == s {
			return m, nil
		}
	}
	return "", fmt.Errorf("clipboard %q: want auto, system, osc52 or tmux", s)
}

// ErrEmpty is returned for an empty text: copying nothing would empty the
// user's clipboard.
var ErrEmpty = errors.New("nothing to copy")

// What a copy needs from the world; tests replace it.
type env struct {
	getenv func(string) string
	out    io.Writer
	// tmux runs tmux with args and text on its standard input.
	tmux func(text string, args ...string) error
	// system writes the system clipboard.
	system func(text string) error
}

// New returns the copy function of mode: it writes text and returns where
// it went ("tmux buffer", "system clipboard", "OSC 52"). OSC 52 is written
// to out (the terminal; nil means standard output).
func New(mode Mode, out io.Writer) func(text string) (via string, err error) {
	if out == nil {
		out = os.Stdout
	}
	e := env{getenv: os.Getenv, out: out, tmux: runTmux, system: clipboard.WriteAll}
	return func(text string) (string, error) { return e.copy(mode, text) }
}

func runTmux(text string, args ...string) error {
	cmd := exec.Command("tmux", args...)
	cmd.Stdin = strings.NewReader(text)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return fmt.Errorf("tmux %s: %s", strings.Join(args, " "), msg)
		}
		return fmt.Errorf("tmux %s: %w", strings.Join(args, " "), err)
	}
	return nil
}

func (e env) copy(mode Mode, text string) (string, error) {
	if text == "" {
		return "", ErrEmpty
	}
	inTmux := e.getenv("TMUX") != ""
	remote := e.getenv("SSH_TTY") != "" || e.getenv("SSH_CONNECTION") != ""
	switch mode {
	case Tmux:
		return e.toTmux(text)
	case System:
		if err := e.system(text); err != nil {
			return "", fmt.Errorf("system clipboard: %w", err)
		}
		return "system clipboard", nil
	case OSC52:
		return e.osc52(text, inTmux)
	}
	if inTmux {
		if via, err := e.toTmux(text); err == nil {
			return via, nil
		}
		return e.osc52(text, true) // tmux takes a plain one with set-clipboard on
	}
	if !remote && e.system(text) == nil {
		return "system clipboard", nil
	}
	return e.osc52(text, false)
}

// toTmux loads text into tmux's paste buffer, and into the outer
// terminal's clipboard where tmux can (-w, tmux 3.2+; older tmux refuses
// the flag, and gets the buffer only).
func (e env) toTmux(text string) (string, error) {
	if err := e.tmux(text, "load-buffer", "-w", "-"); err == nil {
		return "tmux buffer", nil
	}
	if err := e.tmux(text, "load-buffer", "-"); err != nil {
		return "", err
	}
	return "tmux buffer", nil
}

// osc52 writes the sequence plainly inside tmux (tmux reads OSC 52 itself
// when set-clipboard is on; a passthrough wrapper is dropped unless
// allow-passthrough is on) and wrapped for GNU screen inside screen.
func (e env) osc52(text string, inTmux bool) (string, error) {
	seq := osc52.New(text)
	if !inTmux && strings.HasPrefix(e.getenv("TERM"), "screen") {
		seq = seq.Screen()
	}
	if _, err := seq.WriteTo(e.out); err != nil {
		return "", err
	}
	return "OSC 52", nil
}
