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
// The committed keys are packed (base) but for those committed since the
// last packing (committed), which join the base in steps.
//
// Only one write transaction runs at a time and the write queue applies or
// drops its keys before the next begins (see Store.update); Get may read
// from other goroutines, hence the mutex.
type keyIndex struct {
	mu        sync.Mutex
	base      keyBase
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

func newKeyIndex(minShard, minFPs int) *keyIndex {
	return &keyIndex{base: newKeyBase(minShard, minFPs, minShard, minFPs), committed: newKeySet(), pending: newKeySet()}
}

// buildKeyIndex reads every key list of the file into a new index. A first
// pass counts the entries, so that the tables are made at their final size:
// grown one insert at a time, they left almost twice their size in garbage
// (70 MB allocated for a 26 MB index of 100,000 stories) and a daemon's
// heap, and so its RSS, peaked while it was built.
func buildKeyIndex(tx *bbolt.Tx) *keyIndex {
	return buildKeyIndexReleasing(tx, mappedBudget)
}

// buildKeyIndexReleasing is buildKeyIndex letting go of the file's mapped
// pages every budget bytes of key lists read (see passRelease).
func buildKeyIndexReleasing(tx *bbolt.Tx, budget int) *keyIndex {
	pass := passRelease{budget: budget}
	return buildKeyIndexFrom(func(fn func(seq uint64, list []byte)) {
		_ = tx.Bucket(bucketKeys).ForEach(func(k, v []byte) error {
			if seq, ok := keySeq(k); ok {
				fn(seq, v)
			}
			pass.read(tx, len(k)+len(v))
			return nil
		})
	})
}

// buildKeyIndexFrom builds the index of the key lists eachList yields, in
// two passes over them.
func buildKeyIndexFrom(eachList func(fn func(seq uint64, list []byte))) *keyIndex {
	x := buildKeyIndexPacking(eachList, minPackedShard, minPackedFPs)
	x.base.stepShard, x.base.stepFPs = minStepShard, minStepFPs
	return x
}

// buildKeyIndexPacking builds the index packing shards of at least
// minShard entries and at least minFPs fingerprints, at build and after.
func buildKeyIndexPacking(eachList func(fn func(seq uint64, list []byte)), minShard, minFPs int) *keyIndex {
	x := newKeyIndex(minShard, minFPs)
	eachList(func(seq uint64, list []byte) {
		if fits(seq) {
			x.base.count(list)
		}
	})
	x.base.pack(&x.committed)
	eachList(func(seq uint64, list []byte) { x.base.fill(&x.committed, seq, list) })
	x.base.seal()
	return x
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
	x.base.exact.each(exactTag(k), func(seq uint32, _ uint16) { seqs = append(seqs, uint64(seq)) })
	x.mu.Unlock()
	slices.Sort(seqs[:n])
	slices.Sort(seqs[n:])
	for _, seq := range seqs {
		if fn(seq) {
			return
		}
	}
}

// titles calls fn for the story and the first and last sortable time of
// the day (see titleDay) of every title entry that may have hash: the
// story's key list says whether it has, and at what time.
func (x *keyIndex) titles(hash uint64, fn func(seq, from, to uint64)) {
	type found struct {
		seq uint64
		day uint16
	}
	var buf [8]found
	all := buf[:0]
	add := func(seq uint64, day uint16) { all = append(all, found{seq, day}) }
	x.mu.Lock()
	x.base.titles.each(titleTag(hash), func(seq uint32, day uint16) { add(uint64(seq), day) })
	x.committed.eachTitle(hash, add)
	x.pending.eachTitle(hash, add)
	x.mu.Unlock()
	for _, e := range all {
		from, to := dayTimes(e.day)
		fn(e.seq, from, to)
	}
}

// fingerprints calls fn for the story and fingerprint of every entry that
// shares a band with fp.
func (x *keyIndex) fingerprints(fp uint64, fn func(seq, fp uint64)) {
	// The candidates are gathered under the lock and handed to fn after
	// it; a buffer on the stack holds them (a closure that appended to
	// it made it escape: one allocation or two per item saved).
	var buf [32]fpHit
	x.mu.Lock()
	all := x.base.fps.appendMatches(buf[:0], fp)
	all = x.committed.appendFingerprints(all, fp)
	all = x.pending.appendFingerprints(all, fp)
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
			x.base.remove(r.seq, r.list)
			x.committed.remove(r.seq, r.list)
		}
		x.committed.join(&x.pending)
		x.base.absorb(&x.committed)
	}
	x.pending.reset()
	x.removed = x.removed[:0]
}
