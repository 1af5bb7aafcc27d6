package emulator

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/auditlog/auditlog/api"
)

// TestNamespaceWithEmptySegment: "acme." was skipped by SQLite's traverse
// and served by file mode; both now refuse it as an invalid entry, and a
// create names no such namespace.
func TestNamespaceWithEmptySegment(t *testing.T) {
	t.Parallel()
	for _, ns := range []string{"acme.", ".acme", "acme..prod"} {
		file := writeLines(t, "ns.ndjson",
			`{"uuid":"650000000000000000000041","meta":{"create_time":"2026-03-01T00:00:00Z"},"spec":{},"tenant_meta":{"namespace":"acme"}}`,
			`{"uuid":"650000000000000000000042","meta":{"create_time":"2026-03-01T00:00:00Z"},"spec":{},"tenant_meta":{"namespace":"`+ns+`"}}`)
		for _, o := range []Options{{Import: []string{file}}, {File: file}} {
			o.Now = fixedClock
			_, err := Start(context.Background(), o)
			if err == nil || !strings.Contains(err.Error(), `line 2: invalid entry: tenant_meta.namespace "`+ns+`" has an empty segment`) {
				t.Errorf("%q %q: %v", ns, o.File, err)
			}
		}
	}
	s := startDemo(t, 10)
	r := post(t, s, "/v1/namespaces/acme./audit-logs", `{"spec":{}}`)
	wantError(t, r, 400, api.CodeInvalidArgument, `invalid request body: tenant_meta.namespace "acme." has an empty segment`)
}

func TestDatabaseIsPrivate(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "private.db")
	s, err := Start(context.Background(), Options{DBPath: path, Demo: true, DemoSize: 20, Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if err != nil {
			if p == path {
				t.Fatal(err)
			}
			continue
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600", filepath.Base(p), fi.Mode().Perm())
		}
	}
}

// TestTruncatedExportIsAnError: truncating an export while file mode
// serves it once killed the process with SIGBUS; the read's fault is now
// the request's error, and the server goes on.
func TestTruncatedExportIsAnError(t *testing.T) {
	t.Parallel()
	file := writeDemoFile(t, 2000)
	s, err := Start(context.Background(), Options{File: file, Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if r := get(t, s, logs+"/archived", params("traverse", "true", "page_size", "500")); r.status != 200 {
		t.Fatalf("before: %d", r.status)
	}
	if err := os.Truncate(file, 0); err != nil {
		t.Fatal(err)
	}
	r := get(t, s, logs+"/archived", params("traverse", "true", "page_size", "500", "page_token", "1000"))
	wantError(t, r, 500, api.CodeInternal, errFileChanged.Error())
	if r := get(t, s, "/meta/version", nil); r.status != 200 {
		t.Errorf("after the fault: %d", r.status)
	}
}

func TestExpiredTokensArePruned(t *testing.T) {
	t.Parallel()
	var now atomic.Int64
	now.Store(testNow.UnixNano())
	clock := func() time.Time { return time.Unix(0, now.Load()).UTC() }
	s, err := Start(context.Background(), Options{Now: clock, Token: "fixed"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	exchange := func() string {
		r := do(t, s, "POST", "/v1/auth/api-key", nil, []byte(`{"key":"k","secret":"fixed"}`))
		var tok api.TokenResponse
		if err := jsonUnmarshal(r.body, &tok); err != nil || tok.Token == "" {
			t.Fatalf("exchange: %s", r.body)
		}
		return tok.Token
	}
	issued := func() int {
		s.mu.Lock()
		defer s.mu.Unlock()
		return len(s.issued)
	}
	first := exchange()
	for range 50 {
		exchange()
	}
	now.Add(int64(tokenLifetime + time.Second))
	if r := get(t, s, "/v1/auth", nil, "Authorization", "Bearer "+first); r.status != 401 {
		t.Errorf("expired token: %d", r.status)
	}
	if n := issued(); n != 50 {
		t.Errorf("%d tokens kept after one expired was used, want 50", n)
	}
	exchange()
	if n := issued(); n != 1 {
		t.Errorf("%d tokens kept, want only the new one", n)
	}
}
