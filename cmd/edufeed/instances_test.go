package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/internal/wire"
	"github.com/edufeed/edufeed/store"
	"github.com/edufeed/edufeed/store/postgres"
	"github.com/edufeed/edufeed/store/postgres/pgtest"
)

// childEnv makes the test binary run edufeed itself, so that a test can
// start the daemon as a process of its own and SIGKILL it.
const childEnv = "EDUFEED_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// burstFeeds serves nsrc RSS feeds; each lists 8 stories of its own and a
// copy of one of 5 stories that several sources carry (same link, their
// own GUIDs). Requests from the user agent held are held until the client
// goes away, once it has had free of them answered.
type burstFeeds struct {
	nsrc int
	mu   sync.Mutex
	seen map[string]int      // user agent -> requests answered
	held map[string][]string // user agent -> sources of requests held
	hold string
	free int
}

const (
	ownPerSource = 8
	sharedDocs   = 5
)

func (f *burstFeeds) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var i int
	if _, err := fmt.Sscanf(r.URL.Path, "/s%d.xml", &i); err != nil || i >= f.nsrc {
		http.NotFound(w, r)
		return
	}
	ua := r.UserAgent()
	f.mu.Lock()
	hold := ua == f.hold && f.seen[ua] >= f.free
	if hold {
		f.held[ua] = append(f.held[ua], fmt.Sprintf("s%d", i))
	} else {
		f.seen[ua]++
	}
	f.mu.Unlock()
	if hold {
		<-r.Context().Done()
		return
	}
	// Slow enough that the burst is still going when an instance dies.
	time.Sleep(200 * time.Millisecond)
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>第%d中学</title><link>https://s%d.example.edu.cn/</link>`, i, i)
	day := time.Date(2025, 11, 20, 8, 0, 0, 0, time.UTC)
	item := func(guid, link, title string, at time.Time) {
		fmt.Fprintf(&b, `<item><title>%s</title><link>%s</link><guid isPermaLink="false">%s</guid><pubDate>%s</pubDate><description>&lt;p&gt;%s。本校师生积极参与，活动取得圆满成功。&lt;/p&gt;</description></item>`,
			title, link, guid, at.Format(time.RFC1123Z), title)
	}
	for j := range ownPerSource {
		item(fmt.Sprintf("s%d-%d", i, j), fmt.Sprintf("https://s%d.example.edu.cn/info/%d.htm", i, j),
			fmt.Sprintf("第%d中学第%d期校园简讯", i, j), day.Add(time.Duration(i*ownPerSource+j)*time.Minute))
	}
	k := i % sharedDocs
	item(fmt.Sprintf("s%d-shared", i), fmt.Sprintf("https://www.moe.gov.cn/jyb_xwfb/%d.html", k),
		fmt.Sprintf("教育部召开第%d次全国教育工作视频会议", k), day.Add(-time.Duration(k)*time.Hour))
	b.WriteString(`</channel></rss>`)
	_, _ = w.Write([]byte(b.String()))
}

func (f *burstFeeds) heldOf(ua string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.held[ua]...)
}

func (f *burstFeeds) answered(ua string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.seen[ua]
}

// waitFor waits for cond, failing after a minute.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for start := time.Now(); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Since(start) > time.Minute {
			t.Fatalf("no %s after a minute", what)
		}
	}
}

// instance is one edufeed serve process.
type instance struct {
	name, base string
	cmd        *exec.Cmd
}

func startInstance(t *testing.T, dir, name, dsn, feedsURL string, nsrc int) *instance {
	t.Helper()
	var srcs strings.Builder
	for i := range nsrc {
		fmt.Fprintf(&srcs, "  - {name: s%d, url: \"%s/s%d.xml\"}\n", i, feedsURL, i)
	}
	sub := filepath.Join(dir, name)
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	path := writeConfig(t, sub, srcs.String())
	usePostgres(t, path, dsn)
	addr := freeAddr(t)
	cfg, _ := os.ReadFile(path)
	cfg = []byte(strings.Replace(string(cfg), "listen: 127.0.0.1:0", "listen: "+addr, 1))
	cfg = []byte(strings.Replace(string(cfg), "defaults:\n", "defaults:\n  user_agent: edufeed-"+name+"\n  concurrency: 2\n", 1))
	if err := os.WriteFile(path, cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "serve", "-config", path)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	log, err := os.Create(filepath.Join(sub, "serve.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	in := &instance{name: name, base: "http://" + addr, cmd: cmd}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		log.Close()
		if t.Failed() {
			out, _ := os.ReadFile(log.Name())
			t.Logf("%s's log:\n%s", name, out)
		}
	})
	return in
}

// etag asks the instance for /feed.xml's ETag; "" while it does not answer.
func (in *instance) etag() string {
	resp, err := http.Get(in.base + "/feed.xml")
	if err != nil {
		return ""
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return ""
	}
	return resp.Header.Get("ETag")
}

