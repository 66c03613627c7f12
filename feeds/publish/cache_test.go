package publish

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"
)

func TestCache(t *testing.T) {
	f := newFake()
	h := newTestHandler(f)
	steps := []struct {
		name  string
		do    func()
		calls int
	}{
		{"first request renders", func() { get(t, h, "/feed.xml") }, 1},
		{"second is a hit", func() { get(t, h, "/feed.xml") }, 1},
		{"gzip variant shares the render", func() { get(t, h, "/feed.xml", "Accept-Encoding", "gzip") }, 1},
		{"HEAD is a hit", func() { do(t, h, http.MethodHead, "/feed.xml") }, 1},
		{"equivalent query is a hit", func() { get(t, h, "/feed.xml?limit=500&utm_source=x") }, 1},
		{"other format renders", func() { get(t, h, "/feed.atom") }, 2},
		{"other filter renders", func() { get(t, h, "/feed.xml?source=gaokao") }, 3},
		{"same sources other order is a hit", func() { get(t, h, "/feed.xml?source=gaokao&source=gaokao") }, 3},
		{"health never touches items", func() { get(t, h, "/healthz") }, 3},
		{"store write drops the cache", func() { f.bump(); get(t, h, "/feed.xml") }, 4},
		{"then hits again", func() { get(t, h, "/feed.xml") }, 4},
		{"other entries were dropped too", func() { get(t, h, "/feed.atom") }, 5},
		{"config reload drops the cache", func() { h.SetSources(testSources()); get(t, h, "/feed.xml") }, 6},
	}
	for _, s := range steps {
		s.do()
		if got := f.calls(); got != s.calls {
			t.Fatalf("%s: %d Items calls, want %d", s.name, got, s.calls)
		}
	}
}

// TestConcurrentMissesRenderOnce holds the first render open until every other
// request for the same body has joined it, then checks there was one render.
func TestConcurrentMissesRenderOnce(t *testing.T) {
	const n = 8
	f := newFake()
	f.gate = make(chan struct{})
	h := newTestHandler(f)
	bodies := make([][]byte, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { bodies[i] = get(t, h, "/feed.atom").Body.Bytes() })
	}
	key, gen := cacheKey{atomFile, "http://127.0.0.1:8080/", ""}, generation{f.version, 1}
	for h.cache.waiting(key, gen) < n-1 {
		time.Sleep(time.Millisecond)
	}
	close(f.gate)
	wg.Wait()
	if got := f.calls(); got != 1 {
		t.Errorf("%d renders for %d concurrent misses, want 1", got, n)
	}
	for i := range bodies {
		if len(bodies[i]) == 0 || !bytes.Equal(bodies[i], bodies[0]) {
			t.Errorf("request %d got a different body", i)
		}
	}
}

// TestCacheBoundedByBytes asks for many distinct feeds, as a client may:
// what the cache holds never passes its bound in bytes, however many
// entries that is.
func TestCacheBoundedByBytes(t *testing.T) {
	f := newFake()
	h := newTestHandler(f)
	const bound = 96 << 10
	h.cache = newCache(bound)
	queries := 0
	for limit := 1; limit <= 5; limit++ {
		for _, src := range []string{"", "&source=moe-news", "&source=gaokao", "&source=edweek", "&source=gaokao&source=moe-news"} {
			for _, tag := range []string{"", "&tag=policy", "&tag=exam", "&tag=english"} {
				for _, r := range feedRoutes {
					get(t, h, r.path+"?limit="+strconv.Itoa(limit)+src+tag)
					queries++
					if n, size := h.cache.len(); size > bound {
						t.Fatalf("after %d queries the cache holds %d bytes in %d bodies, bound %d", queries, size, n, bound)
					}
				}
			}
		}
	}
	n, held := h.cache.len()
	if n < 2 || n >= queries || held < bound/2 {
		t.Errorf("%d bodies, %d bytes after %d distinct queries: want the cache full and evicting", n, held, queries)
	}
	// The bound counts every entry: the sum of their sizes.
	var sum int64
	h.cache.mu.Lock()
	for el := h.cache.lru.Front(); el != nil; el = el.Next() {
		cd := el.Value.(*cached)
		sum += size(cd.key, cd.e)
	}
	h.cache.mu.Unlock()
	if sum != held {
		t.Errorf("entries weigh %d bytes, the cache counts %d", sum, held)
	}
}

func TestCacheKeepsNoBodyLargerThanItsBound(t *testing.T) {
	c := newCache(64 << 10)
	small, err := newEntry([]byte("<rss/>"), storeModified, "application/rss+xml")
	if err != nil {
		t.Fatal(err)
	}
	big, err := newEntry(bytes.Repeat([]byte("教育新闻"), 16<<10), storeModified, "application/rss+xml")
	if err != nil {
		t.Fatal(err)
	}
	gen := generation{1, 1}
	k1, k2 := cacheKey{file: rssFile, query: "?limit=1"}, cacheKey{file: rssFile, query: "?limit=2"}
	renders := 0
	for _, step := range []struct {
		key cacheKey
		e   *entry
	}{{k1, small}, {k2, big}, {k2, big}, {k1, small}} {
		got, err := c.get(context.Background(), step.key, gen, func() (*entry, error) { renders++; return step.e, nil })
		if err != nil || got != step.e {
			t.Fatalf("get %s: %v", step.key.query, err)
		}
	}
	// The big body was rendered for each request and never kept; the small
	// one stayed.
	if renders != 3 {
		t.Errorf("%d renders, want 3", renders)
	}
	if n, _ := c.len(); n != 1 {
		t.Errorf("%d bodies cached, want 1", n)
	}
}

func TestCacheBytes(t *testing.T) {
	for _, tt := range []struct {
		maxItems int
		want     int64
	}{{1, minCacheBytes}, {DefaultMaxItems, DefaultMaxItems * cacheBytesPerItem}, {10000, maxCacheBytes}} {
		if got := cacheBytes(tt.maxItems); got != tt.want {
			t.Errorf("cacheBytes(%d) = %d, want %d", tt.maxItems, got, tt.want)
		}
	}
	if h := newTestHandler(newFake()); h.cache.maxBytes != cacheBytes(testInfo().MaxItems) {
		t.Errorf("handler cache bound %d", h.cache.maxBytes)
	}
}
