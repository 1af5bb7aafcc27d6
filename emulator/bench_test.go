package emulator

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/auditlog/auditlog/filters"
)

// The large benchmarks build their data once per process. The 1,000,000
// entry archive is built only when AUDITLOG_BENCH_1M=1 (it takes a minute
// or two) and kept in the temporary directory between runs.

// benchRequest serves one GET through the handler and fails on non-200.
func benchRequest(b *testing.B, s *Server, path string, q url.Values) int {
	req := httptest.NewRequest(http.MethodGet, path+"?"+q.Encode(), nil)
	req.Header.Set("Authorization", "Bearer "+s.Token())
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	if rec.Code != 200 {
		b.Fatalf("%d %s", rec.Code, rec.Body.String())
	}
	return rec.Body.Len()
}

var (
	millionOnce sync.Once
	millionSrv  *Server
	millionErr  error
)

// million returns a server on a database of 1,000,000 generated entries
// (almost all archived), built once and cached on disk.
func million(b *testing.B) *Server {
	if os.Getenv("AUDITLOG_BENCH_1M") != "1" {
		b.Skip("set AUDITLOG_BENCH_1M=1 to build and query a 1,000,000-entry archive")
	}
	millionOnce.Do(func() {
		path := filepath.Join(os.TempDir(), "auditlog-bench-1m-v1.db")
		_, statErr := os.Stat(path)
		start := time.Now()
		millionSrv, millionErr = Start(context.Background(), Options{DBPath: path, Demo: true, DemoSize: 1_000_000, Now: fixedClock})
		if statErr != nil && millionErr == nil {
			b.Logf("built the 1M database in %s", time.Since(start))
		}
	})
	if millionErr != nil {
		b.Fatal(millionErr)
	}
	return millionSrv
}

// windowFilter is the archive query the docs recommend: kind first, then a
// 30-day window of creation time.
func windowFilter() string {
	from := testNow.Add(-90 * 24 * time.Hour).Format(time.RFC3339)
	to := testNow.Add(-60 * 24 * time.Hour).Format(time.RFC3339)
	return "spec.message_kind == 'internal.endor.ai.endor.v1.Policy' and meta.create_time >= date(" + from + ") and meta.create_time < date(" + to + ")"
}

func BenchmarkArchive1MFirstPagePushdown(b *testing.B) {
	s := million(b)
	q := params("traverse", "true", "filter", windowFilter())
	for b.Loop() {
		benchRequest(b, s, logs+"/archived", q)
	}
}

func BenchmarkArchive1MCountPushdown(b *testing.B) {
	s := million(b)
	q := params("traverse", "true", "count", "true", "filter", windowFilter())
	for b.Loop() {
		benchRequest(b, s, logs+"/archived", q)
	}
}

