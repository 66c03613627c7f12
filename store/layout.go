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

// Buckets, as described in DESIGN.md "Store layout".
var (
	bucketMeta    = []byte("meta")    // schema, version, modified
	bucketItems   = []byte("items")   // item id -> JSON item
	bucketByTime  = []byte("by_time") // sortable published time + item id -> empty
	bucketKeys    = []byte("keys")    // merge key -> item id (see keys.go)
	bucketSources = []byte("sources") // source name -> JSON SourceState
	// bucketItemKeys lists the keys recorded for an item, so that they can
	// be deleted with its tombstone.
	bucketItemKeys = []byte("item_keys") // item id -> length-prefixed keys
	// bucketTombstones remembers pruned items, so that a source still
	// listing one does not bring it back as new.
	bucketTombstones = []byte("tombstones") // item id -> big-endian unix ns of the prune

	allBuckets = [][]byte{bucketMeta, bucketItems, bucketByTime, bucketKeys, bucketSources, bucketItemKeys, bucketTombstones}
)

// Keys in the meta bucket.
var (
	keySchema   = []byte("schema")
	keyVersion  = []byte("version")
	keyModified = []byte("modified")
	// keyItems counts the items bucket's keys, kept by every write, so that
	// Stats need not walk every page of the file.
	keyItems = []byte("items")
)

// timeKeyLen is the width of the time prefix of a by_time key.
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

// timeKey is the by_time key of an item published at t.
func timeKey(t time.Time, id string) []byte {
	k := make([]byte, timeKeyLen+len(id))
	binary.BigEndian.PutUint64(k, sortableTime(t))
	copy(k[timeKeyLen:], id)
	return k
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

// encodeJSON marshals v without escaping <, > and &: item content is HTML,
// and the escapes would only make every stored item larger.
func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// itemHead is the part of a stored item that a write or a source filter needs,
// decoded without allocating the content.
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
