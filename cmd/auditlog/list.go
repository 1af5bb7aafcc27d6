package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/filters"
	"github.com/auditlog/auditlog/safetext"
	"github.com/spf13/cobra"
)

// listOptions are the flags of `auditlog list`, spelled as endorctl's
// `api list` spells them.
type listOptions struct {
	src         sourceOptions
	filter      string
	mask        string
	pageSize    int
	pageID      string
	listAll     bool
	count       bool
	sortPath    string
	sortOrder   string
	traverse    bool
	timeout     time.Duration
	archive     bool
	tier        string
	output      string
	groupPaths  []string
	groupUUIDs  bool
	uniqueCount []string
	uniqueValue []string
	cpuProfile  string
	manifest    manifestRun // --manifest, -O (manifest.go)
	noCheck     bool
}

func newListCmd(g *globalOptions) *cobra.Command {
	o := &listOptions{}
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List audit log entries (for scripts)",
		Long: "List audit log entries without a screen, with the flags of `endorctl api list`.\n\n" +
			"JSON output is the envelope endorctl prints, so `jq '.list.objects[]'` works.\n" +
			"--tier both queries the active store and the archive and merges them by\n" +
			"meta.create_time. --file reads an export (every entry, all its namespaces,\n" +
			"tier both by default); --demo uses generated data.",
		Example: "  auditlog list -n acme --traverse --filter \"spec.operation==OPERATION_DELETE and meta.create_time>=now(-24h)\" -o table\n" +
			"  auditlog list --file export.ndjson --filter \"spec.claims matches '.*jane.*'\" --list-all -o ndjson\n" +
			"  auditlog list --demo --count --tier both",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return o.manifest.run(g, o, func() error { return runList(cmd, g, o) })
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.filter, "filter", "", "filter expression, e.g. \"spec.operation==OPERATION_CREATE\"")
	f.StringVar(&o.mask, "field-mask", "", "comma-separated fields to return, e.g. uuid,meta.create_time")
	f.IntVar(&o.pageSize, "page-size", api.DefaultPageSize, fmt.Sprintf("entries per page (max %d; --list-all uses %d unless set)", api.MaxPageSize, api.MaxPageSize))
	f.StringVar(&o.pageID, "page-id", "", "continue after this cursor (the response's next_page_id)")
	f.BoolVar(&o.listAll, "list-all", false, "fetch every page")
	f.BoolVar(&o.count, "count", false, "print the number of matching entries")
	f.StringVar(&o.sortPath, "sort-path", "", "field to sort by, e.g. meta.create_time")
	f.StringVar(&o.sortOrder, "sort-order", "", "asc, desc, ascending or descending")
	f.BoolVar(&o.traverse, "traverse", false, "include child namespaces (default true with --file and --demo)")
	f.DurationVarP(&o.timeout, "timeout", "t", client.DefaultTimeout, "time allowed for each request")
	f.BoolVar(&o.archive, "archive", false, "read the archive (same as --tier archive)")
	f.StringVar(&o.tier, "tier", "", "active, archive or both (default active; both with --file)")
	f.StringVarP(&o.output, "output-type", "o", outJSON, "json, ndjson, table, csv or parquet")
	f.StringSliceVar(&o.groupPaths, "group-aggregation-paths", nil, "group by these fields and print the group counts")
	f.BoolVar(&o.groupUUIDs, "group-show-aggregation-uuids", false, "list the uuids of each group")
	f.StringSliceVar(&o.uniqueCount, "group-unique-count-paths", nil, "count the unique values of these fields per group")
	f.StringSliceVar(&o.uniqueValue, "group-unique-value-paths", nil, "list the unique values of these fields per group")
	f.BoolVar(&o.noCheck, "no-check", false, "send the filter without checking field names and spec.operation values (syntax is still checked)")
	f.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the run to this file (for scripts/bench-file.sh)")
	f.MarkHidden("cpuprofile")
	addSourceFlags(cmd, &o.src)
	addStreamFlags(cmd)
	addManifestFlags(cmd, &o.manifest)
	addFollowFlags(cmd)
	return cmd
}

// addSourceFlags adds --file, --demo and --demo-size.
func addSourceFlags(cmd *cobra.Command, src *sourceOptions) {
	f := cmd.Flags()
	f.StringVar(&src.file, "file", "", "read an export (NDJSON of AuditLog objects, or endorctl's JSON) instead of the API")
	f.BoolVar(&src.demo, "demo", false, "use generated demo data instead of the API")
	f.IntVar(&src.demoSize, "demo-size", 0, "number of demo entries (with --demo)")
}

// prepareFilter checks a filter locally (syntax, regular expressions,
// AuditLog field names, spec.operation values) and returns its canonical
// form, the one text sent (it also spells now(-7d) as now(-168h), which
// the service wants). A bad filter is a usage error with the caret and a
// did-you-mean; warnings go to stderr. unchecked (--no-check) lets
// unknown fields and enum values through, since Endor may know more than
// this schema; syntax and regular expressions are still checked.
// label starts the error ("invalid filter", "--filter").
func prepareFilter(label, src string, unchecked, archive bool, stderr io.Writer) (string, error) {
	p, err := filters.Prepare(src, filters.PrepareOptions{Unchecked: unchecked, Archive: archive})
	if err != nil {
		var fe *filters.Error
		if errors.As(err, &fe) {
			if fe.Src == "" {
				fe.Src = src
			}
			hint := ""
			if fe.Code == filters.CodeUnknownField || fe.Code == filters.CodeEnum {
				hint = "\n(--no-check sends it unchecked, for a field or value newer than this program)"
			}
			return "", usagef("%s: %s%s", label, filters.Format(fe), hint)
		}
		return "", usagef("%s: %v", label, err)
	}
	for _, w := range p.Warnings {
		fmt.Fprintf(stderr, "auditlog: warning: %s\n", safetext.Lines(filters.Format(w)))
	}
	return p.Canonical, nil
}

