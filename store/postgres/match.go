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
}

type titleRow struct {
	seq int64
	at  int64
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

// queueCandidates asks, in b, for the live stories that share a title
// hash or a fingerprint band with the items.
func (m *pollMatch) queueCandidates(b *pgx.Batch, items []*feeds.Item, keys []store.MatchKeys) {
	var hashes, fps []int64
	asked := make(map[bandKey]bool)
	for i, it := range items {
		if it.Keys.Title != "" {
			hashes = append(hashes, int64(keys[i].Title))
		}
		if fp := it.Keys.Fingerprint; fp != 0 && m.rule.MaxDistance >= 0 {
			fps = append(fps, int64(fp))
			for band, v := range store.FingerprintBands(fp) {
				asked[bandKey{int16(band), int32(v)}] = true
			}
		}
	}
	if len(hashes) > 0 {
		b.Queue(`SELECT t.hash, t.seq, t.at, s.source, s.sources FROM title_keys t JOIN stories s ON s.seq = t.seq
			WHERE t.hash = ANY($1) AND s.body IS NOT NULL ORDER BY t.seq`, hashes).Query(func(rows pgx.Rows) error {
			for rows.Next() {
				var (
					hash int64
					r    titleRow
					st   story
				)
				if err := rows.Scan(&hash, &r.seq, &r.at, &st.source, &st.sources); err != nil {
					return err
				}
				m.titles[hash] = append(m.titles[hash], r)
				m.candidate(r.seq, &st)
			}
			return rows.Err()
		})
	}
	if len(asked) > 0 {
		var vals [4][]int64 // the four bands of store.FingerprintBands, as the query names them
		for k := range asked {
			vals[k.band] = append(vals[k.band], int64(k.value))
		}
		// Each band is an indexed expression of the fingerprint (schema 4),
		// probed with its values in one index scan: an OR of the four, or an
		// ORDER BY, let a young table's plan (no statistics on the
		// expressions yet) walk the primary key whole, a plan the prepared
		// statement keeps. A row that shares two bands comes twice.
		//
		// Most rows that share a band are further from every item than the
		// rule's distance (a band is 16 bits of 64), and no item can join
		// them: only the rows near one of the items ($5) are read with
		// their stories.
		b.Queue(`SELECT f.seq, f.fp, s.source, s.sources FROM (
				SELECT seq, fp FROM fingerprints WHERE (fp & 65535) = ANY($1)
				UNION ALL SELECT seq, fp FROM fingerprints WHERE ((fp >> 16) & 65535) = ANY($2)
				UNION ALL SELECT seq, fp FROM fingerprints WHERE ((fp >> 32) & 65535) = ANY($3)
				UNION ALL SELECT seq, fp FROM fingerprints WHERE ((fp >> 48) & 65535) = ANY($4)
			) f JOIN stories s ON s.seq = f.seq
			WHERE s.body IS NOT NULL AND EXISTS (SELECT FROM unnest($5::bigint[]) q (v) WHERE bit_count((f.fp # q.v)::bit(64)) <= $6)`,
			vals[0], vals[1], vals[2], vals[3], fps, m.maxDistance()).Query(func(rows pgx.Rows) error {
			for rows.Next() {
				var (
					r  fpRow
					st story
				)
				if err := rows.Scan(&r.seq, &r.fp, &st.source, &st.sources); err != nil {
					return err
				}
				if m.fps[r] {
					continue // found by another of its bands
				}
				m.fps[r] = true
				for band, v := range store.FingerprintBands(uint64(r.fp)) {
					if k := (bandKey{int16(band), int32(v)}); asked[k] {
						m.bands[k] = append(m.bands[k], r)
					}
				}
				m.candidate(r.seq, &st)
			}
			for k := range asked {
				slices.SortFunc(m.bands[k], compareFp)
			}
			return rows.Err()
		})
	}
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
// id of an item that is a new story (own) is its row's id, not a key row.
func (m *pollMatch) recordKeys(it *feeds.Item, k *store.MatchKeys, seq int64, own bool) {
	for i, key := range exactKeys(k) {
		if _, ok := m.exact[string(key)]; !ok {
			m.exact[string(key)] = seq
			if i > 0 || !own {
				m.newExact = append(m.newExact, exactRow{key, seq})
			}
		}
	}
	if it.Keys.Title != "" {
		h := int64(k.Title)
		rows := m.titles[h]
		i, found := slices.BinarySearchFunc(rows, seq, func(r titleRow, seq int64) int { return cmp.Compare(r.seq, seq) })
		if !found {
			m.titles[h] = slices.Insert(rows, i, titleRow{seq, k.At})
			m.newTitles = append(m.newTitles, titleKeyRow{h, seq, k.At})
		}
	}
	if fp := it.Keys.Fingerprint; fp != 0 {
		r := fpRow{seq, int64(fp)}
		if !m.fps[r] {
			m.fps[r] = true
			m.newFps = append(m.newFps, r)
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
