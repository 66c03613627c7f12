package publish

import (
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/filter"
	"github.com/edufeed/edufeed/store"
)

// fakeReader is an in-memory store: items newest first, a version the test
// moves by hand, and counters to see what the handler asked for.
type fakeReader struct {
	mu         sync.Mutex
	items      []feeds.Item
	version    uint64
	modified   time.Time
	states     []feeds.SourceState
	stats      store.Stats
	err        error // returned by every method when set
	gate       chan struct{}
	itemsCalls int
	queries    []store.Query
}

func (f *fakeReader) Items(q store.Query) ([]feeds.Item, error) {
	f.mu.Lock()
	f.itemsCalls++
	f.queries = append(f.queries, q)
	gate, err, all := f.gate, f.err, f.items
	f.mu.Unlock()
	if gate != nil {
		<-gate
	}
	if err != nil {
		return nil, err
	}
	var out []feeds.Item
	for i := range all {
		it := &all[i]
		if len(q.Sources) > 0 && !slices.Contains(q.Sources, it.Source) {
			continue
		}
		if q.Match != nil && !q.Match(it) {
			continue
		}
		out = append(out, *it)
		if q.Limit > 0 && len(out) == q.Limit {
			break
		}
	}
	return out, nil
}

func (f *fakeReader) Version() (uint64, time.Time, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.version, f.modified, f.err
}

func (f *fakeReader) States() ([]feeds.SourceState, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.states, f.err
}

func (f *fakeReader) Stats() (store.Stats, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.stats, f.err
}

// bump records a store write.
func (f *fakeReader) bump() {
	f.mu.Lock()
	f.version++
	f.modified = f.modified.Add(time.Minute)
	f.mu.Unlock()
}

func (f *fakeReader) calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.itemsCalls
}

var errStoreDown = errors.New("store: open edufeed.db: input/output error")

var (
	cst = time.FixedZone("CST", 8*3600)
	edt = time.FixedZone("EDT", -4*3600)
	// storeModified is when the fake store was last written.
	storeModified = time.Date(2024, 7, 24, 12, 30, 0, 0, time.UTC)
	// started is when the test handlers start: before the fake store's
	// last write and its newest item, so that Last-Modified follows those.
	started = time.Date(2024, 7, 24, 0, 0, 0, 0, time.UTC)
)

// clockAt returns a clock that stands still at t.
func clockAt(t time.Time) func() time.Time { return func() time.Time { return t } }

// testSources is the config the tests run with, in config order.
func testSources() []feeds.Source {
	return []feeds.Source{
		{Name: "moe-news", Title: "教育部 · 新闻", URL: "https://www.moe.gov.cn/jyb_xwfb/rss.xml", Tags: []string{"policy"}, Enabled: true},
		{Name: "gaokao", Title: "高考 <资讯> & 招生", URL: "https://gaokao.example.cn/news/rss.xml", Tags: []string{"exam"}, Enabled: true},
		{Name: "edweek", URL: "https://www.edweek.example.org/feed/", Tags: []string{"english"}, Enabled: true},
		{Name: "local-notices", URL: "file:///var/lib/edufeed/notices.xml", Enabled: true},
		{Name: "old-blog", URL: "https://user:secret@blog.example.com/rss", Enabled: false},
	}
}

func testInfo() Info {
	return Info{
		Title:    "教育新闻聚合",
		Link:     "http://127.0.0.1:8080/",
		Language: "zh-CN",
		MaxItems: 200,
	}
}

