package store

// keySet is a table of keys without pointers, so that the garbage collector
// never scans it: exact keys in a map, title and fingerprint entries in
// slices chained by index from a map of the first entry of each hash or band.
type keySet struct {
	exact      map[exactKey]uint64
	titleHeads map[uint64]uint32 // title hash -> 1 + index of an entry
	titles     []titleEntry
	freeTitles []uint32
	fpHeads    map[uint32]uint32 // band number<<16 | band value -> 1 + index
	fps        []fpEntry
	freeFPs    []uint32
}

type titleEntry struct {
	hash, seq, at uint64
	next          uint32 // 1 + index of the next entry with hash, or 0
}

type fpEntry struct {
	fp, seq uint64
	next    [fingerprintBands]uint32 // per band, as titleEntry.next
}

func newKeySet() keySet { return newKeySetSized(keyCounts{}) }

// keyCounts are the numbers of entries of each kind in some key lists.
type keyCounts struct{ exact, titles, fps int }

func (n *keyCounts) add(list []byte) {
	eachEntry(list, func(e keyEntry) {
		switch e.kind {
		case kindTitle:
			n.titles++
		case kindFingerprint:
			n.fps++
		default:
			n.exact++
		}
	})
}

// newKeySetSized makes a set with room for n entries. Titles mostly differ,
// so there are about as many chains as entries. The band chains are left to
// grow: similar stories share band values, so a hint from the number of
// fingerprints made that table twice the size it grew to.
func newKeySetSized(n keyCounts) keySet {
	return keySet{
		exact:      make(map[exactKey]uint64, n.exact),
		titleHeads: make(map[uint64]uint32, n.titles),
		titles:     make([]titleEntry, 0, n.titles),
		fpHeads:    make(map[uint32]uint32),
		fps:        make([]fpEntry, 0, n.fps),
	}
}

func (ks *keySet) reset() {
	clear(ks.exact)
	clear(ks.titleHeads)
	clear(ks.fpHeads)
	ks.titles, ks.freeTitles = ks.titles[:0], ks.freeTitles[:0]
	ks.fps, ks.freeFPs = ks.fps[:0], ks.freeFPs[:0]
}

func band(fp uint64, b int) uint32 {
	return uint32(b)<<16 | uint32(uint16(fp>>(16*b)))
}

func (ks *keySet) addTitle(hash, seq, at uint64) {
	e := titleEntry{hash: hash, seq: seq, at: at, next: ks.titleHeads[hash]}
	var i uint32
	if n := len(ks.freeTitles); n > 0 {
		i = ks.freeTitles[n-1]
		ks.freeTitles = ks.freeTitles[:n-1]
		ks.titles[i] = e
	} else {
		i = uint32(len(ks.titles))
		ks.titles = append(ks.titles, e)
	}
	ks.titleHeads[hash] = i + 1
}

func (ks *keySet) eachTitle(hash uint64, fn func(e *titleEntry)) {
	for i := ks.titleHeads[hash]; i != 0; i = ks.titles[i-1].next {
		fn(&ks.titles[i-1])
	}
}

func (ks *keySet) addFingerprint(fp, seq uint64) {
	e := fpEntry{fp: fp, seq: seq}
	var i uint32
	if n := len(ks.freeFPs); n > 0 {
		i = ks.freeFPs[n-1]
		ks.freeFPs = ks.freeFPs[:n-1]
	} else {
		i = uint32(len(ks.fps))
		ks.fps = append(ks.fps, fpEntry{})
	}
	for b := range fingerprintBands {
		e.next[b] = ks.fpHeads[band(fp, b)]
		ks.fpHeads[band(fp, b)] = i + 1
	}
	ks.fps[i] = e
}

// eachFingerprint calls fn for every entry sharing a band with fp, once per
// band it shares.
func (ks *keySet) eachFingerprint(fp uint64, fn func(e *fpEntry)) {
	for b := range fingerprintBands {
		for i := ks.fpHeads[band(fp, b)]; i != 0; i = ks.fps[i-1].next[b] {
			fn(&ks.fps[i-1])
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
			if _, ok := ks.exact[e.exact]; !ok {
				ks.exact[e.exact] = seq
			}
		}
	})
}

// remove takes the entries of the story seq's key list out of the set.
func (ks *keySet) remove(seq uint64, list []byte) {
	eachEntry(list, func(e keyEntry) {
		switch e.kind {
		case kindTitle:
			ks.unlinkTitle(e.hash, seq)
		case kindFingerprint:
			ks.unlinkFingerprint(e.fp, seq)
		default:
			if ks.exact[e.exact] == seq {
				delete(ks.exact, e.exact)
			}
		}
	})
}

func (ks *keySet) unlinkTitle(hash, seq uint64) {
	prev := uint32(0)
	for i := ks.titleHeads[hash]; i != 0; {
		e := &ks.titles[i-1]
		next := e.next
		if e.seq != seq {
			prev, i = i, next
			continue
		}
		if prev == 0 {
			if next == 0 {
				delete(ks.titleHeads, hash)
			} else {
				ks.titleHeads[hash] = next
			}
		} else {
			ks.titles[prev-1].next = next
		}
		*e = titleEntry{}
		ks.freeTitles = append(ks.freeTitles, i-1)
		i = next
	}
}

func (ks *keySet) unlinkFingerprint(fp, seq uint64) {
	var gone []uint32
	for b := range fingerprintBands {
		key := band(fp, b)
		prev := uint32(0)
		for i := ks.fpHeads[key]; i != 0; {
			e := &ks.fps[i-1]
			next := e.next[b]
			if e.seq != seq || e.fp != fp {
				prev, i = i, next
				continue
			}
			if prev == 0 {
				if next == 0 {
					delete(ks.fpHeads, key)
				} else {
					ks.fpHeads[key] = next
				}
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
