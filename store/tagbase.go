package store

// tagBase holds most of a tag table's entries packed: in each of the
// table's shards, sorted into buckets by the tag's next bucketBits bits,
// with no empty slots around them, each keeping only the tag's low 16 bits
// beside its story: 6 bytes an exact key and 8 a title (its day beside)
// instead of 10 and 15 in a tagTable at its build load. So a packed entry
// is told apart by 30 of its tag's 32 bits (shard, bucket, low bits), and
// shares its tag with another key four times as often: one more look in
// the file, which decides anyway. A shard's buckets never change, so the
// entries added since (kept whole in a tagTable) join it from memory,
// without the file, in steps: when they pass an eighth of it (absorb).
//
// An entry's tag, story and value sit side by side, so that a lookup
// reads one place. A removed entry keeps its place, with story 0, until
// its shard is packed again. A shard of fewer than minPackedShard entries
// is not worth its bucket offsets and stays in the tagTable.
type tagBase struct {
	// packed is the number of shards packed: while none is (a young
	// store), a lookup reads nothing more.
	packed  int
	withVal bool
	shards  [tagShards]packedShard
}

type packedShard struct {
	starts []uint32 // per bucket and one more: the index of its first entry
	// ents holds per entry the tag's low 16 bits, the story's low and high
	// 16 bits (0: removed) and, with withVal, the value.
	ents []uint16
	dead int // entries removed
	// fill is, while the shard is filled, the next free index per bucket.
	fill []uint32
}

const (
	bucketBits = 8
	buckets    = 1 << bucketBits
	// minPackedShard is the fewest entries a shard is packed with: below
	// it, its bucket offsets (1 KiB) cost more than the tagTable's empty
	// slots.
	minPackedShard = 256
)

func bucketOf(tag uint32) uint32 { return tag >> 16 & (buckets - 1) }

func (t *tagBase) shard(tag uint32) *packedShard { return &t.shards[tag>>(32-shardBits)] }

// width is the number of uint16 an entry takes.
func (t *tagBase) width() int {
	if t.withVal {
		return 4
	}
	return 3
}

// count counts an entry of tag the base will be filled with (see pack).
func (t *tagBase) count(tag uint32) {
	s := t.shard(tag)
	if s.starts == nil {
		s.starts = make([]uint32, buckets+1)
	}
	s.starts[bucketOf(tag)+1]++
}

// pack makes room for the entries counted in shards of at least min of
// them; the entries of the other shards go to rest, which gets room for
// them. Then put fills the room, and sealed ends the filling.
func (t *tagBase) pack(rest *tagTable, min int) {
	for i := range t.shards {
		s := &t.shards[i]
		if s.starts == nil {
			continue
		}
		n := sumStarts(s.starts)
		if n < min {
			s.starts = nil
			rest.shards[i].alloc(int(float64(n)/buildLoad)+1, rest.withAt)
			continue
		}
		s.alloc(n, t.width())
		t.packed++
	}
}

// sumStarts turns counts per bucket, in starts[1:], into the index of each
// bucket's first entry, and returns the number of entries.
func sumStarts(starts []uint32) int {
	for b := 1; b < len(starts); b++ {
		starts[b] += starts[b-1]
	}
	return int(starts[len(starts)-1])
}

func (s *packedShard) alloc(n, width int) {
	s.ents = make([]uint16, n*width)
	s.dead = 0
	s.fill = append(make([]uint32, 0, buckets), s.starts[:buckets]...)
}

// put places an entry counted before, and reports false when its shard is
// not packed or its bucket is full (the file changed between the count
// and the filling).
func (t *tagBase) put(tag, seq uint32, val uint16) bool {
	s := t.shard(tag)
	if s.fill == nil {
		return false
	}
	b := bucketOf(tag)
	i := s.fill[b]
	if i == s.starts[b+1] {
		return false
	}
	s.fill[b]++
	w := t.width()
	e := s.ents[int(i)*w : int(i+1)*w]
	e[0], e[1], e[2] = uint16(tag), uint16(seq), uint16(seq>>16)
	if w == 4 {
		e[3] = val
	}
	return true
}

