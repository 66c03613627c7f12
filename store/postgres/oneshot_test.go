package postgres_test

import (
	"context"
	"fmt"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/store/postgres"
	"github.com/edufeed/edufeed/store/postgres/pgtest"
)

// TestOneShotPool: a OneShot store (edufeed poll) does not listen for other
// instances' writes and keeps to a few connections however many polls save
// at once; a daemon's store listens. Both save what they are given.
func TestOneShotPool(t *testing.T) {
	tests := []struct {
		name       string
		oneShot    bool
		wantListen bool
		maxConns   int
	}{
		{name: "daemon", wantListen: true, maxConns: 8},
		{name: "one shot", oneShot: true, maxConns: 3},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := fmt.Sprintf("edufeed-oneshot-test-%d-%d", time.Now().UnixNano()%1e9, i)
			u, err := url.Parse(pgtest.DSN(t))
			if err != nil {
				t.Fatal(err)
			}
			q := u.Query()
			q.Set("application_name", app)
			u.RawQuery = q.Encode()
			s, err := postgres.Open(context.Background(), u.String(), postgres.Options{VersionCheck: time.Minute, OneShot: tt.oneShot})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()

			var wg sync.WaitGroup
			errs := make(chan error, 32)
			for k := range 32 {
				wg.Go(func() {
					name := fmt.Sprintf("src%d", k)
					if err := s.SaveState(feeds.SourceState{Name: name, ETag: `"x"`}); err != nil {
						errs <- err
						return
					}
					now := time.Date(2025, 11, 20, 9, 30, 0, 0, time.UTC)
					it := feeds.Item{ID: feeds.NewID(name, "1"), Source: name, Title: "通知 " + name, Published: now, Keys: feeds.Keys{GUID: "1"}}
					if _, err := s.SavePoll([]feeds.Item{it}, feeds.SourceState{Name: name}, now); err != nil {
						errs <- err
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			states, err := s.States()
			if err != nil || len(states) != 32 {
				t.Fatalf("States: %d, %v; want 32", len(states), err)
			}

			conn, err := pgx.Connect(context.Background(), pgtest.DSN(t))
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close(context.Background())
			var conns, listeners int
			err = conn.QueryRow(context.Background(), `SELECT count(*), count(*) FILTER (WHERE query ILIKE 'LISTEN %')
				FROM pg_stat_activity WHERE application_name = $1`, app).Scan(&conns, &listeners)
			if err != nil {
				t.Fatal(err)
			}
			if conns < 1 || conns > tt.maxConns {
				t.Errorf("%d connections, want 1 to %d", conns, tt.maxConns)
			}
			if (listeners > 0) != tt.wantListen {
				t.Errorf("%d listening connections; want a listener: %v", listeners, tt.wantListen)
			}
		})
	}
}
