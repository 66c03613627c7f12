package sanitise

import (
	"testing"
	"unicode/utf8"
)

func TestCleanRunes(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a\u00a0b", "a b"},
		{"\u3000\u3000段落", "  段落"},
		{"热\u200b点\u200c\u200d\u2060\ufeff", "热点"},
		{"a\r\nb\rc", "a\nb\nc"},
		{"a\x00b\x08c\x0bd\x1ee\x7ff", "abcdef"},
		{"tab\tstays\n", "tab\tstays\n"},
		{"x\uffffy\ufffez", "xyz"},
		{"bad\xffbyte\xc3", "badbyte"},
		{"\u0085c1\u009f", "c1"},
		{"soft\u00adhyphen", "softhyphen"},
		{"中文“引号”", "中文“引号”"},
	}
	for _, tt := range tests {
		got := Runes(tt.in)
		if got != tt.want {
			t.Errorf("Runes(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if !utf8.ValidString(got) {
			t.Errorf("Runes(%q) is not UTF-8", tt.in)
		}
	}
}

func TestLooksLikeHTML(t *testing.T) {
	for s, want := range map[string]bool{
		"<p>x</p>": true, "a<br>b": true, "x <img src=a.jpg>": true, "<!-- c -->": true, "a</div>": true,
		"1 < 2": false, "a<b": false, "纯文本": false, "<<>>": false, "x < y > z": false,
	} {
		if got := looksLikeHTML(s); got != want {
			t.Errorf("looksLikeHTML(%q) = %v", s, got)
		}
	}
}

func TestPlainText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"纯文本", "纯文本"},
		{"<p>第一段</p><p>第 二\u00a0段</p>", "第一段\n第 二 段"},
		{"<p>一行<br>二行</p>", "一行\n二行"},
		{"<script>var a=1;</script><style>p{}</style><p>正文</p>", "正文"},
		{"<ul><li>一</li><li>二</li></ul>", "一\n二"},
		{"<table><tr><td>学校</td><td>人数</td></tr><tr><td>甲</td><td>9</td></tr></table>", "学校 人数\n甲 9"},
		{"<p>a &amp; b &lt;c&gt;</p>", "a & b <c>"},
		{"<pre>x\n  y</pre>", "x\ny"},
		// A caption is the site's own words on its photo: copies of one
		// story differ there, and a summary should not quote it.
		{`<p>开幕式在天津举行。</p><figure><img src="https://a.cn/1.jpg"><figcaption>开幕式现场。记者 李澈 摄</figcaption></figure><p>大赛设赛项134个。</p>`,
			"开幕式在天津举行。\n大赛设赛项134个。"},
	}
	for _, tt := range tests {
		if got := PlainText(tt.in); got != tt.want {
			t.Errorf("PlainText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
