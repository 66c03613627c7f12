package store

// keyBase is the packed part of the committed keys (tagBase, fpBase): all
// of them when the index is built from the file, and those committed since
// once they pass an eighth of it (absorb). The index of 1,000,000 stories
// built from the file keeps 52 bytes a story, of 100,000 stories 56, and
// at most 57 and 73 while 30 % more are saved (BenchmarkKeyIndexMemory).
type keyBase struct {
	exact, titles tagBase
	fps           fpBase
	// minShard and minFPs are the fewest entries a shard of a tag table
	// and the fingerprints are packed with when the index is built, and
	// stepShard and stepFPs the fewest committed since that join them
	// (tests pack fewer).
	minShard, minFPs, stepShard, stepFPs int
	// counted is the fingerprints counted while the index is built.
	counted *fpCounts
}

const (
	// minPackedFPs is the fewest fingerprints packed.
	minPackedFPs = 1024
	// minStepShard and minStepFPs are the fewest keys committed since the
	// build that join the packed ones, per shard of a tag table (about
	// 44,000 stories) and of fingerprints. Joining costs a copy of what
	// they join, and a store that grows in one run from nothing (bench
	// fill) saved 5 % slower when its keys joined from the first hundreds:
	// such a store stays in the larger tables until it is reopened.
	minStepShard = 2048
	minStepFPs   = 16384
	// absorbShare is the share of a packed part (1/absorbShare) that the
	// keys committed since pass when they join it: a smaller share leaves
	// fewer keys in the larger tables, and copies each key more often
	// while a store grows (about absorbShare+1 times).
	absorbShare = 8
)

func newKeyBase(minShard, minFPs, stepShard, stepFPs int) keyBase {
	return keyBase{titles: tagBase{withVal: true}, minShard: minShard, minFPs: minFPs, stepShard: stepShard, stepFPs: stepFPs}
}

// count counts the entries of a story's key list that the base will be
// filled with (see pack).
func (kb *keyBase) count(list []byte) {
	eachEntry(list, func(e keyEntry) {
		switch e.kind {
		case kindTitle:
			kb.titles.count(titleTag(e.hash))
		case kindFingerprint:
			if kb.counted == nil {
				kb.counted = new(fpCounts)
			}
			kb.counted.add(e.fp)
		default:
			kb.exact.count(exactTag(e.exact))
		}
	})
}

// pack makes room for the entries counted: in the base, or in rest where
// too few to pack.
func (kb *keyBase) pack(rest *keySet) {
	kb.exact.pack(&rest.exact, kb.minShard)
	kb.titles.pack(&rest.titles, kb.minShard)
	if c := kb.counted; c != nil {
		if c.n >= kb.minFPs {
			kb.fps = newFPBase(c)
		} else {
			rest.fps = make([]fpEntry, 0, c.n)
		}
	}
	kb.counted = nil
}

// fill puts the entries of a story's key list counted before into the
// base, or into rest when the base has no room for them.
func (kb *keyBase) fill(rest *keySet, seq uint64, list []byte) {
	if !fits(seq) {
		rest.add(seq, list)
		return
	}
	s := uint32(seq)
	eachEntry(list, func(e keyEntry) {
		switch e.kind {
		case kindTitle:
			if !kb.titles.put(titleTag(e.hash), s, titleDay(e.at)) {
				rest.addTitle(e.hash, seq, e.at)
			}
		case kindFingerprint:
			if !kb.fps.put(e.fp, s) {
				rest.addFingerprint(e.fp, seq)
			}
		default:
			if !kb.exact.put(exactTag(e.exact), s, 0) {
				rest.addExact(e.exact, seq)
			}
		}
	})
}

func (kb *keyBase) seal() {
	kb.exact.sealed()
	kb.titles.sealed()
	kb.fps.seal()
}

// remove takes the entries of the story seq's key list out of the base.
func (kb *keyBase) remove(seq uint64, list []byte) {
	if !fits(seq) {
		return
	}
	s := uint32(seq)
	eachEntry(list, func(e keyEntry) {
		switch e.kind {
		case kindTitle:
			kb.titles.remove(titleTag(e.hash), s)
		case kindFingerprint:
			kb.fps.remove(e.fp, s)
		default:
			kb.exact.remove(exactTag(e.exact), s)
		}
	})
}

// absorb moves entries of rest, the committed keys not yet packed, into
// the base where they pass an eighth of it, or where removed entries do.
// The fingerprints are packed again all at once: the base's references
// point across all of them.
func (kb *keyBase) absorb(rest *keySet) {
	kb.exact.absorb(&rest.exact, kb.stepShard)
	kb.titles.absorb(&rest.titles, kb.stepShard)
	n := len(rest.fps) - len(rest.freeFPs)
	if n+kb.fps.dead < max(kb.stepFPs, kb.fps.live()/absorbShare) {
		return
	}
	old := kb.fps
	kb.fps = packFPs(old.live()+n, func(fn func(fp uint64, seq uint32)) {
		old.eachLive(fn)
		rest.eachFP(fn)
	})
	rest.resetFingerprints()
}
