package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"path/filepath"
	"strings"
	"testing"
)

// The TRS column fixture's list page and its two article pages, as
// served by newFixtureSite.
const (
	trsList     = "/jyb_xwfb/gzdt_gzdt/index.html"
	trsArticle1 = "/jyb_xwfb/gzdt_gzdt/202501/t20250114_1171301.html"
	trsArticle2 = "/jyb_xwfb/gzdt_gzdt/202501/t20250114_1171294.html"
)

// startListSource runs the daemon with one list source on site, with the
// source's extra YAML keys, and waits for its first poll.
func startListSource(t *testing.T, site *fixtureSite, extra string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.yaml")
	mergeConfig(t, path, "  host_delay: 0s", fmt.Sprintf("  - {name: moe-gzdt, url: %q%s}\n", site.List, extra))
	_, base := startDaemon(t, path)
	waitHealthy(t, base, 1)
	return base
}

// adminPoll polls one source through /admin/poll and returns the answer's
// error field ("" when the poll succeeded).
func adminPoll(t *testing.T, base, name string) string {
	t.Helper()
	_, raw := adminPost(t, base, "/admin/poll?source="+name)
	var body struct {
		Error string `json:"error"`
	}
	if err := json.Unmarshal([]byte(raw), &body); err != nil {
		t.Fatalf("admin poll: %s: %v", raw, err)
	}
	return body.Error
}

// TestListPageRobotsEndToEnd: robots.txt through the daemon. A list page
// it forbids is the poll's error, saying so and how to override it; with
// robots: false the page is polled anyway; article pages it forbids leave
// their items as the list gave them, counted as article errors.
func TestListPageRobotsEndToEnd(t *testing.T) {
	const forbidColumn = "User-agent: *\nDisallow: /jyb_xwfb/\n"
	t.Run("list page forbidden", func(t *testing.T) {
		site := newFixtureSite(t, "trs-column")
		site.robots = forbidColumn
		base := startListSource(t, site, "")
		st := apiSource(t, base, "moe-gzdt")
		for _, want := range []string{"robots.txt forbids", "robots: false"} {
			if !strings.Contains(st.LastError, want) {
				t.Errorf("last_error %q does not say %q", st.LastError, want)
			}
		}
		if st.LastResult.New != 0 || site.requests(trsArticle1) != 0 {
			t.Errorf("a forbidden list page gave items: %+v, article fetched %d times", st, site.requests(trsArticle1))
		}
		if n := len(readFeed(t, base+"/feed.xml").Items); n != 0 {
			t.Errorf("%d items in the feed from a forbidden page", n)
		}
		page, _ := get(t, base+"/", "")
		if !bytes.Contains(page, []byte(html.EscapeString("robots.txt forbids this page to edufeed"))) ||
			!bytes.Contains(page, []byte("robots: false")) {
			t.Errorf("the status page does not show the robots.txt error:\n%s", page)
		}
	})
	t.Run("robots false", func(t *testing.T) {
		site := newFixtureSite(t, "trs-column")
		site.robots = forbidColumn
		base := startListSource(t, site, ", robots: false")
		st := apiSource(t, base, "moe-gzdt")
		if st.LastError != "" || st.Kind != "list" || st.LastResult.New != 15 {
			t.Fatalf("with robots: false the page was not polled: %+v", st)
		}
		if site.requests(trsArticle1) != 1 || site.requests(trsArticle2) != 1 {
			t.Errorf("articles fetched %d and %d times, want once each", site.requests(trsArticle1), site.requests(trsArticle2))
		}
		if n := site.requests("/robots.txt"); n != 0 {
			t.Errorf("robots.txt read %d times for a source that does not obey it", n)
		}
	})
	t.Run("article pages forbidden", func(t *testing.T) {
		site := newFixtureSite(t, "trs-column")
		site.robots = "User-agent: edufeed\nDisallow: /jyb_xwfb/gzdt_gzdt/2025\nDisallow: /jyb_xwfb/gzdt_gzdt/2024\n"
		base := startListSource(t, site, "")
		st := apiSource(t, base, "moe-gzdt")
		if st.LastError != "" || st.LastResult.New != 15 {
			t.Fatalf("the list page was not read: %+v", st)
		}
		if st.LastResult.ArticleErrors != 15 || st.LastResult.Articles != 0 {
			t.Errorf("last_result counts %d articles and %d article errors, want 0 and the 15 forbidden", st.LastResult.Articles, st.LastResult.ArticleErrors)
		}
		if n := site.requests(trsArticle1) + site.requests(trsArticle2); n != 0 || site.requests("/robots.txt") == 0 {
			t.Errorf("forbidden article pages fetched %d times, robots.txt read %d times", n, site.requests("/robots.txt"))
		}
		a1 := titled(readFeed(t, base+"/feed.xml"), "教育部召开2025年全国教育工作会议")
		if len(a1) != 1 || strings.Contains(a1[0].Content, "会议总结了过去一年的教育工作") {
			t.Errorf("the item is not as the list gave it: %+v", a1)
		}
	})
}

