package store

import (
	"os"
	"testing"
	"time"

	"go.etcd.io/bbolt"
)

// fileTxID is the newest transaction id in the file's meta pages.
func fileTxID(t *testing.T, path string) uint64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m0, ok0 := readMeta(f, 0)
	m1, ok1 := readMeta(f, int64(m0.pageSize))
	if !ok0 || !ok1 {
		t.Fatalf("meta pages unreadable: %v %v", ok0, ok1)
	}
	return max(m0.txid, m1.txid)
}

// TestOpenWritesNothing: opening a complete store for writing commits no
// transaction (each would sync the file twice at every start-up); a store
// that lacks part of its schema gets it.
func TestOpenWritesNothing(t *testing.T) {
	s := openTemp(t)
	mustSave(t, s, benchItems(0, 3), "moe", day)
	path := s.Path()
	before := fileTxID(t, path) // SavePoll's commit is in the file
	s = reopen(t, s)
	if after := fileTxID(t, path); after != before {
		t.Errorf("opening a complete store moved the file's transaction id %d -> %d", before, after)
	}
	// Without the item count, Open counts the items once and keeps it.
	if err := s.update(false, func(tx *bbolt.Tx) error { return tx.Bucket(bucketMeta).Delete(keyItems) }); err != nil {
		t.Fatal(err)
	}
	s = reopen(t, s)
	var count []byte
	_ = s.db.View(func(tx *bbolt.Tx) error { count = tx.Bucket(bucketMeta).Get(keyItems); return nil })
	if n, err := decodeUint(count); err != nil || n != 3 {
		t.Errorf("item count after Open: %d (%v), want 3", n, err)
	}
	if res := mustSave(t, s, benchItems(3, 1), "moe", day.Add(time.Hour)); res.New != 1 {
		t.Errorf("save: %+v", res)
	}
}
