package page

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// benchPages returns one list page (the portal fixture, with its sidebars)
// and 20 article pages taken in turn from the fixtures.
func benchPages(b *testing.B) (list []byte, url string, articles [][]byte) {
	c, _, raw := loadFixture(b, "testdata/lists/portal-sidebars")
	files, err := filepath.Glob("testdata/lists/*/a*.html")
	if err != nil || len(files) == 0 {
		b.Fatal("no article pages")
	}
	for i := range 20 {
		a, err := os.ReadFile(files[i%len(files)])
		if err != nil {
			b.Fatal(err)
		}
		articles = append(articles, a)
	}
	return raw, c.URL, articles
}

func mustParse(b *testing.B, p []byte) *html.Node {
	doc, err := html.Parse(bytes.NewReader(p))
	if err != nil {
		b.Fatal(err)
	}
	return doc
}

// BenchmarkParseOnly is the baseline: x/net/html parsing the list page and
// its 20 article pages, nothing else.
func BenchmarkParseOnly(b *testing.B) {
	list, _, articles := benchPages(b)
	b.ReportAllocs()
	for b.Loop() {
		mustParse(b, list)
		for _, a := range articles {
			mustParse(b, a)
		}
	}
}

// BenchmarkFindList is the same parsing plus page's part of a poll of the
// list page: FindList, NextPage and Discover. It reports x-parse, this
// work over parsing alone, both timed in the same iterations (the issue
// allows list finding and article extraction together 5x).
func BenchmarkFindList(b *testing.B) {
	list, url, articles := benchPages(b)
	o := Options{Now: fixtureNow, Location: cst}
	var parse, find time.Duration
	b.ReportAllocs()
	for b.Loop() {
		t0 := time.Now()
		doc := mustParse(b, list)
		for _, a := range articles {
			mustParse(b, a)
		}
		t1 := time.Now()
		if _, err := FindList(doc, url, o); err != nil {
			b.Fatal(err)
		}
		NextPage(doc, url, url)
		Discover(doc, url)
		find += time.Since(t1)
		parse += t1.Sub(t0)
	}
	b.ReportMetric(float64(parse+find)/float64(parse), "x-parse")
}

// BenchmarkFindListHuge is FindList on the 10 MiB page of the bad-input
// test, with x-parse as above: its cost grows with the page as parsing does.
func BenchmarkFindListHuge(b *testing.B) {
	page := []byte(hugePage())
	const url = "https://news.example.edu.cn/xwzx/zhxw.htm"
	o := Options{Now: fixtureNow, Location: cst}
	var parse, find time.Duration
	for b.Loop() {
		t0 := time.Now()
		doc := mustParse(b, page)
		t1 := time.Now()
		if _, err := FindList(doc, url, o); err != nil {
			b.Fatal(err)
		}
		NextPage(doc, url, url)
		find += time.Since(t1)
		parse += t1.Sub(t0)
	}
	b.ReportMetric(float64(parse+find)/float64(parse), "x-parse")
}
