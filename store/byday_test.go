package store

import (
	"cmp"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/edufeed/edufeed/feeds"
)

// toSchema4 turns s's file into one schema 4 wrote: by_time in place of
// by_day. The caller closes s.
func toSchema4(t *testing.T, s *Store) {
	t.Helper()
	err := s.db.Update(func(tx *bbolt.Tx) error {
		byTime, err := tx.CreateBucket(bucketByTime)
		if err != nil {
			return err
		}
		if err := tx.Bucket(bucketByDay).ForEach(func(k, v []byte) error {
			seq, _ := keySeq(k[dayLen:])
			at, err := decodeUint(v)
			if err != nil {
				return err
			}
			return byTime.Put(timeKey(at, seq), nil)
		}); err != nil {
			return err
		}
		if err := tx.DeleteBucket(bucketByDay); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keySchema, encodeUint(bySourceSchema))
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestDayOf(t *testing.T) {
	epoch := 1 << 31
	tests := []struct {
		at   time.Time
		want int
	}{
		{time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), epoch},
		{time.Date(1970, 1, 1, 23, 59, 59, 999999999, time.UTC), epoch},
		{time.Date(1969, 12, 31, 23, 59, 59, 999999999, time.UTC), epoch - 1},
		{time.Date(1970, 1, 2, 0, 0, 0, 0, time.UTC), epoch + 1},
		// 08:00 in Beijing is midnight UTC: the day is UTC's.
		{time.Date(2025, 11, 20, 7, 59, 0, 0, china), epoch + 20411},
		{time.Date(2025, 11, 20, 8, 0, 0, 0, china), epoch + 20412},
		// The zero time is clamped to the oldest time, and the latest to
		// the newest; both stay within 32 bits.
		{time.Time{}, epoch - 106752},
		{time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), epoch + 106751},
	}
	for _, tt := range tests {
		if got := dayOf(sortableTime(tt.at)); int(got) != tt.want {
			t.Errorf("dayOf(%s) = %d, want %d", tt.at, got, tt.want)
		}
	}
}

// randomStories stores n stories of a few sources whose published times
// collide: a few times on each of a few days around a UTC midnight, the
// zero time and a time before 1970 among them. Every tenth story comes
// again from another source dated two days earlier (a merge that moves it
// to another day).
func randomStories(t *testing.T, s *Store, n int, seed uint64) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 1))
	midnight := time.Date(2025, 11, 20, 0, 0, 0, 0, time.UTC)
	times := []time.Time{{}, time.Date(1960, 5, 1, 12, 0, 0, 0, time.UTC)}
	for d := -2; d <= 2; d++ {
		for _, off := range []time.Duration{-time.Nanosecond, 0, time.Hour, 23 * time.Hour} {
			times = append(times, midnight.Add(time.Duration(d)*24*time.Hour+off))
		}
	}
	sources := []string{"moe", "edu", "eol", "school"}
	polls := map[string][]feeds.Item{}
	var again []feeds.Item
	for i := range n {
		src := sources[rng.IntN(len(sources))]
		at := times[rng.IntN(len(times))]
		link := fmt.Sprintf("%s.example.cn/%d.html", src, i)
		polls[src] = append(polls[src], story(src, fmt.Sprint(src, i), link, "", 0, at, "<p>正文</p>"))
		if i%10 == 0 {
			again = append(again, story("portal", fmt.Sprint("portal", i), link, "", 0, at.Add(-48*time.Hour), "<p>长一些的正文</p>"))
		}
	}
	// Several polls per source, so that sequence numbers interleave.
	for round := range 3 {
		for _, src := range sources {
			items := polls[src]
			part := items[round*len(items)/3 : (round+1)*len(items)/3]
			mustSave(t, s, part, src, day)
		}
	}
	mustSave(t, s, again, "portal", day.Add(time.Hour))
}

// plainOrder is the order Items must give: newest first by published time,
// the later stored first among equal times.
func plainOrder(t *testing.T, s *Store, items []feeds.Item) []string {
	t.Helper()
	type entry struct {
		at   uint64
		seq  uint64
		guid string
	}
	var all []entry
	for _, it := range items {
		all = append(all, entry{sortableTime(it.Published), storySeq(t, s, it.ID), it.GUID})
	}
	slices.SortFunc(all, func(a, b entry) int {
		return cmp.Or(cmp.Compare(b.at, a.at), cmp.Compare(b.seq, a.seq))
	})
	out := make([]string, len(all))
	for i, e := range all {
		out[i] = e.guid
	}
	return out
}

