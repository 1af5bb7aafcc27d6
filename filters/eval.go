package filters

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"regexp/syntax"
	"strconv"
	"strings"
	"time"

	"github.com/tidwall/gjson"
)

// Matcher is a compiled filter. It is safe for concurrent use.
//
// Semantics (the one place they are written down; the emulator follows
// them, reference §12.3):
//   - A path walks JSON objects key by key. Where it meets a list, the rest
//     of the path is applied to every element, and the condition holds when
//     it holds for any element. A list at the end of the path is likewise
//     tested element by element (nested lists are flattened).
//   - ==, in and contains are one test: some element equals some value.
//     contains is list membership, not substring: on a scalar field it is
//     equality. Use matches for substrings.
//   - !=, not in, not contains and not exists are the exact complements of
//     ==, in, contains and exists. So a missing field matches != x, as
//     MongoDB's $ne does (the real server's behaviour is unknown).
//   - Values take the type of the document field they meet: a string field
//     compares text, byte-wise (lexicographic), with the value as written
//     (bare words, quoted strings and numbers alike); a number field
//     compares numerically with any value that parses as a number; a bool
//     field compares with true/false. date(...) and now(...) compare as
//     instants with string fields that hold RFC 3339 times (nanosecond
//     fractions and offsets allowed); other fields never match them.
//     null, objects and type mismatches never match (but do satisfy the
//     negated operators).
//   - <, <=, > and >= do not order booleans.
//   - matches is an unanchored RE2 search on string fields; (?i) works.
//   - exists is false for a missing field and for null, {} and []. An empty
//     string or a zero exists.
type Matcher struct {
	root node
}

type nodeKind uint8

const (
	nodeAnd nodeKind = iota + 1
	nodeOr
	nodeCompare
	nodeExists
)

// test is what a comparison checks on one leaf.
type test uint8

const (
	testEqual test = iota + 1 // ==, in, contains
	testLess
	testLessEq
	testGreater
	testGreaterEq
	testMatch
)

type node struct {
	kind  nodeKind
	kids  []node
	neg   bool     // the negated operators: the complement of the positive test
	path  []string // segments, for decoded documents
	jpath []string // segments escaped for gjson
	gpath string   // the whole path for one gjson lookup; "" when a segment is numeric (gjson would index lists)
	test  test
	vals  []cval
	re    *regexp.Regexp
}

type valKind uint8

const (
	valText valKind = iota + 1
	valDate
	valNow
)

// cval is a compiled value, with every reading a document field may need.
type cval struct {
	kind valKind
	text string // the text a string field compares with
	num  float64
	isN  bool // text reads as a number
	b    bool
	isB  bool // text reads as a boolean
	t    time.Time
	off  time.Duration
}

// Compile prepares e for matching. A regular expression that does not
// compile under Go's RE2 syntax is reported as an *Error at its position
// (with an empty Src: ParseAndCompile fills it in).
func Compile(e Expr) (*Matcher, error) {
	m := &Matcher{}
	root, err := m.compile(e)
	if err != nil {
		return nil, err
	}
	m.root = root
	return m, nil
}

// ParseAndCompile parses src and compiles it; errors carry src for their
// snippet.
func ParseAndCompile(src string) (*Matcher, error) {
	e, err := Parse(src)
	if err != nil {
		return nil, err
	}
	m, err := Compile(e)
	if err != nil {
		if fe, ok := err.(*Error); ok {
			fe.Src = src
		}
		return nil, err
	}
	return m, nil
}

func (m *Matcher) compile(e Expr) (node, error) {
	switch n := e.(type) {
	case *Logical:
		if n == nil {
			break
		}
		kind := nodeAnd
		if n.Op == Or {
			kind = nodeOr
		} else if n.Op != And {
			return node{}, &Error{Pos: n.OpPos, Msg: fmt.Sprintf("unknown logical operator %d", n.Op), Code: CodeSyntax, Severity: SeverityError}
		}
		ops := flatten(n, nil)
		out := node{kind: kind, kids: make([]node, len(ops))}
		for i, x := range ops {
			k, err := m.compile(x)
			if err != nil {
				return node{}, err
			}
			out.kids[i] = k
		}
		return out, nil
	case *Exists:
		if n == nil || n.Path == nil || len(n.Path.Segments) == 0 {
			break
		}
		out := node{kind: nodeExists, neg: n.Not}
		m.setPath(&out, n.Path)
		return out, nil
	case *Compare:
		if n == nil || n.Path == nil || len(n.Path.Segments) == 0 || n.Value == nil || !n.Op.valid() {
			break
		}
		return m.compileCompare(n)
	}
	return node{}, &Error{Pos: posOf(e), Msg: fmt.Sprintf("cannot compile %T", e), Code: CodeSyntax, Severity: SeverityError}
}

