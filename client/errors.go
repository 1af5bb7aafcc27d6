package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/safetext"
)

// APIError is an error answer of the API (or a request that ran out of
// time). It is usable with errors.As.
type APIError struct {
	// Code is the grpc status code: from the body when it is a
	// google.rpc.Status, otherwise derived from the HTTP status.
	Code api.Code
	// HTTPStatus is the HTTP status of the answer; 0 when no answer came.
	HTTPStatus int
	// Message is the server's message with HTML entities decoded (the
	// service escapes quotes as &#34;).
	Message string
	// Method and Path name the request (the path holds no credentials).
	Method, Path string
	// RetryAfter is the server's Retry-After, capped at MaxRetryAfter.
	RetryAfter time.Duration
	// Timeout is the per-request timeout when the error is a deadline.
	Timeout time.Duration

	fromServer bool // the body was a google.rpc.Status
}

// Error reads like endorctl's `ERROR deadline-exceeded: …`, with the
// request and, for deadlines, how to allow more time. The server's message
// is attacker-controlled text: it is passed through safetext.Sanitize, so
// that the error can be printed on a terminal as it is.
func (e *APIError) Error() string {
	var b strings.Builder
	if e.Method != "" {
		fmt.Fprintf(&b, "%s %s: ", e.Method, safetext.Sanitize(e.Path))
	}
	if e.HTTPStatus != 0 {
		fmt.Fprintf(&b, "%d ", e.HTTPStatus)
	}
	b.WriteString(e.Code.String())
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(safetext.Sanitize(e.Message))
	}
	if e.Code == api.CodeDeadlineExceeded {
		t := e.Timeout
		if t <= 0 {
			t = DefaultTimeout
		}
		fmt.Fprintf(&b, " (the query ran past the %s timeout: raise it with --timeout, e.g. --timeout %s, or narrow the filter)", t, suggestTimeout(t))
	}
	return b.String()
}

func suggestTimeout(t time.Duration) time.Duration {
	s := 3 * t
	if s < time.Minute {
		s = time.Minute
	}
	return s.Round(time.Second)
}

// BodyTooLargeError reports a response body over the client's cap.
type BodyTooLargeError struct {
	Limit        int64
	Method, Path string
}

func (e *BodyTooLargeError) Error() string {
	return fmt.Sprintf("%s %s: the response is larger than the %d MiB limit; ask for smaller pages (--page-size) or a field mask",
		e.Method, safetext.Sanitize(e.Path), e.Limit>>20)
}

// DecodeError reports an answer that is not the JSON expected (malformed
// or truncated).
type DecodeError struct {
	Method, Path string
	Err          error
}

// Error quotes the decoder's complaint, which may quote the server's
// bytes, through safetext.Sanitize.
func (e *DecodeError) Error() string {
	return fmt.Sprintf("%s %s: the server's answer is not valid JSON: %s", e.Method, safetext.Sanitize(e.Path), safetext.Sanitize(e.Err.Error()))
}

func (e *DecodeError) Unwrap() error { return e.Err }

// IsUnauthenticated reports whether err is a 401 / code 16 answer.
func IsUnauthenticated(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && (ae.Code == api.CodeUnauthenticated || ae.HTTPStatus == http.StatusUnauthorized)
}

// IsNotFound reports whether err is a 404 / code 5 answer.
func IsNotFound(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && (ae.Code == api.CodeNotFound || ae.HTTPStatus == http.StatusNotFound)
}

// IsDeadlineExceeded reports whether err is a deadline: the server's code 4
// or no answer within the per-request timeout.
func IsDeadlineExceeded(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.Code == api.CodeDeadlineExceeded
}

// apiError builds the error of a non-2xx answer.
func (c *Client) apiError(r request, hr *http.Response, body []byte) error {
	e := &APIError{HTTPStatus: hr.StatusCode, Method: r.method, Path: r.path}
	var st struct {
		Code    *api.Code `json:"code"`
		Message string    `json:"message"`
		Error   string    `json:"error"`
	}
	if json.Unmarshal(body, &st) == nil && st.Code != nil {
		e.fromServer = true
		e.Code = *st.Code
		e.Message = html.UnescapeString(st.Message)
	} else {
		e.Code = codeForStatus(hr.StatusCode)
		// A proxy's HTML page or plain text: name the status, not the page.
		e.Message = http.StatusText(hr.StatusCode)
		if ct := hr.Header.Get("Content-Type"); strings.HasPrefix(ct, "text/plain") && len(body) > 0 && len(body) <= 200 {
			e.Message = strings.TrimSpace(string(body))
		}
	}
	if hr.StatusCode >= 300 && hr.StatusCode < 400 {
		where := "elsewhere"
		if loc, err := hr.Location(); err == nil {
			where = loc.Scheme + "://" + loc.Host
		}
		e.Message = fmt.Sprintf("the server redirects to %s; not followed, so that the credentials stay with %s: set %s to the address that answers", where, c.base, EnvAPI)
	}
	if hr.StatusCode == http.StatusRequestURITooLong {
		// The query string carries the filter: it is what grew.
		e.Code = api.CodeInvalidArgument
		e.Message = fmt.Sprintf("the filter is too long for the server (a %d-byte request): shorten it, or split it into several queries", requestSize(hr))
	}
	e.RetryAfter = parseRetryAfter(hr.Header.Get("Retry-After"), c.now())
	if e.Code == api.CodeDeadlineExceeded {
		e.Timeout = r.timeout
	}
	return e
}

func requestSize(hr *http.Response) int {
	if hr.Request == nil || hr.Request.URL == nil {
		return 0
	}
	return len(hr.Request.URL.String())
}

// IsInvalidArgument reports whether err is the server refusing the
// request's input (a 400 / code 3: a filter, a field, a page size; or a
// 414, a filter too long).
func IsInvalidArgument(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.HTTPStatus != 0 &&
		(ae.Code == api.CodeInvalidArgument || ae.HTTPStatus == http.StatusBadRequest || ae.HTTPStatus == http.StatusRequestURITooLong)
}

// codeForStatus maps an HTTP status to the grpc code grpc-gateway would
// have sent with it.
func codeForStatus(s int) api.Code {
	switch s {
	case http.StatusBadRequest:
		return api.CodeInvalidArgument
	case http.StatusUnauthorized:
		return api.CodeUnauthenticated
	case http.StatusForbidden:
		return api.CodePermissionDenied
	case http.StatusNotFound:
		return api.CodeNotFound
	case http.StatusConflict:
		return api.CodeAlreadyExists
	case http.StatusTooManyRequests:
		return api.CodeResourceExhausted
	case http.StatusNotImplemented:
		return api.CodeUnimplemented
	case http.StatusServiceUnavailable, http.StatusBadGateway:
		return api.CodeUnavailable
	case http.StatusGatewayTimeout, http.StatusRequestTimeout:
		return api.CodeDeadlineExceeded
	}
	if s >= 500 {
		return api.CodeInternal
	}
	return api.CodeUnknown
}

// parseRetryAfter reads delta-seconds or an HTTP-date, capped at
// MaxRetryAfter; 0 when absent or unreadable.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	var d time.Duration
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n <= 0 {
			return 0
		}
		if n > int64(MaxRetryAfter/time.Second) {
			return MaxRetryAfter
		}
		d = time.Duration(n) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
		if d <= 0 {
			return 0
		}
	} else {
		return 0
	}
	return min(d, MaxRetryAfter)
}
