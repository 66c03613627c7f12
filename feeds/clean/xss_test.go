package clean

import (
	"bufio"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/edufeed/edufeed/feeds"
)

// xssVector is one line of testdata/xss/vectors.txt.
type xssVector struct {
	family string
	url    bool // a URL value, also tried in URL attributes and fields
	line   int
	text   string
}

func (v xssVector) String() string {
	return fmt.Sprintf("vectors.txt:%d (%s) %q", v.line, v.family, v.text)
}

// vectorEscapes spell the characters a text file cannot show.
var vectorEscapes = strings.NewReplacer("{TAB}", "\t", "{NL}", "\n", "{CR}", "\r", "{NUL}", "\x00",
	"{FF}", "\f", "{VT}", "\v", "{ESC}", "\x1b", "{NBSP}", "\u00a0", "{BOM}", "\ufeff")

// loadVectors reads the XSS corpus.
func loadVectors(t testing.TB) []xssVector {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "xss", "vectors.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []xssVector
	family, isURL := "", false
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "## "):
			family = strings.TrimSpace(strings.TrimPrefix(line, "## "))
			family, isURL = strings.CutSuffix(family, " (url)")
		case line == "", strings.HasPrefix(line, "# "):
		default:
			out = append(out, xssVector{family: family, url: isURL, line: n, text: vectorEscapes.Replace(line)})
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// inContent puts a vector where an article body carries it: markup as it
// is, a URL value in the attributes that take one.
func inContent(v xssVector) []string {
	if !v.url {
		return []string{v.text, "<p>教育部发布通知。</p>" + v.text + "<p>特此通知。</p>"}
	}
	u := v.text
	return []string{
		`<p>详见<a href="` + u + `">通知全文</a>。</p>`,
		`<p>详见<a href='` + u + `'>附件</a>。</p>`,
		`<p>详见<a href=` + u + `>链接</a>。</p>`,
		`<p><img src="` + u + `" alt="图"></p>`,
		`<p><img data-src="` + u + `" src="/loading.gif"></p>`,
		`<iframe src="` + u + `"></iframe><p>正文</p>`,
		`<form action="` + u + `"><button formaction="` + u + `">提交</button></form>`,
		`<svg><a xlink:href="` + u + `"><text>x</text></a></svg>`,
	}
}

// TestXSSContent runs every vector through the content cleaner.
func TestXSSContent(t *testing.T) {
	vectors := loadVectors(t)
	if len(vectors) < 80 {
		t.Fatalf("only %d vectors", len(vectors))
	}
	for _, v := range vectors {
		for _, in := range inContent(v) {
			out := Content(in, pageURL, nil)
			for _, p := range activeMarkup(out) {
				t.Errorf("%v\nin:  %q\nout: %q\n%s", v, in, out, p)
			}
		}
	}
}

// TestXSSItem puts every vector in every field of an item at once.
func TestXSSItem(t *testing.T) {
	ctx := Context{FeedTitle: "中国教育在线", FeedLink: "https://news.example.edu.cn/", Seen: seen}
	for _, v := range loadVectors(t) {
		it := feeds.Item{
			GUID: v.text, GUIDIsLink: true, Link: v.text, Title: v.text, Content: v.text, Summary: v.text,
			Authors: []string{v.text}, Categories: []string{v.text},
			Enclosures: []feeds.Enclosure{{URL: v.text, Type: v.text}},
		}
		for _, link := range []bool{true, false} {
			if !link {
				it.Link = ""
			}
			got := Item(it, ctx)
			for _, p := range itemProblems(got) {
				t.Errorf("%v\n%s", v, p)
			}
		}
	}
}

// itemProblems lists what in a cleaned item could act in a reader.
func itemProblems(it feeds.Item) []string {
	var out []string
	if it.Link != "" && !webURL(it.Link) {
		out = append(out, fmt.Sprintf("link %q", it.Link))
	}
	for _, e := range it.Enclosures {
		if !webURL(e.URL) {
			out = append(out, fmt.Sprintf("enclosure %q", e.URL))
		}
	}
	texts := map[string][]string{"title": {it.Title}, "summary": {it.Summary}, "author": it.Authors, "category": it.Categories}
	for field, ss := range texts {
		for _, s := range ss {
			if hasElements(s) || startsMarkup(s) {
				out = append(out, fmt.Sprintf("%s holds markup: %q", field, s))
			}
		}
	}
	for _, p := range activeMarkup(it.Content) {
		out = append(out, fmt.Sprintf("content %q: %s", it.Content, p))
	}
	return out
}

