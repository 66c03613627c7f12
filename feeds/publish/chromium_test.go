package publish

import (
	"bytes"
	"net/http/httptest"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestIndexInChromium loads the status page in headless Chromium, at a phone's
// window size, and checks the DOM the browser built: what a person would see,
// not only what we wrote. It is skipped with -short and where Chromium is not
// installed, unless EDUFEED_REQUIRE_CHROMIUM=1 (set by .ci/run, which
// installs Debian's chromium) turns a missing browser into a failure.
func TestIndexInChromium(t *testing.T) {
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
	f := newFake()
	f.states = statusStates()
	// No configured link: the page's links take the test server's address.
	h := NewHandler(f, Options{
		Info: Info{Title: "教育新闻聚合", Language: "zh-CN"}, Sources: testSources(),
		NextRuns: everyAt(testSources(), nextPoll),
	})
	srv := httptest.NewServer(h)
	defer srv.Close()

	args := []string{
		"--headless", "--disable-gpu", "--user-data-dir=" + t.TempDir(),
		"--window-size=390,844",
		// Nothing but the test server: tests never reach the internet.
		"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--no-first-run", "--no-default-browser-check",
		"--dump-dom", srv.URL + "/",
	}
	if os.Geteuid() == 0 {
		args = append([]string{"--no-sandbox"}, args...) // Chromium refuses root otherwise
	}
	cmd := exec.CommandContext(t.Context(), bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.Bytes())
	}
	doc := parseHTML(t, out)

	var titles []string
	for _, n := range findAll(doc, tag("title")) {
		titles = append(titles, textOf(n))
	}
	if !slices.Equal(titles, []string{"教育新闻聚合"}) {
		t.Fatalf("browser shows titles %q; DOM:\n%s", titles, out)
	}
	rows := sourceRows(t, doc)
	var names []string
	for _, r := range rows {
		names = append(names, r[1])
	}
	// A source with a title shows it, with its name beneath.
	if want := []string{"教育部 · 新闻 moe-news", "高考 <资讯> & 招生 gaokao", "edweek", "local-notices", "old-blog"}; !slices.Equal(names, want) {
		t.Errorf("source rows %q, want %q", names, want)
	}
	if rows[1][0] != "✗ failing ×3" || rows[3][4] != "never" {
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
