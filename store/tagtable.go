package store

// tagTable is an open-addressing hash table (linear probing) of 8-byte
// slots, each a key's 32-bit tag and a story number that fits 32 bits; a
// zero slot is empty (story numbers start at 1). It keeps no key, only its
// tag, so a hit may be another key with the same tag: the caller checks it
// against the story's key list in the file. Several slots may hold one tag,
// for keys many stories share (titles) and for keys that differ.
//
// A slot's place is found from its tag alone, so the table grows without
// the keys. With at set, it keeps a 32-bit value per slot beside (a title's
// time in minutes).
type tagTable struct {
	slots []uint64
	at    []uint32 // per slot, or nil
	n     int
}

// Load factors: a table is made (or grown) with n entries at buildLoad and
// grows when an insert would pass maxLoad. Linear probing at 0.9 looks at
// about 50 slots for a key that is not there: 400 adjacent bytes.
const (
	buildLoad = 0.8
	growLoad  = 0.75
	maxLoad   = 0.9
)

func newTagTable(n int, withAt bool) tagTable {
	var t tagTable
	t.alloc(int(float64(n)/buildLoad), withAt)
	return t
}

func (t *tagTable) alloc(size int, withAt bool) {
	size = max(size, 8)
	t.slots = make([]uint64, size)
	t.at = nil
	if withAt {
		t.at = make([]uint32, size)
	}
}

// home is the first slot looked at for tag: the tag scaled to the table's
// size, so that any size works.
func (t *tagTable) home(tag uint32) int {
	return int(uint64(tag) * uint64(len(t.slots)) >> 32)
}

func (t *tagTable) next(i int) int {
	if i++; i == len(t.slots) {
		return 0
	}
	return i
}

func (t *tagTable) add(tag, seq, at uint32) {
	if float64(t.n+1) > maxLoad*float64(len(t.slots)) {
		t.grow()
	}
	t.put(uint64(tag)<<32|uint64(seq), at)
	t.n++
}

func (t *tagTable) put(slot uint64, at uint32) {
	i := t.home(uint32(slot >> 32))
	for t.slots[i] != 0 {
		i = t.next(i)
	}
	t.slots[i] = slot
	if t.at != nil {
		t.at[i] = at
	}
}

func (t *tagTable) grow() {
	old, oldAt := t.slots, t.at
	t.alloc(int(float64(t.n+1)/growLoad), oldAt != nil)
	for i, slot := range old {
		if slot != 0 {
			var at uint32
			if oldAt != nil {
				at = oldAt[i]
			}
			t.put(slot, at)
		}
	}
}

// each calls fn for the story and value of every slot with tag.
func (t *tagTable) each(tag uint32, fn func(seq, at uint32)) {
	if t.n == 0 {
		return
	}
	for i := t.home(tag); t.slots[i] != 0; i = t.next(i) {
		if slot := t.slots[i]; uint32(slot>>32) == tag {
			var at uint32
			if t.at != nil {
				at = t.at[i]
			}
			fn(uint32(slot), at)
		}
	}
}

// remove empties every slot of tag and seq.
func (t *tagTable) remove(tag, seq uint32) {
	if t.n == 0 {
		return
	}
	want := uint64(tag)<<32 | uint64(seq)
	for i := t.home(tag); t.slots[i] != 0; {
		if t.slots[i] != want {
			i = t.next(i)
			continue
		}
		t.n--
		t.unset(i)
		// unset moved a later slot into i, or left it empty: look again.
	}
}

// unset empties slot i and moves later slots of its run back, so that no
// slot is left behind an empty one between its home and its place.
func (t *tagTable) unset(i int) {
	size := len(t.slots)
	for j := t.next(i); t.slots[j] != 0; j = t.next(j) {
		h := t.home(uint32(t.slots[j] >> 32))
		// Slot j may move to i when i lies between its home and j.
		if (j-h+size)%size >= (j-i+size)%size {
			t.slots[i] = t.slots[j]
			if t.at != nil {
				t.at[i] = t.at[j]
			}
			i = j
		}
	}
	t.slots[i] = 0
	if t.at != nil {
		t.at[i] = 0
	}
}

func (t *tagTable) reset() {
	clear(t.slots)
	clear(t.at)
	t.n = 0
}

func (t *tagTable) len() int { return t.n }
