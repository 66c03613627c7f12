package postgres

import (
	"bytes"
	"context"
	"math"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/merge"
	"github.com/edufeed/edufeed/store"
)

// resolve finds the stored story an incoming item belongs to, in the bbolt
// store's order: its id (or an alias), its source's GUID, its canonical
// link; then, among live stories its source has not carried, the oldest
// with the same title key within the window, then the oldest with a
// near-identical fingerprint. tomb is true when the story was pruned (only
// exact keys find a tombstone); body is the stored story when an exact key
// found it, read in the same query (nil otherwise).
func (s *Store) resolve(ctx context.Context, tx pgx.Tx, it *feeds.Item, k *store.MatchKeys) (seq int64, body []byte, tomb, found bool, err error) {
	var exact [][]byte
	for _, key := range [][]byte{k.ID, k.GUID, k.Link} {
		if key != nil {
			exact = append(exact, key)
		}
	}
	rows, err := tx.Query(ctx, `SELECT k.key, k.seq, s.body FROM exact_keys k JOIN stories s ON s.seq = k.seq WHERE k.key = ANY($1)`, exact)
	if err != nil {
		return 0, nil, false, false, err
	}
	type hit struct {
		seq  int64
		body []byte
	}
	hits := make([]hit, len(exact))
	var have [3]bool
	for rows.Next() {
		var (
			key []byte
			h   hit
		)
		if err := rows.Scan(&key, &h.seq, &h.body); err != nil {
			rows.Close()
			return 0, nil, false, false, err
		}
		for i, e := range exact {
			if bytes.Equal(e, key) {
				hits[i], have[i] = h, true
			}
		}
	}
	if err := rows.Err(); err != nil {
		return 0, nil, false, false, err
	}
	for i := range exact {
		if have[i] {
			return hits[i].seq, hits[i].body, hits[i].body == nil, true, nil
		}
	}

	if it.Keys.Title != "" {
		seq, ok, err := s.oldest(ctx, tx, it.Source,
			`SELECT t.seq, t.at, s.source, s.sources FROM title_keys t JOIN stories s ON s.seq = t.seq
			 WHERE t.hash = $1 AND s.body IS NOT NULL ORDER BY t.seq`,
			[]any{int64(k.Title)}, func(at int64) bool { return s.rule.SameTitle(gap(at, k.At)) })
		if err != nil || ok {
			return seq, nil, false, ok, err
		}
	}
	if fp := it.Keys.Fingerprint; fp != 0 && s.rule.MaxDistance >= 0 {
		b := store.FingerprintBands(fp)
		seq, ok, err := s.oldest(ctx, tx, it.Source,
			`SELECT DISTINCT f.seq, f.fp, s.source, s.sources FROM fingerprint_bands f JOIN stories s ON s.seq = f.seq
			 WHERE (f.band, f.value) IN ((0, $1), (1, $2), (2, $3), (3, $4)) AND s.body IS NOT NULL ORDER BY f.seq`,
			[]any{int32(b[0]), int32(b[1]), int32(b[2]), int32(b[3])}, func(other int64) bool { return s.rule.SameText(fp, uint64(other)) })
		if err != nil || ok {
			return seq, nil, false, ok, err
		}
	}
	return 0, nil, false, false, nil
}

// oldest runs a candidate query (seq, value, source, sources, by seq) and
// returns the first candidate that same accepts and source may join.
func (s *Store) oldest(ctx context.Context, tx pgx.Tx, source, sql string, args []any, same func(int64) bool) (int64, bool, error) {
	rows, err := tx.Query(ctx, sql, args...)
	if err != nil {
		return 0, false, err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			seq, v      int64
			storySource string
			sources     []string
		)
		if err := rows.Scan(&seq, &v, &storySource, &sources); err != nil {
			return 0, false, err
		}
		if same(v) && merge.Joins(source, storySource, sources) {
			return seq, true, nil
		}
	}
	return 0, false, rows.Err()
}

// gap is how far apart two published times (unix ns) are, at most MaxInt64.
func gap(a, b int64) time.Duration {
	ua, ub := uint64(a)^(1<<63), uint64(b)^(1<<63)
	if ua < ub {
		ua, ub = ub, ua
	}
	return time.Duration(min(ua-ub, math.MaxInt64))
}
