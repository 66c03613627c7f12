// Package pgtest gives tests a PostgreSQL database of their own: a fresh
// schema in the cluster EDUFEED_TEST_PG_DSN names (scripts/pg-test-cluster.sh
// starts one). Without that variable the test is skipped, unless
// EDUFEED_REQUIRE_PG is set (as CI does), when it fails.
package pgtest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

var counter atomic.Int64

// DSN returns a DSN whose search_path is a new, empty schema, dropped when
// the test ends.
func DSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv("EDUFEED_TEST_PG_DSN")
	if base == "" {
		if os.Getenv("EDUFEED_REQUIRE_PG") != "" {
			t.Fatal("EDUFEED_REQUIRE_PG is set but EDUFEED_TEST_PG_DSN is not: start a cluster with scripts/pg-test-cluster.sh")
		}
		t.Skip("no PostgreSQL for tests: set EDUFEED_TEST_PG_DSN (scripts/pg-test-cluster.sh start)")
	}
	schema := fmt.Sprintf("t_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9, counter.Add(1))
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connect to the test database: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), base)
		if err != nil {
			t.Error(err)
			return
		}
		defer c.Close(context.Background())
		if _, err := c.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Error(err)
		}
	})
	return WithSearchPath(base, schema)
}

// WithSearchPath returns dsn (a URL) with its search_path set to schema.
func WithSearchPath(dsn, schema string) string {
	u, err := url.Parse(dsn)
	if err != nil || !strings.Contains(dsn, "://") {
		return dsn + " search_path=" + schema
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
