package store

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

func TestSavePollCounts(t *testing.T) {
	s := openTemp(t)
	a := item("moe", "a", day, feeds.DateFromFeed)
	b := item("moe", "b", day.Add(time.Hour), feeds.DateFromFeed)
	c := item("moe", "c", day.Add(2*time.Hour), feeds.DateFromFeed)
	bEdited := b
	bEdited.Content = "<p>正文 b（更正）</p>"
	aSeenLater := a
	aSeenLater.FirstSeen = day.Add(48 * time.Hour) // not content: must not count as a change

	steps := []struct {
		name  string
		items []feeds.Item
		want  feeds.PollResult
	}{
		{"first poll", []feeds.Item{a, b}, feeds.PollResult{New: 2}},
		{"same again", []feeds.Item{a, b}, feeds.PollResult{Unchanged: 2}},
		{"one edited, one new", []feeds.Item{a, bEdited, c}, feeds.PollResult{New: 1, Updated: 1, Unchanged: 1}},
		{"edit seen twice", []feeds.Item{bEdited}, feeds.PollResult{Unchanged: 1}},
		{"first-seen differs", []feeds.Item{aSeenLater}, feeds.PollResult{Unchanged: 1}},
		{"duplicate ids keep the first", []feeds.Item{c, b, c}, feeds.PollResult{Updated: 1, Unchanged: 1}},
		{"empty poll", nil, feeds.PollResult{}},
	}
	now := day
	for _, step := range steps {
		now = now.Add(time.Hour)
		got := mustSave(t, s, step.items, "moe", now)
		if got != step.want {
			t.Errorf("%s: result = %+v, want %+v", step.name, got, step.want)
		}
		st, err := s.State("moe")
		if err != nil {
			t.Fatal(err)
		}
		if st.LastResult != step.want {
			t.Errorf("%s: LastResult = %+v, want %+v", step.name, st.LastResult, step.want)
		}
	}
	if got := mustGet(t, s, b.ID); got.Content != b.Content {
		t.Errorf("b content = %q, want the original restored by the last full poll", got.Content)
	}
}

func TestSavePollKeepsFirstSeenAndPublished(t *testing.T) {
	s := openTemp(t)
	undated := item("moe", "undated", day, feeds.DateFromFirstSeen)
	dated := item("moe", "dated", day.Add(-24*time.Hour), feeds.DateFromFeed)
	mustSave(t, s, []feeds.Item{undated, dated}, "moe", day)

	later := day.Add(72 * time.Hour)
	undated2 := undated
	undated2.Published = later // a fresh first_seen guess on every poll
	undated2.Title = "标题（修订）"
	dated2 := dated
	dated2.Published = later // the site re-dated an edited story
	dated2.DateFrom = feeds.DateFromFeed
	dated2.Title = "标题（修订）"
	res := mustSave(t, s, []feeds.Item{undated2, dated2}, "moe", later)
	if res.Updated != 2 {
		t.Fatalf("result = %+v, want 2 updated", res)
	}

	for _, want := range []feeds.Item{undated, dated} {
		got := mustGet(t, s, want.ID)
		if got.Title != "标题（修订）" {
			t.Errorf("%s: title = %q, want the update", want.GUID, got.Title)
		}
		if !got.Published.Equal(want.Published) || got.DateFrom != want.DateFrom {
			t.Errorf("%s: published = %v (%s), want %v (%s) kept", want.GUID, got.Published, got.DateFrom, want.Published, want.DateFrom)
		}
		if !got.FirstSeen.Equal(day) {
			t.Errorf("%s: first seen = %v, want %v", want.GUID, got.FirstSeen, day)
		}
	}
	items, err := s.Items(Query{})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(items); !slices.Equal(got, []string{"undated", "dated"}) {
		t.Errorf("order = %v: an update moved a date", got)
	}
}

