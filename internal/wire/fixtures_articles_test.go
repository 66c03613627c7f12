package wire

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html/charset"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/article"
)

var update = flag.Bool("update", false, "rewrite the articles.golden.json files of feeds/page's list fixtures")

// fixtureNow is feeds/page's fixture time: mid-January 2025, in China.
var fixtureNow = time.Date(2025, 1, 15, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

// articleGolden is one article page of a list fixture as a poll makes it:
// the entry the list gave, what the page gave, and the item that results.
type articleGolden struct {
	Link       string `json:"link"`
	File       string `json:"file"`
	ListTitle  string `json:"list_title"`
	ListDate   string `json:"list_date,omitempty"`
	PageTitle  string `json:"page_title"`
	PageDate   string `json:"page_date,omitempty"`
	PageDateIn string `json:"page_date_from,omitempty"`
	Author     string `json:"author,omitempty"`
	// Title, Date and DateFrom are the stored item's, after the page
	// filled the list's entry in.
	Title    string `json:"title"`
	Date     string `json:"date,omitempty"`
	DateFrom string `json:"date_from,omitempty"`
	// Text is the start of the article's text: its first lines, cut at
	// textRunes.
	Text string `json:"text"`
}

// textRunes is how much of an article's text a golden keeps: its first
// sentences, enough to see that the body (not the page's chrome) was taken.
const textRunes = 160

// chrome is text of the page around an article that must never reach
// the article's text.
var chrome = []string{"打印", "关闭", "分隔线", "发布单位", "發布單位", "上一条", "下一条", "上一篇", "下一篇", "当前位置", "分享到", "版权所有", "访问量", "Print this page"}

// TestListFixtureArticles runs what a poll runs on each list fixture of
// feeds/page that has article pages: the list finder, then the article
// extractor on each article page, the page filling the list's entry in as
// the poller does (withArticle); and compares the result to the
// fixture's articles.golden.json (go test -update rewrites it).
func TestListFixtureArticles(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("..", "..", "feeds", "page", "testdata", "lists", "*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no list fixtures: %v", err)
	}
	ran := 0
	for _, dir := range dirs {
		var c struct {
			URL       string            `json:"url"`
			ZoneHours *int              `json:"zone_hours"`
			Articles  map[string]string `json:"articles"`
		}
		raw, err := os.ReadFile(filepath.Join(dir, "case.json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(raw, &c); err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		if len(c.Articles) == 0 {
			continue
		}
		ran++
		t.Run(filepath.Base(dir), func(t *testing.T) {
			h := 8
			if c.ZoneHours != nil {
				h = *c.ZoneHours
			}
			src := feeds.Source{Name: filepath.Base(dir), URL: c.URL, Location: time.FixedZone("site", h*3600)}
			lst, err := PageReader{}.List(readUTF8(t, filepath.Join(dir, "list.html")), c.URL, src, fixtureNow)
			if err != nil {
				t.Fatal(err)
			}
			listed := map[string]feeds.Item{}
			for _, it := range lst.Items {
				listed[it.Link] = it
			}
			links := make([]string, 0, len(c.Articles))
			for link := range c.Articles {
				links = append(links, link)
			}
			sort.Strings(links)
			var got []articleGolden
			for _, link := range links {
				it, ok := listed[link]
				if !ok {
					t.Fatalf("%s is not among the list's items", link)
				}
				got = append(got, fixtureArticle(t, dir, c.Articles[link], it, src))
			}
			for _, g := range got {
				for _, junk := range chrome {
					if strings.Contains(g.Text, junk) || strings.Contains(g.Title, junk) {
						t.Errorf("%s: page chrome %q in the article:\n%s", g.File, junk, g.Text)
					}
				}
				if g.Text == "" {
					t.Errorf("%s: no text", g.File)
				}
				// The fixtures' lists give whole titles: the page's own
				// headline must be the same words, without the site's name
				// or an info line.
				if g.PageTitle != g.ListTitle {
					t.Errorf("%s: page title %q, the list says %q", g.File, g.PageTitle, g.ListTitle)
				}
			}
			compareGolden(t, filepath.Join(dir, "articles.golden.json"), got)
		})
	}
	if ran < 12 {
		t.Errorf("%d list fixtures have article pages, the issue wants at least 12", ran)
	}
}

// fixtureArticle extracts one article page as the poller does and fills
// the listed entry in from it.
func fixtureArticle(t *testing.T, dir, file string, it feeds.Item, src feeds.Source) articleGolden {
	t.Helper()
	body := readUTF8(t, filepath.Join(dir, file))
	a, err := article.Extract(body, it.Link, article.Options{Location: src.Location, Now: fixtureNow})
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	pa, err := ArticleReader{}.Article(body, it.Link, src, nil, fixtureNow)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	g := articleGolden{Link: it.Link, File: file, ListTitle: it.Title, ListDate: stamp(it.Published, src.Location),
		PageTitle: a.Title, PageDate: stamp(a.Published, src.Location), PageDateIn: string(a.DateFrom),
		Author: a.Author, Text: firstText(a.Text)}
	// As the poller's withArticle does for a list: the page's date wins;
	// its title only over a title the list cut short.
	g.Title, g.Date, g.DateFrom = it.Title, g.ListDate, string(it.DateFrom)
	if t := strings.TrimSpace(it.Title); (strings.HasSuffix(t, "…") || strings.HasSuffix(t, "...")) && a.Title != "" {
		g.Title = a.Title
	}
	if !pa.Published.IsZero() {
		g.Date, g.DateFrom = stamp(pa.Published, src.Location), string(pa.DateFrom)
	}
	return g
}

// readUTF8 reads a fixture page and decodes it from its <meta> charset,
// as the fetcher hands pages over.
func readUTF8(t *testing.T, path string) []byte {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := charset.NewReader(bytes.NewReader(raw), "text/html")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func stamp(d time.Time, loc *time.Location) string {
	if d.IsZero() {
		return ""
	}
	return d.In(loc).Format(time.RFC3339)
}

// firstText is the start of an article's text, whole lines while they fit
// in textRunes, the first line cut when it alone does not.
func firstText(text string) string {
	var out []string
	n := 0
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		l := utf8.RuneCountInString(line)
		if n > 0 && n+l > textRunes {
			break
		}
		if l > textRunes {
			line = string([]rune(line)[:textRunes]) + "…"
		}
		out = append(out, line)
		n += l
		if n >= textRunes {
			break
		}
	}
	return strings.Join(out, "\n")
}

func compareGolden(t *testing.T, path string, got []articleGolden) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(got); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("%s differs; got:\n%s", path, buf.Bytes())
	}
}
