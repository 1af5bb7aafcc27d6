package emulator

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/auditlog/auditlog/api"
	"github.com/tidwall/gjson"
)

// badRequest is an error in the request's parameters: code 3, HTTP 400.
type badRequest struct{ msg string }

func (e *badRequest) Error() string { return e.msg }

func badf(format string, a ...any) error { return &badRequest{fmt.Sprintf(format, a...)} }

// plan is a parsed list request.
type plan struct {
	p        api.ListParameters
	now      time.Time
	q        query
	residual matcher // nil: the store's candidates are the answer
	mask     mask
	sortPath string // a path sorted in memory; "" when the store orders
	size     int
	offset   int
}

func (s *Server) handleList(w http.ResponseWriter, r *http.Request, ns string, archived bool) {
	pl, err := s.plan(r, ns, archived)
	if err != nil {
		s.fail(w, r, api.CodeInvalidArgument, err.Error())
		return
	}
	ctx, cancel := requestContext(r)
	defer cancel()
	if s.queryHook != nil {
		s.queryHook(ctx)
	}
	var body []byte
	switch {
	case pl.p.Count:
		var n int64
		if n, err = s.countMatches(ctx, pl); err == nil {
			body, err = api.Marshal(api.ListAuditLogsResponse{CountResponse: &api.CountResponse{Count: n}})
		}
	case len(pl.p.GroupByTime.AggregationPaths) > 0:
		body, err = s.groupByTime(ctx, pl)
	case len(pl.p.Group.AggregationPaths) > 0:
		body, err = s.groupByPaths(ctx, pl)
	default:
		body, err = s.listPage(ctx, pl, compactRequested(r))
	}
	if err == nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	var bad *badRequest
	switch {
	case errors.As(err, &bad):
		s.fail(w, r, api.CodeInvalidArgument, bad.msg)
	case err != nil:
		s.storeError(w, r, ctx, err)
	default:
		if compactRequested(r) && !pl.isList() {
			body = compactObject(body)
		}
		s.write(w, r, http.StatusOK, body)
	}
}

func (pl *plan) isList() bool {
	return !pl.p.Count && len(pl.p.GroupByTime.AggregationPaths) == 0 && len(pl.p.Group.AggregationPaths) == 0
}

// plan parses and validates the list_parameters of r.
func (s *Server) plan(r *http.Request, ns string, archived bool) (*plan, error) {
	p, unknown, err := api.ParseListParameters(r.URL.Query())
	if err != nil {
		return nil, err
	}
	if len(unknown) > 0 {
		s.log.Debug("ignored query parameters", "keys", unknown)
	}
	pl := &plan{p: p, now: s.now()}
	pl.q = query{Tier: tierActive, NS: ns, Traverse: p.Traverse}
	if archived || p.Archive {
		pl.q.Tier = tierArchive
	}
	if strings.TrimSpace(p.Filter) != "" {
		expr, err := parseFilter(p.Filter)
		if err != nil {
			return nil, err
		}
		where, rest := split(expr, pl.now)
		pl.q.Where = where
		if rest != nil {
			if pl.residual, err = compileFilter(rest); err != nil {
				return nil, err
			}
		}
	}
	if pl.mask, err = parseMask(p.Mask); err != nil {
		return nil, err
	}
	// Group paths are checked as mask and sort.path are (issue 9.4:
	// unique_value_paths=@this once copied every document into one
	// answer).
	for _, ps := range []struct {
		param string
		paths []string
	}{
		{"group.aggregation_paths", p.Group.AggregationPaths},
		{"group.unique_count_paths", p.Group.UniqueCountPaths},
		{"group.unique_value_paths", p.Group.UniqueValuePaths},
		{"group_by_time.aggregation_paths", p.GroupByTime.AggregationPaths},
		{"group_by_time.aggregation_value_field", nonEmpty(p.GroupByTime.AggregationValueField)},
	} {
		for _, path := range ps.paths {
			if !validGroupPath(path) {
				return nil, badf("%s", pathError(ps.param, path))
			}
		}
	}
	if len(p.Group.AggregationPaths) > 0 && len(p.GroupByTime.AggregationPaths) > 0 {
		return nil, badf("group and group_by_time cannot be combined in one request")
	}
	pl.size = p.PageSize
	switch {
	case pl.size <= 0:
		pl.size = defaultPageSize
	case pl.size > maxPageSize:
		pl.size = maxPageSize
	}
	if p.PageToken < 0 {
		return nil, badf("invalid list_parameters.page_token %d: must not be negative", p.PageToken)
	}
	pl.offset = int(p.PageToken)
	switch strings.ToUpper(p.Sort.Order) {
	case "", api.SortOrderUnspecified, api.SortOrderAsc, "0", "1", "ASC", "ASCENDING":
	case api.SortOrderDesc, "2", "DESC", "DESCENDING":
		pl.q.Desc = true
	default:
		return nil, badf("invalid value %q for list_parameters.sort.order: want %s or %s", p.Sort.Order, api.SortOrderAsc, api.SortOrderDesc)
	}
	switch path := strings.TrimSpace(p.Sort.Path); path {
	case "", "uuid":
		pl.q.Order = orderUUID
	case "meta.create_time":
		pl.q.Order = orderCTime
	default:
		if !validPath(path) {
			return nil, badf("%s", pathError("sort", path))
		}
		pl.sortPath = path
	}
	return pl, nil
}

