package main

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
)

func cliEntry(uuid string, sec int) string {
	return fmt.Sprintf(`{"uuid":%q,"meta":{"name":%q,"kind":"AuditLog","create_time":"2026-01-02T03:04:%02dZ"},"spec":{"operation":"OPERATION_CREATE","message_uuid":"m"},"tenant_meta":{"namespace":"acme"}}`, uuid, uuid, sec)
}

func TestUnreachableAPIFailsAtOnceNamingENDOR_API(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	for _, api := range []string{"http://" + addr, "http://no-such-host.invalid"} {
		code, _, errOut := runCmd(t, "list", "--api", api, "--token", "x", "-n", "acme")
		if code != exitFailure || !strings.Contains(errOut, "ENDOR_API") || !strings.Contains(errOut, api) || strings.Contains(errOut, "retrying") {
			t.Errorf("%s: exit %d, stderr %q", api, code, errOut)
		}
	}
}

// TestInterruptedListAllSaysWhereToContinue: page two fails once; for
// every output type stderr names the --page-id, and a second run from it
// lists the rest, nothing lost.
func TestInterruptedListAllSaysWhereToContinue(t *testing.T) {
	t.Parallel()
	for _, format := range []string{"json", "ndjson", "table", "csv"} {
		t.Run(format, func(t *testing.T) {
			t.Parallel()
			var failed atomic.Bool
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				switch r.URL.Query().Get("list_parameters.page_id") {
				case "":
					fmt.Fprintf(w, `{"list":{"objects":[%s,%s],"response":{"next_page_id":"p2"}}}`, cliEntry("u1", 1), cliEntry("u2", 2))
				case "p2":
					if failed.CompareAndSwap(false, true) {
						w.Header().Set("Content-Type", "application/json")
						w.WriteHeader(http.StatusInternalServerError)
						fmt.Fprint(w, `{"code":13,"message":"boom"}`)
						return
					}
					fmt.Fprintf(w, `{"list":{"objects":[%s],"response":{}}}`, cliEntry("u3", 3))
				}
			}))
			t.Cleanup(srv.Close)
			args := []string{"list", "--list-all", "-o", format, "--api", srv.URL, "--token", "x", "-n", "acme"}
			code, out1, errOut := runCmd(t, args...)
			m := regexp.MustCompile(`interrupted after 2 entries; to continue, run the same command with --page-id (\S+)`).FindStringSubmatch(errOut)
			if code != exitFailure || m == nil {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			code, out2, errOut := runCmd(t, append(args, "--page-id", m[1])...)
			if code != 0 {
				t.Fatalf("resuming: exit %d, %s", code, errOut)
			}
			perEntry := 1 // the uuid column
			if strings.Contains(format, "json") {
				perEntry = 2 // uuid and meta.name
			}
			for _, u := range []string{"u1", "u2", "u3"} {
				if got := strings.Count(out1+out2, u); got != perEntry {
					t.Errorf("%s appears %d times over both runs, want %d", u, got, perEntry)
				}
			}
			if !strings.Contains(out1, "u2") || !strings.Contains(out2, "u3") || strings.Contains(out2, "u1") {
				t.Errorf("first run %q, second run %q", out1, out2)
			}
		})
	}
}

func TestJSONKeepsNextPageToken(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"list":{"objects":[%s],"response":{"next_page_token":50}}}`, cliEntry("u1", 1))
	}))
	t.Cleanup(srv.Close)
	code, out, errOut := runCmd(t, "list", "--api", srv.URL, "--token", "x", "-n", "acme")
	var env envelope
	if code != 0 || json.Unmarshal([]byte(out), &env) != nil {
		t.Fatalf("exit %d: %s %s", code, out, errOut)
	}
	if env.List.Response["next_page_token"] != float64(50) {
		t.Errorf("response = %v, want next_page_token 50", env.List.Response)
	}
}

func TestServerRefusingTheInputExits2(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		status int
		body   string
		want   string
	}{
		{"400", http.StatusBadRequest, `{"code":3,"message":"invalid filter"}`, "invalid filter"},
		{"414", http.StatusRequestURITooLong, ``, "filter is too long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tt.status)
				fmt.Fprint(w, tt.body)
			}))
			t.Cleanup(srv.Close)
			code, _, errOut := runCmd(t, "list", "--api", srv.URL, "--token", "x", "-n", "acme")
			if code != exitUsage || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q", code, errOut)
			}
		})
	}
}

func TestALongRetryAfterIsSaid(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.Header().Set("Retry-After", "3")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"code":8,"message":"quota"}`)
			return
		}
		fmt.Fprint(w, `{"count_response":{"count":4}}`)
	}))
	t.Cleanup(srv.Close)
	code, out, errOut := runCmd(t, "list", "--count", "--api", srv.URL, "--token", "x", "-n", "acme")
	if code != 0 || !strings.Contains(out, `"count":4`) || !strings.Contains(errOut, "retrying in 3s") || !strings.Contains(errOut, "quota") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestTokensAreTrimmed(t *testing.T) {
	t.Parallel()
	var got atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Store(r.Header.Get("Authorization"))
		fmt.Fprint(w, `{"count_response":{"count":1}}`)
	}))
	t.Cleanup(srv.Close)
	code, _, errOut := runCmd(t, "list", "--count", "--api", srv.URL, "--token", " tok-1\n", "-n", "acme")
	if code != 0 || got.Load() != "Bearer tok-1" {
		t.Errorf("exit %d (%s), Authorization %q", code, errOut, got.Load())
	}
}
