package emulator

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/auditlog/auditlog/filters"
)

// writeDemoFile writes n generated entries as NDJSON, plus extra lines.
func writeDemoFile(t testing.TB, n int, extra ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "export.ndjson")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// The entries a --demo server generates at testNow.
	err = generate(DefaultSeed, demoEpoch(testNow), n, func(raw []byte) error {
		_, err := f.Write(append(raw, '\n'))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range extra {
		if _, err := f.WriteString(l + "\n"); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

// oddEntries lack or null the optional indexed fields, to pin pushdown's
// handling of missing values.
var oddEntries = []string{
	`{"uuid":"690000000000000000000001","meta":{"create_time":"2026-03-10T00:00:00Z"},"spec":{"claims":["x509"]},"tenant_meta":{"namespace":"acme"}}`,
	`{"uuid":"690000000000000000000002","meta":{"create_time":"2026-03-11T00:00:00.5+02:00"},"spec":{"operation":"OPERATION_CREATE","message_uuid":null,"message_kind":""},"tenant_meta":{"namespace":"acme.dev"}}`,
	`{"uuid":"600000000000000000000003","meta":{"create_time":"2023-06-01T00:00:00Z"},"spec":{"operation":"OPERATION_DELETE","message_kind":"internal.endor.ai.endor.v1.Policy"},"tenant_meta":{"namespace":"acme.prod"}}`,
}

var differentialFilters = []string{
	"spec.operation == 'OPERATION_CREATE'",
	"spec.operation != OPERATION_CREATE",
	"spec.operation in [OPERATION_DELETE, OPERATION_UNSPECIFIED]",
	"spec.operation not in [OPERATION_UPDATE, OPERATION_UPSERT]",
	"spec.message_kind == 'internal.endor.ai.endor.v1.Policy' and meta.create_time >= date(2025-06-01)",
	"spec.message_kind == ''",
	"spec.message_kind != ''",
	"meta.create_time >= now(-720h) and meta.create_time < now(-24h)",
	"meta.create_time > date(2026-03-10T22:00:00Z) and meta.create_time <= date(2026-03-10T22:00:00.5Z)",
	"meta.create_time != date(2026-03-10T00:00:00Z)",
	"spec.message_kind == 'internal.endor.ai.endor.v1.Policy' or spec.claims matches 'api-key'",
	"(spec.operation == OPERATION_DELETE or spec.message_kind == 'internal.endor.ai.endor.v1.User') and spec.remote_address matches '^10\\.244\\.'",
	"tenant_meta.namespace == 'acme.prod' or tenant_meta.namespace in ['acme.dev']",
	"tenant_meta.namespace != 'acme'",
	"spec.message_uuid != 'x'",
	"spec.message_uuid not in [a, b] and spec.operation == OPERATION_CREATE",
	"spec.message_uuid exists",
	"spec.error exists and spec.operation == OPERATION_UPDATE",
	"spec.claims contains 'x509'",
	"spec.remote_address >= '10.244.0.0' and spec.remote_address <= '10.244.255.255'",
	"uuid >= '65' and uuid < '66'",
	"uuid in ['690000000000000000000001', '600000000000000000000003']",
	"spec.operation == 5",
}

// TestPushdownIsExact compares, for each filter, what the server returns
// (pushdown plus residual) with the filter evaluated on every stored entry,
// on both stores.
func TestPushdownIsExact(t *testing.T) {
	t.Parallel()
	file := writeDemoFile(t, 1000, oddEntries...)
	db, err := Start(context.Background(), Options{Import: []string{file}, Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mem, err := Start(context.Background(), Options{File: file, Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	if mem.Namespace() != "acme" && mem.Namespace() != allNamespaces {
		t.Fatalf("file namespace %q", mem.Namespace())
	}
	for _, s := range []*Server{db, mem} {
		ns := "acme"
		for _, f := range differentialFilters {
			expr, err := filters.Parse(f)
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			m, err := filters.Compile(expr)
			if err != nil {
				t.Fatal(err)
			}
			for _, tr := range []tier{tierActive, tierArchive} {
				var want []string
				q := query{Tier: tr, NS: ns, Traverse: true}
				err := s.store.scan(context.Background(), &q, func(r *record) (bool, error) {
					if m.MatchJSON(r.Raw, testNow) {
						want = append(want, r.UUID)
					}
					return true, nil
				})
				if err != nil {
					t.Fatal(err)
				}
				path := "/v1/namespaces/" + ns + "/audit-logs"
				if tr == tierArchive {
					path += "/archived"
				}
				got := listAll(t, s, path, params("filter", f, "traverse", "true", "page_size", "500"))
				if !slices.Equal(got, want) {
					t.Errorf("%T %s %q: server %d entries, evaluator %d", s.store, tr, f, len(got), len(want))
				}
				if c := countOf(t, s, path, params("filter", f, "traverse", "true")); c != int64(len(want)) {
					t.Errorf("%T %s %q: count %d, evaluator %d", s.store, tr, f, c, len(want))
				}
			}
		}
	}
}

func TestSplitPushesWhatItCan(t *testing.T) {
	t.Parallel()
	tests := []struct {
		filter   string
		pushed   bool
		residual string // canonical form of the residual, "" for none
	}{
		{"spec.message_kind == 'internal.endor.ai.endor.v1.Policy' and meta.create_time >= date(2025-06-01)", true, ""},
		{"spec.operation in [OPERATION_CREATE] and spec.claims matches 'x'", true, "spec.claims matches"},
		{"spec.operation == OPERATION_CREATE or spec.claims matches 'x'", false, "or"},
		{"(tenant_meta.namespace == a or uuid == b) and spec.message_uuid != c", true, ""},
		{"meta.create_time >= '2025-01-01'", false, "meta.create_time"},
		{"spec.operation == 5", false, "spec.operation"},
		{"spec.message_kind matches 'Policy'", false, "matches"},
	}
	for _, tc := range tests {
		e, err := filters.Parse(tc.filter)
		if err != nil {
			t.Fatal(err)
		}
		where, rest := split(e, testNow)
		if (where != nil) != tc.pushed {
			t.Errorf("%q: pushed %v, want %v", tc.filter, where != nil, tc.pushed)
		}
		switch {
		case tc.residual == "" && rest != nil:
			t.Errorf("%q: residual %s, want none", tc.filter, rest)
		case tc.residual != "" && (rest == nil || !strings.Contains(rest.String(), tc.residual)):
			t.Errorf("%q: residual %v, want one with %q", tc.filter, rest, tc.residual)
		}
	}
}

func TestSQLConditionText(t *testing.T) {
	t.Parallel()
	e, _ := filters.Parse("spec.message_kind == 'K' and meta.create_time >= date(2025-01-01) and spec.operation not in [A, B]")
	where, _ := split(e, time.Time{})
	var b strings.Builder
	var args []any
	sqlCond(&b, &args, where)
	want := "(kind = ? AND (ctime >= ? AND (op IS NULL OR op NOT IN (?,?))))"
	if b.String() != want || len(args) != 4 {
		t.Errorf("got %s %v\nwant %s", b.String(), args, want)
	}
}
