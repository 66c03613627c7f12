package article

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const testURL = "https://www.example.edu.cn/news/2025/0408/c1234a5678/page.htm"

func readPage(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "pages", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestBadInput holds Extract to a safe answer on pages that are not
// articles or are hostile: an error that says so, or what article there is.
func TestBadInput(t *testing.T) {
	huge := "<html><body><div class=\"TRS_Editor\"><p>学校发布暑期安全提示，请家长注意孩子出行安全。</p></div>" +
		strings.Repeat("<div class=\"x\"><span>广告</span><a href=\"/a\">链接</a></div>", 10<<20/60) + "</body></html>"
	tests := []struct {
		name    string
		page    string
		wantErr string // "" for no error
		anyErr  bool   // an error or not: only no panic and nothing active
		want    []string
		notWant []string
	}{
		{name: "frames", page: `<html><frameset cols="20%,80%"><frame src="nav.html"><frame src="main.html"></frameset></html>`,
			wantErr: "frames"},
		{name: "script-built text", page: `<html><body><div id="c"></div><script>document.write("<p>本文由脚本写出，读者看得到，我们读不到。</p>")</script></body></html>`,
			wantErr: ErrNoArticle.Error()},
		{name: "empty", page: ``, wantErr: ErrNoArticle.Error()},
		{name: "binary", page: "\x00\xff\xfe\x01<\x00p>\x89PNG\r\n<script>alert(1)</script>\x00", anyErr: true},
		{name: "links only", page: `<html><body><ul><li><a href="/1">通知一</a></li><li><a href="/2">通知二</a></li></ul></body></html>`,
			wantErr: ErrNoArticle.Error()},
		{name: "only images", page: `<html><body><div class="TRS_Editor"><p><img data-src="/img/a.jpg" src="/loading.gif"></p><p><img src="b.png"></p></div></body></html>`,
			want: []string{`src="https://www.example.edu.cn/img/a.jpg"`, `src="https://www.example.edu.cn/news/2025/0408/c1234a5678/b.png"`}},
		{name: "10 MiB of markup", page: huge, want: []string{"学校发布暑期安全提示"}},
		{name: "nested past the parser's limit", page: strings.Repeat("<div>", 600) + "<p>正文</p>", wantErr: "open stack"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Extract([]byte(tt.page), testURL, Options{Now: corpusNow})
			if tt.anyErr {
				if p := activeMarkup(a.Content); len(p) > 0 {
					t.Errorf("active markup %v in %q", p, a.Content)
				}
				return
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err %v, want one saying %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(a.Content, w) {
					t.Errorf("content lacks %q:\n%s", w, a.Content)
				}
			}
			if len(a.Content) > 1<<20 {
				t.Errorf("content of %d bytes", len(a.Content))
			}
		})
	}
}

func TestNoArticleIsErrNoArticle(t *testing.T) {
	_, err := Extract([]byte(`<html><frameset><frame src="a.html"></frameset></html>`), testURL, Options{})
	if !errors.Is(err, ErrNoArticle) {
		t.Fatalf("err %v, want ErrNoArticle", err)
	}
}

// TestGenericScorer runs the text-density scorer on a page of no known CMS:
// it must take the article's paragraphs, not the link column beside them.
func TestGenericScorer(t *testing.T) {
	a, err := Extract(readPage(t, "generic-school-news.html"), testURL, Options{Now: corpusNow})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"四月是东湖小学的阅读月", "与三至六年级学生分享创作故事", "并在校园广播中展示学生的读书笔记"} {
		if !strings.Contains(a.Text, s) {
			t.Errorf("lost %q", s)
		}
	}
	for _, s := range []string{"热门文章", "春季运动会", "版权所有", "学校概况", "日期：", "作者："} {
		if strings.Contains(a.Text, s) {
			t.Errorf("kept %q in\n%s", s, a.Text)
		}
	}
	if a.Title != "东湖小学开展“书香校园”阅读月活动" {
		t.Errorf("title %q", a.Title)
	}
	want := time.Date(2025, 4, 8, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))
	if !a.Published.Equal(want) || a.DateFrom != DateFromLine {
		t.Errorf("date %v from %q, want %v from the line", a.Published, a.DateFrom, want)
	}
	if a.Author != "教导处" {
		t.Errorf("author %q", a.Author)
	}
}

