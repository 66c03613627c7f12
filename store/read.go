package store

import (
	"fmt"
	"time"

	"go.etcd.io/bbolt"

	"github.com/edufeed/edufeed/feeds"
)

// State returns a source's state, or a zero state with Name set.
func (s *Store) State(name string) (feeds.SourceState, error) {
	var st feeds.SourceState
	err := s.db.View(func(tx *bbolt.Tx) error {
		var err error
		st, err = getState(tx.Bucket(bucketSources), name)
		return err
	})
	if err != nil {
		return feeds.SourceState{}, fmt.Errorf("store %s: %w", s.path, err)
	}
	return st, nil
}

// StatesOf returns the named sources' states in the order of names, all
// read in one transaction.
func (s *Store) StatesOf(names []string) ([]feeds.SourceState, error) {
	out := make([]feeds.SourceState, 0, len(names))
	err := s.db.View(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketSources)
		for _, name := range names {
			st, err := getState(b, name)
			if err != nil {
				return err
			}
			out = append(out, st)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", s.path, err)
	}
	return out, nil
}

// Get returns the item stored under id, and whether there is one. It finds
// the story by its own id only, not by the id of an item merged into it.
func (s *Store) Get(id string) (feeds.Item, bool, error) {
	var (
		it    feeds.Item
		found bool
	)
	var idx *keyIndex
	if !s.legacy {
		var err error
		if idx, err = s.keyIndex(); err != nil {
			return feeds.Item{}, false, fmt.Errorf("store %s: item %s: %w", s.path, id, err)
		}
	}
	err := s.db.View(func(tx *bbolt.Tx) error {
		key := []byte(id)
		if !s.legacy {
			// The committed keys: a story a write is saving just now is not
			// there before that write commits.
			seq, ok := idx.committedStory(tx.Bucket(bucketKeys), idKey(id))
			if !ok {
				return nil
			}
			key = seqKey(seq)
		}
		v := tx.Bucket(bucketItems).Get(key)
		if v == nil {
			return nil
		}
		var err error
		if it, err = decodeStored(v, s.legacy); err != nil {
			return err
		}
		// An alias of a merged item points at the story, under its own id.
		found = it.ID == id
		return nil
	})
	if err != nil {
		return feeds.Item{}, false, fmt.Errorf("store %s: item %s: %w", s.path, id, err)
	}
	if !found {
		return feeds.Item{}, false, nil
	}
	return it, true, nil
}

// Items returns the newest items matching q, newest first by Published.
// Items with equal dates come in a fixed but unspecified order.
func (s *Store) Items(q Query) ([]feeds.Item, error) {
	var want map[string]bool
	if len(q.Sources) > 0 {
		want = make(map[string]bool, len(q.Sources))
		for _, name := range q.Sources {
			want[name] = true
		}
	}
	var out []feeds.Item
	if q.Limit > 0 {
		out = make([]feeds.Item, 0, min(q.Limit, 1024))
	}
	err := s.db.View(func(tx *bbolt.Tx) error {
		items := tx.Bucket(bucketItems)
		// visit adds the story under key (a sequence number, or in a
		// schema 1 or 2 file the item's id) if it matches, and says
		// whether to go on.
		visited := 0
		visit := func(key []byte) (bool, error) {
			if visited++; visited%readerCheck == 0 {
				s.readMapped.check(tx)
			}
			v := items.Get(key)
			if v == nil {
				// An index entry without its item: serve the rest rather
				// than fail every reader over one stale key.
				return true, nil
			}
			if want != nil {
				head, err := decodeStoredHead(v, s.legacy)
				if err != nil {
					return false, fmt.Errorf("decode item %x: %w", key, err)
				}
				if !fromSources(head, want) {
					return true, nil
				}
			}
			it, err := decodeStored(v, s.legacy)
			if err != nil {
				return false, fmt.Errorf("decode item %x: %w", key, err)
			}
			if q.Match != nil && !q.Match(&it) {
				return true, nil
			}
			out = append(out, it)
			return q.Limit <= 0 || len(out) < q.Limit, nil
		}
		if want != nil && s.bySource {
			// Only the wanted sources' stories, newest first.
			return eachBySource(tx, q.Sources, func(tk []byte) (bool, error) {
				return visit(tk[timeKeyLen:])
			})
		}
		return eachByTime(tx, s.byDay, true, func(e timeEntry) (bool, error) {
			return visit(e.key)
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store %s: read items: %w", s.path, err)
	}
	return out, nil
}

// fromSources reports whether an item was carried by any of the wanted sources.
func fromSources(h itemHead, want map[string]bool) bool {
	if want[h.Source] {
		return true
	}
	for _, name := range h.Sources {
		if want[name] {
			return true
		}
	}
	return false
}

// Version returns a counter bumped by every write that changed items, and the
// time of that write; publishers use it as the ETag and cache key. A new
// store has version 0 and a zero time.
//
// It is read from memory: Open loads it and every write commit updates it,
// so that a conditional request answered with 304 opens no transaction. This
// process is the only writer (the file lock sees to that).
func (s *Store) Version() (uint64, time.Time, error) {
	v := s.version.Load()
	return v.version, v.modified, nil
}

// loadVersion reads the version into memory from the file.
func (s *Store) loadVersion() error {
	return s.db.View(func(tx *bbolt.Tx) error {
		return s.noteVersion(tx)
	})
}

// noteVersion keeps tx's version in memory.
func (s *Store) noteVersion(tx *bbolt.Tx) error {
	version, modified, err := readVersion(tx)
	if err != nil {
		return err
	}
	s.version.Store(&storeVersion{version, modified})
	return nil
}

// Stats reports the store's size and counts.
func (s *Store) Stats() (Stats, error) {
	st := Stats{Path: s.path}
	err := s.db.View(func(tx *bbolt.Tx) error {
		var err error
		st.Version, st.Modified, err = readVersion(tx)
		if err != nil {
			return err
		}
		st.Items, err = itemCount(tx)
		if err != nil {
			return err
		}
		st.FileSize = tx.Size()
		return nil
	})
	if err != nil {
		return Stats{}, fmt.Errorf("store %s: %w", s.path, err)
	}
	return st, nil
}

func readVersion(tx *bbolt.Tx) (uint64, time.Time, error) {
	meta := tx.Bucket(bucketMeta)
	var (
		version  uint64
		modified time.Time
	)
	if raw := meta.Get(keyVersion); raw != nil {
		var err error
		if version, err = decodeUint(raw); err != nil {
			return 0, time.Time{}, fmt.Errorf("read version: %w", err)
		}
	}
	if raw := meta.Get(keyModified); raw != nil {
		if err := modified.UnmarshalText(raw); err != nil {
			return 0, time.Time{}, fmt.Errorf("read modified time: %w", err)
		}
	}
	return version, modified, nil
}
