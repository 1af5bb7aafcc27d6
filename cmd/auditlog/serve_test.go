package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/auditlog/auditlog/api"
)

// lineWriter is a concurrency-safe writer that hands over each full line.
type lineWriter struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	all   bytes.Buffer
	lines chan string
}

func newLineWriter() *lineWriter { return &lineWriter{lines: make(chan string, 100)} }

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.all.Write(p)
	w.buf.Write(p)
	for {
		line, err := w.buf.ReadString('\n')
		if err != nil {
			w.buf.WriteString(line)
			return len(p), nil
		}
		w.lines <- strings.TrimSuffix(line, "\n")
	}
}

func (w *lineWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.all.String()
}

var listenRE = regexp.MustCompile(`listening on (http://127\.0\.0\.1:\d+)`)

// startServe runs `auditlog serve args…` until the returned stop is called,
// and returns the base URL from its startup line and the line itself.
func startServe(t *testing.T, args ...string) (url, line string, stop func() (int, string)) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, errw := newLineWriter(), newLineWriter()
	done := make(chan int, 1)
	go func() { done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), nil, out, errw) }()
	select {
	case line = <-out.lines:
	case code := <-done:
		cancel()
		t.Fatalf("serve exited with %d: %s", code, errw.String())
	}
	m := listenRE.FindStringSubmatch(line)
	if m == nil {
		cancel()
		t.Fatalf("startup line %q names no address", line)
	}
	return m[1], line, func() (int, string) {
		cancel()
		code := <-done
		return code, out.String() + errw.String()
	}
}

func TestServeAnswersTheDocsCurl(t *testing.T) {
	t.Setenv("ENDOR_TOKEN", "")
	url, line, stop := startServe(t, "--demo", "--size", "2000", "--token", "s3cret-token-value")
	if strings.Contains(line, "s3cret-token-value") {
		t.Fatalf("startup line prints the given token: %q", line)
	}
	for _, want := range []string{"tenant acme", "token from --token (not shown)", "active ", "archive "} {
		if !strings.Contains(line, want) {
			t.Errorf("startup line %q lacks %q", line, want)
		}
	}
	// As the Endor docs write it (reference §4.3, §6), on both tiers.
	for _, path := range []string{"/audit-logs", "/audit-logs/archived"} {
		req, _ := http.NewRequest("GET", url+"/v1/namespaces/acme"+path+"?list_parameters.filter=spec.operation%3D%3D%27OPERATION_CREATE%27&list_parameters.traverse=true", nil)
		req.Header.Set("Authorization", "Bearer s3cret-token-value")
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var env api.ListAuditLogsResponse
		err = json.NewDecoder(resp.Body).Decode(&env)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 || env.List == nil || len(env.List.Objects) == 0 {
			t.Fatalf("%s: status %d, %v", path, resp.StatusCode, err)
		}
		for _, o := range env.List.Objects {
			if o.Spec.Operation != api.OperationCreate {
				t.Errorf("%s: operation %s", o.UUID, o.Spec.Operation)
			}
		}
	}
	code, output := stop()
	if code != exitOK || !strings.Contains(output, "auditlog serve: stopped") {
		t.Errorf("exit %d, output:\n%s", code, output)
	}
	if strings.Contains(output, "s3cret-token-value") {
		t.Error("the given token appears in the output")
	}
}

func TestServeTokenSources(t *testing.T) {
	t.Setenv("ENDOR_TOKEN", "")
	url, line, stop := startServe(t, "--demo", "--size", "50")
	m := regexp.MustCompile(`generated: (emu_[0-9a-f]+)`).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("a generated token is not printed: %q", line)
	}
	req, _ := http.NewRequest("GET", url+"/v1/auth", nil)
	req.Header.Set("Authorization", "Bearer "+m[1])
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("generated token refused: %v %v", err, resp)
	}
	resp.Body.Close()
	stop()

	t.Setenv("ENDOR_TOKEN", "from-the-environment")
	_, line, stop = startServe(t, "--demo", "--size", "50", "--tenant", "globex")
	code, output := stop()
	if !strings.Contains(line, "token from ENDOR_TOKEN (not shown)") || !strings.Contains(line, "tenant globex") ||
		strings.Contains(output, "from-the-environment") || code != exitOK {
		t.Errorf("exit %d, startup line %q", code, line)
	}
}