func posOf(n Node) Pos {
	if isNilNode(n) {
		return Pos{}
	}
	return n.Pos()
}

func (m *Matcher) setPath(out *node, p *Path) {
	out.path = p.Segments
	out.jpath = make([]string, len(p.Segments))
	numeric := false
	for i, s := range p.Segments {
		out.jpath[i] = gjson.Escape(s)
		numeric = numeric || isDigits(s)
	}
	if !numeric {
		out.gpath = strings.Join(out.jpath, ".")
	}
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func (m *Matcher) compileCompare(n *Compare) (node, error) {
	out := node{kind: nodeCompare}
	m.setPath(&out, n.Path)
	op := n.Op
	if pos, ok := op.Negated(); ok {
		out.neg = true
		op = pos
	}
	switch op {
	case Eq, In, Contains:
		out.test = testEqual
	case Lt:
		out.test = testLess
	case Le:
		out.test = testLessEq
	case Gt:
		out.test = testGreater
	case Ge:
		out.test = testGreaterEq
	case Matches:
		out.test = testMatch
		re, err := compileRegexp(n.Value)
		if err != nil {
			return node{}, err
		}
		out.re = re
		return out, nil
	}
	var vals []Value
	if l, ok := n.Value.(*List); ok {
		if out.test != testEqual {
			return node{}, &Error{Pos: l.At, Msg: fmt.Sprintf("'%s' compares with a single value, not a list", n.Op), Code: CodeSyntax, Severity: SeverityError}
		}
		vals = l.Elems
	} else {
		vals = []Value{n.Value}
	}
	out.vals = make([]cval, 0, len(vals))
	for _, v := range vals {
		cv, err := compileValue(v)
		if err != nil {
			return node{}, err
		}
		out.vals = append(out.vals, cv)
	}
	return out, nil
}

// compileRegexp compiles the value of matches under RE2 syntax.
func compileRegexp(v Value) (*regexp.Regexp, error) {
	var text string
	switch v := v.(type) {
	case *String:
		text = v.Value
	case *Bare:
		text = v.Value
	case *Number:
		text = v.String()
	default:
		return nil, &Error{Pos: posOf(v), Msg: "'matches' needs a regular expression in quotes", Code: CodeRegexp, Severity: SeverityError}
	}
	re, err := regexp.Compile(text)
	if err != nil {
		msg := err.Error()
		if se, ok := err.(*syntax.Error); ok {
			msg = fmt.Sprintf("%s in %s", se.Code, quoteSrc(se.Expr))
		}
		return nil, &Error{Pos: v.Pos(), Msg: "invalid regular expression (Go RE2 syntax): " + msg, Code: CodeRegexp, Severity: SeverityError}
	}
	return re, nil
}

func compileValue(v Value) (cval, error) {
	switch v := v.(type) {
	case *String:
		return textVal(v.Value), nil
	case *Bare:
		return textVal(v.Value), nil
	case *Number:
		cv := textVal(v.String())
		cv.num, cv.isN = v.Value, !math.IsNaN(v.Value)
		return cv, nil
	case *Bool:
		return textVal(strconv.FormatBool(v.Value)), nil
	case *Date:
		return cval{kind: valDate, t: v.Time}, nil
	case *Now:
		return cval{kind: valNow, off: v.Offset}, nil
	case *List:
		return cval{}, &Error{Pos: v.At, Msg: "lists cannot be nested", Code: CodeSyntax, Severity: SeverityError}
	}
	return cval{}, &Error{Pos: posOf(v), Msg: fmt.Sprintf("cannot compile value %T", v), Code: CodeSyntax, Severity: SeverityError}
}

func textVal(s string) cval {
	cv := cval{kind: valText, text: s}
	if f, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil && s != "" {
		cv.num, cv.isN = f, true
	}
	if b, err := strconv.ParseBool(s); err == nil {
		cv.b, cv.isB = b, true
	}
	return cv
}

// leafKind is the JSON type of a scalar met at the end of a path.
type leafKind uint8

const (
	leafString leafKind = iota + 1
	leafNumber
	leafBool
	leafOther // null, objects
)

// leaf is a scalar from a document, decoded or raw: the evaluator's one
// view of both, so that Match and MatchJSON cannot disagree.
type leaf struct {
	kind leafKind
	s    string
	f    float64
	b    bool
}

// holds reports whether the positive test of n holds for one leaf.
func (n *node) holds(l leaf, now time.Time) bool {
	if n.test == testMatch {
		return l.kind == leafString && n.re.MatchString(l.s)
	}
	var (
		t      time.Time
		parsed bool
		tOK    bool
	)
	for i := range n.vals {
		v := &n.vals[i]
		var c int
		switch {
		case v.kind != valText:
			if l.kind != leafString {
				continue
			}
			if !parsed {
				t, tOK = parseTime(l.s)
				parsed = true
			}
			if !tOK {
				continue
			}
			at := v.t
			if v.kind == valNow {
				at = now.Add(v.off)
			}
			c = t.Compare(at)
		case l.kind == leafString:
			c = strings.Compare(l.s, v.text)
		case l.kind == leafNumber:
			if !v.isN {
				continue
			}
			switch {
			case l.f < v.num:
				c = -1
			case l.f > v.num:
				c = 1
			case l.f == v.num:
				c = 0
			default: // NaN
				continue
			}
		case l.kind == leafBool:
			if !v.isB || (n.test != testEqual) {
				continue
			}
			if l.b != v.b {
				c = 1
			}
		default:
			continue
		}
		switch n.test {
		case testEqual:
			if c == 0 {
				return true
			}
		case testLess:
			return c < 0
		case testLessEq:
			return c <= 0
		case testGreater:
			return c > 0
		case testGreaterEq:
			return c >= 0
		}
	}
	return false
}

// parseTime reads an RFC 3339 time as the API writes it.
func parseTime(s string) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339Nano, s)
	return t, err == nil
}

