// Package client is the REST client of the Endor Labs audit-log API.
//
// It is shaped like go-github: New(baseURL, opts...) builds a Client, every
// method takes a context first and returns the decoded value, a *Response
// and an error; failures from the server are *APIError values usable with
// errors.As. resty v2 does the HTTP work inside; no resty type crosses the
// package boundary.
//
// What resty does here: it builds and sends each request, carries the
// headers every request shares (Accept, Accept-Encoding, User-Agent), sets
// the bearer token (SetAuthToken) and applies the redirect policy that
// keeps credentials with their origin. What stays ours, and why:
//
//   - Retries: resty v2 retries neither 429 nor 5xx by default, reads
//     Retry-After only through a callback, cannot run its timer on a fake
//     clock, and knows nothing of a budget that starts afresh after
//     progress, of one re-authentication on 401, or of an address that
//     never answered (fail fast). Owning the loop keeps that policy in one
//     place, tested on a fake clock.
//   - Reading the body (gzip and the size cap): resty's reader
//     (SetResponseBodyLimit, its gzip handling) copies through a 512-byte
//     buffer into a growing slice; on a 1 MB page it allocates 2.4 times
//     the bytes ours does (2.56 MB against 1.06 MB per page, plain or
//     gzip; BenchmarkReadBody), for no gain in time. Ours pre-sizes the
//     buffer from Content-Length and returns a typed BodyTooLargeError.
//   - Errors: a non-2xx becomes an *APIError here from the body read
//     above; resty's error hooks (SetError, OnAfterResponse) run only when
//     resty reads the body itself.
//   - Token redaction and Request-Timeout: resty has neither; its debug
//     dump prints the Authorization header, so it stays off, and its
//     logger is silenced. This package logs through log/slog and never
//     logs a header.
//   - The per-call timeout: a context deadline per attempt, since resty's
//     SetTimeout is the shared http.Client's, for every call.
package client

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/safetext"
	"github.com/go-resty/resty/v2"
)

// Defaults of a new Client.
const (
	// DefaultBaseURL is the Endor Labs API, as endorctl's --api defaults to.
	DefaultBaseURL = "https://api.endorlabs.com"
	// DefaultTimeout is endorctl's default --timeout.
	DefaultTimeout = 20 * time.Second
	// DefaultMaxRetries is how many times a failed request is retried, as
	// Endor's SDK does (so at most six attempts).
	DefaultMaxRetries = 5
	// DefaultMaxBodySize caps a response body (after decompression).
	DefaultMaxBodySize = 64 << 20
	// MaxRetryAfter caps a server's Retry-After, as Endor's SDK does.
	MaxRetryAfter = 60 * time.Second

	defaultUserAgent = "auditlog"
	baseBackoff      = 500 * time.Millisecond
	maxBackoff       = 30 * time.Second
)

// Client talks to one Endor API (or the emulator). It is safe for
// concurrent use.
type Client struct {
	base        string // without a trailing slash
	rc          *resty.Client
	timeout     time.Duration
	maxRetries  int
	maxBody     int64
	userAgent   string
	log         *slog.Logger
	staticToken string
	apiKey      string
	gzip        bool
	apiSecret   string

	// sleep waits between attempts; tests replace it with a fake clock.
	sleep func(ctx context.Context, d time.Duration) error
	// jitter returns a number in [0, 1); tests make it deterministic.
	jitter func() float64
	// now is the clock Retry-After dates are measured against.
	now func() time.Time

	mu    sync.Mutex // guards token
	token string     // exchanged from the API key
	exMu  sync.Mutex // serialises key exchanges

	// archiveMode remembers how this server serves the archive: unknown,
	// the /audit-logs/archived route, or list_parameters.archive=true.
	archiveMode atomic.Int32
	// answered is set by the first HTTP answer of this run: until then a
	// refused connection or an unknown host is a wrong address, not a
	// server restarting, and is not retried.
	answered atomic.Bool
	// onRetry, when set, is told of each wait before a retry.
	onRetry func(RetryNotice)
}

// Option configures a Client.
type Option func(*Client) error

// WithToken authenticates every request with a bearer token.
func WithToken(tok string) Option {
	return func(c *Client) error {
		c.staticToken = tok
		return nil
	}
}

// WithAPIKey authenticates with an API key and secret, exchanged for a token
// at POST /v1/auth/api-key on first use and once more when the token expires.
func WithAPIKey(key, secret string) Option {
	return func(c *Client) error {
		if key == "" || secret == "" {
			return errors.New("client: API key and secret must both be set")
		}
		c.apiKey, c.apiSecret = key, secret
		return nil
	}
}

