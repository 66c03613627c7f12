package store

import (
	"bytes"
	"slices"
	"sync"

	"go.etcd.io/bbolt"
)

// keyIndex is the lookup table of every story's merge keys (see keys.go),
// kept in memory and built from the keys bucket. It holds the committed keys
// and, apart, those of the write transaction under way: the writer sees
// both, and when its transaction commits the pending keys join the committed
// ones; when it fails they are dropped, so the table never holds a key the
// file lacks. It may hold keys of stories a transaction has since deleted,
// and it keeps tags of keys that other keys may share (see keySet): every
// hit is checked against the transaction's key lists (story, resolve).
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

// stories calls fn for the stories the exact key k may point at, those of
// the pending transaction first, each in increasing order, until fn
// returns true. The index only says where to look: a story's key list
// says whether it holds k (holdsExact), since another key may share k's
// tag. Of the stories whose lists hold k, the first the caller accepts is
// the one k points at, which makes it the first that recorded k, or the
// one that recorded it again after that one was forgotten.
func (x *keyIndex) stories(k exactKey, fn func(seq uint64) bool) {
	x.each(k, true, fn)
}

// committedStory finds the story of the committed keys whose key list, in
// keys, holds k: a story a write is saving just now is not there before
// that write commits.
func (x *keyIndex) committedStory(keys *bbolt.Bucket, k exactKey) (seq uint64, ok bool) {
	x.each(k, false, func(s uint64) bool {
		seq, ok = s, holdsExact(keys.Get(seqKey(s)), k)
		return ok
	})
	return seq, ok
}

func (x *keyIndex) each(k exactKey, pending bool, fn func(seq uint64) bool) {
	var buf [8]uint64
	x.mu.Lock()
	seqs := buf[:0]
	if pending {
		seqs = x.pending.appendExact(seqs, k)
	}
	n := len(seqs)
	seqs = x.committed.appendExact(seqs, k)
	x.mu.Unlock()
	slices.Sort(seqs[:n])
	slices.Sort(seqs[n:])
	for _, seq := range seqs {
		if fn(seq) {
			return
		}
	}
}

// titles calls fn for the story and time, to within a minute, of every
// title entry that may have hash: the story's key list says whether it has.
func (x *keyIndex) titles(hash uint64, fn func(seq, at uint64)) {
	type found struct{ seq, at uint64 }
	var buf [8]found
	all := buf[:0]
	x.mu.Lock()
	for _, ks := range []*keySet{&x.committed, &x.pending} {
		ks.eachTitle(hash, func(seq, at uint64) { all = append(all, found{seq, at}) })
	}
	x.mu.Unlock()
	for _, e := range all {
		fn(e.seq, e.at)
	}
}

// fingerprints calls fn for the story and fingerprint of every entry that
// shares a band with fp.
func (x *keyIndex) fingerprints(fp uint64, fn func(seq, fp uint64)) {
	type found struct{ seq, fp uint64 }
	var buf [16]found
	all := buf[:0]
	x.mu.Lock()
	for _, ks := range []*keySet{&x.committed, &x.pending} {
		ks.eachFingerprint(fp, func(seq, fp uint64) { all = append(all, found{seq, fp}) })
	}
	x.mu.Unlock()
	for _, e := range all {
		fn(e.seq, e.fp)
	}
}

func (x *keyIndex) addExact(k exactKey, seq uint64) {
	x.mu.Lock()
	x.pending.addExact(k, seq)
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
		x.committed.join(&x.pending)
	}
	x.pending.reset()
	x.removed = x.removed[:0]
}
