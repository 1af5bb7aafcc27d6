package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/auditlog/auditlog/api"
)

// decodePage decodes a list envelope. Each object is decoded once by a
// json.Decoder, and its raw bytes are the slice of the body the decoder
// consumed for it (InputOffset before and after): one pass over the
// bytes, as plain json.Unmarshal of the envelope would make, instead of
// one pass to split the objects and another to decode them. Raw points
// into body, which is never reused.
func decodePage(body []byte, tier Tier) (*Page, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	page := &Page{}
	var resp api.ListResponse
	// Keys match case-insensitively and a repeated member replaces the
	// earlier one, as with json.Unmarshal.
	err := decodeObject(dec, func(key string) error {
		if !strings.EqualFold(key, "list") {
			return skipValue(dec)
		}
		if isNull(dec, body) {
			page.Entries, resp = nil, api.ListResponse{}
			return skipValue(dec)
		}
		return decodeObject(dec, func(key string) error {
			switch {
			case strings.EqualFold(key, "objects"):
				page.Entries = nil
				if isNull(dec, body) {
					return skipValue(dec)
				}
				return decodeObjects(dec, body, tier, page)
			case strings.EqualFold(key, "response"):
				if isNull(dec, body) {
					resp = api.ListResponse{}
				}
				return dec.Decode(&resp)
			}
			return skipValue(dec)
		})
	})
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("unexpected data after the answer")
	}
	switch {
	case resp.NextPageID != "":
		page.NextCursor = resp.NextPageID
	case resp.NextPageToken > 0:
		page.NextCursor = "offset:" + strconv.FormatInt(int64(resp.NextPageToken), 10)
	}
	return page, nil
}

// decodeObject reads a JSON object, calling field for each key with the
// decoder positioned before the value.
func decodeObject(dec *json.Decoder, field func(key string) error) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return fmt.Errorf("expected an object, found %v", tok)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key, ok := tok.(string)
		if !ok {
			return fmt.Errorf("expected a key, found %v", tok)
		}
		if err := field(key); err != nil {
			return err
		}
	}
	_, err = dec.Token() // '}'
	return err
}

func decodeObjects(dec *json.Decoder, body []byte, tier Tier, page *Page) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return fmt.Errorf("objects: expected an array, found %v", tok)
	}
	for i := 0; dec.More(); i++ {
		start := int(dec.InputOffset())
		e := Entry{Tier: tier}
		if err := dec.Decode(&e.AuditLog); err != nil {
			return fmt.Errorf("object %d: %w", i, err)
		}
		end := int(dec.InputOffset())
		// The offset before the value may still sit on the comma and
		// blanks that precede it.
		for start < end && (body[start] == ',' || body[start] == ' ' || body[start] == '\n' || body[start] == '\t' || body[start] == '\r') {
			start++
		}
		e.Raw = json.RawMessage(body[start:end:end])
		page.Entries = append(page.Entries, e)
	}
	_, err = dec.Token() // ']'
	return err
}

func skipValue(dec *json.Decoder) error {
	var v json.RawMessage
	return dec.Decode(&v)
}

// isNull reports whether the next value is null, without consuming it.
func isNull(dec *json.Decoder, body []byte) bool {
	off := int(dec.InputOffset())
	for off < len(body) && (body[off] == ' ' || body[off] == '\n' || body[off] == '\t' || body[off] == '\r' || body[off] == ':' || body[off] == ',') {
		off++
	}
	return off+4 <= len(body) && string(body[off:off+4]) == "null"
}
