package publish

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// discardWriter is a ResponseWriter that keeps only the headers, so that the
// benchmarks measure the handler and not a recorder's buffer.
type discardWriter struct{ h http.Header }

func (w *discardWriter) Header() http.Header         { return w.h }
func (w *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w *discardWriter) WriteHeader(int)             {}

// bigFake holds 10,000 items of realistic size across the test sources.
func bigFake() *fakeReader {
	f := newFake()
	names := []string{"moe-news", "gaokao", "edweek", "local-notices"}
	para := "<p>" + strings.Repeat("教育部召开会议，部署下半年重点任务，扎实推进教育强国建设。", 12) + "</p>"
	start := time.Date(2024, 7, 24, 10, 0, 0, 0, cst)
	f.items = make([]feeds.Item, 10000)
	for i := range f.items {
		src := names[i%len(names)]
		link := fmt.Sprintf("https://news.example.edu.cn/%s/2024/%05d.shtml", src, i)
		f.items[i] = feeds.Item{
			ID:         feeds.NewID(src, link),
			Source:     src,
			Sources:    []string{src},
			Link:       link,
			Title:      fmt.Sprintf("第%d条：教育部召开2024年年中推进会", i),
			Content:    strings.Repeat(para, 4),
			Summary:    "教育部召开会议，部署下半年重点任务。",
			Authors:    []string{"教育部新闻办公室"},
			Tags:       []string{"policy", "高考"},
			Categories: []string{"工作动态"},
			Published:  start.Add(-time.Duration(i) * time.Minute),
			DateFrom:   feeds.DateFromFeed,
		}
	}
	return f
}

// benchRender serves path with the store version moved before every request,
// so each one renders 200 of the 10,000 items from scratch.
func benchRender(b *testing.B, path string) {
	f := bigFake()
	h := newTestHandler(f)
	req := httptest.NewRequest(http.MethodGet, path, nil)
	w := &discardWriter{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		f.version++
		h.ServeHTTP(w, req)
	}
}

func BenchmarkRenderRSS(b *testing.B)  { benchRender(b, "/feed.xml") }
func BenchmarkRenderAtom(b *testing.B) { benchRender(b, "/feed.atom") }
func BenchmarkRenderJSON(b *testing.B) { benchRender(b, "/feed.json") }

// BenchmarkServeCached is the common case: a reader polling an unchanged feed.
func BenchmarkServeCached(b *testing.B) {
	h := newTestHandler(bigFake())
	req := httptest.NewRequest(http.MethodGet, "/feed.xml", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	w := &discardWriter{h: http.Header{}}
	h.ServeHTTP(w, req)
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		h.ServeHTTP(w, req)
	}
}
