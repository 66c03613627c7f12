package publish

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/edufeed/edufeed/feeds"
)

// newPageHandler is newStatusHandler with channels and the tag rules: all
// that the status page shows.
func newPageHandler(t testing.TB) *Handler {
	f := newFake()
	f.states = statusStates()
	return NewHandler(f, Options{
		Info: testInfo(), Sources: testSources(), Classifier: testClassifier(t), Channels: testChannels(t),
		Version: "0.1.0", NextRuns: everyAt(testSources(), nextPoll),
	})
}

// TestIndexGolden keeps the status page in each language, as a browser
// asking for it gets it.
func TestIndexGolden(t *testing.T) {
	tests := []struct {
		accept, lang, file string
	}{
		{"", "en", "index.html"},
		{"zh-CN,zh;q=0.9,en;q=0.8", "zh-CN", "index.zh-CN.html"},
	}
	h := newPageHandler(t)
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			if tt.accept != "" {
				req.Header.Set("Accept-Language", tt.accept)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			for k, want := range map[string]string{
				"Content-Type":     "text/html; charset=utf-8",
				"Cache-Control":    "no-store",
				"Vary":             "Accept-Language",
				"Content-Language": tt.lang,
			} {
				if got := rec.Header().Get(k); got != want {
					t.Errorf("%s %q, want %q", k, got, want)
				}
			}
			if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
				t.Errorf("Content-Security-Policy %q", csp)
			}
			doc := parseHTML(t, rec.Body.Bytes())
			if lang, _ := attr(findAll(doc, tag("html"))[0], "lang"); lang != tt.lang {
				t.Errorf("<html lang=%q>, want %q", lang, tt.lang)
			}
			checkGolden(t, tt.file, rec.Body.Bytes())
		})
	}
}

// TestIndexLanguages checks the words of the page in each language, and
// that each keeps its own rows: a reader of one never gets a row cached
// for the other.
func TestIndexLanguages(t *testing.T) {
	h := newPageHandler(t)
	tests := []struct {
		accept       string
		counts, head string
		health       []string
		causes       []string
	}{
		{"zh-CN,zh;q=0.9", "5 条新闻 · 5 个来源 · 1 个失败 · 3 个频道", "状态 名称 网址 标签 上次成功 上次错误 下次抓取 条目",
			[]string{"✓ 正常", "✗ 失败 ×3", "✓ 正常", "… 等待中", "– 已停用"}, []string{"HTTP 503 (2024-07-24 12:20 UTC)", "无法解析主机名"}},
		{"en-GB", "5 stories · 5 sources · 1 failing · 3 channels", "Health Name URL Tags Last success Last error Next poll Items",
			[]string{"✓ ok", "✗ failing ×3", "✓ ok", "… pending", "– disabled"}, []string{"HTTP 503 (2024-07-24 12:20 UTC)", "cannot resolve host"}},
	}
	for round := range 2 { // the second round is served from the row caches
		for _, tt := range tests {
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.Header.Set("Accept-Language", tt.accept)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			doc := parseHTML(t, rec.Body.Bytes())
			counts := findAll(doc, func(n *html.Node) bool { c, _ := attr(n, "class"); return c == "counts" })
			if len(counts) != 1 || textOf(counts[0]) != tt.counts {
				t.Errorf("round %d, %s: counts %q, want %q", round, tt.accept, textOf(counts[0]), tt.counts)
			}
			var head []string
			for _, th := range findAll(byID(t, doc, "sources"), tag("th")) {
				head = append(head, textOf(th))
			}
			if got := strings.Join(head, " "); got != tt.head {
				t.Errorf("round %d, %s: head %q, want %q", round, tt.accept, got, tt.head)
			}
			var health, causes []string
			for _, r := range sourceRows(t, doc) {
				health = append(health, r[0])
			}
			for _, s := range findAll(byID(t, doc, "sources"), tag("summary")) {
				causes = append(causes, textOf(s))
			}
			if !slices.Equal(health, tt.health) || !slices.Equal(causes, tt.causes) {
				t.Errorf("round %d, %s: health %q, causes %q; want %q, %q", round, tt.accept, health, causes, tt.health, tt.causes)
			}
		}
	}
	for i := range languages {
		if n := len(h.rows.page[i].rows); n != len(testSources()) {
			t.Errorf("%s keeps %d rows, want %d", languages[i].Lang, n, len(testSources()))
		}
	}
}

