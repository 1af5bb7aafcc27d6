package filters

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// CompletionKind says what a completion offers.
type CompletionKind int

// The kinds of completion, by what stands before the caret.
const (
	CompleteNothing   CompletionKind = iota
	CompletePath                     // at the start, after '(' or after and/or
	CompleteOperator                 // after a field path
	CompleteValue                    // after an operator, '[' or ','
	CompleteConnector                // after a whole condition: and, or
)

// Suggestions are what the caller knows beyond the schema: the payload
// paths and values seen in the entries it has loaded.
type Suggestions struct {
	// Paths are extra field paths, e.g. spec.payload.spec.rule seen in
	// loaded payloads. They follow the schema's paths.
	Paths []string
	// Values are values seen for a path, most useful first: actors' claims
	// for spec.claims, addresses for spec.remote_address.
	Values map[string][]string
}

// Candidate is one completion: the text that replaces the span, and what
// a menu shows for it.
type Candidate struct {
	Text    string // inserted as is: canonical operator, quoted value, path
	Display string // shown in a menu (a short kind name, say)
	Note    string // a word on it: the field's doc, the full kind name
}

// Completion is what Complete offers for the text around a caret.
type Completion struct {
	Kind CompletionKind
	// Start and End are the byte span of src the candidates replace: the
	// partial word before the caret (and the rest of it after the caret).
	Start, End int
	// Path is the field a value or operator is completed for.
	Path       string
	Candidates []Candidate
}

// maxCandidates bounds a completion: a menu shows a few; the caller's
// value lists may hold thousands.
const maxCandidates = 50

// Complete offers the completions for src with the caret at byte offset
// caret: field paths (the schema, then s.Paths) where a condition starts,
// the operators that suit a field after it, and values after an operator:
// the operations for spec.operation, message kinds (short names shown,
// full names inserted) for spec.message_kind, and s.Values of the field.
// Candidates that start with the partial word come first, then those that
// contain it, each in the order of their source. Complete never fails: on
// text it cannot read it offers nothing.
func Complete(src string, caret int, s Suggestions) Completion {
	if caret < 0 || caret > len(src) || !utf8.ValidString(src) {
		return Completion{}
	}
	start, end := caret, caret
	if open := openQuote(src[:caret]); open >= 0 {
		// Inside a string the word is the string, '=' and spaces included.
		start = open
		for end < len(src) && src[end] != src[open] {
			end++
		}
		if end < len(src) {
			end++ // the closing quote is replaced too
		}
	} else {
		for start > 0 && !boundary(src[start-1]) {
			start--
		}
		for end < len(src) && !boundary(src[end]) {
			end++
		}
	}
	partial := src[start:caret]
	before := strings.TrimRight(src[:start], " \t\r\n")
	c := Completion{Start: start, End: end}
	ctx, path, afterNot := context(before)
	switch ctx {
	case CompletePath:
		c.Kind = CompletePath
		c.Candidates = rank(partial, pathCandidates(s.Paths))
	case CompleteOperator:
		c.Kind, c.Path = CompleteOperator, path
		ops := operatorCandidates(path)
		if afterNot {
			// "spec.claims not |": offer what may follow the not.
			var rest []Candidate
			for _, o := range ops {
				if t, ok := strings.CutPrefix(o.Text, kwNot+" "); ok {
					rest = append(rest, Candidate{Text: t, Display: o.Text})
				}
			}
			ops = rest
		}
		c.Candidates = rank(partial, ops)
	case CompleteConnector:
		c.Kind = CompleteConnector
		c.Candidates = rank(partial, []Candidate{{Text: kwAnd, Display: kwAnd}, {Text: kwOr, Display: kwOr}})
	case CompleteValue:
		c.Kind, c.Path = CompleteValue, path
		vals := s.Values[path]
		if w, _ := lastWord(before); isKeyword(w, kwMatches) {
			// A seen value under matches is a literal, not a pattern.
			vals = make([]string, len(s.Values[path]))
			for i, v := range s.Values[path] {
				vals[i] = regexp.QuoteMeta(v)
			}
		}
		c.Candidates = rank(strings.TrimLeft(partial, `'"`), valueCandidates(path, vals))
	}
	return c
}

