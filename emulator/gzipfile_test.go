package emulator

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGzipExport: a gzip-compressed export serves, in file mode and by
// import, the same answers as the plain file; a truncated one says gzip.
func TestGzipExport(t *testing.T) {
	t.Parallel()
	plain := writeDemoFile(t, 300)
	data, err := os.ReadFile(plain)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(data)
	zw.Close()
	gz := filepath.Join(t.TempDir(), "export.ndjson.gz")
	os.WriteFile(gz, b.Bytes(), 0o600)
	ref, err := Start(context.Background(), Options{File: plain, Now: fixedClock, Token: "t"})
	if err != nil {
		t.Fatal(err)
	}
	defer ref.Close()
	q := params("traverse", "true", "page_size", "500")
	want := get(t, ref, logs, q)
	for _, opts := range []Options{{File: gz, Now: fixedClock, Token: "t"}, {Import: []string{gz}, Now: fixedClock, Token: "t"}} {
		s, err := Start(context.Background(), opts)
		if err != nil {
			t.Fatalf("%+v: %v", opts, err)
		}
		got := get(t, s, logs, q)
		s.Close()
		if got.status != 200 || string(got.body) != string(want.body) {
			t.Errorf("file %q import %v: %d %.200s", opts.File, opts.Import, got.status, got.body)
		}
	}
	os.WriteFile(gz, b.Bytes()[:b.Len()/2], 0o600)
	for _, opts := range []Options{{File: gz, Now: fixedClock}, {Import: []string{gz}, Now: fixedClock}} {
		if _, err := Start(context.Background(), opts); err == nil || !strings.Contains(err.Error(), "gzip") {
			t.Errorf("truncated %+v: err = %v", opts, err)
		}
	}
}
