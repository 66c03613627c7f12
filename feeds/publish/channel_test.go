package publish

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/filter"
)

// Titles of testItems, for what the channels select.
const (
	meetingTitle  = "教育部召开2024年年中推进会"
	gaokaoTitle   = "2024年高考志愿填报指南发布"
	shortageTitle = "Schools Brace for Teacher Shortages & Rising Costs"
	noticeTitle   = "关于做好2024年暑期安全工作的通知"
)

// testChannel compiles a channel's selection as the daemon does (see
// internal/wire).
func testChannel(t testing.TB, name, title, desc string, sel filter.Selection) Channel {
	t.Helper()
	s, err := filter.NewSelector(sel)
	if err != nil {
		t.Fatal(err)
	}
	return Channel{Name: name, Title: title, Description: desc, Sources: sel.Sources,
		Select: func(it *feeds.Item) bool { return s.Selects(it, it.Tags) }}
}

// testChannels are an admissions channel by tag, a policy channel by
// source and pattern, and one that selects nothing.
func testChannels(t testing.TB) []Channel {
	return []Channel{
		testChannel(t, "zhaosheng", "招生考试", "给招生办的新闻", filter.Selection{Tags: []string{"高考", "EXAM"}}),
		testChannel(t, "policy", "政策文件 <全部>", "", filter.Selection{Sources: []string{"moe-news", "local-notices"}, Exclude: []string{"推进会", "志愿"}}),
		testChannel(t, "empty", "", "", filter.Selection{Include: []string{"不存在的关键词"}}),
	}
}

func newChannelHandler(t testing.TB, r Reader) *Handler {
	return NewHandler(r, Options{Info: testInfo(), Sources: testSources(), Classifier: testClassifier(t),
		Channels: testChannels(t), Version: "0.1.0", Now: clockAt(started)})
}

// feedSummary is what the tests read of a feed in any format.
type feedSummary struct {
	title, description, self string
	items                    []string
}

