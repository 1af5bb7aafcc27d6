package client

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/auditlog/auditlog/api"
)

const testToken = "tok-SECRET-5f1c2a9b"

// fakeClock records the waits of the backoff instead of sleeping.
type fakeClock struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (f *fakeClock) sleep(ctx context.Context, d time.Duration) error {
	f.mu.Lock()
	f.waits = append(f.waits, d)
	f.mu.Unlock()
	return ctx.Err()
}

func (f *fakeClock) Waits() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.waits...)
}

// fixture is an httptest server with a mux, a client on it whose backoff
// runs on a fake clock, and the client's debug log.
type fixture struct {
	mux    *http.ServeMux
	server *httptest.Server
	client *Client
	clock  *fakeClock
	logs   *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func setup(t *testing.T, opts ...Option) *fixture {
	t.Helper()
	f := &fixture{mux: http.NewServeMux(), clock: &fakeClock{}, logs: &syncBuffer{}}
	f.server = httptest.NewServer(f.mux)
	t.Cleanup(f.server.Close)
	logger := slog.New(slog.NewTextHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	all := append([]Option{WithToken(testToken), WithLogger(logger)}, opts...)
	c, err := New(f.server.URL, all...)
	if err != nil {
		t.Fatal(err)
	}
	c.sleep = f.clock.sleep
	c.jitter = func() float64 { return 0.5 }
	f.client = c
	return f
}

// assertNoSecret fails when the token (or any given secret) appears in the
// client's log or in the error text.
func (f *fixture) assertNoSecret(t *testing.T, err error, secrets ...string) {
	t.Helper()
	secrets = append(secrets, testToken)
	for _, s := range secrets {
		if strings.Contains(f.logs.String(), s) {
			t.Errorf("the log contains the secret %q:\n%s", s, f.logs.String())
		}
		if err != nil && strings.Contains(err.Error(), s) {
			t.Errorf("the error contains the secret %q: %v", s, err)
		}
	}
}

func testMethod(t *testing.T, r *http.Request, want string) {
	t.Helper()
	if r.Method != want {
		t.Errorf("method = %s, want %s", r.Method, want)
	}
}

// testQuery checks that the request's query holds exactly want.
func testQuery(t *testing.T, r *http.Request, want map[string]string) {
	t.Helper()
	got := r.URL.Query()
	for k, v := range want {
		if got.Get(k) != v {
			t.Errorf("query %s = %q, want %q", k, got.Get(k), v)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("unexpected query key %s=%q", k, got.Get(k))
		}
	}
}

func testHeader(t *testing.T, r *http.Request, key, want string) {
	t.Helper()
	if got := r.Header.Get(key); got != want {
		t.Errorf("header %s = %q, want %q", key, got, want)
	}
}

// entry is a compact AuditLog for tests.
func entry(uuid string, at time.Time, ns string) string {
	b, _ := json.Marshal(map[string]any{
		"uuid":        uuid,
		"meta":        map[string]any{"name": "n-" + uuid, "kind": "AuditLog", "create_time": at.Format(time.RFC3339Nano)},
		"spec":        map[string]any{"operation": "OPERATION_CREATE", "message_uuid": "m-" + uuid},
		"tenant_meta": map[string]any{"namespace": ns},
	})
	return string(b)
}

func listBody(next string, objs ...string) string {
	resp := "{}"
	if next != "" {
		resp = fmt.Sprintf(`{"next_page_id":%q}`, next)
	}
	return fmt.Sprintf(`{"list":{"objects":[%s],"response":%s}}`, strings.Join(objs, ","), resp)
}

func writeStatus(w http.ResponseWriter, code api.Code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code.HTTPStatus())
	json.NewEncoder(w).Encode(api.NewStatus(code, msg))
}

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func TestListSendsTheRequestEndorExpects(t *testing.T) {
	t.Parallel()
	f := setup(t, WithTimeout(45*time.Second), WithUserAgent("auditlog-test"))
	body := listBody("u2", entry("u1", t0, "acme.prod"), entry("u2", t0.Add(time.Second), "acme.prod"))
	f.mux.HandleFunc("/v1/namespaces/acme/audit-logs", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testQuery(t, r, map[string]string{
			"list_parameters.filter":     "spec.operation==OPERATION_CREATE",
			"list_parameters.page_size":  "2",
			"list_parameters.traverse":   "true",
			"list_parameters.sort.path":  "meta.create_time",
			"list_parameters.sort.order": api.SortOrderDesc,
			"list_parameters.mask":       "uuid,meta",
			"list_parameters.page_id":    "u0",
		})
		testHeader(t, r, "Authorization", "Bearer "+testToken)
		testHeader(t, r, "Request-Timeout", "45")
		testHeader(t, r, "User-Agent", "auditlog-test")
		testHeader(t, r, "Accept-Encoding", "gzip")
		fmt.Fprint(w, body)
	})
	page, resp, err := f.client.List(context.Background(), ListOptions{
		Namespace: "acme",
		ListParameters: api.ListParameters{
			Filter: "spec.operation==OPERATION_CREATE", PageSize: 2, Traverse: true, Mask: "uuid,meta",
			Sort: api.Sort{Path: "meta.create_time", Order: api.SortOrderDesc},
		},
		Cursor: "u0",
	})
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || resp.Tier != TierActive || resp.Attempts != 1 {
		t.Errorf("response = %d %v attempts %d", resp.StatusCode, resp.Tier, resp.Attempts)
	}
	if len(page.Entries) != 2 || page.NextCursor != "u2" {
		t.Fatalf("page = %d entries, next %q", len(page.Entries), page.NextCursor)
	}
	e := page.Entries[0]
	if e.UUID != "u1" || e.Tier != TierActive || e.TenantMeta.Namespace != "acme.prod" || !e.Meta.CreateTime.Equal(t0) {
		t.Errorf("entry = %+v", e)
	}
	if want := entry("u1", t0, "acme.prod"); string(e.Raw) != want {
		t.Errorf("Raw = %s, want the server's bytes %s", e.Raw, want)
	}
	f.assertNoSecret(t, nil)
}

