package filters

import (
	"time"
	"unsafe"

	"github.com/tidwall/gjson"
)

// MatchJSON reports whether the raw JSON document satisfies the filter,
// with the same semantics as Match on the decoded document, without
// decoding it: each condition reads only the fields on its path. raw must
// be valid JSON (an invalid document matches as far as it can be read);
// with duplicate keys the first one counts, where encoding/json keeps the
// last. raw is not retained and must not change during the call.
func (m *Matcher) MatchJSON(raw []byte, now time.Time) bool {
	// The bytes are read, never written or kept: viewing them as a string
	// saves copying a document that may be megabytes long.
	return m.root.matchJSON(unsafe.String(unsafe.SliceData(raw), len(raw)), now)
}

// MatchJSONString is MatchJSON for a document held in a string.
func (m *Matcher) MatchJSONString(raw string, now time.Time) bool {
	return m.root.matchJSON(raw, now)
}

func (n *node) matchJSON(raw string, now time.Time) bool {
	switch n.kind {
	case nodeAnd:
		for i := range n.kids {
			if !n.kids[i].matchJSON(raw, now) {
				return false
			}
		}
		return true
	case nodeOr:
		for i := range n.kids {
			if n.kids[i].matchJSON(raw, now) {
				return true
			}
		}
		return false
	}
	// Most paths run through objects only: one gjson lookup of the whole
	// path skips each large sibling (the payload) once. Where it finds
	// nothing, a list may be on the way, so walk step by step.
	if n.gpath != "" {
		if r := gjson.Get(raw, n.gpath); r.Exists() {
			return n.leafJSON(r, now) != n.neg
		}
	}
	return n.walkJSON(gjson.Parse(raw), n.jpath, now) != n.neg
}

func (n *node) leafJSON(r gjson.Result, now time.Time) bool {
	if n.kind == nodeExists {
		return existsJSON(r)
	}
	return n.holdsJSON(r, now)
}

func (n *node) walkJSON(r gjson.Result, path []string, now time.Time) bool {
	for len(path) > 0 {
		if r.IsArray() {
			found := false
			rest := path
			r.ForEach(func(_, e gjson.Result) bool {
				found = n.walkJSON(e, rest, now)
				return !found
			})
			return found
		}
		if !r.IsObject() {
			return false
		}
		r = r.Get(path[0])
		if !r.Exists() {
			return false
		}
		path = path[1:]
	}
	return n.leafJSON(r, now)
}

func existsJSON(r gjson.Result) bool {
	switch r.Type {
	case gjson.Null:
		return false
	case gjson.JSON:
		return !emptyComposite(r.Raw)
	}
	return r.Exists()
}

// emptyComposite reports whether raw is {} or [] (with any spacing).
func emptyComposite(raw string) bool {
	for i := 1; i < len(raw); i++ {
		switch raw[i] {
		case ' ', '\t', '\n', '\r':
			continue
		case '}', ']':
			return true
		}
		return false
	}
	return false
}

func (n *node) holdsJSON(r gjson.Result, now time.Time) bool {
	switch r.Type {
	case gjson.String:
		return n.holds(leaf{kind: leafString, s: r.Str}, now)
	case gjson.Number:
		return n.holds(leaf{kind: leafNumber, f: r.Num}, now)
	case gjson.True:
		return n.holds(leaf{kind: leafBool, b: true}, now)
	case gjson.False:
		return n.holds(leaf{kind: leafBool, b: false}, now)
	case gjson.JSON:
		if r.IsArray() {
			found := false
			r.ForEach(func(_, e gjson.Result) bool {
				found = n.holdsJSON(e, now)
				return !found
			})
			return found
		}
	}
	return n.holds(leaf{kind: leafOther}, now)
}
