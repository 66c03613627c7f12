package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/internal/wire"
	"github.com/edufeed/edufeed/store"
	"github.com/edufeed/edufeed/store/postgres"
)

// pgBackupAdvice says how to back up a PostgreSQL store, which edufeed
// leaves to the database's own tools.
func pgBackupAdvice(where string) string {
	return fmt.Sprintf("the store is the PostgreSQL database %s: back it up with PostgreSQL's tools, e.g. pg_dump -Fc -d DSN -f edufeed.dump (restore with pg_restore -d DSN edufeed.dump), or with your provider's snapshots", where)
}

// pgCompactAdvice says how to give a PostgreSQL store's free space back.
func pgCompactAdvice(where string) string {
	return fmt.Sprintf("the store is the PostgreSQL database %s: autovacuum reuses the space of pruned stories; to give it back to the disk run VACUUM FULL (psql -d DSN -c 'VACUUM FULL'), which locks the tables while it runs", where)
}

// cmdMigrateStore copies a bbolt store into an empty PostgreSQL database
// and checks the copy by counts and story ids.
func cmdMigrateStore(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("migrate-store", flag.ContinueOnError)
	fs.SetOutput(stderr)
	from := fs.String("from", "", "the store to copy: bolt:PATH (the daemon must be stopped)")
	to := fs.String("to", "", "where to copy it: postgres:DSN, an empty database")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: edufeed migrate-store -from bolt:PATH -to postgres:DSN")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	path, okFrom := strings.CutPrefix(*from, "bolt:")
	dsn, okTo := strings.CutPrefix(*to, "postgres:")
	if !okFrom || !okTo || path == "" || dsn == "" || fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	if err := migrateStore(ctx, path, dsn, stdout); err != nil {
		fmt.Fprintln(stderr, "edufeed: migrate-store:", postgres.Redact(err.Error()))
		return 1
	}
	return 0
}

func migrateStore(ctx context.Context, path, dsn string, stdout io.Writer) error {
	src, err := store.Open(path, store.Options{ReadOnly: true, Existing: true})
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := postgres.Open(ctx, dsn, postgres.Options{Match: wire.StoreOptions(nil)})
	if err != nil {
		return err
	}
	defer dst.Close()
	res, err := dst.Import(ctx, src)
	if err != nil {
		return err
	}
	// Check the copy: the same counts, and the same stories by id.
	s1, t1, n1, err := src.Count()
	if err != nil {
		return err
	}
	s2, t2, n2, err := dst.Count(ctx)
	if err != nil {
		return err
	}
	if s1 != s2 || t1 != t2 || n1 != n2 {
		return fmt.Errorf("copy differs: %d stories, %d tombstones, %d sources in %s; %d, %d, %d in %s",
			s1, t1, n1, path, s2, t2, n2, dst.Path())
	}
	a, err := storyIDs(src)
	if err != nil {
		return err
	}
	b, err := storyIDs(dst)
	if err != nil {
		return err
	}
	if !slices.Equal(a, b) {
		return fmt.Errorf("copy differs: the story ids of %s and %s are not the same", path, dst.Path())
	}
	fmt.Fprintf(stdout, "copied %s to %s: %d stories, %d tombstones, %d sources; counts and ids checked\n",
		path, dst.Path(), res.Stories, res.Tombstones, res.Sources)
	return nil
}

// storyIDs lists a store's story ids, sorted, without holding the stories.
func storyIDs(s store.Backend) ([]string, error) {
	var ids []string
	_, err := s.Items(store.Query{Match: func(it *feeds.Item) bool {
		ids = append(ids, it.ID)
		return false
	}})
	slices.Sort(ids)
	return ids, err
}
