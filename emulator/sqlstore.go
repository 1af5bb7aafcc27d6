package emulator

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/auditlog/auditlog/filters"
	_ "modernc.org/sqlite" // registers the "sqlite" driver (pure Go)
)

// sqlStore keeps entries in SQLite: one table per tier, the raw JSON in
// doc, the indexed fields beside it. The indexes serve the documented
// query shapes: namespace + time, message kind + time, one object's
// history (message uuid + time), a uuid (get, page_id) and time order.
type sqlStore struct {
	db *sql.DB
	// retentionHook, when set (tests), runs between the copy into the
	// archive and the delete from the active table; an error aborts the
	// transaction there.
	retentionHook func() error
}

const schema = `
CREATE TABLE IF NOT EXISTS %[1]s (
	seq   INTEGER PRIMARY KEY,
	uuid  TEXT NOT NULL UNIQUE,
	ns    TEXT NOT NULL,
	kind  TEXT,
	op    TEXT,
	muuid TEXT,
	ctime INTEGER NOT NULL,
	doc   BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS %[1]s_ns_time ON %[1]s(ns, ctime);
CREATE INDEX IF NOT EXISTS %[1]s_kind_time ON %[1]s(kind, ctime);
CREATE INDEX IF NOT EXISTS %[1]s_muuid_time ON %[1]s(muuid, ctime);
CREATE INDEX IF NOT EXISTS %[1]s_time ON %[1]s(ctime, uuid);
`

var tables = [...]string{tierActive: "active", tierArchive: "archive"}

// openSQL opens (creating if needed) the database at path. temporary
// trades durability for speed: the file is thrown away on close.
func openSQL(path string, temporary bool) (*sqlStore, error) {
	sync, journal := "NORMAL", "WAL"
	if temporary {
		// Nothing survives a crash of a temporary database anyway; a
		// rollback journal in memory keeps transactions atomic.
		sync, journal = "OFF", "MEMORY"
	}
	// A database of audit logs is private: created 0600 before SQLite
	// opens it (SQLite gives its -wal and -shm files the same mode).
	if f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600); err == nil {
		f.Close()
	} else if !errors.Is(err, fs.ErrExist) {
		return nil, err
	}
	q := url.Values{}
	// Entries are about a kilobyte: bigger pages mean fewer overflow
	// pages and fewer writes. It applies when the file is created.
	q.Add("_pragma", "page_size(16384)")
	q.Add("_pragma", "journal_mode("+journal+")")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "synchronous("+sync+")")
	q.Add("_pragma", fmt.Sprintf("cache_size(%d)", queryCacheKiB))
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	if _, err := db.Exec("CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)"); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	for _, t := range tables {
		if _, err := db.Exec(fmt.Sprintf(schema, t)); err != nil {
			db.Close()
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
	}
	return &sqlStore{db: db}, nil
}

func (s *sqlStore) close() error { return s.db.Close() }

// optimize refreshes the planner's statistics after a bulk load, so that
// it picks the kind or namespace index over a scan in uuid order.
func (s *sqlStore) optimize(ctx context.Context) error {
	_, err := s.db.ExecContext(ctx, "ANALYZE")
	return err
}

const columns = "uuid, ns, kind, op, muuid, ctime, doc"

// Page cache sizes, in KiB (negative for SQLite), per connection. Queries
// want a warm cache: with 8 MB a count on a 1,000,000-entry archive took
// 55 ms, with 32 MB 6 ms. A bulk load wants a small one: every page it
// fills is freed on close by modernc's allocator one madvise at a time
// (32 MB made a 100,000-entry import 1.7 times slower than 4 MB). The
// loader's connection uses the small cache while it loads.
const (
	queryCacheKiB = -32768
	loadCacheKiB  = -4096
)

