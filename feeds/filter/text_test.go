package filter

import (
	"testing"

	"github.com/edufeed/edufeed/feeds"
)

func TestPlainText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"纯文本，没有标签", "纯文本，没有标签"},
		{"<p>第一段</p><p>第二段</p>", "\n第一段\n\n第二段\n"},
		{"今年<strong>高</strong>考<a href=\"/x?a=1&amp;b=2\">报名</a>", "今年高考报名"},
		{"line<br>break<br/>again<BR />end", "line\nbreak\nagain\nend"},
		{"<P CLASS=x>Upper</P>", "\nUpper\n"},
		{"<ul><li>一</li><li>二</li></ul>", "\n\n一\n\n二\n\n"},
		{"a &lt;b&gt; c &amp;amp; &#8217; &#x4e2d; &nbsp;", "a <b> c &amp; ’ 中 \u00a0"},
		{"x < y and y<3", "x < y and y<3"},
		{"1 <2 but a<b", "1 <2 but a"}, // "<b" opens a tag that never ends
		{"before<!-- 注释 <p>hidden</p> -->after", "beforeafter"},
		{"before<!-- never closed", "before"},
		{"a<script>if (a<b) {x()}</script>b<STYLE>p{}</Style>c", "abc"},
		{"a<script>never closed", "a"},
		{"<img src=\"x.gif\" alt=\"图\">text", "text"},
		{"<?xml version=\"1.0\"?><p>x</p>", "\nx\n"},
		{"trailing <", "trailing <"},
	}
	for _, tt := range tests {
		if got := plainText(tt.in); got != tt.want {
			t.Errorf("plainText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMatchText(t *testing.T) {
	tests := []struct {
		it   feeds.Item
		want string
	}{
		{feeds.Item{Title: "标题", Content: "<p>正文</p>", Summary: "摘要"}, "标题\n\n正文\n"},
		{feeds.Item{Title: "标题", Summary: "摘要 &amp; 简介"}, "标题\n摘要 &amp; 简介"}, // the summary is plain text already
		{feeds.Item{Title: "高\u3000考\u00a0季\u200b节"}, "高 考 季节\n"},
		{feeds.Item{}, "\n"},
	}
	for _, tt := range tests {
		if got := matchText(&tt.it); got != tt.want {
			t.Errorf("matchText(%+v) = %q, want %q", tt.it, got, tt.want)
		}
	}
}
