package emulator

import (
	"compress/gzip"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/auditlog/auditlog/api"
)

// serviceVersion is what GET /meta/version reports: the newest service
// version the reference records, marked as the emulator.
var serviceVersion = api.Version{ClientVersion: "v1.7.1088", ServiceVersion: "auditlog-emulator"}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/meta/version", s.only(http.MethodGet, s.handleVersion))
	mux.HandleFunc("/v1/auth/api-key", s.only(http.MethodPost, s.handleAPIKey))
	mux.HandleFunc("/v1/auth", s.only(http.MethodGet, s.handleIdentity))
	mux.HandleFunc("/v1/namespaces/{ns}/{rest...}", s.handleNamespaced)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, api.CodeNotFound, "Not Found")
	})
	return s.logged(mux)
}

// statusRecorder remembers the status for the request log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

// logged logs every request at debug level: method, path and query,
// status, duration. The Authorization header is never logged.
func (s *Server) logged(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		if s.sql == nil {
			// File mode reads a mapped file: if it is truncated while
			// served, a read faults. The fault becomes this request's
			// error instead of killing the process (issue 9.6).
			defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
			defer func() {
				if err := faultError(recover()); err != nil {
					s.log.Error("file mode", "err", err)
					s.fail(rec, r, api.CodeInternal, err.Error())
				}
			}()
		}
		h.ServeHTTP(rec, r)
		s.log.Debug("request", "method", r.Method, "path", r.URL.Path, "query", r.URL.RawQuery,
			"status", rec.status, "duration", time.Since(start))
	})
}

func (s *Server) only(method string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != method {
			s.methodNotAllowed(w, r)
			return
		}
		h(w, r)
	}
}

// methodNotAllowed answers as grpc-gateway does for a route that exists
// under another method: code 12 with HTTP 405.
func (s *Server) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	st := api.NewStatus(api.CodeUnimplemented, "Method Not Allowed")
	d, _ := json.Marshal(api.HTTPErrorInfo{Type: api.HTTPErrorInfoType, StatusCode: http.StatusMethodNotAllowed})
	st.Details = []json.RawMessage{d}
	s.writeStatus(w, r, http.StatusMethodNotAllowed, st)
}

// fail writes the grpc-gateway error body for code and msg.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, code api.Code, msg string) {
	s.writeStatus(w, r, code.HTTPStatus(), api.NewStatus(code, msg))
}

// deadlineExceeded writes the body the service sends when a query runs
// past the client's Request-Timeout (reference §13): no details.
func (s *Server) deadlineExceeded(w http.ResponseWriter, r *http.Request) {
	st := api.Status{Code: api.CodeDeadlineExceeded, Message: "context deadline exceeded", Details: []json.RawMessage{}}
	s.writeStatus(w, r, http.StatusGatewayTimeout, st)
}

func (s *Server) writeStatus(w http.ResponseWriter, r *http.Request, status int, st api.Status) {
	if st.Details == nil {
		st.Details = []json.RawMessage{}
	}
	b, err := api.Marshal(st)
	if err != nil {
		panic(err) // a Status always encodes
	}
	s.write(w, r, status, b)
}

// storeError answers an error from a store: 504 when the request's
// deadline passed, nothing when the client went away, 500 otherwise.
func (s *Server) storeError(w http.ResponseWriter, r *http.Request, ctx context.Context, err error) {
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		s.deadlineExceeded(w, r)
	case r.Context().Err() != nil:
		// The client is gone; nobody reads an answer.
	default:
		s.log.Error("store", "err", err)
		s.fail(w, r, api.CodeInternal, "internal error")
	}
}

// compactRequested reports whether the client asked for
// application/jsoncompact (Endor's SDK sends it as Content-Type, even on
// GET; Accept is honoured too).
func compactRequested(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Content-Type"), "jsoncompact") ||
		strings.Contains(r.Header.Get("Accept"), "jsoncompact")
}

// acceptsGzip reports whether Accept-Encoding allows gzip ("gzip takes
// priority" among several, reference §1; br and zstd are not offered).
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
			continue
		}
		if q, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if v, err := strconv.ParseFloat(q, 64); err == nil && v == 0 {
				return false
			}
		}
		return true
	}
	return false
}

