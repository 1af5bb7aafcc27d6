package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/tidwall/gjson"
)

// memStore is the read-only store of file mode: the export's bytes in
// memory, one record per entry (byte range plus the indexed fields, read
// with gjson, never decoded), sorted by uuid per tier. Pages are slices of
// the original bytes; a page_id resume is a binary search.
type memStore struct {
	data    []byte
	release func() error // unmaps data
	tiers   [2]memTier
	nss     []string
}

type memTier struct {
	recs     []record // by uuid
	timeOnce sync.Once
	byTime   []int32 // indexes into recs by (ctime, uuid), built on first use
}

// lineError is an invalid entry of an input file, by line number.
type lineError struct {
	Line int
	Err  error
}

func (e *lineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *lineError) Unwrap() error { return e.Err }

// loadFile reads an export (NDJSON of AuditLog objects, a stream of
// pretty-printed objects, or the {"list":{"objects":[…]}} envelope) into a
// memStore. An invalid entry stops the load with its line number, unless
// skip is set: then skip is called for it and the load goes on. Entries
// older than activeWindow at now form the archive tier; nothing is purged.
func loadFile(path string, now time.Time, skip func(*lineError)) (*memStore, error) {
	data, release, err := mapFile(path)
	if err != nil {
		return nil, err
	}
	if isGzip(data) { // gzipfile.go
		plain, err := gunzip(data)
		release()
		if err != nil {
			return nil, err
		}
		data, release = plain, func() error { return nil }
	}
	m, err := loadMapped(data, now, skip)
	if err != nil {
		release()
		return nil, err
	}
	m.release = release
	return m, nil
}

// loadMapped is loadBytes on a mapped file: a fault (the file truncated
// while it is read) is errFileChanged.
func loadMapped(data []byte, now time.Time, skip func(*lineError)) (m *memStore, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if ferr := faultError(recover()); ferr != nil {
			m, err = nil, ferr
		}
	}()
	return loadBytes(data, now, skip)
}

func loadBytes(data []byte, now time.Time, skip func(*lineError)) (*memStore, error) {
	var recs []record
	var err error
	switch detectFormat(data) {
	case formatEnvelope:
		recs, err = indexEnvelope(data, skip)
	case formatLines:
		recs, err = indexLines(data, skip)
	default:
		recs, err = indexStream(data, skip)
	}
	if err != nil {
		return nil, err
	}
	m := &memStore{data: data}
	cut := instant(now.Add(-activeWindow))
	var n [2]int
	for i := range recs {
		if recs[i].CTime < cut {
			n[tierArchive]++
		} else {
			n[tierActive]++
		}
	}
	m.tiers[tierActive].recs = make([]record, 0, n[tierActive])
	m.tiers[tierArchive].recs = make([]record, 0, n[tierArchive])
	nss := map[string]bool{}
	for i := range recs {
		t := tierActive
		if recs[i].CTime < cut {
			t = tierArchive
		}
		m.tiers[t].recs = append(m.tiers[t].recs, recs[i])
		nss[recs[i].NS] = true
	}
	for t := range m.tiers {
		if err := m.tiers[t].sortDedup(skip); err != nil {
			return nil, err
		}
	}
	if err := m.crossTierConflicts(skip); err != nil {
		return nil, err
	}
	for ns := range nss {
		m.nss = append(m.nss, ns)
	}
	slices.Sort(m.nss)
	return m, nil
}

type format int

const (
	formatLines    format = iota // one object per line
	formatStream                 // objects spanning lines, one after the other
	formatEnvelope               // {"list":{"objects":[…]}}
)

func detectFormat(data []byte) format {
	first := bytes.TrimSpace(firstLine(data))
	if len(first) > 0 && gjson.ValidBytes(first) {
		if gjson.GetBytes(first, "list").Exists() {
			return formatEnvelope
		}
		return formatLines
	}
	// A multi-line first value: the envelope as endorctl prints it, or
	// objects as `jq '.list.objects[]'` prints them.
	trim := bytes.TrimLeft(data, " \t\r\n")
	if len(trim) > 0 && trim[0] == '{' {
		rest := bytes.TrimLeft(trim[1:], " \t\r\n")
		if bytes.HasPrefix(rest, []byte(`"list"`)) {
			return formatEnvelope
		}
	}
	return formatStream
}

