package store

import (
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// TestSavePollAnyOrder stores issue 17's three copies of one story in every
// order, each in a store of its own: the story read back is the same, id
// aside. The ministry wrote 10:30 +08:00, a portal 11:02 +08:00, a campus
// feed "01-10 12:00" with no year (given one, so inferred): the ministry's
// date, title and link win, the longest content wins and a tie of lengths
// goes to the source listed first.
func TestSavePollAnyOrder(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	const fp uint64 = 0x5A5A_1234_0F0F_9ABC
	const key = "教育部部署2026年寒假安全工作"
	copyOf := func(src, title, link, content string, published time.Time, from feeds.DateSource, raw string, tags ...string) feeds.Item {
		return feeds.Item{
			ID: feeds.NewID(src, link), Source: src, Sources: []string{src}, GUID: link, Link: link, Title: title,
			Content: content, Tags: tags, Categories: []string{src + "栏目"},
			Published: published, DateFrom: from, RawPublished: raw,
			Keys: feeds.Keys{GUID: link, Link: link, Title: key, Fingerprint: fp},
		}
	}
	copies := []feeds.Item{
		copyOf("ministry", "教育部部署2026年寒假安全工作", "https://www.moe.gov.cn/jyb_xwfb/202601/t20260110_1.html",
			"<p>教育部近日印发通知。</p>", time.Date(2026, 1, 10, 10, 30, 0, 0, cst), feeds.DateFromFeed, "2026-01-10T10:30:00+08:00", "policy"),
		copyOf("portal", "教育部部署2026年寒假安全工作_教育在线", "https://portal.example.cn/news/88.html",
			"<p>教育部近日印发通知，部署寒假安全工作。</p>", time.Date(2026, 1, 10, 11, 2, 0, 0, cst), feeds.DateFromFeed, "Sat, 10 Jan 2026 11:02:00 +0800", "news"),
		copyOf("campus", "转发：教育部部署2026年寒假安全工作", "https://www.campus.edu.cn/info/1002/3.htm",
			"<p>教育部近日印发通知，部署寒假安全工作！</p>", time.Date(2026, 1, 10, 12, 0, 0, 0, cst), feeds.DateFromYearless, "01-10 12:00", "campus", "news"),
	}
	order := []string{"campus", "portal", "ministry"}
	now := time.Date(2026, 1, 10, 14, 0, 0, 0, time.UTC)

	var first feeds.Item
	for i, perm := range [][]int{{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}} {
		s, err := Open(filepath.Join(t.TempDir(), "edufeed.db"), Options{SourceOrder: order})
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range perm {
			mustSave(t, s, []feeds.Item{copies[k]}, copies[k].Source, now)
		}
		items, err := s.Items(Query{})
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 1 {
			t.Fatalf("order %v: %d stories, want 1", perm, len(items))
		}
		got := items[0]
		// Polling every copy again changes nothing.
		for _, c := range copies {
			if res := mustSave(t, s, []feeds.Item{c}, c.Source, now.Add(time.Hour)); res.Unchanged != 1 {
				t.Errorf("order %v: %s again: %+v, want it unchanged", perm, c.Source, res)
			}
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		got.ID = ""
		if i == 0 {
			first = got
			continue
		}
		if !reflect.DeepEqual(got, first) {
			t.Errorf("order %v gives\n%+v\norder [0 1 2] gave\n%+v", perm, got, first)
		}
	}
	want := copies[0]
	want.ID, want.Keys = "", feeds.Keys{}
	want.Sources = []string{"ministry", "campus", "portal"}
	want.Content, want.ContentFrom = copies[2].Content, "campus"
	want.Tags = []string{"campus", "news", "policy"}
	want.Categories = []string{"campus栏目", "ministry栏目", "portal栏目"}
	want.FirstSeen = now
	if !first.Published.Equal(want.Published) {
		t.Errorf("published %v, want %v", first.Published, want.Published)
	}
	first.Published = want.Published
	if !reflect.DeepEqual(first, want) {
		t.Errorf("story\n%+v\nwant\n%+v", first, want)
	}
}
