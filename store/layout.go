package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"time"

	"go.etcd.io/bbolt"

	"github.com/edufeed/edufeed/feeds"
)

// Buckets of schema 3 to 5 (DESIGN.md "Store layout" gives the overview;
// bysource.go has what schema 4 adds, byday.go what schema 5 changes).
//
// Every story gets a sequence number (bbolt's NextSequence on items) when it
// is first stored, and every bucket but sources and meta is keyed by it, so
// that a new story's record and merge keys go at the end of their buckets:
// a poll's new items fill fresh pages instead of dirtying a page each at
// random places, and those buckets are written full (FillPercent 1.0). Only
// by_time took inserts all over; schema 5's by_day puts them at the end of
// each day instead.
//
// Schema 2 kept items under their 32-character id, the merge keys as keys
// of their own (seven per item, each at a random place) and item_keys
// listing them per item: at 40,000 items a commit wrote some 14 pages per
// new item and the file took 4.7 KB per item; schema 3 writes about 1.2
// pages and 2.5 KB (BenchmarkFill).
var (
	bucketMeta = []byte("meta") // schema, version, modified, items
	// bucketItems holds each story's record (record.go), which names its id.
	bucketItems = []byte("items") // seq -> item record
	// bucketByTime is the published-time index of schema 1 to 4, replaced by
	// bucketByDay in schema 5; by_source's keys still end in its keys.
	bucketByTime = []byte("by_time") // sortable published time + seq (or id) -> empty
	// bucketKeys holds each story's merge keys (see keys.go), for as long
	// as the story or its tombstone lives; keyIndex is their lookup table.
	bucketKeys    = []byte("keys")    // seq -> merge key list
	bucketSources = []byte("sources") // source name -> JSON SourceState
	// bucketTombstones remembers pruned stories, so that a source still
	// listing one does not bring it back as new.
	bucketTombstones = []byte("tombstones") // seq -> big-endian unix ns of the prune

	// allBuckets lists schema 5's buckets.
	allBuckets = [][]byte{bucketMeta, bucketItems, bucketByDay, bucketKeys, bucketSources, bucketTombstones, bucketBySource}
	// schema1Buckets are in every file of schema 1 to 4.
	schema1Buckets = [][]byte{bucketMeta, bucketItems, bucketByTime, bucketKeys, bucketSources}
)

// appendOnly is the FillPercent of the buckets keyed by sequence number:
// their keys only ever grow, so a split page is never written into again and
// may as well be full.
const appendOnly = 1.0

// seqLen is the width of a sequence number key.
const seqLen = 8

// seqKey is the key of sequence number seq: big-endian, so keys sort in the
// order the stories were first stored.
func seqKey(seq uint64) []byte {
	return binary.BigEndian.AppendUint64(make([]byte, 0, seqLen), seq)
}

// keySeq reads a sequence number key; ok is false for any other key.
func keySeq(k []byte) (seq uint64, ok bool) {
	if len(k) != seqLen {
		return 0, false
	}
	return binary.BigEndian.Uint64(k), true
}

// Keys in the meta bucket.
var (
	keySchema   = []byte("schema")
	keyVersion  = []byte("version")
	keyModified = []byte("modified")
	// keyItems counts the items bucket's keys (the live stories), kept by
	// every write, so that Stats need not walk every page of the file.
	keyItems = []byte("items")
)

// timeKeyLen is the width of the time prefix of a by_time or by_source key.
const timeKeyLen = 8

// sortableTime maps t to a uint64 whose big-endian bytes order like the
// times, pre-1970 included: unix nanoseconds with the sign bit flipped.
// Times outside int64 nanoseconds (the zero time among them) are clamped, so
// an undated item sorts oldest rather than wherever an overflow puts it.
func sortableTime(t time.Time) uint64 {
	var n int64
	switch {
	case t.Before(time.Unix(0, math.MinInt64)):
		n = math.MinInt64
	case t.After(time.Unix(0, math.MaxInt64)):
		n = math.MaxInt64
	default:
		n = t.UnixNano()
	}
	return uint64(n) ^ (1 << 63)
}

// timeKey is the by_time key of the story seq published at sortable time
// at, which ends its by_source keys.
func timeKey(at, seq uint64) []byte {
	k := binary.BigEndian.AppendUint64(make([]byte, 0, timeKeyLen+seqLen), at)
	return binary.BigEndian.AppendUint64(k, seq)
}

func encodeUint(v uint64) []byte {
	return binary.BigEndian.AppendUint64(nil, v)
}

func decodeUint(b []byte) (uint64, error) {
	if len(b) != 8 {
		return 0, fmt.Errorf("want 8 bytes, have %d", len(b))
	}
	return binary.BigEndian.Uint64(b), nil
}

// encodeJSON marshals v without escaping <, > and &, as schema 2 stored
// items (whose content is HTML); source states are stored this way still.
func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// itemHead is the part of a stored item that a write or a source filter
// needs: the head of a record (decodeHead), or picked from the JSON of a
// schema 1 or 2 item.
type itemHead struct {
	Source    string           `json:"source"`
	Sources   []string         `json:"sources"`
	Published time.Time        `json:"published"`
	DateFrom  feeds.DateSource `json:"date_from"`
	FirstSeen time.Time        `json:"first_seen"`
}

// addItems adds n (which may be negative) to the stored item count.
func addItems(tx *bbolt.Tx, n int) error {
	if n == 0 {
		return nil
	}
	meta := tx.Bucket(bucketMeta)
	count := int64(0)
	if raw := meta.Get(keyItems); raw != nil {
		v, err := decodeUint(raw)
		if err != nil {
			return fmt.Errorf("read item count: %w", err)
		}
		count = int64(v)
	}
	return meta.Put(keyItems, encodeUint(uint64(max(0, count+int64(n)))))
}

// itemCount reads the stored item count, counting the keys of a file
// written before the count was kept.
func itemCount(tx *bbolt.Tx) (int, error) {
	if raw := tx.Bucket(bucketMeta).Get(keyItems); raw != nil {
		v, err := decodeUint(raw)
		if err != nil {
			return 0, fmt.Errorf("read item count: %w", err)
		}
		return int(v), nil
	}
	return tx.Bucket(bucketItems).Stats().KeyN, nil
}
