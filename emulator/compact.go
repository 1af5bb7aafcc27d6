package emulator

import (
	"bytes"

	"github.com/tidwall/gjson"
)

// compactObject drops the null, "" and [] members of the object raw, at
// every depth, for application/jsoncompact (decisions.go). An object that
// holds none is returned as is, without copying.
func compactObject(raw []byte) []byte {
	if !bytes.Contains(raw, []byte("null")) && !bytes.Contains(raw, []byte(`""`)) && !hasEmptyArray(raw) {
		return raw
	}
	var b bytes.Buffer
	b.Grow(len(raw))
	writeCompact(&b, gjson.ParseBytes(raw))
	return b.Bytes()
}

func isEmptyValue(v gjson.Result) bool {
	switch v.Type {
	case gjson.Null:
		return true
	case gjson.String:
		return v.Str == ""
	case gjson.JSON:
		return v.IsArray() && len(bytes.TrimSpace([]byte(v.Raw[1:len(v.Raw)-1]))) == 0
	}
	return false
}

func writeCompact(b *bytes.Buffer, v gjson.Result) {
	switch {
	case v.IsObject():
		b.WriteByte('{')
		first := true
		v.ForEach(func(k, val gjson.Result) bool {
			if isEmptyValue(val) {
				return true
			}
			if !first {
				b.WriteByte(',')
			}
			first = false
			b.WriteString(k.Raw)
			b.WriteByte(':')
			writeCompact(b, val)
			return true
		})
		b.WriteByte('}')
	case v.IsArray():
		b.WriteByte('[')
		first := true
		v.ForEach(func(_, val gjson.Result) bool {
			if !first {
				b.WriteByte(',')
			}
			first = false
			writeCompact(b, val)
			return true
		})
		b.WriteByte(']')
	default:
		b.WriteString(v.Raw)
	}
}

// hasEmptyArray reports whether raw may hold an empty array: a ']' whose
// previous non-space byte is '['. Strings can give false positives, which
// only cost the slow path.
func hasEmptyArray(raw []byte) bool {
	for i := bytes.IndexByte(raw, ']'); i >= 0; {
		j := i - 1
		for j >= 0 && isSpace(raw[j]) {
			j--
		}
		if j >= 0 && raw[j] == '[' {
			return true
		}
		k := bytes.IndexByte(raw[i+1:], ']')
		if k < 0 {
			return false
		}
		i += k + 1
	}
	return false
}
