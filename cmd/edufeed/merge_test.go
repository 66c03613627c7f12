package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/edufeed/edufeed/config"
	"github.com/edufeed/edufeed/feeds"
)

// mergeConfig writes a config with the given extra top-level YAML and sources.
// The sources are httptest servers on loopback, which the fetch guard
// refuses by default, so the config turns the guard off unless extra has a
// fetch section of its own; lines of extra that start with two spaces
// belong to defaults:.
func mergeConfig(t *testing.T, path, extra, sources string) {
	t.Helper()
	if !strings.Contains(extra, "fetch:") {
		extra += "\nfetch: {deny_private: false}"
	}
	// The sources share one loopback host; the default host_delay would
	// space their polls a second apart.
	if !strings.Contains(extra, "host_delay") {
		extra = "  host_delay: 0s\n" + extra
	}
	cfg := fmt.Sprintf(`listen: 127.0.0.1:0
store:
  path: %s
feed:
  title: 教育新闻聚合
  link: http://127.0.0.1/
admin:
  token: 0123456789abcdef-s3cret
defaults:
  schedule: "@every 1h"
%s
sources:
%s`, filepath.Join(filepath.Dir(path), "edufeed.db"), extra, sources)
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
}

// startDaemon runs the daemon on the config at path, on its listen address,
// until the test ends.
func startDaemon(t *testing.T, path string) (*daemon, string) {
	t.Helper()
	cfg, ln := configAndListener(t, path)
	return serveOn(t, cfg, overrides{}, ln), "http://" + ln.Addr().String()
}

// configAndListener loads the config at path and listens on a free loopback port.
func configAndListener(t *testing.T, path string) (*config.Config, net.Listener) {
	t.Helper()
	cfg, err := loadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		t.Fatal(err)
	}
	return cfg, ln
}

// serveOn runs the daemon for cfg on ln until the test ends.
func serveOn(t *testing.T, cfg *config.Config, ov overrides, ln net.Listener) *daemon {
	t.Helper()
	d, err := openDaemon(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), ov)
	if err != nil {
		ln.Close()
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return d
}

func readFeed(t *testing.T, url string) *gofeed.Feed {
	t.Helper()
	body, _ := get(t, url, "")
	feed, err := gofeed.NewParser().ParseString(string(body))
	if err != nil {
		t.Fatalf("%s does not parse: %v", url, err)
	}
	return feed
}

func titled(feed *gofeed.Feed, part string) []*gofeed.Item {
	var out []*gofeed.Item
	for _, it := range feed.Items {
		if strings.Contains(it.Title, part) {
			out = append(out, it)
		}
	}
	return out
}

// TestMergeFilterReload is issue 4's done-means: three sources carrying one
// announcement under different title suffixes, tracking parameters and GUIDs
// give one item naming all three; two schools' notices with the same generic
// title stay two; filters hide items and a reload brings them back.
func TestMergeFilterReload(t *testing.T) {
	var srcs sourceServers
	defer srcs.close()
	sources := fmt.Sprintf(`  - {name: eol, url: %q}
  - {name: gaokao, url: %q, tags: [gaokao]}
  - {name: xinhua, url: %q}
  - {name: school-a, url: %q, tags: [school]}
  - {name: school-b, url: %q, tags: [school]}
`,
		srcs.serveFile(t, "merge/announce-a.xml", "application/rss+xml"),
		srcs.serveFile(t, "merge/announce-b.xml", "application/rss+xml"),
		srcs.serveFile(t, "merge/announce-c.xml", "application/rss+xml"),
		srcs.serveFile(t, "merge/school-a.xml", "application/rss+xml"),
		srcs.serveFile(t, "merge/school-b.xml", "application/rss+xml"))
	path := filepath.Join(t.TempDir(), "config.yaml")
	mergeConfig(t, path, `filters:
  exclude: [寒假]
tags:
  - {match: "招生|高考", tag: admissions}`, sources)
	d, base := startDaemon(t, path)
	waitHealthy(t, base, 5)

	feed := readFeed(t, base+"/feed.xml")
	stories := titled(feed, "普通高校招生工作")
	if len(stories) != 1 {
		t.Fatalf("%d items for the announcement, want 1 merged story", len(stories))
	}
	story := stories[0]
	for _, name := range []string{"eol", "gaokao", "xinhua"} {
		if !slices.Contains(story.Categories, name) {
			t.Errorf("merged story names sources %v, missing %s", story.Categories, name)
		}
	}
	if !slices.Contains(story.Categories, "admissions") {
		t.Errorf("tags %v lack the rule tag admissions", story.Categories)
	}
	if strings.Contains(story.Link, "utm_") || strings.Contains(story.Link, "spm=") {
		t.Errorf("link %s keeps tracking parameters", story.Link)
	}
	if got := len(feed.Items); got != 4 {
		t.Errorf("%d items in /feed.xml, want 4 (one merged story, three others; school notices excluded)", got)
	}
	if n := len(titled(feed, "寒假")); n != 0 {
		t.Errorf("%d excluded items in the feed", n)
	}
	// The excluded items are stored and counted.
	st, err := d.store.State("school-a")
	if err != nil {
		t.Fatal(err)
	}
	if st.LastResult.Filtered != 1 {
		t.Errorf("school-a filtered = %d, want 1", st.LastResult.Filtered)
	}
	// Every source can be asked for, and the tag filter works on the rule tag.
	for query, want := range map[string]int{"?source=xinhua": 2, "?source=gaokao": 2, "?tag=admissions": 2, "?tag=gaokao": 2} {
		if got := len(readFeed(t, base+"/feed.xml"+query).Items); got != want {
			t.Errorf("/feed.xml%s: %d items, want %d", query, got, want)
		}
	}

	// Without the filter, after a reload, both schools' notices show, as
	// two items: a generic title alone never merges stories.
	mergeConfig(t, path, "", sources)
	req, _ := http.NewRequest(http.MethodPost, base+"/admin/reload", nil)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("reload without a token: %v %v, want 401", resp, err)
	}
	reloadNow(t, base)
	feed = readFeed(t, base+"/feed.xml")
	notices := titled(feed, "关于2026年寒假放假安排的通知")
	if len(notices) != 2 {
		t.Fatalf("%d winter-break notices after the reload, want 2", len(notices))
	}
	if notices[0].Link == notices[1].Link {
		t.Errorf("both notices link to %s", notices[0].Link)
	}
	if n := len(titled(feed, "普通高校招生工作")); n != 1 {
		t.Errorf("%d announcement items after the reload, want 1", n)
	}
}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// TestDenyPrivate: fetch.deny_private is on by default, so a source on
// loopback is refused at dial time unless the config lets it
// (allow_private), and the error names both ways out. A file: source is no
// network fetch and is not affected.
func TestDenyPrivate(t *testing.T) {
	var srcs sourceServers
	defer srcs.close()
	url := srcs.serveFile(t, "merge/school-a.xml", "application/rss+xml")
	path := filepath.Join(t.TempDir(), "config.yaml")
	local, err := filepath.Abs("testdata/merge/school-b.xml")
	if err != nil {
		t.Fatal(err)
	}
	mergeConfig(t, path, "fetch: {} # the default", fmt.Sprintf(
		"  - {name: open, url: %q, allow_private: true}\n  - {name: guarded, url: %q}\n  - {name: local, url: %q}\n", url, url, "file://"+filepath.ToSlash(local)))
	var stdout, stderr strings.Builder
	run(context.Background(), []string{"poll", "-config", path}, &stdout, &stderr)
	out := stdout.String()
	if !regexpLine(out, `open\s+1\s.*ok`) {
		t.Errorf("allow_private source not polled:\n%s", out)
	}
	if !regexpLine(out, `guarded\s+0\s.*error: .*refused to connect to a non-public address: 127\.0\.0\.1 is a loopback address.*allow_private: true.*fetch\.deny_private: false`) {
		t.Errorf("guarded loopback source not refused, or the error does not name both ways out:\n%s", out)
	}
	if !regexpLine(out, `local\s+[1-9]\d*\s.*ok`) {
		t.Errorf("file: source not polled with the guard on:\n%s", out)
	}
}

