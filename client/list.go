package client

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/filters"
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

// decodePage decodes a list envelope. Each object is decoded once by a
// json.Decoder, and its raw bytes are the slice of the body the decoder
// consumed for it (InputOffset before and after): one pass over the
// bytes, as plain json.Unmarshal of the envelope would make, instead of
// one pass to split the objects and another to decode them. Raw points
// into body, which is never reused.
func decodePage(body []byte, tier Tier) (*Page, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	page := &Page{}
	var resp api.ListResponse
	// Keys match case-insensitively and a repeated member replaces the
	// earlier one, as with json.Unmarshal.
	err := decodeObject(dec, func(key string) error {
		if !strings.EqualFold(key, "list") {
			return skipValue(dec)
		}
		if isNull(dec, body) {
			page.Entries, resp = nil, api.ListResponse{}
			return skipValue(dec)
		}
		return decodeObject(dec, func(key string) error {
			switch {
			case strings.EqualFold(key, "objects"):
				page.Entries = nil
				if isNull(dec, body) {
					return skipValue(dec)
				}
				return decodeObjects(dec, body, tier, page)
			case strings.EqualFold(key, "response"):
				if isNull(dec, body) {
					resp = api.ListResponse{}
				}
				return dec.Decode(&resp)
			}
			return skipValue(dec)
		})
	})
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("unexpected data after the answer")
	}
	switch {
	case resp.NextPageID != "":
		page.NextCursor = resp.NextPageID
	case resp.NextPageToken > 0:
		page.NextCursor = "offset:" + strconv.FormatInt(int64(resp.NextPageToken), 10)
	}
	return page, nil
}

// decodeObject reads a JSON object, calling field for each key with the
// decoder positioned before the value.
func decodeObject(dec *json.Decoder, field func(key string) error) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return fmt.Errorf("expected an object, found %v", tok)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key, ok := tok.(string)
		if !ok {
			return fmt.Errorf("expected a key, found %v", tok)
		}
		if err := field(key); err != nil {
			return err
		}
	}
	_, err = dec.Token() // '}'
	return err
}

func decodeObjects(dec *json.Decoder, body []byte, tier Tier, page *Page) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return fmt.Errorf("objects: expected an array, found %v", tok)
	}
	for i := 0; dec.More(); i++ {
		start := int(dec.InputOffset())
		e := Entry{Tier: tier}
		if err := dec.Decode(&e.AuditLog); err != nil {
			return fmt.Errorf("object %d: %w", i, err)
		}
		end := int(dec.InputOffset())
		// The offset before the value may still sit on the comma and
		// blanks that precede it.
		for start < end && (body[start] == ',' || body[start] == ' ' || body[start] == '\n' || body[start] == '\t' || body[start] == '\r') {
			start++
		}
		e.Raw = json.RawMessage(body[start:end:end])
		page.Entries = append(page.Entries, e)
	}
	_, err = dec.Token() // ']'
	return err
}

func skipValue(dec *json.Decoder) error {
	var v json.RawMessage
	return dec.Decode(&v)
}

// isNull reports whether the next value is null, without consuming it.
func isNull(dec *json.Decoder, body []byte) bool {
	off := int(dec.InputOffset())
	for off < len(body) && (body[off] == ' ' || body[off] == '\n' || body[off] == '\t' || body[off] == '\r' || body[off] == ':' || body[off] == ',') {
		off++
	}
	return off+4 <= len(body) && string(body[off:off+4]) == "null"
}

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

