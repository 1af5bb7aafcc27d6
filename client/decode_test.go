package client

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/auditlog/auditlog/api"
)

func TestDecodePage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body string
		uuids      []string
		next       string
		wantErr    bool
	}{
		{"envelope", `{"list":{"objects":[{"uuid":"a"},{"uuid":"b"}],"response":{"next_page_id":"b"}}}`, []string{"a", "b"}, "b", false},
		{"response first, blanks", "{ \"list\" : { \"response\" : {\"next_page_token\": 7} ,\n \"objects\" : [ {\"uuid\":\"a\"} ,\t{\"uuid\":\"b\"} ] } }\n", []string{"a", "b"}, "offset:7", false},
		{"empty result", `{}`, nil, "", false},
		{"null list", `{"list":null}`, nil, "", false},
		{"null objects", `{"list":{"objects":null,"response":{}}}`, nil, "", false},
		{"other members skipped", `{"count_response":{"count":3},"list":{"objects":[],"extra":[1,{"x":"]"}]}}`, nil, "", false},
		{"trailing garbage", `{"list":{"objects":[]}} x`, nil, "", true},
		{"not an object", `[1]`, nil, "", true},
		{"html", `<html>502</html>`, nil, "", true},
		{"empty body", ``, nil, "", true},
		{"object of the wrong shape", `{"list":{"objects":[{"uuid":1}]}}`, nil, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			page, err := decodePage([]byte(tt.body), TierArchive)
			if (err != nil) != tt.wantErr {
				t.Fatalf("error = %v", err)
			}
			if err != nil {
				return
			}
			var got []string
			for _, e := range page.Entries {
				got = append(got, e.UUID)
				if e.Tier != TierArchive || !json.Valid(e.Raw) {
					t.Errorf("entry %+v", e)
				}
			}
			if !reflect.DeepEqual(got, tt.uuids) || page.NextCursor != tt.next {
				t.Errorf("got %v next %q", got, page.NextCursor)
			}
		})
	}
}

// FuzzDecodePage checks the one-pass decoder against encoding/json: what
// json.Unmarshal reads as an envelope, decodePage reads alike, and each
// Raw is exactly one object that decodes to the same AuditLog.
func FuzzDecodePage(f *testing.F) {
	f.Add(`{"list":{"objects":[{"uuid":"a","meta":{"create_time":"2026-01-02T03:04:05Z"}},{"uuid":"b"}],"response":{"next_page_id":"b"}}}`)
	f.Add(`{"list":{"objects":[ {"uuid":"a\"]}"} , {"spec":{"payload":{"x":[1,2,{"y":"}"}]}}} ]}}`)
	f.Add(`{}`)
	f.Fuzz(func(t *testing.T, body string) {
		var lr api.ListAuditLogsResponse
		stdErr := json.Unmarshal([]byte(body), &lr)
		page, err := decodePage([]byte(body), TierActive)
		if stdErr == nil && err != nil {
			t.Fatalf("encoding/json reads %q, decodePage fails: %v", body, err)
		}
		if err != nil {
			return
		}
		if stdErr != nil {
			// decodePage skips members it does not need without typing
			// them; it must still only accept valid JSON.
			if !json.Valid([]byte(body)) {
				t.Fatalf("decodePage accepted invalid JSON %q", body)
			}
			return
		}
		var want []api.AuditLog
		if lr.List != nil {
			want = lr.List.Objects
		}
		if len(page.Entries) != len(want) {
			t.Fatalf("%d entries, encoding/json %d", len(page.Entries), len(want))
		}
		for i, e := range page.Entries {
			var a api.AuditLog
			if err := json.Unmarshal(e.Raw, &a); err != nil {
				t.Fatalf("Raw %q: %v", e.Raw, err)
			}
			if !reflect.DeepEqual(a, want[i]) || !reflect.DeepEqual(e.AuditLog, want[i]) {
				t.Fatalf("entry %d differs", i)
			}
		}
	})
}
