package table

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/tui/common"
	"github.com/auditlog/auditlog/tui/internal/viewtest"
)

var (
	testStart = time.Date(2026, 11, 27, 4, 12, 9, 0, time.UTC)
	testKinds = []string{"Policy", "Project", "PackageVersion", "AuthorizationPolicy", "ScanResult", "Finding", "Repository"}
	testUsers = []string{"alice@example.com", "bob.smith@acme-corp.example", "scheduler@endor.ai", "eve@example.org"}
	testAddrs = []string{"10.244.3.1", "192.168.100.254", "2001:db8:85a3::8a2e:370:7334", "203.0.113.9"}
	testNS    = []string{"acme", "acme.prod", "acme.prod.payments-service", "acme.dev"}
)

// testEntry builds entry i of a deterministic, realistic listing, newest
// first, one every 37 seconds.
func testEntry(i int) client.Entry {
	var e client.Entry
	e.UUID = fmt.Sprintf("6742%020x", i)
	e.Meta.Kind = api.Kind
	e.Meta.CreateTime = testStart.Add(-time.Duration(i) * 37 * time.Second)
	e.Spec.Operation = api.Operations[1+i%4]
	if i%23 == 0 {
		e.Spec.Operation = api.OperationUnspecified
	}
	e.Spec.MessageKind = api.MessageKindPrefix + testKinds[i%len(testKinds)]
	e.Spec.MessageUUID = fmt.Sprintf("66a0%020x", i*7919)
	u := testUsers[i%len(testUsers)]
	switch i % 3 {
	case 0:
		e.Spec.Claims = []string{"ID=1994" + fmt.Sprint(i), "email=" + u, "user=" + u + "@google", "issuer=https://api.endorlabs.com/v1"}
	case 1:
		e.Spec.Claims = []string{"user=" + u + "@x509", "x509"}
	default:
		e.Spec.Claims = []string{"api-key=" + fmt.Sprint(i)}
	}
	e.Spec.RemoteAddress = testAddrs[i%len(testAddrs)]
	e.TenantMeta.Namespace = testNS[i%len(testNS)]
	if i%11 == 5 {
		e.Spec.Error = &api.Status{Code: api.CodePermissionDenied, Message: "permission denied"}
	}
	e.Tier = client.TierActive
	if i%5 == 4 {
		e.Tier = client.TierArchive
	}
	return e
}

func testEntries(n int) []client.Entry {
	es := make([]client.Entry, n)
	for i := range es {
		es[i] = testEntry(i)
	}
	return es
}

func newTable(w, h int, entries []client.Entry) Model {
	m := focused(New(viewtest.Common(w, h)))
	m.SetEntries(entries)
	return m
}

func TestGoldenViews(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		w, h     int
		n        int
		showTier bool
		setup    func(*Model)
	}{
		{"80x24", 80, 24, 200, false, func(m *Model) { m.SetCursor(3) }},
		{"120x40", 120, 40, 200, false, func(m *Model) { m.SetCursor(50) }},
		{"160x24_tier", 160, 24, 200, true, func(m *Model) { m.SetCursor(5) }},
		{"80x24_tier_blurred", 80, 24, 200, true, func(m *Model) { m.Blur(); m.SetCursor(199) }},
		{"80x24_local", 80, 24, 30, false, func(m *Model) { m.SetLocalTime(time.FixedZone("PST", -8*3600)) }},
		{"80x24_empty", 80, 24, 0, false, nil},
		{"80x5_short", 80, 5, 3, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := newTable(tt.w, tt.h, testEntries(tt.n))
			m.SetShowTier(tt.showTier)
			if tt.setup != nil {
				tt.setup(&m)
			}
			v := m.View()
			viewtest.CheckFrame(t, v, tt.w, tt.h)
			viewtest.Golden(t, v)
		})
	}
}

