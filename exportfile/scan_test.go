package exportfile

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/auditlog/auditlog/filters"
)

var testNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func entryJSON(i int, ns string, age time.Duration) string {
	m := map[string]any{
		"uuid":        fmt.Sprintf("%024x", i),
		"meta":        map[string]any{"kind": "AuditLog", "create_time": testNow.Add(-age).Format(time.RFC3339Nano)},
		"spec":        map[string]any{"operation": []string{"OPERATION_CREATE", "OPERATION_UPDATE", "OPERATION_DELETE"}[i%3], "claims": []string{fmt.Sprintf("email=user%d@example.com", i%5)}, "payload": map[string]any{"n": i, "text": strings.Repeat("x", i%50)}},
		"tenant_meta": map[string]any{"namespace": ns},
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// corpus is n entries over three namespaces, half of them older than the
// active window.
func corpus(n int) []string {
	nss := []string{"acme", "acme.prod", "globex"}
	out := make([]string, n)
	for i := range out {
		age := time.Duration(i%60) * 24 * time.Hour
		out[i] = entryJSON(i, nss[i%3], age)
	}
	return out
}

func ndjson(entries []string) []byte { return []byte(strings.Join(entries, "\n") + "\n") }

func envelope(entries []string, indent bool) []byte {
	raw := make([]json.RawMessage, len(entries))
	for i, e := range entries {
		raw[i] = json.RawMessage(e)
	}
	v := map[string]any{"list": map[string]any{"objects": raw, "response": map[string]any{"next_page_id": ""}}}
	if indent {
		b, _ := json.MarshalIndent(v, "", "  ")
		return b
	}
	b, _ := json.Marshal(v)
	return b
}

func stream(entries []string) []byte {
	var b bytes.Buffer
	for _, e := range entries {
		json.Indent(&b, []byte(e), "", "  ")
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func gz(b []byte) []byte {
	var out bytes.Buffer
	w := gzip.NewWriter(&out)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

// collectUUIDs runs a scan and returns the matches' uuids and tiers in order.
func collectUUIDs(t *testing.T, data []byte, opts Options) ([]string, Stats, error) {
	t.Helper()
	r, err := Decompress(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	st, err := Scan(context.Background(), r, opts, func(es []Entry) error {
		for _, e := range es {
			var v struct{ UUID string }
			if err := json.Unmarshal(e.Raw, &v); err != nil {
				t.Fatalf("line %d: %v", e.Line, err)
			}
			if bytes.IndexByte(e.Raw, '\n') >= 0 {
				t.Fatalf("line %d: Raw spans lines", e.Line)
			}
			got = append(got, fmt.Sprintf("%s/%d", v.UUID, e.Tier))
		}
		return nil
	})
	return got, st, err
}

// want computes, entry by entry, what a scan should return.
func want(t *testing.T, entries []string, filter string, ns string, traverse bool, tier Tier) []string {
	t.Helper()
	var m *filters.Matcher
	if filter != "" {
		e, err := filters.Parse(filter)
		if err != nil {
			t.Fatal(err)
		}
		m, _ = filters.Compile(e)
	}
	var out []string
	for _, e := range entries {
		var v struct {
			UUID string
			Meta struct {
				CreateTime time.Time `json:"create_time"`
			}
			TenantMeta struct{ Namespace string } `json:"tenant_meta"`
		}
		json.Unmarshal([]byte(e), &v)
		tr := Active
		if v.Meta.CreateTime.Before(testNow.Add(-ActiveWindow)) {
			tr = Archive
		}
		if tier != Both && tier != tr {
			continue
		}
		nsOK := ns == "" || v.TenantMeta.Namespace == ns || (traverse && strings.HasPrefix(v.TenantMeta.Namespace, ns+"."))
		if !nsOK || (m != nil && !m.MatchJSON([]byte(e), testNow)) {
			continue
		}
		out = append(out, fmt.Sprintf("%s/%d", v.UUID, tr))
	}
	return out
}

func TestScanFormats(t *testing.T) {
	entries := corpus(3000)
	formats := []struct {
		name string
		data []byte
	}{
		{"ndjson", ndjson(entries)},
		{"ndjson no final newline", bytes.TrimSuffix(ndjson(entries), []byte("\n"))},
		{"ndjson crlf blank lines", []byte(strings.Join(entries, "\r\n\r\n") + "\r\n")},
		{"envelope indented", envelope(entries, true)},
		{"envelope one line", envelope(entries, false)},
		{"stream", stream(entries)},
		{"ndjson.gz", gz(ndjson(entries))},
		{"envelope.gz", gz(envelope(entries, true))},
	}
	queries := []struct {
		filter   string
		ns       string
		traverse bool
		tier     Tier
	}{
		{"", "", false, Both},
		{"spec.operation == OPERATION_UPDATE and spec.claims matches 'user3@'", "", false, Both},
		{"", "acme", false, Both},
		{"", "acme", true, Active},
		{"spec.payload.n >= 100", "globex", true, Archive},
	}
	for _, f := range formats {
		for _, q := range queries {
			for _, chunk := range []int{0, 4096} {
				name := fmt.Sprintf("%s/%q ns=%s traverse=%v tier=%d chunk=%d", f.name, q.filter, q.ns, q.traverse, q.tier, chunk)
				t.Run(name, func(t *testing.T) {
					opts := Options{Now: testNow, Namespace: q.ns, Traverse: q.traverse, Tier: q.tier, ChunkSize: chunk, Workers: 3}
					if q.filter != "" {
						e, _ := filters.Parse(q.filter)
						opts.Filter, _ = filters.Compile(e)
					}
					got, st, err := collectUUIDs(t, f.data, opts)
					if err != nil {
						t.Fatal(err)
					}
					w := want(t, entries, q.filter, q.ns, q.traverse, q.tier)
					if !slices.Equal(got, w) {
						t.Fatalf("got %d entries, want %d (first got %v, want %v)", len(got), len(w), head(got), head(w))
					}
					if st.Entries != int64(len(entries)) || st.Matched != int64(len(w)) {
						t.Errorf("stats %+v, want %d entries, %d matched", st, len(entries), len(w))
					}
				})
			}
		}
	}
}

func head(s []string) []string { return s[:min(3, len(s))] }

func TestScanDuplicates(t *testing.T) {
	entries := corpus(10)
	data := ndjson(append(slices.Clone(entries), entries[2], entries[7]))
	got, st, err := collectUUIDs(t, data, Options{Now: testNow, Tier: Both, ChunkSize: 512})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 10 || st.Duplicates != 2 {
		t.Fatalf("got %d entries, %d duplicates; want 10 and 2", len(got), st.Duplicates)
	}
	// The same uuid with other bytes is an invalid entry, by its line.
	other := strings.Replace(entries[2], "OPERATION_", "OPERATION_X", 1)
	data = ndjson(append(slices.Clone(entries), other))
	_, _, err = collectUUIDs(t, data, Options{Now: testNow, Tier: Both})
	var le *LineError
	if !errors.As(err, &le) || le.Line != 11 || !strings.Contains(err.Error(), "also on line 3 with other content") {
		t.Fatalf("err = %v, want line 11 naming line 3", err)
	}
}

func TestScanInvalid(t *testing.T) {
	good := corpus(4)
	cases := []struct {
		name string
		data []byte
		line int
		msg  string
	}{
		{"bad json", ndjson([]string{good[0], good[1], `{"uuid":`, good[2]}), 3, "not valid JSON"},
		{"no uuid", ndjson([]string{good[0], `{"meta":{"create_time":"2026-01-01T00:00:00Z"},"tenant_meta":{"namespace":"a"}}`}), 2, "uuid is missing"},
		{"no namespace", ndjson([]string{`{"uuid":"a","meta":{"create_time":"2026-01-01T00:00:00Z"}}`}), 1, "tenant_meta.namespace is missing"},
		{"bad time", ndjson([]string{good[0], good[1], `{"uuid":"a","meta":{"create_time":"yesterday"},"tenant_meta":{"namespace":"a"}}`}), 3, "not an RFC 3339 time"},
		{"op not a string", ndjson([]string{`{"uuid":"a","meta":{"create_time":"2026-01-01T00:00:00Z"},"spec":{"operation":3},"tenant_meta":{"namespace":"a"}}`}), 1, "spec.operation is not a string"},
		{"unterminated stream", append(stream(good[:2]), []byte("{\n \"uuid\": \"x\",\n")...), 2*strings.Count(string(stream(good[:1])), "\n") + 1, "unterminated JSON value"},
		{"envelope bad separator", []byte("{\"list\": {\"objects\": [\n" + good[0] + "\n" + good[1] + "]}}"), 3, `expected ','`},
		{"stream garbage", append(stream(good[:1]), []byte("garbage, more\n")...), strings.Count(string(stream(good[:1])), "\n") + 1, "not valid JSON"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var n int
			_, _, err := collectUUIDs(t, tc.data, Options{Now: testNow, Tier: Both})
			var le *LineError
			if !errors.As(err, &le) || le.Line != tc.line || !strings.Contains(err.Error(), tc.msg) {
				t.Fatalf("err = %v, want line %d: …%s", err, tc.line, tc.msg)
			}
			_ = n
		})
	}
}

func TestScanLongLine(t *testing.T) {
	entries := corpus(5)
	big := strings.Replace(entries[2], `"text":"`, `"text":"`+strings.Repeat("y", 20000), 1)
	entries[2] = big
	got, _, err := collectUUIDs(t, ndjson(entries), Options{Now: testNow, Tier: Both, ChunkSize: 1024})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 5 {
		t.Fatalf("got %d entries, want 5", len(got))
	}
}

func TestScanCallbackErrorStops(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	_, err := Scan(context.Background(), bytes.NewReader(ndjson(corpus(5000))), Options{Now: testNow, ChunkSize: 4096, Tier: Both}, func(es []Entry) error {
		n++
		return stop
	})
	if !errors.Is(err, stop) || n != 1 {
		t.Fatalf("err = %v after %d calls, want stop after 1", err, n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = Scan(ctx, bytes.NewReader(ndjson(corpus(5000))), Options{Now: testNow, ChunkSize: 4096}, func([]Entry) error { return nil })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestScanDecode(t *testing.T) {
	entries := corpus(20)
	_, err := Scan(context.Background(), bytes.NewReader(ndjson(entries)), Options{Now: testNow, Decode: true, Tier: Both}, func(es []Entry) error {
		for _, e := range es {
			if e.Log.UUID == "" || e.Log.Meta.CreateTime.IsZero() || len(e.Log.Spec.Claims) != 1 {
				t.Errorf("line %d decoded as %+v", e.Line, e.Log)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestOpenGzip(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "export.ndjson.gz")
	data := ndjson(corpus(3))
	// Two gzip members, as `cat a.gz b.gz` makes.
	os.WriteFile(p, append(gz(data[:len(data)/2]), gz(data[len(data)/2:])...), 0o600)
	r, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil || !bytes.Equal(b, data) {
		t.Fatalf("read %d bytes, %v; want %d", len(b), err, len(data))
	}
	// A truncated file says gzip.
	os.WriteFile(p, gz(data)[:40], 0o600)
	r, _ = Open(p)
	_, err = io.ReadAll(r)
	if err == nil || !strings.Contains(err.Error(), "gzip") {
		t.Fatalf("truncated: err = %v", err)
	}
}
