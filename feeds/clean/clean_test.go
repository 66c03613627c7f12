package clean

import (
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/sanitise"
)

// rssItem is just enough of RSS 2.0 to feed the fixtures through Item
// without the parse package.
type rssItem struct {
	Title       string `xml:"title"`
	Link        string `xml:"link"`
	GUID        string `xml:"guid"`
	PubDate     string `xml:"pubDate"`
	Description string `xml:"description"`
}

// readFeed decodes a fixture; GBK and GB18030 are both read as GB18030,
// their superset.
func readFeed(t testing.TB, name string) []rssItem {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d := xml.NewDecoder(f)
	d.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		switch strings.ToLower(label) {
		case "gbk", "gb2312", "gb18030":
			return simplifiedchinese.GB18030.NewDecoder().Reader(r), nil
		}
		return nil, fmt.Errorf("charset %q", label)
	}
	var doc struct {
		Items []rssItem `xml:"channel>item"`
	}
	if err := d.Decode(&doc); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return doc.Items
}

// asItem does what the parse stage does: raw date kept, RFC 1123 dates read.
func asItem(r rssItem) feeds.Item {
	it := feeds.Item{Title: r.Title, Link: r.Link, GUID: r.GUID, Content: r.Description, RawPublished: r.PubDate}
	if t, err := time.Parse(time.RFC1123Z, r.PubDate); err == nil {
		it.Published = t
	}
	return it
}

var (
	seen     = time.Date(2025, 12, 1, 10, 0, 0, 0, chinaTime)
	seedCtx  = Context{FeedTitle: "中国教育在线 - 教育新闻", FeedLink: "https://news.example.edu.cn/", Seen: seen}
	seedFeed = []string{"seed-feed.xml", "seed-feed-gbk.xml", "seed-feed-gb18030.xml"}
)

func expectedLines(t testing.TB) []string {
	t.Helper()
	b, err := os.ReadFile("testdata/seed-article.expected.txt")
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSpace(string(b)), "\n")
}

// paragraphs returns the top-level elements of cleaned content as tag and
// text, failing on anything else at the top level.
func paragraphs(t *testing.T, content string) (tags, texts []string) {
	t.Helper()
	for n := parseFragment(content).FirstChild; n != nil; n = n.NextSibling {
		switch {
		case n.Type == html.TextNode && strings.TrimSpace(n.Data) == "":
		case n.Type == html.ElementNode:
			tags = append(tags, n.Data)
			texts = append(texts, textRunesOf(n))
		default:
			t.Fatalf("loose node at top level: %q", n.Data)
		}
	}
	return tags, texts
}

func textRunesOf(n *html.Node) string {
	var sb strings.Builder
	for c := range n.Descendants() {
		if c.Type == html.TextNode {
			sb.WriteString(c.Data)
		}
	}
	return sb.String()
}

func TestSeedFeedItem1(t *testing.T) {
	want := expectedLines(t)
	for _, name := range seedFeed {
		t.Run(name, func(t *testing.T) {
			raw := asItem(readFeed(t, name)[0])
			got := Item(raw, seedCtx)

			tags, texts := paragraphs(t, got.Content)
			if len(texts) != len(want) {
				t.Fatalf("got %d blocks, want %d:\n%s", len(texts), len(want), got.Content)
			}
			for i := range want {
				if tags[i] != "p" || texts[i] != want[i] {
					t.Errorf("block %d: <%s>%q\nwant <p>%q", i, tags[i], texts[i], want[i])
				}
			}
			if got.Title != "教育部召开2024年年中推进会" {
				t.Errorf("title %q", got.Title)
			}
			if got.Link != "https://news.example.edu.cn/news/2024/0724/moe-midyear.shtml" {
				t.Errorf("link %q", got.Link)
			}
			if got.Published.Year() == 1970 || got.Published.IsZero() {
				t.Errorf("published %v from %s", got.Published, got.DateFrom)
			}
			if y, m, d := got.Published.In(chinaTime).Date(); y != 2024 || m != 7 || d != 24 || got.DateFrom != feeds.DateFromLink {
				t.Errorf("published %v from %s, want 2024-07-24 from the link", got.Published, got.DateFrom)
			}
			if got.GUID != "eol-20240724-001" {
				t.Errorf("guid %q", got.GUID)
			}
			if strings.ContainsAny(got.Summary, "<>") || got.Summary == "" || !strings.HasPrefix(got.Summary, "7月23日") {
				t.Errorf("summary %q", got.Summary)
			}
			logCounts(t, raw.Content, got.Content)
		})
	}
}

