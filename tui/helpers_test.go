package tui

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/themes"
	"github.com/auditlog/auditlog/tui/count"
	"github.com/auditlog/auditlog/tui/filterbar"
	"github.com/auditlog/auditlog/tui/histogram"
	"github.com/auditlog/auditlog/tui/internal/viewtest"
	"github.com/auditlog/auditlog/tui/loader"
)

// testNow is the fixed clock of the tests: goldens show stable times.
var testNow = time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)

// fakeAPI serves the AuditLog list routes from two slices, the way the
// emulator does as far as the explorer can tell: page_size, page_token
// offsets, sort by meta.create_time, the archive route, and a 401 for a
// wrong token. A hook may hold a request (slow server) or fail it.
type fakeAPI struct {
	active, archive []api.AuditLog
	// hook runs before a list answer; a non-nil error status is sent.
	hook func(r *http.Request) (status int)

	// extra is added to every count: a server holding more than the
	// slices (the status bar then shows the server's total).
	extra int64

	mu       sync.Mutex
	requests []string // the filter of each list request, in order
	counts   []string // the filter of each count request, in order
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer test-token" {
		writeStatus(w, http.StatusUnauthorized, 16, "invalid token")
		return
	}
	if r.URL.Path == "/v1/auth" {
		_ = json.NewEncoder(w).Encode(api.Identity{User: api.User{Meta: api.UserMeta{Name: "alice@example.com"}}, Tenants: []string{"acme"}})
		return
	}
	q := r.URL.Query()
	if q.Get("list_parameters.count") == "true" {
		// The count of the status bar: answered at once, outside the
		// hook and the record of list requests.
		f.mu.Lock()
		f.counts = append(f.counts, q.Get("list_parameters.filter"))
		f.mu.Unlock()
		n := len(f.active)
		if strings.HasSuffix(r.URL.Path, "/archived") || q.Get("list_parameters.archive") == "true" {
			n = len(f.archive)
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(api.ListAuditLogsResponse{CountResponse: &api.CountResponse{Count: int64(n) + f.extra}})
		return
	}
	if q.Get("list_parameters.group_by_time.interval") != "" {
		f.groupByTime(w, r)
		return
	}
	aggregate := q.Get("list_parameters.page_size") == "1" && q.Get("list_parameters.mask") == "meta.create_time"
	if !aggregate { // the histogram's look for the oldest entry is not a page of rows
		f.mu.Lock()
		f.requests = append(f.requests, q.Get("list_parameters.filter"))
		f.mu.Unlock()
	}
	f.mu.Lock()
	hook := f.hook
	f.mu.Unlock()
	if hook != nil && !aggregate {
		if status := hook(r); status != 0 {
			code := 3 // invalid-argument, with a hostile message
			if status >= 500 {
				code = 14 // unavailable
			}
			writeStatus(w, status, code, "filter: unknown field \x1b[31mspec.nope\x1b[0m")
			return
		}
	}
	src := f.active
	if strings.HasSuffix(r.URL.Path, "/archived") || q.Get("list_parameters.archive") == "true" {
		src = f.archive
	}
	if strings.Contains(q.Get("list_parameters.filter"), "nothing") {
		src = nil // a filter that matches no entry
	}
	entries := slices.Clone(src)
	if want, ok := strings.CutPrefix(q.Get("list_parameters.filter"), "spec.message_uuid=="); ok {
		want = strings.Trim(want, `"'`)
		entries = slices.DeleteFunc(entries, func(e api.AuditLog) bool { return e.Spec.MessageUUID != want })
	}
	desc := q.Get("list_parameters.sort.order") == api.SortOrderDesc
	slices.SortStableFunc(entries, func(a, b api.AuditLog) int {
		c := a.Meta.CreateTime.Compare(b.Meta.CreateTime)
		if desc {
			return -c
		}
		return c
	})
	size, _ := strconv.Atoi(q.Get("list_parameters.page_size"))
	if size <= 0 {
		size = api.DefaultPageSize
	}
	off, _ := strconv.Atoi(q.Get("list_parameters.page_token"))
	end := min(off+size, len(entries))
	page := entries[min(off, len(entries)):end]
	resp := api.ListAuditLogsResponse{List: &api.AuditLogList{Objects: page}}
	if end < len(entries) {
		resp.List.Response.NextPageToken = api.PageToken(end)
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(resp)
}

// groupByTime answers the histogram: every entry of the store counted in
// buckets of a fixed width (seconds to days) counted from 2000-01-01, as
// the emulator does; the filter is ignored, as it is for lists.
func (f *fakeAPI) groupByTime(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	src := f.active
	if strings.HasSuffix(r.URL.Path, "/archived") || q.Get("list_parameters.archive") == "true" {
		src = f.archive
	}
	unit := map[string]int64{api.IntervalSecond: 1, api.IntervalMinute: 60, api.IntervalHour: 3600, api.IntervalDay: 86400}[q.Get("list_parameters.group_by_time.interval")]
	size, _ := strconv.ParseInt(q.Get("list_parameters.group_by_time.group_size"), 10, 64)
	step := unit * max(size, 1)
	groups := map[string]api.GroupData{}
	ref := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	for _, e := range src {
		if step == 0 {
			break
		}
		start := time.Unix(ref+(e.Meta.CreateTime.Unix()-ref)/step*step, 0).UTC()
		k, _ := json.Marshal(start.Format(time.RFC3339Nano))
		g := groups[string(k)]
		if g.AggregationCount == nil {
			g.AggregationCount = &api.CountResponse{}
		}
		g.AggregationCount.Count++
		groups[string(k)] = g
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(api.ListAuditLogsResponse{GroupResponse: &api.GroupResponse{Groups: groups}})
}

// setHook replaces the hook while the server runs.
func (f *fakeAPI) setHook(h func(r *http.Request) int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hook = h
}

func (f *fakeAPI) filters() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.requests)
}

