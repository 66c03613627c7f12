package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"go.etcd.io/bbolt"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/merge"
)

// SavePoll writes one poll's items and the source's state in one transaction,
// so a crash leaves a poll all-in or all-out. Polls saved at the same time
// share that transaction (and its fsync), each still all-in or all-out.
//
// Each item is matched against the stored stories (see resolve): its own id,
// an alias recorded by an earlier merge, its source's GUID, its canonical
// link, and, among stories of other sources, its title key within the title
// window or a near-identical fingerprint (the oldest such story, when there
// are several). A match is updated or merged into;
// a match that was pruned (a tombstone) is skipped, so that a source still
// listing a pruned item does not bring it back. Anything else is new: it
// gets FirstSeen = now unless it has one.
//
// An update or a merge gives the story what merge.Join decides, the same
// whatever order the copies arrive in: the best-ranked, earliest published
// date and the title and link of its copy, the longest content (ties to the
// source first in Options.SourceOrder), every source, and the earliest
// FirstSeen. Only the id stays with the first copy. An edit never makes the
// date worse, so an undated item does not climb to the top on every edit.
//
// st is written with ItemCount kept by the store and LastResult set to the
// counts returned; st.LastResult.Filtered, Unchanged (items left out as
// unchanged) and the article counts, which only the caller can count,
// are kept and returned. The version is bumped when any item was new, updated or
// merged.
func (s *Store) SavePoll(items []feeds.Item, st feeds.SourceState, now time.Time) (feeds.PollResult, error) {
	if st.Name == "" {
		return feeds.PollResult{}, fmt.Errorf("store %s: save poll: source state has no name", s.path)
	}
	var res feeds.PollResult
	err := s.update(true, func(tx *bbolt.Tx) error {
		var err error
		res, err = s.savePollTx(tx, items, st, now)
		return err
	})
	if err != nil {
		return feeds.PollResult{}, fmt.Errorf("store %s: source %q: save poll: %w", s.path, st.Name, err)
	}
	return res, nil
}

// savePollTx is SavePoll inside tx.
func (s *Store) savePollTx(tx *bbolt.Tx, items []feeds.Item, st feeds.SourceState, now time.Time) (feeds.PollResult, error) {
	var res feeds.PollResult
	counted := make(map[string]int)
	seen := make(map[string]bool, len(items))
	for i := range items {
		it := items[i]
		if it.ID == "" || it.Source == "" {
			return res, fmt.Errorf("item %d (%q): %w: ID and Source must be set", i, it.Title, ErrInvalidItem)
		}
		if seen[it.ID] {
			continue
		}
		seen[it.ID] = true
		outcome, err := s.saveItem(tx, &it, now)
		if err != nil {
			return res, fmt.Errorf("item %s: %w", it.ID, err)
		}
		switch outcome {
		case itemNew:
			res.New++
			counted[it.Source]++
		case itemMerged:
			res.Merged++
			counted[it.Source]++
		case itemUpdated:
			res.Updated++
		case itemSkipped:
			res.Skipped++
		default:
			res.Unchanged++
		}
	}

	sources := tx.Bucket(bucketSources)
	prev, err := getState(sources, st.Name)
	if err != nil {
		return res, err
	}
	st.ItemCount = prev.ItemCount + counted[st.Name]
	res.Filtered = st.LastResult.Filtered
	// Items the caller found unchanged without handing them over (a list
	// entry whose article is stored) count with those saved unchanged.
	res.Unchanged += st.LastResult.Unchanged
	res.Articles, res.ArticleErrors, res.PendingArticles = st.LastResult.Articles, st.LastResult.ArticleErrors, st.LastResult.PendingArticles
	st.LastResult = res
	if err := putState(sources, st); err != nil {
		return res, err
	}
	// Items normally carry the polled source's name; count any that do
	// not under their own source so every ItemCount stays right.
	for name, n := range counted {
		if name == st.Name {
			continue
		}
		if err := addItemCount(sources, name, n); err != nil {
			return res, err
		}
	}

	if err := addItems(tx, res.New); err != nil {
		return res, err
	}
	if res.New+res.Updated+res.Merged > 0 {
		return res, bumpVersion(tx, now)
	}
	return res, nil
}

// addItemCount adds n (which may be negative) to a source's ItemCount.
func addItemCount(sources *bbolt.Bucket, name string, n int) error {
	st, err := getState(sources, name)
	if err != nil {
		return err
	}
	st.ItemCount = max(0, st.ItemCount+n)
	return putState(sources, st)
}

