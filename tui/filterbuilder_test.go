package tui

import (
	"context"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/emulator"
	"github.com/auditlog/auditlog/tui/builder"
	"github.com/auditlog/auditlog/tui/internal/viewtest"
)

// TestBuilderOpensAppliesRestores: f opens the builder on the filter in
// force; enter applies its filter (a new query, and the recent list), esc
// leaves the filter as it was, y copies the preview.
func TestBuilderOpensAppliesRestores(t *testing.T) {
	t.Parallel()
	f := &fakeAPI{active: entries(30, "active")}
	opts := testOptions(newTestClient(t, f))
	opts.Filter = "spec.operation == OPERATION_DELETE"
	var copied []string
	var mu sync.Mutex
	opts.Copy = func(s string) (string, error) { mu.Lock(); copied = append(copied, s); mu.Unlock(); return "test", nil }
	h := newHarness(t, opts, 80, 24)
	h.untilPage()
	h.key("f")
	if h.m.overlay != overlayBuilder || !strings.Contains(h.m.View(), "filter builder") {
		t.Fatalf("f did not open the builder:\n%s", h.m.View())
	}
	if !strings.Contains(h.m.View(), "[x] DELETE") {
		t.Fatalf("the filter in force is not in the form:\n%s", h.m.View())
	}
	// The count of the previewed filter comes from the count API.
	h.until("the builder's count", func(tea.Msg) bool { return strings.Contains(h.m.View(), "entries match on the active tier") })

	h.key("right", "right", "right") // 24h
	h.key("esc")
	h.until("esc", func(msg tea.Msg) bool { _, ok := msg.(builder.CancelledMsg); return ok })
	if h.m.overlay != overlayNone || h.m.q.Filter != "spec.operation == OPERATION_DELETE" {
		t.Fatalf("esc changed the filter to %q", h.m.q.Filter)
	}

	h.key("f", "right", "right", "right", "ctrl+y")
	h.until("the copy", func(msg tea.Msg) bool { _, ok := msg.(copiedMsg); return ok })
	want := "meta.create_time >= now(-24h) and spec.operation == 'OPERATION_DELETE'"
	mu.Lock()
	if len(copied) != 1 || copied[0] != want {
		t.Errorf("copied %q, want %q", copied, want)
	}
	mu.Unlock()
	h.key("enter")
	h.untilPage()
	if h.m.overlay != overlayNone || h.m.q.Filter != want {
		t.Fatalf("applied %q, want %q", h.m.q.Filter, want)
	}
	if got := f.filters(); got[len(got)-1] != want {
		t.Errorf("the server was asked %q", got[len(got)-1])
	}
	if r := h.m.filterbar.Recent(); len(r) == 0 || r[0] != want {
		t.Errorf("recent %q", r)
	}
}

// TestBuilderSuggestsTheSelectedRow: the object section takes the selected
// row's object, "around" its moment, and the claim suggestions list the
// loaded rows' actors.
func TestBuilderSuggestsTheSelectedRow(t *testing.T) {
	t.Parallel()
	f := &fakeAPI{active: entries(10, "active")}
	h := newHarness(t, testOptions(newTestClient(t, f)), 120, 40)
	h.untilPage()
	h.key("j", "f") // row 2: obj-0001, a minute before testNow
	h.until("who am I", func(msg tea.Msg) bool { _, ok := msg.(whoamiMsg); return ok })
	h.key("left", "down", "right", "right", "right") // around ±1h
	for range 6 {
		h.key("down") // to the object row
	}
	h.key("tab")
	want := "meta.create_time >= date(2026-03-14T14:08:26Z) and meta.create_time <= date(2026-03-14T16:08:26Z) and spec.message_uuid == 'obj-0001'"
	if got := h.m.builder.Filter(); got != want {
		t.Errorf("built %q, want %q", got, want)
	}
	h.key("up", "up", "up", "up") // the claim value
	if v := h.m.View(); !strings.Contains(v, "alice@example.com (you)") || !strings.Contains(v, "bob@example.com") {
		t.Errorf("no claim suggestions:\n%s", v)
	}
}

// requestLog keeps the filters of the list requests an emulator logs.
type requestLog struct {
	mu      sync.Mutex
	filters []string
}

