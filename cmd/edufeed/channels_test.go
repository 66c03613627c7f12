package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// channelSources are five sources: three carry one admissions story, and
// two schools post notices under one generic title.
func channelSources(srcs *sourceServers, t *testing.T) string {
	return fmt.Sprintf(`  - {name: eol, title: 中国教育在线, url: %q}
  - {name: gaokao, title: 高考网, url: %q}
  - {name: xinhua, title: 新华网, url: %q, tags: [wire]}
  - {name: school-a, title: 第一中学, url: %q}
  - {name: school-b, title: 实验小学, url: %q}
`, srcs.serveFile(t, "merge/announce-a.xml", "application/rss+xml"),
		srcs.serveFile(t, "merge/announce-b.xml", "application/rss+xml"),
		srcs.serveFile(t, "merge/announce-c.xml", "application/rss+xml"),
		srcs.serveFile(t, "merge/school-a.xml", "application/rss+xml"),
		srcs.serveFile(t, "merge/school-b.xml", "application/rss+xml"))
}

const (
	admissionsStory = "普通高校招生工作"      // eol, gaokao and xinhua carry it
	signupNumbers   = "2026年高考报名人数公布" // gaokao's own
	wireComment     = "新华时评"
	holidayNotice   = "寒假放假安排" // each school has one
)

// channelFeed reads one channel route and returns its title, self link and
// item titles. RSS and Atom go through gofeed; the JSON through gofeed too,
// which reads JSON Feed.
func channelFeed(t *testing.T, url string) (title, self string, items []string) {
	t.Helper()
	feed := readFeed(t, url)
	for _, it := range feed.Items {
		items = append(items, it.Title)
	}
	self = feed.FeedLink
	return feed.Title, self, items
}

// holds reports whether the titles hold exactly one containing each of
// want, and nothing else.
func holds(titles []string, want ...string) bool {
	if len(titles) != len(want) {
		return false
	}
	for _, w := range want {
		if !slices.ContainsFunc(titles, func(s string) bool { return strings.Contains(s, w) }) {
			return false
		}
	}
	return true
}

