package postgres_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/store"
	"github.com/edufeed/edufeed/store/postgres"
	"github.com/edufeed/edufeed/store/postgres/pgtest"
)

// TestSameDecisionsAsBolt saves the same polls, drawn at random from small
// pools of GUIDs, links, titles and fingerprints so that they collide in
// every way a merge looks at (within a poll too), into both stores: every
// poll's result and the stories at the end are the same.
func TestSameDecisionsAsBolt(t *testing.T) {
	bolt, pg := bothStores(t)

	r := rand.New(rand.NewPCG(18, 1))
	start := time.Date(2025, 11, 20, 9, 30, 0, 0, time.UTC)
	var total feeds.PollResult
	for p := range 100 {
		items, st, now := randomPoll(r, start.Add(time.Duration(p)*time.Hour), start)
		src := st.Name
		want, err := bolt.SavePoll(items, st, now)
		if err != nil {
			t.Fatal(err)
		}
		got, err := pg.SavePoll(items, st, now)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("poll %d of %s: postgres %+v, bbolt %+v", p, src, got, want)
		}
		total.New, total.Merged, total.Updated, total.Unchanged = total.New+got.New, total.Merged+got.Merged, total.Updated+got.Updated, total.Unchanged+got.Unchanged
	}
	// The draw must exercise every outcome, or the comparison says little.
	if total.New == 0 || total.Merged == 0 || total.Updated == 0 || total.Unchanged == 0 {
		t.Fatalf("the polls gave %+v: some outcome never happened", total)
	}
	t.Logf("%+v", total)
	a, b := stories(t, bolt), stories(t, pg)
	if !slices.Equal(a, b) {
		t.Errorf("stories differ:\nbbolt    %v\npostgres %v", a, b)
	}
	for _, name := range sameSources {
		sa, _ := bolt.State(name)
		sb, _ := pg.State(name)
		if sa.ItemCount != sb.ItemCount {
			t.Errorf("source %s: %d items in bbolt, %d in postgres", name, sa.ItemCount, sb.ItemCount)
		}
	}
}

// sameSources are the sources of randomPoll.
var sameSources = []string{"moe", "jyt", "portal", "school"}

// randomPoll draws a poll of one to eight items at now from small pools of
// GUIDs, links, titles and fingerprints, so that its items collide with
// other polls' and each other's in every way a merge looks at.
func randomPoll(r *rand.Rand, now, start time.Time) ([]feeds.Item, feeds.SourceState, time.Time) {
	titles := []string{"", "", "关于开展2026年教师资格考试的通知", "高校毕业生就业工作会议召开", "寒假安全提醒"}
	fps := []uint64{0, 0, 0xF0F0_1234_5678_9ABC, 0x0F0F_4321_8765_CBA9}
	src := sameSources[r.IntN(len(sameSources))]
	var items []feeds.Item
	for range 1 + r.IntN(8) {
		src := src
		if r.IntN(3) == 0 {
			// A poll may carry other sources' items (the store allows it):
			// then its items can also merge with each other by title or text.
			src = sameSources[r.IntN(len(sameSources))]
		}
		guid := fmt.Sprint(r.IntN(30))
		link := fmt.Sprintf("edu.cn/%d.html", r.IntN(40))
		fp := fps[r.IntN(len(fps))]
		if fp != 0 {
			fp ^= 1 << r.IntN(64) // within distance 3 of the others of its kind
		}
		title := titles[r.IntN(len(titles))]
		items = append(items, feeds.Item{
			ID: feeds.NewID(src, "guid", guid), Source: src, Sources: []string{src}, GUID: guid,
			Link: "https://" + link, Title: title + guid, Content: fmt.Sprintf("<p>正文 %d</p>", r.IntN(3)),
			Published: start.Add(time.Duration(r.IntN(200)) * time.Hour), DateFrom: feeds.DateFromFeed,
			Keys: feeds.Keys{GUID: guid, Link: link, Title: title, Fingerprint: fp},
		})
	}
	return items, feeds.SourceState{Name: src, LastSuccess: now}, now
}

