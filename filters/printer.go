package filters

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// The canonical form: keywords in lower case, one space around every
// operator, strings in single quotes, times in UTC, now() offsets in hours
// and smaller units. An `and` group inside an `or` (and the reverse) is
// always parenthesised: the real server's precedence is undocumented, so
// a printed filter must mean the same under any precedence. Parentheses
// around a chain of the same operator are redundant and dropped.

func (n *Logical) String() string { return exprString(n) }
func (n *Compare) String() string { return exprString(n) }
func (n *Exists) String() string  { return exprString(n) }

func exprString(e Expr) string {
	var b strings.Builder
	writeExpr(&b, e)
	return b.String()
}

func writeExpr(b *strings.Builder, e Expr) {
	switch n := e.(type) {
	case *Logical:
		for i, x := range flatten(n, nil) {
			if i > 0 {
				b.WriteByte(' ')
				b.WriteString(n.Op.String())
				b.WriteByte(' ')
			}
			if _, ok := x.(*Logical); ok {
				b.WriteByte('(')
				writeExpr(b, x)
				b.WriteByte(')')
			} else {
				writeExpr(b, x)
			}
		}
	case *Compare:
		b.WriteString(n.Path.String())
		b.WriteByte(' ')
		b.WriteString(n.Op.String())
		b.WriteByte(' ')
		writeValue(b, n.Value)
	case *Exists:
		b.WriteString(n.Path.String())
		if n.Not {
			b.WriteString(" not exists")
		} else {
			b.WriteString(" exists")
		}
	case nil:
	default:
		b.WriteString(e.String())
	}
}

// flatten appends the operands of the chain of n.Op that n heads: for
// (a and b) and (c and d) it appends a, b, c, d. Operands that are a
// Logical of the other operator are kept whole.
func flatten(n *Logical, dst []Expr) []Expr {
	for _, x := range [2]Expr{n.X, n.Y} {
		if l, ok := x.(*Logical); ok && l.Op == n.Op {
			dst = flatten(l, dst)
		} else {
			dst = append(dst, x)
		}
	}
	return dst
}

// String returns the dotted path.
func (n *Path) String() string { return strings.Join(n.Segments, ".") }

// String returns the value in single quotes, escaped as needed.
func (n *String) String() string { return quoteString(n.Value) }

// String returns the word bare when it reads back as the same bare word,
// and quoted otherwise.
func (n *Bare) String() string {
	if bareSafe(n.Value) {
		return n.Value
	}
	return quoteString(n.Value)
}

// String returns the number as written.
func (n *Number) String() string {
	if isNumber(n.Text) {
		return n.Text
	}
	return strconv.FormatFloat(n.Value, 'f', -1, 64)
}

// String returns true or false.
func (n *Bool) String() string { return strconv.FormatBool(n.Value) }

// String returns date(YYYY-MM-DD) or date(RFC 3339 in UTC).
func (n *Date) String() string {
	if n.DateOnly {
		return "date(" + n.Time.UTC().Format(dateLayout) + ")"
	}
	return "date(" + n.Time.UTC().Format(time.RFC3339Nano) + ")"
}

// String returns now(offset), the offset in h, m, s, ms, us and ns.
func (n *Now) String() string { return "now(" + formatOffset(n.Offset) + ")" }

// String returns [v1, v2, ...].
func (n *List) String() string {
	var b strings.Builder
	b.WriteByte('[')
	for i, v := range n.Elems {
		if i > 0 {
			b.WriteString(", ")
		}
		writeValue(&b, v)
	}
	b.WriteByte(']')
	return b.String()
}

func writeValue(b *strings.Builder, v Value) {
	if v != nil {
		b.WriteString(v.String())
	}
}

// formatOffset prints d as a Go duration without zero components and
// without days: -168h, 1h30m, 1s500ms, 0s.
func formatOffset(d time.Duration) string {
	if d == 0 {
		return "0s"
	}
	var b []byte
	u := uint64(d)
	if d < 0 {
		b = append(b, '-')
		u = -u
	}
	for _, unit := range [...]struct {
		name string
		ns   uint64
	}{{"h", 3600e9}, {"m", 60e9}, {"s", 1e9}, {"ms", 1e6}, {"us", 1e3}, {"ns", 1}} {
		if q := u / unit.ns; q > 0 {
			b = strconv.AppendUint(b, q, 10)
			b = append(b, unit.name...)
			u -= q * unit.ns
		}
	}
	return string(b)
}

// quoteString quotes s in single quotes. A backslash is doubled only where
// it would otherwise start an escape, so regular expressions print as
// written ('\d+'); unprintable characters become escapes so that a printed
// filter never carries terminal control sequences.
func quoteString(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('\'')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\'':
			b.WriteString(`\'`)
		case r == '\\':
			// A lone backslash stays single (regexes read as written)
			// unless what follows would then read as an escape: the end of
			// the string, an escape the lexer decodes, or a character this
			// printer itself writes as an escape.
			rest := s[i+1:]
			if rest == "" || escapes(rest) {
				b.WriteString(`\\`)
			} else {
				b.WriteByte('\\')
			}
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x`)
			b.WriteString(strconv.FormatUint(uint64(s[i])|0x100, 16)[1:])
		case r != ' ' && !unicode.IsPrint(r):
			if r < 0x100 {
				b.WriteString(`\x`)
				b.WriteString(strconv.FormatUint(uint64(r)|0x100, 16)[1:])
			} else {
				b.WriteString(`\u{`)
				b.WriteString(strconv.FormatUint(uint64(r), 16))
				b.WriteByte('}')
			}
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	b.WriteByte('\'')
	return b.String()
}

// escapes reports whether a backslash before rest (not empty) would read
// as an escape.
func escapes(rest string) bool {
	if _, _, ok := decodeEscape(rest); ok {
		return true
	}
	return printedEscaped(utf8.DecodeRuneInString(rest))
}

// printedEscaped reports whether quoteString writes the rune r (of encoded
// size size) as a backslash escape.
func printedEscaped(r rune, size int) bool {
	switch {
	case r == '\'', r == '\\', r == '\n', r == '\t', r == '\r':
		return true
	case r == utf8.RuneError && size == 1:
		return true
	}
	return r != ' ' && !unicode.IsPrint(r)
}

// bareSafe reports whether s, printed without quotes where a value is
// expected, reads back as the bare word s: not empty, no delimiters or
// unprintable characters, and neither a keyword, a boolean nor a number.
func bareSafe(s string) bool {
	if s == "" || isReserved(s) || isNumber(s) {
		return false
	}
	for _, r := range s {
		if isDelim(r) || !unicode.IsPrint(r) || r == utf8.RuneError {
			return false
		}
	}
	return true
}