// openQuote returns the offset of the quote that s leaves open, or -1.
func openQuote(s string) int {
	open := -1
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case open >= 0 && c == '\\':
			i++
		case open >= 0 && c == s[open]:
			open = -1
		case open < 0 && (c == '\'' || c == '"'):
			open = i
		}
	}
	return open
}

// boundary reports whether b ends a word being completed. Quotes are not
// boundaries, so that a partial 'ali completes to 'alice@…'.
func boundary(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '(' || b == ')' || b == '[' || b == ',' || b == '=' || b == '!' || b == '<' || b == '>'
}

// context reads what stands before the partial word: the kind of
// completion, the field path it is for, and whether a 'not' precedes.
func context(before string) (kind CompletionKind, path string, afterNot bool) {
	if before == "" || strings.HasSuffix(before, "(") {
		return CompletePath, "", false
	}
	last, rest := lastWord(before)
	switch low := strings.ToLower(last); {
	case low == kwAnd || low == kwOr:
		return CompletePath, "", false
	case strings.HasSuffix(before, "[") || strings.HasSuffix(before, ","):
		return CompleteValue, pathBefore(before), false
	case isOperatorText(before):
		return CompleteValue, pathBefore(before), false
	case low == kwNot:
		p, _ := lastWord(strings.TrimRight(rest, " \t\r\n"))
		return CompleteOperator, p, true
	case isPathText(last) && startsCondition(rest):
		return CompleteOperator, last, false
	case strings.HasSuffix(before, "]") || strings.HasSuffix(before, ")") || strings.HasSuffix(before, "'") ||
		strings.HasSuffix(before, `"`) || isOperatorText(strings.TrimRight(rest, " \t\r\n")) || isKeyword(last, kwExists):
		return CompleteConnector, "", false
	}
	return CompleteNothing, "", false
}

// startsCondition reports whether a condition may start after rest: at
// the start, after '(' or after and/or.
func startsCondition(rest string) bool {
	rest = strings.TrimRight(rest, " \t\r\n")
	if rest == "" || strings.HasSuffix(rest, "(") {
		return true
	}
	w, _ := lastWord(rest)
	return isKeyword(w, kwAnd) || isKeyword(w, kwOr)
}

// lastWord splits s into its last space-separated word and what precedes.
func lastWord(s string) (word, rest string) {
	i := strings.LastIndexAny(s, " \t\r\n(")
	return s[i+1:], s[:i+1]
}

// isOperatorText reports whether s ends with an operator.
func isOperatorText(s string) bool {
	for _, sym := range []string{"==", "!=", "<=", ">=", "<", ">"} {
		if strings.HasSuffix(s, sym) {
			return true
		}
	}
	w, _ := lastWord(s)
	_, ok := wordOps[strings.ToLower(w)]
	return ok
}

// pathBefore finds the field path of the condition that ends s (after its
// operator, or inside its list).
func pathBefore(s string) string {
	if i := strings.LastIndexByte(s, '['); i >= 0 && !strings.Contains(s[i:], "]") {
		s = s[:i]
	}
	s = strings.TrimRight(s, " \t\r\n")
	for _, sym := range []string{"==", "!=", "<=", ">=", "<", ">"} {
		if strings.HasSuffix(s, sym) {
			s = strings.TrimSuffix(s, sym)
			break
		}
	}
	s = strings.TrimRight(s, " \t\r\n")
	if w, rest := lastWord(s); wordOps[strings.ToLower(w)] != [2]Op{} {
		s = strings.TrimRight(rest, " \t\r\n")
		if w, rest := lastWord(s); strings.EqualFold(w, kwNot) {
			s = strings.TrimRight(rest, " \t\r\n")
		}
	}
	w, _ := lastWord(s)
	if isPathText(w) {
		return w
	}
	return ""
}