// write sends a JSON body, gzip-encoded when the client accepts it.
func (s *Server) write(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Add("Vary", "Accept-Encoding")
	if acceptsGzip(r) && len(body) > 0 {
		h.Set("Content-Encoding", "gzip")
		w.WriteHeader(status)
		zw := gzip.NewWriter(w)
		zw.Write(body)
		zw.Close()
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}

// writeValue encodes v (an envelope or api type) and writes it.
func (s *Server) writeValue(w http.ResponseWriter, r *http.Request, v any) {
	b, err := api.Marshal(v)
	if err != nil {
		s.fail(w, r, api.CodeInternal, err.Error())
		return
	}
	if compactRequested(r) {
		b = compactObject(b)
	}
	s.write(w, r, http.StatusOK, b)
}

// requestContext bounds the request by its Request-Timeout header
// (seconds, as Endor's clients send it; a Go duration such as 20s is
// accepted too).
func requestContext(r *http.Request) (context.Context, context.CancelFunc) {
	v := strings.TrimSpace(r.Header.Get("Request-Timeout"))
	if v == "" {
		return context.WithCancel(r.Context())
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		secs, err2 := strconv.ParseFloat(v, 64)
		if err2 != nil {
			return context.WithCancel(r.Context())
		}
		d = time.Duration(secs * float64(time.Second))
	}
	if d <= 0 {
		return context.WithCancel(r.Context())
	}
	return context.WithTimeout(r.Context(), d)
}

func (s *Server) handleVersion(w http.ResponseWriter, r *http.Request) {
	s.writeValue(w, r, serviceVersion)
}

// identity is who a bearer token is.
type identity struct {
	user    string
	source  string
	expires time.Time // zero: the server's own token, which never expires
}

const unauthenticated = "Invalid authorization header: Bearer"

// authenticate checks the Bearer token of r.
func (s *Server) authenticate(r *http.Request) (identity, bool) {
	h := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(h, "Bearer ")
	if !ok {
		tok, ok = strings.CutPrefix(h, "bearer ")
	}
	tok = strings.TrimSpace(tok)
	if !ok || tok == "" {
		return identity{}, false
	}
	user := "emulator@" + strings.TrimSuffix(s.tenant, allNamespaces) + "@api-key"
	if subtle.ConstantTimeCompare([]byte(tok), []byte(s.token)) == 1 {
		return identity{user: user, source: "api-key"}, true
	}
	s.mu.Lock()
	exp, found := s.issued[tok]
	if found && !s.now().Before(exp) {
		delete(s.issued, tok)
		found = false
	}
	s.mu.Unlock()
	if !found {
		return identity{}, false
	}
	return identity{user: user, source: "api-key", expires: exp}, true
}

func (s *Server) handleIdentity(w http.ResponseWriter, r *http.Request) {
	id, ok := s.authenticate(r)
	if !ok {
		s.fail(w, r, api.CodeUnauthenticated, unauthenticated)
		return
	}
	exp := id.expires
	if exp.IsZero() {
		exp = s.now().Add(tokenLifetime)
	}
	s.writeValue(w, r, api.Identity{
		User:    api.User{Meta: api.UserMeta{Name: id.user}},
		Tenants: []string{s.tenant},
		Claims: []string{
			"user=" + id.user,
			"tenant=" + s.tenant,
			"issuer=https://api.endorlabs.com/v1",
		},
		AuthenticationSource: id.source,
		ExpirationTime:       exp.UTC(),
	})
}

func (s *Server) handleAPIKey(w http.ResponseWriter, r *http.Request) {
	var req api.APIKeyRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&req); err != nil {
		s.fail(w, r, api.CodeInvalidArgument, "invalid request body: "+err.Error())
		return
	}
	if req.Key == "" || subtle.ConstantTimeCompare([]byte(req.Secret), []byte(s.token)) != 1 {
		s.fail(w, r, api.CodeUnauthenticated, "Invalid API key or secret")
		return
	}
	tok := newToken()
	exp := s.now().Add(tokenLifetime).UTC()
	s.mu.Lock()
	// Expired tokens are pruned as new ones are issued, so the map holds
	// only live sessions however many exchanges a client makes.
	now := s.now()
	for t, e := range s.issued {
		if !now.Before(e) {
			delete(s.issued, t)
		}
	}
	s.issued[tok] = exp
	s.mu.Unlock()
	s.writeValue(w, r, api.TokenResponse{Token: tok, ExpirationTime: exp})
}

