package article

import (
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"github.com/edufeed/edufeed/internal/articlecorpus"
)

// TestExtractConcurrent extracts the corpus from several goroutines at
// once and holds each article to the one a lone extraction gives: the
// survey, the text writers, clean's block arrays and render buffers are
// pooled, and nothing of one page may reach another's article.
func TestExtractConcurrent(t *testing.T) {
	pages, err := articlecorpus.Load(filepath.Join("testdata", "corpus"))
	if err != nil {
		t.Fatal(err)
	}
	want := make([]Article, len(pages))
	for i, p := range pages {
		want[i], err = Extract(p.HTML[0], p.URL, Options{Location: p.Location(), Now: corpusNow})
		if err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for round := range 3 {
				for k := range pages {
					i := (k + g*17 + round*5) % len(pages) // each goroutine in its own order
					p := pages[i]
					got, err := Extract(p.HTML[0], p.URL, Options{Location: p.Location(), Now: corpusNow})
					if err != nil {
						t.Error(err)
						return
					}
					if !reflect.DeepEqual(got, want[i]) {
						t.Errorf("%s: extracted alongside other pages, the article differs from a lone extraction", p.URL)
						return
					}
				}
			}
		})
	}
	wg.Wait()
}
