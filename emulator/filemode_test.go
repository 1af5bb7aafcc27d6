package emulator

import (
	"context"
	"net/url"
	"testing"
)

// TestFileModeAnswersLikeSQLite sends the same requests to a demo server
// (SQLite) and to a file-mode server on the same entries (memory): the
// answers must be byte for byte the same.
func TestFileModeAnswersLikeSQLite(t *testing.T) {
	t.Parallel()
	const n = 1200
	db := startDemo(t, n)
	mem, err := Start(context.Background(), Options{File: writeDemoFile(t, n), Now: fixedClock, Token: db.Token()})
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	if mem.Namespace() != "acme" && mem.Namespace() != allNamespaces {
		t.Fatalf("namespace %q", mem.Namespace())
	}
	// A cursor in the middle: an entry of acme.prod.web, in scope of
	// every path below.
	var cur string
	q0 := query{Tier: tierArchive, NS: "acme.prod.web"}
	n0 := 0
	db.store.scan(context.Background(), &q0, func(r *record) (bool, error) {
		cur, n0 = r.UUID, n0+1
		return n0 < 40, nil
	})
	reqs := []url.Values{
		params("traverse", "true", "page_size", "50"),
		params("traverse", "true", "page_size", "50", "page_id", cur),
		params("traverse", "true", "page_size", "50", "page_id", cur, "sort.order", "SORT_ENTRY_ORDER_DESC"),
		params("traverse", "true", "page_size", "30", "sort.path", "meta.create_time", "sort.order", "SORT_ENTRY_ORDER_DESC"),
		params("traverse", "true", "page_size", "30", "sort.path", "spec.remote_address", "page_token", "40"),
		params("page_size", "20", "filter", "spec.operation == OPERATION_DELETE", "mask", "uuid,spec.message_uuid"),
		params("traverse", "true", "filter", "spec.claims matches '@github' and meta.create_time >= date(2025-01-01)", "page_size", "500"),
		params("traverse", "true", "count", "true", "filter", "spec.message_kind in [internal.endor.ai.endor.v1.Policy, internal.endor.ai.endor.v1.Project]"),
		params("traverse", "true", "group.aggregation_paths", "spec.message_kind,spec.operation", "group.unique_value_paths", "tenant_meta.namespace"),
		params("traverse", "true", "group_by_time.aggregation_paths", "meta.create_time", "group_by_time.interval", "GROUP_BY_TIME_INTERVAL_QUARTER"),
	}
	for _, path := range []string{logs, logs + "/archived", "/v1/namespaces/acme.prod/audit-logs/archived"} {
		for _, q := range reqs {
			a := get(t, db, path, q, "Content-Type", "application/jsoncompact")
			b := get(t, mem, path, q, "Content-Type", "application/jsoncompact")
			if a.status != 200 || a.status != b.status || string(a.body) != string(b.body) {
				t.Errorf("%s?%s:\nsqlite %d %.300s\nfile   %d %.300s", path, q.Encode(), a.status, a.body, b.status, b.body)
			}
		}
	}
	// A page_id resume in create_time order, from the middle.
	q := params("traverse", "true", "page_size", "25", "sort.path", "meta.create_time")
	first := listAll(t, db, logs+"/archived", q)
	second := listAll(t, mem, logs+"/archived", q)
	if len(first) == 0 || len(first) != len(second) {
		t.Errorf("create_time paging: %d vs %d entries", len(first), len(second))
	}
}

func TestFileModeNamespaces(t *testing.T) {
	t.Parallel()
	line := func(uuid, ns string) string {
		return `{"uuid":"` + uuid + `","meta":{"create_time":"2026-03-01T00:00:00Z"},"spec":{"operation":"OPERATION_CREATE"},"tenant_meta":{"namespace":"` + ns + `"}}`
	}
	tests := []struct {
		name  string
		lines []string
		want  string
	}{
		{"one tenant", []string{line("a1", "acme.prod"), line("a2", "acme.dev"), line("a3", "acme")}, "acme"},
		{"one child", []string{line("a1", "acme.prod.web"), line("a2", "acme.prod.web")}, "acme.prod.web"},
		{"deep common root", []string{line("a1", "acme.prod.web"), line("a2", "acme.prod.api")}, "acme.prod"},
		{"no common root", []string{line("a1", "acme.prod"), line("a2", "globex")}, allNamespaces},
		{"empty file", nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, "f.ndjson", ndjson(toBytes(tc.lines)))
			s, err := Start(context.Background(), Options{File: path, Now: fixedClock})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if s.Namespace() != tc.want {
				t.Fatalf("Namespace() = %q, want %q", s.Namespace(), tc.want)
			}
			if tc.want == "" {
				return
			}
			got := listAll(t, s, "/v1/namespaces/"+s.Namespace()+"/audit-logs", params("traverse", "true"))
			if len(got) != len(tc.lines) {
				t.Errorf("traverse from %s sees %d of %d entries", s.Namespace(), len(got), len(tc.lines))
			}
			if r := get(t, s, "/v1/namespaces/other/audit-logs", nil); tc.want != allNamespaces && r.status != 403 {
				t.Errorf("other namespace: %d", r.status)
			}
		})
	}
}

func toBytes(ss []string) [][]byte {
	out := make([][]byte, len(ss))
	for i, s := range ss {
		out[i] = []byte(s)
	}
	return out
}