func TestServeImport(t *testing.T) {
	t.Setenv("ENDOR_TOKEN", "")
	dir := t.TempDir()
	good := filepath.Join(dir, "good.ndjson")
	now := time.Now().UTC()
	lines := ""
	for i, ns := range []string{"acme.prod", "acme.dev", "acme.prod", "acme"} {
		ct := now.Add(-time.Duration(i*20) * 24 * time.Hour).Format(time.RFC3339Nano)
		lines += `{"uuid":"66000000000000000000000` + string(rune('0'+i)) + `","meta":{"create_time":"` + ct + `"},"spec":{"operation":"OPERATION_CREATE"},"tenant_meta":{"namespace":"` + ns + `"}}` + "\n"
	}
	os.WriteFile(good, []byte(lines), 0o644)
	_, line, stop := startServe(t, "--import", good, "--db", filepath.Join(dir, "a.db"))
	stop()
	if !strings.Contains(line, "tenant acme") || !strings.Contains(line, "active 2, archive 2") || !strings.Contains(line, "no purge") {
		t.Errorf("startup line %q", line)
	}

	bad := filepath.Join(dir, "bad.ndjson")
	os.WriteFile(bad, []byte(lines+"{not json\n"), 0o644)
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--import", bad}, nil, &out, &errb)
	if code != exitUsage || !strings.Contains(errb.String(), "line 5") {
		t.Errorf("bad import: exit %d, stderr %q", code, errb.String())
	}
}

func TestServeLiveAndCreate(t *testing.T) {
	t.Setenv("ENDOR_TOKEN", "")
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--live"}, nil, &out, &errb)
	if code != exitUsage || !strings.Contains(errb.String(), "--live adds demo entries; it needs --demo") {
		t.Errorf("--live without --demo: exit %d, stderr %q", code, errb.String())
	}

	url, line, stop := startServe(t, "--demo", "--size", "50", "--live", "--token", "live-token")
	defer stop()
	if !strings.Contains(line, "live: a new entry every 20s") {
		t.Errorf("startup line %q does not say it is live", line)
	}
	// The create route the live entries use, as a client posts it.
	body := `{"spec":{"operation":"OPERATION_CREATE","message_kind":"internal.endor.ai.endor.v1.Project"}}`
	req, _ := http.NewRequest("POST", url+"/v1/namespaces/acme/audit-logs", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer live-token")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var got api.AuditLog
	err = json.NewDecoder(resp.Body).Decode(&got)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 || len(got.UUID) != 24 || got.TenantMeta.Namespace != "acme" || got.Meta.CreateTime.IsZero() {
		t.Fatalf("create: %d %v %+v", resp.StatusCode, err, got)
	}
}

// TestServeDrawsImportedTextSafely: the tenant and namespace on the
// startup line and a skipped duplicate's uuid in the log come from the
// imported file, so they are drawn with safetext.
func TestServeDrawsImportedTextSafely(t *testing.T) {
	t.Setenv("ENDOR_TOKEN", "")
	dir := t.TempDir()
	ns := "ev\x1b]0;pwned\x07il"
	uuid := "66\x1b[2J0000000000000000000001"
	now := time.Now().UTC().Format(time.RFC3339Nano)
	entry := func(desc string) string {
		return `{"uuid":"` + strings.ReplaceAll(uuid, "\x1b", `\u001b`) + `","meta":{"create_time":"` + now + `","description":"` + desc + `"},"spec":{},"tenant_meta":{"namespace":"` +
			strings.NewReplacer("\x1b", `\u001b`, "\x07", `\u0007`).Replace(ns) + `"}}` + "\n"
	}
	file := filepath.Join(dir, "hostile.ndjson")
	os.WriteFile(file, []byte(entry("a")+entry("b")), 0o600)
	_, line, stop := startServe(t, "--import", file, "--skip-invalid")
	_, output := stop()
	if strings.ContainsAny(line+output, "\x1b\x07") {
		t.Errorf("raw control characters reach the terminal:\n%q\n%q", line, output)
	}
	if !strings.Contains(line, `tenant ev\x1b]0;pwned\ail`) || !strings.Contains(output, "also on line 1") {
		t.Errorf("startup line %q, output %q", line, output)
	}
}
