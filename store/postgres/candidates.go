package postgres

import (
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/store"
)

// candidatesSQL reads, for the items no exact key found, the live stories
// that share a title hash ($1) or a fingerprint band ($2-$5) with one of
// them, and draws $7 sequence numbers for the stories the poll may add: one
// statement, its rows told apart by their kind.
//
// A story's first title and fingerprint are in its row (schema 6), the
// ones merged items brought in the key tables: both are read. A title row
// of the key table that repeats the story's own (a merged item with the
// story's first title, whose row the poll did not know of) is dropped, the
// first one kept, as the bbolt store keeps the first. Each band is an indexed expression of the
// fingerprint (schema 4), probed with its values in one index scan: an OR
// of the four, or an ORDER BY, let a young table's plan (no statistics on
// the expressions yet) walk the primary key whole, a plan the prepared
// statement keeps. A row that shares two bands comes twice. Most rows that
// share a band are further from every item than the rule's distance ($6; a
// band is 16 bits of 64), and no item can join them: only the rows near
// one of the items' fingerprints ($8) are read with their stories.
//
// The block of sequence numbers is one step rather than a nextval each: no
// one else draws them, as every writer of stories holds the write lock.
const candidatesSQL = `WITH block AS (SELECT setval('stories_seq_seq', nextval('stories_seq_seq') + $7 - 1) AS last)
	SELECT 3 AS kind, title_hash AS key, seq, title_at AS at, source, sources FROM stories
		WHERE title_hash = ANY($1) AND title_hash IS NOT NULL AND body IS NOT NULL
	UNION ALL
	SELECT 0, t.hash, t.seq, t.at, s.source, s.sources FROM title_keys t JOIN stories s ON s.seq = t.seq
		WHERE t.hash = ANY($1) AND s.body IS NOT NULL
	UNION ALL
	SELECT 1, f.fp, f.seq, 0, s.source, s.sources FROM (
			SELECT seq, fp FROM fingerprints WHERE (fp & 65535) = ANY($2)
			UNION ALL SELECT seq, fp FROM fingerprints WHERE ((fp >> 16) & 65535) = ANY($3)
			UNION ALL SELECT seq, fp FROM fingerprints WHERE ((fp >> 32) & 65535) = ANY($4)
			UNION ALL SELECT seq, fp FROM fingerprints WHERE ((fp >> 48) & 65535) = ANY($5)
			UNION ALL SELECT seq, fp FROM stories WHERE fp IS NOT NULL AND (fp & 65535) = ANY($2)
			UNION ALL SELECT seq, fp FROM stories WHERE fp IS NOT NULL AND ((fp >> 16) & 65535) = ANY($3)
			UNION ALL SELECT seq, fp FROM stories WHERE fp IS NOT NULL AND ((fp >> 32) & 65535) = ANY($4)
			UNION ALL SELECT seq, fp FROM stories WHERE fp IS NOT NULL AND ((fp >> 48) & 65535) = ANY($5)
		) f JOIN stories s ON s.seq = f.seq
		WHERE s.body IS NOT NULL AND EXISTS (SELECT FROM unnest($8::bigint[]) q (v) WHERE bit_count((f.fp # q.v)::bit(64)) <= $6)
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
	var vals [4][]int64 // the four bands of store.FingerprintBands, as the query names them
	for k := range asked {
		vals[k.band] = append(vals[k.band], int64(k.value))
	}
	b.Queue(candidatesSQL, hashes, vals[0], vals[1], vals[2], vals[3], m.maxDistance(), len(items), fps).Query(func(rows pgx.Rows) error {
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
