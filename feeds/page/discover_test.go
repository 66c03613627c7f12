package page

import (
	"reflect"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

func parse(t testing.TB, s string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestDiscover(t *testing.T) {
	tests := []struct {
		name, page string
		want       []FeedLink
	}{
		{"wordpress posts feed, comments feed skipped", `<head>
<link rel="alternate" type="application/rss+xml" title="Site &raquo; Feed" href="https://s.example.edu/feed/">
<link rel="alternate" type="application/rss+xml" title="Site &raquo; Comments Feed" href="https://s.example.edu/comments/feed/">
<link rel="alternate" type="application/json" href="https://s.example.edu/wp-json/wp/v2/pages/2">
<link rel="alternate" type="application/json+oembed" href="https://s.example.edu/wp-json/oembed/1.0/embed?url=x">`,
			[]FeedLink{{URL: "https://s.example.edu/feed/", Type: "application/rss+xml", Title: "Site » Feed"}}},
		{"atom and json feed, relative, type case and parameters", `<head>
<link rel="Alternate" type="Application/Atom+XML; charset=utf-8" href="/atom.xml?utm_source=site">
<link rel="alternate" type="application/feed+json" href="feed.json" title="JSON">`,
			[]FeedLink{{URL: "https://www.example.org/atom.xml", Type: "application/atom+xml"},
				{URL: "https://www.example.org/news/feed.json", Type: "application/feed+json", Title: "JSON"}}},
		{"base href wins", `<head><base href="https://cdn.example.org/site/"><link rel="alternate" type="application/rss+xml" href="rss.xml">`,
			[]FeedLink{{URL: "https://cdn.example.org/site/rss.xml", Type: "application/rss+xml"}}},
		{"chinese comment feed, duplicate, javascript", `<head>
<link rel="alternate" type="application/rss+xml" title="评论" href="/rss/comments.xml">
<link rel="alternate" type="application/rss+xml" href="/rss.xml">
<link rel="alternate" type="application/rss+xml" href="/rss.xml#top">
<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">`,
			[]FeedLink{{URL: "https://www.example.org/rss.xml", Type: "application/rss+xml"}}},
		{"alternate language versions are no feeds", `<head><link rel="alternate" hreflang="en" href="/en/"><link rel="stylesheet" type="text/css" href="a.css">`, nil},
	}
	for _, tt := range tests {
		got := Discover(parse(t, tt.page), "https://www.example.org/news/index.html")
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestAnchorTitle(t *testing.T) {
	tests := []struct{ a, want string }{
		{`<a href="/1.htm" title="我校召开2025年工作部署会暨干部大会全面部署重点任务">我校召开2025年工作部署会暨干部…</a>`, "我校召开2025年工作部署会暨干部大会全面部署重点任务"},
		{`<a href="/1.htm" title="Board approves the 2025-26 school calendar">Board approves the 2025-26...</a>`, "Board approves the 2025-26 school calendar"},
		{`<a href="/1.htm" title="学校召开期末工作会议暨表彰会">学校召开期末工作会议</a>`, "学校召开期末工作会议暨表彰会"}, // cut without a mark
		{`<a href="/1.htm" title="点击查看">学校召开期末工作会议</a>`, "学校召开期末工作会议"},               // a title= that says less
		{`<a href="/1.htm"><img src="x.jpg" alt="冬日校园摄影展开幕"></a>`, "冬日校园摄影展开幕"},
		{`<a href="/1.htm">·  学校召开期末
		工作会议 </a>`, "学校召开期末 工作会议"},
		{`<a href="/1.htm"><span>学校召开期末工作会议</span><span class="d">2025.01.10</span></a>`, "学校召开期末工作会议"},
	}
	for _, tt := range tests {
		doc := parse(t, tt.a)
		a := firstElement(doc, atom.A)
		if got := anchorTitle(a); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.a, got, tt.want)
		}
	}
}
