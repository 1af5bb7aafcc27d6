package tui

import (
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/tui/common"
	"github.com/auditlog/auditlog/tui/internal/viewtest"
	"github.com/auditlog/auditlog/tui/loader"
	"github.com/auditlog/auditlog/tui/menu"
	"github.com/auditlog/auditlog/tui/statusbar"
)

// TestGolden compares whole screens, colours off, on a fixed clock.
func TestGolden(t *testing.T) {
	tests := []struct {
		name string
		w, h int
		keys []string
	}{
		{name: "ready_80x24", w: 80, h: 24},
		{name: "ready_120x40", w: 120, h: 40},
		{name: "wide_160x40", w: 160, h: 40},
		{name: "detail_80x24", w: 80, h: 24, keys: []string{"j", "enter"}},
		{name: "help_80x24", w: 80, h: 24, keys: []string{"?"}},
		{name: "both_tiers_120x40", w: 120, h: 40, keys: []string{"a", "a"}},
		{name: "too_small_79x24", w: 79, h: 24},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := &fakeAPI{active: entries(120, "active"), archive: entries(30, "archive")}
			h := newHarness(t, testOptions(newTestClient(t, f)), tc.w, tc.h)
			h.untilSettled()
			for _, k := range tc.keys {
				h.key(k)
				if k == "a" {
					h.untilSettled()
				}
			}
			h.m.status.Stop() // the spinner of a prefetch is not part of the picture
			viewtest.Golden(t, h.m.View())
		})
	}
}

func TestGoldenAuthError(t *testing.T) {
	t.Parallel()
	srv := &fakeAPI{}
	c, err := client.New(newTestServerURL(t, srv), client.WithToken("s3cr3t-token-value"), client.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, testOptions(c), 80, 24)
	h.untilPage()
	if h.m.state != stateError {
		t.Fatalf("state = %v, want the error view", h.m.state)
	}
	v := h.m.View()
	for _, want := range []string{"ENDOR_TOKEN", "ENDOR_API_CREDENTIALS_KEY", "ENDOR_NAMESPACE", "~/.endorctl/config.yaml"} {
		if !strings.Contains(v, want) {
			t.Errorf("the error view does not mention %s", want)
		}
	}
	if strings.Contains(v, "s3cr3t") {
		t.Fatal("the error view shows the token")
	}
	viewtest.Golden(t, v)
}

// TestViewHasNoEscapes: with colours off the root view carries no escape
// byte at all, whatever the server sent (hostile entries in every field).
func TestViewHasNoEscapes(t *testing.T) {
	t.Parallel()
	f := &fakeAPI{active: hostileEntries(), archive: hostileEntries()}
	h := newHarness(t, testOptions(newTestClient(t, f)), 160, 40)
	h.untilPage()
	check := func(state string) {
		t.Helper()
		if v := h.m.View(); strings.ContainsAny(v, "\x1b\u009b\a") {
			t.Fatalf("%s: a control byte reached the view:\n%q", state, v)
		}
	}
	check("table and detail")
	h.key("tab")
	check("detail focused")
	h.key("esc", "a", "a")
	h.untilPage()
	check("both tiers")
	h.key("h")
	h.until("history", func(msg tea.Msg) bool { _, ok := msg.(loader.HistoryMsg); return ok })
	check("history")
	f.setHook(func(*http.Request) int { return http.StatusBadRequest })
	h.key("r")
	h.untilPage()
	if lvl, text := h.m.status.Flashed(); lvl != statusbar.Error || !strings.Contains(text, `unknown field \x1b[31mspec.nope`) {
		t.Fatalf("the server's error is not shown escaped: %v %q", lvl, text)
	}
	check("server error")
}

