package postgres_test

import (
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/store"
	"github.com/edufeed/edufeed/store/postgres"
	"github.com/edufeed/edufeed/store/postgres/pgtest"
)

// TestUpgradeKeepsItemCounts: a database of schema 2, whose item counts
// are inside the states, upgrades to the count column with the counts kept.
func TestUpgradeKeepsItemCounts(t *testing.T) {
	dsn := pgtest.DSN(t)
	ctx := context.Background()
	conn := databaseAt(t, dsn, 2)
	_, err := conn.Exec(ctx, `INSERT INTO sources (name, state) VALUES
		('moe', convert_to('{"name":"moe","etag":"\"v1\"","item_count":1234,"last_result":{"new":2}}', 'UTF8')),
		('jyt', convert_to('{"name":"jyt","last_error":"HTTP 503"}', 'UTF8'))`)
	if err != nil {
		t.Fatal(err)
	}

	s := open(t, dsn)
	moe, err := s.State("moe")
	if err != nil {
		t.Fatal(err)
	}
	if moe.ItemCount != 1234 || moe.ETag != `"v1"` || moe.LastResult.New != 2 {
		t.Errorf("moe after the upgrade: %+v, want 1234 items and its state", moe)
	}
	jyt, err := s.State("jyt")
	if err != nil {
		t.Fatal(err)
	}
	if jyt.ItemCount != 0 || jyt.LastError != "HTTP 503" {
		t.Errorf("jyt after the upgrade: %+v, want 0 items and its error", jyt)
	}
	// A state write keeps the count.
	moe.ItemCount = 0
	if err := s.SaveState(moe); err != nil {
		t.Fatal(err)
	}
	if again, _ := s.State("moe"); again.ItemCount != 1234 {
		t.Errorf("after SaveState: %d items, want 1234", again.ItemCount)
	}
	if postgres.SchemaVersion < 3 {
		t.Errorf("schema version %d, want at least 3", postgres.SchemaVersion)
	}
}

// TestUpgradeKeepsFingerprints: the band rows of a schema 3 database become
// fingerprint rows, so that a near-copy from another source still joins
// the story stored before the upgrade.
func TestUpgradeKeepsFingerprints(t *testing.T) {
	dsn := pgtest.DSN(t)
	ctx := context.Background()
	conn := databaseAt(t, dsn, 3)
	day := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	const fp uint64 = 0x1E3779B97F4A7C15
	old := feeds.Item{ID: "moe-1", Source: "moe", Title: "教育部召开年中推进会", Link: "https://moe.gov.cn/jyb/1.html",
		Published: day, FirstSeen: day, Content: "<p>部署下半年重点任务。</p>"}
	if _, err := conn.Exec(ctx, `INSERT INTO stories (seq, id, source, sources, published, body) VALUES (1, $1, 'moe', '{moe}', $2, $3)`,
		old.ID, day.UnixNano(), store.EncodeItem(&old)); err != nil {
		t.Fatal(err)
	}
	for band, v := range store.FingerprintBands(fp) {
		if _, err := conn.Exec(ctx, `INSERT INTO fingerprint_bands (band, value, seq, fp) VALUES ($1, $2, 1, $3)`, band, int32(v), int64(fp)); err != nil {
			t.Fatal(err)
		}
	}

	s := open(t, dsn)
	copied := feeds.Item{ID: "jyt-9", Source: "jyt", Title: "转载：年中推进会召开", Link: "https://jyt.example.cn/9.html",
		Published: day.Add(time.Hour), Content: "<p>部署下半年重点任务。</p>", Keys: feeds.Keys{Fingerprint: fp ^ 1}}
	res, err := s.SavePoll([]feeds.Item{copied}, feeds.SourceState{Name: "jyt"}, day.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if res.Merged != 1 || res.New != 0 {
		t.Errorf("near-copy after the upgrade: %+v, want it merged into the stored story", res)
	}
}

// databaseAt sets up the database at dsn with the schema's first n
// migrations, as an older edufeed left it, and returns a connection to it.
func databaseAt(t *testing.T, dsn string, n int) *pgx.Conn {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close(ctx) })
	if _, err := conn.Exec(ctx, `CREATE TABLE schema_version (version integer NOT NULL, applied timestamptz NOT NULL DEFAULT now())`); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("migrations/*.sql")
	if err != nil || len(files) < n {
		t.Fatalf("migrations: %v, %v", files, err)
	}
	for v, file := range files[:n] {
		sql, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec(ctx, string(sql)); err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec(ctx, `INSERT INTO schema_version (version) VALUES ($1)`, v+1); err != nil {
			t.Fatal(err)
		}
	}
	return conn
}