// isPathText reports whether w reads as a field path.
func isPathText(w string) bool {
	if w == "" {
		return false
	}
	for _, seg := range strings.Split(w, ".") {
		if seg == "" {
			return false
		}
		for _, r := range seg {
			if !isLetter(r) && (r < '0' || r > '9') && r != '_' && r != '-' && r != '@' {
				return false
			}
		}
	}
	return !slices.Contains(reservedWords, strings.ToLower(w))
}

func pathCandidates(extra []string) []Candidate {
	out := make([]Candidate, 0, len(auditLogFields)+len(extra))
	seen := map[string]bool{}
	for _, f := range auditLogFields {
		if f.Type == TypeObject {
			continue // a message is not compared; its fields are listed
		}
		seen[f.Path] = true
		out = append(out, Candidate{Text: f.Path, Display: f.Path, Note: f.Doc})
	}
	for _, p := range extra {
		if !seen[p] && isPathText(p) {
			seen[p] = true
			out = append(out, Candidate{Text: p, Display: p, Note: "seen in loaded entries"})
		}
	}
	return out
}

// operatorCandidates lists the operators that do what they seem to on the
// field: no contains on a single string, no ordering on text or enums.
func operatorCandidates(path string) []Candidate {
	f, known, _ := lookupField(strings.Split(path, "."))
	var ops []string
	switch {
	case !known:
		ops = []string{"==", "!=", "in", "not in", "contains", "matches", "exists", "not exists"}
	case f.Type == TypeTime:
		ops = []string{">=", "<=", ">", "<", "==", "exists", "not exists"}
	case f.Type == TypeEnum:
		ops = []string{"==", "!=", "in", "not in"}
	case f.Type == TypeStringList:
		ops = []string{"contains", "not contains", "matches", "exists", "not exists"}
	case f.Type == TypeNumber:
		ops = []string{"==", "!=", ">=", "<=", ">", "<", "in", "exists", "not exists"}
	default:
		ops = []string{"==", "!=", "in", "not in", "matches", "exists", "not exists"}
	}
	out := make([]Candidate, len(ops))
	for i, op := range ops {
		out[i] = Candidate{Text: op, Display: op}
	}
	return out
}

func valueCandidates(path string, seen []string) []Candidate {
	var out []Candidate
	switch path {
	case PathOperation:
		for _, name := range operationNames[1:] {
			out = append(out, Candidate{Text: name, Display: name})
		}
	case PathMessageKind:
		for _, k := range kinds {
			out = append(out, Candidate{Text: quoteString(k.Full), Display: k.Short, Note: k.Full})
		}
	case PathCreateTime, "meta.update_time", "meta.upsert_time":
		for _, v := range []string{"now(-1h)", "now(-24h)", "now(-168h)", "now(-720h)", "date(" + dateLayout + ")"} {
			out = append(out, Candidate{Text: v, Display: v})
		}
	}
	for _, v := range seen {
		out = append(out, Candidate{Text: quoteString(v), Display: v, Note: "seen in loaded entries"})
	}
	return out
}

// rank keeps the candidates that start with partial (ignoring case), then
// those that contain it, each group in its source order, up to
// maxCandidates; an empty partial keeps them all. A kind matches on its
// short name as well as its text.
func rank(partial string, cands []Candidate) []Candidate {
	p := strings.ToLower(partial)
	var prefix, inside []Candidate
	for _, c := range cands {
		text := strings.ToLower(strings.Trim(c.Text, `'`))
		disp := strings.ToLower(c.Display)
		switch {
		case strings.HasPrefix(text, p) || strings.HasPrefix(disp, p):
			prefix = append(prefix, c)
		case strings.Contains(text, p) || strings.Contains(disp, p):
			inside = append(inside, c)
		}
	}
	out := append(prefix, inside...)
	if len(out) > maxCandidates {
		out = out[:maxCandidates]
	}
	return out
}
