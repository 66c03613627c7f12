package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/internal/wire"
	"github.com/edufeed/edufeed/store"
	"github.com/edufeed/edufeed/store/postgres"
	"github.com/edufeed/edufeed/store/postgres/pgtest"
)

// copyStory is an item with the keys feeds/merge would give it.
func copyStory(src, guid, link string, published time.Time) feeds.Item {
	return feeds.Item{
		ID: feeds.NewID(src, "guid", guid), Source: src, Sources: []string{src}, GUID: guid,
		Link: "https://" + link, Title: "通知 " + guid, Content: "<p>" + guid + "</p>",
		Published: published, DateFrom: feeds.DateFromFeed,
		Keys: feeds.Keys{GUID: guid, Link: link},
	}
}

// TestMigrateStore copies a bbolt store with a merged story and a tombstone
// into PostgreSQL: the same stories and version, and matching goes on as
// before (the merged copy's alias and the pruned story's keys came along).
func TestMigrateStore(t *testing.T) {
	dsn := pgtest.DSN(t)
	path := filepath.Join(t.TempDir(), "edufeed.db")
	day := time.Date(2025, 11, 20, 9, 30, 0, 0, time.UTC)
	now := day.Add(time.Hour)
	b, err := store.Open(path, wire.StoreOptions(nil))
	if err != nil {
		t.Fatal(err)
	}
	old := copyStory("moe", "old", "moe.gov.cn/old.html", day.Add(-90*24*time.Hour))
	mirror := copyStory("portal", "p1", "moe.gov.cn/a.html", day)
	for _, poll := range []struct {
		src   string
		items []feeds.Item
	}{
		{"moe", []feeds.Item{copyStory("moe", "a", "moe.gov.cn/a.html", day), copyStory("moe", "b", "moe.gov.cn/b.html", day.Add(time.Minute)), old}},
		{"portal", []feeds.Item{mirror}},
	} {
		if _, err := b.SavePoll(poll.items, feeds.SourceState{Name: poll.src, ETag: `"e1"`}, now); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := b.Prune(context.Background(), store.PruneOptions{Before: day.Add(-30 * 24 * time.Hour)}, now); err != nil {
		t.Fatal(err)
	}
	want, _ := b.Items(store.Query{})
	wantV, wantMod, _ := b.Version()
	b.Close()

	code, out, errOut := runCmd("migrate-store", "-from", "bolt:"+path, "-to", "postgres:"+dsn)
	if code != 0 {
		t.Fatalf("migrate-store: exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "2 stories, 1 tombstones, 2 sources; counts and ids checked") {
		t.Errorf("output %q", out)
	}

	p, err := postgres.Open(context.Background(), dsn, postgres.Options{Match: wire.StoreOptions(nil)})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	got, err := p.Items(store.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d stories copied, want %d", len(got), len(want))
	}
	for i := range want {
		if !slices.Equal(store.EncodeItem(&got[i]), store.EncodeItem(&want[i])) {
			t.Errorf("story %d differs:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
	if v, mod, _ := p.Version(); v != wantV || !mod.Equal(wantMod) {
		t.Errorf("version %d %v, want %d %v", v, mod, wantV, wantMod)
	}
	st, _ := p.State("moe")
	if st.ETag != `"e1"` || st.ItemCount != 2 {
		t.Errorf("moe's state: %+v", st)
	}
	res, err := p.SavePoll([]feeds.Item{mirror, old}, feeds.SourceState{Name: "portal"}, now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if res.New != 0 || res.Skipped != 1 || res.Unchanged != 1 {
		t.Errorf("saving the merged copy and the pruned story again: %+v; want 1 unchanged, 1 skipped", res)
	}

	code, _, errOut = runCmd("migrate-store", "-from", "bolt:"+path, "-to", "postgres:"+dsn)
	if code != 1 || !strings.Contains(errOut, "empty") {
		t.Errorf("second copy into the same database: exit %d, %q; want a refusal", code, errOut)
	}
	if code, _, _ := runCmd("migrate-store", "-from", path, "-to", dsn); code != 2 {
		t.Errorf("arguments without bolt: and postgres: gave exit %d, want 2", code)
	}
}

// TestBackupAndCompactOnPostgres: both say what to use instead, without the password.
func TestBackupAndCompactOnPostgres(t *testing.T) {
	dir := t.TempDir()
	path := writeConfig(t, dir, "  - {name: local, url: \"file:local.xml\"}\n")
	usePostgres(t, path, "postgres://edufeed:hunter2@db.example.org/edufeed")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"backup", "-config", path, filepath.Join(dir, "copy.db")}, "pg_dump"},
		{[]string{"compact", "-config", path}, "VACUUM FULL"},
	} {
		code, _, errOut := runCmd(tt.args...)
		if code != 1 || !strings.Contains(errOut, tt.want) || !strings.Contains(errOut, "db.example.org") {
			t.Errorf("%s: exit %d, %q; want advice naming %s", tt.args[0], code, errOut, tt.want)
		}
		if strings.Contains(errOut, "hunter2") {
			t.Errorf("%s shows the password: %q", tt.args[0], errOut)
		}
	}
}

// usePostgres points the config at path to the database dsn.
func usePostgres(t *testing.T, path, dsn string) {
	t.Helper()
	cfg, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg = bytes.Replace(cfg, []byte("store:\n"), []byte("store:\n  driver: postgres\n  dsn: '"+dsn+"'\n  lease: 2s\n"), 1)
	if err := os.WriteFile(path, cfg, 0o644); err != nil {
		t.Fatal(err)
	}
}
