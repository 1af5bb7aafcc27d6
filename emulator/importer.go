package emulator

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"time"

	"github.com/tidwall/gjson"
)

// importStats counts what an import did.
type importStats struct {
	Added      int64 // entries stored
	Duplicates int64 // entries already stored with the same bytes
	Skipped    int64 // invalid entries skipped (skip set)
}

// importFiles loads exports into db in one transaction: every entry of
// every file, or, at the first invalid one (unless skip is set), none.
// Entries go to active or archive by age at now. The database is marked as
// holding imported evidence, which turns its purge off (decisions.go).
func importFiles(ctx context.Context, db *sqlStore, paths []string, now time.Time, skip func(*lineError)) (importStats, error) {
	var st importStats
	l, err := db.beginLoad(ctx, now)
	if err != nil {
		return st, err
	}
	for i, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			l.rollback()
			return st, err
		}
		// first names where a uuid that conflicts at line upTo of this
		// file was first seen (the error path only: the inputs are read
		// again rather than every uuid's line kept).
		first := func(uuid string, upTo int) string { return firstSeen(paths[:i+1], uuid, upTo) }
		var r io.Reader
		if r, err = maybeGunzip(f); err == nil { // gzipfile.go
			err = importReader(ctx, l, r, &st, skip, first)
		}
		f.Close()
		if err != nil {
			l.rollback()
			return st, fmt.Errorf("%s: %w", p, err)
		}
	}
	if err := l.markImported(ctx); err != nil {
		l.rollback()
		return st, err
	}
	if err := l.commit(); err != nil {
		return st, err
	}
	return st, db.optimize(ctx)
}

// importReader streams one export into l. Memory stays bounded by the
// largest entry, whatever the size of the input. A uuid stored with other
// content (in either tier) is an invalid entry naming where the uuid was
// first seen, from first(uuid, line) (nil: not named).
func importReader(ctx context.Context, l *loader, r io.Reader, st *importStats, skip func(*lineError), first func(string, int) string) error {
	return parseExport(r, func(line int, raw []byte) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		rec, err := indexRecord(raw)
		if raw == nil {
			err = errTooLarge // importLines dropped the line's bytes
		}
		if err == nil {
			var dup bool
			dup, err = l.add(ctx, &rec)
			if dup {
				st.Duplicates++
			}
			if err == nil {
				if !dup {
					st.Added++
				}
				return nil
			}
			if !errors.Is(err, errConflict) {
				return err
			}
			where := "already stored"
			if first != nil {
				where = first(rec.UUID, line)
			}
			err = fmt.Errorf("%w: uuid %s %s with other content", errRecord, rec.UUID, where)
		}
		le := &lineError{Line: line, Err: err}
		if skip == nil {
			return le
		}
		st.Skipped++
		skip(le)
		return nil
	})
}

// parseExport calls add with each entry of an export (NDJSON, a stream of
// objects or the envelope) and its line.
func parseExport(r io.Reader, add func(int, []byte) error) error {
	br := bufio.NewReaderSize(r, 1<<20)
	head, _ := br.Peek(1 << 16)
	switch detectFormat(head) {
	case formatLines:
		return importLines(br, add)
	case formatEnvelope:
		return importDecoded(br, true, add)
	default:
		return importDecoded(br, false, add)
	}
}

// errFound stops a parse that found what it looked for.
var errFound = errors.New("found")

// firstSeen says where uuid first occurs in paths, reading the last one only
// up to line upTo: "also on line N" (the last file), "also in FILE line N",
// or "already stored" (from an earlier import, in the database).
func firstSeen(paths []string, uuid string, upTo int) string {
	for i, p := range paths {
		last := i == len(paths)-1
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		found := 0
		r, err := maybeGunzip(f)
		if err == nil {
			parseExport(r, func(line int, raw []byte) error {
				if last && line >= upTo {
					return errFound
				}
				if gjson.GetBytes(raw, "uuid").Str == uuid {
					found = line
					return errFound
				}
				return nil
			})
		}
		f.Close()
		switch {
		case found > 0 && last:
			return fmt.Sprintf("also on line %d", found)
		case found > 0:
			return fmt.Sprintf("also in %s line %d", p, found)
		}
	}
	return "already stored"
}

