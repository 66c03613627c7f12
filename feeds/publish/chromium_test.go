package publish

import (
	"bytes"
	"net/http/httptest"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/edufeed/edufeed/feeds"
)

// chromium returns the path of Chromium, skipping the test with -short and
// where it is not installed, unless EDUFEED_REQUIRE_CHROMIUM=1 (set by
// .ci/run, which installs Debian's chromium) turns a missing browser into a
// failure.
func chromium(t *testing.T) string {
	t.Helper()
	required := os.Getenv("EDUFEED_REQUIRE_CHROMIUM") == "1"
	if testing.Short() && !required {
		t.Skip("starts a browser")
	}
	bin, err := exec.LookPath("chromium")
	if err != nil {
		if required {
			t.Fatal("EDUFEED_REQUIRE_CHROMIUM=1 but chromium is not installed: apt-get install chromium")
		}
		t.Skip("chromium not installed")
	}
	return bin
}

// dumpDOM runs headless Chromium on url with the extra flags and returns
// the DOM it built, after the page's load event.
func dumpDOM(t *testing.T, bin, url string, flags ...string) []byte {
	t.Helper()
	args := []string{
		"--headless", "--disable-gpu", "--user-data-dir=" + t.TempDir(),
		// Nothing but the test server: tests never reach the internet.
		"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--no-first-run", "--no-default-browser-check", "--hide-scrollbars",
	}
	if os.Geteuid() == 0 {
		args = append(args, "--no-sandbox") // Chromium refuses root otherwise
	}
	args = append(append(args, flags...), "--dump-dom", url)
	cmd := exec.CommandContext(t.Context(), bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.Bytes())
	}
	return out
}

// newBrowserHandler is newPageHandler with one more source whose URLs, error
// and item title are long strings without a space, which a browser breaks
// nowhere unless told to: what pushes a careless page past a phone's width.
func newBrowserHandler(t *testing.T) *Handler {
	long := "https://www.example-university.edu.cn/" + strings.Repeat("xueyuan_tongzhi_gonggao/", 6) + "index.html?category=undergraduate_admissions"
	srcs := append(testSources(), feeds.Source{Name: "campus-notices-of-the-school-of-education", Title: "某大学教育学院通知公告（本科招生与研究生招生）",
		URL: long, Tags: []string{"undergraduate-admissions", "postgraduate-admissions"}, Enabled: true})
	f := newFake()
	f.states = append(statusStates(), feeds.SourceState{
		Name: srcs[len(srcs)-1].Name, LastAttempt: lastPoll, LastSuccess: lastPoll, ItemCount: 3,
		Kind: "discovered", FeedURL: long + "&format=rss", LastErrorAt: lastPoll, ConsecutiveErrors: 1,
		LastError: `source "campus-notices-of-the-school-of-education": fetch ` + long + `: Get "` + long + `": tls: failed to verify certificate: x509: certificate signed by unknown authority`,
	})
	f.items = append(f.items, feeds.Item{ID: "long", Source: srcs[len(srcs)-1].Name, Link: long,
		Title: "关于" + strings.Repeat("本科招生", 12) + long, Published: lastPoll})
	return NewHandler(f, Options{
		Info: testInfo(), Sources: srcs, Classifier: testClassifier(t), Channels: testChannels(t),
		NextRuns: everyAt(srcs, nextPoll),
	})
}

// TestIndexInChromium loads the status page in headless Chromium, at a phone's
// window size, with Chromium's own Accept-Language for a Chinese reader, and
// checks the DOM the browser built: what a person would see, not only what
// we wrote.
func TestIndexInChromium(t *testing.T) {
	bin := chromium(t)
	// No configured link: the page's links take the test server's address.
	f := newFake()
	f.states = statusStates()
	h := NewHandler(f, Options{
		Info: Info{Title: "教育新闻聚合", Language: "zh-CN"}, Sources: testSources(),
		NextRuns: everyAt(testSources(), nextPoll),
	})
	srv := httptest.NewServer(h)
	defer srv.Close()
	out := dumpDOM(t, bin, srv.URL+"/", "--window-size=390,844", "--accept-lang=zh-CN,zh", "--lang=zh-CN")
	doc := parseHTML(t, out)

	var titles []string
	for _, n := range findAll(doc, tag("title")) {
		titles = append(titles, textOf(n))
	}
	if !slices.Equal(titles, []string{"教育新闻聚合"}) {
		t.Fatalf("browser shows titles %q; DOM:\n%s", titles, out)
	}
	if lang, _ := attr(findAll(doc, tag("html"))[0], "lang"); lang != "zh-CN" {
		t.Errorf("Chromium asking for Chinese got <html lang=%q>", lang)
	}
	rows := sourceRows(t, doc)
	var names []string
	for _, r := range rows {
		names = append(names, r[1])
	}
	if want := []string{"教育部 · 新闻 moe-news", "高考 <资讯> & 招生 gaokao", "edweek", "local-notices", "old-blog"}; !slices.Equal(names, want) {
		t.Errorf("source rows %q, want %q", names, want)
	}
	if rows[1][0] != "✗ 失败 ×3" || rows[3][4] != "从未" || !strings.HasPrefix(rows[1][5], "HTTP 503 ") {
		t.Errorf("rows %q", rows)
	}
	var alternates []string
	for _, l := range findAll(doc, tag("link")) {
		if rel, _ := attr(l, "rel"); rel == "alternate" {
			href, _ := attr(l, "href")
			alternates = append(alternates, href)
		}
	}
	if want := []string{srv.URL + "/feed.xml", srv.URL + "/feed.atom", srv.URL + "/feed.json"}; !slices.Equal(alternates, want) {
		t.Errorf("alternate links %q, want %q", alternates, want)
	}
	links := hrefs(doc)
	for _, want := range []string{
		testItems()[0].Link,
		srv.URL + "/feed.xml?source=gaokao",
		srv.URL + "/feed.xml?tag=policy",
		srv.URL + "/sources.opml",
	} {
		if !slices.Contains(links, want) {
			t.Errorf("page lacks a link to %s", want)
		}
	}
	for _, n := range findAll(doc, tag("script")) {
		t.Errorf("page has a script: %s", textOf(n))
	}
	if strings.Contains(string(out), "ZgotmplZ") {
		t.Error("html/template rejected a value the page meant to show")
	}
}
