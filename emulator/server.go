package emulator

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// DefaultDemoSize is the number of entries --demo generates when no size
// is given: three years of history for four namespaces of the demo tenant
// and one of another, loaded in about a second.
const DefaultDemoSize = 20000

// DefaultSeed is the generator's seed when Options.Seed is zero.
const DefaultSeed = 1

// DemoTenant is the tenant whose token the demo hands out.
const DemoTenant = "acme"

// Options configures Start.
type Options struct {
	// Addr is the listening address; "" means 127.0.0.1:0 (a free
	// loopback port).
	Addr string
	// DBPath is the SQLite database file; "" means a temporary database
	// removed by Close.
	DBPath string
	// Demo fills an empty database with DemoSize generated entries.
	Demo     bool
	DemoSize int   // 0 means DefaultDemoSize
	Seed     int64 // 0 means DefaultSeed
	// Token is the bearer token the server accepts; "" generates one.
	Token string
	// Tenant owns Token. "" means the demo tenant with Demo, else the root
	// namespace the stored entries share.
	Tenant string
	// Import lists files (NDJSON of AuditLog objects, or the JSON envelope
	// endorctl prints) to load into the database, in one transaction.
	Import []string
	// SkipInvalid skips invalid entries of Import or File (each is logged
	// at warning level) instead of failing.
	SkipInvalid bool
	// File serves one export read-only from memory (file mode): no
	// database, nothing purged, every namespace of the file in view.
	File string
	// Live adds a generated entry every LiveEvery (DefaultLiveEvery when
	// 0) while the server runs, through the CreateAuditLog path, so that
	// following new entries can be shown. It needs Demo.
	Live      bool
	LiveEvery time.Duration
	// liveTicks replaces the live ticker and liveAdded receives each live
	// entry's uuid (tests).
	liveTicks <-chan time.Time
	liveAdded chan<- string
	// timeouts replaces defaultTimeouts (tests).
	timeouts *httpTimeouts
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Logger receives request and retention logs; nil discards them.
	Logger *slog.Logger
}

// httpTimeouts bound the work of one connection (issue 9.4: idle
// keep-alive connections held the file table; a slowly sent body never
// timed out).
type httpTimeouts struct{ header, read, write, idle time.Duration }

// defaultTimeouts: a request (headers and body) must arrive within 30 s,
// its answer be written within 2 minutes (a group over a million archived
// entries takes seconds; a client's Request-Timeout ends a query sooner),
// and a keep-alive connection is closed after 60 s idle.
var defaultTimeouts = httpTimeouts{header: 10 * time.Second, read: 30 * time.Second, write: 2 * time.Minute, idle: 60 * time.Second}

// Server is a running emulator.
type Server struct {
	now     func() time.Time
	log     *slog.Logger
	store   store
	sql     *sqlStore // nil in file mode
	tmpDir  string
	purge   bool
	tenant  string
	token   string
	source  string // where the token came from, for the startup line
	handler http.Handler

	ids *idSource // uuids of created entries

	mu     sync.Mutex
	issued map[string]time.Time // tokens from POST /v1/auth/api-key → expiry

	ln        net.Listener
	srv       *http.Server
	stop      context.CancelFunc
	done      chan struct{}
	loops     sync.WaitGroup // retention and live loops
	closeOnce sync.Once
	closeErr  error

	// queryHook, when set (tests), runs with the request's context before
	// each store query, to make a query slow deterministically.
	queryHook func(ctx context.Context)
}

// Start opens the store, loads demo data or imports as asked, applies the
// retention policy and starts listening. The server is listening when
// Start returns; ctx bounds only the start-up work. Close stops it.
func Start(ctx context.Context, opts Options) (*Server, error) {
	s, err := newServer(ctx, opts)
	if err != nil {
		return nil, err
	}
	addr := opts.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		s.store.close()
		s.removeTemp()
		return nil, err
	}
	s.ln = ln
	to := defaultTimeouts
	if opts.timeouts != nil {
		to = *opts.timeouts
	}
	s.srv = &http.Server{Handler: s.handler, ReadHeaderTimeout: to.header, ReadTimeout: to.read,
		WriteTimeout: to.write, IdleTimeout: to.idle}
	bg, stop := context.WithCancel(context.Background())
	s.stop = stop
	s.done = make(chan struct{})
	go func() {
		defer close(s.done)
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("serve", "err", err)
		}
	}()
	if s.sql != nil {
		s.loops.Go(func() { s.retentionLoop(bg) })
	}
	if opts.Live {
		ticks := opts.liveTicks
		if ticks == nil {
			every := opts.LiveEvery
			if every <= 0 {
				every = DefaultLiveEvery
			}
			t := time.NewTicker(every)
			go func() { <-bg.Done(); t.Stop() }()
			ticks = t.C
		}
		seed := opts.Seed
		if seed == 0 {
			seed = DefaultSeed
		}
		s.loops.Go(func() { s.liveLoop(bg, ticks, seed, opts.liveAdded) })
	}
	return s, nil
}