// TestChannelsEndToEnd is issue 17's channels through the daemon: two
// channels, one by tag rule and exclude, one by source, each served in
// three formats with its own title and self link; listed with counts on the
// status page and in /channels.opml; changed, removed and added by a reload.
// Sources are shown by their titles.
func TestChannelsEndToEnd(t *testing.T) {
	var srcs sourceServers
	defer srcs.close()
	sources := channelSources(&srcs, t)
	path := filepath.Join(t.TempDir(), "config.yaml")
	const rules = `tags:
  - {match: 招生|高考, tag: admissions}
`
	first := rules + `channels:
  - name: zhaosheng
    title: 招生考试
    description: 给招生办
    tags: [admissions]
    exclude: [报名人数]
  - name: schools
    title: 学校通知
    sources: [school-a, school-b]
`
	mergeConfig(t, path, first, sources)
	_, base := startDaemon(t, path)
	waitHealthy(t, base, 5)

	type want struct {
		title string
		items []string
	}
	check := func(step string, channels map[string]want) {
		t.Helper()
		for name, w := range channels {
			for _, ext := range []string{".xml", ".atom", ".json"} {
				url := base + "/c/" + name + ext
				title, self, items := channelFeed(t, url)
				if title != w.title {
					t.Errorf("%s: %s: title %q, want %q", step, url, title, w.title)
				}
				if self != "http://127.0.0.1/c/"+name+ext {
					t.Errorf("%s: %s: self link %q", step, url, self)
				}
				if !holds(items, w.items...) {
					t.Errorf("%s: %s: items %q, want one of each of %q", step, url, items, w.items)
				}
			}
		}
	}
	check("start", map[string]want{
		"zhaosheng": {"招生考试", []string{admissionsStory}},
		"schools":   {"学校通知", []string{holidayNotice, holidayNotice}},
	})
	if code := status(t, base+"/c/wire.xml", ""); code != http.StatusNotFound {
		t.Errorf("a channel not configured: status %d, want 404", code)
	}
	// A channel's validators are its own and answer a conditional GET.
	_, etag := get(t, base+"/c/zhaosheng.xml", "")
	if _, merged := get(t, base+"/feed.xml", ""); etag == "" || etag == merged {
		t.Errorf("channel ETag %q, merged feed's %q", etag, merged)
	}
	if code := status(t, base+"/c/zhaosheng.xml", etag); code != http.StatusNotModified {
		t.Errorf("channel with its ETag: status %d, want 304", code)
	}
	if _, _, items := channelFeed(t, base+"/c/schools.xml?limit=1"); len(items) != 1 {
		t.Errorf("limit=1: %d items", len(items))
	}

	// Sources by title in the feeds, by name in their URLs.
	body, _ := get(t, base+"/c/schools.xml", "")
	for _, w := range []string{">第一中学</source>", ">实验小学</source>", `<category domain="urn:edufeed:source">school-a</category>`} {
		if !strings.Contains(string(body), w) {
			t.Errorf("schools channel lacks %s:\n%s", w, body)
		}
	}
	page, _ := get(t, base+"/", "")
	table, _, found := strings.Cut(string(page)[strings.Index(string(page), `id="channels"`)+1:], "</table>")
	if !found || !strings.Contains(string(page), `id="channels"`) {
		t.Fatalf("status page has no channel table:\n%s", page)
	}
	// Each row: the title, the three feeds, the count of items.
	for _, w := range []string{
		`<a href="http://127.0.0.1/c/zhaosheng.xml">招生考试</a>`, `<td class="num" data-label="Items">1</td>`,
		`<a href="http://127.0.0.1/c/schools.xml">学校通知</a>`, `<td class="num" data-label="Items">2</td>`,
		`<a href="http://127.0.0.1/c/schools.json">JSON Feed</a>`,
	} {
		if !strings.Contains(table, w) {
			t.Errorf("channel table lacks %s:\n%s", w, table)
		}
	}
	if !strings.Contains(string(page), "中国教育在线") {
		t.Error("status page does not show eol by its title")
	}
	opml, _ := get(t, base+"/channels.opml", "")
	for _, w := range []string{`xmlUrl="http://127.0.0.1/c/zhaosheng.xml"`, `xmlUrl="http://127.0.0.1/c/schools.xml"`, `text="招生考试"`} {
		if !strings.Contains(string(opml), w) {
			t.Errorf("channels.opml lacks %s:\n%s", w, opml)
		}
	}

	// A reload renames one channel, narrows another and adds a third.
	mergeConfig(t, path, rules+`channels:
  - name: zhaosheng
    title: 招生考试（新）
    tags: [admissions]
  - name: wire
    title: 通讯社
    tags: [wire]
`, sources)
	if got := reloadAnswer(t, base); !slices.Equal(got.Channels.Added, []string{"wire"}) ||
		!slices.Equal(got.Channels.Removed, []string{"schools"}) || !slices.Equal(got.Channels.Changed, []string{"zhaosheng"}) {
		t.Errorf("reload answered channels %+v, want wire added, schools removed, zhaosheng changed", got.Channels)
	}
	check("after the reload", map[string]want{
		"zhaosheng": {"招生考试（新）", []string{admissionsStory, signupNumbers}},
		"wire":      {"通讯社", []string{admissionsStory, wireComment}},
	})
	if code := status(t, base+"/c/schools.xml", ""); code != http.StatusNotFound {
		t.Errorf("removed channel: status %d, want 404", code)
	}
	if code := status(t, base+"/c/zhaosheng.xml", etag); code != http.StatusOK {
		t.Errorf("changed channel answered %d to its old ETag", code)
	}

	// A channel naming a source the config lacks is refused with its line;
	// the running channels stay.
	mergeConfig(t, path, rules+"channels:\n  - name: bad\n    sources: [nobody]\n", sources)
	req, _ := http.NewRequest(http.MethodPost, base+"/admin/reload", nil)
	req.Header.Set("Authorization", "Bearer 0123456789abcdef-s3cret")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode == http.StatusOK || !regexp.MustCompile(`config.yaml:\d+:\d+: channels\[0\].sources\[0\]: unknown source \\"nobody\\"`).Match(msg) {
		t.Errorf("bad reload: %d %s", resp.StatusCode, msg)
	}
	if code := status(t, base+"/c/wire.xml", ""); code != http.StatusOK {
		t.Errorf("after a refused reload the wire channel answers %d", code)
	}
}

// reloadAnswer asks the daemon to reload, as reloadNow does, and returns
// what it says changed.
func reloadAnswer(t *testing.T, base string) (answer struct {
	Reloaded bool           `json:"reloaded"`
	Channels channelChanges `json:"channels"`
}) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, base+"/admin/reload", nil)
	req.Header.Set("Authorization", "Bearer 0123456789abcdef-s3cret")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil || !answer.Reloaded {
		t.Fatalf("reload: %d, %v, %+v", resp.StatusCode, err, answer)
	}
	return answer
}

// TestCheckListsChannels runs "edufeed check" on a config with channels:
// each is listed with its selection and feed URL.
func TestCheckListsChannels(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	mergeConfig(t, path, `tags:
  - {match: 招生, tag: admissions}
channels:
  - {name: zhaosheng, title: 招生考试, tags: [admissions], exclude: [招聘]}
  - {name: all}
`, "  - {name: eol, url: https://www.eol.example.cn/rss.xml}\n")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"check", "-config", path}, &stdout, &stderr); code != 0 {
		t.Fatalf("check exit %d; stderr:\n%s", code, stderr.String())
	}
	for _, pattern := range []string{
		`CHANNEL +TITLE +SELECTION +FEED$`,
		`zhaosheng +招生考试 +tags=admissions exclude=招聘 +http://127\.0\.0\.1/c/zhaosheng\.xml$`,
		`all +all +everything shown +http://127\.0\.0\.1/c/all\.xml$`,
	} {
		if !regexpLine(stdout.String(), pattern) {
			t.Errorf("check output lacks a line %s:\n%s", pattern, stdout.String())
		}
	}
}
