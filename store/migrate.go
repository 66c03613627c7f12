package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"go.etcd.io/bbolt"

	"github.com/edufeed/edufeed/feeds"
)

// legacyAlias is the prefix of schema 2's alias keys (alias id -> story id).
const legacyAlias = 'a'

// migrateTxSize bounds the bytes one transaction of the upgrade copies.
const migrateTxSize = 8 << 20

// migrate upgrades the schema 1 or 2 store open in src (locked, so no one
// else writes it) to schema 3. Like Compact it writes a new file beside the
// old one, syncs it and renames it over path, so a crash at any point leaves
// either the old file or the new one, and the result has no free pages.
//
// Items are numbered in the order of their published dates (the order of
// by_time), so the newest are also the last; pruned ids get numbers after
// them, for their tombstones and keys. Every merge key of schema 2 keeps
// pointing at its story: the exact ones (a, g, l) hash to the schema 3
// entries (alias keys become ids the story is known by), title keys keep
// their hash and time, and the four band keys of a fingerprint become one
// entry.
func migrate(src *bbolt.DB, path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".upgrade")
	if err := os.Remove(tmp); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("remove leftover %s: %w", tmp, err)
	}
	// No fsync per transaction: a half-written copy is thrown away anyway,
	// and one Sync at the end makes the whole copy durable.
	dst, err := bbolt.Open(tmp, fi.Mode().Perm(), &bbolt.Options{
		Timeout: DefaultLockTimeout, FreelistType: bbolt.FreelistMapType, NoSync: true,
	})
	if err != nil {
		return fmt.Errorf("create %s: %w", tmp, err)
	}
	err = src.View(func(stx *bbolt.Tx) error { return upgrade(stx, dst) })
	if err == nil {
		err = dst.Sync()
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err == nil && beforeReplace != nil {
		beforeReplace()
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return err
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		_ = d.Sync() // make the rename durable where the file system allows
		_ = d.Close()
	}
	return nil
}

// copier writes into dst in transactions of about migrateTxSize bytes.
type copier struct {
	db      *bbolt.DB
	tx      *bbolt.Tx
	written int
}

func (c *copier) put(bucket, k, v []byte) error {
	if c.tx == nil {
		tx, err := c.db.Begin(true)
		if err != nil {
			return err
		}
		c.tx = tx
	}
	b, err := c.tx.CreateBucketIfNotExists(bucket)
	if err != nil {
		return err
	}
	// Keys come in order, as in a compaction: pages may as well be full.
	b.FillPercent = appendOnly
	if err := b.Put(k, v); err != nil {
		return err
	}
	c.written += len(k) + len(v)
	if c.written >= migrateTxSize {
		return c.commit()
	}
	return nil
}

func (c *copier) commit() error {
	if c.tx == nil {
		return nil
	}
	err := c.tx.Commit()
	c.tx, c.written = nil, 0
	return err
}

func (c *copier) rollback() {
	if c.tx != nil {
		_ = c.tx.Rollback()
	}
}