// Get returns one entry by uuid. When the active store does not have it
// (404), it is looked for with a uuid filter and traverse in both stores,
// as Endor's SDK falls back on 404; the original 404 is returned when
// neither has it.
func (c *Client) Get(ctx context.Context, namespace, uuid string) (*Entry, *Response, error) {
	base, err := nsPath(namespace)
	if err != nil {
		return nil, nil, err
	}
	if uuid == "" || strings.ContainsAny(uuid, "/?#") {
		return nil, nil, fmt.Errorf("client: invalid uuid %q", uuid)
	}
	resp, body, err := c.do(ctx, request{method: http.MethodGet, path: base + "/" + url.PathEscape(uuid), auth: true, tier: TierActive})
	if err == nil {
		e := &Entry{Tier: TierActive, Raw: json.RawMessage(body)}
		if err := json.Unmarshal(body, &e.AuditLog); err != nil {
			return nil, resp, &DecodeError{Method: http.MethodGet, Path: resp.Request.URL.Path, Err: err}
		}
		return e, resp, nil
	}
	if !IsNotFound(err) {
		return nil, resp, err
	}
	p := api.ListParameters{Filter: "uuid==" + QuoteFilterString(uuid), Traverse: true, PageSize: 1}
	for _, t := range []Tier{TierActive, TierArchive} {
		page, r2, lerr := c.listTier(ctx, namespace, t, p, "")
		if lerr != nil {
			if IsNotFound(lerr) {
				continue
			}
			return nil, r2, lerr
		}
		for i := range page.Entries {
			if page.Entries[i].UUID == uuid {
				return &page.Entries[i], r2, nil
			}
		}
	}
	return nil, resp, err
}

// QuoteFilterString quotes s as a string of the filter language, the way
// the filters printer does, so that any value (a uuid typed by a user, a
// claim with quotes or control characters) parses back unchanged.
func QuoteFilterString(s string) string {
	return (&filters.String{Value: s}).String()
}

// Count returns how many entries match. For TierBoth it is the sum of the
// two stores (an entry caught in both while being moved counts twice).
func (c *Client) Count(ctx context.Context, opts ListOptions) (int64, *Response, error) {
	p := opts.ListParameters
	p.Count = true
	p.PageID, p.PageToken, p.PageSize = "", 0, 0
	p.Group, p.GroupByTime = api.Group{}, api.GroupByTime{}
	var total int64
	var parts []*Response
	for _, t := range tiersOf(opts.Tier) {
		resp, body, err := c.query(ctx, opts.Namespace, t, p)
		if err != nil {
			return 0, resp, err
		}
		var lr api.ListAuditLogsResponse
		if err := json.Unmarshal(body, &lr); err != nil {
			return 0, resp, &DecodeError{Method: http.MethodGet, Path: resp.Request.URL.Path, Err: err}
		}
		if lr.CountResponse != nil {
			total += lr.CountResponse.Count
		}
		parts = append(parts, resp)
	}
	return total, combine(opts.Tier, parts), nil
}

// Group returns the group_response of a group or group_by_time request
// (opts.Group / opts.GroupByTime). For TierBoth the stores' groups are
// merged by key: counts add up, uuids and unique values are united, unique
// counts are recounted from the united values when the server sent them
// (otherwise added), and aggregation values combine by operator (sum and
// count add, min and max compare, avg is weighted by the counts).
func (c *Client) Group(ctx context.Context, opts ListOptions) (*api.GroupResponse, *Response, error) {
	p := opts.ListParameters
	p.Count = false
	p.PageID, p.PageToken = "", 0
	if len(p.Group.AggregationPaths) == 0 && len(p.GroupByTime.AggregationPaths) == 0 {
		return nil, nil, errors.New("client: Group needs Group.AggregationPaths or GroupByTime.AggregationPaths")
	}
	var out *api.GroupResponse
	var parts []*Response
	for _, t := range tiersOf(opts.Tier) {
		resp, body, err := c.query(ctx, opts.Namespace, t, p)
		if err != nil {
			return nil, resp, err
		}
		var lr api.ListAuditLogsResponse
		if err := json.Unmarshal(body, &lr); err != nil {
			return nil, resp, &DecodeError{Method: http.MethodGet, Path: resp.Request.URL.Path, Err: err}
		}
		g := lr.GroupResponse
		if g == nil {
			g = &api.GroupResponse{}
		}
		if g.Groups == nil {
			g.Groups = map[string]api.GroupData{}
		}
		if out == nil {
			out = g
		} else {
			mergeGroups(out, g, p.GroupByTime.AggregationOperator)
		}
		parts = append(parts, resp)
	}
	return out, combine(opts.Tier, parts), nil
}

