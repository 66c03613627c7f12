package store

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/edufeed/edufeed/feeds"
)

// schema2Polls are the polls that wrote testdata/schema2.db with the schema 2
// code (then pruned with PruneOptions{Before: day.AddDate(0, 0, -30)} at
// day+3h, and compacted): stories from two sources, one joined across them
// by its title, one edited under a new GUID, one pruned to a tombstone, and
// items without merge keys as schema 1 wrote them. The migration test polls
// them again.
func schema2Polls() []struct {
	src   string
	now   time.Time
	items []feeds.Item
} {
	const fpA, fpB uint64 = 0xF0F0_1234_5678_9ABC, 0x0123_4567_89AB_CDEF
	a := story("moe", "a", "moe.gov.cn/a.html", "教育部关于做好高校毕业生就业工作的通知", fpA, day, "<p>教育部部署高校毕业生就业工作。</p>")
	b := story("moe", "b", "moe.gov.cn/b.html", "教育部召开2025年年中推进会", fpB, day.Add(time.Hour), "<p>推进会总结上半年工作。</p>")
	old := story("moe", "old", "moe.gov.cn/old.html", "旧闻", 0, day.AddDate(0, -2, 0), "<p>旧</p>")
	bare := item("moe", "bare", day.Add(2*time.Hour), feeds.DateFromFirstSeen)
	b2 := story("moe", "b-v2", "moe.gov.cn/b.html", "教育部召开2025年年中推进会", fpB, day.Add(time.Hour), "<p>推进会总结上半年工作，部署下半年重点任务。</p>")
	p1 := story("portal", "p1", "portal.cn/p1.html", "教育部关于做好高校毕业生就业工作的通知", 0, day.Add(3*time.Hour), "<p>教育部部署高校毕业生就业工作，门户转载全文较长。</p>")
	p2 := story("portal", "p2", "portal.cn/p2.html", "门户自己的新闻", 0xAAAA_5555_AAAA_5555, day.Add(-time.Hour), "<p>门户</p>")
	return []struct {
		src   string
		now   time.Time
		items []feeds.Item
	}{
		{"moe", day, []feeds.Item{a, b, old, bare}},
		{"portal", day.Add(time.Hour), []feeds.Item{p1, p2}},
		{"moe", day.Add(2 * time.Hour), []feeds.Item{a, b2, old, bare}},
	}
}

// schema2Want is what testdata/schema2.db held, as the schema 2 code read it.
type schema2Want struct {
	Items   []feeds.Item        `json:"items"`
	States  []feeds.SourceState `json:"states"`
	Version uint64              `json:"version"`
}

// copySchema2 copies testdata/schema2.db into a temporary directory.
func copySchema2(t *testing.T) (path string, want schema2Want) {
	t.Helper()
	raw, err := os.ReadFile("testdata/schema2.db")
	if err != nil {
		t.Fatal(err)
	}
	path = filepath.Join(t.TempDir(), "edufeed.db")
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	js, err := os.ReadFile("testdata/schema2.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(js, &want); err != nil {
		t.Fatal(err)
	}
	return path, want
}

