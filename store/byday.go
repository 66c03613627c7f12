package store

// The published-time index of schema 5, by_day: a story's key is the day it
// was published and its sequence number, its value the published time.
// Schema 3 and 4 kept by_time, keyed by the time itself and the sequence
// number: new stories dated across weeks (a first poll of a source's back
// catalogue) landed on random leaves, and nearly every insert read, grew
// and rewrote a whole page at its commit. A new story's number is the
// highest yet, so under day keys it goes at the end of its day: a commit
// dirties about one page per day it touches. At 20,000 sources the full
// cycle took 24-40 % less CPU and 19-24 MiB less peak memory (bench/README,
// "The full cycle's CPU at 20,000"). Readers sort each day's entries by time
// and number, which is the order by_time's keys had.

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"fmt"
	"slices"

	"go.etcd.io/bbolt"
)

// bucketByDay holds big-endian day + seq -> sortable published time.
var bucketByDay = []byte("by_day")

// bySourceSchema is the schema that added by_source; SchemaVersion (5)
// replaces its by_time with by_day.
const bySourceSchema = 4

// dayLen is the width of the day prefix of a by_day key.
const dayLen = 4

// nsPerDay is the length of a UTC day in nanoseconds.
const nsPerDay = 24 * 60 * 60 * 1e9

// dayOf is the UTC day of the sortable time at, counted from 1970-01-01
// and offset by 2^31 so that the days before it sort first as well.
func dayOf(at uint64) uint32 {
	n := int64(at ^ (1 << 63))
	d := n / nsPerDay
	if n%nsPerDay < 0 {
		d--
	}
	return uint32(d + 1<<31)
}

// dayKey is the by_day key of the story seq published at sortable time at.
func dayKey(at, seq uint64) []byte {
	k := binary.BigEndian.AppendUint32(make([]byte, 0, dayLen+seqLen), dayOf(at))
	return binary.BigEndian.AppendUint64(k, seq)
}

// putByDay indexes the story seq published at sortable time at.
func putByDay(b *bbolt.Bucket, at, seq uint64) error {
	return b.Put(dayKey(at, seq), encodeUint(at))
}

// timeEntry is one story of the published-time index: its sortable time
// and its key in items (a sequence number, or a schema 1 or 2 item's id).
type timeEntry struct {
	at  uint64
	key []byte
}

func compareEntries(a, b timeEntry) int {
	if c := cmp.Compare(a.at, b.at); c != 0 {
		return c
	}
	return bytes.Compare(a.key, b.key)
}

// eachByTime calls fn with every story in the order of its published time
// and then its key, newest first when newest is set, until fn returns false.
// byDay says that the file has by_day (schema 5); older files are read
// from by_time as they are. The keys passed stay valid for the transaction.
func eachByTime(tx *bbolt.Tx, byDay, newest bool, fn func(timeEntry) (bool, error)) error {
	if !byDay {
		k, _, step := walk(tx.Bucket(bucketByTime).Cursor(), newest)
		for ; k != nil; k, _ = step() {
			if len(k) <= timeKeyLen {
				continue
			}
			more, err := fn(timeEntry{binary.BigEndian.Uint64(k), k[timeKeyLen:]})
			if err != nil || !more {
				return err
			}
		}
		return nil
	}
	k, v, step := walk(tx.Bucket(bucketByDay).Cursor(), newest)
	valid := func(k, v []byte) bool { return len(k) == dayLen+seqLen && len(v) == 8 }
	var group []timeEntry
	for k != nil {
		if !valid(k, v) {
			k, v = step()
			continue
		}
		// A day's stories are keyed by number, not time: read the whole
		// day and sort it before passing any of them on.
		day := binary.BigEndian.Uint32(k)
		group = group[:0]
		for ; k != nil; k, v = step() {
			if !valid(k, v) {
				continue
			}
			if binary.BigEndian.Uint32(k) != day {
				break
			}
			group = append(group, timeEntry{binary.BigEndian.Uint64(v), k[dayLen:]})
		}
		if newest {
			slices.SortFunc(group, func(a, b timeEntry) int { return compareEntries(b, a) })
		} else {
			slices.SortFunc(group, compareEntries)
		}
		for _, e := range group {
			if more, err := fn(e); err != nil || !more {
				return err
			}
		}
	}
	return nil
}

// walk is where a cursor starts and how it steps: from the last key back
// when newest is set, else from the first on.
func walk(c *bbolt.Cursor, newest bool) (k, v []byte, step func() ([]byte, []byte)) {
	if newest {
		k, v = c.Last()
		return k, v, c.Prev
	}
	k, v = c.First()
	return k, v, c.Next
}

// byDayBatch is how many stories one transaction of the schema 5 upgrade
// moves (a variable for the tests).
var byDayBatch = 20000

// addByDay upgrades a schema 4 store in place to schema 5: it copies
// by_time into by_day in transactions of byDayBatch stories, and then drops
// by_time and sets the schema. A run cut short starts over: the schema is
// still 4 and by_time whole.
func addByDay(db *bbolt.DB) error {
	err := upgradeInBatches(db, bucketByDay, func(tx *bbolt.Tx, from []byte) ([]byte, error) {
		var next []byte
		c := tx.Bucket(bucketByTime).Cursor()
		k := seekFrom(c, from)
		// by_time's order is time's, so a batch covers a run of days;
		// put in key order, each day's keys then fill pages in turn.
		var keys [][2][]byte
		for n := 0; k != nil; k, _ = c.Next() {
			if n == byDayBatch {
				next = bytes.Clone(k)
				break
			}
			if len(k) != timeKeyLen+seqLen {
				continue
			}
			at, seq := binary.BigEndian.Uint64(k), binary.BigEndian.Uint64(k[timeKeyLen:])
			keys = append(keys, [2][]byte{dayKey(at, seq), encodeUint(at)})
			n++
		}
		slices.SortFunc(keys, func(a, b [2][]byte) int { return bytes.Compare(a[0], b[0]) })
		byDay := tx.Bucket(bucketByDay)
		for _, kv := range keys {
			if err := byDay.Put(kv[0], kv[1]); err != nil {
				return nil, err
			}
		}
		if next != nil {
			return next, nil
		}
		if err := tx.DeleteBucket(bucketByTime); err != nil {
			return nil, err
		}
		return nil, tx.Bucket(bucketMeta).Put(keySchema, encodeUint(SchemaVersion))
	})
	if err != nil {
		return fmt.Errorf("index stories by day: %w", err)
	}
	return nil
}
