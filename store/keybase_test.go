package store

import (
	"cmp"
	"encoding/binary"
	"math/rand/v2"
	"slices"
	"testing"
)

// baseTag is the part of a tag a packed shard tells apart: its shard, its
// bucket and its low 16 bits.
func baseTag(tag uint32) uint32 {
	return tag &^ (1<<(32-shardBits) - 1<<(16+bucketBits))
}

// TestTagBase checks packed shards against a plain list of entries through
// random adds (into a tagTable, absorbed in steps), removals and repacking,
// with tags crowded into one shard and one bucket. (Tags that only differ in
// the bits a packed shard does not keep: TestKeyIndexModel.)
func TestTagBase(t *testing.T) {
	type entry struct {
		tag, seq uint32
		val      uint16
	}
	rng := rand.New(rand.NewPCG(3, 4))
	tags := []uint32{0, 1, 0xFFFF_FFFF, 0x8000_0000, 0x7FFF_FFFF, 42, 42 | 1<<16, 0x0001_0000, 0xFC00_FFFF}
	tb := tagBase{withVal: true}
	rest := newTagTable(0, true)
	var want []entry
	for step := range 20000 {
		tag := randomTag(rng, tags, tagShards-1)
		seq := uint32(1 + rng.IntN(50))
		if rng.IntN(3) == 0 && len(want) > 0 {
			e := want[rng.IntN(len(want))]
			tb.remove(e.tag, e.seq)
			rest.remove(e.tag, e.seq)
			want = slices.DeleteFunc(want, func(o entry) bool { return o.tag == e.tag && o.seq == e.seq })
		} else {
			val := uint16(rng.Uint32())
			rest.add(tag, seq, uint32(val))
			want = append(want, entry{tag, seq, val})
		}
		if step%7 == 0 {
			tb.absorb(&rest, 1+rng.IntN(40))
		}
		if step%97 != 0 {
			continue
		}
		for _, tag := range append(slices.Clone(tags), want[len(want)-1].tag) {
			var got, exp []entry
			tb.each(tag, func(seq uint32, val uint16) { got = append(got, entry{tag, seq, val}) })
			rest.each(tag, func(seq, val uint32) { got = append(got, entry{tag, seq, uint16(val)}) })
			for _, e := range want {
				if e.tag == tag {
					exp = append(exp, e)
				}
			}
			order := func(a, b entry) int { return cmp.Or(cmp.Compare(a.seq, b.seq), cmp.Compare(a.val, b.val)) }
			slices.SortFunc(got, order)
			slices.SortFunc(exp, order)
			if !slices.Equal(got, exp) {
				t.Fatalf("step %d: tag %x -> %v, want %v", step, tag, got, exp)
			}
		}
		live, packed := rest.len(), 0
		for i := range tb.shards {
			live += tb.shards[i].live(tb.width())
			if tb.shards[i].starts != nil {
				packed++
			}
		}
		if packed != tb.packed {
			t.Fatalf("step %d: %d shards packed, counted %d", step, packed, tb.packed)
		}
		if live != len(want) {
			t.Fatalf("step %d: %d entries, want %d", step, live, len(want))
		}
	}
}

