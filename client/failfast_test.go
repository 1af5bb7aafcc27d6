package client

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/auditlog/auditlog/api"
)

// closedAddr returns an address where nothing listens.
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func TestUnreachableFailsAtOnce(t *testing.T) {
	t.Parallel()
	for _, base := range []string{"http://" + closedAddr(t), "http://no-such-host.invalid"} {
		t.Run(base, func(t *testing.T) {
			t.Parallel()
			clock := &fakeClock{}
			c, err := New(base, WithToken(testToken))
			if err != nil {
				t.Fatal(err)
			}
			c.sleep = clock.sleep
			_, resp, err := c.List(context.Background(), ListOptions{Namespace: "acme"})
			var ue *UnreachableError
			if !errors.As(err, &ue) {
				t.Fatalf("err = %v, want an *UnreachableError", err)
			}
			if len(clock.Waits()) != 0 || resp != nil {
				t.Errorf("retried: waits %v", clock.Waits())
			}
			if !strings.Contains(err.Error(), "ENDOR_API") || !strings.Contains(err.Error(), base) {
				t.Errorf("the error does not say what to check: %v", err)
			}
		})
	}
}

// refused is a dial error as the kernel reports it.
func refused() error {
	return &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
}

type scriptTransport struct {
	mu     sync.Mutex
	n      int
	refuse map[int]bool
}

func (s *scriptTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	s.mu.Lock()
	s.n++
	refuse := s.refuse[s.n]
	s.mu.Unlock()
	if refuse {
		return nil, refused()
	}
	return http.DefaultTransport.RoundTrip(r)
}

// TestRestartThenBusyServerIsRetriedAfresh: a server that answered, then
// restarts (refused four times), then answers 429 and 503 twice before
// serving: the budget (5) starts afresh once it answers again, so the
// request succeeds.
func TestRestartThenBusyServerIsRetriedAfresh(t *testing.T) {
	t.Parallel()
	tr := &scriptTransport{refuse: map[int]bool{2: true, 3: true, 4: true, 5: true}}
	f := setup(t, WithHTTPClient(&http.Client{Transport: tr}))
	var n atomic.Int32
	f.mux.HandleFunc("/v1/namespaces/acme/audit-logs", func(w http.ResponseWriter, r *http.Request) {
		switch n.Add(1) {
		case 2:
			writeStatus(w, api.CodeResourceExhausted, "slow down")
		case 3, 4:
			writeStatus(w, api.CodeUnavailable, "warming up")
		default:
			fmt.Fprint(w, listBody("", entry("a", t0, "acme")))
		}
	})
	ctx := context.Background()
	if _, _, err := f.client.List(ctx, ListOptions{Namespace: "acme"}); err != nil {
		t.Fatal(err) // the server answers: from now on a refusal is a restart
	}
	page, resp, err := f.client.List(ctx, ListOptions{Namespace: "acme"})
	if err != nil {
		t.Fatalf("gave up after a restart and a busy spell: %v (waits %v)", err, f.clock.Waits())
	}
	if len(page.Entries) != 1 || resp.Attempts != 8 {
		t.Errorf("entries %d, attempts %d; want 1 and 8", len(page.Entries), resp.Attempts)
	}
}

// TestARefusalAfterAnAnswerIsRetried: a host that answered before is
// restarting, not wrong.
func TestARefusalAfterAnAnswerIsRetried(t *testing.T) {
	t.Parallel()
	tr := &scriptTransport{refuse: map[int]bool{2: true, 3: true, 4: true, 5: true, 6: true, 7: true}}
	f := setup(t, WithHTTPClient(&http.Client{Transport: tr}))
	f.mux.HandleFunc("/v1/namespaces/acme/audit-logs", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, listBody(""))
	})
	ctx := context.Background()
	if _, _, err := f.client.List(ctx, ListOptions{Namespace: "acme"}); err != nil {
		t.Fatal(err)
	}
	_, _, err := f.client.List(ctx, ListOptions{Namespace: "acme"})
	var ue *UnreachableError
	if err == nil || errors.As(err, &ue) || len(f.clock.Waits()) != DefaultMaxRetries {
		t.Errorf("err %v after %d waits; want a network error after %d retries", err, len(f.clock.Waits()), DefaultMaxRetries)
	}
}

