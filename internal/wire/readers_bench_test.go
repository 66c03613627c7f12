package wire

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/edufeed/edufeed/feeds/article"
	"github.com/edufeed/edufeed/feeds/page"
	"github.com/edufeed/edufeed/internal/articlecorpus"
)

// benchSet is one list page and the article pages a poll of it reads,
// decoded to UTF-8 as the fetcher hands them over.
type benchSet struct {
	listURL  string
	list     []byte
	articles []benchArticle
	bytes    int64
	now      time.Time
}

type benchArticle struct {
	url  string
	html []byte
	loc  *time.Location
}

// benchArticles is how many article pages one list poll reads in the
// issue's measure (issue 15: a list page and 20 article pages).
const benchArticles = 20

// loadBenchSet reads the TRS ministry column fixture of feeds/page and the
// first 20 pages of feeds/article's corpus (their first page each).
func loadBenchSet(tb testing.TB) benchSet {
	tb.Helper()
	root := filepath.Join("..", "..", "feeds")
	list, err := os.ReadFile(filepath.Join(root, "page", "testdata", "lists", "trs-column", "list.html"))
	if err != nil {
		tb.Fatal(err)
	}
	pages, err := articlecorpus.Load(filepath.Join(root, "article", "testdata", "corpus"))
	if err != nil {
		tb.Fatal(err)
	}
	if len(pages) < benchArticles {
		tb.Fatalf("corpus has %d pages, want at least %d", len(pages), benchArticles)
	}
	s := benchSet{
		listURL: "http://www.moe-demo.gov.cn/jyb_xwfb/gzdt_gzdt/index.html",
		list:    list,
		bytes:   int64(len(list)),
		now:     time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC),
	}
	for _, p := range pages[:benchArticles] {
		s.articles = append(s.articles, benchArticle{url: p.URL, html: p.HTML[0], loc: p.Location()})
		s.bytes += int64(len(p.HTML[0]))
	}
	return s
}

// parseOnly is the floor: x/net/html parsing the same bytes, nothing else.
func (s *benchSet) parseOnly(tb testing.TB) {
	if _, err := html.Parse(bytes.NewReader(s.list)); err != nil {
		tb.Fatal(err)
	}
	for _, a := range s.articles {
		if _, err := html.Parse(bytes.NewReader(a.html)); err != nil {
			tb.Fatal(err)
		}
	}
}

// findAndExtract is what a poll of the list source costs the CPU: the list
// page parsed, its list and next page found, every article extracted
// (Extract parses the page itself).
func (s *benchSet) findAndExtract(tb testing.TB) {
	doc, err := html.Parse(bytes.NewReader(s.list))
	if err != nil {
		tb.Fatal(err)
	}
	lst, err := page.FindList(doc, s.listURL, page.Options{Now: s.now})
	if err != nil || len(lst.Items) == 0 {
		tb.Fatalf("FindList: %d items, %v", len(lst.Items), err)
	}
	if next, ok := page.NextPage(doc, s.listURL, s.listURL); !ok || next == "" {
		tb.Fatal("NextPage found no next page in the TRS column")
	}
	for _, a := range s.articles {
		art, err := article.Extract(a.html, a.url, article.Options{Now: s.now, Location: a.loc})
		if err != nil || art.Text == "" {
			tb.Fatalf("Extract %s: %q, %v", a.url, art.Text, err)
		}
	}
}

// BenchmarkListAndArticles measures one list page and 20 article pages:
// "parse" only parses the bytes with x/net/html (the floor), "find+extract"
// does what a poll does with them. Compare the two ns/op in one run
// (benchstat -col .name); BenchmarkListAndArticlesRatio reports the ratio.
func BenchmarkListAndArticles(b *testing.B) {
	s := loadBenchSet(b)
	b.Run("parse", func(b *testing.B) {
		b.SetBytes(s.bytes)
		b.ReportAllocs()
		for b.Loop() {
			s.parseOnly(b)
		}
	})
	b.Run("find+extract", func(b *testing.B) {
		b.SetBytes(s.bytes)
		b.ReportAllocs()
		for b.Loop() {
			s.findAndExtract(b)
		}
	})
}

// BenchmarkListAndArticlesRatio alternates the floor and the real work in
// every iteration, so that both see the same machine load, and reports
// the ratio of their times (x-parse, target <= 5, issue 15) and of the
// process CPU each phase used (cpu-x-parse: GC workers on other cores
// included, charged to the phase they ran in).
func BenchmarkListAndArticlesRatio(b *testing.B) {
	s := loadBenchSet(b)
	var wallParse, wallWork, cpuParse, cpuWork time.Duration
	for b.Loop() {
		t0, c0 := time.Now(), processCPU()
		s.parseOnly(b)
		t1, c1 := time.Now(), processCPU()
		s.findAndExtract(b)
		t2, c2 := time.Now(), processCPU()
		wallParse += t1.Sub(t0)
		wallWork += t2.Sub(t1)
		cpuParse += c1 - c0
		cpuWork += c2 - c1
	}
	n := float64(b.N)
	b.ReportMetric(float64(wallParse.Nanoseconds())/n, "parse-ns/op")
	b.ReportMetric(float64(wallWork.Nanoseconds())/n, "work-ns/op")
	b.ReportMetric(float64(wallWork)/float64(wallParse), "x-parse")
	if cpuParse > 0 {
		b.ReportMetric(float64(cpuWork)/float64(cpuParse), "cpu-x-parse")
	}
}
