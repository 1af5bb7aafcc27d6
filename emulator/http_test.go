package emulator

import (
	"context"
	"encoding/json"
	"flag"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/auditlog/auditlog/api"
)

var update = flag.Bool("update", false, "rewrite golden files")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if string(want) != string(got) {
		t.Errorf("%s differs from golden file:\ngot  %s\nwant %s", name, got, want)
	}
}

// listAll pages through a list with page_id and returns the uuids.
func listAll(t *testing.T, s *Server, path string, q url.Values) []string {
	t.Helper()
	var uuids []string
	for pages := 0; ; pages++ {
		if pages > 1000 {
			t.Fatal("paging does not end")
		}
		r := get(t, s, path, q)
		if r.status != http.StatusOK {
			t.Fatalf("%s: %d %s", path, r.status, r.body)
		}
		// Only the uuids and the cursor: decoding whole entries would
		// cost more than the server's work.
		var env struct {
			List struct {
				Objects []struct {
					UUID string `json:"uuid"`
				} `json:"objects"`
				Response api.ListResponse `json:"response"`
			} `json:"list"`
		}
		if err := json.Unmarshal(r.body, &env); err != nil {
			t.Fatal(err)
		}
		for _, o := range env.List.Objects {
			uuids = append(uuids, o.UUID)
		}
		if env.List.Response.NextPageID == "" {
			return uuids
		}
		q = cloneValues(q)
		q.Set("list_parameters.page_id", env.List.Response.NextPageID)
	}
}

func cloneValues(q url.Values) url.Values {
	c := url.Values{}
	for k, v := range q {
		c[k] = slices.Clone(v)
	}
	return c
}

func countOf(t *testing.T, s *Server, path string, q url.Values) int64 {
	t.Helper()
	q = cloneValues(q)
	q.Set("list_parameters.count", "true")
	r := get(t, s, path, q)
	var env api.ListAuditLogsResponse
	if r.status != http.StatusOK || json.Unmarshal(r.body, &env) != nil || env.CountResponse == nil {
		t.Fatalf("count: %d %s", r.status, r.body)
	}
	return env.CountResponse.Count
}

const logs = "/v1/namespaces/acme/audit-logs"

func TestListEnvelopes(t *testing.T) {
	t.Parallel()
	s := startDemo(t, 600)
	tests := []struct {
		name   string
		path   string
		q      url.Values
		header []string
	}{
		{"first_page", logs, params("page_size", "2", "traverse", "true"), nil},
		{"masked_page", logs, params("page_size", "2", "traverse", "true", "mask", "uuid,meta.create_time,spec.operation"), nil},
		{"last_page", logs, params("page_size", "2", "page_token", "-1"), nil},
		{"empty", logs, params("filter", "uuid=='000000000000000000000000'"), nil},
		{"empty_compact", logs, params("filter", "uuid=='000000000000000000000000'"), []string{"Content-Type", "application/jsoncompact"}},
		{"count", logs, params("count", "true", "traverse", "true"), nil},
		{"group", logs, params("group.aggregation_paths", "spec.operation", "traverse", "true"), nil},
		{"group_unique", logs + "/archived", params("group.aggregation_paths", "tenant_meta.namespace", "group.unique_count_paths", "spec.operation",
			"group.unique_value_paths", "spec.operation", "filter", "spec.message_kind==internal.endor.ai.endor.v1.Policy", "traverse", "true"), nil},
		{"group_claims", logs + "/archived", params("group.aggregation_paths", "spec.claims", "group.show_aggregation_uuids", "true",
			"filter", "spec.message_kind=='internal.endor.ai.endor.v1.AuthorizationPolicy' and spec.operation==OPERATION_CREATE"), nil},
		{"group_by_time", logs + "/archived", params("group_by_time.aggregation_paths", "meta.create_time",
			"group_by_time.interval", "GROUP_BY_TIME_INTERVAL_MONTH", "group_by_time.start_time", "2025-10-01T00:00:00Z",
			"group_by_time.end_time", "2026-01-01T00:00:00Z", "traverse", "true"), nil},
		{"namespaces", "/v1/namespaces/acme/namespaces", params("traverse", "true"), nil},
		{"namespaces_children", "/v1/namespaces/acme/namespaces", nil, nil},
		{"version", "/meta/version", nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "last_page" {
				// The page after the last full one: find the count first.
				n := countOf(t, s, logs, nil)
				tc.q.Set("list_parameters.page_token", itoa(n-1))
			}
			r := get(t, s, tc.path, tc.q, tc.header...)
			if r.status != http.StatusOK {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			golden(t, tc.name+".json", r.body)
		})
	}
}