// validGroupPath is validPath, and also a path below spec.payload (an Any:
// its fields are the message's, which a group may count or sum, e.g.
// spec.payload.spec.stats.findings) made of plain field names, so that no
// gjson syntax (@this, #, *, |) reaches the reader.
func validGroupPath(p string) bool {
	if validPath(p) {
		return true
	}
	rest, ok := strings.CutPrefix(p, "spec.payload.")
	if !ok {
		return false
	}
	for _, seg := range strings.Split(rest, ".") {
		if seg == "" {
			return false
		}
		for _, c := range seg {
			if !(c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
				return false
			}
		}
	}
	return true
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// countMatches counts the entries that match.
func (s *Server) countMatches(ctx context.Context, pl *plan) (int64, error) {
	if pl.residual == nil {
		return s.store.count(ctx, &pl.q)
	}
	var n int64
	err := s.store.scan(ctx, &pl.q, func(r *record) (bool, error) {
		if pl.residual.MatchJSON(r.Raw, pl.now) {
			n++
		}
		return true, nil
	})
	return n, err
}

// eachMatch calls fn for every matching entry in the store's order.
func (s *Server) eachMatch(ctx context.Context, pl *plan, fn func(r *record) bool) error {
	q := pl.q
	q.After, q.Offset, q.Limit = nil, 0, 0
	return s.store.scan(ctx, &q, func(r *record) (bool, error) {
		if pl.residual != nil && !pl.residual.MatchJSON(r.Raw, pl.now) {
			return true, nil
		}
		return fn(r), nil
	})
}

// page is the entries of one page and whether more follow.
type page struct {
	uuids []string
	raws  [][]byte
	more  bool
}

// listPage answers a list request: one page, in order, after the cursor.
func (s *Server) listPage(ctx context.Context, pl *plan, compact bool) ([]byte, error) {
	var pg page
	var err error
	if pl.sortPath != "" {
		pg, err = s.sortedPage(ctx, pl)
	} else {
		pg, err = s.storePage(ctx, pl)
	}
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString(`{"list":{`)
	if len(pg.raws) > 0 || !compact {
		b.WriteString(`"objects":[`)
		for i, raw := range pg.raws {
			if i > 0 {
				b.WriteByte(',')
			}
			if pl.mask != nil {
				raw = pl.mask.apply(raw)
			}
			if compact {
				raw = compactObject(raw)
			}
			b.Write(raw)
		}
		b.WriteString(`],`)
	}
	b.WriteString(`"response":{`)
	if pg.more && !pl.p.DisablePagination {
		// Decision (decisions.go): cursors only when another page follows.
		id, _ := api.Marshal(pg.uuids[len(pg.uuids)-1])
		fmt.Fprintf(&b, `"next_page_id":%s,"next_page_token":%d`, id, pl.offset+len(pg.raws))
	}
	b.WriteString(`}}}`)
	return b.Bytes(), nil
}

// storePage reads a page in an order the store produces itself.
func (s *Server) storePage(ctx context.Context, pl *plan) (page, error) {
	q := pl.q
	if id := pl.p.PageID; id != "" {
		rec, err := s.findCursor(ctx, &q, id)
		if err != nil {
			return page{}, err
		}
		q.After = &cursor{UUID: id, CTime: rec.CTime}
	}
	var pg page
	add := func(r *record) bool {
		if len(pg.raws) == pl.size {
			pg.more = true
			return false
		}
		pg.uuids = append(pg.uuids, r.UUID)
		pg.raws = append(pg.raws, r.Raw)
		return true
	}
	if pl.residual == nil {
		q.Offset, q.Limit = pl.offset, pl.size+1
		err := s.store.scan(ctx, &q, func(r *record) (bool, error) { return add(r), nil })
		return pg, err
	}
	skip := pl.offset
	err := s.store.scan(ctx, &q, func(r *record) (bool, error) {
		if !pl.residual.MatchJSON(r.Raw, pl.now) {
			return true, nil
		}
		if skip > 0 {
			skip--
			return true, nil
		}
		return add(r), nil
	})
	return pg, err
}

// findCursor finds the entry a page_id names. It must be an entry of the
// query's namespace scope, in its tier or (moved there by retention while
// the client paged) the other: a page_id naming another tenant's entry, or
// no entry, gets the same 400, so that neither its existence nor its
// creation time shows (issue 9.3).
func (s *Server) findCursor(ctx context.Context, q *query, id string) (*record, error) {
	for _, t := range []tier{q.Tier, 1 - q.Tier} {
		rec, err := s.store.get(ctx, t, id)
		if errors.Is(err, errNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if !inScope(rec.NS, q.NS, q.Traverse) {
			break
		}
		return rec, nil
	}
	return nil, badCursor(id)
}

func badCursor(id string) error {
	return badf("invalid list_parameters.page_id %q: no entry of this query to resume after", id)
}

// sortedPage sorts every match by a path the store does not index
// (decisions.go: the documented cost of a custom sort), then pages.
func (s *Server) sortedPage(ctx context.Context, pl *plan) (page, error) {
	type item struct {
		uuid string
		key  gjson.Result
		raw  []byte
	}
	var items []item
	err := s.eachMatch(ctx, pl, func(r *record) bool {
		items = append(items, item{uuid: r.UUID, key: gjson.GetBytes(r.Raw, pl.sortPath), raw: r.Raw})
		return true
	})
	if err != nil {
		return page{}, err
	}
	slices.SortStableFunc(items, func(a, b item) int {
		c := compareValues(a.key, b.key)
		if c == 0 {
			c = strings.Compare(a.uuid, b.uuid)
		}
		if pl.q.Desc {
			c = -c
		}
		return c
	})
	start := 0
	if id := pl.p.PageID; id != "" {
		i := slices.IndexFunc(items, func(it item) bool { return it.uuid == id })
		if i < 0 {
			return page{}, badCursor(id)
		}
		start = i + 1
	}
	start += pl.offset
	var pg page
	for i := start; i < len(items); i++ {
		if len(pg.raws) == pl.size {
			pg.more = true
			break
		}
		pg.uuids = append(pg.uuids, items[i].uuid)
		pg.raws = append(pg.raws, items[i].raw)
	}
	return pg, nil
}

// compareValues orders JSON values: absent, null, false, true, numbers,
// strings, then arrays and objects by their text.
func compareValues(a, b gjson.Result) int {
	ra, rb := typeRank(a), typeRank(b)
	if ra != rb {
		return ra - rb
	}
	switch a.Type {
	case gjson.Number:
		switch {
		case a.Num < b.Num:
			return -1
		case a.Num > b.Num:
			return 1
		}
		return 0
	case gjson.String:
		return strings.Compare(a.Str, b.Str)
	}
	return strings.Compare(a.Raw, b.Raw)
}

func typeRank(v gjson.Result) int {
	if !v.Exists() {
		return 0
	}
	switch v.Type {
	case gjson.Null:
		return 1
	case gjson.False:
		return 2
	case gjson.True:
		return 3
	case gjson.Number:
		return 4
	case gjson.String:
		return 5
	}
	return 6
}