// webURL reports an absolute http(s) URL with a host.
func webURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && s == strings.TrimSpace(s)
}

// startsMarkup reports a "<" that would start a tag, comment or processing
// instruction in HTML: closed or not, a reader that pastes the text into
// its page would get markup there.
func startsMarkup(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '<' && markupByte(s[i+1]) {
			return true
		}
	}
	return false
}

func markupByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '/' || c == '!' || c == '?'
}

// hasElements reports whether text, read as HTML (as a reader that treats a
// title as HTML would), makes any element at all.
func hasElements(s string) bool {
	for n := range parseFragment(s).Descendants() {
		if n.Type == html.ElementNode {
			return true
		}
	}
	return false
}

// activeElements run code, load other documents or change how the page
// around them behaves.
var activeElements = map[string]bool{
	"script": true, "iframe": true, "frame": true, "frameset": true, "object": true, "embed": true,
	"applet": true, "svg": true, "math": true, "base": true, "meta": true, "link": true, "style": true,
	"form": true, "input": true, "button": true, "isindex": true, "portal": true, "param": true,
}

// urlAttrs take a URL a browser follows, loads or submits to.
var urlAttrs = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true, "xlink:href": true, "data": true,
	"poster": true, "background": true, "dynsrc": true, "lowsrc": true, "codebase": true, "cite": true,
	"longdesc": true, "usemap": true, "ping": true, "srcset": true, "icon": true, "manifest": true,
	"archive": true, "classid": true, "profile": true, "formaction ": true,
}

// activeMarkup parses h as the body of a page and reports what is active
// in it: an element of activeElements, an on* handler, a srcdoc, a URL
// attribute whose scheme (after the trimming a browser does) is not http,
// https or mailto, or a style attribute that can load or run something.
// Entities are decoded by the parse, as a browser decodes them.
func activeMarkup(h string) []string {
	ctx := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(h), ctx)
	if err != nil {
		return []string{err.Error()}
	}
	var out []string
	for _, top := range nodes {
		for n := range top.Descendants() {
			out = append(out, activeNode(n)...)
		}
		out = append(out, activeNode(top)...)
	}
	return out
}

func activeNode(n *html.Node) []string {
	if n.Type != html.ElementNode {
		return nil
	}
	var out []string
	if activeElements[n.Data] {
		out = append(out, fmt.Sprintf("<%s> element", n.Data))
	}
	for _, a := range n.Attr {
		key := strings.ToLower(a.Key)
		if a.Namespace != "" {
			key = a.Namespace + ":" + key
		}
		switch {
		case strings.HasPrefix(key, "on"):
			out = append(out, fmt.Sprintf("<%s %s>", n.Data, key))
		case key == "srcdoc":
			out = append(out, fmt.Sprintf("<%s srcdoc>", n.Data))
		case key == "style" && activeStyle(a.Val):
			out = append(out, fmt.Sprintf("<%s style=%q>", n.Data, a.Val))
		case key == "srcset":
			for cand := range strings.SplitSeq(a.Val, ",") {
				if f := strings.Fields(cand); len(f) > 0 && !safeScheme(f[0]) {
					out = append(out, fmt.Sprintf("<%s srcset=%q>", n.Data, a.Val))
				}
			}
		case urlAttrs[key] && !safeScheme(a.Val):
			out = append(out, fmt.Sprintf("<%s %s=%q>", n.Data, key, a.Val))
		}
	}
	return out
}

// activeStyle reports CSS that can load a URL or run script.
func activeStyle(css string) bool {
	s := strings.ToLower(css)
	for _, w := range []string{"expression", "url(", "javascript", "behavior", "binding", "@import", `\`} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// safeScheme reports whether a URL attribute value, trimmed and with tabs
// and newlines removed as the URL standard does, is relative or uses http,
// https or mailto.
func safeScheme(v string) bool {
	v = strings.TrimFunc(v, func(r rune) bool { return r <= ' ' })
	v = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(v)
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case c == ':' && i > 0:
			switch strings.ToLower(v[:i]) {
			case "http", "https", "mailto":
				return true
			}
			return false
		default:
			return true // no scheme: a relative reference
		}
	}
	return true
}
