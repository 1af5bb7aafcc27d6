//go:build linux

// Package ptytest opens pseudo-terminals for tests, so that a test can see
// byte for byte what a command writes to a terminal, and answer it as a
// terminal would. Only tests import it.
package ptytest

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"sync"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// PTY is a pseudo-terminal for tests: Term is the terminal end a command
// writes to (isatty reports true for it), and everything written there is
// collected, byte for byte, by Output.
type PTY struct {
	Term   *os.File
	master *os.File
	done   chan []byte
	seen   *watcher
}

// Open opens a pseudo-terminal with output processing off (no \r added
// before \n) and echo off, and starts collecting what its terminal end
// receives.
func Open(t testing.TB) *PTY {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	fd := int(master.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		master.Close()
		t.Skipf("unlockpt: %v", err)
	}
	n, err := unix.IoctlGetUint32(fd, unix.TIOCGPTN)
	if err != nil {
		master.Close()
		t.Skipf("ptsname: %v", err)
	}
	term, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		master.Close()
		t.Skipf("opening the terminal end: %v", err)
	}
	tio, err := unix.IoctlGetTermios(int(term.Fd()), unix.TCGETS)
	if err == nil {
		tio.Oflag &^= unix.OPOST
		tio.Lflag &^= unix.ECHO | unix.ICANON
		err = unix.IoctlSetTermios(int(term.Fd()), unix.TCSETS, tio)
	}
	if err != nil {
		t.Fatalf("termios: %v", err)
	}
	p := &PTY{Term: term, master: master, done: make(chan []byte, 1), seen: &watcher{}}
	go func() {
		var b bytes.Buffer
		io.Copy(io.MultiWriter(&b, p.seen), master) // ends with EIO once the terminal end is closed and drained
		p.seen.close()
		p.done <- b.Bytes()
	}()
	t.Cleanup(func() { term.Close(); master.Close() })
	return p
}

// Output closes the terminal end and returns every byte written to it.
func (p *PTY) Output() []byte {
	p.Term.Close()
	return <-p.done
}

// Answer writes to the terminal's input, as a terminal answering a query.
func (p *PTY) Answer(s string) error {
	_, err := p.master.WriteString(s)
	return err
}

// WaitFor blocks until the terminal end has received s (a query, say) and
// reports whether it did before the terminal end was closed.
func (p *PTY) WaitFor(s string) bool { return p.seen.wait(s) }

// watcher records what went through and wakes those waiting for a string.
type watcher struct {
	mu     sync.Mutex
	buf    []byte
	closed bool
	cond   *sync.Cond
}

func (w *watcher) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf = append(w.buf, b...)
	if w.cond != nil {
		w.cond.Broadcast()
	}
	return len(b), nil
}

func (w *watcher) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.closed = true
	if w.cond != nil {
		w.cond.Broadcast()
	}
}

func (w *watcher) wait(s string) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.cond == nil {
		w.cond = sync.NewCond(&w.mu)
	}
	for !bytes.Contains(w.buf, []byte(s)) {
		if w.closed {
			return false
		}
		w.cond.Wait()
	}
	return true
}
