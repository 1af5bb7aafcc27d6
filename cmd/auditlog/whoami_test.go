package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/auditlog/auditlog/api"
)

// TestWhoami runs `auditlog whoami` against servers answering GET /v1/auth
// in Endor's shape and in the older string form, and against the demo
// emulator; the token is never printed.
func TestWhoami(t *testing.T) {
	t.Parallel()
	const token = "tok-whoami-SECRET-71"
	exp := time.Now().Add(3*time.Hour + 30*time.Minute).UTC().Format(time.RFC3339) // "in 3h…" however slow the run
	serve := func(body string) string {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/v1/auth" || r.Header.Get("Authorization") != "Bearer "+token {
				w.WriteHeader(http.StatusUnauthorized)
				fmt.Fprint(w, `{"code":16,"message":"Invalid authorization header: Bearer"}`)
				return
			}
			fmt.Fprint(w, body)
		}))
		t.Cleanup(srv.Close)
		return srv.URL
	}
	endor := serve(`{"authentication_source":"google","expiration_time":"` + exp + `","token":"` + token + `",
		"user":{"uuid":"u-1","meta":{"name":"jane@acme.example@google"},"spec":{"email":"jane@acme.example"}},"tenants":["acme"]}`)
	older := serve(`{"user":"emulator@acme@api-key","tenant":"acme","authentication_source":"api-key","expiration_time":"` + exp + `"}`)
	tests := []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"Endor's shape", []string{"--api", endor, "--token", token}, 0,
			[]string{"user      jane@acme.example\n", "name      jane@acme.example@google\n", "uuid      u-1\n", "provider  google\n", "expires   " + exp + " (in 3h", "tenants   acme\n"}},
		{"Endor's shape as JSON", []string{"--api", endor, "--token", token, "-o", "json"}, 0,
			[]string{`"authentication_source":"google"`, `"email":"jane@acme.example"`, `"tenants":["acme"]`}},
		{"older string form", []string{"--api", older, "--token", token}, 0,
			[]string{"user      emulator@acme@api-key\n", "provider  api-key\n", "tenants   acme\n"}},
		{"a refused token", []string{"--api", older, "--token", token + "x"}, 1, []string{"refused the credentials"}},
		{"demo", []string{"--demo"}, 0, []string{"provider", "expires", "tenants"}},
		{"an argument is a usage error", []string{"--demo", "extra"}, 2, []string{"unknown command"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"whoami"}, tt.args...)
			if !strings.Contains(strings.Join(args, " "), "--demo") {
				args = append(args, "-n", "acme")
			}
			code, out, errOut := runCmd(t, args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stdout %q stderr %q", code, tt.code, out, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(out+errOut, w) {
					t.Errorf("output lacks %q:\n%s%s", w, out, errOut)
				}
			}
			if strings.Contains(out+errOut, token) {
				t.Error("the token was printed")
			}
			if strings.Contains(strings.Join(tt.args, " "), "json") {
				var id api.Identity
				if err := json.Unmarshal([]byte(out), &id); err != nil || id.Name() != "jane@acme.example" {
					t.Errorf("-o json does not read back: %v %+v", err, id)
				}
			}
		})
	}
}

// TestWriteIdentityExpiry: the time left is rounded to the minute, said
// "expired" once past, and left out when the server gives none.
func TestWriteIdentityExpiry(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		exp  time.Time
		want string
	}{
		{"hours and minutes", now.Add(3*time.Hour + 29*time.Second), "expires   2026-12-04T15:00:29Z (in 3h0m)\n"},
		{"rounded up", now.Add(2*time.Hour + 59*time.Minute + 31*time.Second), "(in 3h0m)"},
		{"minutes", now.Add(42 * time.Minute), "(in 42m)"},
		{"expired", now.Add(-time.Second), "(expired)"},
	}
	for _, tc := range tests {
		var b strings.Builder
		id := &api.Identity{ExpirationTime: tc.exp}
		id.User.Meta.Name = "jane@acme.example@google"
		if err := writeIdentity(&b, id, now); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), tc.want) {
			t.Errorf("%s: output lacks %q:\n%s", tc.name, tc.want, b.String())
		}
	}
}
