package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/clean"
	"github.com/edufeed/edufeed/feeds/merge"
	"github.com/edufeed/edufeed/store"
)

// TestPairsThroughStore runs the labelled pairs of feeds/merge through the
// real store: the first item saved by one source, the second by another.
// The store's decision must be the pure rule's (merge.DefaultRule.Same) on every pair,
// and precision and recall are reported as the store sees them.
func TestPairsThroughStore(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "feeds", "merge", "testdata", "pairs.json"))
	if err != nil {
		t.Fatal(err)
	}
	type side struct {
		Source, Title, Link, GUID, Content, Summary string
		Published                                   time.Time
	}
	var pairs []struct {
		ID        string
		Duplicate bool
		A, B      side
	}
	if err := json.Unmarshal(raw, &pairs); err != nil {
		t.Fatal(err)
	}
	toItem := func(s side, source string) feeds.Item {
		it := feeds.Item{
			Source: source, Sources: []string{source}, GUID: s.GUID, Link: s.Link, Title: s.Title,
			Content: s.Content, Summary: s.Summary, Published: s.Published, DateFrom: feeds.DateFromFeed,
		}
		it.ID = feeds.NewID(source, "guid", s.GUID)
		it.Text = clean.Item(it, clean.Context{Seen: s.Published}).Text // as the poll hands it over
		it.Keys = merge.KeysOf(it)
		return it
	}
	var tp, fp, fn, tn int
	for _, p := range pairs {
		st, err := store.Open(filepath.Join(t.TempDir(), "edufeed.db"), storeOptions(nil))
		if err != nil {
			t.Fatal(err)
		}
		a, b := toItem(p.A, "a"), toItem(p.B, "b")
		if _, err := st.SavePoll([]feeds.Item{a}, feeds.SourceState{Name: "a"}, a.Published); err != nil {
			t.Fatal(err)
		}
		res, err := st.SavePoll([]feeds.Item{b}, feeds.SourceState{Name: "b"}, b.Published)
		if err != nil {
			t.Fatal(err)
		}
		st.Close()
		merged := res.Merged == 1
		if want := merge.DefaultRule.Same(a.Keys, b.Keys, a.Published, b.Published); merged != want {
			t.Errorf("%s: store merged=%v, merge.DefaultRule.Same says %v", p.ID, merged, want)
		}
		switch {
		case merged && p.Duplicate:
			tp++
		case merged:
			fp++
			t.Errorf("%s: false merge", p.ID)
		case p.Duplicate:
			fn++
		default:
			tn++
		}
	}
	precision := float64(tp) / float64(max(tp+fp, 1))
	recall := float64(tp) / float64(max(tp+fn, 1))
	t.Logf("%d pairs through the store: %d merged duplicates, %d false merges, %d missed, %d kept apart; precision %.3f, recall %.3f",
		len(pairs), tp, fp, fn, tn, precision, recall)
	if recall < 0.9 {
		t.Errorf("recall %.3f < 0.9", recall)
	}
}
