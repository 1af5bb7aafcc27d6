package detail

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/tui/common"
	"github.com/auditlog/auditlog/tui/internal/viewtest"
)

// testRaw is an entry as the server sends it; its keys are deliberately
// not in alphabetical order.
const testRaw = `{"uuid":"6742a0c1d2e3f4a5b6c7d8e9","meta":{"name":"AuditLog","kind":"AuditLog","version":"v1","create_time":"2026-11-27T04:12:09.123Z","update_time":"2026-11-27T04:12:09.123Z","parent_uuid":"66a0c1d2e3f4a5b6c7d8e9f0","parent_kind":"Namespace"},"tenant_meta":{"namespace":"acme.prod"},"spec":{"operation":"OPERATION_UPDATE","message_kind":"internal.endor.ai.endor.v1.Policy","message_uuid":"66a0c1d2e3f4a5b6c7d8e9f0","claims":["ID=1994123","email=alice@example.com","user=alice@example.com@google","issuer=https://api.endorlabs.com/v1"],"remote_address":"10.244.3.1","payload":{"@type":"type.googleapis.com/internal.endor.ai.endor.v1.Policy","meta":{"name":"block-critical-vulns","description":"Block any dependency with a critical vulnerability that has a known exploit in the wild, across every project of the namespace"},"spec":{"disable":false,"priority":10,"rule":"package main\nmatch[r] { r := input.findings[_]; r.level == \"FINDING_LEVEL_CRITICAL\" }","project_selector":[],"weight":0.75,"exceptions":null}}}}`

func testEntry() client.Entry {
	var e client.Entry
	if err := json.Unmarshal([]byte(testRaw), &e.AuditLog); err != nil {
		panic(err)
	}
	e.Raw = json.RawMessage(testRaw)
	return e
}

var testChanges = []client.Change{
	{Op: "replace", Path: "/spec/payload/spec/priority", Old: json.RawMessage(`5`), New: json.RawMessage(`10`)},
	{Op: "add", Path: "/spec/payload/spec/weight", New: json.RawMessage(`0.75`)},
	{Op: "remove", Path: "/spec/payload/meta/tags", Old: json.RawMessage(`["draft", "wip"]`)},
	{Op: "replace", Path: "/spec/payload/meta/description", Old: json.RawMessage(`"Block critical vulnerabilities"`), New: json.RawMessage(`"Block any dependency with a critical vulnerability that has a known exploit in the wild, across every project of the namespace"`)},
}

// testNow is the tests' clock: three hours after the test entry.
var testNow = time.Date(2026, 11, 27, 7, 12, 10, 0, time.UTC)

func newPane(w, h int) Model {
	c := viewtest.Common(w, h)
	c.Now = func() time.Time { return testNow }
	m := New(c)
	m.Focus()
	m.SetEntry(testEntry())
	return m
}

func press(m Model, keys ...string) Model {
	for _, k := range keys {
		m, _ = m.Update(viewtest.Key(k))
	}
	return m
}

func TestGoldenViews(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		w, h  int
		setup func(*Model)
	}{
		{"80x24", 80, 24, nil},
		{"80x24_changes", 80, 24, func(m *Model) { m.SetChanges(testChanges) }},
		{"80x24_cut", 80, 24, func(m *Model) { m.SetWrap(false); m.SetCursor(summaryN + 30) }},
		{"120x40", 120, 40, func(m *Model) { m.SetCursor(summaryN + 12) }},
		{"120x40_summary_local_failed", 120, 40, func(m *Model) {
			e := testEntry()
			e.Spec.Error = &api.Status{Code: api.CodePermissionDenied, Message: "not allowed to update policy \x1b[31mblock"}
			e.Raw = nil
			m.SetEntry(e)
			m.SetLocation(time.FixedZone("CET", 3600))
		}},
		{"120x40_folded", 120, 40, func(m *Model) { *m = press(*m, "O") }},
		{"120x40_blurred_end", 120, 40, func(m *Model) { *m = press(*m, "end"); m.Blur() }},
		{"80x24_empty", 80, 24, func(m *Model) { m.Clear() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := newPane(tt.w, tt.h)
			if tt.setup != nil {
				tt.setup(&m)
			}
			v := m.View()
			viewtest.CheckFrame(t, v, tt.w, tt.h)
			viewtest.Golden(t, v)
		})
	}
}

