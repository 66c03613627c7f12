// Package store keeps items and source state in one bbolt file. It knows
// nothing of HTTP or scheduling.
//
// bbolt allows one writer at a time and any number of readers. Every write
// here runs inside an Update transaction, and writes that arrive while
// another commits share the next one (see writeQueue), so SavePoll and
// SaveState are safe to call from many goroutines and still all-in or
// all-out each; reads use View transactions and never block the writer. No
// method opens a read transaction inside a write one on the same goroutine,
// which could deadlock.
//
// The layout (schema 3) is described in layout.go and keys.go: stories are
// numbered in the order they are first stored and kept under that number,
// so a poll's new items are appended rather than scattered, and their merge
// keys are looked up in memory (keyIndex). Open upgrades a file of an older
// schema by rewriting it (see migrate.go).
package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/merge"
)

// Options tune Open.
type Options struct {
	// LockTimeout bounds the wait for another process's lock; default 5s.
	LockTimeout time.Duration
	// ReadOnly opens the file with a shared lock; writes then fail. The
	// file must exist.
	ReadOnly bool
	// Existing: the file must exist; Open fails rather than create it
	// (compact and backup work on a store, they do not make one).
	Existing bool
	// TitleWindow is how far apart two sources' items with the same title
	// key may be published and still be one story; default 72h
	// (feeds/merge.TitleWindow).
	TitleWindow time.Duration
	// MaxDistance is the largest fingerprint Hamming distance that counts
	// as the same text; default 3 (feeds/merge.MaxDistance). The band index
	// finds every match up to 3; larger values are clamped to 3. A negative
	// value turns fingerprint matching off.
	MaxDistance int
	// SourceOrder lists the configured sources in the config's order, which
	// breaks the ties of a merge (see feeds/merge.Join); SetSourceOrder
	// changes it. Sources it does not list come after, by name.
	SourceOrder []string
}

// Defaults of Options.
const (
	DefaultTitleWindow = 72 * time.Hour
	DefaultMaxDistance = 3
)

// DefaultLockTimeout is used when Options.LockTimeout is zero or negative.
const DefaultLockTimeout = 5 * time.Second

// SchemaVersion is the layout this package writes. Schema 2 added the merge
// keys, item_keys and tombstones; schema 3 keys stories by sequence number
// and keeps their merge keys in one list each; schema 4 indexes stories by
// source (bysource.go); schema 5 indexes them by published day (byday.go).
// A schema 1 or 2 file is rewritten as schema 3 when opened for writing,
// and a schema 3 or 4 file gets the indexes of schema 4 and 5 in place;
// opened read-only, a file is read as it is.
const SchemaVersion = 5

// Sentinel errors, checked with errors.Is.
var (
	ErrInUse       = errors.New("store is in use by another edufeed process")
	ErrNewerSchema = errors.New("store was written by a newer edufeed")
	// ErrReadOnly: the store was opened read-only (see Store.ReadOnly).
	ErrReadOnly = errors.New("store is read-only (opened read-only, or its file or disk is not writable); polls cannot be saved until it is writable and edufeed restarts")
	// ErrDamaged: the file is not a readable bbolt database.
	ErrDamaged = errors.New("store file is damaged")
	// ErrInvalidItem is returned by SavePoll for an item without an ID or Source.
	ErrInvalidItem = errors.New("invalid item")
)

// Query selects items for reading, newest first.
type Query struct {
	Sources []string // empty means all
	// Match, if set, is an extra filter; it may also rewrite the item it
	// is handed (the copy that Items returns), which saves a second pass.
	Match func(*feeds.Item) bool
	Limit int // 0 means no limit
}

// Stats describe the store for health and metrics.
type Stats struct {
	Path     string
	Items    int
	FileSize int64
	Version  uint64
	Modified time.Time
}

