package poll

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/fetch"
	"github.com/edufeed/edufeed/feeds/parse"
	"github.com/edufeed/edufeed/store"
)

// TestPipelineWithRealStages polls a GBK feed over HTTP through the real
// fetch, parse and clean packages, then polls again to get a 304.
func TestPipelineWithRealStages(t *testing.T) {
	doc, err := os.ReadFile("testdata/seed-feed-gbk.xml")
	if err != nil {
		t.Fatal(err)
	}
	var hits, notModified atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.Header.Get("If-None-Match") == `"seed-1"` {
			notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"seed-1"`)
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(doc)
	}))
	defer srv.Close()

	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	// After the second item's date, which would otherwise lie in the future.
	seen := time.Date(2025, time.November, 21, 10, 0, 0, 0, shanghai)
	st, err := store.Open(filepath.Join(t.TempDir(), "edufeed.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s := New(Options{
		Fetcher:   fetch.NewClient(fetch.Options{}),
		Parser:    parse.New(),
		Store:     st,
		Logger:    slog.New(slog.DiscardHandler),
		MaxJitter: -1,
		Now:       func() time.Time { return seen },
	})
	src := feeds.Source{
		Name: "eol", URL: srv.URL + "/rss.xml", Schedule: "@every 30m", Tags: []string{"news"},
		Location: shanghai, Enabled: true, Timeout: 10 * time.Second,
		Clean: &feeds.CleanRules{Builtin: true},
	}

	res := s.Poll(context.Background(), src)
	if res.Err != nil {
		t.Fatalf("Poll: %v", res.Err)
	}
	if res.Items != 2 || res.New != 2 {
		t.Fatalf("result = %+v, want 2 new items", res)
	}
	get := func(id string) (feeds.Item, bool) {
		t.Helper()
		it, ok, err := st.Get(id)
		if err != nil {
			t.Fatal(err)
		}
		return it, ok
	}
	first, ok := get(feeds.NewID("eol", "guid", "eol-20240724-001"))
	if !ok {
		t.Fatal("first item not stored under its GUID id")
	}
	if first.Title != "教育部召开2024年年中推进会" {
		t.Errorf("title = %q", first.Title)
	}
	if first.Link != "https://news.example.edu.cn/news/2024/0724/moe-midyear.shtml" {
		t.Errorf("link = %q", first.Link)
	}
	if first.Published.Year() < 1995 {
		t.Errorf("published = %v, want a real date", first.Published)
	}
	if strings.Contains(first.Content, "猜你喜欢") || !strings.Contains(first.Content, "机关各司局") {
		t.Errorf("content not cleaned: %.200q", first.Content)
	}
	second, ok := get(feeds.NewID("eol", "guid", "https://news.example.edu.cn/2025/1120/ai-guide.shtml"))
	if !ok {
		t.Fatal("second item not stored under its GUID id")
	}
	if want := time.Date(2025, time.November, 20, 9, 30, 0, 0, shanghai); !second.Published.Equal(want) {
		t.Errorf("second published = %v, want %v", second.Published, want)
	}
	if !first.FirstSeen.Equal(seen) {
		t.Errorf("first seen = %v, want %v", first.FirstSeen, seen)
	}
	if second.Source != "eol" || len(second.Tags) != 1 || second.Tags[0] != "news" {
		t.Errorf("second item source/tags = %q %v", second.Source, second.Tags)
	}

	res = s.Poll(context.Background(), src)
	if res.Err != nil || !res.NotModified {
		t.Fatalf("second poll = %+v, want not modified", res)
	}
	if hits.Load() != 2 || notModified.Load() != 1 {
		t.Errorf("server saw %d requests, %d conditional hits; want 2 and 1", hits.Load(), notModified.Load())
	}
	got, err := st.State("eol")
	if err != nil {
		t.Fatal(err)
	}
	if got.ETag != `"seed-1"` || got.ItemCount != 2 {
		t.Errorf("state = %+v", got)
	}
}