func TestIndexContent(t *testing.T) {
	h, _ := newStatusHandler()
	doc := parseHTML(t, get(t, h, "/").Body.Bytes())
	const base = "http://127.0.0.1:8080/"

	t.Run("auto-discovery", func(t *testing.T) {
		var got []string
		for _, l := range findAll(doc, tag("link")) {
			rel, _ := attr(l, "rel")
			typ, _ := attr(l, "type")
			href, _ := attr(l, "href")
			got = append(got, rel+" "+typ+" "+href)
		}
		want := []string{
			"alternate application/rss+xml " + base + "feed.xml",
			"alternate application/atom+xml " + base + "feed.atom",
			"alternate application/feed+json " + base + "feed.json",
			"outline text/x-opml " + base + "sources.opml",
		}
		if !slices.Equal(got, want) {
			t.Errorf("links\n got %q\nwant %q", got, want)
		}
		nav := findAll(doc, tag("nav"))
		if len(nav) != 1 || !slices.Equal(hrefs(nav[0])[:4], []string{base + "feed.xml", base + "feed.atom", base + "feed.json", base + "sources.opml"}) {
			t.Errorf("visible feed links: %q", hrefs(nav[0]))
		}
	})

	t.Run("source table", func(t *testing.T) {
		want := [][]string{
			// A source shows its title, with its name below when they differ.
			{"✓ ok", "教育部 · 新闻 moe-news", "https://www.moe.gov.cn/jyb_xwfb/rss.xml", "policy", "2024-07-24 12:20 UTC", "", "2024-07-24 12:50 UTC", "2"},
			{"✗ failing ×3", "高考 <资讯> & 招生 gaokao", "https://gaokao.example.cn/news/rss.xml", "exam", "2024-07-23 10:20 UTC",
				// The cause, with the full error one click away.
				`HTTP 503 (2024-07-24 12:20 UTC)source "gaokao": fetch https://gaokao.example.cn/news/rss.xml: unexpected HTTP status 503 Service Unavailable`,
				"2024-07-24 12:50 UTC backoff until 2024-07-24 14:20 UTC", "1"},
			{"✓ ok", "edweek", "https://www.edweek.example.org/feed/", "english", "2024-07-24 12:20 UTC", "", "2024-07-24 12:50 UTC", "1"},
			{"… pending", "local-notices", "file:///var/lib/edufeed/notices.xml", "", "never", "", "2024-07-24 12:50 UTC", "0"},
			{"– disabled", "old-blog", "https://user:xxxxx@blog.example.com/rss", "", "never",
				`cannot resolve host` + `source "old-blog": fetch https://blog.example.com/rss: Get "https://blog.example.com/rss": dial tcp: lookup blog.example.com: no such host`, "–", "0"},
		}
		got := sourceRows(t, doc)
		if len(got) != len(want) {
			t.Fatalf("%d rows, want %d: %q", len(got), len(want), got)
		}
		for i := range want {
			if !slices.Equal(got[i], want[i]) {
				t.Errorf("row %d\n got %q\nwant %q", i, got[i], want[i])
			}
		}
		table := byID(t, doc, "sources")
		links := hrefs(table)
		for _, want := range []string{
			base + "feed.xml?source=moe-news",
			base + "feed.xml?source=local-notices",
			"https://www.moe.gov.cn/jyb_xwfb/rss.xml",
			base + "feed.xml?tag=policy",
		} {
			if !slices.Contains(links, want) {
				t.Errorf("source table lacks a link to %s", want)
			}
		}
		for _, l := range links {
			// Neither a file: URL nor one with credentials is a link.
			if strings.HasPrefix(l, "file:") || strings.Contains(l, "blog.example.com") {
				t.Errorf("source table links to %s", l)
			}
		}
		for _, tr := range findAll(table, tag("tr"))[1:] {
			if c, _ := attr(tr, "class"); !slices.Contains([]string{"ok", "failing", "disabled", "pending"}, c) {
				t.Errorf("row class %q", c)
			}
		}
	})

	t.Run("items", func(t *testing.T) {
		lis := findAll(findAll(doc, func(n *html.Node) bool { c, _ := attr(n, "class"); return c == "items" })[0], tag("li"))
		items := testItems()
		if len(lis) != len(items) {
			t.Fatalf("%d items listed, want %d", len(lis), len(items))
		}
		for i, li := range lis {
			a := findAll(li, tag("a"))
			if len(a) == 0 || textOf(a[0]) != strings.TrimSpace(xmlText(items[i].Title)) {
				t.Errorf("item %d: title link missing: %s", i, textOf(li))
				continue
			}
			if href, _ := attr(a[0], "href"); href != items[i].Link {
				t.Errorf("item %d: href %q, want %q", i, href, items[i].Link)
			}
			tm := findAll(li, tag("time"))
			if dt, _ := attr(tm[0], "datetime"); len(tm) != 1 || dt != items[i].Published.Format(time.RFC3339) {
				t.Errorf("item %d: datetime %q", i, dt)
			}
		}
		// The gaokao story was carried by moe-news too, and is dated in
		// its own zone; sources show by title; the retired source is named
		// but not linked.
		if got := textOf(lis[1]); got != "2024年高考志愿填报指南发布 2024-07-23 09:30 UTC+08:00 · 高考 <资讯> & 招生 · 教育部 · 新闻 · #高考 · #志愿" {
			t.Errorf("second item reads %q", got)
		}
		if got := textOf(lis[2]); !strings.Contains(got, "2024-07-22 14:00 UTC-04:00") {
			t.Errorf("third item reads %q", got)
		}
		if got := hrefs(lis[4]); !slices.Equal(got, []string{"https://retired.example.cn/a/1.html"}) {
			t.Errorf("retired-site item links %q", got)
		}
	})

	t.Run("tag filters", func(t *testing.T) {
		var got []string
		for _, p := range findAll(doc, func(n *html.Node) bool { c, _ := attr(n, "class"); return c == "tags" }) {
			got = append(got, hrefs(p)...)
		}
		var want []string
		for _, tg := range []string{"english", "exam", "policy", "teachers", "%E5%BF%97%E6%84%BF", "%E9%AB%98%E8%80%83"} {
			want = append(want, base+"feed.xml?tag="+tg)
		}
		if !slices.Equal(got, want) {
			t.Errorf("tag links\n got %q\nwant %q", got, want)
		}
	})
}

