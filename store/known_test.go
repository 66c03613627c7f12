package store

import (
	"context"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

func TestKnown(t *testing.T) {
	s := openTemp(t)
	a := item("moe", "a", day, feeds.DateFromFeed)
	a.Updated = day.Add(time.Hour)
	old := item("moe", "old", day.Add(-90*24*time.Hour), feeds.DateFromFeed)
	mustSave(t, s, []feeds.Item{a, old}, "moe", day)
	// Another source's copy of a merges into a's story by its link.
	copyOfA := item("portal", "a-copy", day, feeds.DateFromFeed)
	copyOfA.Link = a.Link
	a.Keys = feeds.Keys{Link: a.Link}
	copyOfA.Keys = feeds.Keys{Link: a.Link}
	mustSave(t, s, []feeds.Item{a}, "moe", day)
	if pr := mustSave(t, s, []feeds.Item{copyOfA}, "portal", day); pr.Merged != 1 {
		t.Fatalf("copy not merged: %+v", pr)
	}
	if _, err := s.Prune(context.Background(), PruneOptions{Before: day.Add(-30 * 24 * time.Hour)}, day); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.Get(old.ID); ok {
		t.Fatal("old item not pruned")
	}
	never := item("moe", "never", day, feeds.DateFromFeed)

	got, err := s.Known([]string{a.ID, copyOfA.ID, old.ID, never.ID})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]feeds.Known{
		a.ID:       {Title: a.Title, Updated: a.Updated},
		copyOfA.ID: {}, // known as a copy merged into a
		old.ID:     {}, // known by its tombstone
	}
	if len(got) != len(want) {
		t.Errorf("Known = %v, want %d ids", got, len(want))
	}
	for id, w := range want {
		g, ok := got[id]
		if !ok {
			t.Errorf("id %s not known", id)
			continue
		}
		if g.Title != w.Title || !g.Updated.Equal(w.Updated) {
			t.Errorf("id %s: %+v, want %+v", id, g, w)
		}
	}
	if _, ok := got[never.ID]; ok {
		t.Error("an id never saved is known")
	}
}
