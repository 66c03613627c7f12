package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/store"
)

// State returns a source's state, or a zero state with only Name set.
func (s *Store) State(name string) (feeds.SourceState, error) {
	ctx := context.Background()
	st, err := getState(ctx, s.pool, name)
	if err != nil {
		return feeds.SourceState{}, fmt.Errorf("store %s: state of source %q: %w", s.dsn, name, err)
	}
	return st, nil
}

// StatesOf returns the named sources' states in the order of names, read
// in one query: a cycle of many polls reads their states in a few round
// trips instead of one each.
func (s *Store) StatesOf(names []string) ([]feeds.SourceState, error) {
	out, err := statesOf(context.Background(), s.pool, names)
	if err != nil {
		return nil, fmt.Errorf("store %s: %w", s.dsn, err)
	}
	return out, nil
}

// States returns every source's state, ordered by name byte-wise as the
// bbolt store does.
func (s *Store) States() ([]feeds.SourceState, error) {
	rows, err := s.pool.Query(context.Background(), `SELECT name, state, item_count FROM sources ORDER BY name COLLATE "C"`)
	if err != nil {
		return nil, fmt.Errorf("store %s: states: %w", s.dsn, err)
	}
	defer rows.Close()
	var out []feeds.SourceState
	for rows.Next() {
		var (
			name  string
			raw   []byte
			count int64
		)
		if err := rows.Scan(&name, &raw, &count); err != nil {
			return nil, fmt.Errorf("store %s: states: %w", s.dsn, err)
		}
		st, err := decodeState(name, raw, count)
		if err != nil {
			return nil, fmt.Errorf("store %s: %w", s.dsn, err)
		}
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store %s: states: %w", s.dsn, err)
	}
	return out, nil
}

// Get returns the story stored under its own id (not an alias).
func (s *Store) Get(id string) (feeds.Item, bool, error) {
	var raw []byte
	err := s.pool.QueryRow(context.Background(), `SELECT body FROM stories WHERE id = $1 AND body IS NOT NULL ORDER BY seq LIMIT 1`, id).Scan(&raw)
	if errors.Is(err, pgx.ErrNoRows) {
		return feeds.Item{}, false, nil
	}
	if err != nil {
		return feeds.Item{}, false, fmt.Errorf("store %s: item %s: %w", s.dsn, id, err)
	}
	it, err := store.DecodeItem(raw)
	if err != nil {
		return feeds.Item{}, false, fmt.Errorf("store %s: item %s: %w", s.dsn, id, err)
	}
	return it, true, nil
}

// readPage is how many stories Items reads per query: a feed of 200 needs
// one, a Match that rejects many a few more.
const readPage = 256

// Items returns the newest stories matching q, newest first by published
// date, ties by the order they were first stored, newest first.
func (s *Store) Items(q store.Query) ([]feeds.Item, error) {
	ctx := context.Background()
	var (
		out     []feeds.Item
		sources []string
	)
	if len(q.Sources) > 0 {
		sources = q.Sources
	}
	// Keyset pages from the newest: (published, seq) below the last seen.
	lastPub, lastSeq := int64(0), int64(-1)
	for {
		page := readPage
		if q.Limit > 0 && q.Match == nil {
			page = min(page, q.Limit-len(out))
		}
		rows, err := s.pool.Query(ctx, `SELECT seq, published, body FROM stories
			WHERE body IS NOT NULL AND ($1::text[] IS NULL OR sources && $1)
			  AND ($3 < 0 OR (published, seq) < ($2, $3))
			ORDER BY published DESC, seq DESC LIMIT $4`, sources, lastPub, lastSeq, page)
		if err != nil {
			return nil, fmt.Errorf("store %s: read items: %w", s.dsn, err)
		}
		n := 0
		for rows.Next() {
			var raw []byte
			if err := rows.Scan(&lastSeq, &lastPub, &raw); err != nil {
				rows.Close()
				return nil, fmt.Errorf("store %s: read items: %w", s.dsn, err)
			}
			n++
			it, err := store.DecodeItem(raw)
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("store %s: decode story %d: %w", s.dsn, lastSeq, err)
			}
			if q.Match != nil && !q.Match(&it) {
				continue
			}
			out = append(out, it)
			if q.Limit > 0 && len(out) >= q.Limit {
				break
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("store %s: read items: %w", s.dsn, err)
		}
		if n < page || (q.Limit > 0 && len(out) >= q.Limit) {
			return out, nil
		}
	}
}

// Version returns the newest version this instance has seen: its own
// writes at once, other instances' when notified (or at the next check).
func (s *Store) Version() (uint64, time.Time, error) {
	v := s.version.Load()
	return v.v, v.mod, nil
}

// Stats reports the number of stories and the database's size; Path is the
// DSN without its password.
func (s *Store) Stats() (store.Stats, error) {
	st := store.Stats{Path: s.dsn}
	var (
		v     int64
		mod   *time.Time
		items int64
	)
	err := s.pool.QueryRow(context.Background(), `SELECT version, modified, items, pg_database_size(current_database()) FROM meta`).Scan(&v, &mod, &items, &st.FileSize)
	if err != nil {
		return store.Stats{}, fmt.Errorf("store %s: %w", s.dsn, err)
	}
	st.Version, st.Items = uint64(v), int(items)
	if mod != nil {
		st.Modified = mod.UTC()
	}
	return st, nil
}
