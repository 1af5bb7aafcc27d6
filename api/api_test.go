package api

import (
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	"reflect"
	"testing"
	"time"
)

// compact re-encodes JSON without insignificant space so that two documents
// can be compared byte for byte.
func compact(t *testing.T, b []byte) string {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		t.Fatalf("compact: %v", err)
	}
	return buf.String()
}

func TestAuditLogRoundTrip(t *testing.T) {
	raw, err := os.ReadFile("testdata/auditlog.json")
	if err != nil {
		t.Fatal(err)
	}
	var a AuditLog
	if err := json.Unmarshal(raw, &a); err != nil {
		t.Fatal(err)
	}
	if a.Spec.Operation != OperationUpdate || a.Spec.Operation.Short() != "UPDATE" {
		t.Errorf("operation = %q", a.Spec.Operation)
	}
	if got := ShortKind(a.Spec.MessageKind); got != "AuthorizationPolicy" {
		t.Errorf("ShortKind = %q", got)
	}
	want := time.Date(2024, 8, 19, 10, 15, 30, 123456789, time.UTC)
	if !a.Meta.CreateTime.Equal(want) {
		t.Errorf("create_time = %v, want %v", a.Meta.CreateTime, want)
	}
	if a.Spec.Error == nil || a.Spec.Error.Code != CodePermissionDenied {
		t.Errorf("error = %+v", a.Spec.Error)
	}
	if len(a.Spec.Claims) != 4 || a.TenantMeta.Namespace != "acme.prod" {
		t.Errorf("claims/namespace = %v %q", a.Spec.Claims, a.TenantMeta.Namespace)
	}
	out, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := compact(t, out), compact(t, raw); got != want {
		t.Errorf("round trip changed the document:\n got %s\nwant %s", got, want)
	}
}

func TestListEnvelopes(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		check func(t *testing.T, r ListAuditLogsResponse)
	}{
		{
			name: "list page (reference §5.1)",
			in:   `{"list":{"objects":[],"response":{"next_page_id":"633dd86976186a89d64628c1","next_page_token":50}}}`,
			check: func(t *testing.T, r ListAuditLogsResponse) {
				if r.List == nil || r.List.Response.NextPageID != "633dd86976186a89d64628c1" || r.List.Response.NextPageToken != 50 {
					t.Errorf("got %+v", r.List)
				}
			},
		},
		{
			name: "last page has no cursors",
			in:   `{"list":{"objects":[],"response":{}}}`,
			check: func(t *testing.T, r ListAuditLogsResponse) {
				if r.List == nil || r.List.Response != (ListResponse{}) {
					t.Errorf("got %+v", r.List)
				}
			},
		},
		{
			name: "token as a string",
			in:   `{"list":{"objects":[],"response":{"next_page_token":"150"}}}`,
			check: func(t *testing.T, r ListAuditLogsResponse) {
				if r.List.Response.NextPageToken != 150 {
					t.Errorf("token = %d", r.List.Response.NextPageToken)
				}
			},
		},
		{
			name: "count (reference §5.3)",
			in:   `{"count_response":{"count":1649}}`,
			check: func(t *testing.T, r ListAuditLogsResponse) {
				if r.List != nil || r.CountResponse == nil || r.CountResponse.Count != 1649 {
					t.Errorf("got %+v", r)
				}
			},
		},
		{
			name: "group (reference §5.4)",
			in: `{"group_response":{"groups":{
				"[{\"key\":\"spec.level\",\"value\":\"FINDING_LEVEL_CRITICAL\"}]":{"aggregation_count":{"count":49}},
				"[{\"key\":\"spec.claims\",\"value\":[\"ID=1\",\"email=a@b\"]}]":{"aggregation_count":{"count":2},"aggregation_uuids":["u1","u2"],"unique_counts":{"spec.ecosystem":{"count":2}},"unique_values":{"spec.ecosystem":["ECOSYSTEM_MAVEN","ECOSYSTEM_PYPI"]}}}}}`,
			check: func(t *testing.T, r ListAuditLogsResponse) {
				if r.GroupResponse == nil || len(r.GroupResponse.Groups) != 2 {
					t.Fatalf("got %+v", r)
				}
				for k, g := range r.GroupResponse.Groups {
					keys, err := ParseGroupKey(k)
					if err != nil || len(keys) != 1 {
						t.Fatalf("key %q: %v", k, err)
					}
					if FormatGroupKey(keys) != k {
						t.Errorf("FormatGroupKey(ParseGroupKey(%q)) = %q", k, FormatGroupKey(keys))
					}
					if keys[0].Key == "spec.claims" {
						if g.AggregationCount.Count != 2 || len(g.AggregationUUIDs) != 2 || g.UniqueCounts["spec.ecosystem"].Count != 2 || len(g.UniqueValues["spec.ecosystem"]) != 2 {
							t.Errorf("group %+v", g)
						}
					}
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r ListAuditLogsResponse
			if err := json.Unmarshal([]byte(tt.in), &r); err != nil {
				t.Fatal(err)
			}
			tt.check(t, r)
			// Whatever was decoded encodes back to the same document.
			out, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			var again ListAuditLogsResponse
			if err := json.Unmarshal(out, &again); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(r, again) {
				t.Errorf("re-decoded %s differs", out)
			}
		})
	}
}

