package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/store"
)

// testKnown: a poll asks Known which items it holds before fetching their
// article pages. A story is known with its title, a copy merged into
// another story and a pruned item's tombstone are known empty, and an id
// never saved is not known.
func testKnown(t *testing.T, open Open) {
	s := open(t)
	now := day.Add(time.Hour)
	a := plain("moe", "a", day)
	a.Updated = day.Add(30 * time.Minute)
	old := plain("moe", "old", day.Add(-40*24*time.Hour))
	save(t, s, "moe", now, a, old)
	copyOfA := story("portal", "copy", "moe.edu.cn/info/a.htm", "", 0, day, "<p>转载</p>")
	if got := save(t, s, "portal", now, copyOfA); got.Merged != 1 {
		t.Fatalf("copy not merged: %+v", got)
	}
	if _, err := s.Prune(context.Background(), store.PruneOptions{Before: day.Add(-30 * 24 * time.Hour)}, now); err != nil {
		t.Fatal(err)
	}
	never := plain("moe", "never", day)
	got, err := s.Known([]string{a.ID, copyOfA.ID, old.ID, never.ID})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]feeds.Known{a.ID: {Title: a.Title, Updated: a.Updated}, copyOfA.ID: {}, old.ID: {}}
	if len(got) != len(want) {
		t.Errorf("Known = %v, want %d ids", got, len(want))
	}
	for id, w := range want {
		if g, ok := got[id]; !ok || g.Title != w.Title || !g.Updated.Equal(w.Updated) {
			t.Errorf("Known[%s] = %+v (known %v), want %+v", id, g, ok, w)
		}
	}
}
