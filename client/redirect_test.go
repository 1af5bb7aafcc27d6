package client

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// TestRedirectsKeepCredentialsAtHome: a redirect to another origin (even
// another port of the same host) is not followed, nor is one that would
// send the key exchange's body again; a same-origin redirect of a GET is.
func TestRedirectsKeepCredentialsAtHome(t *testing.T) {
	t.Parallel()
	const key, secret = "key-REDIRECT-1", "secret-REDIRECT-2"
	var elsewhere atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		b, _ := io.ReadAll(r.Body)
		if r.Header.Get("Authorization") != "" || strings.Contains(string(b), secret) {
			t.Errorf("credentials reached another origin: %q %q", r.Header.Get("Authorization"), b)
		}
		w.Write([]byte(`{"token":"stolen"}`))
	}))
	t.Cleanup(other.Close)
	tests := []struct {
		name      string
		status    int
		to        string // "" for the same origin
		opts      []Option
		call      func(c *Client) error
		followed  bool
		elsewhere bool
	}{
		{"302 to another port", http.StatusFound, other.URL, nil, listCall, false, false},
		{"307 to another port", http.StatusTemporaryRedirect, other.URL, nil, listCall, false, false},
		{"307 of the key exchange, same origin", http.StatusTemporaryRedirect, "", []Option{WithAPIKey(key, secret)}, listCall, false, false},
		{"308 of the key exchange, elsewhere", http.StatusPermanentRedirect, other.URL, []Option{WithAPIKey(key, secret)}, listCall, false, false},
		{"a GET on the same origin is followed", http.StatusMovedPermanently, "", nil, listCall, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := tt.opts
			if len(opts) == 0 {
				opts = []Option{WithToken(testToken)}
			}
			var moved, exchanges atomic.Int32
			mux := http.NewServeMux()
			srv := httptest.NewServer(mux)
			t.Cleanup(srv.Close)
			redirect := func(w http.ResponseWriter, r *http.Request) {
				to := tt.to
				if to == "" {
					to = srv.URL
				}
				http.Redirect(w, r, to+"/moved"+r.URL.Path, tt.status)
			}
			mux.HandleFunc("/v1/auth/api-key", func(w http.ResponseWriter, r *http.Request) {
				exchanges.Add(1)
				redirect(w, r)
			})
			mux.HandleFunc("/v1/namespaces/acme/audit-logs", redirect)
			mux.HandleFunc("/moved/", func(w http.ResponseWriter, r *http.Request) {
				moved.Add(1)
				if r.Method == http.MethodPost {
					t.Errorf("the key exchange was posted again")
				}
				w.Write([]byte(listBody("")))
			})
			c, err := New(srv.URL, opts...)
			if err != nil {
				t.Fatal(err)
			}
			before := elsewhere.Load()
			err = tt.call(c)
			if followed := err == nil; followed != tt.followed {
				t.Fatalf("followed = %v (err %v), want %v", followed, err, tt.followed)
			}
			if elsewhere.Load() != before {
				t.Error("a request went to the other origin")
			}
			if !tt.followed {
				msg := err.Error()
				if !strings.Contains(msg, "redirects") || !strings.Contains(msg, "ENDOR_API") {
					t.Errorf("the error does not say why: %v", err)
				}
				for _, s := range []string{testToken, key, secret} {
					if strings.Contains(msg, s) {
						t.Errorf("the error holds a secret: %v", err)
					}
				}
			}
		})
	}
}

func listCall(c *Client) error {
	_, _, err := c.List(context.Background(), ListOptions{Namespace: "acme"})
	return err
}

// TestConfigThatIsNotAMapIsNotEchoed: the endorctl config holds secrets;
// a file that is a bare token, a list, or broken YAML is refused with a
// line number and none of its bytes.
func TestConfigThatIsNotAMapIsNotEchoed(t *testing.T) {
	t.Parallel()
	const secret = "tok-CONFIG-SECRET-77"
	for name, content := range map[string]string{
		"a bare token":     secret + "\n",
		"a list":           "- " + secret + "\n",
		"broken yaml":      "ENDOR_TOKEN: " + secret + "\n  : [" + secret,
		"a nested token":   "ENDOR_TOKEN:\n  value: " + secret + "\n",
		"a tab-broken map": "ENDOR_TOKEN:\t" + secret + "\n\tENDOR_API: x\n",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "config.yaml")
			os.WriteFile(path, []byte(content), 0o600)
			_, err := ResolveCredentials(Credentials{}, func(string) string { return "" }, path)
			if err == nil {
				t.Fatal("accepted")
			}
			if strings.Contains(err.Error(), secret[:5]) { // even a prefix
				t.Errorf("the error echoes the file: %v", err)
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("the error does not name the file: %v", err)
			}
		})
	}
}
