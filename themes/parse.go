package themes

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/auditlog/auditlog/internal/textdist"
)

// ParseError is a problem in a theme file, with the line it is on.
type ParseError struct {
	File string // set by LoadFile
	Line int    // 1-based; 0 when the problem has no line (an empty path)
	Key  string // the key at fault, if any
	Msg  string
}

// Error renders "file:line: key: message" with the parts that are known.
func (e *ParseError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteString(":")
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, "%d:", e.Line)
	}
	if b.Len() > 0 {
		b.WriteString(" ")
	} else {
		b.WriteString("theme: ")
	}
	if e.Key != "" {
		fmt.Fprintf(&b, "%s: ", e.Key)
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Parse reads a theme from YAML: a mapping of the keys listed by Keys to
// colours, e.g.
//
//	name: my-theme
//	base: dracula        # optional: start from this built-in instead of base
//	accent: "#ff79c6"
//	op_delete: 196
//
// Keys the file leaves out keep the colour of base. An unknown key, a value
// that is not a colour, or a duplicated key is an error that names the key
// and its line; the first error wins.
func Parse(data []byte, base Theme) (Theme, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		// yaml's own messages already say "yaml: line N: …".
		return Theme{}, &ParseError{Msg: err.Error()}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return base, nil // an empty file changes nothing
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return base, nil
	}
	if root.Kind != yaml.MappingNode {
		return Theme{}, &ParseError{Line: root.Line, Msg: "a theme is a mapping of keys to colours"}
	}

	// base: first, wherever it stands, so that the other keys override it.
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Value != "base" {
			continue
		}
		if v.Kind != yaml.ScalarNode {
			return Theme{}, &ParseError{Line: v.Line, Key: "base", Msg: "want the name of a built-in theme"}
		}
		b, ok := Builtin(v.Value)
		if !ok {
			return Theme{}, &ParseError{Line: v.Line, Key: "base",
				Msg: fmt.Sprintf("unknown built-in theme %q (have %s)", v.Value, strings.Join(Names(), ", "))}
		}
		base = b
	}

	t := base
	seen := make(map[string]int, len(root.Content)/2)
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return Theme{}, &ParseError{Line: k.Line, Msg: "keys must be plain names"}
		}
		key := k.Value
		if prev, dup := seen[key]; dup {
			return Theme{}, &ParseError{Line: k.Line, Key: key, Msg: fmt.Sprintf("set twice (first on line %d)", prev)}
		}
		seen[key] = k.Line
		if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
			return Theme{}, &ParseError{Line: v.Line, Key: key, Msg: "want a colour: #rrggbb, #rgb or an ANSI number 0-255"}
		}
		switch key {
		case "base":
			continue
		case "name":
			t.Name = v.Value
			continue
		}
		f, ok := lookup(key)
		if !ok {
			msg := "unknown key"
			if s := suggest(key); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			return Theme{}, &ParseError{Line: k.Line, Key: key, Msg: msg}
		}
		if err := checkColor(v.Value); err != nil {
			return Theme{}, &ParseError{Line: v.Line, Key: key, Msg: err.Error()}
		}
		*f.ptr(&t) = v.Value
	}
	return t, nil
}

// LoadFile reads a theme file with Parse; errors carry the path.
func LoadFile(path string, base Theme) (Theme, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Theme{}, fmt.Errorf("theme: %w", err)
	}
	t, err := Parse(data, base)
	if pe := (*ParseError)(nil); errors.As(err, &pe) {
		pe.File = path
	}
	return t, err
}

func lookup(key string) (field, bool) {
	for _, f := range fields {
		if f.key == key {
			return f, true
		}
	}
	return field{}, false
}

// suggest returns the known key closest to key, if it is close enough to be
// a typo (edit distance at most 2, or the same key in another spelling such
// as "opCreate" or "op-create").
func suggest(key string) string {
	norm := func(s string) string {
		return strings.NewReplacer("_", "", "-", "").Replace(strings.ToLower(s))
	}
	best, bestD := "", 3
	for _, k := range Keys() {
		if norm(k) == norm(key) {
			return k
		}
		if d := textdist.Distance(k, key); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}
