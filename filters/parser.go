package filters

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Parse parses a filter. The error, when there is one, is an *Error that
// names the line and column of the first problem.
func Parse(src string) (Expr, error) {
	e, err := parse(src)
	if err != nil {
		return nil, err
	}
	return e, nil
}

func parse(src string) (Expr, *Error) {
	if len(src) > MaxSize {
		return nil, &Error{Msg: fmt.Sprintf("filter is too long: %d bytes, the limit is %d", len(src), MaxSize), Code: CodeSyntax, Severity: SeverityError}
	}
	if !utf8.ValidString(src) {
		l := newLexer(src)
		for l.peekRune() != utf8.RuneError {
			l.advance()
		}
		return nil, l.errorf(l.pos(), "filter is not valid UTF-8")
	}
	p := &parser{lx: newLexer(src), after: ""}
	e, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	tok, err := p.lx.lexConnector()
	if err != nil {
		return nil, err
	}
	switch tok.kind {
	case tokEOF:
		return e, nil
	case tokRParen:
		return nil, p.lx.errorf(tok.pos, "unmatched ')'")
	}
	return nil, p.unexpectedAfterCondition(tok)
}

// parser is a recursive-descent parser over the lexer. and binds tighter
// than or; both chain to the left.
type parser struct {
	lx    *lexer
	depth int
	after string // what came before the next condition, for error messages
}

func (p *parser) parseOr() (Expr, *Error) { return p.parseChain(Or, p.parseAnd) }

func (p *parser) parseAnd() (Expr, *Error) { return p.parseChain(And, p.parseTerm) }

// parseChain parses operands joined by op, left-associative: `a and b and
// c` is ((a and b) and c). operand parses what binds tighter than op.
func (p *parser) parseChain(op LogicalOp, operand func() (Expr, *Error)) (Expr, *Error) {
	x, err := operand()
	if err != nil {
		return nil, err
	}
	kw := op.String()
	for {
		save := *p.lx
		tok, err := p.lx.lexConnector()
		if err != nil {
			return nil, err
		}
		if tok.kind != tokWord || !isKeyword(tok.text, kw) {
			*p.lx = save
			return x, nil
		}
		p.after = "'" + kw + "'"
		y, err := operand()
		if err != nil {
			return nil, err
		}
		x = &Logical{Op: op, OpPos: tok.pos, X: x, Y: y}
	}
}

func (p *parser) parseTerm() (Expr, *Error) {
	tok, err := p.lx.lexTerm()
	if err != nil {
		return nil, err
	}
	switch tok.kind {
	case tokPath:
		if isKeyword(tok.text, kwAnd) || isKeyword(tok.text, kwOr) {
			// `a or or b`: blame the doubled keyword, not the word after it
			// taken for an operator.
			after := p.after
			if after == "" {
				after = "the start of the filter"
			}
			return nil, p.lx.errorf(tok.pos, "expected a condition after %s but found the keyword '%s'", after, strings.ToLower(tok.text))
		}
		return p.parseCondition(tok)
	case tokLParen:
		if p.depth >= MaxDepth {
			return nil, p.lx.errorf(tok.pos, "parentheses nest too deeply (the limit is %d levels)", MaxDepth)
		}
		p.depth++
		p.after = "'('"
		e, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		p.depth--
		closing, err := p.lx.lexConnector()
		if err != nil {
			return nil, err
		}
		switch closing.kind {
		case tokRParen:
			return e, nil
		case tokEOF:
			return nil, p.lx.errorf(closing.pos, "expected ')' to close the '(' at %s", tok.pos)
		}
		return nil, p.unexpectedAfterCondition(closing)
	case tokEOF:
		if p.after == "" {
			return nil, p.lx.errorf(tok.pos, "empty filter: expected a condition such as spec.operation == OPERATION_CREATE")
		}
		return nil, p.lx.errorf(tok.pos, "expected a condition after %s", p.after)
	case tokRParen:
		if p.after == "'('" {
			return nil, p.lx.errorf(tok.pos, "empty parentheses: expected a condition")
		}
	}
	if p.after == "" {
		return nil, p.lx.errorf(tok.pos, "expected a field path or '(' but found %s", tok.describe())
	}
	return nil, p.lx.errorf(tok.pos, "expected a field path or '(' after %s but found %s", p.after, tok.describe())
}

// unexpectedAfterCondition reports a token that cannot follow a condition.
func (p *parser) unexpectedAfterCondition(tok token) *Error {
	if tok.kind == tokWord && isKeyword(tok.text, kwNot) {
		return p.lx.errorf(tok.pos, "there is no unary 'not': negate a condition with !=, not in, not contains or not exists")
	}
	if p.depth > 0 {
		return p.lx.errorf(tok.pos, "expected 'and', 'or' or ')' but found %s", tok.describe())
	}
	return p.lx.errorf(tok.pos, "expected 'and', 'or' or the end of the filter but found %s", tok.describe())
}

