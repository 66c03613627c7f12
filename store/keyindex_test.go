package store

import (
	"maps"
	"slices"
	"strconv"
	"testing"

	"go.etcd.io/bbolt"

	"github.com/edufeed/edufeed/feeds"
)

// list builds a key list of the given entries.
func list(entries ...keyEntry) []byte {
	var l []byte
	for _, e := range entries {
		l = appendEntry(l, e)
	}
	return l
}

func titleSeqs(x *keyIndex, hash uint64) []uint64 {
	var seqs []uint64
	x.titles(hash, func(seq, _, _ uint64) { seqs = append(seqs, seq) })
	slices.Sort(seqs)
	return seqs
}

func fpSeqs(x *keyIndex, fp uint64) []uint64 {
	var seqs []uint64
	x.fingerprints(fp, func(seq, _ uint64) {
		if !slices.Contains(seqs, seq) {
			seqs = append(seqs, seq)
		}
	})
	slices.Sort(seqs)
	return seqs
}

// packings are the two ways the committed keys are held: every shard and
// the fingerprints packed from the first entry, and nothing packed (as in a
// small store).
var packings = []struct {
	name             string
	minShard, minFPs int
}{{"packed", 1, 1}, {"unpacked", 1 << 30, 1 << 30}}

func TestKeyIndex(t *testing.T) {
	for _, p := range packings {
		t.Run(p.name, func(t *testing.T) { testKeyIndex(t, p.minShard, p.minFPs) })
	}
}

func testKeyIndex(t *testing.T, minShard, minFPs int) {
	const (
		fp1 uint64 = 0x1111_2222_3333_4444
		fp2 uint64 = 0x1111_9999_9999_9999 // shares band 3 with fp1
		fp3 uint64 = 0x5555_6666_7777_8888
	)
	k1, k2 := guidKey("moe", "1"), linkKey("moe.gov.cn/1.html")
	stories := map[uint64][]byte{
		1: list(keyEntry{kind: kindGUID, exact: k1}, keyEntry{kind: kindTitle, hash: 7, at: 100}, keyEntry{kind: kindFingerprint, fp: fp1}),
		2: list(keyEntry{kind: kindLink, exact: k2}, keyEntry{kind: kindTitle, hash: 7, at: 200}, keyEntry{kind: kindFingerprint, fp: fp2}),
		3: list(keyEntry{kind: kindGUID, exact: k1}, keyEntry{kind: kindTitle, hash: 8, at: 300}, keyEntry{kind: kindFingerprint, fp: fp3}),
	}
	x := buildKeyIndexPacking(func(fn func(uint64, []byte)) {
		for seq := uint64(1); seq <= 3; seq++ {
			fn(seq, stories[seq])
		}
	}, minShard, minFPs)
	// The file: an exact key points at the first story whose list holds it.
	lists := maps.Clone(stories)
	exact := func(k exactKey) (seq uint64, ok bool) {
		x.stories(k, func(s uint64) bool {
			seq, ok = s, holdsExact(lists[s], k)
			return ok
		})
		return seq, ok
	}
	check := func(when string, title7, fpOf1, fpOf3 []uint64, guid uint64) {
		t.Helper()
		if got := titleSeqs(x, 7); !slices.Equal(got, title7) {
			t.Errorf("%s: title 7 -> %v, want %v", when, got, title7)
		}
		if got := fpSeqs(x, fp1); !slices.Equal(got, fpOf1) {
			t.Errorf("%s: fingerprint 1 -> %v, want %v", when, got, fpOf1)
		}
		if got := fpSeqs(x, fp3); !slices.Equal(got, fpOf3) {
			t.Errorf("%s: fingerprint 3 -> %v, want %v", when, got, fpOf3)
		}
		if got, ok := exact(k1); got != guid || ok != (guid != 0) {
			t.Errorf("%s: guid -> %d %v, want %d", when, got, ok, guid)
		}
	}
	// The first story to record an exact key keeps it.
	check("built", []uint64{1, 2}, []uint64{1, 2}, []uint64{3}, 1)

	// Pending keys are seen at once and dropped with a failed transaction.
	x.addTitle(7, 4, 400)
	x.addFingerprint(fp1^1, 4)
	check("pending", []uint64{1, 2, 4}, []uint64{1, 2, 4}, []uint64{3}, 1)
	x.finish(false)
	check("rolled back", []uint64{1, 2}, []uint64{1, 2}, []uint64{3}, 1)

	// A removal takes effect on commit; an exact key forgotten and recorded
	// again in the same transaction points at its new story.
	x.remove(1, stories[1])
	delete(lists, 1)
	x.addExact(k1, 5)
	lists[5] = list(keyEntry{kind: kindGUID, exact: k1})
	check("removed, pending", []uint64{1, 2}, []uint64{1, 2}, []uint64{3}, 5)
	x.finish(true)
	// Story 3 holds the key too, recorded before 5: the first that lives.
	check("removed", []uint64{2}, []uint64{2}, []uint64{3}, 3)
	x.remove(3, stories[3])
	delete(lists, 3)
	x.finish(true)
	check("3 removed", []uint64{2}, []uint64{2}, nil, 5)
	x.remove(5, lists[5])
	x.remove(2, stories[2])
	x.finish(true)
	clear(lists)
	check("all removed", nil, nil, nil, 0)
	if n := entriesOf(x, 0); n != 0 {
		t.Errorf("%d entries left", n)
	}

	// Removed entries make room again.
	x.addTitle(9, 6, 600)
	x.addFingerprint(fp3, 6)
	x.finish(true)
	if n := entriesOf(x, 6); n != 2 {
		t.Errorf("%d entries of story 6, want 2", n)
	}
	if got := fpSeqs(x, fp3); !slices.Equal(got, []uint64{6}) {
		t.Errorf("fingerprint 3 -> %v, want [6]", got)
	}
	if got := titleSeqs(x, 9); !slices.Equal(got, []uint64{6}) {
		t.Errorf("title 9 -> %v, want [6]", got)
	}
	if held := x.base.fps.len() + len(x.committed.fps) - len(x.committed.freeFPs); held > 1 {
		t.Errorf("%d fingerprint entries held for 1", held)
	}
}

