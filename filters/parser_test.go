package filters

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func mustParse(t testing.TB, src string) Expr {
	t.Helper()
	e, err := Parse(src)
	if err != nil {
		t.Fatalf("Parse(%q): %v", src, err)
	}
	return e
}

func TestLexValueTokens(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		kind tokenKind
		val  string
	}{
		{"bare enum", "OPERATION_CREATE", tokBare, "OPERATION_CREATE"},
		{"bare claim with =", "email=jane@x.io", tokBare, "email=jane@x.io"},
		{"bare hex uuid", "656e69058032bf0abaaeb681", tokBare, "656e69058032bf0abaaeb681"},
		{"single quotes", `'a b'`, tokString, "a b"},
		{"double quotes", `"a 'b'"`, tokString, "a 'b'"},
		{"escaped quote", `'it\'s'`, tokString, "it's"},
		{"escaped backslash", `'a\\b'`, tokString, `a\b`},
		{"regex escapes kept", `'\d+\.x'`, tokString, `\d+\.x`},
		{"newline escape", `'a\nb'`, tokString, "a\nb"},
		{"hex escape", `'\x1b['`, tokString, "\x1b["},
		{"unicode escape", `'\u{202e}'`, tokString, "\u202e"},
		{"incomplete hex escape kept", `'\x{41}'`, tokString, `\x{41}`},
		{"empty string", `''`, tokString, ""},
		{"integer", "5", tokNumber, "5"},
		{"negative decimal", "-2.5", tokNumber, "-2.5"},
		{"not a number", "1e5", tokBare, "1e5"},
		{"true", "true", tokBool, "true"},
		{"TRUE", "TRUE", tokBool, "true"},
		{"date", "date(2025-01-01)", tokDate, "2025-01-01"},
		{"DATE with spaces", "DATE( 2025-01-01T00:00:00Z )", tokDate, "2025-01-01T00:00:00Z"},
		{"quoted date", "date('2025-01-01')", tokDate, "2025-01-01"},
		{"now", "now(-24h)", tokNow, "-24h"},
		{"list open", "[", tokLBrack, ""},
		{"comma", ",", tokComma, ""},
		{"end", "  ", tokEOF, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tok, err := newLexer(tc.src).lexValue()
			if err != nil {
				t.Fatalf("lexValue(%q): %v", tc.src, err)
			}
			if tok.kind != tc.kind || (tc.val != "" && tok.val != tc.val) {
				t.Errorf("lexValue(%q) = kind %d val %q, want kind %d val %q", tc.src, tok.kind, tok.val, tc.kind, tc.val)
			}
		})
	}
}

func TestLexPositions(t *testing.T) {
	t.Parallel()
	l := newLexer("a ==\n  'é' and\tb")
	tok, _ := l.lexTerm()
	if tok.pos != (Pos{0, 1, 1}) {
		t.Errorf("path at %+v", tok.pos)
	}
	tok, _ = l.lexOperator()
	if tok.pos != (Pos{2, 1, 3}) {
		t.Errorf("op at %+v", tok.pos)
	}
	tok, _ = l.lexValue()
	if tok.pos != (Pos{7, 2, 3}) || tok.val != "é" {
		t.Errorf("string at %+v val %q", tok.pos, tok.val)
	}
	tok, _ = l.lexConnector()
	if tok.pos != (Pos{12, 2, 7}) || tok.text != "and" {
		t.Errorf("and at %+v", tok.pos)
	}
}