// SaveState writes a source's state alone (a 304 or a failed poll). The
// stored ItemCount is kept: callers do not track it.
func (s *Store) SaveState(st feeds.SourceState) error {
	if st.Name == "" {
		return fmt.Errorf("store %s: save state: source state has no name", s.path)
	}
	err := s.update(false, func(tx *bbolt.Tx) error {
		sources := tx.Bucket(bucketSources)
		prev, err := getState(sources, st.Name)
		if err != nil {
			return err
		}
		st.ItemCount = prev.ItemCount
		return putState(sources, st)
	})
	if err != nil {
		return fmt.Errorf("store %s: source %q: save state: %w", s.path, st.Name, err)
	}
	return nil
}

type outcome int

const (
	itemUnchanged outcome = iota
	itemNew
	itemUpdated
	// itemMerged: the item joined a story stored from other sources.
	itemMerged
	// itemSkipped: the item's story was pruned; it stays out.
	itemSkipped
)

// saveItem writes one item inside tx and says what it did.
func (s *Store) saveItem(tx *bbolt.Tx, it *feeds.Item, now time.Time) (outcome, error) {
	items := tx.Bucket(bucketItems)
	items.FillPercent = appendOnly
	byDay := tx.Bucket(bucketByDay)

	h := hashKeys(it)
	m, found := s.resolve(tx, it, &h)
	if found && m.tombstoned {
		return itemSkipped, nil
	}
	if !found {
		if it.FirstSeen.IsZero() {
			it.FirstSeen = now
		}
		v := encodeItem(nil, it)
		seq, err := items.NextSequence()
		if err != nil {
			return 0, err
		}
		if err := items.Put(seqKey(seq), v); err != nil {
			return 0, err
		}
		at := sortableTime(it.Published)
		if err := putByDay(byDay, at, seq); err != nil {
			return 0, err
		}
		if err := indexSources(tx.Bucket(bucketBySource), storySources(it.Source, it.Sources), timeKey(at, seq)); err != nil {
			return 0, err
		}
		return itemNew, s.recordKeys(tx, it, &h, seq)
	}

	key := seqKey(m.seq)
	raw := items.Get(key)
	old, err := decodeItem(raw)
	if err != nil {
		return 0, fmt.Errorf("decode stored item %d: %w", m.seq, err)
	}
	merged, joined := merge.Join(old, *it, now, *s.order.Load())
	if err := s.recordKeys(tx, it, &h, m.seq); err != nil {
		return 0, err
	}
	v := encodeItem(nil, &merged)
	// The stored bytes were written by encodeItem too, so equal content
	// encodes to equal bytes.
	if bytes.Equal(v, raw) {
		return itemUnchanged, nil
	}
	if err := items.Put(key, v); err != nil {
		return 0, err
	}
	oldAt, newAt := sortableTime(old.Published), sortableTime(merged.Published)
	if oldAt != newAt {
		if dayOf(oldAt) != dayOf(newAt) {
			if err := byDay.Delete(dayKey(oldAt, m.seq)); err != nil {
				return 0, err
			}
		}
		if err := putByDay(byDay, newAt, m.seq); err != nil {
			return 0, err
		}
	}
	if err := reindexSources(tx.Bucket(bucketBySource), &old, &merged, timeKey(oldAt, m.seq), timeKey(newAt, m.seq)); err != nil {
		return 0, err
	}
	if joined {
		return itemMerged, nil
	}
	return itemUpdated, nil
}

// union returns a followed by the elements of b that a lacks, in order.
func union(a, b []string) []string {
	out := a
	copied := false
	for _, s := range b {
		if contains(out, s) {
			continue
		}
		if !copied {
			out = append(make([]string, 0, len(a)+len(b)), a...)
			copied = true
		}
		out = append(out, s)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// getState reads a source's state from the sources bucket, or a zero state.
func getState(b *bbolt.Bucket, name string) (feeds.SourceState, error) {
	v := b.Get([]byte(name))
	if v == nil {
		return feeds.SourceState{Name: name}, nil
	}
	var st feeds.SourceState
	if err := json.Unmarshal(v, &st); err != nil {
		return feeds.SourceState{}, fmt.Errorf("decode state of source %q: %w", name, err)
	}
	st.Name = name
	return st, nil
}

func putState(b *bbolt.Bucket, st feeds.SourceState) error {
	v, err := encodeJSON(st)
	if err != nil {
		return fmt.Errorf("encode state of source %q: %w", st.Name, err)
	}
	return b.Put([]byte(st.Name), v)
}

// bumpVersion records that items changed at now.
func bumpVersion(tx *bbolt.Tx, now time.Time) error {
	meta := tx.Bucket(bucketMeta)
	var v uint64
	if raw := meta.Get(keyVersion); raw != nil {
		var err error
		if v, err = decodeUint(raw); err != nil {
			return fmt.Errorf("read version: %w", err)
		}
	}
	mod, err := now.MarshalText()
	if err != nil {
		return fmt.Errorf("encode modified time: %w", err)
	}
	if err := meta.Put(keyVersion, encodeUint(v+1)); err != nil {
		return err
	}
	return meta.Put(keyModified, mod)
}
