package store

import (
	"slices"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/edufeed/edufeed/feeds"
)

func countByDay(t *testing.T, s *Store) int {
	t.Helper()
	n := 0
	err := s.db.View(func(tx *bbolt.Tx) error {
		n = tx.Bucket(bucketByDay).Stats().KeyN
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestItemsNewestFirst(t *testing.T) {
	s := openTemp(t)
	dates := map[string]time.Time{
		"far-future": time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), // beyond int64 nanoseconds
		"2025":       day,
		"2025-utc":   day.Add(-time.Minute).UTC(), // zones do not matter, instants do
		"2024":       time.Date(2024, 7, 23, 10, 0, 0, 0, china),
		"epoch":      time.Unix(0, 0),
		"1969":       time.Date(1969, 12, 31, 23, 59, 59, 0, time.UTC),
		"1900":       time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC),
		"zero":       {},
	}
	want := []string{"far-future", "2025", "2025-utc", "2024", "epoch", "1969", "1900", "zero"}

	// Store them in an order unlike the wanted one, over several polls.
	for _, group := range [][]string{{"zero", "2024"}, {"1969", "far-future", "epoch"}, {"1900", "2025-utc", "2025"}} {
		var items []feeds.Item
		for _, g := range group {
			items = append(items, item("moe", g, dates[g], feeds.DateFromFeed))
		}
		mustSave(t, s, items, "moe", day)
	}

	items, err := s.Items(Query{})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(items); !slices.Equal(got, want) {
		t.Errorf("order\n got %v\nwant %v", got, want)
	}
	for _, it := range items {
		if !it.Published.Equal(dates[it.GUID]) {
			t.Errorf("%s: published = %v, want %v", it.GUID, it.Published, dates[it.GUID])
		}
	}
}

func TestItemsQuery(t *testing.T) {
	s := openTemp(t)
	var moe, eol []feeds.Item
	for i, g := range []string{"m1", "m2", "m3", "m4"} {
		moe = append(moe, item("moe", g, day.Add(time.Duration(2*i)*time.Hour), feeds.DateFromFeed))
	}
	for i, g := range []string{"e1", "e2", "e3"} {
		eol = append(eol, item("eol", g, day.Add(time.Duration(2*i+1)*time.Hour), feeds.DateFromFeed))
	}
	shared := item("jyb", "shared", day.Add(-time.Hour), feeds.DateFromFeed)
	shared.Sources = []string{"jyb", "moe"}
	mustSave(t, s, moe, "moe", day)
	mustSave(t, s, eol, "eol", day)
	mustSave(t, s, []feeds.Item{shared}, "jyb", day)

	gaokao := func(it *feeds.Item) bool { return strings.HasSuffix(it.GUID, "3") || it.GUID == "shared" }
	tests := []struct {
		name string
		q    Query
		want []string
	}{
		{"all", Query{}, []string{"m4", "e3", "m3", "e2", "m2", "e1", "m1", "shared"}},
		{"limit", Query{Limit: 3}, []string{"m4", "e3", "m3"}},
		{"limit above count", Query{Limit: 100}, []string{"m4", "e3", "m3", "e2", "m2", "e1", "m1", "shared"}},
		{"one source, carried items too", Query{Sources: []string{"moe"}}, []string{"m4", "m3", "m2", "m1", "shared"}},
		{"two sources with limit", Query{Sources: []string{"eol", "jyb"}, Limit: 4}, []string{"e3", "e2", "e1", "shared"}},
		{"unknown source", Query{Sources: []string{"nobody"}}, nil},
		{"match", Query{Match: gaokao}, []string{"e3", "m3", "shared"}},
		{"match, source and limit", Query{Sources: []string{"moe"}, Match: gaokao, Limit: 1}, []string{"m3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, err := s.Items(tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(items); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestItemsRoundTrip(t *testing.T) {
	s := openTemp(t)
	in := feeds.Item{
		ID:           feeds.NewID("moe", "full"),
		Source:       "moe",
		Sources:      []string{"moe", "eol"},
		GUID:         "full",
		GUIDIsLink:   true,
		Link:         "https://www.moe.gov.cn/jyb_xwfb/t20240723_123.html",
		Title:        "教育部召开2024年年中推进会",
		Content:      `<p>会议强调 &amp; 部署 <a href="https://example.org/?a=1&b=2">下半年</a>工作。</p>`,
		Summary:      "会议强调……",
		Authors:      []string{"张三"},
		Categories:   []string{"政策"},
		Tags:         []string{"policy"},
		Enclosures:   []feeds.Enclosure{{URL: "https://example.org/n.pdf", Type: "application/pdf", Length: 1234}},
		Published:    time.Date(2024, 7, 23, 10, 0, 0, 123, china),
		Updated:      time.Date(2024, 7, 24, 8, 0, 0, 0, china),
		DateFrom:     feeds.DateFromLink,
		FirstSeen:    day,
		RawPublished: "2024年7月23日 10:00",
		RawUpdated:   "2024-07-24 08:00",
	}
	mustSave(t, s, []feeds.Item{in}, "moe", day.Add(time.Hour))
	items, err := s.Items(Query{})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 {
		t.Fatalf("got %d items", len(items))
	}
	got := items[0]
	// Times come back as the same instants; compare them apart from the rest.
	if !got.Published.Equal(in.Published) || !got.Updated.Equal(in.Updated) || !got.FirstSeen.Equal(in.FirstSeen) {
		t.Errorf("times: got %v %v %v", got.Published, got.Updated, got.FirstSeen)
	}
	got.Published, got.Updated, got.FirstSeen = in.Published, in.Updated, in.FirstSeen
	if !equalItems(got, in) {
		t.Errorf("round trip\n got %+v\nwant %+v", got, in)
	}
}

func equalItems(a, b feeds.Item) bool {
	ea, err1 := encodeJSON(a)
	eb, err2 := encodeJSON(b)
	return err1 == nil && err2 == nil && string(ea) == string(eb)
}

func TestStatesSorted(t *testing.T) {
	s := openTemp(t)
	for _, name := range []string{"moe", "eol", "zju", "bjedu"} {
		if err := s.SaveState(feeds.SourceState{Name: name, ETag: name}); err != nil {
			t.Fatal(err)
		}
	}
	states, err := s.States()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, st := range states {
		names = append(names, st.Name)
		if st.ETag != st.Name {
			t.Errorf("%s: etag = %q", st.Name, st.ETag)
		}
	}
	if want := []string{"bjedu", "eol", "moe", "zju"}; !slices.Equal(names, want) {
		t.Errorf("names = %v, want %v", names, want)
	}
	st, err := s.State("unknown")
	if err != nil || st.Name != "unknown" || st.ItemCount != 0 || !st.LastSuccess.IsZero() {
		t.Errorf("unknown source: %+v, %v", st, err)
	}
}

func TestStats(t *testing.T) {
	s := openTemp(t)
	mustSave(t, s, []feeds.Item{item("moe", "a", day, feeds.DateFromFeed), item("moe", "b", day, feeds.DateFromFeed)}, "moe", day)
	st, err := s.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if st.Path != s.Path() || st.Items != 2 || st.Version != 1 || !st.Modified.Equal(day) || st.FileSize <= 0 {
		t.Errorf("stats = %+v", st)
	}
}

func TestSortableTime(t *testing.T) {
	ordered := []time.Time{
		{},
		time.Date(1500, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(1700, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Unix(-1, 0),
		time.Unix(0, 0),
		time.Unix(0, 1),
		day,
		time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	for i := 1; i < len(ordered); i++ {
		a, b := sortableTime(ordered[i-1]), sortableTime(ordered[i])
		// Only times beyond int64 nanoseconds may share a key.
		clamped := ordered[i].Year() < 1678 || ordered[i-1].Year() > 2262
		if a > b || (a == b && !clamped) {
			t.Errorf("%v -> %d, %v -> %d: out of order", ordered[i-1], a, ordered[i], b)
		}
	}
}