// readFeed reads a feed body of the format file names.
func readFeed(t *testing.T, file string, body []byte) feedSummary {
	t.Helper()
	var s feedSummary
	switch {
	case strings.HasSuffix(file, ".xml"):
		wellFormed(t, body)
		var doc struct {
			Title       string `xml:"channel>title"`
			Description string `xml:"channel>description"`
			Self        struct {
				Href string `xml:"href,attr"`
			} `xml:"http://www.w3.org/2005/Atom channel>link"`
			Items []string `xml:"channel>item>title"`
		}
		if err := xml.Unmarshal(body, &doc); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		s = feedSummary{doc.Title, doc.Description, doc.Self.Href, doc.Items}
	case strings.HasSuffix(file, ".atom"):
		wellFormed(t, body)
		var doc struct {
			Title    string `xml:"title"`
			Subtitle string `xml:"subtitle"`
			Links    []struct {
				Rel  string `xml:"rel,attr"`
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Entries []string `xml:"entry>title"`
		}
		if err := xml.Unmarshal(body, &doc); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		s = feedSummary{title: doc.Title, description: doc.Subtitle, items: doc.Entries}
		for _, l := range doc.Links {
			if l.Rel == "self" {
				s.self = l.Href
			}
		}
	default:
		var doc struct {
			Title       string `json:"title"`
			Description string `json:"description"`
			FeedURL     string `json:"feed_url"`
			Items       []struct {
				Title string `json:"title"`
			} `json:"items"`
		}
		if err := json.Unmarshal(body, &doc); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		s = feedSummary{title: doc.Title, description: doc.Description, self: doc.FeedURL}
		for _, it := range doc.Items {
			s.items = append(s.items, it.Title)
		}
		if s.items == nil && !strings.Contains(string(body), `"items": []`) {
			t.Errorf("%s: no items list: JSON Feed requires one, even empty", file)
		}
	}
	return s
}

func TestChannelRoutes(t *testing.T) {
	h := newChannelHandler(t, newFake())
	const base = "http://127.0.0.1:8080/"
	tests := []struct {
		channel, title, description string
		items                       []string
	}{
		// 高考 is a global tag rule's, exam a source's plain tag (asked
		// for in another case).
		{"zhaosheng", "招生考试", "给招生办的新闻", []string{gaokaoTitle}},
		// The item of local-notices, a file: source, is in; moe-news's
		// meeting and the gaokao story, which moe-news carried too, are
		// excluded by pattern.
		{"policy", "政策文件 <全部>", "政策文件 <全部>", []string{noticeTitle}},
		// Nothing matches: a valid, empty feed titled with the name.
		{"empty", "empty", "empty", nil},
	}
	for _, tt := range tests {
		for _, r := range feedRoutes {
			ext := r.path[strings.LastIndex(r.path, "."):]
			path := "/c/" + tt.channel + ext
			t.Run(path, func(t *testing.T) {
				rec := get(t, h, path)
				if rec.Code != http.StatusOK {
					t.Fatalf("status %d: %s", rec.Code, rec.Body)
				}
				if ct := rec.Header().Get("Content-Type"); ct != r.contentType {
					t.Errorf("Content-Type %q, want %q", ct, r.contentType)
				}
				got := readFeed(t, path, rec.Body.Bytes())
				if got.title != tt.title {
					t.Errorf("title %q, want %q", got.title, tt.title)
				}
				if got.description != tt.description {
					t.Errorf("description %q, want %q", got.description, tt.description)
				}
				if want := base + strings.TrimPrefix(path, "/"); got.self != want {
					t.Errorf("self link %q, want %q", got.self, want)
				}
				if !slices.Equal(got.items, tt.items) {
					t.Errorf("items %q\nwant  %q", got.items, tt.items)
				}
			})
		}
	}
	// The merged feed keeps its own title and every shown item.
	merged := readFeed(t, "feed.xml", get(t, h, "/feed.xml").Body.Bytes())
	if merged.title != "教育新闻聚合" || len(merged.items) != 4 {
		t.Errorf("merged feed: title %q, %d items", merged.title, len(merged.items))
	}
}

func TestChannelConditionalAndLimit(t *testing.T) {
	f := newFake()
	h := newChannelHandler(t, f)
	for _, r := range feedRoutes {
		ext := r.path[strings.LastIndex(r.path, "."):]
		path := "/c/policy" + ext
		first := get(t, h, path)
		etag := first.Header().Get("Etag")
		if etag == "" || first.Header().Get("Last-Modified") == "" {
			t.Fatalf("%s: no validators: %v", path, first.Header())
		}
		if merged := get(t, h, r.path).Header().Get("Etag"); merged == etag {
			t.Errorf("%s shares its ETag with %s", path, r.path)
		}
		if rec := get(t, h, path, "If-None-Match", etag); rec.Code != http.StatusNotModified || rec.Body.Len() != 0 {
			t.Errorf("%s with its ETag: status %d, %d bytes, want 304", path, rec.Code, rec.Body.Len())
		}
		gz := get(t, h, path, "Accept-Encoding", "gzip")
		if rec := get(t, h, path, "Accept-Encoding", "gzip", "If-None-Match", gz.Header().Get("Etag")); rec.Code != http.StatusNotModified {
			t.Errorf("%s gzip with its ETag: status %d", path, rec.Code)
		}
		if rec := do(t, h, http.MethodHead, path); rec.Code != http.StatusOK || rec.Body.Len() != 0 {
			t.Errorf("HEAD %s: status %d, %d bytes", path, rec.Code, rec.Body.Len())
		}
	}

	// A wider channel, to see ?limit= cut it.
	h = NewHandler(f, Options{Info: testInfo(), Sources: testSources(), Classifier: testClassifier(t),
		Channels: []Channel{testChannel(t, "all", "全部", "", filter.Selection{})}, Now: clockAt(started)})
	all := readFeed(t, ".xml", get(t, h, "/c/all.xml").Body.Bytes())
	if len(all.items) != 4 {
		t.Fatalf("channel without a selection: %d items, want the 4 shown", len(all.items))
	}
	rec := get(t, h, "/c/all.xml?limit=2")
	two := readFeed(t, ".xml", rec.Body.Bytes())
	if !slices.Equal(two.items, all.items[:2]) {
		t.Errorf("limit=2: items %q, want %q", two.items, all.items[:2])
	}
	if two.self != "http://127.0.0.1:8080/c/all.xml?limit=2" {
		t.Errorf("limit=2: self %q", two.self)
	}
	if rec.Header().Get("Etag") == get(t, h, "/c/all.xml").Header().Get("Etag") {
		t.Error("limit=2 shares the ETag of the whole channel")
	}
	// ?source= and ?tag= are not a channel's: they change nothing.
	if got := readFeed(t, ".xml", get(t, h, "/c/all.xml?tag=policy&source=edweek").Body.Bytes()); len(got.items) != 4 {
		t.Errorf("channel with ?tag= and ?source=: %d items, want 4", len(got.items))
	}
	for _, bad := range []string{"0", "-1", "x"} {
		if rec := get(t, h, "/c/all.xml?limit="+bad); rec.Code != http.StatusBadRequest {
			t.Errorf("limit=%s: status %d, want 400", bad, rec.Code)
		}
	}
	// Cached: a second request renders nothing.
	before := f.calls()
	get(t, h, "/c/all.xml?limit=2")
	if f.calls() != before {
		t.Error("a repeated channel request read the store again")
	}
}

func TestChannelNotFound(t *testing.T) {
	h := newChannelHandler(t, newFake())
	for _, path := range []string{
		"/c/nobody.xml", "/c/ZHAOSHENG.xml", "/c/zhaosheng.html", "/c/zhaosheng", "/c/.xml",
		"/c/zhaosheng/x.xml", "/c/", "/c/zhaosheng.xml/",
	} {
		if rec := get(t, h, path); rec.Code != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", path, rec.Code)
		}
	}
	if rec := do(t, h, http.MethodPost, "/c/zhaosheng.xml"); rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d, want 405", rec.Code)
	}
	// Without channels every channel route is a 404.
	if rec := get(t, newTestHandler(newFake()), "/c/zhaosheng.xml"); rec.Code != http.StatusNotFound {
		t.Errorf("no channels: status %d", rec.Code)
	}
}

