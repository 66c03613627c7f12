package store

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// TestPruneKeepsNewestPerSource: each source's newest KeepPerSource stories
// survive pruning by age and by count; a story merged from two sources
// counts for each.
func TestPruneKeepsNewestPerSource(t *testing.T) {
	// moe posts daily but stopped two months ago; school posts twice a
	// year; eol has 3 fresh items and older ones; portal's only item is
	// merged into moe's oldest story.
	var polls = map[string][]feeds.Item{}
	add := func(src, guid, link string, published time.Time) {
		polls[src] = append(polls[src], story(src, guid, link, "", 0, published, "<p>正文</p>"))
	}
	for i := range 6 {
		add("moe", fmt.Sprint("moe", i), fmt.Sprintf("moe.gov.cn/%d.html", i), day.AddDate(0, -2, -i))
	}
	add("school", "school0", "school.edu.cn/0.html", day.AddDate(0, -4, 0))
	add("school", "school1", "school.edu.cn/1.html", day.AddDate(0, -10, 0))
	for i := range 6 {
		age := time.Duration(i) * time.Hour
		if i >= 3 {
			age = time.Duration(i) * 24 * 40 * time.Hour
		}
		add("eol", fmt.Sprint("eol", i), fmt.Sprintf("eol.cn/%d.html", i), day.Add(-age))
	}
	add("portal", "portal0", "moe.gov.cn/5.html", day.AddDate(0, -2, -5))

	tests := []struct {
		name string
		opts PruneOptions
		want []string // surviving GUIDs, newest first
	}{
		{"retention, keep 2", PruneOptions{Before: day.AddDate(0, 0, -30), KeepPerSource: 2},
			[]string{"eol0", "eol1", "eol2", "moe0", "moe1", "moe5", "school0", "school1"}},
		{"retention, keep 0", PruneOptions{Before: day.AddDate(0, 0, -30)},
			[]string{"eol0", "eol1", "eol2"}},
		{"max items, keep 1", PruneOptions{MaxItems: 4, KeepPerSource: 1},
			[]string{"eol0", "eol1", "eol2", "moe0", "moe5", "school0"}},
		{"max items, keep 0", PruneOptions{MaxItems: 4},
			[]string{"eol0", "eol1", "eol2", "moe0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTemp(t)
			for _, src := range []string{"moe", "school", "eol", "portal"} {
				mustSave(t, s, polls[src], src, day)
			}
			if _, err := s.Prune(t.Context(), tt.opts, day); err != nil {
				t.Fatal(err)
			}
			left, err := s.Items(Query{})
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(left); !slices.Equal(got, tt.want) {
				t.Errorf("left %v, want %v", got, tt.want)
			}
			// A second prune finds nothing more to do.
			res, err := s.Prune(t.Context(), tt.opts, day)
			if err != nil {
				t.Fatal(err)
			}
			if res.Items != 0 {
				t.Errorf("second prune removed %d", res.Items)
			}
		})
	}
}
