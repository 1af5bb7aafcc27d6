package main

import (
	"fmt"
	"log/slog"
	"os"

	"github.com/auditlog/auditlog/emulator"
	"github.com/auditlog/auditlog/safetext"
	"github.com/spf13/cobra"
)

// serveOptions are the flags of `auditlog serve`. The accepted token is the
// global --token (or ENDOR_TOKEN), so that a client pointed at the emulator
// with the same environment just works.
type serveOptions struct {
	addr        string
	db          string
	demo        bool
	size        int
	seed        int64
	tenant      string
	imports     []string
	skipInvalid bool
	live        bool
}

func newServeCmd(g *globalOptions) *cobra.Command {
	o := &serveOptions{}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the local emulator of the Endor API",
		Long: "serve runs a local emulator of the Endor Labs AuditLog API: the list, get and\n" +
			"archive routes with their list_parameters, the API key exchange and /v1/auth,\n" +
			"grpc-gateway error bodies, the 30-day active / 3-year archive retention.\n\n" +
			"The token it accepts is --token (or ENDOR_TOKEN); without one it generates a\n" +
			"token and prints it, since you need it to query. A given token is never printed.",
		Example: "  auditlog serve --demo\n" +
			"  auditlog serve --db audit.db --import export.ndjson --token \"$ENDOR_TOKEN\"\n" +
			"  curl -H \"Authorization: Bearer $ENDOR_TOKEN\" \\\n" +
			"    'http://127.0.0.1:8787/v1/namespaces/acme/audit-logs?list_parameters.traverse=true'",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runServe(cmd, g, o) },
	}
	f := cmd.Flags()
	f.StringVar(&o.addr, "addr", "127.0.0.1:8787", "listening address")
	f.StringVar(&o.db, "db", "", "SQLite database file (default: a temporary database)")
	f.BoolVar(&o.demo, "demo", false, "fill an empty database with generated demo data")
	f.IntVar(&o.size, "size", emulator.DefaultDemoSize, "number of demo entries")
	f.Int64Var(&o.seed, "seed", emulator.DefaultSeed, "seed of the demo generator")
	f.StringVar(&o.tenant, "tenant", "", "tenant the token belongs to (default: the demo tenant, or the root namespace of the data)")
	f.StringArrayVar(&o.imports, "import", nil, "import an export (NDJSON or endorctl JSON); repeatable")
	f.BoolVar(&o.live, "live", false, "with --demo, keep adding a few new entries a minute (to try list --follow)")
	f.BoolVar(&o.skipInvalid, "skip-invalid", false, "skip invalid entries of --import, reporting each on stderr")
	return cmd
}

func runServe(cmd *cobra.Command, g *globalOptions, o *serveOptions) error {
	if o.size <= 0 {
		return usagef("--size must be positive, got %d", o.size)
	}
	if o.live && !o.demo {
		return usagef("--live adds demo entries; it needs --demo")
	}
	token, source := g.token, "--token"
	if token == "" {
		token, source = os.Getenv("ENDOR_TOKEN"), "ENDOR_TOKEN"
	}
	// Log values come from imported files (a skipped entry's uuid,
	// namespace, error): drawn safe, like everything from a file.
	logger := slog.New(slog.NewTextHandler(g.stderr, &slog.HandlerOptions{Level: slog.LevelInfo, ReplaceAttr: safeAttr}))
	if g.debug != "" {
		l, closeLog, err := g.debugLogger()
		if err != nil {
			return err
		}
		defer closeLog()
		logger = l
	}
	for _, p := range o.imports {
		if _, err := os.Stat(p); err != nil {
			return usagef("--import: %v", err)
		}
	}
	ctx := cmd.Context()
	srv, err := emulator.Start(ctx, emulator.Options{
		Addr:        o.addr,
		DBPath:      o.db,
		Demo:        o.demo,
		DemoSize:    o.size,
		Seed:        o.seed,
		Token:       token,
		Tenant:      o.tenant,
		Import:      o.imports,
		SkipInvalid: o.skipInvalid,
		Live:        o.live,
		Logger:      logger,
	})
	if err != nil {
		if len(o.imports) > 0 {
			// A bad export is the user's input.
			return asUsage(err)
		}
		return err
	}
	active, archive := srv.Counts()
	tok := "from " + source + " (not shown)"
	if srv.TokenGenerated() {
		// The user needs a generated token to query; it is printed once,
		// here, and nowhere else.
		tok = "generated: " + srv.Token()
	}
	purge := "archive purge after 3 years"
	if !srv.Purges() {
		purge = "no purge (imported evidence)"
	}
	if o.live {
		purge += fmt.Sprintf(" · live: a new entry every %s", emulator.DefaultLiveEvery)
	}
	// The tenant and namespace come from the imported data.
	fmt.Fprintf(g.stdout, "auditlog serve: listening on %s · tenant %s · token %s · active %d, archive %d · %s\n",
		srv.URL(), safetext.Sanitize(srv.Tenant()), tok, active, archive, purge)
	fmt.Fprintf(g.stdout, "  try: curl -H \"Authorization: Bearer $ENDOR_TOKEN\" '%s/v1/namespaces/%s/audit-logs?list_parameters.traverse=true&list_parameters.page_size=5'\n",
		srv.URL(), safetext.Sanitize(srv.Namespace()))
	<-ctx.Done()
	err = srv.Close()
	fmt.Fprintln(g.stdout, "auditlog serve: stopped")
	return err
}

// safeAttr draws a log value with safetext: strings and errors (which
// carry a skipped entry's uuid or namespace) are sanitized before the text
// handler quotes them.
func safeAttr(_ []string, a slog.Attr) slog.Attr {
	switch v := a.Value.Any().(type) {
	case string:
		return slog.String(a.Key, safetext.Sanitize(v))
	case error:
		return slog.String(a.Key, safetext.Sanitize(v.Error()))
	}
	return a
}