// newServer builds a server without listening (Handler works on it).
func newServer(ctx context.Context, opts Options) (*Server, error) {
	s := &Server{now: opts.Now, log: opts.Logger, issued: map[string]time.Time{}, ids: newIDSource()}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opts.Live && !opts.Demo {
		return nil, errors.New("emulator: live entries are demo entries; Live needs Demo")
	}
	if opts.File != "" {
		if opts.Demo || len(opts.Import) > 0 || opts.DBPath != "" {
			return nil, errors.New("emulator: file mode serves one file; it takes no demo, import or database")
		}
		if err := s.openFile(opts); err != nil {
			return nil, err
		}
	} else if err := s.openDB(ctx, opts); err != nil {
		return nil, err
	}
	s.token, s.source = opts.Token, "given"
	if s.token == "" {
		s.token, s.source = newToken(), "generated"
	}
	s.handler = s.routes()
	return s, nil
}

func (s *Server) openFile(opts Options) error {
	var skip func(*lineError)
	if opts.SkipInvalid {
		skip = func(e *lineError) {
			s.log.Warn("skipped invalid entry", "file", opts.File, "line", e.Line, "err", e.Err)
		}
	}
	m, err := loadFile(opts.File, s.now(), skip)
	if err != nil {
		return fmt.Errorf("%s: %w", opts.File, err)
	}
	s.store = m
	s.tenant = opts.Tenant
	if s.tenant == "" {
		s.tenant = commonRoot(m.nss)
	}
	return nil
}

func (s *Server) openDB(ctx context.Context, opts Options) error {
	path := opts.DBPath
	temporary := path == ""
	if temporary {
		dir, err := os.MkdirTemp("", "auditlog-emulator-")
		if err != nil {
			return err
		}
		s.tmpDir = dir
		path = filepath.Join(dir, "emulator.db")
	}
	db, err := openSQL(path, temporary)
	if err != nil {
		s.removeTemp()
		return err
	}
	s.sql, s.store = db, db
	fail := func(err error) error {
		db.close()
		s.removeTemp()
		return err
	}
	now := s.now()
	active, archive, err := db.counts(ctx)
	if err != nil {
		return fail(err)
	}
	if opts.Demo && active+archive == 0 {
		size := opts.DemoSize
		if size <= 0 {
			size = DefaultDemoSize
		}
		seed := opts.Seed
		if seed == 0 {
			seed = DefaultSeed
		}
		if err := loadDemo(ctx, db, size, seed, demoEpoch(now)); err != nil {
			return fail(err)
		}
	}
	if len(opts.Import) > 0 {
		var skip func(*lineError)
		if opts.SkipInvalid {
			skip = func(e *lineError) { s.log.Warn("skipped invalid entry", "line", e.Line, "err", e.Err) }
		}
		if _, err := importFiles(ctx, db, opts.Import, now, skip); err != nil {
			return fail(err)
		}
	}
	imported, err := db.imported(ctx)
	if err != nil {
		return fail(err)
	}
	s.purge = !imported
	if _, _, kept, err := db.retain(ctx, now, s.purge); err != nil {
		return fail(err)
	} else if kept > 0 {
		s.log.Warn("retention kept entries in the active tier: the archive holds their uuids with other content", "entries", kept)
	}
	s.tenant = opts.Tenant
	if s.tenant == "" {
		if opts.Demo {
			s.tenant = DemoTenant
		} else {
			nss, err := db.namespaces(ctx)
			if err != nil {
				return fail(err)
			}
			s.tenant = commonRoot(nss)
			if s.tenant == allNamespaces {
				// A database shared by several tenants: the token
				// belongs to the first, as --tenant would say.
				s.tenant = strings.SplitN(nss[0], ".", 2)[0]
			}
			if s.tenant == "" {
				s.tenant = DemoTenant
			}
		}
	}
	return nil
}

// allNamespaces is the namespace of a file-mode server whose entries share
// no root (decisions.go): its token reads every namespace.
const allNamespaces = "*"

