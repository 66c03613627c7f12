package postgres

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/store"
)

// Exporter is a store that can be copied from: the bbolt store is one.
type Exporter interface {
	Export(fn func(e *store.Exported) error) error
	States() ([]feeds.SourceState, error)
	Version() (uint64, time.Time, error)
}

// ErrNotEmpty: Import copies only into a database without stories or sources.
var ErrNotEmpty = errors.New("the database already holds stories or sources; copy into an empty one")

// ImportResult counts what Import copied.
type ImportResult struct {
	Stories, Tombstones, Sources int
}

// importBatch is how many stories one COPY round carries.
const importBatch = 2000

// Import copies src into this store, which must be empty, in one
// transaction: stories under their own sequence numbers with their merge
// keys, tombstones, source states and the version, so that matching goes on
// exactly as before and feeds keep their ETags.
func (s *Store) Import(ctx context.Context, src Exporter) (ImportResult, error) {
	var res ImportResult
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		res = ImportResult{}
		var used bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM stories) OR EXISTS (SELECT 1 FROM sources)`).Scan(&used); err != nil {
			return err
		}
		if used {
			return ErrNotEmpty
		}
		if _, err := tx.Exec(ctx, `CREATE TEMP TABLE exact_in (h bigint, r bigint, seq bigint) ON COMMIT DROP`); err != nil {
			return err
		}
		var b importRows
		flush := func() error {
			if err := b.copy(ctx, tx); err != nil {
				return err
			}
			b = importRows{}
			return nil
		}
		err := src.Export(func(e *store.Exported) error {
			if err := b.add(e); err != nil {
				return err
			}
			if e.Item == nil {
				res.Tombstones++
			} else {
				res.Stories++
			}
			if len(b.stories) >= importBatch {
				return flush()
			}
			return nil
		})
		if err != nil {
			return err
		}
		if err := flush(); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO exact_keys (h, r, seq) SELECT DISTINCT ON (h, r) h, r, seq FROM exact_in ORDER BY h, r, seq`); err != nil {
			return fmt.Errorf("exact keys: %w", err)
		}
		states, err := src.States()
		if err != nil {
			return err
		}
		for _, st := range states {
			if err := putState(ctx, tx, st); err != nil {
				return err
			}
		}
		res.Sources = len(states)
		v, mod, err := src.Version()
		if err != nil {
			return err
		}
		var modified *time.Time
		if !mod.IsZero() {
			modified = &mod
		}
		if _, err := tx.Exec(ctx, `UPDATE meta SET version = $1, modified = $2, items = $3`, int64(v), modified, res.Stories); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence('stories', 'seq'), greatest(1, (SELECT coalesce(max(seq), 0) FROM stories)))`)
		return err
	})
	if err != nil {
		return res, fmt.Errorf("store %s: import: %w", s.dsn, err)
	}
	if err := s.refreshVersion(ctx); err != nil {
		return res, fmt.Errorf("store %s: import: %w", s.dsn, err)
	}
	return res, nil
}

// importRows are the rows of one COPY round.
type importRows struct {
	stories, exact, titles, fps [][]any
}

func (b *importRows) add(e *store.Exported) error {
	seq := int64(e.Seq)
	var own []byte // the key of the story's own id; a tombstone's row has no id
	if e.Item == nil {
		b.stories = append(b.stories, []any{seq, "", "", []string{}, int64(0), nil, e.PrunedAt})
	} else {
		it, err := store.DecodeItem(e.Item)
		if err != nil {
			return fmt.Errorf("decode story %d: %w", e.Seq, err)
		}
		body := append([]byte(nil), e.Item...)
		k := store.MatchKeysOf(&it)
		b.stories = append(b.stories, []any{seq, it.ID, it.Source, allSources(&it), k.At, body, nil})
		own = k.ID
	}
	for _, k := range e.Exact {
		if bytes.Equal(k, own) {
			continue // the story's row holds its id (schema 5)
		}
		h, r := splitKey(k)
		b.exact = append(b.exact, []any{h, r, seq})
	}
	seen := make(map[uint64]bool)
	for _, t := range e.Titles {
		if !seen[t.Hash] {
			seen[t.Hash] = true
			b.titles = append(b.titles, []any{int64(t.Hash), seq, t.At})
		}
	}
	clear(seen)
	for _, fp := range e.Fingerprints {
		if seen[fp] {
			continue
		}
		seen[fp] = true
		b.fps = append(b.fps, []any{seq, int64(fp)})
	}
	return nil
}

func (b *importRows) copy(ctx context.Context, tx pgx.Tx) error {
	tables := []struct {
		name string
		cols []string
		rows [][]any
	}{
		{"stories", []string{"seq", "id", "source", "sources", "published", "body", "pruned_at"}, b.stories},
		{"exact_in", []string{"h", "r", "seq"}, b.exact},
		{"title_keys", []string{"hash", "seq", "at"}, b.titles},
		{"fingerprints", []string{"seq", "fp"}, b.fps},
	}
	for _, t := range tables {
		if len(t.rows) == 0 {
			continue
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{t.name}, t.cols, pgx.CopyFromRows(t.rows)); err != nil {
			return fmt.Errorf("copy %s: %w", t.name, err)
		}
	}
	return nil
}

// Count says how many live stories, tombstones and sources the store holds,
// for checking a copy.
func (s *Store) Count(ctx context.Context) (stories, tombstones, sources int, err error) {
	err = s.pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE body IS NOT NULL), count(*) FILTER (WHERE body IS NULL),
		(SELECT count(*) FROM sources) FROM stories`).Scan(&stories, &tombstones, &sources)
	return
}
