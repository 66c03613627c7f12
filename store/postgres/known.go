package postgres

import (
	"context"
	"fmt"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/store"
)

// Known returns what the database holds of each of ids it knows, as the
// bbolt store's Known does: a story under its own id gives its title and
// updated date; an id merged into another story, or a tombstone, gives an
// empty value.
func (s *Store) Known(ids []string) (map[string]feeds.Known, error) {
	out := make(map[string]feeds.Known)
	if len(ids) == 0 {
		return out, nil
	}
	keys := make([][]byte, 0, len(ids))
	byKey := make(map[string]string, len(ids))
	for _, id := range ids {
		k := store.MatchKeysOf(&feeds.Item{ID: id}).ID
		keys = append(keys, k)
		byKey[string(k)] = id
	}
	rows, err := s.pool.Query(context.Background(),
		`SELECT k.key, s.body FROM exact_keys k JOIN stories s ON s.seq = k.seq WHERE k.key = ANY($1)`, keys)
	if err != nil {
		return nil, fmt.Errorf("store %s: known ids: %w", s.dsn, err)
	}
	defer rows.Close()
	for rows.Next() {
		var key, body []byte
		if err := rows.Scan(&key, &body); err != nil {
			return nil, fmt.Errorf("store %s: known ids: %w", s.dsn, err)
		}
		id := byKey[string(key)]
		out[id] = feeds.Known{}
		if body == nil {
			continue // a tombstone
		}
		it, err := store.DecodeItem(body)
		if err != nil {
			return nil, fmt.Errorf("store %s: known ids: %w", s.dsn, err)
		}
		if it.ID == id {
			out[id] = feeds.Known{Title: it.Title, Updated: it.Updated}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store %s: known ids: %w", s.dsn, err)
	}
	return out, nil
}
