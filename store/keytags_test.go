package store

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

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
		tag := tags[rng.IntN(len(tags))]
		switch rng.IntN(4) {
		case 0:
			tag = rng.Uint32()
		case 1:
			tag = rng.Uint32() >> shardBits // one shard, wrapping and growing
		}
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

// TestKeySetWideSeqs: a story number beyond 32 bits is kept apart, found,
// joined on commit and removed like any other.
func TestKeySetWideSeqs(t *testing.T) {
	const wide = 1<<33 + 5
	fp := uint64(0x1111_2222_3333_4444)
	k := guidKey("moe", "1")
	l := list(keyEntry{kind: kindGUID, exact: k}, keyEntry{kind: kindTitle, hash: 7, at: 100}, keyEntry{kind: kindFingerprint, fp: fp})
	x := &keyIndex{committed: newKeySet(), pending: newKeySet()}
	x.committed.add(3, l)
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

// TestMinutes: a sortable time and the minute the index keeps of it are
// less than a minute apart, in order, for every time a sortable time holds.
func TestMinutes(t *testing.T) {
	times := []uint64{0, 1, 1 << 63, 1<<63 - 1, 1<<63 + 59_999_999_999, 1<<63 + 60e9, 1<<63 - 60e9, ^uint64(0), sortableTime(day)}
	prev := uint32(0)
	slices.Sort(times)
	for i, at := range times {
		m := minutes(at)
		if g := gap(fromMinutes(m), at); g >= 60e9 {
			t.Errorf("%x: kept as %x, %v apart", at, fromMinutes(m), g)
		}
		if i > 0 && int32(m) < int32(prev) {
			t.Errorf("%x: minute %d before the previous time's %d", at, int32(m), int32(prev))
		}
		prev = m
	}
}
