package page

import "testing"

func TestNextPage(t *testing.T) {
	tests := []struct {
		name, url, page, want string
	}{
		{"link rel=next", "https://www.example.org/news", `<head><link rel="next" href="/news?page=1"></head>`,
			"https://www.example.org/news?page=1"},
		{"a rel=next with an arrow", "https://www.example.org/news", `<a href="?page=2" rel="next">››</a>`,
			"https://www.example.org/news?page=2"},
		{"下一页", "http://jyt.example.gov.cn/col/col1/index.html", `<a href="index.html">首页</a> <a href="index_2.html">下一页</a>`,
			"http://jyt.example.gov.cn/col/col1/index_2.html"},
		{"[下一页] in brackets", "http://a.example.cn/list.asp", `<a href="list.asp?page=2">[下一页]</a>`,
			"http://a.example.cn/list.asp?page=2"},
		{"VSB first page counts down", "https://news.u.edu.cn/xwzx/zhxw.htm",
			`<span class="p_next p_fun"><a href="zhxw/36.htm">下页</a></span>`, "https://news.u.edu.cn/xwzx/zhxw/36.htm"},
		{"VSB inner page", "https://news.u.edu.cn/xwzx/zhxw/36.htm",
			`<span class="p_prev p_fun"><a href="../zhxw.htm">上页</a></span><span class="p_next p_fun"><a href="35.htm">下页</a></span>`,
			"https://news.u.edu.cn/xwzx/zhxw/35.htm"},
		{"TRS script only", "http://www.moe.example.gov.cn/jyb_xwfb/gzdt/",
			`<div class="page"><script>createPageHTML(12, 0, "index", "html");</script></div>`,
			"http://www.moe.example.gov.cn/jyb_xwfb/gzdt/index_1.html"},
		{"TRS script, page 3 of 12", "http://www.moe.example.gov.cn/jyb_xwfb/gzdt/index_3.html",
			`<script>createPageHTML(12, 3, "index", "html");</script>`,
			"http://www.moe.example.gov.cn/jyb_xwfb/gzdt/index_4.html"},
		{"TRS newer script with a div id", "https://jyt.example.gov.cn/zwgk/tzgg/index.shtml",
			`<script>createPageHTML('page_div', 7, 0, 'index', 'shtml', 140);</script>`,
			"https://jyt.example.gov.cn/zwgk/tzgg/index_1.shtml"},
		{"TRS last page", "http://www.moe.example.gov.cn/gzdt/index_11.html", `<script>createPageHTML(12, 11, "index", "html");</script>`, ""},
		{"TRS script with a path in the prefix", "http://www.moe.example.gov.cn/gzdt/", `<script>createPageHTML(3, 0, "../../x", "html");</script>`, ""},
		{"next leads off the site", "https://www.example.org/news", `<a href="https://ads.example.net/news?page=2">下一页</a>`, ""},
		{"javascript next", "https://www.example.org/news", `<a href="javascript:goPage(2)">下一页</a>`, ""},
		{"next is the page itself", "https://www.example.org/news/", `<a href="./#">下一页</a>`, ""},
		{"下一篇 is another article", "https://www.example.org/a/1.html", `<a href="2.html">下一篇：学校召开期末工作会议</a>`, ""},
		{"no pager", "https://www.example.org/news", `<p>nothing here</p>`, ""},
	}
	for _, tt := range tests {
		got, ok := NextPage(parse(t, tt.page), tt.url, tt.url)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("%s: got %q %v, want %q", tt.name, got, ok, tt.want)
		}
	}
}

// A next-page loop ends: at a page seen before, at the limit, off the site.
func TestPager(t *testing.T) {
	p := NewPager("https://news.u.edu.cn/xwzx/zhxw.htm", 3)
	steps := []struct {
		next string
		want bool
	}{
		{"https://news.u.edu.cn/xwzx/zhxw.htm#top", false}, // the first page again
		{"https://news.u.edu.cn/xwzx/zhxw/36.htm", true},
		{"https://news.u.edu.cn/xwzx/zhxw/36.htm?utm_source=x", false}, // seen: the same page canonically
		{"https://evil.example.com/zhxw/35.htm", false},
		{"javascript:next()", false},
		{"https://news.u.edu.cn/xwzx/zhxw/35.htm", true},
		{"https://news.u.edu.cn/xwzx/zhxw/34.htm", false}, // the limit of 3 pages
	}
	for i, s := range steps {
		if got := p.Next(s.next); got != s.want {
			t.Errorf("step %d %s: got %v, want %v", i, s.next, got, s.want)
		}
	}
	if p := NewPager("https://a.example.org/", 100); p.limit != MaxPages {
		t.Errorf("limit not clamped: %d", p.limit)
	}
	if p := NewPager("https://a.example.org/", 0); p.Next("https://a.example.org/2") {
		t.Error("pages: 0 followed a next page")
	}
}

// A caller's loop over pages that link to each other in a circle stops.
func TestPagerLoop(t *testing.T) {
	pages := map[string]string{
		"https://x.example.cn/list.htm":   `<a href="list/2.htm">下一页</a>`,
		"https://x.example.cn/list/2.htm": `<a href="3.htm">下一页</a>`,
		"https://x.example.cn/list/3.htm": `<a href="../list.htm">下一页</a>`,
	}
	start := "https://x.example.cn/list.htm"
	p := NewPager(start, MaxPages)
	visited := 0
	for u := start; visited < 100; {
		visited++
		next, ok := NextPage(parse(t, pages[u]), u, start)
		if !ok || !p.Next(next) {
			break
		}
		u = next
	}
	if visited != 3 {
		t.Errorf("visited %d pages of a loop of 3", visited)
	}
}
