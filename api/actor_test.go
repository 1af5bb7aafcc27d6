package api

import "testing"

func TestActor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		claims    []string
		createdBy string
		want      string
	}{
		{"email wins over user", []string{"ID=1", "user=alice@example.com@google", "email=alice@example.com"}, "", "alice@example.com"},
		{"user when no email", []string{"ID=1", "user=scheduler@x509", "x509"}, "", "scheduler@x509"},
		{"empty email skipped", []string{"email=", "user=bob"}, "", "bob"},
		{"created_by before a bare claim", []string{"api-key=123"}, "svc@acme", "svc@acme"},
		{"first claim otherwise", []string{"api-key=123", "x509"}, "", "api-key=123"},
		{"created_by alone", nil, "svc@acme", "svc@acme"},
		{"none", nil, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a := AuditLog{Meta: Meta{CreatedBy: tt.createdBy}, Spec: AuditLogSpec{Claims: tt.claims}}
			if got := a.Actor(); got != tt.want {
				t.Errorf("Actor() = %q, want %q", got, tt.want)
			}
			if tt.createdBy == "" {
				if got := ClaimsActor(tt.claims); got != tt.want {
					t.Errorf("ClaimsActor() = %q, want %q", got, tt.want)
				}
			}
		})
	}
}