// TestCanonical pins the canonical printing of filters.
func TestCanonical(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, src, want string }{
		{"spaces around operators", "spec.operation=='OPERATION_CREATE'", "spec.operation == 'OPERATION_CREATE'"},
		{"keywords lower-cased", "a CONTAINS x AND b Not In [y] OR c NOT EXISTS", "(a contains x and b not in [y]) or c not exists"},
		{"and inside or parenthesised", "a==1 or b==2 and c==3", "a == 1 or (b == 2 and c == 3)"},
		{"or inside and keeps parens", "(a==1 or b==2) and c==3", "(a == 1 or b == 2) and c == 3"},
		{"redundant parens dropped", "((a==1)) and (b==2 and (c==3))", "a == 1 and b == 2 and c == 3"},
		{"nested groups", "((a==1 or b==2) and c==3) or d==4", "((a == 1 or b == 2) and c == 3) or d == 4"},
		{"double quotes become single", `meta.name matches "it's"`, `meta.name matches 'it\'s'`},
		{"regex backslashes kept", `a matches '\d+\.x'`, `a matches '\d+\.x'`},
		{"backslash before escape letter doubled", `a == 'C:\\new'`, `a == 'C:\\new'`},
		{"trailing backslash doubled", `a == 'x\\'`, `a == 'x\\'`},
		{"control characters escaped", `a == '\x1b[31m\u{202e}'`, `a == '\x1b[31m\u{202e}'`},
		{"days print as hours", "meta.create_time >= now(-7d)", "meta.create_time >= now(-168h)"},
		{"mixed units", "meta.create_time >= now(-1d2h30m)", "meta.create_time >= now(-26h30m)"},
		{"fractional", "meta.create_time >= now(-1.5h)", "meta.create_time >= now(-1h30m)"},
		{"plus sign", "meta.create_time <= now(+90s)", "meta.create_time <= now(1m30s)"},
		{"now zero", "meta.create_time <= now(0)", "meta.create_time <= now(0s)"},
		{"date only kept", "meta.create_time >= date(2024-05-01)", "meta.create_time >= date(2024-05-01)"},
		{"date to UTC", "meta.create_time >= date(2024-05-01T13:30:00.000+02:00)", "meta.create_time >= date(2024-05-01T11:30:00Z)"},
		{"nanoseconds kept", "meta.create_time >= date(2024-05-01T16:50:03.830911988Z)", "meta.create_time >= date(2024-05-01T16:50:03.830911988Z)"},
		{"empty list", "a in []", "a in []"},
		{"list spacing", "a in [x,'y' ,  3,true]", "a in [x, 'y', 3, true]"},
		{"multi-line", "a == 1\n  and\n  b == 2", "a == 1 and b == 2"},
		{"unicode spaces are spaces", "a\u00a0==\u00a0b", "a == b"},
		{"path with @", "spec.payload.@type == x", "spec.payload.@type == x"},
		{"bare value with symbols", "spec.claims contains user=jane@example.com@google", "spec.claims contains user=jane@example.com@google"},
		{"number text kept", "spec.error.code == 007", "spec.error.code == 007"},
		{"big integer text kept", "a == 123456789012345678901234567890", "a == 123456789012345678901234567890"},
		{"quoted keyword stays quoted", "a == 'and'", "a == 'and'"},
		{"keyword in list", "a in [and, or]", "a in ['and', 'or']"},
		{"quoted number stays quoted", "a == '5'", "a == '5'"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := mustParse(t, tc.src)
			if got := e.String(); got != tc.want {
				t.Errorf("String() = %q, want %q", got, tc.want)
			}
			if again := mustParse(t, e.String()); !Equal(e, again) {
				t.Errorf("re-parse of %q differs", e.String())
			}
		})
	}
}

func TestPrecedence(t *testing.T) {
	t.Parallel()
	e := mustParse(t, "a==1 or b==2 and c==3")
	or, ok := e.(*Logical)
	if !ok || or.Op != Or {
		t.Fatalf("top is %T %v, want or", e, e)
	}
	if and, ok := or.Y.(*Logical); !ok || and.Op != And {
		t.Fatalf("right of or is %v, want the and group", or.Y)
	}
	// Chains are left-associative.
	e = mustParse(t, "a==1 and b==2 and c==3")
	if l := e.(*Logical); l.X.(*Logical).Y.(*Compare).Path.String() != "b" {
		t.Errorf("and chain not left-associative: %#v", e)
	}
}