func TestLayoutPriorities(t *testing.T) {
	t.Parallel()
	// Widest content of a realistic listing: kind, 24-hex uuid, e-mail,
	// IPv6, a long namespace.
	ideal := [numCols]int{colTime: 19, colOp: 6, colKind: 19, colUUID: 24, colActor: 27, colRemote: 28, colNamespace: 26, colTier: 7}
	tests := []struct {
		name     string
		width    int
		showTier bool
		want     []int // the columns shown
	}{
		{"very wide shows all", 200, true, []int{colTime, colOp, colKind, colUUID, colActor, colRemote, colNamespace, colTier}},
		{"150 shrinks namespace", 150, false, []int{colTime, colOp, colKind, colUUID, colActor, colRemote, colNamespace}},
		{"120 drops namespace", 120, false, []int{colTime, colOp, colKind, colUUID, colActor, colRemote}},
		{"100 drops uuid next", 100, false, []int{colTime, colOp, colKind, colActor, colRemote}},
		{"80 keeps who what when where", 80, false, []int{colTime, colOp, colKind, colActor, colRemote}},
		{"80 with tier drops the address", 80, true, []int{colTime, colOp, colKind, colActor, colTier}},
		{"60 drops the address", 60, false, []int{colTime, colOp, colKind, colActor}},
		{"45 keeps the never-dropped ones", 45, false, []int{colTime, colOp, colActor}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l := computeLayout(tt.width, ideal, tt.showTier)
			var shown []int
			total := prefixWidth - l.gap
			for c, w := range l.widths {
				if w > 0 {
					shown = append(shown, c)
					total += w + l.gap
				}
			}
			if fmt.Sprint(shown) != fmt.Sprint(tt.want) {
				t.Errorf("shown %v, want %v (widths %v)", names(shown), names(tt.want), l.widths)
			}
			if total > tt.width {
				t.Errorf("total width %d > %d (widths %v)", total, tt.width, l.widths)
			}
			if tt.width >= 80 && l.widths[colActor] < comfortWidth[colActor] {
				t.Errorf("actor cut to %d at width %d", l.widths[colActor], tt.width)
			}
			if l.widths[colUUID] != 0 && l.widths[colUUID] != ideal[colUUID] {
				t.Errorf("uuid shown cut to %d", l.widths[colUUID])
			}
		})
	}
}

func names(cols []int) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = titles[c]
	}
	return out
}

func TestActor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		claims []string
		want   string
	}{
		{"email wins", []string{"ID=1", "user=u@x509", "email=a@b.c"}, "a@b.c"},
		{"user when no email", []string{"ID=1", "user=scheduler@x509", "x509"}, "scheduler@x509"},
		{"first claim otherwise", []string{"api-key=123", "x509"}, "api-key=123"},
		{"empty email skipped", []string{"email=", "user=bob"}, "bob"},
		{"none", nil, ""},
	}
	for _, tt := range tests {
		if got := Actor(tt.claims); got != tt.want {
			t.Errorf("%s: Actor(%q) = %q, want %q", tt.name, tt.claims, got, tt.want)
		}
	}
}

func wheel(b tea.MouseButton) tea.MouseMsg {
	return tea.MouseMsg{Action: tea.MouseActionPress, Button: b}
}

func TestKeys(t *testing.T) {
	t.Parallel()
	// 24 lines: a header and 23 rows.
	tests := []struct {
		name       string
		start      int
		msgs       []tea.Msg
		wantCursor int
		wantOffset int
	}{
		{"down", 0, []tea.Msg{viewtest.Key("down"), viewtest.Key("j")}, 2, 0},
		{"up stops at the top", 1, []tea.Msg{viewtest.Key("up"), viewtest.Key("k"), viewtest.Key("up")}, 0, 0},
		{"down scrolls at the bottom", 22, []tea.Msg{viewtest.Key("down")}, 23, 1},
		{"down stops at the last row", 99, []tea.Msg{viewtest.Key("down")}, 99, 77},
		{"page down", 0, []tea.Msg{viewtest.Key("pgdown")}, 23, 23},
		{"ctrl+f pages", 0, []tea.Msg{viewtest.Key("ctrl+f"), viewtest.Key("ctrl+f")}, 46, 46},
		{"page down near the end", 90, []tea.Msg{viewtest.Key("pgdown")}, 99, 77},
		{"page up keeps the cursor's place on screen", 50, []tea.Msg{viewtest.Key("pgup")}, 27, 5},
		{"ctrl+b at the top", 5, []tea.Msg{viewtest.Key("ctrl+b")}, 0, 0},
		{"half page down", 0, []tea.Msg{viewtest.Key("ctrl+d")}, 11, 11},
		{"half page up", 40, []tea.Msg{viewtest.Key("ctrl+u")}, 29, 7},
		{"end", 0, []tea.Msg{viewtest.Key("end")}, 99, 77},
		{"G", 0, []tea.Msg{viewtest.Key("G")}, 99, 77},
		{"home", 60, []tea.Msg{viewtest.Key("home")}, 0, 0},
		{"g", 60, []tea.Msg{viewtest.Key("g")}, 0, 0},
		{"wheel down", 0, []tea.Msg{wheel(tea.MouseButtonWheelDown)}, 3, 0},
		{"wheel up", 10, []tea.Msg{wheel(tea.MouseButtonWheelUp)}, 7, 0},
		{"unbound key", 10, []tea.Msg{viewtest.Key("x")}, 10, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := newTable(80, 24, testEntries(100))
			m.SetCursor(tt.start)
			for _, msg := range tt.msgs {
				m, _ = m.Update(msg)
			}
			if m.Cursor() != tt.wantCursor || m.offset != tt.wantOffset {
				t.Errorf("cursor, offset = %d, %d; want %d, %d", m.Cursor(), m.offset, tt.wantCursor, tt.wantOffset)
			}
			e, ok := m.Selected()
			if !ok || e.UUID != testEntry(tt.wantCursor).UUID {
				t.Errorf("Selected() = %q, %v; want row %d", e.UUID, ok, tt.wantCursor)
			}
			// The selected row is on screen and marked.
			lines := strings.Split(m.View(), "\n")
			if got := lines[1+tt.wantCursor-tt.wantOffset]; !strings.HasPrefix(got, markerSelected) {
				t.Errorf("selected line %q lacks the %s marker", got, markerSelected)
			}
		})
	}
}

