package detail

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/auditlog/auditlog/tui/common"
)

// maxDepth bounds the nesting the pane parses; deeper documents are shown
// as text. It keeps a hostile payload from costing a deep recursion.
const maxDepth = 200

type nodeKind uint8

const (
	kindObject nodeKind = iota
	kindArray
	kindString
	kindNumber
	kindBool
	kindNull
)

// node is one JSON value. Keys and scalars hold their display text, made
// safe once at parse time: strings through common.Quote, numbers (already
// validated by the decoder) through common.Sanitize.
type node struct {
	kind     nodeKind
	key      string // the member name as drawn (quoted), for object members
	hasKey   bool
	text     string // scalars
	path     string // objects and arrays: e.g. spec.claims; the identity of a fold across entries
	children []*node
	folded   bool
}

func (n *node) container() bool { return n.kind == kindObject || n.kind == kindArray }

// parse reads one JSON document into a tree, keeping the order of keys
// (a map would not). encoding/json validates the document first (without
// allocating); a small scanner then walks the valid bytes. It replaced
// json.Decoder.Token, which allocated an error value for nearly every
// token: the pane parses an entry on every key press in the table.
// decoder_test.go keeps the Token-based parser as the oracle of a fuzz test.
func parse(data []byte) (*node, error) {
	if !json.Valid(data) {
		var v any
		err := json.Unmarshal(data, &v) // for the message and offset
		if err == nil {
			err = errors.New("not a JSON document")
		}
		return nil, err
	}
	p := scanner{data: data}
	return p.value("", "", -1, 0)
}

// scanner walks a document that json.Valid accepted, so it needs no error
// handling beyond the depth limit.
type scanner struct {
	data []byte
	pos  int
}

func (p *scanner) skipSpace() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

// value reads one value. Only objects and arrays get a path (built from
// the parent's path and the key or index): scalars cannot be folded, and
// building theirs would cost an allocation per value.
func (p *scanner) value(parent, key string, index, depth int) (*node, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("nested deeper than %d levels", maxDepth)
	}
	p.skipSpace()
	n := &node{}
	switch c := p.data[p.pos]; c {
	case '{', '[':
		switch {
		case depth == 0:
		case index >= 0:
			n.path = parent + "[" + strconv.Itoa(index) + "]"
		default:
			n.path = joinPath(parent, key)
		}
		closing := byte(']')
		n.kind = kindArray
		if c == '{' {
			closing, n.kind = '}', kindObject
		}
		p.pos++
		p.skipSpace()
		if p.data[p.pos] == closing {
			p.pos++
			return n, nil
		}
		for i := 0; ; i++ {
			var child *node
			var err error
			if n.kind == kindObject {
				p.skipSpace()
				k := p.str()
				p.skipSpace()
				p.pos++ // ':'
				if child, err = p.value(n.path, k, -1, depth+1); err != nil {
					return nil, err
				}
				child.key, child.hasKey = common.Quote(k), true
			} else if child, err = p.value(n.path, "", i, depth+1); err != nil {
				return nil, err
			}
			n.children = append(n.children, child)
			p.skipSpace()
			sep := p.data[p.pos]
			p.pos++
			if sep != ',' {
				return n, nil
			}
		}
	case '"':
		n.kind, n.text = kindString, common.Quote(p.str())
	case 't':
		n.kind, n.text = kindBool, "true"
		p.pos += len("true")
	case 'f':
		n.kind, n.text = kindBool, "false"
		p.pos += len("false")
	case 'n':
		n.kind, n.text = kindNull, "null"
		p.pos += len("null")
	default:
		start := p.pos
		for p.pos < len(p.data) && strings.IndexByte("+-0123456789.eE", p.data[p.pos]) >= 0 {
			p.pos++
		}
		n.kind, n.text = kindNumber, string(p.data[start:p.pos])
	}
	return n, nil
}

// str reads the string at p.pos (its opening quote) and returns it
// decoded. Strings without escapes are taken as they are, bytes that are
// not UTF-8 included (Quote shows those as \xNN, which is more faithful to
// what the server sent than the U+FFFD encoding/json would put instead).
func (p *scanner) str() string {
	start := p.pos + 1
	i := start
	escaped := false
	for p.data[i] != '"' {
		if p.data[i] == '\\' {
			escaped = true
			i++
		}
		i++
	}
	p.pos = i + 1
	if !escaped {
		return string(p.data[start:i])
	}
	var s string
	_ = json.Unmarshal(p.data[start-1:i+1], &s) // valid: json.Valid said so
	return s
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// walk calls f on n and every node below it.
func walk(n *node, f func(*node)) {
	if n == nil {
		return
	}
	f(n)
	for _, c := range n.children {
		walk(c, f)
	}
}