// WithHTTPClient sets the http.Client requests go through (its Timeout
// should be zero: the per-call timeout is applied through the context).
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) error {
		if hc == nil {
			return errors.New("client: nil http.Client")
		}
		c.rc = resty.NewWithClient(hc)
		return nil
	}
}

// WithTimeout sets how long one request may take (default 20 s, like
// endorctl). It is also sent to the server as the Request-Timeout header.
func WithTimeout(d time.Duration) Option {
	return func(c *Client) error {
		if d <= 0 {
			return fmt.Errorf("client: timeout must be positive, got %s", d)
		}
		c.timeout = d
		return nil
	}
}

// WithMaxRetries sets how many times a request is retried after a 429,
// 502, 503, 504 or a network error (default 5; 0 disables retries).
func WithMaxRetries(n int) Option {
	return func(c *Client) error {
		if n < 0 {
			return fmt.Errorf("client: max retries must not be negative, got %d", n)
		}
		c.maxRetries = n
		return nil
	}
}

// WithMaxBodySize caps the size of a response body after decompression
// (default 64 MiB).
func WithMaxBodySize(n int64) Option {
	return func(c *Client) error {
		if n <= 0 {
			return fmt.Errorf("client: max body size must be positive, got %d", n)
		}
		c.maxBody = n
		return nil
	}
}

// WithLogger sets the logger of requests and retries (method, path, status,
// duration; never headers or bodies). The default discards everything.
func WithLogger(l *slog.Logger) Option {
	return func(c *Client) error {
		if l != nil {
			c.log = l
		}
		return nil
	}
}

// WithCompression says whether to ask for gzip answers (default true: it
// saves time over the internet). Turn it off for a server on loopback,
// such as the in-process emulator, where compressing costs more than it
// saves.
func WithCompression(on bool) Option {
	return func(c *Client) error {
		c.gzip = on
		return nil
	}
}

// RetryNotice tells of a wait before a retry: how long, why (the error of
// the failed attempt) and which attempt comes next.
type RetryNotice struct {
	Wait    time.Duration
	Err     error
	Attempt int
}

// WithRetryNotice calls f before each wait between attempts (from the
// goroutine of the request), so that a long wait (a Retry-After of 30 s)
// can be told to the user instead of looking like a hang.
func WithRetryNotice(f func(RetryNotice)) Option {
	return func(c *Client) error {
		c.onRetry = f
		return nil
	}
}

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option {
	return func(c *Client) error {
		c.userAgent = ua
		return nil
	}
}

// New returns a Client for the API at baseURL, e.g.
// https://api.endorlabs.com or the emulator's URL.
func New(baseURL string, opts ...Option) (*Client, error) {
	if baseURL == "" {
		baseURL = DefaultBaseURL
	}
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("client: invalid API URL %q: want http(s)://host", baseURL)
	}
	if u.User != nil {
		return nil, errors.New("client: the API URL must not carry credentials")
	}
	c := &Client{
		base:       strings.TrimRight(u.String(), "/"),
		timeout:    DefaultTimeout,
		maxRetries: DefaultMaxRetries,
		maxBody:    DefaultMaxBodySize,
		userAgent:  defaultUserAgent,
		gzip:       true,
		log:        slog.New(slog.DiscardHandler),
		sleep:      sleepCtx,
		jitter:     rand.Float64,
		now:        time.Now,
	}
	for _, o := range opts {
		if err := o(c); err != nil {
			return nil, err
		}
	}
	if c.staticToken != "" && c.apiKey != "" {
		return nil, errors.New("client: use a token or an API key, not both")
	}
	if c.rc == nil {
		c.rc = resty.NewWithClient(&http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()})
	}
	// Explicitly: no resty retries (ours are below), no debug dump (it
	// prints the Authorization header), no resty logging at all.
	// Credentials stay with their origin: a redirect elsewhere is not
	// followed, and neither is one that would send a body again (a 307 or
	// 308 of the key exchange would re-post the key and secret).
	c.rc.SetRedirectPolicy(resty.RedirectPolicyFunc(c.checkRedirect))
	c.rc.SetRetryCount(0).
		SetDebug(false).
		SetLogger(discardLogger{}).
		SetDisableWarn(true).
		SetDoNotParseResponse(true)
	enc := "identity"
	if c.gzip {
		enc = "gzip"
	}
	// Accept-Encoding is set either way: left unset, net/http would ask
	// for gzip itself.
	c.rc.SetHeaders(map[string]string{
		"Accept":          "application/json",
		"Accept-Encoding": enc,
		"User-Agent":      c.userAgent,
	})
	return c, nil
}

