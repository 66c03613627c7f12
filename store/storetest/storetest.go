// Package storetest is the contract every store.Backend keeps: the bbolt
// store and the PostgreSQL store run the same tests, so that the daemon
// behaves the same on either.
package storetest

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/store"
)

// Open returns a new, empty store for one test, closed when the test ends.
type Open func(t *testing.T) store.Backend

var china = time.FixedZone("CST", 8*60*60)

// day is a fixed point the tests count from.
var day = time.Date(2025, 11, 20, 9, 30, 0, 0, china)

// Run runs the whole contract against stores made by open.
func Run(t *testing.T, open Open) {
	tests := []struct {
		name string
		fn   func(*testing.T, Open)
	}{
		{"saves", testSaves},
		{"merges", testMerges},
		{"tombstones", testTombstones},
		{"prune", testPrune},
		{"versions", testVersions},
		{"states", testStates},
		{"reads", testReads},
		{"concurrent copies", testConcurrentCopies},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, open) })
	}
}

// story builds an item of source src with merge keys as feeds/merge would
// fill them: GUID, canonical link, title key and fingerprint.
func story(src, guid, link, titleKey string, fp uint64, published time.Time, content string) feeds.Item {
	return feeds.Item{
		ID:        feeds.NewID(src, "guid", guid),
		Source:    src,
		Sources:   []string{src},
		GUID:      guid,
		Link:      "https://" + link,
		Title:     "标题 " + titleKey + guid,
		Content:   content,
		Published: published,
		DateFrom:  feeds.DateFromFeed,
		Keys:      feeds.Keys{GUID: guid, Link: link, Title: titleKey, Fingerprint: fp},
	}
}

// plain is a story with only its GUID and link as keys.
func plain(src, guid string, published time.Time) feeds.Item {
	return story(src, guid, src+".edu.cn/info/"+guid+".htm", "", 0, published, "<p>正文 "+guid+"</p>")
}

func save(t *testing.T, s store.Backend, src string, now time.Time, items ...feeds.Item) feeds.PollResult {
	t.Helper()
	res, err := s.SavePoll(items, feeds.SourceState{Name: src, LastSuccess: now}, now)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func all(t *testing.T, s store.Backend) []feeds.Item {
	t.Helper()
	items, err := s.Items(store.Query{})
	if err != nil {
		t.Fatal(err)
	}
	return items
}

func guids(items []feeds.Item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.GUID
	}
	return out
}

func testSaves(t *testing.T, open Open) {
	s := open(t)
	now := day.Add(time.Hour)
	a, b := plain("moe", "a1", day), plain("moe", "a2", day.Add(time.Minute))
	if got := save(t, s, "moe", now, a, b, a); got.New != 2 {
		t.Fatalf("first save: %+v, want 2 new (a repeated item counts once)", got)
	}
	if got := save(t, s, "moe", now.Add(time.Hour), a, b); got.Unchanged != 2 || got.New+got.Updated != 0 {
		t.Fatalf("same items again: %+v, want 2 unchanged", got)
	}
	edited := b
	edited.Content = "<p>正文 a2，更正后</p>"
	if got := save(t, s, "moe", now.Add(2*time.Hour), edited); got.Updated != 1 {
		t.Fatalf("edited item: %+v, want 1 updated", got)
	}
	it, ok, err := s.Get(b.ID)
	if err != nil || !ok {
		t.Fatalf("Get(%s) = %v, %v", b.ID, ok, err)
	}
	if it.Content != edited.Content || !it.FirstSeen.Equal(now) {
		t.Errorf("stored item: content %q first seen %v, want %q and %v", it.Content, it.FirstSeen, edited.Content, now)
	}
	st, err := s.State("moe")
	if err != nil {
		t.Fatal(err)
	}
	if st.ItemCount != 2 || st.LastResult.Updated != 1 {
		t.Errorf("state: count %d last %+v, want 2 and 1 updated", st.ItemCount, st.LastResult)
	}
	if _, err := s.SavePoll([]feeds.Item{{Title: "无编号"}}, feeds.SourceState{Name: "moe"}, now); err == nil {
		t.Error("an item without ID and Source was saved")
	}
}

