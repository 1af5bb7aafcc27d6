package builder

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/tui/common"
	"github.com/auditlog/auditlog/tui/internal/viewtest"
)

var moment = time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)

func testCommon(w, h int) common.Common { return viewtest.Common(w, h) }

func open(t *testing.T, filter string, w, h int) Model {
	t.Helper()
	return New(testCommon(w, h), Options{
		Filter: filter, Location: time.UTC, Me: "alice@example.com",
		Actors: []string{"bob@example.com", "alice@example.com", "carol@example.org"},
		Moment: moment, Object: "obj-shared", Tier: "active",
	})
}

func keyOf(s string) tea.KeyMsg {
	switch s {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "left":
		return tea.KeyMsg{Type: tea.KeyLeft}
	case "right":
		return tea.KeyMsg{Type: tea.KeyRight}
	case " ":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	case "ctrl+y":
		return tea.KeyMsg{Type: tea.KeyCtrlY}
	case "ctrl+u":
		return tea.KeyMsg{Type: tea.KeyCtrlU}
	case "backspace":
		return tea.KeyMsg{Type: tea.KeyBackspace}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

// press feeds keys; each string of more than one rune that is not a key
// name is typed rune by rune.
func press(m Model, keys ...string) (Model, []tea.Msg) {
	var msgs []tea.Msg
	for _, k := range keys {
		km := keyOf(k)
		var in []tea.KeyMsg
		if km.Type == tea.KeyRunes && len(km.Runes) > 1 {
			for _, r := range km.Runes {
				in = append(in, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
			}
		} else {
			in = []tea.KeyMsg{km}
		}
		for _, k := range in {
			var cmd tea.Cmd
			m, cmd = m.Update(k)
			if cmd != nil {
				msgs = append(msgs, drain(cmd)...)
			}
		}
	}
	return m, msgs
}

// drain runs cmd and the commands of a batch, skipping ticks.
func drain(cmd tea.Cmd) []tea.Msg {
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			if c != nil {
				out = append(out, drain(c)...)
			}
		}
		return out
	}
	if msg == nil {
		return nil
	}
	return []tea.Msg{msg}
}

// to moves the focus to row r.
func to(m Model, r row) Model {
	for i := 0; m.focus != r && i < int(numRows)*2; i++ {
		m, _ = press(m, "down")
	}
	return m
}

func TestSectionsBuildTheFilter(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		do   func(m Model) Model
		want string
	}{
		{"empty form", func(m Model) Model { return m }, ""},
		{"relative time", func(m Model) Model { m, _ = press(m, "right", "right", "right"); return m },
			"meta.create_time >= now(-24h)"},
		{"absolute range in UTC", func(m Model) Model {
			m, _ = press(m, "left", "left") // any → around → range
			m, _ = press(m, "down", "2026-03-01", "down", "2026-03-14")
			return m
		}, "meta.create_time >= date(2026-03-01T00:00:00Z) and meta.create_time <= date(2026-03-14T23:59:59Z)"},
		{"around the selected row", func(m Model) Model {
			m, _ = press(m, "left")                            // around
			m, _ = press(m, "down", "right", "right", "right") // ±1h
			return m
		}, "meta.create_time >= date(2026-03-14T14:09:26Z) and meta.create_time <= date(2026-03-14T16:09:26Z)"},
		{"claim from your identity", func(m Model) Model { m = to(m, rowClaim); m, _ = press(m, "tab"); return m },
			`spec.claims matches 'alice@example\.com'`},
		{"claim equals", func(m Model) Model {
			m = to(m, rowClaimMode)
			m, _ = press(m, "right", "down", "bob@example.com")
			return m
		}, `spec.claims matches '^bob@example\.com$'`},
		{"claim completes a typed prefix", func(m Model) Model { m = to(m, rowClaim); m, _ = press(m, "car", "tab"); return m },
			`spec.claims matches 'carol@example\.org'`},
		{"operations", func(m Model) Model { m = to(m, rowOps); m, _ = press(m, "right", "right", " ", "left", " "); return m },
			"spec.operation in ['OPERATION_UPDATE', 'OPERATION_DELETE']"},
		{"kinds by typing", func(m Model) Model {
			m = to(m, rowKinds)
			m, _ = press(m, "authz", " ") // no match: nothing toggled
			for range 5 {
				m, _ = press(m, "backspace")
			}
			m, _ = press(m, "polic", " ", "right", " ")
			return m
		}, "spec.message_kind in ['internal.endor.ai.endor.v1.Policy', 'internal.endor.ai.endor.v1.AuthorizationPolicy']"},
		{"ip range", func(m Model) Model { m = to(m, rowIP); m, _ = press(m, "10.244.0.0/16"); return m },
			`spec.remote_address matches '^(?:::ffff:)?(?:10\.244\.(?:[0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])\.(?:[0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5]))$'`},
		{"object of the selected row", func(m Model) Model { m = to(m, rowObject); m, _ = press(m, "tab"); return m },
			"spec.message_uuid == 'obj-shared'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := tt.do(open(t, "", 80, 24))
			if got := m.Filter(); got != tt.want {
				t.Errorf("filter\n got %s\nwant %s", got, tt.want)
			}
			if tt.want != "" && !strings.Contains(strings.ReplaceAll(m.View(), "\n", ""), tt.want[:20]) {
				t.Errorf("the preview does not show the filter:\n%s", m.View())
			}
		})
	}
}

