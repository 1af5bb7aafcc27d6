package detail

import (
	"strings"
	"testing"
	"time"

	"github.com/auditlog/auditlog/api"
)

func TestLoginProvider(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		claims []string
		want   string
	}{
		{"google", []string{"email=a@x.example", "user=a@x.example@google"}, "google"},
		{"github login", []string{"user=sokafor@github"}, "github"},
		{"api key", []string{"user=ci@x.example@google@api-key", "api-key"}, "api-key"},
		{"a domain is no provider", []string{"user=alice@example.com"}, ""},
		{"no user claim", []string{"email=a@x.example"}, ""},
		{"trailing at", []string{"user=alice@"}, ""},
	}
	for _, tt := range tests {
		if got := LoginProvider(tt.claims); got != tt.want {
			t.Errorf("%s: LoginProvider = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestRelative(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		ago  time.Duration
		want string
	}{
		{0, "just now"},
		{42 * time.Second, "42s ago"},
		{5*time.Minute + 59*time.Second, "5m ago"},
		{3 * time.Hour, "3h ago"},
		{47 * time.Hour, "47h ago"},
		{12 * 24 * time.Hour, "12d ago"},
		{-5 * time.Minute, "in 5m"},
	}
	for _, tt := range tests {
		if got := Relative(now.Add(-tt.ago), now); got != tt.want {
			t.Errorf("Relative(-%v) = %q, want %q", tt.ago, got, tt.want)
		}
	}
}

// TestSummaryFirst: the five lines come first, in order, with the actor
// and the address on the first screen of a 120×40 pane.
func TestSummaryFirst(t *testing.T) {
	t.Parallel()
	m := newPane(120, 40)
	lines := text(m)
	for i, want := range []string{
		"When     2026-11-27 04:12:09 UTC · 3h ago",
		"Who      alice@example.com via google · ID=1994123, email=alice@example.com, user=alice@example.com@google, issuer=https://api.endorlabs.com/v1",
		`What     UPDATE Policy "block-critical-vulns" · 66a0c1d2e3f4a5b6c7d8e9f0`,
		"Where    10.244.3.1 · namespace acme.prod",
		"Outcome  succeeded (no spec.error)",
		"",
		"{",
	} {
		if lines[i] != want {
			t.Errorf("line %d = %q, want %q", i, lines[i], want)
		}
	}
	v := m.View()
	first := strings.Join(strings.Split(v, "\n")[:8], "\n")
	if !strings.Contains(first, "alice@example.com") || !strings.Contains(first, "10.244.3.1") {
		t.Errorf("actor and address not on the first screen:\n%s", v)
	}
}

// TestValueUnderCursor: each summary line copies its main value, a JSON
// string its text without quotes, a brace nothing.
func TestValueUnderCursor(t *testing.T) {
	t.Parallel()
	m := newPane(120, 40)
	find := func(prefix string) int {
		for i, l := range text(m) {
			if strings.HasPrefix(l, prefix) {
				return i
			}
		}
		t.Fatalf("no line %q", prefix)
		return 0
	}
	tests := []struct {
		line   int
		want   string
		wantOK bool
	}{
		{0, "2026-11-27T04:12:09.123Z", true},
		{1, "alice@example.com", true},
		{2, "66a0c1d2e3f4a5b6c7d8e9f0", true},
		{3, "10.244.3.1", true},
		{4, "", false},
		{summaryN, "", false}, // {
		{find(`    "remote_address"`), "10.244.3.1", true},
		{find(`        "priority"`), "10", true},
		{find(`        "rule"`), "package main\nmatch[r] { r := input.findings[_]; r.level == \"FINDING_LEVEL_CRITICAL\" }", true},
	}
	for _, tt := range tests {
		m.SetCursor(tt.line)
		got, ok := m.Value()
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("line %d %q: Value = %q, %v; want %q, %v", tt.line, text(m)[tt.line], got, ok, tt.want, tt.wantOK)
		}
	}
	e := testEntry()
	e.Spec.Error = &api.Status{Code: api.CodePermissionDenied, Message: "denied &amp; logged"}
	e.Raw = nil // re-encoded with the error
	m.SetEntry(e)
	m.SetCursor(4)
	if got, _ := m.Value(); got != "denied & logged" {
		t.Errorf("outcome copies %q", got)
	}
}

// TestLocalTimeOnlyWhenItDiffers: a local zone that is UTC (a server's
// time.Local) adds nothing to the When line.
func TestLocalTimeOnlyWhenItDiffers(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		loc  *time.Location
		want string
	}{
		{nil, "When     2026-11-27 04:12:09 UTC · 3h ago"},
		{time.FixedZone("UTC", 0), "When     2026-11-27 04:12:09 UTC · 3h ago"},
		{time.FixedZone("CET", 3600), "When     2026-11-27 04:12:09 UTC · 05:12:09 CET local · 3h ago"},
		{time.FixedZone("PST", -8*3600), "When     2026-11-27 04:12:09 UTC · 2026-11-26 20:12:09 PST local · 3h ago"},
	} {
		m := newPane(120, 40)
		m.SetLocation(tc.loc)
		if got := text(m)[0]; got != tc.want {
			t.Errorf("%v: %q, want %q", tc.loc, got, tc.want)
		}
	}
}
