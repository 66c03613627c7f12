package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/store"
)

// TestPollAnyOrder is issue 17's order test through the whole pipeline:
// a ministry feed (10:30 +08:00), a portal's copy (11:02 +08:00) and a
// campus feed that wrote "01-10 12:00" with no year, polled by `edufeed
// poll` one source at a time in every order, each order into a store of its
// own. The merged story is the same every time, id and first-seen time
// aside: the ministry's date, title and link, all three sources in the
// config's order.
func TestPollAnyOrder(t *testing.T) {
	names := []string{"ministry", "portal", "campus"}
	var first feeds.Item
	for i, perm := range [][]int{{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}} {
		dir := t.TempDir()
		path := filepath.Join(dir, "config.yaml")
		var sources strings.Builder
		for _, n := range names {
			abs, err := filepath.Abs(filepath.Join("testdata", "order", n+".xml"))
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&sources, "  - {name: %s, url: %q}\n", n, "file:"+abs)
		}
		mergeConfig(t, path, "", sources.String())
		var order []string
		for _, k := range perm {
			order = append(order, names[k])
			var stderr strings.Builder
			if code := cmdPoll(context.Background(), []string{"-config", path, "-source", names[k]}, io.Discard, &stderr); code != 0 {
				t.Fatalf("order %v: poll %s: exit %d: %s", order, names[k], code, stderr.String())
			}
		}
		story := mergedStory(t, filepath.Join(dir, "edufeed.db"))
		story.ID, story.FirstSeen = "", time.Time{}
		if i == 0 {
			first = story
			continue
		}
		if !reflect.DeepEqual(story, first) {
			t.Errorf("order %v gives\n%+v\norder %v gave\n%+v", order, story, names, first)
		}
	}
	want := time.Date(2026, 1, 10, 10, 30, 0, 0, time.FixedZone("", 8*3600))
	if !first.Published.Equal(want) || first.DateFrom != feeds.DateFromFeed || first.Source != "ministry" {
		t.Errorf("published %v from %s (%s), want the ministry's %v", first.Published, first.Source, first.DateFrom, want)
	}
	if first.Title != "教育部部署2026年寒假学生安全工作" || !strings.HasPrefix(first.Link, "http://www.moe.gov.cn/") {
		t.Errorf("title %q, link %s: want the ministry's", first.Title, first.Link)
	}
	if !reflect.DeepEqual(first.Sources, names) {
		t.Errorf("sources %v, want %v", first.Sources, names)
	}
}

// mergedStory reads the one story of the store at path that three
// sources carried, among four stories.
func mergedStory(t *testing.T, path string) feeds.Item {
	t.Helper()
	st, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	items, err := st.Items(store.Query{})
	if err != nil {
		t.Fatal(err)
	}
	var merged []feeds.Item
	for _, it := range items {
		if len(it.Sources) > 1 {
			merged = append(merged, it)
		}
	}
	if len(items) != 4 || len(merged) != 1 || len(merged[0].Sources) != 3 {
		for _, it := range items {
			t.Logf("%s %v %s %s", it.Title, it.Sources, it.Published, it.DateFrom)
		}
		t.Fatalf("%d items, %d merged; want 4 items, one story of three sources", len(items), len(merged))
	}
	return merged[0]
}
