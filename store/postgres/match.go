package postgres

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/merge"
	"github.com/edufeed/edufeed/store"
)

// A poll is matched in memory: one query reads the stories its items' exact
// keys name, one more the title and fingerprint candidates of the items
// those did not find, and the items are then resolved one after another as
// the bbolt store resolves them, each seeing what the ones before it wrote.
// The writes go out together at the end (see SavePoll).

// story is a stored story as the poll's matching sees it.
type story struct {
	seq     int64
	id      string   // set for a new story
	source  string   // the source that first carried it
	sources []string // every source that carried it
	body    []byte   // store.EncodeItem's bytes; nil when not read yet
	tomb    bool
	isNew   bool // first stored by this poll
	dirty   bool // changed by this poll
	// published is the story's published time as stored (unix ns), for the
	// writes of a new or changed story.
	published int64
	// A new story's first title key and fingerprint, written in its row
	// (hasTitle false and fp 0 when it has none).
	hasTitle           bool
	titleHash, titleAt int64
	fp                 int64
}

type titleRow struct {
	seq   int64
	at    int64
	first bool // the story's first title, from its row
}

// compareTitle orders title rows by story, a story's first title first.
func compareTitle(a, b titleRow) int {
	if a.seq != b.seq {
		return cmp.Compare(a.seq, b.seq)
	}
	switch {
	case a.first == b.first:
		return 0
	case a.first:
		return -1
	}
	return 1
}

type bandKey struct {
	band  int16
	value int32
}

type fpRow struct {
	seq int64
	fp  int64
}

// pollMatch holds what the poll knows of the store and what it will write.
type pollMatch struct {
	rule    merge.Rule
	stories map[int64]*story
	exact   map[string]int64
	titles  map[int64][]titleRow // by title hash, in seq order
	bands   map[bandKey][]fpRow  // in seq order
	// fps are the fingerprint rows the poll knows to be stored or written.
	fps map[fpRow]bool
	// new keys to write
	newExact  []exactRow
	newTitles []titleKeyRow
	newFps    []fpRow
}

type exactRow struct {
	key []byte
	seq int64
}

type titleKeyRow struct{ hash, seq, at int64 }

// exactKeys are an item's exact keys, its id's first.
func exactKeys(k *store.MatchKeys) [][]byte {
	var out [][]byte
	for _, key := range [][]byte{k.ID, k.GUID, k.Link} {
		if key != nil {
			out = append(out, key)
		}
	}
	return out
}

// queueExact asks, in b, for the stories that the items' exact keys name,
// live or pruned (ids are the items' own ids). Like every lookup of a poll
// it is planned as index probes (see lockSQL): no sequential scans, and no
// hash or merge joins, which a young table's missing statistics (the band
// expressions have none before the first ANALYZE) make look cheap and
// which then read a whole index per poll.
func (m *pollMatch) queueExact(b *pgx.Batch, keys [][]byte, ids []string) {
	l := newExactLookup(keys, ids)
	b.Queue(exactLookupSQL, l.halves, l.ids).Query(func(rows pgx.Rows) error {
		return l.scan(rows, func(key string, st *story) {
			if _, ok := m.exact[key]; ok {
				return // a key row, or an older story by the id, came first
			}
			m.exact[key] = st.seq
			if _, ok := m.stories[st.seq]; !ok {
				m.stories[st.seq] = st
			}
		})
	})
}

// maxDistance is the largest fingerprint distance the rule joins (see
// merge.Rule.SameText).
func (m *pollMatch) maxDistance() int {
	if m.rule.MaxDistance == 0 {
		return merge.MaxDistance
	}
	return m.rule.MaxDistance
}

// compareFp orders fingerprint rows by story, then fingerprint.
func compareFp(a, b fpRow) int { return cmp.Or(cmp.Compare(a.seq, b.seq), cmp.Compare(a.fp, b.fp)) }

// candidate notes a live story a candidate query found.
func (m *pollMatch) candidate(seq int64, st *story) {
	if _, ok := m.stories[seq]; !ok {
		st.seq = seq
		m.stories[seq] = st
	}
}

