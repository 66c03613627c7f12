package postgres

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
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
// indexed key tables find the candidates. The transaction is SERIALIZABLE
// and retried, so concurrent polls of copies of one story store it once.
func (s *Store) SavePoll(items []feeds.Item, st feeds.SourceState, now time.Time) (feeds.PollResult, error) {
	if st.Name == "" {
		return feeds.PollResult{}, fmt.Errorf("store %s: save poll: source state has no name", s.dsn)
	}
	for i := range items {
		if items[i].ID == "" || items[i].Source == "" {
			return feeds.PollResult{}, fmt.Errorf("store %s: source %q: save poll: item %d (%q): %w: ID and Source must be set", s.dsn, st.Name, i, items[i].Title, store.ErrInvalidItem)
		}
	}
	ctx := context.Background()
	var (
		res feeds.PollResult
		ver versionAt
	)
	err := s.write(ctx, true, func(tx pgx.Tx) error {
		res, ver = feeds.PollResult{}, versionAt{}
		counted := make(map[string]int)
		seen := make(map[string]bool, len(items))
		for i := range items {
			it := items[i]
			if seen[it.ID] {
				continue
			}
			seen[it.ID] = true
			out, err := s.saveItem(ctx, tx, &it, now)
			if err != nil {
				return fmt.Errorf("item %s: %w", it.ID, err)
			}
			switch out {
			case itemNew:
				res.New++
				counted[it.Source]++
			case itemMerged:
				res.Merged++
				counted[it.Source]++
			case itemUpdated:
				res.Updated++
			case itemSkipped:
				res.Skipped++
			default:
				res.Unchanged++
			}
		}
		next := st
		prev, err := getState(ctx, tx, st.Name)
		if err != nil {
			return err
		}
		next.ItemCount = prev.ItemCount + counted[st.Name]
		res.Filtered = st.LastResult.Filtered
		next.LastResult = res
		if err := putState(ctx, tx, next); err != nil {
			return err
		}
		for name, n := range counted {
			if name == st.Name {
				continue
			}
			if err := addItemCount(ctx, tx, name, n); err != nil {
				return err
			}
		}
		if res.New+res.Updated+res.Merged > 0 {
			ver, err = bumpVersion(ctx, tx, now, res.New)
			return err
		}
		return nil
	})
	if err != nil {
		return feeds.PollResult{}, fmt.Errorf("store %s: source %q: save poll: %w", s.dsn, st.Name, err)
	}
	if ver.v != 0 {
		s.noteVersion(ver.v, ver.mod)
	}
	return res, nil
}

// SaveState writes a source's state alone, keeping the stored ItemCount.
func (s *Store) SaveState(st feeds.SourceState) error {
	if st.Name == "" {
		return fmt.Errorf("store %s: save state: source state has no name", s.dsn)
	}
	ctx := context.Background()
	err := s.write(ctx, false, func(tx pgx.Tx) error {
		prev, err := getState(ctx, tx, st.Name)
		if err != nil {
			return err
		}
		next := st
		next.ItemCount = prev.ItemCount
		return putState(ctx, tx, next)
	})
	if err != nil {
		return fmt.Errorf("store %s: source %q: save state: %w", s.dsn, st.Name, err)
	}
	return nil
}

type outcome int

const (
	itemUnchanged outcome = iota
	itemNew
	itemUpdated
	itemMerged
	itemSkipped
)

