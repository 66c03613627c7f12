package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/edufeed/edufeed/feeds/notify"
	"github.com/edufeed/edufeed/store/postgres/pgtest"
)

// switchable serves an empty feed until on, then the file name.
func switchable(t *testing.T, name string) (url string, on *atomic.Bool) {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	on = new(atomic.Bool)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		if on.Load() {
			w.Write(body)
			return
		}
		io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>empty</title><link>https://a.example.cn/</link><description>x</description></channel></rss>`)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/" + name, on
}

// hookItem is what the end-to-end webhook receiver keeps of a delivery.
type hookItem struct {
	URL     string `json:"url"`
	Title   string `json:"title"`
	Edufeed struct {
		Sources []string `json:"sources"`
		Test    bool     `json:"test"`
	} `json:"_edufeed"`
}

// Issue 19's end-to-end test: a new story reaches the webhook once, its
// merged copy from a second source does not, and a restart sends nothing
// twice. The webhook's URL and secret come from the environment and show
// nowhere.
func TestNotifyEndToEnd(t *testing.T) { notifyEndToEnd(t, func(string) {}) }

// The same on a PostgreSQL store, whose delivery log is in the database.
func TestNotifyEndToEndPostgres(t *testing.T) {
	dsn := pgtest.DSN(t)
	notifyEndToEnd(t, func(path string) { usePostgres(t, path, dsn) })
}

