package exportfile

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"runtime"
	"sync"
	"time"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/filters"
)

// Tier is the store an entry of an export belongs to, by its age: the
// emulator's file mode splits an export the same way.
type Tier uint8

// The tiers of an entry, and the choice of both for Options.Tier.
const (
	Active Tier = iota
	Archive
	Both
)

// ActiveWindow is the age below which an entry is in the active store
// (reference §3: 30 days active, then the archive). Nothing is purged from
// an export: it is evidence.
const ActiveWindow = 30 * 24 * time.Hour

// DefaultChunkSize is the size of the chunks the file is read and checked
// in.
const DefaultChunkSize = 1 << 20

// Options say which entries a scan returns.
type Options struct {
	// Filter selects entries; nil selects every entry.
	Filter *filters.Matcher
	// Now is the instant of the filter's now() and of the tier cut; the
	// zero value means time.Now().
	Now time.Time
	// Namespace narrows the entries to one namespace ("" or "*": every
	// namespace of the file); with Traverse, its children too.
	Namespace string
	Traverse  bool
	// Tier is Active, Archive or Both.
	Tier Tier
	// Decode fills Entry.Log (on the workers, in parallel).
	Decode bool
	// Workers is the number of goroutines checking chunks; 0 means
	// GOMAXPROCS.
	Workers int
	// ChunkSize is the size of a read; 0 means DefaultChunkSize. A longer
	// entry gets a chunk of its own.
	ChunkSize int
}

// Entry is one entry that matched.
type Entry struct {
	// Raw is the entry's JSON as in the file (compacted when it spanned
	// lines). It is valid only during the call of the scan's callback:
	// copy it to keep it.
	Raw  []byte
	Tier Tier
	// Line is the line of the file the entry starts on.
	Line int
	// Log is the decoded entry when Options.Decode is set.
	Log api.AuditLog
}

// Stats count what a scan read.
type Stats struct {
	Entries    int64 // valid entries read, duplicates excluded
	InView     int64 // entries of them in the namespace view and the tier
	Matched    int64 // entries passed to the callback
	Duplicates int64 // entries dropped because the same uuid came before with the same bytes
	Bytes      int64 // bytes read (decompressed)
}

// chunk is a piece of the input: whole lines of NDJSON, or whole objects
// of an envelope or a stream (items).
type chunk struct {
	seq   int
	data  []byte
	line  int    // line of data[0]
	items []item // nil for NDJSON: data is split at newlines
	err   error  // a reading or syntax error after the chunk's data
	buf   *[]byte
}

// item is one object of a chunk that is not NDJSON.
type item struct {
	off, end int
	line     int
}

// result is what a worker found in a chunk.
type result struct {
	c       *chunk
	recs    []rec
	entries []Entry
	compact []byte // compacted copies of multi-line objects
	err     error  // the first invalid entry, in file order
}

// rec is one valid entry of a chunk, for de-duplication in file order.
type rec struct {
	key, sum uint64
	uuid     string // points into the chunk
	line     int
	entry    int32 // index in result.entries, or -1 when it did not match
	inView   bool
}

// Scan reads an export from r and calls fn with the entries that match
// opts, a batch at a time, in file order. An entry whose uuid came before
// in the same tier with the same bytes (an export saved twice) is dropped;
// with other bytes it is an invalid entry. The first invalid entry ends the
// scan with a *LineError, after the entries before it were passed to fn.
// An error from fn ends the scan and is returned.
func Scan(ctx context.Context, r io.Reader, opts Options, fn func([]Entry) error) (Stats, error) {
	s := newScanner(opts)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	work := make(chan *chunk)
	results := make(chan *result, s.inflight)
	tokens := make(chan struct{}, s.inflight)
	var readErr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(work)
		readErr = s.read(ctx, r, func(c *chunk) bool {
			select {
			case tokens <- struct{}{}:
			case <-ctx.Done():
				return false
			}
			select {
			case work <- c:
				return true
			case <-ctx.Done():
				return false
			}
		})
	}()
	var workers sync.WaitGroup
	for range s.workers {
		workers.Add(1)
		go func() {
			defer workers.Done()
			for c := range work {
				res := s.check(c)
				select {
				case results <- res:
				case <-ctx.Done():
				}
			}
		}()
	}
	go func() { workers.Wait(); close(results) }()

	var st Stats
	seen := make(map[uint64]seenEntry)
	pending := map[int]*result{}
	next := 0
	var err error
	for res := range results {
		if err != nil {
			continue // draining after an error
		}
		pending[res.c.seq] = res
		for {
			res, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			err = s.collect(res, seen, &st, fn)
			s.release(res)
			<-tokens
			if err != nil {
				cancel()
				break
			}
		}
	}
	wg.Wait()
	if err == nil && readErr != nil && !errors.Is(readErr, context.Canceled) {
		err = readErr
	}
	if err == nil {
		err = ctx.Err() // the caller's context ended the scan early
	}
	return st, err
}

// seenEntry packs, for one uuid, 32 bits of the hash of its bytes and the
// line it was on: 8 bytes an entry (a map of them costs about 20 MB per
// million entries). Two different entries with one uuid pass for the same
// with a chance of one in 2³², where file mode would refuse the file.
type seenEntry uint64

func newSeen(sum uint64, line int) seenEntry { return seenEntry(sum<<32 | uint64(uint32(line))) }
func (s seenEntry) sum() uint32              { return uint32(s >> 32) }
func (s seenEntry) line() int                { return int(uint32(s)) }

