package merge

import (
	"reflect"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

func TestJoin(t *testing.T) {
	now := time.Date(2025, 5, 20, 10, 0, 0, 0, time.UTC)
	day := now.Add(-24 * time.Hour)
	stored := feeds.Item{
		ID: "s1", Source: "moe", Sources: []string{"moe"}, Title: "教育部召开推进会", Link: "https://moe.cn/a.html",
		Content: "<p>短。</p>", Summary: "短。", Tags: []string{"gov"}, Categories: []string{"通知"},
		Published: day, DateFrom: feeds.DateFromFeed, FirstSeen: day,
	}
	edit := stored
	edit.ID, edit.Title, edit.Content, edit.Summary = "other", "教育部召开年中推进会", "<p>改。</p>", "改。"
	edit.Published, edit.FirstSeen = now, now
	copyB := feeds.Item{
		ID: "b1", Source: "portal", Sources: []string{"portal"}, Title: "转载：推进会", Link: "https://portal.cn/1.html",
		Content: "<p>更长的一篇正文。</p>", Summary: "更长的一篇正文。", Tags: []string{"news"}, Categories: []string{"要闻"},
		Published: now, DateFrom: feeds.DateFromFeed, FirstSeen: now,
	}
	shared := stored
	shared.Sources = []string{"moe", "portal"}
	shared.Content, shared.Summary = "<p>更长的一篇正文。</p>", "更长的一篇正文。"
	seen := stored
	seen.Published, seen.DateFrom, seen.FirstSeen = now, feeds.DateFromFirstSeen, time.Time{}

	tests := []struct {
		name             string
		stored, incoming feeds.Item
		want             feeds.Item
		joined           bool
	}{
		{"an edit from the first source replaces the fields", stored, edit, func() feeds.Item {
			m := edit
			m.ID, m.Published, m.FirstSeen = "s1", day, day
			return m
		}(), false},
		{"another source joins: the story stays, gains longer content", stored, copyB, func() feeds.Item {
			m := stored
			m.Sources = []string{"moe", "portal"}
			m.Tags, m.Categories = []string{"gov", "news"}, []string{"通知", "要闻"}
			m.Content, m.Summary = copyB.Content, copyB.Summary
			return m
		}(), true},
		{"a shared story does not shrink on an edit", shared, edit, func() feeds.Item {
			m := edit
			m.ID, m.Published, m.FirstSeen = "s1", day, day
			m.Sources = []string{"moe", "portal"}
			m.Content, m.Summary = shared.Content, shared.Summary
			return m
		}(), false},
		{"a first-seen date gives way to the source's, first seen stays or is now", seen, copyB, func() feeds.Item {
			m := seen
			m.Sources = []string{"moe", "portal"}
			m.Tags, m.Categories = []string{"gov", "news"}, []string{"通知", "要闻"}
			m.Content, m.Summary = copyB.Content, copyB.Summary
			m.Published, m.DateFrom, m.FirstSeen = copyB.Published, feeds.DateFromFeed, now
			return m
		}(), true},
	}
	for _, tt := range tests {
		got, joined := Join(tt.stored, tt.incoming, now)
		if !reflect.DeepEqual(got, tt.want) || joined != tt.joined {
			t.Errorf("%s:\n got %+v %v\nwant %+v %v", tt.name, got, joined, tt.want, tt.joined)
		}
	}
	// Join leaves the stored story's lists as they were.
	if _, _ = Join(stored, copyB, now); !reflect.DeepEqual(stored.Sources, []string{"moe"}) || !reflect.DeepEqual(stored.Tags, []string{"gov"}) {
		t.Errorf("Join changed the stored lists: %v %v", stored.Sources, stored.Tags)
	}
}
