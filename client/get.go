package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/filters"
)

// Get returns one entry by uuid. When the active store does not have it
// (404), it is looked for with a uuid filter and traverse in both stores,
// as Endor's SDK falls back on 404; the original 404 is returned when
// neither has it.
func (c *Client) Get(ctx context.Context, namespace, uuid string) (*Entry, *Response, error) {
	base, err := nsPath(namespace)
	if err != nil {
		return nil, nil, err
	}
	if uuid == "" || strings.ContainsAny(uuid, "/?#") {
		return nil, nil, fmt.Errorf("client: invalid uuid %q", uuid)
	}
	resp, body, err := c.do(ctx, request{method: http.MethodGet, path: base + "/" + url.PathEscape(uuid), auth: true, tier: TierActive})
	if err == nil {
		e := &Entry{Tier: TierActive, Raw: json.RawMessage(body)}
		if err := json.Unmarshal(body, &e.AuditLog); err != nil {
			return nil, resp, &DecodeError{Method: http.MethodGet, Path: resp.Request.URL.Path, Err: err}
		}
		return e, resp, nil
	}
	if !IsNotFound(err) {
		return nil, resp, err
	}
	p := api.ListParameters{Filter: "uuid==" + QuoteFilterString(uuid), Traverse: true, PageSize: 1}
	for _, t := range []Tier{TierActive, TierArchive} {
		page, r2, lerr := c.listTier(ctx, namespace, t, p, "")
		if lerr != nil {
			if IsNotFound(lerr) {
				continue
			}
			return nil, r2, lerr
		}
		for i := range page.Entries {
			if page.Entries[i].UUID == uuid {
				return &page.Entries[i], r2, nil
			}
		}
	}
	return nil, resp, err
}

// QuoteFilterString quotes s as a string of the filter language, the way
// the filters printer does, so that any value (a uuid typed by a user, a
// claim with quotes or control characters) parses back unchanged.
func QuoteFilterString(s string) string {
	return (&filters.String{Value: s}).String()
}

// Whoami returns the identity of the credentials (GET /v1/auth).
func (c *Client) Whoami(ctx context.Context) (*api.Identity, *Response, error) {
	resp, body, err := c.do(ctx, request{method: http.MethodGet, path: "/v1/auth", auth: true})
	if err != nil {
		return nil, resp, err
	}
	var id api.Identity
	if err := json.Unmarshal(body, &id); err != nil {
		return nil, resp, &DecodeError{Method: http.MethodGet, Path: "/v1/auth", Err: err}
	}
	return &id, resp, nil
}
