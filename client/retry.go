package client

import (
	"context"
	"errors"
	"math"
	"net/http"
	"time"

	"github.com/auditlog/auditlog/api"
)

// do runs r with retries and one re-authentication, and returns the body
// of a 2xx response.
func (c *Client) do(ctx context.Context, r request) (*Response, []byte, error) {
	reauthed := false
	attempts := 0
	lastNet := false // the previous attempt got no answer
	for retry := 0; ; {
		attempts++
		tok := ""
		if r.auth {
			var err error
			if tok, err = c.bearer(ctx); err != nil {
				return nil, nil, err
			}
		}
		resp, body, err := c.once(ctx, r, tok)
		if resp != nil {
			resp.Attempts = attempts
		}
		if err == nil {
			return resp, body, nil
		}
		if ctx.Err() != nil {
			return resp, nil, c.redact(err)
		}
		var ae *APIError
		if errors.As(err, &ae) && ae.Code == api.CodeUnauthenticated && r.auth && c.apiKey != "" && !reauthed {
			// A key-based token has expired: exchange the key again, once.
			reauthed = true
			c.log.DebugContext(ctx, "token rejected, exchanging the API key again", "path", r.path)
			if err := c.refresh(ctx, tok); err != nil {
				return resp, nil, err
			}
			continue
		}
		var ne *netError
		isNet := errors.As(err, &ne)
		if lastNet && !isNet {
			// The server is back (it answered, if only with a 429 or a
			// 503): that is progress, and the budget starts afresh.
			retry = 0
		}
		lastNet = isNet
		wait, ok := c.retryable(err, retry)
		if !ok || retry >= c.maxRetries {
			return resp, nil, c.redact(err)
		}
		retry++
		c.log.DebugContext(ctx, "retrying", "method", r.method, "path", r.path, "attempt", attempts, "wait", wait, "error", c.redact(err).Error())
		if c.onRetry != nil {
			c.onRetry(RetryNotice{Wait: wait, Err: c.redact(err), Attempt: attempts + 1})
		}
		if err := c.sleep(ctx, wait); err != nil {
			return resp, nil, err
		}
	}
}

// retryable says whether err is worth another attempt and how long to wait
// first: 429, 502, 503 and 504 (except the server's own deadline-exceeded,
// which would only run out again) and network errors, honouring
// Retry-After up to MaxRetryAfter; never other statuses.
func (c *Client) retryable(err error, retry int) (time.Duration, bool) {
	var ae *APIError
	if errors.As(err, &ae) {
		switch ae.HTTPStatus {
		case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable:
		case http.StatusGatewayTimeout:
			if ae.Code == api.CodeDeadlineExceeded && ae.fromServer {
				return 0, false
			}
		default:
			return 0, false
		}
		if ae.RetryAfter > 0 {
			return ae.RetryAfter, true
		}
		return c.backoff(retry), true
	}
	var ne *netError
	if errors.As(err, &ne) {
		return c.backoff(retry), true
	}
	return 0, false
}

// backoff is full-jitter exponential backoff: a random wait up to
// base·2^n, capped at maxBackoff.
func (c *Client) backoff(n int) time.Duration {
	d := float64(baseBackoff) * math.Pow(2, float64(n))
	if d > float64(maxBackoff) {
		d = float64(maxBackoff)
	}
	// Never zero, so a storm of clients does not retry in lockstep at 0.
	return time.Duration(d/2 + c.jitter()*d/2)
}
