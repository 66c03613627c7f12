package clean

import (
	"strings"
	"testing"

	"github.com/edufeed/edufeed/feeds"
)

func TestNewRulesErrors(t *testing.T) {
	tests := []struct {
		name  string
		rules feeds.CleanRules
		want  string // part of the error
	}{
		{"bad cut_after", feeds.CleanRules{CutAfter: []string{"ok", "(unclosed"}}, `cut_after[1] "(unclosed"`},
		{"bad drop", feeds.CleanRules{Drop: []string{"[z-a]"}}, `drop[0] "[z-a]"`},
		{"bad title_strip", feeds.CleanRules{TitleStrip: []string{"*"}}, `title_strip[0]`},
		{"bad remove", feeds.CleanRules{Remove: []string{".ok", "div[", "p"}}, `remove[1] "div["`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := NewRules(tt.rules)
			if err == nil || r != nil {
				t.Fatalf("NewRules = %v, %v; want an error", r, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not name %s", err, tt.want)
			}
		})
	}
}

func TestCheckSelector(t *testing.T) {
	for _, s := range []string{"div.share", "#comments", "div.a > p:nth-child(2)", ".x, .y", `a[href^="https://ad."]`} {
		if err := CheckSelector(s); err != nil {
			t.Errorf("CheckSelector(%q) = %v", s, err)
		}
	}
	for _, s := range []string{"div[", "..x", "p:unknown-pseudo", ""} {
		if err := CheckSelector(s); err == nil {
			t.Errorf("CheckSelector(%q) = nil, want an error", s)
		}
	}
}

func TestRulesBuiltinDefault(t *testing.T) {
	var nilRules *Rules
	if !nilRules.Builtin() {
		t.Error("nil rules must mean built-in rules on")
	}
	off, err := NewRules(feeds.CleanRules{})
	if err != nil || off.Builtin() {
		t.Errorf("zero CleanRules: builtin %v, err %v; want off", off.Builtin(), err)
	}
	on, _ := NewRules(feeds.CleanRules{Builtin: true, TitleStrip: []string{`_教育网$`}})
	if !on.Builtin() || len(on.TitleStrip()) != 1 {
		t.Errorf("rules %+v", on)
	}
}

func mustRules(t *testing.T, r feeds.CleanRules) *Rules {
	t.Helper()
	out, err := NewRules(r)
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
