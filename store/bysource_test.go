package store

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/edufeed/edufeed/feeds"
)

// fillSources stores stories of three sources, two of them merged across
// moe and portal (same link), one of them re-dated by the merge.
func fillSources(t *testing.T, s *Store) {
	t.Helper()
	var moe, portal, edu []feeds.Item
	for i := range 6 {
		g := string(rune('a' + i))
		moe = append(moe, story("moe", "m"+g, "moe.gov.cn/"+g+".html", "", 0, day.Add(time.Duration(i)*time.Hour), "<p>m</p>"))
		edu = append(edu, story("edu", "e"+g, "edu.cn/"+g+".html", "", 0, day.Add(time.Duration(i)*time.Hour), "<p>e</p>"))
	}
	mustSave(t, s, moe, "moe", day.Add(6*time.Hour))
	mustSave(t, s, edu, "edu", day.Add(6*time.Hour))
	// mb and md again; portal dates md earlier, and the join takes its date
	// and its GUID (p2).
	portal = append(portal,
		story("portal", "p1", "moe.gov.cn/b.html", "", 0, day.Add(time.Hour), "<p>长一些的正文</p>"),
		story("portal", "p2", "moe.gov.cn/d.html", "", 0, day.Add(-time.Hour), "<p>长一些的正文</p>"),
		story("portal", "p3", "portal.cn/3.html", "", 0, day.Add(90*time.Minute), "<p>p</p>"),
	)
	if res := mustSave(t, s, portal, "portal", day.Add(7*time.Hour)); res.Merged != 2 {
		t.Fatalf("portal poll: %+v, want 2 merged", res)
	}
}

// checkBySource fails unless by_source holds exactly one key per stored
// story and source that carried it, at the story's time and number.
func checkBySource(t *testing.T, s *Store) {
	t.Helper()
	var want, got []string
	err := s.db.View(func(tx *bbolt.Tx) error {
		items := tx.Bucket(bucketItems)
		err := eachByTime(tx, s.byDay, false, func(e timeEntry) (bool, error) {
			head, err := decodeHead(items.Get(e.key))
			if err != nil {
				return false, err
			}
			seq, _ := keySeq(e.key)
			for _, name := range storySources(head.Source, head.Sources) {
				want = append(want, string(sourceKey(name, timeKey(e.at, seq))))
			}
			return true, nil
		})
		if err != nil {
			return err
		}
		return tx.Bucket(bucketBySource).ForEach(func(k, _ []byte) error {
			got = append(got, string(k))
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("by_source has %d keys, want %d:\n got %q\nwant %q", len(got), len(want), got, want)
	}
}

// scanned reads q as a store without by_source does: every story's head.
func scanned(t *testing.T, s *Store, q Query) []string {
	t.Helper()
	s.bySource = false
	defer func() { s.bySource = true }()
	items, err := s.Items(q)
	if err != nil {
		t.Fatal(err)
	}
	return ids(items)
}

func TestItemsBySource(t *testing.T) {
	s := openTemp(t)
	fillSources(t, s)
	checkBySource(t, s)
	queries := []struct {
		name string
		q    Query
		want []string
	}{
		{"one source", Query{Sources: []string{"moe"}}, []string{"mf", "me", "mc", "mb", "ma", "p2"}},
		{"merged stories under both", Query{Sources: []string{"portal"}}, []string{"p3", "mb", "p2"}},
		{"two sources, each story once", Query{Sources: []string{"portal", "moe"}}, []string{"mf", "me", "mc", "p3", "mb", "ma", "p2"}},
		{"the same source twice", Query{Sources: []string{"edu", "edu"}, Limit: 2}, []string{"ef", "ee"}},
		{"limit across sources", Query{Sources: []string{"edu", "portal"}, Limit: 4}, []string{"ef", "ee", "ed", "ec"}},
		{"match", Query{Sources: []string{"portal"}, Match: func(it *feeds.Item) bool { return it.GUID != "mb" }}, []string{"p3", "p2"}},
		{"unknown source", Query{Sources: []string{"nobody"}}, nil},
	}
	check := func(t *testing.T) {
		for _, tt := range queries {
			items, err := s.Items(tt.q)
			if err != nil {
				t.Fatal(err)
			}
			got, ref := ids(items), scanned(t, s, tt.q)
			if !slices.Equal(got, ref) {
				t.Errorf("%s: by_source %v, scan %v", tt.name, got, ref)
			}
			if tt.want != nil && !slices.Equal(got, tt.want) {
				t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
			}
		}
	}
	t.Run("stored", check)

	// A prune takes the pruned stories out of the index too.
	res, err := s.Prune(context.Background(), PruneOptions{Before: day.Add(150 * time.Minute)}, day.Add(8*time.Hour))
	if err != nil || res.Items == 0 {
		t.Fatalf("prune: %+v, %v", res, err)
	}
	checkBySource(t, s)
	queries = queries[:0:0]
	queries = append(queries, struct {
		name string
		q    Query
		want []string
	}{"after prune", Query{Sources: []string{"portal", "moe"}}, []string{"mf", "me"}})
	t.Run("pruned", check)
}

// TestUpgradeToSchema4: a schema 3 file is read as it is when opened
// read-only, and gets its by_source index when opened for writing.
func TestUpgradeToSchema4(t *testing.T) {
	// Several transactions, each going on where the last stopped.
	defer func(n int) { bySourceBatch = n }(bySourceBatch)
	bySourceBatch = 4
	path := filepath.Join(t.TempDir(), "edufeed.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	fillSources(t, s)
	want, err := s.Items(Query{Sources: []string{"portal", "edu"}})
	if err != nil {
		t.Fatal(err)
	}
	// Make it the file schema 3 wrote: by_time, no by_source, schema 3.
	toSchema4(t, s)
	if err := s.db.Update(func(tx *bbolt.Tx) error {
		if err := tx.DeleteBucket(bucketBySource); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keySchema, encodeUint(seqSchema))
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	for _, readOnly := range []bool{true, false} {
		s, err := Open(path, Options{ReadOnly: readOnly})
		if err != nil {
			t.Fatal(err)
		}
		if s.bySource == readOnly || s.byDay == readOnly || s.legacy {
			t.Errorf("read-only %v: bySource %v, byDay %v, legacy %v", readOnly, s.bySource, s.byDay, s.legacy)
		}
		got, err := s.Items(Query{Sources: []string{"portal", "edu"}})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(ids(got), ids(want)) {
			t.Errorf("read-only %v: %v, want %v", readOnly, ids(got), ids(want))
		}
		if !readOnly {
			checkBySource(t, s)
			var schema uint64
			_ = s.db.View(func(tx *bbolt.Tx) error { schema, err = readSchema(tx); return err })
			if schema != SchemaVersion {
				t.Errorf("schema %d after the upgrade, want %d", schema, SchemaVersion)
			}
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
