package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/auditlog/auditlog/api"
	"github.com/auditlog/auditlog/parquetlog"
	"github.com/parquet-go/parquet-go"
)

// TestParquetMatchesNDJSON writes the same query as NDJSON and as Parquet
// (streamed from --file, and through the emulator) and reads the Parquet
// file back: one row per NDJSON line, in the same order, with the line as
// its json column and the typed columns equal to the line's fields.
func TestParquetMatchesNDJSON(t *testing.T) {
	file := demoFile(t)
	query := []string{"list", "--file", file, "--list-all", "-n", "acme", "--filter", "spec.operation in [OPERATION_UPDATE, OPERATION_DELETE] or spec.error exists"}
	code, nd, serr := runCmd(t, append(query, "-o", "ndjson")...)
	if code != 0 {
		t.Fatalf("ndjson: exit %d: %s", code, serr)
	}
	lines := strings.Split(strings.TrimSuffix(nd, "\n"), "\n")
	if len(lines) < 100 {
		t.Fatalf("only %d entries: not a useful comparison", len(lines))
	}
	for _, extra := range [][]string{nil, {"--no-stream"}} {
		p := filepath.Join(t.TempDir(), "export.parquet")
		code, out, serr := runCmd(t, append(append(query, "-o", "parquet", "-O", p), extra...)...)
		if code != 0 || out != "" {
			t.Fatalf("%v parquet: exit %d, %d bytes on stdout: %s", extra, code, len(out), serr)
		}
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		st, _ := f.Stat()
		rows, err := parquet.Read[parquetlog.Row](f, st.Size())
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != len(lines) {
			t.Fatalf("%v: %d rows, %d NDJSON lines", extra, len(rows), len(lines))
		}
		errors := 0
		for i, r := range rows {
			if r.JSON != lines[i] {
				t.Fatalf("%v row %d: json column differs from line %d:\n%s\n%s", extra, i, i+1, r.JSON, lines[i])
			}
			var e api.AuditLog
			if err := json.Unmarshal([]byte(lines[i]), &e); err != nil {
				t.Fatal(err)
			}
			ok := r.UUID == e.UUID && r.CreateTime.Equal(e.Meta.CreateTime.Truncate(1000)) && r.Operation == string(e.Spec.Operation) &&
				r.MessageKind == e.Spec.MessageKind && r.MessageUUID == e.Spec.MessageUUID && r.Actor == e.Actor() &&
				slices.Equal(r.Claims, e.Spec.Claims) && r.RemoteAddress == e.Spec.RemoteAddress && r.Namespace == e.TenantMeta.Namespace &&
				(r.ErrorCode != nil) == (e.Spec.Error != nil) && (r.Tier == "active" || r.Tier == "archive")
			if !ok {
				t.Fatalf("%v row %d: %+v\nentry %+v", extra, i, r, e)
			}
			if e.Spec.Error != nil {
				errors++
				if *r.ErrorCode != e.Spec.Error.Code.String() || *r.ErrorMessage != e.Spec.Error.UnescapedMessage() {
					t.Fatalf("row %d: error %q %q", i, *r.ErrorCode, *r.ErrorMessage)
				}
			}
		}
		if errors == 0 {
			t.Errorf("no failed operation among %d rows: the error columns went untested", len(rows))
		}
	}
	code, _, serr = runCmd(t, "list", "--file", file, "--count", "-o", "parquet")
	if code != 2 || !strings.Contains(serr, "parquet") {
		t.Errorf("--count -o parquet: exit %d, %q", code, serr)
	}
}
