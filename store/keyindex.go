package store

import (
	"bytes"
	"sync"

	"go.etcd.io/bbolt"
)

// keyIndex is the lookup table of every story's merge keys (see keys.go),
// kept in memory and built from the keys bucket. It holds the committed keys
// and, apart, those of the write transaction under way: the writer sees
// both, and when its transaction commits the pending keys join the committed
// ones; when it fails they are dropped, so the table never holds a key the
// file lacks. It may hold keys of stories a transaction has since deleted:
// every hit is checked against the transaction (resolve).
//
// Only one write transaction runs at a time and the write queue applies or
// drops its keys before the next begins (see Store.update); Get may read
// from other goroutines, hence the mutex.
type keyIndex struct {
	mu        sync.Mutex
	committed keySet
	pending   keySet
	// removed lists the stories the pending transaction forgot, with their
	// key lists, to take out of committed when it commits.
	removed []removal
}

type removal struct {
	seq  uint64
	list []byte
}

// buildKeyIndex reads every key list of the file into a new index. A first
// pass counts the entries, so that the tables are made at their final size:
// grown one insert at a time, they left almost twice their size in garbage
// (70 MB allocated for a 26 MB index of 100,000 stories) and a daemon's
// heap, and so its RSS, peaked while it was built.
func buildKeyIndex(tx *bbolt.Tx) *keyIndex {
	return buildKeyIndexFrom(func(fn func(seq uint64, list []byte)) {
		_ = tx.Bucket(bucketKeys).ForEach(func(k, v []byte) error {
			if seq, ok := keySeq(k); ok {
				fn(seq, v)
			}
			return nil
		})
	})
}

// buildKeyIndexFrom builds the index of the key lists eachList yields, in
// two passes over them.
func buildKeyIndexFrom(eachList func(fn func(seq uint64, list []byte))) *keyIndex {
	var n keyCounts
	eachList(func(_ uint64, list []byte) { n.add(list) })
	idx := &keyIndex{committed: newKeySetSized(n), pending: newKeySet()}
	eachList(idx.committed.add)
	return idx
}

// exact finds the story an exact key points at.
func (x *keyIndex) exact(k exactKey) (uint64, bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if seq, ok := x.pending.exact[k]; ok {
		return seq, true
	}
	seq, ok := x.committed.exact[k]
	return seq, ok
}

// titles calls fn for the story and time of every title entry with hash.
func (x *keyIndex) titles(hash uint64, fn func(seq, at uint64)) {
	var found []titleEntry
	x.mu.Lock()
	for _, ks := range []*keySet{&x.committed, &x.pending} {
		ks.eachTitle(hash, func(e *titleEntry) { found = append(found, *e) })
	}
	x.mu.Unlock()
	for _, e := range found {
		fn(e.seq, e.at)
	}
}

// fingerprints calls fn for the story and fingerprint of every entry that
// shares a band with fp.
func (x *keyIndex) fingerprints(fp uint64, fn func(seq, fp uint64)) {
	var found []fpEntry
	x.mu.Lock()
	for _, ks := range []*keySet{&x.committed, &x.pending} {
		ks.eachFingerprint(fp, func(e *fpEntry) { found = append(found, *e) })
	}
	x.mu.Unlock()
	for _, e := range found {
		fn(e.seq, e.fp)
	}
}

func (x *keyIndex) hasTitle(hash, seq uint64) bool {
	has := false
	x.titles(hash, func(s, _ uint64) { has = has || s == seq })
	return has
}

func (x *keyIndex) hasFingerprint(fp, seq uint64) bool {
	has := false
	x.fingerprints(fp, func(s, f uint64) { has = has || (s == seq && f == fp) })
	return has
}

func (x *keyIndex) addExact(k exactKey, seq uint64) {
	x.mu.Lock()
	x.pending.exact[k] = seq
	x.mu.Unlock()
}

func (x *keyIndex) addTitle(hash, seq, at uint64) {
	x.mu.Lock()
	x.pending.addTitle(hash, seq, at)
	x.mu.Unlock()
}

func (x *keyIndex) addFingerprint(fp, seq uint64) {
	x.mu.Lock()
	x.pending.addFingerprint(fp, seq)
	x.mu.Unlock()
}

// remove takes the story seq's keys out when the transaction commits.
func (x *keyIndex) remove(seq uint64, list []byte) {
	x.mu.Lock()
	x.removed = append(x.removed, removal{seq, bytes.Clone(list)})
	x.mu.Unlock()
}

// finish ends the write transaction: its keys join the committed ones, or
// are dropped when it did not commit.
func (x *keyIndex) finish(committed bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if committed {
		// Removals first: a key forgotten and recorded again by the same
		// transaction ends up pointing at its new story.
		for _, r := range x.removed {
			x.committed.remove(r.seq, r.list)
		}
		for k, seq := range x.pending.exact {
			x.committed.exact[k] = seq
		}
		for _, e := range x.pending.titles {
			x.committed.addTitle(e.hash, e.seq, e.at)
		}
		for _, e := range x.pending.fps {
			x.committed.addFingerprint(e.fp, e.seq)
		}
	}
	x.pending.reset()
	x.removed = x.removed[:0]
}
