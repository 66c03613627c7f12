package store

// tagTable is an open-addressing hash table (linear probing) of 8-byte
// slots, each a key's 32-bit tag and a story number that fits 32 bits; a
// zero slot is empty (story numbers start at 1). It keeps no key, only its
// tag, so a hit may be another key with the same tag: the caller checks it
// against the story's key list in the file. Several slots may hold one tag,
// for keys many stories share (titles) and for keys that differ.
//
// A slot's place is found from its tag alone, so the table grows without
// the keys. It is split by the tag's top bits into shards that grow one at
// a time: growing a whole table of 3 million keys at once would hold the
// old and the new 30 MB together. With at set, it keeps a 32-bit value per
// slot beside (a title's day).
type tagTable struct {
	shards [tagShards]tagShard
	withAt bool
}

type tagShard struct {
	slots []uint64
	at    []uint32 // per slot, or nil
	n     int
}

// tagShards is the number of shards, by the tag's top shardBits bits.
const (
	shardBits = 6
	tagShards = 1 << shardBits
)

// Load factors: a shard is made (or grown) with n entries at buildLoad and
// grows when an insert would pass maxLoad. Linear probing at 0.9 looks at
// about 50 slots for a key that is not there: 400 adjacent bytes.
const (
	buildLoad = 0.8
	growLoad  = 0.75
	maxLoad   = 0.9
)

func newTagTable(n int, withAt bool) tagTable {
	t := tagTable{withAt: withAt}
	if n > 0 {
		for i := range t.shards {
			t.shards[i].alloc(int(float64(n)/tagShards/buildLoad)+1, withAt)
		}
	}
	return t
}

func (t *tagTable) shard(tag uint32) *tagShard { return &t.shards[tag>>(32-shardBits)] }

func (t *tagTable) add(tag, seq, at uint32) { t.shard(tag).add(tag, seq, at, t.withAt) }

// each calls fn for the story and value of every slot with tag.
func (t *tagTable) each(tag uint32, fn func(seq, at uint32)) { t.shard(tag).each(tag, fn) }

// remove empties every slot of tag and seq.
func (t *tagTable) remove(tag, seq uint32) { t.shard(tag).remove(tag, seq) }

// eachSlot calls fn for every slot in use.
func (t *tagTable) eachSlot(fn func(tag, seq, at uint32)) {
	for i := range t.shards {
		t.shards[i].eachSlot(fn)
	}
}

func (s *tagShard) eachSlot(fn func(tag, seq, at uint32)) {
	for j, slot := range s.slots {
		if slot != 0 {
			var at uint32
			if s.at != nil {
				at = s.at[j]
			}
			fn(uint32(slot>>32), uint32(slot), at)
		}
	}
}

func (t *tagTable) len() int {
	n := 0
	for i := range t.shards {
		n += t.shards[i].n
	}
	return n
}

// reset empties the table; shards a large transaction grew go back to
// nothing.
func (t *tagTable) reset() {
	for i := range t.shards {
		s := &t.shards[i]
		if len(s.slots) > 64 {
			*s = tagShard{}
			continue
		}
		clear(s.slots)
		clear(s.at)
		s.n = 0
	}
}

func (s *tagShard) alloc(size int, withAt bool) {
	size = max(size, 8)
	s.slots = make([]uint64, size)
	s.at = nil
	if withAt {
		s.at = make([]uint32, size)
	}
}

// home is the first slot looked at for tag: the tag's bits below the
// shard's scaled to the shard's size, so that any size works.
func (s *tagShard) home(tag uint32) int {
	return int(uint64(tag<<shardBits) * uint64(len(s.slots)) >> 32)
}

func (s *tagShard) next(i int) int {
	if i++; i == len(s.slots) {
		return 0
	}
	return i
}

func (s *tagShard) add(tag, seq, at uint32, withAt bool) {
	if float64(s.n+1) > maxLoad*float64(len(s.slots)) {
		s.grow(withAt)
	}
	s.put(uint64(tag)<<32|uint64(seq), at)
	s.n++
}

func (s *tagShard) put(slot uint64, at uint32) {
	i := s.home(uint32(slot >> 32))
	for s.slots[i] != 0 {
		i = s.next(i)
	}
	s.slots[i] = slot
	if s.at != nil {
		s.at[i] = at
	}
}

func (s *tagShard) grow(withAt bool) {
	old, oldAt := s.slots, s.at
	s.alloc(int(float64(s.n+1)/growLoad), withAt)
	for i, slot := range old {
		if slot != 0 {
			var at uint32
			if oldAt != nil {
				at = oldAt[i]
			}
			s.put(slot, at)
		}
	}
}

func (s *tagShard) each(tag uint32, fn func(seq, at uint32)) {
	if s.n == 0 {
		return
	}
	for i := s.home(tag); s.slots[i] != 0; i = s.next(i) {
		if slot := s.slots[i]; uint32(slot>>32) == tag {
			var at uint32
			if s.at != nil {
				at = s.at[i]
			}
			fn(uint32(slot), at)
		}
	}
}

func (s *tagShard) remove(tag, seq uint32) {
	if s.n == 0 {
		return
	}
	want := uint64(tag)<<32 | uint64(seq)
	for i := s.home(tag); s.slots[i] != 0; {
		if s.slots[i] != want {
			i = s.next(i)
			continue
		}
		s.n--
		s.unset(i)
		// unset moved a later slot into i, or left it empty: look again.
	}
}

// unset empties slot i and moves later slots of its run back, so that no
// slot is left behind an empty one between its home and its place.
func (s *tagShard) unset(i int) {
	size := len(s.slots)
	for j := s.next(i); s.slots[j] != 0; j = s.next(j) {
		h := s.home(uint32(s.slots[j] >> 32))
		// Slot j may move to i when i lies between its home and j.
		if (j-h+size)%size >= (j-i+size)%size {
			s.slots[i] = s.slots[j]
			if s.at != nil {
				s.at[i] = s.at[j]
			}
			i = j
		}
	}
	s.slots[i] = 0
	if s.at != nil {
		s.at[i] = 0
	}
}