// TestListPageLayoutChangeEndToEnd: a list page that had entries and is
// replaced by a page without a list fails the next poll loudly, not as an
// ok with nothing new.
func TestListPageLayoutChangeEndToEnd(t *testing.T) {
	site := newFixtureSite(t, "trs-column")
	base := startListSource(t, site, "")
	if st := apiSource(t, base, "moe-gzdt"); st.LastError != "" || st.ListItems != 15 {
		t.Fatalf("first poll: %+v", st)
	}
	// The site's new template: the same address serves no list.
	site.change(withoutList)
	perr := adminPoll(t, base, "moe-gzdt")
	st := apiSource(t, base, "moe-gzdt")
	for _, e := range []string{perr, st.LastError} {
		if !strings.Contains(e, "the page's layout changed") || strings.Count(e, "set list.item") != 1 {
			t.Errorf("poll error %q, want it to say the page's layout changed, and to set list.item once", e)
		}
	}
	if n := len(readFeed(t, base+"/feed.xml").Items); n != 15 {
		t.Errorf("%d items in the feed after the failed poll, want the 15 kept", n)
	}
}

// withoutList serves the TRS column's address as the site's new template
// would: a notice and no list (as after a CMS move, or a column turned into
// a landing page).
func withoutList(path string, body []byte) []byte {
	if path != trsList {
		return body
	}
	return []byte(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>工作动态</title></head><body>
<div class="header"><a href="/">首页</a> <a href="/jyb_xwfb/">新闻发布</a></div>
<div class="main"><h1>工作动态</h1><p>本栏目已迁移，请访问新版网站查看最新信息。</p></div>
<div class="footer">版权所有：示范教育部门户</div></body></html>`)
}

// TestListPageNoListEndToEnd: a page that never had a list fails with
// the reason and the advice, once, and is not a layout change.
func TestListPageNoListEndToEnd(t *testing.T) {
	site := newFixtureSite(t, "trs-column")
	site.change(withoutList)
	base := startListSource(t, site, "")
	e := apiSource(t, base, "moe-gzdt").LastError
	if !strings.Contains(e, "no list of article links found") || strings.Count(e, "set list.item") != 1 ||
		strings.Contains(e, "layout changed") {
		t.Errorf("last_error %q, want the reason and the advice to set list.item once", e)
	}
}

// TestListPageRetitledEntryEndToEnd: an entry whose listed title changed
// (a correction) gets its article page fetched again, and only that one;
// the stored item takes the new title and the page's text.
func TestListPageRetitledEntryEndToEnd(t *testing.T) {
	site := newFixtureSite(t, "trs-column")
	base := startListSource(t, site, "")
	if n1, n2 := site.requests(trsArticle1), site.requests(trsArticle2); n1 != 1 || n2 != 1 {
		t.Fatalf("first poll fetched the articles %d and %d times", n1, n2)
	}
	const (
		oldTitle = "教育部召开2025年全国教育工作会议"
		newTitle = "教育部召开2025年全国教育工作会议（更正）"
	)
	site.change(func(path string, body []byte) []byte {
		switch path {
		case trsList, trsArticle1:
			return bytes.ReplaceAll(body, []byte(oldTitle), []byte(newTitle))
		}
		return body
	})
	if e := adminPoll(t, base, "moe-gzdt"); e != "" {
		t.Fatalf("second poll: %s", e)
	}
	if n := site.requests(trsArticle1); n != 2 {
		t.Errorf("the retitled entry's article fetched %d times, want 2", n)
	}
	if n := site.requests(trsArticle2); n != 1 {
		t.Errorf("an unchanged entry's article fetched %d times, want still 1", n)
	}
	st := apiSource(t, base, "moe-gzdt")
	if st.LastResult.Articles != 1 {
		t.Errorf("second poll fetched %d articles, want 1", st.LastResult.Articles)
	}
	feed := readFeed(t, base+"/feed.xml")
	if old := titled(feed, oldTitle); len(old) != 1 || old[0].Title != newTitle ||
		!strings.Contains(old[0].Content, "会议总结了过去一年的教育工作") {
		t.Errorf("the item is not stored with its new title and the page's text: %+v", old)
	}
}

// TestListPageRefetchIsConditional: an entry whose listed title changed
// is fetched again as a conditional GET; a page that did not change answers
// 304 and the stored article text stays.
func TestListPageRefetchIsConditional(t *testing.T) {
	site := newFixtureSite(t, "trs-column")
	site.etags = true
	base := startListSource(t, site, "")
	const oldTitle, newTitle = "教育部召开2025年全国教育工作会议", "【置顶】教育部召开2025年全国教育工作会议"
	site.change(func(path string, body []byte) []byte {
		if path == trsList { // the list alone changes; the article page does not
			return bytes.ReplaceAll(body, []byte(">"+oldTitle+"<"), []byte(">"+newTitle+"<"))
		}
		return body
	})
	if e := adminPoll(t, base, "moe-gzdt"); e != "" {
		t.Fatalf("second poll: %s", e)
	}
	site.mu.Lock()
	cond, total := site.conditional[trsArticle1], site.hits[trsArticle1]
	site.mu.Unlock()
	if total != 2 || cond != 1 {
		t.Fatalf("article fetched %d times, %d of them conditionally; want 2 and 1", total, cond)
	}
	if st := apiSource(t, base, "moe-gzdt"); st.LastResult.Articles != 0 || st.LastResult.Unchanged != 15 {
		t.Errorf("second poll: %+v, want no article fetched in full and 15 unchanged", st.LastResult)
	}
	stored := titled(readFeed(t, base+"/feed.xml"), oldTitle)
	if len(stored) != 1 || !strings.Contains(stored[0].Content, "会议总结了过去一年的教育工作") {
		t.Errorf("after a 304 the stored article is %+v, want its text kept", stored)
	}
}
