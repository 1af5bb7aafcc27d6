package filters

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxSize is the largest filter source Parse accepts, in bytes.
const MaxSize = 64 << 10

// MaxDepth is the deepest nesting of parentheses Parse accepts.
const MaxDepth = 100

// lexer turns filter source into tokens on demand. It tracks line and
// column as it goes so that every token knows its position without
// rescanning the line.
type lexer struct {
	src  string
	off  int
	line int
	col  int
}

func newLexer(src string) *lexer { return &lexer{src: src, line: 1, col: 1} }

func (l *lexer) pos() Pos { return Pos{Offset: l.off, Line: l.line, Col: l.col} }

func (l *lexer) errorf(p Pos, format string, a ...any) *Error {
	return &Error{Pos: p, Msg: fmt.Sprintf(format, a...), Src: l.src, Code: CodeSyntax, Severity: SeverityError}
}

func (l *lexer) eof() bool { return l.off >= len(l.src) }

// peekRune returns the next rune without consuming it.
func (l *lexer) peekRune() rune {
	if l.off >= len(l.src) {
		return -1
	}
	if c := l.src[l.off]; c < utf8.RuneSelf {
		return rune(c)
	}
	r, _ := utf8.DecodeRuneInString(l.src[l.off:])
	return r
}

// advance consumes one rune.
func (l *lexer) advance() rune {
	c := l.src[l.off]
	if c < utf8.RuneSelf {
		l.off++
		if c == '\n' {
			l.line++
			l.col = 1
		} else {
			l.col++
		}
		return rune(c)
	}
	r, n := utf8.DecodeRuneInString(l.src[l.off:])
	l.off += n
	l.col++
	return r
}

func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f'
	}
	return unicode.IsSpace(r)
}

func (l *lexer) skipSpace() {
	for !l.eof() && isSpace(l.peekRune()) {
		l.advance()
	}
}

// isDelim reports whether r ends a bare word.
func isDelim(r rune) bool {
	switch r {
	case '(', ')', '[', ']', ',', '\'', '"':
		return true
	}
	return isSpace(r)
}

// isPathChar reports whether r may appear in a path segment. Besides
// identifiers, '@' and '-' let paths reach JSON keys such as
// spec.payload.@type.
func isPathChar(r rune) bool {
	return r == '_' || r == '@' || r == '-' || r == '$' ||
		('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9')
}

