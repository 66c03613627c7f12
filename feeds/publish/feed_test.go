package publish

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// get serves one request and returns the recorder.
func get(t testing.TB, h http.Handler, target string, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	return do(t, h, http.MethodGet, target, hdr...)
}

// do serves one request; hdr holds header name, value pairs.
func do(t testing.TB, h http.Handler, method, target string, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Add(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

var feedRoutes = []struct {
	path, golden, contentType string
}{
	{"/feed.xml", "feed.xml", "application/rss+xml; charset=utf-8"},
	{"/feed.atom", "feed.atom", "application/atom+xml; charset=utf-8"},
	{"/feed.json", "feed.json", "application/feed+json; charset=utf-8"},
}

func TestGolden(t *testing.T) {
	h := newTestHandler(newFake())
	for _, r := range feedRoutes {
		t.Run(r.golden, func(t *testing.T) {
			rec := get(t, h, r.path)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			if got := rec.Header().Get("Content-Type"); got != r.contentType {
				t.Errorf("Content-Type = %q, want %q", got, r.contentType)
			}
			checkGolden(t, r.golden, rec.Body.Bytes())
		})
	}
}

// checkGolden compares got with testdata/name, which -update rewrites.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("body differs from %s (run with -update if intended):\n%s", path, got)
	}
}

// wellFormed fails the test unless body is well-formed XML.
func wellFormed(t *testing.T, body []byte) {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = true
	for {
		_, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
	}
}

var uuidURNRe = regexp.MustCompile(`^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// TestReparse reads every format back with gofeed, as a feed reader would,
// and checks that what matters survived: titles, links, dates, and one id per
// story shared by all three formats.
func TestReparse(t *testing.T) {
	items := testItems()
	h := newTestHandler(newFake())
	ids := map[string][]string{}
	for _, r := range feedRoutes {
		t.Run(r.golden, func(t *testing.T) {
			body := get(t, h, r.path).Body.Bytes()
			if r.golden == "feed.json" {
				if !json.Valid(body) {
					t.Fatal("invalid JSON")
				}
			} else {
				wellFormed(t, body)
			}
			feed, err := gofeed.NewParser().Parse(bytes.NewReader(body))
			if err != nil {
				t.Fatalf("gofeed: %v", err)
			}
			if feed.Title != "教育新闻聚合" {
				t.Errorf("feed title %q", feed.Title)
			}
			if len(feed.Items) != len(items) {
				t.Fatalf("%d items, want %d", len(feed.Items), len(items))
			}
			for i, got := range feed.Items {
				want := items[i]
				if got.Title != xmlText(want.Title) {
					t.Errorf("item %d title %q, want %q", i, got.Title, xmlText(want.Title))
				}
				if got.Link != want.Link {
					t.Errorf("item %d link %q, want %q", i, got.Link, want.Link)
				}
				if got.PublishedParsed == nil || !got.PublishedParsed.Equal(want.Published) {
					t.Errorf("item %d published %v, want %v", i, got.PublishedParsed, want.Published)
				}
				if !uuidURNRe.MatchString(got.GUID) {
					t.Errorf("item %d id %q is not a v8 UUID URN", i, got.GUID)
				}
				ids[r.golden] = append(ids[r.golden], got.GUID)
			}
		})
	}
	for i, it := range items {
		want := itemURN(it.ID)
		for _, r := range feedRoutes {
			if got := ids[r.golden]; len(got) <= i || got[i] != want {
				t.Errorf("%s item %d: id differs from %s", r.golden, i, want)
			}
		}
	}
}

// TestForbiddenCharacters checks that an item full of what XML forbids still
// gives documents every strict parser accepts, with the text kept.
func TestForbiddenCharacters(t *testing.T) {
	h := newTestHandler(newFake())
	for _, r := range feedRoutes {
		body := get(t, h, r.path+"?source=local-notices").Body.Bytes()
		if r.golden != "feed.json" {
			wellFormed(t, body)
		}
		feed, err := gofeed.NewParser().Parse(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("%s: gofeed: %v", r.path, err)
		}
		if len(feed.Items) != 1 {
			t.Fatalf("%s: %d items", r.path, len(feed.Items))
		}
		it := feed.Items[0]
		if it.Title != "关于做好2024年暑期安全工作的通知" {
			t.Errorf("%s: title %q", r.path, it.Title)
		}
		if !strings.Contains(it.Content, "防溺水]]>安全，") || strings.ContainsAny(it.Content, "\x1e\x0b\ufffd") {
			t.Errorf("%s: content %q", r.path, it.Content)
		}
	}
}

// TestRSSDetails checks RSS points that gofeed does not surface.
func TestRSSDetails(t *testing.T) {
	body := get(t, newTestHandler(newFake()), "/feed.xml").Body.String()
	for _, want := range []string{
		`<atom:link rel="self" type="application/rss+xml" href="http://127.0.0.1:8080/feed.xml"></atom:link>`,
		`<guid isPermaLink="false">` + itemURN(testItems()[0].ID) + `</guid>`,
		// <source> shows the source's title; the category keeps its name.
		`<source url="https://www.moe.gov.cn/jyb_xwfb/rss.xml">教育部 · 新闻</source>`,
		`<category domain="urn:edufeed:source">moe-news</category>`,
		// A file: source has no public URL: point at our own filtered feed.
		`<source url="http://127.0.0.1:8080/feed.xml?source=local-notices">local-notices</source>`,
		`<pubDate>Wed, 24 Jul 2024 10:00:00 +0800</pubDate>`,
		`<lastBuildDate>Wed, 24 Jul 2024 12:30:00 +0000</lastBuildDate>`,
		`<dc:creator>Jane Doe, John Roe</dc:creator>`,
		`<enclosure url="https://www.moe.gov.cn/files/2024/tuijinhui.pdf" length="183420" type="application/pdf"></enclosure>`,
		`<description>教育新闻聚合</description>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("RSS lacks %s", want)
		}
	}
	if n := strings.Count(body, "<enclosure"); n != 1 {
		t.Errorf("%d enclosures, want 1 (RSS allows one per item)", n)
	}
	// Categories are deduplicated across tags and categories, ignoring case.
	if n := strings.Count(body, "<category>"); n != 1+2+2 {
		t.Errorf("%d categories, want 5", n)
	}
	// The retired source has no URL to give, and RSS requires one.
	if strings.Contains(body, ">retired-site</source>") {
		t.Error("RSS has a <source> without a URL for an unconfigured source")
	}
}

// TestAtomEntryNeedsContentOrLink covers an item with neither body nor link:
// Atom requires one of them on every entry.
func TestAtomEntryNeedsContentOrLink(t *testing.T) {
	f := newFake()
	f.items = f.items[4:]
	f.items[0].Link = ""
	body := get(t, newTestHandler(f), "/feed.atom").Body.String()
	if !strings.Contains(body, `<content type="html"></content>`) {
		t.Errorf("entry without link or content has no <content>:\n%s", body)
	}
	if !strings.Contains(body, "<title>retired-site</title>") || strings.Contains(body, `<link href=`) {
		t.Errorf("unconfigured source should have a title and no link:\n%s", body)
	}
}
