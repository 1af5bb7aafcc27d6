//go:build linux

package main

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"

	"github.com/auditlog/auditlog/internal/ptytest"
)

// childArgs carries the command line of a re-executed test binary.
const childArgs = "AUDITLOG_TEST_CHILD_ARGS"

// TestCommandsNeverQueryTheTerminal runs each command that draws no
// screen in a fresh process whose controlling terminal is a pty (so that
// everything happening at start-up, package inits included, sees a real
// foreground terminal), and checks that it never writes the background
// colour query (OSC 11) or the cursor-position query (DSR 6).
func TestCommandsNeverQueryTheTerminal(t *testing.T) {
	if args, ok := os.LookupEnv(childArgs); ok {
		os.Exit(run(context.Background(), strings.Split(args, "\x1f"), os.Stdin, os.Stdout, os.Stderr))
	}
	t.Parallel()
	tests := []struct {
		name string
		args []string
	}{
		{"version", []string{"--version"}},
		{"help", []string{"--help"}},
		{"filter fmt", []string{"filter", "fmt", "spec.operation==OPERATION_CREATE"}},
		{"filter check", []string{"filter", "check", "spec.operaton==1"}},
		{"list to a terminal", []string{"list", "--demo", "--demo-size", "20", "-o", "table"}},
		{"count", []string{"list", "--demo", "--demo-size", "20", "--count"}},
		{"a failing list", []string{"list", "--api", "http://127.0.0.1:1", "--token", "x", "-n", "acme"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := ptytest.Open(t)
			cmd := exec.Command(os.Args[0], "-test.run=^TestCommandsNeverQueryTheTerminal$")
			cmd.Env = append(os.Environ(), childArgs+"="+strings.Join(tt.args, "\x1f"), "TERM=xterm-256color", "NO_COLOR=")
			cmd.Stdin, cmd.Stdout, cmd.Stderr = p.Term, p.Term, p.Term
			cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			cmd.Wait() // the exit status is the command's own business here
			out := string(p.Output())
			for _, q := range []string{"\x1b]11;?", "\x1b[6n", "\x1b]10;?"} {
				if strings.Contains(out, q) {
					t.Errorf("%v wrote the terminal query %q:\n%q", tt.args, q, out)
				}
			}
			if out == "" {
				t.Errorf("%v printed nothing: the child did not run", tt.args)
			}
		})
	}
}
