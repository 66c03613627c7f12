package clean

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

func TestItemLinksAndBase(t *testing.T) {
	it := feeds.Item{
		Title:   "标题",
		Link:    "/news/2024/0724/a.html?utm_source=rss",
		Content: `<p>正文<img src="img/1.jpg"><a href="b.html">下一条</a></p>`,
	}
	got := Item(it, Context{FeedLink: "https://www.example.edu.cn/", Seen: seen})
	if got.Link != "https://www.example.edu.cn/news/2024/0724/a.html" {
		t.Errorf("link %q", got.Link)
	}
	// Relative references in the body are relative to the article's page.
	want := `<p>正文<img src="https://www.example.edu.cn/news/2024/0724/img/1.jpg"/><a href="https://www.example.edu.cn/news/2024/0724/b.html" rel="nofollow">下一条</a></p>`
	if got.Content != want {
		t.Errorf("content\n%s\nwant\n%s", got.Content, want)
	}

	// xml:base wins over the channel link and the item link.
	got = Item(it, Context{FeedLink: "https://www.example.edu.cn/", Base: "https://cdn.example.org/feed/", Seen: seen})
	if got.Link != "https://cdn.example.org/news/2024/0724/a.html" || !strings.Contains(got.Content, `src="https://cdn.example.org/feed/img/1.jpg"`) {
		t.Errorf("with xml:base: link %q content %q", got.Link, got.Content)
	}
}

func TestItemGUIDAsLink(t *testing.T) {
	it := feeds.Item{Title: "标题", GUID: "https://x.cn/a.html", GUIDIsLink: true, Content: "<p>正文</p>"}
	got := Item(it, Context{FeedLink: "https://x.cn/", Seen: seen})
	if got.Link != "https://x.cn/a.html" || got.GUID != it.GUID || !got.GUIDIsLink {
		t.Errorf("link %q guid %q", got.Link, got.GUID)
	}
	it.GUIDIsLink = false
	if got := Item(it, Context{FeedLink: "https://x.cn/", Seen: seen}); got.Link != "" {
		t.Errorf("a GUID that is not a permalink became the link %q", got.Link)
	}
}

func TestItemPeopleAndCategories(t *testing.T) {
	it := feeds.Item{
		Title:      "标题",
		Authors:    []string{"  张三 ", "张三", "", "李\u00a0 四\x0b", "\u3000"},
		Categories: []string{"教育", "Education", "education", " 高考\n政策 ", "\ufeff"},
		Tags:       []string{"policy"},
	}
	got := Item(it, Context{Seen: seen})
	if want := []string{"张三", "李 四"}; !reflect.DeepEqual(got.Authors, want) {
		t.Errorf("authors %q, want %q", got.Authors, want)
	}
	if want := []string{"教育", "Education", "高考 政策"}; !reflect.DeepEqual(got.Categories, want) {
		t.Errorf("categories %q, want %q", got.Categories, want)
	}
	if !reflect.DeepEqual(got.Tags, it.Tags) {
		t.Errorf("tags changed: %q", got.Tags)
	}
}

func TestItemEnclosures(t *testing.T) {
	it := feeds.Item{
		Title: "通知",
		Link:  "https://www.moe.gov.cn/notice/t20240724_1.html",
		Enclosures: []feeds.Enclosure{
			{URL: "files/plan.pdf", Type: " application/pdf ", Length: 1024},
			{URL: "https://www.moe.gov.cn/notice/files/plan.pdf", Type: "application/pdf"},
			{URL: "javascript:alert(1)"},
			{URL: "https://cdn.moe.gov.cn/a.mp3?sig=abc&utm_source=x", Type: "audio/mpeg"},
		},
	}
	got := Item(it, Context{FeedLink: "https://www.moe.gov.cn/", Seen: seen})
	want := []feeds.Enclosure{
		{URL: "https://www.moe.gov.cn/notice/files/plan.pdf", Type: "application/pdf", Length: 1024},
		{URL: "https://cdn.moe.gov.cn/a.mp3?sig=abc&utm_source=x", Type: "audio/mpeg"},
	}
	if !reflect.DeepEqual(got.Enclosures, want) {
		t.Errorf("enclosures %+v\nwant %+v", got.Enclosures, want)
	}
}

