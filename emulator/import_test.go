package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// demoLines returns n generated entries.
func demoLines(t testing.TB, n int) [][]byte {
	t.Helper()
	var out [][]byte
	if err := generate(DefaultSeed, testNow, n, func(raw []byte) error {
		out = append(out, slices.Clone(raw))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func ndjson(lines [][]byte) string {
	var b strings.Builder
	for _, l := range lines {
		b.Write(l)
		b.WriteByte('\n')
	}
	return b.String()
}

// envelope prints lines as endorctl does: the list envelope, indented.
func envelope(t *testing.T, lines [][]byte) string {
	t.Helper()
	objs := make([]json.RawMessage, len(lines))
	for i, l := range lines {
		objs[i] = l
	}
	b, err := json.MarshalIndent(map[string]any{"list": map[string]any{"objects": objs, "response": map[string]any{}}}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// prettyStream prints lines as `jq '.list.objects[]'` does.
func prettyStream(t *testing.T, lines [][]byte) string {
	var b bytes.Buffer
	for _, l := range lines {
		json.Indent(&b, l, "", "  ")
		b.WriteByte('\n')
	}
	return b.String()
}

// TestImportFormats imports the same entries in each accepted format, into
// SQLite and in file mode, and finds the same entries, tiered by age, with
// the stored bytes equal to the compact input.
func TestImportFormats(t *testing.T) {
	t.Parallel()
	lines := demoLines(t, 300)
	want := map[string]string{}
	for _, l := range lines {
		r, _ := indexRecord(l)
		want[r.UUID] = string(l)
	}
	formats := map[string]string{
		"ndjson":   ndjson(lines),
		"envelope": envelope(t, lines),
		"stream":   prettyStream(t, lines),
		"crlf":     strings.ReplaceAll(ndjson(lines), "\n", "\r\n"),
		"one-line-envelope": func() string {
			var b bytes.Buffer
			json.Compact(&b, []byte(envelope(t, lines)))
			return b.String()
		}(),
	}
	for name, content := range formats {
		t.Run(name, func(t *testing.T) {
			path := writeFile(t, "in.json", content)
			for _, opts := range []Options{{Import: []string{path}, Now: fixedClock}, {File: path, Now: fixedClock}} {
				s, err := Start(context.Background(), opts)
				if err != nil {
					t.Fatal(err)
				}
				snap := snapshot(t, s.store)
				got := map[string]string{}
				for tr, es := range snap {
					for _, e := range es {
						r, err := s.store.get(context.Background(), tier(tr), e.uuid)
						if err != nil {
							t.Fatal(err)
						}
						got[e.uuid] = string(r.Raw)
						old := e.ctime < testNow.Add(-activeWindow).UnixNano()
						if old != (tier(tr) == tierArchive) {
							t.Errorf("%s in the wrong tier", e.uuid)
						}
					}
				}
				if len(got) != len(want) {
					t.Errorf("%T: %d entries, want %d", s.store, len(got), len(want))
				}
				for u, raw := range want {
					if got[u] != raw {
						t.Errorf("%T: %s stored differently", s.store, u)
						break
					}
				}
				if s.Purges() {
					t.Error("a server with imported entries purges them")
				}
				s.Close()
			}
		})
	}
}

func TestImportStopsAtInvalidLine(t *testing.T) {
	t.Parallel()
	lines := demoLines(t, 20)
	good := ndjson(lines[:5])
	tests := []struct {
		name    string
		content string
		line    int
		msg     string
	}{
		{"syntax", good + "{\"uuid\": oops}\n" + ndjson(lines[5:]), 6, "not valid JSON"},
		{"no uuid", good + "\n" + `{"meta":{"create_time":"2025-01-01T00:00:00Z"},"tenant_meta":{"namespace":"acme"}}` + "\n", 7, "uuid is missing"},
		{"bad time", good + `{"uuid":"a","meta":{"create_time":"yesterday"},"tenant_meta":{"namespace":"acme"}}` + "\n", 6, `meta.create_time "yesterday" is not an RFC 3339 time`},
		{"operation type", good + `{"uuid":"a","meta":{"create_time":"2025-01-01T00:00:00Z"},"spec":{"operation":3},"tenant_meta":{"namespace":"acme"}}` + "\n", 6, "spec.operation is not a string"},
		{"not an object", good + "[1,2]\n", 6, "not a JSON object"},
		{"conflicting duplicate", good + strings.Replace(string(lines[2]), "AuditLog", "Changed", 1) + "\n", 6, "also on line 3 with other content"},
		{"envelope syntax", envelope(t, lines[:3])[:400] + "\n}", 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, "bad.ndjson", tc.content)
			dbPath := filepath.Join(t.TempDir(), "db")
			_, err := Start(context.Background(), Options{DBPath: dbPath, Import: []string{path}, Now: fixedClock})
			var le *lineError
			if !errors.As(err, &le) {
				t.Fatalf("error %v, want a line error", err)
			}
			if tc.line > 0 && (le.Line != tc.line || !strings.Contains(le.Error(), tc.msg)) {
				t.Errorf("got %q, want line %d with %q", err, tc.line, tc.msg)
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name the file", err)
			}
			db, err := openSQL(dbPath, false)
			if err != nil {
				t.Fatal(err)
			}
			defer db.close()
			if a, b, _ := db.counts(context.Background()); a+b != 0 {
				t.Errorf("a failed import stored %d entries", a+b)
			}
			if tc.name != "conflicting duplicate" && tc.name != "envelope syntax" {
				// File mode names the same line.
				_, err := Start(context.Background(), Options{File: path, Now: fixedClock})
				if !errors.As(err, &le) || le.Line != tc.line {
					t.Errorf("file mode: %v, want line %d", err, tc.line)
				}
			}
		})
	}
}

func TestImportSkipInvalid(t *testing.T) {
	t.Parallel()
	lines := demoLines(t, 10)
	content := ndjson(lines[:4]) + "garbage\n" + ndjson(lines[4:7]) + `{"uuid":"x"}` + "\n" + ndjson(lines[7:]) + string(lines[0]) + "\n"
	path := writeFile(t, "in.ndjson", content)
	for _, mode := range []string{"import", "file"} {
		var logged bytes.Buffer
		opts := Options{SkipInvalid: true, Now: fixedClock, Logger: newTextLogger(&logged)}
		if mode == "file" {
			opts.File = path
		} else {
			opts.Import = []string{path}
		}
		s, err := Start(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		a, b := s.Counts()
		s.Close()
		if a+b != 10 {
			t.Errorf("%s: %d entries, want 10 (the identical duplicate kept once)", mode, a+b)
		}
		out := logged.String()
		if !strings.Contains(out, "line=5") || !strings.Contains(out, "line=9") || strings.Count(out, "skipped invalid entry") != 2 {
			t.Errorf("%s: skipped lines reported as:\n%s", mode, out)
		}
	}
}

// genReader produces an NDJSON stream of n entries on the fly and records
// the peak heap seen while it is read.
type genReader struct {
	lines   [][]byte
	n, i    int
	buf     []byte
	read    int64
	maxHeap uint64
}

func (g *genReader) Read(p []byte) (int, error) {
	for len(g.buf) == 0 {
		if g.i == g.n {
			return 0, io.EOF
		}
		l := g.lines[g.i%len(g.lines)]
		// A fresh uuid per copy: the first 24 bytes after `{"uuid":"`.
		line := slices.Clone(l)
		copy(line[9:], []byte(strings.Repeat("0", 16)))
		copy(line[9+16:], []byte(hex8(g.i)))
		g.buf = append(line, '\n')
		g.i++
	}
	n := copy(p, g.buf)
	g.buf = g.buf[n:]
	if g.read/(4<<20) != (g.read+int64(n))/(4<<20) {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		g.maxHeap = max(g.maxHeap, ms.HeapInuse)
	}
	g.read += int64(n)
	return n, nil
}

func hex8(i int) string {
	const digits = "0123456789abcdef"
	b := make([]byte, 8)
	for k := 7; k >= 0; k-- {
		b[k] = digits[i&15]
		i >>= 4
	}
	return string(b)
}

// TestImportStreams imports a stream several times larger than the heap
// the import may use.
func TestImportStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("streams tens of MB")
	}
	db, err := openSQL(filepath.Join(t.TempDir(), "s.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer db.close()
	n := 40000
	if raceEnabled {
		n = 10000
	}
	g := &genReader{lines: demoLines(t, 500), n: n}
	l, err := db.beginLoad(context.Background(), testNow)
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var st importStats
	if err := importReader(context.Background(), l, g, &st, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := l.commit(); err != nil {
		t.Fatal(err)
	}
	if st.Added != int64(n) {
		t.Fatalf("added %d", st.Added)
	}
	grown := int64(g.maxHeap) - int64(base.HeapInuse)
	if g.read < int64(n)*700 || grown > g.read/3 {
		t.Errorf("read %d MB, heap grew by %d MB: the import does not stream", g.read>>20, grown>>20)
	}
}

func TestLineCounter(t *testing.T) {
	t.Parallel()
	in := "a\nbb\n\nccc\nd"
	lc := &lineCounter{r: strings.NewReader(in)}
	io.ReadAll(lc)
	for off, want := range map[int64]int{0: 1, 1: 1, 2: 2, 5: 3, 6: 4, 10: 5} {
		if got := lc.line(off); got != want {
			t.Errorf("line(%d) = %d, want %d", off, got, want)
		}
	}
	lc.fold(6)
	if got := lc.line(10); got != 5 {
		t.Errorf("after fold line(10) = %d", got)
	}
	_ = time.Second
}
