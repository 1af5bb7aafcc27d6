package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/auditlog/auditlog/api"
)

func TestDiffPayloads(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		a, b string
		want string // op path old new; ...
	}{
		{"unchanged", `{"spec":{"x":1}}`, `{"spec":{"x":1}}`, ""},
		{"replace", `{"spec":{"rules":[{"enabled":true}]}}`, `{"spec":{"rules":[{"enabled":false}]}}`, "replace /spec/rules/0/enabled true false"},
		{"add", `{"meta":{}}`, `{"meta":{"tags":["x"]}}`, `add /meta/tags  ["x"]`},
		{"remove", `{"meta":{"description":"d"}}`, `{"meta":{}}`, `remove /meta/description "d" `},
		{"appends get their index", `{"r":["a"],"s":{"t":[]}}`, `{"r":["a","b","c"],"s":{"t":[1]}}`, `add /r/1  "b"; add /r/2  "c"; add /s/t/0  1`},
		{"keys with / and ~", `{"a/b":1,"c~d":1}`, `{"a/b":2,"c~d":2}`, "replace /a~1b 1 2; replace /c~0d 1 2"},
		{"absent payload", ``, `{"x":1}`, ""},
		{"null payload", `{"x":1}`, `null`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ch, err := DiffPayloads(json.RawMessage(tt.a), json.RawMessage(tt.b))
			if err != nil {
				t.Fatal(err)
			}
			var parts []string
			for _, c := range ch {
				parts = append(parts, fmt.Sprintf("%s %s %s %s", c.Op, c.Path, c.Old, c.New))
			}
			if got := strings.Join(parts, "; "); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestHistoryAcrossTiersOldestFirst(t *testing.T) {
	t.Parallel()
	f := setup(t)
	obj := "66a0c1d2e3f4a5b6c7d8e9f0"
	version := func(uuid string, at time.Time, op, payload string) string {
		return fmt.Sprintf(`{"uuid":%q,"meta":{"create_time":%q},"spec":{"operation":%q,"message_uuid":%q,"message_kind":"internal.endor.ai.endor.v1.Policy","payload":%s},"tenant_meta":{"namespace":"acme.prod"}}`,
			uuid, at.Format(time.RFC3339Nano), op, obj, payload)
	}
	archive := listBody("", version("v1", t0, "OPERATION_CREATE", `{"spec":{"enabled":true}}`))
	active := listBody("",
		version("v2", t0.Add(40*24*time.Hour), "OPERATION_UPDATE", `{"spec":{"enabled":false}}`),
		version("v3", t0.Add(41*24*time.Hour), "OPERATION_DELETE", `null`))
	check := func(r *http.Request) {
		testQuery(t, r, map[string]string{
			"list_parameters.filter":     `spec.message_uuid=='` + obj + `'`,
			"list_parameters.traverse":   "true",
			"list_parameters.page_size":  "500",
			"list_parameters.sort.path":  "meta.create_time",
			"list_parameters.sort.order": api.SortOrderAsc,
		})
	}
	f.mux.HandleFunc("/v1/namespaces/acme/audit-logs", func(w http.ResponseWriter, r *http.Request) { check(r); fmt.Fprint(w, active) })
	f.mux.HandleFunc("/v1/namespaces/acme/audit-logs/archived", func(w http.ResponseWriter, r *http.Request) { check(r); fmt.Fprint(w, archive) })
	vs, err := f.client.History(context.Background(), "acme", obj)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 3 || vs[0].UUID != "v1" || vs[0].Tier != TierArchive || vs[2].UUID != "v3" {
		t.Fatalf("versions = %+v", vs)
	}
	if vs[0].Changes != nil || vs[2].Changes != nil {
		t.Errorf("first/deleted versions have changes: %v %v", vs[0].Changes, vs[2].Changes)
	}
	if len(vs[1].Changes) != 1 || vs[1].Changes[0].Path != "/spec/enabled" || string(vs[1].Changes[0].Old) != "true" || string(vs[1].Changes[0].New) != "false" {
		t.Errorf("changes = %+v", vs[1].Changes)
	}
}

// TestHistoryOrdersVersionsItself: a server that ignores the sort sends
// the versions in any order; history orders them by create time, then
// uuid, and diffs each with its true predecessor.
func TestHistoryOrdersVersionsItself(t *testing.T) {
	t.Parallel()
	f := setup(t)
	version := func(uuid string, at time.Time, n int) string {
		return fmt.Sprintf(`{"uuid":%q,"meta":{"create_time":%q},"spec":{"operation":"OPERATION_UPDATE","message_uuid":"o","payload":{"n":%d}},"tenant_meta":{"namespace":"acme"}}`,
			uuid, at.Format(time.RFC3339Nano), n)
	}
	active := listBody("", version("v4", t0.Add(3*time.Hour), 4), version("v2b", t0.Add(time.Hour), 3), version("v2a", t0.Add(time.Hour), 2))
	archive := listBody("", version("v1", t0, 1), version("v2a", t0.Add(time.Hour), 2)) // v2a caught in both stores
	f.mux.HandleFunc("/v1/namespaces/acme/audit-logs", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, active) })
	f.mux.HandleFunc("/v1/namespaces/acme/audit-logs/archived", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, archive) })
	vs, err := f.client.History(context.Background(), "acme", "o")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range vs {
		d := ""
		for _, c := range v.Changes {
			d += fmt.Sprintf(" %s→%s", c.Old, c.New)
		}
		got = append(got, v.UUID+d)
	}
	want := "v1,v2a 1→2,v2b 2→3,v4 3→4"
	if strings.Join(got, ",") != want {
		t.Errorf("history = %q, want %q", strings.Join(got, ","), want)
	}
}
