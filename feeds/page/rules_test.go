package page

import (
	"fmt"
	"strings"
	"testing"
)

// entries writes n list entries with headline links under prefix, dated
// when date is true.
func entries(tag, prefix string, n int, date bool) string {
	var b strings.Builder
	for i := range n {
		d := ""
		if date {
			d = fmt.Sprintf("<span>2025-01-%02d</span>", 14-i%10)
		}
		fmt.Fprintf(&b, `<%s><a href="/%s/%d.html">%s的第%d条新闻标题文字</a>%s</%s>`, tag, prefix, 1000+i, prefix, i, d, tag)
	}
	return b.String()
}

// Each rule of the scoring (score.go) decides between two lists.
func TestScoringRules(t *testing.T) {
	tests := []struct {
		name, page, want string // want: the path prefix of the winner's links
	}{
		{"a dated sidebar under 热点 loses to an undated main list",
			`<div class="l"><ul>` + entries("li", "main", 10, false) + `</ul></div><div class="r"><h3>热点新闻</h3><ul>` + entries("li", "hot", 10, true) + `</ul></div>`, "main"},
		{"点击排行 with dates loses",
			`<ul>` + entries("li", "main", 6, true) + `</ul><div><div class="t">点击排行</div><ol>` + entries("li", "rank", 10, true) + `</ol></div>`, "main"},
		{"a longer list inside nav loses",
			`<nav><ul>` + entries("li", "menu", 20, false) + `</ul></nav><ul>` + entries("li", "main", 5, false) + `</ul>`, "main"},
		{"footer links lose",
			`<ul>` + entries("li", "main", 5, true) + `</ul><div id="footer"><ul>` + entries("li", "foot", 12, true) + `</ul></div>`, "main"},
		{"the main column wins a tie",
			`<div class="right-col"><ul>` + entries("li", "side", 8, true) + `</ul></div><div class="main-col"><ul>` + entries("li", "main", 8, true) + `</ul></div>`, "main"},
		{"dates win a tie",
			`<h3>学校要闻</h3><ul>` + entries("li", "undated", 8, false) + `</ul><h3>通知公告</h3><ul>` + entries("li", "main", 8, true) + `</ul>`, "main"},
		{"a group of mixed blocks loses to a clean one",
			`<div>` + entries("div", "mixed", 6, true) + strings.Repeat(`<div><p>这是一段没有链接的文字，在列表里不算条目。</p></div>`, 12) + `</div><ul>` + entries("li", "main", 6, true) + `</ul>`, "main"},
	}
	for _, tt := range tests {
		l, err := FindList(parse(t, tt.page), "https://www.example.cn/news/", Options{Now: badNow, Location: cst})
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if !strings.HasPrefix(l.Items[0].Link, "https://www.example.cn/"+tt.want+"/") {
			t.Errorf("%s: chose %s (%s) over %s (%s)", tt.name, l.Chosen.Selector, l.Chosen.Reason, l.RunnerUp.Selector, l.RunnerUp.Reason)
		}
	}
}

// A block with two headline links is two stories, not an entry; 上一条 and
// 下一条 links are no entries; a block with a headline link and its
// "继续阅读" link to the same page is one entry.
func TestEntryRules(t *testing.T) {
	const two = `<li><a href="/a/1.html">第一条新闻的标题文字</a> <a href="/a/2.html">第二条新闻的标题文字</a></li>`
	page := `<ul>` + strings.Repeat(two, 5) + `</ul><ul>` +
		strings.Repeat(`<li>上一条：<a href="/p/1.html">上一条：学校召开期末工作会议</a></li>`, 4) + `</ul>`
	if _, err := FindList(parse(t, page), "https://www.example.cn/", Options{Now: badNow}); err == nil {
		t.Error("blocks of two stories or of 上一条 links made a list")
	}
	one := `<div class="post"><h2><a href="/2025/01/10/story-one/">A story about the school board</a></h2><p>Summary text of the story, long enough to be one. <a href="/2025/01/10/story-one/">Continue reading A story about the school board</a></p><a href="/category/news/">News</a></div>`
	l, err := FindList(parse(t, strings.Repeat(one, 3)), "https://www.example.org/", Options{Now: badNow})
	if err != nil || l.Items[0].Title != "A story about the school board" {
		t.Errorf("got %+v, %v", l.Items, err)
	}
}

// A list split into containers of five is one list again; lists parted by
// headings are sections and stay apart.
func TestSplitList(t *testing.T) {
	split := `<div class="list">`
	for k := range 3 {
		split += `<ul class="l5">` + entries("li", fmt.Sprintf("n%d", k), 5, true) + `</ul><div class="line"></div>`
	}
	split += `</div>`
	l, err := FindList(parse(t, split), "https://www.example.cn/", Options{Now: badNow})
	if err != nil || len(l.Items) != 15 || l.Chosen.Selector != "ul.l5 > li" || !strings.Contains(l.Items[14].Link, "/n2/") {
		t.Errorf("split list: %d items, %q, %v", len(l.Items), l.Chosen.Selector, err)
	}
	sections := `<div class="list"><h3>要闻</h3><ul>` + entries("li", "a", 5, true) + `</ul><h3>通知</h3><ul>` + entries("li", "b", 4, true) + `</ul></div>`
	l, err = FindList(parse(t, sections), "https://www.example.cn/", Options{Now: badNow})
	if err != nil || len(l.Items) != 5 || l.RunnerUp.Items != 4 {
		t.Errorf("sections: %d items, runner-up %d, %v", len(l.Items), l.RunnerUp.Items, err)
	}
}

// A "[通知公告]" category link before the headline leaves the block one
// entry; a date at the edge of the link text is the date, not the title.
func TestLabelsAndEdgeDates(t *testing.T) {
	page := `<ul><li><a href="/tzgg/">[通知公告]</a><a href="/a/1.html">[01-10] 学校召开期末工作会议</a></li>` +
		`<li><a href="/xyxw/">【学院新闻】</a><a href="/a/2.html">学院举办寒假安全教育讲座 2025-01-09</a></li>` +
		`<li><a href="/xyxw/">【学院新闻】</a><a href="/a/3.html">1月8日，学院召开教学工作会议</a><span>2025-01-08</span></li></ul>`
	l, err := FindList(parse(t, page), "https://www.example.cn/", Options{Now: badNow, Location: cst})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ title, date string }{
		{"学校召开期末工作会议", "01-10"},
		{"学院举办寒假安全教育讲座", "2025-01-09"},
		{"1月8日，学院召开教学工作会议", "2025-01-08"},
	}
	if len(l.Items) != len(want) {
		t.Fatalf("got %+v", l.Items)
	}
	for i, w := range want {
		if l.Items[i].Title != w.title || l.Items[i].DateText != w.date {
			t.Errorf("item %d: got %q %q, want %q %q", i, l.Items[i].Title, l.Items[i].DateText, w.title, w.date)
		}
	}
}
