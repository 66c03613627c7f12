package article

import (
	"path/filepath"
	"testing"

	"github.com/edufeed/edufeed/internal/articlecorpus"
)

// BenchmarkExtract extracts every first page of the corpus once per op.
func BenchmarkExtract(b *testing.B) {
	pages, err := articlecorpus.Load(filepath.Join("testdata", "corpus"))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		for _, p := range pages {
			if _, err := Extract(p.HTML[0], p.URL, Options{Location: p.Location(), Now: corpusNow}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