func TestPageTokenRejectsGarbage(t *testing.T) {
	var r ListResponse
	if err := json.Unmarshal([]byte(`{"next_page_token":"abc"}`), &r); err == nil {
		t.Error("want an error for a non-numeric token")
	}
}

func TestStatus(t *testing.T) {
	// The documented body, with its HTML-escaped message (reference §5.5).
	in := `{"code":3,"message":"mask: proto: invalid path &#34;uui&#34; for message &#34;internal.endor.ai.endor.v1.Finding&#34;","details":[{"@type":"type.googleapis.com/internal.endor.ai.rpc.v1.HTTPErrorInfo","status_code":400}]}`
	var s Status
	if err := json.Unmarshal([]byte(in), &s); err != nil {
		t.Fatal(err)
	}
	if s.Code != CodeInvalidArgument || s.HTTPStatus() != 400 {
		t.Errorf("code %v status %d", s.Code, s.HTTPStatus())
	}
	if got, want := s.UnescapedMessage(), `mask: proto: invalid path "uui" for message "internal.endor.ai.endor.v1.Finding"`; got != want {
		t.Errorf("UnescapedMessage = %q, want %q", got, want)
	}
	built := NewStatus(CodeInvalidArgument, `mask: proto: invalid path "uui" for message "internal.endor.ai.endor.v1.Finding"`)
	out, _ := Marshal(built)
	if string(out) != in {
		t.Errorf("NewStatus encodes\n %s\nwant\n %s", out, in)
	}
	// The deadline body has no details at all.
	var d Status
	if err := json.Unmarshal([]byte(`{"code":4,"message":"context deadline exceeded","details":[]}`), &d); err != nil {
		t.Fatal(err)
	}
	if d.Code.String() != "deadline-exceeded" || d.HTTPStatus() != 0 || d.Code.HTTPStatus() != 504 {
		t.Errorf("deadline: %v %d %d", d.Code, d.HTTPStatus(), d.Code.HTTPStatus())
	}
}

func TestCodeHTTPStatus(t *testing.T) {
	// The SDK's mapping (reference §13).
	want := map[Code]int{1: 499, 2: 500, 3: 400, 4: 504, 5: 404, 6: 409, 7: 403, 13: 500, 14: 503, 16: 401}
	for c, s := range want {
		if c == CodeCanceled {
			continue // grpc-gateway says 499; the SDK's 408 is its own choice
		}
		if got := c.HTTPStatus(); got != s {
			t.Errorf("%v.HTTPStatus() = %d, want %d", c, got, s)
		}
	}
	if CodeUnauthenticated.String() != "unauthenticated" || Code(99).String() != "code-99" {
		t.Error("code names")
	}
}

