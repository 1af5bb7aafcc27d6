package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/themes"
	"github.com/auditlog/auditlog/tui"
)

// exploreOptions are the root command's own flags: the first query of the
// explorer, spelled as in `auditlog list`.
type exploreOptions struct {
	src      sourceOptions
	filter   string
	archive  bool
	tier     string
	traverse bool
	pageSize int
	theme    string
	noCheck  bool
}

// installExplorer makes the explorer the root command's action: `auditlog`
// with no command opens it.
func installExplorer(root *cobra.Command, g *globalOptions) {
	o := &exploreOptions{}
	f := root.Flags()
	f.StringVar(&o.filter, "filter", "", "first filter of the explorer, e.g. \"spec.operation==OPERATION_DELETE\"")
	f.BoolVar(&o.archive, "archive", false, "start on the archive (same as --tier archive)")
	f.StringVar(&o.tier, "tier", "", "start on this tier: active, archive or both (default active; both with --file)")
	f.BoolVar(&o.traverse, "traverse", false, "include child namespaces")
	f.IntVar(&o.pageSize, "page-size", 0, fmt.Sprintf("rows per request, 1 to %d (default %d, or page_size in the config)", api.MaxPageSize, api.DefaultPageSize))
	f.StringVar(&o.theme, "theme", "", "colour theme: "+strings.Join(themes.Names(), ", ")+", or a palette file (default from the terminal background)")
	f.BoolVar(&o.noCheck, "no-check", false, "send --filter without checking field names and spec.operation values")
	f.BoolVar(&o.src.demo, "demo", false, "explore generated demo data on an in-process emulator")
	f.IntVar(&o.src.demoSize, "demo-size", 0, "number of generated demo entries (with --demo)")
	f.StringVar(&o.src.file, "file", "", "explore an export: NDJSON of AuditLog objects, or the JSON endorctl api list -r AuditLog prints")
	root.Args = cobra.NoArgs
	root.RunE = func(cmd *cobra.Command, _ []string) error {
		return o.run(cmd.Context(), g, cmd.Flags())
	}
}

func (o *exploreOptions) run(ctx context.Context, g *globalOptions, flags *pflag.FlagSet) error {
	cfg, err := loadConfig(configFile())
	if err != nil {
		return asUsage(err)
	}
	opts, err := o.tuiOptions(cfg, flags, g)
	if err != nil {
		return err
	}
	if !isTerminal(g.stdout) {
		return usagef("the explorer needs a terminal; for scripts use `auditlog list`")
	}
	if g.namespace == "" && os.Getenv("ENDOR_NAMESPACE") == "" && !o.src.demo && o.src.file == "" {
		// The config file comes after the flag and the environment, and
		// names a namespace of the real API: not of the demo or a file.
		g.namespace = cfg.Namespace
	}
	sess, err := g.connect(ctx, o.src)
	switch {
	case isNoCredentials(err):
		// Blocking: the explorer opens on a view that says what to set.
		opts.Err = err
	case err != nil:
		return err
	default:
		defer sess.close()
		o.applySession(&opts, sess, cfg, flags)
	}
	logger, closeLog, err := g.debugLogger()
	if err != nil {
		return err
	}
	defer closeLog()
	opts.Logger = logger
	opts.Input, opts.Output = g.stdin, g.stdout
	state := recentFile()
	opts.Recent = loadRecent(state)
	opts.SaveRecent = func(r []string) error { return saveRecent(state, r) }
	saved := &savedFilters{path: configFile()}
	opts.SaveFilter, opts.RenameFilter, opts.DeleteFilter = saved.save, saved.rename, saved.delete
	return tui.Run(ctx, opts)
}