func TestNextPageTokenOnlyBecomesAnOffsetCursor(t *testing.T) {
	t.Parallel()
	f := setup(t)
	var calls atomic.Int32
	f.mux.HandleFunc("/v1/namespaces/acme/audit-logs", func(w http.ResponseWriter, r *http.Request) {
		switch calls.Add(1) {
		case 1:
			testQuery(t, r, map[string]string{})
			fmt.Fprintf(w, `{"list":{"objects":[%s],"response":{"next_page_token":"1"}}}`, entry("a", t0, "acme"))
		default:
			testQuery(t, r, map[string]string{"list_parameters.page_token": "1"})
			fmt.Fprintf(w, `{"list":{"objects":[%s],"response":{}}}`, entry("b", t0, "acme"))
		}
	})
	var got []string
	for e, err := range f.client.All(context.Background(), ListOptions{Namespace: "acme"}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, e.UUID)
	}
	if strings.Join(got, ",") != "a,b" {
		t.Errorf("got %v", got)
	}
}

func TestFaults(t *testing.T) {
	t.Parallel()
	type outcome struct {
		err      func(error) bool // nil: success expected
		attempts int32
		// upTo: attempts is at most (a busy machine may hit a short
		// deadline before the request reaches the server)
		upTo     bool
		waits    []time.Duration
		contains []string // in the error text
	}
	isAPI := func(code api.Code, status int) func(error) bool {
		return func(err error) bool {
			var ae *APIError
			return errors.As(err, &ae) && ae.Code == code && ae.HTTPStatus == status
		}
	}
	tests := []struct {
		name    string
		opts    []Option
		handler func(n int32, w http.ResponseWriter, r *http.Request) // n is the attempt, from 1
		want    outcome
	}{
		{
			name: "429 with Retry-After seconds, then success",
			handler: func(n int32, w http.ResponseWriter, r *http.Request) {
				if n == 1 {
					w.Header().Set("Retry-After", "7")
					writeStatus(w, api.CodeResourceExhausted, "slow down")
					return
				}
				fmt.Fprint(w, listBody("", entry("a", t0, "acme")))
			},
			want: outcome{attempts: 2, waits: []time.Duration{7 * time.Second}},
		},
		{
			name: "429 with a Retry-After date, then success",
			handler: func(n int32, w http.ResponseWriter, r *http.Request) {
				if n == 1 {
					w.Header().Set("Retry-After", time.Now().Add(30*time.Second).UTC().Format(http.TimeFormat))
					w.WriteHeader(http.StatusTooManyRequests)
					return
				}
				fmt.Fprint(w, listBody("", entry("a", t0, "acme")))
			},
			want: outcome{attempts: 2}, // wait checked below: about 30 s
		},
		{
			name: "Retry-After is capped at 60 s",
			handler: func(n int32, w http.ResponseWriter, r *http.Request) {
				if n == 1 {
					w.Header().Set("Retry-After", "86400")
					w.WriteHeader(http.StatusServiceUnavailable)
					return
				}
				fmt.Fprint(w, listBody(""))
			},
			want: outcome{attempts: 2, waits: []time.Duration{60 * time.Second}},
		},
		{
			name: "503 then success, jittered backoff",
			handler: func(n int32, w http.ResponseWriter, r *http.Request) {
				if n == 1 {
					writeStatus(w, api.CodeUnavailable, "try later")
					return
				}
				fmt.Fprint(w, listBody(""))
			},
			want: outcome{attempts: 2, waits: []time.Duration{375 * time.Millisecond}},
		},
		{
			name: "502 every time: bounded attempts",
			opts: []Option{WithMaxRetries(3)},
			handler: func(n int32, w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(http.StatusBadGateway)
				fmt.Fprint(w, "<html><body>bad gateway</body></html>")
			},
			want: outcome{
				err: isAPI(api.CodeUnavailable, 502), attempts: 4,
				waits:    []time.Duration{375 * time.Millisecond, 750 * time.Millisecond, 1500 * time.Millisecond},
				contains: []string{"502 unavailable: Bad Gateway"},
			},
		},
		{
			name: "504 code 4 is not retried and names --timeout",
			handler: func(n int32, w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusGatewayTimeout)
				fmt.Fprint(w, `{"code":4,"message":"context deadline exceeded","details":[]}`)
			},
			want: outcome{
				err: isAPI(api.CodeDeadlineExceeded, 504), attempts: 1,
				contains: []string{"deadline-exceeded: context deadline exceeded", "--timeout"},
			},
		},
		{
			name: "504 from a proxy is retried",
			handler: func(n int32, w http.ResponseWriter, r *http.Request) {
				if n == 1 {
					w.WriteHeader(http.StatusGatewayTimeout)
					return
				}
				fmt.Fprint(w, listBody(""))
			},
			want: outcome{attempts: 2, waits: []time.Duration{375 * time.Millisecond}},
		},
		{
			name: "400 is not retried; the message is HTML-unescaped",
			handler: func(n int32, w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(400)
				fmt.Fprint(w, `{"code":3,"message":"mask: proto: invalid path &#34;uui&#34; for message &#34;AuditLog&#34;","details":[{"@type":"type.googleapis.com/internal.endor.ai.rpc.v1.HTTPErrorInfo","status_code":400}]}`)
			},
			want: outcome{
				err: isAPI(api.CodeInvalidArgument, 400), attempts: 1,
				contains: []string{`invalid path "uui" for message "AuditLog"`},
			},
		},
		{
			name: "403 is not retried",
			handler: func(n int32, w http.ResponseWriter, r *http.Request) {
				writeStatus(w, api.CodePermissionDenied, "Unauthorized request for given endpoint")
			},
			want: outcome{err: isAPI(api.CodePermissionDenied, 403), attempts: 1},
		},
		{
			name: "a server echoing the token back has it redacted",
			handler: func(n int32, w http.ResponseWriter, r *http.Request) {
				writeStatus(w, api.CodeUnauthenticated, "Invalid authorization header: "+r.Header.Get("Authorization"))
			},
			want: outcome{err: IsUnauthenticated, attempts: 1, contains: []string{"[REDACTED]"}},
		},
		{
			name: "malformed JSON",
			handler: func(n int32, w http.ResponseWriter, r *http.Request) {
				fmt.Fprint(w, `{"list":{"objects":[{"uuid":"a",}]}}`)
			},
			want: outcome{err: func(err error) bool { var d *DecodeError; return errors.As(err, &d) }, attempts: 1, contains: []string{"not valid JSON"}},
		},
		{
			name: "truncated JSON",
			handler: func(n int32, w http.ResponseWriter, r *http.Request) {
				b := listBody("", entry("a", t0, "acme"))
				fmt.Fprint(w, b[:len(b)/2])
			},
			want: outcome{err: func(err error) bool { var d *DecodeError; return errors.As(err, &d) }, attempts: 1, contains: []string{"not valid JSON", "unexpected EOF"}},
		},
		{
			name: "a body larger than the cap",
			opts: []Option{WithMaxBodySize(1 << 20)},
			handler: func(n int32, w http.ResponseWriter, r *http.Request) {
				objs := make([]string, 0, 6000)
				for i := range 6000 {
					objs = append(objs, entry(fmt.Sprintf("%024x", i), t0, "acme"))
				}
				fmt.Fprint(w, listBody("", objs...))
			},
			want: outcome{
				err:      func(err error) bool { var b *BodyTooLargeError; return errors.As(err, &b) },
				attempts: 1, contains: []string{"larger than the 1 MiB limit", "--page-size"},
			},
		},
		{
			name: "a gzip body is decoded",
			handler: func(n int32, w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Encoding", "gzip")
				zw := gzip.NewWriter(w)
				fmt.Fprint(zw, listBody("", entry("a", t0, "acme")))
				zw.Close()
			},
			want: outcome{attempts: 1},
		},
		{
			name: "a connection dropped mid-answer is retried",
			handler: func(n int32, w http.ResponseWriter, r *http.Request) {
				if n == 1 {
					conn, _, err := w.(http.Hijacker).Hijack()
					if err == nil {
						fmt.Fprint(conn, "HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n{\"list\":")
						conn.Close()
					}
					return
				}
				fmt.Fprint(w, listBody(""))
			},
			want: outcome{attempts: 2, waits: []time.Duration{375 * time.Millisecond}},
		},
		{
			name: "a server that never answers: the per-request timeout fires",
			opts: []Option{WithTimeout(50 * time.Millisecond)},
			handler: func(n int32, w http.ResponseWriter, r *http.Request) {
				<-r.Context().Done()
			},
			want: outcome{err: IsDeadlineExceeded, attempts: 1, upTo: true, contains: []string{"no answer within 50ms", "--timeout"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := setup(t, tt.opts...)
			var n atomic.Int32
			f.mux.HandleFunc("/v1/namespaces/acme/audit-logs", func(w http.ResponseWriter, r *http.Request) {
				tt.handler(n.Add(1), w, r)
			})
			_, _, err := f.client.List(context.Background(), ListOptions{Namespace: "acme"})
			if tt.want.err == nil && err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if tt.want.err != nil && (err == nil || !tt.want.err(err)) {
				t.Fatalf("error = %v (%T)", err, err)
			}
			if got := n.Load(); got != tt.want.attempts && !(tt.want.upTo && got < tt.want.attempts) {
				t.Errorf("attempts = %d, want %d", got, tt.want.attempts)
			}
			waits := f.clock.Waits()
			if tt.want.waits != nil && fmt.Sprint(waits) != fmt.Sprint(tt.want.waits) {
				t.Errorf("waits = %v, want %v", waits, tt.want.waits)
			}
			if strings.Contains(tt.name, "Retry-After date") && (len(waits) != 1 || waits[0] < 25*time.Second || waits[0] > 31*time.Second) {
				t.Errorf("waits = %v, want about 30s", waits)
			}
			for _, s := range tt.want.contains {
				if err == nil || !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not contain %q", err, s)
				}
			}
			f.assertNoSecret(t, err)
		})
	}
}

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name, in string
		want     time.Duration
	}{
		{"empty", "", 0},
		{"seconds", "3", 3 * time.Second},
		{"zero", "0", 0},
		{"negative", "-5", 0},
		{"capped", "61", MaxRetryAfter},
		{"date", now.Add(10 * time.Second).Format(http.TimeFormat), 10 * time.Second},
		{"date in the past", now.Add(-time.Hour).Format(http.TimeFormat), 0},
		{"date far ahead", now.Add(time.Hour).Format(http.TimeFormat), MaxRetryAfter},
		{"garbage", "soon", 0},
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.in, now); got != tt.want {
			t.Errorf("%s: parseRetryAfter(%q) = %v, want %v", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestReauthenticatesOnceWithTheAPIKey(t *testing.T) {
	t.Parallel()
	const key, secret = "endr+KEY123456", "endr+SECRET7890"
	tests := []struct {
		name          string
		rejectAlways  bool
		wantErr       bool
		wantExchanges int32
		wantLists     int32
	}{
		{name: "expired token: exchange again and retry once", wantExchanges: 2, wantLists: 4},
		{name: "still rejected: give up after one re-authentication", rejectAlways: true, wantErr: true, wantExchanges: 2, wantLists: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := setup(t)
			c, err := New(f.server.URL, WithAPIKey(key, secret), WithLogger(slog.New(slog.NewTextHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
			if err != nil {
				t.Fatal(err)
			}
			c.sleep = f.clock.sleep
			var exchanges, lists atomic.Int32
			f.mux.HandleFunc("POST /v1/auth/api-key", func(w http.ResponseWriter, r *http.Request) {
				var req api.APIKeyRequest
				if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.Key != key || req.Secret != secret {
					writeStatus(w, api.CodeUnauthenticated, "bad key")
					return
				}
				n := exchanges.Add(1)
				json.NewEncoder(w).Encode(api.TokenResponse{Token: fmt.Sprintf("%s-%d", testToken, n)})
			})
			f.mux.HandleFunc("GET /v1/namespaces/acme/audit-logs", func(w http.ResponseWriter, r *http.Request) {
				n := lists.Add(1)
				// The first token works once, then "expires".
				if tt.rejectAlways && n > 1 || !tt.rejectAlways && n == 2 {
					writeStatus(w, api.CodeUnauthenticated, "Invalid authorization header: Bearer")
					return
				}
				fmt.Fprint(w, listBody(""))
			})
			ctx := context.Background()
			if _, _, err := c.List(ctx, ListOptions{Namespace: "acme"}); err != nil {
				t.Fatal(err)
			}
			_, _, err = c.List(ctx, ListOptions{Namespace: "acme"})
			if (err != nil) != tt.wantErr {
				t.Fatalf("error = %v", err)
			}
			if tt.wantErr && !IsUnauthenticated(err) {
				t.Errorf("error %v is not unauthenticated", err)
			}
			if !tt.wantErr {
				if _, _, err := c.List(ctx, ListOptions{Namespace: "acme"}); err != nil {
					t.Fatal(err)
				}
			}
			if exchanges.Load() != tt.wantExchanges || lists.Load() != tt.wantLists {
				t.Errorf("exchanges = %d, lists = %d; want %d, %d", exchanges.Load(), lists.Load(), tt.wantExchanges, tt.wantLists)
			}
			f.assertNoSecret(t, err, key, secret, testToken+"-1", testToken+"-2")
		})
	}
}

func TestBadAPIKeyIsReported(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.mux.HandleFunc("POST /v1/auth/api-key", func(w http.ResponseWriter, r *http.Request) {
		writeStatus(w, api.CodeUnauthenticated, "invalid credentials")
	})
	c, err := New(f.server.URL, WithAPIKey("endr+KEYxyz", "endr+SECRETxyz"))
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = c.List(context.Background(), ListOptions{Namespace: "acme"})
	if !IsUnauthenticated(err) || !strings.Contains(err.Error(), "API key was rejected") {
		t.Fatalf("error = %v", err)
	}
	f.assertNoSecret(t, err, "endr+KEYxyz", "endr+SECRETxyz")
}

func TestAllStopsOnARepeatedCursor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		pages    []string // answers in order; the last one repeats
		want     string
		repeated bool // the walk ends with ErrRepeatedCursor
	}{
		{"the same cursor again", []string{listBody("c1", entry("a", t0, "x")), listBody("c1", entry("b", t0, "x"))}, "a,b", true},
		{"a cycle of two cursors", []string{listBody("c1", entry("a", t0, "x")), listBody("c2", entry("b", t0, "x")), listBody("c1", entry("c", t0, "x"))}, "a,b,c", true},
		{"an empty page with a cursor", []string{listBody("c1", entry("a", t0, "x")), listBody("c2")}, "a", false},
		{"an empty cursor", []string{listBody("", entry("a", t0, "x"))}, "a", false},
		{"an empty result as {}", []string{`{}`}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := setup(t)
			var n atomic.Int32
			f.mux.HandleFunc("/v1/namespaces/x/audit-logs", func(w http.ResponseWriter, r *http.Request) {
				i := int(n.Add(1)) - 1
				if i > 10 {
					t.Error("the iterator loops")
					w.WriteHeader(500)
					return
				}
				fmt.Fprint(w, tt.pages[min(i, len(tt.pages)-1)])
			})
			opts := ListOptions{Namespace: "x"}
			var got []string
			var last error
			for e, err := range f.client.All(context.Background(), opts) {
				if err != nil {
					last = err
					break
				}
				got = append(got, e.UUID)
			}
			if errors.Is(last, ErrRepeatedCursor) != tt.repeated || (last != nil && !tt.repeated) {
				t.Errorf("err = %v, want a repeated cursor: %v", last, tt.repeated)
			}
			if strings.Join(got, ",") != tt.want {
				t.Errorf("got %v, want %s", got, tt.want)
			}
			if opts.Cursor != "" {
				t.Error("All changed the options")
			}
		})
	}
}

func TestArchiveFallsBackToTheArchiveParameterOnce(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		route      func(w http.ResponseWriter) // the /archived route
		wantRoutes int32                       // requests to /archived after several calls
		wantParams int32                       // requests with archive=true
	}{
		{"the documented route works", func(w http.ResponseWriter) { fmt.Fprint(w, listBody("", entry("old", t0, "acme"))) }, 4, 0},
		{"404 code 5: fall back, remember", func(w http.ResponseWriter) { writeStatus(w, api.CodeNotFound, "not found") }, 1, 4},
		{"an HTML 404 page: fall back, remember", func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(404)
			fmt.Fprint(w, "<html>404 page not found</html>")
		}, 1, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := setup(t)
			var routes, params atomic.Int32
			f.mux.HandleFunc("/v1/namespaces/acme/audit-logs/archived", func(w http.ResponseWriter, r *http.Request) {
				routes.Add(1)
				if r.URL.Query().Has("list_parameters.archive") {
					t.Error("the route was sent archive=true too")
				}
				tt.route(w)
			})
			f.mux.HandleFunc("/v1/namespaces/acme/audit-logs", func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Query().Get("list_parameters.archive") != "true" {
					t.Error("the normal path was asked without archive=true")
				}
				params.Add(1)
				fmt.Fprint(w, listBody("", entry("old", t0, "acme")))
			})
			// The first call finds out; three concurrent ones use what it found.
			page, _, err := f.client.List(context.Background(), ListOptions{Namespace: "acme", Tier: TierArchive})
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Entries) != 1 || page.Entries[0].Tier != TierArchive {
				t.Fatalf("entries = %+v", page.Entries)
			}
			var wg sync.WaitGroup
			for range 3 {
				wg.Go(func() {
					if _, _, err := f.client.List(context.Background(), ListOptions{Namespace: "acme", Tier: TierArchive}); err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
			if routes.Load() != tt.wantRoutes || params.Load() != tt.wantParams {
				t.Errorf("route requests = %d, parameter requests = %d; want %d, %d", routes.Load(), params.Load(), tt.wantRoutes, tt.wantParams)
			}
		})
	}
}