func TestChannelReload(t *testing.T) {
	clock := &settableClock{t: started}
	f := newFake()
	h := NewHandler(f, Options{Info: testInfo(), Sources: testSources(), Classifier: testClassifier(t),
		Channels: testChannels(t), Now: clock.now})
	first := get(t, h, "/c/zhaosheng.xml")
	etag := first.Header().Get("Etag")

	clock.set(storeModified.Add(time.Hour))
	renamed := testChannel(t, "zhaosheng", "招生考试 2024", "", filter.Selection{Tags: []string{"english"}})
	added := testChannel(t, "news", "新闻", "", filter.Selection{Sources: []string{"moe-news"}})
	h.Reload(testSources(), testClassifier(t), []Channel{renamed, added})

	changed := get(t, h, "/c/zhaosheng.xml", "If-None-Match", etag)
	if changed.Code != http.StatusOK {
		t.Fatalf("changed channel answered %d to its old ETag", changed.Code)
	}
	got := readFeed(t, ".xml", changed.Body.Bytes())
	if got.title != "招生考试 2024" || !slices.Equal(got.items, []string{shortageTitle}) {
		t.Errorf("after the reload: title %q, items %q", got.title, got.items)
	}
	if rec := get(t, h, "/c/news.json"); rec.Code != http.StatusOK {
		t.Errorf("added channel: status %d", rec.Code)
	}
	if rec := get(t, h, "/c/policy.xml"); rec.Code != http.StatusNotFound {
		t.Errorf("removed channel: status %d, want 404", rec.Code)
	}
	if lm := changed.Header().Get("Last-Modified"); lm == first.Header().Get("Last-Modified") {
		t.Errorf("Last-Modified %q did not move with the reload", lm)
	}
}

