package store

import "math/bits"

// fpBase holds most of the fingerprint entries packed: each fingerprint
// once, whole, with its story (12 bytes), sorted into buckets by band 0,
// and for each other band 4-byte references to them sorted into buckets by
// that band: 24 bytes an entry and 16 a bucket (of 8 to 16 entries)
// instead of a 28-byte entry chained from a flat table of every band value.
// A band's candidates sit side by side: a lookup reads them in a row, and
// a fingerprint only when its band matches, instead of following a chain
// of cache misses through the heap.
//
// A bucket is the band value's top bits (bits of them); a reference keeps
// the value's other bits above the fingerprint's index. A fingerprint and
// its story sit side by side, so that a candidate is one read. A removed
// entry keeps its place with story 0 until the base is built again; entries
// added since are kept apart (keySet) and join it when they pass an eighth
// of it.
type fpBase struct {
	bits uint // the bits of a band value that pick its bucket
	// ents holds, by band 0's bucket, per fingerprint its low and high 32
	// bits and its story (0: removed).
	ents []uint32
	// starts are per band and bucket, and one more, the index of the
	// bucket's first fingerprint (band 0) or in refs[band-1].
	starts [fingerprintBands][]uint32
	refs   [fingerprintBands - 1][]uint32
	dead   int      // fingerprints removed
	fill   []uint32 // while filled: per bucket of band 0, the next index
}

// fpCounts counts the fingerprints a base is made for, by band 0's value.
type fpCounts struct {
	n     int
	band0 [1 << 16]uint32
}

func (c *fpCounts) add(fp uint64) {
	c.n++
	c.band0[uint16(fp)]++
}

// fpBucketBits is the number of bits of a band value that pick its bucket
// in a base of n fingerprints: 8 to 16 of them a bucket.
func fpBucketBits(n int) uint { return uint(min(bits.Len(uint(n/16)), 16)) }

// newFPBase makes room for the fingerprints counted: put fills it, and
// seal ends the filling. A base holds fewer than 2^32 of them (a
// reference's index has 16 + bits bits).
func newFPBase(c *fpCounts) fpBase {
	f := fpBase{bits: fpBucketBits(c.n)}
	st := make([]uint32, 1<<f.bits+1)
	for v, k := range c.band0 {
		st[v>>(16-f.bits)+1] += k
	}
	f.makeRoom(st)
	return f
}

// packFPs packs the n fingerprints each yields.
func packFPs(n int, each func(fn func(fp uint64, seq uint32))) fpBase {
	f := fpBase{bits: fpBucketBits(n)}
	st := make([]uint32, 1<<f.bits+1)
	each(func(fp uint64, _ uint32) { st[f.bucket(fp, 0)+1]++ })
	f.makeRoom(st)
	each(func(fp uint64, seq uint32) { f.put(fp, seq) })
	f.seal()
	return f
}

// makeRoom makes room for the fingerprints counted per bucket of band 0
// in counts[1:].
func (f *fpBase) makeRoom(counts []uint32) {
	n := sumStarts(counts)
	f.ents = make([]uint32, 3*n)
	f.starts[0] = counts
	f.fill = append([]uint32(nil), counts[:len(counts)-1]...)
}

func (f *fpBase) bucket(fp uint64, b int) uint32 { return uint32(uint16(fp>>(16*b))) >> (16 - f.bits) }

// put places a fingerprint counted before, and reports false when there is
// no room for it (the file changed between the count and the filling).
func (f *fpBase) put(fp uint64, seq uint32) bool {
	if f.fill == nil {
		return false
	}
	k := f.bucket(fp, 0)
	i := f.fill[k]
	if i == f.starts[0][k+1] {
		return false
	}
	f.fill[k]++
	e := f.ents[3*int(i):]
	e[0], e[1], e[2] = uint32(fp), uint32(fp>>32), seq
	return true
}

// seal ends the filling (room left over counts as removed) and sorts
// references to the fingerprints by the other bands.
func (f *fpBase) seal() {
	if f.fill == nil {
		return
	}
	for k, i := range f.fill {
		f.dead += int(f.starts[0][k+1] - i)
	}
	f.fill = nil
	idxBits := 16 + f.bits
	lowMask := uint32(1)<<(16-f.bits) - 1
	for b := 1; b < fingerprintBands; b++ {
		st := make([]uint32, len(f.starts[0]))
		f.eachLive(func(fp uint64, _ uint32) { st[f.bucket(fp, b)+1]++ })
		refs := make([]uint32, sumStarts(st))
		fill := append([]uint32(nil), st[:len(st)-1]...)
		for i := range f.len() {
			if f.ents[3*i+2] == 0 {
				continue
			}
			fp := f.fp(i)
			k := f.bucket(fp, b)
			refs[fill[k]] = (uint32(uint16(fp>>(16*b)))&lowMask)<<idxBits | uint32(i)
			fill[k]++
		}
		f.starts[b], f.refs[b-1] = st, refs
	}
}

func (f *fpBase) len() int { return len(f.ents) / 3 }

func (f *fpBase) fp(i int) uint64 { return uint64(f.ents[3*i+1])<<32 | uint64(f.ents[3*i]) }

// fpHit is a fingerprint entry a lookup found: its story and fingerprint.
type fpHit struct{ seq, fp uint64 }

// appendMatches appends the story and fingerprint of every entry sharing a
// band with fp, once per band it shares. It appends rather than calls back,
// so that the caller's buffer can stay on its stack: at 400,000 stories a
// lookup finds some two dozen candidates.
func (f *fpBase) appendMatches(dst []fpHit, fp uint64) []fpHit {
	if f.starts[0] == nil {
		return dst
	}
	k := f.bucket(fp, 0)
	ents := f.ents[3*int(f.starts[0][k]) : 3*int(f.starts[0][k+1])]
	for j := 0; j+2 < len(ents); j += 3 {
		if uint16(ents[j]) == uint16(fp) && ents[j+2] != 0 {
			dst = append(dst, fpHit{uint64(ents[j+2]), uint64(ents[j+1])<<32 | uint64(ents[j])})
		}
	}
	idxBits := 16 + f.bits
	lowMask := uint32(1)<<(16-f.bits) - 1
	idxMask := uint32(uint64(1)<<idxBits - 1)
	for b := 1; b < fingerprintBands; b++ {
		k := f.bucket(fp, b)
		want := uint32(uint16(fp>>(16*b))) & lowMask
		st := f.starts[b]
		for _, r := range f.refs[b-1][st[k]:st[k+1]] {
			if r>>idxBits != want {
				continue
			}
			e := f.ents[3*int(r&idxMask):]
			if e[2] != 0 {
				dst = append(dst, fpHit{uint64(e[2]), uint64(e[1])<<32 | uint64(e[0])})
			}
		}
	}
	return dst
}

// remove removes every entry of fp and seq.
func (f *fpBase) remove(fp uint64, seq uint32) {
	if f.starts[0] == nil {
		return
	}
	k := f.bucket(fp, 0)
	for i := int(f.starts[0][k]); i < int(f.starts[0][k+1]); i++ {
		if f.fp(i) == fp && f.ents[3*i+2] == seq {
			f.ents[3*i+2] = 0
			f.dead++
		}
	}
}

func (f *fpBase) live() int { return f.len() - f.dead }

// eachLive calls fn for every entry not removed.
func (f *fpBase) eachLive(fn func(fp uint64, seq uint32)) {
	for i := range f.len() {
		if seq := f.ents[3*i+2]; seq != 0 {
			fn(f.fp(i), seq)
		}
	}
}