// Store is an open bbolt store.
type Store struct {
	db   *bbolt.DB
	path string
	// match is how SavePoll recognises one story across sources.
	match matchPolicy
	// order breaks the ties of a merge; see Options.SourceOrder.
	order atomic.Pointer[merge.Order]
	// readOnly: opened for reading only, asked for or because the file
	// could not be opened for writing.
	readOnly bool
	// version is the committed version, kept in memory (see Version).
	version atomic.Pointer[storeVersion]
	// roReason says why a store asked to be writable is read-only.
	roReason error
	// legacy: the file has schema 1 or 2 (items keyed by id), read as is.
	legacy bool
	// bySource: the file has the by_source index (schema 4).
	bySource bool
	// byDay: the file has by_day in place of by_time (schema 5).
	byDay bool
	// keys finds stories by merge key; built before the first write of keys (or
	// Get), so that a store that only serves never pays for it.
	keys     atomic.Pointer[keyIndex]
	keysOnce sync.Once
	keysErr  error
	// writes groups concurrent writes into shared commits.
	writes writeQueue
	// commits counts write transactions committed; lastTx is the one that
	// ran last (only ever touched by the writer).
	commits atomic.Int64
	lastTx  *bbolt.Tx
	// states keeps decoded source states for States (see states.go).
	states stateMemo
	// readMapped lets readers give back the pages they map (see
	// readerPages).
	readMapped readerPages
}

// storeVersion is a committed version and its time.
type storeVersion struct {
	version  uint64
	modified time.Time
}

// SetSourceOrder replaces the order of Options.SourceOrder, for a config
// reloaded with its sources added, removed or moved. Stories already
// stored keep what they were merged to until a copy of theirs arrives.
func (s *Store) SetSourceOrder(names []string) {
	o := merge.NewOrder(names)
	s.order.Store(&o)
}

// ReadOnly reports whether the store was opened for reading only, as asked
// or because the file or its disk is read-only; writes then fail with
// ErrReadOnly.
func (s *Store) ReadOnly() bool { return s.readOnly }

// update runs fn in a write transaction, failing at once on a read-only store.
// withKeys says that fn reads or changes merge keys, which needs the key
// index: a write of source states alone (every 304) does not, so a store
// that only answers 304s never builds it.
func (s *Store) update(withKeys bool, fn func(*bbolt.Tx) error) error {
	if s.readOnly {
		if s.roReason != nil {
			return fmt.Errorf("%w (%w)", ErrReadOnly, s.roReason)
		}
		return ErrReadOnly
	}
	// Every write of keys keeps the index up to date, so it must exist
	// before the first one; the first such writers wait here while it is
	// built. Writes without keys may commit meanwhile: they add none the
	// index could miss.
	if withKeys {
		if _, err := s.keyIndex(); err != nil {
			return err
		}
	}
	// Polls that write while another commits share the next transaction
	// and its fsync; each poll is still all-in or all-out (a failed function
	// runs again alone, so fn must start afresh).
	return s.writes.run(func(tx *bbolt.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		v, mod, err := readVersion(tx)
		if err != nil {
			return err
		}
		// Only a committed version may be seen by readers.
		tx.OnCommit(func() { s.version.Store(&storeVersion{v, mod}) })
		if s.lastTx != tx {
			s.lastTx = tx
			tx.OnCommit(func() { s.commits.Add(1) })
		}
		return nil
	})
}

// Open opens or creates the store at path. The directory must exist. A second
// process opening the same file waits at most opts.LockTimeout and then fails
// with an error wrapping ErrInUse.
//
// Opened for writing, a file of schema 1 or 2 is upgraded to schema 3 first:
// rewritten beside itself and renamed over path (a few seconds for 40,000
// items; the result is compact). A schema 3 file then gets schema 4's
// by_source index, and a schema 4 file schema 5's by_day, written in place
// (seconds for a million stories, once).
// If either fails, for instance on a full disk, the store opens read-only
// in its old layout and every write's error says why.
//
// A file shorter than its header says (an interrupted copy), or one bbolt
// panics on while opening, fails with ErrDamaged and advice. A file that
// was replaced while Open waited for its lock (Compact, an upgrade) is
// opened again, so that nothing is written to the unlinked old one.
func Open(path string, opts Options) (*Store, error) {
	timeout := opts.LockTimeout
	if timeout <= 0 {
		timeout = DefaultLockTimeout
	}
	dir := filepath.Dir(path)
	if _, err := os.Stat(dir); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("open store %s: directory %s does not exist; create it or use another -store path: %w", path, dir, err)
		}
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}

	if opts.Existing || opts.ReadOnly {
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("open store %s: no store file there; check -store or store.path: %w", path, err)
		}
	}

	readOnly := opts.ReadOnly
	open := func() (*bbolt.DB, error) { return openBolt(path, timeout, readOnly) }
	var db *bbolt.DB
	err := guard(path, func() (err error) { db, err = open(); return err })
	if err != nil && !readOnly && (errors.Is(err, syscall.EROFS) || errors.Is(err, fs.ErrPermission)) {
		// A store on a disk gone read-only still has items to serve: open
		// it for reading, and let every write fail with ErrReadOnly.
		if _, serr := os.Stat(path); serr == nil {
			readOnly = true
			err = guard(path, func() (err error) { db, err = open(); return err })
		}
	}
	switch {
	case err == nil:
	case errors.Is(err, ErrDamaged):
		return nil, err
	case errors.Is(err, berrors.ErrTimeout):
		return nil, fmt.Errorf("open store %s: %w (could not lock the file within %s); stop the other process or use another -store path", path, ErrInUse, timeout)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrVersionMismatch), errors.Is(err, berrors.ErrChecksum):
		return nil, damaged(path, err)
	default:
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}

	s := &Store{db: db, path: path, match: newMatchPolicy(opts), readOnly: readOnly}
	s.SetSourceOrder(opts.SourceOrder)
	if err := guard(path, func() error { return s.prepare(open) }); err != nil {
		if s.db != nil {
			_ = s.db.Close()
		}
		if errors.Is(err, ErrDamaged) {
			return nil, err
		}
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return s, nil
}