// parseSortOrder accepts endorctl's and the API's spellings.
func parseSortOrder(s string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return "", nil
	case "asc", "ascending", strings.ToLower(api.SortOrderAsc):
		return api.SortOrderAsc, nil
	case "desc", "descending", strings.ToLower(api.SortOrderDesc):
		return api.SortOrderDesc, nil
	}
	return "", usagef("unknown sort order %q: want asc, desc, ascending or descending", s)
}

func runList(cmd *cobra.Command, g *globalOptions, o *listOptions) error {
	format, err := parseOutput(o.output, listFormats...) // parquet.go
	if err != nil {
		return err
	}
	if err := checkListFormat(format, o); err != nil {
		return err
	}
	tiers, err := parseTierFlags(o.tier, o.archive)
	if err != nil {
		return err
	}
	filter, err := prepareFilter("invalid filter", o.filter, o.noCheck, tiers.archiveOnly(), g.stderr)
	if err != nil {
		return err
	}
	order, err := parseSortOrder(o.sortOrder)
	if err != nil {
		return err
	}
	if o.pageSize < 1 || o.pageSize > api.MaxPageSize {
		return usagef("--page-size must be between 1 and %d", api.MaxPageSize)
	}
	if o.timeout <= 0 {
		return usagef("--timeout must be positive")
	}
	if o.count && len(o.groupPaths) > 0 {
		return usagef("--count and --group-aggregation-paths are alternatives")
	}
	if o.cpuProfile != "" {
		f, err := os.Create(o.cpuProfile)
		if err != nil {
			return asUsage(err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if done, err := streamList(cmd, g, o, format, filter); done { // stream.go: --file in one pass
		return err
	}
	ctx := cmd.Context()
	s, err := g.connectWith(ctx, o.src, connectOptions{timeout: o.timeout, tellWaits: true})
	if err != nil {
		return err
	}
	defer s.close()
	tier := tiers.or(s.defaultTier)
	if tier == client.TierBoth && o.sortPath != "" && o.sortPath != client.CreateTimePath {
		return usagef("--tier both merges the two stores by %s: it cannot sort by %s", client.CreateTimePath, o.sortPath)
	}
	traverse := s.traverse
	if cmd.Flags().Changed("traverse") {
		traverse = o.traverse
	}
	pageSize := o.pageSize
	if o.listAll && !cmd.Flags().Changed("page-size") {
		pageSize = api.MaxPageSize
	}
	opts := client.ListOptions{
		Namespace: s.namespace,
		Tier:      tier,
		ListParameters: api.ListParameters{
			Filter:   filter,
			Mask:     o.mask,
			PageSize: pageSize,
			Traverse: traverse,
			Sort:     api.Sort{Path: o.sortPath, Order: order},
		},
		Cursor: o.pageID,
	}
	o.manifest.query(opts, o.src, s.baseURL, format)
	if following(cmd) { // follow.go
		return followList(ctx, cmd, g, o, s, opts, format)
	}
	out := g.stdout
	switch {
	case o.count:
		n, _, err := s.client.Count(ctx, opts)
		if err != nil {
			return err
		}
		return writeCount(out, format, n)
	case len(o.groupPaths) > 0:
		opts.Group = api.Group{AggregationPaths: o.groupPaths, ShowAggregationUUIDs: o.groupUUIDs, UniqueCountPaths: o.uniqueCount, UniqueValuePaths: o.uniqueValue}
		gr, _, err := s.client.Group(ctx, opts)
		if err != nil {
			return err
		}
		return writeGroups(out, format, gr, isTerminal(out))
	}
	lw, err := newListWriter(format, out, g.stderr, isTerminal(out))
	if err != nil {
		return err
	}
	w := o.manifest.wrap(lw)
	if !o.listAll {
		page, _, err := s.client.List(ctx, opts)
		if errors.Is(err, client.ErrInvalidCursor) {
			return usagef("--page-id: %v", err)
		}
		if err != nil {
			return err
		}
		if err := w.Write(page.Entries); err != nil {
			return err
		}
		return w.Close(page.NextCursor)
	}
	n, err := listAll(ctx, s.client, opts, w, &progress{w: g.stderr, on: isTerminal(g.stderr)})
	if errors.Is(err, client.ErrInvalidCursor) {
		return usagef("--page-id: %v", err)
	}
	var ie *client.InterruptedError
	if errors.As(err, &ie) && (n > 0 || ie.Cursor != "") {
		// Whatever the output type, say how to pick up where it stopped.
		fmt.Fprintf(g.stderr, "auditlog: interrupted after %d entries; to continue, run the same command with --page-id %s\n", n, safetext.Sanitize(ie.Cursor))
	}
	return err
}

// listAll streams every entry to w, a batch at a time, so that memory
// stays flat whatever the size of the result. It returns how many entries
// were written.
func listAll(ctx context.Context, c *client.Client, opts client.ListOptions, w entryWriter, p *progress) (int, error) {
	defer p.done()
	const batch = 500
	buf := make([]client.Entry, 0, batch)
	n := 0
	for e, err := range c.All(ctx, opts) {
		if err != nil {
			if ferr := w.Write(buf); ferr != nil {
				return n, ferr
			}
			return n + len(buf), err
		}
		buf = append(buf, e)
		if len(buf) == batch {
			if err := w.Write(buf); err != nil {
				return n, err
			}
			n += len(buf)
			p.add(len(buf))
			buf = buf[:0]
		}
	}
	if err := w.Write(buf); err != nil {
		return n, err
	}
	return n + len(buf), w.Close("")
}
