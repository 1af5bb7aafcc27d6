package exportfile

import (
	"fmt"
	"time"
	"unsafe"

	"github.com/tidwall/gjson"
)

// fastIndex is index in one walk over the entry: after gjson's check that
// the entry is valid JSON, it reads the members index reads and skips
// every other value once (index's gjson.ForEach over the top level and
// then over spec skips the payload twice). Anything it does not expect (a
// key with an escape, a string value with one, an entry that is not an
// object) is handed to index, so that both give the same answer; a test
// compares them.
func fastIndex(raw []byte) (fields, error) {
	if !gjson.ValidBytes(raw) {
		return fields{}, fmt.Errorf("%w: not valid JSON", ErrEntry)
	}
	f, ok, err := walkEntry(raw)
	if !ok {
		return index(raw)
	}
	return f, err
}

// walk reads valid JSON.
type walk struct {
	b []byte
	i int
}

func (w *walk) space() {
	for w.i < len(w.b) {
		switch w.b[w.i] {
		case ' ', '\t', '\n', '\r':
			w.i++
		default:
			return
		}
	}
}

// str reads the string at w.i (after its opening quote is checked) and
// reports whether it holds an escape.
func (w *walk) str() (s []byte, escaped bool) {
	b := w.b
	start := w.i + 1
	for j := start; j < len(b); j++ {
		switch b[j] {
		case '\\':
			escaped = true
			j++
		case '"':
			w.i = j + 1
			return b[start:j], escaped
		}
	}
	w.i = len(b)
	return b[start:], escaped
}

// skip moves past the value at w.i.
func (w *walk) skip() {
	switch w.b[w.i] {
	case '"':
		w.str()
	case '{', '[':
		depth := 0
		for w.i < len(w.b) {
			switch w.b[w.i] {
			case '"':
				w.str()
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					w.i++
					return
				}
			}
			w.i++
		}
	default:
		for w.i < len(w.b) {
			switch w.b[w.i] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				return
			}
			w.i++
		}
	}
}

// members calls fn with each member of the object at w.i, the walk on its
// value; fn consumes the value or returns false to have it skipped. It
// returns false on a key with an escape (the caller falls back).
func (w *walk) members(fn func(key []byte) (consumed bool, stop bool)) bool {
	w.i++ // {
	for {
		w.space()
		if w.b[w.i] == '}' {
			w.i++
			return true
		}
		if w.b[w.i] == ',' {
			w.i++
			w.space()
		}
		key, esc := w.str()
		if esc {
			return false
		}
		w.space()
		w.i++ // :
		w.space()
		consumed, stop := fn(key)
		if stop {
			return true
		}
		if !consumed {
			w.skip()
		}
	}
}

// value is a scalar or composite value read at w.i: its gjson type and,
// for a string without escapes, its text.
type value struct {
	typ  gjson.Type
	text []byte
	ok   bool // false: a string with an escape (fall back)
}

func (w *walk) value() value {
	switch c := w.b[w.i]; {
	case c == '"':
		s, esc := w.str()
		return value{typ: gjson.String, text: s, ok: !esc}
	case c == 'n':
		w.skip()
		return value{typ: gjson.Null, ok: true}
	case c == 't':
		w.skip()
		return value{typ: gjson.True, ok: true}
	case c == 'f':
		w.skip()
		return value{typ: gjson.False, ok: true}
	case c == '{' || c == '[':
		w.skip()
		return value{typ: gjson.JSON, ok: true}
	default:
		w.skip()
		return value{typ: gjson.Number, ok: true}
	}
}

// walkEntry reads the fields of index from a valid JSON document; ok is
// false when index must decide.
func walkEntry(raw []byte) (f fields, ok bool, err error) {
	w := &walk{b: raw}
	w.space()
	if w.i >= len(raw) || raw[w.i] != '{' {
		return f, false, nil
	}
	var seenUUID, seenMeta, seenSpec, seenTenant bool
	var ctime value
	var haveCtime bool
	ok = true
	str := func(name string, v value) string {
		switch v.typ {
		case gjson.String:
			return bytesString(v.text)
		case gjson.Null:
			return ""
		}
		err = fmt.Errorf("%w: %s is not a string", ErrEntry, name)
		return ""
	}
	// first reads the first member called key of the object at w.i.
	first := func(key string) (value, bool) {
		var out value
		found := false
		if !w.members(func(k []byte) (bool, bool) {
			if !found && string(k) == key {
				found = true
				out = w.value()
				if !out.ok {
					ok = false
				}
				return true, false
			}
			return false, false
		}) {
			ok = false
		}
		return out, found
	}
	if !w.members(func(k []byte) (bool, bool) {
		if !ok || err != nil {
			return false, true
		}
		switch string(k) {
		case "uuid":
			if seenUUID {
				return false, false
			}
			seenUUID = true
			v := w.value()
			if !v.ok {
				ok = false
				return true, true
			}
			f.uuid = str("uuid", v)
			return true, err != nil
		case "meta":
			if seenMeta || raw[w.i] != '{' {
				return false, false
			}
			seenMeta = true
			ctime, haveCtime = first("create_time")
			return true, !ok
		case "spec":
			if seenSpec || raw[w.i] != '{' {
				return false, false
			}
			seenSpec = true
			var seen uint8
			if !w.members(func(k []byte) (bool, bool) {
				var bit uint8
				switch string(k) {
				case "operation":
					bit = 1
				case "message_kind":
					bit = 2
				case "message_uuid":
					bit = 4
				default:
					return false, false
				}
				if seen&bit != 0 {
					return false, false
				}
				seen |= bit
				v := w.value()
				if v.typ != gjson.Null && v.typ != gjson.String {
					err = fmt.Errorf("%w: spec.%s is not a string", ErrEntry, k)
					return true, true
				}
				return true, false
			}) {
				ok = false
			}
			return true, err != nil || !ok
		case "tenant_meta":
			if seenTenant || raw[w.i] != '{' {
				return false, false
			}
			seenTenant = true
			v, found := first("namespace")
			if !ok {
				return true, true
			}
			if found {
				f.ns = str("tenant_meta.namespace", v)
			}
			return true, err != nil
		}
		return false, false
	}) {
		ok = false
	}
	if !ok {
		return fields{}, false, nil
	}
	if err != nil {
		return fields{}, true, err
	}
	switch {
	case f.uuid == "":
		return fields{}, true, fmt.Errorf("%w: uuid is missing", ErrEntry)
	case f.ns == "":
		return fields{}, true, fmt.Errorf("%w: tenant_meta.namespace is missing", ErrEntry)
	case !haveCtime:
		return fields{}, true, fmt.Errorf("%w: meta.create_time is missing", ErrEntry)
	case ctime.typ != gjson.String:
		return fields{}, true, fmt.Errorf("%w: meta.create_time is not a string", ErrEntry)
	}
	t, perr := time.Parse(time.RFC3339Nano, bytesString(ctime.text))
	if perr != nil {
		return fields{}, true, fmt.Errorf("%w: meta.create_time %q is not an RFC 3339 time", ErrEntry, ctime.text)
	}
	f.ctime = t.UnixNano()
	return f, true, nil
}

// bytesString views b as a string without copying; b must not change
// while the string is used (entries are read-only during a scan).
func bytesString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}
