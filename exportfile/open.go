// Package exportfile reads audit log exports (NDJSON of AuditLog objects, a
// stream of pretty-printed objects, or the {"list":{"objects":[…]}}
// envelope that endorctl prints, each optionally gzip-compressed) in one
// streaming pass: the bytes are read in chunks, the chunks are checked and
// filtered on every core with filters' MatchJSON on the raw bytes, and the
// matching entries come back in file order. Memory holds a few chunks and
// one small hash per entry (to drop an entry exported twice), whatever the
// size of the file.
package exportfile

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
)

// ErrGzip is the class of errors of a compressed export that does not
// decompress (a truncated or corrupt file): the file's fault, not the
// machine's.
var ErrGzip = errors.New("gzip")

// gzipMagic starts every gzip member (RFC 1952).
var gzipMagic = []byte{0x1f, 0x8b}

// Open opens an export for reading. A gzip-compressed file (found by its
// first bytes, whatever its name: .ndjson.gz, .json.gz) is decompressed as
// it is read, concatenated members included.
func Open(path string) (io.ReadCloser, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	r, err := Decompress(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &fileReader{Reader: r, closers: []io.Closer{f}}, nil
}

// Decompress returns r itself, or, when it starts with the gzip magic, a
// reader of its decompressed bytes.
func Decompress(r io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	head, err := br.Peek(2)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	if len(head) < 2 || head[0] != gzipMagic[0] || head[1] != gzipMagic[1] {
		return br, nil
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrGzip, err)
	}
	return &gzipReader{zr}, nil
}

// IsGzip reports whether b starts like a gzip file.
func IsGzip(b []byte) bool { return len(b) >= 2 && b[0] == gzipMagic[0] && b[1] == gzipMagic[1] }

// gzipReader names gzip in its errors, so that a truncated file says what
// went wrong.
type gzipReader struct{ zr *gzip.Reader }

func (g *gzipReader) Read(p []byte) (int, error) {
	n, err := g.zr.Read(p)
	if err != nil && err != io.EOF {
		err = fmt.Errorf("%w: %w", ErrGzip, err)
	}
	return n, err
}

type fileReader struct {
	io.Reader
	closers []io.Closer
}

func (f *fileReader) Close() error {
	var errs []error
	for _, c := range f.closers {
		errs = append(errs, c.Close())
	}
	return errors.Join(errs...)
}
