package main

import (
	"bytes"
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
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

// sourceServers starts one httptest server per kind of source the daemon must
// handle and returns the config's sources: section pointing at them.
type sourceServers struct {
	notModifiedHits atomic.Int32 // requests that carried If-None-Match to the 304 source
	servers         []*httptest.Server
}

func (s *sourceServers) close() {
	for _, srv := range s.servers {
		srv.Close()
	}
}

func (s *sourceServers) serveFile(t *testing.T, name, contentType string) string {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Write(body)
	}))
	s.servers = append(s.servers, srv)
	return srv.URL + "/" + name
}

func (s *sourceServers) serveETag(t *testing.T, name string) string {
	t.Helper()
	body, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	const etag = `"hech-v1"`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == etag {
			s.notModifiedHits.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(body)
	}))
	s.servers = append(s.servers, srv)
	return srv.URL + "/" + name
}

func (s *sourceServers) serveError() string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "internal error", http.StatusInternalServerError)
	}))
	s.servers = append(s.servers, srv)
	return srv.URL + "/broken.xml"
}

func writeConfig(t *testing.T, dir, sources string) string {
	t.Helper()
	cfg := fmt.Sprintf(`listen: 127.0.0.1:0
store:
  path: %s
feed:
  title: 教育新闻聚合
  link: http://127.0.0.1/
  max_items: 50
defaults:
  schedule: "@every 1h"
  host_delay: 0s # the sources share one loopback host
fetch:
  deny_private: false # the sources are httptest servers on loopback
sources:
%s`, filepath.Join(dir, "edufeed.db"), sources)
	path := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestServeEndToEnd runs the daemon in-process against local sources of every
// kind and reads the merged feed back through an independent parser.
func TestServeEndToEnd(t *testing.T) {
	var srcs sourceServers
	defer srcs.close()
	sources := fmt.Sprintf(`  - {name: moe, url: %q, tags: [policy]}
  - {name: campus, url: %q, tags: [en]}
  - {name: gaokao, url: %q, tags: [gaokao]}
  - {name: eol-gbk, url: %q}
  - {name: hechinger, url: %q, tags: [en]}
  - {name: broken, url: %q}
`,
		srcs.serveFile(t, "rss.xml", "application/rss+xml; charset=utf-8"),
		srcs.serveFile(t, "atom.xml", "application/atom+xml"),
		srcs.serveFile(t, "feed.json", "application/feed+json"),
		srcs.serveFile(t, "seed-feed-gbk.xml", "text/xml"),
		srcs.serveETag(t, "notmod.xml"),
		srcs.serveError())
	dir := t.TempDir()
	cfg, err := loadConfig(writeConfig(t, dir, sources))
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	d, err := openDaemon(cfg, log, overrides{})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.serve(ctx, ln) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()

	// The start-up poll runs in the background: wait until every source has been tried.
	waitHealthy(t, base, 6)

	want := []struct{ title, source string }{
		{"《教师生成式人工智能应用指引(第一版)》正式发布", "eol-gbk"},
		{"教育部部署2026年寒假安全工作", "moe"},
		{"New science building opens on the north campus", "campus"},
		{"How schools are rethinking homework", "hechinger"},
		{"2026年普通高校招生考试报名工作即将开始", "gaokao"},
		{"Winter term registration opens", "campus"},
		{"教育部召开2024年年中推进会", "eol-gbk"},
	}
	for _, path := range []string{"/feed.xml", "/feed.atom", "/feed.json"} {
		t.Run(path, func(t *testing.T) {
			body, etag := get(t, base+path, "")
			feed, err := gofeed.NewParser().ParseString(string(body))
			if err != nil {
				t.Fatalf("parse %s: %v", path, err)
			}
			if len(feed.Items) != len(want) {
				t.Fatalf("%s: %d items, want %d", path, len(feed.Items), len(want))
			}
			for i, w := range want {
				it := feed.Items[i]
				if it.Title != w.title {
					t.Errorf("%s item %d: title %q, want %q", path, i, it.Title, w.title)
				}
				if !strings.Contains(string(body), w.source) {
					t.Errorf("%s: source %q not named", path, w.source)
				}
				if it.PublishedParsed == nil || it.PublishedParsed.Year() < 2024 {
					t.Errorf("%s item %d: bad date %v", path, i, it.Published)
				}
				if strings.Contains(it.Link, "utm_") || strings.Contains(it.Content, "<script") {
					t.Errorf("%s item %d: uncleaned link or content", path, i)
				}
			}
			// The GBK seed feed, cleaned as ../shared/fixtures/README.md says it must be.
			china := time.FixedZone("CST", 8*3600)
			seed1, seed2 := feed.Items[6], feed.Items[0]
			if seed1.Link != "https://news.example.edu.cn/news/2024/0724/moe-midyear.shtml" {
				t.Errorf("%s seed item 1 link %q", path, seed1.Link)
			}
			if n := strings.Count(seed1.Content, "<p>"); n != 5 || strings.Contains(seed1.Content, "推荐关注") || strings.Contains(seed1.Content, "1970") {
				t.Errorf("%s seed item 1: %d paragraphs, want the 5 of the article alone:\n%s", path, n, seed1.Content)
			}
			if !seed1.PublishedParsed.Equal(time.Date(2024, 7, 24, 0, 0, 0, 0, china)) {
				t.Errorf("%s seed item 1 date %v, want 2024-07-24 (from the link)", path, seed1.PublishedParsed)
			}
			if !seed2.PublishedParsed.Equal(time.Date(2025, 11, 20, 9, 30, 0, 0, china)) || strings.Count(seed2.Content, "<p>") != 1 {
				t.Errorf("%s seed item 2: date %v, content %q", path, seed2.PublishedParsed, seed2.Content)
			}
			for _, bad := range []string{"<script", "utm_", "onerror", "javascript:"} {
				if strings.Contains(string(body), bad) {
					t.Errorf("%s contains %q", path, bad)
				}
			}
			if etag == "" {
				t.Fatalf("%s: no ETag", path)
			}
			// The last start-up poll's version reaches readers just after
			// its commit, so a body rendered in between is cached under
			// the version before and rendered again once: a 200 with a new
			// ETag is allowed then, and the new ETag must give a 304.
			for try := 0; ; try++ {
				code := status(t, base+path, etag)
				if code == http.StatusNotModified {
					break
				}
				if code != http.StatusOK || try == 2 {
					t.Fatalf("%s with If-None-Match: %d, want 304", path, code)
				}
				_, etag = get(t, base+path, "")
			}
		})
	}

	// Filters.
	body, _ := get(t, base+"/feed.json?source=campus", "")
	var jf struct{ Items []struct{ Title string } }
	if err := json.Unmarshal(body, &jf); err != nil {
		t.Fatal(err)
	}
	if len(jf.Items) != 2 {
		t.Errorf("?source=campus: %d items, want 2", len(jf.Items))
	}
	body, _ = get(t, base+"/feed.json?tag=gaokao", "")
	if err := json.Unmarshal(body, &jf); err != nil {
		t.Fatal(err)
	}
	if len(jf.Items) != 1 {
		t.Errorf("?tag=gaokao: %d items, want 1", len(jf.Items))
	}

	// A second poll: the ETag source answers 304 and nothing changes.
	results := d.sched.PollAll(ctx, sourcesOf(cfg))
	for _, r := range results {
		switch r.Source {
		case "hechinger":
			if !r.NotModified || r.Err != nil {
				t.Errorf("second poll of hechinger: %+v, want not modified", r)
			}
		case "broken":
			if r.Err == nil {
				t.Errorf("broken source polled without error")
			}
		default:
			if r.Err != nil || r.New != 0 {
				t.Errorf("second poll of %s: %+v, want no new items and no error", r.Source, r)
			}
		}
	}
	if srcs.notModifiedHits.Load() == 0 {
		t.Error("the ETag source never saw If-None-Match")
	}
	_, etag := get(t, base+"/feed.xml", "")
	if code := status(t, base+"/feed.xml", etag); code != http.StatusNotModified {
		t.Errorf("after an unchanged poll /feed.xml with its ETag: %d, want 304", code)
	}
}

// waitHealthy waits until /healthz reports an attempt for n sources. The test
// binary's own timeout bounds it.
func waitHealthy(t *testing.T, base string, n int) {
	t.Helper()
	for {
		resp, err := http.Get(base + "/healthz")
		if err == nil {
			var h struct {
				Sources []struct {
					LastAttempt *time.Time `json:"last_attempt"`
				}
			}
			err = json.NewDecoder(resp.Body).Decode(&h)
			resp.Body.Close()
			tried := 0
			for _, s := range h.Sources {
				if s.LastAttempt != nil && !s.LastAttempt.IsZero() {
					tried++
				}
			}
			if err == nil && tried == n {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// adminPost sends an authorised POST to the daemon at base. A poll that
// finds the source's start-up poll still running (409: waitHealthy sees the
// start-up poll's state once it is saved, a little before its lock is given
// back) is sent again, so that the test polls when it means to.
func adminPost(t *testing.T, base, path string) (int, string) {
	t.Helper()
	for {
		req, _ := http.NewRequest(http.MethodPost, base+path, nil)
		req.Header.Set("Authorization", "Bearer 0123456789abcdef-s3cret")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusConflict && strings.HasPrefix(path, "/admin/poll") && strings.Contains(string(b), "already running") {
			time.Sleep(20 * time.Millisecond)
			continue
		}
		return resp.StatusCode, string(b)
	}
}

func get(t *testing.T, url, etag string) ([]byte, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", url, resp.StatusCode, body)
	}
	return body, resp.Header.Get("ETag")
}

func status(t *testing.T, url, etag string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("If-None-Match", etag)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestCheckReportsEveryMistake runs "edufeed check" on a config with three
// mistakes and expects all three, each with its line.
func TestCheckReportsEveryMistake(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "bad.yaml")
	bad := `listen: 127.0.0.1:8080
sources:
  - name: one
    url: https://example.org/feed.xml
    schedul: "@every 30m"
  - name: two
    url: https://example.org/two.xml
    timezone: Mars/Olympus
  - name: three
    url: https://example.org/three.xml
    timeout: soon
`
	if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"check", "-config", path}, &stdout, &stderr); code != 1 {
		t.Fatalf("check exit %d, want 1; stderr:\n%s", code, stderr.String())
	}
	for _, want := range []string{"bad.yaml:5:", "schedul", "bad.yaml:8:", "Mars/Olympus", "bad.yaml:11:", "soon"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("check output lacks %q:\n%s", want, stderr.String())
		}
	}
}

// TestPollCommand runs "edufeed poll" once against a file source and a failing
// one and checks its table and exit codes.
func TestPollCommand(t *testing.T) {
	var srcs sourceServers
	defer srcs.close()
	dir := t.TempDir()
	feed, err := os.ReadFile(filepath.Join("testdata", "rss.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "local.xml"), feed, 0o644); err != nil {
		t.Fatal(err)
	}
	path := writeConfig(t, dir, fmt.Sprintf("  - {name: local, url: \"file:local.xml\"}\n  - {name: broken, url: %q}\n", srcs.serveError()))

	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"poll", "-config", path}, &stdout, &stderr); code != 0 {
		t.Fatalf("poll exit %d; stderr:\n%s", code, stderr.String())
	}
	out := stdout.String()
	if !regexpLine(out, `local\s+1\s+0\s+0\s+0\s+0\s+\S+\s+ok`) || !regexpLine(out, `broken\s+0\s+0\s+0\s+0\s+0\s+\S+\s+error: .*500`) {
		t.Errorf("poll output:\n%s", out)
	}
	stdout.Reset()
	if code := run(context.Background(), []string{"poll", "-config", path, "-source", "local"}, &stdout, &stderr); code != 0 {
		t.Fatalf("second poll exit %d", code)
	}
	if !regexpLine(stdout.String(), `local\s+0\s+0\s+0\s+0\s+0\s+\S+\s+not modified`) {
		t.Errorf("second poll of an unchanged file:\n%s", stdout.String())
	}
	if code := run(context.Background(), []string{"poll", "-config", path, "-source", "broken"}, &stdout, &stderr); code != 1 {
		t.Errorf("poll of only a failing source: exit %d, want 1", code)
	}
}

func regexpLine(s, pattern string) bool {
	return regexp.MustCompile(`(?m)^` + pattern).MatchString(s)
}
