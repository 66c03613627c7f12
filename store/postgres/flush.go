package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/edufeed/edufeed/feeds"
)

// flushSQL is every write of a poll in one statement: a statement each
// cost the server a bind, an executor start and its bookkeeping, some
// eight a poll. The parts touch different rows (the other sources' counts
// never name the polled source), as the statement's parts see one
// snapshot. The changed stories are also named by an index condition
// (seq = ANY): the generic plan, with the stories table's statistics from
// when it was young, otherwise walked the whole primary key and joined
// every story to the changed ones, usually none (1.5 ms a poll at 5,000
// stories, growing with the store). Each story's sources are a slice of one flat array, since an
// array of arrays must be rectangular. It returns the new version, or no
// row when no item changed ($29 false).
const flushSQL = `WITH new_stories AS (
		INSERT INTO stories (seq, id, source, sources, published, body, title_hash, title_at, fp)
		SELECT r.seq, r.id, r.source, ($4::text[])[r.lo:r.hi], r.published, r.body,
			CASE WHEN r.has_title THEN r.title_hash END, CASE WHEN r.has_title THEN r.title_at END, nullif(r.fp, 0)
		FROM unnest($1::bigint[], $2::text[], $3::text[], $5::int[], $6::int[], $7::bigint[], $8::bytea[],
			$32::bool[], $33::bigint[], $34::bigint[], $35::bigint[]) AS r (seq, id, source, lo, hi, published, body, has_title, title_hash, title_at, fp)
	), changed AS (
		UPDATE stories s SET body = r.body, sources = ($10::text[])[r.lo:r.hi], published = r.published
		FROM unnest($9::bigint[], $11::int[], $12::int[], $13::bigint[], $14::bytea[]) AS r (seq, lo, hi, published, body)
		WHERE s.seq = r.seq AND s.seq = ANY($9::bigint[])
	), exact AS (
		INSERT INTO exact_keys (h, r, seq) SELECT * FROM unnest($15::bigint[], $16::bigint[], $17::bigint[])
	), titles AS (
		INSERT INTO title_keys (hash, seq, at) SELECT * FROM unnest($18::bigint[], $19::bigint[], $20::bigint[]) ON CONFLICT DO NOTHING
	), fps AS (
		INSERT INTO fingerprints (seq, fp) SELECT * FROM unnest($21::bigint[], $22::bigint[]) ON CONFLICT DO NOTHING
	), polled AS (
		INSERT INTO sources AS s (name, state, item_count) VALUES ($23, $24, $25)
		ON CONFLICT (name) DO UPDATE SET state = EXCLUDED.state, item_count = s.item_count + EXCLUDED.item_count
	), others AS (
		INSERT INTO sources AS s (name, state, item_count) SELECT * FROM unnest($26::text[], $27::bytea[], $28::bigint[])
		ON CONFLICT (name) DO UPDATE SET item_count = s.item_count + EXCLUDED.item_count
	), v AS (
		UPDATE meta SET version = version + 1, modified = $30, items = greatest(0, items + $31) WHERE id AND $29
		RETURNING version, modified
	)
	SELECT version, modified, pg_notify('` + notifyChannel + `', version::text) FROM v`

// storyColumns are stories as the columns of flushSQL.
type storyColumns struct {
	seqs, published []int64
	ids, firsts     []string
	names           []string
	lo, hi          []int32
	bodies          [][]byte
	// a new story's first title key and fingerprint
	hasTitle                   []bool
	titleHashes, titleAts, fps []int64
}

func (c *storyColumns) add(w *story) {
	c.seqs, c.ids, c.firsts = append(c.seqs, w.seq), append(c.ids, w.id), append(c.firsts, w.source)
	c.published, c.bodies = append(c.published, w.published), append(c.bodies, w.body)
	c.lo = append(c.lo, int32(len(c.names)+1))
	c.names = append(c.names, w.sources...)
	c.hi = append(c.hi, int32(len(c.names)))
	if w.isNew {
		c.hasTitle, c.titleHashes, c.titleAts = append(c.hasTitle, w.hasTitle), append(c.titleHashes, w.titleHash), append(c.titleAts, w.titleAt)
		c.fps = append(c.fps, w.fp)
	}
}

// flush writes what the poll decided and commits, in one round trip: the
// new and changed stories, the keys they gained, the source's state and
// counts, and the version when items changed.
func (s *Store) flush(ctx context.Context, conn *pgx.Conn, m *pollMatch, order []*story, res feeds.PollResult,
	counted map[string]int, st feeds.SourceState, now time.Time) (feeds.PollResult, versionAt, error) {
	var added, changed storyColumns
	for _, w := range order {
		if w.isNew {
			added.add(w)
		} else {
			changed.add(w)
		}
	}
	n := len(m.newExact)
	eh, er, eseqs := make([]int64, n), make([]int64, n), make([]int64, n)
	for i, r := range m.newExact {
		eh[i], er[i] = splitKey(r.key)
		eseqs[i] = r.seq
	}
	n = len(m.newTitles)
	hashes, tseqs, ats := make([]int64, n), make([]int64, n), make([]int64, n)
	for i, r := range m.newTitles {
		hashes[i], tseqs[i], ats[i] = r.hash, r.seq, r.at
	}
	n = len(m.newFps)
	fseqs, fps := make([]int64, n), make([]int64, n)
	for i, r := range m.newFps {
		fseqs[i], fps[i] = r.seq, r.fp
	}
	next := st
	res.Filtered = st.LastResult.Filtered
	next.LastResult = res
	state, err := encodeState(next)
	if err != nil {
		return res, versionAt{}, err
	}
	// The other sources whose stories this poll's items joined; the state
	// is for one not known yet.
	var (
		names  []string
		states [][]byte
		counts []int64
	)
	for name, n := range counted {
		if name == st.Name {
			continue
		}
		v, err := encodeState(feeds.SourceState{Name: name})
		if err != nil {
			return res, versionAt{}, err
		}
		names, states, counts = append(names, name), append(states, v), append(counts, int64(n))
	}
	var ver versionAt
	b := &pgx.Batch{}
	// flushSQL's generic plan is as good as a custom one, but the planner,
	// led by the arrays' lengths, planned it afresh nine polls in ten
	// (0.35 ms each); not so the lookups, whose generic plans are worse.
	b.Queue(`SELECT set_config('plan_cache_mode', 'force_generic_plan', true)`)
	b.Queue(flushSQL,
		added.seqs, added.ids, added.firsts, added.names, added.lo, added.hi, added.published, added.bodies,
		changed.seqs, changed.names, changed.lo, changed.hi, changed.published, changed.bodies,
		eh, er, eseqs, hashes, tseqs, ats, fseqs, fps,
		st.Name, state, counted[st.Name], names, states, counts,
		res.New+res.Updated+res.Merged > 0, now, res.New,
		added.hasTitle, added.titleHashes, added.titleAts, added.fps).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			var v int64
			if err := rows.Scan(&v, &ver.mod, nil); err != nil {
				return fmt.Errorf("bump version: %w", err)
			}
			ver.v = uint64(v)
		}
		return rows.Err()
	})
	b.Queue(`COMMIT`)
	if err := conn.SendBatch(ctx, b).Close(); err != nil {
		return res, versionAt{}, err
	}
	return res, ver, nil
}
