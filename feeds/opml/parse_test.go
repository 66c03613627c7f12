package opml

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// readOPML parses a real-shaped reader export under testdata/.
func readOPML(t testing.TB, name string) []Feed {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	feeds, err := Parse(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return feeds
}

func TestParse(t *testing.T) {
	tests := []struct {
		file  string
		count int
		// want are some of the feeds, by index.
		want map[int]Feed
	}{
		{"netnewswire.opml", 6, map[int]Feed{
			0: {Title: "BBC News - Education & Family", URL: "https://feeds.bbci.co.uk/news/education/rss.xml", Folders: []string{"Education"}, Kind: "rss"},
			2: {Title: "Times Higher Education", URL: "https://www.timeshighereducation.com/rss.xml", Folders: []string{"Education", "Higher Ed"}, Kind: "rss"},
			3: {Title: "The Guardian - Education", URL: "HTTPS://WWW.TheGuardian.com/education/rss/", Kind: "rss"},
		}},
		{"feedly.opml", 5, map[int]Feed{
			2: {Title: "Edutopia", URL: "https://www.edutopia.org/rss.xml", Folders: []string{"Must Read"}, Kind: "rss"},
		}},
		{"miniflux.opml", 6, map[int]Feed{
			0: {Title: "EdSurge News", URL: "https://www.edsurge.com/articles_rss", Folders: []string{"All"}},
			2: {Title: "The Go Blog", URL: "https://go.dev/blog/feed.atom", Folders: []string{"Open Source, Go", "Programming", "Go", "Blogs"}, Kind: "atom"},
			4: {Title: "A web page", Folders: []string{"Open Source, Go"}, Kind: "link"},
			5: {Title: "More feeds", Folders: []string{"Open Source, Go"}, Kind: "include"},
		}},
		{"newsboat.opml", 5, map[int]Feed{
			2: {URL: "https://planet.debian.org/rss20.xml", Kind: "rss"},
		}},
		{"thunderbird.opml", 2, map[int]Feed{
			1: {Title: "Planet Mozilla", URL: "https://planet.mozilla.org/rss20.xml", Folders: []string{"Blogs & News Feeds"}},
		}},
		{"chinese.opml", 5, map[int]Feed{
			0: {Title: "教育部-新闻发布", URL: "http://www.moe.gov.cn/jyb_xwfb/rss.xml", Folders: []string{"教育 部门"}, Kind: "rss"},
		}},
		{"entities.opml", 3, map[int]Feed{
			0: {Title: "Café & Culture", URL: "https://cafe.example.com/feed?lang=en&format=rss", Folders: []string{"Arts & Letters"}, Kind: "rss"},
			1: {Title: "Tom & Jerry\u2019s <Blog>", URL: "https://tj.example.net/rss.xml", Folders: []string{"Arts & Letters"}, Kind: "rss"},
			2: {Title: `"Quoted" #1: the news`, URL: "https://quoted.example.org/feed.xml#top", Folders: []string{"Arts & Letters"}, Kind: "rss"},
		}},
		{"latin1.opml", 1, map[int]Feed{
			0: {Title: "Le Café pédagogique", URL: "https://www.cafepedagogique.net/feed/", Folders: []string{"École"}, Kind: "rss"},
		}},
		// An unescaped & is read by the lenient second pass.
		{"unescaped-amp.opml", 1, map[int]Feed{
			0: {Title: "Query feed", URL: "https://q.example.org/index.php?feed=rss2&cat=5", Kind: "rss"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			feeds := readOPML(t, tt.file)
			if len(feeds) != tt.count {
				t.Fatalf("%d feeds, want %d: %+v", len(feeds), tt.count, feeds)
			}
			for i, want := range tt.want {
				got := feeds[i]
				got.Line = 0
				if got.Title != want.Title || got.URL != want.URL || got.Kind != want.Kind || !slices.Equal(got.Folders, want.Folders) {
					t.Errorf("feed %d = %+v, want %+v", i, got, want)
				}
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, data string
		notOPML    bool
		msg        string
	}{
		{name: "cut short", data: mustRead(t, "broken.opml"), msg: "line 8"},
		{name: "an RSS feed", data: mustRead(t, "not-opml.xml"), notOPML: true, msg: "<rss>"},
		{name: "not XML", data: "sources:\n  - name: a\n", notOPML: true, msg: "no <opml>"},
		{name: "empty", data: "", notOPML: true},
		{name: "unclosed root", data: `<opml version="2.0"><body><outline xmlUrl="https://a.example/f"/></body>`, msg: "unexpected EOF"},
		{name: "GBK", data: `<?xml version="1.0" encoding="GBK"?><opml/>`, msg: "iconv"},
		{name: "too deep", data: "<opml><body>" + strings.Repeat("<outline text='x'>", 65) + strings.Repeat("</outline>", 65) + "</body></opml>", msg: "nested more than 64"},
		{name: "too big", data: "<opml><body>" + strings.Repeat(" ", MaxSize) + "</body></opml>", msg: "larger than 10 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			feeds, err := Parse(strings.NewReader(tt.data))
			if err == nil {
				t.Fatalf("no error, feeds %+v", feeds)
			}
			if errors.Is(err, ErrNotOPML) != tt.notOPML {
				t.Errorf("errors.Is(%v, ErrNotOPML) = %v", err, !tt.notOPML)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error %q does not say %q", err, tt.msg)
			}
		})
	}
}

// TestParseEntityBomb: entities declared in a DTD are never expanded,
// so neither a billion laughs nor an external entity reaches a title.
func TestParseEntityBomb(t *testing.T) {
	for _, f := range readOPML(t, "bomb.opml") {
		if strings.Contains(f.Title, "aaaa") || strings.Contains(f.Title, "root:") || len(f.Title) > 10 {
			t.Errorf("entity expanded: %q", f.Title)
		}
	}
}

func mustRead(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
