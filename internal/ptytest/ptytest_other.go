//go:build !linux

// Package ptytest opens pseudo-terminals for tests; on this system it has
// none, and Open skips the test.
package ptytest

import (
	"os"
	"testing"
)

// PTY is a pseudo-terminal for tests (Linux only).
type PTY struct{ Term *os.File }

// Open skips the test: pseudo-terminal tests run on Linux.
func Open(t testing.TB) *PTY {
	t.Skip("pseudo-terminal tests run on Linux")
	return nil
}

// Output returns nothing.
func (p *PTY) Output() []byte { return nil }

// Answer does nothing.
func (p *PTY) Answer(string) error { return nil }

// WaitFor reports false.
func (p *PTY) WaitFor(string) bool { return false }