func TestPositionsOfNodes(t *testing.T) {
	t.Parallel()
	e := mustParse(t, "a == 1 and\n  b in [x, 'y']")
	l := e.(*Logical)
	if l.OpPos != (Pos{7, 1, 8}) {
		t.Errorf("and at %v", l.OpPos)
	}
	c := l.Y.(*Compare)
	list := c.Value.(*List)
	if c.Pos() != (Pos{13, 2, 3}) || c.OpPos.Col != 5 || list.At.Col != 8 || list.Elems[1].Pos().Col != 12 {
		t.Errorf("positions: compare %v op %v list %v elem %v", c.Pos(), c.OpPos, list.At, list.Elems[1].Pos())
	}
}

// TestErrors compares the whole message and snippet of parse errors.
func TestErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, src, want string }{
		{"missing value", "meta.create_time >= and spec.x == 1",
			"expected a value after '>=' (1:21)\nmeta.create_time >= and spec.x == 1\n                    ^"},
		{"missing value at end", "meta.create_time >=",
			"expected a value after '>=' (1:20)\nmeta.create_time >=\n                   ^"},
		{"empty", "   ", "empty filter: expected a condition such as spec.operation == OPERATION_CREATE (1:4)\n   \n   ^"},
		{"single =", "a = b", "unknown operator '='; use '==' to compare (1:3)\na = b\n  ^"},
		{"doubled or", "a == 'X' or or b == 'Y'", "expected a condition after 'or' but found the keyword 'or' (1:13)\na == 'X' or or b == 'Y'\n            ^"},
		{"leading and", "AND a == 1", "expected a condition after the start of the filter but found the keyword 'and' (1:1)\nAND a == 1\n^"},
		{"caret after wide text", "spec.claims == '日本語' and or", "expected a condition after 'and' but found the keyword 'or' (1:26)\nspec.claims == '日本語' and or\n                            ^"},
		{"caret after a combining mark", "b == 'e\u0301' or", "expected a condition after 'or' (1:13)\nb == 'e\u0301' or\n           ^"},
		{"=>", "a => b", "unknown operator '=>'; did you mean '>='? (1:3)\na => b\n  ^"},
		{"not matches", "spec.claims not matches 'x'",
			"'not matches' is not supported by the Endor API, and RE2 has no negative lookahead to emulate it: write a positive 'matches' for the values you want, exclude known values with 'not in [...]', or filter the results client side (1:13)\nspec.claims not matches 'x'\n            ^"},
		{"not what", "a not equals b", "expected 'contains', 'in' or 'exists' after 'not' but found 'equals' (1:7)\na not equals b\n      ^"},
		{"unary not", "not a == b", "there is no unary 'not': negate a condition with !=, not in, not contains or not exists (1:1)\nnot a == b\n^"},
		{"not after a condition", "a == b not c", "there is no unary 'not': negate a condition with !=, not in, not contains or not exists (1:8)\na == b not c\n       ^"},
		{"unclosed paren", "(a == 1 and b == 2", "expected ')' to close the '(' at 1:1 (1:19)\n(a == 1 and b == 2\n                  ^"},
		{"unmatched paren", "a == 1)", "unmatched ')' (1:7)\na == 1)\n      ^"},
		{"empty parens", "()", "empty parentheses: expected a condition (1:2)\n()\n ^"},
		{"dangling and", "a == 1 and", "expected a condition after 'and' (1:11)\na == 1 and\n          ^"},
		{"two values", "a == b c", "expected 'and', 'or' or the end of the filter but found 'c' (1:8)\na == b c\n       ^"},
		{"in needs a list", "a in x", "'in' needs a list, e.g. in [x] (1:6)\na in x\n     ^"},
		{"list for ==", "a == [x]", "'==' compares with a single value, not a list; use 'in' to compare with several (1:6)\na == [x]\n     ^"},
		{"parens for list", "a in (x, y)", "lists are written with square brackets, e.g. in [a, b] (1:6)\na in (x, y)\n     ^"},
		{"trailing comma", "a in [x,]", "expected a value after ',' (no trailing comma in lists) (1:9)\na in [x,]\n        ^"},
		{"unclosed list", "a in [x, y", "expected ']' to close the list opened at 1:6 (1:11)\na in [x, y\n          ^"},
		{"nested list", "a in [[x]]", "lists cannot be nested (1:7)\na in [[x]]\n      ^"},
		{"unterminated string", "a == 'abc", "unterminated string: missing closing ' (1:6)\na == 'abc\n     ^"},
		{"newline in string", "a == 'ab\nc'", "control character U+000A inside a string; write it as an escape such as \\n or \\x1b (1:9)\na == 'ab\n        ^"},
		{"escape character outside string", "a == b\x1b[0m", "invalid character U+001B in filter (1:7)\na == b?[0m\n      ^"},
		{"bidi override", "a == \u202eb", "invalid character U+202E in filter (1:6)\na == ?b\n     ^"},
		{"bad date", "meta.create_time >= date(2025-13-01)",
			"invalid date '2025-13-01': use YYYY-MM-DD or RFC 3339 such as 2025-01-31T23:59:59Z (1:26)\nmeta.create_time >= date(2025-13-01)\n                         ^"},
		{"empty date", "a >= date()", "date() needs a date, e.g. date(2025-01-01) or date(2025-01-01T00:00:00Z) (1:11)\na >= date()\n          ^"},
		{"bad duration", "a >= now(-1w)",
			"invalid duration '-1w' in now(): write a signed Go duration such as -24h or -90m (units ns, us, ms, s, m, h, and d for days) (1:10)\na >= now(-1w)\n         ^"},
		{"duration overflow", "a >= now(-999999999h)", "duration '-999999999h' in now() is out of range (1:10)\na >= now(-999999999h)\n         ^"},
		{"unknown function", "a == len(x)", "unknown function 'len'; a value may call date(...) or now(...) (1:6)\na == len(x)\n     ^"},
		{"unclosed call", "a >= now(-1h", "expected ')' to close now( at 1:9 (1:13)\na >= now(-1h\n            ^"},
		{"matches a date", "a matches date(2025-01-01)", "'matches' needs a regular expression in quotes, e.g. matches '(?i)admin' (1:11)\na matches date(2025-01-01)\n          ^"},
		{"trailing dot", "spec. == x", "field path 'spec.' ends with '.' (1:6)\nspec. == x\n     ^"},
		{"no operator", "spec.operation", "expected an operator after 'spec.operation' (==, !=, <, <=, >, >=, contains, in, matches, exists) (1:15)\nspec.operation\n              ^"},
		{"second line", "a == 1 and\n  b >=", "expected a value after '>=' (2:7)\n  b >=\n      ^"},
		{"tab before caret", "a == 1 and\n\tb >=", "expected a value after '>=' (2:6)\n\tb >=\n\t    ^"},
		{"value keyword", "a == and b == 1", "expected a value after '==' (1:6)\na == and b == 1\n     ^"},
		{"invalid utf-8", "a == '\xff'", "filter is not valid UTF-8 (1:7)\na == '?'\n      ^"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse(tc.src)
			var fe *Error
			if !errors.As(err, &fe) {
				t.Fatalf("Parse(%q) error = %v, want *Error", tc.src, err)
			}
			if got := Format(fe); got != tc.want {
				t.Errorf("Parse(%q):\n got %q\nwant %q", tc.src, got, tc.want)
			}
		})
	}
}

