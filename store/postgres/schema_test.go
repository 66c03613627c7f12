package postgres_test

import (
	"context"
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