func TestListParametersRoundTrip(t *testing.T) {
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		p    ListParameters
		want url.Values
	}{
		{name: "empty", p: ListParameters{}, want: url.Values{}},
		{
			name: "paging and filter",
			p: ListParameters{Filter: "spec.operation=='OPERATION_CREATE'", PageSize: 50, PageID: "633dd86976186a89d64628c1", Traverse: true,
				Sort: Sort{Path: "meta.create_time", Order: SortOrderDesc}, Mask: "uuid,meta.name"},
			want: url.Values{
				"list_parameters.filter":     {"spec.operation=='OPERATION_CREATE'"},
				"list_parameters.page_size":  {"50"},
				"list_parameters.page_id":    {"633dd86976186a89d64628c1"},
				"list_parameters.traverse":   {"true"},
				"list_parameters.sort.path":  {"meta.create_time"},
				"list_parameters.sort.order": {"SORT_ENTRY_ORDER_DESC"},
				"list_parameters.mask":       {"uuid,meta.name"},
			},
		},
		{
			name: "count on the archive, the SDK way",
			p:    ListParameters{Count: true, Archive: true, PageToken: 50},
			want: url.Values{"list_parameters.count": {"true"}, "list_parameters.archive": {"true"}, "list_parameters.page_token": {"50"}},
		},
		{
			name: "group and group_by_time",
			p: ListParameters{
				Group:       Group{AggregationPaths: []string{"spec.operation", "spec.message_kind"}, ShowAggregationUUIDs: true, UniqueCountPaths: []string{"spec.claims"}},
				GroupByTime: GroupByTime{AggregationPaths: []string{"meta.create_time"}, Interval: IntervalWeek, GroupSize: 2, StartTime: start},
			},
			want: url.Values{
				"list_parameters.group.aggregation_paths":         {"spec.operation,spec.message_kind"},
				"list_parameters.group.show_aggregation_uuids":    {"true"},
				"list_parameters.group.unique_count_paths":        {"spec.claims"},
				"list_parameters.group_by_time.aggregation_paths": {"meta.create_time"},
				"list_parameters.group_by_time.interval":          {"GROUP_BY_TIME_INTERVAL_WEEK"},
				"list_parameters.group_by_time.group_size":        {"2"},
				"list_parameters.group_by_time.start_time":        {"2024-01-01T00:00:00Z"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.p.Values()
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Values() = %v\nwant %v", got, tt.want)
			}
			back, unknown, err := ParseListParameters(got)
			if err != nil || len(unknown) != 0 {
				t.Fatalf("ParseListParameters: %v %v", err, unknown)
			}
			if !reflect.DeepEqual(back, tt.p) {
				t.Errorf("round trip\n got %+v\nwant %+v", back, tt.p)
			}
		})
	}
}

func TestParseListParametersErrors(t *testing.T) {
	tests := []struct {
		name, key, value string
	}{
		{"bad bool", "list_parameters.count", "yes please"},
		{"bad int", "list_parameters.page_size", "ten"},
		{"int32 overflow", "list_parameters.page_token", "99999999999"},
		{"bad time", "list_parameters.group_by_time.start_time", "yesterday"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := ParseListParameters(url.Values{tt.key: {tt.value}})
			pe, ok := err.(*ParamError)
			if !ok || pe.Key != tt.key || pe.Value != tt.value {
				t.Errorf("err = %v, want a ParamError for %s", err, tt.key)
			}
		})
	}
	_, unknown, err := ParseListParameters(url.Values{"list_parameters.list_all": {"true"}, "list_parameters.filter": {"x"}, "foo": {"1"}})
	if err != nil || !reflect.DeepEqual(unknown, []string{"foo", "list_parameters.list_all"}) {
		t.Errorf("unknown = %v, %v", unknown, err)
	}
}
