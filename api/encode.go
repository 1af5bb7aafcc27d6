package api

import (
	"bytes"
	"encoding/json"
)

// Marshal encodes v as compact JSON without encoding/json's HTML escaping,
// so that `&#34;` in an error message is sent as those bytes, the way the
// service sends it, rather than as `\u0026#34;`.
func Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
