package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// Leases hand out sources to one instance at a time: a scheduled poll runs
// only while its instance holds the source's lease, a row with a holder and
// an expiry that the holder renews while it polls. An instance that dies
// stops renewing, and once the lease expires another may take it. Times are
// the database's clock, so instances' clocks need not agree.
type Leases struct {
	s      *Store
	holder string
	ttl    time.Duration
}

// DefaultLease is how long a lease lasts without renewal when none is given.
const DefaultLease = time.Minute

// Leases returns this instance's leases, held for ttl (DefaultLease if not
// positive) and renewed every third of it while a poll runs.
func (s *Store) Leases(ttl time.Duration) *Leases {
	if ttl <= 0 {
		ttl = DefaultLease
	}
	host, _ := os.Hostname()
	var b [4]byte
	_, _ = rand.Read(b[:])
	return &Leases{s: s, holder: fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b[:])), ttl: ttl}
}

// Holder names this instance in the leases table.
func (l *Leases) Holder() string { return l.holder }

// Lease takes the lease of source for this instance. When another instance
// holds it, ok is false and wait says when it expires unless renewed. When
// ok, release stops the renewals and gives the lease up; it must be called.
func (l *Leases) Lease(ctx context.Context, source string) (release func(), ok bool, wait time.Duration, err error) {
	ok, wait, err = l.take(ctx, source)
	if err != nil || !ok {
		return nil, ok, wait, err
	}
	rctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(l.ttl / 3)
		defer tick.Stop()
		for {
			select {
			case <-rctx.Done():
				return
			case <-tick.C:
				// A failed renewal is tried again at the next tick; the poll
				// goes on, and at worst another instance polls the source too.
				_, _, _ = l.take(rctx, source)
			}
		}
	})
	var once sync.Once
	release = func() {
		once.Do(func() {
			stop()
			wg.Wait()
			_, _ = l.s.pool.Exec(context.Background(), `DELETE FROM leases WHERE source = $1 AND holder = $2`, source, l.holder)
		})
	}
	return release, true, 0, nil
}

// take inserts or renews the lease row when it is free, expired or ours.
func (l *Leases) take(ctx context.Context, source string) (bool, time.Duration, error) {
	for range 3 {
		var holder string
		err := l.s.pool.QueryRow(ctx, `
			INSERT INTO leases AS l (source, holder, expires) VALUES ($1, $2, now() + $3 * interval '1 millisecond')
			ON CONFLICT (source) DO UPDATE SET holder = EXCLUDED.holder, expires = EXCLUDED.expires
				WHERE l.holder = EXCLUDED.holder OR l.expires < now()
			RETURNING holder`, source, l.holder, l.ttl.Milliseconds()).Scan(&holder)
		if err == nil {
			return true, 0, nil
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return false, 0, fmt.Errorf("lease of source %q: %w", source, err)
		}
		// Another instance holds an unexpired lease: until when?
		var left float64
		err = l.s.pool.QueryRow(ctx, `SELECT greatest(0, extract(epoch FROM expires - now()))::float8 FROM leases WHERE source = $1 AND holder <> $2`,
			source, l.holder).Scan(&left)
		if errors.Is(err, pgx.ErrNoRows) {
			continue // released meanwhile: try again
		}
		if err != nil {
			return false, 0, fmt.Errorf("lease of source %q: %w", source, err)
		}
		return false, time.Duration(left * float64(time.Second)), nil
	}
	return false, l.ttl, nil
}
