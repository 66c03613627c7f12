// Package store keeps items and source state in one bbolt file. It knows
// nothing of HTTP or scheduling.
package store

import (
	"errors"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// Options tune Open.
type Options struct {
	// LockTimeout bounds the wait for another process's lock; default 5s.
	LockTimeout time.Duration
	ReadOnly    bool
}

// Sentinel errors, checked with errors.Is.
var (
	ErrInUse       = errors.New("store is in use by another edufeed process")
	ErrNewerSchema = errors.New("store was written by a newer edufeed")
)

// Query selects items for reading, newest first.
type Query struct {
	Sources []string                // empty means all
	Match   func(*feeds.Item) bool // optional extra filter
	Limit   int                     // 0 means no limit
}

// Stats describe the store for health and metrics.
type Stats struct {
	Path     string
	Items    int
	FileSize int64
	Version  uint64
	Modified time.Time
}

// Store is an open bbolt store. SKELETON: replaced by the implementation.
type Store struct{}

// Open opens or creates the store at path.
func Open(path string, opts Options) (*Store, error) { return nil, errors.New("not implemented") }

// Close closes the file.
func (s *Store) Close() error { return nil }

// SavePoll writes one poll's items and the source's state in one transaction.
func (s *Store) SavePoll(items []feeds.Item, st feeds.SourceState, now time.Time) (feeds.PollResult, error) {
	return feeds.PollResult{}, errors.New("not implemented")
}

// SaveState writes a source's state alone (a 304 or a failed poll).
func (s *Store) SaveState(st feeds.SourceState) error { return errors.New("not implemented") }

// State returns a source's state, or a zero state with Name set.
func (s *Store) State(name string) (feeds.SourceState, error) {
	return feeds.SourceState{Name: name}, nil
}

// States returns every source's state, sorted by name.
func (s *Store) States() ([]feeds.SourceState, error) { return nil, nil }

// Items returns the newest items matching q.
func (s *Store) Items(q Query) ([]feeds.Item, error) { return nil, nil }

// Version returns a counter bumped by every write that changed items, and the
// time of that write; publishers use it as the ETag and cache key.
func (s *Store) Version() (uint64, time.Time, error) { return 0, time.Time{}, nil }

// Stats reports the store's size and counts.
func (s *Store) Stats() (Stats, error) { return Stats{}, nil }