// tuiOptions turns the flags and the config into the explorer's options,
// all but the session's part. Flags win over the config file.
func (o *exploreOptions) tuiOptions(cfg *appConfig, flags *pflag.FlagSet, g *globalOptions) (tui.Options, error) {
	var opts tui.Options
	// The first query's filter is checked and sent in canonical form, as
	// list's is; the explorer's own input does the same for what is typed.
	tiers, err := parseTierFlags(o.tier, o.archive)
	if err != nil {
		return opts, err
	}
	filter, err := prepareFilter("--filter", o.filter, o.noCheck || cfg.NoCheck, tiers.archiveOnly(), io.Discard)
	if err != nil {
		return opts, err
	}
	opts.Filter = filter
	opts.Unchecked = o.noCheck || cfg.NoCheck
	opts.PageSize = api.DefaultPageSize
	switch {
	case flags.Changed("page-size"):
		if o.pageSize < 1 || o.pageSize > api.MaxPageSize {
			return opts, usagef("--page-size %d: want 1 to %d", o.pageSize, api.MaxPageSize)
		}
		opts.PageSize = o.pageSize
	case cfg.PageSize > 0:
		opts.PageSize = cfg.PageSize
	}
	opts.Color = os.Getenv("NO_COLOR") == ""
	th, err := o.chooseTheme(cfg, opts.Color, func() bool { return tui.DarkBackground(g.stdin, g.stdout) })
	if err != nil {
		return opts, err
	}
	opts.Theme = th
	opts.KeyOverrides = cfg.Keys
	opts.Clipboard = cfg.Clipboard
	opts.Saved = cfg.Filters
	return opts, nil
}

// applySession fills in what depends on the data source: namespace, tier
// (the source's default unless a flag or the config says otherwise) and
// traverse.
func (o *exploreOptions) applySession(opts *tui.Options, s *session, cfg *appConfig, flags *pflag.FlagSet) {
	opts.Client, opts.Namespace, opts.BaseURL = s.client, s.namespace, s.baseURL
	opts.Tier = s.defaultTier
	tiers, _ := parseTierFlags(o.tier, o.archive) // checked in tuiOptions
	switch {
	case tiers.set:
		opts.Tier = tiers.tier
	case cfg.Tier != nil && o.src.file == "":
		opts.Tier = *cfg.Tier
	}
	opts.Traverse = s.traverse
	switch {
	case flags.Changed("traverse"):
		opts.Traverse = o.traverse
	case cfg.Traverse != nil:
		opts.Traverse = *cfg.Traverse
	}
}

// chooseTheme picks the theme: --theme, then the config file, then the
// terminal's background (dark asks the terminal, only when needed). A name
// that is no built-in is read as a palette file (relative to the config
// file's directory when not absolute).
func (o *exploreOptions) chooseTheme(cfg *appConfig, color bool, dark func() bool) (themes.Theme, error) {
	name, from := o.theme, "--theme"
	if name == "" {
		name, from = cfg.Theme, cfg.path+": theme"
	}
	if name == "" {
		if !color {
			return themes.Default(true), nil // no colour: the palette is never drawn
		}
		return themes.Default(dark()), nil
	}
	if t, ok := themes.Builtin(name); ok {
		return t, nil
	}
	if !strings.ContainsAny(name, `/\`) && !strings.HasSuffix(name, ".yaml") && !strings.HasSuffix(name, ".yml") {
		return themes.Theme{}, usagef("%s: unknown theme %q (built-in: %s; or give a palette file)", from, name, strings.Join(themes.Names(), ", "))
	}
	path := name
	if !filepath.IsAbs(path) && from != "--theme" {
		path = filepath.Join(filepath.Dir(cfg.path), path)
	}
	base := themes.Default(true)
	if color {
		base = themes.Default(dark())
	}
	t, err := themes.LoadFile(path, base)
	if err != nil {
		return themes.Theme{}, usagef("%s: %v", from, err)
	}
	return t, nil
}

// isNoCredentials reports whether connect found no credentials at all.
func isNoCredentials(err error) bool { return errors.Is(err, errNoCredentials) }