func TestSavePollFirstSeenDateGivesWay(t *testing.T) {
	tests := []struct {
		from    feeds.DateSource
		replace bool
	}{
		{feeds.DateFromFeed, true},
		{feeds.DateFromUpdated, true},
		{feeds.DateFromLink, true},
		{feeds.DateFromContent, true},
		{feeds.DateFromFirstSeen, false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("from=%q", tt.from), func(t *testing.T) {
			s := openTemp(t)
			// x is first seen newest, with no date of its own; y is dated.
			x := item("moe", "x", day, feeds.DateFromFirstSeen)
			y := item("moe", "y", day.Add(-time.Hour), feeds.DateFromFeed)
			mustSave(t, s, []feeds.Item{x, y}, "moe", day)

			// The source now gives x a date older than y. A first-seen
			// date (or one of unknown kind) read again is later: it is
			// only when the copy was seen.
			real := day.Add(-48 * time.Hour)
			if !tt.replace {
				real = day.Add(time.Hour)
			}
			x2 := x
			x2.Published, x2.DateFrom = real, tt.from
			mustSave(t, s, []feeds.Item{x2, y}, "moe", day.Add(time.Hour))

			got := mustGet(t, s, x.ID)
			wantDate, wantFrom, wantOrder := day, feeds.DateFromFirstSeen, []string{"x", "y"}
			if tt.replace {
				wantDate, wantFrom, wantOrder = real, tt.from, []string{"y", "x"}
			}
			if !got.Published.Equal(wantDate) || got.DateFrom != wantFrom {
				t.Errorf("published = %v (%s), want %v (%s)", got.Published, got.DateFrom, wantDate, wantFrom)
			}
			items, err := s.Items(Query{})
			if err != nil {
				t.Fatal(err)
			}
			if order := ids(items); !slices.Equal(order, wantOrder) {
				t.Errorf("order = %v, want %v", order, wantOrder)
			}
			// The old index key is gone, not just shadowed.
			if n := countByDay(t, s); n != 2 {
				t.Errorf("by_day has %d keys, want 2", n)
			}
		})
	}
}

func TestSavePollSources(t *testing.T) {
	s := openTemp(t)
	a := item("moe", "a", day, feeds.DateFromFeed)
	a.Sources = []string{"moe", "gaokao"}
	mustSave(t, s, []feeds.Item{a}, "moe", day)

	a2 := a
	a2.Sources = []string{"moe", "eol"}
	if res := mustSave(t, s, []feeds.Item{a2}, "moe", day); res.Updated != 1 {
		t.Errorf("a new carrier should update the item: %+v", res)
	}
	// Sources beyond the first go in the config's order (here none: by
	// name), whatever order they came in.
	want := []string{"moe", "eol", "gaokao"}
	if got := mustGet(t, s, a.ID).Sources; !slices.Equal(got, want) {
		t.Errorf("sources = %v, want %v", got, want)
	}
	if res := mustSave(t, s, []feeds.Item{a2}, "moe", day); res.Unchanged != 1 {
		t.Errorf("known carriers only should leave the item unchanged: %+v", res)
	}

	// Another source bringing the same id with the same date ties: the
	// source first in the config's order is shown, here by name.
	a3 := a
	a3.Source, a3.Sources = "jyb", nil
	mustSave(t, s, []feeds.Item{a3}, "jyb", day)
	got := mustGet(t, s, a.ID)
	if got.Source != "jyb" || !slices.Equal(got.Sources, []string{"jyb", "eol", "gaokao", "moe"}) {
		t.Errorf("source = %q, sources = %v", got.Source, got.Sources)
	}
	s.SetSourceOrder([]string{"moe", "gaokao", "eol", "jyb"})
	mustSave(t, s, []feeds.Item{a2}, "moe", day)
	got = mustGet(t, s, a.ID)
	if got.Source != "moe" || !slices.Equal(got.Sources, []string{"moe", "gaokao", "eol", "jyb"}) {
		t.Errorf("with moe listed first: source = %q, sources = %v", got.Source, got.Sources)
	}
}

func TestSavePollItemCount(t *testing.T) {
	s := openTemp(t)
	var all []feeds.Item
	for i := range 6 {
		all = append(all, item("moe", fmt.Sprint(i), day.Add(time.Duration(i)*time.Hour), feeds.DateFromFeed))
	}
	stray := item("eol", "stray", day, feeds.DateFromFeed) // counted under its own source

	polls := []struct {
		items    []feeds.Item
		moe, eol int
	}{
		{all[:3], 3, 0},
		{all[:3], 3, 0},
		{all[2:5], 5, 0},
		{append(slices.Clone(all), stray), 6, 1},
		{all[:1], 6, 1},
	}
	for i, p := range polls {
		// A caller's ItemCount is ignored: the store keeps its own.
		if _, err := s.SavePoll(p.items, feeds.SourceState{Name: "moe", ItemCount: 1000}, day); err != nil {
			t.Fatal(err)
		}
		for name, want := range map[string]int{"moe": p.moe, "eol": p.eol} {
			st, err := s.State(name)
			if err != nil {
				t.Fatal(err)
			}
			if st.ItemCount != want {
				t.Errorf("poll %d: %s ItemCount = %d, want %d", i, name, st.ItemCount, want)
			}
		}
	}
}