// checkRedirect follows a redirect only to the same origin (scheme, host
// and port) and only for a request without a body; otherwise the
// redirect itself is the answer, and apiError says why it was not
// followed.
func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	first := via[0]
	if !sameOrigin(req.URL, first.URL) || first.Body != nil && first.Body != http.NoBody || first.GetBody != nil {
		return http.ErrUseLastResponse
	}
	return nil
}

func sameOrigin(a, b *url.URL) bool {
	port := func(u *url.URL) string {
		if p := u.Port(); p != "" {
			return p
		}
		if u.Scheme == "https" {
			return "443"
		}
		return "80"
	}
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Hostname(), b.Hostname()) && port(a) == port(b)
}

// BaseURL returns the API URL the client talks to.
func (c *Client) BaseURL() string { return c.base }

// Timeout returns the per-request timeout.
func (c *Client) Timeout() time.Duration { return c.timeout }

// Response is the HTTP response of a call. Its body has been read and
// closed. Tier says which store answered; for TierBoth calls it is the last
// response and Parts holds one per store.
type Response struct {
	*http.Response
	Tier Tier
	// Attempts is how many HTTP requests the call took (retries included).
	Attempts int
	// Parts holds the response of each store for a TierBoth call.
	Parts []*Response
}

// request is one API call before retries.
type request struct {
	method string
	path   string // escaped path starting with /v1/
	query  url.Values
	body   any  // JSON body, or nil
	auth   bool // send the bearer token
	tier   Tier

	timeout time.Duration // this attempt's, set by once
}

// callTimeoutKey carries a call's own per-request timeout
// (ListOptions.Timeout) in its context.
type callTimeoutKey struct{}

// withCallTimeout returns ctx carrying d as the per-request timeout of the
// call; d <= 0 keeps the client's.
func withCallTimeout(ctx context.Context, d time.Duration) context.Context {
	if d <= 0 {
		return ctx
	}
	return context.WithValue(ctx, callTimeoutKey{}, d)
}

// timeoutOf returns the per-request timeout of the call ctx belongs to.
func (c *Client) timeoutOf(ctx context.Context) time.Duration {
	if d, ok := ctx.Value(callTimeoutKey{}).(time.Duration); ok {
		return d
	}
	return c.timeout
}

// once sends r a single time.
func (c *Client) once(ctx context.Context, r request, tok string) (*Response, []byte, error) {
	r.timeout = c.timeoutOf(ctx)
	actx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()
	u := c.base + r.path
	if len(r.query) > 0 {
		u += "?" + r.query.Encode()
	}
	// Accept, Accept-Encoding and User-Agent are the resty client's
	// headers (New); the timeout is this call's.
	req := c.rc.R().SetContext(actx).
		SetHeader("Request-Timeout", strconv.Itoa(int(math.Ceil(r.timeout.Seconds()))))
	if tok != "" {
		req.SetAuthToken(tok)
	}
	if r.body != nil {
		b, err := json.Marshal(r.body)
		if err != nil {
			return nil, nil, fmt.Errorf("client: encoding request: %w", err)
		}
		req.SetHeader("Content-Type", "application/json").SetBody(b)
	}
	start := time.Now()
	res, err := req.Execute(r.method, u)
	var hr *http.Response
	if res != nil {
		hr = res.RawResponse
	}
	if err != nil || hr == nil {
		if hr != nil && hr.Body != nil {
			hr.Body.Close()
		}
		if err == nil {
			err = errors.New("no response")
		}
		return nil, nil, c.transportError(ctx, r, err)
	}
	c.answered.Store(true)
	resp := &Response{Response: hr, Tier: r.tier}
	body, rerr := c.readBody(hr)
	hr.Body = http.NoBody
	c.log.DebugContext(ctx, "request", "method", r.method, "path", r.path, "status", hr.StatusCode, "bytes", len(body), "duration", time.Since(start))
	if rerr != nil {
		var tl *BodyTooLargeError
		if errors.As(rerr, &tl) {
			tl.Method, tl.Path = r.method, r.path
			return resp, nil, tl
		}
		return resp, nil, c.transportError(ctx, r, rerr)
	}
	if hr.StatusCode < 200 || hr.StatusCode > 299 {
		return resp, nil, c.apiError(r, hr, body)
	}
	return resp, body, nil
}

