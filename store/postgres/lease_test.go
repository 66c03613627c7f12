package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/edufeed/edufeed/store/postgres/pgtest"
)

func TestLeases(t *testing.T) {
	dsn := pgtest.DSN(t)
	ctx := context.Background()
	const ttl = 2 * time.Second
	a, b := open(t, dsn).Leases(ttl), open(t, dsn).Leases(ttl)

	releaseA, ok, _, err := a.Lease(ctx, "moe")
	if err != nil || !ok {
		t.Fatalf("a: first lease: %v %v", ok, err)
	}
	// Held past its first expiry: a renews it, so b still may not poll.
	time.Sleep(ttl + ttl/2)
	if _, ok, wait, err := b.Lease(ctx, "moe"); err != nil || ok || wait <= 0 || wait > ttl {
		t.Fatalf("b while a renews: ok %v wait %v err %v; want refused, with a wait up to %v", ok, wait, err, ttl)
	}
	if _, ok, _, err := b.Lease(ctx, "pku"); err != nil || !ok {
		t.Fatalf("b: another source: %v %v", ok, err)
	}
	releaseA()
	releaseB, ok, _, err := b.Lease(ctx, "moe")
	if err != nil || !ok {
		t.Fatalf("b after a released: %v %v", ok, err)
	}
	releaseB()

	// An instance that dies stops renewing: once its lease has expired,
	// another takes the source.
	releaseA, ok, _, err = a.Lease(ctx, "moe")
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	defer releaseA()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	// What a's missed renewals leave behind, without waiting for them.
	if _, err := conn.Exec(ctx, `UPDATE leases SET expires = now() - interval '1 second' WHERE source = 'moe'`); err != nil {
		t.Fatal(err)
	}
	releaseB, ok, _, err = b.Lease(ctx, "moe")
	if err != nil || !ok {
		t.Fatalf("b after a's lease expired: %v %v", ok, err)
	}
	releaseB()
}
