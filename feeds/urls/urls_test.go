package urls

import (
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

func TestLink(t *testing.T) {
	const base = "https://news.example.edu.cn/"
	tests := []struct {
		raw, base, want string
	}{
		// the seed feed's link
		{"/news/2024/0724/moe-midyear.shtml?utm_source=rss&utm_medium=feed", base,
			"https://news.example.edu.cn/news/2024/0724/moe-midyear.shtml"},
		{"//cdn.example.edu.cn/x", base, "https://cdn.example.edu.cn/x"},
		{"//cdn.example.edu.cn/x", "http://news.example.edu.cn/", "http://cdn.example.edu.cn/x"},
		{"//cdn.example.edu.cn/x", "", "https://cdn.example.edu.cn/x"},
		{"HTTPS://News.Example.EDU.cn/A?b=1#frag", "", "https://news.example.edu.cn/A?b=1"},
		{"../x.html", "https://example.edu.cn/a/b/c.html", "https://example.edu.cn/a/x.html"},
		{"x.html", "https://example.edu.cn/a/b/", "https://example.edu.cn/a/b/x.html"},
		{"https://example.edu.cn/a/../b/./c", "", "https://example.edu.cn/b/c"},
		{"  https://example.edu.cn/a\n/b  ", "", "https://example.edu.cn/a/b"},
		{"https://example.edu.cn/a b", "", "https://example.edu.cn/a%20b"},
		// WeChat: keep the article's identity, drop its share tags
		{"https://mp.weixin.qq.com/s?__biz=MzA5NDc1NzQ4MA==&mid=2651234567&idx=1&sn=0123456789abcdef&chksm=8bb0c3a1bcc74ab7&scene=21#wechat_redirect", "",
			"https://mp.weixin.qq.com/s?__biz=MzA5NDc1NzQ4MA==&idx=1&mid=2651234567&sn=0123456789abcdef"},
		{"https://mp.weixin.qq.com/s/AbCdEf?from=timeline&isappinstalled=0", "", "https://mp.weixin.qq.com/s/AbCdEf"},
		// parameters that select content stay, sorted; repeated names keep their order
		{"https://example.edu.cn/list?page=2&id=7&cat=news", "", "https://example.edu.cn/list?cat=news&id=7&page=2"},
		{"https://example.edu.cn/list?tag=b&tag=a&x=1&fbclid=abc", "", "https://example.edu.cn/list?tag=b&tag=a&x=1"},
		{"https://example.edu.cn/list?from=2024&id=1", "", "https://example.edu.cn/list?from=2024&id=1"},
		{"https://example.edu.cn/list?id=1&from=groupmessage", "", "https://example.edu.cn/list?id=1"},
		{"https://example.edu.cn/list?q=%E6%95%99%E8%82%B2&utm_campaign=x", "", "https://example.edu.cn/list?q=%E6%95%99%E8%82%B2"},
		{"https://example.edu.cn/p?q=a b", "", "https://example.edu.cn/p?q=a%20b"},
		{"https://example.edu.cn/p?&&a=1&", "", "https://example.edu.cn/p?a=1"},
		{"https://example.edu.cn/p?", "", "https://example.edu.cn/p"},
		{"https://example.edu.cn/p?utm_source=x", "", "https://example.edu.cn/p"},
		{"https://example.edu.cn/p?UTM_SOURCE=x&Spm=a.b.c", "", "https://example.edu.cn/p"},
		{"https://example.edu.cn/p?flag", "", "https://example.edu.cn/p?flag"},
		// hosts and ports
		{"http://Example.EDU.cn:80/a", "", "http://example.edu.cn/a"},
		{"https://example.edu.cn:443", "", "https://example.edu.cn/"},
		{"https://example.edu.cn:8443/a", "", "https://example.edu.cn:8443/a"},
		{"https://example.edu.cn", "", "https://example.edu.cn/"},
		// routes of script-driven sites are the page, not a place in it
		{"https://example.edu.cn/#/news/123", "", "https://example.edu.cn/#/news/123"},
		{"https://example.edu.cn/#!/news/123", "", "https://example.edu.cn/#!/news/123"},
		// no link
		{"", base, ""},
		{"   ", base, ""},
		{"/a", "", ""},
		{"/a", "file:///feeds/moe.xml", ""},
		{"javascript:alert(1)", base, ""},
		{"mailto:editor@example.edu.cn", base, ""},
		{"ftp://example.edu.cn/a", base, ""},
		{"https://", "", ""},
		{"http://[::1", "", ""},
	}
	for _, tt := range tests {
		if got := Link(tt.raw, tt.base); got != tt.want {
			t.Errorf("Link(%q, %q) = %q, want %q", tt.raw, tt.base, got, tt.want)
		}
		if got := Link(tt.want, tt.base); got != tt.want {
			t.Errorf("Link not idempotent on %q: %q", tt.want, got)
		}
	}
}

func TestResolve(t *testing.T) {
	const base = "https://news.example.edu.cn/news/2024/0724/moe-midyear.shtml"
	tests := []struct {
		ref, base, want string
	}{
		{"/img/a.png", base, "https://news.example.edu.cn/img/a.png"},
		{"a.png", base, "https://news.example.edu.cn/news/2024/0724/a.png"},
		{"../0723/x.shtml?a=1&utm_source=x#sec", base, "https://news.example.edu.cn/news/2024/0723/x.shtml?a=1&utm_source=x#sec"},
		{"#top", base, base + "#top"},
		{"//cdn.example.edu.cn/a.png", base, "https://cdn.example.edu.cn/a.png"},
		{"HTTP://CDN.Example.edu.cn/A.png", base, "http://cdn.example.edu.cn/A.png"},
		{"mailto:editor@example.edu.cn", base, "mailto:editor@example.edu.cn"},
		// no usable base: relative stays relative
		{"a.png", "", "a.png"},
		{"a.png", "not a base", "a.png"},
		{"//cdn.example.edu.cn/a.png", "", "https://cdn.example.edu.cn/a.png"},
		// unsafe
		{"javascript:alert(1)", base, ""},
		{" JavaScript:alert(1)", base, ""},
		{"java\tscript:alert(1)", base, ""},
		{"java\nscript:alert(1)", base, ""},
		{"\x01javascript:alert(1)", base, ""},
		{"vbscript:msgbox", base, ""},
		{"data:image/png;base64,iVBORw0KGgo=", base, ""},
		{"data:text/html,<script>alert(1)</script>", base, ""},
		{"tel:010-12345678", base, ""},
		{"ftp://example.edu.cn/a", base, ""},
		{"file:///etc/passwd", base, ""},
		{"a.png", "file:///feeds/", ""},
		{"", base, ""},
	}
	for _, tt := range tests {
		if got := Resolve(tt.ref, tt.base); got != tt.want {
			t.Errorf("Resolve(%q, %q) = %q, want %q", tt.ref, tt.base, got, tt.want)
		}
	}
}

func TestIsTrackingParam(t *testing.T) {
	tests := []struct {
		name, value string
		want        bool
	}{
		{"utm_source", "rss", true},
		{"UTM_Medium", "feed", true},
		{"mtm_campaign", "x", true},
		{"fbclid", "IwAR0", true},
		{"gclid", "x", true},
		{"msclkid", "x", true},
		{"mc_eid", "x", true},
		{"_hsenc", "x", true},
		{"spm", "a2c4g.11186623", true},
		{"hmsr", "baidu", true},
		{"isappinstalled", "0", true},
		{"share_token", "x", true},
		{"scene", "21", true},
		{"chksm", "8bb0", true},
		{"from", "timeline", true},
		{"from", "singlemessage", true},
		{"from", "groupmessage", true},
		{"from", "RSS", true},
		{"from", "rss_edu", true},
		{"from", "weibo", true},
		{"ref", "feedly", true},
		{"src", "rss", true},
		// content selectors stay
		{"from", "2024", false},
		{"from", "beijing", false},
		{"from", "", false},
		{"ref", "main", false},
		{"src", "img", false},
		{"__biz", "MzA5", false},
		{"mid", "2651234567", false},
		{"idx", "1", false},
		{"sn", "0123", false},
		{"id", "7", false},
		{"page", "2", false},
		{"utm", "x", false},
		{"source", "rss", false},
	}
	for _, tt := range tests {
		if got := IsTrackingParam(tt.name, tt.value); got != tt.want {
			t.Errorf("IsTrackingParam(%q, %q) = %v, want %v", tt.name, tt.value, got, tt.want)
		}
	}
}

func FuzzLink(f *testing.F) {
	for _, s := range []string{
		"/news/2024/0724/moe-midyear.shtml?utm_source=rss&utm_medium=feed",
		"HTTPS://News.Example.EDU.cn/A?b=1#frag", "//cdn.example.edu.cn/x", "../a b?q=教育#x",
		"https://mp.weixin.qq.com/s?__biz=Mz==&mid=1&idx=1&sn=a&chksm=b&scene=21#wechat_redirect",
		"https://example.edu.cn/p?a=%zz&b=1;c=2", "javascript:alert(1)", "http://[::1]:80/x",
	} {
		f.Add(s, "https://news.example.edu.cn/a/")
	}
	f.Fuzz(func(t *testing.T, raw, base string) {
		got := Link(raw, base)
		if got == "" {
			return
		}
		if !strings.HasPrefix(got, "http://") && !strings.HasPrefix(got, "https://") {
			t.Fatalf("Link(%q, %q) = %q: not http(s)", raw, base, got)
		}
		if again := Link(got, base); again != got {
			t.Fatalf("Link not idempotent: %q -> %q -> %q", raw, got, again)
		}
		if again := Link(got, ""); again != got {
			t.Fatalf("Link of an absolute link depends on the base: %q -> %q", got, again)
		}
		if utf8.ValidString(raw) && !utf8.ValidString(got) {
			t.Fatalf("Link(%q) = %q: invalid UTF-8", raw, got)
		}
		r := Resolve(raw, base)
		if r != "" && strings.HasPrefix(strings.ToLower(r), "javascript:") {
			t.Fatalf("Resolve(%q) = %q", raw, r)
		}
	})
}

func TestIsShareTag(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"share_token", true}, {"Sharer_ShareTime", true}, {"share_from_app", true},
		{"share", false}, {"shared", false}, {"id", false}, {"sharp_x", false},
	}
	for _, tt := range tests {
		if got := IsShareTag(tt.name); got != tt.want {
			t.Errorf("IsShareTag(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestResolveAlternatingBases resolves against bases in turn, from several
// goroutines, so that the kept last base (absBase) never answers for
// another base.
func TestResolveAlternatingBases(t *testing.T) {
	tests := []struct{ ref, base, want string }{
		{"z.html", "https://a.example/x/y.html", "https://a.example/x/z.html"},
		{"z.html", "http://b.example/p/", "http://b.example/p/z.html"},
		{"z.html", "", "z.html"},
		{"z.html", "/relative/base", "z.html"},
		{"//c.example/z", "", "https://c.example/z"},
		{"../z.html", "https://a.example/x/y.html", "https://a.example/z.html"},
		{"?q=1", "http://b.example/p/", "http://b.example/p/?q=1"},
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 200 {
				tt := tests[(i+g)%len(tests)]
				if got := Resolve(tt.ref, tt.base); got != tt.want {
					t.Errorf("Resolve(%q, %q) = %q, want %q", tt.ref, tt.base, got, tt.want)
					return
				}
			}
		})
	}
	wg.Wait()
}