// twoStores serves an active and an archive store from sorted slices,
// paging with page_id the way the emulator does (after the given uuid in
// the sorted order).
func twoStores(t *testing.T, f *fixture, active, archive []string) *atomic.Int32 {
	var requests atomic.Int32
	serve := func(objs []string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			requests.Add(1)
			q := r.URL.Query()
			if q.Get("list_parameters.sort.path") != "meta.create_time" {
				t.Errorf("a TierBoth store was not asked sorted by meta.create_time: %v", q)
			}
			list := append([]string(nil), objs...)
			if q.Get("list_parameters.sort.order") == api.SortOrderDesc {
				for i, j := 0, len(list)-1; i < j; i, j = i+1, j-1 {
					list[i], list[j] = list[j], list[i]
				}
			}
			start := 0
			if id := q.Get("list_parameters.page_id"); id != "" {
				start = -1
				for i, o := range list {
					if strings.Contains(o, `"uuid":"`+id+`"`) {
						start = i + 1
					}
				}
				if start < 0 {
					t.Errorf("unknown page_id %q", id)
					start = len(list)
				}
			}
			size := 100
			if s := q.Get("list_parameters.page_size"); s != "" {
				fmt.Sscan(s, &size)
			}
			end := min(start+size, len(list))
			next := ""
			if end < len(list) {
				var e struct{ UUID string }
				json.Unmarshal([]byte(list[end-1]), &e)
				next = e.UUID
			}
			fmt.Fprint(w, listBody(next, list[start:end]...))
		}
	}
	f.mux.Handle("/v1/namespaces/acme/audit-logs", serve(active))
	f.mux.Handle("/v1/namespaces/acme/audit-logs/archived", serve(archive))
	return &requests
}

