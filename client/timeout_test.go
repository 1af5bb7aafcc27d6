package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/auditlog/auditlog/api"
)

// TestListOptionsTimeoutOverridesTheClients runs List, All, Count and Group
// with and without ListOptions.Timeout: the override is the deadline of
// each attempt, the Request-Timeout sent and the timeout the error names;
// without it the client's applies.
func TestListOptionsTimeoutOverridesTheClients(t *testing.T) {
	t.Parallel()
	f := setup(t, WithTimeout(20*time.Second), WithMaxRetries(0))
	var mu sync.Mutex
	var sent []string
	f.mux.HandleFunc("/v1/namespaces/acme/audit-logs", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		sent = append(sent, r.Header.Get("Request-Timeout"))
		mu.Unlock()
		if r.URL.Query().Get("list_parameters.filter") == "slow" {
			<-r.Context().Done() // never answers: the deadline must fire
			return
		}
		q := r.URL.Query()
		switch {
		case q.Get("list_parameters.count") == "true":
			fmt.Fprint(w, `{"count_response":{"count":1}}`)
		case q.Get("list_parameters.group.aggregation_paths") != "":
			fmt.Fprint(w, `{"group_response":{"groups":{}}}`)
		default:
			fmt.Fprint(w, listBody(""))
		}
	})
	ctx := context.Background()
	calls := map[string]func(ListOptions) error{
		"List": func(o ListOptions) error { _, _, err := f.client.List(ctx, o); return err },
		"All": func(o ListOptions) error {
			for _, err := range f.client.All(ctx, o) {
				return err
			}
			return nil
		},
		"Count": func(o ListOptions) error { _, _, err := f.client.Count(ctx, o); return err },
		"Group": func(o ListOptions) error {
			o.Group.AggregationPaths = []string{"spec.operation"}
			_, _, err := f.client.Group(ctx, o)
			return err
		},
	}
	for name, call := range calls {
		for _, tt := range []struct {
			timeout time.Duration
			want    string
		}{{0, "20"}, {45 * time.Second, "45"}, {1500 * time.Millisecond, "2"}} {
			mu.Lock()
			sent = nil
			mu.Unlock()
			if err := call(ListOptions{Namespace: "acme", Timeout: tt.timeout}); err != nil {
				t.Fatalf("%s with Timeout %s: %v", name, tt.timeout, err)
			}
			mu.Lock()
			if len(sent) == 0 || sent[0] != tt.want {
				t.Errorf("%s with Timeout %s sent Request-Timeout %q, want %q", name, tt.timeout, sent, tt.want)
			}
			mu.Unlock()
		}
		// The override is the deadline: a server that never answers is
		// given up on after it, and the error names it.
		err := call(ListOptions{Namespace: "acme", Timeout: 60 * time.Millisecond, ListParameters: api.ListParameters{Filter: "slow"}})
		var ae *APIError
		if !errors.As(err, &ae) || !IsDeadlineExceeded(err) || ae.Timeout != 60*time.Millisecond || !strings.Contains(err.Error(), "no answer within 60ms") {
			t.Errorf("%s on a silent server with Timeout 60ms: %v", name, err)
		}
	}
	if f.client.Timeout() != 20*time.Second {
		t.Errorf("the client's timeout changed: %s", f.client.Timeout())
	}
}
