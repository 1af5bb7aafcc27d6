package filters

import "strings"

// tokenKind classifies a token. The lexer is driven by the parser, which
// asks for the kind of token the grammar allows at each point (a clause, an
// operator, a value, a connector): a bare value such as email=jane@x.io or
// 2025-01-01T00:00:00Z would otherwise be indistinguishable from a path
// followed by an operator.
type tokenKind int

const (
	tokEOF     tokenKind = iota
	tokIllegal           // text that fits nothing the grammar allows here
	tokLParen
	tokRParen
	tokLBrack
	tokRBrack
	tokComma
	tokPath   // spec.claims
	tokOp     // == != < <= > >=
	tokWord   // a run of letters where a keyword may stand: and, or, not, contains, in, matches, exists
	tokString // 'quoted' or "quoted"; val holds the unescaped text
	tokBare   // an unquoted word value
	tokNumber
	tokBool
	tokDate // date(...); val holds the argument
	tokNow  // now(...); val holds the argument
)

// token is one lexeme: its kind, position, source text and value.
type token struct {
	kind tokenKind
	pos  Pos
	text string // the source text
	val  string // unescaped string, bare word, or function argument

	argPos Pos // the argument's position, for date(...) and now(...)
}

// describe names the token for an error message: "'and'", "end of filter".
func (t token) describe() string {
	switch t.kind {
	case tokEOF:
		return "end of filter"
	case tokString:
		return "string " + quoteSrc(t.val)
	}
	return quoteSrc(t.text)
}

// Keywords, matched case-insensitively on input and printed lower-case.
const (
	kwAnd      = "and"
	kwOr       = "or"
	kwNot      = "not"
	kwContains = "contains"
	kwIn       = "in"
	kwMatches  = "matches"
	kwExists   = "exists"
	kwTrue     = "true"
	kwFalse    = "false"
	kwDate     = "date"
	kwNow      = "now"
)

// reservedWords cannot be printed as bare values: they would read back as a
// keyword or a literal of another type.
var reservedWords = []string{kwAnd, kwOr, kwNot, kwContains, kwIn, kwMatches, kwExists, kwTrue, kwFalse}

// isKeyword reports whether word is kw, ignoring case.
func isKeyword(word, kw string) bool { return strings.EqualFold(word, kw) }

func isReserved(word string) bool {
	for _, kw := range reservedWords {
		if strings.EqualFold(word, kw) {
			return true
		}
	}
	return false
}
