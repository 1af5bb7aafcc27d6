package filters

import (
	"strings"
	"testing"
	"time"
)

func TestPresets(t *testing.T) {
	t.Parallel()
	jan := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	feb := time.Date(2025, 1, 31, 23, 59, 59, 0, time.FixedZone("CET", 3600))
	kinds2, err := MessageKinds("Policy", "internal.endor.ai.endor.v1.ScanResult")
	if err != nil {
		t.Fatal(err)
	}
	kind1, err := MessageKinds("authorizationpolicy")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		e    Expr
		want string
	}{
		{"time range", TimeRange(jan, feb), "meta.create_time >= date(2025-01-01T00:00:00Z) and meta.create_time <= date(2025-01-31T22:59:59Z)"},
		{"open end", TimeRange(jan, time.Time{}), "meta.create_time >= date(2025-01-01T00:00:00Z)"},
		{"last 7 days", Last(7 * 24 * time.Hour), "meta.create_time >= now(-168h)"},
		{"claim equals", ClaimEquals("email=jane.doe+ci@example.com"), `spec.claims matches '^email=jane\.doe\+ci@example\.com$'`},
		{"claim contains", ClaimContains("domain=endor.ai"), `spec.claims matches 'domain=endor\.ai'`},
		{"claim with control characters", ClaimEquals("a\x1bb"), `spec.claims matches '^a\x{1b}b$'`},
		{"one operation", Operations("create"), "spec.operation == 'OPERATION_CREATE'"},
		{"operations", Operations("OPERATION_UPDATE", "delete"), "spec.operation in ['OPERATION_UPDATE', 'OPERATION_DELETE']"},
		{"one kind", kind1, "spec.message_kind == 'internal.endor.ai.endor.v1.AuthorizationPolicy'"},
		{"kinds", kinds2, "spec.message_kind in ['internal.endor.ai.endor.v1.Policy', 'internal.endor.ai.endor.v1.ScanResult']"},
		{"uuid history", UUIDHistory("66a0c1d2e3f4a5b6c7d8e9f0"), "spec.message_uuid == '66a0c1d2e3f4a5b6c7d8e9f0'"},
		{"and all skips nil", AndAll(nil, Operations("create"), Last(0), Last(time.Hour)), "spec.operation == 'OPERATION_CREATE' and meta.create_time >= now(-1h)"},
		{"or inside and", AndAll(OrAll(Operations("create"), UUIDHistory("x")), Last(time.Hour)),
			"(spec.operation == 'OPERATION_CREATE' or spec.message_uuid == 'x') and meta.create_time >= now(-1h)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := tc.e.String()
			if got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
			back := mustParse(t, got)
			if !Equal(back, tc.e) {
				t.Errorf("%s does not round-trip", got)
			}
			for _, d := range Check(back, CheckOptions{}) {
				t.Errorf("preset draws a diagnostic: %s", d.Error())
			}
		})
	}
	for _, e := range []Expr{AndAll(), OrAll(nil, nil), TimeRange(time.Time{}, time.Time{}), Operations(), Last(-time.Hour)} {
		if e != nil {
			t.Errorf("empty preset = %v, want nil", e)
		}
	}
}

func TestClaimPresetsMatch(t *testing.T) {
	t.Parallel()
	doc := map[string]any{"spec": map[string]any{"claims": []any{"email=jane.doe+ci@example.com", "user=a.b@x"}}}
	for _, tc := range []struct {
		e    Expr
		want bool
	}{
		{ClaimEquals("email=jane.doe+ci@example.com"), true},
		{ClaimEquals("email=jane.doe+ci@example.co"), false},
		{ClaimEquals("email=janeXdoe+ci@example.com"), false},
		{ClaimContains("jane.doe+ci"), true},
		{ClaimContains("a.b@x"), true},
		{ClaimContains("a+b"), false},
	} {
		m, err := Compile(tc.e)
		if err != nil {
			t.Fatal(err)
		}
		if got := m.Match(doc, evalNow); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.e, got, tc.want)
		}
	}
}

func TestMessageKindErrors(t *testing.T) {
	t.Parallel()
	_, err := MessageKinds("Polcy")
	if err == nil || err.Error() != "unknown message kind 'Polcy'; did you mean 'Policy'?" {
		t.Errorf("err = %v", err)
	}
	_, err = MessageKinds("Zebra")
	if err == nil || !strings.Contains(err.Error(), "give a full name") {
		t.Errorf("err = %v", err)
	}
	if e, err := MessageKinds(); e != nil || err != nil {
		t.Errorf("no kinds: %v, %v", e, err)
	}
}

func TestKinds(t *testing.T) {
	t.Parallel()
	ks := Kinds()
	seen := map[string]bool{}
	for _, k := range ks {
		if k.Full != KindPrefix+k.Short || k.Description == "" || seen[k.Short] {
			t.Errorf("bad kind %+v", k)
		}
		seen[k.Short] = true
	}
	for _, want := range []string{"Tenant", "Namespace", "Project", "User", "UserTelemetry", "Repository", "RepositoryVersion",
		"ScanResult", "AuthorizationPolicy", "Policy", "NotificationTarget", "SupportedToolChain", "ApplicationTelemetry", "EndorLicense",
		"APIKey", "Invitation", "IdentityProvider"} {
		if !seen[want] {
			t.Errorf("kind %s missing", want)
		}
	}
	ks[0].Short = "changed"
	if Kinds()[0].Short == "changed" {
		t.Error("Kinds returns the package's slice")
	}
	if full, ok := ExpandKind("policy"); !ok || full != "internal.endor.ai.endor.v1.Policy" {
		t.Errorf("ExpandKind(policy) = %q, %v", full, ok)
	}
	if full, ok := ExpandKind("internal.endor.ai.endor.v1.Finding"); !ok || full != "internal.endor.ai.endor.v1.Finding" {
		t.Errorf("full names pass: %q, %v", full, ok)
	}
	if _, ok := ExpandKind("Nope"); ok {
		t.Error("ExpandKind(Nope) ok")
	}
}
