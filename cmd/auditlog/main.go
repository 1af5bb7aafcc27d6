// Command auditlog explores Endor Labs audit logs: an interactive explorer,
// scripting commands (list, history, filter) and a local emulator of the
// Endor API (serve).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/safetext"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// Exit statuses, as DESIGN.md fixes them.
const (
	exitOK      = 0
	exitFailure = 1 // runtime failure: network, server
	exitUsage   = 2 // usage or invalid input
)

// usageError marks an error caused by the user's input (bad flag, bad
// filter, bad file): the command exits with status 2.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// usagef returns a usageError with a formatted message.
func usagef(format string, a ...any) error { return &usageError{fmt.Errorf(format, a...)} }

// asUsage wraps err as a usageError (nil stays nil).
func asUsage(err error) error {
	if err == nil {
		return nil
	}
	return &usageError{err}
}

// silentExit carries an exit status without a message (the command has
// already printed what it had to say, like `filter check`).
type silentExit struct{ code int }

func (e *silentExit) Error() string { return fmt.Sprintf("exit status %d", e.code) }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes the command line and returns the exit status. Tests call it
// directly with their own streams.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root, g := newRoot(stdin, stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if cerr := g.debugLog.close(); err == nil && cerr != nil {
		err = fmt.Errorf("--debug: %w", cerr)
	}
	if err == nil {
		return exitOK
	}
	var silent *silentExit
	if errors.As(err, &silent) {
		return silent.code
	}
	// Errors quote servers and files (messages, uuids, decoder complaints):
	// whatever escaped sanitizing at its source is escaped here, line by
	// line, so that nothing reaches the terminal raw.
	fmt.Fprintf(stderr, "auditlog: %s\n", safetext.Lines(err.Error()))
	if client.IsUnauthenticated(err) {
		fmt.Fprintf(stderr, "auditlog: the server refused the credentials. %s\n", client.CredentialHelp)
	}
	var usage *usageError
	if errors.As(err, &usage) || client.IsInvalidArgument(err) {
		// A server's 400 (or 414) is about the request's input: the
		// user's filter, field or page size.
		return exitUsage
	}
	return exitFailure
}
