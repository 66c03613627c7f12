package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/store/postgres"
	"github.com/edufeed/edufeed/store/postgres/pgtest"
)

// dbProxy forwards TCP connections to the database until cut: then it
// drops every connection and refuses new ones, as a lost network does.
type dbProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	down   bool
	conns  []net.Conn
}

func newDBProxy(t *testing.T, target string) *dbProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &dbProxy{ln: ln, target: target}
	go p.serve()
	t.Cleanup(func() { ln.Close(); p.cut() })
	return p
}

func (p *dbProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		down := p.down
		p.mu.Unlock()
		if down {
			c.Close()
			continue
		}
		d, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, c, d)
		p.mu.Unlock()
		go func() { _, _ = io.Copy(d, c); d.Close() }()
		go func() { _, _ = io.Copy(c, d); c.Close() }()
	}
}

func (p *dbProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = true
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func (p *dbProxy) restore() {
	p.mu.Lock()
	p.down = false
	p.mu.Unlock()
}

// TestDatabaseLostWhileServing: with the database gone, feeds are served
// from the last rendered bytes and polls fail and back off, the failure kept
// in memory; once it is back, that failure is written and polls work again
// without a restart.
func TestDatabaseLostWhileServing(t *testing.T) {
	dsn := pgtest.DSN(t)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	proxy := newDBProxy(t, u.Host)
	u.Host = proxy.ln.Addr().String()
	// The test cluster trusts loopback; the password is there to be looked for.
	u.User = url.UserPassword(u.User.Username(), "hunter2")
	dir := t.TempDir()
	path := localConfig(t, dir, "127.0.0.1:0")
	usePostgres(t, path, u.String())
	d, base := startDaemon(t, path)

	// Wait for the start-up poll's version, then have the feed rendered at it.
	for start := time.Now(); ; time.Sleep(50 * time.Millisecond) {
		if v, _, _ := d.store.Version(); v > 0 {
			break
		}
		if time.Since(start) > time.Minute {
			t.Fatal("nothing stored a minute after start")
		}
	}
	etag, body := getFeed(t, base)
	if !strings.Contains(body, "<item>") {
		t.Fatalf("/feed.xml has no items after the first poll:\n%s", body)
	}

	proxy.cut()
	if gotTag, gotBody := getFeed(t, base); gotTag != etag || gotBody != body {
		t.Errorf("with the database lost, /feed.xml changed: ETag %q, want %q", gotTag, etag)
	}
	src := d.sources()[0]
	if res := d.sched.Poll(context.Background(), src); res.Err == nil {
		t.Error("a poll with the database lost succeeded")
	} else if strings.Contains(res.Err.Error(), "hunter2") {
		t.Errorf("the poll's error shows the password: %v", res.Err)
	}

	// A second failure counts on from the first, kept in memory.
	if res := d.sched.Poll(context.Background(), src); res.Err == nil {
		t.Error("a second poll with the database lost succeeded")
	}

	proxy.restore()
	// The next look at the source (a tick, or here NextRun, as the status
	// page asks) writes the failure the store could not take.
	direct, err := postgres.Open(context.Background(), dsn, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer direct.Close()
	var st feeds.SourceState
	for start := time.Now(); st.ConsecutiveErrors == 0; time.Sleep(100 * time.Millisecond) {
		d.sched.NextRun(src.Name)
		if st, err = direct.State(src.Name); err != nil {
			t.Fatal(err)
		}
		if time.Since(start) > 30*time.Second {
			t.Fatalf("the failure was not written 30 s after the database came back: %+v", st)
		}
	}
	// The second failure in a row of an hourly source backs off 1 to 2 hours.
	if st.ConsecutiveErrors != 2 || !strings.Contains(st.LastError, "read state") || st.BackoffUntil.Before(st.LastErrorAt.Add(time.Hour)) || st.LastSuccess.IsZero() {
		t.Errorf("state written after the outage: %d errors, %q at %v, backoff until %v, last success %v; want two failures over the stored state",
			st.ConsecutiveErrors, st.LastError, st.LastErrorAt, st.BackoffUntil, st.LastSuccess)
	}
	if next := d.sched.NextRun(src.Name); next.Before(st.BackoffUntil) {
		t.Errorf("next scheduled run %v, before the backoff written (%v)", next, st.BackoffUntil)
	}
	if res := d.sched.Poll(context.Background(), src); res.Err != nil {
		t.Errorf("a poll with the database back failed: %v", res.Err)
	}
}

func getFeed(t *testing.T, base string) (etag, body string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+"/feed.xml", nil)
	req.Header.Set("Accept-Encoding", "identity")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return "", ""
	}
	return resp.Header.Get("ETag"), string(b)
}
