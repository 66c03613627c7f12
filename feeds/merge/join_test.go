package merge

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

func TestJoin(t *testing.T) {
	now := time.Date(2025, 5, 20, 10, 0, 0, 0, time.UTC)
	day := now.Add(-24 * time.Hour)
	order := NewOrder([]string{"moe", "portal"})
	stored := feeds.Item{
		ID: "s1", Source: "moe", Sources: []string{"moe"}, Title: "教育部召开推进会", Link: "https://moe.cn/a.html",
		Content: "<p>短。</p>", Summary: "短。", Tags: []string{"gov"}, Categories: []string{"通知"},
		Published: day, DateFrom: feeds.DateFromFeed, FirstSeen: day,
	}
	edit := stored
	edit.ID, edit.Title, edit.Content, edit.Summary = "other", "教育部召开年中推进会", "<p>改。</p>", "改。"
	edit.Published, edit.FirstSeen = now, now
	copyB := feeds.Item{
		ID: "b1", Source: "portal", Sources: []string{"portal"}, Title: "转载：推进会", Link: "https://portal.cn/1.html",
		Content: "<p>更长的一篇正文。</p>", Summary: "更长的一篇正文。", Tags: []string{"news"}, Categories: []string{"要闻"},
		Published: now, DateFrom: feeds.DateFromFeed, FirstSeen: now,
	}
	shared := stored
	shared.Sources = []string{"moe", "portal"}
	shared.Content, shared.Summary, shared.ContentFrom = "<p>更长的一篇正文。</p>", "更长的一篇正文。", "portal"
	seen := stored
	seen.Published, seen.DateFrom, seen.FirstSeen = now.Add(-time.Hour), feeds.DateFromFirstSeen, time.Time{}

	tests := []struct {
		name             string
		stored, incoming feeds.Item
		want             feeds.Item
		joined           bool
	}{
		{"an edit replaces the fields but not the earlier date", stored, edit, func() feeds.Item {
			m := edit
			m.ID, m.Published, m.FirstSeen = "s1", day, day
			return m
		}(), false},
		{"a later copy of another source joins: date, title and link stay, content is the longer", stored, copyB, func() feeds.Item {
			m := stored
			m.Sources = []string{"moe", "portal"}
			m.Tags, m.Categories = []string{"gov", "news"}, []string{"要闻", "通知"}
			m.Content, m.Summary, m.ContentFrom = copyB.Content, copyB.Summary, "portal"
			return m
		}(), true},
		{"a shared story does not shrink on an edit", shared, edit, func() feeds.Item {
			m := edit
			m.ID, m.Published, m.FirstSeen = "s1", day, day
			m.Sources = []string{"moe", "portal"}
			m.Content, m.Summary, m.ContentFrom = shared.Content, shared.Summary, "portal"
			return m
		}(), false},
		{"a first-seen date gives way to the source's, with its copy's title and link", seen, copyB, func() feeds.Item {
			m := copyB
			m.ID, m.FirstSeen = "s1", now
			m.Sources = []string{"portal", "moe"}
			m.Tags, m.Categories = []string{"gov", "news"}, []string{"要闻", "通知"}
			m.ContentFrom = "portal"
			return m
		}(), true},
	}
	for _, tt := range tests {
		got, joined := Join(tt.stored, tt.incoming, now, order)
		if !reflect.DeepEqual(got, tt.want) || joined != tt.joined {
			t.Errorf("%s:\n got %+v %v\nwant %+v %v", tt.name, got, joined, tt.want, tt.joined)
		}
	}
	// Join leaves the stored story's lists as they were.
	if _, _ = Join(stored, copyB, now, order); !reflect.DeepEqual(stored.Sources, []string{"moe"}) || !reflect.DeepEqual(stored.Tags, []string{"gov"}) {
		t.Errorf("Join changed the stored lists: %v %v", stored.Sources, stored.Tags)
	}
}