func TestTierBothMergesByCreateTimeAndDeduplicates(t *testing.T) {
	t.Parallel()
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	// Interleaved times, a tie across stores (x5a/x5b), and one entry in
	// both stores (dup, being moved).
	archive := []string{entry("r1", at(1), "acme"), entry("r3", at(3), "acme"), entry("x5a", at(5), "acme"), entry("dup", at(6), "acme"), entry("r9", at(9), "acme")}
	active := []string{entry("a2", at(2), "acme"), entry("a4", at(4), "acme"), entry("x5b", at(5), "acme"), entry("dup", at(6), "acme"), entry("a7", at(7), "acme"), entry("a8", at(8), "acme"), entry("a10", at(10), "acme")}
	asc := "r1 a2 r3 a4 x5a x5b dup a7 a8 r9 a10"
	desc := "a10 r9 a8 a7 dup x5a x5b a4 r3 a2 r1"
	for _, order := range []string{api.SortOrderAsc, api.SortOrderDesc} {
		for _, size := range []int{1, 2, 3, 4, 100} {
			t.Run(fmt.Sprintf("%s/page size %d", order, size), func(t *testing.T) {
				t.Parallel()
				f := setup(t)
				twoStores(t, f, active, archive)
				want := asc
				if order == api.SortOrderDesc {
					want = desc
				}
				opts := ListOptions{Namespace: "acme", Tier: TierBoth, ListParameters: api.ListParameters{PageSize: size, Sort: api.Sort{Order: order}}}
				// Page by page, through the opaque cursor.
				var got []string
				tiers := map[string]Tier{}
				o := opts
				for range 50 {
					page, _, err := f.client.List(context.Background(), o)
					if err != nil {
						t.Fatal(err)
					}
					if len(page.Entries) > size {
						t.Fatalf("page of %d entries, size %d", len(page.Entries), size)
					}
					for _, e := range page.Entries {
						got = append(got, e.UUID)
						tiers[e.UUID] = e.Tier
					}
					if page.NextCursor == "" {
						break
					}
					o.Cursor = page.NextCursor
				}
				if g := strings.Join(got, " "); g != want {
					t.Errorf("paged:\n got %s\nwant %s", g, want)
				}
				if tiers["r1"] != TierArchive || tiers["a2"] != TierActive {
					t.Errorf("tiers = %v", tiers)
				}
				// And with the iterator.
				got = got[:0]
				for e, err := range f.client.All(context.Background(), opts) {
					if err != nil {
						t.Fatal(err)
					}
					got = append(got, e.UUID)
				}
				if g := strings.Join(got, " "); g != want {
					t.Errorf("All:\n got %s\nwant %s", g, want)
				}
			})
		}
	}
}