func TestChannelsOnStatusPage(t *testing.T) {
	f := newFake()
	h := newChannelHandler(t, f)
	doc := parseHTML(t, get(t, h, "/").Body.Bytes())
	table := byID(t, doc, "channels")
	var rows [][]string
	for _, tr := range findAll(table, tag("tr"))[1:] {
		var row []string
		for _, td := range findAll(tr, tag("td")) {
			row = append(row, textOf(td))
		}
		rows = append(rows, row)
	}
	want := [][]string{
		{"招生考试 给招生办的新闻", "RSS Atom JSON Feed", "1"},
		{"政策文件 <全部>", "RSS Atom JSON Feed", "1"},
		{"empty", "RSS Atom JSON Feed", "0"},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows %q, want %q", rows, want)
	}
	for i := range want {
		if !slices.Equal(rows[i], want[i]) {
			t.Errorf("row %d %q, want %q", i, rows[i], want[i])
		}
	}
	links := hrefs(table)
	for _, l := range []string{"http://127.0.0.1:8080/c/zhaosheng.xml", "http://127.0.0.1:8080/c/policy.atom", "http://127.0.0.1:8080/c/empty.json"} {
		if !slices.Contains(links, l) {
			t.Errorf("channel table lacks a link to %s: %q", l, links)
		}
	}
	if !slices.Contains(hrefs(doc), "http://127.0.0.1:8080/channels.opml") {
		t.Error("status page lacks a link to channels.opml")
	}
	// The counts are read once, kept until the store changes.
	before := f.calls()
	get(t, h, "/")
	if n := f.calls() - before; n != 1 { // the newest items only
		t.Errorf("a second page view read the store %d times, want 1", n)
	}
	f.items = f.items[1:] // the gaokao story is now the newest
	f.items = append(f.items, f.items[0])
	f.items[len(f.items)-1].ID = "urn:another"
	f.bump()
	doc = parseHTML(t, get(t, h, "/").Body.Bytes())
	if got := textOf(findAll(findAll(byID(t, doc, "channels"), tag("tr"))[1], tag("td"))[2]); got != "2" {
		t.Errorf("after a store write the admissions channel counts %s, want 2", got)
	}

	// Without channels there is no section.
	if body := get(t, newTestHandler(newFake()), "/").Body.String(); strings.Contains(body, `id="channels"`) {
		t.Error("status page without channels has a channel table")
	}
}

// TestChannelCountIsFeedLength: the status page counts what a channel's
// feed holds, at most max_items, so that counting never reads more of the
// store than the feed does.
func TestChannelCountIsFeedLength(t *testing.T) {
	f := newFake()
	all := testChannel(t, "all", "", "", filter.Selection{})
	info := testInfo()
	info.MaxItems = 2
	h := NewHandler(f, Options{Info: info, Sources: testSources(), Channels: []Channel{all}, Now: clockAt(started)})
	if len(f.items) <= info.MaxItems {
		t.Fatalf("the fake holds %d items, want more than %d", len(f.items), info.MaxItems)
	}
	doc := parseHTML(t, get(t, h, "/").Body.Bytes())
	if got := textOf(findAll(findAll(byID(t, doc, "channels"), tag("tr"))[1], tag("td"))[2]); got != "2" {
		t.Errorf("channel of every item counts %s, want the feed's length 2", got)
	}
	if got := readFeed(t, "all.xml", get(t, h, "/c/all.xml").Body.Bytes()).items; len(got) != 2 {
		t.Errorf("its feed holds %d items, want 2", len(got))
	}
}

func TestChannelsOPML(t *testing.T) {
	h := newChannelHandler(t, newFake())
	rec := get(t, h, "/channels.opml")
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "text/x-opml; charset=utf-8" {
		t.Fatalf("status %d, Content-Type %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	wellFormed(t, rec.Body.Bytes())
	var doc struct {
		Title    string `xml:"head>title"`
		Outlines []struct {
			Type        string `xml:"type,attr"`
			Text        string `xml:"text,attr"`
			Title       string `xml:"title,attr"`
			Description string `xml:"description,attr"`
			XMLURL      string `xml:"xmlUrl,attr"`
		} `xml:"body>outline"`
	}
	if err := xml.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Title != "教育新闻聚合 · channels" {
		t.Errorf("title %q", doc.Title)
	}
	want := [][3]string{
		{"招生考试", "给招生办的新闻", "http://127.0.0.1:8080/c/zhaosheng.xml"},
		{"政策文件 <全部>", "政策文件 <全部>", "http://127.0.0.1:8080/c/policy.xml"},
		{"empty", "empty", "http://127.0.0.1:8080/c/empty.xml"},
	}
	if len(doc.Outlines) != len(want) {
		t.Fatalf("%d outlines, want %d", len(doc.Outlines), len(want))
	}
	for i, w := range want {
		o := doc.Outlines[i]
		if o.Type != "rss" || o.Text != w[0] || o.Title != w[0] || o.Description != w[1] || o.XMLURL != w[2] {
			t.Errorf("outline %d: %+v, want %q", i, o, w)
		}
		// Every outline is a feed that answers.
		if rec := get(t, h, strings.TrimPrefix(o.XMLURL, "http://127.0.0.1:8080")); rec.Code != http.StatusOK {
			t.Errorf("%s: status %d", o.XMLURL, rec.Code)
		}
	}
}