// readBody reads a response body, decompressing gzip, up to maxBody bytes.
func (c *Client) readBody(hr *http.Response) ([]byte, error) {
	defer hr.Body.Close()
	var rd io.Reader = hr.Body
	if strings.EqualFold(hr.Header.Get("Content-Encoding"), "gzip") {
		zr, err := gzip.NewReader(hr.Body)
		if err != nil {
			if err == io.EOF { // an empty gzip body
				return nil, nil
			}
			return nil, fmt.Errorf("reading gzip body: %w", err)
		}
		defer zr.Close()
		rd = zr
	}
	var buf bytes.Buffer
	if hr.ContentLength > 0 && hr.ContentLength <= c.maxBody {
		buf.Grow(int(hr.ContentLength))
	}
	n, err := buf.ReadFrom(io.LimitReader(rd, c.maxBody+1))
	if err != nil {
		return nil, err
	}
	if n > c.maxBody {
		return nil, &BodyTooLargeError{Limit: c.maxBody}
	}
	return buf.Bytes(), nil
}

// transportError turns a failure to get a response into an error: the
// per-request timeout becomes a deadline-exceeded *APIError that says how
// to raise it; anything else is a retryable network error.
func (c *Client) transportError(ctx context.Context, r request, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%s %s: %w", r.method, r.path, ctx.Err())
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return &APIError{
			Code:    api.CodeDeadlineExceeded,
			Message: fmt.Sprintf("no answer within %s", r.timeout),
			Method:  r.method, Path: r.path, Timeout: r.timeout,
		}
	}
	err = stripURL(err)
	if !c.answered.Load() && unreachable(err) {
		return &UnreachableError{URL: c.base, Err: err}
	}
	return &netError{method: r.method, path: r.path, err: err}
}

// unreachable reports whether err says that no server is at the address:
// the host is unknown, or nothing listens, or there is no route to it.
func unreachable(err error) bool {
	var dns *net.DNSError
	return errors.As(err, &dns) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.EHOSTUNREACH) || errors.Is(err, syscall.ENETUNREACH)
}

// UnreachableError reports an API address where no server answers (an
// unknown host, a refused connection) before any answer came in this run:
// a wrong ENDOR_API rather than a restart, so it is not retried.
type UnreachableError struct {
	URL string
	Err error
}

func (e *UnreachableError) Error() string {
	return fmt.Sprintf("no server answers at %s (%s): check %s (or --api) and that the host is reachable from here",
		safetext.Sanitize(e.URL), safetext.Sanitize(e.Err.Error()), EnvAPI)
}

func (e *UnreachableError) Unwrap() error { return e.Err }

// stripURL drops the *url.Error wrapper, whose text repeats the whole URL
// with its query string.
func stripURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// netError is a failure below HTTP (refused, reset, truncated body).
type netError struct {
	method, path string
	err          error
}

func (e *netError) Error() string {
	return fmt.Sprintf("%s %s: %s", e.method, safetext.Sanitize(e.path), safetext.Sanitize(e.err.Error()))
}
func (e *netError) Unwrap() error { return e.err }

// Timeout reports whether the error is a network timeout.
func (e *netError) Timeout() bool {
	var te interface{ Timeout() bool }
	return errors.As(e.err, &te) && te.Timeout()
}

// redact removes the credentials this client knows from an error's text;
// a server that echoes the Authorization header back in a message must
// not leak it through us.
func (c *Client) redact(err error) error {
	if err == nil {
		return nil
	}
	secrets := []string{c.staticToken, c.apiSecret, c.apiKey}
	c.mu.Lock()
	secrets = append(secrets, c.token)
	c.mu.Unlock()
	var ae *APIError
	if errors.As(err, &ae) {
		for _, s := range secrets {
			if len(s) >= 4 {
				ae.Message = strings.ReplaceAll(ae.Message, s, "[REDACTED]")
			}
		}
		return err
	}
	msg := err.Error()
	leaked := false
	for _, s := range secrets {
		if len(s) >= 4 && strings.Contains(msg, s) {
			msg = strings.ReplaceAll(msg, s, "[REDACTED]")
			leaked = true
		}
	}
	if leaked {
		return errors.New(msg)
	}
	return err
}

// sleepCtx waits for d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// discardLogger silences resty.
type discardLogger struct{}

func (discardLogger) Errorf(string, ...any) {}
func (discardLogger) Warnf(string, ...any)  {}
func (discardLogger) Debugf(string, ...any) {}
