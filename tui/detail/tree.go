package detail

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

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
	path     string // e.g. spec.claims[2]: the identity of a fold across entries
	children []*node
	folded   bool
}

func (n *node) container() bool { return n.kind == kindObject || n.kind == kindArray }

// parse reads one JSON document into a tree, keeping the order of keys
// (a map would not).
func parse(data []byte) (*node, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	root, err := parseValue(dec, "", 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("unexpected data after the JSON value (offset %d)", dec.InputOffset())
	}
	return root, nil
}

func parseValue(dec *json.Decoder, path string, depth int) (*node, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("nested deeper than %d levels", maxDepth)
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	n := &node{path: path}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			n.kind = kindObject
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, _ := kt.(string)
				child, err := parseValue(dec, joinPath(path, k), depth+1)
				if err != nil {
					return nil, err
				}
				child.key, child.hasKey = common.Quote(k), true
				n.children = append(n.children, child)
			}
		case '[':
			n.kind = kindArray
			for i := 0; dec.More(); i++ {
				child, err := parseValue(dec, path+"["+strconv.Itoa(i)+"]", depth+1)
				if err != nil {
					return nil, err
				}
				n.children = append(n.children, child)
			}
		default:
			return nil, fmt.Errorf("unexpected %q at offset %d", t, dec.InputOffset())
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return nil, err
		}
	case string:
		n.kind, n.text = kindString, common.Quote(t)
	case json.Number:
		n.kind, n.text = kindNumber, common.Sanitize(t.String())
	case bool:
		n.kind, n.text = kindBool, strconv.FormatBool(t)
	case nil:
		n.kind, n.text = kindNull, "null"
	}
	return n, nil
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
