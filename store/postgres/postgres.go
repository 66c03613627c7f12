// Package postgres is the store on PostgreSQL, shared by several edufeed
// instances: the same interface as the bbolt store (store.Backend), plus
// leases so that each source is polled by one instance at a time.
//
// Writes of stories queue for one advisory lock, so that they run one at a
// time across instances (two instances saving copies of one story at the
// same moment store it once), and an instance's polls that finish while it
// saves share its next transaction (see save); the other writes are SERIALIZABLE
// transactions, retried when PostgreSQL reports a serialisation failure. Each instance keeps the version
// in memory and learns of other instances' writes by LISTEN/NOTIFY, with a
// periodic check of the version row as the fallback.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/edufeed/edufeed/feeds/merge"
	"github.com/edufeed/edufeed/store"
)

// Options tune Open.
type Options struct {
	// Match are the merge thresholds (TitleWindow, MaxDistance) as for the
	// bbolt store; SourceOrder as for the bbolt store; the other fields are ignored.
	Match store.Options
	// VersionCheck is how often the version row is read when no
	// notification came; default 5s.
	VersionCheck time.Duration
	// ConnectTimeout bounds the first connection; default 10s.
	ConnectTimeout time.Duration
	// OneShot opens the store for one command that writes and exits
	// (edufeed poll): it does not follow other instances' writes (no
	// listener, whose connection would wake at every commit) and opens at
	// most oneShotMaxConns connections unless the DSN sets pool_max_conns.
	OneShot bool
}

// DefaultVersionCheck is used when Options.VersionCheck is not positive.
const DefaultVersionCheck = 5 * time.Second

// notifyChannel is where every write that changed items says so.
const notifyChannel = "edufeed_version"

// defaultMaxConns is the pool size unless the DSN sets pool_max_conns. A
// connection's backend costs the server some 40 ms of CPU to start (and an
// `edufeed poll` starts them all); stories are written one at a time anyway,
// so eight serve the listener, a writer, lease renewals and readers.
const defaultMaxConns = 8

// oneShotMaxConns is the pool size of a OneShot store: its writes of
// stories run one at a time, and its polls' states are read in blocks, so
// a writer, a reader and a state write of a poll answered 304 keep it busy.
const oneShotMaxConns = 3

// maxAttempts bounds the retries of a transaction that failed to serialise.
const maxAttempts = 30

// Store is an open PostgreSQL store. Its methods are safe for concurrent use.
type Store struct {
	pool *pgxpool.Pool
	dsn  string // redacted, for messages
	rule merge.Rule
	// order breaks the ties of a merge, as store.Options.SourceOrder does
	// for the bbolt store.
	order atomic.Pointer[merge.Order]
	// writeMu queues this instance's exclusive writes before they take a
	// connection, so that waiting writers do not hold the pool's connections.
	writeMu sync.Mutex
	// saves gathers the polls that arrive while one saves (see save).
	saves saveQueue
	// version is the newest version seen, by a write of ours or by the listener.
	version atomic.Pointer[versionAt]
	// stop ends the listener; done is closed when it has. Both are nil for
	// a OneShot store, which has none.
	stop context.CancelFunc
	done chan struct{}
	// changed is signalled (without blocking) whenever the version moves,
	// for tests and for anyone who wants to wait for a change.
	mu      sync.Mutex
	changed chan struct{}
}

type versionAt struct {
	v   uint64
	mod time.Time
}

