package filters

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mattn/go-runewidth"
)

// String returns the position as "line:col".
func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// IsValid reports whether p was set by the parser (line numbers start at 1).
func (p Pos) IsValid() bool { return p.Line > 0 }

// Error is the one problem type of this package: a syntax error from
// Parse, a regular expression Compile refuses, and every finding of Check.
// It carries the source it was found in, so that Snippet needs nothing
// from the caller. Its message names the line and column; Snippet shows
// the source line with a caret under the spot. Parse reports the first
// error only.
type Error struct {
	Pos      Pos
	Msg      string
	Src      string   // the whole filter source, for Snippet
	Code     Code     // what kind of problem; CodeSyntax for Parse's errors
	Severity Severity // SeverityError unless Check grades it a warning
}

// Code names the kind of a problem, so that callers decide by value and
// never by message text.
type Code string

// The codes. Parse's errors are all CodeSyntax; the others come from Check
// (and CodeRegexp from Compile too).
const (
	CodeSyntax       Code = "syntax"        // not a filter
	CodeRegexp       Code = "regexp"        // a matches value Go's RE2 refuses
	CodeUnknownField Code = "unknown-field" // a path the AuditLog schema lacks
	CodeNoContext    Code = "no-context"    // context.* on audit logs
	CodeEnum         Code = "enum"          // a spec.operation value that is not an operation
	CodeTimeValue    Code = "time-value"    // a time field compared with text, or text with a time
	CodeEmptyList    Code = "empty-list"    // in [] / not in []
	CodeContains     Code = "contains"      // contains on a single string
	CodeIPOrdering   Code = "ip-ordering"   // >=/<= on an address, compared as text
	CodeKindName     Code = "kind-name"     // a short message kind where the full name is stored
	CodeArchiveKind  Code = "archive-kind"  // an archive query without spec.message_kind
	CodeArchiveOrder Code = "archive-order" // an archive query with the kind after the time
)

// Error returns the message followed by the position, e.g.
// "expected a value after '>=' (1:24)".
func (e *Error) Error() string {
	if !e.Pos.IsValid() {
		return e.Msg
	}
	return fmt.Sprintf("%s (%s)", e.Msg, e.Pos)
}

// Snippet returns the source line that holds the error and, below it, a
// caret under the error's column. It returns "" when there is no source.
func (e *Error) Snippet() string { return snippet(e.Src, e.Pos) }

// Format returns the message and the snippet on the lines below it: what
// the command line prints for a bad filter.
func Format(e *Error) string {
	if s := e.Snippet(); s != "" {
		return e.Error() + "\n" + s
	}
	return e.Error()
}

// snippetWidth bounds the part of a long line that a snippet shows, so that
// a 64 KiB one-line filter yields a readable message.
const snippetWidth = 100

// snippet renders line pos.Line of src with a caret under pos.Col.
// Characters that could drive a terminal (control characters, bidi
// overrides) are shown as '?': the filter may come from a pasted or
// attacker-influenced string.
func snippet(src string, pos Pos) string {
	if src == "" || !pos.IsValid() {
		return ""
	}
	line := pos.Line
	rest := src
	for i := 1; i < line; i++ {
		j := strings.IndexByte(rest, '\n')
		if j < 0 {
			return ""
		}
		rest = rest[j+1:]
	}
	if j := strings.IndexByte(rest, '\n'); j >= 0 {
		rest = rest[:j]
	}
	rest = strings.TrimSuffix(rest, "\r")
	runes := []rune(rest)
	if !utf8.ValidString(rest) {
		runes = []rune(strings.ToValidUTF8(rest, "?"))
	}
	col := pos.Col - 1 // 0-based rune index of the caret
	if col > len(runes) {
		col = len(runes)
	}
	start, end := 0, len(runes)
	prefix, suffix := "", ""
	if len(runes) > snippetWidth {
		start = max(0, col-snippetWidth/2)
		end = min(len(runes), start+snippetWidth)
		if start > 0 {
			prefix = "..."
		}
		if end < len(runes) {
			suffix = "..."
		}
	}
	var b strings.Builder
	var caret strings.Builder
	b.WriteString(prefix)
	caret.WriteString(strings.Repeat(" ", len(prefix)))
	for i := start; i < end; i++ {
		r := runes[i]
		switch {
		case r == '\t':
			b.WriteRune('\t')
		case !unicode.IsPrint(r) && r != ' ':
			b.WriteRune('?')
			r = '?'
		default:
			b.WriteRune(r)
		}
		if i < col {
			switch w := runewidth.RuneWidth(r); {
			case r == '\t':
				caret.WriteByte('\t')
			case w > 0:
				// A wide (CJK) character takes two cells: pad by its width so
				// the caret sits under the right cell.
				caret.WriteString(strings.Repeat(" ", w))
			}
		}
	}
	b.WriteString(suffix)
	caret.WriteByte('^')
	return b.String() + "\n" + caret.String()
}

// quoteSrc quotes a piece of source text for an error message, escaping
// anything unprintable.
func quoteSrc(s string) string {
	const maxLen = 40
	if utf8.RuneCountInString(s) > maxLen {
		s = string([]rune(s)[:maxLen]) + "..."
	}
	return quoteString(s)
}
