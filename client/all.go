package client

import (
	"context"
	"errors"
	"fmt"
	"iter"

	"github.com/auditlog/auditlog/api"
)

// All returns every entry of the listing, page after page. It follows the
// cursors and stops on an empty cursor or an empty page; a cursor the
// server already sent ends it with ErrRepeatedCursor, so it never loops.
// opts is not modified. The first error ends the sequence; it is an
// *InterruptedError that says where to continue from.
func (c *Client) All(ctx context.Context, opts ListOptions) iter.Seq2[Entry, error] {
	ctx = withCallTimeout(ctx, opts.Timeout)
	if opts.Tier == TierBoth {
		return c.allBoth(ctx, opts)
	}
	return func(yield func(Entry, error) bool) {
		for pe, err := range c.allTier(ctx, opts) {
			if !yield(pe.Entry, err) || err != nil {
				return
			}
		}
	}
}

// ErrRepeatedCursor is wrapped by the error of a listing whose server sent
// a cursor it had sent before: following it would list the same entries
// again, forever.
var ErrRepeatedCursor = errors.New("the server sent the same page cursor twice")

// InterruptedError ends a listing (All) that failed part way. Cursor
// continues it after the last entry handed out (a --page-id for List or
// All); it is the listing's own starting cursor when nothing came.
type InterruptedError struct {
	Cursor string
	Err    error
}

func (e *InterruptedError) Error() string { return e.Err.Error() }
func (e *InterruptedError) Unwrap() error { return e.Err }

// posEntry is an entry with its position: the cursor of its page and its
// index there.
type posEntry struct {
	Entry
	page  string
	index int
}

// allTier walks one store. The next page is asked for as soon as the
// current one arrives, while its entries are handed out: the server's (or
// the network's) time overlaps the caller's. At most one page is fetched
// ahead, and it is cancelled when the caller stops early.
func (c *Client) allTier(ctx context.Context, opts ListOptions) iter.Seq2[posEntry, error] {
	return func(yield func(posEntry, error) bool) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		type result struct {
			page *Page
			err  error
		}
		fetch := func(cursor string) <-chan result {
			ch := make(chan result, 1)
			go func() {
				page, _, err := c.listTier(ctx, opts.Namespace, opts.Tier, opts.ListParameters, cursor)
				ch <- result{page, err}
			}()
			return ch
		}
		seen := map[string]bool{}
		cursor := opts.Cursor
		pending := fetch(cursor)
		for {
			r := <-pending
			if r.err != nil {
				yield(posEntry{}, &InterruptedError{Cursor: cursor, Err: r.err})
				return
			}
			here, next := cursor, r.page.NextCursor
			last := len(r.page.Entries) == 0 || next == ""
			repeated := !last && (next == cursor || seen[next])
			if !last && !repeated {
				seen[next] = true
				cursor = next
				pending = fetch(next)
			}
			for i, e := range r.page.Entries {
				if !yield(posEntry{Entry: e, page: here, index: i}, nil) {
					return
				}
			}
			if repeated {
				yield(posEntry{}, fmt.Errorf("%w: %q again, after the page at %q; the listing would loop", ErrRepeatedCursor, next, here))
				return
			}
			if last {
				return
			}
		}
	}
}

// bothParams returns the parameters both stores are asked with: sorted by
// meta.create_time so that they can be merged.
func bothParams(p api.ListParameters) api.ListParameters {
	p.Sort.Path = CreateTimePath
	if p.Sort.Order == "" {
		p.Sort.Order = api.SortOrderAsc
	}
	return p
}

func descending(p api.ListParameters) bool { return p.Sort.Order == api.SortOrderDesc }

// before reports whether a comes before b in the merged order. Entries at
// the same instant go archive first (the older store), then by uuid, so
// that the order is total and stable.
func before(a, b *Entry, desc bool) bool {
	ta, tb := a.Meta.CreateTime, b.Meta.CreateTime
	if !ta.Equal(tb) {
		if desc {
			return ta.After(tb)
		}
		return ta.Before(tb)
	}
	if a.Tier != b.Tier {
		return a.Tier == TierArchive
	}
	return a.UUID < b.UUID
}

// allBoth merges the two stores' walks by meta.create_time. When one
// fails, the error's cursor is a TierBoth cursor that continues both.
func (c *Client) allBoth(ctx context.Context, opts ListOptions) iter.Seq2[Entry, error] {
	return func(yield func(Entry, error) bool) {
		if opts.Cursor != "" {
			// Continue a paged TierBoth listing with List's own cursor.
			c.allByPages(ctx, opts, yield)
			return
		}
		p := bothParams(opts.ListParameters)
		desc := descending(p)
		type store struct {
			next func() (posEntry, error, bool)
			head posEntry
			ok   bool
			at   storeCursor // where the head is: what is left of this store
		}
		open := func(t Tier) (*store, func()) {
			o := ListOptions{Namespace: opts.Namespace, Tier: t, ListParameters: p}
			next, stop := iter.Pull2(c.allTier(ctx, o))
			return &store{next: next}, stop
		}
		a, stopA := open(TierActive)
		defer stopA()
		r, stopR := open(TierArchive)
		defer stopR()
		// pull moves s to its next entry; a failure keeps where s stands.
		pull := func(s *store) error {
			pe, err, more := s.next()
			if err != nil {
				var ie *InterruptedError
				if errors.As(err, &ie) {
					s.at = storeCursor{Page: ie.Cursor}
				}
				s.ok = false
				return err
			}
			s.head, s.ok = pe, more
			if more {
				s.at = storeCursor{Page: pe.page, Skip: pe.index}
			} else {
				s.at = storeCursor{Done: true}
			}
			return nil
		}
		fail := func(err error) {
			var ie *InterruptedError
			if !errors.As(err, &ie) {
				yield(Entry{}, err) // a repeated cursor: nothing to continue from
				return
			}
			yield(Entry{}, &InterruptedError{Cursor: bothCursor{Active: a.at, Archive: r.at}.String(), Err: ie.Err})
		}
		if err := pull(a); err != nil {
			fail(err)
			return
		}
		if err := pull(r); err != nil {
			fail(err)
			return
		}
		seen := map[string]struct{}{}
		for a.ok || r.ok {
			s := r
			if a.ok && (!r.ok || before(&a.head.Entry, &r.head.Entry, desc)) {
				s = a
			}
			e := s.head.Entry
			// On a failure e still comes before anything left: it is handed
			// out, then the walk stops where the failed store stands.
			err := pull(s)
			dup := false
			if e.UUID != "" {
				_, dup = seen[e.UUID]
				seen[e.UUID] = struct{}{}
			}
			if !dup && !yield(e, nil) {
				return
			}
			if err != nil {
				fail(err)
				return
			}
		}
	}
}

// allByPages walks a TierBoth listing from a cursor, a merged page at a
// time.
func (c *Client) allByPages(ctx context.Context, opts ListOptions, yield func(Entry, error) bool) {
	seen := map[string]bool{}
	for {
		page, _, err := c.List(ctx, opts)
		if err != nil {
			yield(Entry{}, &InterruptedError{Cursor: opts.Cursor, Err: err})
			return
		}
		for _, e := range page.Entries {
			if !yield(e, nil) {
				return
			}
		}
		if page.NextCursor == "" || len(page.Entries) == 0 {
			return
		}
		if page.NextCursor == opts.Cursor || seen[page.NextCursor] {
			yield(Entry{}, fmt.Errorf("%w: the listing would loop", ErrRepeatedCursor))
			return
		}
		seen[page.NextCursor] = true
		opts.Cursor = page.NextCursor
	}
}
