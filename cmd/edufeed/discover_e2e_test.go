package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestDiscoveredFeedEndToEnd: a source whose url is an HTML page that
// advertises a feed (and a comments feed) is read through that feed, which
// later polls fetch in the page's place; /api/sources says so.
func TestDiscoveredFeedEndToEnd(t *testing.T) {
	var mu sync.Mutex
	hits := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		mu.Unlock()
		switch r.URL.Path {
		case "/news/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<!DOCTYPE html><html><head><title>示范中学新闻</title>
<link rel="alternate" type="application/rss+xml" title="评论 Feed" href="/comments/feed/">
<link rel="alternate" type="application/rss+xml" title="示范中学新闻 Feed" href="/feed/">
</head><body><ul><li><a href="/2025/01/a.html">不应从列表读取的新闻一</a></li></ul></body></html>`)
		case "/feed/":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>示范中学新闻</title><link>/news/</link>
<item><title>示范中学举行2025年寒假安全教育大会</title><link>/2025/01/14/safety.html</link><guid>post-101</guid>
<pubDate>Tue, 14 Jan 2025 09:30:00 +0800</pubDate><description>学校召开寒假安全教育大会，部署假期安全工作。</description></item>
</channel></rss>`)
		case "/comments/feed/":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>评论</title>
<item><title>评论：很好</title><link>/c/1</link></item></channel></rss>`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	count := func(path string) int {
		mu.Lock()
		defer mu.Unlock()
		return hits[path]
	}

	path := filepath.Join(t.TempDir(), "config.yaml")
	mergeConfig(t, path, "", fmt.Sprintf("  - {name: school, url: %q}\n", srv.URL+"/news/"))
	_, base := startDaemon(t, path)
	waitHealthy(t, base, 1)

	feed := readFeed(t, base+"/feed.xml")
	if len(feed.Items) != 1 || feed.Items[0].Title != "示范中学举行2025年寒假安全教育大会" {
		t.Fatalf("items %+v, want the advertised feed's one item", feed.Items)
	}
	if count("/comments/feed/") != 0 {
		t.Error("the comments feed was fetched")
	}
	body, _ := get(t, base+"/api/sources", "")
	if !strings.Contains(string(body), `"kind": "discovered"`) || !strings.Contains(string(body), `"feed_url": "`+srv.URL+`/feed/"`) {
		t.Errorf("/api/sources does not show the discovered feed:\n%s", body)
	}
	if e := adminPoll(t, base, "school"); e != "" {
		t.Fatalf("second poll: %s", e)
	}
	if n, f := count("/news/"), count("/feed/"); n != 1 || f != 2 {
		t.Errorf("page fetched %d times and feed %d times after two polls, want 1 and 2 (the feed in the page's place)", n, f)
	}
}
