package storetest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/store"
)

// OpenBench returns a new, empty store for one benchmark.
type OpenBench func(b *testing.B) store.Backend

// BenchmarkSavePoll measures one poll of 20 items of about 2 KB each, with
// every merge key set: 20 new stories, or the same 20 again, so that the
// backends can be compared in one run.
func BenchmarkSavePoll(b *testing.B, open OpenBench) {
	var para strings.Builder
	for para.Len() < 2000 {
		para.WriteString("<p>教育部召开2024年年中推进会，总结上半年工作，部署下半年重点任务，强调要深化教育综合改革。</p>")
	}
	poll := func(start int) []feeds.Item {
		items := make([]feeds.Item, 20)
		for i := range items {
			k := start + i
			items[i] = story("moe", fmt.Sprint("bench-", k), fmt.Sprintf("moe.gov.cn/jyb/%d.html", k),
				fmt.Sprintf("教育部第%d号通知", k), uint64(k)*0x9E3779B97F4A7C15|1, day.Add(time.Duration(k)*time.Second), para.String())
		}
		return items
	}
	b.Run("new", func(b *testing.B) {
		s := open(b)
		polls := 0
		for b.Loop() {
			if _, err := s.SavePoll(poll(polls*20), feeds.SourceState{Name: "moe"}, day); err != nil {
				b.Fatal(err)
			}
			polls++
		}
	})
	b.Run("unchanged", func(b *testing.B) {
		s := open(b)
		items := poll(0)
		if _, err := s.SavePoll(items, feeds.SourceState{Name: "moe"}, day); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			res, err := s.SavePoll(items, feeds.SourceState{Name: "moe"}, day)
			if err != nil || res.Unchanged != 20 {
				b.Fatalf("result %+v, %v", res, err)
			}
		}
	})
}
