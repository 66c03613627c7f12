package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"go.etcd.io/bbolt"

	"github.com/edufeed/edufeed/feeds"
)

// The delivery log of feeds/notify. Its buckets are made on first use, so
// a store that never notifies has none and needs no schema change.
var (
	// bucketNotify holds each notify target's state.
	bucketNotify = []byte("notify") // target name -> JSON feeds.DeliveryState
	// bucketDeliveries records what each target was sent, by the keys
	// notify gives (a story's id, its link), so that a restart, a reload or
	// a copy of a story sent before never sends it again.
	bucketDeliveries = []byte("deliveries") // target 0x00 key -> big-endian unix ns of the delivery
)

// DeliveryLog is the delivery log of feeds/notify as every store keeps it:
// the targets' states, the stories in order of arrival, and what each
// target was sent. store/storetest holds its contract.
type DeliveryLog interface {
	// DeliveryState returns a target's state, creating it at the newest
	// stored story for a target the store has not seen.
	DeliveryState(target string, now time.Time) (feeds.DeliveryState, error)
	// StoriesAfter returns up to limit stories first stored after seq, oldest first.
	StoriesAfter(seq uint64, limit int) ([]feeds.Story, error)
	// Delivered reports, for each key, whether target was sent it.
	Delivered(target string, keys []string) ([]bool, error)
	// RecordDelivery saves st and the keys just sent, at time at, together.
	RecordDelivery(st feeds.DeliveryState, keys []string, at time.Time) error
	// SaveDeliveryState saves st alone.
	SaveDeliveryState(st feeds.DeliveryState) error
	// PruneDeliveries forgets deliveries recorded before cutoff.
	PruneDeliveries(cutoff time.Time) (int, error)
}

var _ DeliveryLog = (*Store)(nil)

// errLegacyLayout: the file has schema 1 or 2, whose stories have no
// sequence numbers; only a writable (upgraded) store can notify.
var errLegacyLayout = errors.New("store has an old layout (read-only); notify needs the upgraded file")

// DeliveryState returns the state of the notify target name. A target the
// store has not seen is created with its watermark at the newest stored
// story, so that it is sent only what arrives from now on; on a read-only
// store it is returned without being saved.
func (s *Store) DeliveryState(name string, now time.Time) (feeds.DeliveryState, error) {
	var st feeds.DeliveryState
	var found bool
	err := s.db.View(func(tx *bbolt.Tx) error {
		var err error
		st, found, err = getDeliveryState(tx, name)
		if err != nil || found {
			return err
		}
		st = feeds.DeliveryState{Target: name, Added: now, Watermark: lastSeq(tx)}
		return nil
	})
	if err != nil || found || s.readOnly {
		return st, wrapDelivery(s, name, err)
	}
	// Another writer may have added stories since the read: the watermark
	// is taken again inside the write, and an existing state wins.
	err = s.update(false, func(tx *bbolt.Tx) error {
		cur, ok, err := getDeliveryState(tx, name)
		if err != nil {
			return err
		}
		if ok {
			st = cur
			return nil
		}
		st = feeds.DeliveryState{Target: name, Added: now, Watermark: lastSeq(tx)}
		return putDeliveryState(tx, st)
	})
	return st, wrapDelivery(s, name, err)
}