// importLines reads NDJSON line by line; an invalid line is reported with
// its number and, when skipping, the next line starts afresh.
func importLines(br *bufio.Reader, add func(int, []byte) error) error {
	var long []byte
	line := 0
	tooLong := false // the line passed maxEntryBytes: read to its end, keep nothing
	for {
		chunk, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			if !tooLong && len(long)+len(chunk) > maxEntryBytes {
				tooLong, long = true, long[:0]
			}
			if !tooLong {
				long = append(long, chunk...)
			}
			continue
		}
		if tooLong {
			tooLong = false
			line++
			if aerr := add(line, nil); aerr != nil {
				return aerr
			}
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			continue
		}
		if err != nil && err != io.EOF {
			return err // a failed read (a truncated gzip file): the partial line is no entry
		}
		if len(long) > 0 {
			chunk = append(long, chunk...)
			long = long[:0]
		}
		if len(chunk) > 0 {
			line++
			if t := bytes.TrimSpace(chunk); len(t) > 0 {
				if aerr := add(line, t); aerr != nil {
					return aerr
				}
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// importDecoded reads an envelope ({"list":{"objects":[…]}}) or a stream
// of (pretty-printed) objects with json.Decoder, one element at a time.
func importDecoded(r io.Reader, envelope bool, add func(int, []byte) error) error {
	lc := &lineCounter{r: r}
	dec := json.NewDecoder(lc)
	syntax := func(err error) error {
		off := dec.InputOffset()
		if errors.Is(err, errTooLarge) {
			return &lineError{Line: lc.line(off), Err: errTooLarge}
		}
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off = se.Offset
		}
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			err = errors.New("unexpected end of input")
		}
		return &lineError{Line: lc.line(off), Err: fmt.Errorf("%w: %v", errRecord, err)}
	}
	one := func() error {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return syntax(err)
		}
		start := dec.InputOffset() - int64(len(raw))
		line := lc.line(start)
		lc.fold(start)
		var buf bytes.Buffer
		if err := json.Compact(&buf, raw); err != nil {
			return syntax(err)
		}
		return add(line, buf.Bytes())
	}
	if !envelope {
		for dec.More() {
			if err := one(); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != io.EOF {
			return syntax(fmt.Errorf("unexpected data after the last object"))
		}
		return nil
	}
	expect := func(want json.Delim) error {
		t, err := dec.Token()
		if err != nil {
			return syntax(err)
		}
		if d, ok := t.(json.Delim); !ok || d != want {
			return syntax(fmt.Errorf("expected %q, found %v", want, t))
		}
		return nil
	}
	// walk descends through the members named by path, skipping others.
	var walk func(path []string) error
	walk = func(path []string) error {
		if len(path) == 0 {
			if err := expect('['); err != nil {
				return err
			}
			for dec.More() {
				if err := one(); err != nil {
					return err
				}
			}
			return expect(']')
		}
		if err := expect('{'); err != nil {
			return err
		}
		for dec.More() {
			t, err := dec.Token()
			if err != nil {
				return syntax(err)
			}
			if t == path[0] {
				if err := walk(path[1:]); err != nil {
					return err
				}
				continue
			}
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return syntax(err)
			}
		}
		return expect('}')
	}
	return walk([]string{"list", "objects"})
}

// lineCounter counts the lines of what passes through it, so that an
// offset reported by json.Decoder can be named by its line. It keeps the
// newline offsets since the last fold only: memory stays bounded by one
// entry plus the decoder's read-ahead.
type lineCounter struct {
	r      io.Reader
	read   int64
	nl     []int64
	base   int
	folded int64 // offset of the last fold: where the current entry starts
}

// decodeSlack is how far past maxEntryBytes json.Decoder may read ahead of
// the entry it decodes before lineCounter calls the entry too large.
const decodeSlack = maxEntryBytes + 1<<16

func (c *lineCounter) Read(p []byte) (int, error) {
	if c.read-c.folded > maxEntryBytes+decodeSlack {
		return 0, errTooLarge
	}
	n, err := c.r.Read(p)
	for i := 0; i < n; {
		j := bytes.IndexByte(p[i:n], '\n')
		if j < 0 {
			break
		}
		c.nl = append(c.nl, c.read+int64(i+j))
		i += j + 1
	}
	c.read += int64(n)
	return n, err
}

// line returns the 1-based line of byte offset off (not before the last
// fold).
func (c *lineCounter) line(off int64) int {
	return c.base + sort.Search(len(c.nl), func(i int) bool { return c.nl[i] >= off }) + 1
}

// fold forgets the newlines before off.
func (c *lineCounter) fold(off int64) {
	k := sort.Search(len(c.nl), func(i int) bool { return c.nl[i] >= off })
	c.folded = off
	c.base += k
	c.nl = append(c.nl[:0], c.nl[k:]...)
}
