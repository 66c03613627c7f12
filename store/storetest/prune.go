package storetest

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/store"
)

func testTombstones(t *testing.T, open Open) {
	s := open(t)
	now := day.Add(time.Hour)
	old, fresh := plain("moe", "old", day.Add(-40*24*time.Hour)), plain("moe", "new", day)
	save(t, s, "moe", now, old, fresh)
	res, err := s.Prune(context.Background(), store.PruneOptions{Before: day.Add(-30 * 24 * time.Hour)}, now)
	if err != nil || res.Items != 1 {
		t.Fatalf("prune: %+v, %v; want 1 item", res, err)
	}
	if got := guids(all(t, s)); !slices.Equal(got, []string{"new"}) {
		t.Fatalf("after prune: %v", got)
	}
	// The source still lists the pruned item, and a copy from elsewhere
	// with the same link: neither brings it back.
	copyOf := story("portal", "p1", "moe.edu.cn/info/old.htm", "", 0, old.Published, "<p>转载</p>")
	if got := save(t, s, "moe", now.Add(time.Hour), old, fresh); got.Skipped != 1 || got.New != 0 {
		t.Errorf("pruned item listed again: %+v, want 1 skipped", got)
	}
	if got := save(t, s, "portal", now.Add(time.Hour), copyOf); got.Skipped != 1 {
		t.Errorf("copy of a pruned item: %+v, want 1 skipped", got)
	}
	st, _ := s.State("moe")
	if st.ItemCount != 1 {
		t.Errorf("moe ItemCount %d after prune, want 1", st.ItemCount)
	}
	// Once the tombstone is forgotten, the item is new again.
	res, err = s.Prune(context.Background(), store.PruneOptions{TombstonesBefore: now.Add(time.Minute)}, now.Add(2*time.Hour))
	if err != nil || res.Tombstones != 1 {
		t.Fatalf("forget tombstones: %+v, %v; want 1", res, err)
	}
	if got := save(t, s, "moe", now.Add(3*time.Hour), old); got.New != 1 {
		t.Errorf("after the tombstone is forgotten: %+v, want 1 new", got)
	}
	// Its keys went with the tombstone: the story stored anew is found by them.
	if got := save(t, s, "moe", now.Add(4*time.Hour), old); got.Unchanged != 1 {
		t.Errorf("the item stored anew, listed again: %+v, want 1 unchanged", got)
	}
}

func testPrune(t *testing.T, open Open) {
	tests := []struct {
		name string
		opts store.PruneOptions
		want []string
	}{
		{"by age", store.PruneOptions{Before: day.Add(-10 * 24 * time.Hour)}, []string{"b3", "b2", "b1", "a5"}},
		{"by age, keeping two per source", store.PruneOptions{Before: day, KeepPerSource: 2}, []string{"b3", "b2", "a5", "a4"}},
		{"by count", store.PruneOptions{MaxItems: 3}, []string{"b3", "b2", "b1"}},
		{"by count, keeping one per source", store.PruneOptions{MaxItems: 3, KeepPerSource: 1}, []string{"b3", "b2", "b1", "a5"}},
		{"in batches of one", store.PruneOptions{MaxItems: 2, Batch: 1}, []string{"b3", "b2"}},
		{"nothing asked", store.PruneOptions{}, []string{"b3", "b2", "b1", "a5", "a4", "a3", "a2", "a1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			now := day.Add(time.Hour)
			var a, b []feeds.Item
			// A source that posts rarely (a, long ago) and a busy one (b, recent).
			for i := 1; i <= 5; i++ {
				a = append(a, plain("a", fmt.Sprintf("a%d", i), day.Add(-time.Duration(60-i*10)*24*time.Hour)))
			}
			for i := 1; i <= 3; i++ {
				b = append(b, plain("b", fmt.Sprintf("b%d", i), day.Add(time.Duration(i)*time.Minute-time.Hour)))
			}
			save(t, s, "a", now, a...)
			save(t, s, "b", now, b...)
			if _, err := s.Prune(context.Background(), tt.opts, now); err != nil {
				t.Fatal(err)
			}
			if got := guids(all(t, s)); !slices.Equal(got, tt.want) {
				t.Errorf("kept %v, want %v", got, tt.want)
			}
			st, err := s.Stats()
			if err != nil || st.Items != len(tt.want) {
				t.Errorf("Stats().Items = %d (%v), want %d", st.Items, err, len(tt.want))
			}
		})
	}
}
