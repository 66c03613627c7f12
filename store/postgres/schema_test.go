package postgres_test

import (
	"context"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/edufeed/edufeed/store/postgres"
	"github.com/edufeed/edufeed/store/postgres/pgtest"
)

// TestUpgradeKeepsItemCounts: a database of schema 2, whose item counts
// are inside the states, upgrades to the count column with the counts kept.
func TestUpgradeKeepsItemCounts(t *testing.T) {
	dsn := pgtest.DSN(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `CREATE TABLE schema_version (version integer NOT NULL, applied timestamptz NOT NULL DEFAULT now())`); err != nil {
		t.Fatal(err)
	}
	for v, file := range []string{"migrations/001_init.sql", "migrations/002_deliveries.sql"} {
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
	_, err = conn.Exec(ctx, `INSERT INTO sources (name, state) VALUES
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
