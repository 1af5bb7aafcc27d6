package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/auditlog/auditlog/emulator"
)

// syncBuffer is a bytes.Buffer safe to read while the command writes.
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

// TestFollow follows a query on the emulator while entries arrive: only
// new matching entries are printed, each once, oldest first, including one
// that reached the store after a newer one; a failing poll (HTTP 500 from a
// proxy in front of the emulator) is reported and survived; cancelling the
// context (Ctrl-C) ends the command with status 0. Entries are added by
// importing into the emulator's database while it serves (the emulator has
// no CreateAuditLog route yet).
func TestFollow(t *testing.T) {
	for _, format := range []string{"ndjson", "json", "csv", "table"} {
		t.Run(format, func(t *testing.T) { testFollow(t, format) })
	}
}

func testFollow(t *testing.T, format string) {
	dir := t.TempDir()
	db := filepath.Join(dir, "emulator.db")
	srv, err := emulator.Start(context.Background(), emulator.Options{Addr: "127.0.0.1:0", DBPath: db, Demo: true, DemoSize: 300, Token: "tok"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	target, _ := url.Parse(srv.URL())
	proxy := httputil.NewSingleHostReverseProxy(target)
	var requests, failures atomic.Int64
	var failNext atomic.Int64
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if failNext.Load() > 0 {
			failNext.Add(-1)
			failures.Add(1)
			http.Error(w, "boom", http.StatusInternalServerError)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	defer front.Close()

	add := func(entries ...fixtureEntry) {
		t.Helper()
		var b strings.Builder
		for _, e := range entries {
			b.WriteString(e.json() + "\n")
		}
		p := filepath.Join(dir, fmt.Sprintf("new-%d.ndjson", time.Now().UnixNano()))
		os.WriteFile(p, []byte(b.String()), 0o600)
		s, err := emulator.Start(context.Background(), emulator.Options{Addr: "127.0.0.1:0", DBPath: db, Import: []string{p}, Token: "other"})
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
	}
	base := time.Now().UTC().Add(time.Minute)
	entry := func(n int, op string, at time.Time) fixtureEntry {
		return fixtureEntry{uuid: fmt.Sprintf("f0000000000000000000%04d", n), ns: "acme.prod", op: op, kind: "Policy", object: "66a0000000000000000000ff", user: "follow@example.com", addr: "10.1.2.3", at: at}
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"list", "--api", front.URL, "--token", "tok", "-n", "acme", "--traverse",
			"--filter", "spec.operation in [OPERATION_CREATE, OPERATION_UPDATE]", "--follow", "--interval", "30ms", "-o", format},
			strings.NewReader(""), &stdout, &stderr)
	}()
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s; stdout:\n%s\nstderr:\n%s", what, stdout.String(), stderr.String())
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitFor("the first polls", func() bool { return requests.Load() >= 3 })
	if got := followUUIDs(t, format, stdout.String()); len(got) != 0 {
		t.Fatalf("printed %d entries that existed before following: %v", len(got), got)
	}
	add(entry(1, "OPERATION_CREATE", base), entry(2, "OPERATION_DELETE", base.Add(time.Second)), entry(3, "OPERATION_UPDATE", base.Add(2*time.Second)))
	waitFor("entries 1 and 3", func() bool { return len(followUUIDs(t, format, stdout.String())) >= 2 })
	// A failing server for two polls, then a late entry (created before
	// the newest printed) and one at the same instant as the newest.
	failNext.Store(2)
	waitFor("the failures", func() bool { return failNext.Load() == 0 })
	add(entry(4, "OPERATION_CREATE", base.Add(1500*time.Millisecond)), entry(5, "OPERATION_UPDATE", base.Add(2*time.Second)))
	waitFor("entries 4 and 5", func() bool { return len(followUUIDs(t, format, stdout.String())) >= 4 })
	before := requests.Load()
	waitFor("more polls", func() bool { return requests.Load() >= before+3 })
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("exit %d after Ctrl-C; stderr:\n%s", code, stderr.String())
	}
	got := followUUIDs(t, format, stdout.String())
	want := []string{"f00000000000000000000001", "f00000000000000000000003", "f00000000000000000000004", "f00000000000000000000005"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("printed %v, want %v (each once, in arrival batches)\n%s", got, want, stdout.String())
	}
	if failures.Load() != 2 || !strings.Contains(stderr.String(), "trying again") {
		t.Errorf("%d failures; stderr %q", failures.Load(), stderr.String())
	}
}

// followUUIDs reads the uuids of the entries printed in format, in order.
func followUUIDs(t *testing.T, format, out string) []string {
	var ids []string
	switch format {
	case "ndjson":
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			var e struct{ UUID string }
			if l != "" && json.Unmarshal([]byte(l), &e) == nil {
				ids = append(ids, e.UUID)
			}
		}
	case "json":
		dec := json.NewDecoder(strings.NewReader(out))
		for {
			var env struct {
				List struct{ Objects []struct{ UUID string } } `json:"list"`
			}
			if err := dec.Decode(&env); err != nil {
				if err != io.EOF && !strings.Contains(err.Error(), "unexpected EOF") {
					t.Errorf("stream of envelopes: %v", err)
				}
				break
			}
			for _, o := range env.List.Objects {
				ids = append(ids, o.UUID)
			}
		}
	case "csv":
		recs, _ := csv.NewReader(strings.NewReader(out)).ReadAll()
		for i, r := range recs {
			if i > 0 && len(r) > 7 {
				ids = append(ids, r[7])
			}
		}
	case "table":
		for i, l := range strings.Split(strings.TrimSpace(out), "\n") {
			if f := strings.Fields(l); i > 0 && len(f) > 7 {
				ids = append(ids, f[7])
			}
		}
	}
	return ids
}