func TestOverride(t *testing.T) {
	page := []byte(`<html><body><div class="TRS_Editor"><p>这是网站摘要，并非正文内容，只是栏目说明文字。</p></div>
<div class="real"><p>这才是正文：学校将于七月十日起放暑假。</p><p class="ad">广告：暑期辅导班火热招生中，欢迎报名咨询。</p></div></body></html>`)
	a, err := Extract(page, testURL, Options{Override: Override{Content: "div.real", Remove: []string{".ad"}}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, "这才是正文") || strings.Contains(a.Text, "网站摘要") || strings.Contains(a.Text, "辅导班") {
		t.Errorf("text %q", a.Text)
	}
	a, err = Extract(page, testURL, Options{})
	if err != nil || !strings.Contains(a.Text, "网站摘要") {
		t.Errorf("without the override: %q, %v", a.Text, err)
	}
}

func TestOverrideValidate(t *testing.T) {
	tests := []struct {
		o     Override
		key   string
		index int
	}{
		{Override{Content: "div..x"}, "content", 0},
		{Override{Content: "#zoom", Remove: []string{".share", "p:nth-child(", ".ad"}}, "remove", 1},
	}
	for _, tt := range tests {
		var se *SelectorError
		if err := tt.o.Validate(); !errors.As(err, &se) || se.Key != tt.key || se.Index != tt.index {
			t.Errorf("%+v: err %v, want a SelectorError at %s[%d]", tt.o, err, tt.key, tt.index)
		}
	}
	if err := (Override{Content: "#zoom, .TRS_Editor", Remove: []string{".share", "div.ad > p"}}).Validate(); err != nil {
		t.Errorf("valid override: %v", err)
	}
	if _, err := Extract([]byte("<p>x</p>"), testURL, Options{Override: Override{Content: "[["}}); err == nil {
		t.Error("Extract took a bad selector")
	}
}

func TestNextNames(t *testing.T) {
	tests := []struct{ page, want string }{
		{"https://a.example.com/news/202501/t20250116_2654321.shtml", "https://a.example.com/news/202501/t20250116_2654321_1.shtml https://a.example.com/news/202501/t20250116_2654321_2.shtml"},
		{"https://a.example.com/news/202501/t20250116_2654321_2.shtml", "https://a.example.com/news/202501/t20250116_2654321_3.shtml"},
		{"https://a.example.com/art/t20250116_123_1.html?x=1", "https://a.example.com/art/t20250116_123_2.html"},
	}
	for _, tt := range tests {
		if got := strings.Join(nextNames(tt.page), " "); got != tt.want {
			t.Errorf("nextNames(%s) = %s, want %s", tt.page, got, tt.want)
		}
	}
}

func TestJoin(t *testing.T) {
	var pages []Article
	for i := range 7 {
		pages = append(pages, Article{
			Title: "标题", Content: "<p>第" + string(rune('1'+i)) + "页</p>", Text: "第" + string(rune('1'+i)) + "页",
			Attachments: []Attachment{{URL: "https://a.example.com/f.pdf"}, {URL: "https://a.example.com/p" + string(rune('1'+i)) + ".pdf"}},
			NextPage:    "https://a.example.com/a_" + string(rune('2'+i)) + ".html",
		})
	}
	got := Join(pages)
	if !strings.Contains(got.Text, "第5页") || strings.Contains(got.Text, "第6页") {
		t.Errorf("text %q: want pages 1 to %d", got.Text, MaxPages)
	}
	if len(got.Attachments) != 1+MaxPages {
		t.Errorf("%d attachments, want %d", len(got.Attachments), 1+MaxPages)
	}
	if got.NextPage != pages[MaxPages-1].NextPage {
		t.Errorf("next page %q", got.NextPage)
	}
	if Join(nil).Content != "" {
		t.Error("Join(nil) not empty")
	}
}

func TestIsoDates(t *testing.T) {
	hk, _ := time.LoadLocation("Asia/Hong_Kong")
	tests := []struct {
		in   string
		loc  *time.Location
		want string
	}{
		{"Posted on January 24, 2025", nil, "Posted on 2025-01-24"},
		{"6 May 2025", nil, "2025-05-06"},
		{"公告日期：113-12-11", nil, "公告日期：2024-12-11"},
		{"日期：23/01/2025", nil, "日期：2025-01-23"},
		{"日期：03/01/2025", hk, "日期：2025-01-03"},
		{"Date: 03/01/2025", time.UTC, "Date: 2025-03-01"},
		{"电话 0571-8700", nil, "电话 0571-8700"},
	}
	for _, tt := range tests {
		if got := isoDates(tt.in, tt.loc); got != tt.want {
			t.Errorf("isoDates(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLabelValue(t *testing.T) {
	tests := []struct{ in, source, author string }{
		{"发布时间：2025-01-09 16:20 作者：王珊 来源：党委宣传部 点击数：", "党委宣传部", "王珊"},
		{"2025-01-20 16:05 来源： 新华社 【字体：大 中 小】", "新华社", ""},
		{"時間:2025-01-10來源:校辦公室 作者:陳老師 點閱:12", "校辦公室", "陳老師"},
		{"Source: Ministry of Education\nBy: Jane Doe", "Ministry of Education", "Jane Doe"},
		{"本文来源于网络，请读者注意甄别。", "", ""},
	}
	for _, tt := range tests {
		if got := labelValue(tt.in, sourceLabel); got != tt.source {
			t.Errorf("source of %q = %q, want %q", tt.in, got, tt.source)
		}
		if got := labelValue(tt.in, authorLabel); got != tt.author {
			t.Errorf("author of %q = %q, want %q", tt.in, got, tt.author)
		}
	}
}
