package termquery

import (
	"bytes"
	"strings"
	"testing"

	"github.com/auditlog/auditlog/internal/ptytest"
)

func TestParseBackground(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		dark, ok bool
	}{
		{"white, ST", "\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[1;1R", false, true},
		{"black, BEL", "\x1b]11;rgb:0000/0000/0000\a\x1b[1;1R", true, true},
		{"solarized dark, 2 digits", "\x1b]11;rgb:00/2b/36\x1b\\", true, true},
		{"solarized light", "\x1b]11;rgb:fdfd/f6f6/e3e3\x1b\\", false, true},
		{"only the cursor: no OSC 11 support", "\x1b[24;1R", false, false},
		{"cut short", "\x1b]11;rgb:ffff/ff", false, false},
		{"not hex", "\x1b]11;rgb:zz/zz/zz\x1b\\", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dark, ok := parseBackground(tt.in)
			if dark != tt.dark || ok != tt.ok {
				t.Errorf("parseBackground(%q) = %v, %v; want %v, %v", tt.in, dark, ok, tt.dark, tt.ok)
			}
		})
	}
}

func TestColorFGBG(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]bool{"": true, "15;0": true, "0;15": false, "0;7": false, "7;default;0": true, "x": true} {
		if got := colorFGBGDark(in); got != want {
			t.Errorf("colorFGBGDark(%q) = %v, want %v", in, got, want)
		}
	}
}

// TestNoQueryWithoutATerminal: a pipe or a file on either side means no
// question is written at all.
func TestNoQueryWithoutATerminal(t *testing.T) {
	p := ptytest.Open(t)
	var out bytes.Buffer
	if !DarkBackground(strings.NewReader(""), &out) || out.Len() != 0 {
		t.Errorf("not a terminal: wrote %q", out.String())
	}
	if !DarkBackground(strings.NewReader(""), p.Term) {
		t.Error("stdin not a terminal: want the dark fallback")
	}
	if got := p.Output(); len(got) != 0 {
		t.Errorf("stdin is not a terminal, yet the terminal received %q", got)
	}
}

// TestDarkBackgroundAsksTheTerminal answers the query as terminals do.
func TestDarkBackgroundAsksTheTerminal(t *testing.T) {
	t.Setenv("TERM", "xterm-256color")
	t.Setenv("COLORFGBG", "")
	tests := []struct {
		name, answer string
		dark         bool
	}{
		{"light background", "\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[5;1R", false},
		{"dark background", "\x1b]11;rgb:1e1e/1e1e/2e2e\a\x1b[5;1R", true},
		{"no OSC 11 support: dark", "\x1b[5;1R", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := ptytest.Open(t)
			got := make(chan bool, 1)
			go func() { got <- DarkBackground(p.Term, p.Term) }()
			if !p.WaitFor(query) {
				t.Fatal("no query was written")
			}
			if err := p.Answer(tt.answer); err != nil {
				t.Fatal(err)
			}
			if dark := <-got; dark != tt.dark {
				t.Errorf("dark = %v, want %v", dark, tt.dark)
			}
		})
	}
}

// TestNoAnswerFallsBackToDark: a terminal that never answers (an ssh
// session, a CI pty) costs one Timeout, then the dark theme.
func TestNoAnswerFallsBackToDark(t *testing.T) {
	t.Setenv("TERM", "xterm-256color")
	t.Setenv("COLORFGBG", "")
	p := ptytest.Open(t)
	if !DarkBackground(p.Term, p.Term) {
		t.Error("want the dark fallback")
	}
	if out := string(p.Output()); out != query {
		t.Errorf("the terminal received %q, want the one query %q", out, query)
	}
}
