package merge

import (
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

func TestKeysOf(t *testing.T) {
	article := asHTML(readArticle(t, "article.txt"))
	it := feeds.Item{
		GUID:    "  https://news.example.edu.cn/?p=123 \n",
		Link:    "https://www.news.example.edu.cn/news/2024/0724/moe-midyear.shtml?utm_source=rss",
		Title:   "教育部召开2024年年中推进会_中国教育在线",
		Content: article,
		Summary: "7月23日，教育部召开年中推进会。",
	}
	it.Text = textOf(article)
	got := KeysOf(it)
	want := feeds.Keys{
		GUID:        "https://news.example.edu.cn/?p=123",
		Link:        "news.example.edu.cn/news/2024/0724/moe-midyear.shtml",
		Title:       "教育部召开2024年年中推进会",
		Fingerprint: Fingerprint(it.Text),
	}
	if got != want {
		t.Errorf("KeysOf = %+v, want %+v", got, want)
	}
	if got.Fingerprint == 0 {
		t.Error("article fingerprint is 0")
	}

	// With no content clean hands over the summary's text.
	it.Content, it.Summary = " ", readArticle(t, "article.txt")
	if f := KeysOf(cleaned(it)).Fingerprint; f == 0 || f != Fingerprint(it.Summary) {
		t.Errorf("fingerprint from summary = %x, want %x", f, Fingerprint(it.Summary))
	}
	// An item nobody cleaned has no text to fingerprint.
	if f := KeysOf(feeds.Item{Content: article}).Fingerprint; f != 0 {
		t.Errorf("fingerprint without text = %x, want 0", f)
	}
	if k := KeysOf(feeds.Item{Title: "通知"}); k != (feeds.Keys{}) {
		t.Errorf("KeysOf(empty item) = %+v, want zero keys", k)
	}
}

func TestSame(t *testing.T) {
	t0 := time.Date(2025, 1, 3, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))
	const fp = 0x0123456789abcdef
	tests := []struct {
		name   string
		a, b   feeds.Keys
		ta, tb time.Time
		want   bool
	}{
		{"same link", feeds.Keys{Link: "x.cn/a"}, feeds.Keys{Link: "x.cn/a"}, t0, t0.AddDate(1, 0, 0), true},
		{"empty links", feeds.Keys{}, feeds.Keys{}, t0, t0, false},
		{"different links", feeds.Keys{Link: "x.cn/a"}, feeds.Keys{Link: "x.cn/b"}, t0, t0, false},
		{"same title within window", feeds.Keys{Title: "t"}, feeds.Keys{Title: "t"}, t0, t0.Add(-TitleWindow), true},
		{"same title outside window", feeds.Keys{Title: "t"}, feeds.Keys{Title: "t"}, t0.Add(TitleWindow + time.Second), t0, false},
		{"empty titles are not equal", feeds.Keys{Link: "x.cn/a"}, feeds.Keys{Link: "x.cn/b"}, t0, t0, false},
		{"close fingerprints", feeds.Keys{Fingerprint: fp}, feeds.Keys{Fingerprint: fp ^ 0b1011}, t0, t0.AddDate(0, 2, 0), true},
		{"far fingerprints", feeds.Keys{Fingerprint: fp}, feeds.Keys{Fingerprint: fp ^ 0b11011}, t0, t0, MaxDistance >= 4},
		{"zero fingerprint", feeds.Keys{Fingerprint: 0}, feeds.Keys{Fingerprint: 1}, t0, t0, false},
		{"guid ignored", feeds.Keys{GUID: "1"}, feeds.Keys{GUID: "1"}, t0, t0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DefaultRule.Same(tt.a, tt.b, tt.ta, tt.tb); got != tt.want {
				t.Errorf("Same = %v, want %v", got, tt.want)
			}
			if got := DefaultRule.Same(tt.b, tt.a, tt.tb, tt.ta); got != tt.want {
				t.Errorf("Same (swapped) = %v, want %v", got, tt.want)
			}
		})
	}
}
