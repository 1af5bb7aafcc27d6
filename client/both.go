package client

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/auditlog/auditlog/api"
)

// ErrInvalidCursor is wrapped by the error of a cursor this client did not
// hand out (a user's --page-id, say).
var ErrInvalidCursor = errors.New("invalid cursor")

// bothCursor is the position of a TierBoth listing in each store.
type bothCursor struct {
	Active  storeCursor `json:"a"`
	Archive storeCursor `json:"r"`
}

// storeCursor is the page of one store being read and how many of its
// entries were already returned: a merged page may take only part of a
// store's page, and the rest must come first next time.
type storeCursor struct {
	Page string `json:"p,omitempty"`
	Skip int    `json:"s,omitempty"`
	Done bool   `json:"d,omitempty"`
}

const bothCursorPrefix = "both."

func (bc bothCursor) String() string {
	b, _ := json.Marshal(bc)
	return bothCursorPrefix + base64.RawURLEncoding.EncodeToString(b)
}

func parseBothCursor(s string) (bothCursor, error) {
	var bc bothCursor
	if s == "" {
		return bc, nil
	}
	enc, ok := strings.CutPrefix(s, bothCursorPrefix)
	if !ok {
		return bc, fmt.Errorf("%w %q: it does not continue a listing of both tiers", ErrInvalidCursor, s)
	}
	b, err := base64.RawURLEncoding.DecodeString(enc)
	if err == nil {
		d := json.NewDecoder(bytes.NewReader(b))
		d.DisallowUnknownFields()
		err = d.Decode(&bc)
	}
	if err != nil || bc.Active.Skip < 0 || bc.Archive.Skip < 0 {
		return bc, fmt.Errorf("%w %q", ErrInvalidCursor, s)
	}
	return bc, nil
}

// storePage is what one store contributed to a merged page.
type storePage struct {
	entries []Entry // after the skip
	next    string  // the server's cursor after this page
	empty   bool    // the server's page was empty
	resp    *Response
}

func (c *Client) fetchStore(ctx context.Context, ns string, tier Tier, p api.ListParameters, sc storeCursor) (*storePage, error) {
	if sc.Done {
		return &storePage{empty: true}, nil
	}
	q := p
	if q.PageSize > 0 {
		q.PageSize += sc.Skip
		q.PageSize = min(q.PageSize, api.MaxPageSize)
	}
	page, resp, err := c.listTier(ctx, ns, tier, q, sc.Page)
	if err != nil {
		return nil, err
	}
	sp := &storePage{next: page.NextCursor, empty: len(page.Entries) == 0, resp: resp}
	if sc.Skip < len(page.Entries) {
		sp.entries = page.Entries[sc.Skip:]
	}
	return sp, nil
}

func (c *Client) listBoth(ctx context.Context, opts ListOptions) (*Page, *Response, error) {
	bc, err := parseBothCursor(opts.Cursor)
	if err != nil {
		return nil, nil, err
	}
	p := bothParams(opts.ListParameters)
	desc := descending(p)
	size := p.PageSize
	if size <= 0 {
		size = api.DefaultPageSize
	}
	sa, err := c.fetchStore(ctx, opts.Namespace, TierActive, p, bc.Active)
	if err != nil {
		return nil, nil, err
	}
	sr, err := c.fetchStore(ctx, opts.Namespace, TierArchive, p, bc.Archive)
	if err != nil {
		return nil, nil, err
	}
	// A store whose fetched entries run out but which has more pages stops
	// the merge: its next entry could come before the other store's.
	more := func(sp *storePage) bool { return !sp.empty && sp.next != "" }
	page := &Page{}
	ia, ir := 0, 0
	last := ""
	for len(page.Entries) < size {
		hasA, hasR := ia < len(sa.entries), ir < len(sr.entries)
		if (!hasA && more(sa)) || (!hasR && more(sr)) || (!hasA && !hasR) {
			break
		}
		var e Entry
		switch {
		case hasA && hasR && sa.entries[ia].UUID != "" && sa.entries[ia].UUID == sr.entries[ir].UUID:
			// The same entry in both stores (moved while we read): once.
			e = sa.entries[ia]
			ia++
			ir++
		case hasA && (!hasR || before(&sa.entries[ia], &sr.entries[ir], desc)):
			e = sa.entries[ia]
			ia++
		default:
			e = sr.entries[ir]
			ir++
		}
		if e.UUID != "" && e.UUID == last {
			continue
		}
		last = e.UUID
		page.Entries = append(page.Entries, e)
	}
	advance := func(old storeCursor, sp *storePage, used int) storeCursor {
		switch {
		case old.Done:
			return old
		case used < len(sp.entries):
			return storeCursor{Page: old.Page, Skip: old.Skip + used}
		case more(sp):
			return storeCursor{Page: sp.next}
		default:
			return storeCursor{Done: true}
		}
	}
	nc := bothCursor{Active: advance(bc.Active, sa, ia), Archive: advance(bc.Archive, sr, ir)}
	if !nc.Active.Done || !nc.Archive.Done {
		page.NextCursor = nc.String()
	}
	resp := &Response{Tier: TierBoth}
	for _, sp := range []*storePage{sa, sr} {
		if sp.resp != nil {
			resp.Parts = append(resp.Parts, sp.resp)
			resp.Response = sp.resp.Response
			resp.Attempts += sp.resp.Attempts
		}
	}
	return page, resp, nil
}
