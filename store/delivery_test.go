package store

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// A target added after some stories starts past them; stories stored later
// come after its watermark, a merged copy adds none, and the log and state
// survive a reopen.
func TestDeliveryLog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "edufeed.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	mustSave(t, s, []feeds.Item{item("moe", "old-1", day, feeds.DateFromFeed), item("moe", "old-2", day, feeds.DateFromFeed)}, "moe", day)

	st, err := s.DeliveryState("grade-group", day)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := s.StoriesAfter(st.Watermark, 0); len(got) != 0 {
		t.Fatalf("new target sees %d archived stories, want 0", len(got))
	}

	fresh := item("moe", "new-1", day.Add(time.Hour), feeds.DateFromFeed)
	fresh.Keys.Link = "news.example.edu.cn/new-1.shtml"
	mustSave(t, s, []feeds.Item{fresh}, "moe", day.Add(time.Hour))
	// The same story from a second source joins it: no new story.
	copyOf := fresh
	copyOf.Source, copyOf.GUID, copyOf.ID = "edu-bureau", "x-99", feeds.NewID("edu-bureau", "x-99")
	mustSave(t, s, []feeds.Item{copyOf}, "edu-bureau", day.Add(2*time.Hour))

	got, err := s.StoriesAfter(st.Watermark, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Item.ID != fresh.ID {
		t.Fatalf("stories after the watermark = %+v, want only %s", got, fresh.ID)
	}
	st.Watermark = got[0].Seq
	st.Delivered++
	if err := s.RecordDelivery(st, []string{"id:" + fresh.ID}, day.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	again, err := s.DeliveryState("grade-group", day.Add(4*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if again.Watermark != st.Watermark || again.Delivered != 1 || !again.Added.Equal(day) {
		t.Fatalf("state after reopen = %+v, want %+v", again, st)
	}
	done, err := s.Delivered("grade-group", []string{"id:" + fresh.ID, "id:other"})
	if err != nil {
		t.Fatal(err)
	}
	if !done[0] || done[1] {
		t.Fatalf("Delivered = %v, want [true false]", done)
	}
	if other, _ := s.Delivered("principal", []string{"id:" + fresh.ID}); other[0] {
		t.Fatal("a delivery to one target counts for another")
	}
	if n, err := s.PruneDeliveries(day.Add(3*time.Hour + time.Second)); err != nil || n != 1 {
		t.Fatalf("PruneDeliveries = %d, %v; want 1", n, err)
	}
}