// TestIndexHostile feeds the page sources and items written to break out of
// their markup, and checks that they stay text.
func TestIndexHostile(t *testing.T) {
	f := newFake()
	longErr := strings.Repeat("错误", errorShown) + "<b>end</b>"
	f.states = []feeds.SourceState{{Name: `" onmouseover="alert(1)`, LastAttempt: lastPoll, LastError: longErr}}
	f.items = []feeds.Item{
		{
			ID: "1", Source: "<script>alert(1)</script>", Link: "javascript:alert(1)",
			Title: `<img src=x onerror=alert(1)>`, Tags: []string{`"><script>alert(2)</script>`},
			Published: lastPoll,
		},
		{ID: "2", Source: "moe-news", Link: " JavaScript:alert(3)", Title: "caps", Published: lastPoll},
		{ID: "3", Source: "moe-news", Link: "data:text/html,<script>alert(4)</script>", Title: "data", Published: lastPoll},
		{ID: "4", Source: "moe-news", Link: "//evil.example/x", Title: "scheme-relative", Published: lastPoll},
	}
	src := []feeds.Source{
		{Name: "<script>alert(1)</script>", URL: "javascript:alert(1)", Tags: []string{"<b>x</b>"}, Enabled: true},
		{Name: `" onmouseover="alert(1)`, URL: `https://example.org/rss?a="><script>alert(5)</script>`, Enabled: true},
		{Name: "moe-news", URL: "https://www.moe.gov.cn/jyb_xwfb/rss.xml", Enabled: true},
	}
	info := testInfo()
	info.Title, info.Description = "</title><script>alert(6)</script>", `"><script>alert(7)</script>`
	h := NewHandler(f, Options{Info: info, Sources: src})
	rec := get(t, h, "/")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	body := rec.Body.String()
	for _, bad := range []string{"<script", "<img", "<b>", `" onmouseover`} {
		if strings.Contains(body, bad) {
			t.Errorf("page contains %s unescaped", bad)
		}
	}
	doc := parseHTML(t, rec.Body.Bytes())
	for _, n := range findAll(doc, func(*html.Node) bool { return true }) {
		if n.Data == "script" || n.Data == "img" || n.Data == "b" {
			t.Errorf("page has a <%s> element", n.Data)
		}
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") {
				t.Errorf("<%s> has an %s attribute", n.Data, a.Key)
			}
			if a.Key == "href" && !strings.HasPrefix(a.Val, "http://") && !strings.HasPrefix(a.Val, "https://") {
				t.Errorf("<%s> links to %q", n.Data, a.Val)
			}
		}
	}
	lis := findAll(findAll(doc, func(n *html.Node) bool { c, _ := attr(n, "class"); return c == "items" })[0], tag("li"))
	for i, li := range lis {
		if first := li.FirstChild; first.Type != html.TextNode {
			t.Errorf("item %d: title is a <%s>, not text: %v", i, first.Data, hrefs(li))
		}
	}
	if got := textOf(lis[0]); !strings.HasPrefix(got, "<img src=x onerror=alert(1)>") {
		t.Errorf("hostile title not shown as text: %q", got)
	}
	rows := sourceRows(t, doc)
	if rows[0][1] != "<script>alert(1)</script>" || rows[0][2] != "javascript:alert(1)" {
		t.Errorf("hostile source row %q", rows[0])
	}
	td := findAll(byID(t, doc, "sources"), func(n *html.Node) bool { c, _ := attr(n, "class"); return c == "err" })
	summary, full := findAll(td[1], tag("summary")), findAll(td[1], tag("p"))
	if len(summary) != 1 || textOf(summary[0]) != "error" || len(full) != 1 {
		t.Fatalf("error cell %q", rows[1][5])
	}
	if got := textOf(full[0]); !strings.HasSuffix(got, "…") || strings.Contains(got, "end") || len([]rune(got)) != errorShown+1 {
		t.Errorf("long error not cut: %q", got)
	}
}

