package main

import (
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// reloadNow asks the daemon at base to re-read its config, as POST
// /admin/reload does for an operator.
func reloadNow(t *testing.T, base string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, base+"/admin/reload", nil)
	req.Header.Set("Authorization", "Bearer 0123456789abcdef-s3cret")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("reload: %d %s", resp.StatusCode, body)
	}
}

// sinceGet is a GET that carries only If-Modified-Since, as some feed
// readers send it.
func sinceGet(t *testing.T, url, lastModified string) (code int, body, newLastModified, etag string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if lastModified != "" {
		req.Header.Set("If-Modified-Since", lastModified)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b), resp.Header.Get("Last-Modified"), resp.Header.Get("ETag")
}

// TestReloadChangesWhatFeedsShow is issue 14's items 6 and 8 through the
// daemon: a source removed by a reload takes its own items out of the feeds
// but not a story another source carries too; added back, it brings them
// back; a disabled source still shows. Each reload that changes what a feed
// shows gives it a later Last-Modified and another ETag, so that a reader
// sending only If-Modified-Since gets the new feed rather than a 304.
func TestReloadChangesWhatFeedsShow(t *testing.T) {
	var srcs sourceServers
	defer srcs.close()
	urls := []any{
		srcs.serveFile(t, "merge/announce-a.xml", "application/rss+xml"),
		srcs.serveFile(t, "merge/announce-b.xml", "application/rss+xml"),
		srcs.serveFile(t, "merge/announce-c.xml", "application/rss+xml"),
		srcs.serveFile(t, "merge/school-a.xml", "application/rss+xml"),
	}
	all := fmt.Sprintf(`  - {name: eol, url: %q}
  - {name: gaokao, url: %q}
  - {name: xinhua, url: %q, tags: [wire]}
  - {name: school-a, url: %q}
`, urls...)
	twoLeft := fmt.Sprintf(`  - {name: eol, url: %q}
  - {name: gaokao, url: %q}
`, urls[:2]...)
	schoolOff := strings.Replace(all, "{name: school-a,", "{name: school-a, enabled: false,", 1)
	path := filepath.Join(t.TempDir(), "config.yaml")
	mergeConfig(t, path, "", all)
	_, base := startDaemon(t, path)
	waitHealthy(t, base, 4)

	const (
		story    = "普通高校招生工作" // eol, gaokao and xinhua carry it
		xinhua   = "新华时评"
		school   = "寒假放假安排"
		eolsOwn  = "就业促进行动"
		feedPath = "/feed.xml"
	)
	steps := []struct {
		name    string
		sources string
		extra   string
		shown   []string
		hidden  []string
		status  map[string]int // query -> status
		// sameBody: the reload changes nothing the feed shows, so the
		// ETag stays; Last-Modified still moves, as after every reload.
		sameBody bool
	}{
		{name: "all configured", sources: all, shown: []string{story, xinhua, school, eolsOwn},
			status: map[string]int{"?source=xinhua": 200, "?tag=wire": 200}},
		{name: "xinhua and school-a removed", sources: twoLeft, shown: []string{story, eolsOwn}, hidden: []string{xinhua, school},
			status: map[string]int{"?source=xinhua": 404, "?tag=wire": 404}},
		{name: "added back, with an exclude filter", sources: all, extra: "filters:\n  exclude: [就业]",
			shown: []string{story, xinhua, school}, hidden: []string{eolsOwn},
			status: map[string]int{"?source=xinhua": 200, "?tag=wire": 200}},
		{name: "school-a disabled", sources: schoolOff, extra: "filters:\n  exclude: [就业]",
			shown: []string{story, xinhua, school}, hidden: []string{eolsOwn},
			status: map[string]int{"?source=school-a": 200}, sameBody: true},
	}
	var lastModified, etag string
	for i, s := range steps {
		if i > 0 {
			mergeConfig(t, path, s.extra, s.sources)
			reloadNow(t, base)
			code, body, lm, tag := sinceGet(t, base+feedPath, lastModified)
			if code != http.StatusOK {
				t.Fatalf("%s: If-Modified-Since %s: status %d, want 200", s.name, lastModified, code)
			}
			if (tag == etag) != s.sameBody {
				t.Errorf("%s: ETag %s, was %s", s.name, tag, etag)
			}
			if current, _ := get(t, base+feedPath, ""); string(current) != body {
				t.Errorf("%s: the 200 to If-Modified-Since is not the current feed", s.name)
			}
			if lm == lastModified {
				t.Errorf("%s: Last-Modified %s unchanged", s.name, lm)
			}
		}
		_, _, lastModified, etag = sinceGet(t, base+feedPath, "")
		feed := readFeed(t, base+feedPath)
		for _, title := range s.shown {
			if n := len(titled(feed, title)); n != 1 {
				t.Errorf("%s: %q shows %d times, want once", s.name, title, n)
			}
		}
		for _, title := range s.hidden {
			if n := len(titled(feed, title)); n != 0 {
				t.Errorf("%s: %q still shows", s.name, title)
			}
		}
		for query, want := range s.status {
			if got, _, _, _ := sinceGet(t, base+feedPath+query, ""); got != want {
				t.Errorf("%s: %s: status %d, want %d", s.name, query, got, want)
			}
		}
	}
}
