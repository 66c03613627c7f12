package store

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

var china = time.FixedZone("CST", 8*60*60)

// day is a fixed point the tests count from.
var day = time.Date(2025, 11, 20, 9, 30, 0, 0, china)

// openTemp opens a new store in a temporary directory and closes it when the
// test ends.
func openTemp(t testing.TB) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "edufeed.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

// item builds an item of source src whose identity is guid.
func item(src, guid string, published time.Time, from feeds.DateSource) feeds.Item {
	return feeds.Item{
		ID:        feeds.NewID(src, guid),
		Source:    src,
		GUID:      guid,
		Link:      "https://news.example.edu.cn/" + guid + ".shtml",
		Title:     "标题 " + guid,
		Content:   "<p>正文 " + guid + "</p>",
		Published: published,
		DateFrom:  from,
	}
}

func mustSave(t testing.TB, s *Store, items []feeds.Item, src string, now time.Time) feeds.PollResult {
	t.Helper()
	res, err := s.SavePoll(items, feeds.SourceState{Name: src, LastSuccess: now}, now)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func mustGet(t testing.TB, s *Store, id string) feeds.Item {
	t.Helper()
	it, ok, err := s.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if !ok {
		t.Fatalf("item %s not stored", id)
	}
	return it
}

func ids(items []feeds.Item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.GUID
	}
	return out
}

// reopen closes s and opens its file again for writing, closed when the
// test ends.
func reopen(t testing.TB, s *Store) *Store {
	t.Helper()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := Open(s.Path(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = again.Close() })
	return again
}