func TestLimits(t *testing.T) {
	t.Parallel()
	deep := strings.Repeat("(", MaxDepth) + "a == 1" + strings.Repeat(")", MaxDepth)
	if _, err := Parse(deep); err != nil {
		t.Errorf("depth %d refused: %v", MaxDepth, err)
	}
	tooDeep := strings.Repeat("(", MaxDepth+1) + "a == 1" + strings.Repeat(")", MaxDepth+1)
	if _, err := Parse(tooDeep); err == nil || !strings.Contains(err.Error(), "nest too deeply") {
		t.Errorf("depth %d: err = %v", MaxDepth+1, err)
	}
	long := "a == '" + strings.Repeat("x", MaxSize) + "'"
	if _, err := Parse(long); err == nil || !strings.Contains(err.Error(), "filter is too long") {
		t.Errorf("long filter: err = %v", err)
	}
	// A long chain just under the limit parses and prints.
	var b strings.Builder
	b.WriteString("a == 1")
	for b.Len() < MaxSize-20 {
		b.WriteString(" and a == 1")
	}
	e := mustParse(t, b.String())
	if !Equal(mustParse(t, e.String()), e) {
		t.Error("long chain does not round-trip")
	}
}

func TestEqual(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		a, b string
		want bool
	}{
		{"positions ignored", "a==1", "  a  ==  1", true},
		{"quoting ignored", "a == 'X'", "a == X", true},
		{"associativity ignored", "(a==1 and b==2) and c==3", "a==1 and (b==2 and c==3)", true},
		{"order matters", "a==1 and b==2", "b==2 and a==1", false},
		{"operator matters", "a==1 and b==2", "a==1 or b==2", false},
		{"values differ", "a==1", "a==2", false},
		{"types differ", "a==1", "a=='1'", false},
		{"date instants", "a >= date(2024-01-01T02:00:00+02:00)", "a >= date(2024-01-01T00:00:00Z)", true},
		{"date-only differs from instant", "a >= date(2024-01-01)", "a >= date(2024-01-01T00:00:00Z)", false},
		{"days and hours", "a >= now(-1d)", "a >= now(-24h)", true},
		{"not exists vs exists", "a exists", "a not exists", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := Equal(mustParse(t, tc.a), mustParse(t, tc.b)); got != tc.want {
				t.Errorf("Equal(%q, %q) = %v", tc.a, tc.b, got)
			}
		})
	}
	if !Equal(nil, nil) || Equal(mustParse(t, "a==1"), nil) {
		t.Error("Equal with nil")
	}
}