// saveItem writes one item inside tx and says what it did.
func (s *Store) saveItem(ctx context.Context, tx pgx.Tx, it *feeds.Item, now time.Time) (outcome, error) {
	k := store.MatchKeysOf(it)
	seq, raw, tomb, found, err := s.resolve(ctx, tx, it, &k)
	if err != nil {
		return 0, err
	}
	if found && tomb {
		return itemSkipped, nil
	}
	if !found {
		if it.FirstSeen.IsZero() {
			it.FirstSeen = now
		}
		err := tx.QueryRow(ctx, `INSERT INTO stories (id, source, sources, published, body) VALUES ($1, $2, $3, $4, $5) RETURNING seq`,
			it.ID, it.Source, allSources(it), store.MatchKeysOf(it).At, store.EncodeItem(it)).Scan(&seq)
		if err != nil {
			return 0, err
		}
		return itemNew, recordKeys(ctx, tx, it, &k, seq)
	}
	if raw == nil {
		if err := tx.QueryRow(ctx, `SELECT body FROM stories WHERE seq = $1`, seq).Scan(&raw); err != nil {
			return 0, err
		}
	}
	old, err := store.DecodeItem(raw)
	if err != nil {
		return 0, fmt.Errorf("decode stored story %d: %w", seq, err)
	}
	merged, joined := merge.Join(old, *it, now, *s.order.Load())
	if err := recordKeys(ctx, tx, it, &k, seq); err != nil {
		return 0, err
	}
	v := store.EncodeItem(&merged)
	if bytes.Equal(v, raw) {
		return itemUnchanged, nil
	}
	_, err = tx.Exec(ctx, `UPDATE stories SET body = $2, sources = $3, published = $4 WHERE seq = $1`,
		seq, v, allSources(&merged), store.MatchKeysOf(&merged).At)
	if err != nil {
		return 0, err
	}
	if joined {
		return itemMerged, nil
	}
	return itemUpdated, nil
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

// recordKeys records an item's keys for the story seq; an exact key that
// already names a story (live or pruned) stays with it.
func recordKeys(ctx context.Context, tx pgx.Tx, it *feeds.Item, k *store.MatchKeys, seq int64) error {
	b := &pgx.Batch{}
	for _, key := range [][]byte{k.ID, k.GUID, k.Link} {
		if key != nil {
			b.Queue(`INSERT INTO exact_keys (key, seq) VALUES ($1, $2) ON CONFLICT DO NOTHING`, key, seq)
		}
	}
	if it.Keys.Title != "" {
		b.Queue(`INSERT INTO title_keys (hash, seq, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, int64(k.Title), seq, k.At)
	}
	if fp := it.Keys.Fingerprint; fp != 0 {
		for band, v := range store.FingerprintBands(fp) {
			b.Queue(`INSERT INTO fingerprint_bands (band, value, seq, fp) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, band, int32(v), seq, int64(fp))
		}
	}
	return tx.SendBatch(ctx, b).Close()
}

// getState reads a source's state, or a zero one with only its name.
func getState(ctx context.Context, q pgx.Tx, name string) (feeds.SourceState, error) {
	var raw []byte
	err := q.QueryRow(ctx, `SELECT state FROM sources WHERE name = $1`, name).Scan(&raw)
	if errors.Is(err, pgx.ErrNoRows) {
		return feeds.SourceState{Name: name}, nil
	}
	if err != nil {
		return feeds.SourceState{}, err
	}
	var st feeds.SourceState
	if err := json.Unmarshal(raw, &st); err != nil {
		return feeds.SourceState{}, fmt.Errorf("decode state of source %q: %w", name, err)
	}
	st.Name = name
	return st, nil
}

func putState(ctx context.Context, tx pgx.Tx, st feeds.SourceState) error {
	v, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("encode state of source %q: %w", st.Name, err)
	}
	_, err = tx.Exec(ctx, `INSERT INTO sources (name, state) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET state = EXCLUDED.state`, st.Name, v)
	return err
}

// addItemCount adds n (maybe negative) to a source's ItemCount.
func addItemCount(ctx context.Context, tx pgx.Tx, name string, n int) error {
	st, err := getState(ctx, tx, name)
	if err != nil {
		return err
	}
	st.ItemCount = max(0, st.ItemCount+n)
	return putState(ctx, tx, st)
}

// bumpVersion records that items changed at now (added counts new stories)
// and tells the other instances when the transaction commits.
func bumpVersion(ctx context.Context, tx pgx.Tx, now time.Time, added int) (versionAt, error) {
	var (
		v   int64
		mod time.Time
	)
	err := tx.QueryRow(ctx, `UPDATE meta SET version = version + 1, modified = $1, items = greatest(0, items + $2) RETURNING version, modified`,
		now, added).Scan(&v, &mod)
	if err != nil {
		return versionAt{}, fmt.Errorf("bump version: %w", err)
	}
	if _, err := tx.Exec(ctx, `SELECT pg_notify($1, $2)`, notifyChannel, fmt.Sprint(v)); err != nil {
		return versionAt{}, err
	}
	return versionAt{uint64(v), mod}, nil
}