func firstLine(data []byte) []byte {
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		return data[:i]
	}
	return data
}

// indexLines indexes NDJSON, splitting the work across the CPUs at line
// boundaries.
func indexLines(data []byte, skip func(*lineError)) ([]record, error) {
	parts := runtime.GOMAXPROCS(0)
	if len(data) < 1<<20 {
		parts = 1
	}
	type chunk struct {
		start, end int
		firstLine  int
		recs       []record
		errs       []*lineError
	}
	chunks := make([]chunk, 0, parts)
	start := 0
	for i := 1; i <= parts && start < len(data); i++ {
		end := len(data)
		if i < parts {
			end = len(data) * i / parts
			if j := bytes.IndexByte(data[end:], '\n'); j >= 0 {
				end += j + 1
			} else {
				end = len(data)
			}
		}
		if end <= start {
			continue
		}
		chunks = append(chunks, chunk{start: start, end: end})
		start = end
	}
	var wg sync.WaitGroup
	for ci := range chunks {
		wg.Add(1)
		go func(c *chunk) {
			defer wg.Done()
			buf := data[c.start:c.end]
			c.recs = make([]record, 0, len(buf)/800+1)
			line := 0
			for len(buf) > 0 {
				line++
				var l []byte
				if i := bytes.IndexByte(buf, '\n'); i >= 0 {
					l, buf = buf[:i], buf[i+1:]
				} else {
					l, buf = buf, nil
				}
				l = bytes.TrimSpace(l)
				if len(l) == 0 {
					continue
				}
				r, err := indexRecord(l)
				if err != nil {
					c.errs = append(c.errs, &lineError{Line: line, Err: err})
					if skip == nil {
						return
					}
					continue
				}
				r.Line = line
				c.recs = append(c.recs, r)
			}
			c.firstLine = line // lines in this chunk, fixed up below
		}(&chunks[ci])
	}
	wg.Wait()
	base := 0
	total := 0
	for ci := range chunks {
		c := &chunks[ci]
		for _, e := range c.errs {
			e.Line += base
			if skip == nil {
				return nil, e
			}
			skip(e)
		}
		for i := range c.recs {
			c.recs[i].Line += base
		}
		total += len(c.recs)
		base += bytes.Count(data[c.start:c.end], []byte{'\n'})
	}
	recs := make([]record, 0, total)
	for _, c := range chunks {
		recs = append(recs, c.recs...)
	}
	return recs, nil
}

// indexStream indexes objects that follow each other and may span lines.
// Pretty-printed objects are compacted into new memory so that pages stay
// compact JSON.
func indexStream(data []byte, skip func(*lineError)) ([]record, error) {
	var recs []record
	line := 1
	i := 0
	for {
		for i < len(data) && isSpace(data[i]) {
			if data[i] == '\n' {
				line++
			}
			i++
		}
		if i == len(data) {
			return recs, nil
		}
		end := valueEnd(data, i)
		if end < 0 {
			return nil, &lineError{Line: line, Err: fmt.Errorf("%w: unterminated JSON value", errRecord)}
		}
		raw := data[i:end]
		r, err := indexRaw(raw)
		if err != nil {
			le := &lineError{Line: line, Err: err}
			if skip == nil {
				return nil, le
			}
			skip(le)
		} else {
			r.Line = line
			recs = append(recs, r)
		}
		line += bytes.Count(raw, []byte{'\n'})
		i = end
	}
}

// indexEnvelope indexes the elements of list.objects.
func indexEnvelope(data []byte, skip func(*lineError)) ([]record, error) {
	if !gjson.ValidBytes(data) {
		return nil, &lineError{Line: errorLine(data), Err: fmt.Errorf("%w: not valid JSON", errRecord)}
	}
	objs := gjson.GetBytes(data, "list.objects")
	if !objs.IsArray() {
		return nil, &lineError{Line: 1, Err: fmt.Errorf("%w: list.objects is not an array", errRecord)}
	}
	var recs []record
	var err error
	objs.ForEach(func(_, v gjson.Result) bool {
		raw := data[v.Index : v.Index+len(v.Raw)]
		r, e := indexRaw(raw)
		if e != nil {
			le := &lineError{Line: 1 + bytes.Count(data[:v.Index], []byte{'\n'}), Err: e}
			if skip == nil {
				err = le
				return false
			}
			skip(le)
			return true
		}
		r.Line = 1 + bytes.Count(data[:v.Index], []byte{'\n'})
		recs = append(recs, r)
		return true
	})
	return recs, err
}

