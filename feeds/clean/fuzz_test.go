package clean

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/sanitise"
)

// fuzzSeeds are the fixtures and the attack vectors the table tests use.
func fuzzSeeds(f testing.TB) []string {
	seeds := []string{
		`<img src=x onerror=alert(1)>`, `<a href="jav&#x09;ascript:alert(1)">x</a>`, `<svg onload=alert(1)>`,
		`<IMG SRC="javascript:alert('XSS');">`, `<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
		`<p>a<br><br>b</p>c<br>d<div>e<p>f</p></div>`, `<a href="/x"><div><p>块</p></div></a>`,
		`<ul>text<li>一<ul><li>二</li></ul></li></ul>`, `<table>text<tr><td>a</td></tr></table>`,
		`<pre>` + "\n\nx" + `</pre>`, "plain\ntext\r\nlines", "<p>\u3000\u00a0\u200b</p>",
		`<p>正文</p><p>相关阅读</p><p>- 1 标题</p>`, `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
		`<p>a<b>b<p>c</b>d</p>`, `<h2>x<h3>y</h3></h2>`, `<p><img data-src="/a.jpg" src="data:,"></p>`,
	}
	pages, err := filepath.Glob("testdata/content/*.html")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range append([]string{"testdata/seed-article.txt", "testdata/seed-article.expected.txt"}, pages...) {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, string(b))
	}
	for _, it := range readFeed(f, "seed-feed.xml") {
		seeds = append(seeds, it.Description)
	}
	return seeds
}

func FuzzContent(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, text, _ := content(in, pageURL, nil)
		checkContent(t, out)
		if again := Content(out, pageURL, nil); again != out {
			t.Errorf("not idempotent:\n%q\n%q", out, again)
		}
		pt := sanitise.PlainText(out)
		if !utf8.ValidString(pt) {
			t.Errorf("PlainText not UTF-8: %q", pt)
		}
		// Item takes the text from the blocks instead of parsing out again.
		if text != pt {
			t.Errorf("text of %q:\n%q\nPlainText:\n%q", out, text, pt)
		}
	})
}

func FuzzItem(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add("标题 - 中国教育在线", "/news/2024/0724/a.html?utm_source=rss", s, "", "作者", "2025年11月20日 09:30")
	}
	f.Add("", "javascript:alert(1)", "", "<p>摘要</p>", "\x00", "1970-01-01")
	f.Fuzz(func(t *testing.T, title, link, content, summary, author, date string) {
		it := feeds.Item{Title: title, Link: link, Content: content, Summary: summary,
			Authors: []string{author}, Categories: []string{author}, RawPublished: date,
			Enclosures: []feeds.Enclosure{{URL: link}}}
		ctx := Context{FeedTitle: "中国教育在线", FeedLink: "https://news.example.edu.cn/", Seen: seen}
		got := Item(it, ctx)
		checkContent(t, got.Content)
		for _, s := range append([]string{got.Title, got.Link, got.Summary}, append(got.Authors, got.Categories...)...) {
			if !utf8.ValidString(s) || strings.ContainsFunc(s, xmlForbidden) {
				t.Errorf("field not clean text: %q", s)
			}
		}
		for _, s := range append([]string{got.Title, got.Summary}, append(got.Authors, got.Categories...)...) {
			if startsMarkup(s) || utf8.RuneCountInString(s) > MaxTitleRunes {
				t.Errorf("text field holds markup or is too long: %q", s)
			}
		}
		if len(got.Link) > sanitise.MaxURLBytes || len(got.Content) > sanitise.MaxContentBytes {
			t.Errorf("link of %d bytes, content of %d bytes", len(got.Link), len(got.Content))
		}
		if got.Published.IsZero() {
			t.Errorf("published %v from %s", got.Published, got.DateFrom)
		}
		again := Item(got, ctx)
		if again.Content != got.Content || again.Link != got.Link || again.Title != got.Title {
			t.Errorf("not idempotent:\n%+v\n%+v", got, again)
		}
	})
}

// checkContent asserts what cleaned content always is: valid UTF-8, safe,
// and well-formed (parsing and rendering it again gives it back).
func checkContent(t *testing.T, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("not UTF-8: %q", out)
	}
	if strings.ContainsFunc(out, xmlForbidden) {
		t.Errorf("XML-forbidden character in %q", out)
	}
	assertSafe(t, out)
	var sb strings.Builder
	for n := parseFragment(out).FirstChild; n != nil; n = n.NextSibling {
		if err := html.Render(&sb, n); err != nil {
			t.Fatal(err)
		}
	}
	if sb.String() != out {
		t.Errorf("not stable when parsed again:\n%q\n%q", out, sb.String())
	}
}
