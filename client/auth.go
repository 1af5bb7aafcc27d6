package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/auditlog/auditlog/api"
)

// bearer returns the token to send: the static one, or the one exchanged
// from the API key (exchanging it on first use).
func (c *Client) bearer(ctx context.Context) (string, error) {
	if c.apiKey == "" {
		return c.staticToken, nil
	}
	c.mu.Lock()
	tok := c.token
	c.mu.Unlock()
	if tok != "" {
		return tok, nil
	}
	return c.exchange(ctx, "")
}

// refresh exchanges the API key again unless another goroutine already
// replaced the stale token.
func (c *Client) refresh(ctx context.Context, stale string) error {
	_, err := c.exchange(ctx, stale)
	return err
}

// exchange swaps the API key for a token at POST /v1/auth/api-key. Exchanges
// are serialised so that concurrent callers whose token expired together
// exchange once.
func (c *Client) exchange(ctx context.Context, stale string) (string, error) {
	c.exMu.Lock()
	defer c.exMu.Unlock()
	c.mu.Lock()
	cur := c.token
	c.mu.Unlock()
	if cur != "" && cur != stale {
		return cur, nil
	}
	_, body, err := c.do(ctx, request{
		method: http.MethodPost, path: "/v1/auth/api-key",
		body: api.APIKeyRequest{Key: c.apiKey, Secret: c.apiSecret},
	})
	if err != nil {
		var ae *APIError
		if errors.As(err, &ae) && ae.Code == api.CodeUnauthenticated {
			ae.Message = "the API key was rejected (check ENDOR_API_CREDENTIALS_KEY/_SECRET): " + ae.Message
		}
		return "", fmt.Errorf("exchanging the API key for a token: %w", err)
	}
	var tr api.TokenResponse
	if err := json.Unmarshal(body, &tr); err != nil || tr.Token == "" {
		return "", errors.New("exchanging the API key for a token: the answer holds no token")
	}
	c.mu.Lock()
	c.token = tr.Token
	c.mu.Unlock()
	c.log.DebugContext(ctx, "exchanged the API key for a token", "expires", tr.ExpirationTime)
	return tr.Token, nil
}