// indexRaw indexes one object, compacting it first when it spans lines.
func indexRaw(raw []byte) (record, error) {
	if bytes.IndexByte(raw, '\n') >= 0 {
		var buf bytes.Buffer
		if err := json.Compact(&buf, raw); err != nil {
			return record{}, fmt.Errorf("%w: %v", errRecord, err)
		}
		raw = buf.Bytes()
	}
	return indexRecord(raw)
}

// errorLine finds the line of the first syntax error in data.
func errorLine(data []byte) int {
	var v any
	err := json.Unmarshal(data, &v)
	var se *json.SyntaxError
	if e, ok := err.(*json.SyntaxError); ok {
		se = e
	}
	if se == nil {
		return 1
	}
	return 1 + bytes.Count(data[:se.Offset], []byte{'\n'})
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// valueEnd returns the end of the JSON object or array starting at i, or
// -1 when it does not end. It matches brackets outside strings only; the
// value's validity is checked afterwards.
func valueEnd(data []byte, i int) int {
	if data[i] != '{' && data[i] != '[' {
		// A scalar or garbage: take the rest of the line.
		if j := bytes.IndexByte(data[i:], '\n'); j >= 0 {
			return i + j
		}
		return len(data)
	}
	depth := 0
	for j := i; j < len(data); j++ {
		switch data[j] {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return j + 1
			}
		case '"':
			for j++; j < len(data) && data[j] != '"'; j++ {
				if data[j] == '\\' {
					j++
				}
			}
		}
	}
	return -1
}

// sortDedup orders the tier by uuid. The same uuid twice with the same
// bytes (an export saved twice) keeps one; with different bytes it is an
// invalid entry.
func (t *memTier) sortDedup(skip func(*lineError)) error {
	slices.SortFunc(t.recs, func(a, b record) int {
		if c := strings.Compare(a.UUID, b.UUID); c != 0 {
			return c
		}
		return a.Line - b.Line
	})
	out := t.recs[:0]
	for i := range t.recs {
		if n := len(out); n > 0 && out[n-1].UUID == t.recs[i].UUID {
			if bytes.Equal(out[n-1].Raw, t.recs[i].Raw) {
				continue
			}
			le := &lineError{Line: t.recs[i].Line, Err: fmt.Errorf("%w: uuid %s also on line %d with other content", errRecord, t.recs[i].UUID, out[n-1].Line)}
			if skip == nil {
				return le
			}
			skip(le)
			continue
		}
		out = append(out, t.recs[i])
	}
	t.recs = out
	return nil
}

// crossTierConflicts finds uuids held by both tiers (two copies whose
// creation times differ, so their content does too): an invalid entry on
// the later line, naming the earlier; skipped, the later copy is dropped.
func (m *memStore) crossTierConflicts(skip func(*lineError)) error {
	act, arc := &m.tiers[tierActive], &m.tiers[tierArchive]
	var dropAct, dropArc map[int]bool
	for i, j := 0, 0; i < len(act.recs) && j < len(arc.recs); {
		a, b := &act.recs[i], &arc.recs[j]
		switch c := strings.Compare(a.UUID, b.UUID); {
		case c < 0:
			i++
			continue
		case c > 0:
			j++
			continue
		}
		later, earlier := a, b
		if b.Line > a.Line {
			later, earlier = b, a
		}
		le := &lineError{Line: later.Line, Err: fmt.Errorf("%w: uuid %s also on line %d with other content", errRecord, later.UUID, earlier.Line)}
		if skip == nil {
			return le
		}
		skip(le)
		if later == a {
			dropAct = setAdd(dropAct, i)
		} else {
			dropArc = setAdd(dropArc, j)
		}
		i, j = i+1, j+1
	}
	act.recs = dropIndexes(act.recs, dropAct)
	arc.recs = dropIndexes(arc.recs, dropArc)
	return nil
}

func setAdd(m map[int]bool, i int) map[int]bool {
	if m == nil {
		m = map[int]bool{}
	}
	m[i] = true
	return m
}

