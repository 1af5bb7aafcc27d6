package emulator

import (
	"context"
	"testing"

	"github.com/auditlog/auditlog/api"
)

// TestCursorOutsideScope is the attack of issue 9.3: a page_id naming
// another tenant's entry (globex, in the demo data) once answered 200 and,
// with sort.path=meta.create_time, a page bracketing that entry's creation
// time. Any cursor that is not an entry of the query's scope is now the
// same 400 as a cursor naming nothing, in both stores.
func TestCursorOutsideScope(t *testing.T) {
	t.Parallel()
	db := startDemo(t, 600)
	mem, err := Start(context.Background(), Options{File: writeDemoFile(t, 600), Now: fixedClock, Tenant: "acme", Token: db.Token()})
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	first := func(s *Server, tr tier, ns string) string {
		var u string
		q := query{Tier: tr, NS: ns}
		s.store.scan(context.Background(), &q, func(r *record) (bool, error) { u = r.UUID; return false, nil })
		if u == "" {
			t.Fatalf("no %s entry in %s", tr, ns)
		}
		return u
	}
	for _, s := range []*Server{db, mem} {
		globex := first(s, tierArchive, "globex")
		dev := first(s, tierArchive, "acme.dev")
		active := first(s, tierActive, "acme")
		for _, tc := range []struct {
			name, path, id string
			extra          []string
		}{
			{"other tenant, time order", logs + "/archived", globex, []string{"sort.path", "meta.create_time"}},
			{"other tenant, uuid order", logs + "/archived", globex, nil},
			{"other tenant, descending", logs + "/archived", globex, []string{"sort.order", "SORT_ENTRY_ORDER_DESC"}},
			{"other tenant, custom sort", logs + "/archived", globex, []string{"sort.path", "spec.remote_address"}},
			{"no entry", logs + "/archived", "ffffffffffffffffffffffff", nil},
			{"sibling namespace", "/v1/namespaces/acme.prod/audit-logs/archived", dev, nil},
		} {
			q := params(append([]string{"traverse", "true", "page_id", tc.id}, tc.extra...)...)
			r := get(t, s, tc.path, q)
			wantError(t, r, 400, api.CodeInvalidArgument, `invalid list_parameters.page_id "`+tc.id+`": no entry of this query to resume after`)
		}
		// An entry of the scope resumes, in its own tier and in the other
		// (where retention may have moved it while a client paged).
		for _, path := range []string{logs, logs + "/archived"} {
			for _, extra := range [][]string{nil, {"sort.path", "meta.create_time"}} {
				q := params(append([]string{"traverse", "true", "page_id", active}, extra...)...)
				if r := get(t, s, path, q); r.status != 200 {
					t.Errorf("%T %s %v: in-scope cursor: %d %s", s.store, path, extra, r.status, r.body)
				}
			}
		}
	}
}
