package store

import (
	"encoding/binary"
	"math"
)

// keySet is a table of keys without pointers, so that the garbage collector
// never scans it, and without most of the keys themselves: the keys of the
// pending transaction, and the committed keys not yet packed (keyBase).
//
//   - exact keys and title hashes as 32-bit tags beside 32-bit story numbers
//     (tagTable), a title with its day (titleDay); a hit is checked against
//     the story's key list in the file (keyIndex.story, Store.resolve);
//   - fingerprints whole, since a lookup compares them bit by bit, in a
//     slice chained by index per band from the first entry of each band
//     value: a flat table of every band value once the set is large, a map
//     while it is small;
//   - apart, the entries of stories whose numbers do not fit 32 bits (wide),
//     which no store reaches before four billion stories.
type keySet struct {
	exact     tagTable
	titles    tagTable
	fpHeads   []uint32          // band number<<16 | band value -> 1 + index, or nil
	fpHeadMap map[uint32]uint32 // the same while fpHeads is nil
	fps       []fpEntry
	freeFPs   []uint32
	wide      []wideEntry
}

// fpEntry is a fingerprint (lo, hi) of the story seq, 28 bytes.
type fpEntry struct {
	lo, hi, seq uint32
	next        [fingerprintBands]uint32 // per band, 1 + index of the next entry, or 0
}

func (e *fpEntry) fp() uint64 { return uint64(e.hi)<<32 | uint64(e.lo) }

type wideEntry struct {
	keyEntry
	seq uint64
}

// flatHeadsFrom is the number of band chains from which a flat table of
// every band value (1 MiB) costs less than a map of the chains.
const flatHeadsFrom = 1 << 15

func newKeySet() keySet {
	return keySet{
		exact:     newTagTable(0, false),
		titles:    newTagTable(0, true),
		fpHeadMap: make(map[uint32]uint32),
	}
}

// fits reports whether a story number fits the tables' 32 bits.
func fits(seq uint64) bool { return seq != 0 && seq <= math.MaxUint32 }

// exactTag is the tag of an exact key: its first bytes, a hash's.
func exactTag(k exactKey) uint32 { return binary.BigEndian.Uint32(k[:4]) }

// titleTag is the tag of a title hash, mixed so that any bit of the hash
// counts (tests use small numbers).
func titleTag(hash uint64) uint32 { return uint32(hash * 0x9E3779B97F4A7C15 >> 32) }

// titleDay is the day of a sortable time, counted from 2000-01-01 UTC
// (dayZero) and kept in 16 bits: the first and the last day stand for every
// time before and after them (1910 and 2089). The index keeps a title's day
// and the story's key list its time, so a day within the window of an
// item's time says "look in the file".
func titleDay(at uint64) uint16 {
	d := floorDiv(int64(at^1<<63), dayNanos) - dayZero
	return uint16(min(max(d, math.MinInt16), math.MaxInt16) - math.MinInt16)
}

// dayTimes are the first and the last sortable time of day d.
func dayTimes(d uint16) (from, to uint64) {
	from, to = 0, math.MaxUint64
	if d > 0 {
		from = uint64((int64(d)+math.MinInt16+dayZero)*dayNanos) ^ 1<<63
	}
	if d < math.MaxUint16 {
		to = uint64((int64(d)+1+math.MinInt16+dayZero)*dayNanos-1) ^ 1<<63
	}
	return from, to
}

const (
	dayNanos = 24 * 3600 * 1e9
	dayZero  = 10957 // days from 1970-01-01 to 2000-01-01
)

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
}

func (ks *keySet) reset() {
	ks.exact.reset()
	ks.titles.reset()
	ks.resetFingerprints()
	ks.wide = ks.wide[:0]
}

func (ks *keySet) resetFingerprints() {
	// A set a large transaction grew, or whose entries were packed, goes
	// back to a small one (a map keeps its size when cleared).
	if ks.fpHeads != nil || len(ks.fpHeadMap) > smallSet {
		ks.fpHeads, ks.fpHeadMap = nil, make(map[uint32]uint32)
	}
	clear(ks.fpHeadMap)
	if cap(ks.fps) > smallSet {
		ks.fps, ks.freeFPs = nil, nil
	}
	ks.fps, ks.freeFPs = ks.fps[:0], ks.freeFPs[:0]
}

// smallSet is the most fingerprint entries or band chains a set keeps room
// for when emptied.
const smallSet = 1024

func (ks *keySet) addExact(k exactKey, seq uint64) {
	if !fits(seq) {
		ks.wide = append(ks.wide, wideEntry{keyEntry{kind: kindID, exact: k}, seq})
		return
	}
	ks.exact.add(exactTag(k), uint32(seq), 0)
}

// appendExact appends the stories the exact key k may point at.
func (ks *keySet) appendExact(seqs []uint64, k exactKey) []uint64 {
	ks.exact.each(exactTag(k), func(seq, _ uint32) { seqs = append(seqs, uint64(seq)) })
	for _, e := range ks.wide {
		if isExact(e.keyEntry) && e.exact == k {
			seqs = append(seqs, e.seq)
		}
	}
	return seqs
}

func (ks *keySet) addTitle(hash, seq, at uint64) {
	if !fits(seq) {
		ks.wide = append(ks.wide, wideEntry{keyEntry{kind: kindTitle, hash: hash, at: at}, seq})
		return
	}
	ks.titles.add(titleTag(hash), uint32(seq), uint32(titleDay(at)))
}

// eachTitle calls fn for the story and day of every entry that may have
// the title hash (see titleDay).
func (ks *keySet) eachTitle(hash uint64, fn func(seq uint64, day uint16)) {
	ks.titles.each(titleTag(hash), func(seq, day uint32) { fn(uint64(seq), uint16(day)) })
	for _, e := range ks.wide {
		if e.kind == kindTitle && e.hash == hash {
			fn(e.seq, titleDay(e.at))
		}
	}
}

