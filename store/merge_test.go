package store

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/edufeed/edufeed/feeds"
)

// story builds an item of source src with merge keys filled in the way
// feeds/merge would: GUID, canonical link and title key as given.
func story(src, guid, link, titleKey string, fp uint64, published time.Time, content string) feeds.Item {
	return feeds.Item{
		ID:        feeds.NewID(src, "guid", guid),
		Source:    src,
		Sources:   []string{src},
		GUID:      guid,
		Link:      "https://" + link,
		Title:     "标题 " + titleKey,
		Content:   content,
		Published: published,
		DateFrom:  feeds.DateFromFeed,
		Keys:      feeds.Keys{GUID: guid, Link: link, Title: titleKey, Fingerprint: fp},
	}
}

func TestSavePollMergesAcrossSources(t *testing.T) {
	const fp uint64 = 0xF0F0_1234_5678_9ABC
	tests := []struct {
		name  string
		a, b  feeds.Item
		merge bool
	}{
		{
			name:  "same canonical link",
			a:     story("moe", "g1", "moe.gov.cn/a.html", "", 0, day, "<p>短</p>"),
			b:     story("portal", "p9", "moe.gov.cn/a.html", "", 0, day.Add(time.Hour), "<p>长一些的正文</p>"),
			merge: true,
		},
		{
			name:  "same title key within the window",
			a:     story("moe", "g1", "moe.gov.cn/a.html", "教育部关于做好高校毕业生就业工作的通知", 0, day, "<p>a</p>"),
			b:     story("portal", "p9", "portal.cn/b.html", "教育部关于做好高校毕业生就业工作的通知", 0, day.Add(71*time.Hour), "<p>b</p>"),
			merge: true,
		},
		{
			name:  "same title key outside the window",
			a:     story("moe", "g1", "moe.gov.cn/a.html", "教育部关于做好高校毕业生就业工作的通知", 0, day, "<p>a</p>"),
			b:     story("portal", "p9", "portal.cn/b.html", "教育部关于做好高校毕业生就业工作的通知", 0, day.Add(73*time.Hour), "<p>b</p>"),
			merge: false,
		},
		{
			// The index keeps a title's day, the key list its time: a
			// gap of exactly the window, off the minute, still joins, one
			// second more does not.
			name:  "same title key at the window's edge",
			a:     story("moe", "g1", "moe.gov.cn/a.html", "教育部关于做好高校毕业生就业工作的通知", 0, day.Add(59*time.Second), "<p>a</p>"),
			b:     story("portal", "p9", "portal.cn/b.html", "教育部关于做好高校毕业生就业工作的通知", 0, day.Add(72*time.Hour+59*time.Second), "<p>b</p>"),
			merge: true,
		},
		{
			name:  "same title key a second past the window",
			a:     story("moe", "g1", "moe.gov.cn/a.html", "教育部关于做好高校毕业生就业工作的通知", 0, day.Add(59*time.Second), "<p>a</p>"),
			b:     story("portal", "p9", "portal.cn/b.html", "教育部关于做好高校毕业生就业工作的通知", 0, day.Add(72*time.Hour+60*time.Second), "<p>b</p>"),
			merge: false,
		},
		{
			name:  "same title key, both undated",
			a:     story("moe", "g1", "moe.gov.cn/a.html", "教育部关于做好高校毕业生就业工作的通知", 0, time.Time{}, "<p>a</p>"),
			b:     story("portal", "p9", "portal.cn/b.html", "教育部关于做好高校毕业生就业工作的通知", 0, time.Time{}, "<p>b</p>"),
			merge: true,
		},
		{
			name:  "fingerprints three bits apart",
			a:     story("moe", "g1", "moe.gov.cn/a.html", "", fp, day, "<p>a</p>"),
			b:     story("portal", "p9", "portal.cn/b.html", "", fp^0b1011, day.Add(30*24*time.Hour), "<p>b</p>"),
			merge: true,
		},
		{
			name:  "fingerprints four bits apart",
			a:     story("moe", "g1", "moe.gov.cn/a.html", "", fp, day, "<p>a</p>"),
			b:     story("portal", "p9", "portal.cn/b.html", "", fp^0b1111, day, "<p>b</p>"),
			merge: false,
		},
		{
			name:  "generic titles (no title key) and different texts",
			a:     story("school-a", "g1", "a.edu.cn/tz/1.html", "", fp, day, "<p>甲校</p>"),
			b:     story("school-b", "g1", "b.edu.cn/tz/1.html", "", ^fp, day, "<p>乙校</p>"),
			merge: false,
		},
		{
			name:  "same GUID in two sources is not the same story",
			a:     story("school-a", "1001", "a.edu.cn/tz/1.html", "", 0, day, "<p>甲校</p>"),
			b:     story("school-b", "1001", "b.edu.cn/tz/1.html", "", 0, day, "<p>乙校</p>"),
			merge: false,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTemp(t)
			mustSave(t, s, []feeds.Item{tt.a}, tt.a.Source, day)
			res := mustSave(t, s, []feeds.Item{tt.b}, tt.b.Source, day.Add(time.Hour))
			all, err := s.Items(Query{})
			if err != nil {
				t.Fatal(err)
			}
			if !tt.merge {
				if len(all) != 2 || res.New != 1 {
					t.Fatalf("got %d items, result %+v; want two stories", len(all), res)
				}
				return
			}
			if len(all) != 1 || res.Merged != 1 || res.New != 0 {
				t.Fatalf("got %d items, result %+v; want one merged story", len(all), res)
			}
			got := all[0]
			if got.ID != tt.a.ID || got.Source != "moe" || got.Link != tt.a.Link || got.Title != tt.a.Title {
				t.Errorf("story = %s from %s at %s %q; want the first one's id, source, link and title", got.ID, got.Source, got.Link, got.Title)
			}
			if strings.Join(got.Sources, ",") != "moe,portal" {
				t.Errorf("sources = %v, want [moe portal]", got.Sources)
			}
			wantContent := tt.a.Content
			if len(tt.b.Content) > len(wantContent) {
				wantContent = tt.b.Content
			}
			if got.Content != wantContent {
				t.Errorf("content = %q, want the longest %q", got.Content, wantContent)
			}
			if !got.Published.Equal(tt.a.Published) {
				t.Errorf("published moved to %v", got.Published)
			}

			// Polling both sources again changes nothing, in either order.
			for _, it := range []feeds.Item{tt.b, tt.a, tt.b} {
				if res := mustSave(t, s, []feeds.Item{it}, it.Source, day.Add(2*time.Hour)); res.Unchanged != 1 {
					t.Errorf("repoll of %s: %+v, want unchanged", it.Source, res)
				}
			}
			for _, name := range []string{"moe", "portal"} {
				st, err := s.State(name)
				if err != nil {
					t.Fatal(err)
				}
				if st.ItemCount != 1 {
					t.Errorf("%s ItemCount = %d, want 1", name, st.ItemCount)
				}
			}
		})
	}
}

