package publish

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/store"
)

// Issue 18: with a million stored stories, /feed.xml renders within 50 ms
// of a change. BenchmarkRenderAfterSave checks that a render reads only the
// newest stories, whatever the store holds: every round saves one new
// story into a large store and a small one, then renders each feed of both,
// and reports the large store's CPU per render and its ratio to the small
// store's, measured in the same run (about 1 when nothing scans the store).

// benchWords is the vocabulary of bench/gen-feeds.py.
var benchWords = strings.Fields("教育部 高校 招生 考试 学生 教师 课程 改革 推进 会议 部署 工作 安全 寒假 暑假 学期 " +
	"质量 发展 建设 义务教育 职业教育 高等教育 研究生 本科 就业 创新 科研 人才 培养 评价")

// benchStory is story i of source src, shaped as bench/fillstore writes
// them: a six-word title and five paragraphs of cleaned Chinese text.
func benchStory(rng *rand.Rand, src string, i int, published time.Time) feeds.Item {
	phrase := func(b *strings.Builder, n int) {
		for range n {
			b.WriteString(benchWords[rng.IntN(len(benchWords))])
		}
	}
	var title, content strings.Builder
	phrase(&title, 6)
	for range 5 {
		content.WriteString("<p>")
		for j := range 6 {
			if j > 0 {
				content.WriteString("，")
			}
			phrase(&content, 5)
		}
		content.WriteString("。</p>")
	}
	guid := fmt.Sprintf("%s-%d", src, i)
	link := fmt.Sprintf("https://%s.example.cn/news/%d.html", src, i)
	return feeds.Item{
		ID:        feeds.NewID(src, "guid", guid),
		Source:    src,
		Sources:   []string{src},
		GUID:      guid,
		Link:      link,
		Title:     title.String(),
		Content:   content.String(),
		Summary:   title.String(),
		Published: published,
		DateFrom:  feeds.DateFromFeed,
		Keys:      feeds.Keys{GUID: guid, Link: strings.TrimPrefix(link, "https://")},
	}
}

// benchSources is how many sources the large store's stories are spread
// over, as in bench/serve; the small store's are spread over the channel's
// ten, so that the channel shows 200 items of either.
const benchSources = 2000

// fillBenchStore stores n stories of nSources sources, published over the
// 25 days before now, in a new store under dir.
func fillBenchStore(tb testing.TB, dir string, n, nSources int, now time.Time) *store.Store {
	tb.Helper()
	st, err := store.Open(filepath.Join(dir, "edufeed.db"), store.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = st.Close() })
	rng := rand.New(rand.NewPCG(7, 42))
	step := 25 * 24 * time.Hour / time.Duration(n)
	const batch = 5000
	items := make([]feeds.Item, 0, batch)
	for i := range n {
		src := fmt.Sprintf("src%d", i%nSources)
		items = append(items, benchStory(rng, src, i, now.Add(-25*24*time.Hour+time.Duration(i)*step)))
		if len(items) == batch || i == n-1 {
			if _, err := st.SavePoll(items, feeds.SourceState{Name: src}, now); err != nil {
				tb.Fatal(err)
			}
			items = items[:0]
		}
	}
	return st
}

// openBenchStore opens the store EDUFEED_BENCH_STORE names (one that
// bench/fillstore filled, which the benchmark then adds stories to), or
// fills one of n stories.
func openBenchStore(tb testing.TB, n int, now time.Time) *store.Store {
	tb.Helper()
	if path := os.Getenv("EDUFEED_BENCH_STORE"); path != "" {
		st, err := store.Open(path, store.Options{})
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { _ = st.Close() })
		return st
	}
	return fillBenchStore(tb, tb.TempDir(), n, benchSources, now)
}

// renderPaths are the feeds rendered after each change: the merged feed in
// every format, and a channel of ten sources in 2,000.
var renderPaths = []string{"/feed.xml", "/feed.atom", "/feed.json", "/c/one.xml"}

func BenchmarkRenderAfterSave(b *testing.B) {
	now := time.Now()
	large := openBenchStore(b, 100000, now)
	small := fillBenchStore(b, b.TempDir(), 2000, 10, now)
	stats, err := large.Stats()
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("large store: %d stories, %d MB; small store: 2000 stories of the channel's 10 sources", stats.Items, stats.FileSize>>20)

	sources := make([]feeds.Source, benchSources+1)
	for i := range benchSources {
		sources[i] = feeds.Source{Name: fmt.Sprintf("src%d", i)}
	}
	sources[benchSources] = feeds.Source{Name: "news"}
	opts := Options{
		Info:     Info{Title: "bench", Link: "http://127.0.0.1:8080/", MaxItems: 200},
		Sources:  sources,
		Channels: []Channel{{Name: "one", Sources: strings.Fields("src0 src1 src2 src3 src4 src5 src6 src7 src8 src9")}},
	}
	handlers := []*Handler{NewHandler(large, opts), NewHandler(small, opts)}
	stores := []*store.Store{large, small}
	reqs := make([]*http.Request, len(renderPaths))
	for i, p := range renderPaths {
		reqs[i] = httptest.NewRequest(http.MethodGet, p, nil)
	}
	// cpu[s][p] is the CPU that store s spent rendering path p.
	var cpu [2][4]time.Duration
	rng := rand.New(rand.NewPCG(1, 2))
	w := &headerOnlyWriter{header: http.Header{}}
	n := 0
	for b.Loop() {
		n++
		for s, st := range stores {
			it := benchStory(rng, "news", 1e9+n, time.Now())
			if _, err := st.SavePoll([]feeds.Item{it}, feeds.SourceState{Name: "news"}, time.Now()); err != nil {
				b.Fatal(err)
			}
			for p, req := range reqs {
				clear(w.header)
				w.code = 0
				c0, _ := processCPU()
				handlers[s].ServeHTTP(w, req)
				c1, ok := processCPU()
				if w.code != http.StatusOK {
					b.Fatalf("%s: status %d", renderPaths[p], w.code)
				}
				if !ok {
					b.Skip("no process CPU time on this system")
				}
				cpu[s][p] += c1 - c0
			}
		}
	}
	ms := func(d time.Duration) float64 { return float64(d) / float64(n) / 1e6 }
	for p, name := range []string{"xml", "atom", "json", "channel"} {
		b.ReportMetric(ms(cpu[0][p]), name+"-cpu-ms")
		b.ReportMetric(float64(cpu[0][p])/float64(max(cpu[1][p], 1)), name+"-large/small")
	}
}
