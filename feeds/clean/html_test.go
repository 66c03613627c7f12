package clean

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

const pageURL = "https://www.example.edu.cn/news/2024/0724/a.html"

func TestContentSanitise(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"script", `<p>正文</p><script>alert(1)</script>`, `<p>正文</p>`},
		{"style", `<style>p{color:red}</style><p>正文</p>`, `<p>正文</p>`},
		{"iframe", `<p>正文</p><iframe src="https://evil.example/">iframe text</iframe>`, `<p>正文</p>`},
		{"object and embed", `<object data="x.swf"><param name="a" value="b">fallback</object><embed src="x.swf"><p>正文</p>`, `<p>正文</p>`},
		{"form", `<form action="/x"><input name="q"><button>搜索</button><select><option>一</option></select></form><p>正文</p>`, `<p>正文</p>`},
		{"svg and math", `<svg onload="alert(1)"><text>svg</text></svg><math><mi>x</mi></math><p>正文</p>`, `<p>正文</p>`},
		{"event handlers", `<p onclick="alert(1)" onmouseover="x()">正文</p>`, `<p>正文</p>`},
		{"style and class attributes", `<p style="color:red" class="x" id="y">正文</p>`, `<p>正文</p>`},
		{"javascript href", `<p><a href="javascript:alert(1)">链接</a></p>`, `<p>链接</p>`},
		{"javascript href mixed case", `<p><a href="JaVaScRiPt:alert(1)">链接</a></p>`, `<p>链接</p>`},
		{"javascript href with tab entity", `<p><a href="jav&#x09;ascript:alert(1)">链接</a></p>`, `<p>链接</p>`},
		{"javascript href with entity", `<p><a href="&#106;avascript:alert(1)">链接</a></p>`, `<p>链接</p>`},
		{"vbscript href", `<p><a href="vbscript:msgbox(1)">链接</a></p>`, `<p>链接</p>`},
		{"data href", `<p><a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">链接</a></p>`, `<p>链接</p>`},
		{"img onerror", `<p>图<img src=x onerror=alert(1)></p>`, `<p>图<img src="https://www.example.edu.cn/news/2024/0724/x"/></p>`},
		{"javascript img", `<p>图</p><IMG SRC="javascript:alert('XSS');">`, `<p>图</p>`},
		{"javascript img unquoted", `<p>图</p><IMG SRC=javascript:alert(&quot;XSS&quot;)>`, `<p>图</p>`},
		{"data image", `<p>图</p><img src="data:image/png;base64,iVBORw0KGgo=">`, `<p>图</p>`},
		{"body onload", `<BODY ONLOAD=alert('XSS')><p>正文</p>`, `<p>正文</p>`},
		{"css expression", `<p style="width: expression(alert('XSS'));">正文</p>`, `<p>正文</p>`},
		// Parsed as a browser with scripts on does: the image is real, its
		// handler goes.
		{"mutation vector", `<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
			`<p><img src="https://www.example.edu.cn/news/2024/0724/x"/>&#34;&gt;</p>`},
		{"hidden text", `<p>正文<span style="display:none">水印文字</span></p><p hidden>隐藏</p>`, `<p>正文</p>`},
		{"comments", `<p>正<!-- 注释 -->文</p>`, `<p>正文</p>`},
		{"relative link", `<p><a href="/news/b.html">下一条</a></p>`, `<p><a href="https://www.example.edu.cn/news/b.html" rel="nofollow">下一条</a></p>`},
		{"relative image", `<p><img src="../img/a.jpg" alt="图"></p>`, `<p><img src="https://www.example.edu.cn/news/2024/img/a.jpg" alt="图"/></p>`},
		{"protocol-relative image", `<p><img src="//cdn.example.edu.cn/a.jpg"></p>`, `<p><img src="https://cdn.example.edu.cn/a.jpg"/></p>`},
		{"utm in content link", `<p><a href="https://x.cn/a?id=7&utm_source=rss&utm_medium=feed">文</a></p>`, `<p><a href="https://x.cn/a?id=7" rel="nofollow">文</a></p>`},
		{"in-page anchor", `<p><a href="#top">回到文首</a></p>`, `<p>回到文首</p>`},
		{"mailto", `<p><a href="mailto:office@example.edu.cn">联系我们</a></p>`, `<p><a href="mailto:office@example.edu.cn" rel="nofollow">联系我们</a></p>`},
		{"image size kept", `<p><img src="/a.jpg" width="600" height="400" title="t" onload="x()"></p>`,
			`<p><img src="https://www.example.edu.cn/a.jpg" width="600" height="400" title="t"/></p>`},
		{"section does not glue text", `<section>第一段</section><section>第二段</section>`, "<p>第一段</p>\n<p>第二段</p>"},
		{"table kept", `<table><tr><td>学校</td><td>人数</td></tr></table>`, `<table><tbody><tr><td>学校</td><td>人数</td></tr></tbody></table>`},
		{"figure kept", `<figure><img src="/a.jpg"><figcaption>会议现场</figcaption></figure>`,
			`<figure><img src="https://www.example.edu.cn/a.jpg"/><figcaption>会议现场</figcaption></figure>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Content(tt.in, pageURL, nil)
			if got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
			assertSafe(t, got)
		})
	}
}

func TestContentImages(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"data-src over placeholder", `<p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/img/a.jpg"></p>`,
			`<p><img src="https://www.example.edu.cn/img/a.jpg"/></p>`},
		{"data-original over blank", `<p><img src="/images/blank.gif" data-original="https://cdn.x.cn/a.jpg"></p>`,
			`<p><img src="https://cdn.x.cn/a.jpg"/></p>`},
		{"data-lazy-src", `<p><img data-lazy-src="b.png"></p>`, `<p><img src="https://www.example.edu.cn/news/2024/0724/b.png"/></p>`},
		{"data-actualsrc", `<p><img src="/loading.gif" data-actualsrc="https://pic.x.cn/c.jpg"></p>`, `<p><img src="https://pic.x.cn/c.jpg"/></p>`},
		{"no source at all", `<p>图</p><p><img alt="空"></p>`, `<p>图</p>`},
		{"1x1 pixel", `<p>正文<img src="https://x.cn/t.gif" width="1" height="1"></p>`, `<p>正文</p>`},
		{"0x0 pixel", `<p>正文<img src="https://x.cn/t.gif" width="0" height="0"></p>`, `<p>正文</p>`},
		{"pixel by style", `<p>正文<img src="https://x.cn/t.gif" style="width:1px;height:1px"></p>`, `<p>正文</p>`},
		{"feedburner", `<p>正文</p><img src="http://feeds.feedburner.com/~r/Example/~4/abc" height="1" width="1" alt="">`, `<p>正文</p>`},
		{"feedblitz", `<p>正文</p><img src="https://feeds.feedblitz.com/~/i/123/0/example">`, `<p>正文</p>`},
		{"feedsportal", `<p>正文</p><img src="http://da.feedsportal.com/r/1/2/3/a.img">`, `<p>正文</p>`},
		{"wordpress stats", `<p>正文</p><img src="https://stats.wordpress.com/b.gif?host=x.org&blog=1&post=2">`, `<p>正文</p>`},
		{"wordpress pixel", `<p>正文</p><img src="https://pixel.wp.com/b.gif?v=noscript">`, `<p>正文</p>`},
		{"google analytics", `<p>正文</p><img src="https://www.google-analytics.com/collect?v=1&tid=UA-1">`, `<p>正文</p>`},
		{"pixel host", `<p>正文</p><img src="https://pixel.quantserve.com/pixel/p-1.gif">`, `<p>正文</p>`},
		{"pixel.gif path", `<p>正文</p><img src="https://x.cn/track/pixel.gif?id=1">`, `<p>正文</p>`},
		{"feed flare link", `<p>正文</p><p><a href="http://feeds.feedburner.com/~ff/Example?a=1"><img src="http://feeds.feedburner.com/~ff/Example?d=1"></a></p>`, `<p>正文</p>`},
		{"tracker link keeps its text", `<p>正文<a href="https://x.cn/a"><img src="https://x.cn/p.gif" width="1" height="1"></a></p>`, `<p>正文</p>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Content(tt.in, pageURL, nil); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestContentNoise(t *testing.T) {
	long := strings.Repeat("教育部召开会议部署工作。", 20)
	tests := []struct {
		name, in, want string
	}{
		{"share buttons", `<p>正文内容</p><div class="share-buttons"><a href="https://x.cn/s">微信</a></div>`, `<p>正文内容</p>`},
		{"related posts", `<p>正文内容</p><div class="jp-relatedposts">Related stuff</div>`, `<p>正文内容</p>`},
		{"comments id", `<p>正文内容</p><div id="comments">评论区</div>`, `<p>正文内容</p>`},
		{"breadcrumb class", `<ul class="breadcrumb"><li>首页</li></ul><p>正文内容</p>`, `<p>正文内容</p>`},
		{"ad token", `<p>正文内容</p><div class="box ad">广告位招租</div>`, `<p>正文内容</p>`},
		{"nav and footer", `<nav>导航</nav><p>正文内容</p><footer>版权所有</footer>`, `<p>正文内容</p>`},
		{"adult is not ad", `<div class="adult-education">成人教育招生</div>`, `<p>成人教育招生</p>`},
		{"header is not ad", `<div class="header">正文内容</div>`, `<p>正文内容</p>`},
		{"wrapper holding the article stays", `<div class="post tag-share"><p>` + long + `</p></div><div class="share">分享</div>`, `<p>` + long + `</p>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Content(tt.in, pageURL, nil); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// allowedAttrs are the only attributes cleaned content may carry.
var allowedAttrs = map[string]bool{
	"href": true, "src": true, "alt": true, "title": true, "width": true, "height": true,
	"colspan": true, "rowspan": true, "rel": true,
}

// allowedElements are the elements a cleaned body may hold.
var allowedElements = map[string]bool{
	"p": true, "br": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"ul": true, "ol": true, "li": true, "blockquote": true, "pre": true, "code": true, "em": true,
	"strong": true, "b": true, "i": true, "u": true, "s": true, "del": true, "ins": true, "sup": true,
	"sub": true, "hr": true, "figure": true, "figcaption": true, "div": true, "table": true,
	"caption": true, "thead": true, "tbody": true, "tfoot": true, "tr": true, "td": true, "th": true,
	"a": true, "img": true,
}

// assertSafe checks what every cleaned body must satisfy, whatever came in.
func assertSafe(t testing.TB, out string) {
	t.Helper()
	if strings.Contains(strings.ToLower(out), "<script") {
		t.Errorf("script tag in %q", out)
	}
	for n := range parseFragment(out).Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		if !allowedElements[n.Data] {
			t.Errorf("<%s> in %q", n.Data, out)
		}
		for _, a := range n.Attr {
			if !allowedAttrs[a.Key] || strings.HasPrefix(a.Key, "on") {
				t.Errorf("attribute %s=%q in %q", a.Key, a.Val, out)
			}
			v := strings.ToLower(strings.Join(strings.Fields(a.Val), ""))
			for _, scheme := range []string{"javascript:", "vbscript:", "data:"} {
				if strings.HasPrefix(v, scheme) {
					t.Errorf("%s in %s=%q", scheme, a.Key, a.Val)
				}
			}
		}
	}
}
