package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/edufeed/edufeed/feeds"
)

// A source's state is its JSON (feeds.SourceState) and, apart, its item
// count: a state write leaves the count alone, and a poll or a prune adds
// to it without reading the state first.
const (
	// saveStateSQL writes a state and keeps the count.
	saveStateSQL = `INSERT INTO sources (name, state) VALUES ($1, $2)
		ON CONFLICT (name) DO UPDATE SET state = EXCLUDED.state`
	// addItemCountSQL adds $3 (maybe negative) to the count, never below
	// 0, and keeps the state; $2 is the state of a source not yet known.
	addItemCountSQL = `INSERT INTO sources AS s (name, state, item_count) VALUES ($1, $2, greatest(0, $3::bigint))
		ON CONFLICT (name) DO UPDATE SET item_count = greatest(0, s.item_count + $3::bigint)`
	// putStateSQL writes a state with its count, as a copy does.
	putStateSQL = `INSERT INTO sources (name, state, item_count) VALUES ($1, $2, $3)
		ON CONFLICT (name) DO UPDATE SET state = EXCLUDED.state, item_count = EXCLUDED.item_count`
)

// getState reads a source's state, or a zero one with only its name.
func getState(ctx context.Context, q querier, name string) (feeds.SourceState, error) {
	var (
		raw   []byte
		count int64
	)
	err := q.QueryRow(ctx, `SELECT state, item_count FROM sources WHERE name = $1`, name).Scan(&raw, &count)
	if errors.Is(err, pgx.ErrNoRows) {
		return feeds.SourceState{Name: name}, nil
	}
	if err != nil {
		return feeds.SourceState{}, err
	}
	return decodeState(name, raw, count)
}

// statesOf reads the named sources' states in the order of names, a zero
// state with only its name for a source not stored.
func statesOf(ctx context.Context, pool *pgxpool.Pool, names []string) ([]feeds.SourceState, error) {
	out := make([]feeds.SourceState, len(names))
	at := make(map[string][]int, len(names)) // a name may be asked twice
	for i, name := range names {
		out[i].Name = name
		at[name] = append(at[name], i)
	}
	if len(names) == 0 {
		return out, nil
	}
	rows, err := pool.Query(ctx, `SELECT name, state, item_count FROM sources WHERE name = ANY($1)`, names)
	if err != nil {
		return nil, fmt.Errorf("states: %w", err)
	}
	defer rows.Close()
	var (
		name  string
		raw   []byte
		count int64
	)
	for rows.Next() {
		if err := rows.Scan(&name, &raw, &count); err != nil {
			return nil, fmt.Errorf("states: %w", err)
		}
		st, err := decodeState(name, raw, count)
		if err != nil {
			return nil, err
		}
		for _, i := range at[name] {
			out[i] = st
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("states: %w", err)
	}
	return out, nil
}

func decodeState(name string, raw []byte, count int64) (feeds.SourceState, error) {
	var st feeds.SourceState
	if err := json.Unmarshal(raw, &st); err != nil {
		return feeds.SourceState{}, fmt.Errorf("decode state of source %q: %w", name, err)
	}
	st.Name, st.ItemCount = name, int(count)
	return st, nil
}

// encodeState is a state's JSON; the count is kept apart.
func encodeState(st feeds.SourceState) ([]byte, error) {
	st.ItemCount = 0
	v, err := json.Marshal(st)
	if err != nil {
		return nil, fmt.Errorf("encode state of source %q: %w", st.Name, err)
	}
	return v, nil
}

// putState writes a state with its count.
func putState(ctx context.Context, tx pgx.Tx, st feeds.SourceState) error {
	v, err := encodeState(st)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, putStateSQL, st.Name, v, st.ItemCount)
	return err
}

// addItemCount adds n (maybe negative) to a source's count.
func addItemCount(ctx context.Context, tx pgx.Tx, name string, n int) error {
	v, err := encodeState(feeds.SourceState{Name: name})
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, addItemCountSQL, name, v, n)
	return err
}

// bumpVersionSQL records that items changed at $1 ($2 new stories).
const bumpVersionSQL = `UPDATE meta SET version = version + 1, modified = $1, items = greatest(0, items + $2) WHERE id RETURNING version, modified`

// bumpVersion records that items changed at now (added counts new stories)
// and tells the other instances when the transaction commits.
func bumpVersion(ctx context.Context, tx pgx.Tx, now time.Time, added int) (versionAt, error) {
	var (
		v   int64
		mod time.Time
	)
	if err := tx.QueryRow(ctx, bumpVersionSQL, now, added).Scan(&v, &mod); err != nil {
		return versionAt{}, fmt.Errorf("bump version: %w", err)
	}
	if _, err := tx.Exec(ctx, `SELECT pg_notify($1, $2)`, notifyChannel, fmt.Sprint(v)); err != nil {
		return versionAt{}, err
	}
	return versionAt{uint64(v), mod}, nil
}
