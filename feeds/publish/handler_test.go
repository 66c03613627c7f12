package publish

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/edufeed/edufeed/feeds"
)

// jsonTitles reads a JSON Feed body back into its feed URL and item titles.
func jsonTitles(t *testing.T, body []byte) (feedURL string, titles []string) {
	t.Helper()
	var doc struct {
		FeedURL string `json:"feed_url"`
		Items   []struct {
			Title string `json:"title"`
		} `json:"items"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatalf("JSON: %v\n%s", err, body)
	}
	for _, it := range doc.Items {
		titles = append(titles, it.Title)
	}
	return doc.FeedURL, titles
}

func TestFilters(t *testing.T) {
	all := testItems()
	title := func(i int) string { return xmlText(all[i].Title) }
	titles := func(idx ...int) []string {
		var out []string
		for _, i := range idx {
			out = append(out, title(i))
		}
		return out
	}
	tests := []struct {
		name     string
		query    string
		maxItems int
		status   int
		want     []string // titles in order, for 200
		self     string   // the feed_url, for 200
		errText  string   // in the body, for errors
	}{
		// retired-site has left the config: its item is hidden.
		{name: "all newest first", query: "", status: 200, want: titles(0, 1, 2, 3), self: "feed.json"},
		{name: "unknown params ignored", query: "?utm_source=x&foo=bar", status: 200, want: titles(0, 1, 2, 3), self: "feed.json"},
		{name: "one source", query: "?source=gaokao", status: 200, want: titles(1), self: "feed.json?source=gaokao"},
		{name: "sources repeat, any order", query: "?source=edweek&source=moe-news&source=edweek", status: 200, want: titles(0, 2), self: "feed.json?source=edweek&source=moe-news"},
		{name: "disabled source is still known", query: "?source=old-blog", status: 200, want: nil, self: "feed.json?source=old-blog"},
		{name: "global rule tag", query: "?tag=高考", status: 200, want: titles(1), self: "feed.json?tag=%E9%AB%98%E8%80%83"},
		// moe-news is tagged policy in the config; the gaokao item was also
		// carried by moe-news.
		{name: "configured source tag", query: "?tag=policy", status: 200, want: titles(0, 1), self: "feed.json?tag=policy"},
		{name: "tag case folds", query: "?tag=POLICY", status: 200, want: titles(0, 1), self: "feed.json?tag=policy"},
		{name: "tags repeat means any", query: "?tag=teachers&tag=exam", status: 200, want: titles(1, 2), self: "feed.json?tag=exam&tag=teachers"},
		{name: "source and tag", query: "?source=gaokao&tag=policy", status: 200, want: titles(1), self: "feed.json?source=gaokao&tag=policy"},
		{name: "known tag no item has", query: "?tag=english&source=moe-news", status: 200, want: nil, self: "feed.json?source=moe-news&tag=english"},
		{name: "limit", query: "?limit=2", status: 200, want: titles(0, 1), self: "feed.json?limit=2"},
		{name: "limit capped", query: "?limit=1000", maxItems: 3, status: 200, want: titles(0, 1, 2), self: "feed.json"},
		{name: "default is max items", query: "", maxItems: 3, status: 200, want: titles(0, 1, 2), self: "feed.json"},
		{name: "huge limit capped", query: "?limit=99999999999999999999999", status: 200, want: titles(0, 1, 2, 3), self: "feed.json"},
		{name: "limit word", query: "?limit=ten", status: 400, errText: "limit"},
		{name: "limit zero", query: "?limit=0", status: 400, errText: "limit"},
		{name: "limit negative", query: "?limit=-5", status: 400, errText: "limit"},
		{name: "limit huge negative", query: "?limit=-99999999999999999999999", status: 400, errText: "limit"},
		{name: "limit empty", query: "?limit=", status: 400, errText: "limit"},
		{name: "unknown source", query: "?source=gaokao&source=nope", status: 404, errText: `unknown source "nope"`},
		{name: "removed source", query: "?source=retired-site", status: 404, errText: `unknown source "retired-site"`},
		{name: "unknown tag", query: "?tag=policy&tag=Nope", status: 404, errText: `unknown tag "nope"`},
		{name: "categories are not tags", query: "?tag=leadership", status: 404, errText: `unknown tag "leadership"`},
		{name: "a stored tag the config cannot give", query: "?tag=志愿", status: 404, errText: `unknown tag "志愿"`},
		{name: "too many tags", query: "?tag=" + strings.Repeat("a&tag=", 20) + "b", status: 400, errText: "at most 20"},
		{name: "tag too long", query: "?tag=" + strings.Repeat("x", 65), status: 400, errText: "longer than 64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info := testInfo()
			if tt.maxItems > 0 {
				info.MaxItems = tt.maxItems
			}
			f := newFake()
			h := NewHandler(f, Options{Info: info, Sources: testSources(), Classifier: testClassifier(t)})
			rec := get(t, h, "/feed.json"+tt.query)
			if tt.status == http.StatusNotFound && f.calls() != 0 {
				t.Errorf("a 404 read the store %d times", f.calls())
			}
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			if tt.status != http.StatusOK {
				if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
					t.Errorf("error Content-Type %q", ct)
				}
				if !strings.Contains(rec.Body.String(), tt.errText) {
					t.Errorf("error body %q lacks %q", rec.Body, tt.errText)
				}
				return
			}
			self, got := jsonTitles(t, rec.Body.Bytes())
			if !slices.Equal(got, tt.want) {
				t.Errorf("titles\n got %q\nwant %q", got, tt.want)
			}
			if want := "http://127.0.0.1:8080/" + tt.self; self != want {
				t.Errorf("feed_url %q, want %q", self, want)
			}
		})
	}
}

func TestStatusAndMethods(t *testing.T) {
	h := newTestHandler(newFake())
	tests := []struct {
		method, path string
		status       int
		allow        string
	}{
		{"GET", "/feed.xml", 200, ""},
		{"HEAD", "/feed.atom", 200, ""},
		{"GET", "/healthz", 200, ""},
		{"POST", "/feed.xml", 405, "GET, HEAD"},
		{"PUT", "/feed.json", 405, "GET, HEAD"},
		{"DELETE", "/healthz", 405, "GET, HEAD"},
		{"GET", "/feed.rss", 404, ""},
		{"POST", "/nothing", 404, ""},
	}
	for _, tt := range tests {
		rec := do(t, h, tt.method, tt.path)
		if rec.Code != tt.status {
			t.Errorf("%s %s: status %d, want %d", tt.method, tt.path, rec.Code, tt.status)
		}
		if got := rec.Header().Get("Allow"); got != tt.allow {
			t.Errorf("%s %s: Allow %q, want %q", tt.method, tt.path, got, tt.allow)
		}
	}
}

func TestHead(t *testing.T) {
	h := newTestHandler(newFake())
	for _, r := range feedRoutes {
		g := get(t, h, r.path, "Accept-Encoding", "gzip")
		hd := do(t, h, http.MethodHead, r.path, "Accept-Encoding", "gzip")
		if hd.Code != http.StatusOK || hd.Body.Len() != 0 {
			t.Errorf("HEAD %s: status %d, %d body bytes", r.path, hd.Code, hd.Body.Len())
		}
		for _, k := range []string{"Content-Type", "Content-Length", "Content-Encoding", "ETag", "Last-Modified", "Vary", "Cache-Control"} {
			if g.Header().Get(k) == "" || g.Header().Get(k) != hd.Header().Get(k) {
				t.Errorf("%s %s: GET %q, HEAD %q", r.path, k, g.Header().Get(k), hd.Header().Get(k))
			}
		}
	}
}

// TestStoreErrors checks that a failing store gives 503 and is not cached.
func TestStoreErrors(t *testing.T) {
	f := newFake()
	h := newTestHandler(f)
	f.err = errStoreDown
	if rec := get(t, h, "/feed.xml"); rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("status %d, want 503", rec.Code)
	}
	f.mu.Lock()
	f.err = nil
	f.mu.Unlock()
	if rec := get(t, h, "/feed.xml"); rec.Code != http.StatusOK {
		t.Fatalf("after recovery: status %d", rec.Code)
	}
}

func TestSetSourcesChangesOutput(t *testing.T) {
	f := newFake()
	h := newTestHandler(f)
	if rec := get(t, h, "/feed.xml?source=newcomer"); rec.Code != http.StatusNotFound {
		t.Fatalf("unknown source: status %d", rec.Code)
	}
	src := testSources()
	src[1].URL = "https://gaokao.example.cn/rss/v2.xml"
	src = append(src, feeds.Source{Name: "newcomer", URL: "https://new.example.cn/rss", Enabled: true})
	h.SetSources(src)
	if rec := get(t, h, "/feed.xml?source=newcomer"); rec.Code != http.StatusOK {
		t.Fatalf("added source: status %d", rec.Code)
	}
	if body := get(t, h, "/feed.xml").Body.String(); !strings.Contains(body, `<source url="https://gaokao.example.cn/rss/v2.xml">高考 &lt;资讯&gt; &amp; 招生</source>`) {
		t.Error("feed still shows the old source URL after SetSources")
	}
}

// TestConcurrentUse runs requests against config reloads and store writes,
// for the race detector.
func TestConcurrentUse(t *testing.T) {
	f := newFake()
	h := newTestHandler(f)
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for j := range 30 {
				path := feedRoutes[(i+j)%len(feedRoutes)].path
				if rec := get(t, h, path+"?limit="+strconv.Itoa(j%5+1), "Accept-Encoding", "gzip"); rec.Code != http.StatusOK {
					t.Errorf("status %d", rec.Code)
				}
			}
		})
	}
	wg.Go(func() {
		for range 20 {
			h.SetSources(testSources())
			f.bump()
		}
	})
	wg.Wait()
}

func TestInfoDefaults(t *testing.T) {
	h := NewHandler(newFake(), Options{Info: Info{Title: "Edu\x01 News"}, Sources: testSources()})
	rec := get(t, h, "/feed.xml")
	body := rec.Body.String()
	for _, want := range []string{
		"<title>Edu News</title>",
		"<description>Edu News</description>",
		// No configured link: the request's own host is the base.
		`href="http://example.com/feed.xml"`,
		"<generator>edufeed</generator>",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("feed lacks %s", want)
		}
	}
	h = NewHandler(newFake(), Options{Info: Info{Title: "x", Link: "https://edu.example.org/feeds"}})
	if body := get(t, h, "/feed.json").Body.String(); !strings.Contains(body, `"feed_url": "https://edu.example.org/feeds/feed.json"`) {
		t.Errorf("link without a trailing slash: %s", body[:200])
	}
}
