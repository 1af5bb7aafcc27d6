package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/emulator"
	"github.com/auditlog/auditlog/safetext"
	"github.com/mattn/go-isatty"
)

// sourceOptions say where the data comes from: the demo emulator, an
// export file, or (both unset) the Endor API.
type sourceOptions struct {
	demo     bool
	demoSize int
	file     string
}

// session is a connected client with the defaults of its source.
type session struct {
	client      *client.Client
	namespace   string      // the namespace to query
	traverse    bool        // whether queries include child namespaces by default
	defaultTier client.Tier // the tier when none is asked for
	baseURL     string      // the API URL, for rendered curl commands
	close       func() error
}

// connectOptions tune connect beyond the source; zero values are defaults.
type connectOptions struct {
	timeout time.Duration
	// tellWaits says long retry waits on stderr (commands that draw no
	// screen: the explorer shows them itself).
	tellWaits bool
}

// longWait is the retry wait from which a command says that it waits
// rather than look hung.
const longWait = 3 * time.Second

// connect returns a session on the source. With --demo or --file the
// emulator starts in-process on a loopback port and the client talks to it
// over HTTP like to the real API (one path for data). Otherwise the
// credentials are resolved as endorctl does and the client talks to the
// Endor API.
func (g *globalOptions) connect(ctx context.Context, src sourceOptions) (*session, error) {
	return g.connectWith(ctx, src, connectOptions{})
}

func (g *globalOptions) connectWith(ctx context.Context, src sourceOptions, co connectOptions) (*session, error) {
	if src.demo && src.file != "" {
		return nil, usagef("--demo and --file are alternatives: pass one")
	}
	logger, closeLog, err := g.debugLogger()
	if err != nil {
		return nil, err
	}
	opts := []client.Option{client.WithLogger(logger), client.WithUserAgent("auditlog/" + version)}
	if co.timeout > 0 {
		opts = append(opts, client.WithTimeout(co.timeout))
	}
	if co.tellWaits {
		stderr := g.stderr
		opts = append(opts, client.WithRetryNotice(func(n client.RetryNotice) {
			if n.Wait >= longWait {
				fmt.Fprintf(stderr, "auditlog: %s\nauditlog: retrying in %s (attempt %d)\n", safetext.Lines(n.Err.Error()), n.Wait.Round(time.Second), n.Attempt)
			}
		}))
	}
	if src.demo || src.file != "" {
		srv, err := emulator.Start(ctx, emulator.Options{
			Addr:     "127.0.0.1:0",
			Demo:     src.demo,
			DemoSize: src.demoSize,
			File:     src.file,
			Logger:   logger,
		})
		if err != nil {
			closeLog()
			if src.file != "" {
				// A bad export is the user's input: exit status 2. The
				// emulator's file errors name the file.
				return nil, asUsage(err)
			}
			return nil, fmt.Errorf("starting the demo emulator: %w", err)
		}
		// Loopback: compressing would cost more than it saves.
		c, err := client.New(srv.URL(), append(opts, client.WithToken(srv.Token()), client.WithCompression(false))...)
		if err != nil {
			srv.Close()
			closeLog()
			return nil, err
		}
		s := &session{
			client:      c,
			namespace:   srv.Namespace(),
			traverse:    true,
			defaultTier: client.TierActive,
			baseURL:     srv.URL(),
			close:       func() error { return errors.Join(srv.Close(), closeLog()) },
		}
		if src.file != "" {
			// An export is evidence: every entry in view, whatever its age.
			s.defaultTier = client.TierBoth
		}
		if g.namespace != "" {
			s.namespace = g.namespace
		}
		if s.namespace == "" {
			s.close()
			return nil, usagef("%s holds no audit log entries", src.file)
		}
		return s, nil
	}
	creds, err := client.ResolveCredentials(client.Credentials{
		API: g.api, Token: g.token, APIKey: g.apiKey, APISecret: g.apiSecret, Namespace: g.namespace,
	}, os.Getenv, g.configPath)
	if err != nil {
		closeLog()
		return nil, asUsage(err)
	}
	if creds.Token == "" && creds.APIKey == "" {
		closeLog()
		return nil, usagef("%w. %s, or --file an export", errNoCredentials, client.CredentialHelp)
	}
	if creds.Namespace == "" {
		closeLog()
		return nil, usagef("no namespace: pass -n or set ENDOR_NAMESPACE")
	}
	c, err := client.New(creds.API, append(opts, creds.Options()...)...)
	if err != nil {
		closeLog()
		return nil, asUsage(err)
	}
	logger.Debug("connected", "api", creds.API, "namespace", creds.Namespace, "credentials", creds.TokenSource)
	return &session{
		client:      c,
		namespace:   creds.Namespace,
		defaultTier: client.TierActive,
		baseURL:     creds.API,
		close:       closeLog,
	}, nil
}

// debugLog is the --debug file, opened at the first use and closed when
// the command ends (run), however many parts of the command log.
type debugLog struct {
	once   sync.Once
	logger *slog.Logger
	file   *os.File
	err    error
}

// debugLogger returns the logger of --debug (a file), or one that
// discards. The file is opened once; the returned func closes nothing (run
// closes the file), so callers may defer it as before.
func (g *globalOptions) debugLogger() (*slog.Logger, func() error, error) {
	noop := func() error { return nil }
	if g.debug == "" {
		return slog.New(slog.DiscardHandler), noop, nil
	}
	d := &g.debugLog
	d.once.Do(func() {
		f, err := os.OpenFile(g.debug, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			d.err = asUsage(fmt.Errorf("--debug: %w", err))
			return
		}
		d.file = f
		d.logger = slog.New(slog.NewTextHandler(f, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	return d.logger, noop, d.err
}

// close closes the --debug file, if it was opened.
func (d *debugLog) close() error {
	if d.file == nil {
		return nil
	}
	return d.file.Close()
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	if t, ok := w.(interface{ IsTerminal() bool }); ok {
		return t.IsTerminal() // a writer in front of one (manifest.go)
	}
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}