// summaryN is the number of lines of the summary (five and a blank), which
// come before the changes and the JSON.
const summaryN = 6

// text returns the pane's logical lines as plain text.
func text(m Model) []string {
	out := make([]string, len(m.lines))
	for i, l := range m.lines {
		out[i] = l.plain()
	}
	return out
}

func TestKeyOrderAndClaims(t *testing.T) {
	t.Parallel()
	m := newPane(120, 40)
	lines := text(m)
	var keys []string
	for _, l := range lines {
		if strings.HasPrefix(l, `  "`) {
			keys = append(keys, strings.SplitN(strings.TrimSpace(l), ":", 2)[0])
		}
	}
	if got, want := strings.Join(keys, " "), `"uuid" "meta" "tenant_meta" "spec"`; got != want {
		t.Errorf("top-level keys %s, want the server's order %s", got, want)
	}
	all := strings.Join(lines, "\n")
	for _, c := range []string{
		"    \"claims\": [\n      \"ID=1994123\",\n      \"email=alice@example.com\",\n      \"user=alice@example.com@google\",\n      \"issuer=https://api.endorlabs.com/v1\"\n    ],",
		`"rule": "package main\nmatch[r] { r := input.findings[_]; r.level == \"FINDING_LEVEL_CRITICAL\" }",`,
		`"weight": 0.75,`, `"exceptions": null`, `"project_selector": [],`, `"disable": false,`,
	} {
		if !strings.Contains(all, c) {
			t.Errorf("lines lack %q:\n%s", c, all)
		}
	}
}