func TestFreeze(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 27, 4, 41, 24, 500, time.FixedZone("X", 3600))
	src := "spec.operation == OPERATION_CREATE and meta.create_time >= now(-7d) and meta.create_time in [now(0s), date(2024-01-01)]"
	e := mustParse(t, src)
	before := e.String()
	got := Freeze(e, now).String()
	want := "spec.operation == OPERATION_CREATE and meta.create_time >= date(2026-11-20T03:41:24.0000005Z) and meta.create_time in [date(2026-11-27T03:41:24.0000005Z), date(2024-01-01)]"
	if got != want {
		t.Errorf("Freeze:\n got %s\nwant %s", got, want)
	}
	if e.String() != before {
		t.Errorf("Freeze changed its input: %s", e.String())
	}
	// A frozen filter selects what the relative one selected at that instant.
	m1, _ := Compile(e)
	m2, _ := Compile(Freeze(e, now))
	for _, ts := range []string{"2026-11-20T03:41:24Z", "2026-11-21T00:00:00Z", "2026-11-27T03:41:24.0000005Z"} {
		doc := map[string]any{"spec": map[string]any{"operation": "OPERATION_CREATE"}, "meta": map[string]any{"create_time": ts}}
		if m1.Match(doc, now) != m2.Match(doc, now.Add(48*time.Hour)) {
			t.Errorf("frozen and relative disagree on %s", ts)
		}
	}
}

func TestSnippetOfLongLine(t *testing.T) {
	t.Parallel()
	src := strings.Repeat("a == 1 and ", 200) + "b >= and " + strings.Repeat("c == 2 and ", 200) + "d == 3"
	_, err := Parse(src)
	fe := err.(*Error)
	lines := strings.Split(fe.Snippet(), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "...") || !strings.HasSuffix(lines[0], "...") {
		t.Fatalf("snippet:\n%s", fe.Snippet())
	}
	caret := strings.Index(lines[1], "^")
	if got := lines[0][caret:]; !strings.HasPrefix(got, "and c == 2") {
		t.Errorf("caret under %q, want under the 'and' after '>='", got[:10])
	}
	if len([]rune(lines[0])) > snippetWidth+6 {
		t.Errorf("snippet line is %d runes long", len([]rune(lines[0])))
	}
}
