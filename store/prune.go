package store

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"go.etcd.io/bbolt"
)

// PruneOptions say what Prune removes. The zero value removes nothing.
type PruneOptions struct {
	// Before removes items published before it; zero means no age limit.
	Before time.Time
	// MaxItems removes the oldest items beyond this many; 0 means no cap.
	MaxItems int
	// KeepPerSource spares each source's newest this many stories from
	// Before and MaxItems (a story merged from several sources counts for
	// each), so that a source that posts twice a year keeps its last
	// items; 0 spares none. MaxItems then removes the items beyond the
	// newest MaxItems except the spared ones, and may leave more.
	KeepPerSource int
	// TombstonesBefore forgets pruned items (their tombstones and merge
	// keys) pruned before it; zero keeps every tombstone. Until then a
	// source that still lists a pruned item cannot bring it back.
	TombstonesBefore time.Time
	// Batch is how many items one write transaction removes; default 500.
	// Small batches keep every commit short, so polls waiting to write and
	// readers opening a snapshot are never held up for long.
	Batch int
}

// DefaultPruneBatch is used when PruneOptions.Batch is not positive.
const DefaultPruneBatch = 500

// PruneResult counts what Prune removed.
type PruneResult struct {
	Items      int // items removed (each leaves a tombstone)
	Tombstones int // tombstones forgotten, with their keys
	Batches    int // write transactions used
}

// Prune removes the oldest items, by published date, that are older than
// opts.Before or beyond opts.MaxItems, except each source's newest
// opts.KeepPerSource, in transactions of opts.Batch items, and forgets tombstones older than opts.TombstonesBefore. It stops between
// batches when ctx is done, keeping what it removed so far. bbolt puts the
// freed pages on its free list, where later writes reuse them; the file
// itself only shrinks with Compact.
func (s *Store) Prune(ctx context.Context, opts PruneOptions, now time.Time) (PruneResult, error) {
	batch := opts.Batch
	if batch <= 0 {
		batch = DefaultPruneBatch
	}
	var res PruneResult
	excess := 0
	if opts.MaxItems > 0 {
		st, err := s.Stats()
		if err != nil {
			return res, err
		}
		excess = st.Items - opts.MaxItems
	}
	cutoff := sortableTime(opts.Before)
	byAge := !opts.Before.IsZero()
	var spared map[string]struct{}
	if opts.KeepPerSource > 0 && (byAge || excess > 0) {
		err := s.db.View(func(tx *bbolt.Tx) error {
			old, err := oldestBefore(tx, s.byDay, cutoff)
			if err != nil || (excess <= 0 && !old) {
				return err
			}
			spared = newestBySource(tx, opts.KeepPerSource)
			excess, err = unspared(tx, s.byDay, excess, spared)
			return err
		})
		if err != nil {
			return res, fmt.Errorf("store %s: prune: %w", s.path, err)
		}
	}
	for byAge || excess > 0 {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		var n int
		err := s.update(true, func(tx *bbolt.Tx) error {
			var err error
			n, err = pruneBatch(tx, batch, cutoff, byAge, excess, spared, now)
			return err
		})
		if err != nil {
			return res, fmt.Errorf("store %s: prune: %w", s.path, err)
		}
		if n == 0 {
			break
		}
		res.Items += n
		res.Batches++
		excess -= n
	}
	if opts.TombstonesBefore.IsZero() {
		return res, nil
	}
	var from []byte
	for {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		var (
			n    int
			next []byte
		)
		start := from
		err := s.update(true, func(tx *bbolt.Tx) error {
			var err error
			n, next, err = s.forgetBatch(tx, start, batch, opts.TombstonesBefore)
			return err
		})
		from = next
		if err != nil {
			return res, fmt.Errorf("store %s: forget tombstones: %w", s.path, err)
		}
		res.Tombstones += n
		if n > 0 {
			res.Batches++
		}
		if from == nil {
			return res, nil
		}
	}
}

// oldestBefore reports whether the oldest stored story is older than cutoff.
func oldestBefore(tx *bbolt.Tx, byDay bool, cutoff uint64) (bool, error) {
	before := false
	err := eachByTime(tx, byDay, false, func(e timeEntry) (bool, error) {
		before = e.at < cutoff
		return false, nil
	})
	return before, err
}

