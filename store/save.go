package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"go.etcd.io/bbolt"

	"github.com/edufeed/edufeed/feeds"
)

// SavePoll writes one poll's items and the source's state in one transaction,
// so a crash leaves a poll all-in or all-out.
//
// An item not yet stored is new: it gets FirstSeen = now unless it has one.
// A stored item whose content changed is updated, keeping its FirstSeen and
// its published date, so that an undated item does not climb to the top on
// every edit; only a date inferred from the first-seen time gives way to one
// the source wrote (feed, updated, link or content). The union of Sources is
// kept, stored order first. Of two items sharing an ID the first wins.
//
// st is written with ItemCount kept by the store and LastResult set to the
// counts returned. The version is bumped when any item was new or updated.
func (s *Store) SavePoll(items []feeds.Item, st feeds.SourceState, now time.Time) (feeds.PollResult, error) {
	if st.Name == "" {
		return feeds.PollResult{}, fmt.Errorf("store %s: save poll: source state has no name", s.path)
	}
	var res feeds.PollResult
	err := s.db.Update(func(tx *bbolt.Tx) error {
		newBySource := make(map[string]int)
		seen := make(map[string]bool, len(items))
		for i := range items {
			it := items[i]
			if it.ID == "" || it.Source == "" {
				return fmt.Errorf("item %d (%q): %w: ID and Source must be set", i, it.Title, ErrInvalidItem)
			}
			if seen[it.ID] {
				continue
			}
			seen[it.ID] = true
			outcome, err := saveItem(tx, it, now)
			if err != nil {
				return fmt.Errorf("item %s: %w", it.ID, err)
			}
			switch outcome {
			case itemNew:
				res.New++
				newBySource[it.Source]++
			case itemUpdated:
				res.Updated++
			default:
				res.Unchanged++
			}
		}

		sources := tx.Bucket(bucketSources)
		prev, err := getState(sources, st.Name)
		if err != nil {
			return err
		}
		st.ItemCount = prev.ItemCount + newBySource[st.Name]
		st.LastResult = res
		if err := putState(sources, st); err != nil {
			return err
		}
		// Items normally carry the polled source's name; count any that do
		// not under their own source so every ItemCount stays right.
		for name, n := range newBySource {
			if name == st.Name {
				continue
			}
			other, err := getState(sources, name)
			if err != nil {
				return err
			}
			other.ItemCount += n
			if err := putState(sources, other); err != nil {
				return err
			}
		}

		if res.New+res.Updated > 0 {
			return bumpVersion(tx, now)
		}
		return nil
	})
	if err != nil {
		return feeds.PollResult{}, fmt.Errorf("store %s: source %q: save poll: %w", s.path, st.Name, err)
	}
	return res, nil
}

// SaveState writes a source's state alone (a 304 or a failed poll). The
// stored ItemCount is kept: callers do not track it.
func (s *Store) SaveState(st feeds.SourceState) error {
	if st.Name == "" {
		return fmt.Errorf("store %s: save state: source state has no name", s.path)
	}
	err := s.db.Update(func(tx *bbolt.Tx) error {
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
)

// saveItem writes one item inside tx and says what it did.
func saveItem(tx *bbolt.Tx, it feeds.Item, now time.Time) (outcome, error) {
	items := tx.Bucket(bucketItems)
	byTime := tx.Bucket(bucketByTime)
	id := []byte(it.ID)

	old := items.Get(id)
	if old == nil {
		if it.FirstSeen.IsZero() {
			it.FirstSeen = now
		}
		v, err := encodeJSON(it)
		if err != nil {
			return 0, fmt.Errorf("encode: %w", err)
		}
		if err := items.Put(id, v); err != nil {
			return 0, err
		}
		return itemNew, byTime.Put(timeKey(it.Published, it.ID), nil)
	}

	var head itemHead
	if err := json.Unmarshal(old, &head); err != nil {
		return 0, fmt.Errorf("decode stored item: %w", err)
	}
	merged := mergeItem(head, it, now)
	v, err := encodeJSON(merged)
	if err != nil {
		return 0, fmt.Errorf("encode: %w", err)
	}
	// The stored bytes were written by encodeJSON too, so equal content
	// encodes to equal bytes.
	if bytes.Equal(v, old) {
		return itemUnchanged, nil
	}
	if err := items.Put(id, v); err != nil {
		return 0, err
	}
	if sortableTime(merged.Published) != sortableTime(head.Published) {
		if err := byTime.Delete(timeKey(head.Published, it.ID)); err != nil {
			return 0, err
		}
		if err := byTime.Put(timeKey(merged.Published, it.ID), nil); err != nil {
			return 0, err
		}
	}
	return itemUpdated, nil
}

// mergeItem is the item to store when nw arrives for a stored item: nw's
// content with the stored identity, first-seen time and (mostly) date.
func mergeItem(old itemHead, nw feeds.Item, now time.Time) feeds.Item {
	m := nw
	m.FirstSeen = old.FirstSeen
	if m.FirstSeen.IsZero() {
		m.FirstSeen = nw.FirstSeen
		if m.FirstSeen.IsZero() {
			m.FirstSeen = now
		}
	}
	if !(old.DateFrom == feeds.DateFromFirstSeen && sourceDate(nw.DateFrom) && !nw.Published.IsZero()) {
		m.Published, m.DateFrom = old.Published, old.DateFrom
	}
	m.Sources = union(old.Sources, nw.Sources)
	if old.Source != "" && nw.Source != old.Source {
		// Another source carried the same story: the first one stays Source.
		m.Source = old.Source
		m.Sources = union(m.Sources, []string{old.Source, nw.Source})
	}
	return m
}

// sourceDate reports whether d is a date the source itself wrote somewhere.
func sourceDate(d feeds.DateSource) bool {
	switch d {
	case feeds.DateFromFeed, feeds.DateFromUpdated, feeds.DateFromLink, feeds.DateFromContent:
		return true
	}
	return false
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
