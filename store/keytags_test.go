package store

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// collidingGUIDs finds two GUIDs of source src whose item ids' exact keys
// share their 32-bit tag (about 80,000 tries, by the birthday bound).
func collidingGUIDs(t *testing.T, src string) (string, string) {
	t.Helper()
	seen := make(map[uint32]string)
	for i := range 1 << 20 {
		g := strconv.Itoa(i)
		tag := exactTag(idKey(feeds.NewID(src, "guid", g)))
		if other, ok := seen[tag]; ok {
			return other, g
		}
		seen[tag] = g
	}
	t.Fatal("no two ids share a tag")
	return "", ""
}

// TestExactTagCollisionIsNoMatch: the index keeps 32-bit tags of exact keys,
// so an item whose id shares its tag with a stored story's id finds that
// story in the index; the story's key list says it is another key, and the
// item is a new story, unknown before it is saved.
func TestExactTagCollisionIsNoMatch(t *testing.T) {
	g1, g2 := collidingGUIDs(t, "moe")
	s := openTemp(t)
	a := story("moe", g1, "moe.gov.cn/a.html", "", 0, day, "<p>a</p>")
	b := story("moe", g2, "moe.gov.cn/b.html", "", 0, day, "<p>b</p>")
	mustSave(t, s, []feeds.Item{a}, "moe", day)
	known, err := s.Known([]string{a.ID, b.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := known[b.ID]; ok || len(known) != 1 {
		t.Errorf("known = %v, want only %s", known, a.ID)
	}
	if _, ok, err := s.Get(b.ID); ok || err != nil {
		t.Errorf("Get(%s) = %v, %v before it is saved", b.ID, ok, err)
	}
	if res := mustSave(t, s, []feeds.Item{b}, "moe", day); res.New != 1 {
		t.Fatalf("second item: %+v, want a new story", res)
	}
	for _, it := range []feeds.Item{a, b} {
		got, ok, err := s.Get(it.ID)
		if err != nil || !ok || got.Link != it.Link {
			t.Errorf("Get(%s) = %s, %v, %v; want the item with link %s", it.ID, got.Link, ok, err, it.Link)
		}
	}
}

// TestTagTable checks the table against a plain list of slots through
// random adds and removals in shards small enough to wrap around and grow,
// with many slots per tag.
func TestTagTable(t *testing.T) {
	type slot struct{ tag, seq, at uint32 }
	rng := rand.New(rand.NewPCG(1, 2))
	tags := []uint32{0, 1, 0xFFFF_FFFF, 0x8000_0000, 0x7FFF_FFFF, 42}
	tb := newTagTable(0, true)
	var want []slot
	for step := range 20000 {
		tag := randomTag(rng, tags, 0) // shard 0 wraps around and grows
		seq := uint32(1 + rng.IntN(50))
		if rng.IntN(2) == 0 && len(want) > 0 {
			s := want[rng.IntN(len(want))]
			tb.remove(s.tag, s.seq)
			want = slices.DeleteFunc(want, func(o slot) bool { return o.tag == s.tag && o.seq == s.seq })
		} else {
			at := rng.Uint32()
			tb.add(tag, seq, at)
			want = append(want, slot{tag, seq, at})
		}
		if tb.len() != len(want) {
			t.Fatalf("step %d: %d slots, want %d", step, tb.len(), len(want))
		}
		if step%97 != 0 {
			continue
		}
		probe := slices.Clone(tags)
		if len(want) > 0 {
			probe = append(probe, want[len(want)-1].tag)
		}
		for _, tag := range probe {
			var got, exp []slot
			tb.each(tag, func(seq, at uint32) { got = append(got, slot{tag, seq, at}) })
			for _, s := range want {
				if s.tag == tag {
					exp = append(exp, s)
				}
			}
			cmp := func(a, b slot) int {
				if a.seq != b.seq {
					return int(a.seq) - int(b.seq)
				}
				return int(int64(a.at) - int64(b.at))
			}
			slices.SortFunc(got, cmp)
			slices.SortFunc(exp, cmp)
			if !slices.Equal(got, exp) {
				t.Fatalf("step %d: tag %x -> %v, want %v", step, tag, got, exp)
			}
		}
	}
}

// randomTag is one of tags, or a random tag, or a random tag of shard, as
// the tag tables' tests draw them.
func randomTag(rng *rand.Rand, tags []uint32, shard uint32) uint32 {
	switch rng.IntN(4) {
	case 0:
		return rng.Uint32()
	case 1:
		return rng.Uint32()>>shardBits | shard<<(32-shardBits)
	}
	return tags[rng.IntN(len(tags))]
}

// TestKeySetWideSeqs: a story number beyond 32 bits is kept apart, found,
// joined on commit and removed like any other.
func TestKeySetWideSeqs(t *testing.T) {
	const wide = 1<<33 + 5
	fp := uint64(0x1111_2222_3333_4444)
	k := guidKey("moe", "1")
	l := list(keyEntry{kind: kindGUID, exact: k}, keyEntry{kind: kindTitle, hash: 7, at: 100}, keyEntry{kind: kindFingerprint, fp: fp})
	x := buildKeyIndexFrom(func(fn func(uint64, []byte)) { fn(3, l) })
	x.addExact(k, wide)
	x.addTitle(7, wide, 200)
	x.addFingerprint(fp^1, wide)
	x.finish(true)
	lists := map[uint64][]byte{3: l, wide: l}
	var seqs []uint64
	x.stories(k, func(seq uint64) bool {
		if holdsExact(lists[seq], k) {
			seqs = append(seqs, seq)
		}
		return false
	})
	if !slices.Equal(seqs, []uint64{3, wide}) {
		t.Errorf("guid -> %v, want [3 %d]", seqs, uint64(wide))
	}
	if got := titleSeqs(x, 7); !slices.Equal(got, []uint64{3, wide}) {
		t.Errorf("title -> %v", got)
	}
	if got := fpSeqs(x, fp); !slices.Equal(got, []uint64{3, wide}) {
		t.Errorf("fingerprint -> %v", got)
	}
	x.remove(wide, list(keyEntry{kind: kindGUID, exact: k}, keyEntry{kind: kindTitle, hash: 7, at: 200}, keyEntry{kind: kindFingerprint, fp: fp ^ 1}))
	x.finish(true)
	if len(x.committed.wide) != 0 {
		t.Errorf("left: %+v", x.committed.wide)
	}
	if got := fpSeqs(x, fp); !slices.Equal(got, []uint64{3}) {
		t.Errorf("fingerprint after removal -> %v", got)
	}
}

// TestTitleDay: the day the index keeps of a sortable time spans it, days
// follow the times' order, and the first and last day span every time
// before and after them.
func TestTitleDay(t *testing.T) {
	times := []uint64{0, 1, 1 << 63, 1<<63 - 1, 1<<63 + dayNanos - 1, 1<<63 + dayNanos, 1<<63 - dayNanos,
		^uint64(0), sortableTime(day), sortableTime(time.Time{}),
		sortableTime(time.Date(1910, 4, 20, 0, 0, 0, 0, time.UTC)), sortableTime(time.Date(2089, 9, 14, 0, 0, 0, 0, time.UTC)),
		sortableTime(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)) - 1, sortableTime(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))}
	slices.Sort(times)
	for i, at := range times {
		d := titleDay(at)
		from, to := dayTimes(d)
		if at < from || at > to {
			t.Errorf("%x: day %d spans %x to %x", at, d, from, to)
		}
		if d > 0 && d < 0xFFFF && gap(to, from) != 24*time.Hour-1 {
			t.Errorf("%x: day %d spans %v", at, d, gap(to, from))
		}
		if i > 0 && d < titleDay(times[i-1]) {
			t.Errorf("%x: day %d before the previous time's %d", at, d, titleDay(times[i-1]))
		}
	}
	if d := titleDay(sortableTime(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))); d != 1<<15 {
		t.Errorf("2000-01-01 is day %d, want %d", d, 1<<15)
	}
	for _, d := range []uint16{0, 1, 1 << 15, 0xFFFE, 0xFFFF} {
		from, to := dayTimes(d)
		if titleDay(from) != d || titleDay(to) != d {
			t.Errorf("day %d: spans %x (day %d) to %x (day %d)", d, from, titleDay(from), to, titleDay(to))
		}
		if d > 0 {
			if _, prevTo := dayTimes(d - 1); prevTo+1 != from {
				t.Errorf("day %d starts at %x, day %d ends at %x", d, from, d-1, prevTo)
			}
		}
	}
}
