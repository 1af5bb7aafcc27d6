package emulator

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/auditlog/auditlog/filters"
)

// TestPushdownTable checks every row of the operator tables (stringOps,
// timeOps) on documents that hold, lack, null or vary the field: SQLite's
// answer (sqlCond), the memory store's (cond.eval) and the filter
// evaluator's must be the same set. A change in package filters'
// semantics that pushdown does not follow fails here.
func TestPushdownTable(t *testing.T) {
	t.Parallel()
	db, err := openSQL(filepath.Join(t.TempDir(), "table.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.close()
	base := time.Date(2024, 5, 1, 12, 0, 0, 500, time.UTC)
	type doc struct{ op, ns, ctime string }
	docs := []doc{
		{`"operation":"OPERATION_CREATE"`, "acme", base.Format(time.RFC3339Nano)},
		{`"operation":"OPERATION_DELETE"`, "acme.prod", base.Add(-time.Nanosecond).Format(time.RFC3339Nano)},
		{`"operation":"operation_create"`, "Acme", base.Add(time.Nanosecond).Format(time.RFC3339Nano)},
		{`"operation":""`, "", base.In(time.FixedZone("", 2*3600)).Format(time.RFC3339Nano)},
		{``, "acme.dev", base.Add(-time.Hour).Format(time.RFC3339Nano)},
		{`"operation":null`, "é", base.Add(time.Hour).Format(time.RFC3339)},
		{`"operation":"OPERATION_CREATE","operation":"X"`, "a\x00b", "2024-05-01T12:00:00.0000005Z"},
	}
	var raws [][]byte
	for i, d := range docs {
		ns := d.ns
		if ns == "" {
			ns = "x"
		}
		nsJSON, _ := json.Marshal(ns)
		raw := []byte(fmt.Sprintf(`{"uuid":"%024x","meta":{"create_time":%q},"spec":{%s},"tenant_meta":{"namespace":%s}}`, i, d.ctime, d.op, nsJSON))
		r, err := indexRecord(raw)
		if err != nil {
			t.Fatalf("doc %d: %v", i, err)
		}
		if err := db.insert(context.Background(), tierActive, &r); err != nil {
			t.Fatal(err)
		}
		raws = append(raws, raw)
	}
	long := func(extra ...string) string {
		items := extra
		for i := len(items); i < longList+1; i++ {
			items = append(items, fmt.Sprintf("v%d", i))
		}
		return "[" + strings.Join(quoteAll(items), ", ") + "]"
	}
	strValues := map[filters.Op][]string{
		filters.Eq: {"'OPERATION_CREATE'", "OPERATION_CREATE", "''", "'operation_create'"},
		filters.In: {"[X, OPERATION_CREATE]", "[]", "['']", long("OPERATION_CREATE"), long("a\x00", "OPERATION_DELETE")},
	}
	strValues[filters.Ne], strValues[filters.NotIn] = strValues[filters.Eq], strValues[filters.In]
	var cases []string
	for op := range stringOps {
		for _, path := range []string{"spec.operation", "tenant_meta.namespace"} {
			for _, v := range strValues[op] {
				if path == "tenant_meta.namespace" {
					v = strings.NewReplacer("OPERATION_CREATE", "acme", "OPERATION_DELETE", "a\\x00b", "operation_create", "é").Replace(v)
				}
				cases = append(cases, path+" "+op.String()+" "+v)
			}
		}
	}
	for op := range timeOps {
		for _, v := range []string{"date(" + base.Format(time.RFC3339Nano) + ")", "now(-1h)", "date(2024-05-01)"} {
			cases = append(cases, "meta.create_time "+op.String()+" "+v)
		}
	}
	if len(cases) < 40 {
		t.Fatalf("only %d cases", len(cases))
	}
	now := base.Add(time.Hour)
	for _, src := range cases {
		e, err := filters.Parse(src)
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		c := toCond(e, now)
		if c == nil {
			t.Errorf("%q is not pushed down, though its operator is in the table", src)
			continue
		}
		m, err := filters.Compile(e)
		if err != nil {
			t.Fatal(err)
		}
		var want, mem []string
		for _, raw := range raws {
			r, _ := indexRecord(raw)
			if m.MatchJSON(raw, now) {
				want = append(want, r.UUID)
			}
			if c.eval(&r) {
				mem = append(mem, r.UUID)
			}
		}
		var sql []string
		err = db.scan(context.Background(), &query{Tier: tierActive, NS: allNamespaces, Where: c}, func(r *record) (bool, error) {
			sql = append(sql, r.UUID)
			return true, nil
		})
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		if !slices.Equal(mem, want) || !slices.Equal(sql, want) {
			t.Errorf("%q: evaluator %v, memory store %v, SQLite %v", src, want, mem, sql)
		}
	}
}

func quoteAll(items []string) []string {
	out := make([]string, len(items))
	for i, s := range items {
		out[i] = (&filters.String{Value: s}).String()
	}
	return out
}

// TestLargeFiltersServedAlike is the attack of issue 9.2: 1,001 or-ed
// comparisons (past SQLite's expression depth) and a 32,764-item in list
// (past its variable limit) are valid filters; both stores must answer
// them as the evaluator does, never 500. A filter past the parser's size
// limit is a 400 that says so.
func TestLargeFiltersServedAlike(t *testing.T) {
	t.Parallel()
	file := writeDemoFile(t, 1500, oddEntries...)
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
	var uuids []string
	q := query{Tier: tierActive, NS: "acme", Traverse: true}
	db.store.scan(context.Background(), &q, func(r *record) (bool, error) {
		uuids = append(uuids, r.UUID)
		return true, nil
	})
	if len(uuids) < 5 {
		t.Fatalf("only %d active entries", len(uuids))
	}
	var ors []string
	for i := range 1001 {
		if i%10 == 0 {
			ors = append(ors, "uuid == '"+uuids[i/10%len(uuids)]+"'")
		} else {
			ors = append(ors, fmt.Sprintf("spec.message_uuid == 'm%d'", i))
		}
	}
	manyOrs := strings.Join(ors, " or ")
	bigIn := "uuid in[" + strings.Repeat("a,", 32763) + "a]" // 65,536 bytes, the parser's limit
	if len(bigIn) != filters.MaxSize {
		t.Fatalf("in list is %d bytes", len(bigIn))
	}
	for _, f := range []string{
		manyOrs,
		manyOrs + " and spec.operation != OPERATION_DELETE",
		"(" + manyOrs + ") and spec.claims matches '@'",
		bigIn,
		"tenant_meta.namespace in [" + strings.Join(quoteAll(append(slices.Repeat([]string{"z"}, 3000), "acme.prod")), ",") + "]",
		"spec.operation not in [" + strings.Join(quoteAll(append(slices.Repeat([]string{"a\x00"}, 100), "OPERATION_CREATE")), ",") + "]",
	} {
		expr, err := filters.Parse(f)
		if err != nil {
			t.Fatalf("%.60s…: %v", f, err)
		}
		m, _ := filters.Compile(expr)
		want := map[tier][]string{}
		for _, tr := range []tier{tierActive, tierArchive} {
			q := query{Tier: tr, NS: "acme", Traverse: true}
			db.store.scan(context.Background(), &q, func(r *record) (bool, error) {
				if m.MatchJSON(r.Raw, testNow) {
					want[tr] = append(want[tr], r.UUID)
				}
				return true, nil
			})
		}
		for _, s := range []*Server{db, mem} {
			for tr, path := range map[tier]string{tierActive: logs, tierArchive: logs + "/archived"} {
				got := listAll(t, s, path, params("filter", f, "traverse", "true", "page_size", "500"))
				if !slices.Equal(got, want[tr]) {
					t.Errorf("%T %s %.60s…: server %d entries, evaluator %d", s.store, tr, f, len(got), len(want[tr]))
				}
				if c := countOf(t, s, path, params("filter", f, "traverse", "true")); c != int64(len(want[tr])) {
					t.Errorf("%T %s %.60s…: count %d, evaluator %d", s.store, tr, f, c, len(want[tr]))
				}
			}
		}
	}
	tooBig := bigIn[:len(bigIn)-1] + ",a]"
	for _, s := range []*Server{db, mem} {
		r := get(t, s, logs, params("filter", tooBig))
		if r.status != 400 || !strings.Contains(string(r.body), "filter is too long: 65538 bytes, the limit is 65536") {
			t.Errorf("%T: a filter past the limit: %d %s", s.store, r.status, r.body)
		}
	}
}

// TestSplitBoundsWhatSQLiteGets: a conjunct too big for SQLite's variable
// limit stays in the residual; the conjuncts beside it are still pushed;
// a long or chain is a shallow tree.
func TestSplitBoundsWhatSQLiteGets(t *testing.T) {
	t.Parallel()
	// A list that cannot go as one JSON variable (NUL in a value) and is
	// longer than the variable limit. The parser would refuse its source
	// (64 KB), so the tree is built directly.
	l := &filters.List{}
	for i := range maxSQLVars + 1 {
		l.Elems = append(l.Elems, &filters.String{Value: fmt.Sprintf("u%d\x00", i)})
	}
	op, _ := filters.Parse("spec.operation == OPERATION_CREATE")
	in := &filters.Compare{Path: &filters.Path{Segments: []string{"uuid"}}, Op: filters.In, Value: l}
	where, rest := split(&filters.Logical{Op: filters.And, X: op, Y: in}, testNow)
	if where == nil || where.kind != cLeaf || where.f != fOp {
		t.Errorf("where %+v, want the operation leaf", where)
	}
	if rest != in {
		t.Errorf("residual %.40v…, want the in list", rest)
	}
	var ors []string
	for i := range 1500 {
		// Alternating fields, so that the uuids fold into one list and
		// the times stay 750 separate comparisons.
		if i%2 == 0 {
			ors = append(ors, fmt.Sprintf("uuid == 'u%d'", i))
		} else {
			ors = append(ors, fmt.Sprintf("meta.create_time == date(2024-01-01T00:00:%02dZ)", i%60))
		}
	}
	e, err := filters.Parse(strings.Join(ors, " or "))
	if err != nil {
		t.Fatal(err)
	}
	where, rest = split(e, testNow)
	if d, v := where.sqlCost(); rest != nil || d > 20 || v != 751 {
		t.Errorf("1,500 ors: depth %d, %d variables, residual %v", d, v, rest)
	}
}