func TestPagingPrefetch(t *testing.T) {
	t.Parallel()
	f := &fakeAPI{active: entries(120, "active")}
	h := newHarness(t, testOptions(newTestClient(t, f)), 80, 24)
	h.untilPage()
	if got := h.m.table.Len(); got != 50 {
		t.Fatalf("first page holds %d rows, want 50", got)
	}
	h.key("end") // near the end of what is loaded: the next page is asked for
	if !h.m.loader.Busy() {
		t.Fatal("no prefetch after moving to the last loaded row")
	}
	h.key("j", "j") // a second request is not sent while one is in flight
	h.untilPage()
	if got := h.m.table.Len(); got != 100 {
		t.Fatalf("after the prefetch %d rows, want 100", got)
	}
	if n := len(f.filters()); n != 2 {
		t.Fatalf("%d requests, want 2 (one at a time)", n)
	}
	h.key("n") // next page: row 50 is loaded
	if got := h.m.table.Cursor(); got != 50 || h.m.loader.Busy() {
		t.Fatalf("after n the cursor is on row %d (in flight: %v), want 50 without a request", got, h.m.loader.Busy())
	}
	h.key("n") // row 100 is on page 3, loaded first
	h.untilPage()
	if got, want := h.m.table.Cursor(), 100; got != want {
		t.Fatalf("after n the cursor is on row %d, want %d", got, want)
	}
	if h.m.loader.HasMore() {
		t.Fatal("all 120 rows loaded but the loader has more")
	}
	h.key("p")
	if got := h.m.table.Cursor(); got != 50 {
		t.Fatalf("after p the cursor is on row %d, want 50", got)
	}
	if !strings.Contains(h.m.View(), "row 51 of 120 · page 2/3 · all loaded") {
		t.Fatalf("status bar:\n%s", h.m.View())
	}
}

func TestSortToggle(t *testing.T) {
	t.Parallel()
	f := &fakeAPI{active: entries(60, "active")}
	h := newHarness(t, testOptions(newTestClient(t, f)), 80, 24)
	h.untilPage()
	first, _ := h.m.table.Selected()
	h.key("s")
	h.untilPage()
	oldest, _ := h.m.table.Selected()
	if !oldest.Meta.CreateTime.Before(first.Meta.CreateTime) || h.m.q.Sort.Order != api.SortOrderAsc {
		t.Fatalf("after s the first row is %v, was %v", oldest.Meta.CreateTime, first.Meta.CreateTime)
	}
	if !strings.Contains(h.m.View(), "oldest first") {
		t.Fatal("the filter bar does not say oldest first")
	}
}

func TestTierCycleAndArchiveLint(t *testing.T) {
	t.Parallel()
	f := &fakeAPI{active: entries(10, "active"), archive: entries(5, "archive")}
	h := newHarness(t, testOptions(newTestClient(t, f)), 120, 40)
	h.untilPage()
	h.key("a")
	h.untilPage()
	if h.m.q.Tier != client.TierArchive || h.m.table.Len() != 5 {
		t.Fatalf("tier %v with %d rows, want archive with 5", h.m.q.Tier, h.m.table.Len())
	}
	if lvl, text := h.m.status.Flashed(); lvl != statusbar.Warn || !strings.Contains(text, "spec.message_kind") {
		t.Fatalf("no archive lint: %v %q", lvl, text)
	}
	if !strings.Contains(h.m.View(), "tier ARCHIVE") {
		t.Fatal("the filter bar does not show the archive")
	}
	h.key("a")
	h.untilPage()
	if h.m.q.Tier != client.TierBoth || h.m.table.Len() != 15 {
		t.Fatalf("tier %v with %d rows, want both with 15", h.m.q.Tier, h.m.table.Len())
	}
	h.key("a")
	h.untilPage()
	if h.m.q.Tier != client.TierActive {
		t.Fatalf("tier %v, want active again", h.m.q.Tier)
	}
}