func itoa(n int64) string { return strings.TrimSpace(strings.Replace(jsonString(n), `"`, "", -1)) }

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestPagingIsCompleteAndOrdered(t *testing.T) {
	t.Parallel()
	s := startDemo(t, 900)
	q := params("page_size", "37", "traverse", "true")
	byID := listAll(t, s, logs, q)
	if int64(len(byID)) != countOf(t, s, logs, q) {
		t.Fatalf("paged %d entries, count says %d", len(byID), countOf(t, s, logs, q))
	}
	if !slices.IsSorted(byID) {
		t.Error("default order is not ascending uuid")
	}
	if len(slices.Compact(slices.Clone(byID))) != len(byID) {
		t.Error("an entry came twice")
	}
	// page_token paging gives the same sequence.
	var byToken []string
	for off := int64(0); ; {
		q := params("page_size", "37", "traverse", "true", "page_token", itoa(off))
		r := get(t, s, logs, q)
		var env api.ListAuditLogsResponse
		if err := json.Unmarshal(r.body, &env); err != nil {
			t.Fatal(err)
		}
		for _, o := range env.List.Objects {
			byToken = append(byToken, o.UUID)
		}
		if env.List.Response.NextPageToken == 0 {
			if env.List.Response.NextPageID != "" {
				t.Fatal("a cursor without the other")
			}
			break
		}
		off = int64(env.List.Response.NextPageToken)
	}
	if !slices.Equal(byID, byToken) {
		t.Error("page_token and page_id paging disagree")
	}
}

func TestPageSizeAndTokenLimits(t *testing.T) {
	t.Parallel()
	s := startDemo(t, 700)
	tests := []struct {
		name     string
		size     string
		wantObjs int
	}{
		{"default", "", 100},
		{"zero_is_default", "0", 100},
		{"negative_is_default", "-5", 100},
		{"clamped_to_500", "1000", 500},
		{"exact", "7", 7},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := params("traverse", "true")
			if tc.size != "" {
				q.Set("list_parameters.page_size", tc.size)
			}
			var env api.ListAuditLogsResponse
			r := get(t, s, logs+"/archived", q)
			if err := json.Unmarshal(r.body, &env); err != nil {
				t.Fatal(err)
			}
			if len(env.List.Objects) != tc.wantObjs {
				t.Errorf("got %d objects, want %d", len(env.List.Objects), tc.wantObjs)
			}
		})
	}
	r := get(t, s, logs, params("page_token", "-1"))
	wantError(t, r, 400, api.CodeInvalidArgument, "invalid list_parameters.page_token -1: must not be negative")
	r = get(t, s, logs, params("page_size", "abc"))
	wantError(t, r, 400, api.CodeInvalidArgument, `invalid value "abc" for query parameter "list_parameters.page_size": want a 32-bit integer`)
	r = get(t, s, logs+"/archived", params("page_size", "5", "disable_pagination", "true"))
	if env := r.json(t); len(env["list"].(map[string]any)["response"].(map[string]any)) != 0 {
		t.Errorf("disable_pagination still pages: %s", r.body)
	}
	// Unknown keys are ignored, as grpc-gateway ignores them.
	r = get(t, s, logs, url.Values{"list_parameters.frobnicate": {"1"}, "x": {"y"}})
	if r.status != 200 {
		t.Errorf("unknown parameters: %d %s", r.status, r.body)
	}
}

