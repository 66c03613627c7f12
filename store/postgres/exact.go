package postgres

import (
	"encoding/binary"

	"github.com/jackc/pgx/v5"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/store"
)

// Exact keys (schema 5). A story's own id is its row's id column (the
// stories_id index); every other exact key (an alias id, a source's GUID, a
// canonical link: 16 bytes of SHA-256, as store.MatchKeys gives them) is a
// row of exact_keys, indexed by its first eight bytes (h), with the other
// eight (r) beside them.

// exactLookupSQL reads the stories that exact keys name, live or pruned: $1
// are the keys' first halves, $2 the ids among them. The key rows come
// first, then the stories by their own id, oldest first; a key row counts
// only when its second half matches too (exactLookup.scan).
const exactLookupSQL = `SELECT k.h, k.r, NULL::text, s.seq, s.source, s.sources, s.body
	FROM exact_keys k JOIN stories s ON s.seq = k.seq WHERE k.h = ANY($1)
	UNION ALL (SELECT 0, 0, s.id, s.seq, s.source, s.sources, s.body FROM stories s WHERE s.id = ANY($2) ORDER BY s.seq)`

// exactLookup is one lookup of exact keys.
type exactLookup struct {
	halves []int64
	ids    []string
	asked  map[string]bool // the keys, as strings
}

// newExactLookup asks for keys; ids are the items' own ids (whose keys are
// among keys).
func newExactLookup(keys [][]byte, ids []string) *exactLookup {
	l := &exactLookup{ids: ids, asked: make(map[string]bool, len(keys))}
	for _, k := range keys {
		h, _ := splitKey(k)
		l.halves = append(l.halves, h)
		l.asked[string(k)] = true
	}
	return l
}

// scan calls fn with each row's key and story, in the query's order.
func (l *exactLookup) scan(rows pgx.Rows, fn func(key string, st *story)) error {
	defer rows.Close()
	for rows.Next() {
		var (
			h, r int64
			id   *string
			st   story
		)
		if err := rows.Scan(&h, &r, &id, &st.seq, &st.source, &st.sources, &st.body); err != nil {
			return err
		}
		st.tomb = st.body == nil
		var key string
		if id != nil {
			key = string(store.MatchKeysOf(&feeds.Item{ID: *id}).ID)
		} else {
			key = string(joinKey(h, r))
		}
		if l.asked[key] { // else another key with the same first half
			fn(key, &st)
		}
	}
	return rows.Err()
}

// splitKey is an exact key's two halves as exact_keys stores them.
func splitKey(k []byte) (h, r int64) {
	var b [16]byte
	copy(b[:], k)
	return int64(binary.BigEndian.Uint64(b[:8])), int64(binary.BigEndian.Uint64(b[8:]))
}

// joinKey is the exact key of two halves.
func joinKey(h, r int64) []byte {
	b := make([]byte, 16)
	binary.BigEndian.PutUint64(b, uint64(h))
	binary.BigEndian.PutUint64(b[8:], uint64(r))
	return b
}
