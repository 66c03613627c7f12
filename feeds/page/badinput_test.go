package page

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

var badNow = time.Date(2025, 1, 15, 10, 0, 0, 0, cst)

// list20 is a small real list to hide in bad pages.
func list20() string {
	var b strings.Builder
	b.WriteString(`<ul class="news-list">`)
	for i := range 20 {
		fmt.Fprintf(&b, `<li><a href="/info/1011/%d.htm">学校召开第%d次期末工作部署会议</a><span>2025-01-%02d</span></li>`, 9000+i, i, 14-i%10)
	}
	b.WriteString(`</ul>`)
	return b.String()
}

// hugePage is a page of about 10 MiB: a real list, then megabytes of
// paragraphs with links in them and of short link lists.
func hugePage() string {
	var b strings.Builder
	b.WriteString(`<html><body><div id="main">` + list20() + `</div><div class="junk">`)
	for i := 0; b.Len() < 10<<20; i++ {
		fmt.Fprintf(&b, `<div class="c%d"><p>段落文字%d，其中有<a href="/x/%d.html">一个链接</a>和更多的文字内容。</p><ul><li><a href="/t/%d">标签</a></li><li><a href="/t/%d">标签</a></li><li><a href="/t/%d">标签</a></li></ul></div>`, i%7, i, i, i, i+1, i+2)
	}
	b.WriteString(`</div></body></html>`)
	return b.String()
}

// nestedTables is a page of depth tables inside each other, three cells a
// row, the list at the bottom.
func nestedTables(depth int) string {
	return strings.Repeat(`<table><tr><td>左</td><td><a href="/a.html">一个很长很长的链接标题文字</a></td><td>`, depth) + list20() +
		strings.Repeat(`</td></tr></table>`, depth)
}

// manyLinks is a sitemap: one list of n headline links.
func manyLinks(n int) string {
	var b strings.Builder
	b.WriteString(`<ul>`)
	for i := range n {
		fmt.Fprintf(&b, `<li><a href="/art/%d.html">第%d篇文章的标题文字</a></li>`, i, i)
	}
	b.WriteString(`</ul>`)
	return b.String()
}

func TestBadInput(t *testing.T) {
	base := "https://news.example.edu.cn/xwzx/zhxw.htm"
	tests := []struct {
		name, page string
		items      int    // entries expected; 0 means ErrNoList
		why        string // part of the error's reason
	}{
		{"10 MiB page", hugePage(), 20, ""},
		{"120 nested tables (x/net/html parses 512 open elements at most)", nestedTables(120), 20, ""},
		{"20000 links", manyLinks(20000), DefaultMaxItems, ""},
		{"only links to other sites", strings.ReplaceAll(list20(), `href="/`, `href="https://other.example.com/`), 0, "no links to its own site"},
		{"only javascript links", strings.ReplaceAll(strings.ReplaceAll(list20(), `href="/info/1011/`, `href="javascript:open(`), `.htm"`, `)"`), 0, "no links to its own site"},
		{"login form only", `<form action="/login" method="post"><input name="user"><input type="password" name="pw"><a href="/forgot.html">忘记密码请点击这里找回</a></form>`, 0, "login form"},
		{"script challenge", `<html><head><script>var _0x1=["\x63"];eval(_0x1)</script></head><body></body></html>`, 0, "may need JavaScript"},
		{"empty", ``, 0, "no links"},
		{"two links are no list", `<ul><li><a href="/1.html">学校召开期末工作会议</a></li><li><a href="/2.html">学校召开寒假工作会议</a></li></ul>`, 0, "in a list of 3"},
		{"menus only", `<ul class="nav"><li><a href="/a/">学校概况</a></li><li><a href="/b/">新闻中心</a></li><li><a href="/c/">招生就业</a></li><li><a href="/d/">联系我们</a></li></ul>`, 0, "in a list of 3"},
	}
	for _, tt := range tests {
		l, err := FindList(parse(t, tt.page), base, Options{Now: badNow, Location: cst})
		if tt.items == 0 {
			if !errors.Is(err, ErrNoList) || !strings.Contains(err.Error(), tt.why) {
				t.Errorf("%s: got %v with %d items, want ErrNoList saying %q", tt.name, err, len(l.Items), tt.why)
			}
			continue
		}
		if err != nil || len(l.Items) != tt.items {
			t.Errorf("%s: got %d items, %v; want %d", tt.name, len(l.Items), err, tt.items)
			continue
		}
		for _, it := range l.Items {
			if !sameSite(it.Link, base) || it.Title == "" {
				t.Errorf("%s: bad item %+v", tt.name, it)
			}
		}
	}
}

// A tree far deeper than x/net/html builds (it stops at 512 open
// elements) is walked without recursion: no stack is exhausted, and the
// pager and feeds are looked for too.
func TestDeepNesting(t *testing.T) {
	doc := parse(t, `<html><body><div id="deep"></div></body></html>`)
	n := firstElement(doc, atom.Div)
	for range 200000 {
		c := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
		n.AppendChild(c)
		n = c
	}
	for c := parse(t, list20()+`<a href="list/2.htm">下一页</a>`); c != nil; c = nil {
		body := firstElement(c, atom.Body)
		for k := body.FirstChild; k != nil; {
			next := k.NextSibling
			body.RemoveChild(k)
			n.AppendChild(k)
			k = next
		}
	}
	if l, err := FindList(doc, "https://www.example.cn/list.htm", Options{Now: badNow}); err != nil || len(l.Items) != 20 {
		t.Errorf("FindList: %d items, %v", len(l.Items), err)
	}
	if u, ok := NextPage(doc, "https://www.example.cn/list.htm", "https://www.example.cn/list.htm"); !ok || u != "https://www.example.cn/list/2.htm" {
		t.Errorf("NextPage: %q", u)
	}
	if f := Discover(doc, "https://www.example.cn/"); len(f) != 0 {
		t.Errorf("Discover: %v", f)
	}
}

// Tables nested beyond what x/net/html builds give a clear error, at the
// cost of one parse.
func TestParseTooDeep(t *testing.T) {
	if _, err := Parse([]byte(nestedTables(2000))); !errors.Is(err, ErrTooDeep) {
		t.Errorf("2000 nested tables: got %v, want ErrTooDeep", err)
	}
	doc, err := Parse([]byte(nestedTables(100)))
	if err != nil {
		t.Fatal(err)
	}
	if l, err := FindList(doc, "https://www.example.cn/", Options{Now: badNow}); err != nil || len(l.Items) != 20 {
		t.Errorf("100 nested tables: %d items, %v", len(l.Items), err)
	}
}
