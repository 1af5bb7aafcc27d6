package emulator

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

type entryTime struct {
	uuid  string
	ctime int64
}

// snapshot lists every stored entry per tier.
func snapshot(t *testing.T, st store) [2][]entryTime {
	t.Helper()
	var out [2][]entryTime
	for _, tr := range []tier{tierActive, tierArchive} {
		q := query{Tier: tr, NS: allNamespaces}
		err := st.scan(context.Background(), &q, func(r *record) (bool, error) {
			out[tr] = append(out[tr], entryTime{r.UUID, r.CTime})
			return true, nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func TestRetentionMovesAndPurges(t *testing.T) {
	t.Parallel()
	now := testNow
	dbPath := filepath.Join(t.TempDir(), "r.db")
	s, err := Start(context.Background(), Options{DBPath: dbPath, Demo: true, DemoSize: 600, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	before := snapshot(t, s.store)
	all := append(slices.Clone(before[tierActive]), before[tierArchive]...)
	if len(all) != 600 || len(before[tierActive]) == 0 {
		t.Fatalf("demo: %d active, %d archived", len(before[tierActive]), len(before[tierArchive]))
	}
	for _, e := range before[tierActive] {
		if e.ctime < now.Add(-activeWindow).UnixNano() {
			t.Fatalf("%s is older than 30 days but active", e.uuid)
		}
	}
	now = now.Add(90 * 24 * time.Hour)
	moved, purged, err := s.RunRetention(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var wantActive, wantArchive []string
	var wantPurged int64
	for _, e := range all {
		switch {
		case e.ctime >= now.Add(-activeWindow).UnixNano():
			wantActive = append(wantActive, e.uuid)
		case e.ctime >= archiveCutoff(now).UnixNano():
			wantArchive = append(wantArchive, e.uuid)
		default:
			wantPurged++
		}
	}
	after := snapshot(t, s.store)
	uuids := func(es []entryTime) []string {
		var out []string
		for _, e := range es {
			out = append(out, e.uuid)
		}
		slices.Sort(out)
		return out
	}
	slices.Sort(wantActive)
	slices.Sort(wantArchive)
	if !slices.Equal(uuids(after[tierActive]), wantActive) || !slices.Equal(uuids(after[tierArchive]), wantArchive) {
		t.Errorf("after 90 days: %d active, %d archived; want %d, %d", len(after[tierActive]), len(after[tierArchive]), len(wantActive), len(wantArchive))
	}
	if moved != int64(len(before[tierActive])-len(wantActive)) || purged != wantPurged || wantPurged == 0 {
		t.Errorf("moved %d purged %d; want %d, %d", moved, purged, len(before[tierActive])-len(wantActive), wantPurged)
	}
}

// TestRetentionFailureLosesNothing aborts the retention transaction between
// the copy into the archive and the delete from the active table, reopens
// the database and finds every entry exactly once, where it was.
func TestRetentionFailureLosesNothing(t *testing.T) {
	t.Parallel()
	dbPath := filepath.Join(t.TempDir(), "r.db")
	s, err := Start(context.Background(), Options{DBPath: dbPath, Demo: true, DemoSize: 400, Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, s.store)
	s.sql.retentionHook = func() error { return errors.New("disk on fire") }
	s.now = func() time.Time { return testNow.Add(60 * 24 * time.Hour) }
	if _, _, err := s.RunRetention(context.Background()); err == nil {
		t.Fatal("the injected failure did not fail retention")
	}
	s.Close()
	db, err := openSQL(dbPath, false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.close()
	if after := snapshot(t, db); !slices.Equal(after[0], before[0]) || !slices.Equal(after[1], before[1]) {
		t.Errorf("after a failed retention: %d/%d entries, before %d/%d", len(after[0]), len(after[1]), len(before[0]), len(before[1]))
	}
}

// TestRetentionCrashLosesNothing kills a process in the middle of the
// retention transaction and checks the database on reopening.
func TestRetentionCrashLosesNothing(t *testing.T) {
	if path := os.Getenv("EMULATOR_CRASH_DB"); path != "" {
		// The child: die between the insert and the delete.
		db, err := openSQL(path, false)
		if err != nil {
			os.Exit(3)
		}
		db.retentionHook = func() error { os.Exit(7); return nil }
		db.retain(context.Background(), testNow.Add(60*24*time.Hour), true)
		os.Exit(4)
	}
	t.Parallel()
	dbPath := filepath.Join(t.TempDir(), "r.db")
	s, err := Start(context.Background(), Options{DBPath: dbPath, Demo: true, DemoSize: 400, Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, s.store)
	s.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^TestRetentionCrashLosesNothing$")
	cmd.Env = append(os.Environ(), "EMULATOR_CRASH_DB="+dbPath)
	err = cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 7 {
		t.Fatalf("child did not die mid-transaction: %v", err)
	}
	db, err := openSQL(dbPath, false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.close()
	if after := snapshot(t, db); !slices.Equal(after[0], before[0]) || !slices.Equal(after[1], before[1]) {
		t.Fatalf("after a crash: %d/%d entries, before %d/%d", len(after[0]), len(after[1]), len(before[0]), len(before[1]))
	}
	// And the next run completes the move.
	moved, _, _, err := db.retain(context.Background(), testNow.Add(60*24*time.Hour), true)
	if err != nil || moved != int64(len(before[tierActive])) {
		t.Errorf("retention after the crash moved %d of %d: %v", moved, len(before[tierActive]), err)
	}
}
