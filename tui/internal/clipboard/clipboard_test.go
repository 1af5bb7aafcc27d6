package clipboard

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

// fake records what each way of copying was asked.
type fake struct {
	vars       map[string]string
	out        bytes.Buffer
	tmuxCalls  []string
	tmuxFails  map[string]bool // by args
	systemText string
	systemErr  error
}

func (f *fake) env() env {
	return env{
		getenv: func(k string) string { return f.vars[k] },
		out:    &f.out,
		tmux: func(text string, args ...string) error {
			a := strings.Join(args, " ")
			f.tmuxCalls = append(f.tmuxCalls, a+" <"+text)
			if f.tmuxFails[a] {
				return errors.New("tmux: unknown flag -w")
			}
			return nil
		},
		system: func(text string) error {
			if f.systemErr != nil {
				return f.systemErr
			}
			f.systemText = text
			return nil
		},
	}
}

func TestCopy(t *testing.T) {
	const text = "spec.operation == OPERATION_DELETE"
	osc := "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(text)) + "\a"
	inTmux := map[string]string{"TMUX": "/tmp/tmux-0/default,1,0", "TERM": "tmux-256color"}
	tests := []struct {
		name      string
		mode      Mode
		vars      map[string]string
		tmuxFails map[string]bool
		systemErr error
		wantVia   string
		wantTmux  string // the tmux calls, joined by " | "
		wantSys   bool
		wantOut   string
		wantErr   string
	}{
		{name: "tmux: load-buffer -w", mode: Auto, vars: inTmux, wantVia: "tmux buffer", wantTmux: "load-buffer -w - <" + text},
		{name: "old tmux: load-buffer without -w", mode: Auto, vars: inTmux, tmuxFails: map[string]bool{"load-buffer -w -": true},
			wantVia: "tmux buffer", wantTmux: "load-buffer -w - <" + text + " | load-buffer - <" + text},
		{name: "no tmux binary: a plain OSC 52", mode: Auto, vars: inTmux, tmuxFails: map[string]bool{"load-buffer -w -": true, "load-buffer -": true},
			wantVia: "OSC 52", wantTmux: "load-buffer -w - <" + text + " | load-buffer - <" + text, wantOut: osc},
		{name: "local terminal: system clipboard", mode: Auto, vars: map[string]string{"TERM": "xterm-256color"}, wantVia: "system clipboard", wantSys: true},
		{name: "no clipboard tool: OSC 52", mode: Auto, vars: map[string]string{"TERM": "xterm"}, systemErr: errors.New("no xclip"), wantVia: "OSC 52", wantOut: osc},
		{name: "over SSH: OSC 52, not the remote clipboard", mode: Auto, vars: map[string]string{"SSH_TTY": "/dev/pts/3", "TERM": "xterm"}, wantVia: "OSC 52", wantOut: osc},
		{name: "over SSH in screen: wrapped for screen", mode: Auto, vars: map[string]string{"SSH_CONNECTION": "x", "TERM": "screen"}, wantVia: "OSC 52",
			wantOut: "\x1bP\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte(text)) + "\a\x1b\\"},
		{name: "osc52 setting inside tmux: plain, no passthrough", mode: OSC52, vars: inTmux, wantVia: "OSC 52", wantOut: osc},
		{name: "system setting in tmux", mode: System, vars: inTmux, wantVia: "system clipboard", wantSys: true},
		{name: "system setting, no tool: the error says so", mode: System, systemErr: errors.New("no xclip"), wantErr: "system clipboard: no xclip"},
		{name: "tmux setting outside tmux fails truly", mode: Tmux, tmuxFails: map[string]bool{"load-buffer -w -": true, "load-buffer -": true},
			wantTmux: "load-buffer -w - <" + text + " | load-buffer - <" + text, wantErr: "unknown flag"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := &fake{vars: tc.vars, tmuxFails: tc.tmuxFails, systemErr: tc.systemErr}
			via, err := f.env().copy(tc.mode, text)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
			} else if err != nil || via != tc.wantVia {
				t.Fatalf("via %q, err %v; want %q", via, err, tc.wantVia)
			}
			if got := strings.Join(f.tmuxCalls, " | "); got != tc.wantTmux {
				t.Errorf("tmux calls %q, want %q", got, tc.wantTmux)
			}
			if (f.systemText == text) != tc.wantSys {
				t.Errorf("system clipboard got %q", f.systemText)
			}
			if f.out.String() != tc.wantOut {
				t.Errorf("wrote %q, want %q", f.out.String(), tc.wantOut)
			}
		})
	}
}

func TestNothingToCopy(t *testing.T) {
	for _, mode := range Modes {
		f := &fake{vars: map[string]string{"TMUX": "x"}}
		if _, err := f.env().copy(mode, ""); !errors.Is(err, ErrEmpty) {
			t.Fatalf("%s: err = %v", mode, err)
		}
		if len(f.tmuxCalls) > 0 || f.out.Len() > 0 || f.systemText != "" {
			t.Fatalf("%s: an empty copy reached the clipboard", mode)
		}
	}
}

func TestParseMode(t *testing.T) {
	for _, s := range []string{"", "auto", "system", "osc52", "tmux"} {
		if _, err := ParseMode(s); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	if _, err := ParseMode("xclip"); err == nil || !strings.Contains(err.Error(), "auto, system, osc52 or tmux") {
		t.Errorf("xclip: %v", err)
	}
}
