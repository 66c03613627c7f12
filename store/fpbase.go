package store

import "math/bits"

// fpBase holds most of the fingerprint entries packed: each fingerprint
// once, whole, with its story (12 bytes), sorted into buckets by band 0,
// and for each other band 4-byte references to them sorted into buckets by
// that band: 24 bytes an entry and 16 a bucket (of 16 to 32 entries)
// instead of a 28-byte entry chained from a flat table of every band value.
// A band's candidates sit side by side: a lookup reads them in a row, and
// a fingerprint only when its band matches, instead of following a chain
// of cache misses through the heap.
//
// A bucket is the band value's top bits (bits of them); a reference keeps
// the value's other bits above the fingerprint's index. A removed entry
// keeps its place with story 0 until the base is built again; entries added
// since are kept apart (keySet) and join it when they pass an eighth of it.
type fpBase struct {
	bits uint     // the bits of a band value that pick its bucket
	fps  []uint64 // by band 0's bucket
	seqs []uint32 // per fingerprint; 0: removed
	// starts are per band and bucket, and one more, the index of the
	// bucket's first entry in fps (band 0) or in refs[band-1].
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
// in a base of n fingerprints: 16 to 32 of them a bucket.
func fpBucketBits(n int) uint { return uint(min(bits.Len(uint(n/32)), 16)) }

// newFPBase makes room for the fingerprints counted: put fills it, and
// seal ends the filling. A base holds fewer than 2^32 of them (a
// reference's index has 16 + bits bits).
func newFPBase(c *fpCounts) fpBase {
	f := fpBase{bits: fpBucketBits(c.n), fps: make([]uint64, c.n), seqs: make([]uint32, c.n)}
	shift := 16 - f.bits
	st := make([]uint32, 1<<f.bits+1)
	for v, k := range c.band0 {
		st[v>>shift+1] += k
	}
	for i := 1; i < len(st); i++ {
		st[i] += st[i-1]
	}
	f.starts[0] = st
	f.fill = append([]uint32(nil), st[:len(st)-1]...)
	return f
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
	f.fps[i], f.seqs[i] = fp, seq
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
		for i, fp := range f.fps {
			if f.seqs[i] != 0 {
				st[f.bucket(fp, b)+1]++
			}
		}
		for i := 1; i < len(st); i++ {
			st[i] += st[i-1]
		}
		refs := make([]uint32, st[len(st)-1])
		fill := append([]uint32(nil), st[:len(st)-1]...)
		for i, fp := range f.fps {
			if f.seqs[i] == 0 {
				continue
			}
			k := f.bucket(fp, b)
			refs[fill[k]] = (uint32(uint16(fp>>(16*b)))&lowMask)<<idxBits | uint32(i)
			fill[k]++
		}
		f.starts[b], f.refs[b-1] = st, refs
	}
}

// each calls fn for the story and fingerprint of every entry sharing a
// band with fp, once per band it shares.
func (f *fpBase) each(fp uint64, fn func(seq uint32, fp uint64)) {
	if f.starts[0] == nil {
		return
	}
	k := f.bucket(fp, 0)
	lo, hi := f.starts[0][k], f.starts[0][k+1]
	for i, o := range f.fps[lo:hi] {
		if uint16(o) == uint16(fp) {
			if seq := f.seqs[int(lo)+i]; seq != 0 {
				fn(seq, o)
			}
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
			if i := r & idxMask; f.seqs[i] != 0 {
				fn(f.seqs[i], f.fps[i])
			}
		}
	}
}

// remove removes every entry of fp and seq.
func (f *fpBase) remove(fp uint64, seq uint32) {
	if f.starts[0] == nil {
		return
	}
	k := f.bucket(fp, 0)
	for i := f.starts[0][k]; i < f.starts[0][k+1]; i++ {
		if f.fps[i] == fp && f.seqs[i] == seq {
			f.seqs[i] = 0
			f.dead++
		}
	}
}

func (f *fpBase) live() int { return len(f.fps) - f.dead }

// eachLive calls fn for every entry not removed.
func (f *fpBase) eachLive(fn func(fp uint64, seq uint32)) {
	for i, seq := range f.seqs {
		if seq != 0 {
			fn(f.fps[i], seq)
		}
	}
}