func TestBlurredIgnoresKeys(t *testing.T) {
	t.Parallel()
	m := newTable(80, 24, testEntries(10))
	m.Blur()
	m, _ = m.Update(viewtest.Key("down"))
	if m.Cursor() != 0 || m.Focused() {
		t.Errorf("blurred table moved to %d (focused %v)", m.Cursor(), m.Focused())
	}
	m.Focus()
	m, _ = m.Update(viewtest.Key("down"))
	if m.Cursor() != 1 {
		t.Errorf("focused table at %d, want 1", m.Cursor())
	}
}

func TestNearEnd(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		rows   int
		cursor int
		n      int
		want   bool
	}{
		{"empty", 0, 0, 10, false},
		{"far", 100, 10, 10, false},
		{"just outside", 100, 89, 10, false},
		{"just inside", 100, 90, 10, true},
		{"last row", 100, 99, 1, true},
		{"zero window", 100, 99, 0, false},
	}
	for _, tt := range tests {
		m := newTable(80, 24, testEntries(tt.rows))
		m.SetCursor(tt.cursor)
		if got := m.NearEnd(tt.n); got != tt.want {
			t.Errorf("%s: NearEnd(%d) at %d of %d = %v", tt.name, tt.n, tt.cursor, tt.rows, got)
		}
	}
}

func TestAppendKeepsCursorAndGrowsColumns(t *testing.T) {
	t.Parallel()
	es := testEntries(50)
	m := newTable(200, 24, es[:20])
	m.SetCursor(7)
	before := m.layout.widths[colActor]
	long := testEntry(20)
	long.Spec.Claims = []string{"email=a-very-long-service-account@automation.example.com"}
	m.AppendEntries(append([]client.Entry{long}, es[21:]...))
	if m.Len() != 50 || m.Cursor() != 7 {
		t.Fatalf("Len, Cursor = %d, %d; want 50, 7", m.Len(), m.Cursor())
	}
	if m.layout.widths[colActor] <= before {
		t.Errorf("actor column stayed %d wide after a longer actor arrived", before)
	}
	m.SetCursor(20)
	if e, _ := m.Selected(); e.Spec.Claims[0] != long.Spec.Claims[0] {
		t.Errorf("Selected() = %v", e.Spec.Claims)
	}
	if !strings.Contains(m.View(), "a-very-long-service-account@automation.…") { // capped at 40 cells
		t.Errorf("appended row not drawn:\n%s", m.View())
	}
}

