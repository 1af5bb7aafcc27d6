package client

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/emulator"
)

// startEmulator runs the real emulator with demo data, as `auditlog
// --demo` does, and returns a client on it.
func startEmulator(t testing.TB, size int) (*Client, *emulator.Server) {
	t.Helper()
	srv, err := emulator.Start(context.Background(), emulator.Options{Demo: true, DemoSize: size})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	c, err := New(srv.URL(), WithToken(srv.Token()))
	if err != nil {
		t.Fatal(err)
	}
	return c, srv
}

func collect(t testing.TB, c *Client, opts ListOptions) []Entry {
	t.Helper()
	var out []Entry
	for e, err := range c.All(context.Background(), opts) {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, e)
	}
	return out
}

func TestAgainstTheEmulator(t *testing.T) {
	t.Parallel()
	c, srv := startEmulator(t, 1500)
	ctx := context.Background()
	ns := srv.Namespace()
	base := ListOptions{Namespace: ns, ListParameters: api.ListParameters{Traverse: true, PageSize: 97}}
	with := func(t Tier) ListOptions { o := base; o.Tier = t; return o }

	nActive, _, err := c.Count(ctx, with(TierActive))
	if err != nil {
		t.Fatal(err)
	}
	nArchive, _, err := c.Count(ctx, with(TierArchive))
	if err != nil {
		t.Fatal(err)
	}
	nBoth, resp, err := c.Count(ctx, with(TierBoth))
	if err != nil {
		t.Fatal(err)
	}
	if nActive == 0 || nArchive == 0 || nBoth != nActive+nArchive || len(resp.Parts) != 2 {
		t.Fatalf("counts: active %d, archive %d, both %d", nActive, nArchive, nBoth)
	}
	if c.archiveMode.Load() != archiveRoute {
		t.Errorf("the emulator's /archived route was not used (mode %d)", c.archiveMode.Load())
	}

	t.Run("both tiers merged, oldest first, labelled, no duplicates", func(t *testing.T) {
		active := collect(t, c, with(TierActive))
		archive := collect(t, c, with(TierArchive))
		both := collect(t, c, with(TierBoth))
		if int64(len(active)) != nActive || int64(len(archive)) != nArchive || int64(len(both)) != nBoth {
			t.Fatalf("listed %d/%d/%d, counted %d/%d/%d", len(active), len(archive), len(both), nActive, nArchive, nBoth)
		}
		tierOf := map[string]Tier{}
		for _, e := range active {
			tierOf[e.UUID] = TierActive
		}
		for _, e := range archive {
			tierOf[e.UUID] = TierArchive
		}
		seen := map[string]bool{}
		for i, e := range both {
			if seen[e.UUID] {
				t.Fatalf("duplicate %s", e.UUID)
			}
			seen[e.UUID] = true
			if e.Tier != tierOf[e.UUID] {
				t.Errorf("%s labelled %v, listed in %v", e.UUID, e.Tier, tierOf[e.UUID])
			}
			if i > 0 && e.Meta.CreateTime.Before(both[i-1].Meta.CreateTime) {
				t.Fatalf("entry %d is older than the one before", i)
			}
		}
		// Page by page through the opaque cursor gives the same sequence.
		var paged []string
		o := with(TierBoth)
		for range 1000 {
			page, _, err := c.List(ctx, o)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range page.Entries {
				paged = append(paged, e.UUID)
			}
			if page.NextCursor == "" {
				break
			}
			o.Cursor = page.NextCursor
		}
		var all []string
		for _, e := range both {
			all = append(all, e.UUID)
		}
		if !slices.Equal(paged, all) {
			t.Errorf("paged TierBoth listing differs from All: %d vs %d entries", len(paged), len(all))
		}
		// Newest first.
		od := with(TierBoth)
		od.Sort.Order = api.SortOrderDesc
		desc := collect(t, c, od)
		for i := 1; i < len(desc); i++ {
			if desc[i].Meta.CreateTime.After(desc[i-1].Meta.CreateTime) {
				t.Fatalf("descending order broken at %d", i)
			}
		}
		// Get finds an active entry directly and an archived one by the fallback.
		for _, e := range []Entry{active[0], archive[0]} {
			got, _, err := c.Get(ctx, e.TenantMeta.Namespace, e.UUID)
			if err != nil || got.UUID != e.UUID {
				t.Errorf("Get(%s) = %v, %v", e.UUID, got, err)
			}
		}
	})

	t.Run("group and group_by_time add up to the count", func(t *testing.T) {
		o := with(TierBoth)
		o.Group.AggregationPaths = []string{"spec.operation"}
		g, _, err := c.Group(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		if sum := sumGroups(g); sum != nBoth || len(g.Groups) < 2 {
			t.Errorf("operation groups sum to %d over %d groups, count %d", sum, len(g.Groups), nBoth)
		}
		o = with(TierBoth)
		o.GroupByTime = api.GroupByTime{AggregationPaths: []string{"meta.create_time"}, Interval: api.IntervalMonth}
		g, _, err = c.Group(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		if sum := sumGroups(g); sum != nBoth || len(g.Groups) < 12 {
			t.Errorf("monthly groups sum to %d over %d groups, count %d", sum, len(g.Groups), nBoth)
		}
	})

	t.Run("history of an object", func(t *testing.T) {
		o := with(TierBoth)
		o.Group.AggregationPaths = []string{"spec.message_uuid"}
		g, _, err := c.Group(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		// The object with the most versions.
		var obj string
		var most int64
		for k, d := range g.Groups {
			keys, err := api.ParseGroupKey(k)
			if err != nil || d.AggregationCount == nil {
				continue
			}
			if n := d.AggregationCount.Count; n > most {
				most, obj = n, fmt.Sprint(keys[0].Value)
			}
		}
		if most < 3 {
			t.Fatalf("no object with a history (most %d)", most)
		}
		vs, err := c.History(ctx, ns, obj)
		if err != nil {
			t.Fatal(err)
		}
		if int64(len(vs)) != most {
			t.Fatalf("History gave %d versions, group counted %d", len(vs), most)
		}
		changed := 0
		for i, v := range vs {
			if v.Spec.MessageUUID != obj {
				t.Errorf("version %d is about %s", i, v.Spec.MessageUUID)
			}
			if i > 0 && v.Meta.CreateTime.Before(vs[i-1].Meta.CreateTime) {
				t.Errorf("version %d is older than the one before", i)
			}
			if len(v.Changes) > 0 {
				changed++
			}
		}
		if changed == 0 {
			t.Errorf("no version of %s changed its payload", obj)
		}
	})

	t.Run("a bad filter is the server's invalid-args", func(t *testing.T) {
		o := with(TierActive)
		o.Filter = "spec.operation =="
		_, _, err := c.List(ctx, o)
		var ae *APIError
		if !asAPIError(err, &ae) || ae.Code != api.CodeInvalidArgument || ae.HTTPStatus != 400 {
			t.Errorf("error = %v", err)
		}
	})

	t.Run("a query past Request-Timeout", func(t *testing.T) {
		// One second is the least the header can say; a 1 ns client-side
		// timeout fires first and must say how to raise it.
		slow, err := New(srv.URL(), WithToken(srv.Token()), WithTimeout(time.Nanosecond), WithMaxRetries(0))
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = slow.List(ctx, with(TierActive))
		if !IsDeadlineExceeded(err) {
			t.Errorf("error = %v", err)
		}
	})
}

func asAPIError(err error, target **APIError) bool {
	ae, ok := err.(*APIError)
	if ok {
		*target = ae
	}
	return ok
}

func sumGroups(g *api.GroupResponse) int64 {
	var n int64
	for _, d := range g.Groups {
		if d.AggregationCount != nil {
			n += d.AggregationCount.Count
		}
	}
	return n
}

// BenchmarkListAll measures --list-all over loopback from the emulator's
// file mode: the client (HTTP, one page fetched ahead, each object decoded
// and its raw bytes kept, both tiers merged) against encoding/json alone
// decoding the same page bodies into api.ListAuditLogsResponse. The two
// run in turn inside each iteration, so that a loaded machine slows both
// alike; the metrics are entries per second of each and their ratio.
// Size with AUDITLOG_BENCH_ENTRIES (the demo size; default 114000, about
// 100,000 entries for the demo tenant).
func BenchmarkListAll(b *testing.B) {
	srv, c, ns := fileEmulator(b, benchSize())
	opts := ListOptions{Namespace: ns, Tier: TierBoth, ListParameters: api.ListParameters{Traverse: true, PageSize: api.MaxPageSize}}
	pages := rawPages(b, c, srv, ns)
	var t pairTimes
	var listed, decoded int
	b.ReportAllocs()
	for b.Loop() {
		t.start()
		for _, err := range c.All(context.Background(), opts) {
			if err != nil {
				b.Fatal(err)
			}
			listed++
		}
		t.switchToJSON()
		for _, p := range pages {
			var lr api.ListAuditLogsResponse
			if err := json.Unmarshal(p, &lr); err != nil {
				b.Fatal(err)
			}
			decoded += len(lr.List.Objects)
		}
		t.stop()
	}
	if listed != decoded {
		b.Fatalf("the client listed %d entries, the pages hold %d", listed, decoded)
	}
	t.report(b, listed)
}

// BenchmarkDecodePage isolates this client's page decoding (objects decoded
// and raw bytes kept) from HTTP and the server, against encoding/json on
// the same page bodies, in turn inside each iteration.
func BenchmarkDecodePage(b *testing.B) {
	srv, c, ns := fileEmulator(b, benchSize())
	pages := rawPages(b, c, srv, ns)
	var t pairTimes
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		t.start()
		for _, p := range pages {
			page, err := decodePage(p, TierActive)
			if err != nil {
				b.Fatal(err)
			}
			n += len(page.Entries)
		}
		t.switchToJSON()
		for _, p := range pages {
			var lr api.ListAuditLogsResponse
			if err := json.Unmarshal(p, &lr); err != nil {
				b.Fatal(err)
			}
		}
		t.stop()
	}
	t.report(b, n)
}

// pairTimes adds up the wall and CPU time of the client part and the
// encoding/json part of each iteration.
type pairTimes struct {
	wall                 time.Time
	cpuAt                time.Duration
	clientWall, jsonWall time.Duration
	clientCPU, jsonCPU   time.Duration
}

func (p *pairTimes) start() { p.wall, p.cpuAt = time.Now(), cpuTime() }

func (p *pairTimes) switchToJSON() {
	now, cpu := time.Now(), cpuTime()
	p.clientWall += now.Sub(p.wall)
	p.clientCPU += cpu - p.cpuAt
	p.wall, p.cpuAt = now, cpu
}

func (p *pairTimes) stop() {
	p.jsonWall += time.Since(p.wall)
	p.jsonCPU += cpuTime() - p.cpuAt
}

// report gives entries per second of wall time and of CPU time (which a
// loaded machine disturbs less) for each side, and the ratios.
func (p *pairTimes) report(b *testing.B, n int) {
	rate := func(d time.Duration) float64 {
		if d <= 0 {
			return 0
		}
		return float64(n) / d.Seconds()
	}
	b.ReportMetric(rate(p.clientWall), "client-entries/s")
	b.ReportMetric(rate(p.jsonWall), "json-entries/s")
	b.ReportMetric(p.jsonWall.Seconds()/p.clientWall.Seconds(), "client/json-wall")
	b.ReportMetric(rate(p.clientCPU), "client-entries/cpu-s")
	b.ReportMetric(rate(p.jsonCPU), "json-entries/cpu-s")
	if p.clientCPU > 0 {
		b.ReportMetric(p.jsonCPU.Seconds()/p.clientCPU.Seconds(), "client/json-cpu")
	}
	b.ReportMetric(float64(n)/float64(b.N), "entries/op")
}
