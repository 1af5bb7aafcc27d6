package emulator

import (
	"context"
	"fmt"
	"time"
)

// retain applies the retention policy at now in one transaction: entries
// older than activeWindow move from active to archive; with purge, archived
// entries older than archiveWindow are deleted. A failure at any point
// (including a crash, which SQLite's journal rolls back on the next open)
// leaves both tables as they were.
//
// kept counts the entries past the active window that stay in the active
// table because the archive holds their uuid with other content.
func (s *sqlStore) retain(ctx context.Context, now time.Time, purge bool) (moved, purged, kept int64, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, 0, err
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	cut := instant(now.Add(-activeWindow))
	if _, err = tx.ExecContext(ctx, fmt.Sprintf(
		"INSERT OR IGNORE INTO archive(%[1]s) SELECT %[1]s FROM active WHERE ctime < ? ORDER BY uuid", columns), cut); err != nil {
		return 0, 0, 0, err
	}
	if s.retentionHook != nil {
		if err = s.retentionHook(); err != nil {
			return 0, 0, 0, err
		}
	}
	// Only what the archive now holds byte for byte leaves the active
	// table: an entry whose uuid the archive holds with other content
	// stays where it is (issue 9.1; imports and creates refuse such a
	// pair, so this guards evidence against any other way in).
	res, err := tx.ExecContext(ctx, `DELETE FROM active WHERE ctime < ?
		AND EXISTS (SELECT 1 FROM archive WHERE archive.uuid = active.uuid AND archive.doc = active.doc)`, cut)
	if err != nil {
		return 0, 0, 0, err
	}
	moved, _ = res.RowsAffected()
	if err = tx.QueryRowContext(ctx, "SELECT count(*) FROM active WHERE ctime < ?", cut).Scan(&kept); err != nil {
		return 0, 0, 0, err
	}
	if purge {
		res, err = tx.ExecContext(ctx, "DELETE FROM archive WHERE ctime < ?", instant(archiveCutoff(now)))
		if err != nil {
			return 0, 0, 0, err
		}
		purged, _ = res.RowsAffected()
	}
	if err = tx.Commit(); err != nil {
		return 0, 0, 0, err
	}
	return moved, purged, kept, nil
}