// fullScan evaluates the filter on every stored row of the archive, in
// uuid order, until limit matches (0: all): the cost without pushdown.
func fullScan(b *testing.B, s *Server, limit int) int {
	e, err := filters.Parse(windowFilter())
	if err != nil {
		b.Fatal(err)
	}
	m, err := filters.Compile(e)
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	q := query{Tier: tierArchive, NS: "acme", Traverse: true}
	err = s.store.scan(context.Background(), &q, func(r *record) (bool, error) {
		if m.MatchJSON(r.Raw, testNow) {
			n++
		}
		return limit == 0 || n < limit, nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return n
}

func BenchmarkArchive1MFirstPageFullScan(b *testing.B) {
	s := million(b)
	for b.Loop() {
		fullScan(b, s, 101)
	}
}

func BenchmarkArchive1MCountFullScan(b *testing.B) {
	s := million(b)
	for b.Loop() {
		fullScan(b, s, 0)
	}
}

// BenchmarkDemoStart generates entries and loads them into a new
// temporary database, ready to serve (the work of `serve --demo --size N`
// and of the explorer's --demo), for the default size and 100,000.
func BenchmarkDemoStart(b *testing.B) {
	for _, n := range []int{DefaultDemoSize, 100_000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			if testing.Short() && n > DefaultDemoSize {
				b.Skip("large")
			}
			for b.Loop() {
				s, err := Start(context.Background(), Options{Demo: true, DemoSize: n, Now: fixedClock})
				if err != nil {
					b.Fatal(err)
				}
				s.Close()
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
		})
	}
}

// BenchmarkGenerate measures the generator alone, per entry.
func BenchmarkGenerate(b *testing.B) {
	g := newGenerator(DefaultSeed, testNow, b.N)
	i := 0
	for b.Loop() {
		if _, err := g.entry(i); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

var (
	fileOnce sync.Once
	filePath string
)

// file100k writes 100,000 generated entries as NDJSON, once.
func file100k(b *testing.B) string {
	if testing.Short() {
		b.Skip("large")
	}
	fileOnce.Do(func() {
		filePath = filepath.Join(os.TempDir(), "auditlog-bench-100k-v1.ndjson")
		if _, err := os.Stat(filePath); err == nil {
			return
		}
		f, err := os.Create(filePath + ".tmp")
		if err != nil {
			b.Fatal(err)
		}
		err = generate(DefaultSeed, testNow, 100_000, func(raw []byte) error {
			_, err := f.Write(append(raw, '\n'))
			return err
		})
		if err == nil {
			err = f.Close()
		}
		if err == nil {
			err = os.Rename(filePath+".tmp", filePath)
		}
		if err != nil {
			b.Fatal(err)
		}
	})
	return filePath
}

// BenchmarkImport100k imports a 100,000-entry NDJSON file into a new
// database, in one transaction.
func BenchmarkImport100k(b *testing.B) {
	path := file100k(b)
	fi, _ := os.Stat(path)
	for b.Loop() {
		db, err := openSQL(filepath.Join(b.TempDir(), "i.db"), true)
		if err != nil {
			b.Fatal(err)
		}
		st, err := importFiles(context.Background(), db, []string{path}, testNow, nil)
		if err != nil || st.Added != 100_000 {
			b.Fatal(err, st)
		}
		db.close()
	}
	b.SetBytes(fi.Size())
	b.ReportMetric(100_000*float64(b.N)/b.Elapsed().Seconds(), "entries/s")
}

// BenchmarkFileIndex100k reads and indexes a 100,000-entry export (file
// mode's start-up).
func BenchmarkFileIndex100k(b *testing.B) {
	path := file100k(b)
	fi, _ := os.Stat(path)
	b.SetBytes(fi.Size())
	for b.Loop() {
		m, err := loadFile(path, testNow, nil)
		if err != nil {
			b.Fatal(err)
		}
		if a, c, _ := m.counts(context.Background()); a+c != 100_000 {
			b.Fatal(a, c)
		}
		m.close()
	}
}

var (
	fileSrvOnce sync.Once
	fileSrv     *Server
)

func fileServer(b *testing.B) *Server {
	path := file100k(b)
	fileSrvOnce.Do(func() {
		var err error
		fileSrv, err = Start(context.Background(), Options{File: path, Now: fixedClock})
		if err != nil {
			b.Fatal(err)
		}
	})
	return fileSrv
}

// BenchmarkFileScan100k pages through every match of filters over both
// tiers of a 100,000-entry export, through the HTTP handler, 500 a page.
func BenchmarkFileScan100k(b *testing.B) {
	s := fileServer(b)
	for _, tc := range []struct{ name, filter string }{
		{"pushdown", "spec.operation == OPERATION_DELETE and tenant_meta.namespace == 'acme.prod'"},
		{"residual", "spec.claims matches '@github' and spec.remote_address matches '^2001:'"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			matched := 0
			for b.Loop() {
				matched = 0
				for _, path := range []string{logs, logs + "/archived"} {
					q := params("traverse", "true", "page_size", "500", "filter", tc.filter)
					for {
						req := httptest.NewRequest(http.MethodGet, path+"?"+q.Encode(), nil)
						req.Header.Set("Authorization", "Bearer "+s.Token())
						rec := httptest.NewRecorder()
						s.Handler().ServeHTTP(rec, req)
						var env struct {
							List struct {
								Objects  []struct{} `json:"objects"`
								Response struct {
									NextPageID string `json:"next_page_id"`
								} `json:"response"`
							} `json:"list"`
						}
						if err := jsonUnmarshal(rec.Body.Bytes(), &env); err != nil {
							b.Fatal(err)
						}
						matched += len(env.List.Objects)
						if env.List.Response.NextPageID == "" {
							break
						}
						q.Set("list_parameters.page_id", env.List.Response.NextPageID)
					}
				}
			}
			b.ReportMetric(float64(matched), "matches")
		})
	}
}

// BenchmarkArchive1MResume pages from a cursor at the start, the middle and
// the end of the archive (no filter, default order): a page_id resume is a
// seek on the uuid index, so the three cost the same.
func BenchmarkArchive1MResume(b *testing.B) {
	s := million(b)
	var uuids []string
	q := query{Tier: tierArchive, NS: "acme", Traverse: true}
	n := 0
	if err := s.store.scan(context.Background(), &q, func(r *record) (bool, error) {
		if n%300_000 == 0 {
			uuids = append(uuids, r.UUID)
		}
		n++
		return true, nil
	}); err != nil {
		b.Fatal(err)
	}
	for i, at := range []string{"start", "middle", "end"} {
		b.Run(at, func(b *testing.B) {
			q := params("traverse", "true", "page_size", "100", "page_id", uuids[min(i*len(uuids)/2, len(uuids)-1)])
			for b.Loop() {
				benchRequest(b, s, logs+"/archived", q)
			}
		})
	}
}

// BenchmarkLargeFilter serves the valid filters of issue 9.2 that SQLite
// could not take whole (1,001 or-ed comparisons, a 32,764-item in list), on
// a 10,000-entry database and the same entries in file mode.
func BenchmarkLargeFilter(b *testing.B) {
	path := filepath.Join(b.TempDir(), "export.ndjson")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	generate(DefaultSeed, demoEpoch(testNow), 10_000, func(raw []byte) error {
		_, err := f.Write(append(raw, '\n'))
		return err
	})
	f.Close()
	db, err := Start(context.Background(), Options{Import: []string{path}, Now: fixedClock})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	mem, err := Start(context.Background(), Options{File: path, Now: fixedClock})
	if err != nil {
		b.Fatal(err)
	}
	defer mem.Close()
	var ors []string
	for i := range 1001 {
		ors = append(ors, "spec.message_uuid == 'm"+strconv.Itoa(i)+"'")
	}
	in := "uuid in[" + strings.Repeat("a,", 32763) + "a]"
	for _, tc := range []struct{ name, filter string }{{"or1001", strings.Join(ors, " or ")}, {"in32764", in}} {
		for _, s := range []struct {
			name string
			srv  *Server
		}{{"sqlite", db}, {"file", mem}} {
			b.Run(tc.name+"/"+s.name, func(b *testing.B) {
				q := params("traverse", "true", "filter", tc.filter)
				for b.Loop() {
					benchRequest(b, s.srv, logs, q)
				}
			})
		}
	}
}
