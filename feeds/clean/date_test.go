package clean

import (
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// cst is China's +08:00, as the results are compared with it.
var cst = time.FixedZone("CST", 8*3600)

func TestDate(t *testing.T) {
	seenAt := time.Date(2025, 12, 1, 10, 0, 0, 0, cst)
	epoch := time.Unix(0, 0).UTC()
	gofeedUTC := time.Date(2024, 7, 23, 10, 0, 0, 0, time.UTC)                           // gofeed reads zoneless as UTC
	gofeedCentral := time.Date(2024, 7, 23, 10, 0, 0, 0, time.FixedZone("CST", -6*3600)) // and CST as US Central
	valid := time.Date(2024, 7, 20, 8, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		it         feeds.Item
		link, text string
		want       time.Time
		from       feeds.DateSource
	}{
		{
			name: "seed item 1: epoch pubDate, date in the link",
			it:   feeds.Item{RawPublished: "Thu, 01 Jan 1970 00:00:00 +0000", Published: epoch},
			link: "https://news.example.edu.cn/news/2024/0724/moe-midyear.shtml",
			text: "7月23日,教育部召开年中推进会",
			want: time.Date(2024, 7, 24, 0, 0, 0, 0, cst), from: feeds.DateFromLink,
		},
		{
			name: "seed item 2: Chinese pubDate",
			it:   feeds.Item{RawPublished: "2025年11月20日 09:30"},
			link: "https://news.example.edu.cn/2025/1120/ai-guide.shtml",
			want: time.Date(2025, 11, 20, 9, 30, 0, 0, cst), from: feeds.DateFromFeed,
		},
		{
			name: "zoneless raw beats gofeed's UTC reading",
			it:   feeds.Item{RawPublished: "2024-07-23 10:00:00", Published: gofeedUTC},
			want: time.Date(2024, 7, 23, 2, 0, 0, 0, time.UTC), from: feeds.DateFromFeed,
		},
		{
			name: "CST raw beats gofeed's US Central reading",
			it:   feeds.Item{RawPublished: "Tue, 23 Jul 2024 10:00:00 CST", Published: gofeedCentral},
			want: time.Date(2024, 7, 23, 2, 0, 0, 0, time.UTC), from: feeds.DateFromFeed,
		},
		{
			// A list page read "01-10" with the document's year; the raw
			// string alone would get another year.
			name: "a list page's own reading wins over its raw string",
			it:   feeds.Item{RawPublished: "01-10", Published: time.Date(2025, 1, 10, 0, 0, 0, 0, cst), DateFrom: feeds.DateFromList},
			want: time.Date(2025, 1, 10, 0, 0, 0, 0, cst), from: feeds.DateFromList,
		},
		{
			name: "an article page's date wins",
			it:   feeds.Item{Published: time.Date(2025, 3, 5, 16, 0, 0, 0, cst), DateFrom: feeds.DateFromPage},
			link: "https://jyt.example.gov.cn/art/202503/t20250301_1.html",
			want: time.Date(2025, 3, 5, 16, 0, 0, 0, cst), from: feeds.DateFromPage,
		},
		{
			name: "a page date that is no date falls through",
			it:   feeds.Item{Published: epoch, DateFrom: feeds.DateFromPage},
			link: "https://jyt.example.gov.cn/art/202503/t20250301_1.html",
			want: time.Date(2025, 3, 1, 0, 0, 0, 0, cst), from: feeds.DateFromLink,
		},
		{
			name: "year-less pubDate: the latest year not ahead, recorded as inferred",
			it:   feeds.Item{RawPublished: "12-10 12:00"},
			want: time.Date(2024, 12, 10, 12, 0, 0, 0, cst), from: feeds.DateFromYearless,
		},
		{
			name: "year-less updated date",
			it:   feeds.Item{RawUpdated: "11月30日 08:00"},
			want: time.Date(2025, 11, 30, 8, 0, 0, 0, cst), from: feeds.DateFromYearless,
		},
		{
			name: "no raw: gofeed's date",
			it:   feeds.Item{Published: valid},
			want: valid, from: feeds.DateFromFeed,
		},
		{
			name: "unreadable raw: gofeed's date",
			it:   feeds.Item{RawPublished: "某日", Published: valid},
			want: valid, from: feeds.DateFromFeed,
		},
		{
			name: "readable but invalid raw is not replaced by gofeed's",
			it:   feeds.Item{RawPublished: "Thu, 01 Jan 1970 00:00:00 +0000", Published: valid},
			want: seenAt, from: feeds.DateFromFirstSeen,
		},
		{
			name: "raw updated",
			it:   feeds.Item{RawPublished: "某日", RawUpdated: "2024-07-25 08:00"},
			want: time.Date(2024, 7, 25, 8, 0, 0, 0, cst), from: feeds.DateFromUpdated,
		},
		{
			name: "gofeed's updated",
			it:   feeds.Item{Updated: valid},
			want: valid, from: feeds.DateFromUpdated,
		},
		{
			name: "future published, link has none, text has one",
			it:   feeds.Item{RawPublished: "2030-01-01 00:00:00"},
			link: "https://news.example.edu.cn/news/ai-guide.shtml",
			text: "发布时间：2024-07-23 10:00\n正文",
			want: time.Date(2024, 7, 23, 10, 0, 0, 0, cst), from: feeds.DateFromContent,
		},
		{
			name: "nothing usable: first seen",
			it:   feeds.Item{RawPublished: "1990-01-01", RawUpdated: "Thu, 01 Jan 1970 00:00:00 +0000"},
			link: "https://news.example.edu.cn/news/ai-guide.shtml",
			text: "7月23日，会议召开。",
			want: seenAt, from: feeds.DateFromFirstSeen,
		},
		{
			name: "empty item",
			want: seenAt, from: feeds.DateFromFirstSeen,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, from := Date(tt.it, tt.link, "", tt.text, cst, seenAt)
			if !got.Equal(tt.want) || from != tt.from {
				t.Errorf("Date = %v from %s, want %v from %s", got, from, tt.want, tt.from)
			}
		})
	}
	// The bylines come before the text: they date the article, the text
	// may only mention dates.
	got, from := Date(feeds.Item{}, "", "来源：教育部 发布时间：2024-07-22", "2024年7月23日，会议召开。", cst, seenAt)
	if want := time.Date(2024, 7, 22, 0, 0, 0, 0, cst); !got.Equal(want) || from != feeds.DateFromContent {
		t.Errorf("Date with bylines = %v from %s, want %v from content", got, from, want)
	}
}
