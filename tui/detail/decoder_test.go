package detail

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/auditlog/auditlog/tui/common"
)

// parseWithDecoder is the first parser of the pane, on json.Decoder.Token:
// slower, but encoding/json's own reading of the document, so it is the
// oracle the scanner of parse is checked against.
func parseWithDecoder(data []byte) (*node, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	root, err := decoderValue(dec, "", "", -1, 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("unexpected data after the JSON value (offset %d)", dec.InputOffset())
	}
	return root, nil
}

// parseValue reads one value. Only objects and arrays get a path (built
// from the parent's path and the key or index): scalars cannot be folded,
// and building theirs would cost an allocation per value.
func decoderValue(dec *json.Decoder, parent, key string, index, depth int) (*node, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("nested deeper than %d levels", maxDepth)
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	n := &node{}
	switch t := tok.(type) {
	case json.Delim:
		path := parent
		switch {
		case depth == 0:
		case index >= 0:
			path = parent + "[" + strconv.Itoa(index) + "]"
		default:
			path = joinPath(parent, key)
		}
		n.path = path
		switch t {
		case '{':
			n.kind = kindObject
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, _ := kt.(string)
				child, err := decoderValue(dec, path, k, -1, depth+1)
				if err != nil {
					return nil, err
				}
				child.key, child.hasKey = common.Quote(k), true
				n.children = append(n.children, child)
			}
		case '[':
			n.kind = kindArray
			for i := 0; dec.More(); i++ {
				child, err := decoderValue(dec, path, "", i, depth+1)
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

// dump prints a tree for comparison.
func dump(b *strings.Builder, n *node, depth int) {
	fmt.Fprintf(b, "%s%d key=%q(%v) text=%q path=%q folded=%v\n", strings.Repeat(" ", depth), n.kind, n.key, n.hasKey, n.text, n.path, n.folded)
	for _, c := range n.children {
		dump(b, c, depth+1)
	}
}

func trees(t *testing.T, data []byte) (got, want string, gotErr, wantErr error) {
	t.Helper()
	g, gotErr := parse(data)
	w, wantErr := parseWithDecoder(data)
	var gb, wb strings.Builder
	if g != nil {
		dump(&gb, g, 0)
	}
	if w != nil {
		dump(&wb, w, 0)
	}
	return gb.String(), wb.String(), gotErr, wantErr
}

func TestScannerAgreesWithDecoder(t *testing.T) {
	t.Parallel()
	for _, doc := range []string{
		testRaw, `{}`, `[]`, ` { "a" : [ 1 , -2.5e+3 , true , false , null , "x\"y\\z\u00e9\ud83d\ude00" ] , "b" : { } } `,
		`"\u001b[2J"`, `[[[]],[{}]]`, `{"a":{"b":{"c":[{"d":1}]}}}`, "{\"\u202e\":\"\u202e\"}", `0`, `-0.0E-0`,
	} {
		got, want, gerr, werr := trees(t, []byte(doc))
		if gerr != nil || werr != nil || got != want {
			t.Errorf("%s:\nscanner (%v):\n%s\ndecoder (%v):\n%s", doc, gerr, got, werr, want)
		}
	}
	for _, bad := range []string{``, `{`, `{"a":}`, `[1,]`, `{"a":1}x`, "\"\x01\""} {
		if _, err := parse([]byte(bad)); err == nil {
			t.Errorf("parse(%q) accepted invalid JSON", bad)
		}
	}
}

func FuzzScannerAgreesWithDecoder(f *testing.F) {
	for _, s := range []string{testRaw, `{"a":[1,2,{"b":null}]}`, `"\u00e9\n"`, `[1e5,-0.1]`, `{"":""}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !utf8.Valid(data) {
			// encoding/json decodes bytes that are not UTF-8 as U+FFFD; the
			// scanner keeps them, to show them escaped.
			return
		}
		got, want, gerr, werr := trees(t, data)
		if (gerr == nil) != (werr == nil) {
			if werr != nil && strings.Contains(werr.Error(), "nested deeper") {
				return
			}
			t.Fatalf("%q: scanner error %v, decoder error %v", data, gerr, werr)
		}
		if got != want {
			t.Fatalf("%q:\nscanner:\n%s\ndecoder:\n%s", data, got, want)
		}
	})
}
