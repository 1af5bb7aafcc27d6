package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/auditlog/auditlog/internal/ptytest"
	"github.com/auditlog/auditlog/safetext"
)

// hostile is text a hostile server sends: OSC 52 (writes the clipboard),
// a title change, clear screen, 8-bit CSI/OSC/ST, a right-to-left
// override and isolate, DEL, CR LF.
const hostile = "\x1b]52;c;cHduZWQ=\x07\x1b]0;pwned\x07\x1b[2J\u009b31m\u009d0;t\u009c\u202egpj.exe\u2066\x7f\r\nX"

// hostileRaw is the same as raw bytes for plain-text bodies, with bytes
// that are not UTF-8 (a lone 8-bit CSI among them).
const hostileRaw = hostile + "\x9b1m\xff"

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// hostileEntry is an AuditLog with hostile text in every string field.
func hostileEntry(uuid, payload string) string {
	h := jsonString(hostile)
	return `{"uuid":` + jsonString(uuid+hostile) + `,"meta":{"name":` + h + `,"kind":"AuditLog","create_time":"2026-01-02T03:04:05Z","created_by":` + h + `},` +
		`"spec":{"operation":` + h + `,"message_kind":` + h + `,"message_uuid":"obj1","payload":` + payload + `,` +
		`"error":{"code":3,"message":` + h + `},"claims":[` + jsonString("user="+hostile) + `],"remote_address":` + h + `},` +
		`"tenant_meta":{"namespace":` + h + `}}`
}

