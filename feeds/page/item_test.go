package page

import (
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

func TestFeedItem(t *testing.T) {
	pub := time.Date(2025, 1, 10, 0, 0, 0, 0, cst)
	it := Item{Link: "https://a.example.cn/1.html", Title: "标题", Published: pub, DateFrom: feeds.DateFromList, DateText: "(01-10)",
		YearInferred: true, Summary: "摘要", Image: "https://a.example.cn/p/1.PNG?x=1", ListText: "标题 (01-10)"}
	got := it.FeedItem()
	if got.Link != it.Link || got.Title != it.Title || !got.Published.Equal(pub) || got.DateFrom != feeds.DateFromYearless ||
		got.RawPublished != "(01-10)" || got.Summary != "摘要" {
		t.Errorf("got %+v", got)
	}
	if len(got.Enclosures) != 1 || got.Enclosures[0] != (feeds.Enclosure{URL: it.Image, Type: "image/png"}) {
		t.Errorf("enclosures %+v", got.Enclosures)
	}
	if none := (Item{Link: "https://a.example.cn/2.html", Title: "无日期"}).FeedItem(); !none.Published.IsZero() || none.DateFrom != "" || none.Enclosures != nil {
		t.Errorf("an undated entry: %+v", none)
	}
	withYear := it
	withYear.YearInferred, withYear.DateText = false, "2025-01-10"
	if got := withYear.FeedItem(); got.DateFrom != feeds.DateFromList {
		t.Errorf("a dated entry with its year: date_from %q, want list", got.DateFrom)
	}
	if n := len(FeedItems([]Item{it, it})); n != 2 {
		t.Errorf("FeedItems: %d", n)
	}
}
