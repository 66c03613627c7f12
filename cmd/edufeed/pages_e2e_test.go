package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestListPageEndToEnd is issue 15's and 16's done-means through the
// daemon: a column page with no feed becomes items in /feed.xml with each
// article's text and date, and a poll with nothing new fetches no article
// page again.
func TestListPageEndToEnd(t *testing.T) {
	site := newFixtureSite(t, "trs-column")
	site.visits = true
	path := filepath.Join(t.TempDir(), "config.yaml")
	mergeConfig(t, path, "", fmt.Sprintf(`  - {name: moe-gzdt, url: %q, max_articles: 30}
`, site.List))
	_, base := startDaemon(t, path)
	waitHealthy(t, base, 1)

	feed := readFeed(t, base+"/feed.xml")
	if len(feed.Items) != 15 {
		t.Fatalf("%d items, want the list's 15", len(feed.Items))
	}
	a1 := titled(feed, "教育部召开2025年全国教育工作会议")
	if len(a1) != 1 {
		t.Fatalf("article a1 not in the feed once: %d", len(a1))
	}
	it := a1[0]
	if !strings.Contains(it.Content, "会议总结了过去一年的教育工作") || strings.Contains(it.Content, "打印本页") ||
		strings.Contains(it.Content, "当前位置") {
		t.Errorf("a1 content is not the article's clean text:\n%s", it.Content)
	}
	china := time.FixedZone("CST", 8*3600)
	if it.PublishedParsed == nil || !it.PublishedParsed.Equal(time.Date(2025, 1, 14, 9, 30, 0, 0, china)) {
		t.Errorf("a1 date %v, want the page's 2025-01-14 09:30 over the list's day", it.PublishedParsed)
	}
	article := "/jyb_xwfb/gzdt_gzdt/202501/t20250114_1171301.html"
	if n := site.requests(article); n != 1 {
		t.Fatalf("article fetched %d times in the first poll, want 1", n)
	}

	// A second poll: the list page differs (its counter), nothing is new.
	if code, body := adminPost(t, base, "/admin/poll?source=moe-gzdt"); code != http.StatusOK {
		t.Fatalf("admin poll: %d %s", code, body)
	}
	if n := site.requests(article); n != 1 {
		t.Errorf("article fetched %d times after a poll with nothing new, want still 1", n)
	}
	if n := site.requests("/jyb_xwfb/gzdt_gzdt/index.html"); n < 2 {
		t.Errorf("list page fetched %d times, want the second poll to read it", n)
	}
	// The second poll must not replace the stored article text with the
	// bare list entry.
	again := titled(readFeed(t, base+"/feed.xml"), "教育部召开2025年全国教育工作会议")
	if len(again) != 1 || !strings.Contains(again[0].Content, "会议总结了过去一年的教育工作") {
		t.Errorf("after a poll with nothing new the article text is gone: %+v", again)
	}
	st := apiSource(t, base, "moe-gzdt")
	if st.LastResult.Unchanged != 15 || st.LastResult.Updated != 0 || st.Kind != "list" || st.ListItems != 15 {
		t.Errorf("second poll's status: %+v", st)
	}
}

// apiSource reads one source's row of /api/sources.
func apiSource(t *testing.T, base, name string) apiSourceRow {
	t.Helper()
	body, _ := get(t, base+"/api/sources", "")
	var doc struct {
		Sources []apiSourceRow `json:"sources"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	for _, s := range doc.Sources {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no source %q in /api/sources", name)
	return apiSourceRow{}
}

// apiSourceRow is the part of an /api/sources row these tests read.
type apiSourceRow struct {
	Name       string `json:"name"`
	Kind       string `json:"kind"`
	ListItems  int    `json:"list_items"`
	LastError  string `json:"last_error"`
	LastResult struct {
		New, Updated, Unchanged int
		Articles                int `json:"articles"`
		ArticleErrors           int `json:"article_errors"`
	} `json:"last_result"`
}
