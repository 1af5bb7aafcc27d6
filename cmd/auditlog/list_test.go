package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// runCmd runs the command line as main does and returns the exit status
// and both streams.
func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// fixtureEntry is an AuditLog for export files.
type fixtureEntry struct {
	uuid, ns, op, kind, object, user, addr string
	at                                     time.Time
	payload                                string
	errCode                                int
}

func (e fixtureEntry) json() string {
	m := map[string]any{
		"uuid": e.uuid,
		"meta": map[string]any{"name": e.uuid, "kind": "AuditLog", "version": "v1", "create_time": e.at.UTC().Format(time.RFC3339Nano)},
		"spec": map[string]any{
			"operation": e.op, "message_kind": "internal.endor.ai.endor.v1." + e.kind, "message_uuid": e.object,
			"claims": []string{"email=" + e.user, "user=" + e.user + "@google"}, "remote_address": e.addr,
		},
		"tenant_meta": map[string]any{"namespace": e.ns},
	}
	if e.payload != "" {
		m["spec"].(map[string]any)["payload"] = json.RawMessage(e.payload)
	}
	if e.errCode != 0 {
		m["spec"].(map[string]any)["error"] = map[string]any{"code": e.errCode, "message": "denied", "details": []any{}}
	}
	b, _ := json.Marshal(m)
	return string(b)
}

var now = time.Now().UTC()

// fixture entries: two tenants' namespaces, ages from minutes to five years
// (an export is evidence: nothing is purged), an object with a history,
// hostile strings.
var fixtureEntries = []fixtureEntry{
	{uuid: "000000000000000000000001", ns: "acme", op: "OPERATION_CREATE", kind: "Policy", object: "66a000000000000000000001", user: "jane@example.com", addr: "10.244.3.1", at: now.Add(-5 * 365 * 24 * time.Hour), payload: `{"@type":"type.googleapis.com/internal.endor.ai.endor.v1.Policy","spec":{"enabled":true,"rules":["a"]}}`},
	{uuid: "000000000000000000000002", ns: "acme.prod", op: "OPERATION_UPDATE", kind: "Policy", object: "66a000000000000000000001", user: "bob@example.com", addr: "2001:db8::1", at: now.Add(-40 * 24 * time.Hour), payload: `{"@type":"type.googleapis.com/internal.endor.ai.endor.v1.Policy","spec":{"enabled":false,"rules":["a","b"]}}`},
	{uuid: "000000000000000000000003", ns: "acme.prod", op: "OPERATION_DELETE", kind: "Policy", object: "66a000000000000000000001", user: "jane@example.com", addr: "10.0.0.7", at: now.Add(-2 * time.Hour)},
	{uuid: "000000000000000000000004", ns: "acme.dev", op: "OPERATION_CREATE", kind: "Project", object: "66a000000000000000000002", user: "eve\x1b[31m\u202e@example.com", addr: "=HYPERLINK(\"http://evil\")", at: now.Add(-time.Hour), errCode: 7},
	{uuid: "000000000000000000000005", ns: "acme.dev", op: "OPERATION_UPSERT", kind: "ScanResult", object: "66a000000000000000000003", user: "scheduler", addr: "-1+1", at: now.Add(-30 * time.Minute)},
}