// TestUpgradeKeepsExactKeys: a schema 4 database's exact keys become
// hashed rows, and a story's own id row goes (its row holds the id), yet
// every key still finds its story: the own id, an alias id, a GUID, a link.
func TestUpgradeKeepsExactKeys(t *testing.T) {
	dsn := pgtest.DSN(t)
	ctx := context.Background()
	conn := databaseAt(t, dsn, 4)
	day := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	old := feeds.Item{ID: "moe-1", Source: "moe", Title: "教育部召开年中推进会", Link: "https://moe.gov.cn/jyb/1.html",
		Published: day, FirstSeen: day, Content: "<p>部署下半年重点任务。</p>",
		Keys: feeds.Keys{GUID: "moe-guid-1", Link: "https://moe.gov.cn/jyb/1.html"}}
	if _, err := conn.Exec(ctx, `INSERT INTO stories (seq, id, source, sources, published, body) VALUES (1, $1, 'moe', '{moe}', $2, $3)`,
		old.ID, day.UnixNano(), store.EncodeItem(&old)); err != nil {
		t.Fatal(err)
	}
	k := store.MatchKeysOf(&old)
	alias := store.MatchKeysOf(&feeds.Item{ID: "moe-alias"}).ID
	for _, key := range [][]byte{k.ID, k.GUID, k.Link, alias} {
		if _, err := conn.Exec(ctx, `INSERT INTO exact_keys (key, seq) VALUES ($1, 1)`, key); err != nil {
			t.Fatal(err)
		}
	}

	s := open(t, dsn)
	var rows int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM exact_keys`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != 3 {
		t.Errorf("%d exact key rows after the upgrade, want 3 (the GUID, the link, the alias; the own id in the story's row)", rows)
	}
	known, err := s.Known([]string{"moe-1", "moe-alias", "moe-2"})
	if err != nil {
		t.Fatal(err)
	}
	if known["moe-1"].Title != old.Title {
		t.Errorf("Known(moe-1) = %+v, want its title", known["moe-1"])
	}
	if _, ok := known["moe-alias"]; !ok {
		t.Error("Known does not know the alias moe-alias")
	}
	if _, ok := known["moe-2"]; ok {
		t.Error("Known knows moe-2, never stored")
	}
	tests := []struct {
		name string
		item feeds.Item
	}{
		{"own id", feeds.Item{ID: "moe-1", Source: "moe", Title: old.Title, Published: day}},
		{"alias id", feeds.Item{ID: "moe-alias", Source: "moe", Title: "别名", Published: day}},
		{"guid", feeds.Item{ID: "moe-3", Source: "moe", Title: "另一标题", Published: day, Keys: feeds.Keys{GUID: "moe-guid-1"}}},
		{"link", feeds.Item{ID: "jyt-4", Source: "jyt", Title: "转载", Published: day, Keys: feeds.Keys{Link: old.Link}}},
	}
	for _, tt := range tests {
		res, err := s.SavePoll([]feeds.Item{tt.item}, feeds.SourceState{Name: tt.item.Source}, day.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if res.New != 0 {
			t.Errorf("%s: %+v, want the stored story found", tt.name, res)
		}
	}
	if n, _, _, err := s.Count(ctx); err != nil || n != 1 {
		t.Errorf("%d stories after the saves (%v), want 1", n, err)
	}
}

// TestExactKeyHalfIsNoMatch: an exact key row that shares only its first
// half (the indexed bigint) with an item's key does not name the item's
// story: every hit is checked against the whole key.
func TestExactKeyHalfIsNoMatch(t *testing.T) {
	dsn := pgtest.DSN(t)
	ctx := context.Background()
	s := open(t, dsn)
	day := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	stored := feeds.Item{ID: "moe-1", Source: "moe", Title: "教育部召开年中推进会", Published: day}
	if _, err := s.SavePoll([]feeds.Item{stored}, feeds.SourceState{Name: "moe"}, day); err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close(ctx) })
	incoming := feeds.Item{ID: "jyt-9", Source: "jyt", Title: "省厅部署暑期安全工作", Published: day,
		Keys: feeds.Keys{GUID: "jyt-guid-9", Link: "https://jyt.example.cn/9.html"}}
	k := store.MatchKeysOf(&incoming)
	for _, key := range [][]byte{k.ID, k.GUID, k.Link} {
		h, r := int64(binary.BigEndian.Uint64(key[:8])), int64(binary.BigEndian.Uint64(key[8:]))
		if _, err := conn.Exec(ctx, `INSERT INTO exact_keys (h, r, seq) SELECT $1, $2, seq FROM stories WHERE id = 'moe-1'`, h, r^1); err != nil {
			t.Fatal(err)
		}
	}
	res, err := s.SavePoll([]feeds.Item{incoming}, feeds.SourceState{Name: "jyt"}, day)
	if err != nil {
		t.Fatal(err)
	}
	if res.New != 1 {
		t.Errorf("item whose keys share only their first half with moe-1's rows: %+v, want it new", res)
	}
	known, err := s.Known([]string{"jyt-9"})
	if err != nil {
		t.Fatal(err)
	}
	if known["jyt-9"].Title != incoming.Title {
		t.Errorf("Known(jyt-9) = %+v, want its own title", known["jyt-9"])
	}
}

// TestUpgradeMovesFirstKeys: a schema 5 database's stories take one of
// their title keys and one of their fingerprints into their rows; the
// rest stay key rows, and every one of them still finds its story.
func TestUpgradeMovesFirstKeys(t *testing.T) {
	dsn := pgtest.DSN(t)
	ctx := context.Background()
	conn := databaseAt(t, dsn, 5)
	day := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	const fp1, fp2 uint64 = 0x1E3779B97F4A7C15, 0x7A5B_0C3D_9E1F_2468
	old := feeds.Item{ID: "moe-1", Source: "moe", Title: "教育部召开年中推进会", Published: day, FirstSeen: day,
		Content: "<p>部署下半年重点任务。</p>"}
	if _, err := conn.Exec(ctx, `INSERT INTO stories (seq, id, source, sources, published, body) VALUES (1, $1, 'moe', '{moe}', $2, $3)`,
		old.ID, day.UnixNano(), store.EncodeItem(&old)); err != nil {
		t.Fatal(err)
	}
	titles := []string{"教育部召开年中推进会", "年中推进会部署下半年工作"}
	for _, title := range titles {
		k := store.MatchKeysOf(&feeds.Item{Title: title, Published: day, Keys: feeds.Keys{Title: title}})
		if _, err := conn.Exec(ctx, `INSERT INTO title_keys (hash, seq, at) VALUES ($1, 1, $2)`, int64(k.Title), day.UnixNano()); err != nil {
			t.Fatal(err)
		}
	}
	for _, fp := range []uint64{fp1, fp2} {
		if _, err := conn.Exec(ctx, `INSERT INTO fingerprints (seq, fp) VALUES (1, $1)`, int64(fp)); err != nil {
			t.Fatal(err)
		}
	}

	s := open(t, dsn)
	var titleRows, fpRows, inRow int
	if err := conn.QueryRow(ctx, `SELECT (SELECT count(*) FROM title_keys), (SELECT count(*) FROM fingerprints),
		(SELECT count(*) FROM stories WHERE title_hash IS NOT NULL AND title_at IS NOT NULL AND fp IS NOT NULL)`).Scan(&titleRows, &fpRows, &inRow); err != nil {
		t.Fatal(err)
	}
	if titleRows != 1 || fpRows != 1 || inRow != 1 {
		t.Errorf("after the upgrade: %d title rows, %d fingerprint rows, %d stories with both in their row; want 1, 1, 1", titleRows, fpRows, inRow)
	}
	tests := []struct {
		name string
		item feeds.Item
	}{
		{"first title", feeds.Item{ID: "jyt-1", Source: "jyt", Title: titles[0], Published: day, Keys: feeds.Keys{Title: titles[0]}}},
		{"second title", feeds.Item{ID: "jyt-2", Source: "portal", Title: titles[1], Published: day, Keys: feeds.Keys{Title: titles[1]}}},
		{"first fingerprint", feeds.Item{ID: "sch-1", Source: "school", Title: "转载一", Published: day, Keys: feeds.Keys{Fingerprint: fp1 ^ 1}}},
		{"second fingerprint", feeds.Item{ID: "cty-1", Source: "county", Title: "转载二", Published: day, Keys: feeds.Keys{Fingerprint: fp2 ^ 2}}},
	}
	for _, tt := range tests {
		res, err := s.SavePoll([]feeds.Item{tt.item}, feeds.SourceState{Name: tt.item.Source}, day.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if res.Merged != 1 {
			t.Errorf("%s: %+v, want it merged into the stored story", tt.name, res)
		}
	}
}
