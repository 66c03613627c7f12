package merge

import (
	"strings"
	"testing"
)

func TestCanonicalLink(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "https://example.edu.cn/news/2024/0724/a.shtml?id=3", "example.edu.cn/news/2024/0724/a.shtml?id=3"},
		{"http equals https", "http://example.edu.cn/news/2024/0724/a.shtml?id=3", "example.edu.cn/news/2024/0724/a.shtml?id=3"},
		{"host case, www, default port", "HTTPS://WWW.Example.EDU.cn:443/news/a.shtml", "example.edu.cn/news/a.shtml"},
		{"port 80", "http://example.edu.cn:80/news/a.shtml", "example.edu.cn/news/a.shtml"},
		{"other port kept", "http://example.edu.cn:8080/news/a.shtml", "example.edu.cn:8080/news/a.shtml"},
		{"mobile hosts", "https://m.example.edu.cn/news/a.shtml", "example.edu.cn/news/a.shtml"},
		{"wap host", "http://wap.example.edu.cn/news/a.shtml", "example.edu.cn/news/a.shtml"},
		{"3g host", "http://3g.example.edu.cn/news/a.shtml", "example.edu.cn/news/a.shtml"},
		{"mobile. host", "http://mobile.example.edu.cn/news/a.shtml", "example.edu.cn/news/a.shtml"},
		{"stacked labels", "http://www.m.example.edu.cn/news/a.shtml", "example.edu.cn/news/a.shtml"},
		{"label that is the name", "https://m.com/news/a", "m.com/news/a"},
		{"final dot", "https://example.edu.cn./news/a", "example.edu.cn/news/a"},
		{"userinfo dropped", "https://user:pw@example.edu.cn/news/a", "example.edu.cn/news/a"},
		{"trailing slash", "https://example.edu.cn/news/2024/", "example.edu.cn/news/2024"},
		{"index.html", "https://example.edu.cn/news/2024/index.html", "example.edu.cn/news/2024"},
		{"index.htm", "https://example.edu.cn/news/index.htm", "example.edu.cn/news"},
		{"index.shtml", "https://example.edu.cn/news/INDEX.SHTML", "example.edu.cn/news"},
		{"index.php with query", "https://example.edu.cn/index.php?p=42", "example.edu.cn?p=42"},
		{"default.aspx", "https://example.edu.cn/news/default.aspx", "example.edu.cn/news"},
		{"index in the middle stays", "https://example.edu.cn/index.html/a", "example.edu.cn/index.html/a"},
		{"dot segments", "https://example.edu.cn/a/b/../c/./d.html", "example.edu.cn/a/c/d.html"},
		{"double slash", "https://example.edu.cn//news//a.html", "example.edu.cn/news/a.html"},
		{"jsessionid", "https://example.edu.cn/news/a.jsp;jsessionid=0A1B2C?id=7", "example.edu.cn/news/a.jsp?id=7"},
		{"fragment", "https://example.edu.cn/news/a.html#comments", "example.edu.cn/news/a.html"},
		{"route fragment kept", "https://example.edu.cn/app/#/news/123", "example.edu.cn/app#/news/123"},
		{"hashbang kept", "https://example.edu.cn/#!/news/123", "example.edu.cn#!/news/123"},
		{"utm", "https://example.edu.cn/a.html?utm_source=rss&utm_medium=feed&utm_campaign=x", "example.edu.cn/a.html"},
		{"mixed tracking", "https://example.edu.cn/a.html?b=2&fbclid=x&gclid=y&a=1&spm=1.2.3&mc_cid=1&mc_eid=2&_hsenc=3&mkt_tok=4&share_token=5&isappinstalled=0", "example.edu.cn/a.html?a=1&b=2"},
		{"from share channel", "https://example.edu.cn/a.html?from=timeline", "example.edu.cn/a.html"},
		{"from singlemessage", "https://example.edu.cn/a.html?from=singlemessage&id=9", "example.edu.cn/a.html?id=9"},
		{"from selects content", "https://example.edu.cn/list.html?from=2024", "example.edu.cn/list.html?from=2024"},
		{"wechat", "https://mp.weixin.qq.com/s?__biz=MzA5&mid=2650&idx=1&sn=abc&chksm=84f&scene=21&sharer_sharetime=1&sharer_shareid=2#wechat_redirect", "mp.weixin.qq.com/s?__biz=MzA5&idx=1&mid=2650&sn=abc"},
		{"sorted params", "https://example.edu.cn/a?z=1&b=2&a=3", "example.edu.cn/a?a=3&b=2&z=1"},
		{"empty pairs", "https://example.edu.cn/a?&id=3&&", "example.edu.cn/a?id=3"},
		{"escaped twice ampersand", "https://example.edu.cn/a?id=3&amp;cat=5", "example.edu.cn/a?cat=5&id=3"},
		{"percent case and raw unicode", "https://example.edu.cn/%e6%95%99%E8%82%B2/新闻.html", "example.edu.cn/%E6%95%99%E8%82%B2/%E6%96%B0%E9%97%BB.html"},
		{"query encoding", "https://example.edu.cn/s?q=%E6%95%99%E8%82%B2+a", "example.edu.cn/s?q=%E6%95%99%E8%82%B2+a"},
		{"spaces around", "  https://example.edu.cn/a.html\n", "example.edu.cn/a.html"},
		{"newline inside", "https://example.edu.cn/a\n/b.html", "example.edu.cn/a/b.html"},
		{"ipv6", "http://[::1]:8080/a", "[::1]:8080/a"},

		{"home page", "https://www.example.edu.cn/", ""},
		{"home page no slash", "https://example.edu.cn", ""},
		{"home index page", "https://m.example.edu.cn/index.html", ""},
		{"home with tracking only", "https://example.edu.cn/?utm_source=x", ""},
		{"home with fragment", "https://example.edu.cn/#top", ""},
		{"empty", "", ""},
		{"relative", "/news/a.html", ""},
		{"protocol relative", "//example.edu.cn/news/a.html", ""},
		{"ftp", "ftp://example.edu.cn/a.txt", ""},
		{"mailto", "mailto:a@example.edu.cn", ""},
		{"javascript", "javascript:void(0)", ""},
		{"unparsable", "https://exa mple.edu.cn/a", ""},
		{"bad escape in host", "http://%zz/a", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CanonicalLink(tt.in); got != tt.want {
				t.Errorf("CanonicalLink(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzCanonicalLink(f *testing.F) {
	for _, s := range []string{
		"https://www.example.edu.cn:443/news/2024/0724/a.shtml?utm_source=x&id=3#top",
		"http://m.example.edu.cn/index.html",
		"https://mp.weixin.qq.com/s?__biz=MzA5&mid=2650&idx=1&sn=abc&chksm=84f#wechat_redirect",
		"https://example.edu.cn/app/#/news/123",
		"https://example.edu.cn/a.jsp;jsessionid=0A?b=%E6%95%99&a=1+2",
		"http://[::1]:8080/a/../b/",
		"https://example.edu.cn/%zz?%zz=1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if got, ref := canonicalPath(raw), refCanonicalPath(raw); got != ref {
			t.Fatalf("canonicalPath(%q) = %q, reference %q", raw, got, ref)
		}
		got := CanonicalLink(raw)
		if got == "" {
			return
		}
		if strings.HasPrefix(got, "/") || strings.ContainsAny(got, " \t\n") {
			t.Fatalf("CanonicalLink(%q) = %q: no host, or spaces", raw, got)
		}
		// The output has no scheme; given one back, it must come out unchanged.
		for _, scheme := range []string{"http://", "https://"} {
			if again := CanonicalLink(scheme + got); again != got {
				t.Fatalf("CanonicalLink(%q) = %q, but CanonicalLink(%q) = %q", raw, got, scheme+got, again)
			}
		}
	})
}