// unspared counts the stories among the oldest n that are not spared: the
// ones MaxItems removes. The spared ones stay, as if they were newer.
func unspared(tx *bbolt.Tx, byDay bool, n int, spared map[string]struct{}) (int, error) {
	count := 0
	err := eachByTime(tx, byDay, false, func(e timeEntry) (bool, error) {
		if n <= 0 {
			return false, nil
		}
		n--
		if _, ok := spared[string(e.key)]; !ok {
			count++
		}
		return n > 0, nil
	})
	return count, err
}

// pruneBatch removes up to limit of the oldest items that are older than
// cutoff (when byAge) or among the excess oldest, except those spared, and
// tombstones them. Only a writable store prunes, so the file has by_day.
func pruneBatch(tx *bbolt.Tx, limit int, cutoff uint64, byAge bool, excess int, spared map[string]struct{}, now time.Time) (int, error) {
	items := tx.Bucket(bucketItems)
	byDay := tx.Bucket(bucketByDay)
	tombs := tx.Bucket(bucketTombstones)
	sources := tx.Bucket(bucketSources)

	// Collect first: deleting under a bbolt cursor makes it skip keys.
	var victims []timeEntry
	err := eachByTime(tx, true, false, func(e timeEntry) (bool, error) {
		if _, ok := spared[string(e.key)]; ok {
			return true, nil
		}
		old := byAge && e.at < cutoff
		if !old && len(victims) >= excess {
			return false, nil
		}
		victims = append(victims, timeEntry{e.at, bytes.Clone(e.key)})
		return len(victims) < limit, nil
	})
	if err != nil {
		return 0, err
	}
	if len(victims) == 0 {
		return 0, nil
	}
	stamp := encodeUint(uint64(now.UnixNano()))
	lost := make(map[string]int)
	removed := 0
	bySource := tx.Bucket(bucketBySource)
	for _, e := range victims {
		key := e.key
		seq, ok := keySeq(key)
		if !ok {
			continue
		}
		if v := items.Get(key); v != nil {
			removed++
			if head, err := decodeHead(v); err == nil {
				for _, name := range union(head.Sources, []string{head.Source}) {
					lost[name]++
				}
				if err := unindexSources(bySource, storySources(head.Source, head.Sources), timeKey(e.at, seq)); err != nil {
					return 0, err
				}
			}
			if err := items.Delete(key); err != nil {
				return 0, err
			}
		}
		if err := byDay.Delete(dayKey(e.at, seq)); err != nil {
			return 0, err
		}
		// The story's key list stays with its tombstone.
		if err := tombs.Put(key, stamp); err != nil {
			return 0, err
		}
	}
	for name, n := range lost {
		if name == "" || sources.Get([]byte(name)) == nil {
			continue
		}
		if err := addItemCount(sources, name, -n); err != nil {
			return 0, err
		}
	}
	if err := addItems(tx, -removed); err != nil {
		return 0, err
	}
	return len(victims), bumpVersion(tx, now)
}

// forgetBatch drops up to limit tombstones made before cutoff, with the
// merge keys of their stories, scanning from the key from on. It returns
// where the next batch should go on, or nil when the scan reached the end.
func (s *Store) forgetBatch(tx *bbolt.Tx, from []byte, limit int, cutoff time.Time) (int, []byte, error) {
	tombs := tx.Bucket(bucketTombstones)
	limitNS := cutoff.UnixNano()
	var keys [][]byte
	var next []byte
	c := tombs.Cursor()
	k, v := c.First()
	if from != nil {
		k, v = c.Seek(from)
	}
	for ; k != nil; k, v = c.Next() {
		if len(keys) == limit {
			next = append([]byte(nil), k...)
			break
		}
		at, err := decodeUint(v)
		if err != nil || int64(at) < limitNS {
			keys = append(keys, append([]byte(nil), k...))
		}
	}
	for _, k := range keys {
		if seq, ok := keySeq(k); ok {
			if err := s.forgetKeys(tx, seq); err != nil {
				return 0, nil, err
			}
		}
		if err := tombs.Delete(k); err != nil {
			return 0, nil, err
		}
	}
	return len(keys), next, nil
}
