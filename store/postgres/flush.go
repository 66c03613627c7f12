package postgres

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/edufeed/edufeed/feeds"
)

// flushSQL is every write of a group of polls in one statement: a
// statement each cost the server a bind, an executor start and its
// bookkeeping, some eight a poll. The parts touch different rows (the
// polled sources, $23, and the others whose counts move, $26, are told
// apart, each named once), as the statement's parts see one snapshot. The changed stories are also named by an index condition
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
		INSERT INTO sources AS s (name, state, item_count) SELECT * FROM unnest($23::text[], $24::bytea[], $25::bigint[])
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

// groupWrites are what a group's polls decided to write besides the keys
// (which pollMatch holds).
type groupWrites struct {
	order   []*story // new and changed stories, in the order they were first written
	sources map[string]*sourceWrite
	// changed says that an item changed, so the version moves: modified is
	// the time of the last poll that changed one, added the new stories.
	changed  bool
	modified time.Time
	added    int
}

// sourceWrite is a source's new state (nil when no poll of the group
// polled it) and how many stories it gained.
type sourceWrite struct {
	state []byte
	count int
}

// poll adds a poll's state and counts. A source polled twice in the group
// keeps the later state, as two saves one after another would.
func (w *groupWrites) poll(p *pollSave, res feeds.PollResult, counted map[string]int) error {
	next := p.st
	next.LastResult = res
	state, err := encodeState(next)
	if err != nil {
		return err
	}
	w.source(p.st.Name).state = state
	for name, n := range counted {
		w.source(name).count += n
	}
	if res.New+res.Updated+res.Merged > 0 {
		w.changed, w.modified, w.added = true, p.now, w.added+res.New
	}
	return nil
}

func (w *groupWrites) source(name string) *sourceWrite {
	sw := w.sources[name]
	if sw == nil {
		sw = &sourceWrite{}
		w.sources[name] = sw
	}
	return sw
}

// flush writes what the polls decided and commits, in one round trip: the
// new and changed stories, the keys they gained, the sources' states and
// counts, and the version when items changed.
func (s *Store) flush(ctx context.Context, conn *pgx.Conn, m *pollMatch, w *groupWrites) (versionAt, error) {
	var added, changed storyColumns
	for _, st := range w.order {
		if st.isNew {
			added.add(st)
		} else {
			changed.add(st)
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
	// The polled sources, and the others whose stories the polls' items
	// joined (the state is for one not known yet), in name order.
	var polled, others struct {
		names  []string
		states [][]byte
		counts []int64
	}
	for _, name := range slices.Sorted(maps.Keys(w.sources)) {
		sw := w.sources[name]
		if sw.state != nil {
			polled.names, polled.states, polled.counts = append(polled.names, name), append(polled.states, sw.state), append(polled.counts, int64(sw.count))
			continue
		}
		v, err := encodeState(feeds.SourceState{Name: name})
		if err != nil {
			return versionAt{}, err
		}
		others.names, others.states, others.counts = append(others.names, name), append(others.states, v), append(others.counts, int64(sw.count))
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
		polled.names, polled.states, polled.counts, others.names, others.states, others.counts,
		w.changed, w.modified, w.added,
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
		return versionAt{}, err
	}
	return ver, nil
}