// sealed ends the filling: room left over (entries counted but not put)
// counts as removed.
func (t *tagBase) sealed() {
	for i := range t.shards {
		t.shards[i].seal()
	}
}

func (s *packedShard) seal() {
	if s.fill == nil {
		return
	}
	for b := range buckets {
		s.dead += int(s.starts[b+1] - s.fill[b])
	}
	s.fill = nil
}

// each calls fn for the story and value of every entry with tag.
func (t *tagBase) each(tag uint32, fn func(seq uint32, val uint16)) {
	if t.packed == 0 {
		return
	}
	s := t.shard(tag)
	if s.starts == nil {
		return
	}
	b, w, want := bucketOf(tag), t.width(), uint16(tag)
	ents := s.ents[int(s.starts[b])*w : int(s.starts[b+1])*w]
	for j := 0; j+2 < len(ents); j += w {
		if ents[j] != want {
			continue
		}
		if seq := uint32(ents[j+1]) | uint32(ents[j+2])<<16; seq != 0 {
			var val uint16
			if w == 4 {
				val = ents[j+3]
			}
			fn(seq, val)
		}
	}
}

// remove removes every entry of tag and seq.
func (t *tagBase) remove(tag, seq uint32) {
	s := t.shard(tag)
	if s.starts == nil {
		return
	}
	b, w := bucketOf(tag), t.width()
	ents := s.ents[int(s.starts[b])*w : int(s.starts[b+1])*w]
	for j := 0; j+2 < len(ents); j += w {
		if ents[j] == uint16(tag) && ents[j+1] == uint16(seq) && ents[j+2] == uint16(seq>>16) {
			ents[j+1], ents[j+2] = 0, 0
			s.dead++
		}
	}
}

// eachEntry calls fn for every entry of shard s, number i, that is not
// removed.
func (s *packedShard) eachEntry(i, width int, fn func(tag, seq uint32, val uint16)) {
	if s.starts == nil {
		return
	}
	for b := range uint32(buckets) {
		high := uint32(i)<<(32-shardBits) | b<<16
		ents := s.ents[int(s.starts[b])*width : int(s.starts[b+1])*width]
		for j := 0; j+2 < len(ents); j += width {
			seq := uint32(ents[j+1]) | uint32(ents[j+2])<<16
			if seq == 0 {
				continue
			}
			var val uint16
			if width == 4 {
				val = ents[j+3]
			}
			fn(high|uint32(ents[j]), seq, val)
		}
	}
}

func (s *packedShard) live(width int) int { return len(s.ents)/width - s.dead }

// absorb moves the entries of rest's shards into the base's where they
// pass an eighth of it (and min), or where removed entries do: each time a
// shard's entries are copied once, one shard at a time, so that the index
// never holds two copies of more than one shard.
func (t *tagBase) absorb(rest *tagTable, min int) {
	w := t.width()
	for i := range t.shards {
		old, r := t.shards[i], &rest.shards[i]
		if r.n+old.dead < max(min, old.live(w)/absorbShare) {
			continue
		}
		next := packedShard{starts: make([]uint32, buckets+1)}
		count := func(tag uint32) { next.starts[bucketOf(tag)+1]++ }
		old.eachEntry(i, w, func(tag, _ uint32, _ uint16) { count(tag) })
		r.eachSlot(func(tag, _, _ uint32) { count(tag) })
		if old.starts != nil {
			t.packed--
		}
		if n := sumStarts(next.starts); n == 0 {
			next = packedShard{}
		} else {
			next.alloc(n, w)
			t.packed++
		}
		t.shards[i] = next
		old.eachEntry(i, w, func(tag, seq uint32, val uint16) { t.put(tag, seq, val) })
		r.eachSlot(func(tag, seq, at uint32) { t.put(tag, seq, uint16(at)) })
		t.shards[i].seal()
		*r = tagShard{}
	}
}
