package tui

import (
	"bytes"
	"encoding/base64"
	"strings"
	"testing"
)

// TestSystemCopyOverSSH: over SSH the system clipboard would be the
// remote machine's, so the text goes to the terminal as OSC 52, wrapped
// for tmux when inside it.
func TestSystemCopyOverSSH(t *testing.T) {
	tests := []struct {
		name, tmux, prefix string
	}{
		{"plain terminal", "", "\x1b]52;c;"},
		{"inside tmux", "/tmp/tmux-0/default,1,0", "\x1bPtmux;\x1b\x1b]52;c;"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("SSH_TTY", "/dev/pts/3")
			t.Setenv("TMUX", tc.tmux)
			t.Setenv("TERM", "xterm-256color")
			var out bytes.Buffer
			via, err := systemCopy(&out)("spec.operation == OPERATION_DELETE")
			if err != nil || via != "OSC 52" {
				t.Fatalf("via %q, err %v", via, err)
			}
			want := tc.prefix + base64.StdEncoding.EncodeToString([]byte("spec.operation == OPERATION_DELETE"))
			if !strings.HasPrefix(out.String(), want) {
				t.Fatalf("wrote %q, want it to start with %q", out.String(), want)
			}
		})
	}
}