// prepare checks the schema of the file just opened, creates or upgrades it
// when writable, and loads what the store keeps in memory.
func (s *Store) prepare(open func() (*bbolt.DB, error)) error {
	var schema uint64
	err := s.db.View(func(tx *bbolt.Tx) error {
		var err error
		schema, err = readSchema(tx)
		return err
	})
	if err != nil {
		return err
	}
	if schema == 0 && s.readOnly {
		return errNotEdufeed
	}
	if schema != 0 && schema < seqSchema && !s.readOnly {
		if err := migrate(s.db, s.path); err != nil {
			// The file still serves what it holds, in its old layout;
			// writes fail, saying why.
			s.readOnly = true
			s.roReason = fmt.Errorf("upgrade to schema %d failed: %w", SchemaVersion, err)
		} else {
			// The upgraded copy has replaced the file; this handle still
			// reads the old one.
			if err := s.db.Close(); err != nil {
				return err
			}
			db, err := open()
			if err != nil {
				s.db = nil
				if errors.Is(err, berrors.ErrTimeout) {
					err = ErrInUse
				}
				return fmt.Errorf("reopen after the upgrade: %w", err)
			}
			s.db = db
			schema = seqSchema
		}
	}
	if schema == seqSchema && !s.readOnly {
		defer s.dropMapped() // the upgrade read every story
		if err := addBySource(s.db); err != nil {
			s.readOnly = true
			s.roReason = fmt.Errorf("upgrade to schema %d failed: %w", SchemaVersion, err)
		} else {
			schema = bySourceSchema
		}
	}
	if schema == bySourceSchema && !s.readOnly {
		if err := addByDay(s.db); err != nil {
			s.readOnly = true
			s.roReason = fmt.Errorf("upgrade to schema %d failed: %w", SchemaVersion, err)
		} else {
			schema = SchemaVersion
		}
	}
	s.legacy = schema != 0 && schema < seqSchema
	s.bySource = schema == 0 || schema >= bySourceSchema
	s.byDay = schema == 0 || schema >= SchemaVersion
	if !s.readOnly {
		// A write transaction commits, and syncs the file twice, even
		// when it changes nothing: only a file that lacks something gets one.
		var complete bool
		if err := s.db.View(func(tx *bbolt.Tx) error { complete = hasSchema(tx); return nil }); err != nil {
			return err
		}
		if !complete {
			if err := s.db.Update(initSchema); err != nil {
				return err
			}
		}
		s.writes = writeQueue{db: s.db, finish: func(ok bool) {
			// A write that needs no keys may run before the index exists.
			if x := s.keys.Load(); x != nil {
				x.finish(ok)
			}
		}}
	}
	return s.loadVersion()
}

// keyIndex returns the merge key index, building it on first use. Every
// write calls it before it starts, so no write runs while it is built.
func (s *Store) keyIndex() (*keyIndex, error) {
	s.keysOnce.Do(func() {
		s.keysErr = s.db.View(func(tx *bbolt.Tx) error {
			s.keys.Store(buildKeyIndex(tx))
			return nil
		})
		s.dropMapped()
	})
	return s.keys.Load(), s.keysErr
}

// Close closes the file and releases its lock.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close store %s: %w", s.path, err)
	}
	return nil
}

// Path returns the file the store was opened from.
func (s *Store) Path() string { return s.path }
