package store

import (
	"fmt"

	"go.etcd.io/bbolt"

	"github.com/edufeed/edufeed/feeds"
)

// Known returns, for each of ids that the store knows, what it holds of
// it: the story's title and updated date when the id is the story's own,
// an empty value when the id is a copy merged into another story or a
// pruned item's tombstone. A poll asks it before fetching article pages,
// so that only new items, or items whose listed title changed, cost the
// site a request. Ids the store does not know are absent.
func (s *Store) Known(ids []string) (map[string]feeds.Known, error) {
	out := make(map[string]feeds.Known)
	if s.legacy {
		// A store in an old layout (read-only until upgraded) has no key
		// index: look each id up on its own.
		for _, id := range ids {
			it, ok, err := s.Get(id)
			if err != nil {
				return nil, err
			}
			if ok {
				out[id] = feeds.Known{Title: it.Title, Updated: it.Updated}
			}
		}
		return out, nil
	}
	idx, err := s.keyIndex()
	if err != nil {
		return nil, fmt.Errorf("store %s: known ids: %w", s.path, err)
	}
	err = s.db.View(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketItems)
		keys := tx.Bucket(bucketKeys)
		for _, id := range ids {
			seq, ok := idx.committedStory(keys, idKey(id))
			if !ok {
				continue
			}
			out[id] = feeds.Known{}
			v := b.Get(seqKey(seq))
			if v == nil {
				continue // a tombstone
			}
			it, err := decodeStored(v, false)
			if err != nil {
				return err
			}
			if it.ID == id {
				out[id] = feeds.Known{Title: it.Title, Updated: it.Updated}
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store %s: known ids: %w", s.path, err)
	}
	return out, nil
}