func TestBothCursorRejectsGarbage(t *testing.T) {
	t.Parallel()
	f := setup(t)
	for _, c := range []string{"u1", "both.!!!", "both." + "eyJ4IjoxfQ"} {
		_, _, err := f.client.List(context.Background(), ListOptions{Namespace: "acme", Tier: TierBoth, Cursor: c})
		if err == nil {
			t.Errorf("cursor %q accepted", c)
		}
	}
}

func TestCountAndGroupOverBothTiers(t *testing.T) {
	t.Parallel()
	f := setup(t)
	group := func(n int, uuids string, avg float64) string {
		return fmt.Sprintf(`{"group_response":{"groups":{"[{\"key\":\"spec.operation\",\"value\":\"OPERATION_CREATE\"}]":{"aggregation_count":{"count":%d},"aggregation_uuids":[%s],"aggregation_value":{"value":%g},"unique_values":{"spec.message_kind":["K1"]},"unique_counts":{"spec.message_kind":{"count":1}}}}}}`, n, uuids, avg)
	}
	handler := func(count int, grp string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			q := r.URL.Query()
			switch {
			case q.Get("list_parameters.count") == "true":
				testQuery(t, r, map[string]string{"list_parameters.count": "true", "list_parameters.filter": "spec.operation==OPERATION_CREATE"})
				fmt.Fprintf(w, `{"count_response":{"count":%d}}`, count)
			case q.Has("list_parameters.group.aggregation_paths"):
				fmt.Fprint(w, grp)
			default:
				t.Errorf("unexpected query %v", q)
			}
		}
	}
	f.mux.Handle("/v1/namespaces/acme/audit-logs", handler(3, group(3, `"a","b","c"`, 2)))
	f.mux.Handle("/v1/namespaces/acme/audit-logs/archived", handler(5, strings.Replace(group(1, `"c","d"`, 6), `"K1"`, `"K2"`, 1)))
	ctx := context.Background()
	opts := ListOptions{Namespace: "acme", Tier: TierBoth, ListParameters: api.ListParameters{Filter: "spec.operation==OPERATION_CREATE", PageSize: 7, PageID: "zz"}}
	n, resp, err := f.client.Count(ctx, opts)
	if err != nil || n != 8 {
		t.Fatalf("Count = %d, %v", n, err)
	}
	if len(resp.Parts) != 2 || resp.Tier != TierBoth {
		t.Errorf("response parts = %d, tier %v", len(resp.Parts), resp.Tier)
	}
	opts.Group.AggregationPaths = []string{"spec.operation"}
	opts.GroupByTime.AggregationOperator = "avg"
	g, _, err := f.client.Group(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	d := g.Groups[`[{"key":"spec.operation","value":"OPERATION_CREATE"}]`]
	if d.AggregationCount.Count != 4 || strings.Join(d.AggregationUUIDs, ",") != "a,b,c,d" || d.AggregationValue.Value != 3 {
		t.Errorf("merged group = %+v", d)
	}
	if fmt.Sprint(d.UniqueValues["spec.message_kind"]) != "[K1 K2]" || d.UniqueCounts["spec.message_kind"].Count != 2 {
		t.Errorf("unique = %v %v", d.UniqueValues, d.UniqueCounts)
	}
}