func (l *requestLog) Enabled(context.Context, slog.Level) bool { return true }
func (l *requestLog) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l *requestLog) WithGroup(string) slog.Handler            { return l }
func (l *requestLog) Handle(_ context.Context, r slog.Record) error {
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "query" {
			if q, err := url.ParseQuery(a.Value.String()); err == nil && q.Get("list_parameters.count") != "true" {
				if f := q.Get("list_parameters.filter"); f != "" {
					l.mu.Lock()
					l.filters = append(l.filters, f)
					l.mu.Unlock()
				}
			}
		}
		return true
	})
	return nil
}

func (l *requestLog) has(f string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, x := range l.filters {
		if x == f {
			return true
		}
	}
	return false
}

// TestProgramBuilderEverySection builds a filter with each of the six
// sections in the running explorer, on the in-process emulator, applies
// it and checks the request the emulator received.
func TestProgramBuilderEverySection(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	log := &requestLog{}
	srv, err := emulator.Start(ctx, emulator.Options{Demo: true, DemoSize: 200, Logger: slog.New(log)})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	c, err := client.New(srv.URL(), client.WithToken(srv.Token()), client.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	opts := testOptions(c)
	opts.Namespace = srv.Namespace()
	opts.Saved = []SavedFilter{{Name: "deletes", Filter: "spec.operation == OPERATION_DELETE"}}
	tm := startProgram(t, opts, 120, 40)
	waitOutput(t, tm, "loaded")
	send := func(keys ...string) {
		for _, k := range keys {
			tm.Send(viewtest.Key(k))
		}
	}
	send("f")
	waitOutput(t, tm, "filter builder")
	// time: an absolute range (left twice: any → around → range).
	send("left", "left", "down")
	send(strings.Split("2026-03-01", "")...)
	send("down")
	send(strings.Split("2026-03-14T12:00:00Z", "")...)
	// claim: equals, typed.
	send("down", "right", "down")
	send(strings.Split("bob@example.com", "")...)
	// operations: CREATE and DELETE.
	send("down", "space", "right", "right", "space")
	// kinds: Policy, found by typing.
	send("down")
	send(strings.Split("Polic", "")...)
	send("space")
	// IP range and object.
	send("down")
	send(strings.Split("10.244.0.0/16", "")...)
	send("down")
	send(strings.Split("obj-1", "")...)
	want := "spec.message_kind == 'internal.endor.ai.endor.v1.Policy'" +
		" and meta.create_time >= date(2026-03-01T00:00:00Z) and meta.create_time <= date(2026-03-14T12:00:00Z)" +
		" and spec.operation in ['OPERATION_CREATE', 'OPERATION_DELETE']" +
		` and spec.claims matches '^bob@example\.com$'` +
		` and spec.remote_address matches '^(?:::ffff:)?(?:10\.244\.(?:[0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])\.(?:[0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5]))$'` +
		" and spec.message_uuid == 'obj-1'"
	waitOutput(t, tm, "obj-1")
	send("enter")
	waitOutput(t, tm, "filter spec.message_kind")
	// The bar shows the filter before its request reaches the emulator:
	// quitting at once would cancel it.
	for deadline := time.Now().Add(10 * time.Second); !log.has(want) && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
	m := quit(t, tm)
	if m.q.Filter != want {
		t.Fatalf("applied\n%s\nwant\n%s", m.q.Filter, want)
	}
	if !log.has(want) {
		log.mu.Lock()
		defer log.mu.Unlock()
		t.Fatalf("the emulator was not asked the built filter; it got %q", log.filters)
	}
}

// TestFilterInputCompletesFromLoadedRows: the typed filter's Tab offers
// the payload paths and the addresses of the loaded rows.
func TestFilterInputCompletesFromLoadedRows(t *testing.T) {
	t.Parallel()
	f := &fakeAPI{active: entries(10, "active")}
	h := newHarness(t, testOptions(newTestClient(t, f)), 120, 40)
	h.untilPage()
	tests := []struct{ typed, want string }{
		{"spec.payload.spec.re", "spec.payload.spec.rev"},
		{"spec.remote_address == 2001", "spec.remote_address == '2001:db8::7'"},
		{"spec.claims matches 'user=car", `spec.claims matches 'user=carol@example\.org'`},
	}
	for _, tt := range tests {
		h.key("/", "ctrl+u")
		for _, r := range tt.typed {
			h.key(string(r))
		}
		h.key("tab")
		if got := h.m.filterbar.Value(); got != tt.want {
			t.Errorf("%q + tab = %q, want %q", tt.typed, got, tt.want)
		}
		h.key("esc")
	}
}