// handleNamespaced serves /v1/namespaces/{ns}/…: authentication first,
// then tenancy (403 for another tenant's namespace), then the route (404
// for an unknown one under the tenant's own namespace).
func (s *Server) handleNamespaced(w http.ResponseWriter, r *http.Request) {
	id, ok := s.authenticate(r)
	if !ok {
		s.fail(w, r, api.CodeUnauthenticated, unauthenticated)
		return
	}
	ns, rest := r.PathValue("ns"), strings.TrimSuffix(r.PathValue("rest"), "/")
	if !canRead(s.tenant, ns) {
		s.fail(w, r, api.CodePermissionDenied, "Unauthorized request for given endpoint")
		return
	}
	var h func(http.ResponseWriter, *http.Request)
	switch {
	case rest == "audit-logs" && r.Method == http.MethodPost:
		if ns == allNamespaces {
			s.fail(w, r, api.CodeInvalidArgument, "invalid request body: a new entry needs a real namespace")
			return
		}
		s.handleCreate(w, r, ns, id)
		return
	case rest == "audit-logs":
		h = func(w http.ResponseWriter, r *http.Request) { s.handleList(w, r, ns, false) }
	case rest == "audit-logs/archived":
		h = func(w http.ResponseWriter, r *http.Request) { s.handleList(w, r, ns, true) }
	case strings.HasPrefix(rest, "audit-logs/") && !strings.Contains(rest[len("audit-logs/"):], "/"):
		uuid := rest[len("audit-logs/"):]
		h = func(w http.ResponseWriter, r *http.Request) { s.handleGet(w, r, ns, uuid) }
	case rest == "namespaces":
		h = func(w http.ResponseWriter, r *http.Request) { s.handleNamespaces(w, r, ns) }
	default:
		s.fail(w, r, api.CodeNotFound, "Not Found")
		return
	}
	if r.Method != http.MethodGet {
		s.methodNotAllowed(w, r)
		return
	}
	h(w, r)
}

func (s *Server) handleGet(w http.ResponseWriter, r *http.Request, ns, uuid string) {
	ctx, cancel := requestContext(r)
	defer cancel()
	if s.queryHook != nil {
		s.queryHook(ctx)
	}
	for _, t := range []tier{tierActive, tierArchive} {
		rec, err := s.store.get(ctx, t, uuid)
		if errors.Is(err, errNotFound) {
			continue
		}
		if err == nil && ctx.Err() != nil {
			err = ctx.Err()
		}
		if err != nil {
			s.storeError(w, r, ctx, err)
			return
		}
		if rec.NS != ns {
			break // a parent namespace does not find it (reference §11)
		}
		raw := rec.Raw
		if compactRequested(r) {
			raw = compactObject(raw)
		}
		s.write(w, r, http.StatusOK, raw)
		return
	}
	s.fail(w, r, api.CodeNotFound, fmt.Sprintf("audit log %q not found", uuid))
}

// handleNamespaces lists the namespaces below ns: the direct children, or
// with traverse every descendant, as Namespace objects.
func (s *Server) handleNamespaces(w http.ResponseWriter, r *http.Request, ns string) {
	p, _, err := api.ParseListParameters(r.URL.Query())
	if err != nil {
		s.fail(w, r, api.CodeInvalidArgument, err.Error())
		return
	}
	all, err := s.visibleNamespaces(r.Context())
	if err != nil {
		s.storeError(w, r, r.Context(), err)
		return
	}
	type envelope struct {
		List struct {
			Objects  []api.Namespace `json:"objects"`
			Response struct{}        `json:"response"`
		} `json:"list"`
	}
	var env envelope
	env.List.Objects = []api.Namespace{}
	for _, full := range all {
		if full == ns || !inScope(full, ns, true) {
			continue
		}
		rest := full
		if ns != allNamespaces {
			rest = full[len(ns)+1:]
		}
		if !p.Traverse && strings.Contains(rest, ".") {
			continue
		}
		parent, name := "", full
		if i := strings.LastIndexByte(full, '.'); i >= 0 {
			parent, name = full[:i], full[i+1:]
		}
		env.List.Objects = append(env.List.Objects, api.Namespace{
			UUID:       namespaceUUID(full),
			Meta:       api.Meta{Name: name, Kind: "Namespace", Version: "v1"},
			Spec:       api.NamespaceSpec{FullName: full},
			TenantMeta: api.TenantMeta{Namespace: parent},
		})
	}
	s.writeValue(w, r, env)
}

// namespaceUUID derives a stable ObjectId-like uuid from a namespace name.
func namespaceUUID(full string) string {
	h := fnv.New128a()
	h.Write([]byte(full))
	return fmt.Sprintf("%x", h.Sum(nil))[:24]
}
