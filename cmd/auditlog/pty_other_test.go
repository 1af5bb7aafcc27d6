//go:build !linux

package main

import (
	"os"
	"testing"
)

type pty struct{ Term *os.File }

func openPTY(t *testing.T) *pty {
	t.Skip("pseudo-terminal tests run on Linux")
	return nil
}

func (p *pty) Output() []byte        { return nil }
func (p *pty) Answer(s string) error { return nil }