// commonRoot returns the longest dotted prefix that every namespace of nss
// is or is below; allNamespaces when they share none; "" when nss is empty.
func commonRoot(nss []string) string {
	if len(nss) == 0 {
		return ""
	}
	root := strings.Split(nss[0], ".")
	for _, ns := range nss[1:] {
		seg := strings.Split(ns, ".")
		n := 0
		for n < len(root) && n < len(seg) && root[n] == seg[n] {
			n++
		}
		root = root[:n]
	}
	if len(root) == 0 {
		return allNamespaces
	}
	return strings.Join(root, ".")
}

func newToken() string {
	b := make([]byte, 24)
	rand.Read(b)
	return "emu_" + hex.EncodeToString(b)
}

// retentionLoop applies the retention policy once a minute.
func (s *Server) retentionLoop(ctx context.Context) {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if moved, purged, err := s.RunRetention(ctx); err != nil {
				s.log.Error("retention", "err", err)
			} else if moved+purged > 0 {
				s.log.Info("retention", "moved", moved, "purged", purged)
			}
		}
	}
}

// RunRetention applies the retention policy now (by the server's clock):
// it moves entries older than 30 days to the archive and, unless the
// server holds imported entries or serves a file, purges archived entries
// older than 3 years. File mode changes nothing.
func (s *Server) RunRetention(ctx context.Context) (moved, purged int64, err error) {
	if s.sql == nil {
		return 0, 0, nil
	}
	moved, purged, kept, err := s.sql.retain(ctx, s.now(), s.purge)
	if kept > 0 {
		s.log.Warn("retention kept entries in the active tier: the archive holds their uuids with other content", "entries", kept)
	}
	return moved, purged, err
}

// URL returns the base URL, e.g. http://127.0.0.1:8787.
func (s *Server) URL() string { return "http://" + s.ln.Addr().String() }

// Token returns the bearer token the server accepts.
func (s *Server) Token() string { return s.token }

// TokenGenerated reports whether the token was generated (and so may be
// shown to the user) rather than given.
func (s *Server) TokenGenerated() bool { return s.source == "generated" }

// Tenant returns the tenant the token belongs to.
func (s *Server) Tenant() string { return s.tenant }

// Namespace returns the namespace to query with traverse=true to see
// everything the token may see. It is empty for a file-mode server on an
// export without entries (callers report that; cmd's --file does).
func (s *Server) Namespace() string { return s.tenant }

// Purges reports whether the server purges archived entries older than
// three years (false with imported entries and in file mode).
func (s *Server) Purges() bool { return s.sql != nil && s.purge }

// Counts returns the number of entries in the active store and in the
// archive.
func (s *Server) Counts() (active, archive int64) {
	a, b, err := s.store.counts(context.Background())
	if err != nil {
		s.log.Error("counts", "err", err)
	}
	return a, b
}

// Handler returns the HTTP handler, for use with httptest.
func (s *Server) Handler() http.Handler { return s.handler }

// Close stops listening, waits for requests in flight (up to five
// seconds), and closes the store; a temporary database is removed.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		if s.srv != nil {
			s.stop()
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			if err := s.srv.Shutdown(ctx); err != nil {
				s.srv.Close()
			}
			cancel()
			<-s.done
			s.loops.Wait()
		}
		s.closeErr = s.store.close()
		s.removeTemp()
	})
	return s.closeErr
}

func (s *Server) removeTemp() {
	if s.tmpDir != "" {
		os.RemoveAll(s.tmpDir)
	}
}

// canRead reports whether the tenant may read namespace ns.
func canRead(tenant, ns string) bool {
	return tenant == allNamespaces || inScope(ns, tenant, true)
}

// visibleNamespaces returns the namespaces the tenant may read that hold
// entries, with every ancestor of them within the tenant.
func (s *Server) visibleNamespaces(ctx context.Context) ([]string, error) {
	nss, err := s.store.namespaces(ctx)
	if err != nil {
		return nil, err
	}
	set := map[string]bool{}
	if s.tenant != allNamespaces {
		set[s.tenant] = true
	}
	for _, ns := range nss {
		if !canRead(s.tenant, ns) {
			continue
		}
		for p := ns; ; {
			set[p] = true
			i := strings.LastIndexByte(p, '.')
			if i < 0 || !canRead(s.tenant, p[:i]) {
				break
			}
			p = p[:i]
		}
	}
	out := make([]string, 0, len(set))
	for ns := range set {
		out = append(out, ns)
	}
	slices.Sort(out)
	return out, nil
}