func (p *parser) parseCondition(pathTok token) (Expr, *Error) {
	path := &Path{At: pathTok.pos, Segments: strings.Split(pathTok.text, ".")}
	tok, err := p.lx.lexOperator()
	if err != nil {
		return nil, err
	}
	switch tok.kind {
	case tokOp:
		op := symbolOps[tok.text]
		v, err := p.parseValue(op)
		if err != nil {
			return nil, err
		}
		return &Compare{Path: path, Op: op, OpPos: tok.pos, Value: v}, nil
	case tokWord:
		word := strings.ToLower(tok.text)
		if word == kwExists {
			return &Exists{Path: path, OpPos: tok.pos}, nil
		}
		if word == kwNot {
			next, err := p.lx.lexOperator()
			if err != nil {
				return nil, err
			}
			nword := strings.ToLower(next.text)
			if next.kind == tokWord && nword == kwExists {
				return &Exists{Path: path, Not: true, OpPos: tok.pos}, nil
			}
			if next.kind == tokWord && nword == kwMatches {
				return nil, p.lx.errorf(tok.pos, "'not matches' is not supported by the Endor API, and RE2 has no negative lookahead to emulate it: write a positive 'matches' for the values you want, exclude known values with 'not in [...]', or filter the results client side")
			}
			if ops, ok := wordOps[nword]; ok && next.kind == tokWord && ops[1] != 0 {
				v, err := p.parseValue(ops[1])
				if err != nil {
					return nil, err
				}
				return &Compare{Path: path, Op: ops[1], OpPos: tok.pos, Value: v}, nil
			}
			return nil, p.lx.errorf(next.pos, "expected 'contains', 'in' or 'exists' after 'not' but found %s", next.describe())
		}
		if ops, ok := wordOps[word]; ok {
			v, err := p.parseValue(ops[0])
			if err != nil {
				return nil, err
			}
			return &Compare{Path: path, Op: ops[0], OpPos: tok.pos, Value: v}, nil
		}
	case tokEOF:
		return nil, p.lx.errorf(tok.pos, "expected an operator after %s (==, !=, <, <=, >, >=, contains, in, matches, exists)", quoteSrc(pathTok.text))
	}
	if isKeyword(pathTok.text, kwNot) {
		return nil, p.lx.errorf(pathTok.pos, "there is no unary 'not': negate a condition with !=, not in, not contains or not exists")
	}
	return nil, p.lx.errorf(tok.pos, "unknown operator %s after %s; expected ==, !=, <, <=, >, >=, contains, in, matches or exists",
		tok.describe(), quoteSrc(pathTok.text))
}

// parseValue parses the right-hand side of op.
func (p *parser) parseValue(op Op) (Value, *Error) {
	info := opTable[op]
	tok, err := p.lx.lexValue()
	if err != nil {
		return nil, err
	}
	opName := "'" + info.text + "'"
	switch tok.kind {
	case tokLBrack:
		if info.shape != listValue && info.shape != oneOrList {
			return nil, p.lx.errorf(tok.pos, "%s compares with a single value, not a list; use 'in' to compare with several", opName)
		}
		return p.parseList(tok)
	case tokLParen:
		if info.shape == listValue || info.shape == oneOrList {
			return nil, p.lx.errorf(tok.pos, "lists are written with square brackets, e.g. %s [a, b]", info.text)
		}
	case tokString, tokBare, tokNumber, tokBool, tokDate, tokNow:
		if tok.kind == tokBare && (isKeyword(tok.val, kwAnd) || isKeyword(tok.val, kwOr)) {
			break
		}
		if info.shape == listValue {
			return nil, p.lx.errorf(tok.pos, "%s needs a list, e.g. %s [%s]", opName, info.text, tok.text)
		}
		v, err := p.scalar(tok)
		if err != nil {
			return nil, err
		}
		if info.shape == regexpValue {
			switch v.(type) {
			case *String, *Bare, *Number:
			default:
				return nil, p.lx.errorf(tok.pos, "'matches' needs a regular expression in quotes, e.g. matches '(?i)admin'")
			}
		}
		return v, nil
	}
	return nil, p.lx.errorf(tok.pos, "expected a value after %s", opName)
}

// parseList parses the rest of a list whose '[' is open.
func (p *parser) parseList(open token) (Value, *Error) {
	list := &List{At: open.pos}
	after := "'['"
	for {
		tok, err := p.lx.lexValue()
		if err != nil {
			return nil, err
		}
		switch tok.kind {
		case tokRBrack:
			if len(list.Elems) > 0 {
				return nil, p.lx.errorf(tok.pos, "expected a value after ',' (no trailing comma in lists)")
			}
			return list, nil
		case tokString, tokBare, tokNumber, tokBool, tokDate, tokNow:
			v, err := p.scalar(tok)
			if err != nil {
				return nil, err
			}
			list.Elems = append(list.Elems, v)
		case tokLBrack:
			return nil, p.lx.errorf(tok.pos, "lists cannot be nested")
		case tokEOF:
			return nil, p.lx.errorf(tok.pos, "expected ']' to close the list opened at %s", open.pos)
		default:
			return nil, p.lx.errorf(tok.pos, "expected a value after %s but found %s", after, tok.describe())
		}
		sep, err := p.lx.lexValue()
		if err != nil {
			return nil, err
		}
		switch sep.kind {
		case tokRBrack:
			return list, nil
		case tokComma:
			after = "','"
			continue
		case tokEOF:
			return nil, p.lx.errorf(sep.pos, "expected ']' to close the list opened at %s", open.pos)
		}
		return nil, p.lx.errorf(sep.pos, "expected ',' or ']' after a list element but found %s", sep.describe())
	}
}

