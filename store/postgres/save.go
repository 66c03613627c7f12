package postgres

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/merge"
	"github.com/edufeed/edufeed/store"
)

// SavePoll writes one poll's items and the source's state in one
// transaction, matching each item against the stored stories as the bbolt
// store does (store.Store.SavePoll documents the rules); merge decides, the
// indexed key tables find the candidates. Polls save one at a time across
// instances (see write), so concurrent polls of copies of one story store
// it once.
//
// A poll costs at most three round trips whatever its size (see
// pipelined): the transaction's start, the write lock and the stories its
// exact keys name; then (for items those did not find) the title and
// fingerprint candidates with the sequence numbers of the stories it may
// add; then all of its writes and the commit (see pollMatch). A story that
// a candidate query found and an item changes costs one more, to read it.
func (s *Store) SavePoll(items []feeds.Item, st feeds.SourceState, now time.Time) (feeds.PollResult, error) {
	if st.Name == "" {
		return feeds.PollResult{}, fmt.Errorf("store %s: save poll: source state has no name", s.dsn)
	}
	for i := range items {
		if items[i].ID == "" || items[i].Source == "" {
			return feeds.PollResult{}, fmt.Errorf("store %s: source %q: save poll: item %d (%q): %w: ID and Source must be set", s.dsn, st.Name, i, items[i].Title, store.ErrInvalidItem)
		}
	}
	// The items once each, with their keys.
	var (
		poll []*feeds.Item
		keys []store.MatchKeys
		all  [][]byte
		ids  []string
	)
	seen := make(map[string]bool, len(items))
	for i := range items {
		if seen[items[i].ID] {
			continue
		}
		seen[items[i].ID] = true
		it := items[i]
		poll = append(poll, &it)
		k := store.MatchKeysOf(&it)
		keys = append(keys, k)
		all = append(all, exactKeys(&k)...)
		ids = append(ids, it.ID)
	}
	ctx := context.Background()
	var (
		res feeds.PollResult
		ver versionAt
	)
	err := s.pipelined(ctx, func(conn *pgx.Conn) error {
		var err error
		res, ver, err = s.savePoll(ctx, conn, poll, keys, all, ids, st, now)
		return err
	})
	if err != nil {
		return feeds.PollResult{}, fmt.Errorf("store %s: source %q: save poll: %w", s.dsn, st.Name, err)
	}
	if ver.v != 0 {
		s.noteVersion(ver.v, ver.mod)
	}
	return res, nil
}

func (s *Store) savePoll(ctx context.Context, conn *pgx.Conn, poll []*feeds.Item, keys []store.MatchKeys, all [][]byte, ids []string,
	st feeds.SourceState, now time.Time) (feeds.PollResult, versionAt, error) {
	var res feeds.PollResult
	m := &pollMatch{rule: s.rule, stories: map[int64]*story{}, exact: map[string]int64{},
		titles: map[int64][]titleRow{}, bands: map[bandKey][]fpRow{}, fps: map[fpRow]bool{}}
	b := &pgx.Batch{}
	b.Queue(beginSQL)
	b.Queue(lockSQL, int64(writeLock))
	m.queueExact(b, all, ids)
	if err := conn.SendBatch(ctx, b).Close(); err != nil {
		return res, versionAt{}, err
	}
	// The items no exact key found may match by title or fingerprint, or
	// be new: their candidates and sequence numbers in one round trip.
	var (
		open     []*feeds.Item
		openKeys []store.MatchKeys
	)
	for i, it := range poll {
		if m.exactHit(&keys[i]) == nil {
			open, openKeys = append(open, it), append(openKeys, keys[i])
		}
	}
	var seqs []int64
	if len(open) > 0 {
		b := &pgx.Batch{}
		m.queueCandidates(b, open, openKeys)
		// The block of sequence numbers in one step rather than a nextval
		// each: no one else draws them, as every writer of stories holds
		// the write lock.
		b.Queue(`SELECT setval('stories_seq_seq', nextval('stories_seq_seq') + $1 - 1)`, len(open)).QueryRow(func(row pgx.Row) error {
			var last int64
			if err := row.Scan(&last); err != nil {
				return err
			}
			for i := range len(open) {
				seqs = append(seqs, last-int64(len(open)-1-i))
			}
			return nil
		})
		if err := conn.SendBatch(ctx, b).Close(); err != nil {
			return res, versionAt{}, err
		}
	}

	counted := make(map[string]int)
	var order []*story // new and changed stories, in the order they were first written
	for i, it := range poll {
		k := &keys[i]
		found := m.resolve(it, k)
		switch {
		case found != nil && found.tomb:
			res.Skipped++
			continue
		case found == nil:
			if it.FirstSeen.IsZero() {
				it.FirstSeen = now
			}
			seq := seqs[0]
			seqs = seqs[1:]
			ns := &story{seq: seq, id: it.ID, source: it.Source, sources: allSources(it), body: store.EncodeItem(it), isNew: true, published: k.At}
			m.stories[seq] = ns
			m.recordKeys(it, k, seq, true)
			order = append(order, ns)
			res.New++
			counted[it.Source]++
			continue
		}
		raw, err := m.body(ctx, conn, found)
		if err != nil {
			return res, versionAt{}, err
		}
		old, err := store.DecodeItem(raw)
		if err != nil {
			return res, versionAt{}, fmt.Errorf("decode stored story %d: %w", found.seq, err)
		}
		merged, joined := merge.Join(old, *it, now, *s.order.Load())
		m.recordKeys(it, k, found.seq, false)
		v := store.EncodeItem(&merged)
		if bytes.Equal(v, raw) {
			res.Unchanged++
			continue
		}
		if !found.isNew && !found.dirty {
			order = append(order, found)
		}
		found.body, found.sources, found.published, found.dirty = v, allSources(&merged), store.MatchKeysOf(&merged).At, true
		if joined {
			res.Merged++
			counted[it.Source]++
		} else {
			res.Updated++
		}
	}
	return s.flush(ctx, conn, m, order, res, counted, st, now)
}

