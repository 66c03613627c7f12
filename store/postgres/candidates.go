package postgres

import (
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/store"
)

// candidatesSQL reads, for the items no exact key found, the live stories
// that share a title hash ($1) with one of them or whose fingerprint is
// within the rule's distance ($3) of one of theirs ($2), and draws $4
// sequence numbers for the stories the poll may add: one statement, its
// rows told apart by their kind.
//
// A story's first title and fingerprint are in its row (schema 6), the
// ones merged items brought in the key tables: both are read. A title row
// of the key table that repeats the story's own (a merged item with the
// story's first title, whose row the poll did not know of) is dropped, the
// first one kept, as the bbolt store keeps the first. Each band is an
// indexed expression of the fingerprint (schema 4), probed for each item's
// fingerprint: a row that shares a band with it is a candidate when it is
// near that fingerprint (most rows that share a band are not: a band is 16
// bits of 64). The probes are joins from the items, so that each row is
// held to the fingerprint that found it, not to every item of a group of
// polls (which grew as the square of the group). An OR of the four bands,
// or an ORDER BY, let a young table's plan (no statistics on the
// expressions yet) walk the primary key whole, a plan the prepared
// statement keeps. A row near two of the items, or that shares two bands
// with one, comes more than once.
//
// The block of sequence numbers is one step rather than a nextval each: no
// one else draws them, as every writer of stories holds the write lock.
const candidatesSQL = `WITH block AS (SELECT setval('stories_seq_seq', nextval('stories_seq_seq') + $4 - 1) AS last)
	SELECT 3 AS kind, title_hash AS key, seq, title_at AS at, source, sources FROM stories
		WHERE title_hash = ANY($1) AND title_hash IS NOT NULL AND body IS NOT NULL
	UNION ALL
	SELECT 0, t.hash, t.seq, t.at, s.source, s.sources FROM title_keys t JOIN stories s ON s.seq = t.seq
		WHERE t.hash = ANY($1) AND s.body IS NOT NULL
	UNION ALL
	SELECT 1, f.fp, f.seq, 0, s.source, s.sources FROM (
			SELECT k.seq, k.fp FROM unnest($2::bigint[]) q (v) JOIN fingerprints k ON (k.fp & 65535) = (q.v & 65535)
				WHERE bit_count((k.fp # q.v)::bit(64)) <= $3
			UNION ALL SELECT k.seq, k.fp FROM unnest($2::bigint[]) q (v) JOIN fingerprints k ON ((k.fp >> 16) & 65535) = ((q.v >> 16) & 65535)
				WHERE bit_count((k.fp # q.v)::bit(64)) <= $3
			UNION ALL SELECT k.seq, k.fp FROM unnest($2::bigint[]) q (v) JOIN fingerprints k ON ((k.fp >> 32) & 65535) = ((q.v >> 32) & 65535)
				WHERE bit_count((k.fp # q.v)::bit(64)) <= $3
			UNION ALL SELECT k.seq, k.fp FROM unnest($2::bigint[]) q (v) JOIN fingerprints k ON ((k.fp >> 48) & 65535) = ((q.v >> 48) & 65535)
				WHERE bit_count((k.fp # q.v)::bit(64)) <= $3
			UNION ALL SELECT k.seq, k.fp FROM unnest($2::bigint[]) q (v) JOIN stories k ON (k.fp & 65535) = (q.v & 65535)
				WHERE k.fp IS NOT NULL AND bit_count((k.fp # q.v)::bit(64)) <= $3
			UNION ALL SELECT k.seq, k.fp FROM unnest($2::bigint[]) q (v) JOIN stories k ON ((k.fp >> 16) & 65535) = ((q.v >> 16) & 65535)
				WHERE k.fp IS NOT NULL AND bit_count((k.fp # q.v)::bit(64)) <= $3
			UNION ALL SELECT k.seq, k.fp FROM unnest($2::bigint[]) q (v) JOIN stories k ON ((k.fp >> 32) & 65535) = ((q.v >> 32) & 65535)
				WHERE k.fp IS NOT NULL AND bit_count((k.fp # q.v)::bit(64)) <= $3
			UNION ALL SELECT k.seq, k.fp FROM unnest($2::bigint[]) q (v) JOIN stories k ON ((k.fp >> 48) & 65535) = ((q.v >> 48) & 65535)
				WHERE k.fp IS NOT NULL AND bit_count((k.fp # q.v)::bit(64)) <= $3
		) f JOIN stories s ON s.seq = f.seq
		WHERE s.body IS NOT NULL
	UNION ALL
	SELECT 2, last, 0, 0, '', '{}' FROM block`

// The kinds of candidatesSQL's rows.
const (
	candidateTitle = iota
	candidateFingerprint
	candidateBlock
	candidateFirstTitle // a story's first title, from its row
)

// queueCandidates asks, in b, for the live stories that share a title hash
// or a fingerprint band with the items (which no exact key found), and for
// a sequence number for each of them, which it appends to seqs.
func (m *pollMatch) queueCandidates(b *pgx.Batch, items []*feeds.Item, keys []store.MatchKeys, seqs *[]int64) {
	var hashes, fps []int64
	asked := make(map[bandKey]bool)
	seen := make(map[uint64]bool)
	for i, it := range items {
		if it.Keys.Title != "" {
			hashes = append(hashes, int64(keys[i].Title))
		}
		if fp := it.Keys.Fingerprint; fp != 0 && m.rule.MaxDistance >= 0 && !seen[fp] {
			seen[fp] = true
			fps = append(fps, int64(fp))
			for band, v := range store.FingerprintBands(fp) {
				asked[bandKey{int16(band), int32(v)}] = true
			}
		}
	}
	b.Queue(candidatesSQL, hashes, fps, m.maxDistance(), len(items)).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			var (
				kind     int
				key, seq int64
				at       int64
				st       story
			)
			if err := rows.Scan(&kind, &key, &seq, &at, &st.source, &st.sources); err != nil {
				return err
			}
			switch kind {
			case candidateFirstTitle:
				m.titles[key] = append(m.titles[key], titleRow{seq, at, true})
				m.candidate(seq, &st)
			case candidateTitle:
				m.titles[key] = append(m.titles[key], titleRow{seq, at, false})
				m.candidate(seq, &st)
			case candidateFingerprint:
				r := fpRow{seq, key}
				if m.fps[r] {
					continue // found by another of its bands
				}
				m.fps[r] = true
				for band, v := range store.FingerprintBands(uint64(r.fp)) {
					if k := (bandKey{int16(band), int32(v)}); asked[k] {
						m.bands[k] = append(m.bands[k], r)
					}
				}
				m.candidate(seq, &st)
			case candidateBlock:
				for i := range len(items) {
					*seqs = append(*seqs, key-int64(len(items)-1-i))
				}
			}
		}
		for k := range asked {
			slices.SortFunc(m.bands[k], compareFp)
		}
		for h, rs := range m.titles {
			slices.SortFunc(rs, compareTitle)
			m.titles[h] = slices.CompactFunc(rs, func(a, b titleRow) bool { return a.seq == b.seq })
		}
		return rows.Err()
	})
}