func TestFolding(t *testing.T) {
	t.Parallel()
	find := func(m Model, prefix string) int {
		for i, l := range text(m) {
			if strings.HasPrefix(l, prefix) {
				return i
			}
		}
		t.Fatalf("no line starts with %q", prefix)
		return -1
	}
	m := newPane(120, 40)
	total := m.Lines()

	// Fold spec from its opening line.
	m.SetCursor(find(m, `  "spec": {`))
	m = press(m, "space")
	if got := text(m)[m.Cursor()]; got != `  "spec": {…} 6 keys` {
		t.Errorf("folded spec reads %q", got)
	}
	// Unfold with enter: back to the same lines.
	m = press(m, "enter")
	if m.Lines() != total {
		t.Errorf("unfolded: %d lines, want %d", m.Lines(), total)
	}

	// Fold claims from a member line: the cursor lands on the fold.
	m.SetCursor(find(m, `      "email=alice@example.com",`))
	m = press(m, "left")
	if got := text(m)[m.Cursor()]; got != `    "claims": […] 4 items,` {
		t.Errorf("folded claims reads %q", got)
	}
	// Left again folds the enclosing spec.
	m = press(m, "left")
	if got := text(m)[m.Cursor()]; got != `  "spec": {…} 6 keys` {
		t.Errorf("second fold reads %q", got)
	}
	// Right unfolds spec; claims stays folded.
	m = press(m, "right")
	if !strings.Contains(strings.Join(text(m), "\n"), `"claims": […] 4 items,`) {
		t.Error("claims lost its fold when spec was opened")
	}

	// Fold from the closing line of meta.
	m = press(m, "o")
	if m.Lines() != total {
		t.Fatalf("after o: %d lines, want %d", m.Lines(), total)
	}
	metaClose := -1
	for i, l := range m.lines {
		if l.node != nil && !l.open && l.node.path == "meta" {
			metaClose = i
		}
	}
	m.SetCursor(metaClose)
	m = press(m, "space")
	if got := text(m)[m.Cursor()]; got != `  "meta": {…} 7 keys,` {
		t.Errorf("fold from the closing line reads %q", got)
	}

	// O folds everything below the top level.
	m = press(m, "o", "O")
	want := []string{"{", `  "uuid": "6742a0c1d2e3f4a5b6c7d8e9",`, `  "meta": {…} 7 keys,`, `  "tenant_meta": {…} 1 key,`, `  "spec": {…} 6 keys`, "}"}
	if got := text(m)[summaryN:]; strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("after O:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The root cannot be folded.
	m.SetCursor(summaryN)
	m = press(m, "space")
	if m.Lines() != summaryN+len(want) {
		t.Errorf("folding the root changed the lines to %d", m.Lines())
	}
	// Folds carry over to the next entry; the same entry keeps its cursor.
	m = press(m, "o")
	m.SetCursor(find(m, `  "tenant_meta": {`))
	m = press(m, "space")
	m.SetCursor(3)
	m.SetEntry(testEntry())
	if m.Cursor() != 3 {
		t.Errorf("setting the same entry moved the cursor to %d", m.Cursor())
	}
	other := testEntry()
	other.Raw = json.RawMessage(strings.Replace(testRaw, "6742a0c1d2e3f4a5b6c7d8e9", "6742ffffffffffffffffffff", 1))
	other.UUID = "6742ffffffffffffffffffff"
	m.SetEntry(other)
	if m.Cursor() != 0 || !strings.Contains(strings.Join(text(m), "\n"), `"tenant_meta": {…} 1 key,`) {
		t.Errorf("next entry: cursor %d, lines\n%s", m.Cursor(), strings.Join(text(m), "\n"))
	}
}

func TestScrolling(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		keys       []string
		wantCursor int
	}{
		{"down", []string{"down", "j"}, 2},
		{"up stops at the top", []string{"down", "up", "k", "up"}, 0},
		{"page down", []string{"pgdown"}, 10},
		{"page down twice stops at the end", []string{"pgdown", "pgdown", "pgdown", "pgdown", "pgdown"}, -1},
		{"end then page up", []string{"end", "pgup"}, -11},
		{"G then g", []string{"G", "g"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := newPane(80, 10)
			m = press(m, tt.keys...)
			want := tt.wantCursor
			if want < 0 {
				want += m.Lines()
			}
			if m.Cursor() != want {
				t.Errorf("cursor %d, want %d", m.Cursor(), want)
			}
			// The cursor's line is on screen and marked.
			if !strings.Contains(m.View(), cursorMarker) {
				t.Errorf("cursor line not on screen:\n%s", m.View())
			}
		})
	}
	m := newPane(80, 10)
	m.Blur()
	if m = press(m, "down"); m.Cursor() != 0 {
		t.Error("a blurred pane moved")
	}
	m.Focus()
	m, _ = m.Update(tea.MouseMsg{Action: tea.MouseActionPress, Button: tea.MouseButtonWheelDown})
	if m.Cursor() != wheelStep {
		t.Errorf("wheel moved the cursor to %d", m.Cursor())
	}
}

func TestWrapKeepsEverything(t *testing.T) {
	t.Parallel()
	m := newPane(40, 200)
	v := m.View()
	viewtest.CheckFrame(t, v, 40, 200)
	// Join the wrapped rows back: the long description must be all there.
	joined := strings.Join(strings.Fields(strings.ReplaceAll(v, cursorMarker, "")), " ")
	if !strings.Contains(joined, `"description": "Block any dependency with a critical vulnerability that has a known exploit in the wild, across every project of the namespace"`) {
		t.Errorf("wrapped text lost words:\n%s", v)
	}
	m = press(m, "w")
	if m.Wrap() || !strings.Contains(m.View(), "…") {
		t.Errorf("w did not switch to cutting lines:\n%s", m.View())
	}
}

func TestEntryWithoutRaw(t *testing.T) {
	t.Parallel()
	e := testEntry()
	e.Raw = nil
	m := New(viewtest.Common(100, 60))
	m.SetEntry(e)
	all := strings.Join(text(m), "\n")
	if !strings.Contains(all, `"message_kind": "internal.endor.ai.endor.v1.Policy",`) || !strings.Contains(all, `"email=alice@example.com",`) {
		t.Errorf("re-encoded entry not shown:\n%s", all)
	}
}

