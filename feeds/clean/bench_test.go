package clean

import (
	"os"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/parse"
	"github.com/edufeed/edufeed/feeds/sanitise"
)

// benchDoc parses testdata/bench/f0.xml, a document of bench/gen-feeds.py
// (20 items of Chinese news-shaped HTML), as the poll stage does, and
// returns its items and the context poll cleans them in.
func benchDoc(b *testing.B) ([]feeds.Item, Context) {
	b.Helper()
	body, err := os.ReadFile("testdata/bench/f0.xml")
	if err != nil {
		b.Fatal(err)
	}
	f, err := parse.New().Parse(body)
	if err != nil || len(f.Items) != 20 {
		b.Fatalf("bench document: %v, %d items", err, len(f.Items))
	}
	// Seen as when poll fetched it: the items' dates are valid then.
	now := time.Date(2026, 12, 1, 8, 0, 0, 0, chinaTime)
	c := Context{FeedTitle: f.Title, FeedLink: f.Link, Base: f.Base, Seen: now}
	return f.Items, c
}

// BenchmarkItem cleans the 20 items of a bench document: one op is one
// document, as poll cleans it.
func BenchmarkItem(b *testing.B) {
	items, c := benchDoc(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, it := range items {
			Item(it, c)
		}
	}
}

// BenchmarkItemContent is BenchmarkItem's bodies through Content alone.
func BenchmarkItemContent(b *testing.B) {
	items, c := benchDoc(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, it := range items {
			Content(it.Content, it.Link, c.Rules)
		}
	}
}

// BenchmarkPlainText reads the text of the cleaned bench bodies.
func BenchmarkPlainText(b *testing.B) {
	items, c := benchDoc(b)
	var bodies []string
	for _, it := range items {
		bodies = append(bodies, Content(it.Content, it.Link, c.Rules))
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range bodies {
			sanitise.PlainText(s)
		}
	}
}