func dropIndexes(recs []record, drop map[int]bool) []record {
	if len(drop) == 0 {
		return recs
	}
	out := recs[:0]
	for i := range recs {
		if !drop[i] {
			out = append(out, recs[i])
		}
	}
	return out
}

func (t *memTier) timeIndex() []int32 {
	t.timeOnce.Do(func() {
		idx := make([]int32, len(t.recs))
		for i := range idx {
			idx[i] = int32(i)
		}
		slices.SortFunc(idx, func(a, b int32) int {
			ra, rb := &t.recs[a], &t.recs[b]
			if ra.CTime != rb.CTime {
				if ra.CTime < rb.CTime {
					return -1
				}
				return 1
			}
			return strings.Compare(ra.UUID, rb.UUID)
		})
		t.byTime = idx
	})
	return t.byTime
}

// close unmaps the file. The server has stopped serving by then (Close
// shuts the HTTP server down first), so no record is in use.
func (m *memStore) close() error {
	if m.release == nil {
		return nil
	}
	return m.release()
}

// walk calls fn with the records of q's tier in q's order after q's cursor.
func (m *memStore) walk(ctx context.Context, q *query, fn func(r *record) bool) error {
	t := &m.tiers[q.Tier]
	n := len(t.recs)
	at := func(i int) *record { return &t.recs[i] }
	if q.Order == orderCTime {
		idx := t.timeIndex()
		at = func(i int) *record { return &t.recs[idx[i]] }
	}
	// less reports whether record r sorts before the cursor.
	before := func(r *record, c *cursor) bool {
		if q.Order == orderCTime && r.CTime != c.CTime {
			return r.CTime < c.CTime
		}
		return r.UUID < c.UUID
	}
	i, step, end := 0, 1, n
	if q.Desc {
		i, step, end = n-1, -1, -1
	}
	if c := q.After; c != nil {
		// First position strictly after the cursor in the walk's direction.
		if q.Desc {
			// last index with key < cursor
			lo, hi := 0, n
			for lo < hi {
				mid := (lo + hi) / 2
				if before(at(mid), c) {
					lo = mid + 1
				} else {
					hi = mid
				}
			}
			i = lo - 1
		} else {
			lo, hi := 0, n
			for lo < hi {
				mid := (lo + hi) / 2
				r := at(mid)
				if before(r, c) || (r.UUID == c.UUID && (q.Order != orderCTime || r.CTime == c.CTime)) {
					lo = mid + 1
				} else {
					hi = mid
				}
			}
			i = lo
		}
	}
	for k := 0; i != end; i, k = i+step, k+1 {
		if k&4095 == 4095 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		r := at(i)
		if !inScope(r.NS, q.NS, q.Traverse) || (q.Where != nil && !q.Where.eval(r)) {
			continue
		}
		if !fn(r) {
			return nil
		}
	}
	return ctx.Err()
}

func (m *memStore) scan(ctx context.Context, q *query, fn func(r *record) (bool, error)) error {
	skip, left := q.Offset, q.Limit
	var ferr error
	err := m.walk(ctx, q, func(r *record) bool {
		if skip > 0 {
			skip--
			return true
		}
		more, err := fn(r)
		if err != nil {
			ferr = err
			return false
		}
		if q.Limit > 0 {
			left--
			if left == 0 {
				return false
			}
		}
		return more
	})
	if ferr != nil {
		return ferr
	}
	return err
}

func (m *memStore) count(ctx context.Context, q *query) (int64, error) {
	qq := *q
	qq.After = nil
	var n int64
	err := m.walk(ctx, &qq, func(*record) bool { n++; return true })
	return n, err
}

func (m *memStore) get(_ context.Context, t tier, uuid string) (*record, error) {
	recs := m.tiers[t].recs
	i, ok := slices.BinarySearchFunc(recs, uuid, func(r record, u string) int { return strings.Compare(r.UUID, u) })
	if !ok {
		return nil, errNotFound
	}
	return &recs[i], nil
}

func (m *memStore) counts(context.Context) (active, archive int64, err error) {
	return int64(len(m.tiers[tierActive].recs)), int64(len(m.tiers[tierArchive].recs)), nil
}

func (m *memStore) namespaces(context.Context) ([]string, error) { return m.nss, nil }