// entriesOf counts the committed entries of the story seq in the index, or
// all of them for seq 0.
func entriesOf(x *keyIndex, seq uint64) int {
	n := 0
	count := func(s uint64) {
		if seq == 0 || s == seq {
			n++
		}
	}
	for _, tb := range []*tagBase{&x.base.exact, &x.base.titles} {
		for i := range tb.shards {
			tb.shards[i].eachEntry(i, tb.width(), func(_, s uint32, _ uint16) { count(uint64(s)) })
		}
	}
	x.base.fps.eachLive(func(_ uint64, s uint32) { count(uint64(s)) })
	for _, tb := range []*tagTable{&x.committed.exact, &x.committed.titles} {
		tb.eachSlot(func(_, s, _ uint32) { count(uint64(s)) })
	}
	x.committed.eachFP(func(_ uint64, s uint32) { count(uint64(s)) })
	for _, w := range x.committed.wide {
		count(w.seq)
	}
	return n
}

// BenchmarkBuildKeyIndex builds the index of 20,000 stories with the key
// lists SavePoll writes (id, GUID, link, title, fingerprint). B/op beyond
// the index's own size (about 5 MB here) is garbage the build leaves: 16.2
// MB/op when the tables grew one insert at a time, 7.8 MB/op since they are
// made at their final size.
func BenchmarkBuildKeyIndex(b *testing.B) {
	const stories = 20000
	s := openTemp(b)
	err := s.db.Update(func(tx *bbolt.Tx) error {
		keys := tx.Bucket(bucketKeys)
		for seq := uint64(1); seq <= stories; seq++ {
			guid := strconv.FormatUint(seq, 10)
			l := list(
				keyEntry{kind: kindID, exact: idKey(feeds.NewID("moe", guid))},
				keyEntry{kind: kindGUID, exact: guidKey("moe", guid)},
				keyEntry{kind: kindLink, exact: linkKey("moe.gov.cn/" + guid + ".html")},
				keyEntry{kind: kindTitle, hash: titleHash("标题 " + guid), at: seq},
				keyEntry{kind: kindFingerprint, fp: seq * 0x9E3779B97F4A7C15},
			)
			if err := keys.Put(seqKey(seq), l); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := s.db.View(func(tx *bbolt.Tx) error {
			if x := buildKeyIndex(tx); entriesOf(x, 0) != 5*stories {
				b.Fatalf("%d entries, want %d", entriesOf(x, 0), 5*stories)
			}
			return nil
		}); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzKeySet feeds arbitrary bytes as the key lists of two stories. Whatever
// the lists hold (damaged tails, repeated entries, shared titles and bands),
// removing a story takes out every entry of it and nothing of the other, and
// removing both leaves the set empty, so the index cannot point a later item
// at a forgotten story.
func FuzzKeySet(f *testing.F) {
	k := guidKey("moe", "1")
	f.Add(list(keyEntry{kind: kindGUID, exact: k}, keyEntry{kind: kindTitle, hash: 7, at: 1}),
		list(keyEntry{kind: kindGUID, exact: k}, keyEntry{kind: kindTitle, hash: 7, at: 2}))
	f.Add(list(keyEntry{kind: kindFingerprint, fp: 0x1111_2222_3333_4444}, keyEntry{kind: kindFingerprint, fp: 0x1111_2222_3333_4444}),
		list(keyEntry{kind: kindFingerprint, fp: 0x1111_9999_9999_9999}))
	f.Add([]byte("t\x00\x00"), []byte("zzz"))
	f.Fuzz(func(t *testing.T, a, b []byte) {
		ks := newKeySet()
		ks.add(1, a)
		ks.add(2, b)
		ks.remove(1, a)
		eachEntry(b, func(e keyEntry) {
			switch e.kind {
			case kindTitle:
				found := false
				ks.eachTitle(e.hash, func(seq uint64, _ uint16) { found = found || seq == 2 })
				if !found {
					t.Fatalf("story 2 lost its title %x", e.hash)
				}
			case kindFingerprint:
				found := slices.Contains(ks.appendFingerprints(nil, e.fp), fpHit{2, e.fp})
				if !found {
					t.Fatalf("story 2 lost its fingerprint %x", e.fp)
				}
			}
		})
		for _, hash := range titleHashes(a) {
			ks.eachTitle(hash, func(seq uint64, _ uint16) {
				if seq == 1 {
					t.Fatalf("title %x still points at removed story 1", hash)
				}
			})
		}
		ks.exact.eachSlot(func(_, seq, _ uint32) {
			if seq == 1 {
				t.Fatal("an exact key still points at removed story 1")
			}
		})
		ks.remove(2, b)
		if ks.exact.len() != 0 || ks.titles.len() != 0 || bandChains(&ks) != 0 {
			t.Fatalf("left after removing both: %d exact keys, %d title entries, %d band chains",
				ks.exact.len(), ks.titles.len(), bandChains(&ks))
		}
		// Every entry slot is free again.
		if len(ks.freeFPs) != len(ks.fps) {
			t.Fatalf("%d of %d fingerprint slots free", len(ks.freeFPs), len(ks.fps))
		}
	})
}

func titleHashes(l []byte) []uint64 {
	var out []uint64
	eachEntry(l, func(e keyEntry) {
		if e.kind == kindTitle {
			out = append(out, e.hash)
		}
	})
	return out
}

// bandChains counts the band values a set has entries for.
func bandChains(ks *keySet) int {
	n := len(ks.fpHeadMap)
	for _, h := range ks.fpHeads {
		if h != 0 {
			n++
		}
	}
	return n
}
