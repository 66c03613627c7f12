package store

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// chineseContent is about 2 KB of article HTML, like a cleaned news item.
func chineseContent(n int) string {
	const para = "<p>教育部召开2024年年中推进会，总结上半年工作，部署下半年重点任务，强调要深化教育综合改革。</p>"
	var b strings.Builder
	fmt.Fprintf(&b, "<p>第%d篇。</p>", n)
	for b.Len() < 2000 {
		b.WriteString(para)
	}
	return b.String()
}

func benchItems(start, n int) []feeds.Item {
	items := make([]feeds.Item, n)
	for i := range items {
		k := start + i
		it := item("moe", fmt.Sprint("bench-", k), day.Add(time.Duration(k)*time.Second), feeds.DateFromFeed)
		it.Content = chineseContent(k)
		it.Summary = "教育部召开2024年年中推进会，总结上半年工作。"
		items[i] = it
	}
	return items
}

func BenchmarkSavePoll(b *testing.B) {
	b.Run("new", func(b *testing.B) {
		s := openTemp(b)
		polls := 0
		for b.Loop() {
			items := benchItems(polls*20, 20)
			if _, err := s.SavePoll(items, feeds.SourceState{Name: "moe"}, day); err != nil {
				b.Fatal(err)
			}
			polls++
		}
	})
	b.Run("unchanged", func(b *testing.B) {
		s := openTemp(b)
		items := benchItems(0, 20)
		mustSave(b, s, items, "moe", day)
		for b.Loop() {
			res, err := s.SavePoll(items, feeds.SourceState{Name: "moe"}, day)
			if err != nil {
				b.Fatal(err)
			}
			if res.Unchanged != 20 {
				b.Fatalf("result = %+v", res)
			}
		}
	})
}

func BenchmarkItemsNewest200Of10000(b *testing.B) {
	s := openTemp(b)
	for start := 0; start < 10000; start += 500 {
		mustSave(b, s, benchItems(start, 500), "moe", day)
	}
	for b.Loop() {
		items, err := s.Items(Query{Limit: 200})
		if err != nil {
			b.Fatal(err)
		}
		if len(items) != 200 || items[0].GUID != "bench-9999" {
			b.Fatalf("got %d items, first %s", len(items), items[0].GUID)
		}
	}
}
