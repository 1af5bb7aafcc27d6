package client

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/auditlog/auditlog/api"
)

// CreateAuditLog records an entry in namespace ns with Endor's
// AuditLogService_CreateAuditLog (POST /v1/namespaces/{ns}/audit-logs,
// reference §3) and returns the entry as the server stored it (its uuid
// and create time are the server's). The body is the AuditLog without its
// uuid and tenant_meta, which the server sets from the path. Like every
// call it is retried after a 429 or 503 answer or a network error; after
// a network error the first attempt may have been stored, so a retry can
// record the entry twice (following and tests tolerate that: entries are
// de-duplicated by uuid, and the server gives each its own).
func (c *Client) CreateAuditLog(ctx context.Context, ns string, e api.AuditLog) (*Entry, *Response, error) {
	base, err := nsPath(ns)
	if err != nil {
		return nil, nil, err
	}
	if e.Spec.Operation == "" {
		return nil, nil, errors.New("client: CreateAuditLog needs spec.operation")
	}
	body := struct {
		Meta api.Meta         `json:"meta"`
		Spec api.AuditLogSpec `json:"spec"`
	}{e.Meta, e.Spec}
	resp, raw, err := c.do(ctx, request{method: http.MethodPost, path: base, body: body, auth: true, tier: TierActive})
	if err != nil {
		return nil, resp, err
	}
	out := &Entry{Tier: TierActive, Raw: json.RawMessage(raw)}
	if err := json.Unmarshal(raw, &out.AuditLog); err != nil {
		return nil, resp, &DecodeError{Method: http.MethodPost, Path: resp.Request.URL.Path, Err: err}
	}
	return out, resp, nil
}