// TestThreeInstances: three instances share one PostgreSQL store. One is
// SIGKILLed in the middle of the start-up poll burst, with polls in flight;
// the others poll its sources once its leases expire; every story is stored
// once and none is lost; and all three (the killed one restarted) serve the
// same feed with the same ETag.
func TestThreeInstances(t *testing.T) {
	dsn := pgtest.DSN(t)
	// The test cluster trusts loopback, so the password is never checked:
	// it is there to be looked for where it must not appear.
	withPassword := strings.Replace(dsn, "://edufeed@", "://edufeed:hunter2@", 1)
	if withPassword == dsn {
		t.Fatalf("EDUFEED_TEST_PG_DSN has no user edufeed@ to give a password: %s", postgres.Redact(dsn))
	}
	const nsrc = 24
	const lease = 2 * time.Second // usePostgres sets it
	fs := &burstFeeds{nsrc: nsrc, seen: map[string]int{}, held: map[string][]string{}, hold: "edufeed-a", free: 3}
	srv := httptest.NewServer(fs)
	defer srv.Close()
	dir := t.TempDir()

	// a starts first and gets its polls in flight that will never finish;
	// then b and c join the burst; then a dies.
	a := startInstance(t, dir, "a", withPassword, srv.URL, nsrc)
	waitFor(t, "a's polls in flight", func() bool { return len(fs.heldOf("edufeed-a")) > 0 })
	b := startInstance(t, dir, "b", withPassword, srv.URL, nsrc)
	c := startInstance(t, dir, "c", withPassword, srv.URL, nsrc)
	waitFor(t, "b and c in the burst", func() bool { return fs.answered("edufeed-b") > 0 && fs.answered("edufeed-c") > 0 })
	killed := time.Now()
	if err := a.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = a.cmd.Wait()
	inFlight := fs.heldOf("edufeed-a")
	fs.mu.Lock()
	fs.hold = "" // a restarted is not held
	fs.mu.Unlock()
	t.Logf("killed a with polls of %v in flight", inFlight)

	pg, err := postgres.Open(context.Background(), dsn, postgres.Options{Match: wire.StoreOptions(nil)})
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	// Wait for every source to have been polled successfully.
	var states []feeds.SourceState
	for {
		states, err = pg.States()
		if err != nil {
			t.Fatal(err)
		}
		done := 0
		for _, st := range states {
			if !st.LastSuccess.IsZero() {
				done++
			}
		}
		if done == nsrc {
			break
		}
		if time.Since(killed) > time.Minute {
			t.Fatalf("%d of %d sources polled a minute after the kill", done, nsrc)
		}
		time.Sleep(100 * time.Millisecond)
	}
	byName := map[string]feeds.SourceState{}
	for _, st := range states {
		byName[st.Name] = st
	}
	for _, name := range inFlight {
		st := byName[name]
		took := st.LastAttempt.Sub(killed)
		t.Logf("%s: polled by another instance %v after the kill", name, took.Round(time.Millisecond))
		// The lease expires at most lease after the kill; a waiting
		// instance asks again at most lease + 1s after it last asked.
		if took > 2*lease+2*time.Second {
			t.Errorf("%s was taken over %v after the kill, more than the lease (%v) allows", name, took, lease)
		}
	}

	// Every story once: 8 per source and 5 that several sources share.
	items, err := pg.Items(store.Query{})
	if err != nil {
		t.Fatal(err)
	}
	links := map[string]int{}
	for _, it := range items {
		links[it.Link]++
	}
	if want := nsrc*ownPerSource + sharedDocs; len(items) != want || len(links) != want {
		t.Errorf("%d stories with %d links stored, want %d", len(items), len(links), want)
	}
	for link, n := range links {
		if n > 1 {
			t.Errorf("%s stored %d times", link, n)
		}
	}
	for k := range sharedDocs {
		link := fmt.Sprintf("https://www.moe.gov.cn/jyb_xwfb/%d.html", k)
		if links[link] != 1 {
			t.Errorf("shared story %s stored %d times", link, links[link])
		}
	}

	// a comes back; all three serve the same bytes.
	a = startInstance(t, dir, "a", withPassword, srv.URL, nsrc)
	var tags []string
	for start := time.Now(); ; {
		tags = []string{a.etag(), b.etag(), c.etag()}
		if tags[0] != "" && tags[0] == tags[1] && tags[1] == tags[2] {
			break
		}
		if time.Since(start) > time.Minute {
			t.Fatalf("ETags differ a minute on: %q", tags)
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Logf("all three serve /feed.xml with ETag %s", tags[0])

	// The password shows nowhere: not in the status API, not in the logs.
	for _, path := range []string{"/healthz", "/api/sources", "/"} {
		resp, err := http.Get(b.base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(body), "hunter2") {
			t.Errorf("%s shows the database password", path)
		}
	}
	for _, name := range []string{"a", "b", "c"} {
		log, _ := os.ReadFile(filepath.Join(dir, name, "serve.log"))
		if strings.Contains(string(log), "hunter2") {
			t.Errorf("%s's log shows the database password", name)
		}
		if !strings.Contains(string(log), "127.0.0.1") {
			t.Errorf("%s's log does not name the database", name)
		}
	}
}