// scalar turns a value token into its node.
func (p *parser) scalar(tok token) (Value, *Error) {
	switch tok.kind {
	case tokString:
		return &String{At: tok.pos, Value: tok.val}, nil
	case tokBare:
		return &Bare{At: tok.pos, Value: tok.val}, nil
	case tokBool:
		return &Bool{At: tok.pos, Value: tok.val == kwTrue}, nil
	case tokNumber:
		f, _ := strconv.ParseFloat(tok.text, 64) // isNumber vetted the syntax; a huge literal becomes ±Inf, its text survives
		return &Number{At: tok.pos, Text: tok.text, Value: f}, nil
	case tokDate:
		t, dateOnly, msg := parseDate(tok.val)
		if msg != "" {
			return nil, p.lx.errorf(tok.argPos, "%s", msg)
		}
		return &Date{At: tok.pos, Time: t, DateOnly: dateOnly}, nil
	case tokNow:
		d, msg := parseOffset(tok.val)
		if msg != "" {
			return nil, p.lx.errorf(tok.argPos, "%s", msg)
		}
		return &Now{At: tok.pos, Offset: d}, nil
	}
	return nil, p.lx.errorf(tok.pos, "expected a value but found %s", tok.describe())
}

// dateLayout is the date-only form of date(...).
const dateLayout = "2006-01-02"

// parseDate parses the argument of date(...): YYYY-MM-DD (midnight UTC) or
// an RFC 3339 instant with up to nanosecond fractions, turned into UTC.
func parseDate(s string) (t time.Time, dateOnly bool, msg string) {
	if s == "" {
		return time.Time{}, false, "date() needs a date, e.g. date(2025-01-01) or date(2025-01-01T00:00:00Z)"
	}
	if t, err := time.Parse(dateLayout, s); err == nil {
		return t, true, ""
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, false, fmt.Sprintf("invalid date %s: use YYYY-MM-DD or RFC 3339 such as 2025-01-31T23:59:59Z", quoteSrc(s))
	}
	return t.UTC(), false, ""
}

// goDurationUnit reports whether u is a unit time.ParseDuration takes.
func goDurationUnit(u string) bool {
	switch u {
	case "ns", "us", "µs", "μs", "ms", "s", "m", "h":
		return true
	}
	return false
}

// parseOffset parses the argument of now(...): a signed Go duration such
// as -24h or -1h30m (time.ParseDuration), where d for days is also allowed
// (printed back as hours, because the server reportedly rejects d). Each
// days term is turned into hours before Go parses the whole.
func parseOffset(s string) (time.Duration, string) {
	if s == "" {
		return 0, "now() needs an offset, e.g. now(-24h), or now(0s) for the present"
	}
	bad := fmt.Sprintf("invalid duration %s in now(): write a signed Go duration such as -24h or -90m (units ns, us, ms, s, m, h, and d for days)", quoteSrc(s))
	sign, rest := "", s
	if rest[0] == '-' || rest[0] == '+' {
		sign, rest = rest[:1], rest[1:]
	}
	var days time.Duration
	var other strings.Builder
	for rest != "" {
		i := strings.IndexFunc(rest, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
		if i <= 0 {
			if rest == "0" && other.Len() == 0 && days == 0 {
				return 0, ""
			}
			return 0, bad
		}
		j := i + strings.IndexFunc(rest[i:], func(r rune) bool { return ('0' <= r && r <= '9') || r == '.' })
		if j < i {
			j = len(rest)
		}
		num, unit := rest[:i], rest[i:j]
		rest = rest[j:]
		if strings.Count(num, ".") > 1 || strings.Trim(num, ".") == "" || !goDurationUnit(unit) && unit != "d" {
			return 0, bad
		}
		if unit != "d" {
			other.WriteString(num + unit)
			continue
		}
		h, err := time.ParseDuration(num + "h")
		if err != nil || h > math.MaxInt64/24 {
			return 0, fmt.Sprintf("duration %s in now() is out of range", quoteSrc(s))
		}
		if days += 24 * h; days < 0 {
			return 0, fmt.Sprintf("duration %s in now() is out of range", quoteSrc(s))
		}
	}
	var d time.Duration
	if other.Len() > 0 {
		var err error
		// The terms are well formed (checked above), so Go refuses only a
		// sum too large for a Duration.
		if d, err = time.ParseDuration(other.String()); err != nil {
			return 0, fmt.Sprintf("duration %s in now() is out of range", quoteSrc(s))
		}
	}
	if d > math.MaxInt64-days {
		return 0, fmt.Sprintf("duration %s in now() is out of range", quoteSrc(s))
	}
	d += days
	if sign == "-" {
		d = -d
	}
	return d, ""
}