// TestBackoffShown: a source answering 429 with Retry-After is held back at
// least that long, and /api/sources says so.
func TestBackoffShown(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "7200")
		http.Error(w, "slow down", http.StatusTooManyRequests)
	}))
	defer srv.Close()
	path := filepath.Join(t.TempDir(), "config.yaml")
	mergeConfig(t, path, "", fmt.Sprintf("  - {name: busy, url: %q}\n", srv.URL+"/feed.xml"))
	start := time.Now()
	_, base := startDaemon(t, path)
	waitHealthy(t, base, 1)
	body, _ := get(t, base+"/api/sources", "")
	var api struct {
		Sources []struct {
			Name              string    `json:"name"`
			Health            string    `json:"health"`
			LastError         string    `json:"last_error"`
			ConsecutiveErrors int       `json:"consecutive_errors"`
			BackoffUntil      time.Time `json:"backoff_until"`
			NextRun           time.Time `json:"next_run"`
		} `json:"sources"`
	}
	if err := json.Unmarshal(body, &api); err != nil {
		t.Fatal(err)
	}
	s := api.Sources[0]
	if s.Health != "failing" || s.ConsecutiveErrors != 1 || !strings.Contains(s.LastError, "429") {
		t.Errorf("busy source: %+v", s)
	}
	if s.BackoffUntil.Before(start.Add(2 * time.Hour)) {
		t.Errorf("backoff until %v, want at least 2h (Retry-After) after %v", s.BackoffUntil, start)
	}
	// NextRun is the cron tick; the poll itself waits a per-source jitter
	// (under a minute) after it.
	if s.NextRun.Before(s.BackoffUntil.Add(-time.Minute)) {
		t.Errorf("next run %v comes before the backoff ends at %v", s.NextRun, s.BackoffUntil)
	}
}

// TestDiffSources: a reload of the same file changes nothing, although each
// load makes new time zone values; real changes are named.
func TestDiffSources(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	mergeConfig(t, path, "", "  - {name: a, url: \"https://a.example/f.xml\", timezone: Asia/Shanghai}\n  - {name: b, url: \"https://b.example/f.xml\"}\n")
	load := func() []feeds.Source {
		cfg, err := loadConfig(path)
		if err != nil {
			t.Fatal(err)
		}
		return sourcesOf(cfg)
	}
	old := load()
	if rep := diffSources(old, load()); len(rep.Added)+len(rep.Removed)+len(rep.Changed) != 0 {
		t.Errorf("same file: %+v, want no change", rep)
	}
	mergeConfig(t, path, "", "  - {name: a, url: \"https://a.example/f.xml\", timezone: Europe/London}\n  - {name: c, url: \"https://c.example/f.xml\"}\n")
	rep := diffSources(old, load())
	if fmt.Sprint(rep.Added, rep.Removed, rep.Changed) != "[c] [b] [a]" {
		t.Errorf("report %+v, want added c, removed b, changed a", rep)
	}
}
