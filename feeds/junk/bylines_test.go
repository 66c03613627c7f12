package junk

import (
	"slices"
	"testing"

	"github.com/edufeed/edufeed/feeds/sanitise"
)

func TestSplitByline(t *testing.T) {
	tests := []struct{ in, rest string }{ // rest "" when the line is left as it is
		{"发布时间：2026年12月01日 发布者：某某中学。学校举办科技节活动。", "学校举办科技节活动。"},
		{"来源：某某日报 记者张三报道 近日，某某市教育局召开会议。", "近日，某某市教育局召开会议。"},
		{"發佈時間：2026年12月01日 發佈者：某某中學。學校舉辦科技節活動。", "學校舉辦科技節活動。"},
		{"发布日期：2026-11-28 10:30 来源：市教育局 全市中小学开展安全教育周活动。", "全市中小学开展安全教育周活动。"},
		{"【发布时间：2026-11-30】【来源：区教育局】区教育局召开校园安全工作会议。", "区教育局召开校园安全工作会议。"},
		{"作者：李四｜本学期，学校开设了二十门选修课程。", "本学期，学校开设了二十门选修课程。"},
		{"Posted on November 30, 2026 by Jane Doe. The school board voted.", "The school board voted."},
		{"Updated: 2026-11-30 — Schools open an hour later.", "Schools open an hour later."},
		{"来源：教育部 发布时间：2026-11-30", ""}, // no story after it
		{"来源：教育部", ""}, // a byline alone
		{"记者从教育部获悉，今年高考报名人数为1335万人。", ""},                                          // a sentence, no field
		{"记者：请您谈谈学校在这方面的做法。校长：我们一直在探索。", ""},                                       // an interview
		{"来源：学生们反映，食堂的饭菜种类太少。", ""},                                                // a sentence after the colon
		{"Posted by the district office on behalf of all schools in the city", ""}, // no end to the byline
		{"学校举办科技节活动。", ""},
	}
	for _, tt := range tests {
		got := ""
		if end := splitByline(tt.in); end > 0 {
			got = tt.in[end:]
		}
		if got != tt.rest {
			t.Errorf("splitByline(%q) leaves %q, want %q", tt.in, got, tt.rest)
		}
	}
}

func TestBylines(t *testing.T) {
	blocks := sanitise.Blocks(`<p>【打印】【关闭】</p><p>来源：教育部 发布时间：2026-11-30</p>`+
		`<p>Posted on November 30, 2026 by Jane Doe. The board voted.</p><p>正文第一段，讲述了会议的内容。</p><p>责任编辑：张三</p>`, "", sanitise.Options{})
	want := []string{"来源：教育部 发布时间：2026-11-30", "Posted on November 30, 2026 by Jane Doe.", "责任编辑：张三"}
	if got := Bylines(blocks); !slices.Equal(got, want) {
		t.Errorf("Bylines = %q, want %q", got, want)
	}
	// Filter cuts them: the byline lines go, the one that runs into a
	// story loses its byline.
	h, _ := sanitise.Render(Filter(blocks, nil))
	if want := "<p>The board voted.</p>\n<p>正文第一段，讲述了会议的内容。</p>"; h != want {
		t.Errorf("Filter leaves %q, want %q", h, want)
	}
}