func TestInvalidRaw(t *testing.T) {
	t.Parallel()
	e := testEntry()
	e.Raw = json.RawMessage("{\"a\": \x1b]0;pwned\x07")
	m := New(viewtest.Common(80, summaryN+5))
	m.SetEntry(e)
	v := m.View()
	if !strings.Contains(v, "This entry is not valid JSON") || !strings.Contains(v, `\x1b]0;pwned\a`) {
		t.Errorf("invalid JSON not reported safely:\n%q", v)
	}
	viewtest.AssertNoControls(t, v, false)
}

func TestChangesSection(t *testing.T) {
	t.Parallel()
	m := newPane(200, 60)
	m.SetChanges(testChanges)
	lines := text(m)[summaryN:]
	want := []string{
		"Changes since the previous version",
		"  ~ /spec/payload/spec/priority: 5 → 10",
		"  + /spec/payload/spec/weight: 0.75",
		`  - /spec/payload/meta/tags: ["draft","wip"]`,
		`  ~ /spec/payload/meta/description: "Block critical vulnerabilities" → "Block any dependency with a critical vulnerability that has a known exploit in the wild, across every project of the namespace"`,
		"",
		"{",
	}
	if got := strings.Join(lines[:len(want)], "\n"); got != strings.Join(want, "\n") {
		t.Errorf("changes section:\n%s\nwant\n%s", got, strings.Join(want, "\n"))
	}
	m.SetChanges([]client.Change{})
	if got := text(m)[summaryN+1]; got != "  (none)" {
		t.Errorf("empty changes read %q", got)
	}
	m.SetChanges(nil)
	if got := text(m)[summaryN]; got != "{" {
		t.Errorf("nil changes left %q at the top", got)
	}
	// Colours: + in DiffAdd, - in DiffRemove, ~ in DiffChange.
	c := New(viewtest.ColourCommon(200, summaryN+10, ""))
	c.SetEntry(testEntry())
	c.SetChanges(testChanges)
	v := strings.Split(c.View(), "\n")
	st := viewtest.ColourStyles("")
	for i, style := range map[int]lipgloss.Style{1: st.DiffChange, 2: st.DiffAdd, 3: st.DiffRemove} {
		if want := common.PaintOf(style).Open; want == "" || !strings.Contains(v[summaryN+i], want+"  ") {
			t.Errorf("change line %d not in its colour %q: %q", i, want, v[summaryN+i])
		}
	}
}

// hostile strings an attacker could put in any field of an audit entry.
var hostile = []string{
	"\x1b[2J", "\x1b[31mred", "\x1b]0;pwned\x07", "\x1b]52;c;ZXZpbA==\x07", "\x1bPq#0;2;0;0;0\x1b\\",
	"\u009b31m", "bell\x07", "user\u202egpj.exe", "a\nb\tc\rd", "\x7f", "zero\u200bwidth",
}

func hostileEntry(s string) client.Entry {
	var e client.Entry
	e.UUID = "6742" + s
	e.Meta.CreateTime = time.Date(2026, 11, 27, 4, 12, 9, 0, time.UTC)
	e.Meta.Name = s
	e.Meta.Annotations = map[string]string{s: s}
	e.Spec.Claims = []string{"email=" + s, "user=" + s, s}
	e.Spec.RemoteAddress = s
	e.TenantMeta.Namespace = s
	e.Spec.MessageKind = api.MessageKindPrefix + s
	e.Spec.MessageUUID = s
	e.Spec.Operation = api.Operation("OPERATION_" + s)
	e.Spec.Error = &api.Status{Code: 7, Message: s}
	payload, _ := json.Marshal(map[string]any{"name": s, "list": []string{s, s}, s: map[string]string{s: s}})
	e.Spec.Payload = payload
	return e
}