// testItems are realistic items, newest first as the store returns them.
// The fourth carries characters XML forbids and a CDATA terminator; the
// fifth comes from a source that has left the config.
func testItems() []feeds.Item {
	return []feeds.Item{
		{
			ID:         feeds.NewID("moe-news", "https://www.moe.gov.cn/jyb_xwfb/gzdt_gzdt/202407/t20240724_1143127.html"),
			Source:     "moe-news",
			Sources:    []string{"moe-news"},
			Link:       "https://www.moe.gov.cn/jyb_xwfb/gzdt_gzdt/202407/t20240724_1143127.html",
			Title:      "教育部召开2024年年中推进会",
			Content:    "<p>7月23日，教育部召开2024年年中推进会，总结上半年工作，部署下半年重点任务。</p><p>会议强调，要扎实推进教育强国建设。</p>",
			Summary:    "7月23日，教育部召开2024年年中推进会，总结上半年工作，部署下半年重点任务。",
			Authors:    []string{"教育部新闻办公室"},
			Categories: []string{"工作动态"},
			Enclosures: []feeds.Enclosure{
				{URL: "https://www.moe.gov.cn/files/2024/tuijinhui.pdf", Type: "application/pdf", Length: 183420},
				{URL: "https://www.moe.gov.cn/files/2024/tuijinhui.jpg", Type: "image/jpeg"},
			},
			Published: time.Date(2024, 7, 24, 10, 0, 0, 0, cst),
			Updated:   time.Date(2024, 7, 24, 11, 15, 0, 0, cst),
			DateFrom:  feeds.DateFromFeed,
			FirstSeen: time.Date(2024, 7, 24, 10, 20, 0, 0, cst),
		},
		{
			ID:        feeds.NewID("gaokao", "gk-20240723-0931"),
			Source:    "gaokao",
			Sources:   []string{"gaokao", "moe-news"},
			Link:      "https://gaokao.example.cn/news/2024/0723/zhiyuan.shtml",
			Title:     "2024年高考志愿填报指南发布",
			Content:   "<p>各省级招生考试机构陆续公布志愿填报时间，考生须在规定时间内完成填报。</p>",
			Tags:      []string{"高考", "志愿"},
			Published: time.Date(2024, 7, 23, 9, 30, 0, 0, cst),
			DateFrom:  feeds.DateFromLink,
			FirstSeen: time.Date(2024, 7, 23, 10, 0, 0, 0, cst),
		},
		{
			ID:         feeds.NewID("edweek", "https://www.edweek.example.org/?p=88231"),
			Source:     "edweek",
			Link:       "https://www.edweek.example.org/leadership/schools-brace-for-teacher-shortages/2024/07",
			Title:      "Schools Brace for Teacher Shortages & Rising Costs",
			Content:    `<p>District leaders say the <em>"hiring cliff"</em> is here.</p>`,
			Summary:    "District leaders say the hiring cliff is here.",
			Authors:    []string{"Jane Doe", "John Roe"},
			Tags:       []string{"teachers"},
			Categories: []string{"Teachers", "Leadership"},
			Published:  time.Date(2024, 7, 22, 14, 0, 0, 0, edt),
			DateFrom:   feeds.DateFromFeed,
			FirstSeen:  time.Date(2024, 7, 22, 18, 5, 0, 0, time.UTC),
		},
		{
			ID:        feeds.NewID("local-notices", "notice-2024-17"),
			Source:    "local-notices",
			Link:      "https://jyj.example.gov.cn/tzgg/2024/0720/17.html",
			Title:     "关于做好2024年暑期\x08安全工作的通知\uFFFE",
			Content:   "<p>各学校：请注意防溺水]]>安全\x1e，严禁私自下水。</p>\x0b<p>\xff特此通知。</p>",
			Published: time.Date(2024, 7, 20, 0, 0, 0, 0, cst),
			DateFrom:  feeds.DateFromContent,
			FirstSeen: time.Date(2024, 7, 21, 8, 0, 0, 0, cst),
		},
		{
			ID:        feeds.NewID("retired-site", "https://retired.example.cn/a/1.html"),
			Source:    "retired-site",
			Link:      "https://retired.example.cn/a/1.html",
			Title:     "已停用来源的旧新闻",
			Summary:   "这条新闻来自一个已从配置中移除的来源。",
			Published: time.Date(2024, 7, 1, 8, 0, 0, 0, cst),
			DateFrom:  feeds.DateFromFirstSeen,
			FirstSeen: time.Date(2024, 7, 1, 8, 0, 0, 0, cst),
		},
	}
}

func newFake() *fakeReader {
	return &fakeReader{
		items:    testItems(),
		version:  7,
		modified: storeModified,
		stats: store.Stats{
			Path: "/var/lib/edufeed/edufeed.db", Items: 5, FileSize: 1 << 20,
			Version: 7, Modified: storeModified,
		},
	}
}

// testClassifier compiles testSources' tags with a global tag rule and a
// rule of edweek's, as feeds/filter does for the daemon. It knows every
// source of testSources, so the item of retired-site is hidden.
func testClassifier(t testing.TB) *filter.Filter {
	return classifierWith(t, filter.Rules{Tags: []filter.TagRule{{Match: "高考", Tag: "高考"}}})
}

// classifierWith is testClassifier with other global rules.
func classifierWith(t testing.TB, global filter.Rules) *filter.Filter {
	t.Helper()
	sources := make(map[string]filter.SourceRules)
	for _, s := range testSources() {
		sources[s.Name] = filter.SourceRules{Tags: s.Tags}
	}
	sources["edweek"] = filter.SourceRules{Tags: sources["edweek"].Tags, Rules: filter.Rules{Tags: []filter.TagRule{{Match: `\bteachers?\b`, Tag: "teachers"}}}}
	c, err := filter.New(global, sources)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func newTestHandler(r Reader) *Handler {
	return NewHandler(r, Options{Info: testInfo(), Sources: testSources(), Version: "0.1.0", Now: clockAt(started)})
}
