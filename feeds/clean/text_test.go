package clean

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
		got := cleanRunes(tt.in)
		if got != tt.want {
			t.Errorf("cleanRunes(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if !utf8.ValidString(got) {
			t.Errorf("cleanRunes(%q) is not UTF-8", tt.in)
		}
	}
}

func TestContentText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "  \n ", ""},
		{"plain text lines", "第一段\n\n  第二段  \r\n第三段", "<p>第一段</p>\n<p>第二段</p>\n<p>第三段</p>"},
		{"plain text escaped", "1 < 2 & 3 > 2", "<p>1 &lt; 2 &amp; 3 &gt; 2</p>"},
		{"plain text entities", "AT&amp;T&nbsp;公司", "<p>AT&amp;T 公司</p>"},
		{"nbsp paragraph", "<p>&nbsp;</p><p>正文</p><p>\u3000</p>", "<p>正文</p>"},
		{"empty paragraphs", "<p>a</p><p></p><p> </p><p><br></p><p>b</p>", "<p>a</p>\n<p>b</p>"},
		{"indent and spaces", "<p>\u3000\u3000教育部  召开\n会议。 </p>", "<p>教育部 召开 会议。</p>"},
		{"zero width", "<p>热\u200b点新闻</p>", "<p>热点新闻</p>"},
		{"control characters", "<p>a\x0bb&#x1;c</p>", "<p>abc</p>"},
		{"single br stays in a paragraph", "<p>第一行<br>第二行</p>", "<p>第一行<br/>第二行</p>"},
		{"br run splits a paragraph", "<p>第一段<br><br><br>第二段</p>", "<p>第一段</p>\n<p>第二段</p>"},
		{"br with blank between", "<p>第一段<br> \u00a0 <br>第二段</p>", "<p>第一段</p>\n<p>第二段</p>"},
		{"text with br separators", "第一段<br>第二段<br/><br/>第三段", "<p>第一段</p>\n<p>第二段</p>\n<p>第三段</p>"},
		{"div lines", "<div>第一段</div><div><span>第二段</span></div>", "<p>第一段</p>\n<p>第二段</p>"},
		{"inline spaces", "<p> <b> 加粗 </b> 文字 </p>", "<p><b>加粗 </b>文字</p>"},
		{"headings kept", "<h2>标题</h2><p>正文</p>", "<h2>标题</h2>\n<p>正文</p>"},
		{"lists kept", "<ul><li>一</li><li></li><li>二</li></ul>", "<ul><li>一</li><li>二</li></ul>"},
		{"pre keeps lines", "<pre>a  b\n  c</pre>", "<pre>a  b\n  c</pre>"},
		{"hr at ends dropped", "<hr><p>正文</p><hr><hr><p>下文</p><hr>", "<p>正文</p>\n<hr/>\n<p>下文</p>"},
		{"image only paragraph kept", "<p><img src=\"https://x.cn/a.jpg\"></p>", "<p><img src=\"https://x.cn/a.jpg\"/></p>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Content(tt.in, "https://x.cn/", nil); got != tt.want {
				t.Errorf("got:\n%q\nwant:\n%q", got, tt.want)
			}
		})
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
	}
	for _, tt := range tests {
		if got := PlainText(tt.in); got != tt.want {
			t.Errorf("PlainText(%q) = %q, want %q", tt.in, got, tt.want)
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