// TestBadFilterKeepsResults: what is typed goes through filters.Prepare;
// a syntax error, a misspelt field, a near-miss enum value or a bad regex
// is shown under the input with a caret (and a did-you-mean), nothing is
// sent and the rows stay.
func TestBadFilterKeepsResults(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, typed, want string }{
		{"syntax", "meta.create_time >=", "(1:"},
		{"misspelt field", "spec.operaton == OPERATION_DELETE", "did you mean 'spec.operation'?"},
		{"near-miss enum", "spec.operation == OPERATION_CRATE", "did you mean 'OPERATION_CREATE'?"},
		{"bad regex", "spec.claims matches 'a(b'", "(1:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := &fakeAPI{active: entries(30, "active")}
			h := newHarness(t, testOptions(newTestClient(t, f)), 80, 24)
			h.untilPage()
			before := len(f.filters())
			h.key("/")
			for _, r := range tc.typed {
				h.key(string(r))
			}
			h.key("enter")
			if !h.m.filterbar.Editing() || h.m.filterbar.Err() == "" {
				t.Fatal("a bad filter closed the input")
			}
			if len(f.filters()) != before || h.m.table.Len() != 30 {
				t.Fatalf("a bad filter was sent or dropped the rows (%d rows)", h.m.table.Len())
			}
			v := h.m.View()
			if !strings.Contains(v, "^") || !strings.Contains(strings.ReplaceAll(v, "\n", " "), tc.want) {
				t.Fatalf("no caret or %q:\n%s", tc.want, v)
			}
			if lines := strings.Split(v, "\n"); len(lines) != 24 {
				t.Fatalf("%d lines, want 24", len(lines))
			}
			for _, l := range strings.Split(v, "\n") {
				if common.Width(l) > 80 {
					t.Fatalf("a line is cut or wider than 80: %q", l)
				}
			}
			h.key("esc")
			if h.m.filterbar.Editing() || h.m.q.Filter != "" {
				t.Fatal("esc did not cancel")
			}
		})
	}
}

// TestTypedFilterIsSentCanonical: the explorer sends the form Prepare
// prints (now(-7d) as now(-168h), which the server takes), not the text
// as typed.
func TestTypedFilterIsSentCanonical(t *testing.T) {
	t.Parallel()
	f := &fakeAPI{active: entries(30, "active")}
	h := newHarness(t, testOptions(newTestClient(t, f)), 80, 24)
	h.untilPage()
	h.key("/")
	h.key("meta.create_time>=now(-7d)") // a paste, as one message
	h.key("enter")
	h.untilPage()
	got := f.filters()
	if last := got[len(got)-1]; last != "meta.create_time >= now(-168h)" {
		t.Fatalf("sent %q", last)
	}
}

func TestServerRejectsFilter(t *testing.T) {
	t.Parallel()
	f := &fakeAPI{active: entries(30, "active")}
	f.hook = func(r *http.Request) int {
		if strings.Contains(r.URL.Query().Get("list_parameters.filter"), "spec.nope") {
			return http.StatusBadRequest
		}
		return 0
	}
	h := newHarness(t, testOptions(newTestClient(t, f)), 80, 24)
	h.untilPage()
	h.update(filterbarApplied("spec.nope == 1"))
	h.untilPage()
	if h.m.q.Filter != "" || h.m.table.Len() != 30 {
		t.Fatalf("filter %q and %d rows: the previous query and rows should stay", h.m.q.Filter, h.m.table.Len())
	}
	if lvl, text := h.m.status.Flashed(); lvl != statusbar.Error || !strings.Contains(text, "previous results") {
		t.Fatalf("flash = %v %q", lvl, text)
	}
}

