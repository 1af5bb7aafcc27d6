package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/safetext"
	"github.com/spf13/cobra"
)

// The flags of following.
const (
	followFlag   = "follow"
	intervalFlag = "interval"
)

// defaultInterval is the time between two polls of --follow.
const defaultInterval = 5 * time.Second

// followLookback is how far before the newest entry seen each poll looks
// again: an entry that reaches the store a little after entries created
// later than it (ingestion is not instantaneous) is still printed. Entries
// seen in that window are remembered by uuid, so none is printed twice.
const followLookback = time.Minute

func addFollowFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.Bool(followFlag, false, "keep printing new matching entries as they arrive (Ctrl-C stops)")
	f.Duration(intervalFlag, defaultInterval, "time between two polls of --follow")
}

// following reports whether --follow is set.
func following(cmd *cobra.Command) bool {
	on, _ := cmd.Flags().GetBool(followFlag)
	return on
}

// follower polls for new entries of one query.
type follower struct {
	c        *client.Client
	opts     client.ListOptions // the user's query, on the active store
	filter   string             // the user's canonical filter
	interval time.Duration
	stderr   io.Writer
	newest   time.Time            // the newest create time printed or skipped
	seen     map[string]time.Time // uuids within followLookback of newest
	sleep    func(context.Context, time.Duration) bool
}

// followList prints the entries of opts as they arrive, polling every
// --interval, until ctx ends (Ctrl-C), which is a success. With --list-all
// it first prints every matching entry; otherwise it starts from the
// newest entry of the store. Entries come oldest first. A failed poll is
// reported on stderr and tried again at the next interval, unless the
// server refused the query or the credentials (that will not heal). With
// -o json each poll that finds entries prints one envelope (jq reads the
// stream of them); the other types are one continuous output.
func followList(ctx context.Context, cmd *cobra.Command, g *globalOptions, o *listOptions, s *session, opts client.ListOptions, format string) error {
	interval, _ := cmd.Flags().GetDuration(intervalFlag)
	switch {
	case o.src.file != "":
		return usagef("--follow needs the API or --demo: an export does not grow")
	case o.count || len(o.groupPaths) > 0:
		return usagef("--follow prints entries: not with --count or --group-aggregation-paths")
	case opts.Tier == client.TierArchive:
		return usagef("--follow reads new entries, which arrive in the active store: not with --tier archive")
	case o.pageID != "" || o.sortPath != "" || o.sortOrder != "":
		return usagef("--follow prints entries oldest first from the newest seen: not with --page-id, --sort-path or --sort-order")
	case interval <= 0:
		return usagef("--interval must be positive")
	}
	opts.Tier = client.TierActive
	opts.Sort = api.Sort{Path: client.CreateTimePath, Order: api.SortOrderAsc}
	opts.PageSize = api.MaxPageSize
	f := &follower{c: s.client, opts: opts, filter: opts.Filter, interval: interval, stderr: g.stderr, seen: map[string]time.Time{}, sleep: sleepCtx}

	var w entryWriter // one output for the run, except json: an envelope per batch
	write := func(es []client.Entry) error {
		if len(es) == 0 {
			return nil
		}
		if format == outJSON {
			jw := o.manifest.wrap(newEntryWriter(format, g.stdout, g.stderr, isTerminal(g.stdout)))
			if err := jw.Write(es); err != nil {
				return err
			}
			return jw.Close("")
		}
		return w.Write(es)
	}
	if format != outJSON {
		lw, err := newListWriter(format, g.stdout, g.stderr, isTerminal(g.stdout))
		if err != nil {
			return err
		}
		w = o.manifest.wrap(lw)
	}
	err := f.run(ctx, o.listAll, write)
	if w != nil {
		if cerr := w.Close(""); err == nil {
			err = cerr
		}
	}
	if errors.Is(err, context.Canceled) && ctx.Err() != nil {
		return nil // Ctrl-C: the normal end of following
	}
	return err
}

// run starts from the store's newest entry (printing every match first
// when all is set) and then polls until ctx ends.
func (f *follower) run(ctx context.Context, all bool, write func([]client.Entry) error) error {
	start := f.opts
	if !all {
		// The newest matching entry: following starts after it.
		last := f.opts
		last.PageSize = 1
		last.Sort.Order = api.SortOrderDesc
		page, _, err := f.c.List(ctx, last)
		if err != nil {
			return err
		}
		if len(page.Entries) == 0 {
			f.newest = time.Time{}
		} else {
			f.newest = page.Entries[0].Meta.CreateTime
		}
		start.Filter = f.since()
	}
	if err := f.poll(ctx, start, all, write); err != nil {
		return err
	}
	for f.sleep(ctx, f.interval) {
		q := f.opts
		q.Filter = f.since()
		if err := f.poll(ctx, q, true, write); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if !transient(err) {
				return err
			}
			fmt.Fprintf(f.stderr, "auditlog: following: %s (trying again in %s)\n", safetext.Lines(err.Error()), f.interval)
		}
	}
	return ctx.Err()
}

// since is the user's filter narrowed to the entries created at or after
// followLookback before the newest seen.
func (f *follower) since() string {
	if f.newest.IsZero() {
		return f.filter
	}
	clause := client.CreateTimePath + " >= date(" + f.newest.Add(-followLookback).UTC().Format(time.RFC3339Nano) + ")"
	if f.filter == "" {
		return clause
	}
	return "(" + f.filter + ") and " + clause
}

// poll lists q, every page, and writes (when print is set) the entries not
// seen yet, oldest first.
func (f *follower) poll(ctx context.Context, q client.ListOptions, print bool, write func([]client.Entry) error) error {
	var batch []client.Entry
	flush := func() error {
		err := write(batch)
		batch = batch[:0]
		return err
	}
	for e, err := range f.c.All(ctx, q) {
		if err != nil {
			if ferr := flush(); ferr != nil {
				return ferr
			}
			return err
		}
		if _, dup := f.seen[e.UUID]; dup {
			continue
		}
		t := e.Meta.CreateTime
		f.seen[e.UUID] = t
		if t.After(f.newest) {
			f.newest = t
		}
		if print {
			batch = append(batch, e)
			if len(batch) == 500 {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	// Forget what the next poll cannot return again.
	cut := f.newest.Add(-followLookback)
	for u, t := range f.seen {
		if t.Before(cut) {
			delete(f.seen, u)
		}
	}
	return nil
}

// transient reports whether a failed poll may succeed later: not when the
// server refused the query or the credentials.
func transient(err error) bool {
	var ae *client.APIError
	if errors.As(err, &ae) && slices.Contains([]api.Code{api.CodeInvalidArgument, api.CodePermissionDenied, api.CodeUnauthenticated, api.CodeNotFound}, ae.Code) {
		return false
	}
	return !client.IsUnauthenticated(err) && !client.IsInvalidArgument(err)
}

// sleepCtx waits d, or less when ctx ends; it reports whether ctx is
// still live.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
