package article

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/edufeed/edufeed/internal/articlecorpus"
)

// FuzzExtract feeds Extract mutated article pages: it must not panic, and
// what it returns must hold nothing active and keep its promises.
func FuzzExtract(f *testing.F) {
	pages, err := articlecorpus.Load(filepath.Join("testdata", "corpus"))
	if err != nil {
		f.Fatal(err)
	}
	for i, p := range pages {
		if i%4 == 0 { // a spread of families, not all: each seed costs every run
			f.Add(p.HTML[0])
		}
	}
	f.Add([]byte(`<div class="TRS_Editor"><p>正文<a href="x.pdf">附件.pdf</a></p></div><a href="t_2.html">下一页</a>`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		a, err := Extract(doc, "https://www.example.gov.cn/art/2025/1/8/t20250108_123.html", Options{Now: corpusNow})
		if err != nil {
			return
		}
		if p := activeMarkup(a.Content); len(p) > 0 {
			t.Fatalf("active markup %v in %q", p, a.Content)
		}
		if strings.TrimSpace(a.Text) == "" && !strings.Contains(a.Content, "<img") {
			t.Fatalf("an article of nothing: %q", a.Content)
		}
		for _, s := range []string{a.Title, a.Author, a.Source} {
			if startsMarkup(s) {
				t.Fatalf("markup in %q", s)
			}
		}
		if a.NextPage != "" && !strings.HasPrefix(a.NextPage, "http") {
			t.Fatalf("next page %q", a.NextPage)
		}
	})
}
