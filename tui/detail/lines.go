package detail

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/tui/common"
)

// paint indexes the paints of the pane (see common.Paint).
type paint uint8

const (
	pNone paint = iota
	pKey
	pString
	pNumber
	pBool
	pNull
	pPunct
	pFolded
	pHeader
	pAdd
	pRemove
	pChange
	pMuted
	pError
	pCursor
	numPaints
)

func newPaints(s *common.Styles) [numPaints]common.Paint {
	return [numPaints]common.Paint{
		pKey:    common.PaintOf(s.JSONKey),
		pString: common.PaintOf(s.JSONString),
		pNumber: common.PaintOf(s.JSONNumber),
		pBool:   common.PaintOf(s.JSONBool),
		pNull:   common.PaintOf(s.JSONNull),
		pPunct:  common.PaintOf(s.JSONPunct),
		pFolded: common.PaintOf(s.DetailFolded),
		pHeader: common.PaintOf(s.DetailHeader),
		pAdd:    common.PaintOf(s.DiffAdd),
		pRemove: common.PaintOf(s.DiffRemove),
		pChange: common.PaintOf(s.DiffChange),
		pMuted:  common.PaintOf(s.Muted),
		pError:  common.PaintOf(s.Error),
		pCursor: common.PaintOf(s.DetailCursor),
	}
}

// seg is a run of text in one paint. The text is always safe to draw.
type seg struct {
	text  string
	paint paint
}

// lline is one logical line: a JSON line, a line of the changes section,
// or a message.
type lline struct {
	segs   []seg
	indent int   // cells of leading indentation, repeated on wrapped rows
	node   *node // the container this line opens or closes, if any
	open   bool  // the line opens node (or shows it folded)
	parent *node // the container the line is in
	// value is what copying the line copies: a scalar's value (a string
	// unquoted), a summary line's main value; "" for the rest.
	value string
}

func (l lline) plain() string {
	var b strings.Builder
	for _, s := range l.segs {
		b.WriteString(s.text)
	}
	return b.String()
}

const indentStep = 2

// flatten lays the tree out as lines, honouring folds.
func flatten(out []lline, n, parent *node, depth int, last bool) []lline {
	ind := depth * indentStep
	var lead []seg
	if ind > 0 {
		lead = append(lead, seg{strings.Repeat(" ", ind), pNone})
	}
	if n.hasKey {
		lead = append(lead, seg{n.key, pKey}, seg{": ", pPunct})
	}
	comma := func(segs []seg) []seg {
		if !last {
			segs = append(segs, seg{",", pPunct})
		}
		return segs
	}
	if !n.container() {
		segs := append(lead, seg{n.text, scalarPaint(n.kind)})
		return append(out, lline{segs: comma(segs), indent: ind, parent: parent, value: scalarValue(n)})
	}
	openD, closeD := "{", "}"
	if n.kind == kindArray {
		openD, closeD = "[", "]"
	}
	if len(n.children) == 0 {
		segs := append(lead, seg{openD + closeD, pPunct})
		return append(out, lline{segs: comma(segs), indent: ind, parent: parent})
	}
	if n.folded {
		segs := append(lead, seg{openD + "…" + closeD, pPunct})
		segs = append(segs, seg{" " + count(n), pFolded})
		if !last {
			segs = append(segs, seg{",", pPunct})
		}
		return append(out, lline{segs: segs, indent: ind, node: n, open: true, parent: parent})
	}
	out = append(out, lline{segs: append(lead, seg{openD, pPunct}), indent: ind, node: n, open: true, parent: parent})
	for i, c := range n.children {
		out = flatten(out, c, n, depth+1, i == len(n.children)-1)
	}
	closeSegs := []seg{{closeD, pPunct}}
	if ind > 0 {
		closeSegs = []seg{{strings.Repeat(" ", ind), pNone}, {closeD, pPunct}}
	}
	return append(out, lline{segs: comma(closeSegs), indent: ind, node: n, parent: parent})
}

// scalarValue is a scalar as copied: a string without its quotes, its
// newlines and tabs real; a string with other controls or format
// characters keeps the escapes it is drawn with (a paste must not carry
// them into a terminal); anything else as drawn.
func scalarValue(n *node) string {
	if n.kind == kindString {
		if v, err := strconv.Unquote(n.text); err == nil && common.IsSafe(strings.NewReplacer("\n", "", "\t", "").Replace(v)) {
			return v
		}
		return strings.TrimSuffix(strings.TrimPrefix(n.text, `"`), `"`)
	}
	return n.text
}

func scalarPaint(k nodeKind) paint {
	switch k {
	case kindString:
		return pString
	case kindNumber:
		return pNumber
	case kindBool:
		return pBool
	}
	return pNull
}

// count describes a folded node: "12 keys", "1 item".
func count(n *node) string {
	c := len(n.children)
	unit := "keys"
	if n.kind == kindArray {
		unit = "items"
	}
	if c == 1 {
		unit = unit[:len(unit)-1]
	}
	return strconv.Itoa(c) + " " + unit
}

// changeLines renders the changes section.
func changeLines(changes []client.Change) []lline {
	out := []lline{{segs: []seg{{"Changes since the previous version", pHeader}}}}
	if len(changes) == 0 {
		out = append(out, lline{segs: []seg{{"  (none)", pMuted}}})
	}
	for _, c := range changes {
		sym, p := "~", pChange
		switch c.Op {
		case "add":
			sym, p = "+", pAdd
		case "remove":
			sym, p = "-", pRemove
		case "replace":
		default:
			sym = "~ " + common.Sanitize(c.Op)
		}
		segs := []seg{{"  " + sym + " ", p}, {common.Sanitize(c.Path), p}}
		switch {
		case c.Op == "remove":
			if len(c.Old) > 0 {
				segs = append(segs, seg{": ", pPunct}, seg{compact(c.Old), pMuted})
			}
		case c.Op == "add" || len(c.Old) == 0:
			if len(c.New) > 0 {
				segs = append(segs, seg{": ", pPunct}, seg{compact(c.New), pNone})
			}
		default:
			segs = append(segs, seg{": ", pPunct}, seg{compact(c.Old), pMuted}, seg{" → ", p}, seg{compact(c.New), pNone})
		}
		out = append(out, lline{segs: segs, indent: 4})
	}
	return append(out, lline{})
}

// compact renders a JSON value on one line, safe to draw: JSON may carry
// bidi and other format characters unescaped inside strings.
func compact(raw json.RawMessage) string {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return common.Sanitize(string(raw))
	}
	return common.Sanitize(b.String())
}