func testMerges(t *testing.T, open Open) {
	const fp uint64 = 0xF0F0_1234_5678_9ABC
	title := "教育部关于做好2026届高校毕业生就业工作的通知"
	tests := []struct {
		name  string
		a, b  feeds.Item
		merge bool
	}{
		{"same canonical link",
			story("moe", "g1", "moe.gov.cn/a.html", "", 0, day, "<p>短</p>"),
			story("portal", "p9", "moe.gov.cn/a.html", "", 0, day.Add(time.Hour), "<p>长一些的正文</p>"), true},
		{"same title key within the window",
			story("moe", "g1", "moe.gov.cn/a.html", title, 0, day, "<p>a</p>"),
			story("portal", "p9", "portal.cn/b.html", title, 0, day.Add(71*time.Hour), "<p>b</p>"), true},
		{"same title key outside the window",
			story("moe", "g1", "moe.gov.cn/a.html", title, 0, day, "<p>a</p>"),
			story("portal", "p9", "portal.cn/b.html", title, 0, day.Add(73*time.Hour), "<p>b</p>"), false},
		{"same title key in the same source",
			story("moe", "g1", "moe.gov.cn/a.html", title, 0, day, "<p>a</p>"),
			story("moe", "g2", "moe.gov.cn/b.html", title, 0, day.Add(time.Hour), "<p>b</p>"), false},
		{"fingerprints three bits apart",
			story("moe", "g1", "moe.gov.cn/a.html", "", fp, day, "<p>a</p>"),
			story("portal", "p9", "portal.cn/b.html", "", fp^0b1011, day.Add(30*24*time.Hour), "<p>b</p>"), true},
		{"fingerprints three bits apart in three bands",
			story("moe", "g1", "moe.gov.cn/a.html", "", fp, day, "<p>a</p>"),
			story("portal", "p9", "portal.cn/b.html", "", fp^(1|1<<16|1<<32), day, "<p>b</p>"), true},
		{"fingerprints four bits apart",
			story("moe", "g1", "moe.gov.cn/a.html", "", fp, day, "<p>a</p>"),
			story("portal", "p9", "portal.cn/b.html", "", fp^0b1111, day, "<p>b</p>"), false},
		{"same GUID in two sources",
			story("school-a", "1001", "a.edu.cn/tz/1.html", "", 0, day, "<p>甲校</p>"),
			story("school-b", "1001", "b.edu.cn/tz/1.html", "", 0, day, "<p>乙校</p>"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			now := day.Add(100 * time.Hour)
			save(t, s, tt.a.Source, now, tt.a)
			res := save(t, s, tt.b.Source, now.Add(time.Minute), tt.b)
			items := all(t, s)
			if tt.merge {
				if res.Merged != 1 || len(items) != 1 {
					t.Fatalf("result %+v, %d stories; want one merged story", res, len(items))
				}
				got := items[0]
				if got.ID != tt.a.ID || !slices.Equal(got.Sources, []string{tt.a.Source, tt.b.Source}) {
					t.Errorf("merged story %s sources %v, want %s carried by both", got.ID, got.Sources, tt.a.ID)
				}
				if _, ok, _ := s.Get(tt.b.ID); ok {
					t.Errorf("Get(%s) found the merged copy under its own id", tt.b.ID)
				}
				// The copy comes again: it is the same story, not a new one.
				if again := save(t, s, tt.b.Source, now.Add(time.Hour), tt.b); again.New != 0 {
					t.Errorf("copy saved again: %+v", again)
				}
			} else if res.New != 1 || len(items) != 2 {
				t.Fatalf("result %+v, %d stories; want two stories", res, len(items))
			}
		})
	}
}

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

func testVersions(t *testing.T, open Open) {
	s := open(t)
	v0, mod, err := s.Version()
	if err != nil || v0 != 0 || !mod.IsZero() {
		t.Fatalf("new store: version %d %v %v, want 0 and a zero time", v0, mod, err)
	}
	now := day.Add(time.Hour)
	steps := []struct {
		name   string
		do     func() error
		bumped bool
	}{
		{"new item", func() error { save(t, s, "moe", now, plain("moe", "a", day)); return nil }, true},
		{"same item again", func() error { save(t, s, "moe", now, plain("moe", "a", day)); return nil }, false},
		{"state alone", func() error { return s.SaveState(feeds.SourceState{Name: "moe", ETag: `"x"`}) }, false},
		{"a prune that removes", func() error {
			_, err := s.Prune(context.Background(), store.PruneOptions{MaxItems: 0, Before: day.Add(time.Minute)}, now)
			return err
		}, true},
		{"a prune with nothing to do", func() error {
			_, err := s.Prune(context.Background(), store.PruneOptions{Before: day.Add(time.Minute)}, now)
			return err
		}, false},
	}
	prev := v0
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		v, mod, err := s.Version()
		if err != nil {
			t.Fatal(err)
		}
		if (v > prev) != st.bumped || v < prev {
			t.Errorf("%s: version %d -> %d, bumped want %v", st.name, prev, v, st.bumped)
		}
		if st.bumped && !mod.Equal(now.Truncate(time.Microsecond)) && !mod.Equal(now) {
			t.Errorf("%s: modified %v, want %v", st.name, mod, now)
		}
		prev = v
	}
	stats, err := s.Stats()
	if err != nil || stats.Version != prev {
		t.Errorf("Stats().Version = %d (%v), want %d", stats.Version, err, prev)
	}
}

