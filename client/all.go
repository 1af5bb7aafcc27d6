package client

import (
	"context"
	"iter"

	"github.com/auditlog/auditlog/api"
)

// All returns every entry of the listing, page after page. It follows the
// cursors and stops on an empty or repeated cursor or an empty page, so it
// never loops. opts is not modified. The first error ends the sequence.
func (c *Client) All(ctx context.Context, opts ListOptions) iter.Seq2[Entry, error] {
	if opts.Tier == TierBoth {
		return c.allBoth(ctx, opts)
	}
	return c.allTier(ctx, opts)
}

// allTier walks one store. The next page is asked for as soon as the
// current one arrives, while its entries are handed out: the server's (or
// the network's) time overlaps the caller's. At most one page is fetched
// ahead, and it is cancelled when the caller stops early.
func (c *Client) allTier(ctx context.Context, opts ListOptions) iter.Seq2[Entry, error] {
	return func(yield func(Entry, error) bool) {
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
				yield(Entry{}, r.err)
				return
			}
			next := r.page.NextCursor
			last := len(r.page.Entries) == 0 || next == "" || next == cursor || seen[next]
			if !last {
				seen[next] = true
				cursor = next
				pending = fetch(next)
			}
			for _, e := range r.page.Entries {
				if !yield(e, nil) {
					return
				}
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

func (c *Client) allBoth(ctx context.Context, opts ListOptions) iter.Seq2[Entry, error] {
	return func(yield func(Entry, error) bool) {
		if opts.Cursor != "" {
			// Continue a paged TierBoth listing with List's own cursor.
			c.allByPages(ctx, opts, yield)
			return
		}
		p := bothParams(opts.ListParameters)
		desc := descending(p)
		next := func(t Tier) (func() (Entry, error, bool), func()) {
			o := ListOptions{Namespace: opts.Namespace, Tier: t, ListParameters: p}
			return iter.Pull2(c.allTier(ctx, o))
		}
		nextA, stopA := next(TierActive)
		defer stopA()
		nextR, stopR := next(TierArchive)
		defer stopR()
		var ha, hr Entry
		var okA, okR bool
		pull := func(f func() (Entry, error, bool), h *Entry, ok *bool) bool {
			e, err, more := f()
			if err != nil {
				yield(Entry{}, err)
				return false
			}
			*h, *ok = e, more
			return true
		}
		if !pull(nextA, &ha, &okA) || !pull(nextR, &hr, &okR) {
			return
		}
		seen := map[string]struct{}{}
		for okA || okR {
			var e Entry
			takeA := okA && (!okR || before(&ha, &hr, desc))
			if takeA {
				e = ha
				if !pull(nextA, &ha, &okA) {
					return
				}
			} else {
				e = hr
				if !pull(nextR, &hr, &okR) {
					return
				}
			}
			if e.UUID != "" {
				if _, dup := seen[e.UUID]; dup {
					continue
				}
				seen[e.UUID] = struct{}{}
			}
			if !yield(e, nil) {
				return
			}
		}
	}
}

func (c *Client) allByPages(ctx context.Context, opts ListOptions, yield func(Entry, error) bool) {
	seen := map[string]bool{}
	for {
		page, _, err := c.List(ctx, opts)
		if err != nil {
			yield(Entry{}, err)
			return
		}
		for _, e := range page.Entries {
			if !yield(e, nil) {
				return
			}
		}
		if page.NextCursor == "" || page.NextCursor == opts.Cursor || seen[page.NextCursor] {
			return
		}
		seen[page.NextCursor] = true
		opts.Cursor = page.NextCursor
	}
}