func TestViewFollowsChanges(t *testing.T) {
	t.Parallel()
	m := newTable(80, 10, testEntries(20))
	v1 := m.View()
	if v2 := m.View(); v2 != v1 {
		t.Fatal("two frames of an unchanged table differ")
	}
	m.SetLocalTime(time.FixedZone("X", 2*3600))
	v3 := m.View()
	if !strings.Contains(v3, "TIME (local)") || !strings.Contains(v3, "2026-11-27 06:12:09") {
		t.Errorf("local time not drawn:\n%s", v3)
	}
	m.SetLocalTime(nil)
	if m.View() != v1 {
		t.Error("back to UTC does not draw the first frame again")
	}
	m.SetSize(100, 10)
	viewtest.CheckFrame(t, m.View(), 100, 10)
	m.SetEntries(testEntries(2))
	if got := strings.Count(m.View(), "2026-"); got != 2 {
		t.Errorf("after SetEntries(2 rows) the view shows %d rows", got)
	}
}

func TestFailedAndOperationMarked(t *testing.T) {
	t.Parallel()
	m := focused(New(viewtest.ColourCommon(120, 10, "dracula")))
	es := testEntries(8) // row 5 failed; row 0 UNSPECIFIED
	m.SetEntries(es)
	m.SetCursor(7)
	lines := strings.Split(m.View(), "\n")
	plain := func(s string) string { return regexp.MustCompile(`\x1b\[[0-9;]*m`).ReplaceAllString(s, "") }
	if got := plain(lines[6]); !strings.HasPrefix(got, " ! ") {
		t.Errorf("failed row not marked: %q", got)
	}
	if !strings.Contains(lines[6], "\x1b[1;38;2;255;85;85m!") {
		t.Errorf("failed marker not in the error colour: %q", lines[6])
	}
	// Row 2 is OPERATION_DELETE (Operations[1+2%4]): bold, dracula red.
	if !strings.Contains(lines[3], "\x1b[1;38;2;255;85;85mDELETE") {
		t.Errorf("DELETE not in the delete colour: %q", lines[3])
	}
	if got := plain(lines[8]); !strings.HasPrefix(got, markerSelected) {
		t.Errorf("selected row not marked: %q", got)
	}
}

// hostile strings an attacker could put in any field of an audit entry.
var hostile = []string{
	"\x1b[2J", "\x1b[31mred", "\x1b]0;pwned\x07", "\x1b]52;c;ZXZpbA==\x07", "\x1bPq#0;2;0;0;0\x1b\\",
	"\u009b31m", "bell\x07", "user\u202egpj.exe", "a\nb\tc\rd", "\x7f", "zero\u200bwidth", "\xff\xfe",
}