func (s *sqlStore) scan(ctx context.Context, q *query, fn func(r *record) (bool, error)) error {
	var b strings.Builder
	var args []any
	fmt.Fprintf(&b, "SELECT %s FROM %s WHERE ", columns, tables[q.Tier])
	where(&b, &args, q)
	col, dir := "uuid", ""
	if q.Desc {
		dir = " DESC"
	}
	if q.Order == orderCTime {
		fmt.Fprintf(&b, " ORDER BY ctime%s, uuid%s", dir, dir)
	} else {
		fmt.Fprintf(&b, " ORDER BY %s%s", col, dir)
	}
	if q.Limit > 0 || q.Offset > 0 {
		limit := q.Limit
		if limit <= 0 {
			limit = -1
		}
		b.WriteString(" LIMIT ? OFFSET ?")
		args = append(args, limit, q.Offset)
	}
	rows, err := s.db.QueryContext(ctx, b.String(), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var r record
	for rows.Next() {
		if err := scanRecord(rows, &r); err != nil {
			return err
		}
		more, err := fn(&r)
		if err != nil || !more {
			return err
		}
	}
	return rows.Err()
}

type rowScanner interface{ Scan(dest ...any) error }

func scanRecord(rows rowScanner, r *record) error {
	var kind, op, muuid sql.NullString
	if err := rows.Scan(&r.UUID, &r.NS, &kind, &op, &muuid, &r.CTime, &r.Raw); err != nil {
		return err
	}
	r.Has = 0
	r.Kind, r.Op, r.MUUID = kind.String, op.String, muuid.String
	if kind.Valid {
		r.Has |= hasKind
	}
	if op.Valid {
		r.Has |= hasOp
	}
	if muuid.Valid {
		r.Has |= hasMUUID
	}
	return nil
}

// where writes the WHERE clause of q: scope, pushed-down condition, cursor.
func where(b *strings.Builder, args *[]any, q *query) {
	if q.NS == allNamespaces {
		b.WriteString("1")
	} else if q.Traverse {
		b.WriteString("(ns = ? OR (ns > ? AND ns < ?))")
		*args = append(*args, q.NS, q.NS+".", q.NS+"/")
	} else {
		b.WriteString("ns = ?")
		*args = append(*args, q.NS)
	}
	if q.Where != nil {
		b.WriteString(" AND ")
		sqlCond(b, args, q.Where)
	}
	if a := q.After; a != nil {
		op := ">"
		if q.Desc {
			op = "<"
		}
		if q.Order == orderCTime {
			fmt.Fprintf(b, " AND (ctime, uuid) %s (?, ?)", op)
			*args = append(*args, a.CTime, a.UUID)
		} else {
			fmt.Fprintf(b, " AND uuid %s ?", op)
			*args = append(*args, a.UUID)
		}
	}
}

var sqlColumns = [...]string{fUUID: "uuid", fNS: "ns", fKind: "kind", fOp: "op", fMUUID: "muuid", fCTime: "ctime"}

var sqlOps = map[filters.Op]string{
	filters.Eq: "=", filters.Ne: "!=", filters.Lt: "<", filters.Le: "<=", filters.Gt: ">", filters.Ge: ">=",
}

// sqlCond writes c as SQL with the same answer as c.eval on every row.
// An absent optional field is NULL in its column. Operand lists are written
// as balanced trees, so that 1,000 or-ed comparisons nest 10 levels deep,
// not 1,000 (SQLite's limit is 1,000).
func sqlCond(b *strings.Builder, args *[]any, c *cond) {
	switch c.kind {
	case cAnd, cOr:
		op := " AND "
		if c.kind == cOr {
			op = " OR "
		}
		sqlTree(b, args, c.kids, op)
		return
	}
	col := sqlColumns[c.f]
	if c.f == fCTime {
		fmt.Fprintf(b, "ctime %s ?", sqlOps[c.op])
		*args = append(*args, c.t)
		return
	}
	var present string
	switch c.op {
	case filters.Eq, filters.Ne:
		present = col + " " + sqlOps[c.op] + " ?"
		*args = append(*args, c.strs[0])
	case filters.In, filters.NotIn:
		not := ""
		if c.op == filters.NotIn {
			not = "NOT "
		}
		switch {
		case len(c.strs) == 0:
			present = "0"
			if c.op == filters.NotIn {
				present = "1"
			}
		case len(c.strs) >= longList && jsonListable(c.strs):
			// One variable, whatever the length (SQLite allows 32,766).
			present = col + " " + not + "IN (SELECT value FROM json_each(?))"
			list, _ := json.Marshal(c.strs)
			*args = append(*args, string(list))
		default:
			present = col + " " + not + "IN (" + strings.TrimSuffix(strings.Repeat("?,", len(c.strs)), ",") + ")"
			for _, s := range c.strs {
				*args = append(*args, s)
			}
		}
	}
	// A comparison with NULL is never true in SQL, which is already the
	// answer for an absent field unless the evaluator says otherwise.
	if c.f.optional() && c.missing {
		fmt.Fprintf(b, "(%s IS NULL OR %s)", col, present)
		return
	}
	b.WriteString(present)
}

// sqlTree writes kids joined by op as a balanced tree of parenthesized
// pairs.
func sqlTree(b *strings.Builder, args *[]any, kids []*cond, op string) {
	if len(kids) == 1 {
		sqlCond(b, args, kids[0])
		return
	}
	mid := len(kids) / 2
	b.WriteByte('(')
	sqlTree(b, args, kids[:mid], op)
	b.WriteString(op)
	sqlTree(b, args, kids[mid:], op)
	b.WriteByte(')')
}

// jsonListable reports whether strs survive a round trip through a JSON
// array and SQLite's json_each unchanged: valid UTF-8 without NUL.
func jsonListable(strs []string) bool {
	for _, s := range strs {
		if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
			return false
		}
	}
	return true
}

