package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestSmokeTmux builds the binary and drives `auditlog --demo` in a real
// terminal (tmux) through scripts/smoke-tmux.sh. Without tmux it skips on a
// workstation but fails in CI, where .ci/run installs tmux.
func TestSmokeTmux(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("tmux is not installed: CI must run the smoke test (.ci/run installs tmux)")
		}
		t.Skip("tmux is not installed")
	}
	goBin, err := exec.LookPath("go") // go test puts its own go first in PATH
	if err != nil {
		t.Fatalf("no go command to build the binary: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()

	bin := filepath.Join(t.TempDir(), "auditlog")
	build := exec.CommandContext(ctx, goBin, "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	smoke := exec.CommandContext(ctx, "bash", filepath.Join("..", "..", "scripts", "smoke-tmux.sh"), bin)
	out, err := smoke.CombinedOutput()
	if err != nil {
		t.Fatalf("smoke test failed: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}
