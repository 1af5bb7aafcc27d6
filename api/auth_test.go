package api

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestIdentityDecodesBothShapes(t *testing.T) {
	t.Parallel()
	exp := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name         string
		body         string
		want         Identity
		wantName     string
		wantProvider string
	}{
		{
			name: "Endor's model, browser login",
			body: `{"authentication_source":"google","expiration_time":"2026-01-02T03:04:05Z","token":"SECRET-TOKEN",
				"user":{"uuid":"u1","meta":{"name":"jane@acme.example@google"},"spec":{"email":"jane@acme.example","user_name":"jane"}},
				"tenants":["acme","acme.dev"]}`,
			want: Identity{AuthenticationSource: "google", ExpirationTime: exp,
				User:    User{UUID: "u1", Meta: UserMeta{Name: "jane@acme.example@google"}, Spec: UserSpec{Email: "jane@acme.example", UserName: "jane"}},
				Tenants: []string{"acme", "acme.dev"}},
			wantName: "jane@acme.example", wantProvider: "google",
		},
		{
			name:     "Endor's model, no email: user name, provider from meta.name",
			body:     `{"user":{"meta":{"name":"octo@github"},"spec":{"user_name":"octo"}}}`,
			want:     Identity{User: User{Meta: UserMeta{Name: "octo@github"}, Spec: UserSpec{UserName: "octo"}}},
			wantName: "octo", wantProvider: "github",
		},
		{
			name: "older string form",
			body: `{"user":"emulator@acme@api-key","tenant":"acme","claims":["user=emulator@acme@api-key"],"authentication_source":"api-key","expiration_time":"2026-01-02T03:04:05Z"}`,
			want: Identity{AuthenticationSource: "api-key", ExpirationTime: exp, User: User{Meta: UserMeta{Name: "emulator@acme@api-key"}},
				Tenants: []string{"acme"}, Claims: []string{"user=emulator@acme@api-key"}},
			wantName: "emulator@acme@api-key", wantProvider: "api-key",
		},
		{
			name:     "tenant and tenants together count once",
			body:     `{"user":"a@example.com","tenant":"acme","tenants":["acme","other"]}`,
			want:     Identity{User: User{Meta: UserMeta{Name: "a@example.com"}}, Tenants: []string{"acme", "other"}},
			wantName: "a@example.com", wantProvider: "",
		},
		{name: "empty", body: `{}`, want: Identity{}},
		{name: "null user", body: `{"user":null}`, want: Identity{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var id Identity
			if err := json.Unmarshal([]byte(tt.body), &id); err != nil {
				t.Fatal(err)
			}
			got, _ := json.Marshal(id)
			want, _ := json.Marshal(tt.want)
			if string(got) != string(want) {
				t.Errorf("decoded\n got %s\nwant %s", got, want)
			}
			if strings.Contains(string(got), "SECRET-TOKEN") {
				t.Error("the response's token was kept")
			}
			if id.Name() != tt.wantName || id.Provider() != tt.wantProvider {
				t.Errorf("Name, Provider = %q, %q; want %q, %q", id.Name(), id.Provider(), tt.wantName, tt.wantProvider)
			}
		})
	}
}

func TestIdentityRoundTripsInEndorsShape(t *testing.T) {
	t.Parallel()
	id := Identity{AuthenticationSource: "api-key", User: User{Meta: UserMeta{Name: "k@acme@api-key"}}, Tenants: []string{"acme"}}
	b, err := json.Marshal(id)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"authentication_source":"api-key","user":{"meta":{"name":"k@acme@api-key"}},"tenants":["acme"]}`; string(b) != want {
		t.Errorf("encoded %s, want %s", b, want)
	}
	var back Identity
	if err := json.Unmarshal(b, &back); err != nil || back.User.Meta.Name != "k@acme@api-key" || back.Tenants[0] != "acme" {
		t.Errorf("round trip: %+v, %v", back, err)
	}
}

func TestIdentityRefusesOtherUserKinds(t *testing.T) {
	t.Parallel()
	for _, body := range []string{`{"user":[1]}`, `{"user":7}`, `{"user":true}`, `{"user":{"meta":"x"}}`, `{"tenants":"acme"}`} {
		var id Identity
		if err := json.Unmarshal([]byte(body), &id); err == nil {
			t.Errorf("%s decoded: %+v", body, id)
		}
	}
}
