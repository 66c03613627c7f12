package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/store"
)

var _ store.DeliveryLog = (*Store)(nil)

// DeliveryState returns the state of the notify target name. A target not
// seen before is created with its watermark at the newest stored story, so
// that it is sent only what arrives from now on; when two instances create
// it at once, the first one's state is kept.
func (s *Store) DeliveryState(name string, now time.Time) (feeds.DeliveryState, error) {
	ctx := context.Background()
	st, found, err := getDeliveryState(ctx, s.pool, name)
	if err != nil || found {
		return st, s.wrapDelivery(name, err)
	}
	var last int64
	if err := s.pool.QueryRow(ctx, `SELECT coalesce(max(seq), 0) FROM stories`).Scan(&last); err != nil {
		return st, s.wrapDelivery(name, err)
	}
	st = feeds.DeliveryState{Target: name, Added: now, Watermark: uint64(last)}
	v, err := json.Marshal(st)
	if err != nil {
		return st, s.wrapDelivery(name, err)
	}
	if _, err := s.pool.Exec(ctx, `INSERT INTO notify_targets (target, state) VALUES ($1, $2) ON CONFLICT DO NOTHING`, name, v); err != nil {
		return st, s.wrapDelivery(name, err)
	}
	st, _, err = getDeliveryState(ctx, s.pool, name)
	return st, s.wrapDelivery(name, err)
}

// StoriesAfter returns up to limit stories first stored after seq, oldest
// first; stories pruned since are gone. limit <= 0 means no limit.
func (s *Store) StoriesAfter(seq uint64, limit int) ([]feeds.Story, error) {
	var lim *int64
	if limit > 0 {
		l := int64(limit)
		lim = &l
	}
	rows, err := s.pool.Query(context.Background(),
		`SELECT seq, body FROM stories WHERE seq > $1 AND body IS NOT NULL ORDER BY seq LIMIT $2`, int64(min(seq, 1<<63-1)), lim)
	if err != nil {
		return nil, fmt.Errorf("store %s: read new stories: %w", s.dsn, err)
	}
	defer rows.Close()
	var out []feeds.Story
	for rows.Next() {
		var (
			n    int64
			body []byte
		)
		if err := rows.Scan(&n, &body); err != nil {
			return nil, fmt.Errorf("store %s: read new stories: %w", s.dsn, err)
		}
		it, err := store.DecodeItem(body)
		if err != nil {
			return nil, fmt.Errorf("store %s: read new stories: decode story %d: %w", s.dsn, n, err)
		}
		out = append(out, feeds.Story{Seq: uint64(n), Item: it})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store %s: read new stories: %w", s.dsn, err)
	}
	return out, nil
}

// Delivered reports, for each key, whether target was sent it.
func (s *Store) Delivered(target string, keys []string) ([]bool, error) {
	out := make([]bool, len(keys))
	if len(keys) == 0 {
		return out, nil
	}
	rows, err := s.pool.Query(context.Background(), `SELECT key FROM deliveries WHERE target = $1 AND key = ANY($2)`, target, keys)
	if err != nil {
		return nil, s.wrapDelivery(target, err)
	}
	sent, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, s.wrapDelivery(target, err)
	}
	done := make(map[string]bool, len(sent))
	for _, k := range sent {
		done[k] = true
	}
	for i, k := range keys {
		out[i] = done[k]
	}
	return out, nil
}

// RecordDelivery saves st and, in the same transaction, the keys of the
// stories just sent, at time at. It does not move the version: the feeds
// do not change.
func (s *Store) RecordDelivery(st feeds.DeliveryState, keys []string, at time.Time) error {
	ctx := context.Background()
	err := s.write(ctx, false, func(tx pgx.Tx) error {
		if len(keys) > 0 {
			_, err := tx.Exec(ctx, `INSERT INTO deliveries (target, key, at) SELECT $1, k, $3 FROM unnest($2::text[]) AS k
				ON CONFLICT (target, key) DO UPDATE SET at = EXCLUDED.at`, st.Target, keys, at)
			if err != nil {
				return err
			}
		}
		return putDeliveryState(ctx, tx, st)
	})
	return s.wrapDelivery(st.Target, err)
}

// SaveDeliveryState saves st alone: a failure, or a watermark moved past
// stories the target does not select.
func (s *Store) SaveDeliveryState(st feeds.DeliveryState) error {
	return s.wrapDelivery(st.Target, putDeliveryState(context.Background(), s.pool, st))
}

// PruneDeliveries forgets deliveries recorded before cutoff, whose stories
// retention has pruned or soon will; it returns how many it removed.
func (s *Store) PruneDeliveries(cutoff time.Time) (int, error) {
	tag, err := s.pool.Exec(context.Background(), `DELETE FROM deliveries WHERE at < $1`, cutoff)
	if err != nil {
		return 0, s.wrapDelivery("", err)
	}
	return int(tag.RowsAffected()), nil
}

// notifyLock is the first key of the advisory locks that ClaimDelivery
// takes, one per target (the second key is a hash of the target's name).
const notifyLock = 0x65647566

// ClaimDelivery makes this instance the one that sends for target for the
// length of one notifier step, so that instances sharing the database send
// each story once: the target's state is read, its stories sent and the
// delivery recorded while the claim holds, and an instance that finds the
// target claimed leaves it alone this time. The claim is a session advisory
// lock, so an instance that dies gives it up with its connection. When ok,
// release must be called.
func (s *Store) ClaimDelivery(ctx context.Context, target string) (release func(), ok bool, err error) {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return nil, false, s.wrapDelivery(target, err)
	}
	h := fnv.New32a()
	h.Write([]byte(target))
	key := int32(h.Sum32())
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1, $2)`, int32(notifyLock), key).Scan(&ok); err != nil || !ok {
		conn.Release()
		return nil, false, s.wrapDelivery(target, err)
	}
	release = func() {
		if _, err := conn.Exec(context.Background(), `SELECT pg_advisory_unlock($1, $2)`, int32(notifyLock), key); err != nil {
			// A session that cannot unlock is closed, which unlocks.
			_ = conn.Hijack().Close(context.Background())
			return
		}
		conn.Release()
	}
	return release, true, nil
}

// querier is a pool or a transaction.
type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// execer is a pool or a transaction.
type execer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

func getDeliveryState(ctx context.Context, q querier, name string) (feeds.DeliveryState, bool, error) {
	var (
		st  feeds.DeliveryState
		raw []byte
	)
	err := q.QueryRow(ctx, `SELECT state FROM notify_targets WHERE target = $1`, name).Scan(&raw)
	if errors.Is(err, pgx.ErrNoRows) {
		return st, false, nil
	}
	if err != nil {
		return st, false, err
	}
	if err := json.Unmarshal(raw, &st); err != nil {
		return st, false, fmt.Errorf("decode delivery state: %w", err)
	}
	return st, true, nil
}

func putDeliveryState(ctx context.Context, q execer, st feeds.DeliveryState) error {
	v, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("encode delivery state: %w", err)
	}
	_, err = q.Exec(ctx, `INSERT INTO notify_targets (target, state) VALUES ($1, $2) ON CONFLICT (target) DO UPDATE SET state = EXCLUDED.state`, st.Target, v)
	return err
}

func (s *Store) wrapDelivery(target string, err error) error {
	if err == nil {
		return nil
	}
	if target == "" {
		return fmt.Errorf("store %s: delivery log: %w", s.dsn, err)
	}
	return fmt.Errorf("store %s: delivery log of target %q: %w", s.dsn, target, err)
}