// TestCancelDropsLateAnswers: a new query cancels the one in flight, and
// an answer to an older generation is dropped even if it arrives.
func TestCancelDropsLateAnswers(t *testing.T) {
	t.Parallel()
	started, cancelled := make(chan struct{}), make(chan struct{})
	f := &fakeAPI{active: entries(30, "active")}
	f.hook = func(r *http.Request) int {
		if strings.Contains(r.URL.Query().Get("list_parameters.filter"), "slow") {
			close(started)
			<-r.Context().Done() // held until the client gives up
			close(cancelled)
		}
		return 0
	}
	h := newHarness(t, testOptions(newTestClient(t, f)), 80, 24)
	h.untilPage()
	h.update(filterbarApplied("spec.claims matches 'slow'"))
	wait(t, started, "the slow request")
	h.update(filterbarApplied("spec.operation == OPERATION_DELETE"))
	wait(t, cancelled, "the slow request to be cancelled by the change")
	h.until("the new query's page", func(msg tea.Msg) bool { p, ok := msg.(loader.PageMsg); return ok && h.m.loader.Current(p) })
	if h.m.q.Filter != "spec.operation == OPERATION_DELETE" {
		t.Fatalf("filter = %q", h.m.q.Filter)
	}
	// The slow query's answer (cancelled) comes back late and is dropped
	// (loader's tests drop stale pages by generation).
	for i := range h.m.table.Len() {
		h.m.table.SetCursor(i)
		if e, _ := h.m.table.Selected(); strings.Contains(e.UUID, "late") {
			t.Fatal("a late answer reached the table")
		}
	}
}

func TestKeyOverrides(t *testing.T) {
	t.Parallel()
	k := DefaultKeyMap()
	if err := k.Apply(map[string][]string{"tier": {"x"}}); err != nil {
		t.Fatal(err)
	}
	if got := k.Tier.Help().Key; got != "x" {
		t.Fatalf("help key = %q, want x", got)
	}
	err := k.Apply(map[string][]string{"teir": {"x"}})
	if err == nil || !strings.Contains(err.Error(), `"teir"`) {
		t.Fatalf("unknown action: err = %v", err)
	}
	f := &fakeAPI{active: entries(5, "active"), archive: entries(2, "archive")}
	opts := testOptions(newTestClient(t, f))
	opts.KeyOverrides = map[string][]string{"tier": {"x"}, "help": {"F1", "?"}, "table.line_down": {"J"}}
	h := newHarness(t, opts, 80, 24)
	h.untilPage()
	h.key("a") // no longer the tier key
	if h.m.q.Tier != client.TierActive {
		t.Fatal("the old key still switches the tier")
	}
	h.key("x")
	h.untilPage()
	if h.m.q.Tier != client.TierArchive {
		t.Fatal("the new key does not switch the tier")
	}
	h.key("J")
	if h.m.table.Cursor() != 1 {
		t.Fatal("the table's rebound key does not move down")
	}
	h.key("j")
	if h.m.table.Cursor() != 1 {
		t.Fatal("the table's old key still moves down")
	}
	h.key("?")
	if v := h.m.View(); !strings.Contains(v, "x ") || !strings.Contains(v, "F1/?") || !strings.Contains(v, "J ") {
		t.Fatalf("help does not show the rebound keys:\n%s", v)
	}
}

func TestHistory(t *testing.T) {
	t.Parallel()
	f := &fakeAPI{active: entries(30, "active"), archive: entries(9, "archive")}
	h := newHarness(t, testOptions(newTestClient(t, f)), 160, 40)
	h.untilPage()
	h.key("j", "j", "j", "h") // row 3 is about obj-shared
	h.until("history", func(msg tea.Msg) bool { _, ok := msg.(loader.HistoryMsg); return ok })
	if h.m.hist == nil || h.m.table.Len() != 10+3 {
		t.Fatalf("history holds %d rows, want 13 (every third entry of both stores)", h.m.table.Len())
	}
	first, _ := h.m.table.Selected()
	h.key("j")
	second, _ := h.m.table.Selected()
	if !first.Meta.CreateTime.Before(second.Meta.CreateTime) {
		t.Fatal("history is not oldest first")
	}
	if v := h.m.View(); !strings.Contains(v, "HISTORY") || !strings.Contains(v, "obj-shared") {
		t.Fatalf("history view:\n%s", v)
	}
	// The tier key stays in the history: one store's versions, or both.
	for _, tc := range []struct {
		tier client.Tier
		rows int
	}{{client.TierActive, 10}, {client.TierArchive, 3}, {client.TierBoth, 13}} {
		h.key("a")
		if h.m.hist == nil || h.m.q.Tier != tc.tier || h.m.table.Len() != tc.rows {
			t.Fatalf("tier %v in history: history %v, %d rows, want %d", h.m.q.Tier, h.m.hist != nil, h.m.table.Len(), tc.rows)
		}
	}
	// Esc returns to the exact previous view, without asking the server.
	before := len(f.filters())
	h.key("esc")
	if h.m.hist != nil || h.m.q.Filter != "" || h.m.q.Tier != client.TierActive || h.m.table.Cursor() != 3 || h.m.table.Len() != 30 {
		t.Fatalf("esc did not restore the view: %+v, cursor %d, %d rows", h.m.q, h.m.table.Cursor(), h.m.table.Len())
	}
	if len(f.filters()) != before {
		t.Fatal("esc asked the server for the rows again")
	}
}

