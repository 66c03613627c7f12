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

// SavePoll writes one poll's items and the source's state, matching each
// item against the stored stories as the bbolt store does
// (store.Store.SavePoll documents the rules); merge decides, the indexed key
// tables find the candidates. Polls save one at a time across instances
// (see write), so concurrent polls of copies of one story store it once;
// the polls that arrive while one saves share the next transaction (see
// save), resolved one after another as if each had saved alone.
//
// A transaction costs at most three round trips whatever its size (see
// pipelined): the transaction's start, the write lock and the stories the
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
	p := &pollSave{st: st, now: now, done: make(chan saveOutcome, 1)}
	seen := make(map[string]bool, len(items))
	for i := range items {
		if seen[items[i].ID] {
			continue
		}
		seen[items[i].ID] = true
		it := items[i]
		p.poll = append(p.poll, &it)
		k := store.MatchKeysOf(&it)
		p.keys = append(p.keys, k)
		p.all = append(p.all, exactKeys(&k)...)
		p.ids = append(p.ids, it.ID)
	}
	return s.save(p)
}

// saveGroup saves polls in one transaction and tells each its outcome. When
// the transaction fails, each poll is saved alone, so that one bad poll
// does not fail the others.
func (s *Store) saveGroup(group []*pollSave) {
	ctx := context.Background()
	var (
		res []feeds.PollResult
		ver versionAt
	)
	err := s.pipelined(ctx, func(conn *pgx.Conn) error {
		var err error
		res, ver, err = s.savePolls(ctx, conn, group)
		return err
	})
	if err != nil && len(group) > 1 {
		for _, p := range group {
			s.saveGroup([]*pollSave{p})
		}
		return
	}
	if err == nil && ver.v != 0 {
		s.noteVersion(ver.v, ver.mod)
	}
	for i, p := range group {
		if err != nil {
			p.done <- saveOutcome{err: fmt.Errorf("store %s: source %q: save poll: %w", s.dsn, p.st.Name, err)}
		} else {
			p.done <- saveOutcome{res: res[i]}
		}
	}
}

// savePolls resolves the polls' items one poll after another with one
// pollMatch, so that a poll sees what the ones before it decided, exactly
// as if each had saved in turn, and writes them all.
func (s *Store) savePolls(ctx context.Context, conn *pgx.Conn, group []*pollSave) ([]feeds.PollResult, versionAt, error) {
	m := &pollMatch{rule: s.rule, stories: map[int64]*story{}, exact: map[string]int64{},
		titles: map[int64][]titleRow{}, bands: map[bandKey][]fpRow{}, fps: map[fpRow]bool{}}
	var (
		all [][]byte
		ids []string
	)
	for _, p := range group {
		all, ids = append(all, p.all...), append(ids, p.ids...)
	}
	b := &pgx.Batch{}
	b.Queue(beginSQL)
	b.Queue(lockSQL, int64(writeLock))
	m.queueExact(b, all, ids)
	if err := conn.SendBatch(ctx, b).Close(); err != nil {
		return nil, versionAt{}, err
	}
	// The items no exact key found may match by title or fingerprint, or
	// be new: their candidates and sequence numbers in one statement. (An
	// item of a later poll may yet be found by a key an earlier one adds.)
	var (
		open     []*feeds.Item
		openKeys []store.MatchKeys
	)
	for _, p := range group {
		for i, it := range p.poll {
			if m.exactHit(&p.keys[i]) == nil {
				open, openKeys = append(open, it), append(openKeys, p.keys[i])
			}
		}
	}
	var seqs []int64
	if len(open) > 0 {
		b := &pgx.Batch{}
		m.queueCandidates(b, open, openKeys, &seqs)
		if err := conn.SendBatch(ctx, b).Close(); err != nil {
			return nil, versionAt{}, err
		}
	}

	w := groupWrites{sources: map[string]*sourceWrite{}}
	results := make([]feeds.PollResult, len(group))
	for gi, p := range group {
		res := &results[gi]
		counted := make(map[string]int)
		for i, it := range p.poll {
			k := &p.keys[i]
			found := m.resolve(it, k)
			switch {
			case found != nil && found.tomb:
				res.Skipped++
				continue
			case found == nil:
				if it.FirstSeen.IsZero() {
					it.FirstSeen = p.now
				}
				seq := seqs[0]
				seqs = seqs[1:]
				ns := &story{seq: seq, id: it.ID, source: it.Source, sources: allSources(it), body: store.EncodeItem(it), isNew: true, published: k.At}
				m.stories[seq] = ns
				m.recordKeys(it, k, seq, ns)
				w.order = append(w.order, ns)
				res.New++
				counted[it.Source]++
				continue
			}
			raw, err := m.body(ctx, conn, found)
			if err != nil {
				return nil, versionAt{}, err
			}
			old, err := store.DecodeItem(raw)
			if err != nil {
				return nil, versionAt{}, fmt.Errorf("decode stored story %d: %w", found.seq, err)
			}
			merged, joined := merge.Join(old, *it, p.now, *s.order.Load())
			m.recordKeys(it, k, found.seq, nil)
			v := store.EncodeItem(&merged)
			if bytes.Equal(v, raw) {
				res.Unchanged++
				continue
			}
			if !found.isNew && !found.dirty {
				w.order = append(w.order, found)
			}
			found.body, found.sources, found.published, found.dirty = v, allSources(&merged), store.MatchKeysOf(&merged).At, true
			if joined {
				res.Merged++
				counted[it.Source]++
			} else {
				res.Updated++
			}
		}
		res.Filtered = p.st.LastResult.Filtered
		if err := w.poll(p, *res, counted); err != nil {
			return nil, versionAt{}, err
		}
	}
	ver, err := s.flush(ctx, conn, m, &w)
	return results, ver, err
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
