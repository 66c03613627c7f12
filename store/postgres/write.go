package postgres

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// writeLock is the advisory lock that writes which bump the version take
// before they begin (see write).
const writeLock = 0x6564756665656402

// lockSQL takes the write lock and, in the same statement, plans the rest of
// the transaction as index probes. A poll looks up a few dozen keys in
// tables of up to millions of rows: an index scan is the right plan at any
// size, but while the tables are young (or their statistics old) the
// planner prefers reading them whole, or hash and merge joins that read a
// whole index, plans that prepared statements then keep. Every statement of
// these writes has an index to use (the version row's update names its key),
// and JIT is off in case one has not: a plan without any index would cost
// 10^10 and be compiled. Nor are parallel workers started: a young table's
// plan of the fingerprint lookup gathered from two, two processes started
// per poll.
const lockSQL = `SELECT pg_advisory_xact_lock($1), set_config('enable_seqscan', 'off', true),
	set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true), set_config('jit', 'off', true),
	set_config('max_parallel_workers_per_gather', '0', true)`

// write runs fn in a transaction, again from the start when it fails to
// serialise with a concurrent one (fn must start afresh).
//
// Every write of items bumps the one version row, so two of them at once
// always conflict and one would be retried, over and over in a poll burst
// of several instances. Such writes (exclusive) therefore queue for an
// advisory lock held until they commit: they run one after another, each
// READ COMMITTED and so seeing all the one before wrote. The other writes
// (a delivery record, say) are SERIALIZABLE, and retried.
func (s *Store) write(ctx context.Context, exclusive bool, fn func(pgx.Tx) error) error {
	if exclusive {
		s.writeMu.Lock()
		defer s.writeMu.Unlock()
	}
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	iso, body := pgx.Serializable, fn
	if exclusive {
		// The lock is the transaction's first statement and is held until
		// it ends; READ COMMITTED gives each statement after it a snapshot
		// that holds all the writer before it committed.
		iso = pgx.ReadCommitted
		body = func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, lockSQL, int64(writeLock)); err != nil {
				return fmt.Errorf("wait for the write lock: %w", err)
			}
			return fn(tx)
		}
	}
	for attempt := range maxAttempts {
		err = pgx.BeginTxFunc(ctx, conn, pgx.TxOptions{IsoLevel: iso}, body)
		if !retryable(err) {
			return err
		}
		if err := backOff(ctx, attempt); err != nil {
			return err
		}
	}
	return fmt.Errorf("gave up after %d serialisation failures: %w", maxAttempts, err)
}

// beginSQL opens an exclusive write's transaction (see write); lockSQL follows.
const beginSQL = `BEGIN ISOLATION LEVEL READ COMMITTED`

// pipelined runs an exclusive write (see write) whose statements open and
// commit the transaction themselves, so that it takes as few round trips as
// its reads allow: fn's first batch begins (beginSQL) and takes the write
// lock (lockSQL), its last ends with COMMIT. A transaction that fn leaves
// open, on an error, is rolled back (or its connection dropped by the pool).
func (s *Store) pipelined(ctx context.Context, fn func(*pgx.Conn) error) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	pc, err := s.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer pc.Release()
	conn := pc.Conn()
	for attempt := range maxAttempts {
		err = fn(conn)
		if err != nil && conn.PgConn().TxStatus() != 'I' {
			_, _ = conn.Exec(ctx, "ROLLBACK")
		}
		if !retryable(err) {
			return err
		}
		if err := backOff(ctx, attempt); err != nil {
			return err
		}
	}
	return fmt.Errorf("gave up after %d serialisation failures: %w", maxAttempts, err)
}

// backOff waits a little before the next attempt of a transaction, at
// random, so that the same two do not meet again.
func backOff(ctx context.Context, attempt int) error {
	wait := time.Duration(rand.Int64N(int64(time.Millisecond) << min(attempt, 6)))
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(wait):
		return nil
	}
}

// retryable reports a serialisation failure or deadlock, which a retry resolves.
func retryable(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "40001", "40P01":
			return true
		}
	}
	return false
}