func writeExport(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	for _, e := range fixtureEntries {
		b.WriteString(e.json())
		b.WriteByte('\n')
	}
	p := filepath.Join(t.TempDir(), "export.ndjson")
	if err := os.WriteFile(p, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// envelope is the JSON endorctl prints.
type envelope struct {
	List struct {
		Objects []struct {
			UUID       string `json:"uuid"`
			TenantMeta struct {
				Namespace string `json:"namespace"`
			} `json:"tenant_meta"`
		} `json:"objects"`
		Response map[string]any `json:"response"`
	} `json:"list"`
	CountResponse *struct {
		Count int64 `json:"count"`
	} `json:"count_response"`
}

func uuidsOf(t *testing.T, out string) []string {
	t.Helper()
	var env envelope
	if err := json.Unmarshal([]byte(out), &env); err != nil {
		t.Fatalf("output is not the JSON envelope: %v\n%s", err, out)
	}
	var u []string
	for _, o := range env.List.Objects {
		u = append(u, o.UUID)
	}
	return u
}

func TestListFileShowsEveryEntry(t *testing.T) {
	t.Parallel()
	file := writeExport(t)
	all := []string{"000000000000000000000001", "000000000000000000000002", "000000000000000000000003", "000000000000000000000004", "000000000000000000000005"}
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"list-all: every namespace, every age", []string{"--list-all"}, all},
		{"one page", []string{"--page-size", "2"}, all[:2]},
		{"newest first", []string{"--list-all", "--sort-order", "descending"}, []string{all[4], all[3], all[2], all[1], all[0]}},
		{"-n narrows to a namespace and its children", []string{"--list-all", "-n", "acme.prod"}, all[1:3]},
		{"a filter on operation and claims", []string{"--list-all", "--filter", "spec.operation in [OPERATION_CREATE, OPERATION_DELETE] and spec.claims matches '.*jane.*'"}, []string{all[0], all[2]}},
		{"relative time with days", []string{"--list-all", "--filter", "meta.create_time >= now(-1d)"}, all[2:]},
		{"the archive only", []string{"--list-all", "--tier", "archive"}, all[:2]},
		{"--archive", []string{"--list-all", "--archive"}, all[:2]},
		{"the active store only", []string{"--list-all", "--tier", "active"}, all[2:]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, out, errOut := runCmd(t, append([]string{"list", "--file", file}, tt.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if got := uuidsOf(t, out); !slices.Equal(got, tt.want) {
				t.Errorf("uuids = %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestListPagesWithTheCursor(t *testing.T) {
	t.Parallel()
	file := writeExport(t)
	var got []string
	cursor := ""
	for range 10 {
		args := []string{"list", "--file", file, "--page-size", "2"}
		if cursor != "" {
			args = append(args, "--page-id", cursor)
		}
		code, out, errOut := runCmd(t, args...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		got = append(got, uuidsOf(t, out)...)
		var env envelope
		json.Unmarshal([]byte(out), &env)
		next, _ := env.List.Response["next_page_id"].(string)
		if next == "" {
			break
		}
		cursor = next
	}
	if len(got) != len(fixtureEntries) {
		t.Errorf("paged through %v", got)
	}
}

func TestListOutputs(t *testing.T) {
	t.Parallel()
	file := writeExport(t)
	t.Run("ndjson is one raw object per line", func(t *testing.T) {
		t.Parallel()
		code, out, errOut := runCmd(t, "list", "--file", file, "--list-all", "-o", "ndjson")
		if code != 0 {
			t.Fatal(errOut)
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(lines) != len(fixtureEntries) {
			t.Fatalf("%d lines", len(lines))
		}
		for _, l := range lines {
			if !json.Valid([]byte(l)) {
				t.Errorf("not JSON: %s", l)
			}
		}
	})
	t.Run("table notes go to stderr, rows to stdout", func(t *testing.T) {
		t.Parallel()
		code, out, errOut := runCmd(t, "list", "--file", file, "--page-size", "2", "-o", "table")
		if code != 0 {
			t.Fatal(errOut)
		}
		if lines := strings.Count(out, "\n"); lines != 3 || strings.Contains(out, "more:") {
			t.Errorf("stdout should hold the header and two rows:\n%s", out)
		}
		if !strings.Contains(errOut, "more: --page-id ") {
			t.Errorf("stderr lacks the next-page hint: %q", errOut)
		}
		code, out, errOut = runCmd(t, "list", "--file", file, "--filter", "spec.operation == OPERATION_UNSPECIFIED", "-o", "table")
		if code != 0 || out != "" || !strings.Contains(errOut, "no entries") {
			t.Errorf("empty table: exit %d, stdout %q, stderr %q", code, out, errOut)
		}
	})
	t.Run("table is aligned and escapes control characters", func(t *testing.T) {
		t.Parallel()
		code, out, errOut := runCmd(t, "list", "--file", file, "--list-all", "-o", "table")
		if code != 0 {
			t.Fatal(errOut)
		}
		if strings.ContainsAny(out, "\x1b\u202e") {
			t.Errorf("raw escape sequence in the table:\n%q", out)
		}
		if !strings.Contains(out, `eve\x1b[31m\u{202e}@`) {
			t.Errorf("the hostile user is not shown escaped:\n%s", out)
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(lines) != 1+len(fixtureEntries) || !strings.HasPrefix(lines[0], "TIME") {
			t.Fatalf("table:\n%s", out)
		}
		col := strings.Index(lines[0], "ADDRESS")
		for _, l := range lines[1:] {
			// Every row's address starts under the header (display width).
			if w := len([]rune(l)); w < col {
				t.Errorf("short row %q", l)
			}
		}
		if !strings.Contains(out, "permission-denied") {
			t.Errorf("the failed operation is not marked:\n%s", out)
		}
	})
	t.Run("csv neutralises formulas", func(t *testing.T) {
		t.Parallel()
		code, out, errOut := runCmd(t, "list", "--file", file, "--list-all", "-o", "csv")
		if code != 0 {
			t.Fatal(errOut)
		}
		recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 1+len(fixtureEntries) {
			t.Fatalf("%d records", len(recs))
		}
		addr := map[string]string{}
		for _, r := range recs[1:] {
			addr[r[7]] = r[9]
			for _, cell := range r {
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
					t.Errorf("cell %q would run as a formula", cell)
				}
			}
		}
		if addr["000000000000000000000004"] != `'=HYPERLINK("http://evil")` || addr["000000000000000000000005"] != "'-1+1" {
			t.Errorf("addresses = %v", addr)
		}
	})
	t.Run("count", func(t *testing.T) {
		t.Parallel()
		code, out, _ := runCmd(t, "list", "--file", file, "--count")
		if code != 0 || strings.TrimSpace(out) != `{"count_response":{"count":5}}` {
			t.Errorf("exit %d, %q", code, out)
		}
		code, out, _ = runCmd(t, "list", "--file", file, "--count", "-o", "table", "--filter", "spec.operation==OPERATION_CREATE")
		if code != 0 || strings.TrimSpace(out) != "2" {
			t.Errorf("exit %d, %q", code, out)
		}
	})
	t.Run("group", func(t *testing.T) {
		t.Parallel()
		code, out, errOut := runCmd(t, "list", "--file", file, "--group-aggregation-paths", "spec.operation", "-o", "table")
		if code != 0 {
			t.Fatal(errOut)
		}
		if !strings.Contains(out, "2  spec.operation=OPERATION_CREATE") {
			t.Errorf("groups:\n%s", out)
		}
	})
}

func TestListRejectsBadInput(t *testing.T) {
	t.Parallel()
	file := writeExport(t)
	tests := []struct {
		name string
		args []string
		want []string // in stderr
	}{
		{"a bad filter shows the caret", []string{"--filter", "spec.operation == "}, []string{"invalid filter", "(1:", "^"}},
		{"a bad sort order", []string{"--sort-order", "sideways"}, []string{"sort order"}},
		{"a bad output", []string{"-o", "xml"}, []string{"unknown output"}},
		{"a bad tier", []string{"--tier", "cold"}, []string{"unknown tier"}},
		{"--archive against --tier", []string{"--archive", "--tier", "active"}, []string{"--archive contradicts"}},
		{"a page size over 500", []string{"--page-size", "501"}, []string{"--page-size"}},
		{"--demo with --file", []string{"--demo"}, []string{"alternatives"}},
		{"an unknown flag", []string{"--bogus"}, []string{"unknown flag"}},
		{"--tier both sorts by time only", []string{"--sort-path", "spec.operation"}, []string{"--tier both merges"}},
		{"a bad cursor", []string{"--page-id", "both.@@@"}, []string{"cursor"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, out, errOut := runCmd(t, append([]string{"list", "--file", file}, tt.args...)...)
			wantCode := 2
			if code != wantCode {
				t.Errorf("exit %d, want %d (stderr %q)", code, wantCode, errOut)
			}
			if out != "" {
				t.Errorf("stdout = %q", out)
			}
			for _, w := range tt.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr %q does not contain %q", errOut, w)
				}
			}
		})
	}
}

func TestListWithoutCredentialsSaysWhatToDo(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	for _, k := range []string{"ENDOR_TOKEN", "ENDOR_API_CREDENTIALS_KEY", "ENDOR_API_CREDENTIALS_SECRET", "ENDOR_NAMESPACE", "ENDOR_CONFIG_PATH", "ENDOR_API"} {
		t.Setenv(k, "")
	}
	code, _, errOut := runCmd(t, "list", "-n", "acme")
	if code != 2 || !strings.Contains(errOut, "no credentials") || !strings.Contains(errOut, "--demo") {
		t.Errorf("exit %d: %s", code, errOut)
	}
	t.Setenv("ENDOR_TOKEN", "tok-SECRET-xyz")
	code, _, errOut = runCmd(t, "list")
	if code != 2 || !strings.Contains(errOut, "no namespace") || strings.Contains(errOut, "tok-SECRET-xyz") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

func TestListDemoBothTiers(t *testing.T) {
	t.Parallel()
	count := func(args ...string) int64 {
		code, out, errOut := runCmd(t, append([]string{"list", "--demo", "--demo-size", "400", "--count"}, args...)...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		var env envelope
		if err := json.Unmarshal([]byte(out), &env); err != nil || env.CountResponse == nil {
			t.Fatalf("%q: %v", out, err)
		}
		return env.CountResponse.Count
	}
	active, archive, both := count(), count("--tier", "archive"), count("--tier", "both")
	if active == 0 || archive == 0 || both != active+archive {
		t.Fatalf("active %d + archive %d != both %d", active, archive, both)
	}
	code, out, errOut := runCmd(t, "list", "--demo", "--demo-size", "400", "--tier", "both", "--list-all")
	if code != 0 {
		t.Fatal(errOut)
	}
	if got := len(uuidsOf(t, out)); int64(got) != both {
		t.Errorf("--list-all --tier both gave %d entries, want %d", got, both)
	}
	_ = fmt.Sprint
}

func TestListABadFileNamesTheLine(t *testing.T) {
	t.Parallel()
	p := filepath.Join(t.TempDir(), "bad.ndjson")
	os.WriteFile(p, []byte(fixtureEntries[0].json()+"\n{\"uuid\": oops}\n"), 0o600)
	code, out, errOut := runCmd(t, "list", "--file", p)
	if code != 2 || out != "" || strings.Count(errOut, "bad.ndjson") != 1 || !strings.Contains(errOut, "line ") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	empty := filepath.Join(t.TempDir(), "empty.ndjson")
	os.WriteFile(empty, nil, 0o600)
	code, _, errOut = runCmd(t, "list", "--file", empty)
	if code != 2 || !strings.Contains(errOut, "empty.ndjson holds no audit log entries") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	code, _, errOut = runCmd(t, "list", "--file", filepath.Join(t.TempDir(), "missing.ndjson"))
	if code != 2 || !strings.Contains(errOut, "missing.ndjson") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}