func (s *sqlStore) count(ctx context.Context, q *query) (int64, error) {
	var b strings.Builder
	var args []any
	fmt.Fprintf(&b, "SELECT count(*) FROM %s WHERE ", tables[q.Tier])
	qq := *q
	qq.After = nil
	where(&b, &args, &qq)
	var n int64
	err := s.db.QueryRowContext(ctx, b.String(), args...).Scan(&n)
	return n, err
}

func (s *sqlStore) get(ctx context.Context, t tier, uuid string) (*record, error) {
	row := s.db.QueryRowContext(ctx, fmt.Sprintf("SELECT %s FROM %s WHERE uuid = ?", columns, tables[t]), uuid)
	var r record
	if err := scanRecord(row, &r); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, errNotFound
		}
		return nil, err
	}
	return &r, nil
}

func (s *sqlStore) counts(ctx context.Context) (active, archive int64, err error) {
	err = s.db.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM active), (SELECT count(*) FROM archive)").Scan(&active, &archive)
	return active, archive, err
}

func (s *sqlStore) namespaces(ctx context.Context) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT DISTINCT ns FROM active UNION SELECT DISTINCT ns FROM archive ORDER BY 1")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var ns string
		if err := rows.Scan(&ns); err != nil {
			return nil, err
		}
		out = append(out, ns)
	}
	return out, rows.Err()
}

// loader inserts entries in one transaction: all of them or none.
type loader struct {
	conn *sql.Conn
	tx   *sql.Tx
	ins  [2]*sql.Stmt
	prev [2]*sql.Stmt
	// archiveBefore routes an entry older than this (Unix ns) to the
	// archive table.
	archiveBefore int64
	added         [2]int64
	bulk          bool // indexes dropped, rebuilt by commit
}

// secondaryIndexes are the index name suffixes of schema (not the uuid
// index, which ON CONFLICT needs while loading).
var secondaryIndexes = []string{"ns_time", "kind_time", "muuid_time", "time"}