func TestTypingIsCheckedAsYouType(t *testing.T) {
	t.Parallel()
	m := open(t, "", 80, 24)
	m, _ = press(m, "left", "left", "down", "2026-13")
	if m.built.fromErr == "" || !strings.Contains(m.View(), "✗") {
		t.Fatalf("a bad date shows no error:\n%s", m.View())
	}
	m, msgs := press(m, "enter")
	if len(msgs) != 0 || !strings.Contains(m.View(), "fix the marked section") {
		t.Fatalf("enter applied a form with an error: %v", msgs)
	}
	m = to(m, rowIP)
	m, _ = press(m, "10.0.0.300/8")
	if m.built.ipErr == "" {
		t.Fatal("a bad IP range is accepted")
	}
	m = to(m, rowClaimMode)
	m, _ = press(m, "left", "down", "(unclosed")
	if m.built.claimErr == "" {
		t.Fatal("a bad regex is accepted")
	}
}

func TestRecognisesTheFilterInForce(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		filter string
		check  func(t *testing.T, m Model)
		// canonical is the builder's filter before any change: the same
		// clauses, kind first.
		canonical string
	}{
		{"every section and an other clause",
			"meta.create_time >= now(-168h) and spec.claims matches '^bob@example\\.com$' and spec.operation in [OPERATION_CREATE, OPERATION_DELETE] " +
				"and spec.message_kind == 'internal.endor.ai.endor.v1.Policy' and spec.message_uuid == abc and spec.payload.x exists",
			func(t *testing.T, m Model) {
				f := m.f
				if f.time != 4 || f.claimMode != claimEquals || f.claim != "bob@example.com" || !f.ops[0] || !f.ops[2] || f.ops[1] ||
					len(f.kinds) != 1 || f.object != "abc" || len(f.other) != 1 {
					t.Errorf("form %+v", f)
				}
				if !strings.Contains(m.View(), "other   spec.payload.x exists") {
					t.Errorf("no other line:\n%s", m.View())
				}
			},
			"spec.message_kind == 'internal.endor.ai.endor.v1.Policy' and meta.create_time >= now(-168h) and spec.operation in ['OPERATION_CREATE', 'OPERATION_DELETE'] " +
				"and spec.claims matches '^bob@example\\.com$' and spec.message_uuid == 'abc' and spec.payload.x exists"},
		{"absolute range shown in the zone", "meta.create_time >= date(2026-03-01) and meta.create_time <= date(2026-03-14T23:59:59Z)",
			func(t *testing.T, m Model) {
				if m.f.time != timeRange || m.from.Value() != "2026-03-01" || m.to.Value() != "2026-03-14" {
					t.Errorf("range %q .. %q", m.from.Value(), m.to.Value())
				}
			}, "meta.create_time >= date(2026-03-01T00:00:00Z) and meta.create_time <= date(2026-03-14T23:59:59Z)"},
		{"claim contains", "spec.claims matches 'user=alice'", func(t *testing.T, m Model) {
			if m.f.claimMode != claimContains || m.f.claim != "user=alice" {
				t.Errorf("claim %d %q", m.f.claimMode, m.f.claim)
			}
		}, "spec.claims matches 'user=alice'"},
		{"claim regex", "spec.claims matches '.*domain=endor.ai.*'", func(t *testing.T, m Model) {
			if m.f.claimMode != claimMatches || m.f.claim != ".*domain=endor.ai.*" {
				t.Errorf("claim %d %q", m.f.claimMode, m.f.claim)
			}
		}, "spec.claims matches '.*domain=endor.ai.*'"},
		{"the docs' text range becomes the IP section", "spec.remote_address >= '10.244.0.0' and spec.remote_address <= '10.244.255.255'",
			func(t *testing.T, m Model) {
				if m.f.ip != "10.244.0.0-10.244.255.255" || !m.f.ipFromText {
					t.Errorf("ip %q", m.f.ip)
				}
			}, ""},
		{"an or stays whole", "spec.operation == OPERATION_CREATE or spec.operation == OPERATION_DELETE", func(t *testing.T, m Model) {
			if len(m.f.other) != 1 || m.f.ops != [4]bool{} {
				t.Errorf("form %+v", m.f)
			}
		}, "spec.operation == OPERATION_CREATE or spec.operation == OPERATION_DELETE"},
		{"an unlisted window is kept as other", "meta.create_time >= now(-2h)", func(t *testing.T, m Model) {
			if m.f.time != timeAny || len(m.f.other) != 1 {
				t.Errorf("form %+v", m.f)
			}
		}, "meta.create_time >= now(-2h)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := open(t, tt.filter, 120, 40)
			tt.check(t, m)
			if tt.canonical != "" && m.Filter() != tt.canonical {
				t.Errorf("filter\n got %s\nwant %s", m.Filter(), tt.canonical)
			}
		})
	}
}

