// Package store keeps items and source state in one bbolt file. It knows
// nothing of HTTP or scheduling.
//
// bbolt allows one writer at a time and any number of readers. Every write
// here is a single Update transaction, which bbolt serialises, so SavePoll and
// SaveState are safe to call from many goroutines; reads use View
// transactions and never block the writer. No method opens a read
// transaction inside a write one on the same goroutine, which could deadlock.
package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"time"

	"go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/edufeed/edufeed/feeds"
)

// Options tune Open.
type Options struct {
	// LockTimeout bounds the wait for another process's lock; default 5s.
	LockTimeout time.Duration
	// ReadOnly opens the file with a shared lock; writes then fail.
	ReadOnly bool
	// TitleWindow is how far apart two sources' items with the same title
	// key may be published and still be one story; default 72h
	// (feeds/merge.TitleWindow).
	TitleWindow time.Duration
	// MaxDistance is the largest fingerprint Hamming distance that counts
	// as the same text; default 3 (feeds/merge.MaxDistance). The band index
	// finds every match up to 3; larger values are clamped to 3. A negative
	// value turns fingerprint matching off.
	MaxDistance int
}

// batchDelay is how long a write waits to share its commit (bbolt's
// default, 10ms, doubled the time of a lone poll's save).
const batchDelay = 2 * time.Millisecond

// Defaults of Options.
const (
	DefaultTitleWindow = 72 * time.Hour
	DefaultMaxDistance = 3
)

// DefaultLockTimeout is used when Options.LockTimeout is zero or negative.
const DefaultLockTimeout = 5 * time.Second

// SchemaVersion is the layout this package reads and writes. Schema 2 added
// the merge keys, item_keys and tombstones; a schema 1 file is upgraded in
// place when opened for writing (its items simply have no keys yet).
const SchemaVersion = 2

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
	// readOnly: opened for reading only, asked for or because the file
	// could not be opened for writing.
	readOnly bool
	// version is the committed version, kept in memory (see Version).
	version atomic.Pointer[storeVersion]
}

// storeVersion is a committed version and its time.
type storeVersion struct {
	version  uint64
	modified time.Time
}

// ReadOnly reports whether the store was opened for reading only, as asked
// or because the file or its disk is read-only; writes then fail with
// ErrReadOnly.
func (s *Store) ReadOnly() bool { return s.readOnly }

// update runs fn in a write transaction, failing at once on a read-only store.
func (s *Store) update(fn func(*bbolt.Tx) error) error {
	if s.readOnly {
		return ErrReadOnly
	}
	// Batch lets the commits of polls that finish together share one
	// transaction and one fsync; each poll is still all-in or all-out
	// (bbolt re-runs a failed function alone, so fn must start afresh).
	return s.db.Batch(func(tx *bbolt.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		v, mod, err := readVersion(tx)
		if err != nil {
			return err
		}
		// Only a committed version may be seen by readers.
		tx.OnCommit(func() { s.version.Store(&storeVersion{v, mod}) })
		return nil
	})
}

// Open opens or creates the store at path. The directory must exist. A second
// process opening the same file waits at most opts.LockTimeout and then fails
// with an error wrapping ErrInUse.
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

	readOnly := opts.ReadOnly
	open := func() (*bbolt.DB, error) {
		return bbolt.Open(path, 0o600, &bbolt.Options{
			Timeout:      timeout,
			ReadOnly:     readOnly,
			FreelistType: bbolt.FreelistMapType,
		})
	}
	db, err := open()
	if err != nil && !readOnly && (errors.Is(err, syscall.EROFS) || errors.Is(err, fs.ErrPermission)) {
		// A store on a disk gone read-only still has items to serve: open
		// it for reading, and let every write fail with ErrReadOnly.
		if _, serr := os.Stat(path); serr == nil {
			readOnly = true
			db, err = open()
		}
	}
	switch {
	case err == nil:
	case errors.Is(err, berrors.ErrTimeout):
		return nil, fmt.Errorf("open store %s: %w (could not lock the file within %s); stop the other process or use another -store path", path, ErrInUse, timeout)
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrVersionMismatch), errors.Is(err, berrors.ErrChecksum):
		return nil, fmt.Errorf("open store %s: %w: the file is damaged or is not an edufeed store (%w). "+
			"Restore the latest copy made by \"edufeed backup FILE\" (stop edufeed, copy the backup over %s), "+
			"or move the file aside to start with an empty store; \"edufeed compact\" rewrites a store that still opens",
			path, ErrDamaged, err, path)
	default:
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}

	if readOnly {
		err = db.View(checkSchema)
	} else {
		err = db.Update(initSchema)
	}
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	// Polls that finish within batchDelay of each other share a commit; a
	// lone poll waits no longer than that for company.
	db.MaxBatchDelay = batchDelay
	s := &Store{db: db, path: path, match: newMatchPolicy(opts), readOnly: readOnly}
	if err := s.loadVersion(); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return s, nil
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

// initSchema creates the buckets and schema number of a new file and checks
// those of an existing one.
func initSchema(tx *bbolt.Tx) error {
	if tx.Bucket(bucketMeta) == nil {
		// A bbolt file that holds someone else's buckets is not ours to change.
		empty := true
		_ = tx.ForEach(func([]byte, *bbolt.Bucket) error {
			empty = false
			return nil
		})
		if !empty {
			return errNotEdufeed
		}
	}
	for _, name := range allBuckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	meta := tx.Bucket(bucketMeta)
	if meta.Get(keyItems) == nil {
		// A file from before the count was kept: count once, here.
		if err := meta.Put(keyItems, encodeUint(uint64(tx.Bucket(bucketItems).Stats().KeyN))); err != nil {
			return err
		}
	}
	raw := meta.Get(keySchema)
	if raw == nil {
		return meta.Put(keySchema, encodeUint(SchemaVersion))
	}
	if schema, err := decodeUint(raw); err == nil && schema < SchemaVersion {
		// Every older layout is a subset of this one: the buckets created
		// above are all an upgrade needs.
		if err := meta.Put(keySchema, encodeUint(SchemaVersion)); err != nil {
			return err
		}
	}
	return checkSchema(tx)
}

// checkSchema fails unless the file carries a schema this package can read.
func checkSchema(tx *bbolt.Tx) error {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return errNotEdufeed
	}
	raw := meta.Get(keySchema)
	if raw == nil {
		return errNotEdufeed
	}
	schema, err := decodeUint(raw)
	if err != nil {
		return fmt.Errorf("read schema: %w", err)
	}
	if schema > SchemaVersion {
		return fmt.Errorf("%w: the file has schema %d, this edufeed reads schema %d; upgrade edufeed or use another -store path", ErrNewerSchema, schema, SchemaVersion)
	}
	// A read-only open of an older file lacks the buckets an upgrade adds;
	// the read side never needs them.
	for _, name := range allBuckets[:5] {
		if tx.Bucket(name) == nil {
			return fmt.Errorf("bucket %s is missing", name)
		}
	}
	return nil
}

var errNotEdufeed = errors.New("the file is a bbolt database but not an edufeed store; use another -store path")