// TestDateRank holds the ranks in the order the README gives: the source's
// full date and time, its day, then the inferred kinds.
func TestDateRank(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	at := func(from feeds.DateSource, t time.Time) *feeds.Item {
		return &feeds.Item{DateFrom: from, Published: t}
	}
	noon := time.Date(2026, 1, 10, 12, 0, 0, 0, cst)
	midnight := time.Date(2026, 1, 10, 0, 0, 0, 0, cst)
	best := []struct {
		name string
		it   *feeds.Item
		want int
	}{
		{"feed date and time", at(feeds.DateFromFeed, noon), rankFull},
		{"updated date and time", at(feeds.DateFromUpdated, noon), rankFull},
		{"feed day only", at(feeds.DateFromFeed, midnight), rankDay},
		{"year-less date given a year", at(feeds.DateFromYearless, noon), rankYearless},
		{"day in the link", at(feeds.DateFromLink, midnight), rankLink},
		{"date in the text", at(feeds.DateFromContent, noon), rankText},
		{"first seen", at(feeds.DateFromFirstSeen, noon), rankFirstSeen},
		{"stored before kinds were recorded", at("", noon), rankFirstSeen},
		{"no date at all", at(feeds.DateFromFeed, time.Time{}), rankFirstSeen - 1},
		{"no first-seen time either", at(feeds.DateFromFirstSeen, time.Time{}), rankFirstSeen - 1},
	}
	for i, tt := range best {
		if got := dateRank(tt.it); got != tt.want {
			t.Errorf("%s: rank %d, want %d", tt.name, got, tt.want)
		}
		if i > 0 && !(dateRank(best[i-1].it) >= dateRank(tt.it)) {
			t.Errorf("%s outranks %s", tt.name, best[i-1].name)
		}
	}
}

func TestBetterDate(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	order := NewOrder([]string{"moe", "portal", "campus"})
	copyOf := func(source string, from feeds.DateSource, t time.Time) *feeds.Item {
		return &feeds.Item{Source: source, DateFrom: from, Published: t}
	}
	t1030 := time.Date(2026, 1, 10, 10, 30, 0, 0, cst)
	tests := []struct {
		name string
		a, b *feeds.Item
		want bool
	}{
		{"earlier full date wins", copyOf("portal", feeds.DateFromFeed, t1030), copyOf("moe", feeds.DateFromFeed, t1030.Add(32*time.Minute)), true},
		{"same instant in another zone is a tie, the source first listed wins",
			copyOf("moe", feeds.DateFromFeed, t1030.UTC()), copyOf("portal", feeds.DateFromFeed, t1030), true},
		{"a full date beats an earlier year-less one", copyOf("portal", feeds.DateFromFeed, t1030), copyOf("moe", feeds.DateFromYearless, t1030.Add(-time.Hour)), true},
		{"a full date beats an earlier day", copyOf("campus", feeds.DateFromFeed, t1030), copyOf("moe", feeds.DateFromFeed, t1030.Truncate(24*time.Hour).Add(-8*time.Hour)), true},
		{"a day beats an inferred date", copyOf("campus", feeds.DateFromFeed, time.Date(2026, 1, 10, 0, 0, 0, 0, cst)), copyOf("moe", feeds.DateFromLink, time.Date(2026, 1, 9, 0, 0, 0, 0, cst)), true},
		{"an unlisted source comes after listed ones", copyOf("moe", feeds.DateFromFeed, t1030), copyOf("aaa", feeds.DateFromFeed, t1030), true},
		{"unlisted sources go by name", copyOf("aaa", feeds.DateFromFeed, t1030), copyOf("bbb", feeds.DateFromFeed, t1030), true},
	}
	for _, tt := range tests {
		if got := BetterDate(tt.a, tt.b, order); got != tt.want {
			t.Errorf("%s: BetterDate = %v", tt.name, got)
		}
		if got := BetterDate(tt.b, tt.a, order); got == tt.want {
			t.Errorf("%s: BetterDate both ways = %v", tt.name, got)
		}
	}
}

// TestJoinAnyOrder joins the issue's three copies in every order: the
// story is the same, id aside.
func TestJoinAnyOrder(t *testing.T) {
	copies := issueCopies()
	order := NewOrder([]string{"campus", "portal", "ministry"})
	now := time.Date(2026, 1, 10, 14, 0, 0, 0, time.UTC)
	perms := permutations(len(copies))
	first := joinInOrder(copies, perms[0], now, order)
	for _, perm := range perms[1:] {
		if m := joinInOrder(copies, perm, now, order); !reflect.DeepEqual(m, first) {
			t.Errorf("order %v gives\n%+v\norder %v gave\n%+v", perm, m, perms[0], first)
		}
	}
	if first.Source != "ministry" || first.DateFrom != feeds.DateFromFeed || first.Title != copies[0].Title || first.Link != copies[0].Link {
		t.Errorf("the ministry's 10:30 should win: %+v", first)
	}
	// The portal's and the campus's contents are equally long: the campus
	// is listed first.
	if first.ContentFrom != "campus" || first.Content != copies[2].Content {
		t.Errorf("the campus's content should win the tie: %q from %q", first.Content, first.ContentFrom)
	}
	if want := []string{"ministry", "campus", "portal"}; !reflect.DeepEqual(first.Sources, want) {
		t.Errorf("sources %v, want %v", first.Sources, want)
	}
}