func band(fp uint64, b int) uint32 {
	return uint32(b)<<16 | uint32(uint16(fp>>(16*b)))
}

func (ks *keySet) head(key uint32) uint32 {
	if ks.fpHeads != nil {
		return ks.fpHeads[key]
	}
	return ks.fpHeadMap[key]
}

func (ks *keySet) setHead(key, i uint32) {
	switch {
	case ks.fpHeads != nil:
		ks.fpHeads[key] = i
	case i == 0:
		delete(ks.fpHeadMap, key)
	default:
		ks.fpHeadMap[key] = i
		if len(ks.fpHeadMap) >= flatHeadsFrom {
			ks.fpHeads = make([]uint32, fingerprintBands<<16)
			for k, v := range ks.fpHeadMap {
				ks.fpHeads[k] = v
			}
			ks.fpHeadMap = nil
		}
	}
}

func (ks *keySet) addFingerprint(fp, seq uint64) {
	if !fits(seq) {
		ks.wide = append(ks.wide, wideEntry{keyEntry{kind: kindFingerprint, fp: fp}, seq})
		return
	}
	e := fpEntry{lo: uint32(fp), hi: uint32(fp >> 32), seq: uint32(seq)}
	var i uint32
	if n := len(ks.freeFPs); n > 0 {
		i = ks.freeFPs[n-1]
		ks.freeFPs = ks.freeFPs[:n-1]
	} else {
		i = uint32(len(ks.fps))
		ks.fps = append(ks.fps, fpEntry{})
	}
	for b := range fingerprintBands {
		e.next[b] = ks.head(band(fp, b))
		ks.setHead(band(fp, b), i+1)
	}
	ks.fps[i] = e
}

// appendFingerprints appends the story and fingerprint of every entry
// sharing a band with fp, once per band it shares.
func (ks *keySet) appendFingerprints(dst []fpHit, fp uint64) []fpHit {
	for b := range fingerprintBands {
		for i := ks.head(band(fp, b)); i != 0; i = ks.fps[i-1].next[b] {
			e := &ks.fps[i-1]
			dst = append(dst, fpHit{uint64(e.seq), e.fp()})
		}
	}
	for _, e := range ks.wide {
		if e.kind != kindFingerprint {
			continue
		}
		for b := range fingerprintBands {
			if band(e.fp, b) == band(fp, b) {
				dst = append(dst, fpHit{e.seq, e.fp})
			}
		}
	}
	return dst
}

// eachFP calls fn for every fingerprint entry but the wide ones.
func (ks *keySet) eachFP(fn func(fp uint64, seq uint32)) {
	for i := range ks.fps {
		if e := &ks.fps[i]; e.seq != 0 {
			fn(e.fp(), e.seq)
		}
	}
}

// add puts the entries of a story's key list into the set.
func (ks *keySet) add(seq uint64, list []byte) {
	eachEntry(list, func(e keyEntry) {
		switch e.kind {
		case kindTitle:
			ks.addTitle(e.hash, seq, e.at)
		case kindFingerprint:
			ks.addFingerprint(e.fp, seq)
		default:
			ks.addExact(e.exact, seq)
		}
	})
}

// join adds the entries of p, a pending set, to ks.
func (ks *keySet) join(p *keySet) {
	p.exact.eachSlot(ks.exact.add)
	p.titles.eachSlot(ks.titles.add)
	p.eachFP(func(fp uint64, seq uint32) { ks.addFingerprint(fp, uint64(seq)) })
	ks.wide = append(ks.wide, p.wide...)
}

// remove takes the entries of the story seq's key list out of the set.
func (ks *keySet) remove(seq uint64, list []byte) {
	if !fits(seq) {
		ks.removeWide(seq, list)
		return
	}
	eachEntry(list, func(e keyEntry) {
		switch e.kind {
		case kindTitle:
			ks.titles.remove(titleTag(e.hash), uint32(seq))
		case kindFingerprint:
			ks.unlinkFingerprint(e.fp, uint32(seq))
		default:
			ks.exact.remove(exactTag(e.exact), uint32(seq))
		}
	})
}

func (ks *keySet) removeWide(seq uint64, list []byte) {
	eachEntry(list, func(e keyEntry) {
		kept := ks.wide[:0]
		for _, w := range ks.wide {
			if w.seq != seq || !sameKey(w.keyEntry, e) {
				kept = append(kept, w)
			}
		}
		clear(ks.wide[len(kept):])
		ks.wide = kept
	})
}

// sameKey reports whether two entries are one key (a title's time aside).
func sameKey(a, b keyEntry) bool {
	switch {
	case isExact(a) || isExact(b):
		return isExact(a) && isExact(b) && a.exact == b.exact
	case a.kind != b.kind:
		return false
	case a.kind == kindTitle:
		return a.hash == b.hash
	}
	return a.fp == b.fp
}

func (ks *keySet) unlinkFingerprint(fp uint64, seq uint32) {
	var gone []uint32
	for b := range fingerprintBands {
		key := band(fp, b)
		prev := uint32(0)
		for i := ks.head(key); i != 0; {
			e := &ks.fps[i-1]
			next := e.next[b]
			if e.seq != seq || e.fp() != fp {
				prev, i = i, next
				continue
			}
			if prev == 0 {
				ks.setHead(key, next)
			} else {
				ks.fps[prev-1].next[b] = next
			}
			if b == 0 {
				gone = append(gone, i-1)
			}
			i = next
		}
	}
	for _, i := range gone {
		ks.fps[i] = fpEntry{}
		ks.freeFPs = append(ks.freeFPs, i)
	}
}
