package publish

import (
	"bytes"
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

func TestCacheBounded(t *testing.T) {
	f := newFake()
	h := newTestHandler(f)
	for n := 1; n <= defaultCacheEntries+20; n++ {
		get(t, h, "/feed.json?limit="+strconv.Itoa(n%199+1)+"&tag=t"+strconv.Itoa(n))
	}
	if got := h.cache.len(); got != defaultCacheEntries {
		t.Errorf("cache holds %d bodies, want the bound %d", got, defaultCacheEntries)
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
