package publish

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// opmlRead is the document as a reader's importer would decode it.
type opmlRead struct {
	XMLName xml.Name `xml:"opml"`
	Version string   `xml:"version,attr"`
	Head    struct {
		Title       string `xml:"title"`
		DateCreated string `xml:"dateCreated"`
	} `xml:"head"`
	Outlines []struct {
		Type      string `xml:"type,attr"`
		Text      string `xml:"text,attr"`
		Title     string `xml:"title,attr"`
		XMLURL    string `xml:"xmlUrl,attr"`
		HTMLURL   string `xml:"htmlUrl,attr"`
		Category  string `xml:"category,attr"`
		IsComment string `xml:"isComment,attr"`
	} `xml:"body>outline"`
}

func TestOPML(t *testing.T) {
	src := append(testSources(),
		feeds.Source{Name: `<b>"引号" & 'apos'</b>`, URL: "https://example.org/rss?a=1&b=<2>", Tags: []string{"高考", "a,b", "x/y"}, Enabled: true},
	)
	h := NewHandler(newFake(), Options{Info: testInfo(), Sources: src})
	rec := get(t, h, "/sources.opml")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "text/x-opml; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	wellFormed(t, rec.Body.Bytes())
	var doc opmlRead
	if err := xml.NewDecoder(bytes.NewReader(rec.Body.Bytes())).Decode(&doc); err != nil {
		t.Fatalf("decode: %v\n%s", err, rec.Body)
	}
	if doc.Version != "2.0" || doc.Head.Title != "教育新闻聚合" {
		t.Errorf("version %q, title %q", doc.Version, doc.Head.Title)
	}
	if _, err := time.Parse(time.RFC1123Z, doc.Head.DateCreated); err != nil {
		t.Errorf("dateCreated %q: %v", doc.Head.DateCreated, err)
	}

	const base = "http://127.0.0.1:8080/"
	want := []struct{ name, url, category, comment string }{
		// A source is listed by its title; one without a title by its name.
		{"教育部 · 新闻", "https://www.moe.gov.cn/jyb_xwfb/rss.xml", "policy", ""},
		{"高考 <资讯> & 招生", "https://gaokao.example.cn/news/rss.xml", "exam", ""},
		{"edweek", "https://www.edweek.example.org/feed/", "english", ""},
		// A reader cannot follow file: and must not get credentials: both
		// point at our copy of the source.
		{"local-notices", base + "feed.xml?source=local-notices", "", ""},
		{"old-blog", base + "feed.xml?source=old-blog", "", "true"},
		{`<b>"引号" & 'apos'</b>`, "https://example.org/rss?a=1&b=<2>", "高考,a b,x y", ""},
	}
	if len(doc.Outlines) != len(want) {
		t.Fatalf("%d outlines, want %d", len(doc.Outlines), len(want))
	}
	for i, w := range want {
		o := doc.Outlines[i]
		if o.Type != "rss" || o.Text != w.name || o.Title != w.name || o.XMLURL != w.url ||
			o.Category != w.category || o.IsComment != w.comment || o.HTMLURL != "" {
			t.Errorf("outline %d: %+v\nwant %+v", i, o, w)
		}
	}

	// HEAD, and a handler without a configured link, take the request's host.
	h = NewHandler(newFake(), Options{Info: Info{Title: "t"}, Sources: testSources()})
	if hd := do(t, h, http.MethodHead, "/sources.opml"); hd.Code != http.StatusOK || hd.Body.Len() != 0 {
		t.Errorf("HEAD: status %d, %d bytes", hd.Code, hd.Body.Len())
	}
	doc = opmlRead{}
	if err := xml.Unmarshal(get(t, h, "/sources.opml").Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if got := doc.Outlines[3].XMLURL; got != "http://example.com/feed.xml?source=local-notices" {
		t.Errorf("without a configured link: %q", got)
	}
}