func TestItemSummary(t *testing.T) {
	body := "<p>" + strings.Repeat("教育部召开会议，部署下半年重点工作。", 20) + "</p><p>相关阅读</p><p>别的文章</p>"
	ctx := Context{FeedLink: "https://x.cn/", Seen: seen}

	// No content: the feed's description is the body, cleaned like one.
	got := Item(feeds.Item{Title: "t", Summary: body}, ctx)
	if !strings.HasPrefix(got.Content, "<p>教育部召开会议") || strings.Contains(got.Content, "相关阅读") {
		t.Errorf("content from summary: %q", got.Content)
	}
	if strings.ContainsAny(got.Summary, "<>") || !strings.HasPrefix(got.Summary, "教育部召开会议") ||
		strings.Contains(got.Summary, "相关阅读") || len([]rune(got.Summary)) > summaryLen+3 {
		t.Errorf("derived summary %q", got.Summary)
	}

	// A real abstract beside the content is kept, as plain text.
	own := "<p>本文介绍了教育部年中推进会的主要内容和下半年的工作部署安排。</p>"
	got = Item(feeds.Item{Title: "t", Content: body, Summary: own}, ctx)
	if got.Summary != "本文介绍了教育部年中推进会的主要内容和下半年的工作部署安排。" {
		t.Errorf("own summary %q", got.Summary)
	}

	// A summary that is only the start of the content is derived again.
	got = Item(feeds.Item{Title: "t", Content: body, Summary: "教育部召开会议，部署下半年重点工作。教育部召开会议……"}, ctx)
	if !strings.HasPrefix(got.Summary, "教育部召开会议，部署下半年重点工作。教育部召开会议，部署") {
		t.Errorf("prefix summary kept: %q", got.Summary)
	}
}

func TestItemDates(t *testing.T) {
	ctx := Context{FeedLink: "https://x.cn/", Seen: seen}
	// Naive dates are China time when the context names no zone.
	got := Item(feeds.Item{Title: "t", RawPublished: "2025年11月20日 09:30", Content: "<p>正文</p>"}, ctx)
	if want := time.Date(2025, 11, 20, 9, 30, 0, 0, chinaTime); !got.Published.Equal(want) {
		t.Errorf("published %v, want %v", got.Published, want)
	}
	// Nothing usable: the time first seen, and it says so.
	got = Item(feeds.Item{Title: "t", Published: time.Unix(0, 0), Updated: time.Unix(0, 0)}, ctx)
	if !got.Published.Equal(seen) || got.DateFrom != feeds.DateFromFirstSeen {
		t.Errorf("published %v from %s, want first seen", got.Published, got.DateFrom)
	}
	if !got.Updated.IsZero() {
		t.Errorf("epoch updated date kept: %v", got.Updated)
	}
}

func TestItemRawFieldsKept(t *testing.T) {
	it := feeds.Item{ID: "id", Source: "moe", GUID: " g-1 ", Title: "t", RawPublished: "x", RawUpdated: "y", FirstSeen: seen}
	got := Item(it, Context{Seen: seen})
	if got.ID != "id" || got.Source != "moe" || got.GUID != " g-1 " || got.RawPublished != "x" || got.RawUpdated != "y" || !got.FirstSeen.Equal(seen) {
		t.Errorf("raw fields changed: %+v", got)
	}
}

// TestItemText: Item hands merge the plain text it computed, of the
// content without its page junk, or of the summary when there is no
// content.
func TestItemText(t *testing.T) {
	tests := []struct {
		name             string
		content, summary string
		want             string
	}{
		{"content", `<p>教育部召开年中推进会。</p><figure><img src="https://x.cn/1.jpg"><figcaption>会议现场</figcaption></figure><p>部署下半年工作。</p><p>责任编辑：张三</p>`,
			"一句摘要。", "教育部召开年中推进会。\n部署下半年工作。"},
		{"summary when no content", " ", "<p>学校举办科技节活动。</p>", "学校举办科技节活动。"},
		{"nothing", "", "", ""},
	}
	for _, tt := range tests {
		got := Item(feeds.Item{Title: "标题", Content: tt.content, Summary: tt.summary}, Context{Seen: seen})
		if got.Text != tt.want {
			t.Errorf("%s: Text %q, want %q", tt.name, got.Text, tt.want)
		}
	}
}
