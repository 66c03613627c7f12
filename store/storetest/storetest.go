// Package storetest is the contract every store.Backend keeps: the bbolt
// store and the PostgreSQL store run the same tests, so that the daemon
// behaves the same on either.
package storetest

import (
	"context"
	"reflect"
	"slices"
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
		{"known ids", testKnown},
		{"deliveries", testDeliveries},
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
	// StatesOf is State for each name, in the order asked, repeats and
	// unknown sources included.
	asked := []string{"zju", "pku", "bnu", "zju"}
	batch, err := s.StatesOf(asked)
	if err != nil {
		t.Fatal(err)
	}
	if len(batch) != len(asked) {
		t.Fatalf("StatesOf(%v) gave %d states", asked, len(batch))
	}
	for i, name := range asked {
		one, err := s.State(name)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(batch[i], one) {
			t.Errorf("StatesOf %d (%s) = %+v, State = %+v", i, name, batch[i], one)
		}
	}
	if none, err := s.StatesOf(nil); err != nil || len(none) != 0 {
		t.Errorf("StatesOf(nil) = %v, %v; want none", none, err)
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