func TestCopyMenu(t *testing.T) {
	t.Parallel()
	f := &fakeAPI{active: entries(5, "active")}
	opts := testOptions(newTestClient(t, f))
	got := make(chan string, 1)
	opts.Copy = func(s string) (string, error) { got <- s; return "test", nil }
	opts.Filter = "meta.create_time >= now(-24h)"
	h := newHarness(t, opts, 80, 24)
	h.untilPage()
	tests := []struct {
		choice string
		want   []string
		not    []string
	}{
		{"1", []string{"now(-24h)"}, nil},
		{"2", []string{"date(2026-03-13T15:09:26Z)"}, []string{"now("}},
		{"3", []string{"endorctl api list -r AuditLog", "-n acme"}, nil},
		{"4", []string{"curl", "$ENDOR_TOKEN", "https://api.example.test"}, []string{"test-token"}},
	}
	for _, tc := range tests {
		h.key("y", tc.choice)
		h.until("the choice", func(msg tea.Msg) bool { _, ok := msg.(menu.CopyMsg); return ok })
		text := <-got
		h.until("copied", func(msg tea.Msg) bool { _, ok := msg.(copiedMsg); return ok })
		for _, w := range tc.want {
			if !strings.Contains(text, w) {
				t.Errorf("choice %s copied %q, want %q in it", tc.choice, text, w)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(text, w) {
				t.Errorf("choice %s copied %q, must not hold %q", tc.choice, text, w)
			}
		}
		if _, msg := h.m.status.Flashed(); !strings.Contains(msg, "copied") {
			t.Errorf("no confirmation: %q", msg)
		}
	}
}

func TestZoneToggle(t *testing.T) {
	t.Parallel()
	f := &fakeAPI{active: entries(5, "active")}
	h := newHarness(t, testOptions(newTestClient(t, f)), 120, 40)
	h.untilPage()
	if !strings.Contains(h.m.View(), "15:09") {
		t.Fatalf("UTC time missing:\n%s", h.m.View())
	}
	h.key("z")
	if v := h.m.View(); !strings.Contains(v, "16:09") || !strings.Contains(v, "local (CET)") {
		t.Fatalf("local time missing:\n%s", v)
	}
}

func TestArchiveLint(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, filter string
		tier         client.Tier
		want         string // substring; "" means no warning
	}{
		{"active tier", "meta.create_time >= now(-24h)", client.TierActive, ""},
		{"no filter", "", client.TierArchive, "spec.message_kind"},
		{"time without kind", "meta.create_time >= now(-24h)", client.TierArchive, "alongside meta.create_time"},
		{"kind after time", "meta.create_time >= now(-24h) and spec.message_kind == 'internal.endor.ai.endor.v1.Policy'", client.TierArchive, "before meta.create_time"},
		{"kind first", "spec.message_kind == 'internal.endor.ai.endor.v1.Policy' and meta.create_time >= now(-24h)", client.TierArchive, ""},
		{"no kind no time", "spec.operation == OPERATION_DELETE", client.TierArchive, "spec.message_kind first"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := archiveLint(client.Query{Tier: tc.tier, ListParameters: api.ListParameters{Filter: tc.filter}})
			if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
				t.Fatalf("archiveLint = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestNoCredentialsView(t *testing.T) {
	t.Parallel()
	opts := testOptions(nil)
	opts.Err = errors.New("no credentials: set ENDOR_TOKEN")
	h := newHarness(t, opts, 80, 24)
	h.key("r") // nothing to retry: the environment cannot change
	if h.m.state != stateError {
		t.Fatal("left the error view")
	}
	v := h.m.View()
	if !strings.Contains(v, "ENDOR_API_CREDENTIALS_SECRET") || strings.Contains(v, "r retry") {
		t.Fatalf("view:\n%s", v)
	}
	nm, cmd := h.m.Update(viewtest.Key("q"))
	if cmd == nil || nm.(Model).state != stateError {
		t.Fatal("q does not quit from the error view")
	}
}

// TestRetryAfterUnreachable: a server that is down at start gives the error
// view; r starts over and, the server being back, shows the rows.
func TestRetryAfterUnreachable(t *testing.T) {
	t.Parallel()
	var down atomic.Bool
	down.Store(true)
	f := &fakeAPI{active: entries(3, "active")}
	f.hook = func(*http.Request) int {
		if down.Load() {
			return http.StatusServiceUnavailable
		}
		return 0
	}
	h := newHarness(t, testOptions(newTestClient(t, f)), 80, 24)
	h.untilPage()
	if h.m.state != stateError || !strings.Contains(h.m.View(), "r retry") {
		t.Fatalf("state %v:\n%s", h.m.state, h.m.View())
	}
	down.Store(false)
	h.key("r")
	h.until("retry", func(msg tea.Msg) bool { _, ok := msg.(retryMsg); return ok })
	h.untilPage()
	if h.m.state != stateReady || h.m.table.Len() != 3 {
		t.Fatalf("state %v with %d rows after retry", h.m.state, h.m.table.Len())
	}
}

func TestMouseWheelScrolls(t *testing.T) {
	t.Parallel()
	f := &fakeAPI{active: entries(40, "active")}
	h := newHarness(t, testOptions(newTestClient(t, f)), 80, 24)
	h.untilPage()
	h.update(tea.MouseMsg{Action: tea.MouseActionPress, Button: tea.MouseButtonWheelDown})
	if h.m.table.Cursor() == 0 {
		t.Fatal("the wheel did not move the cursor")
	}
	e, _ := h.m.table.Selected()
	// At 80 columns the pane is hidden until it is opened, and then shows
	// the entry under the cursor.
	h.key("enter")
	if got, _ := h.m.detail.Entry(); got.UUID != e.UUID {
		t.Fatalf("the detail shows %s, the cursor is on %s", got.UUID, e.UUID)
	}
}

func TestResizeKeepsLayout(t *testing.T) {
	t.Parallel()
	f := &fakeAPI{active: entries(40, "active")}
	h := newHarness(t, testOptions(newTestClient(t, f)), 200, 60)
	h.untilPage()
	for _, size := range [][2]int{{200, 60}, {140, 30}, {139, 30}, {80, 24}, {120, 40}} {
		h.update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		lines := strings.Split(h.m.View(), "\n")
		if len(lines) != size[1] {
			t.Fatalf("%dx%d: view has %d lines", size[0], size[1], len(lines))
		}
		for i, l := range lines {
			if w := lipgloss.Width(l); w > size[0] {
				t.Fatalf("%dx%d: line %d is %d wide: %q", size[0], size[1], i, w, l)
			}
		}
	}
}

func TestEmptyResult(t *testing.T) {
	t.Parallel()
	f := &fakeAPI{}
	h := newHarness(t, testOptions(newTestClient(t, f)), 80, 24)
	if v := h.m.View(); !strings.Contains(v, "loading the first page") {
		t.Fatalf("loading view:\n%s", v)
	}
	h.untilPage()
	if v := h.m.View(); !strings.Contains(v, "no entries match on the active tier") || !strings.Contains(v, "no rows") {
		t.Fatalf("empty view:\n%s", v)
	}
}

// TestGoldenLoading: before the first page, the spinner and the elapsed
// time (on the fixed clock) show.
func TestGoldenLoading(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	f := &fakeAPI{active: entries(5, "active")}
	// The held request also ends with its own context: the test server's
	// Close (a cleanup) waits for every handler to return.
	f.hook = func(r *http.Request) int {
		select {
		case <-release:
		case <-r.Context().Done():
		}
		return 0
	}
	h := newHarness(t, testOptions(newTestClient(t, f)), 80, 24)
	t.Cleanup(func() { close(release) }) // runs before the server's Close
	if h.m.state != stateLoading {
		t.Fatalf("state %v", h.m.state)
	}
	viewtest.Golden(t, h.m.View())
}

// TestFailedPageKeepsRows: a next page that fails leaves the loaded rows
// and the cursor where they were, with the error in the status bar; the
// next move near the end asks again.
func TestFailedPageKeepsRows(t *testing.T) {
	t.Parallel()
	var fail atomic.Bool
	fail.Store(true)
	f := &fakeAPI{active: entries(120, "active")}
	f.hook = func(r *http.Request) int {
		if r.URL.Query().Get("list_parameters.page_token") != "" && fail.Load() {
			return http.StatusBadRequest
		}
		return 0
	}
	h := newHarness(t, testOptions(newTestClient(t, f)), 80, 24)
	h.untilPage()
	h.key("end")
	h.untilPage()
	if h.m.table.Len() != 50 || h.m.table.Cursor() != 49 || !h.m.loader.HasMore() {
		t.Fatalf("%d rows, cursor %d, more %v after a failed page", h.m.table.Len(), h.m.table.Cursor(), h.m.loader.HasMore())
	}
	if lvl, _ := h.m.status.Flashed(); lvl != statusbar.Error {
		t.Fatal("the failure is not shown")
	}
	fail.Store(false)
	h.key("k", "j")
	h.untilPage()
	if h.m.table.Len() != 100 {
		t.Fatalf("%d rows after the retry", h.m.table.Len())
	}
}

func TestAppliedFiltersAreSaved(t *testing.T) {
	t.Parallel()
	f := &fakeAPI{active: entries(5, "active")}
	opts := testOptions(newTestClient(t, f))
	opts.Recent = []string{"older == 1"}
	saved := make(chan []string, 1)
	opts.SaveRecent = func(r []string) error { saved <- r; return nil }
	h := newHarness(t, opts, 80, 24)
	h.untilPage()
	h.key("/")
	for _, r := range "spec.operation == OPERATION_DELETE" {
		h.key(string(r))
	}
	h.key("enter")
	h.untilPage()
	var r []string
	select {
	case r = <-saved:
	case <-time.After(20 * time.Second):
		t.Fatal("SaveRecent not called")
	}
	if got := strings.Join(r, "|"); got != "spec.operation == OPERATION_DELETE|older == 1" {
		t.Fatalf("saved %q", got)
	}
	if got := f.filters(); got[len(got)-1] != "spec.operation == OPERATION_DELETE" {
		t.Fatalf("the server got %q", got)
	}
}

// TestKeyBurst: runes that arrive in one read ("jjj" while j is held down)
// move the cursor once per rune, and a burst that opens the filter input
// types the rest into it.
func TestKeyBurst(t *testing.T) {
	t.Parallel()
	f := &fakeAPI{active: entries(10, "active")}
	h := newHarness(t, testOptions(newTestClient(t, f)), 80, 24)
	h.untilPage()
	h.update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("jjj")})
	if got := h.m.table.Cursor(); got != 3 {
		t.Fatalf("cursor %d after a burst of three j, want 3", got)
	}
	h.update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/ab")})
	if !h.m.filterbar.Editing() || h.m.filterbar.Value() != "ab" {
		t.Fatalf("editing %v, input %q", h.m.filterbar.Editing(), h.m.filterbar.Value())
	}
}

// TestClickSelectsRow: a left click on a table row selects it; on a wide
// screen a click on the detail pane gives it the focus.
func TestClickSelectsRow(t *testing.T) {
	t.Parallel()
	f := &fakeAPI{active: entries(20, "active")}
	h := newHarness(t, testOptions(newTestClient(t, f)), 160, 40)
	h.untilPage()
	top := h.m.filterbar.Height() + 1 + h.m.chartHeight() // the table's header line
	h.update(tea.MouseMsg{X: 5, Y: top + 4, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	if got := h.m.table.Cursor(); got != 3 {
		t.Fatalf("cursor %d after clicking the fourth row, want 3", got)
	}
	e, _ := h.m.table.Selected()
	if got, _ := h.m.detail.Entry(); got.UUID != e.UUID {
		t.Fatalf("the detail shows %s, the click selected %s", got.UUID, e.UUID)
	}
	h.update(tea.MouseMsg{X: 5, Y: top, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	if got := h.m.table.Cursor(); got != 3 {
		t.Fatalf("a click on the header moved the cursor to %d", got)
	}
	h.update(tea.MouseMsg{X: 150, Y: top + 2, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	if h.m.focus != focusDetail {
		t.Fatal("a click on the detail pane did not focus it")
	}
}

// TestCopyNothing: with no filter in force, copying the filter says there
// is nothing to copy and leaves the clipboard alone.
func TestCopyNothing(t *testing.T) {
	t.Parallel()
	f := &fakeAPI{active: entries(5, "active")}
	opts := testOptions(newTestClient(t, f))
	var calls atomic.Int32
	opts.Copy = func(string) (string, error) { calls.Add(1); return "test", nil }
	h := newHarness(t, opts, 80, 24)
	h.untilPage()
	h.key("y", "1")
	h.until("the choice", func(msg tea.Msg) bool { _, ok := msg.(menu.CopyMsg); return ok })
	if _, text := h.m.status.Flashed(); text != "nothing to copy: the filter is empty" || calls.Load() != 0 {
		t.Fatalf("flashed %q after %d copies", text, calls.Load())
	}
}

// TestNoMatchClearsDetail: when a filter matches nothing, the detail pane
// beside the table no longer shows the entry of the old rows.
func TestNoMatchClearsDetail(t *testing.T) {
	t.Parallel()
	f := &fakeAPI{active: entries(30, "active")}
	h := newHarness(t, testOptions(newTestClient(t, f)), 160, 40)
	h.untilPage()
	if _, ok := h.m.detail.Entry(); !ok || !strings.Contains(h.m.View(), "obj-shared") {
		t.Fatalf("the detail pane shows no entry:\n%s", h.m.View())
	}
	h.update(filterbarApplied("spec.claims matches 'nothing'"))
	h.untilPage()
	if _, ok := h.m.detail.Entry(); ok || strings.Contains(h.m.View(), "obj-shared") {
		t.Fatalf("the detail pane still shows an old entry:\n%s", h.m.View())
	}
}

// TestErrorStaysUntilNextKey: a server error stays in the status bar (no
// clearing tick) until the user's next key.
func TestErrorStaysUntilNextKey(t *testing.T) {
	t.Parallel()
	f := &fakeAPI{active: entries(30, "active")}
	f.hook = func(r *http.Request) int {
		if strings.Contains(r.URL.Query().Get("list_parameters.filter"), "spec.nope") {
			return http.StatusBadRequest
		}
		return 0
	}
	h := newHarness(t, testOptions(newTestClient(t, f)), 80, 24)
	h.untilPage()
	h.update(filterbarApplied("spec.nope == 1"))
	h.untilPage()
	if lvl, _ := h.m.status.Flashed(); lvl != statusbar.Error {
		t.Fatal("no error shown")
	}
	h.update(statusbar.ClearMsg{ID: 1 << 30}) // a tick of some older message
	if _, text := h.m.status.Flashed(); text == "" {
		t.Fatal("the error went away by itself")
	}
	h.key("j")
	if _, text := h.m.status.Flashed(); text != "" {
		t.Fatalf("the error stayed after a key: %q", text)
	}
}