func TestSavePollSameSourceFuzzyDoesNotMerge(t *testing.T) {
	// A source's own items that share a title or a template are its own
	// distinct items: fuzzy keys join other sources' stories only.
	s := openTemp(t)
	a := story("school", "1", "school.edu.cn/1.html", "学院召开学期工作会议", 42, day, "<p>a</p>")
	b := story("school", "2", "school.edu.cn/2.html", "学院召开学期工作会议", 42, day.Add(time.Hour), "<p>b</p>")
	if res := mustSave(t, s, []feeds.Item{a, b}, "school", day); res.New != 2 {
		t.Fatalf("result %+v, want 2 new", res)
	}
	c := story("school", "3", "school.edu.cn/3.html", "学院召开学期工作会议", 42, day.Add(2*time.Hour), "<p>c</p>")
	if res := mustSave(t, s, []feeds.Item{c}, "school", day.Add(time.Hour)); res.New != 1 {
		t.Fatalf("result %+v, want 1 new", res)
	}
}

func TestSavePollGUIDChangeKeepsLink(t *testing.T) {
	// CMSs that mint a new GUID on every edit: the link says it is the
	// same item, so it is updated, not stored twice.
	s := openTemp(t)
	first := story("moe", "guid-v1", "moe.gov.cn/a.html", "", 0, day, "<p>初稿</p>")
	mustSave(t, s, []feeds.Item{first}, "moe", day)
	edited := story("moe", "guid-v2", "moe.gov.cn/a.html", "", 0, day.Add(time.Hour), "<p>修改稿</p>")
	res := mustSave(t, s, []feeds.Item{edited}, "moe", day.Add(time.Hour))
	if res.Updated != 1 || res.New != 0 {
		t.Fatalf("result %+v, want one update", res)
	}
	got := mustGet(t, s, first.ID)
	if got.Content != "<p>修改稿</p>" || !got.Published.Equal(day) || got.GUID != "guid-v2" {
		t.Errorf("stored %q published %v guid %s; want the edit under the first id and date", got.Content, got.Published, got.GUID)
	}
	// The next poll with the new GUID finds the item directly.
	if res := mustSave(t, s, []feeds.Item{edited}, "moe", day.Add(2*time.Hour)); res.Unchanged != 1 {
		t.Errorf("repoll: %+v, want unchanged", res)
	}
}