func TestGetFallsBackToAUUIDFilter(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.mux.HandleFunc("GET /v1/namespaces/acme/audit-logs/{uuid}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("uuid") == "here" {
			fmt.Fprint(w, entry("here", t0, "acme"))
			return
		}
		writeStatus(w, api.CodeNotFound, "not found")
	})
	f.mux.HandleFunc("GET /v1/namespaces/acme/audit-logs", func(w http.ResponseWriter, r *http.Request) {
		testQuery(t, r, map[string]string{"list_parameters.filter": `uuid=='moved'`, "list_parameters.traverse": "true", "list_parameters.page_size": "1"})
		fmt.Fprint(w, listBody(""))
	})
	f.mux.HandleFunc("GET /v1/namespaces/acme/audit-logs/archived", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, listBody("", entry("moved", t0, "acme.child")))
	})
	ctx := context.Background()
	e, _, err := f.client.Get(ctx, "acme", "here")
	if err != nil || e.UUID != "here" || e.Tier != TierActive || string(e.Raw) != entry("here", t0, "acme") {
		t.Fatalf("Get(here) = %+v, %v", e, err)
	}
	e, _, err = f.client.Get(ctx, "acme", "moved")
	if err != nil || e.UUID != "moved" || e.Tier != TierArchive {
		t.Fatalf("Get(moved) = %+v, %v", e, err)
	}
	f.mux.HandleFunc("GET /v1/namespaces/other/audit-logs/{uuid}", func(w http.ResponseWriter, r *http.Request) {
		writeStatus(w, api.CodeNotFound, "not found")
	})
	f.mux.HandleFunc("GET /v1/namespaces/other/audit-logs", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, listBody("")) })
	f.mux.HandleFunc("GET /v1/namespaces/other/audit-logs/archived", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, listBody("")) })
	if _, _, err := f.client.Get(ctx, "other", "nowhere"); !IsNotFound(err) {
		t.Errorf("Get(nowhere) error = %v, want not found", err)
	}
}

