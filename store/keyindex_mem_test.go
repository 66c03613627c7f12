package store

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// benchStoryList is the key list SavePoll writes for story seq of a
// bench/poll-shaped store: the id, GUID and link of one item of source
// src<seq%2000>, its title key (six words of bench/gen-feeds.py's
// vocabulary, as benchPoll makes them) with a published time in the four
// weeks before benchNow, and a random fingerprint.
func benchStoryList(seq uint64, buf []byte) []byte {
	rng := rand.New(rand.NewPCG(seq, 7))
	src := fmt.Sprintf("src%d", seq%2000)
	guid := fmt.Sprintf("%s-%d", src, seq)
	var title strings.Builder
	benchPhrase(rng, &title, 6)
	it := feeds.Item{
		ID:        feeds.NewID(src, "guid", guid),
		Source:    src,
		Published: benchNow.Add(-time.Duration(rng.Int64N(int64(28 * 24 * time.Hour)))),
		Keys: feeds.Keys{
			GUID:        guid,
			Link:        fmt.Sprintf("%s.example.cn/news/%d.html", src, seq),
			Title:       title.String(),
			Fingerprint: rng.Uint64() | 1,
		},
	}
	h := hashKeys(&it)
	buf = appendEntry(buf[:0], keyEntry{kind: kindID, exact: h.id})
	buf = appendEntry(buf, keyEntry{kind: kindGUID, exact: h.guid})
	buf = appendEntry(buf, keyEntry{kind: kindLink, exact: h.link})
	buf = appendEntry(buf, keyEntry{kind: kindTitle, hash: h.title, at: sortableTime(it.Published)})
	return appendEntry(buf, keyEntry{kind: kindFingerprint, fp: it.Keys.Fingerprint})
}

// BenchmarkKeyIndexMemory builds the merge key index of 100,000 and of
// 1,000,000 bench/poll-shaped stories, as buildKeyIndex does from a file,
// and reports the heap it keeps per story (HeapInuse after the build less
// before it, both after a GC) and the whole index's heap. Then it adds 30 %
// more stories as saves do, 180 a transaction, and reports the most heap
// per story seen on the way (every 1 % of the stories, after a GC): the
// keys committed since the build are kept apart in larger tables until
// they join the packed ones. Run it as
//
//	go test -run='^$' -bench=KeyIndexMemory -benchtime=1x ./store/
func BenchmarkKeyIndexMemory(b *testing.B) {
	for _, stories := range []uint64{100_000, 1_000_000} {
		b.Run(fmt.Sprint(stories), func(b *testing.B) {
			var buf []byte
			eachList := func(fn func(seq uint64, list []byte)) {
				for seq := uint64(1); seq <= stories; seq++ {
					buf = benchStoryList(seq, buf)
					fn(seq, buf)
				}
			}
			var before, after runtime.MemStats
			heapPerStory := func(n uint64) float64 {
				runtime.GC()
				runtime.ReadMemStats(&after)
				return (float64(after.HeapInuse) - float64(before.HeapInuse)) / float64(n)
			}
			var perStory, grown float64
			for b.Loop() {
				runtime.GC()
				runtime.ReadMemStats(&before)
				x := buildKeyIndexFrom(eachList)
				perStory = heapPerStory(stories)
				grown = 0
				for seq := stories + 1; seq <= stories*13/10; seq++ {
					buf = benchStoryList(seq, buf)
					eachEntry(buf, func(e keyEntry) { addEntry(x, seq, e) })
					if seq%180 == 0 {
						x.finish(true)
					}
					if seq%(stories/100) == 0 {
						grown = max(grown, heapPerStory(seq))
					}
				}
				runtime.KeepAlive(x)
			}
			b.ReportMetric(perStory, "heap-B/story")
			b.ReportMetric(perStory*float64(stories)/(1<<20), "heap-MiB")
			b.ReportMetric(grown, "grown-heap-B/story")
		})
	}
}

// addEntry adds an entry of the story seq to the pending keys.
func addEntry(x *keyIndex, seq uint64, e keyEntry) {
	switch e.kind {
	case kindTitle:
		x.addTitle(e.hash, seq, e.at)
	case kindFingerprint:
		x.addFingerprint(e.fp, seq)
	default:
		x.addExact(e.exact, seq)
	}
}

// BenchmarkKeyIndexLookup asks the index of 1,000,000 stories what SavePoll
// asks it for an item: its three exact keys, its title and its
// fingerprint's bands; "new" for items of stories it lacks, "known" for
// items of stories it holds (candidates only: the check against the file
// is one more bbolt Get). ns/op is per item.
func BenchmarkKeyIndexLookup(b *testing.B) {
	const stories = 1_000_000
	var buf []byte
	x := buildKeyIndexFrom(func(fn func(seq uint64, list []byte)) {
		for seq := uint64(1); seq <= stories; seq++ {
			buf = benchStoryList(seq, buf)
			fn(seq, buf)
		}
	})
	for _, c := range []struct {
		name  string
		first uint64
	}{{"new", 2 * stories}, {"known", stories / 2}} {
		b.Run(c.name, func(b *testing.B) {
			items := make([][]keyEntry, 4096)
			for i := range items {
				eachEntry(benchStoryList(c.first+uint64(i), nil), func(e keyEntry) { items[i] = append(items[i], e) })
			}
			found, i := 0, 0
			start := cpuTime(b)
			for b.Loop() {
				found += indexLookups(x, items[i%len(items)])
				i++
			}
			b.ReportMetric(float64(cpuTime(b)-start)/float64(i), "cpu-ns/item")
			if c.name == "known" && found < i*4 {
				b.Fatalf("%d candidates for %d known items", found, i)
			}
		})
	}
}

// indexLookups looks up an item's keys and counts the candidates.
func indexLookups(x *keyIndex, keys []keyEntry) int {
	n := 0
	for _, e := range keys {
		switch e.kind {
		case kindTitle:
			x.titles(e.hash, func(_, _, _ uint64) { n++ })
		case kindFingerprint:
			x.fingerprints(e.fp, func(_, fp uint64) {
				if fp == e.fp {
					n++
				}
			})
		default:
			x.stories(e.exact, func(uint64) bool { n++; return false })
		}
	}
	return n
}
