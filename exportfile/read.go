package exportfile

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/tidwall/gjson"
)

// Format is the shape of an export.
type Format int

// The shapes of an export, as the emulator's file mode tells them apart.
const (
	Lines    Format = iota // NDJSON: one object per line
	Stream                 // objects that may span lines, one after the other
	Envelope               // {"list":{"objects":[…]}}, as endorctl prints it
)

// Detect tells the format from the start of an export (at least its first
// line, when it has one): a first line that is a JSON object is NDJSON,
// unless it is the envelope on one line; a first value that spans lines is
// the envelope when its first member is "list", else a stream.
func Detect(head []byte) Format {
	first := head
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		first = head[:i]
	}
	first = bytes.TrimSpace(first)
	if len(first) > 0 && gjson.ValidBytes(first) {
		if gjson.GetBytes(first, "list").Exists() {
			return Envelope
		}
		return Lines
	}
	trim := bytes.TrimLeft(head, " \t\r\n")
	if len(trim) > 0 && trim[0] == '{' {
		if bytes.HasPrefix(bytes.TrimLeft(trim[1:], " \t\r\n"), []byte(`"list"`)) {
			return Envelope
		}
	}
	return Stream
}

// read splits r into chunks and sends them in order; it stops when send
// returns false.
func (s *scanner) read(ctx context.Context, r io.Reader, send func(*chunk) bool) error {
	br := bufio.NewReaderSize(r, 1<<20)
	// The format needs the first line: peek until a newline, the end, or
	// a full buffer (a first line longer than that is read as a stream).
	var head []byte
	for n := 64 << 10; ; n *= 2 {
		n = min(n, br.Size())
		b, err := br.Peek(n)
		head = b
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
			return err
		}
		if bytes.IndexByte(b, '\n') >= 0 || err != nil || n == br.Size() {
			break
		}
	}
	switch Detect(head) {
	case Lines:
		return s.readLines(ctx, br, send)
	case Envelope:
		return s.readObjects(ctx, br, true, send)
	default:
		return s.readObjects(ctx, br, false, send)
	}
}

// readLines cuts NDJSON into chunks of whole lines.
func (s *scanner) readLines(ctx context.Context, r io.Reader, send func(*chunk) bool) error {
	var carry []byte
	line, seq := 1, 0
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		bp := s.getBuf()
		buf := append((*bp)[:0], carry...)
		var rerr error
		for {
			if len(buf) == cap(buf) {
				// One line longer than the chunk: grow this chunk.
				if bytes.IndexByte(buf, '\n') >= 0 {
					break
				}
				buf = append(buf, make([]byte, len(buf))...)[:len(buf)]
			}
			n, err := r.Read(buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+n]
			if err != nil {
				rerr = err
				break
			}
		}
		*bp = buf
		end := len(buf)
		if !errors.Is(rerr, io.EOF) {
			// More to come, or a failed read (a truncated gzip file):
			// the partial last line is not an entry.
			end = bytes.LastIndexByte(buf, '\n') + 1
		}
		carry = append(carry[:0], buf[end:]...)
		c := &chunk{seq: seq, data: buf[:end], line: line, buf: bp}
		seq++
		line += bytes.Count(c.data, []byte{'\n'})
		if rerr != nil && !errors.Is(rerr, io.EOF) {
			c.err = rerr
		}
		if len(c.data) > 0 || c.err != nil {
			if !send(c) {
				return ctx.Err()
			}
		}
		if rerr != nil {
			return nil
		}
	}
}

