package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestFullTextFeedEndToEnd is issue 16's done-means: a feed that carries
// only a sentence per item, with full_text: true, comes out of /feed.xml
// with each article's whole text, its tables and attachments, and none of
// the page's junk; a second poll fetches no article page again.
func TestFullTextFeedEndToEnd(t *testing.T) {
	// The feed is this test's own; the article pages are two of
	// feeds/article's labelled corpus.
	corpus := filepath.Join("..", "..", "feeds", "article", "testdata", "corpus")
	pages := map[string]string{
		"/feed.xml": filepath.Join("testdata", "fulltext", "feed.xml"),
		"/art/tzgg/202503/t20250305_1172040.html": filepath.Join(corpus, "003-trs-upgrade-quota-table.html"),
		"/info/1021/9102.htm":                     filepath.Join(corpus, "008-vsb-final-exam-schedule.html"),
		// An article over three pages, joined.
		"/news/202501/t20250116_2654321.shtml":   filepath.Join(corpus, "022-portal-gaokao-reform-3pages.html"),
		"/news/202501/t20250116_2654321_2.shtml": filepath.Join(corpus, "022-portal-gaokao-reform-3pages-p2.html"),
		"/news/202501/t20250116_2654321_3.shtml": filepath.Join(corpus, "022-portal-gaokao-reform-3pages-p3.html"),
	}
	var mu sync.Mutex
	hits := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		n := hits[r.URL.Path]
		mu.Unlock()
		file, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		body, err := os.ReadFile(file)
		if err != nil {
			t.Error(err)
			return
		}
		if r.URL.Path == "/feed.xml" {
			// A new build of the feed on every request: the feed changes,
			// its items do not.
			body = []byte(strings.Replace(string(body), "</channel>", fmt.Sprintf("<lastBuildDate>build %d</lastBuildDate></channel>", n), 1))
		}
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	count := func(path string) int {
		mu.Lock()
		defer mu.Unlock()
		return hits[path]
	}

	path := filepath.Join(t.TempDir(), "config.yaml")
	mergeConfig(t, path, "", fmt.Sprintf("  - {name: jyt, url: %q, full_text: true}\n", srv.URL+"/feed.xml"))
	_, base := startDaemon(t, path)
	waitHealthy(t, base, 1)

	feed := readFeed(t, base+"/feed.xml")
	if len(feed.Items) != 3 {
		t.Fatalf("%d items, want 3", len(feed.Items))
	}
	reform := titled(feed, "高考综合改革")
	if len(reform) != 1 || !strings.Contains(reform[0].Content, "近期，第五批进行高考综合改革的省份陆续公布了实施方案") ||
		!strings.Contains(reform[0].Content, "专家提醒，高一新生应尽早了解目标高校的选科要求") {
		t.Errorf("the three-page article is not joined whole: %+v", reform)
	}
	quota := titled(feed, "专升本招生计划")
	exams := titled(feed, "期末考试安排")
	if len(quota) != 1 || len(exams) != 1 {
		t.Fatalf("items not found once: %d, %d", len(quota), len(exams))
	}
	checks := []struct {
		name    string
		content string
		keep    []string
		junk    []string
	}{
		{"quota", quota[0].Content,
			[]string{"本次招生计划共计2.46万名", "<table", "示例师范学院", "P020250305601234567890.xlsx", "考生须于3月20日至3月25日"},
			[]string{"【打印】", "【关闭】", "浏览次数", "当前位置", "网站标识码", "分享到"}},
		{"exams", exams[0].Content,
			[]string{"期末考试将于2025年1月6日开始", "<table", "高等数学A（上）", "wbfileid=5679012", "开考15分钟后不得入场"},
			[]string{"上一条", "下一条", "_showDynClicks"}},
	}
	for _, c := range checks {
		for _, k := range c.keep {
			if !strings.Contains(c.content, k) {
				t.Errorf("%s: full text lacks %q", c.name, k)
			}
		}
		for _, j := range c.junk {
			if strings.Contains(c.content, j) {
				t.Errorf("%s: junk %q left in the text", c.name, j)
			}
		}
	}
	// The feed's own date (with a time) stays; a day-only date takes the
	// page's time of that day.
	if got := exams[0].PublishedParsed; got == nil || got.Hour() != 6 || got.Minute() != 35 {
		t.Errorf("exams date %v, want the page's 14:35 +08:00 (06:35 UTC) on the feed's day", got)
	}

	arts := []string{"/art/tzgg/202503/t20250305_1172040.html", "/info/1021/9102.htm"}
	for _, a := range arts {
		if n := count(a); n != 1 {
			t.Fatalf("%s fetched %d times in the first poll, want 1", a, n)
		}
	}
	if code, body := adminPost(t, base, "/admin/poll?source=jyt"); code != http.StatusOK {
		t.Fatalf("admin poll: %d %s", code, body)
	}
	if count("/feed.xml") < 2 {
		t.Fatal("the second poll did not read the feed")
	}
	for _, a := range arts {
		if n := count(a); n != 1 {
			t.Errorf("%s fetched %d times after a second poll, want still 1", a, n)
		}
	}
	// Nor does the feed's summary replace the stored article text.
	again := titled(readFeed(t, base+"/feed.xml"), "专升本招生计划")
	if len(again) != 1 || !strings.Contains(again[0].Content, "本次招生计划共计2.46万名") {
		t.Errorf("after a second poll the article text is gone: %+v", again)
	}
}