func TestSavePollAliasForTitleOnlyItems(t *testing.T) {
	// An item with neither GUID nor link merged by its title must be found
	// again on the next poll, although its own source now carries the story.
	s := openTemp(t)
	a := story("moe", "g1", "moe.gov.cn/a.html", "教育部部署2025年寒假学生安全工作", 0, day, "<p>a</p>")
	mustSave(t, s, []feeds.Item{a}, "moe", day)
	b := story("portal", "", "", "教育部部署2025年寒假学生安全工作", 0, day, "<p>b</p>")
	b.ID = feeds.NewID("portal", "title", b.Title)
	for i, want := range []feeds.PollResult{{Merged: 1}, {Unchanged: 1}} {
		res := mustSave(t, s, []feeds.Item{b}, "portal", day.Add(time.Duration(i)*time.Hour))
		if res != want {
			t.Errorf("poll %d: %+v, want %+v", i, res, want)
		}
	}
}

func TestPruneTombstones(t *testing.T) {
	s := openTemp(t)
	old := story("moe", "old", "moe.gov.cn/old.html", "", 0, day.AddDate(0, -2, 0), "<p>旧</p>")
	fresh := story("moe", "new", "moe.gov.cn/new.html", "", 0, day, "<p>新</p>")
	mustSave(t, s, []feeds.Item{old, fresh}, "moe", day)

	res, err := s.Prune(t.Context(), PruneOptions{Before: day.AddDate(0, 0, -30)}, day)
	if err != nil {
		t.Fatal(err)
	}
	if res.Items != 1 {
		t.Fatalf("pruned %d, want 1", res.Items)
	}
	// The source still lists the old item, also under a new GUID.
	again := old
	again.GUID, again.Keys.GUID = "old-v2", "old-v2"
	again.ID = feeds.NewID("moe", "guid", "old-v2")
	for _, it := range []feeds.Item{old, again} {
		pr := mustSave(t, s, []feeds.Item{it, fresh}, "moe", day.Add(time.Hour))
		if pr.Skipped != 1 || pr.New != 0 {
			t.Errorf("repoll after prune: %+v, want the pruned item skipped", pr)
		}
	}
	st, _ := s.State("moe")
	if st.ItemCount != 1 {
		t.Errorf("ItemCount = %d, want 1", st.ItemCount)
	}

	// Once the tombstone is forgotten, its keys go with it.
	seq := storySeq(t, s, old.ID)
	if n := countKeys(t, s, seq); n == 0 {
		t.Fatal("the tombstoned story has no keys left before they are forgotten")
	}
	res, err = s.Prune(t.Context(), PruneOptions{TombstonesBefore: day.Add(time.Hour)}, day.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if res.Tombstones != 1 {
		t.Fatalf("forgot %d tombstones, want 1", res.Tombstones)
	}
	if n := countKeys(t, s, seq); n != 0 {
		t.Errorf("%d keys still point at the forgotten item", n)
	}
}

func TestPruneMaxItems(t *testing.T) {
	s := openTemp(t)
	var items []feeds.Item
	for i := range 25 {
		items = append(items, story("moe", string(rune('a'+i)), "", "", 0, day.Add(time.Duration(i)*time.Minute), "<p>x</p>"))
	}
	mustSave(t, s, items, "moe", day)
	res, err := s.Prune(t.Context(), PruneOptions{MaxItems: 10, Batch: 4}, day)
	if err != nil {
		t.Fatal(err)
	}
	if res.Items != 15 || res.Batches != 4 {
		t.Fatalf("result %+v, want 15 items in 4 batches", res)
	}
	left, err := s.Items(Query{})
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 10 || left[9].GUID != "p" || left[0].GUID != "y" {
		t.Errorf("left %v, want the newest ten (y..p)", ids(left))
	}
	st, _ := s.State("moe")
	if st.ItemCount != 10 {
		t.Errorf("ItemCount = %d, want 10", st.ItemCount)
	}
	// The item count kept in meta follows saves and prunes.
	stats, err := s.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if stats.Items != 10 {
		t.Errorf("Stats().Items = %d, want 10", stats.Items)
	}
}

func TestCompact(t *testing.T) {
	path := filepath.Join(t.TempDir(), "edufeed.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var items []feeds.Item
	for i := range 2000 {
		it := story("moe", feeds.NewID("x", string(rune(i))), "", "", 0, day.Add(-time.Duration(i)*time.Hour), "<p>"+strings.Repeat("正文", 200)+"</p>")
		items = append(items, it)
	}
	mustSave(t, s, items, "moe", day)
	if _, err := s.Prune(t.Context(), PruneOptions{MaxItems: 100}, day); err != nil {
		t.Fatal(err)
	}
	// A compact while the store is open fails: the file is locked.
	if _, _, err := Compact(path, Options{LockTimeout: 50 * time.Millisecond}); err == nil {
		t.Fatal("compact of an open store succeeded")
	}
	s.Close()

	before, after, err := Compact(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if after >= before {
		t.Errorf("size %d -> %d, want smaller", before, after)
	}
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	left, err := s.Items(Query{})
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 100 {
		t.Errorf("%d items after compact, want 100", len(left))
	}
}

func TestOpenUpgradesSchema1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "edufeed.db")
	db, err := bbolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bbolt.Tx) error {
		for _, name := range schema1Buckets {
			if _, err := tx.CreateBucket(name); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keySchema, encodeUint(1))
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("read-only open of schema 1: %v", err)
	}
	ro.Close()
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	mustSave(t, s, []feeds.Item{story("moe", "g", "moe.gov.cn/a", "", 0, day, "<p>x</p>")}, "moe", day)
	err = s.db.View(func(tx *bbolt.Tx) error {
		if got, _ := decodeUint(tx.Bucket(bucketMeta).Get(keySchema)); got != SchemaVersion {
			t.Errorf("schema = %d, want %d", got, SchemaVersion)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// storySeq is the sequence number of the story known by id.
func storySeq(t *testing.T, s *Store, id string) uint64 {
	t.Helper()
	var (
		seq uint64
		ok  bool
	)
	err := s.db.View(func(tx *bbolt.Tx) error {
		seq, ok = s.keys.Load().committedStory(tx.Bucket(bucketKeys), idKey(id))
		return nil
	})
	if err != nil || !ok {
		t.Fatalf("no story is known by %s", id)
	}
	return seq
}

// countKeys counts the merge keys of the story seq: its key list in the
// file and its entries in the index.
func countKeys(t *testing.T, s *Store, seq uint64) int {
	t.Helper()
	n := 0
	err := s.db.View(func(tx *bbolt.Tx) error {
		if tx.Bucket(bucketKeys).Get(seqKey(seq)) != nil {
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n + entriesOf(s.keys.Load(), seq)
}

// TestSaveStateNeedsNoKeyIndex: a store that only records 304s never builds
// the key index, and a state written while the first poll builds it is
// neither lost nor a race (run with -race).
func TestSaveStateNeedsNoKeyIndex(t *testing.T) {
	path := filepath.Join(t.TempDir(), "edufeed.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	mustSave(t, s, []feeds.Item{story("moe", "g1", "moe.gov.cn/a.html", "", 0, day, "<p>a</p>")}, "moe", day)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.SaveState(feeds.SourceState{Name: "moe", LastSuccess: day}); err != nil {
		t.Fatal(err)
	}
	if s.keys.Load() != nil {
		t.Fatal("SaveState built the key index")
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			name := fmt.Sprintf("s%d", i)
			if err := s.SaveState(feeds.SourceState{Name: name, LastSuccess: day}); err != nil {
				t.Error(err)
			}
		})
	}
	res := mustSave(t, s, []feeds.Item{story("moe", "g1", "moe.gov.cn/a.html", "", 0, day, "<p>a</p>")}, "moe", day)
	wg.Wait()
	if res.Unchanged != 1 {
		t.Errorf("re-poll after reopening: %+v, want the stored item unchanged", res)
	}
	for i := range 8 {
		name := fmt.Sprintf("s%d", i)
		if st, err := s.State(name); err != nil || !st.LastSuccess.Equal(day) {
			t.Errorf("state %s: %+v, %v", name, st, err)
		}
	}
}