func notifyEndToEnd(t *testing.T, setup func(path string)) {
	const secret = "whsec-0f9e8d7c6b5a"
	var mu sync.Mutex
	var got []hookItem
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if sig := r.Header.Get(notify.HeaderSignature); sig != notify.Sign(secret, r.Header.Get(notify.HeaderTimestamp), body) {
			t.Errorf("bad signature %q", sig)
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		var it hookItem
		if err := json.Unmarshal(body, &it); err != nil {
			t.Errorf("body %s: %v", body, err)
		}
		mu.Lock()
		got = append(got, it)
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	defer hook.Close()
	deliveries := func() []hookItem { mu.Lock(); defer mu.Unlock(); return append([]hookItem(nil), got...) }
	t.Setenv("E2E_HOOK_URL", hook.URL+"/hooks/token-in-path-77")
	t.Setenv("E2E_HOOK_SECRET", secret)

	urlA, onA := switchable(t, "merge/announce-a.xml")
	urlB, onB := switchable(t, "merge/announce-b.xml")
	path := filepath.Join(t.TempDir(), "config.yaml")
	mergeConfig(t, path, `notify:
  - {name: hook, kind: webhook, url_env: E2E_HOOK_URL, secret_env: E2E_HOOK_SECRET}`,
		"  - {name: eol, title: 中国教育在线, url: "+urlA+"}\n  - {name: gaokao, url: "+urlB+"}\n")
	setup(path)

	d, base, stop := runDaemon(t, path)
	waitHealthy(t, base, 2)
	admin := func(method, path string) (int, string) {
		if method != http.MethodPost {
			t.Fatalf("admin %s %s: only POST is sent", method, path)
		}
		return adminPost(t, base, path)
	}

	// The target starts at the newest story when first stepped: step it
	// before any story is stored, as the daemon's own first step may come
	// after the poll below on a loaded machine.
	d.notifier.Step(context.Background())
	onA.Store(true)
	if code, body := admin(http.MethodPost, "/admin/poll?source=eol"); code != http.StatusOK {
		t.Fatalf("poll eol: %d %s", code, body)
	}
	d.notifier.Step(context.Background())
	first := deliveries()
	if len(first) != 2 || !strings.Contains(first[0].Title+first[1].Title, "普通高校招生工作") {
		t.Fatalf("after the first source: %+v, want its two stories", first)
	}
	for _, it := range first {
		if it.Edufeed.Sources[0] != "中国教育在线" {
			t.Errorf("story %q names sources %v, want the source's title", it.Title, it.Edufeed.Sources)
		}
	}

	// The second source carries the announcement too (merged) and one story of its own.
	onB.Store(true)
	if code, body := admin(http.MethodPost, "/admin/poll?source=gaokao"); code != http.StatusOK || !strings.Contains(body, `"merged": 1`) {
		t.Fatalf("poll gaokao: %d %s", code, body)
	}
	d.notifier.Step(context.Background())
	second := deliveries()[len(first):]
	if len(second) != 1 || !strings.Contains(second[0].Title, "高考报名人数") {
		t.Fatalf("after the second source: %+v, want only its own story", second)
	}

	api, _ := get(t, base+"/api/notify", "")
	page, _ := get(t, base+"/", "")
	for what, body := range map[string][]byte{"/api/notify": api, "/": page} {
		for _, s := range []string{secret, "token-in-path-77"} {
			if strings.Contains(string(body), s) {
				t.Errorf("%s shows a secret %q", what, s)
			}
		}
	}
	var status struct {
		Targets []struct {
			Name      string `json:"name"`
			Delivered int    `json:"delivered"`
			Backlog   int    `json:"backlog"`
		} `json:"targets"`
	}
	if err := json.Unmarshal(api, &status); err != nil || len(status.Targets) != 1 || status.Targets[0].Delivered != 3 || status.Targets[0].Backlog != 0 {
		t.Errorf("/api/notify = %s (%v)", api, err)
	}

	// A restart polls both sources again: nothing is new, nothing is sent.
	stop()
	d, base, _ = runDaemon(t, path)
	waitHealthy(t, base, 2)
	d.notifier.Step(context.Background())
	if n := len(deliveries()); n != 3 {
		t.Fatalf("%d deliveries after the restart, want still 3: %+v", n, deliveries()[3:])
	}

	if code, body := admin(http.MethodPost, "/admin/notify/test?target=hook"); code != http.StatusOK {
		t.Fatalf("test message: %d %s", code, body)
	}
	if all := deliveries(); len(all) != 4 || !all[3].Edufeed.Test {
		t.Errorf("test message: %+v", all[len(all)-1])
	}
	if code, _ := admin(http.MethodPost, "/admin/notify/test?target=nope"); code != http.StatusNotFound {
		t.Errorf("test of an unknown target: %d, want 404", code)
	}
}

// runDaemon runs the daemon on the config at path; stop ends it and waits.
func runDaemon(t *testing.T, path string) (d *daemon, base string, stop func()) {
	t.Helper()
	cfg, ln := configAndListener(t, path)
	d, err := openDaemon(cfg, discardLogger(), overrides{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.serve(ctx, ln) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serve: %v", err)
			}
		})
	}
	t.Cleanup(stop)
	return d, "http://" + ln.Addr().String(), stop
}

// notify -dry-run prints what the target would be sent now: the stories a
// poll stored after the target was added, and sends nothing.
func TestNotifyDryRun(t *testing.T) {
	hits := atomic.Int32{}
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer hook.Close()
	urlA, onA := switchable(t, "merge/announce-a.xml")
	path := filepath.Join(t.TempDir(), "config.yaml")
	mergeConfig(t, path, "notify:\n  - {name: grade-7, kind: wecom, url: \""+hook.URL+"/send?key=k\"}", "  - {name: eol, url: "+urlA+"}\n")

	_, base, stop := runDaemon(t, path) // the target is added: the store knows it from now
	waitHealthy(t, base, 1)
	stop()
	onA.Store(true)
	var out, errs strings.Builder
	if code := run(context.Background(), []string{"poll", "-config", path}, &out, &errs); code != 0 {
		t.Fatalf("poll: %d %s", code, errs.String())
	}
	out.Reset()
	if code := run(context.Background(), []string{"notify", "-dry-run", "-config", path}, &out, &errs); code != 0 {
		t.Fatalf("notify -dry-run: %d %s", code, errs.String())
	}
	text := out.String()
	for _, want := range []string{"== grade-7 (wecom, each): 2 messages", "普通高校招生工作", "https://www.eol.example.cn/news/2026/0309/jiuye.shtml"} {
		if !strings.Contains(text, want) {
			t.Errorf("dry run lacks %q:\n%s", want, text)
		}
	}
	if hits.Load() != 0 {
		t.Errorf("the dry run sent %d requests", hits.Load())
	}
	if code := run(context.Background(), []string{"notify", "-config", path}, &out, &errs); code != 2 {
		t.Errorf("notify without -dry-run: exit %d, want 2", code)
	}
}