// scanner holds what the stages of one scan share.
type scanner struct {
	opts      Options
	now       time.Time
	cut       int64
	workers   int
	inflight  int
	chunkSize int
	seeds     [2]maphash.Seed
	sumSeed   maphash.Seed
	bufs      sync.Pool
}

func newScanner(opts Options) *scanner {
	s := &scanner{opts: opts, now: opts.Now, workers: opts.Workers, chunkSize: opts.ChunkSize}
	if s.now.IsZero() {
		s.now = time.Now()
	}
	s.cut = s.now.Add(-ActiveWindow).UnixNano()
	if s.workers <= 0 {
		s.workers = runtime.GOMAXPROCS(0)
	}
	if s.chunkSize <= 0 {
		s.chunkSize = DefaultChunkSize
	}
	s.inflight = 2*s.workers + 2
	s.seeds = [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}
	s.sumSeed = maphash.MakeSeed()
	if s.opts.Namespace == "*" {
		s.opts.Namespace = ""
	}
	return s
}

func (s *scanner) getBuf() *[]byte {
	if b, ok := s.bufs.Get().(*[]byte); ok {
		return b
	}
	b := make([]byte, 0, s.chunkSize)
	return &b
}

func (s *scanner) release(res *result) {
	if res.c.buf != nil && cap(*res.c.buf) <= 4*s.chunkSize {
		*res.c.buf = (*res.c.buf)[:0]
		s.bufs.Put(res.c.buf)
	}
}

// inScope reports whether namespace ns is in the scan's view.
func (s *scanner) inScope(ns string) bool {
	p := s.opts.Namespace
	if p == "" || ns == p {
		return true
	}
	return s.opts.Traverse && len(ns) > len(p) && ns[len(p)] == '.' && ns[:len(p)] == p
}

// check indexes, filters and (when asked) decodes the entries of a chunk.
func (s *scanner) check(c *chunk) *result {
	res := &result{c: c}
	one := func(raw []byte, line int) bool {
		if bytes.IndexByte(raw, '\n') >= 0 {
			start := len(res.compact)
			var buf bytes.Buffer
			if err := json.Compact(&buf, raw); err != nil {
				res.err = &LineError{Line: line, Err: fmt.Errorf("%w: %v", ErrEntry, err)}
				return false
			}
			res.compact = append(res.compact, buf.Bytes()...)
			raw = res.compact[start:len(res.compact):len(res.compact)]
		}
		f, err := fastIndex(raw)
		if err != nil {
			res.err = &LineError{Line: line, Err: err}
			return false
		}
		t := Active
		if f.ctime < s.cut {
			t = Archive
		}
		r := rec{
			key:   maphash.String(s.seeds[t], f.uuid),
			sum:   maphash.Bytes(s.sumSeed, raw),
			uuid:  f.uuid,
			line:  line,
			entry: -1,
		}
		r.inView = (s.opts.Tier == Both || s.opts.Tier == t) && s.inScope(f.ns)
		if r.inView && (s.opts.Filter == nil || s.opts.Filter.MatchJSON(raw, s.now)) {
			e := Entry{Raw: raw, Tier: t, Line: line}
			if s.opts.Decode {
				if err := json.Unmarshal(raw, &e.Log); err != nil {
					res.err = &LineError{Line: line, Err: fmt.Errorf("%w: %v", ErrEntry, err)}
					return false
				}
			}
			r.entry = int32(len(res.entries))
			res.entries = append(res.entries, e)
		}
		res.recs = append(res.recs, r)
		return true
	}
	if c.items != nil {
		// Compacted copies must not move while entries point at them.
		res.compact = make([]byte, 0, len(c.data))
		for _, it := range c.items {
			if !one(c.data[it.off:it.end], it.line) {
				return res
			}
		}
	} else {
		data, line := c.data, c.line
		for len(data) > 0 {
			var l []byte
			if i := bytes.IndexByte(data, '\n'); i >= 0 {
				l, data = data[:i], data[i+1:]
			} else {
				l, data = data, nil
			}
			if l = bytes.TrimSpace(l); len(l) > 0 && !one(l, line) {
				return res
			}
			line++
		}
	}
	if res.err == nil {
		res.err = c.err
	}
	return res
}

// collect de-duplicates a chunk's entries in file order and passes the
// matches to fn.
func (s *scanner) collect(res *result, seen map[uint64]seenEntry, st *Stats, fn func([]Entry) error) error {
	st.Bytes += int64(len(res.c.data))
	batch := res.entries[:0:0]
	if len(res.entries) > 0 {
		batch = make([]Entry, 0, len(res.entries))
	}
	for _, r := range res.recs {
		if prev, ok := seen[r.key]; ok {
			if prev.sum() == uint32(r.sum) {
				st.Duplicates++
				continue
			}
			err := &LineError{Line: r.line, Err: fmt.Errorf("%w: uuid %s also on line %d with other content", ErrEntry, r.uuid, prev.line())}
			if len(batch) > 0 {
				if ferr := fn(batch); ferr != nil {
					return ferr
				}
			}
			return err
		}
		seen[r.key] = newSeen(r.sum, r.line)
		st.Entries++
		if r.inView {
			st.InView++
		}
		if r.entry >= 0 {
			batch = append(batch, res.entries[r.entry])
		}
	}
	st.Matched += int64(len(batch))
	if len(batch) > 0 {
		if err := fn(batch); err != nil {
			return err
		}
	}
	return res.err
}