// TestFPBase builds packed fingerprints of several sizes (so of several
// bucket widths), crowded into a few band values, and checks every lookup
// and removal against a plain list.
func TestFPBase(t *testing.T) {
	type entry struct {
		fp  uint64
		seq uint32
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{0, 1, 31, 32, 100, 1000, 5000, 70000} {
		var all []entry
		c := new(fpCounts)
		for i := range n {
			fp := rng.Uint64()
			if i%3 == 0 && i > 0 {
				// Shares bands with an earlier fingerprint.
				o := all[rng.IntN(len(all))].fp
				mask := uint64(0xFFFF) << (16 * rng.IntN(fingerprintBands))
				fp = fp&^mask | o&mask
			}
			all = append(all, entry{fp, uint32(1 + rng.IntN(1<<20))})
			c.add(fp)
		}
		f := newFPBase(c)
		for _, e := range all {
			if !f.put(e.fp, e.seq) {
				t.Fatalf("n=%d: no room for %x", n, e.fp)
			}
		}
		f.seal()
		check := func(when string, live []entry) {
			t.Helper()
			probes := []uint64{0, ^uint64(0)}
			for range 50 {
				if len(all) > 0 {
					probes = append(probes, all[rng.IntN(len(all))].fp^1<<rng.IntN(64))
				}
			}
			for _, fp := range probes {
				var got, exp []entry
				for _, h := range f.appendMatches(nil, fp) {
					got = append(got, entry{h.fp, uint32(h.seq)})
				}
				for _, e := range live {
					for b := range fingerprintBands {
						if uint16(e.fp>>(16*b)) == uint16(fp>>(16*b)) {
							exp = append(exp, e)
						}
					}
				}
				order := func(a, b entry) int { return cmp.Or(cmp.Compare(a.fp, b.fp), cmp.Compare(a.seq, b.seq)) }
				slices.SortFunc(got, order)
				slices.SortFunc(exp, order)
				if !slices.Equal(got, exp) {
					t.Fatalf("n=%d, %s: %x -> %v, want %v", n, when, fp, got, exp)
				}
			}
		}
		check("built", all)
		gone := map[entry]bool{}
		for i := 0; i < len(all)/2; i++ {
			e := all[rng.IntN(len(all))]
			f.remove(e.fp, e.seq)
			gone[e] = true
		}
		live := slices.DeleteFunc(slices.Clone(all), func(e entry) bool { return gone[e] })
		check("after removals", live)
		if f.live() != len(live) {
			t.Errorf("n=%d: %d live, want %d", n, f.live(), len(live))
		}
	}
}

// TestKeyIndexModel runs random transactions (stories saved, keys added to
// stories, stories forgotten; committed or failed) against a plain model
// of the key lists, for each way of packing the committed keys, and checks
// after each that every lookup finds exactly the entries the model has
// (and only tags' twins beside them): none lost, none left of a forgotten
// story or a failed transaction.
func TestKeyIndexModel(t *testing.T) {
	for _, p := range append(packings, struct {
		name             string
		minShard, minFPs int
	}{"packed in steps", 4, 6}) {
		t.Run(p.name, func(t *testing.T) { testKeyIndexModel(t, p.minShard, p.minFPs) })
	}
}

func testKeyIndexModel(t *testing.T, minShard, minFPs int) {
	rng := rand.New(rand.NewPCG(7, 8))
	// Exact keys: some share their whole tag, some only differ in the bits
	// packed shards do not keep.
	var exacts []exactKey
	for i := range 12 {
		var k exactKey
		binary.BigEndian.PutUint32(k[:4], []uint32{0x1234_5678, 0x1234_5678, 0x1234_5678 ^ 1<<24, 0xFC00_0001, rng.Uint32()}[min(i, 4)])
		k[15] = byte(i)
		exacts = append(exacts, k)
	}
	titles := []uint64{1, 2, 3, 4, 5}
	var fps []uint64
	for range 10 {
		fp := rng.Uint64()
		if len(fps) > 0 && rng.IntN(2) == 0 {
			fp = fp&^0xFFFF_0000 | fps[len(fps)-1]&0xFFFF_0000
		}
		fps = append(fps, fp)
	}
	randomEntry := func() keyEntry {
		switch rng.IntN(3) {
		case 0:
			return keyEntry{kind: kindTitle, hash: titles[rng.IntN(len(titles))], at: sortableTime(day) + uint64(rng.Int64N(1e15))}
		case 1:
			return keyEntry{kind: kindFingerprint, fp: fps[rng.IntN(len(fps))]}
		}
		return keyEntry{kind: []byte{kindID, kindGUID, kindLink}[rng.IntN(3)], exact: exacts[rng.IntN(len(exacts))]}
	}

	model := map[uint64][]keyEntry{}
	x := buildKeyIndexPacking(func(func(uint64, []byte)) {}, minShard, minFPs)
	next := uint64(1)
	for txn := range 400 {
		pending := map[uint64][]keyEntry{}
		touched := map[uint64]bool{}
		var forgotten []uint64
		for range 1 + rng.IntN(6) {
			var seq uint64
			switch r := rng.IntN(10); {
			case r < 3 && len(model) > 0: // forget a story
				seq = pickSeq(rng, model)
				if touched[seq] || slices.Contains(forgotten, seq) {
					continue
				}
				x.remove(seq, list(model[seq]...))
				forgotten = append(forgotten, seq)
				continue
			case r < 6 && len(model) > 0: // keys added to a story
				seq = pickSeq(rng, model)
				if slices.Contains(forgotten, seq) {
					continue
				}
			default:
				seq = next
				next++
				if rng.IntN(50) == 0 {
					seq += 1 << 32 // beyond 32 bits
				}
			}
			touched[seq] = true
			for range 1 + rng.IntN(4) {
				e := randomEntry()
				pending[seq] = append(pending[seq], e)
				addEntry(x, seq, e)
			}
		}
		// While the transaction runs, its keys are seen too.
		seen := map[uint64][]keyEntry{}
		for seq, l := range model {
			seen[seq] = l
		}
		for seq, l := range pending {
			seen[seq] = append(slices.Clone(seen[seq]), l...)
		}
		checkModel(t, x, seen, exacts, titles, fps, txn, "pending")
		ok := rng.IntN(4) != 0
		x.finish(ok)
		if ok {
			for _, seq := range forgotten {
				delete(model, seq)
			}
			for seq, l := range pending {
				model[seq] = append(model[seq], l...)
			}
		}
		checkModel(t, x, model, exacts, titles, fps, txn, "finished")
	}
	if x.base.fps.len() == 0 && minFPs < 100 {
		t.Error("no fingerprint was packed")
	}
}

func pickSeq(rng *rand.Rand, model map[uint64][]keyEntry) uint64 {
	seqs := make([]uint64, 0, len(model))
	for seq := range model {
		seqs = append(seqs, seq)
	}
	slices.Sort(seqs)
	return seqs[rng.IntN(len(seqs))]
}

// checkModel compares the index's answers with the model's lists: as
// multisets of story numbers (and fingerprints), one per entry.
func checkModel(t *testing.T, x *keyIndex, model map[uint64][]keyEntry, exacts []exactKey, titles, fps []uint64, txn int, when string) {
	t.Helper()
	fail := func(what string, got, want any) {
		t.Helper()
		t.Fatalf("transaction %d, %s: %s -> %v, want %v", txn, when, what, got, want)
	}
	// An exact key finds every entry of it, and may find those that share
	// the bits of its tag that its place keeps (packed or not).
	for _, k := range exacts {
		got := map[uint64]int{}
		x.stories(k, func(seq uint64) bool { got[seq]++; return false })
		for seq, l := range model {
			same, twins := 0, 0
			for _, e := range l {
				switch {
				case !isExact(e):
				case e.exact == k:
					same++
				case baseTag(exactTag(e.exact)) == baseTag(exactTag(k)):
					twins++
				}
			}
			if got[seq] < same || got[seq] > same+twins {
				fail("exact key", got, seq)
			}
			delete(got, seq)
		}
		if len(got) > 0 {
			fail("exact key of a story the model lacks", got, nil)
		}
	}
	for _, h := range titles {
		type found struct{ seq, from, to uint64 }
		var got []found
		x.titles(h, func(seq, from, to uint64) { got = append(got, found{seq, from, to}) })
		want := 0
		for seq, l := range model {
			for _, e := range l {
				if e.kind != kindTitle || e.hash != h {
					continue
				}
				want++
				if !slices.ContainsFunc(got, func(f found) bool { return f.seq == seq && f.from <= e.at && e.at <= f.to }) {
					fail("title", got, seq)
				}
			}
		}
		if len(got) != want {
			fail("title entries", len(got), want)
		}
	}
	type fpSeq struct{ seq, fp uint64 }
	order := func(a, b fpSeq) int { return cmp.Or(cmp.Compare(a.seq, b.seq), cmp.Compare(a.fp, b.fp)) }
	for _, fp := range fps {
		var got, want []fpSeq
		x.fingerprints(fp, func(seq, o uint64) { got = append(got, fpSeq{seq, o}) })
		for seq, l := range model {
			for _, e := range l {
				for b := range fingerprintBands {
					if e.kind == kindFingerprint && uint16(e.fp>>(16*b)) == uint16(fp>>(16*b)) {
						want = append(want, fpSeq{seq, e.fp})
					}
				}
			}
		}
		slices.SortFunc(got, order)
		slices.SortFunc(want, order)
		if !slices.Equal(got, want) {
			fail("fingerprint", got, want)
		}
	}
}
