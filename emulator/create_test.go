package emulator

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/auditlog/auditlog/api"
	"github.com/tidwall/gjson"
)

const newEntry = `{"uuid":"ffffffffffffffffffffffff","meta":{"name":"","create_time":"1999-01-01T00:00:00Z","kind":"X","created_by":"jane@acme.example@google"},` +
	`"spec":{"operation":"OPERATION_UPDATE","message_kind":"internal.endor.ai.endor.v1.Policy","message_uuid":"65aa00000000000000000001",` +
	`"claims":["email=jane@acme.example"],"remote_address":"203.0.113.7"},"tenant_meta":{"namespace":"globex"}}`

var objectIDRE = regexp.MustCompile(`^[0-9a-f]{24}$`)

func post(t *testing.T, s *Server, path, body string, headers ...string) response {
	t.Helper()
	return do(t, s, http.MethodPost, path, nil, []byte(body), append([]string{"Authorization", "Bearer " + s.Token()}, headers...)...)
}

func TestCreateStoresAndAnswersTheEntry(t *testing.T) {
	t.Parallel()
	s := startDemo(t, 50)
	r := post(t, s, "/v1/namespaces/acme.prod/audit-logs", newEntry)
	if r.status != 200 {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	got := gjson.ParseBytes(r.body)
	uuid := got.Get("uuid").Str
	for _, c := range []struct{ path, want string }{
		{"meta.kind", api.Kind},
		{"meta.name", "AuditLog"},
		{"meta.version", "v1"},
		{"meta.create_time", testNow.Format(time.RFC3339Nano)},
		{"meta.update_time", testNow.Format(time.RFC3339Nano)},
		{"meta.created_by", "jane@acme.example@google"}, // given: kept
		{"meta.updated_by", "emulator@acme@api-key"},    // absent: the caller
		{"tenant_meta.namespace", "acme.prod"},          // the path's, not the body's
		{"spec.message_kind", "internal.endor.ai.endor.v1.Policy"},
		{"spec.claims.0", "email=jane@acme.example"},
	} {
		if v := got.Get(c.path).String(); v != c.want {
			t.Errorf("%s = %q, want %q", c.path, v, c.want)
		}
	}
	if !objectIDRE.MatchString(uuid) || uuid == "ffffffffffffffffffffffff" {
		t.Fatalf("uuid %q is not a server-assigned ObjectId", uuid)
	}
	if !strings.HasPrefix(uuid, hexSeconds(testNow)) {
		t.Errorf("uuid %s does not start with the creation second %s", uuid, hexSeconds(testNow))
	}
	// Stored in the active tier as answered.
	g := get(t, s, "/v1/namespaces/acme.prod/audit-logs/"+uuid, nil)
	if g.status != 200 || string(g.body) != string(r.body) {
		t.Fatalf("get after create: %d %s\nwant %s", g.status, g.body, r.body)
	}
	ids := listAll(t, s, logs, params("traverse", "true", "filter", `uuid=="`+uuid+`"`))
	if len(ids) != 1 {
		t.Errorf("active list finds %v", ids)
	}
	if ids := listAll(t, s, logs+"/archived", params("traverse", "true", "filter", `uuid=="`+uuid+`"`)); len(ids) != 0 {
		t.Errorf("archive holds the new entry: %v", ids)
	}
	// A second entry sorts after the first, even in the same second.
	r2 := post(t, s, "/v1/namespaces/acme/audit-logs", `{"spec":{"operation":"OPERATION_CREATE"}}`,
		"Content-Type", "application/jsoncompact")
	if r2.status != 200 {
		t.Fatalf("second create: %d %s", r2.status, r2.body)
	}
	if u2 := gjson.GetBytes(r2.body, "uuid").Str; u2 <= uuid {
		t.Errorf("second uuid %s does not sort after %s", u2, uuid)
	}
}

func TestCreateRefusals(t *testing.T) {
	t.Parallel()
	s := startDemo(t, 20)
	ex := do(t, s, "POST", "/v1/auth/api-key", nil, []byte(`{"key":"k","secret":"`+s.Token()+`"}`))
	var tok api.TokenResponse
	if err := json.Unmarshal(ex.body, &tok); err != nil || tok.Token == "" {
		t.Fatalf("exchange: %s", ex.body)
	}
	const ok = `{"spec":{"operation":"OPERATION_CREATE"}}`
	tests := []struct {
		name    string
		path    string
		body    string
		headers []string
		status  int
		code    api.Code
		msg     string
	}{
		{"no token", logs, ok, []string{"Authorization", ""}, 401, api.CodeUnauthenticated, unauthenticated},
		{"wrong token", logs, ok, []string{"Authorization", "Bearer nope"}, 401, api.CodeUnauthenticated, unauthenticated},
		{"exchanged token", logs, ok, []string{"Authorization", "Bearer " + tok.Token}, 403, api.CodePermissionDenied, "Unauthorized request for given endpoint"},
		{"other tenant", "/v1/namespaces/globex/audit-logs", ok, nil, 403, api.CodePermissionDenied, "Unauthorized request for given endpoint"},
		{"not JSON", logs, `{"spec":`, nil, 400, api.CodeInvalidArgument, "invalid request body: unexpected EOF"},
		{"array", logs, `[]`, nil, 400, api.CodeInvalidArgument, "invalid request body: json: cannot unmarshal array into Go value of type map[string]json.RawMessage"},
		{"null", logs, `null`, nil, 400, api.CodeInvalidArgument, "invalid request body: not a JSON object"},
		{"trailing", logs, ok + ` {}`, nil, 400, api.CodeInvalidArgument, "invalid request body: data after the JSON object"},
		{"no spec", logs, `{"meta":{}}`, nil, 400, api.CodeInvalidArgument, "invalid request body: spec is required"},
		{"spec not object", logs, `{"spec":1}`, nil, 400, api.CodeInvalidArgument, "invalid request body: spec is not an object"},
		{"meta not object", logs, `{"meta":"x","spec":{}}`, nil, 400, api.CodeInvalidArgument, "invalid request body: meta is not an object"},
		{"unknown field", logs, `{"spec":{},"extra":1}`, nil, 400, api.CodeInvalidArgument, `invalid request body: unknown field "extra"`},
		{"bad operation", logs, `{"spec":{"operation":"DROP"}}`, nil, 400, api.CodeInvalidArgument,
			`invalid request body: spec.operation "DROP" is not one of ` + operationNames()},
		{"bad message_kind", logs, `{"spec":{"message_kind":7}}`, nil, 400, api.CodeInvalidArgument, "invalid request body: spec.message_kind is not a string"},
		{"too large", logs, `{"spec":{"x":"` + strings.Repeat("a", maxEntryBytes) + `"}}`, nil, 400, api.CodeInvalidArgument,
			"invalid request body: larger than 1048576 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := post(t, s, tt.path, tt.body, tt.headers...)
			wantError(t, r, tt.status, tt.code, tt.msg)
		})
	}
	if a, _ := s.Counts(); a != countOf(t, s, logs, params("traverse", "true")) {
		t.Fatal("counts disagree")
	}
	r := do(t, s, http.MethodPut, logs, nil, []byte(ok), "Authorization", "Bearer "+s.Token())
	if r.status != 405 {
		t.Errorf("PUT: %d", r.status)
	}
}