// upgrade copies the schema 1 or 2 store read by stx into the empty dst.
func upgrade(stx *bbolt.Tx, dst *bbolt.DB) (err error) {
	c := &copier{db: dst}
	defer func() {
		if err != nil {
			c.rollback()
		}
	}()
	if err := dst.Update(func(tx *bbolt.Tx) error {
		// Schema 3 had by_time; the upgrade to 5 makes by_day of it.
		for _, name := range append(slices.Clone(allBuckets), bucketByTime) {
			if _, err := tx.CreateBucket(name); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	if err := stx.Bucket(bucketSources).ForEach(func(k, v []byte) error {
		return c.put(bucketSources, k, v)
	}); err != nil {
		return err
	}

	items := stx.Bucket(bucketItems)
	seqOf := make(map[string]uint64)
	var next uint64
	number := func(id []byte) uint64 {
		next++
		seqOf[string(id)] = next
		return next
	}
	live := 0
	copyItem := func(id, v []byte, published []byte) error {
		var it feeds.Item
		if err := json.Unmarshal(v, &it); err != nil {
			return fmt.Errorf("decode item %s: %w", id, err)
		}
		seq := number(id)
		live++
		if err := c.put(bucketItems, seqKey(seq), encodeItem(nil, &it)); err != nil {
			return err
		}
		return c.put(bucketByTime, binary.BigEndian.AppendUint64(published[:timeKeyLen:timeKeyLen], seq), nil)
	}
	// Items in by_time order, then any item by_time lacks.
	cur := stx.Bucket(bucketByTime).Cursor()
	for k, _ := cur.First(); k != nil; k, _ = cur.Next() {
		if len(k) <= timeKeyLen {
			continue
		}
		id := k[timeKeyLen:]
		if _, done := seqOf[string(id)]; done {
			continue
		}
		if v := items.Get(id); v != nil {
			if err := copyItem(id, v, k); err != nil {
				return err
			}
		}
	}
	if err := items.ForEach(func(id, v []byte) error {
		if _, done := seqOf[string(id)]; done {
			return nil
		}
		var head itemHead
		if err := json.Unmarshal(v, &head); err != nil {
			return fmt.Errorf("decode item %s: %w", id, err)
		}
		return copyItem(id, v, binary.BigEndian.AppendUint64(nil, sortableTime(head.Published)))
	}); err != nil {
		return err
	}
	if tombs := stx.Bucket(bucketTombstones); tombs != nil {
		if err := tombs.ForEach(func(id, v []byte) error {
			if _, live := seqOf[string(id)]; live {
				return nil // an exact key finds the live item first anyway
			}
			return c.put(bucketTombstones, seqKey(number(id)), v)
		}); err != nil {
			return err
		}
	}

	lists, err := upgradeKeys(stx, seqOf)
	if err != nil {
		return err
	}
	for seq := uint64(1); seq <= next; seq++ {
		if err := c.put(bucketKeys, seqKey(seq), lists[seq]); err != nil {
			return err
		}
	}

	meta := stx.Bucket(bucketMeta)
	for _, k := range [][]byte{keyVersion, keyModified} {
		if v := meta.Get(k); v != nil {
			if err := c.put(bucketMeta, k, v); err != nil {
				return err
			}
		}
	}
	if err := c.put(bucketMeta, keyItems, encodeUint(uint64(live))); err != nil {
		return err
	}
	if err := c.put(bucketMeta, keySchema, encodeUint(seqSchema)); err != nil {
		return err
	}
	if err := c.commit(); err != nil {
		return err
	}
	return dst.Update(func(tx *bbolt.Tx) error {
		return tx.Bucket(bucketItems).SetSequence(next)
	})
}

// upgradeKeys builds the schema 3 key list of every story numbered in seqOf
// from the schema 2 keys bucket (empty in schema 1).
func upgradeKeys(stx *bbolt.Tx, seqOf map[string]uint64) (map[uint64][]byte, error) {
	lists := make(map[uint64][]byte, len(seqOf))
	for id, seq := range seqOf {
		lists[seq] = appendEntry(nil, keyEntry{kind: kindID, exact: idKey(id)})
	}
	fps := make(map[[2]uint64]bool)
	err := stx.Bucket(bucketKeys).ForEach(func(k, v []byte) error {
		if len(k) == 0 {
			return nil
		}
		var (
			id string
			e  = keyEntry{kind: k[0]}
		)
		switch k[0] {
		case legacyAlias, kindGUID, kindLink:
			// A schema 2 key was the kind and the text that
			// hashExact hashes; an alias is an id of the story.
			id = string(v)
			if e.kind == legacyAlias {
				e.kind = kindID
			}
			e.exact = hashExact(e.kind, string(k[1:]))
		case kindTitle:
			if len(k) <= 9 || len(v) != 8 {
				return nil
			}
			id = string(k[9:])
			e.hash, e.at = binary.BigEndian.Uint64(k[1:9]), binary.BigEndian.Uint64(v)
		case kindFingerprint:
			if len(k) <= 4 || len(v) != 8 {
				return nil
			}
			id = string(k[4:])
			e.fp = binary.BigEndian.Uint64(v)
		default:
			return nil
		}
		seq, ok := seqOf[id]
		if !ok {
			return nil // a key of an item that is gone
		}
		if e.kind == kindFingerprint {
			if fps[[2]uint64{seq, e.fp}] {
				return nil
			}
			fps[[2]uint64{seq, e.fp}] = true
		}
		lists[seq] = appendEntry(lists[seq], e)
		return nil
	})
	return lists, err
}