// readObjects cuts a stream of objects, or the objects of an envelope's
// list.objects, into chunks of whole objects. It finds where each object
// ends by its brackets (outside strings); the workers check the rest.
func (s *scanner) readObjects(ctx context.Context, r *bufio.Reader, envelope bool, send func(*chunk) bool) error {
	t := &tokens{r: r, line: 1}
	seq := 0
	var c *chunk
	newChunk := func() {
		bp := s.getBuf()
		c = &chunk{seq: seq, buf: bp, data: (*bp)[:0], items: []item{}}
		seq++
	}
	flush := func(err error) bool {
		c.err = err
		*c.buf = c.data
		ok := send(c)
		c = nil
		return ok
	}
	newChunk()
	add := func() error {
		if err := ctx.Err(); err != nil {
			return err
		}
		line := t.line
		off := len(c.data)
		var err error
		c.data, err = t.value(c.data)
		if err != nil {
			return err
		}
		c.items = append(c.items, item{off: off, end: len(c.data), line: line})
		if len(c.data) >= s.chunkSize {
			if !flush(nil) {
				return ctx.Err()
			}
			newChunk()
		}
		return nil
	}
	var err error
	if envelope {
		t.inList = true
		err = t.envelope(add)
	} else {
		for {
			if err = t.space(); err != nil {
				if errors.Is(err, io.EOF) {
					err = nil
				}
				break
			}
			if err = add(); err != nil {
				break
			}
		}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	flush(err)
	return nil
}

// tokens reads JSON structure from a buffered reader, counting lines.
type tokens struct {
	r    *bufio.Reader
	line int
	// inList: a scalar ends at a separator (an envelope's element), not
	// at the end of its line (a stream's garbage).
	inList bool
}

func (t *tokens) syntax(format string, a ...any) error {
	return &LineError{Line: t.line, Err: fmt.Errorf("%w: %s", ErrEntry, fmt.Sprintf(format, a...))}
}

// space skips blanks; io.EOF at the end of the input.
func (t *tokens) space() error {
	for {
		b, err := t.r.ReadByte()
		if err != nil {
			return err
		}
		switch b {
		case '\n':
			t.line++
		case ' ', '\t', '\r':
		default:
			return t.r.UnreadByte()
		}
	}
}

func (t *tokens) peek() (byte, error) {
	if err := t.space(); err != nil {
		if errors.Is(err, io.EOF) {
			return 0, t.syntax("unexpected end of input")
		}
		return 0, err
	}
	b, err := t.r.Peek(1)
	if err != nil {
		return 0, err
	}
	return b[0], nil
}

func (t *tokens) expect(want byte) error {
	b, err := t.peek()
	if err != nil {
		return err
	}
	if b != want {
		return t.syntax("expected %q, found %q", want, b)
	}
	_, err = t.r.ReadByte()
	return err
}

// value appends the next value to dst. An object or array ends at its
// closing bracket; anything else runs to the end of the line, as file mode
// reads it (and then fails the entry's check).
func (t *tokens) value(dst []byte) ([]byte, error) {
	b, err := t.peek()
	if err != nil {
		return dst, err
	}
	if b != '{' && b != '[' {
		for {
			c, err := t.r.ReadByte()
			if err != nil {
				if errors.Is(err, io.EOF) {
					return dst, nil
				}
				return dst, err
			}
			if c == '\n' {
				return dst, t.r.UnreadByte()
			}
			if t.inList && (c == ',' || c == ']' || c == '}') {
				// Inside an envelope a scalar element ends at its separator.
				return dst, t.r.UnreadByte()
			}
			dst = append(dst, c)
		}
	}
	depth := 0
	inString, escaped := false, false
	start := t.line
	for {
		buf, err := t.r.Peek(max(1, t.r.Buffered()))
		if len(buf) == 0 {
			if errors.Is(err, io.EOF) {
				t.line = start
				return dst, t.syntax("unterminated JSON value")
			}
			return dst, err
		}
		for i, c := range buf {
			switch {
			case escaped:
				escaped = false
			case inString:
				switch c {
				case '\\':
					escaped = true
				case '"':
					inString = false
				case '\n':
					t.line++
				}
			default:
				switch c {
				case '"':
					inString = true
				case '{', '[':
					depth++
				case '}', ']':
					depth--
					if depth == 0 {
						dst = append(dst, buf[:i+1]...)
						t.r.Discard(i + 1)
						return dst, nil
					}
				case '\n':
					t.line++
				}
			}
		}
		dst = append(dst, buf...)
		t.r.Discard(len(buf))
	}
}

// skip reads past the next value.
func (t *tokens) skip() error {
	_, err := t.value(nil)
	return err
}

// key reads an object member's name and the colon after it.
func (t *tokens) key() (string, error) {
	if err := t.expect('"'); err != nil {
		return "", err
	}
	var k []byte
	for {
		c, err := t.r.ReadByte()
		if err != nil {
			return "", t.syntax("unterminated string")
		}
		if c == '\\' {
			n, err := t.r.ReadByte()
			if err != nil {
				return "", t.syntax("unterminated string")
			}
			k = append(k, c, n)
			continue
		}
		if c == '"' {
			break
		}
		k = append(k, c)
	}
	return string(k), t.expect(':')
}

// envelope walks {"list":{"objects":[…]}}, calling add at each element of
// objects and skipping every other member.
func (t *tokens) envelope(add func() error) error {
	var walk func(path []string) error
	walk = func(path []string) error {
		if len(path) == 0 {
			if err := t.expect('['); err != nil {
				return err
			}
			for first := true; ; first = false {
				b, err := t.peek()
				if err != nil {
					return err
				}
				if b == ']' {
					t.r.ReadByte()
					return nil
				}
				if !first {
					if err := t.expect(','); err != nil {
						return err
					}
				}
				if err := add(); err != nil {
					return err
				}
			}
		}
		if err := t.expect('{'); err != nil {
			return err
		}
		for first := true; ; first = false {
			b, err := t.peek()
			if err != nil {
				return err
			}
			if b == '}' {
				t.r.ReadByte()
				return nil
			}
			if !first {
				if err := t.expect(','); err != nil {
					return err
				}
			}
			k, err := t.key()
			if err != nil {
				return err
			}
			if k == path[0] {
				b, err := t.peek()
				if err != nil {
					return err
				}
				if b == 'n' && len(path) > 0 {
					// "objects": null, or "list": null: nothing listed.
					if err := t.skip(); err != nil {
						return err
					}
					continue
				}
				if err := walk(path[1:]); err != nil {
					return err
				}
				continue
			}
			if err := t.skip(); err != nil {
				return err
			}
		}
	}
	if err := walk([]string{"list", "objects"}); err != nil {
		return err
	}
	if err := t.space(); !errors.Is(err, io.EOF) {
		if err != nil {
			return err
		}
		return t.syntax("unexpected data after the envelope")
	}
	return nil
}
