package store

import (
	"errors"
	"fmt"
	"time"

	"go.etcd.io/bbolt"
)

// Exported is one stored story, or the tombstone of a pruned one, with its
// merge keys: what a copy into another backend needs to go on matching
// items exactly as this store would.
type Exported struct {
	Seq uint64
	// Item is the story as EncodeItem wrote it; nil for a tombstone.
	Item []byte
	// PrunedAt is when a tombstone's story was pruned.
	PrunedAt time.Time
	// Exact are the hashes of the exact keys (ids, GUIDs, links), as
	// MatchKeysOf gives them.
	Exact        [][]byte
	Titles       []ExportedTitle
	Fingerprints []uint64
}

// ExportedTitle is a title key's hash and the published time (unix ns) of
// the item that brought it.
type ExportedTitle struct {
	Hash uint64
	At   int64
}

// errLegacyExport: a schema 1 or 2 file has no per-story key lists.
var errLegacyExport = errors.New("the store has an old layout; open it once with this edufeed (serve, poll or compact) to upgrade it, then copy it")

// Export calls fn for every story and then every tombstone, in one read
// transaction, by sequence number. fn must not keep e's slices.
func (s *Store) Export(fn func(e *Exported) error) error {
	if s.legacy {
		return fmt.Errorf("store %s: export: %w", s.path, errLegacyExport)
	}
	err := s.db.View(func(tx *bbolt.Tx) error {
		keys := tx.Bucket(bucketKeys)
		fill := func(e *Exported, k []byte) {
			e.Exact, e.Titles, e.Fingerprints = e.Exact[:0], e.Titles[:0], e.Fingerprints[:0]
			eachEntry(keys.Get(k), func(ke keyEntry) {
				switch ke.kind {
				case kindTitle:
					e.Titles = append(e.Titles, ExportedTitle{Hash: ke.hash, At: int64(ke.at ^ (1 << 63))})
				case kindFingerprint:
					e.Fingerprints = append(e.Fingerprints, ke.fp)
				default:
					e.Exact = append(e.Exact, append([]byte(nil), ke.exact[:]...))
				}
			})
		}
		var e Exported
		c := tx.Bucket(bucketItems).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			seq, ok := keySeq(k)
			if !ok {
				continue
			}
			e = Exported{Seq: seq, Item: v, Exact: e.Exact, Titles: e.Titles, Fingerprints: e.Fingerprints}
			fill(&e, k)
			if err := fn(&e); err != nil {
				return err
			}
		}
		c = tx.Bucket(bucketTombstones).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			seq, ok := keySeq(k)
			if !ok {
				continue
			}
			at, err := decodeUint(v)
			if err != nil {
				return fmt.Errorf("tombstone %d: %w", seq, err)
			}
			e = Exported{Seq: seq, PrunedAt: time.Unix(0, int64(at)).UTC(), Exact: e.Exact, Titles: e.Titles, Fingerprints: e.Fingerprints}
			fill(&e, k)
			if err := fn(&e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store %s: export: %w", s.path, err)
	}
	return nil
}

// Count says how many live stories, tombstones and sources the store
// holds, for checking a copy.
func (s *Store) Count() (stories, tombstones, sources int, err error) {
	if s.legacy {
		return 0, 0, 0, fmt.Errorf("store %s: count: %w", s.path, errLegacyExport)
	}
	err = s.db.View(func(tx *bbolt.Tx) error {
		stories = tx.Bucket(bucketItems).Stats().KeyN
		tombstones = tx.Bucket(bucketTombstones).Stats().KeyN
		sources = tx.Bucket(bucketSources).Stats().KeyN
		return nil
	})
	return
}