// StoriesAfter returns up to limit stories first stored after seq, oldest
// first; stories pruned since are gone. limit <= 0 means no limit.
func (s *Store) StoriesAfter(seq uint64, limit int) ([]feeds.Story, error) {
	if s.legacy {
		return nil, fmt.Errorf("store %s: %w", s.path, errLegacyLayout)
	}
	var out []feeds.Story
	err := s.db.View(func(tx *bbolt.Tx) error {
		c := tx.Bucket(bucketItems).Cursor()
		for k, v := c.Seek(seqKey(seq + 1)); k != nil; k, v = c.Next() {
			n, ok := keySeq(k)
			if !ok {
				continue
			}
			it, err := decodeItem(v)
			if err != nil {
				return fmt.Errorf("decode item %d: %w", n, err)
			}
			out = append(out, feeds.Story{Seq: n, Item: it})
			if limit > 0 && len(out) >= limit {
				break
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store %s: read new stories: %w", s.path, err)
	}
	return out, nil
}

// Delivered reports, for each key, whether target was sent it.
func (s *Store) Delivered(target string, keys []string) ([]bool, error) {
	out := make([]bool, len(keys))
	err := s.db.View(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketDeliveries)
		if b == nil {
			return nil
		}
		for i, k := range keys {
			out[i] = b.Get(deliveryKey(target, k)) != nil
		}
		return nil
	})
	return out, wrapDelivery(s, target, err)
}

// RecordDelivery saves st and, in the same transaction, the keys of the
// stories just sent, at time at. It does not move the store's version: the
// feeds do not change.
func (s *Store) RecordDelivery(st feeds.DeliveryState, keys []string, at time.Time) error {
	err := s.update(false, func(tx *bbolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketDeliveries)
		if err != nil {
			return err
		}
		stamp := encodeUint(uint64(at.UnixNano()))
		for _, k := range keys {
			if err := b.Put(deliveryKey(st.Target, k), stamp); err != nil {
				return err
			}
		}
		return putDeliveryState(tx, st)
	})
	return wrapDelivery(s, st.Target, err)
}

// SaveDeliveryState saves st alone: a failure, or a watermark moved past
// stories the target does not select.
func (s *Store) SaveDeliveryState(st feeds.DeliveryState) error {
	return wrapDelivery(s, st.Target, s.update(false, func(tx *bbolt.Tx) error {
		return putDeliveryState(tx, st)
	}))
}

// PruneDeliveries forgets deliveries recorded before cutoff, whose stories
// retention has pruned or soon will; it returns how many it removed.
func (s *Store) PruneDeliveries(cutoff time.Time) (int, error) {
	n := 0
	err := s.update(false, func(tx *bbolt.Tx) error {
		n = 0
		b := tx.Bucket(bucketDeliveries)
		if b == nil {
			return nil
		}
		var old [][]byte
		limit := uint64(cutoff.UnixNano())
		err := b.ForEach(func(k, v []byte) error {
			if at, err := decodeUint(v); err == nil && at < limit {
				old = append(old, k)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range old {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		n = len(old)
		return nil
	})
	return n, wrapDelivery(s, "", err)
}

// lastSeq is the sequence number of the newest story ever stored.
func lastSeq(tx *bbolt.Tx) uint64 {
	return tx.Bucket(bucketItems).Sequence()
}

func deliveryKey(target, key string) []byte {
	k := make([]byte, 0, len(target)+1+len(key))
	k = append(k, target...)
	k = append(k, 0)
	return append(k, key...)
}

func getDeliveryState(tx *bbolt.Tx, name string) (feeds.DeliveryState, bool, error) {
	var st feeds.DeliveryState
	b := tx.Bucket(bucketNotify)
	if b == nil {
		return st, false, nil
	}
	raw := b.Get([]byte(name))
	if raw == nil {
		return st, false, nil
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		return st, false, fmt.Errorf("decode delivery state: %w", err)
	}
	return st, true, nil
}

func putDeliveryState(tx *bbolt.Tx, st feeds.DeliveryState) error {
	b, err := tx.CreateBucketIfNotExists(bucketNotify)
	if err != nil {
		return err
	}
	v, err := encodeJSON(st)
	if err != nil {
		return err
	}
	return b.Put([]byte(st.Target), v)
}

func wrapDelivery(s *Store, target string, err error) error {
	if err == nil {
		return nil
	}
	if target == "" {
		return fmt.Errorf("store %s: delivery log: %w", s.path, err)
	}
	return fmt.Errorf("store %s: delivery log of target %q: %w", s.path, target, err)
}