// TestGroupSameDecisionsAsBolt saves groups of concurrent polls, whose keys
// collide across the polls of a group, in one transaction each (the queue
// held while they arrive, so that they group in a known order): each
// poll's result, the sources' states and the stories at the end are those
// of the bbolt store saving the same polls one after another in that order,
// and a group bumps the version once.
func TestGroupSameDecisionsAsBolt(t *testing.T) {
	bolt, pg := bothStores(t)
	r := rand.New(rand.NewPCG(18, 2))
	start := time.Date(2025, 11, 20, 9, 30, 0, 0, time.UTC)
	sizes := []int{2, 3, 5, 8, postgres.MaxGroupPolls, postgres.MaxGroupPolls + 3, 4, 6, 2, 7, 3, 5}
	var total feeds.PollResult
	p := 0
	for g, size := range sizes {
		type poll struct {
			items []feeds.Item
			st    feeds.SourceState
			now   time.Time
			res   feeds.PollResult
			err   error
		}
		polls := make([]poll, size)
		for i := range polls {
			// Polls of one group run at once: their times are close.
			polls[i].items, polls[i].st, polls[i].now = randomPoll(r, start.Add(time.Duration(g)*time.Hour+time.Duration(i)*time.Second), start)
			p++
		}
		before, _, err := pg.Version()
		if err != nil {
			t.Fatal(err)
		}
		pending, release := pg.HoldSaves()
		var wg sync.WaitGroup
		for i := range polls {
			wg.Add(1)
			go func() {
				defer wg.Done()
				polls[i].res, polls[i].err = pg.SavePoll(polls[i].items, polls[i].st, polls[i].now)
			}()
			for pending() < i+1 { // one at a time, so that they queue in order
				runtime.Gosched()
			}
		}
		release()
		wg.Wait()
		changed := false
		for i := range polls {
			want, err := bolt.SavePoll(polls[i].items, polls[i].st, polls[i].now)
			if err != nil {
				t.Fatal(err)
			}
			if polls[i].err != nil {
				t.Fatalf("group %d, poll %d: %v", g, i, polls[i].err)
			}
			if got := polls[i].res; got != want {
				t.Fatalf("group %d, poll %d of %s: postgres %+v, bbolt %+v", g, i, polls[i].st.Name, got, want)
			}
			changed = changed || want.New+want.Merged+want.Updated > 0
			total.New, total.Merged, total.Updated, total.Unchanged = total.New+want.New, total.Merged+want.Merged, total.Updated+want.Updated, total.Unchanged+want.Unchanged
		}
		after, _, err := pg.Version()
		if err != nil {
			t.Fatal(err)
		}
		if size <= postgres.MaxGroupPolls && changed && after != before+1 {
			t.Errorf("group %d of %d polls moved the version by %d, not once", g, size, after-before)
		}
		compareStores(t, bolt, pg)
	}
	if total.New == 0 || total.Merged == 0 || total.Updated == 0 || total.Unchanged == 0 {
		t.Fatalf("the polls gave %+v: some outcome never happened", total)
	}
	t.Logf("%d polls: %+v", p, total)
}

// compareStores fails the test unless both stores hold the same stories
// and the same states of sameSources.
func compareStores(t *testing.T, bolt *store.Store, pg *postgres.Store) {
	t.Helper()
	if a, b := stories(t, bolt), stories(t, pg); !slices.Equal(a, b) {
		t.Fatalf("stories differ:\nbbolt    %v\npostgres %v", a, b)
	}
	for _, name := range sameSources {
		sa, err := bolt.State(name)
		if err != nil {
			t.Fatal(err)
		}
		sb, err := pg.State(name)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(sa, sb) {
			t.Fatalf("source %s: state %+v in bbolt, %+v in postgres", name, sa, sb)
		}
	}
}

// bothStores opens a bbolt store and a PostgreSQL one, both empty, closed
// when the test ends.
func bothStores(t *testing.T) (*store.Store, *postgres.Store) {
	t.Helper()
	bolt, err := store.Open(filepath.Join(t.TempDir(), "edufeed.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = bolt.Close() })
	pg, err := postgres.Open(context.Background(), pgtest.DSN(t), postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = pg.Close() })
	return bolt, pg
}

// stories lists a store's stories as id, sources and stored bytes.
func stories(t *testing.T, s store.Backend) []string {
	t.Helper()
	items, err := s.Items(store.Query{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := range items {
		out = append(out, fmt.Sprintf("%s %v %x", items[i].ID, items[i].Sources, store.EncodeItem(&items[i])))
	}
	slices.Sort(out)
	return out
}

// TestFirstTitleTimeKept: a story's first title key (in its row since
// schema 6) keeps the time that brought it when a later item of the story
// (found by its GUID) carries the same title days after; a third source's
// item with that title, as late, is judged against the first time, in both
// stores alike.
func TestFirstTitleTimeKept(t *testing.T) {
	bolt, pg := bothStores(t)
	day := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	late := day.Add(10 * 24 * time.Hour)
	const title = "关于开展2026年教师资格考试的通知"
	item := func(src, guid string, at time.Time) feeds.Item {
		return feeds.Item{ID: feeds.NewID(src, "guid", guid), Source: src, Sources: []string{src}, GUID: guid,
			Title: title, Content: "<p>正文</p>", Published: at, DateFrom: feeds.DateFromFeed,
			Keys: feeds.Keys{GUID: guid, Title: title}}
	}
	polls := []feeds.Item{item("moe", "g1", day), item("moe", "g1", late), item("jyt", "j1", late)}
	for i, it := range polls {
		now := late.Add(time.Duration(i) * time.Hour)
		st := feeds.SourceState{Name: it.Source}
		want, err := bolt.SavePoll([]feeds.Item{it}, st, now)
		if err != nil {
			t.Fatal(err)
		}
		got, err := pg.SavePoll([]feeds.Item{it}, st, now)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("poll %d (%s): postgres %+v, bbolt %+v", i, it.ID, got, want)
		}
	}
	if a, b := stories(t, bolt), stories(t, pg); !slices.Equal(a, b) {
		t.Errorf("stories differ:\nbbolt    %v\npostgres %v", a, b)
	}
}