func writeStatus(w http.ResponseWriter, status, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"code": code, "message": msg, "details": []any{}})
}

// entries makes n entries, one minute apart going back from testNow, with
// every operation, a few kinds and users, IPv4 and IPv6 addresses, and
// every seventh one failed. Every third entry is about the same object, so
// that history has versions.
func entries(n int, tier string) []api.AuditLog {
	ops := []api.Operation{api.OperationCreate, api.OperationUpdate, api.OperationDelete, api.OperationUpsert}
	kinds := []string{"Policy", "Project", "APIKey", "Namespace"}
	users := []string{"alice@example.com", "bob@example.com", "carol@example.org"}
	out := make([]api.AuditLog, n)
	for i := range out {
		obj := fmt.Sprintf("obj-%04d", i)
		if i%3 == 0 {
			obj = "obj-shared"
		}
		e := api.AuditLog{
			UUID: fmt.Sprintf("%s-%06d", tier, i),
			Meta: api.Meta{Name: "audit", Kind: api.Kind, CreateTime: testNow.Add(-time.Duration(i) * time.Minute)},
			Spec: api.AuditLogSpec{
				Operation:     ops[i%len(ops)],
				MessageKind:   api.MessageKindPrefix + kinds[i%len(kinds)],
				MessageUUID:   obj,
				Claims:        []string{"user=" + users[i%len(users)], "tenant=acme"},
				RemoteAddress: []string{"10.244.3.1", "2001:db8::7", "192.0.2.44"}[i%3],
				Payload:       json.RawMessage(fmt.Sprintf(`{"meta":{"name":"object %d"},"spec":{"enabled":%v,"rev":%d}}`, i, i%2 == 0, i)),
			},
			TenantMeta: api.TenantMeta{Namespace: "acme"},
		}
		if i%7 == 6 {
			e.Spec.Error = &api.Status{Code: 7, Message: "permission denied"}
		}
		out[i] = e
	}
	return out
}

// newTestClient serves f and returns a client on it.
func newTestClient(t *testing.T, f http.Handler) *client.Client {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	c, err := client.New(srv.URL, client.WithToken("test-token"), client.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func testOptions(c *client.Client) Options {
	th, _ := themes.Builtin("dark")
	return Options{
		Client: c, Namespace: "acme", PageSize: 50, Theme: th, Color: false,
		BaseURL: "https://api.example.test", Now: func() time.Time { return testNow },
		Location: time.FixedZone("CET", 3600),
		Copy:     func(string) (string, error) { return "test", nil },
	}
}

// harness drives the root model without a program: commands run in
// goroutines and their messages come back through a channel, so that a
// test waits for the message it needs instead of sleeping.
type harness struct {
	t    *testing.T
	m    Model
	msgs chan tea.Msg
}

func newHarness(t *testing.T, opts Options, w, h int) *harness {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	m, err := newModel(ctx, opts, viewtest.PlainRenderer())
	if err != nil {
		t.Fatal(err)
	}
	hs := &harness{t: t, m: m, msgs: make(chan tea.Msg, 1024)}
	hs.update(tea.WindowSizeMsg{Width: w, Height: h})
	hs.run(m.Init())
	return hs
}

// run runs cmd in a goroutine; a batch starts all its commands at once,
// as Bubble Tea does, so that requests are in flight without waiting.
func (h *harness) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		msg := cmd()
		if b, ok := msg.(tea.BatchMsg); ok {
			for _, c := range b {
				h.run(c)
			}
			return
		}
		h.msgs <- msg
	}()
}