// checkContents compares what s serves with what the schema 2 code served.
func checkContents(t *testing.T, s *Store, want schema2Want) {
	t.Helper()
	items, err := s.Items(Query{})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(items)
	exp, _ := json.Marshal(want.Items)
	if string(got) != string(exp) {
		t.Errorf("items\n got %s\nwant %s", got, exp)
	}
	for _, it := range want.Items {
		if g, ok, err := s.Get(it.ID); err != nil || !ok || g.Title != it.Title {
			t.Errorf("Get(%s) = %q, %v, %v", it.ID, g.Title, ok, err)
		}
	}
	portal, err := s.Items(Query{Sources: []string{"portal"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(portal) != 2 {
		t.Errorf("portal carries %d stories, want 2 (its own and the one merged by title)", len(portal))
	}
	states, err := s.States()
	if err != nil {
		t.Fatal(err)
	}
	got, _ = json.Marshal(states)
	exp, _ = json.Marshal(want.States)
	if string(got) != string(exp) {
		t.Errorf("states\n got %s\nwant %s", got, exp)
	}
	st, err := s.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if st.Items != len(want.Items) || st.Version != want.Version {
		t.Errorf("stats: %d items, version %d; want %d, %d", st.Items, st.Version, len(want.Items), want.Version)
	}
}

func TestOpenUpgradesSchema2(t *testing.T) {
	path, want := copySchema2(t)
	before, _ := os.ReadFile(path)

	// Read-only, the old layout is served as it is and left alone.
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	checkContents(t, ro, want)
	ro.Close()
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("a read-only open changed the file")
	}

	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.ReadOnly() || s.legacy {
		t.Fatalf("upgrade failed: %v", s.roReason)
	}
	checkContents(t, s, want)
	err = s.db.View(func(tx *bbolt.Tx) error {
		if got, _ := decodeUint(tx.Bucket(bucketMeta).Get(keySchema)); got != SchemaVersion {
			t.Errorf("schema = %d, want %d", got, SchemaVersion)
		}
		if tx.Bucket([]byte("item_keys")) != nil {
			t.Error("the upgraded file still has item_keys")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("directory holds %d files after the upgrade, want the store alone", len(entries))
	}

	// Every merge key still finds its story: polling the same items again
	// changes nothing, the pruned one stays out.
	polls := schema2Polls()
	for _, p := range []int{2, 1} {
		res := mustSave(t, s, polls[p].items, polls[p].src, day.Add(5*time.Hour))
		if wantRes := (feeds.PollResult{Unchanged: len(polls[p].items)}); p == 2 {
			wantRes = feeds.PollResult{Unchanged: 3, Skipped: 1}
			if res != wantRes {
				t.Errorf("poll %d again: %+v, want %+v", p, res, wantRes)
			}
		} else if res != wantRes {
			t.Errorf("poll %d again: %+v, want %+v", p, res, wantRes)
		}
	}
	const fpA uint64 = 0xF0F0_1234_5678_9ABC
	tests := []struct {
		name string
		it   feeds.Item
		want feeds.PollResult
	}{
		{"b's first GUID", story("moe", "b", "", "", 0, day, "<p>推进会总结上半年工作。</p>"), feeds.PollResult{Updated: 1}},
		{"a's title from a third source", story("eol", "e1", "eol.cn/e1.html", "教育部关于做好高校毕业生就业工作的通知", 0, day, "<p>x</p>"), feeds.PollResult{Merged: 1}},
		{"a's fingerprint, 3 bits off", story("jyb", "j1", "jyb.cn/j1.html", "", fpA^0b111, day, "<p>y</p>"), feeds.PollResult{Merged: 1}},
		{"p2's link under a new GUID", story("portal", "p2-v2", "portal.cn/p2.html", "门户自己的新闻", 0, day.Add(-time.Hour), "<p>门户</p>"), feeds.PollResult{Updated: 1}},
	}
	for _, tt := range tests {
		if res := mustSave(t, s, []feeds.Item{tt.it}, tt.it.Source, day.Add(6*time.Hour)); res != tt.want {
			t.Errorf("%s: %+v, want %+v", tt.name, res, tt.want)
		}
	}

	if st, _ := s.Stats(); st.Items != len(want.Items) {
		t.Errorf("%d stories after polls that only match, want %d", st.Items, len(want.Items))
	}

	// The tombstone and its keys are forgotten together; then the pruned
	// item is new again.
	res, err := s.Prune(t.Context(), PruneOptions{TombstonesBefore: day.Add(4 * time.Hour)}, day.Add(7*time.Hour))
	if err != nil || res.Tombstones != 1 {
		t.Fatalf("forget: %+v, %v", res, err)
	}
	if res := mustSave(t, s, polls[2].items[2:3], "moe", day.Add(8*time.Hour)); res.New != 1 {
		t.Errorf("pruned item after its tombstone went: %+v, want new", res)
	}
}

// TestOpenSchema2UpgradeFails: when the upgraded copy cannot be written,
// the store opens read-only in its old layout, and writes say why.
func TestOpenSchema2UpgradeFails(t *testing.T) {
	path, want := copySchema2(t)
	// A directory where the copy goes, which cannot simply be removed.
	block := filepath.Join(filepath.Dir(path), ".edufeed.db.upgrade")
	if err := os.MkdirAll(filepath.Join(block, "x"), 0o700); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !s.ReadOnly() {
		t.Fatal("store is writable although its upgrade failed")
	}
	checkContents(t, s, want)
	_, err = s.SavePoll(schema2Polls()[1].items, feeds.SourceState{Name: "portal"}, day)
	if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), fmt.Sprintf("upgrade to schema %d failed", SchemaVersion)) {
		t.Errorf("SavePoll: %v, want ErrReadOnly saying the upgrade failed", err)
	}

	// With the obstacle gone, the next Open upgrades.
	s.Close()
	if err := os.RemoveAll(block); err != nil {
		t.Fatal(err)
	}
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s.ReadOnly() {
		t.Errorf("still read-only: %v", s.roReason)
	}
	checkContents(t, s, want)
}

// TestOpenSchema2LeftoverCopy: a copy left by an upgrade that crashed is
// thrown away and the upgrade done again.
func TestOpenSchema2LeftoverCopy(t *testing.T) {
	path, want := copySchema2(t)
	leftover := filepath.Join(filepath.Dir(path), ".edufeed.db.upgrade")
	if err := os.WriteFile(leftover, []byte("half a file"), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.ReadOnly() {
		t.Fatalf("upgrade failed: %v", s.roReason)
	}
	checkContents(t, s, want)
	if _, err := os.Stat(leftover); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("leftover copy still there: %v", err)
	}
}
