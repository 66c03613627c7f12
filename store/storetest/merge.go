package storetest

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

func testMerges(t *testing.T, open Open) {
	const fp uint64 = 0xF0F0_1234_5678_9ABC
	title := "教育部关于做好2026届高校毕业生就业工作的通知"
	tests := []struct {
		name  string
		a, b  feeds.Item
		merge bool
	}{
		{"same canonical link",
			story("moe", "g1", "moe.gov.cn/a.html", "", 0, day, "<p>短</p>"),
			story("portal", "p9", "moe.gov.cn/a.html", "", 0, day.Add(time.Hour), "<p>长一些的正文</p>"), true},
		{"same title key within the window",
			story("moe", "g1", "moe.gov.cn/a.html", title, 0, day, "<p>a</p>"),
			story("portal", "p9", "portal.cn/b.html", title, 0, day.Add(71*time.Hour), "<p>b</p>"), true},
		{"same title key outside the window",
			story("moe", "g1", "moe.gov.cn/a.html", title, 0, day, "<p>a</p>"),
			story("portal", "p9", "portal.cn/b.html", title, 0, day.Add(73*time.Hour), "<p>b</p>"), false},
		{"same title key in the same source",
			story("moe", "g1", "moe.gov.cn/a.html", title, 0, day, "<p>a</p>"),
			story("moe", "g2", "moe.gov.cn/b.html", title, 0, day.Add(time.Hour), "<p>b</p>"), false},
		{"fingerprints three bits apart",
			story("moe", "g1", "moe.gov.cn/a.html", "", fp, day, "<p>a</p>"),
			story("portal", "p9", "portal.cn/b.html", "", fp^0b1011, day.Add(30*24*time.Hour), "<p>b</p>"), true},
		{"fingerprints three bits apart in three bands",
			story("moe", "g1", "moe.gov.cn/a.html", "", fp, day, "<p>a</p>"),
			story("portal", "p9", "portal.cn/b.html", "", fp^(1|1<<16|1<<32), day, "<p>b</p>"), true},
		{"fingerprints four bits apart",
			story("moe", "g1", "moe.gov.cn/a.html", "", fp, day, "<p>a</p>"),
			story("portal", "p9", "portal.cn/b.html", "", fp^0b1111, day, "<p>b</p>"), false},
		{"same GUID in two sources",
			story("school-a", "1001", "a.edu.cn/tz/1.html", "", 0, day, "<p>甲校</p>"),
			story("school-b", "1001", "b.edu.cn/tz/1.html", "", 0, day, "<p>乙校</p>"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			now := day.Add(100 * time.Hour)
			save(t, s, tt.a.Source, now, tt.a)
			res := save(t, s, tt.b.Source, now.Add(time.Minute), tt.b)
			items := all(t, s)
			if tt.merge {
				if res.Merged != 1 || len(items) != 1 {
					t.Fatalf("result %+v, %d stories; want one merged story", res, len(items))
				}
				got := items[0]
				if got.ID != tt.a.ID || !slices.Equal(got.Sources, []string{tt.a.Source, tt.b.Source}) {
					t.Errorf("merged story %s sources %v, want %s carried by both", got.ID, got.Sources, tt.a.ID)
				}
				if _, ok, _ := s.Get(tt.b.ID); ok {
					t.Errorf("Get(%s) found the merged copy under its own id", tt.b.ID)
				}
				// The copy comes again: it is the same story, not a new one.
				if again := save(t, s, tt.b.Source, now.Add(time.Hour), tt.b); again.New != 0 {
					t.Errorf("copy saved again: %+v", again)
				}
			} else if res.New != 1 || len(items) != 2 {
				t.Fatalf("result %+v, %d stories; want two stories", res, len(items))
			}
		})
	}
}

// testConcurrentCopies saves copies of the same stories from many sources
// at once: each story is stored once, whoever wins.
func testConcurrentCopies(t *testing.T, open Open) {
	s := open(t)
	const sources, stories = 6, 20
	now := day.Add(time.Hour)
	var wg sync.WaitGroup
	errs := make(chan error, sources)
	for i := range sources {
		wg.Add(1)
		go func() {
			defer wg.Done()
			src := fmt.Sprintf("mirror-%d", i)
			var items []feeds.Item
			for j := range stories {
				items = append(items, story(src, fmt.Sprintf("g%d", j), fmt.Sprintf("moe.gov.cn/%d.html", j), "", 0,
					day.Add(time.Duration(j)*time.Minute), fmt.Sprintf("<p>%d</p>", j)))
			}
			_, err := s.SavePoll(items, feeds.SourceState{Name: src}, now)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	items := all(t, s)
	if len(items) != stories {
		t.Fatalf("%d stories stored, want %d", len(items), stories)
	}
	for _, it := range items {
		if len(it.Sources) != sources {
			t.Errorf("story %s carried by %v, want all %d mirrors", it.ID, it.Sources, sources)
		}
	}
}
