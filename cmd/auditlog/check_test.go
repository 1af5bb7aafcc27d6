package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestListChecksTheFilterAndSendsItsCanonicalForm: a misspelt field, a
// near-miss operation and a bad regex are refused before any request,
// with the caret and a did-you-mean, exit 2; a good filter reaches the
// server in canonical form; --no-check lets an unknown field or value
// through.
func TestListChecksTheFilterAndSendsItsCanonicalForm(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		filter string
		extra  []string
		code   int
		sent   string   // the filter the server received; "" for no request
		stderr []string // in stderr
	}{
		{"misspelt field", "spec.operaton == OPERATION_CREATE", nil, exitUsage, "", []string{"did you mean 'spec.operation'?", "(1:1)", "\n^", "--no-check"}},
		{"near-miss operation", "spec.operation == OPERATION_CRATE", nil, exitUsage, "", []string{"did you mean 'OPERATION_CREATE'?", "(1:19)", "                  ^"}},
		{"bad regular expression", "spec.claims matches '(['", nil, exitUsage, "", []string{"invalid regular expression", "^"}},
		{"bad regular expression with --no-check", "spec.claims matches '(['", []string{"--no-check"}, exitUsage, "", []string{"invalid regular expression"}},
		{"canonical form sent", "meta.create_time >= now(-7d)  and spec.operation==OPERATION_DELETE", nil, 0, "meta.create_time >= now(-168h) and spec.operation == OPERATION_DELETE", nil},
		{"--no-check sends an unknown value", "spec.operation == OPERATION_ARCHIVE", []string{"--no-check"}, 0, "spec.operation == OPERATION_ARCHIVE", []string{"warning: unknown operation"}},
		{"--no-check sends an unknown field", "spec.new_field == 'x'", []string{"--no-check"}, 0, "spec.new_field == 'x'", []string{"warning:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var sent atomic.Value
			var requests atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				requests.Add(1)
				sent.Store(r.URL.Query().Get("list_parameters.filter"))
				fmt.Fprint(w, `{"count_response":{"count":1}}`)
			}))
			t.Cleanup(srv.Close)
			args := append([]string{"list", "--count", "--api", srv.URL, "--token", "x", "-n", "acme", "--filter", tt.filter}, tt.extra...)
			code, _, errOut := runCmd(t, args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d: %s", code, tt.code, errOut)
			}
			for _, s := range tt.stderr {
				if !strings.Contains(errOut, s) {
					t.Errorf("stderr lacks %q:\n%s", s, errOut)
				}
			}
			if tt.sent == "" {
				if requests.Load() != 0 {
					t.Errorf("a refused filter reached the server: %v", sent.Load())
				}
				return
			}
			if got := sent.Load(); got != tt.sent {
				t.Errorf("sent %q, want %q", got, tt.sent)
			}
		})
	}
}