// flush writes what the poll decided and commits, in one round trip: the
// new and changed stories, the keys they gained, the source's state and
// counts, and the version when items changed.
func (s *Store) flush(ctx context.Context, conn *pgx.Conn, m *pollMatch, order []*story, res feeds.PollResult,
	counted map[string]int, st feeds.SourceState, now time.Time) (feeds.PollResult, versionAt, error) {
	b := &pgx.Batch{}
	queueNewStories(b, order)
	for _, w := range order {
		if !w.isNew {
			b.Queue(`UPDATE stories SET body = $2, sources = $3, published = $4 WHERE seq = $1`, w.seq, w.body, w.sources, w.published)
		}
	}
	if n := len(m.newExact); n > 0 {
		hs, rs, seqs := make([]int64, n), make([]int64, n), make([]int64, n)
		for i, r := range m.newExact {
			hs[i], rs[i] = splitKey(r.key)
			seqs[i] = r.seq
		}
		b.Queue(`INSERT INTO exact_keys (h, r, seq) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[])`, hs, rs, seqs)
	}
	if n := len(m.newTitles); n > 0 {
		hashes, seqs, ats := make([]int64, n), make([]int64, n), make([]int64, n)
		for i, r := range m.newTitles {
			hashes[i], seqs[i], ats[i] = r.hash, r.seq, r.at
		}
		b.Queue(`INSERT INTO title_keys (hash, seq, at) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) ON CONFLICT DO NOTHING`, hashes, seqs, ats)
	}
	if n := len(m.newFps); n > 0 {
		seqs, fps := make([]int64, n), make([]int64, n)
		for i, r := range m.newFps {
			seqs[i], fps[i] = r.seq, r.fp
		}
		b.Queue(`INSERT INTO fingerprints (seq, fp) SELECT * FROM unnest($1::bigint[], $2::bigint[]) ON CONFLICT DO NOTHING`, seqs, fps)
	}
	next := st
	res.Filtered = st.LastResult.Filtered
	next.LastResult = res
	v, err := encodeState(next)
	if err != nil {
		return res, versionAt{}, err
	}
	b.Queue(savePollStateSQL, st.Name, v, counted[st.Name])
	for name, n := range counted {
		if name == st.Name {
			continue
		}
		v, err := encodeState(feeds.SourceState{Name: name})
		if err != nil {
			return res, versionAt{}, err
		}
		b.Queue(addItemCountSQL, name, v, n)
	}
	var ver versionAt
	if res.New+res.Updated+res.Merged > 0 {
		b.Queue(`WITH v AS (`+bumpVersionSQL+`) SELECT version, modified, pg_notify('`+notifyChannel+`', version::text) FROM v`, now, res.New).
			QueryRow(func(row pgx.Row) error {
				var n int64
				if err := row.Scan(&n, &ver.mod, nil); err != nil {
					return fmt.Errorf("bump version: %w", err)
				}
				ver.v = uint64(n)
				return nil
			})
	}
	b.Queue(`COMMIT`)
	if err := conn.SendBatch(ctx, b).Close(); err != nil {
		return res, versionAt{}, err
	}
	return res, ver, nil
}

// queueNewStories inserts the poll's new stories with one statement (one
// per story cost the server a parse, a plan and an executor start each).
// Each story's sources are a slice of one flat array, since an array of
// arrays must be rectangular.
func queueNewStories(b *pgx.Batch, order []*story) {
	var (
		seqs, published []int64
		ids, firsts     []string
		names           []string
		lo, hi          []int32
		bodies          [][]byte
	)
	for _, w := range order {
		if !w.isNew {
			continue
		}
		seqs, ids, firsts = append(seqs, w.seq), append(ids, w.id), append(firsts, w.source)
		published, bodies = append(published, w.published), append(bodies, w.body)
		lo = append(lo, int32(len(names)+1))
		names = append(names, w.sources...)
		hi = append(hi, int32(len(names)))
	}
	if len(seqs) == 0 {
		return
	}
	b.Queue(`INSERT INTO stories (seq, id, source, sources, published, body)
		SELECT r.seq, r.id, r.source, ($4::text[])[r.lo:r.hi], r.published, r.body
		FROM unnest($1::bigint[], $2::text[], $3::text[], $5::int[], $6::int[], $7::bigint[], $8::bytea[]) AS r (seq, id, source, lo, hi, published, body)`,
		seqs, ids, firsts, names, lo, hi, published, bodies)
}

// SaveState writes a source's state alone, keeping the stored ItemCount: one
// statement, as a poll answered 304 needs.
func (s *Store) SaveState(st feeds.SourceState) error {
	if st.Name == "" {
		return fmt.Errorf("store %s: save state: source state has no name", s.dsn)
	}
	v, err := encodeState(st)
	if err == nil {
		_, err = s.pool.Exec(context.Background(), saveStateSQL, st.Name, v)
	}
	if err != nil {
		return fmt.Errorf("store %s: source %q: save state: %w", s.dsn, st.Name, err)
	}
	return nil
}

// allSources is every source that carried a story, its first one included.
func allSources(it *feeds.Item) []string {
	out := []string{it.Source}
	for _, name := range it.Sources {
		if name != it.Source {
			out = append(out, name)
		}
	}
	return out
}