// TestItemsByDayOrder holds Items, paged by Limit, and Prune to a plain sort
// of the stored stories by time and sequence number.
func TestItemsByDayOrder(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		s := openTemp(t)
		randomStories(t, s, 300, seed)
		all, err := s.Items(Query{})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 300 {
			t.Fatalf("seed %d: %d stories, want 300", seed, len(all))
		}
		want := plainOrder(t, s, all)
		if got := ids(all); !slices.Equal(got, want) {
			t.Errorf("seed %d: Items\n got %v\nwant %v", seed, got, want)
		}
		for _, limit := range []int{1, 7, 50} {
			got, err := s.Items(Query{Limit: limit})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(ids(got), want[:limit]) {
				t.Errorf("seed %d: limit %d: %v, want %v", seed, limit, ids(got), want[:limit])
			}
		}
		// Prune removes the oldest: what is left is the newest 120.
		res, err := s.Prune(t.Context(), PruneOptions{MaxItems: 120, Batch: 17}, day)
		if err != nil {
			t.Fatal(err)
		}
		left, err := s.Items(Query{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Items != 180 || !slices.Equal(ids(left), want[:120]) {
			t.Errorf("seed %d: pruned %d, left\n %v\nwant %v", seed, res.Items, ids(left), want[:120])
		}
		checkBySource(t, s)
	}
}

// copyFile copies the store file at src to dst.
func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestUpgradeToSchema5: a schema 4 file is read as it is when opened
// read-only, and gets by_day when opened for writing; its Items and what
// Prune removes are those of the file that was schema 5 all along.
func TestUpgradeToSchema5(t *testing.T) {
	// Several transactions, each going on where the last stopped.
	defer func(n int) { byDayBatch = n }(byDayBatch)
	byDayBatch = 7
	dir := t.TempDir()
	fresh, old := filepath.Join(dir, "fresh.db"), filepath.Join(dir, "old.db")
	s, err := Open(fresh, Options{})
	if err != nil {
		t.Fatal(err)
	}
	randomStories(t, s, 200, 4)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	copyFile(t, fresh, old)
	s, err = Open(old, Options{})
	if err != nil {
		t.Fatal(err)
	}
	toSchema4(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	queries := []Query{{}, {Limit: 25}, {Sources: []string{"portal", "eol"}}}
	read := func(s *Store) [][]string {
		var out [][]string
		for _, q := range queries {
			items, err := s.Items(q)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, ids(items))
		}
		return out
	}
	a, err := Open(fresh, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	want := read(a)

	ro, err := Open(old, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if ro.byDay || !ro.bySource {
		t.Errorf("read-only schema 4: byDay %v, bySource %v", ro.byDay, ro.bySource)
	}
	if got := read(ro); !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("read-only schema 4:\n got %v\nwant %v", got, want)
	}
	if err := ro.Close(); err != nil {
		t.Fatal(err)
	}

	b, err := Open(old, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if !b.byDay || b.ReadOnly() {
		t.Fatalf("upgraded: byDay %v, read-only %v", b.byDay, b.ReadOnly())
	}
	err = b.db.View(func(tx *bbolt.Tx) error {
		schema, err := readSchema(tx)
		if schema != SchemaVersion || tx.Bucket(bucketByTime) != nil {
			t.Errorf("upgraded: schema %d, by_time left %v", schema, tx.Bucket(bucketByTime) != nil)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := read(b); !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("upgraded:\n got %v\nwant %v", got, want)
	}
	checkBySource(t, b)

	opts := PruneOptions{Before: time.Date(2025, 11, 19, 12, 0, 0, 0, time.UTC), MaxItems: 90, KeepPerSource: 3, Batch: 11}
	for _, s := range []*Store{a, b} {
		if _, err := s.Prune(t.Context(), opts, day); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := read(b), read(a); !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("after prune:\n got %v\nwant %v", got, want)
	}
}