func TestANewRangeReplacesTheOld(t *testing.T) {
	t.Parallel()
	m := open(t, "meta.create_time >= now(-2h) and meta.create_time <= date(2026-01-01) and spec.operation == OPERATION_DELETE", 80, 24)
	// The <= date is recognised as a range open at the start; now(-2h)
	// is no choice of the row and is kept as an other clause until the
	// time row changes.
	if m.f.time != timeRange || m.to.Value() != "2026-01-01T00:00:00Z" || len(m.f.other) != 1 {
		t.Fatalf("form %+v", m.f)
	}
	m, _ = press(m, "right", "right", "right") // around, any, 15m
	if got, want := m.Filter(), "meta.create_time >= now(-15m) and spec.operation == 'OPERATION_DELETE'"; got != want {
		t.Fatalf("got %s\nwant %s", got, want)
	}
	m, _ = press(m, "right", "right") // 24h replaces 15m
	if got, want := m.Filter(), "meta.create_time >= now(-24h) and spec.operation == 'OPERATION_DELETE'"; got != want {
		t.Fatalf("got %s\nwant %s", got, want)
	}
	m, _ = press(m, "right", "right", "right", "right", "right", "down", "2026-02-01") // range
	if got, want := m.Filter(), "meta.create_time >= date(2026-02-01T00:00:00Z) and meta.create_time <= date(2026-01-01T00:00:00Z) and spec.operation == 'OPERATION_DELETE'"; got == want {
		t.Fatalf("an end before the start was built: %s", got)
	}
	if m.built.toErr == "" {
		t.Fatalf("an end before the start is not marked")
	}
	m, _ = press(m, "down", "ctrl+u", "2026-03-01")
	if got, want := m.Filter(), "meta.create_time >= date(2026-02-01T00:00:00Z) and meta.create_time <= date(2026-03-01T23:59:59Z) and spec.operation == 'OPERATION_DELETE'"; got != want {
		t.Fatalf("got %s\nwant %s", got, want)
	}
}

func TestApplyCancelCopy(t *testing.T) {
	t.Parallel()
	m := open(t, "spec.operation == OPERATION_DELETE", 80, 24)
	_, msgs := press(m, "enter")
	if len(msgs) != 1 || msgs[0] != (AppliedMsg{Filter: "spec.operation == 'OPERATION_DELETE'"}) {
		t.Fatalf("enter: %v", msgs)
	}
	_, msgs = press(m, "esc")
	if len(msgs) != 1 || msgs[0] != (CancelledMsg{}) {
		t.Fatalf("esc: %v", msgs)
	}
	_, msgs = press(m, "y") // the time row has no text: y copies
	if len(msgs) != 1 || msgs[0] != (CopyMsg{Text: "spec.operation == 'OPERATION_DELETE'"}) {
		t.Fatalf("y: %v", msgs)
	}
	m = to(m, rowClaim)
	m, msgs = press(m, "y") // typed into the claim
	if len(msgs) != 0 || m.claim.Value() != "y" {
		t.Fatalf("y in a text row: %v %q", msgs, m.claim.Value())
	}
	_, msgs = press(m, "ctrl+y")
	if len(msgs) != 1 || msgs[0] != (CopyMsg{Text: "spec.operation == 'OPERATION_DELETE' and spec.claims matches 'y'"}) {
		t.Fatalf("ctrl+y: %v", msgs)
	}
}

