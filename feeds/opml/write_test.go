package opml

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestWriteReadsBack: what Write produces, Parse (and so import-opml) reads
// back feed by feed, markup in names and URLs included; tags with the
// separators of the category attribute are kept whole.
func TestWriteReadsBack(t *testing.T) {
	doc := Document{
		Title:   "教育新闻聚合",
		Created: time.Date(2026, 12, 1, 8, 0, 0, 0, time.FixedZone("CST", 8*3600)),
		Outlines: []Outline{
			{Text: "moe-news", XMLURL: "https://www.moe.gov.cn/jyb_xwfb/rss.xml", Categories: []string{"policy", "高考"}},
			{Text: `<b>"引号" & 'apos'</b>`, XMLURL: "https://example.org/rss?a=1&b=<2>", Categories: []string{"a,b", "x/y", " "}},
			{Text: "old-blog", XMLURL: "http://127.0.0.1:8080/feed.xml?source=old-blog", Comment: true},
		},
	}
	out, err := Write(doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<dateCreated>Tue, 01 Dec 2026 00:00:00 +0000</dateCreated>`, `isComment="true"`, `category="a b,x y"`} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("output lacks %s:\n%s", want, out)
		}
	}
	got, err := Parse(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	want := []Feed{
		{Title: "moe-news", URL: "https://www.moe.gov.cn/jyb_xwfb/rss.xml", Folders: []string{"policy", "高考"}, Kind: "rss"},
		{Title: `<b>"引号" & 'apos'</b>`, URL: "https://example.org/rss?a=1&b=<2>", Folders: []string{"a b", "x y"}, Kind: "rss"},
		{Title: "old-blog", URL: "http://127.0.0.1:8080/feed.xml?source=old-blog", Kind: "rss"},
	}
	if len(got) != len(want) {
		t.Fatalf("%d feeds read back, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Title != w.Title || g.URL != w.URL || g.Kind != w.Kind || !slices.Equal(g.Folders, w.Folders) {
			t.Errorf("feed %d reads back as %+v, want %+v", i, g, w)
		}
	}
	if !strings.HasPrefix(string(out), `<?xml version="1.0" encoding="UTF-8"?>`) {
		t.Errorf("no XML declaration:\n%s", out)
	}
}
