package emulator

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/auditlog/auditlog/api"
)

// TestConnectionsAreBounded is the attack of issue 9.4 on connections: a
// body sent slowly and an idle keep-alive connection are both closed by
// the server (short timeouts here; defaultTimeouts in use).
func TestConnectionsAreBounded(t *testing.T) {
	t.Parallel()
	s, err := Start(context.Background(), Options{Now: fixedClock,
		timeouts: &httpTimeouts{header: time.Second, read: 200 * time.Millisecond, write: time.Second, idle: 200 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	closed := func(name string, c net.Conn) {
		t.Helper()
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		_, err := io.Copy(io.Discard, c)
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			t.Errorf("%s: the server kept the connection open", name)
		}
	}
	addr := strings.TrimPrefix(s.URL(), "http://")
	slow, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	io.WriteString(slow, "POST /v1/auth/api-key HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
	closed("slow body", slow)

	idle, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()
	io.WriteString(idle, "GET /meta/version HTTP/1.1\r\nHost: x\r\n\r\n")
	br := bufio.NewReader(idle)
	if line, _ := br.ReadString('\n'); !strings.HasPrefix(line, "HTTP/1.1 200") {
		t.Fatalf("first request: %q", line)
	}
	closed("idle keep-alive", idle)
	if defaultTimeouts.read == 0 || defaultTimeouts.write == 0 || defaultTimeouts.idle == 0 {
		t.Error("a default timeout is unset")
	}
}

// TestGroupPathsAreChecked: unique_value_paths=@this once copied every
// document into one answer; group paths are now checked as mask and
// sort.path are.
func TestGroupPathsAreChecked(t *testing.T) {
	t.Parallel()
	s := startDemo(t, 30)
	for _, tc := range []struct{ param, path string }{
		{"group.unique_value_paths", "@this"},
		{"group.unique_count_paths", "spec.payload.spec.*"},
		{"group.unique_count_paths", "spec.payload.@this"},
		{"group.aggregation_paths", "spec.payload..x"},
		{"group.aggregation_paths", "meta.nope"},
		{"group_by_time.aggregation_paths", "#"},
	} {
		q := params(tc.param, tc.path, "traverse", "true")
		if !strings.HasSuffix(tc.param, "aggregation_paths") {
			q = params(tc.param, tc.path, "group.aggregation_paths", "spec.operation")
		}
		if strings.HasPrefix(tc.param, "group_by_time") {
			q.Set("list_parameters.group_by_time.interval", "GROUP_BY_TIME_INTERVAL_DAY")
		}
		r := get(t, s, logs, q)
		wantError(t, r, 400, api.CodeInvalidArgument, pathError(tc.param, tc.path))
	}
	q := params("group_by_time.aggregation_paths", "meta.create_time", "group_by_time.interval", "GROUP_BY_TIME_INTERVAL_DAY",
		"group_by_time.aggregation_operator", "sum", "group_by_time.aggregation_value_field", "..")
	wantError(t, get(t, s, logs, q), 400, api.CodeInvalidArgument, pathError("group_by_time.aggregation_value_field", ".."))
	if r := get(t, s, logs, params("group.aggregation_paths", "spec.operation,spec.payload.meta.kind", "group.unique_value_paths", "spec.message_kind")); r.status != 200 {
		t.Errorf("valid group paths: %d %s", r.status, r.body)
	}
}

// TestEntrySizeCap: an entry past maxEntryBytes is an invalid entry with a
// clear message, as a line, inside a stream of objects and in file mode;
// --skip-invalid skips it.
func TestEntrySizeCap(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	big := evidenceEntry("650000000000000000000021", 1, strings.Repeat("x", 2*maxEntryBytes))
	lines := filepath.Join(dir, "big.ndjson")
	os.WriteFile(lines, []byte(evidenceEntry("650000000000000000000020", 1, "a")+"\n"+big+"\n"+evidenceEntry("650000000000000000000022", 1, "b")+"\n"), 0o600)
	stream := filepath.Join(dir, "big.json")
	os.WriteFile(stream, []byte(evidenceEntry("650000000000000000000020", 1, "a")+"\n\n"+strings.Replace(big, `,"spec"`, ",\n  \"spec\"", 1)+"\n"), 0o600)
	const msg = "invalid entry: larger than 1048576 bytes, the limit of one entry"
	for _, tc := range []struct {
		name string
		o    Options
		line string
	}{
		{"import lines", Options{Import: []string{lines}}, "line 2: "},
		{"import stream", Options{Import: []string{stream}}, "line 3: "},
		{"file lines", Options{File: lines}, "line 2: "},
	} {
		tc.o.Now = fixedClock
		_, err := Start(context.Background(), tc.o)
		if err == nil || !strings.Contains(err.Error(), tc.line+msg) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	for _, o := range []Options{{Import: []string{lines}}, {File: lines}} {
		o.Now, o.SkipInvalid = fixedClock, true
		s, err := Start(context.Background(), o)
		if err != nil {
			t.Fatal(err)
		}
		if a, _ := s.Counts(); a != 2 {
			t.Errorf("skipping: %d active entries, want 2", a)
		}
		s.Close()
	}
}
