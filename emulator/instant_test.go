package emulator

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/auditlog/auditlog/filters"
)

// TestTimesOutsideNanosecondRange is the attack of issue 9.5: create times
// outside 1678-2262 overflowed Unix nanoseconds, so an entry from 1600
// landed in the active tier and time filters returned wrong rows. Both
// stores now tier them by their true age and answer time filters as the
// evaluator does, with values inside and outside the range.
func TestTimesOutsideNanosecondRange(t *testing.T) {
	t.Parallel()
	times := map[string]string{
		"650000000000000000000031": "0001-01-01T00:00:00Z",
		"650000000000000000000032": "1600-01-01T00:00:00Z",
		"650000000000000000000033": "1600-01-01T00:00:00.000000001Z",
		"650000000000000000000034": "1677-09-21T00:12:43.145224191Z", // just before the range
		"650000000000000000000035": "2262-04-11T23:47:16.854775808Z", // just after it
		"650000000000000000000036": "9999-12-31T23:59:59.999999999Z",
		"650000000000000000000037": "2026-03-10T00:00:00Z",
		"650000000000000000000038": "2020-01-01T00:00:00+14:00",
	}
	var lines []string
	for u, ct := range times {
		lines = append(lines, fmt.Sprintf(`{"uuid":%q,"meta":{"create_time":%q},"spec":{"operation":"OPERATION_CREATE"},"tenant_meta":{"namespace":"acme"}}`, u, ct))
	}
	slices.Sort(lines)
	file := writeLines(t, "times.ndjson", lines...)
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
	for _, s := range []*Server{db, mem} {
		// Active: the one of 2026-03-10 and the two in the future.
		if a, b := s.Counts(); a != 3 || b != 5 {
			t.Errorf("%T: active %d, archive %d; want 3, 5", s.store, a, b)
		}
	}
	for _, f := range []string{
		"meta.create_time < date(1650-01-01)",
		"meta.create_time <= date(1600-01-01T00:00:00Z)",
		"meta.create_time == date(1600-01-01T00:00:00.000000001Z)",
		"meta.create_time != date(1600-01-01T00:00:00Z)",
		"meta.create_time > date(1600-01-01T00:00:00Z) and meta.create_time < date(2000-01-01)",
		"meta.create_time < date(2000-01-01)",
		"meta.create_time >= date(2262-04-12)",
		"meta.create_time > date(2100-01-01)",
		"meta.create_time >= date(0001-01-01) and meta.create_time <= date(9999-12-31T23:59:59.999999999Z)",
		"meta.create_time < now(-8760h)",
	} {
		e, err := filters.Parse(f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		m, _ := filters.Compile(e)
		for _, tr := range []tier{tierActive, tierArchive} {
			var want []string
			q := query{Tier: tr, NS: "acme"}
			db.store.scan(context.Background(), &q, func(r *record) (bool, error) {
				if m.MatchJSON(r.Raw, testNow) {
					want = append(want, r.UUID)
				}
				return true, nil
			})
			path := logs
			if tr == tierArchive {
				path += "/archived"
			}
			for _, s := range []*Server{db, mem} {
				got := listAll(t, s, path, params("filter", f))
				if !slices.Equal(got, want) {
					t.Errorf("%T %s %q: %v, evaluator %v", s.store, tr, f, got, want)
				}
			}
		}
	}
	// Time order pages through every entry, alike in both stores.
	for _, path := range []string{logs, logs + "/archived"} {
		q := params("sort.path", "meta.create_time", "page_size", "2")
		a, b := listAll(t, db, path, q), listAll(t, mem, path, q)
		if !slices.Equal(a, b) || len(a) == 0 {
			t.Errorf("%s in time order: sqlite %v, file %v", path, a, b)
		}
	}
}
