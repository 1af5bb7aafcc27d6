package emulator

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
)

// isGzip reports whether b starts like a gzip file (RFC 1952): exports
// saved as .ndjson.gz or .json.gz are read as they are, whatever the name.
func isGzip(b []byte) bool { return len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b }

// gunzip decompresses a whole gzip file (every member) into memory. File
// mode then serves the decompressed bytes from the heap instead of a
// mapping of the file.
func gunzip(data []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	return out, nil
}

// maybeGunzip returns a reader of r's decompressed bytes when r is gzip,
// else of r itself (import reads a stream).
func maybeGunzip(r io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	head, _ := br.Peek(2)
	if !isGzip(head) {
		return br, nil
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	return gzipErrors{zr}, nil
}

// gzipErrors names gzip in the errors of a decompressing reader.
type gzipErrors struct{ r io.Reader }

func (g gzipErrors) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	if err != nil && err != io.EOF {
		err = fmt.Errorf("gzip: %w", err)
	}
	return n, err
}
