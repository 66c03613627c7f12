package clean

import (
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// TestItemBylineDescription: a one-line description that opens with a
// byline keeps its story, loses the byline, and is dated by it (issue 14
// item 9). Before, the whole line went as a byline: no content, and the
// first-seen date.
func TestItemBylineDescription(t *testing.T) {
	seenAt := time.Date(2026, 12, 2, 9, 0, 0, 0, cst)
	tests := []struct {
		name, desc string
		content    string // "" for none
		date       time.Time
		from       feeds.DateSource
	}{
		{"发布时间 and 发布者", "发布时间：2026年12月01日 发布者：某某中学。学校举办科技节活动。",
			"<p>学校举办科技节活动。</p>", time.Date(2026, 12, 1, 0, 0, 0, 0, cst), feeds.DateFromContent},
		{"来源 and a reporter's credit", "来源：某某日报 记者张三报道 近日，某某市教育局召开会议，部署寒假安全工作。",
			"<p>近日，某某市教育局召开会议，部署寒假安全工作。</p>", seenAt, feeds.DateFromFirstSeen},
		{"traditional", "發佈時間：2026年12月01日 發佈者：某某中學。學校舉辦科技節活動。",
			"<p>學校舉辦科技節活動。</p>", time.Date(2026, 12, 1, 0, 0, 0, 0, cst), feeds.DateFromContent},
		{"date with a clock, then 来源", "发布日期：2026-11-28 10:30 来源：市教育局 全市中小学开展安全教育周活动。",
			"<p>全市中小学开展安全教育周活动。</p>", time.Date(2026, 11, 28, 10, 30, 0, 0, cst), feeds.DateFromContent},
		{"fields run on", "【发布时间：2026-11-30】【来源：区教育局】区教育局召开校园安全工作会议。",
			"<p>区教育局召开校园安全工作会议。</p>", time.Date(2026, 11, 30, 0, 0, 0, 0, cst), feeds.DateFromContent},
		{"English", "Posted on November 30, 2026 by Jane Doe. The school board voted to extend the school day.",
			"<p>The school board voted to extend the school day.</p>", time.Date(2026, 11, 30, 0, 0, 0, 0, cst), feeds.DateFromContent},
		{"English, published |", "Published 30 Nov 2026 | The district opens two new schools in the autumn.",
			"<p>The district opens two new schools in the autumn.</p>", time.Date(2026, 11, 30, 0, 0, 0, 0, cst), feeds.DateFromContent},
		{"only a byline: no story, but its date", "来源：教育部 发布时间：2026-11-30",
			"", time.Date(2026, 11, 30, 0, 0, 0, 0, cst), feeds.DateFromContent},
		{"a byline, then a toolbar", "来源：教育部 【打印本页】【关闭窗口】", "", seenAt, feeds.DateFromFirstSeen},
		{"an interview's question is no byline",
			"记者：请您谈谈学校在这方面的做法，特别是如何减轻学生课业负担、保障学生睡眠时间，并且推动家校共育、让每个孩子都能全面发展？",
			"<p>记者：请您谈谈学校在这方面的做法，特别是如何减轻学生课业负担、保障学生睡眠时间，并且推动家校共育、让每个孩子都能全面发展？</p>",
			seenAt, feeds.DateFromFirstSeen},
		{"a sentence about a source is no byline", "来源：学生们反映，食堂的饭菜种类太少、口味单一，学校随即召开座谈会听取意见，并在一周之内对菜单作出了改进，全校师生普遍表示满意。",
			"<p>来源：学生们反映，食堂的饭菜种类太少、口味单一，学校随即召开座谈会听取意见，并在一周之内对菜单作出了改进，全校师生普遍表示满意。</p>", seenAt, feeds.DateFromFirstSeen},
	}
	for _, tt := range tests {
		for _, it := range []feeds.Item{{Title: "标题", Summary: tt.desc}, {Title: "标题", Content: "<p>" + tt.desc + "</p>"}} {
			got := Item(it, Context{Seen: seenAt})
			if got.Content != tt.content {
				t.Errorf("%s: content %q, want %q", tt.name, got.Content, tt.content)
			}
			if !got.Published.Equal(tt.date) || got.DateFrom != tt.from {
				t.Errorf("%s: date %v (%s), want %v (%s)", tt.name, got.Published, got.DateFrom, tt.date, tt.from)
			}
		}
	}
}
