package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// migrations are the schema's steps, NNN_name.sql, applied in order, each in
// its own transaction with the schema_version row that records it.
//
//go:embed migrations/*.sql
var migrations embed.FS

// ErrNewerSchema: the database was set up by a newer edufeed.
var ErrNewerSchema = errors.New("database schema is newer than this edufeed; upgrade edufeed (or point it at another database)")

// SchemaVersion is the newest schema this binary knows.
var SchemaVersion = len(steps())

// migrationLock is the advisory lock instances take while one migrates, so
// that several starting at once do not run the same step twice.
const migrationLock = 0x6564756665656401

type step struct {
	version int
	name    string
	sql     string
}

func steps() []step {
	entries, err := fs.ReadDir(migrations, "migrations")
	if err != nil {
		panic(err) // embedded: cannot fail
	}
	var out []step
	for _, e := range entries {
		num, _, _ := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if err != nil {
			panic(fmt.Sprintf("migration %s: name must start with a number", e.Name()))
		}
		b, err := migrations.ReadFile("migrations/" + e.Name())
		if err != nil {
			panic(err)
		}
		out = append(out, step{v, e.Name(), string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out
}

// migrate brings the schema up to SchemaVersion, or refuses a newer one.
func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, int64(migrationLock)); err != nil {
		return fmt.Errorf("lock for migration: %w", err)
	}
	defer func() { _, _ = conn.Exec(context.Background(), `SELECT pg_advisory_unlock($1)`, int64(migrationLock)) }()
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL, applied timestamptz NOT NULL DEFAULT now())`); err != nil {
		return fmt.Errorf("create schema_version: %w", err)
	}
	var cur int
	if err := conn.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_version`).Scan(&cur); err != nil {
		return fmt.Errorf("read schema_version: %w", err)
	}
	if cur > SchemaVersion {
		return fmt.Errorf("%w: database has schema %d, this binary knows up to %d", ErrNewerSchema, cur, SchemaVersion)
	}
	for _, st := range steps() {
		if st.version <= cur {
			continue
		}
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, st.sql); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `INSERT INTO schema_version (version) VALUES ($1)`, st.version)
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %s: %w", st.name, err)
		}
	}
	return nil
}
