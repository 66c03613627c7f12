package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/store"
)

// testDeliveries is the notifier's delivery log: a target added after some
// stories starts past them; stories stored later come after its watermark,
// oldest first, and a merged copy adds none; what was sent is remembered
// per target until pruned.
func testDeliveries(t *testing.T, open Open) {
	s := open(t)
	log, ok := s.(store.DeliveryLog)
	if !ok {
		t.Fatalf("%T keeps no delivery log", s)
	}
	save(t, s, "moe", day, plain("moe", "old-1", day), plain("moe", "old-2", day))

	st, err := log.DeliveryState("grade-group", day)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := log.StoriesAfter(st.Watermark, 0); err != nil || len(got) != 0 {
		t.Fatalf("a new target sees %d archived stories (%v), want 0", len(got), err)
	}

	fresh := plain("moe", "new-1", day.Add(time.Hour))
	save(t, s, "moe", day.Add(time.Hour), fresh)
	// The same story from a second source joins it: no new story.
	copyOf := plain("edu-bureau", "x-99", day.Add(time.Hour))
	copyOf.Link, copyOf.Keys.Link = fresh.Link, fresh.Keys.Link
	if res := save(t, s, "edu-bureau", day.Add(2*time.Hour), copyOf); res.Merged != 1 {
		t.Fatalf("the copy: %+v, want it merged", res)
	}
	later := []feeds.Item{plain("moe", "new-2", day.Add(3*time.Hour)), plain("moe", "new-3", day.Add(4*time.Hour))}
	save(t, s, "moe", day.Add(5*time.Hour), later...)

	got, err := log.StoriesAfter(st.Watermark, 0)
	if err != nil {
		t.Fatal(err)
	}
	if ids := storyIDs(got); !slices.Equal(ids, []string{fresh.ID, later[0].ID, later[1].ID}) {
		t.Fatalf("stories after the watermark = %v, want %s, %s, %s", ids, fresh.ID, later[0].ID, later[1].ID)
	}
	if got[0].Seq <= st.Watermark || got[1].Seq <= got[0].Seq || got[2].Seq <= got[1].Seq {
		t.Errorf("sequence numbers %d, %d, %d after watermark %d: not increasing", got[0].Seq, got[1].Seq, got[2].Seq, st.Watermark)
	}
	if two, err := log.StoriesAfter(st.Watermark, 2); err != nil || len(two) != 2 || two[0].Seq != got[0].Seq {
		t.Errorf("with limit 2: %v, %v; want the first two", storyIDs(two), err)
	}
	if rest, err := log.StoriesAfter(got[0].Seq, 0); err != nil || len(rest) != 2 {
		t.Errorf("after the first: %v, %v; want the two later ones", storyIDs(rest), err)
	}

	st.Watermark = got[0].Seq
	st.Delivered++
	st.LastDelivery = day.Add(6 * time.Hour)
	if err := log.RecordDelivery(st, []string{"id:" + fresh.ID, "link:" + fresh.Link}, day.Add(6*time.Hour)); err != nil {
		t.Fatal(err)
	}
	again, err := log.DeliveryState("grade-group", day.Add(7*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if again.Watermark != st.Watermark || again.Delivered != 1 || !again.Added.Equal(day) || !again.LastDelivery.Equal(st.LastDelivery) {
		t.Fatalf("state read back = %+v, want %+v", again, st)
	}
	done, err := log.Delivered("grade-group", []string{"id:" + fresh.ID, "id:other", "link:" + fresh.Link})
	if err != nil {
		t.Fatal(err)
	}
	if len(done) != 3 || !done[0] || done[1] || !done[2] {
		t.Fatalf("Delivered = %v, want [true false true]", done)
	}
	if other, err := log.Delivered("principal", []string{"id:" + fresh.ID}); err != nil || other[0] {
		t.Fatalf("a delivery to one target counts for another (%v)", err)
	}

	again.LastError, again.LastErrorAt, again.ConsecutiveErrors = "HTTP 502", day.Add(8*time.Hour), 1
	if err := log.SaveDeliveryState(again); err != nil {
		t.Fatal(err)
	}
	if failed, err := log.DeliveryState("grade-group", day.Add(9*time.Hour)); err != nil || failed.LastError != "HTTP 502" || failed.ConsecutiveErrors != 1 {
		t.Fatalf("state after a failure = %+v, %v", failed, err)
	}

	// A delivery recorded later survives a cutoff between the two.
	if err := log.RecordDelivery(again, []string{"id:" + later[0].ID}, day.Add(10*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if n, err := log.PruneDeliveries(day.Add(6*time.Hour + time.Second)); err != nil || n != 2 {
		t.Fatalf("PruneDeliveries = %d, %v; want 2", n, err)
	}
	if done, _ := log.Delivered("grade-group", []string{"id:" + fresh.ID, "id:" + later[0].ID}); done[0] || !done[1] {
		t.Errorf("after the prune Delivered = %v, want [false true]", done)
	}
}

func storyIDs(ss []feeds.Story) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.Item.ID
	}
	return out
}
