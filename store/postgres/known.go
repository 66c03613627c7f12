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
	l := newExactLookup(keys, ids)
	rows, err := s.pool.Query(context.Background(), exactLookupSQL, l.halves, l.ids)
	if err != nil {
		return nil, fmt.Errorf("store %s: known ids: %w", s.dsn, err)
	}
	var decodeErr error
	err = l.scan(rows, func(key string, st *story) {
		id := byKey[key]
		if _, ok := out[id]; ok || decodeErr != nil {
			return // a key row, or an older story by the id, came first
		}
		out[id] = feeds.Known{}
		if st.tomb {
			return
		}
		it, err := store.DecodeItem(st.body)
		if err != nil {
			decodeErr = err
			return
		}
		if it.ID == id {
			out[id] = feeds.Known{Title: it.Title, Updated: it.Updated}
		}
	})
	if err == nil {
		err = decodeErr
	}
	if err != nil {
		return nil, fmt.Errorf("store %s: known ids: %w", s.dsn, err)
	}
	return out, nil
}
