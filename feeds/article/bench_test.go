package article

import (
	"bytes"
	"path/filepath"
	"testing"

	"golang.org/x/net/html"

	"github.com/edufeed/edufeed/internal/articlecorpus"
)

// benchPages loads the corpus with each page's options. The zones are
// loaded once, outside the timer, as the daemon loads a source's zone once
// at config time.
func benchPages(b *testing.B) ([]articlecorpus.Page, []Options) {
	pages, err := articlecorpus.Load(filepath.Join("testdata", "corpus"))
	if err != nil {
		b.Fatal(err)
	}
	opts := make([]Options, len(pages))
	for i, p := range pages {
		opts[i] = Options{Location: p.Location(), Now: corpusNow}
	}
	return pages, opts
}

// BenchmarkExtract extracts every first page of the corpus once per op.
func BenchmarkExtract(b *testing.B) {
	pages, opts := benchPages(b)
	for b.Loop() {
		for i, p := range pages {
			if _, err := Extract(p.HTML[0], p.URL, opts[i]); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkParseOnly parses the same pages: the floor under BenchmarkExtract.
func BenchmarkParseOnly(b *testing.B) {
	pages, err := articlecorpus.Load(filepath.Join("testdata", "corpus"))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		for _, p := range pages {
			if _, err := html.Parse(bytes.NewReader(p.HTML[0])); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkFromNode is BenchmarkExtract without the parse: the
// extractor's own passes and clean's, on trees parsed outside the timer.
func BenchmarkFromNode(b *testing.B) {
	pages, opts := benchPages(b)
	var err error
	roots := make([]*html.Node, len(pages))
	for b.Loop() {
		b.StopTimer()
		for i, p := range pages {
			if roots[i], err = html.Parse(bytes.NewReader(p.HTML[0])); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		for i, p := range pages {
			if _, err := FromNode(roots[i], p.URL, opts[i]); err != nil {
				b.Fatal(err)
			}
		}
	}
}