func testStates(t *testing.T, open Open) {
	s := open(t)
	now := day.Add(time.Hour)
	save(t, s, "zju", now, plain("zju", "z1", day), plain("zju", "z2", day))
	failed := feeds.SourceState{Name: "zju", LastError: "fetch: 503", ConsecutiveErrors: 2, BackoffUntil: now.Add(time.Hour)}
	if err := s.SaveState(failed); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveState(feeds.SourceState{Name: "bnu", ETag: `W/"5f"`}); err != nil {
		t.Fatal(err)
	}
	st, err := s.State("zju")
	if err != nil {
		t.Fatal(err)
	}
	if st.ItemCount != 2 || st.ConsecutiveErrors != 2 || !st.BackoffUntil.Equal(failed.BackoffUntil) {
		t.Errorf("zju: %+v; want the saved state with ItemCount 2 kept", st)
	}
	unknown, err := s.State("pku")
	if err != nil || unknown.Name != "pku" || !unknown.LastAttempt.IsZero() {
		t.Errorf("unknown source: %+v, %v", unknown, err)
	}
	states, err := s.States()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, st := range states {
		names = append(names, st.Name)
	}
	if !slices.Equal(names, []string{"bnu", "zju"}) {
		t.Errorf("States names %v, want [bnu zju]", names)
	}
	if err := s.SaveState(feeds.SourceState{}); err == nil {
		t.Error("a state without a name was saved")
	}
}

func testReads(t *testing.T, open Open) {
	s := open(t)
	now := day.Add(time.Hour)
	shared := story("moe", "m2", "moe.gov.cn/m2.html", "", 0, day.Add(2*time.Minute), "<p>m2</p>")
	save(t, s, "moe", now, plain("moe", "m1", day), shared, plain("moe", "m3", day.Add(4*time.Minute)))
	save(t, s, "pku", now, plain("pku", "p1", day.Add(time.Minute)), plain("pku", "p2", day.Add(3*time.Minute)),
		story("pku", "pm2", "moe.gov.cn/m2.html", "", 0, day.Add(2*time.Minute), "<p>m2</p>"))
	tests := []struct {
		name string
		q    store.Query
		want []string
	}{
		{"all, newest first", store.Query{}, []string{"m3", "p2", "m2", "p1", "m1"}},
		{"limit", store.Query{Limit: 2}, []string{"m3", "p2"}},
		{"one source, merged stories included", store.Query{Sources: []string{"pku"}}, []string{"p2", "m2", "p1"}},
		{"match", store.Query{Match: func(it *feeds.Item) bool { return it.GUID != "p2" }, Limit: 2}, []string{"m3", "m2"}},
		{"unknown source", store.Query{Sources: []string{"bnu"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Items(tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if g := guids(got); !slices.Equal(g, tt.want) && (len(g) != 0 || len(tt.want) != 0) {
				t.Errorf("got %v, want %v", g, tt.want)
			}
		})
	}
	got, ok, err := s.Get(shared.ID)
	if err != nil || !ok || got.Content != shared.Content || got.Published.Unix() != shared.Published.Unix() {
		t.Errorf("Get(%s) = %+v, %v, %v", shared.ID, got, ok, err)
	}
	if _, ok, err := s.Get(feeds.NewID("moe", "none")); ok || err != nil {
		t.Errorf("Get of an unknown id: %v, %v", ok, err)
	}
}

// testConcurrentCopies saves copies of the same stories from many sources
// at once: each story is stored once, whoever wins.
func testConcurrentCopies(t *testing.T, open Open) {
	s := open(t)
	const sources, stories = 6, 20
	now := day.Add(time.Hour)
	var wg sync.WaitGroup
	errs := make(chan error, sources)
	for i := range sources {
		wg.Add(1)
		go func() {
			defer wg.Done()
			src := fmt.Sprintf("mirror-%d", i)
			var items []feeds.Item
			for j := range stories {
				items = append(items, story(src, fmt.Sprintf("g%d", j), fmt.Sprintf("moe.gov.cn/%d.html", j), "", 0,
					day.Add(time.Duration(j)*time.Minute), fmt.Sprintf("<p>%d</p>", j)))
			}
			_, err := s.SavePoll(items, feeds.SourceState{Name: src}, now)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	items := all(t, s)
	if len(items) != stories {
		t.Fatalf("%d stories stored, want %d", len(items), stories)
	}
	for _, it := range items {
		if len(it.Sources) != sources {
			t.Errorf("story %s carried by %v, want all %d mirrors", it.ID, it.Sources, sources)
		}
	}
}