func TestWhoami(t *testing.T) {
	t.Parallel()
	exp := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name, body                 string
		wantName, wantProv, wantNS string
	}{
		{"Endor's model", `{"authentication_source":"google","expiration_time":"2026-01-02T03:04:05Z","token":"` + testToken + `",
			"user":{"uuid":"u1","meta":{"name":"jane@example.com@google"},"spec":{"email":"jane@example.com"}},"tenants":["acme"]}`,
			"jane@example.com", "google", "acme"},
		{"older string form", `{"user":"jane@example.com@google","tenant":"acme","expiration_time":"2026-01-02T03:04:05Z"}`,
			"jane@example.com@google", "google", "acme"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := setup(t)
			f.mux.HandleFunc("GET /v1/auth", func(w http.ResponseWriter, r *http.Request) {
				testHeader(t, r, "Authorization", "Bearer "+testToken)
				fmt.Fprint(w, tt.body)
			})
			id, _, err := f.client.Whoami(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if id.Name() != tt.wantName || id.Provider() != tt.wantProv || len(id.Tenants) != 1 || id.Tenants[0] != tt.wantNS || !id.ExpirationTime.Equal(exp) {
				t.Errorf("Whoami = %+v", id)
			}
		})
	}
}

func TestWhoamiRefusesAnIdentityOfTheWrongShape(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.mux.HandleFunc("GET /v1/auth", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `{"user":["\u001b]0;pwned\u0007"]}`)
	})
	_, _, err := f.client.Whoami(context.Background())
	var de *DecodeError
	if !errors.As(err, &de) || strings.Contains(err.Error(), "pwned") {
		t.Fatalf("Whoami error = %v, want a DecodeError that does not echo the body", err)
	}
}