func isLetter(r rune) bool { return ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') }

// checkRune rejects characters that have no place outside a string: they
// are invisible or could drive a terminal when the filter is echoed back.
func (l *lexer) checkRune(r rune) *Error {
	if isSpace(r) || unicode.IsPrint(r) {
		return nil
	}
	return l.errorf(l.pos(), "invalid character %U in filter", r)
}

// illegal consumes a run of non-delimiter text (at least one rune) for an
// error message.
func (l *lexer) illegal() token {
	p := l.pos()
	start := l.off
	l.advance()
	for !l.eof() && !isDelim(l.peekRune()) {
		l.advance()
	}
	return token{kind: tokIllegal, pos: p, text: l.src[start:l.off]}
}

// single consumes a one-character token.
func (l *lexer) single(kind tokenKind) token {
	p := l.pos()
	start := l.off
	l.advance()
	return token{kind: kind, pos: p, text: l.src[start:l.off]}
}

// lexTerm scans where a condition may start: a path, '(' or the end.
func (l *lexer) lexTerm() (token, *Error) {
	r, end, err := l.next()
	if err != nil {
		return token{}, err
	}
	if end != nil {
		return *end, nil
	}
	switch {
	case r == '(':
		return l.single(tokLParen), nil
	case r == ')':
		return l.single(tokRParen), nil
	case isPathChar(r):
		return l.lexPath()
	}
	return l.illegal(), nil
}

// lexPath scans a dotted path such as spec.payload.@type.
func (l *lexer) lexPath() (token, *Error) {
	p := l.pos()
	start := l.off
	for {
		segStart := l.pos()
		for !l.eof() && isPathChar(l.peekRune()) {
			l.advance()
		}
		if l.off == segStart.Offset {
			if l.eof() || isDelim(l.peekRune()) {
				return token{}, l.errorf(segStart, "field path %s ends with '.'", quoteSrc(l.src[start:l.off]))
			}
			return token{}, l.errorf(segStart, "empty or invalid segment in field path %s", quoteSrc(l.src[start:l.off]))
		}
		if l.eof() || l.peekRune() != '.' {
			break
		}
		l.advance()
	}
	return token{kind: tokPath, pos: p, text: l.src[start:l.off]}, nil
}

// lexOperator scans a comparison operator or an operator keyword.
func (l *lexer) lexOperator() (token, *Error) {
	r, end, err := l.next()
	if err != nil {
		return token{}, err
	}
	if end != nil {
		return *end, nil
	}
	p := l.pos()
	switch r {
	case '=', '!', '<', '>':
		rest := l.src[l.off:]
		for _, op := range []string{"==", "!=", "<=", ">=", "<", ">"} {
			if strings.HasPrefix(rest, op) {
				for range op {
					l.advance()
				}
				return token{kind: tokOp, pos: p, text: op}, nil
			}
		}
		switch {
		case strings.HasPrefix(rest, "=<"), strings.HasPrefix(rest, "=>"):
			return token{}, l.errorf(p, "unknown operator %s; did you mean %s?", quoteSrc(rest[:2]), quoteSrc(string(rest[1])+"="))
		case r == '=':
			return token{}, l.errorf(p, "unknown operator '='; use '==' to compare")
		default:
			return token{}, l.errorf(p, "unknown operator '!'; use '!=' to compare, or 'not in', 'not contains', 'not exists'")
		}
	}
	if tok, ok := l.word(p, r); ok {
		return tok, nil
	}
	return l.illegal(), nil
}

// lexConnector scans what may follow a condition: 'and', 'or', ')' or the end.
func (l *lexer) lexConnector() (token, *Error) {
	r, end, err := l.next()
	if err != nil {
		return token{}, err
	}
	if end != nil {
		return *end, nil
	}
	p := l.pos()
	if r == ')' {
		return l.single(tokRParen), nil
	}
	if r == '(' {
		return l.single(tokLParen), nil
	}
	if tok, ok := l.word(p, r); ok {
		return tok, nil
	}
	return l.illegal(), nil
}

// lexValue scans a value or a list delimiter.
func (l *lexer) lexValue() (token, *Error) {
	r, end, err := l.next()
	if err != nil {
		return token{}, err
	}
	if end != nil {
		return *end, nil
	}
	switch r {
	case '[':
		return l.single(tokLBrack), nil
	case ']':
		return l.single(tokRBrack), nil
	case ',':
		return l.single(tokComma), nil
	case '(':
		return l.single(tokLParen), nil
	case ')':
		return l.single(tokRParen), nil
	case '\'', '"':
		return l.lexString()
	}
	p := l.pos()
	start := l.off
	for !l.eof() {
		r := l.peekRune()
		if isDelim(r) {
			break
		}
		if err := l.checkRune(r); err != nil {
			return token{}, err
		}
		l.advance()
	}
	word := l.src[start:l.off]
	if !l.eof() && l.peekRune() == '(' {
		return l.lexCall(p, word)
	}
	switch {
	case isKeyword(word, kwTrue), isKeyword(word, kwFalse):
		return token{kind: tokBool, pos: p, text: word, val: strings.ToLower(word)}, nil
	case isNumber(word):
		return token{kind: tokNumber, pos: p, text: word, val: word}, nil
	}
	return token{kind: tokBare, pos: p, text: word, val: word}, nil
}

// lexCall scans the argument of date(...) or now(...). The argument is
// written bare, as the Endor docs do; a quoted argument is accepted too.
func (l *lexer) lexCall(p Pos, name string) (token, *Error) {
	var kind tokenKind
	switch {
	case isKeyword(name, kwDate):
		kind = tokDate
	case isKeyword(name, kwNow):
		kind = tokNow
	default:
		return token{}, l.errorf(p, "unknown function %s; a value may call date(...) or now(...)", quoteSrc(name))
	}
	start := p.Offset
	open := l.pos()
	l.advance() // (
	l.skipSpace()
	var arg string
	argPos := l.pos()
	if r := l.peekRune(); r == '\'' || r == '"' {
		t, err := l.lexString()
		if err != nil {
			return token{}, err
		}
		arg = t.val
	} else {
		s := l.off
		for !l.eof() {
			r := l.peekRune()
			if isDelim(r) {
				break
			}
			if err := l.checkRune(r); err != nil {
				return token{}, err
			}
			l.advance()
		}
		arg = l.src[s:l.off]
	}
	l.skipSpace()
	if l.eof() || l.peekRune() != ')' {
		return token{}, l.errorf(l.pos(), "expected ')' to close %s( at %s", strings.ToLower(name), open)
	}
	l.advance()
	return token{kind: kind, pos: p, text: l.src[start:l.off], val: arg, argPos: argPos}, nil
}

// isNumber reports whether s is a decimal number: -?digits(.digits)?.
func isNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := 0
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
		digits++
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		frac := 0
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
			frac++
		}
		if frac == 0 {
			return false
		}
	}
	return i == len(s)
}