// Open connects to the database at dsn, creates or upgrades its schema and
// starts listening for other instances' writes. An unreachable database or a
// schema newer than this binary is an error.
func Open(ctx context.Context, dsn string, opts Options) (*Store, error) {
	red := Redact(dsn)
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("store postgres %s: parse dsn: %w", red, errors.New(Redact(err.Error())))
	}
	timeout := opts.ConnectTimeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	cfg.ConnConfig.ConnectTimeout = timeout
	if !strings.Contains(dsn, "pool_max_conns") {
		// pgxpool's default (4 on a small machine) is too few for a
		// listener, lease renewals, a writer and readers at once.
		cfg.MaxConns = defaultMaxConns
		if opts.OneShot {
			cfg.MaxConns = oneShotMaxConns
		}
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store postgres %s: %w", red, err)
	}
	pctx, cancel := context.WithTimeout(ctx, timeout)
	err = pool.Ping(pctx)
	cancel()
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("store postgres %s: database unreachable: %w", red, err)
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store postgres %s: %w", red, err)
	}
	s := &Store{pool: pool, dsn: red, rule: store.MatchRule(opts.Match), changed: make(chan struct{})}
	s.SetSourceOrder(opts.Match.SourceOrder)
	if err := s.refreshVersion(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store postgres %s: %w", red, err)
	}
	if opts.OneShot {
		return s, nil
	}
	every := opts.VersionCheck
	if every <= 0 {
		every = DefaultVersionCheck
	}
	lctx, stop := context.WithCancel(context.Background())
	s.stop, s.done = stop, make(chan struct{})
	go s.listen(lctx, every)
	return s, nil
}

// Close stops the listener, if any, and closes the connections.
func (s *Store) Close() error {
	if s.stop != nil {
		s.stop()
		<-s.done
	}
	s.pool.Close()
	return nil
}

// Path is the redacted DSN, for status output.
func (s *Store) Path() string { return s.dsn }

// Changed returns a channel closed at the next change of the version.
func (s *Store) Changed() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.changed
}

// noteVersion keeps v if it is newer than the one held.
func (s *Store) noteVersion(v uint64, mod time.Time) {
	for {
		cur := s.version.Load()
		if cur != nil && cur.v >= v {
			return
		}
		if s.version.CompareAndSwap(cur, &versionAt{v, mod.UTC()}) {
			s.mu.Lock()
			close(s.changed)
			s.changed = make(chan struct{})
			s.mu.Unlock()
			return
		}
	}
}

func (s *Store) refreshVersion(ctx context.Context) error {
	var (
		v   int64
		mod *time.Time
	)
	if err := s.pool.QueryRow(ctx, `SELECT version, modified FROM meta`).Scan(&v, &mod); err != nil {
		return fmt.Errorf("read version: %w", err)
	}
	var m time.Time
	if mod != nil {
		m = *mod
	}
	if s.version.Load() == nil {
		s.version.Store(&versionAt{uint64(v), m.UTC()})
		return nil
	}
	s.noteVersion(uint64(v), m)
	return nil
}

// listen follows other instances' writes: a notification, or every
// interval without one, reads the version row. A lost connection is
// reopened on the next round; meanwhile the version stays as it was and
// readers get the last rendered bytes.
func (s *Store) listen(ctx context.Context, every time.Duration) {
	defer close(s.done)
	var conn *pgxpool.Conn
	defer func() {
		if conn != nil {
			conn.Release()
		}
	}()
	for ctx.Err() == nil {
		if conn == nil {
			c, err := s.pool.Acquire(ctx)
			if err == nil {
				if _, err = c.Exec(ctx, "LISTEN "+notifyChannel); err != nil {
					c.Release()
				} else {
					conn = c
				}
			}
		}
		if conn != nil {
			wctx, cancel := context.WithTimeout(ctx, every)
			n, err := conn.Conn().WaitForNotification(wctx)
			cancel()
			if err != nil && ctx.Err() == nil && !errors.Is(err, context.DeadlineExceeded) {
				// The connection broke: drop it, try again next round.
				conn.Hijack().Close(context.Background())
				conn = nil
			}
			if err == nil && s.seen(n.Payload) {
				continue // our own write, or one already read
			}
		} else {
			select {
			case <-ctx.Done():
			case <-time.After(every):
			}
		}
		if ctx.Err() == nil {
			_ = s.refreshVersion(ctx)
		}
	}
}

// seen reports whether the version a notification names is no newer than
// the one held: this instance's own writes notify it too.
func (s *Store) seen(payload string) bool {
	v, err := strconv.ParseUint(payload, 10, 64)
	cur := s.version.Load()
	return err == nil && cur != nil && v <= cur.v
}

// SetSourceOrder replaces the config's source order that breaks the ties of
// a merge, for a config reload.
func (s *Store) SetSourceOrder(names []string) {
	o := merge.NewOrder(names)
	s.order.Store(&o)
}
