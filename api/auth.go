package api

import "time"

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

// Identity is the answer of GET /v1/auth: who the bearer token is.
type Identity struct {
	User                 string    `json:"user,omitempty"`
	Tenant               string    `json:"tenant,omitempty"`
	Claims               []string  `json:"claims,omitempty"`
	AuthenticationSource string    `json:"authentication_source,omitempty"`
	ExpirationTime       time.Time `json:"expiration_time,omitzero"`
}

// Version is the answer of GET /meta/version.
type Version struct {
	ClientVersion  string `json:"ClientVersion"`
	ServiceVersion string `json:"ServiceVersion,omitempty"`
	ServiceSHA     string `json:"ServiceSHA,omitempty"`
}