// TestCountIsDebouncedAndCancelled: each change starts a new generation;
// only the last one's count is asked and shown, and the one in flight is
// cancelled by the next change.
func TestCountIsDebouncedAndCancelled(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var asked []string
	started, cancelled := make(chan struct{}, 4), make(chan struct{}, 4)
	count := func(ctx context.Context, f string) (int64, error) {
		mu.Lock()
		asked = append(asked, f)
		mu.Unlock()
		if strings.HasSuffix(f, "'slow'") {
			started <- struct{}{}
			<-ctx.Done()
			cancelled <- struct{}{}
			return 0, ctx.Err()
		}
		return 42, nil
	}
	m := New(testCommon(80, 24), Options{Count: count, Location: time.UTC})
	m = to(m, rowClaim)
	var ticks []tea.Cmd
	for _, r := range "slow" {
		var cmd tea.Cmd
		m, cmd = m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		ticks = append(ticks, cmd)
	}
	// Only the last change's debounce fires a request.
	for i := range ticks[:3] {
		m, _ = m.Update(debounceMsg{gen: m.gen - 3 + i})
	}
	m, cmd := m.Update(debounceMsg{gen: m.gen})
	if cmd == nil {
		t.Fatal("the last debounce asked nothing")
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	<-started
	m, _ = press(m, "er") // a change while counting cancels the count
	<-cancelled
	late := <-done
	m, _ = m.Update(late) // the cancelled answer is dropped
	if !m.counting {
		t.Fatal("the late answer of an old filter ended the count")
	}
	m, cmd = m.Update(debounceMsg{gen: m.gen})
	m, _ = m.Update(cmd())
	if !m.hasCount || m.count != 42 || !strings.Contains(m.View(), "42 entries match on the active tier") {
		t.Fatalf("count %v %d:\n%s", m.hasCount, m.count, m.View())
	}
	mu.Lock()
	defer mu.Unlock()
	if len(asked) != 2 || asked[1] != "spec.claims matches 'slower'" {
		t.Fatalf("asked %q", asked)
	}
}

func TestSavedFilters(t *testing.T) {
	t.Parallel()
	var calls []string
	m := New(testCommon(80, 24), Options{
		Location: time.UTC,
		Saved:    []Saved{{"deletes", "spec.operation == OPERATION_DELETE"}},
		SaveFilter: func(name, f string) error {
			calls = append(calls, "save "+name+": "+f)
			return nil
		},
		RenameFilter: func(old, name string) error { calls = append(calls, "rename "+old+" "+name); return nil },
		DeleteFilter: func(name string) error { calls = append(calls, "delete "+name); return nil },
	})
	m = to(m, rowSaved)
	m, _ = press(m, " ")
	if m.Filter() != "spec.operation == 'OPERATION_DELETE'" {
		t.Fatalf("load: %q", m.Filter())
	}
	m = to(m, rowOps)
	m, _ = press(m, " ") // CREATE too
	m = to(m, rowSaved)
	m, msgs := press(m, "n", "both", "enter")
	for _, msg := range msgs {
		m, _ = m.Update(msg)
	}
	if len(m.opts.Saved) != 2 || m.opts.Saved[1].Name != "both" {
		t.Fatalf("saved %v", m.opts.Saved)
	}
	m, msgs = press(m, "r", "ctrl+u", "all", "enter")
	for _, msg := range msgs {
		m, _ = m.Update(msg)
	}
	m, msgs = press(m, "right", "d", "d")
	for _, msg := range msgs {
		m, _ = m.Update(msg)
	}
	want := []string{
		"save both: spec.operation in ['OPERATION_CREATE', 'OPERATION_DELETE']",
		"rename deletes all",
		"delete both",
	}
	if strings.Join(calls, "\n") != strings.Join(want, "\n") {
		t.Fatalf("calls\n%s\nwant\n%s", strings.Join(calls, "\n"), strings.Join(want, "\n"))
	}
	if len(m.opts.Saved) != 1 || m.opts.Saved[0].Name != "all" {
		t.Fatalf("saved %v", m.opts.Saved)
	}
}

func TestGoldens(t *testing.T) {
	t.Parallel()
	filter := "meta.create_time >= date(2026-03-01) and meta.create_time <= date(2026-03-14T23:59:59Z) and spec.claims matches 'alice' " +
		"and spec.operation == OPERATION_DELETE and spec.message_kind == 'internal.endor.ai.endor.v1.Policy' and spec.payload.x exists"
	for _, sz := range []struct{ w, h int }{{60, 16}, {80, 24}, {120, 40}} {
		for _, c := range []struct {
			name string
			r    row
		}{{"time", rowTime}, {"claim", rowClaim}, {"ops", rowOps}, {"kinds", rowKinds}, {"ip", rowIP}, {"object", rowObject}} {
			t.Run(fmt.Sprintf("%s_%dx%d", c.name, sz.w, sz.h), func(t *testing.T) {
				t.Parallel()
				m := open(t, filter, sz.w, sz.h)
				m = to(m, c.r)
				switch c.r {
				case rowIP:
					m, _ = press(m, "10.244.0.0/16")
				case rowObject:
					m, _ = press(m, "tab")
				}
				if c.r == rowTime {
					// A count answered for the filter on screen.
					m.opts.Count = func(context.Context, string) (int64, error) { return 0, nil }
					m, _ = m.Update(countMsg{gen: m.gen, n: 1234})
				}
				v := m.View()
				viewtest.CheckFrame(t, v, sz.w, sz.h)
				viewtest.AssertNoControls(t, v, false)
				viewtest.Golden(t, v)
			})
		}
	}
}