// hostileServer answers every request as mode says:
//
//	status-json  a 400 google.rpc.Status with a hostile message
//	plain-5xx    a 500 text/plain body of hostile raw bytes
//	bad-json     a 200 whose JSON does not decode, quoting hostile strings
//	data         a 200 with hostile text in every field, the cursor and the group keys
func hostileServer(t *testing.T, mode string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := jsonString(hostile)
		switch mode {
		case "status-json":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, `{"code":3,"message":%s,"details":[]}`, h)
		case "plain-5xx":
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.WriteHeader(http.StatusInternalServerError)
			w.Write([]byte(hostileRaw))
		case "bad-json":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"token":7,"list":{"objects":[{"meta":{"create_time":%s}}],"response":{"next_page_id":7}},"count_response":{"count":%s},"group_response":{"groups":{%s:{"aggregation_count":{"count":%s}}}}}`, h, h, h, h)
		case "data":
			w.Header().Set("Content-Type", "application/json")
			switch {
			case r.URL.Path == "/v1/auth/api-key":
				fmt.Fprint(w, `{"token":"hostile-token-1","expiration_time":"2030-01-01T00:00:00Z"}`)
			case r.URL.Path == "/v1/auth":
				fmt.Fprintf(w, `{"authentication_source":%s,"expiration_time":"2030-01-01T00:00:00Z","user":{"uuid":%s,"meta":{"name":%s},"spec":{"email":%s}},"tenants":[%s]}`, h, h, h, h, h)
			case r.URL.Query().Get("list_parameters.count") == "true":
				fmt.Fprint(w, `{"count_response":{"count":3}}`)
			case r.URL.Query().Get("list_parameters.group.aggregation_paths") != "":
				fmt.Fprintf(w, `{"group_response":{"groups":{%s:{"aggregation_count":{"count":2}},%s:{"aggregation_count":{"count":1}}}}}`,
					jsonString(`[{"key":"spec.operation","value":`+h+`}]`), h)
			case r.URL.Query().Get("list_parameters.page_id") != "":
				fmt.Fprintf(w, `{"list":{"objects":[%s],"response":{}}}`, hostileEntry("u3", `{"a":3}`))
			default:
				fmt.Fprintf(w, `{"list":{"objects":[%s,%s],"response":{"next_page_id":%s}}}`,
					hostileEntry("u1", `{"a":`+h+`}`), hostileEntry("u2", `{"a":`+jsonString(hostile+"2")+`,"b":`+h+`}`), h)
			}
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// checkTerminalSafe fails when b holds anything a terminal would act on:
// ESC or any other C0 control but newline, CR and tab, DEL, C1 controls
// (as characters or as lone bytes), bidi and other format characters.
func checkTerminalSafe(t *testing.T, stream string, b []byte) {
	t.Helper()
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		bad := false
		switch {
		case r == utf8.RuneError && n == 1:
			bad = true
		case r < 0x20:
			bad = r != '\n' && r != '\r' && r != '\t'
		case r == 0x7f:
			bad = true
		case r >= 0x80:
			bad = !safetext.IsSafe(string(r))
		}
		if bad {
			lo, hi := max(0, i-30), min(len(b), i+30)
			t.Errorf("%s holds %U at byte %d: …%q…", stream, r, i, b[lo:hi])
			return
		}
		i += n
	}
}

// TestHostileServer runs every command that talks to a server against one
// that answers every request with hostile errors or data, with stdout on a
// terminal and on a pipe, and checks stdout and stderr byte by byte.
func TestHostileServer(t *testing.T) {
	t.Parallel()
	cmds := []struct {
		name string
		args []string
		json bool // stdout is JSON: kept exact on a pipe, escaped on a terminal
	}{
		{"list json", []string{"list"}, true},
		{"list ndjson", []string{"list", "-o", "ndjson"}, true},
		{"list table", []string{"list", "-o", "table"}, false},
		{"list csv", []string{"list", "-o", "csv"}, false},
		{"list all json", []string{"list", "--list-all"}, true},
		{"list all ndjson", []string{"list", "--list-all", "-o", "ndjson"}, true},
		{"list all table", []string{"list", "--list-all", "-o", "table"}, false},
		{"list all csv", []string{"list", "--list-all", "-o", "csv"}, false},
		{"list both tiers", []string{"list", "--tier", "both", "-o", "table"}, false},
		{"archive", []string{"list", "--archive", "-o", "json"}, true},
		{"count", []string{"list", "--count"}, true},
		{"count table", []string{"list", "--count", "-o", "table"}, false},
		{"group json", []string{"list", "--group-aggregation-paths", "spec.operation"}, true},
		{"group table", []string{"list", "--group-aggregation-paths", "spec.operation", "-o", "table"}, false},
		{"group csv", []string{"list", "--group-aggregation-paths", "spec.operation", "-o", "csv"}, false},
		{"history", []string{"history", "obj1"}, false},
		{"history json", []string{"history", "obj1", "-o", "json"}, true},
		{"whoami", []string{"whoami"}, false},
		{"whoami json", []string{"whoami", "-o", "json"}, true},
		{"key exchange list", []string{"list", "-o", "table", "--api-key", "k-1", "--api-secret", "s-1"}, false},
		{"key exchange history", []string{"history", "obj1", "--api-key", "k-1", "--api-secret", "s-1"}, false},
	}
	for _, mode := range []string{"status-json", "plain-5xx", "bad-json", "data"} {
		srv := hostileServer(t, mode)
		for _, c := range cmds {
			for _, onTerm := range []bool{true, false} {
				name := mode + "/" + c.name + "/pipe"
				if onTerm {
					name = mode + "/" + c.name + "/terminal"
				}
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					args := append([]string{}, c.args...)
					args = append(args, "--api", srv.URL, "-n", "acme")
					if !strings.Contains(strings.Join(args, " "), "--api-key") {
						args = append(args, "--token", "tok-hostile-1")
					}
					var stdout []byte
					var stderr bytes.Buffer
					if onTerm {
						p := ptytest.Open(t)
						run(context.Background(), args, strings.NewReader(""), p.Term, &stderr)
						stdout = p.Output()
					} else {
						var b bytes.Buffer
						run(context.Background(), args, strings.NewReader(""), &b, &stderr)
						stdout = b.Bytes()
					}
					checkTerminalSafe(t, "stderr", stderr.Bytes())
					if onTerm || !c.json {
						checkTerminalSafe(t, "stdout", stdout)
					}
					if mode == "status-json" && !strings.Contains(stderr.String(), `\x1b]52;c;`) {
						t.Errorf("stderr does not show the server's message, escaped: %q", stderr.String())
					}
					if mode == "data" && len(stdout) == 0 {
						t.Errorf("no output; stderr %q", stderr.String())
					}
				})
			}
		}
	}
}

// TestHostileExport reads an export whose every string is hostile, through
// the streaming --file paths and the emulator's, and checks stdout and
// stderr byte by byte as TestHostileServer does.
func TestHostileExport(t *testing.T) {
	t.Parallel()
	path := t.TempDir() + "/hostile.ndjson"
	data := hostileEntry("u1", `{"a":`+jsonString(hostile)+`}`) + "\n" + hostileEntry("u2", `{"a":2}`) + "\n"
	dup := t.TempDir() + "/duplicate.ndjson"
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dup, []byte(hostileEntry("u1", "{}")+"\n"+hostileEntry("u1", "{}")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		args []string
		json bool
	}{
		{"list all json", []string{"list", "--list-all"}, true},
		{"list all ndjson", []string{"list", "--list-all", "-o", "ndjson"}, true},
		{"list all table", []string{"list", "--list-all", "-o", "table"}, false},
		{"list all csv", []string{"list", "--list-all", "-o", "csv"}, false},
		{"list page table", []string{"list", "-o", "table"}, false},
		{"list json, no stream", []string{"list", "--list-all", "--no-stream"}, true},
		{"count", []string{"list", "--count"}, true},
		{"group table", []string{"list", "--group-aggregation-paths", "spec.operation", "-o", "table"}, false},
		{"group json", []string{"list", "--group-aggregation-paths", "spec.operation"}, true},
		{"history", []string{"history", "obj1"}, false},
		{"history json", []string{"history", "obj1", "-o", "json"}, true},
		{"a duplicate uuid", []string{"list", "--no-stream", "-o", "table"}, false},
		{"a duplicate uuid, streamed", []string{"list", "--list-all", "-o", "table"}, false},
	} {
		for _, onTerm := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/terminal=%v", c.name, onTerm), func(t *testing.T) {
				t.Parallel()
				file := path
				if strings.HasPrefix(c.name, "a duplicate") {
					file = dup
				}
				args := append(append([]string{}, c.args...), "--file", file)
				var stdout []byte
				var stderr bytes.Buffer
				if onTerm {
					p := ptytest.Open(t)
					run(context.Background(), args, strings.NewReader(""), p.Term, &stderr)
					stdout = p.Output()
				} else {
					var b bytes.Buffer
					run(context.Background(), args, strings.NewReader(""), &b, &stderr)
					stdout = b.Bytes()
				}
				checkTerminalSafe(t, "stderr", stderr.Bytes())
				if onTerm || !c.json {
					checkTerminalSafe(t, "stdout", stdout)
				}
			})
		}
	}
}
