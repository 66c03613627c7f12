package merge

import (
	"slices"
	"strings"
	"testing"
)

func TestStoryBlocks(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"plain lines", "第一段。\n\n　第二段。 ", []string{"第一段。", "第二段。"}},
		{"html paragraphs and inline tags", "<p>教育<b>部</b>召开</p><div>会议<br>部署</div>", []string{"教育部召开", "会议", "部署"}},
		{"entities", "<p>A&amp;B &#20013;&#25991;</p>", []string{"a&b 中文"}},
		{"script, style, caption", "<script>x()</script><style>p{}</style><p>正文</p><figure><img src=a.jpg><figcaption>图为现场</figcaption></figure>", []string{"正文"}},
		{"xinhua dateline", "新华社北京1月10日电（记者 王鹏）记者10日从教育部获悉。", []string{"记者10日从教育部获悉。"}},
		{"chinanews dateline", "中新网5月28日电 距离2025年高考仅剩10天。", []string{"距离2025年高考仅剩10天。"}},
		{"cna dateline", "（中央社記者陳至中台北19日電）大考中心今天公布成績。", []string{"大考中心今天公布成绩。"}}, // folded to simplified, as every key is
		{"portal dateline", "中国教育在线讯 教育部近日印发通知。", []string{"教育部近日印发通知。"}},
		{"paper dateline", "本报讯（记者 张三）教育部近日印发通知。", []string{"教育部近日印发通知。"}},
		{"喜讯 is no dateline", "喜讯！我校获奖。", []string{"喜讯!我校获奖。"}},
		{"english dateline", "WASHINGTON (AP) — Enrollment fell.", []string{"enrollment fell."}},
		{"english dateline with state", "ANN ARBOR, Mich. — Students who slept more did better.", []string{"students who slept more did better."}},
		{"title case is no dateline", "Superintendent’s Weekly Update — week of March 3", []string{"superintendent’s weekly update — week of march 3"}},
		{"dateline only at the start", "<p>第一段。</p><p>新华社北京1月10日电 第二段。</p>", []string{"第一段。", "新华社北京1月10日电 第二段。"}},
		{"bylines and toolbars", "<p>来源：教育部网站　发布时间：2025-05-19</p><p>正文。</p><p>责任编辑：张三</p><p>【打印本页】【关闭窗口】</p><p>2025-05-19</p>", []string{"正文。"}},
		{"salutation", "<p>各省、自治区、直辖市教育厅（教委）：</p><p>现将有关事项通知如下。</p>", []string{"现将有关事项通知如下。"}},
		{"credit after a paragraph", "会议结束。（供稿：党委办公室 摄影：宣传部）\n（編輯：陳仁華）1140219", []string{"会议结束。"}},
		{"mark starting a line", "<p>ab</p><p>\u0301cd</p>", []string{"ab", "\u0301cd"}},
		{"sentence starting like a byline", "记者从教育部获悉，今年高考报名人数为1335万人。", []string{"记者从教育部获悉,今年高考报名人数为1335万人。"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			if strings.Contains(in, "<") {
				in = textOf(in) // HTML reaches storyBlocks as clean's text
			}
			if got := storyBlocks(in); !slices.Equal(got, tt.want) {
				t.Errorf("storyBlocks(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}
