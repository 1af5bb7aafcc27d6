package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// APIKeyRequest is the body of POST /v1/auth/api-key.
type APIKeyRequest struct {
	Key    string `json:"key"`
	Secret string `json:"secret"`
}

// TokenResponse is the answer of POST /v1/auth/api-key. Which expiry field
// the real service sends is unknown (reference §2); ExpirationTime is what
// the emulator sends and what the client reads first.
type TokenResponse struct {
	Token          string    `json:"token"`
	ExpirationTime time.Time `json:"expiration_time,omitzero"`
}

// Identity is the answer of GET /v1/auth: who the bearer token is, in the
// shape of Endor's V1AuthenticationResponse (reference §2): the user as an
// object, the login provider in AuthenticationSource ("google", "github",
// "sso", … for a browser-issued token, "api-key" for an exchanged one) and
// the token's expiry. The response's own token field is never decoded, so
// an Identity can be printed whole.
//
// Decoding also reads the older form the emulator answered with, where user
// is a string (Endor's "name@provider" user name, kept in User.Meta.Name)
// and tenant one string; Tenants and Claims are not in Endor's model and are
// read when present.
type Identity struct {
	AuthenticationSource string    `json:"authentication_source,omitempty"`
	ExpirationTime       time.Time `json:"expiration_time,omitzero"`
	User                 User      `json:"user"`
	Tenants              []string  `json:"tenants,omitempty"`
	Claims               []string  `json:"claims,omitempty"`
}

// User is Endor's V1User, as far as an identity needs it.
type User struct {
	UUID string   `json:"uuid,omitempty"`
	Meta UserMeta `json:"meta"`
	Spec UserSpec `json:"spec,omitzero"`
}

// UserMeta is the part of V1Meta a user carries: its name is the user name
// with the login provider, e.g. jane@acme.example@google.
type UserMeta struct {
	Name string `json:"name"`
}

// UserSpec is the part of V1UserSpec an identity shows.
type UserSpec struct {
	Email     string `json:"email,omitempty"`
	UserName  string `json:"user_name,omitempty"`
	FirstName string `json:"first_name,omitempty"`
	LastName  string `json:"last_name,omitempty"`
}

// UnmarshalJSON reads both the object form of user and the older string
// form, and tenant (one string) besides tenants.
func (id *Identity) UnmarshalJSON(b []byte) error {
	var w struct {
		AuthenticationSource string          `json:"authentication_source"`
		ExpirationTime       time.Time       `json:"expiration_time"`
		User                 json.RawMessage `json:"user"`
		Tenants              []string        `json:"tenants"`
		Tenant               string          `json:"tenant"`
		Claims               []string        `json:"claims"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*id = Identity{
		AuthenticationSource: w.AuthenticationSource,
		ExpirationTime:       w.ExpirationTime,
		Tenants:              w.Tenants,
		Claims:               w.Claims,
	}
	if w.Tenant != "" && !slices.Contains(id.Tenants, w.Tenant) {
		id.Tenants = append([]string{w.Tenant}, id.Tenants...)
	}
	raw := bytes.TrimSpace(w.User)
	switch {
	case len(raw) == 0 || bytes.Equal(raw, []byte("null")):
	case raw[0] == '"':
		if err := json.Unmarshal(raw, &id.User.Meta.Name); err != nil {
			return err
		}
	case raw[0] == '{':
		if err := json.Unmarshal(raw, &id.User); err != nil {
			return fmt.Errorf("user: %w", err)
		}
	default:
		return fmt.Errorf("user: want an object or a string, got %s", jsonKind(raw[0]))
	}
	return nil
}

// Name is who the identity is, as Endor's SDK whoami reads it: the email,
// else the user name, else the user's meta.name. The server's text, not
// sanitized.
func (id *Identity) Name() string {
	for _, s := range []string{id.User.Spec.Email, id.User.Spec.UserName, id.User.Meta.Name} {
		if s != "" {
			return s
		}
	}
	return ""
}

// Provider is how the token was issued: authentication_source, else the
// provider suffix of user.meta.name (jane@acme.example@google → google),
// as Endor's SDK reads it; "" when neither says.
func (id *Identity) Provider() string {
	if id.AuthenticationSource != "" {
		return id.AuthenticationSource
	}
	name := id.User.Meta.Name
	if i := strings.LastIndexByte(name, '@'); i >= 0 {
		if p := name[i+1:]; knownProviders[p] {
			return p
		}
	}
	return ""
}

// knownProviders are the login providers a user name can end in.
var knownProviders = map[string]bool{
	"google": true, "github": true, "gitlab": true, "sso": true, "saml": true,
	"oidc": true, "email": true, "api-key": true, "x509": true,
}

func jsonKind(c byte) string {
	switch c {
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	default:
		return "a number"
	}
}

// Version is the answer of GET /meta/version.
type Version struct {
	ClientVersion  string `json:"ClientVersion"`
	ServiceVersion string `json:"ServiceVersion,omitempty"`
	ServiceSHA     string `json:"ServiceSHA,omitempty"`
}