func TestSaveStateKeepsItemCount(t *testing.T) {
	s := openTemp(t)
	items := []feeds.Item{item("moe", "a", day, feeds.DateFromFeed), item("moe", "b", day, feeds.DateFromFeed)}
	mustSave(t, s, items, "moe", day)

	next := feeds.SourceState{
		Name:        "moe",
		ETag:        `"abc"`,
		LastAttempt: day.Add(time.Hour),
		LastResult:  feeds.PollResult{NotModified: true},
	}
	if err := s.SaveState(next); err != nil {
		t.Fatal(err)
	}
	got, err := s.State("moe")
	if err != nil {
		t.Fatal(err)
	}
	want := next
	want.ItemCount = 2
	if got.ETag != want.ETag || !got.LastAttempt.Equal(want.LastAttempt) || got.LastResult != want.LastResult || got.ItemCount != 2 {
		t.Errorf("state = %+v, want %+v", got, want)
	}
}

func TestVersion(t *testing.T) {
	s := openTemp(t)
	if v, mod, err := s.Version(); err != nil || v != 0 || !mod.IsZero() {
		t.Fatalf("new store: version %d, modified %v, err %v", v, mod, err)
	}
	a := item("moe", "a", day, feeds.DateFromFeed)
	a2 := a
	a2.Title = "新标题"

	steps := []struct {
		name    string
		write   func(now time.Time) error
		version uint64
		changed bool // modified moves to this step's time
	}{
		{"new item", poll(s, a), 1, true},
		{"unchanged", poll(s, a), 1, false},
		{"state only", func(now time.Time) error { return s.SaveState(feeds.SourceState{Name: "moe", LastAttempt: now}) }, 1, false},
		{"empty poll", poll(s), 1, false},
		{"updated", poll(s, a2), 2, true},
	}
	wantMod := time.Time{}
	now := day
	for _, step := range steps {
		now = now.Add(time.Minute)
		if err := step.write(now); err != nil {
			t.Fatal(err)
		}
		if step.changed {
			wantMod = now
		}
		v, mod, err := s.Version()
		if err != nil {
			t.Fatal(err)
		}
		if v != step.version || !mod.Equal(wantMod) {
			t.Errorf("%s: version %d modified %v, want %d %v", step.name, v, mod, step.version, wantMod)
		}
	}
}

func poll(s *Store, items ...feeds.Item) func(time.Time) error {
	return func(now time.Time) error {
		_, err := s.SavePoll(items, feeds.SourceState{Name: "moe"}, now)
		return err
	}
}

func TestSavePollRejectsInvalid(t *testing.T) {
	s := openTemp(t)
	good := item("moe", "good", day, feeds.DateFromFeed)
	noID := item("moe", "no-id", day, feeds.DateFromFeed)
	noID.ID = ""
	noSource := item("moe", "no-source", day, feeds.DateFromFeed)
	noSource.Source = ""
	for _, bad := range []feeds.Item{noID, noSource} {
		_, err := s.SavePoll([]feeds.Item{good, bad}, feeds.SourceState{Name: "moe"}, day)
		if !errors.Is(err, ErrInvalidItem) {
			t.Errorf("%s: err = %v, want ErrInvalidItem", bad.GUID, err)
		}
	}
	if _, err := s.SavePoll(nil, feeds.SourceState{}, day); err == nil {
		t.Error("a state without a name was accepted")
	}
	// The failed polls wrote nothing, not even the good item.
	if _, ok, _ := s.Get(good.ID); ok {
		t.Error("a failed poll left an item behind")
	}
	if v, _, _ := s.Version(); v != 0 {
		t.Errorf("version = %d after failed polls", v)
	}
}

func TestSavePollConcurrent(t *testing.T) {
	s := openTemp(t)
	const sources, polls, perPoll = 4, 5, 3
	var wg sync.WaitGroup
	for src := range sources {
		name := fmt.Sprint("src", src)
		wg.Go(func() {
			for p := range polls {
				var items []feeds.Item
				for i := range perPoll {
					items = append(items, item(name, fmt.Sprint(p, "-", i), day.Add(time.Duration(p*perPoll+i)*time.Minute), feeds.DateFromFeed))
				}
				if _, err := s.SavePoll(items, feeds.SourceState{Name: name}, day); err != nil {
					t.Error(err)
				}
			}
		})
		wg.Go(func() {
			for range polls {
				if _, err := s.Items(Query{Sources: []string{name}, Limit: 5}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	states, err := s.States()
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range states {
		if st.ItemCount != polls*perPoll {
			t.Errorf("%s: ItemCount = %d, want %d", st.Name, st.ItemCount, polls*perPoll)
		}
	}
	if v, _, _ := s.Version(); v != sources*polls {
		t.Errorf("version = %d, want %d", v, sources*polls)
	}
}