func tiersOf(t Tier) []Tier {
	if t == TierBoth {
		return []Tier{TierActive, TierArchive}
	}
	return []Tier{t}
}

func combine(t Tier, parts []*Response) *Response {
	if len(parts) == 1 {
		return parts[0]
	}
	r := &Response{Tier: t, Parts: parts}
	for _, p := range parts {
		r.Response = p.Response
		r.Attempts += p.Attempts
	}
	return r
}

func count(d api.GroupData) int64 {
	if d.AggregationCount == nil {
		return 0
	}
	return d.AggregationCount.Count
}

func mergeGroups(dst, src *api.GroupResponse, operator string) {
	for k, s := range src.Groups {
		d, ok := dst.Groups[k]
		if !ok {
			dst.Groups[k] = s
			continue
		}
		nd, ns := count(d), count(s)
		if d.AggregationCount != nil || s.AggregationCount != nil {
			d.AggregationCount = &api.CountResponse{Count: nd + ns}
		}
		d.AggregationUUIDs = unite(d.AggregationUUIDs, s.AggregationUUIDs)
		if s.AggregationValue != nil {
			if d.AggregationValue == nil {
				d.AggregationValue = s.AggregationValue
			} else {
				a, b := d.AggregationValue.Value, s.AggregationValue.Value
				v := a + b
				switch operator {
				case "min":
					v = min(a, b)
				case "max":
					v = max(a, b)
				case "avg":
					if nd+ns > 0 {
						v = (a*float64(nd) + b*float64(ns)) / float64(nd+ns)
					}
				}
				d.AggregationValue = &api.AggregationValue{Value: v}
			}
		}
		for path, vals := range s.UniqueValues {
			if d.UniqueValues == nil {
				d.UniqueValues = map[string][]any{}
			}
			d.UniqueValues[path] = uniteAny(d.UniqueValues[path], vals)
		}
		for path, cnt := range s.UniqueCounts {
			if d.UniqueCounts == nil {
				d.UniqueCounts = map[string]api.CountResponse{}
			}
			if vals, ok := d.UniqueValues[path]; ok {
				d.UniqueCounts[path] = api.CountResponse{Count: int64(len(vals))}
			} else {
				d.UniqueCounts[path] = api.CountResponse{Count: d.UniqueCounts[path].Count + cnt.Count}
			}
		}
		dst.Groups[k] = d
	}
}

func unite(a, b []string) []string {
	if len(b) == 0 {
		return a
	}
	seen := make(map[string]bool, len(a)+len(b))
	for _, s := range a {
		seen[s] = true
	}
	for _, s := range b {
		if !seen[s] {
			seen[s] = true
			a = append(a, s)
		}
	}
	return a
}

func uniteAny(a, b []any) []any {
	key := func(v any) string { k, _ := json.Marshal(v); return string(k) }
	seen := map[string]bool{}
	for _, v := range a {
		seen[key(v)] = true
	}
	for _, v := range b {
		if k := key(v); !seen[k] {
			seen[k] = true
			a = append(a, v)
		}
	}
	return a
}

// Whoami returns the identity of the credentials (GET /v1/auth).
func (c *Client) Whoami(ctx context.Context) (*api.Identity, *Response, error) {
	resp, body, err := c.do(ctx, request{method: http.MethodGet, path: "/v1/auth", auth: true})
	if err != nil {
		return nil, resp, err
	}
	var id api.Identity
	if err := json.Unmarshal(body, &id); err != nil {
		return nil, resp, &DecodeError{Method: http.MethodGet, Path: "/v1/auth", Err: err}
	}
	return &id, resp, nil
}