func TestNewRejectsBadSettings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		url  string
		opts []Option
	}{
		{"not http", "ftp://x", nil},
		{"credentials in the URL", "https://user:pw@x", nil},
		{"token and key", "https://x", []Option{WithToken("t"), WithAPIKey("k", "s")}},
		{"half a key", "https://x", []Option{WithAPIKey("k", "")}},
		{"zero timeout", "https://x", []Option{WithTimeout(0)}},
		{"negative retries", "https://x", []Option{WithMaxRetries(-1)}},
	}
	for _, tt := range tests {
		if _, err := New(tt.url, tt.opts...); err == nil {
			t.Errorf("%s: New succeeded", tt.name)
		}
	}
	c, err := New("", WithToken("t"))
	if err != nil || c.BaseURL() != DefaultBaseURL || c.Timeout() != DefaultTimeout {
		t.Errorf("defaults: %v %v", c, err)
	}
	_ = url.URL{}
}

func TestCompressionCanBeTurnedOff(t *testing.T) {
	t.Parallel()
	f := setup(t, WithCompression(false))
	f.mux.HandleFunc("/v1/namespaces/acme/audit-logs", func(w http.ResponseWriter, r *http.Request) {
		testHeader(t, r, "Accept-Encoding", "identity")
		fmt.Fprint(w, listBody(""))
	})
	if _, _, err := f.client.List(context.Background(), ListOptions{Namespace: "acme"}); err != nil {
		t.Fatal(err)
	}
}
