package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/auditlog/auditlog/client"
)

// TestArgumentErrorsAreUsageErrors runs command lines whose arguments are
// wrong: each exits 2 because its validator returns a usage error, whatever
// cobra's wording.
func TestArgumentErrorsAreUsageErrors(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"nosuchcommand"},
		{"list", "extra"},
		{"history"},
		{"history", "a", "b"},
		{"filter", "fmt"},
		{"filter", "fmt", "a", "b"},
		{"filter", "check", "a", "b"},
		{"whoami", "x"},
		{"serve", "x"},
		{"completion", "bash", "x"},
		{"list", "--no-such-flag"},
		{"list", "--timeout", "soon"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			t.Parallel()
			code, out, errOut := runCmd(t, args...)
			if code != exitUsage || out != "" || !strings.HasPrefix(errOut, "auditlog: ") {
				t.Errorf("exit %d, stdout %q, stderr %q; want 2 and a message", code, out, errOut)
			}
		})
	}
}

func TestParseTierFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		tier    string
		archive bool
		want    tierChoice
		wantErr string
	}{
		{"", false, tierChoice{}, ""},
		{"", true, tierChoice{client.TierArchive, true}, ""},
		{"both", false, tierChoice{client.TierBoth, true}, ""},
		{"Archived", true, tierChoice{client.TierArchive, true}, ""},
		{"active", true, tierChoice{}, "--archive contradicts --tier active"},
		{"cold", false, tierChoice{}, `--tier: unknown tier "cold"`},
	}
	for _, tt := range tests {
		got, err := parseTierFlags(tt.tier, tt.archive)
		if tt.wantErr != "" {
			var u *usageError
			if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) || !errors.As(err, &u) {
				t.Errorf("%q %v: err %v, want a usage error %q", tt.tier, tt.archive, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%q %v = %+v, %v; want %+v", tt.tier, tt.archive, got, err, tt.want)
		}
		if got.or(client.TierActive) != map[bool]client.Tier{true: tt.want.tier, false: client.TierActive}[tt.want.set] {
			t.Errorf("%q %v: or() ignores the choice", tt.tier, tt.archive)
		}
	}
}

// TestDebugOpensItsFileOnce: every part of a command that logs (the client,
// the in-process emulator, the explorer) gets the one logger of --debug,
// and run closes the file at the end.
func TestDebugOpensItsFileOnce(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "debug.log")
	g := &globalOptions{debug: path}
	l1, close1, err := g.debugLogger()
	if err != nil {
		t.Fatal(err)
	}
	l2, _, _ := g.debugLogger()
	if l1 != l2 {
		t.Error("a second call opened the file again")
	}
	close1() // callers' deferred closes leave the file open for the others
	l1.Info("first")
	l2.Info("second")
	if err := g.debugLog.close(); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if !strings.Contains(string(b), "first") || !strings.Contains(string(b), "second") {
		t.Errorf("log %q lacks a line", b)
	}
	bad := &globalOptions{debug: filepath.Join(path, "not-a-dir", "x.log")}
	if _, _, err := bad.debugLogger(); err == nil || !errors.As(err, new(*usageError)) {
		t.Errorf("an unwritable --debug: %v, want a usage error", err)
	}
	code, _, errOut := runCmd(t, "list", "--demo", "--count", "--debug", path)
	b2, _ := os.ReadFile(path)
	if code != 0 || len(b2) <= len(b) {
		t.Errorf("list --debug: exit %d %s; log grew %d bytes", code, errOut, len(b2)-len(b))
	}
}