func TestSeedFeedItem2(t *testing.T) {
	want := time.Date(2025, 11, 20, 9, 30, 0, 0, chinaTime)
	for _, name := range seedFeed {
		t.Run(name, func(t *testing.T) {
			raw := asItem(readFeed(t, name)[1])
			got := Item(raw, seedCtx)
			if got.Content != "<p>指引对教师在教学中使用生成式人工智能提出了具体要求。</p>" {
				t.Errorf("content %q", got.Content)
			}
			if !got.Published.Equal(want) || got.DateFrom != feeds.DateFromFeed {
				t.Errorf("published %v from %s, want %v from the feed", got.Published, got.DateFrom, want)
			}
			if _, off := got.Published.Zone(); off != 8*3600 {
				t.Errorf("published %v not at +08:00", got.Published)
			}
			if got.Title != "《教师生成式人工智能应用指引(第一版)》正式发布" {
				t.Errorf("title %q", got.Title)
			}
			logCounts(t, raw.Content, got.Content)
		})
	}
}

// TestSeedEncodingsAgree: the GBK and GB18030 copies clean to exactly what
// the UTF-8 one does.
func TestSeedEncodingsAgree(t *testing.T) {
	base := readFeed(t, "seed-feed.xml")
	for _, name := range seedFeed[1:] {
		items := readFeed(t, name)
		for i := range base {
			a, b := Item(asItem(base[i]), seedCtx), Item(asItem(items[i]), seedCtx)
			if a.Content != b.Content || a.Title != b.Title || a.Link != b.Link || !a.Published.Equal(b.Published) {
				t.Errorf("%s item %d differs from UTF-8:\n%+v\n%+v", name, i+1, b, a)
			}
		}
	}
}

func TestSeedArticlePlainText(t *testing.T) {
	b, err := os.ReadFile("testdata/seed-article.txt")
	if err != nil {
		t.Fatal(err)
	}
	got := Content(string(b), "https://news.example.edu.cn/", nil)
	want := expectedLines(t)
	var sb strings.Builder
	for i, l := range want {
		if i > 0 {
			sb.WriteByte('\n')
		}
		sb.WriteString("<p>" + html.EscapeString(l) + "</p>")
	}
	if got != sb.String() {
		t.Errorf("got:\n%s\nwant:\n%s", got, sb.String())
	}
	if pt := sanitise.PlainText(got); pt != strings.Join(want, "\n") {
		t.Errorf("PlainText:\n%s", pt)
	}
	logCounts(t, string(b), got)
}

// logCounts reports how many lines of the raw text cleaning removed.
func logCounts(t *testing.T, raw, cleaned string) {
	t.Helper()
	in := strings.Count(sanitise.PlainText(raw), "\n") + 1
	out := strings.Count(sanitise.PlainText(cleaned), "\n") + 1
	t.Logf("lines: %d in, %d kept, %d junk removed", in, out, in-out)
}

func TestItemIdempotent(t *testing.T) {
	for _, name := range seedFeed {
		for i, r := range readFeed(t, name) {
			once := Item(asItem(r), seedCtx)
			twice := Item(once, seedCtx)
			if once.Content != twice.Content || once.Title != twice.Title || once.Link != twice.Link {
				t.Errorf("%s item %d changes when cleaned twice:\n%q\n%q", name, i+1, once.Content, twice.Content)
			}
		}
	}
}

func BenchmarkContent(b *testing.B) {
	raw := readFeed(b, "seed-feed.xml")[0].Description
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		Content(raw, "https://news.example.edu.cn/news/2024/0724/moe-midyear.shtml", nil)
	}
}

func BenchmarkContentPlainText(b *testing.B) {
	raw, err := os.ReadFile("testdata/seed-article.txt")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		Content(string(raw), "https://news.example.edu.cn/", nil)
	}
}
