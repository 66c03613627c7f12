package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/store"
)

// Prune removes the oldest stories, by published date, that are older than
// opts.Before or beyond opts.MaxItems, except each source's newest
// opts.KeepPerSource, leaving tombstones; then forgets tombstones older
// than opts.TombstonesBefore with their keys. It works in transactions of
// opts.Batch stories and stops between them when ctx is done. PostgreSQL
// reuses the freed space after autovacuum; VACUUM FULL gives it back.
func (s *Store) Prune(ctx context.Context, opts store.PruneOptions, now time.Time) (store.PruneResult, error) {
	batch := opts.Batch
	if batch <= 0 {
		batch = store.DefaultPruneBatch
	}
	var res store.PruneResult
	victims, err := s.victims(ctx, opts)
	if err != nil {
		return res, fmt.Errorf("store %s: prune: %w", s.dsn, err)
	}
	for len(victims) > 0 {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		part := victims[:min(batch, len(victims))]
		victims = victims[len(part):]
		var (
			n   int
			ver versionAt
		)
		err := s.write(ctx, true, func(tx pgx.Tx) error {
			var err error
			n, ver, err = tombstone(ctx, tx, part, now)
			return err
		})
		if err != nil {
			return res, fmt.Errorf("store %s: prune: %w", s.dsn, err)
		}
		if ver.v != 0 {
			s.noteVersion(ver.v, ver.mod)
		}
		res.Items += n
		res.Batches++
	}
	if opts.TombstonesBefore.IsZero() {
		return res, nil
	}
	for {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		var n int64
		err := s.write(ctx, true, func(tx pgx.Tx) error {
			// The keys go with their stories (they hold no foreign key).
			return tx.QueryRow(ctx, `WITH gone AS (
					DELETE FROM stories WHERE seq IN (
						SELECT seq FROM stories WHERE body IS NULL AND pruned_at < $1 ORDER BY seq LIMIT $2)
					RETURNING seq),
				e AS (DELETE FROM exact_keys WHERE seq IN (SELECT seq FROM gone)),
				t AS (DELETE FROM title_keys WHERE seq IN (SELECT seq FROM gone)),
				f AS (DELETE FROM fingerprints WHERE seq IN (SELECT seq FROM gone))
				SELECT count(*) FROM gone`, opts.TombstonesBefore, batch).Scan(&n)
		})
		if err != nil {
			return res, fmt.Errorf("store %s: forget tombstones: %w", s.dsn, err)
		}
		if n == 0 {
			return res, nil
		}
		res.Tombstones += int(n)
		res.Batches++
	}
}

// victims lists the stories Prune removes, oldest first: those published
// before opts.Before, and the oldest beyond opts.MaxItems, but none among
// a source's newest opts.KeepPerSource.
func (s *Store) victims(ctx context.Context, opts store.PruneOptions) ([]int64, error) {
	if opts.Before.IsZero() && opts.MaxItems <= 0 {
		return nil, nil
	}
	cutoff := int64(0)
	if !opts.Before.IsZero() {
		cutoff = store.MatchKeysOf(&feeds.Item{Published: opts.Before}).At
	}
	rows, err := s.pool.Query(ctx, `
		WITH live AS (
			SELECT seq, published, row_number() OVER (ORDER BY published, seq) AS oldest
			FROM stories WHERE body IS NOT NULL
		), total AS (SELECT count(*) AS n FROM live),
		spared AS (
			SELECT DISTINCT seq FROM (
				SELECT seq, row_number() OVER (PARTITION BY src ORDER BY published DESC, seq DESC) AS rank
				FROM stories, unnest(sources) AS src WHERE body IS NOT NULL AND $4 > 0
			) r WHERE rank <= $4
		)
		SELECT live.seq FROM live, total
		WHERE live.seq NOT IN (SELECT seq FROM spared)
		  AND (($1 AND live.published < $2) OR ($3 > 0 AND live.oldest <= total.n - $3))
		ORDER BY live.published, live.seq`,
		!opts.Before.IsZero(), cutoff, opts.MaxItems, opts.KeepPerSource)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// tombstone prunes the stories seqs, keeping their keys, and takes them
// off their sources' counts.
func tombstone(ctx context.Context, tx pgx.Tx, seqs []int64, now time.Time) (int, versionAt, error) {
	rows, err := tx.Query(ctx, `UPDATE stories SET body = NULL, pruned_at = $2 WHERE seq = ANY($1) AND body IS NOT NULL RETURNING sources`, seqs, now)
	if err != nil {
		return 0, versionAt{}, err
	}
	lists, err := pgx.CollectRows(rows, pgx.RowTo[[]string])
	if err != nil {
		return 0, versionAt{}, err
	}
	lost := make(map[string]int)
	for _, l := range lists {
		for _, name := range l {
			lost[name]++
		}
	}
	for name, n := range lost {
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM sources WHERE name = $1)`, name).Scan(&exists); err != nil {
			return 0, versionAt{}, err
		}
		if name == "" || !exists {
			continue
		}
		if err := addItemCount(ctx, tx, name, -n); err != nil {
			return 0, versionAt{}, err
		}
	}
	if len(lists) == 0 {
		return 0, versionAt{}, nil
	}
	ver, err := bumpVersion(ctx, tx, now, -len(lists))
	return len(lists), ver, err
}
