package publish

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"time"
)

// defaultCacheEntries bounds the rendered-body cache. Every distinct filter
// combination is an entry, and clients choose those, so the bound matters.
const defaultCacheEntries = 256

// entry is one rendered feed body with everything a response needs, computed
// once so that a cache hit only writes existing bytes.
type entry struct {
	body, gz     []byte
	etag, etagGz string
	modified     time.Time // Last-Modified; zero when unknown
}

// newEntry compresses body and hashes both variants.
func newEntry(body []byte, modified time.Time) (*entry, error) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(body); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	tag := bodyTag(body)
	return &entry{
		body:     body,
		gz:       buf.Bytes(),
		etag:     `"` + tag + `"`,
		etagGz:   `"` + tag + `-gz"`,
		modified: modified,
	}, nil
}

// bodyTag is the hex of the first 16 bytes of the body's SHA-256. The gzip
// variant reuses it with a suffix: its bytes differ, so its strong ETag must
// too, yet both follow the content alone.
func bodyTag(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:16])
}

// generation identifies what cached bodies were rendered from: the store's
// write counter and the handler's source-config counter. When either moves,
// every body may be stale.
type generation struct {
	store   uint64
	sources uint64
}

// cache holds rendered bodies by route and canonical query, for one
// generation at a time, least recently used out first.
type cache struct {
	max int

	mu       sync.Mutex
	gen      generation
	entries  map[string]*list.Element // of *cached
	lru      list.List                // front is most recent
	inflight map[flightKey]*flight
}

type cached struct {
	key string
	e   *entry
}

// flightKey includes the generation so that a request that has seen a newer
// store never waits for, and is served, a render that began before it.
type flightKey struct {
	key string
	gen generation
}

// flight is one render in progress that later requests for the same body
// wait for instead of rendering again.
type flight struct {
	done    chan struct{}
	e       *entry
	err     error
	waiters int // for tests: how many requests joined
}

func newCache(max int) *cache {
	return &cache{max: max, entries: make(map[string]*list.Element), inflight: make(map[flightKey]*flight)}
}

// get returns the body for key at generation gen, calling render at most once
// for concurrent misses. A different generation empties the cache first.
func (c *cache) get(ctx context.Context, key string, gen generation, render func() (*entry, error)) (*entry, error) {
	c.mu.Lock()
	if gen != c.gen {
		// Any change counts, not only forward: a store replaced by a
		// restore may count from a lower number. A request that read the
		// old version just as a write landed costs one extra render.
		c.gen = gen
		clear(c.entries)
		c.lru.Init()
	}
	if el, ok := c.entries[key]; ok {
		c.lru.MoveToFront(el)
		c.mu.Unlock()
		return el.Value.(*cached).e, nil
	}
	fk := flightKey{key, gen}
	if f, ok := c.inflight[fk]; ok {
		f.waiters++
		c.mu.Unlock()
		select {
		case <-f.done:
			return f.e, f.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	f := &flight{done: make(chan struct{})}
	c.inflight[fk] = f
	c.mu.Unlock()

	// The deferred cleanup also runs if render panics, so waiters are
	// released (with an error) rather than stuck for good.
	f.err = errRenderPanicked
	defer func() {
		c.mu.Lock()
		delete(c.inflight, fk)
		if f.err == nil && c.gen == gen && c.max > 0 {
			c.add(key, f.e)
		}
		c.mu.Unlock()
		close(f.done)
	}()
	f.e, f.err = render()
	return f.e, f.err
}

// add stores e under key, evicting the least recently used entry when full.
// c.mu must be held.
func (c *cache) add(key string, e *entry) {
	if el, ok := c.entries[key]; ok {
		el.Value.(*cached).e = e
		c.lru.MoveToFront(el)
		return
	}
	for c.lru.Len() >= c.max {
		old := c.lru.Back()
		delete(c.entries, old.Value.(*cached).key)
		c.lru.Remove(old)
	}
	c.entries[key] = c.lru.PushFront(&cached{key, e})
}

// len reports how many bodies are cached.
func (c *cache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len()
}

// waiting reports how many requests wait on the render in flight for key at
// gen; tests use it to know that concurrent misses have joined.
func (c *cache) waiting(key string, gen generation) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if f, ok := c.inflight[flightKey{key, gen}]; ok {
		return f.waiters
	}
	return -1
}
