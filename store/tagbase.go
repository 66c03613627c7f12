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
// A removed entry keeps its place, with story 0, until its shard is packed
// again. A shard of fewer than minPackedShard entries is not worth its
// bucket offsets and stays in the tagTable.
type tagBase struct {
	shards  [tagShards]packedShard
	withVal bool
}

type packedShard struct {
	starts []uint32 // per bucket and one more: the index of its first entry
	tags   []uint16 // the tag's low 16 bits
	seqs   []uint32 // 0: removed
	vals   []uint16 // per entry with withVal, or nil
	dead   int      // entries removed
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
		n := 0
		for b := 1; b <= buckets; b++ {
			n += int(s.starts[b])
			s.starts[b] = uint32(n)
		}
		if n < min {
			s.starts = nil
			rest.shards[i].alloc(int(float64(n)/buildLoad)+1, rest.withAt)
			continue
		}
		s.alloc(n, t.withVal)
	}
}

func (s *packedShard) alloc(n int, withVal bool) {
	s.tags = make([]uint16, n)
	s.seqs = make([]uint32, n)
	s.vals = nil
	if withVal {
		s.vals = make([]uint16, n)
	}
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
	s.tags[i], s.seqs[i] = uint16(tag), seq
	if s.vals != nil {
		s.vals[i] = val
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
	s := t.shard(tag)
	if s.starts == nil {
		return
	}
	b := bucketOf(tag)
	lo, hi := s.starts[b], s.starts[b+1]
	want := uint16(tag)
	for i, tg := range s.tags[lo:hi] {
		if tg != want {
			continue
		}
		j := int(lo) + i
		if seq := s.seqs[j]; seq != 0 {
			var val uint16
			if s.vals != nil {
				val = s.vals[j]
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
	b := bucketOf(tag)
	want := uint16(tag)
	for i := s.starts[b]; i < s.starts[b+1]; i++ {
		if s.tags[i] == want && s.seqs[i] == seq {
			s.seqs[i] = 0
			s.dead++
		}
	}
}

// eachEntry calls fn for every entry of shard i that is not removed.
func (s *packedShard) eachEntry(i int, fn func(tag, seq uint32, val uint16)) {
	if s.starts == nil {
		return
	}
	for b := range uint32(buckets) {
		high := uint32(i)<<(32-shardBits) | b<<16
		for j := s.starts[b]; j < s.starts[b+1]; j++ {
			if s.seqs[j] == 0 {
				continue
			}
			var val uint16
			if s.vals != nil {
				val = s.vals[j]
			}
			fn(high|uint32(s.tags[j]), s.seqs[j], val)
		}
	}
}

func (s *packedShard) live() int { return len(s.seqs) - s.dead }

// absorb moves the entries of rest's shards into the base's where they
// pass an eighth of it (and min), or where removed entries do: each time a
// shard's entries are copied once, one shard at a time, so that the index
// never holds two copies of more than one shard.
func (t *tagBase) absorb(rest *tagTable, min int) {
	for i := range t.shards {
		old, r := t.shards[i], &rest.shards[i]
		if r.n+old.dead < max(min, old.live()/8) {
			continue
		}
		next := packedShard{starts: make([]uint32, buckets+1)}
		count := func(tag uint32) { next.starts[bucketOf(tag)+1]++ }
		old.eachEntry(i, func(tag, _ uint32, _ uint16) { count(tag) })
		r.eachSlot(func(tag, _, _ uint32) { count(tag) })
		n := 0
		for b := 1; b <= buckets; b++ {
			n += int(next.starts[b])
			next.starts[b] = uint32(n)
		}
		if n == 0 {
			t.shards[i], *r = packedShard{}, tagShard{}
			continue
		}
		next.alloc(n, t.withVal)
		t.shards[i] = next
		old.eachEntry(i, func(tag, seq uint32, val uint16) { t.put(tag, seq, val) })
		r.eachSlot(func(tag, seq, at uint32) { t.put(tag, seq, uint16(at)) })
		t.shards[i].seal()
		*r = tagShard{}
	}
}