// resolve finds the story an incoming item belongs to, in the bbolt
// store's order: its id (or an alias), its source's GUID, its canonical
// link; then, among live stories its source has not carried, the oldest
// with the same title key within the window, then the oldest with a
// near-identical fingerprint. It returns nil when there is none.
func (m *pollMatch) resolve(it *feeds.Item, k *store.MatchKeys) *story {
	if st := m.exactHit(k); st != nil {
		return st
	}
	if it.Keys.Title != "" {
		for _, r := range m.titles[int64(k.Title)] {
			st := m.stories[r.seq]
			if m.rule.SameTitle(gap(r.at, k.At)) && merge.Joins(it.Source, st.source, st.sources) {
				return st
			}
		}
	}
	if fp := it.Keys.Fingerprint; fp != 0 && m.rule.MaxDistance >= 0 {
		var rows []fpRow
		for band, v := range store.FingerprintBands(fp) {
			rows = append(rows, m.bands[bandKey{int16(band), int32(v)}]...)
		}
		slices.SortFunc(rows, compareFp)
		for _, r := range slices.Compact(rows) {
			st := m.stories[r.seq]
			if m.rule.SameText(fp, uint64(r.fp)) && merge.Joins(it.Source, st.source, st.sources) {
				return st
			}
		}
	}
	return nil
}

// exactHit is the story, live or pruned, that one of the exact keys names.
func (m *pollMatch) exactHit(k *store.MatchKeys) *story {
	for _, key := range exactKeys(k) {
		if seq, ok := m.exact[string(key)]; ok {
			return m.stories[seq]
		}
	}
	return nil
}

// recordKeys notes an item's keys for the story seq, as the writes at the
// end will store them: an exact key that already names a story (live or
// pruned) stays with it, and a title or band row already there is kept. The
// id, title and fingerprint of an item that is a new story (own, not nil)
// are its row's, not key rows.
func (m *pollMatch) recordKeys(it *feeds.Item, k *store.MatchKeys, seq int64, own *story) {
	for i, key := range exactKeys(k) {
		if _, ok := m.exact[string(key)]; !ok {
			m.exact[string(key)] = seq
			if i > 0 || own == nil {
				m.newExact = append(m.newExact, exactRow{key, seq})
			}
		}
	}
	if it.Keys.Title != "" {
		h := int64(k.Title)
		rows := m.titles[h]
		i, found := slices.BinarySearchFunc(rows, seq, func(r titleRow, seq int64) int { return cmp.Compare(r.seq, seq) })
		if !found {
			m.titles[h] = slices.Insert(rows, i, titleRow{seq, k.At, own != nil})
			if own != nil {
				own.hasTitle, own.titleHash, own.titleAt = true, h, k.At
			} else {
				m.newTitles = append(m.newTitles, titleKeyRow{h, seq, k.At})
			}
		}
	}
	if fp := it.Keys.Fingerprint; fp != 0 {
		r := fpRow{seq, int64(fp)}
		if !m.fps[r] {
			m.fps[r] = true
			if own != nil {
				own.fp = r.fp
			} else {
				m.newFps = append(m.newFps, r)
			}
			for band, v := range store.FingerprintBands(fp) {
				bk := bandKey{int16(band), int32(v)}
				rows := m.bands[bk]
				i, _ := slices.BinarySearchFunc(rows, r, compareFp)
				m.bands[bk] = slices.Insert(rows, i, r)
			}
		}
	}
}

// body returns a story's stored bytes, reading them when a candidate
// query found the story.
func (m *pollMatch) body(ctx context.Context, conn *pgx.Conn, st *story) ([]byte, error) {
	if st.body == nil {
		if err := conn.QueryRow(ctx, `SELECT body FROM stories WHERE seq = $1`, st.seq).Scan(&st.body); err != nil {
			return nil, fmt.Errorf("read story %d: %w", st.seq, err)
		}
	}
	return st.body, nil
}

// gap is how far apart two published times (unix ns) are, at most MaxInt64.
func gap(a, b int64) time.Duration {
	ua, ub := uint64(a)^(1<<63), uint64(b)^(1<<63)
	if ua < ub {
		ua, ub = ub, ua
	}
	return time.Duration(min(ua-ub, math.MaxInt64))
}
