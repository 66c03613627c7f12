package clean

import (
	"testing"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/junk"
)

func mustRules(t *testing.T, r feeds.CleanRules) *junk.Rules {
	t.Helper()
	out, err := junk.NewRules(r)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestContentSourceRules(t *testing.T) {
	tail := "<p>相关阅读</p><p>教育部发布通知</p><p>责任编辑：张三</p>"
	tests := []struct {
		name  string
		rules feeds.CleanRules
		in    string
		want  string
	}{
		{"cut_after", feeds.CleanRules{Builtin: true, CutAfter: []string{`^本文转载自`}},
			article + "<p>本文转载自某某公众号，版权归原作者所有。</p><p>其他</p>", article},
		{"cut_after matches a middle block", feeds.CleanRules{Builtin: true, CutAfter: []string{`扫码报名`}},
			article + "<p>请扫码报名参加</p>" + article, article},
		{"drop", feeds.CleanRules{Builtin: true, Drop: []string{`^图片来源`, `^（记者`}},
			"<p>图片来源：网络</p>" + article + "<p>（记者 王五）</p>", article},
		{"remove selector", feeds.CleanRules{Builtin: true, Remove: []string{"div.ad-box", "#qrcode p"}},
			article + `<div class="ad-box"><p>招生广告内容很长的一段话。</p></div><div id="qrcode"><p>二维码说明文字。</p></div>`, article},
		{"builtin off keeps markers and bylines", feeds.CleanRules{Builtin: false},
			article + tail, article + "\n<p>相关阅读</p>\n<p>教育部发布通知</p>\n<p>责任编辑：张三</p>"},
		{"builtin off keeps noise classes", feeds.CleanRules{Builtin: false},
			`<div class="related">相关内容</div>`, "<p>相关内容</p>"},
		{"builtin off still sanitises", feeds.CleanRules{Builtin: false},
			"<p onclick=\"x()\">a\u00a0b</p><script>x()</script><p></p><img src=\"https://x.cn/p.gif\" width=\"1\" height=\"1\">", "<p>a b</p>"},
		{"builtin off with own rules", feeds.CleanRules{Builtin: false, CutAfter: []string{`^相关阅读$`}},
			article + tail, article},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Content(tt.in, "https://x.cn/", mustRules(t, tt.rules)); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}
