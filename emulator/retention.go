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
func (s *sqlStore) retain(ctx context.Context, now time.Time, purge bool) (moved, purged int64, err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, err
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	cut := now.Add(-activeWindow).UnixNano()
	if _, err = tx.ExecContext(ctx, fmt.Sprintf(
		"INSERT OR IGNORE INTO archive(%[1]s) SELECT %[1]s FROM active WHERE ctime < ? ORDER BY uuid", columns), cut); err != nil {
		return 0, 0, err
	}
	if s.retentionHook != nil {
		if err = s.retentionHook(); err != nil {
			return 0, 0, err
		}
	}
	res, err := tx.ExecContext(ctx, "DELETE FROM active WHERE ctime < ?", cut)
	if err != nil {
		return 0, 0, err
	}
	moved, _ = res.RowsAffected()
	if purge {
		res, err = tx.ExecContext(ctx, "DELETE FROM archive WHERE ctime < ?", archiveCutoff(now).UnixNano())
		if err != nil {
			return 0, 0, err
		}
		purged, _ = res.RowsAffected()
	}
	if err = tx.Commit(); err != nil {
		return 0, 0, err
	}
	return moved, purged, nil
}