// lexString scans a single- or double-quoted string. The escapes \\ \' \"
// \n \t \r, \xHH and \u{H...} are decoded; a backslash before any other
// character is kept as written, so regular expressions such as '\d+\.x'
// need no doubling. Raw control characters (line breaks included) are
// rejected inside quotes: write them as escapes.
func (l *lexer) lexString() (token, *Error) {
	p := l.pos()
	start := l.off
	quote := l.advance()
	var b strings.Builder
	plainFrom := l.off // start of the run not yet copied into b
	escaped := false
	for {
		if l.eof() {
			return token{}, l.errorf(p, "unterminated string: missing closing %c", quote)
		}
		r := l.peekRune()
		if r == quote {
			break
		}
		if unicode.IsControl(r) {
			return token{}, l.errorf(l.pos(), "control character %U inside a string; write it as an escape such as \\n or \\x1b", r)
		}
		if r != '\\' {
			l.advance()
			continue
		}
		escPos := l.off
		l.advance()
		if l.eof() {
			return token{}, l.errorf(p, "unterminated string: missing closing %c", quote)
		}
		dec, n, ok := decodeEscape(l.src[l.off:])
		if !ok {
			continue // kept as written; the next rune is scanned as usual
		}
		if !escaped {
			b.Grow(l.off - start)
			escaped = true
		}
		b.WriteString(l.src[plainFrom:escPos])
		b.WriteString(dec)
		for range n { // escapes are ASCII
			l.advance()
		}
		plainFrom = l.off
	}
	end := l.off
	l.advance() // closing quote
	val := l.src[start+1 : end]
	if escaped {
		b.WriteString(l.src[plainFrom:end])
		val = b.String()
	}
	return token{kind: tokString, pos: p, text: l.src[start:l.off], val: val}, nil
}

// decodeEscape decodes the escape whose text (after the backslash) starts
// s. It returns the decoded text and the number of bytes it used, or ok
// false when the backslash is to be kept as written.
func decodeEscape(s string) (dec string, n int, ok bool) {
	switch s[0] {
	case '\\', '\'', '"':
		return s[:1], 1, true
	case 'n':
		return "\n", 1, true
	case 't':
		return "\t", 1, true
	case 'r':
		return "\r", 1, true
	case 'x':
		if len(s) >= 3 && isHex(s[1]) && isHex(s[2]) {
			return string(rune(unhex(s[1])<<4 | unhex(s[2]))), 3, true
		}
	case 'u':
		if len(s) >= 4 && s[1] == '{' {
			end := strings.IndexByte(s, '}')
			if end < 3 || end > 8 {
				return "", 0, false
			}
			var v rune
			for i := 2; i < end; i++ {
				if !isHex(s[i]) {
					return "", 0, false
				}
				v = v<<4 | rune(unhex(s[i]))
			}
			if !utf8.ValidRune(v) {
				return "", 0, false
			}
			return string(v), end + 1, true
		}
	}
	return "", 0, false
}

func isHex(c byte) bool {
	return ('0' <= c && c <= '9') || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	}
	return c - 'a' + 10
}

// word scans a keyword-like run of letters starting at p (whose first rune
// is r) that ends at a delimiter. Otherwise it leaves the lexer where it was.
func (l *lexer) word(p Pos, r rune) (token, bool) {
	if !isLetter(r) {
		return token{}, false
	}
	start := l.off
	for !l.eof() && isLetter(l.peekRune()) {
		l.advance()
	}
	if l.eof() || isDelim(l.peekRune()) {
		return token{kind: tokWord, pos: p, text: l.src[start:l.off]}, true
	}
	l.off, l.line, l.col = p.Offset, p.Line, p.Col
	return token{}, false
}

// next skips white space and peeks at the next rune, as every lexing state
// starts. At the end of the source it returns the EOF token instead; a rune
// the language refuses anywhere (a raw control character) is an error.
func (l *lexer) next() (rune, *token, *Error) {
	l.skipSpace()
	if l.eof() {
		return 0, &token{kind: tokEOF, pos: l.pos()}, nil
	}
	r := l.peekRune()
	if err := l.checkRune(r); err != nil {
		return 0, nil, err
	}
	return r, nil, nil
}
