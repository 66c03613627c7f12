package clean

import (
	"testing"
)

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
