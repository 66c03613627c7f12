package merge

import (
	"testing"

	"github.com/edufeed/edufeed/feeds"
)

// The benchmarks of issue 7 run on the items of the ingest benchmark
// (feeds/poll/testdata/bench/f0.xml) as the cleaner hands them to KeysOf:
// five <p> paragraphs of CJK text with full-width punctuation.
//
//	go test -run='^$' -bench='KeysOf|Fingerprint' -count=6 ./feeds/merge/ | tee new.txt
//	benchstat old.txt new.txt

// BenchmarkKeysOf computes the keys of all 20 items of one bench document
// per op.
func BenchmarkKeysOf(b *testing.B) {
	bench := loadBenchItems(b)
	items := make([]feeds.Item, len(bench))
	for i, it := range bench {
		items[i] = cleaned(it.item())
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, it := range items {
			KeysOf(it)
		}
	}
}

// BenchmarkFingerprint fingerprints the texts clean makes of the bench
// items and a long article, one text per op.
func BenchmarkFingerprint(b *testing.B) {
	bench := loadBenchItems(b)
	for _, c := range []struct {
		name  string
		texts []string
	}{
		{"bench-content", benchField(bench, func(it benchItem) string { return textOf(it.Content) })},
		{"article", []string{readArticle(b, "article.txt")}},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				Fingerprint(c.texts[i%len(c.texts)])
				i++
			}
		})
	}
}

func benchField(items []benchItem, f func(benchItem) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = f(it)
	}
	return out
}
