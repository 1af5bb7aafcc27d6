package pivot

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/client"
	"github.com/auditlog/auditlog/filters"
	"github.com/auditlog/auditlog/tui/internal/viewtest"
)

func testEntry(addr string) client.Entry {
	var e client.Entry
	e.UUID = "6742a0c1d2e3f4a5b6c7d8e9"
	e.Meta.CreateTime = time.Date(2026, 11, 27, 4, 12, 9, 0, time.UTC)
	e.TenantMeta.Namespace = "acme.prod"
	e.Spec = api.AuditLogSpec{
		Operation: api.OperationUpdate, MessageKind: "internal.endor.ai.endor.v1.Policy",
		MessageUUID: "66a0c1d2e3f4a5b6c7d8e9f0", RemoteAddress: addr,
		Claims:  []string{"ID=1994123", "email=alice@example.com", "user=alice@example.com@google"},
		Payload: json.RawMessage(`{"meta":{"name":"p"}}`),
	}
	return e
}

func TestFor(t *testing.T) {
	t.Parallel()
	got := For(testEntry("10.244.3.1"))
	want := []struct{ label, filter string }{
		{"actor alice@example.com", `spec.claims matches '^email=alice@example\.com$'`},
		{"address 10.244.3.1", ``},
		{"address block 10.244.3.0/24", ``},
		{"kind Policy", `spec.message_kind == 'internal.endor.ai.endor.v1.Policy'`},
		{"operation UPDATE", `spec.operation == 'OPERATION_UPDATE'`},
		{"object 66a0c1d2e3f4a5b6c7d8e9f0", `spec.message_uuid == '66a0c1d2e3f4a5b6c7d8e9f0'`},
		{"namespace acme.prod", `tenant_meta.namespace == 'acme.prod'`},
		{"actor alice@example.com ±15 minutes around this entry", ``},
		{"this object's history (both tiers, oldest first)", ``},
	}
	if len(got) != len(want) {
		t.Fatalf("%d pivots, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		p := got[i]
		if p.Label != w.label {
			t.Errorf("pivot %d label %q, want %q", i, p.Label, w.label)
		}
		if w.filter != "" && p.Filter != w.filter {
			t.Errorf("pivot %q filter %s, want %s", p.Label, p.Filter, w.filter)
		}
		if p.History {
			if p.UUID != "66a0c1d2e3f4a5b6c7d8e9f0" || p.Filter != "" {
				t.Errorf("history pivot %+v", p)
			}
			continue
		}
		// Every filter is canonical: Prepare gives it back unchanged.
		pp, err := filters.Prepare(p.Filter, filters.PrepareOptions{})
		if err != nil || pp.Canonical != p.Filter {
			t.Errorf("pivot %q: %s is not canonical (%v, %s)", p.Label, p.Filter, err, pp.Canonical)
		}
	}
	// The filters select what they say, checked by the filters evaluator.
	match := func(filter string, e client.Entry) bool {
		x, err := filters.Parse(filter)
		if err != nil {
			t.Fatal(err)
		}
		prog, err := filters.Compile(x)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(e.AuditLog)
		return prog.MatchJSON(b, e.Meta.CreateTime)
	}
	e := testEntry("10.244.3.1")
	near, far, other := testEntry("10.244.3.200"), testEntry("10.244.4.1"), testEntry("10.244.3.1")
	near.Meta.CreateTime = e.Meta.CreateTime.Add(14 * time.Minute)
	far.Meta.CreateTime = e.Meta.CreateTime.Add(16 * time.Minute)
	other.Spec.Claims = []string{"email=bob@example.com"}
	tests := []struct {
		pivot int
		entry client.Entry
		want  bool
	}{
		{0, e, true}, {0, other, false},
		{1, e, true}, {1, near, false},
		{2, near, true}, {2, far, false},
		{7, near, true}, {7, far, false}, {7, other, false},
	}
	for _, tt := range tests {
		if m := match(got[tt.pivot].Filter, tt.entry); m != tt.want {
			t.Errorf("%s on %s at %s: %v, want %v", got[tt.pivot].Label, tt.entry.Spec.RemoteAddress, tt.entry.Meta.CreateTime, m, tt.want)
		}
	}
}

func TestForIPv6AndOddAddresses(t *testing.T) {
	t.Parallel()
	labels := func(addr string) string {
		var ls []string
		for _, p := range For(testEntry(addr)) {
			if strings.HasPrefix(p.Label, "address") {
				ls = append(ls, p.Label+" = "+p.Filter)
			}
		}
		return strings.Join(ls, "\n")
	}
	if got := labels("2001:db8:1:2::7"); !strings.Contains(got, "address block 2001:db8:1:2::/64") {
		t.Errorf("IPv6 block:\n%s", got)
	}
	if got := labels("::ffff:10.1.2.3"); !strings.Contains(got, "address block 10.1.2.0/24") {
		t.Errorf("an IPv4-mapped address is IPv4:\n%s", got)
	}
	if got := labels("gateway.internal"); got != `address gateway.internal = spec.remote_address == 'gateway.internal'` {
		t.Errorf("no IP: %s", got)
	}
	e := testEntry("")
	e.Spec.Claims, e.Spec.MessageUUID = nil, ""
	for _, p := range For(e) {
		if strings.HasPrefix(p.Label, "actor") || strings.HasPrefix(p.Label, "address") || p.History {
			t.Errorf("a pivot on a missing field: %+v", p)
		}
	}
}

func TestStack(t *testing.T) {
	t.Parallel()
	var s Stack[int]
	if _, ok := s.Pop(); ok || s.Breadcrumb(80) != "" {
		t.Fatal("an empty stack pops")
	}
	s.Push("actor alice@example.com", 1)
	s.Push("kind Policy", 2)
	if got := s.Breadcrumb(80); got != "‹2 actor alice@example.com › kind Policy" {
		t.Errorf("breadcrumb %q", got)
	}
	if got := s.Breadcrumb(20); got != "‹2 … › kind Policy" {
		t.Errorf("narrow breadcrumb %q", got)
	}
	if v, ok := s.Pop(); !ok || v != 2 || s.Len() != 1 {
		t.Fatalf("pop: %d %v, len %d", v, ok, s.Len())
	}
	if v, _ := s.Pop(); v != 1 || s.Len() != 0 {
		t.Fatal("second pop")
	}
}

func TestMenu(t *testing.T) {
	t.Parallel()
	m := New(viewtest.Common(80, 24), For(testEntry("10.244.3.1")))
	tests := []struct {
		keys    []string
		want    tea.Msg
		atIndex int
	}{
		{[]string{"esc"}, ClosedMsg{}, 0},
		{[]string{"enter"}, ChosenMsg{Pivot: m.Pivots()[0]}, 0},
		{[]string{"j", "j", "enter"}, ChosenMsg{Pivot: m.Pivots()[2]}, 2},
		{[]string{"k", "enter"}, ChosenMsg{Pivot: m.Pivots()[8]}, 8},
		{[]string{"4"}, ChosenMsg{Pivot: m.Pivots()[3]}, 3},
	}
	for _, tt := range tests {
		mm := m
		var msg tea.Msg
		for _, k := range tt.keys {
			nm, c := mm.Update(viewtest.Key(k))
			mm = nm
			if c != nil {
				msg = c()
			}
		}
		if msg != tt.want || mm.Cursor() != tt.atIndex {
			t.Errorf("keys %v: %#v at %d, want %#v at %d", tt.keys, msg, mm.Cursor(), tt.want, tt.atIndex)
		}
	}
}

func TestGoldenMenu(t *testing.T) {
	t.Parallel()
	for _, sz := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		m := New(viewtest.Common(sz.w, sz.h), For(testEntry("10.244.3.1")))
		m, _ = m.Update(viewtest.Key("j"))
		v := m.View()
		viewtest.CheckFrame(t, v, sz.w, sz.h)
		t.Run(fmt.Sprintf("%dx%d", sz.w, sz.h), func(t *testing.T) {
			viewtest.Golden(t, v)
		})
	}
}