// issueCopies are issue 17's three copies of one story: the ministry's at
// 10:30 +08:00, a portal's at 11:02 +08:00 with longer content, and a
// campus feed's "01-10 12:00", given a year, with content as long as the
// portal's.
func issueCopies() []feeds.Item {
	cst := time.FixedZone("CST", 8*3600)
	return []feeds.Item{
		{ID: "m", Source: "ministry", Sources: []string{"ministry"}, Title: "教育部部署2026年寒假安全工作",
			Link: "https://www.moe.gov.cn/jyb_xwfb/202601/t20260110_1.html", Content: "<p>教育部近日印发通知。</p>",
			Tags: []string{"policy"}, Published: time.Date(2026, 1, 10, 10, 30, 0, 0, cst), DateFrom: feeds.DateFromFeed,
			RawPublished: "2026-01-10T10:30:00+08:00"},
		{ID: "p", Source: "portal", Sources: []string{"portal"}, Title: "教育部部署2026年寒假安全工作_教育在线",
			Link: "https://portal.example.cn/news/88.html", Content: "<p>教育部近日印发通知，部署寒假安全工作。</p>",
			Tags: []string{"news"}, Published: time.Date(2026, 1, 10, 11, 2, 0, 0, cst), DateFrom: feeds.DateFromFeed,
			RawPublished: "Sat, 10 Jan 2026 11:02:00 +0800"},
		{ID: "c", Source: "campus", Sources: []string{"campus"}, Title: "转发：教育部部署2026年寒假安全工作",
			Link: "https://www.campus.edu.cn/info/1002/3.htm", Content: "<p>教育部近日印发通知，部署寒假安全工作！</p>",
			Tags: []string{"campus"}, Published: time.Date(2026, 1, 10, 12, 0, 0, 0, cst), DateFrom: feeds.DateFromYearless,
			RawPublished: "01-10 12:00"},
	}
}

// joinInOrder joins copies in the order perm gives, as a store would, and
// leaves out the id, which stays with the first copy.
func joinInOrder(copies []feeds.Item, perm []int, now time.Time, order Order) feeds.Item {
	m := copies[perm[0]]
	for _, k := range perm[1:] {
		m, _ = Join(m, copies[k], now, order)
	}
	m.ID = ""
	return m
}

// permutations lists every order of 0..n-1.
func permutations(n int) [][]int {
	if n == 0 {
		return [][]int{{}}
	}
	var out [][]int
	for _, p := range permutations(n - 1) {
		for i := 0; i <= len(p); i++ {
			q := append(append(append([]int{}, p[:i]...), n-1), p[i:]...)
			out = append(out, q)
		}
	}
	return out
}

// TestJoinAnyOrderRandom joins random copies of one story, from distinct
// sources, in random orders: every order gives the story the first gave,
// id aside. Kinds, instants, zones and content lengths are drawn from few
// values, so that ties of every sort happen.
func TestJoinAnyOrderRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 2026))
	kinds := []feeds.DateSource{feeds.DateFromFeed, feeds.DateFromUpdated, feeds.DateFromYearless,
		feeds.DateFromLink, feeds.DateFromContent, feeds.DateFromFirstSeen, ""}
	zones := []*time.Location{time.UTC, time.FixedZone("CST", 8*3600)}
	base := time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC)
	names := []string{"a", "b", "c", "d", "e", "f"}
	order := NewOrder([]string{"d", "b", "f", "a"}) // c and e unlisted
	now := base.Add(48 * time.Hour)
	for round := range 300 {
		n := 2 + rng.IntN(4)
		copies := make([]feeds.Item, n)
		for i := range copies {
			src := names[i]
			copies[i] = feeds.Item{
				ID: src + "-id", Source: src, Sources: []string{src}, Title: "title " + src, Link: "https://" + src + ".cn/1.html",
				Content: strings.Repeat("字", rng.IntN(3)), Summary: strings.Repeat("s", rng.IntN(2)),
				Tags: []string{"t" + src}, Categories: []string{"c" + src},
				Published: base.Add(time.Duration(rng.IntN(3)) * 12 * time.Hour).In(zones[rng.IntN(len(zones))]),
				DateFrom:  kinds[rng.IntN(len(kinds))],
				FirstSeen: base.Add(time.Duration(rng.IntN(3)) * time.Hour),
			}
		}
		first := joinInOrder(copies, rng.Perm(n), now, order)
		for range 5 {
			perm := rng.Perm(n)
			if m := joinInOrder(copies, perm, now, order); !reflect.DeepEqual(m, first) {
				t.Fatalf("round %d, order %v gives\n%+v\nanother order gave\n%+v", round, perm, m, first)
			}
		}
	}
}