func TestIndexStoreDown(t *testing.T) {
	h, f := newStatusHandler()
	f.err = errStoreDown
	rec := get(t, h, "/")
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("status %d, want 503", rec.Code)
	}
	doc := parseHTML(t, rec.Body.Bytes())
	alert := findAll(doc, func(n *html.Node) bool { r, _ := attr(n, "role"); return r == "alert" })
	if len(alert) != 1 || !strings.Contains(textOf(alert[0]), "input/output error") {
		t.Errorf("no alert naming the store error")
	}
	// The configured sources are still listed, from the config alone.
	if rows := sourceRows(t, doc); len(rows) != len(testSources()) {
		t.Errorf("%d source rows", len(rows))
	}
}

func TestIndexRoutes(t *testing.T) {
	h, _ := newStatusHandler()
	tests := []struct {
		method, path string
		status       int
	}{
		{"GET", "/", 200},
		{"HEAD", "/", 200},
		{"POST", "/", 405},
		{"GET", "/index.html", 404},
		{"GET", "/api", 404},
		{"GET", "/api/sources/", 404},
		{"GET", "/sources.opml/x", 404},
		{"GET", "/favicon.ico", 404},
	}
	for _, tt := range tests {
		rec := do(t, h, tt.method, tt.path)
		if rec.Code != tt.status {
			t.Errorf("%s %s: status %d, want %d", tt.method, tt.path, rec.Code, tt.status)
		}
	}
	g, hd := get(t, h, "/"), do(t, h, http.MethodHead, "/")
	if hd.Body.Len() != 0 || hd.Header().Get("Content-Length") != g.Header().Get("Content-Length") {
		t.Errorf("HEAD: %d body bytes, Content-Length %q vs %q", hd.Body.Len(), hd.Header().Get("Content-Length"), g.Header().Get("Content-Length"))
	}
}