func (s *sqlStore) beginLoad(ctx context.Context, now time.Time) (*loader, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = %d", loadCacheKiB)); err != nil {
		conn.Close()
		return nil, err
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		conn.Close()
		return nil, err
	}
	l := &loader{conn: conn, tx: tx, archiveBefore: instant(now.Add(-activeWindow))}
	// Into an empty database, the secondary indexes are built after the
	// rows (one sort each) rather than row by row: several times faster.
	// It all happens in the one transaction.
	var stored int
	if err := tx.QueryRowContext(ctx, "SELECT EXISTS(SELECT 1 FROM active) OR EXISTS(SELECT 1 FROM archive)").Scan(&stored); err != nil {
		l.rollback()
		return nil, err
	}
	if stored == 0 {
		l.bulk = true
		for _, name := range tables {
			for _, ix := range secondaryIndexes {
				if _, err := tx.ExecContext(ctx, fmt.Sprintf("DROP INDEX IF EXISTS %s_%s", name, ix)); err != nil {
					l.rollback()
					return nil, err
				}
			}
		}
	}
	for t, name := range tables {
		// A uuid is stored once across both tiers: an entry whose uuid
		// the other tier holds is not inserted (add then compares).
		if l.ins[t], err = tx.PrepareContext(ctx, fmt.Sprintf(
			"INSERT INTO %s(%s) SELECT ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM %s WHERE uuid = ?) ON CONFLICT(uuid) DO NOTHING",
			name, columns, tables[1-t])); err != nil {
			l.rollback()
			return nil, err
		}
		if l.prev[t], err = tx.PrepareContext(ctx, fmt.Sprintf("SELECT doc FROM %s WHERE uuid = ?", name)); err != nil {
			l.rollback()
			return nil, err
		}
	}
	return l, nil
}

// errConflict reports a uuid that is already stored with other content.
var errConflict = errors.New("uuid already stored with different content")

// add stores r in its tier. An entry whose uuid is already stored with the
// same bytes is a duplicate (dup true, nothing written); with different
// bytes it is errConflict.
func (l *loader) add(ctx context.Context, r *record) (dup bool, err error) {
	t := tierActive
	if r.CTime < l.archiveBefore {
		t = tierArchive
	}
	res, err := l.ins[t].ExecContext(ctx, r.UUID, r.NS, nullable(r.Kind, r.Has&hasKind), nullable(r.Op, r.Has&hasOp),
		nullable(r.MUUID, r.Has&hasMUUID), r.CTime, r.Raw, r.UUID)
	if err != nil {
		return false, err
	}
	if n, _ := res.RowsAffected(); n == 1 {
		l.added[t]++
		return false, nil
	}
	// Stored already, in this tier or the other (issue 9.1: one uuid in
	// two tiers was once accepted, and retention then lost one copy).
	for _, tt := range []tier{t, 1 - t} {
		var prev []byte
		err := l.prev[tt].QueryRowContext(ctx, r.UUID).Scan(&prev)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return false, err
		}
		if string(prev) == string(r.Raw) {
			return true, nil
		}
		return false, fmt.Errorf("%w: %s", errConflict, r.UUID)
	}
	return false, fmt.Errorf("insert of %s changed no row", r.UUID)
}

func nullable(s string, has uint8) any {
	if has == 0 {
		return nil
	}
	return s
}

// commit rebuilds the indexes dropped for a bulk load and commits.
func (l *loader) commit() error {
	defer l.release()
	if l.bulk {
		for _, name := range tables {
			if _, err := l.tx.Exec(fmt.Sprintf(schema, name)); err != nil {
				l.tx.Rollback()
				return err
			}
		}
	}
	return l.tx.Commit()
}

// release gives the loader's connection back to the pool with the query
// cache size.
func (l *loader) release() {
	l.conn.ExecContext(context.Background(), fmt.Sprintf("PRAGMA cache_size = %d", queryCacheKiB))
	l.conn.Close()
}
func (l *loader) rollback() error {
	defer l.release()
	return l.tx.Rollback()
}

// imported reports whether entries were ever imported into the database;
// its archive is then never purged (decisions.go).
func (s *sqlStore) imported(ctx context.Context) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM settings WHERE key = 'imported'").Scan(&n)
	return n > 0, err
}

// markImported records, inside the import's transaction, that the
// database holds imported evidence.
func (l *loader) markImported(ctx context.Context) error {
	_, err := l.tx.ExecContext(ctx, "INSERT OR REPLACE INTO settings(key, value) VALUES ('imported', '1')")
	return err
}
