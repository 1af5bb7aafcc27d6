package main

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/exportfile"
	"github.com/auditlog/auditlog/filters"
	"github.com/auditlog/auditlog/safetext"
	"github.com/spf13/cobra"
)

// noStreamFlag turns the streaming pass off: the query then goes through
// the in-process emulator, as it does for one page (benchmarks and tests
// compare the two).
const noStreamFlag = "no-stream"

// addStreamFlags adds the hidden --no-stream.
func addStreamFlags(cmd *cobra.Command) {
	cmd.Flags().Bool(noStreamFlag, false, "with --file, load the export into the in-process emulator instead of streaming it")
	cmd.Flags().MarkHidden(noStreamFlag)
}

// streamScope is what a streamed query reads: the export, the namespace
// view, the tier and the filter.
type streamScope struct {
	file      string
	namespace string // "" : every namespace of the file
	traverse  bool
	tier      client.Tier
	filter    string // canonical
}

// streamable reports whether a list on --file can be answered by one
// streaming pass over the file with the same result as the in-process
// emulator: every page (--list-all) or the count, no field mask, no
// grouping, no cursor, and the file's order. A sort asked for
// (--sort-path, --sort-order) needs the emulator's index: then the query
// goes there. Without -n and with --traverse=false, the emulator's view is
// the file's common root namespace alone, which only the whole file tells:
// that too goes to the emulator.
func streamable(cmd *cobra.Command, g *globalOptions, o *listOptions) (streamScope, bool) {
	f := cmd.Flags()
	if o.src.file == "" || o.src.demo || (!o.listAll && !o.count) || o.mask != "" || len(o.groupPaths) > 0 ||
		o.sortPath != "" || o.sortOrder != "" || o.pageID != "" {
		return streamScope{}, false
	}
	if off, _ := f.GetBool(noStreamFlag); off || following(cmd) {
		return streamScope{}, false
	}
	traverse := true
	if f.Changed("traverse") {
		traverse = o.traverse
	}
	if !traverse && g.namespace == "" {
		return streamScope{}, false
	}
	return streamScope{file: o.src.file, namespace: g.namespace, traverse: traverse}, true
}

// streamList answers `list --file … --list-all` and `--count` in one
// streaming pass when streamable says it can; done is false when the
// query is left to the emulator.
func streamList(cmd *cobra.Command, g *globalOptions, o *listOptions, format, filter string) (done bool, err error) {
	sc, ok := streamable(cmd, g, o)
	if !ok {
		return false, nil
	}
	if sc.tier, err = resolveTier(cmd, o.tier, o.archive, client.TierBoth); err != nil {
		return true, err
	}
	sc.filter = filter
	if o.count {
		st, err := scanExport(cmd, sc, false, func([]client.Entry) error { return nil })
		if err != nil {
			return true, err
		}
		return true, writeCount(g.stdout, format, st.Matched)
	}
	opts := client.ListOptions{Namespace: sc.namespace, Tier: sc.tier, ListParameters: api.ListParameters{Filter: filter, Traverse: sc.traverse}}
	o.manifest.query(opts, o.src, "", format)
	lw, err := newListWriter(format, g.stdout, g.stderr, isTerminal(g.stdout))
	if err != nil {
		return true, err
	}
	w := o.manifest.wrap(lw)
	p := &progress{w: g.stderr, on: isTerminal(g.stderr)}
	defer p.done()
	decode := format == outTable || format == outCSV || format == outParquet
	if _, err := scanExport(cmd, sc, decode, func(es []client.Entry) error {
		p.add(len(es))
		return w.Write(es)
	}); err != nil {
		return true, err
	}
	return true, w.Close("")
}