// wait blocks until ch is closed, or fails the test.
func wait(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(20 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
	}
}

func (h *harness) update(msg tea.Msg) {
	nm, cmd := h.m.Update(msg)
	h.m = nm.(Model)
	h.run(cmd)
}

func (h *harness) key(keys ...string) {
	for _, k := range keys {
		h.update(viewtest.Key(k))
	}
}

// until feeds the messages of finished commands to the model until pred
// accepts one (after it is applied). Spinner ticks are dropped so that no
// new ticks are scheduled.
func (h *harness) until(what string, pred func(tea.Msg) bool) {
	h.t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		select {
		case msg := <-h.msgs:
			switch msg.(type) {
			case spinner.TickMsg, nil:
				continue
			}
			h.update(msg)
			if pred(msg) {
				return
			}
		case <-timeout:
			h.t.Fatalf("timed out waiting for %s; view:\n%s", what, h.m.View())
		}
	}
}

// untilPage waits for the answer to the query in force. Answers to a query
// the model has left (a tier cycled twice, history opened over a page in
// flight) are applied, and dropped by the model, but not waited for: they
// may arrive in any order with the one that counts.
func (h *harness) untilPage() {
	h.t.Helper()
	h.until("a page", func(msg tea.Msg) bool { p, ok := msg.(loader.PageMsg); return ok && h.m.loader.Current(p) })
}

// untilSettled waits for the page of the query in force and for its
// count, so that a golden shows the status bar's total.
func (h *harness) untilSettled() {
	h.t.Helper()
	h.untilPage()
	h.untilCount()
}

// untilCount waits for the count and the histogram of the query in
// force, if they are asked.
func (h *harness) untilCount() {
	h.t.Helper()
	if h.m.count.Loading() || h.m.chart.Loading() {
		h.until("the count and the histogram", func(msg tea.Msg) bool {
			switch msg.(type) {
			case count.Msg, histogram.Msg:
				return !h.m.count.Loading() && !h.m.chart.Loading()
			}
			return false
		})
	}
}

func filterbarApplied(s string) tea.Msg { return filterbar.AppliedMsg{Filter: s} }

func newTestServerURL(t *testing.T, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// The payloads of hostile entries: CSI (colour, clear screen, cursor
// moves), OSC (window title, clipboard write), DCS, and the 8-bit CSI.
const (
	csiPayload   = "\x1b[2J\x1b[31m"
	titlePayload = "\x1b]0;pwned\x07"
	clipPayload  = "\x1b]52;c;cHduZWQ=\x07"
	dcsPayload   = "\x1bP+q544e\x1b\\"
	c1Payload    = "\u009b6n"
)

var hostilePayloads = []string{csiPayload, titlePayload, clipPayload, dcsPayload, c1Payload}

func hostile(s string) string { return s + strings.Join(hostilePayloads, s) }

// hostileEntries carry the payloads in every string field the explorer
// may draw.
func hostileEntries() []api.AuditLog {
	out := make([]api.AuditLog, 12)
	for i := range out {
		payload, _ := json.Marshal(map[string]any{
			hostile("key"): hostile("value"),
			"nested":       map[string]any{"list": []string{hostile("a"), hostile("b")}},
		})
		out[i] = api.AuditLog{
			UUID: hostile(fmt.Sprintf("uuid-%d", i)),
			Meta: api.Meta{
				Name: hostile("name"), Description: hostile("desc"), Kind: api.Kind,
				CreateTime: testNow.Add(-time.Duration(i) * time.Hour), CreatedBy: hostile("creator"),
				Tags: []string{hostile("tag")}, Annotations: map[string]string{hostile("ak"): hostile("av")},
			},
			Spec: api.AuditLogSpec{
				Operation:     api.Operation(hostile("OPERATION_CREATE")),
				MessageKind:   hostile(api.MessageKindPrefix + "Policy"),
				MessageUUID:   hostile("obj"),
				Claims:        []string{hostile("user=mallory"), hostile("tenant")},
				RemoteAddress: hostile("10.0.0.1"),
				Payload:       payload,
				Error:         &api.Status{Code: 3, Message: hostile("error")},
			},
			TenantMeta: api.TenantMeta{Namespace: hostile("acme")},
		}
	}
	return out
}