func hostileEntry(i int, s string) client.Entry {
	e := testEntry(i)
	e.Spec.Claims = []string{"email=" + s, "user=" + s}
	e.Spec.RemoteAddress = s
	e.TenantMeta.Namespace = s
	e.Spec.MessageKind = api.MessageKindPrefix + s
	e.Spec.MessageUUID = s
	e.Spec.Operation = api.Operation("OPERATION_" + s)
	e.Spec.Error = &api.Status{Code: 7, Message: s}
	e.Spec.Payload = json.RawMessage(`{"x":` + string(mustJSON(s)) + `}`)
	return e
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func TestHostileStringsAreEscaped(t *testing.T) {
	t.Parallel()
	var es []client.Entry
	for i, s := range hostile {
		es = append(es, hostileEntry(i, s))
	}
	for _, size := range [][2]int{{80, 24}, {250, 24}} {
		m := newTable(size[0], size[1], es)
		m.SetShowTier(true)
		for i := range es {
			m.SetCursor(i)
			out := m.View()
			if strings.ContainsRune(out, 0x1b) {
				t.Fatalf("colourless view has ESC: %q", out)
			}
			viewtest.AssertNoControls(t, out, false)
		}
		wide := m.View()
		if size[0] == 250 {
			for _, want := range []string{`\x1b[2J`, `\x1b]0;pwned\a`, `\x1b]52;c;ZXZpbA==\a`, `\u{9b}31m`, `user\u{202e}gpj.exe`, `a\nb\tc\rd`} {
				if !strings.Contains(wide, want) {
					t.Errorf("wide view lacks the escaped form %s", want)
				}
			}
		}

		c := focused(New(viewtest.ColourCommon(size[0], size[1], "dracula")))
		c.SetEntries(es)
		for i := range es {
			c.SetCursor(i)
			viewtest.AssertNoControls(t, c.View(), true)
		}
	}
}

func TestRowAt(t *testing.T) {
	t.Parallel()
	m := newTable(80, 10, testEntries(100))
	m.SetCursor(50) // rows 42–50 in view
	tests := []struct {
		y    int
		want int
		ok   bool
	}{
		{0, 0, false}, // the header
		{1, 42, true},
		{9, 50, true},
		{10, 0, false}, // below the table
	}
	for _, tt := range tests {
		if got, ok := m.RowAt(tt.y); got != tt.want || ok != tt.ok {
			t.Errorf("RowAt(%d) = %d, %v; want %d, %v", tt.y, got, ok, tt.want, tt.ok)
		}
	}
	short := newTable(80, 10, testEntries(3))
	if _, ok := short.RowAt(5); ok {
		t.Error("RowAt below the last row reported a row")
	}
}

func TestWideCharactersKeepColumnsAligned(t *testing.T) {
	t.Parallel()
	es := testEntries(6)
	es[1].Spec.Claims = []string{"email=山田太郎@例え.jp"}
	es[2].Spec.Claims = []string{"user=🔐🔑 robot"}
	es[3].TenantMeta.Namespace = "テナント.本番"
	es[4].Spec.MessageKind = api.MessageKindPrefix + "ポリシー設定ルール"
	for _, w := range []int{80, 120, 200} {
		m := newTable(w, 8, es)
		v := m.View()
		viewtest.CheckFrame(t, v, w, 8)
		// Every row's remote address starts in the same cell.
		lines := strings.Split(v, "\n")
		col := -1
		for _, l := range lines[1:7] {
			for _, a := range testAddrs {
				if i := strings.Index(l, a); i >= 0 {
					c := common.Width(l[:i])
					if col >= 0 && c != col {
						t.Errorf("width %d: address at cell %d, others at %d:\n%s", w, c, col, v)
					}
					col = c
				}
			}
		}
		if col < 0 {
			t.Errorf("width %d: no address drawn:\n%s", w, v)
		}
	}
}

func TestTinySizes(t *testing.T) {
	t.Parallel()
	es := testEntries(5)
	es[1].Spec.Claims = []string{"email=山田太郎@例え.jp"}
	for w := 1; w <= 40; w++ {
		for h := 1; h <= 3; h++ {
			m := newTable(w, h, es)
			m.SetShowTier(w%2 == 0)
			m.SetCursor(1)
			viewtest.CheckFrame(t, m.View(), w, h)
		}
	}
	if v := newTable(0, 10, es).View(); v != "" {
		t.Errorf("zero width drew %q", v)
	}
}

// TestWorkIsPerScreenNotPerRow guards the design: a key press, a frame, a
// change of time zone or width cost the same whatever the number of rows
// loaded, because only visible rows are rendered.
func TestWorkIsPerScreenNotPerRow(t *testing.T) {
	page := testEntries(1000)
	build := func(n int) Model {
		m := focused(New(viewtest.ColourCommon(120, 31, "dracula")))
		for left := n; left > 0; left -= len(page) {
			m.AppendEntries(page[:min(left, len(page))])
		}
		m.SetCursor(n / 2)
		m.View()
		return m
	}
	measure := func(n int) (keyAllocs, zoneAllocs float64) {
		m := build(n)
		keyAllocs = testing.AllocsPerRun(200, func() {
			m, _ = m.Update(viewtest.Key("down"))
			_ = m.View()
		})
		zones := []*time.Location{time.UTC, time.FixedZone("X", 3600)}
		i := 0
		zoneAllocs = testing.AllocsPerRun(20, func() {
			i++
			m.SetLocalTime(zones[i%2])
			_ = m.View()
		})
		return keyAllocs, zoneAllocs
	}
	k1, z1 := measure(1_000)
	k2, z2 := measure(200_000)
	t.Logf("allocations: key press + View %v (1k rows) %v (200k); zone switch + View %v / %v", k1, k2, z1, z2)
	if k2 > k1+1 || k2 > 20 {
		t.Errorf("key press + View: %v allocations at 1k rows, %v at 200k", k1, k2)
	}
	if z2 > z1+1 || z2 > 31*8 { // a handful per visible row
		t.Errorf("time zone switch + View: %v allocations at 1k rows, %v at 200k", z1, z2)
	}
}

// focused gives m the keyboard.
func focused(m Model) Model {
	m.Focus()
	return m
}
