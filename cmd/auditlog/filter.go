package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/auditlog/auditlog/filters"
	"github.com/auditlog/auditlog/safetext"
	"github.com/spf13/cobra"
)

// filterNow is the clock of `filter fmt --freeze`; tests replace it.
var filterNow = time.Now

func newFilterCmd(g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "filter",
		Short: "Print the canonical form of a filter, or check it",
		Long: "Work with Endor filter expressions (the --filter of `endorctl api list`).\n\n" +
			"fmt prints the canonical form: keywords lower-case, one space around operators,\n" +
			"strings single-quoted, and every `and` group inside an `or` in parentheses, so the\n" +
			"filter means the same whatever precedence a server gives and/or.\n" +
			"check prints nothing for a valid filter, warnings on stderr, and the error with\n" +
			"its position for an invalid one (exit status 2). EXPR - reads the filter from stdin.",
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(newFilterFmtCmd(g), newFilterCheckCmd(g))
	return cmd
}

func newFilterFmtCmd(g *globalOptions) *cobra.Command {
	var freeze bool
	cmd := &cobra.Command{
		Use:   "fmt EXPR|-",
		Short: "Print the canonical form of a filter",
		Example: "  auditlog filter fmt \"spec.operation=='OPERATION_CREATE' AND meta.create_time>=now(-7d)\"\n" +
			"  auditlog filter fmt --freeze \"meta.create_time >= now(-24h)\"\n" +
			"  echo \"spec.claims matches '.*jane.*'\" | auditlog filter fmt -",
		Args: filterArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, e, err := readFilter(g, args[0])
			if err != nil {
				return err
			}
			if freeze {
				e = filters.Freeze(e, filterNow())
			}
			_, err = fmt.Fprintln(g.stdout, e.String())
			return err
		},
	}
	cmd.Flags().BoolVar(&freeze, "freeze", false, "replace every now(...) by the absolute date(...) it stands for at this moment (UTC)")
	return cmd
}

func newFilterCheckCmd(g *globalOptions) *cobra.Command {
	var archive, strict bool
	cmd := &cobra.Command{
		Use:   "check EXPR|-",
		Short: "Check a filter against the AuditLog schema",
		Long: "Check a filter: syntax, regular expressions, AuditLog field names, spec.operation\n" +
			"values, time fields compared with date()/now(), and operators that do not do what\n" +
			"they seem to (contains on a string, >= on an IP address). Errors exit 2; warnings\n" +
			"go to stderr and exit 0, or 2 with --strict.",
		Example: "  auditlog filter check \"spec.operation == OPERATION_CRATE\"\n" +
			"  auditlog filter check --archive \"meta.create_time >= now(-720h)\"",
		Args: filterArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			src, e, err := readFilter(g, args[0])
			if err != nil {
				return err
			}
			failed := false
			for _, d := range filters.Check(e, filters.CheckOptions{Archive: archive, Src: src}) {
				// The filter may come from a file (stdin): its text is escaped.
				fmt.Fprintf(g.stderr, "%s: %s\n", d.Severity, safetext.Lines(d.Error()))
				if s := d.Snippet(); s != "" {
					fmt.Fprintln(g.stderr, safetext.Lines(s))
				}
				if d.Severity == filters.SeverityError || strict {
					failed = true
				}
			}
			if failed {
				return &silentExit{exitUsage}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&archive, "archive", false, "lint for the archive of audit logs older than 30 days (wants spec.message_kind first)")
	cmd.Flags().BoolVar(&strict, "strict", false, "exit 2 on warnings too")
	return cmd
}

// filterArgs wants the filter as one argument, the shell-quoted form users
// copy, or - for stdin.
func filterArgs(cmd *cobra.Command, args []string) error {
	switch len(args) {
	case 1:
		return nil
	case 0:
		return usagef("%s needs a filter: quote it as one argument, or give - to read it from stdin", cmd.CommandPath())
	}
	return usagef("%s takes the filter as one argument (%d given): put it in quotes", cmd.CommandPath(), len(args))
}

// readFilterArg returns the filter: the argument itself, or stdin for "-".
func readFilterArg(arg string, stdin io.Reader) (string, error) {
	if arg != "-" {
		return arg, nil
	}
	if stdin == nil {
		return "", usagef("no stdin to read the filter from")
	}
	// One byte more than the limit, so that Parse reports a long filter.
	data, err := io.ReadAll(io.LimitReader(stdin, filters.MaxSize+1))
	if err != nil {
		return "", fmt.Errorf("reading the filter from stdin: %w", err)
	}
	return strings.TrimSuffix(strings.TrimSuffix(string(data), "\n"), "\r"), nil
}

// readFilter reads the filter argument (stdin for "-") and parses it; see
// parseForCommand for how a bad one is reported.
func readFilter(g *globalOptions, arg string) (string, filters.Expr, error) {
	src, err := readFilterArg(arg, g.stdin)
	if err != nil {
		return "", nil, err
	}
	e, err := parseForCommand(g, src)
	return src, e, err
}

// parseForCommand parses and compiles src. An invalid filter is printed to
// stderr with its caret and exits 2.
func parseForCommand(g *globalOptions, src string) (filters.Expr, error) {
	e, err := filters.Parse(src)
	if err == nil {
		_, err = filters.Compile(e)
	}
	if err == nil {
		return e, nil
	}
	var fe *filters.Error
	if !errors.As(err, &fe) {
		return nil, asUsage(err)
	}
	fe.Src = src
	fmt.Fprintln(g.stderr, safetext.Lines(filters.Format(fe)))
	return nil, &silentExit{exitUsage}
}