// Match reports whether a decoded JSON document (map[string]any, []any,
// string, float64, json.Number, bool, nil) satisfies the filter. now is
// the instant now(...) offsets count from.
func (m *Matcher) Match(doc any, now time.Time) bool {
	return m.root.match(doc, now)
}

func (n *node) match(doc any, now time.Time) bool {
	switch n.kind {
	case nodeAnd:
		for i := range n.kids {
			if !n.kids[i].match(doc, now) {
				return false
			}
		}
		return true
	case nodeOr:
		for i := range n.kids {
			if n.kids[i].match(doc, now) {
				return true
			}
		}
		return false
	}
	return n.walk(doc, n.path, now) != n.neg
}

// walk follows path from v and reports whether the positive test holds
// somewhere at its end.
func (n *node) walk(v any, path []string, now time.Time) bool {
	for len(path) > 0 {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[path[0]]; !ok {
				return false
			}
			path = path[1:]
		case []any:
			for _, e := range x {
				if n.walk(e, path, now) {
					return true
				}
			}
			return false
		default:
			return false
		}
	}
	if n.kind == nodeExists {
		return exists(v)
	}
	return n.holdsAny(v, now)
}

func exists(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case map[string]any:
		return len(x) > 0
	case []any:
		return len(x) > 0
	}
	return true
}

// holdsAny applies the test to v, or to every element when v is a list.
func (n *node) holdsAny(v any, now time.Time) bool {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			if n.holdsAny(e, now) {
				return true
			}
		}
		return false
	case string:
		return n.holds(leaf{kind: leafString, s: x}, now)
	case float64:
		return n.holds(leaf{kind: leafNumber, f: x}, now)
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			return n.holds(leaf{kind: leafOther}, now)
		}
		return n.holds(leaf{kind: leafNumber, f: f}, now)
	case int:
		return n.holds(leaf{kind: leafNumber, f: float64(x)}, now)
	case int64:
		return n.holds(leaf{kind: leafNumber, f: float64(x)}, now)
	case bool:
		return n.holds(leaf{kind: leafBool, b: x}, now)
	}
	return n.holds(leaf{kind: leafOther}, now)
}