func TestRetryNoticeTellsOfTheWait(t *testing.T) {
	t.Parallel()
	var notices []RetryNotice
	f := setup(t, WithRetryNotice(func(n RetryNotice) { notices = append(notices, n) }))
	var n atomic.Int32
	f.mux.HandleFunc("/v1/namespaces/acme/audit-logs", func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.Header().Set("Retry-After", "30")
			writeStatus(w, api.CodeResourceExhausted, "slow down")
			return
		}
		fmt.Fprint(w, listBody(""))
	})
	if _, _, err := f.client.List(context.Background(), ListOptions{Namespace: "acme"}); err != nil {
		t.Fatal(err)
	}
	if len(notices) != 1 || notices[0].Wait != 30*time.Second || notices[0].Attempt != 2 || !strings.Contains(notices[0].Err.Error(), "slow down") {
		t.Errorf("notices = %+v", notices)
	}
}

func TestURITooLongNamesTheFilter(t *testing.T) {
	t.Parallel()
	f := setup(t)
	f.mux.HandleFunc("/v1/namespaces/acme/audit-logs", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusRequestURITooLong)
	})
	_, _, err := f.client.List(context.Background(), ListOptions{Namespace: "acme", ListParameters: api.ListParameters{Filter: strings.Repeat("a", 100)}})
	if !IsInvalidArgument(err) || !strings.Contains(err.Error(), "filter is too long") {
		t.Errorf("err = %v", err)
	}
}

// TestAnInterruptedWalkSaysWhereToContinue: a page fails; the error's
// cursor continues the listing with no entry lost or repeated, for one
// store and for both merged.
func TestAnInterruptedWalkSaysWhereToContinue(t *testing.T) {
	t.Parallel()
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	tests := []struct {
		name    string
		tier    Tier
		active  map[string]string // cursor → page
		archive map[string]string
		fail    string // the active cursor that fails once
		want    string
	}{
		{
			name: "one store", tier: TierActive,
			active: map[string]string{"": listBody("c1", entry("a", at(1), "x"), entry("b", at(2), "x")), "c1": listBody("", entry("c", at(3), "x"))},
			fail:   "c1", want: "a,b,c",
		},
		{
			name: "the first page", tier: TierActive,
			active: map[string]string{"": listBody("", entry("a", at(1), "x"))},
			fail:   "", want: "a",
		},
		{
			name: "both stores", tier: TierBoth,
			active:  map[string]string{"": listBody("ac1", entry("a", at(1), "x"), entry("c", at(3), "x")), "ac1": listBody("", entry("e", at(5), "x"))},
			archive: map[string]string{"": listBody("", entry("b", at(2), "x"), entry("d", at(4), "x"))},
			fail:    "ac1", want: "a,b,c,d,e",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := setup(t)
			var failed atomic.Bool
			serve := func(pages map[string]string, canFail bool) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) {
					cur := r.URL.Query().Get("list_parameters.page_id")
					if canFail && cur == tt.fail && failed.CompareAndSwap(false, true) {
						writeStatus(w, api.CodeInternal, "boom")
						return
					}
					p, ok := pages[cur]
					if !ok {
						p = listBody("")
					}
					fmt.Fprint(w, p)
				}
			}
			f.mux.HandleFunc("/v1/namespaces/x/audit-logs", serve(tt.active, true))
			f.mux.HandleFunc("/v1/namespaces/x/audit-logs/archived", serve(tt.archive, false))
			opts := ListOptions{Namespace: "x", Tier: tt.tier}
			var got []string
			for round := 0; round < 2; round++ {
				var ie *InterruptedError
				for e, err := range f.client.All(context.Background(), opts) {
					if err != nil {
						if !errors.As(err, &ie) {
							t.Fatalf("err = %v, want an *InterruptedError", err)
						}
						break
					}
					got = append(got, e.UUID)
				}
				if ie == nil {
					break
				}
				if round == 1 {
					t.Fatal("the second walk failed too")
				}
				opts.Cursor = ie.Cursor
			}
			if !failed.Load() {
				t.Fatal("the page never failed")
			}
			if strings.Join(got, ",") != tt.want {
				t.Errorf("got %v, want %s", got, tt.want)
			}
		})
	}
}
