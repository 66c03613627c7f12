package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/store/postgres"
	"github.com/edufeed/edufeed/store/postgres/pgtest"
)

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"postgres://edufeed:s3cr%40t@db.example.org:5432/edufeed?sslmode=require", "postgres://edufeed:xxxxx@db.example.org:5432/edufeed?sslmode=require"},
		{"postgresql://edufeed:p@ss@10.0.0.5/edufeed", "postgresql://edufeed:xxxxx@10.0.0.5/edufeed"},
		{"postgres://edufeed@db/edufeed", "postgres://edufeed@db/edufeed"},
		{"postgres://db/edufeed?user=edufeed&password=hunter2&sslmode=disable", "postgres://db/edufeed?user=edufeed&password=xxxxx&sslmode=disable"},
		{"host=db user=edufeed password='a b\\'c' dbname=edufeed", "host=db user=edufeed password=xxxxx dbname=edufeed"},
		{"host=db password=hunter2 dbname=edufeed", "host=db password=xxxxx dbname=edufeed"},
	}
	for _, tt := range tests {
		got := postgres.Redact(tt.in)
		if got != tt.want {
			t.Errorf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
		for _, secret := range []string{"s3cr", "p@ss", "hunter2", "a b"} {
			if strings.Contains(got, secret) {
				t.Errorf("Redact(%q) kept the password: %q", tt.in, got)
			}
		}
	}
}

func open(t *testing.T, dsn string) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), dsn, postgres.Options{VersionCheck: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func TestNewerSchemaRefused(t *testing.T) {
	dsn := pgtest.DSN(t)
	open(t, dsn).Close()
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), `INSERT INTO schema_version (version) VALUES ($1)`, postgres.SchemaVersion+1); err != nil {
		t.Fatal(err)
	}
	_, err = postgres.Open(context.Background(), dsn, postgres.Options{})
	if !errors.Is(err, postgres.ErrNewerSchema) {
		t.Fatalf("open of a newer schema: %v, want ErrNewerSchema", err)
	}
	if !strings.Contains(err.Error(), fmt.Sprintf("schema %d", postgres.SchemaVersion+1)) {
		t.Errorf("error does not say which schema: %v", err)
	}
}

func TestUnreachableIsClearAndHidesPassword(t *testing.T) {
	// A port nobody listens on: bind one, then close it.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	dsn := "postgres://edufeed:hunter2@" + addr + "/edufeed?sslmode=disable"
	_, err = postgres.Open(context.Background(), dsn, postgres.Options{ConnectTimeout: 2 * time.Second})
	if err == nil {
		t.Fatal("open of an unreachable database succeeded")
	}
	msg := err.Error()
	if !strings.Contains(msg, "database unreachable") || !strings.Contains(msg, addr) {
		t.Errorf("error %q does not say the database at %s is unreachable", msg, addr)
	}
	if strings.Contains(msg, "hunter2") {
		t.Errorf("error shows the password: %q", msg)
	}
}

// TestInstancesSeeEachOthersWrites: a write on one instance reaches the
// other by NOTIFY, well before its minute-long fallback check.
func TestInstancesSeeEachOthersWrites(t *testing.T) {
	dsn := pgtest.DSN(t)
	a, b := open(t, dsn), open(t, dsn)
	changed := b.Changed()
	now := time.Date(2025, 11, 20, 9, 30, 0, 0, time.UTC)
	it := feeds.Item{ID: feeds.NewID("moe", "1"), Source: "moe", Title: "通知", Published: now, Keys: feeds.Keys{GUID: "1"}}
	if _, err := a.SavePoll([]feeds.Item{it}, feeds.SourceState{Name: "moe"}, now); err != nil {
		t.Fatal(err)
	}
	select {
	case <-changed:
	case <-time.After(30 * time.Second):
		t.Fatal("instance b heard nothing of a's write")
	}
	va, ma, _ := a.Version()
	vb, mb, _ := b.Version()
	if va != vb || !ma.Equal(mb) || va == 0 {
		t.Errorf("versions differ: a %d %v, b %d %v", va, ma, vb, mb)
	}
}

// TestFailedSaveLeavesNothing: a poll whose writes the database refuses
// (an id that is not UTF-8) stores none of its items, and the saves after
// it work: the transaction that the save's own statements opened does not
// outlive it (it is rolled back, or its connection dropped).
func TestFailedSaveLeavesNothing(t *testing.T) {
	s := open(t, pgtest.DSN(t))
	day := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	good := feeds.Item{ID: "moe-1", Source: "moe", Title: "教育部召开年中推进会", Published: day}
	bad := feeds.Item{ID: "moe-\xff", Source: "moe", Title: "坏的编号", Published: day}
	if _, err := s.SavePoll([]feeds.Item{good, bad}, feeds.SourceState{Name: "moe"}, day); err == nil {
		t.Fatal("SavePoll of an id that is not UTF-8: no error")
	}
	ctx := context.Background()
	for range 10 { // more saves than the pool has connections
		if n, _, _, err := s.Count(ctx); err != nil || n != 0 {
			t.Fatalf("%d stories after the failed save (%v), want 0", n, err)
		}
		res, err := s.SavePoll([]feeds.Item{bad}, feeds.SourceState{Name: "moe"}, day)
		if err == nil {
			t.Fatalf("SavePoll of an id that is not UTF-8: %+v, no error", res)
		}
	}
	res, err := s.SavePoll([]feeds.Item{good}, feeds.SourceState{Name: "moe"}, day)
	if err != nil || res.New != 1 {
		t.Fatalf("SavePoll after the failed ones: %+v, %v; want 1 new", res, err)
	}
	if st, err := s.State("moe"); err != nil || st.ItemCount != 1 {
		t.Errorf("state after the saves: %+v, %v; want 1 item", st, err)
	}
}

// TestFailedPollFailsAlone: when one poll of a group that shares a
// transaction is refused (an id that is not UTF-8), the others are saved
// alone and only that one reports an error.
func TestFailedPollFailsAlone(t *testing.T) {
	s := open(t, pgtest.DSN(t))
	day := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	polls := [][]feeds.Item{
		{{ID: "moe-1", Source: "moe", Title: "教育部召开年中推进会", Published: day}},
		{{ID: "jyt-\xff", Source: "jyt", Title: "坏的编号", Published: day}},
		{{ID: "portal-1", Source: "portal", Title: "寒假安全提醒", Published: day}},
	}
	results, errs := make([]feeds.PollResult, len(polls)), make([]error, len(polls))
	pending, release := s.HoldSaves()
	var wg sync.WaitGroup
	for i, items := range polls {
		wg.Go(func() {
			results[i], errs[i] = s.SavePoll(items, feeds.SourceState{Name: items[0].Source}, day)
		})
		for pending() < i+1 {
			runtime.Gosched()
		}
	}
	release()
	wg.Wait()
	for i, err := range errs {
		if (err != nil) != (i == 1) {
			t.Errorf("poll %d (%s): %+v, %v", i, polls[i][0].ID, results[i], err)
		}
	}
	if n, _, _, err := s.Count(context.Background()); err != nil || n != 2 {
		t.Errorf("%d stories stored (%v), want the two good polls'", n, err)
	}
}