func TestCreateRefusedInFileMode(t *testing.T) {
	t.Parallel()
	s, err := Start(context.Background(), Options{File: writeDemoFile(t, 20), Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := post(t, s, logs, `{"spec":{}}`)
	wantError(t, r, 501, api.CodeUnimplemented, "CreateAuditLog is not served in file mode: the export is read-only")
}

func TestLiveAddsEntriesPerTick(t *testing.T) {
	t.Parallel()
	var now atomic.Int64
	now.Store(testNow.UnixNano())
	clock := func() time.Time { return time.Unix(0, now.Load()).UTC() }
	ticks := make(chan time.Time)
	added := make(chan string)
	s, err := Start(context.Background(), Options{Demo: true, DemoSize: 100, Now: clock, Live: true,
		liveTicks: ticks, liveAdded: added})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	active, _ := s.Counts()
	var uuids []string
	for i := range 5 {
		now.Add(int64(20 * time.Second))
		ticks <- clock()
		uuids = append(uuids, <-added)
		if i > 0 && uuids[i] <= uuids[i-1] {
			t.Errorf("live uuid %s does not sort after %s", uuids[i], uuids[i-1])
		}
	}
	if a, _ := s.Counts(); a != active+5 {
		t.Errorf("active %d after 5 ticks, want %d", a, active+5)
	}
	for i, u := range uuids {
		r := get(t, s, findNS(t, s, u), nil)
		e := gjson.ParseBytes(r.body)
		want := testNow.Add(time.Duration(i+1) * 20 * time.Second).Format(time.RFC3339Nano)
		if r.status != 200 || e.Get("meta.create_time").Str != want || e.Get("meta.kind").Str != api.Kind ||
			!strings.HasPrefix(e.Get("spec.message_kind").Str, api.MessageKindPrefix) || !e.Get("spec.claims").IsArray() ||
			e.Get("meta.created_by").Str == "emulator@acme@api-key" {
			t.Errorf("live entry %d: %d %s", i, r.status, r.body)
		}
	}
}

func TestLiveNeedsDemo(t *testing.T) {
	if _, err := Start(context.Background(), Options{Live: true}); err == nil || !strings.Contains(err.Error(), "needs Demo") {
		t.Fatalf("Live without Demo: %v", err)
	}
}