// A target added by a reload gets the stories stored after the reload, not
// those stored before; the target that was there gets both.
func TestNotifyReloadAddsTarget(t *testing.T) {
	var mu sync.Mutex
	got := map[string][]string{}
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var it hookItem
		json.NewDecoder(r.Body).Decode(&it)
		mu.Lock()
		got[r.Header.Get(notify.HeaderTarget)] = append(got[r.Header.Get(notify.HeaderTarget)], it.URL)
		mu.Unlock()
	}))
	defer hook.Close()
	urlA, onA := switchable(t, "merge/announce-a.xml")
	urlB, onB := switchable(t, "merge/announce-b.xml")
	path := filepath.Join(t.TempDir(), "config.yaml")
	sources := "  - {name: eol, url: " + urlA + "}\n  - {name: gaokao, url: " + urlB + "}\n"
	target := func(name string) string {
		return "  - {name: " + name + ", kind: webhook, url: \"" + hook.URL + "\", secret: k}\n"
	}
	mergeConfig(t, path, "notify:\n"+target("first"), sources)
	d, base, _ := runDaemon(t, path)
	waitHealthy(t, base, 2)
	post := func(path string) {
		if code, body := adminPost(t, base, path); code != http.StatusOK {
			t.Fatalf("POST %s: %d %s", path, code, body)
		}
	}
	// The target starts at the newest story when first stepped: step it
	// before any story is stored, as the daemon's own first step may come
	// after the poll below on a loaded machine.
	d.notifier.Step(context.Background())
	onA.Store(true)
	post("/admin/poll?source=eol")
	d.notifier.Step(context.Background())

	mergeConfig(t, path, "notify:\n"+target("first")+target("second"), sources)
	post("/admin/reload")
	d.notifier.Step(context.Background()) // the new target starts here
	onB.Store(true)
	post("/admin/poll?source=gaokao")
	d.notifier.Step(context.Background())

	mu.Lock()
	defer mu.Unlock()
	if len(got["first"]) != 3 || len(got["second"]) != 1 || !strings.Contains(got["second"][0], "998.html") {
		t.Errorf("deliveries %v: want 3 to first, and to second only the story stored after the reload", got)
	}
}

// check lists the notify targets without their keys.
func TestCheckListsNotifyTargets(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	t.Setenv("E2E_DING_URL", "https://oapi.dingtalk.com/robot/send?access_token=tok-secret-1")
	mergeConfig(t, path, `notify:
  - {name: grade-7, kind: dingtalk, url_env: E2E_DING_URL, tags: [policy]}
  - {name: principal, kind: email, url: "smtp://mail.example.edu.cn:587", from: a@example.edu.cn, to: [b@example.edu.cn],
     mode: digest, schedule: "0 7 * * *"}`, "  - {name: moe, url: https://example.org/moe.xml, tags: [policy]}\n")
	var out, errs strings.Builder
	if code := run(context.Background(), []string{"check", "-config", path}, &out, &errs); code != 0 {
		t.Fatalf("check: %d %s", code, errs.String())
	}
	text := out.String()
	for _, want := range []string{"grade-7", "tags=policy", "https://oapi.dingtalk.com", "principal", "smtp://mail.example.edu.cn:587 b@example.edu.cn", "T07:00:00+08:00"} {
		if !strings.Contains(text, want) {
			t.Errorf("check output lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "tok-secret-1") {
		t.Errorf("check shows a robot's key:\n%s", text)
	}
}