// wantError checks a grpc-gateway error body, message unescaped.
func wantError(t *testing.T, r response, status int, code api.Code, msg string) {
	t.Helper()
	if r.status != status {
		t.Errorf("status %d, want %d (%s)", r.status, status, r.body)
	}
	var st api.Status
	if err := json.Unmarshal(r.body, &st); err != nil {
		t.Fatalf("error body: %v: %s", err, r.body)
	}
	if st.Code != code || st.UnescapedMessage() != msg {
		t.Errorf("got code %d %q, want %d %q", st.Code, st.UnescapedMessage(), code, msg)
	}
	if code != api.CodeDeadlineExceeded && st.HTTPStatus() != status {
		t.Errorf("HTTPErrorInfo status_code %d, want %d", st.HTTPStatus(), status)
	}
}

func TestErrors(t *testing.T) {
	t.Parallel()
	s := startDemo(t, 300)
	tests := []struct {
		name   string
		method string
		path   string
		q      url.Values
		auth   string
		status int
		body   string // exact body
	}{
		{"no token", "GET", logs, nil, "", 401,
			`{"code":16,"message":"Invalid authorization header: Bearer","details":[{"@type":"type.googleapis.com/internal.endor.ai.rpc.v1.HTTPErrorInfo","status_code":401}]}`},
		{"bad token", "GET", logs, nil, "Bearer nope", 401,
			`{"code":16,"message":"Invalid authorization header: Bearer","details":[{"@type":"type.googleapis.com/internal.endor.ai.rpc.v1.HTTPErrorInfo","status_code":401}]}`},
		{"empty bearer", "GET", logs, nil, "Bearer ", 401,
			`{"code":16,"message":"Invalid authorization header: Bearer","details":[{"@type":"type.googleapis.com/internal.endor.ai.rpc.v1.HTTPErrorInfo","status_code":401}]}`},
		{"other tenant", "GET", "/v1/namespaces/globex/audit-logs", nil, "token", 403,
			`{"code":7,"message":"Unauthorized request for given endpoint","details":[{"@type":"type.googleapis.com/internal.endor.ai.rpc.v1.HTTPErrorInfo","status_code":403}]}`},
		{"other tenant child", "GET", "/v1/namespaces/globex.eng/audit-logs/archived", nil, "token", 403,
			`{"code":7,"message":"Unauthorized request for given endpoint","details":[{"@type":"type.googleapis.com/internal.endor.ai.rpc.v1.HTTPErrorInfo","status_code":403}]}`},
		{"prefix is not a parent", "GET", "/v1/namespaces/acmecorp/audit-logs", nil, "token", 403,
			`{"code":7,"message":"Unauthorized request for given endpoint","details":[{"@type":"type.googleapis.com/internal.endor.ai.rpc.v1.HTTPErrorInfo","status_code":403}]}`},
		{"bad mask", "GET", logs, params("mask", "uuid,uui"), "token", 400,
			`{"code":3,"message":"mask: proto: invalid path &#34;uui&#34; for message &#34;internal.endor.ai.endor.v1.AuditLog&#34;","details":[{"@type":"type.googleapis.com/internal.endor.ai.rpc.v1.HTTPErrorInfo","status_code":400}]}`},
		{"mask below a leaf", "GET", logs, params("mask", "spec.payload.spec"), "token", 400,
			`{"code":3,"message":"mask: proto: invalid path &#34;spec.payload.spec&#34; for message &#34;internal.endor.ai.endor.v1.AuditLog&#34;","details":[{"@type":"type.googleapis.com/internal.endor.ai.rpc.v1.HTTPErrorInfo","status_code":400}]}`},
		{"unknown uuid", "GET", logs + "/000000000000000000000000", nil, "token", 404,
			`{"code":5,"message":"audit log &#34;000000000000000000000000&#34; not found","details":[{"@type":"type.googleapis.com/internal.endor.ai.rpc.v1.HTTPErrorInfo","status_code":404}]}`},
		{"unknown route in tenant", "GET", "/v1/namespaces/acme/findings", nil, "token", 404,
			`{"code":5,"message":"Not Found","details":[{"@type":"type.googleapis.com/internal.endor.ai.rpc.v1.HTTPErrorInfo","status_code":404}]}`},
		{"unknown route", "GET", "/v2/whatever", nil, "", 404,
			`{"code":5,"message":"Not Found","details":[{"@type":"type.googleapis.com/internal.endor.ai.rpc.v1.HTTPErrorInfo","status_code":404}]}`},
		{"delete", "DELETE", logs + "/000000000000000000000000", nil, "token", 405,
			`{"code":12,"message":"Method Not Allowed","details":[{"@type":"type.googleapis.com/internal.endor.ai.rpc.v1.HTTPErrorInfo","status_code":405}]}`},
		{"bad sort order", "GET", logs, params("sort.order", "sideways"), "token", 400,
			`{"code":3,"message":"invalid value &#34;sideways&#34; for list_parameters.sort.order: want SORT_ENTRY_ORDER_ASC or SORT_ENTRY_ORDER_DESC","details":[{"@type":"type.googleapis.com/internal.endor.ai.rpc.v1.HTTPErrorInfo","status_code":400}]}`},
		{"bad sort path", "GET", logs, params("sort.path", "meta.nope"), "token", 400,
			`{"code":3,"message":"sort: proto: invalid path &#34;meta.nope&#34; for message &#34;internal.endor.ai.endor.v1.AuditLog&#34;","details":[{"@type":"type.googleapis.com/internal.endor.ai.rpc.v1.HTTPErrorInfo","status_code":400}]}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var h []string
			switch tc.auth {
			case "token":
				h = []string{"Authorization", "Bearer " + s.Token()}
			case "":
			default:
				h = []string{"Authorization", tc.auth}
			}
			r := do(t, s, tc.method, tc.path, tc.q, nil, h...)
			if r.status != tc.status || string(r.body) != tc.body {
				t.Errorf("got %d %s\nwant %d %s", r.status, r.body, tc.status, tc.body)
			}
		})
	}
}

func TestFilterErrorCarriesPosition(t *testing.T) {
	t.Parallel()
	s := startDemo(t, 50)
	r := get(t, s, logs, params("filter", "spec.operation == 'OPERATION_CREATE' and meta.create_time >="))
	if r.status != 400 {
		t.Fatalf("status %d", r.status)
	}
	var st api.Status
	json.Unmarshal(r.body, &st)
	msg := st.UnescapedMessage()
	if st.Code != api.CodeInvalidArgument || !strings.HasSuffix(msg, "(1:61)") {
		t.Errorf("got %d %q, want code 3 and the position (1:61)", st.Code, msg)
	}
	if strings.Contains(st.Message, "'") {
		t.Errorf("message is not HTML-escaped like the service's: %q", st.Message)
	}
}

func TestTenancyAndTraverse(t *testing.T) {
	t.Parallel()
	s := startDemo(t, 700)
	nsOf := func(path string, q url.Values) map[string]int {
		q = cloneValues(q)
		q.Set("list_parameters.group.aggregation_paths", "tenant_meta.namespace")
		r := get(t, s, path, q)
		var env api.ListAuditLogsResponse
		if err := json.Unmarshal(r.body, &env); err != nil || env.GroupResponse == nil {
			t.Fatalf("%d %s", r.status, r.body)
		}
		out := map[string]int{}
		for k, g := range env.GroupResponse.Groups {
			keys, err := api.ParseGroupKey(k)
			if err != nil {
				t.Fatal(err)
			}
			out[keys[0].Value.(string)] = int(g.AggregationCount.Count)
		}
		return out
	}
	for _, archived := range []string{"", "/archived"} {
		all := nsOf("/v1/namespaces/acme/audit-logs"+archived, params("traverse", "true"))
		if len(all) != 4 || all["globex"] != 0 || all["acme.prod.web"] == 0 {
			t.Errorf("%s traverse from acme: %v, want acme, acme.dev, acme.prod, acme.prod.web", archived, all)
		}
		prod := nsOf("/v1/namespaces/acme.prod/audit-logs"+archived, nil)
		if len(prod) != 1 || prod["acme.prod"] != all["acme.prod"] {
			t.Errorf("%s acme.prod without traverse: %v", archived, prod)
		}
		prodT := nsOf("/v1/namespaces/acme.prod/audit-logs"+archived, params("traverse", "true"))
		if len(prodT) != 2 || prodT["acme.prod.web"] != all["acme.prod.web"] {
			t.Errorf("%s acme.prod with traverse: %v", archived, prodT)
		}
	}
	// Get needs the owning namespace.
	uuids := listAll(t, s, "/v1/namespaces/acme.prod.web/audit-logs/archived", params("page_size", "1"))[:1]
	if r := get(t, s, "/v1/namespaces/acme.prod.web/audit-logs/"+uuids[0], nil); r.status != 200 || r.json(t)["uuid"] != uuids[0] {
		t.Errorf("get in the owning namespace: %d %s", r.status, r.body)
	}
	if r := get(t, s, "/v1/namespaces/acme.prod/audit-logs/"+uuids[0], nil); r.status != 404 {
		t.Errorf("get from the parent namespace: %d, want 404", r.status)
	}
}

func TestArchiveBothForms(t *testing.T) {
	t.Parallel()
	s := startDemo(t, 800)
	f := "spec.message_kind=='internal.endor.ai.endor.v1.Policy' and meta.create_time >= date(2025-01-01)"
	q := params("traverse", "true", "page_size", "50", "filter", f)
	docs := listAll(t, s, logs+"/archived", q)
	sdk := cloneValues(q)
	sdk.Set("list_parameters.archive", "true")
	viaParam := listAll(t, s, logs, sdk)
	if len(docs) == 0 || !slices.Equal(docs, viaParam) {
		t.Errorf("/archived gave %d entries, archive=true %d", len(docs), len(viaParam))
	}
	if c1, c2 := countOf(t, s, logs+"/archived", q), countOf(t, s, logs, sdk); c1 != int64(len(docs)) || c2 != c1 {
		t.Errorf("counts %d (archived) and %d (archive=true), listed %d", c1, c2, len(docs))
	}
	active := listAll(t, s, logs, q)
	for _, u := range active {
		if slices.Contains(docs, u) {
			t.Fatalf("%s is in both stores", u)
		}
	}
	// A lone meta.create_time filter on the archive is accepted (decisions.go).
	if r := get(t, s, logs+"/archived", params("filter", "meta.create_time >= now(-2000h)")); r.status != 200 {
		t.Errorf("lone create_time on the archive: %d %s", r.status, r.body)
	}
}

func TestSortAndResume(t *testing.T) {
	t.Parallel()
	s := startDemo(t, 700)
	tests := []struct {
		name  string
		path  string
		order string
		key   func(o api.AuditLog) string
	}{
		{"create_time desc", "meta.create_time", "SORT_ENTRY_ORDER_DESC", func(o api.AuditLog) string { return o.Meta.CreateTime.Format(time.RFC3339Nano) }},
		{"create_time asc", "meta.create_time", "SORT_ENTRY_ORDER_ASC", func(o api.AuditLog) string { return o.Meta.CreateTime.Format(time.RFC3339Nano) }},
		{"remote_address desc", "spec.remote_address", "SORT_ENTRY_ORDER_DESC", func(o api.AuditLog) string { return o.Spec.RemoteAddress }},
		{"uuid desc", "", "SORT_ENTRY_ORDER_DESC", func(o api.AuditLog) string { return o.UUID }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := params("traverse", "true", "page_size", "60", "sort.path", tc.path, "sort.order", tc.order,
				"filter", "spec.operation in [OPERATION_UPDATE, OPERATION_DELETE]")
			var keys []string
			var uuids []string
			for {
				r := get(t, s, logs+"/archived", q)
				var env api.ListAuditLogsResponse
				if err := json.Unmarshal(r.body, &env); err != nil || env.List == nil {
					t.Fatalf("%d %s", r.status, r.body)
				}
				for _, o := range env.List.Objects {
					keys = append(keys, tc.key(o))
					uuids = append(uuids, o.UUID)
				}
				if env.List.Response.NextPageID == "" {
					break
				}
				q.Set("list_parameters.page_id", env.List.Response.NextPageID)
			}
			if len(uuids) != int(countOf(t, s, logs+"/archived", params("traverse", "true", "filter", "spec.operation in [OPERATION_UPDATE, OPERATION_DELETE]"))) {
				t.Errorf("resumed paging returned %d entries, not the count", len(uuids))
			}
			sorted := slices.IsSortedFunc(keys, func(a, b string) int { return strings.Compare(b, a) })
			if strings.HasSuffix(tc.order, "ASC") {
				sorted = slices.IsSorted(keys)
			}
			if !sorted {
				t.Errorf("not in %s order of %s", tc.order, tc.path)
			}
		})
	}
	r := get(t, s, logs, params("sort.path", "meta.create_time", "page_id", "ffffffffffffffffffffffff"))
	wantError(t, r, 400, api.CodeInvalidArgument, `invalid list_parameters.page_id "ffffffffffffffffffffffff": no entry of this query to resume after`)
}

func TestMaskProjects(t *testing.T) {
	t.Parallel()
	s := startDemo(t, 100)
	r := get(t, s, logs+"/archived", params("mask", "uuid, spec.error.code,tenant_meta", "traverse", "true", "page_size", "500",
		"filter", "spec.error exists"))
	var env struct {
		List struct{ Objects []map[string]any } `json:"list"`
	}
	json.Unmarshal(r.body, &env)
	if len(env.List.Objects) == 0 {
		t.Fatalf("no failed operations: %s", r.body)
	}
	for _, o := range env.List.Objects {
		spec, _ := o["spec"].(map[string]any)
		errm, _ := spec["error"].(map[string]any)
		if len(o) != 3 || len(spec) != 1 || len(errm) != 1 || errm["code"] == nil || o["tenant_meta"] == nil {
			t.Errorf("masked object %v", o)
		}
	}
}

func TestAuthExchangeAndIdentity(t *testing.T) {
	t.Parallel()
	s := startDemo(t, 20)
	r := do(t, s, "POST", "/v1/auth/api-key", nil, []byte(`{"key":"endr+k","secret":"wrong"}`))
	wantError(t, r, 401, api.CodeUnauthenticated, "Invalid API key or secret")
	r = do(t, s, "POST", "/v1/auth/api-key", nil, []byte(`{"key":"endr+k","secret":"`+s.Token()+`"}`),
		"Content-Type", "application/jsoncompact")
	var tok api.TokenResponse
	if err := json.Unmarshal(r.body, &tok); err != nil || tok.Token == "" || !tok.ExpirationTime.Equal(testNow.Add(4*time.Hour)) {
		t.Fatalf("exchange: %d %s", r.status, r.body)
	}
	r = do(t, s, "GET", "/v1/auth", nil, nil, "Authorization", "Bearer "+tok.Token)
	var id api.Identity
	if err := json.Unmarshal(r.body, &id); err != nil || len(id.Tenants) != 1 || id.Tenants[0] != "acme" || id.AuthenticationSource == "" || id.ExpirationTime.IsZero() {
		t.Fatalf("identity: %d %s", r.status, r.body)
	}
	if r := do(t, s, "GET", logs, nil, nil, "Authorization", "Bearer "+tok.Token); r.status != 200 {
		t.Errorf("issued token refused: %d", r.status)
	}
	if r := do(t, s, "GET", "/v1/auth", nil, nil); r.status != 401 {
		t.Errorf("identity without a token: %d", r.status)
	}
	if strings.Contains(string(r.body), s.Token()) {
		t.Error("a body carries the server's token")
	}
}

func TestIssuedTokensExpire(t *testing.T) {
	t.Parallel()
	var now atomic.Int64
	now.Store(testNow.UnixNano())
	clock := func() time.Time { return time.Unix(0, now.Load()).UTC() }
	s, err := Start(context.Background(), Options{Demo: true, DemoSize: 10, Now: clock, Token: "fixed"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := do(t, s, "POST", "/v1/auth/api-key", nil, []byte(`{"key":"k","secret":"fixed"}`))
	var tok api.TokenResponse
	json.Unmarshal(r.body, &tok)
	now.Add(int64(4*time.Hour + time.Second))
	if r := do(t, s, "GET", logs, nil, nil, "Authorization", "Bearer "+tok.Token); r.status != 401 {
		t.Errorf("expired token accepted: %d", r.status)
	}
	if r := do(t, s, "GET", logs, nil, nil, "Authorization", "Bearer fixed"); r.status != 200 {
		t.Errorf("server token refused: %d", r.status)
	}
}

func TestSDKHeaders(t *testing.T) {
	t.Parallel()
	s := startDemo(t, 300)
	h := []string{"Content-Type", "application/jsoncompact", "Request-timeout", "60", "Accept-Encoding", "gzip, br, zstd"}
	r := get(t, s, logs+"/archived", params("page_size", "500", "traverse", "true"), h...)
	if r.header.Get("Content-Encoding") != "gzip" {
		t.Errorf("Accept-Encoding gzip, br, zstd: got encoding %q", r.header.Get("Content-Encoding"))
	}
	var env map[string]map[string]any
	if err := json.Unmarshal(r.body, &env); err != nil {
		t.Fatal(err)
	}
	if resp := env["list"]["response"].(map[string]any); len(resp) != 0 {
		t.Errorf("last page response %v, want {} (no cursors)", resp)
	}
	if strings.Contains(string(r.body), `""`) || strings.Contains(string(r.body), "null") || strings.Contains(string(r.body), "[]") {
		t.Error("jsoncompact answer holds empty values")
	}
	// The same page without jsoncompact keeps the empty details list.
	plain := get(t, s, logs+"/archived", params("page_size", "500", "traverse", "true"))
	if !strings.Contains(string(plain.body), `"details":[]`) {
		t.Error("default emission lost the empty details list")
	}
	if plain.header.Get("Content-Encoding") != "" {
		t.Error("gzip without Accept-Encoding")
	}
	if r := get(t, s, logs, nil, "Accept-Encoding", "gzip;q=0, br"); r.header.Get("Content-Encoding") != "" {
		t.Error("gzip;q=0 answered with gzip")
	}
}

func TestRequestTimeout(t *testing.T) {
	t.Parallel()
	s := startDemo(t, 30)
	// The hook holds every query until its context ends: the query is
	// slower than any timeout, deterministically.
	s.queryHook = func(ctx context.Context) { <-ctx.Done() }
	for _, path := range []string{logs, logs + "/archived", logs + "/" + "000000000000000000000000"} {
		r := get(t, s, path, params("count", "true"), "Request-Timeout", "0.05")
		if r.status != 504 || string(r.body) != `{"code":4,"message":"context deadline exceeded","details":[]}` {
			t.Errorf("%s: got %d %s", path, r.status, r.body)
		}
	}
}

func TestGroupByTimeBuckets(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		unit interval
		size int
		want string
	}{
		{"2024-01-31T10:00:00Z", ivWeek, 1, "2024-01-28T00:00:00Z"},
		{"2024-01-28T00:00:00Z", ivWeek, 1, "2024-01-28T00:00:00Z"},
		{"2024-05-17T23:59:59Z", ivMonth, 1, "2024-05-01T00:00:00Z"},
		{"2024-05-17T23:59:59Z", ivQuarter, 1, "2024-04-01T00:00:00Z"},
		{"2024-05-17T23:59:59Z", ivYear, 1, "2024-01-01T00:00:00Z"},
		{"2024-05-17T23:59:59Z", ivDay, 1, "2024-05-17T00:00:00Z"},
		{"2024-05-17T23:59:59Z", ivHour, 6, "2024-05-17T18:00:00Z"},
		{"2024-05-17T23:59:59Z", ivMonth, 2, "2024-05-01T00:00:00Z"},
		{"2024-04-17T23:59:59Z", ivMonth, 2, "2024-03-01T00:00:00Z"},
		{"1999-12-31T23:59:59Z", ivDay, 1, "1999-12-31T00:00:00Z"},
	}
	for _, tc := range tests {
		in, _ := time.Parse(time.RFC3339, tc.in)
		if got := bucketStart(in, tc.unit, tc.size).Format(time.RFC3339); got != tc.want {
			t.Errorf("bucketStart(%s, %d, %d) = %s, want %s", tc.in, tc.unit, tc.size, got, tc.want)
		}
	}
}

func TestGroupOptions(t *testing.T) {
	t.Parallel()
	s := startDemo(t, 900)
	arch := logs + "/archived"
	scans := "spec.message_kind == 'internal.endor.ai.endor.v1.ScanResult' and spec.error not exists"
	// count=true wins over grouping.
	r := get(t, s, arch, params("count", "true", "group.aggregation_paths", "spec.operation", "traverse", "true"))
	if !strings.HasPrefix(string(r.body), `{"count_response":{"count":`) {
		t.Errorf("count with group: %s", r.body)
	}
	r = get(t, s, arch, params("group.aggregation_paths", "spec.operation", "group_by_time.aggregation_paths", "meta.create_time"))
	wantError(t, r, 400, 3, "group and group_by_time cannot be combined in one request")
	r = get(t, s, arch, params("group_by_time.aggregation_paths", "meta.create_time", "group_by_time.interval", "FORTNIGHT"))
	if r.status != 400 {
		t.Errorf("bad interval: %d", r.status)
	}
	// Buckets, cumulative counts and a per-bucket average, checked
	// against the entries themselves.
	type bucket struct {
		AggregationCount struct{ Count int64 }    `json:"aggregation_count"`
		AggregationValue *struct{ Value float64 } `json:"aggregation_value"`
		AggregationUUIDs []string                 `json:"aggregation_uuids"`
	}
	groups := func(q url.Values) map[string]bucket {
		r := get(t, s, arch, q)
		var env struct {
			GroupResponse struct{ Groups map[string]bucket } `json:"group_response"`
		}
		if err := json.Unmarshal(r.body, &env); err != nil || r.status != 200 {
			t.Fatalf("%d %s", r.status, r.body)
		}
		return env.GroupResponse.Groups
	}
	base := params("traverse", "true", "filter", scans, "group_by_time.aggregation_paths", "meta.create_time",
		"group_by_time.interval", "GROUP_BY_TIME_INTERVAL_YEAR", "group_by_time.show_aggregation_uuids", "true",
		"group_by_time.aggregation_operator", "avg", "group_by_time.aggregation_value_field", "spec.payload.spec.stats.findings")
	perYear := groups(base)
	sum := cloneValues(base)
	sum.Set("list_parameters.group_by_time.mode", "sum")
	cumulative := groups(sum)
	years := make([]string, 0, len(perYear))
	for k := range perYear {
		years = append(years, k)
	}
	slices.Sort(years)
	if len(years) < 3 {
		t.Fatalf("years %v", years)
	}
	var running int64
	for _, y := range years {
		b := perYear[y]
		running += b.AggregationCount.Count
		if cumulative[y].AggregationCount.Count != running {
			t.Errorf("%s: cumulative %d, want %d", y, cumulative[y].AggregationCount.Count, running)
		}
		var total float64
		for _, u := range b.AggregationUUIDs {
			var e struct {
				Spec struct {
					Payload struct {
						Spec struct{ Stats struct{ Findings float64 } }
					}
				}
			}
			json.Unmarshal(get(t, s, findNS(t, s, u), nil).body, &e)
			total += e.Spec.Payload.Spec.Stats.Findings
		}
		if int64(len(b.AggregationUUIDs)) != b.AggregationCount.Count || b.AggregationValue == nil ||
			b.AggregationValue.Value != total/float64(len(b.AggregationUUIDs)) {
			t.Errorf("%s: %d uuids, count %d, avg %v, want %v", y, len(b.AggregationUUIDs), b.AggregationCount.Count, b.AggregationValue, total/float64(len(b.AggregationUUIDs)))
		}
	}
}

// findNS returns the get path of an entry, in its own namespace.
func findNS(t *testing.T, s *Server, uuid string) string {
	t.Helper()
	for _, tr := range []tier{tierActive, tierArchive} {
		if r, err := s.store.get(context.Background(), tr, uuid); err == nil {
			return "/v1/namespaces/" + r.NS + "/audit-logs/" + uuid
		}
	}
	t.Fatalf("%s not stored", uuid)
	return ""
}