// scanExport streams the export of sc to fn, a batch of entries at a time
// in file order. An entry's Raw is valid only during the call; decode
// fills the decoded fields (table and csv need them). A bad file is a
// usage error that names the line, as file mode names it.
func scanExport(cmd *cobra.Command, sc streamScope, decode bool, fn func([]client.Entry) error) (exportfile.Stats, error) {
	var m *filters.Matcher
	if sc.filter != "" {
		expr, err := filters.Parse(sc.filter)
		if err == nil {
			m, err = filters.Compile(expr)
		}
		if err != nil {
			return exportfile.Stats{}, usagef("invalid filter: %v", err)
		}
	}
	r, err := exportfile.Open(sc.file)
	if err != nil {
		return exportfile.Stats{}, asUsage(err)
	}
	defer r.Close()
	tier := exportfile.Both
	switch sc.tier {
	case client.TierActive:
		tier = exportfile.Active
	case client.TierArchive:
		tier = exportfile.Archive
	}
	opts := exportfile.Options{Filter: m, Now: time.Now(), Namespace: sc.namespace, Traverse: sc.traverse, Tier: tier, Decode: decode}
	var batch []client.Entry
	st, err := exportfile.Scan(cmd.Context(), r, opts, func(es []exportfile.Entry) error {
		batch = batch[:0]
		for _, e := range es {
			ce := client.Entry{AuditLog: e.Log, Tier: client.TierActive, Raw: e.Raw}
			if e.Tier == exportfile.Archive {
				ce.Tier = client.TierArchive
			}
			batch = append(batch, ce)
		}
		return fn(batch)
	})
	var le *exportfile.LineError
	switch {
	case errors.As(err, &le):
		return st, usagef("%s: %v", sc.file, err)
	case errors.Is(err, exportfile.ErrGzip):
		return st, usagef("%s: %v", sc.file, err)
	case err != nil:
		return st, err
	case st.Entries == 0 && sc.namespace == "":
		return st, usagef("%s holds no audit log entries", sc.file)
	case st.Entries > 0 && st.InView == 0 && sc.namespace != "" && sc.tier == client.TierBoth:
		// A misspelt -n: say so rather than print nothing (the emulator
		// refuses a namespace outside the file's tenant).
		return st, usagef("%s holds no entries in namespace %s", sc.file, safetext.Sanitize(sc.namespace))
	}
	return st, nil
}

// streamHistory finds the versions of one object in an export in one
// streaming pass: every entry about it in the namespace and its children,
// from both tiers, oldest first (then by uuid, as client.History orders
// them), each with its payload changes.
// ns names the namespace view for a message: -n, or every namespace of
// the file.
func streamHistory(cmd *cobra.Command, g *globalOptions, src sourceOptions, uuid string) (versions []client.Version, ns string, done bool, err error) {
	if src.file == "" || src.demo {
		return nil, "", false, nil
	}
	if off, _ := cmd.Flags().GetBool(noStreamFlag); off {
		return nil, "", false, nil
	}
	ns = g.namespace
	if ns == "" {
		ns = "every namespace of " + src.file
	}
	sc := streamScope{file: src.file, namespace: g.namespace, traverse: true, tier: client.TierBoth, filter: client.HistoryFilter(uuid)}
	var out []client.Version
	_, err = scanExport(cmd, sc, true, func(es []client.Entry) error {
		for _, e := range es {
			e.Raw = slices.Clone(e.Raw)
			out = append(out, client.Version{Entry: e})
		}
		return nil
	})
	if err != nil {
		return nil, ns, true, err
	}
	// The order of client.History: create time, then uuid.
	slices.SortStableFunc(out, func(a, b client.Version) int {
		if c := a.Meta.CreateTime.Compare(b.Meta.CreateTime); c != 0 {
			return c
		}
		return strings.Compare(a.UUID, b.UUID)
	})
	for i := 1; i < len(out); i++ {
		ch, err := client.DiffPayloads(out[i-1].Spec.Payload, out[i].Spec.Payload)
		if err != nil {
			return out, ns, true, fmt.Errorf("comparing version %d (%s) with the previous one: %w", i+1, out[i].UUID, err)
		}
		out[i].Changes = ch
	}
	return out, ns, true, nil
}