func TestHostileStringsAreEscaped(t *testing.T) {
	t.Parallel()
	changes := func(s string) []client.Change {
		v, _ := json.Marshal(s)
		return []client.Change{{Op: "replace", Path: "/spec/" + s, Old: v, New: json.RawMessage(`"` + s + `"`)}, {Op: s, Path: s}}
	}
	for _, s := range hostile {
		e := hostileEntry(s)
		raw, _ := json.Marshal(e.AuditLog)
		// json.Marshal escapes C0 controls but leaves U+202E, U+200B and
		// U+009B as they are; also try the raw bytes as a server might
		// send them inside strings.
		for _, r := range []json.RawMessage{raw, nil, json.RawMessage(strings.ReplaceAll(string(raw), `\u001b`, "\x1b"))} {
			e.Raw = r
			for _, wrap := range []bool{true, false} {
				m := wrapped(New(viewtest.Common(80, 200)), wrap)
				m.Focus()
				m.SetEntry(e)
				m.SetChanges(changes(s))
				viewtest.AssertNoControls(t, m.View(), false)

				c := wrapped(New(viewtest.ColourCommon(80, 200, "")), wrap)
				c.Focus()
				c.SetEntry(e)
				c.SetChanges(changes(s))
				viewtest.AssertNoControls(t, c.View(), true)
			}
		}
	}
	e := hostileEntry("\x1b]0;pwned\x07 \u202e \u009b")
	m := New(viewtest.Common(250, 200))
	m.SetEntry(e)
	v := m.View()
	for _, want := range []string{`"name": "\x1b]0;pwned\a \u{202e} \u{9b}"`, `"remote_address": "\x1b]0;pwned\a \u{202e} \u{9b}"`, `"message": "\x1b]0;pwned\a \u{202e} \u{9b}"`} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %s:\n%s", want, v)
		}
	}
}

func TestTinySizes(t *testing.T) {
	t.Parallel()
	e := testEntry()
	e.Raw = json.RawMessage(strings.Replace(testRaw, "AuditLog", "監査ログ🔐", 1))
	for w := 1; w <= 30; w++ {
		for h := 1; h <= 3; h++ {
			for _, wrap := range []bool{true, false} {
				m := wrapped(New(viewtest.Common(w, h)), wrap)
				m.Focus()
				m.SetEntry(e)
				m.SetChanges(testChanges)
				m = press(m, "end")
				viewtest.CheckFrame(t, m.View(), w, h)
			}
		}
	}
}

func TestLaysOutOnlyWhatIsShown(t *testing.T) {
	t.Parallel()
	var claims []string
	for i := range 500 {
		claims = append(claims, "claim-"+strings.Repeat("x", i%50))
	}
	e := testEntry()
	e.Spec.Claims = claims
	e.Raw = nil
	m := New(viewtest.Common(60, 10))
	m.Focus()
	m.SetEntry(e)
	top := m.View()
	if n := len(m.cache.rows); n >= m.Lines() {
		t.Errorf("a new entry laid out %d rows of %d lines", n, m.Lines())
	}
	if m.ScrollPercent() != 0 {
		t.Errorf("ScrollPercent at the top = %v", m.ScrollPercent())
	}
	m = press(m, "end")
	lines := strings.Split(m.View(), "\n")
	if got := strings.TrimSpace(lines[len(lines)-1]); got != "▶ }" {
		t.Errorf("last line at the end = %q", got)
	}
	if m.ScrollPercent() != 1 {
		t.Errorf("ScrollPercent at the end = %v", m.ScrollPercent())
	}
	m = press(m, "home")
	if m.View() != top {
		t.Errorf("home does not show the top again:\n%s\nwant\n%s", m.View(), top)
	}
	// The same frame as a pane that laid everything out first.
	full := New(viewtest.Common(60, 10))
	full.Focus()
	full.SetEntry(e)
	full.ScrollPercent() // lays out every row
	if full.View() != top {
		t.Errorf("lazy and full layouts differ:\n%s\nwant\n%s", top, full.View())
	}
}

// wrapped sets m's wrapping.
func wrapped(m Model, wrap bool) Model {
	m.SetWrap(wrap)
	return m
}
