package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/auditlog/auditlog/api"
)

// How the server answered for the archive (Client.archiveMode).
const (
	archiveUnknown int32 = iota
	archiveRoute         // GET …/audit-logs/archived (documented; endorctl)
	archiveParam         // list_parameters.archive=true on …/audit-logs (Endor's SDK)
)

// CreateTimePath is the field TierBoth listings are ordered by.
const CreateTimePath = "meta.create_time"

func nsPath(ns string) (string, error) {
	if ns == "" {
		return "", errors.New("client: no namespace given")
	}
	return "/v1/namespaces/" + url.PathEscape(ns) + "/audit-logs", nil
}

// List returns one page. For TierActive and TierArchive the page comes from
// that store and NextCursor is the server's next_page_id (or "offset:N" when
// the server only sends next_page_token). For TierBoth both stores are
// queried sorted by meta.create_time (order per opts.Sort.Order, ascending
// by default; any other sort path is replaced), merged, de-duplicated by
// uuid, and NextCursor carries the position in both.
func (c *Client) List(ctx context.Context, opts ListOptions) (*Page, *Response, error) {
	ctx = withCallTimeout(ctx, opts.Timeout)
	if opts.Tier == TierBoth {
		return c.listBoth(ctx, opts)
	}
	return c.listTier(ctx, opts.Namespace, opts.Tier, opts.ListParameters, opts.Cursor)
}

// listTier fetches one page of one store.
func (c *Client) listTier(ctx context.Context, ns string, tier Tier, p api.ListParameters, cursor string) (*Page, *Response, error) {
	p.Count = false
	p.Group = api.Group{}
	p.GroupByTime = api.GroupByTime{}
	p.PageID, p.PageToken = "", 0
	if cursor != "" {
		if off, ok := strings.CutPrefix(cursor, "offset:"); ok {
			n, err := strconv.ParseInt(off, 10, 64)
			if err != nil || n < 0 {
				return nil, nil, fmt.Errorf("%w %q", ErrInvalidCursor, cursor)
			}
			p.PageToken = n
		} else {
			p.PageID = cursor
		}
	}
	resp, body, err := c.query(ctx, ns, tier, p)
	if err != nil {
		return nil, resp, err
	}
	page, err := decodePage(body, tier)
	if err != nil {
		return nil, resp, &DecodeError{Method: http.MethodGet, Path: resp.Request.URL.Path, Err: err}
	}
	return page, resp, nil
}

// query sends a list-shaped request (list, count, group) to the store of
// tier, finding once per Client how this server serves the archive.
func (c *Client) query(ctx context.Context, ns string, tier Tier, p api.ListParameters) (*Response, []byte, error) {
	base, err := nsPath(ns)
	if err != nil {
		return nil, nil, err
	}
	if tier != TierArchive {
		p.Archive = false
		return c.do(ctx, request{method: http.MethodGet, path: base, query: p.Values(), auth: true, tier: tier})
	}
	mode := c.archiveMode.Load()
	if mode != archiveParam {
		q := p
		q.Archive = false
		resp, body, err := c.do(ctx, request{method: http.MethodGet, path: base + "/archived", query: q.Values(), auth: true, tier: tier})
		if err == nil {
			c.archiveMode.CompareAndSwap(archiveUnknown, archiveRoute)
			return resp, body, nil
		}
		if mode == archiveRoute || !IsNotFound(err) {
			return resp, nil, err
		}
		// Reference §16a: a server without the route answers 404; ask the
		// way Endor's SDK does, and remember it if that works.
		c.log.DebugContext(ctx, "no /audit-logs/archived route; trying list_parameters.archive=true")
	}
	p.Archive = true
	resp, body, err := c.do(ctx, request{method: http.MethodGet, path: base, query: p.Values(), auth: true, tier: tier})
	if err == nil {
		c.archiveMode.Store(archiveParam)
	}
	return resp, body, err
}
