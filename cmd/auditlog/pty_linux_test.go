//go:build linux

package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// pty is a pseudo-terminal for tests: Term is the terminal end a command
// writes to (isTerminal reports true for it), and everything written there
// is collected, byte for byte, by Output.
type pty struct {
	Term   *os.File
	master *os.File
	done   chan []byte
}

// openPTY opens a pseudo-terminal with output processing off (no \r added
// before \n) and echo off, and starts collecting what its terminal end
// receives.
func openPTY(t *testing.T) *pty {
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
	p := &pty{Term: term, master: master, done: make(chan []byte, 1)}
	go func() {
		var b bytes.Buffer
		io.Copy(&b, master) // ends with EIO once the terminal end is closed and drained
		p.done <- b.Bytes()
	}()
	t.Cleanup(func() { term.Close(); master.Close() })
	return p
}

// Output closes the terminal end and returns every byte written to it.
func (p *pty) Output() []byte {
	p.Term.Close()
	return <-p.done
}

// Answer writes to the terminal's input, as a terminal answering a query.
func (p *pty) Answer(s string) error {
	_, err := p.master.WriteString(s)
	return err
}
