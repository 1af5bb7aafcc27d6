package emulator

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// evidenceEntry is an entry of uuid created days before testNow, with a
// note that makes its content differ.
func evidenceEntry(uuid string, days int, note string) string {
	ct := testNow.Add(-time.Duration(days) * 24 * time.Hour).Format(time.RFC3339Nano)
	return fmt.Sprintf(`{"uuid":%q,"meta":{"create_time":%q,"description":%q},"spec":{"operation":"OPERATION_UPDATE"},"tenant_meta":{"namespace":"acme"}}`, uuid, ct, note)
}

func writeLines(t *testing.T, name string, lines ...string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestImportRefusesOneUUIDTwice is the attack of issue 9.1: one uuid with
// two contents, one copy old enough for the archive and one for the active
// tier. It is refused with both lines, in a database and in file mode;
// --skip-invalid keeps the first and reports the second.
func TestImportRefusesOneUUIDTwice(t *testing.T) {
	t.Parallel()
	const u = "650000000000000000000001"
	file := writeLines(t, "twice.ndjson",
		evidenceEntry("650000000000000000000000", 3, "other"),
		evidenceEntry(u, 40, "original"),
		evidenceEntry("650000000000000000000002", 3, "other"),
		evidenceEntry(u, 10, "altered"),
	)
	for _, o := range []Options{{Import: []string{file}}, {File: file}} {
		o.Now = fixedClock
		_, err := Start(context.Background(), o)
		if err == nil || !strings.Contains(err.Error(), "line 4: invalid entry: uuid "+u+" also on line 2 with other content") {
			t.Errorf("file %q: %v", o.File, err)
		}
		var logbuf bytes.Buffer
		o.SkipInvalid, o.Logger = true, newTextLogger(&logbuf)
		s, err := Start(context.Background(), o)
		if err != nil {
			t.Fatal(err)
		}
		active, archive := s.Counts()
		if active != 2 || archive != 1 || !strings.Contains(logbuf.String(), "also on line 2") {
			t.Errorf("file %q, skipping: active %d, archive %d, log %s", o.File, active, archive, logbuf.String())
		}
		if r := get(t, s, logs+"/"+u, nil); !strings.Contains(string(r.body), "original") {
			t.Errorf("kept the wrong copy: %s", r.body)
		}
		s.Close()
	}
}

func TestImportNamesTheOtherFileOrTheDatabase(t *testing.T) {
	t.Parallel()
	const u = "650000000000000000000009"
	a := writeLines(t, "a.ndjson", evidenceEntry(u, 40, "original"))
	b := writeLines(t, "b.ndjson", evidenceEntry("650000000000000000000008", 1, "x"), evidenceEntry(u, 1, "altered"))
	_, err := Start(context.Background(), Options{Import: []string{a, b}, Now: fixedClock})
	if err == nil || !strings.Contains(err.Error(), "line 2: invalid entry: uuid "+u+" also in "+a+" line 1 with other content") {
		t.Errorf("two files: %v", err)
	}
	db := filepath.Join(t.TempDir(), "e.db")
	s, err := Start(context.Background(), Options{DBPath: db, Import: []string{a}, Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err = Start(context.Background(), Options{DBPath: db, Import: []string{b}, Now: fixedClock})
	if err == nil || !strings.Contains(err.Error(), "line 2: invalid entry: uuid "+u+" already stored with other content") {
		t.Errorf("second import: %v", err)
	}
}

// TestRetentionDeletesOnlyWhatItArchived plants the pair an import can no
// longer make (one uuid, other content in each tier) and moves the clock
// past the active copy's 30 days: the active copy stays; an ordinary entry
// beside it moves.
func TestRetentionDeletesOnlyWhatItArchived(t *testing.T) {
	t.Parallel()
	now := testNow
	s, err := Start(context.Background(), Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const u, plain = "650000000000000000000011", "650000000000000000000012"
	for _, e := range []struct {
		table, raw string
	}{
		{"archive", evidenceEntry(u, 40, "original")},
		{"active", evidenceEntry(u, 10, "altered")},
		{"active", evidenceEntry(plain, 10, "plain")},
	} {
		r, err := indexRecord([]byte(e.raw))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.sql.db.Exec("INSERT INTO "+e.table+"("+columns+") VALUES (?, ?, ?, ?, ?, ?, ?)",
			r.UUID, r.NS, nil, r.Op, nil, r.CTime, r.Raw); err != nil {
			t.Fatal(err)
		}
	}
	// One day before the edge nothing moves; one day after, the plain
	// entry does and the altered copy stays.
	for _, tc := range []struct {
		days                 int
		wantActive, wantArch int64
	}{{19, 2, 1}, {21, 1, 2}} {
		now = testNow.Add(time.Duration(tc.days) * 24 * time.Hour)
		if _, _, err := s.RunRetention(context.Background()); err != nil {
			t.Fatal(err)
		}
		if a, b := s.Counts(); a != tc.wantActive || b != tc.wantArch {
			t.Errorf("day +%d: active %d, archive %d; want %d, %d", tc.days, a, b, tc.wantActive, tc.wantArch)
		}
	}
	for tr, want := range map[tier]string{tierActive: "altered", tierArchive: "original"} {
		r, err := s.store.get(context.Background(), tr, u)
		if err != nil || !strings.Contains(string(r.Raw), want) {
			t.Errorf("%s copy of %s: %v %s", tr, u, err, r.Raw)
		}
	}
}
