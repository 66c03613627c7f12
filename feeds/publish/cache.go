package publish

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// defaultCacheEntries bounds the rendered-body cache. Every distinct filter
// combination is an entry, and clients choose those, so the bound matters.
const defaultCacheEntries = 256

// entry is one rendered feed body with everything a response needs, computed
// once so that a cache hit only writes existing bytes: no formatting, no
// hashing and no allocation of header values per request.
//
// The []string header values are assigned to response headers as they are
// (see writeEntry) and so are shared by every response of this entry: they
// must never be modified in place. Each has len == cap, so an Add on a
// response header copies it instead of writing into it.
type entry struct {
	plain, gz variant
	// modified is the Last-Modified time truncated to the second, the
	// precision of If-Modified-Since; zero when unknown.
	modified     time.Time
	lastModified string // modified in http.TimeFormat; "" when unknown

	vary, cacheControl, contentType, nosniff []string
	lastModifiedHdr                          []string // nil when unknown
}

// variant is one encoding of an entry's body.
type variant struct {
	body []byte
	etag string // quoted strong ETag, for If-None-Match

	etagHdr, lengthHdr []string
	encodingHdr        []string // Content-Encoding; nil for the identity body
}

// newEntry compresses body, hashes both variants and formats the header
// values of their responses.
func newEntry(body []byte, modified time.Time, contentType string) (*entry, error) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(body); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	tag := bodyTag(body)
	e := &entry{
		plain:        newVariant(body, `"`+tag+`"`, ""),
		gz:           newVariant(buf.Bytes(), `"`+tag+`-gz"`, "gzip"),
		vary:         []string{"Accept-Encoding"},
		cacheControl: []string{cacheControl},
		contentType:  []string{contentType},
		nosniff:      []string{"nosniff"},
	}
	if !modified.IsZero() {
		e.modified = modified.UTC().Truncate(time.Second)
		e.lastModified = e.modified.Format(http.TimeFormat)
		e.lastModifiedHdr = []string{e.lastModified}
	}
	return e, nil
}

func newVariant(body []byte, etag, encoding string) variant {
	v := variant{
		body:      body,
		etag:      etag,
		etagHdr:   []string{etag},
		lengthHdr: []string{strconv.Itoa(len(body))},
	}
	if encoding != "" {
		v.encodingHdr = []string{encoding}
	}
	return v
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

// cacheKey names one rendered body. It is a struct rather than one joined
// string so that a lookup builds no string per request.
type cacheKey struct {
	file  string // the feed route, e.g. "feed.xml"
	base  string // the public base URL the body's links hang from
	query string // canonical query, as feedQuery.encode returns it
}

// cache holds rendered bodies by route and canonical query, for one
// generation at a time, least recently used out first.
type cache struct {
	max int

	mu       sync.Mutex
	gen      generation
	entries  map[cacheKey]*list.Element // of *cached
	lru      list.List                  // front is most recent
	inflight map[flightKey]*flight
}

type cached struct {
	key cacheKey
	e   *entry
}

// flightKey includes the generation so that a request that has seen a newer
// store never waits for, and is served, a render that began before it.
type flightKey struct {
	key cacheKey
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
	return &cache{max: max, entries: make(map[cacheKey]*list.Element), inflight: make(map[flightKey]*flight)}
}

// get returns the body for key at generation gen, calling render at most once
// for concurrent misses. A different generation empties the cache first.
func (c *cache) get(ctx context.Context, key cacheKey, gen generation, render func() (*entry, error)) (*entry, error) {
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
func (c *cache) add(key cacheKey, e *entry) {
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
func (c *cache) waiting(key cacheKey, gen generation) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if f, ok := c.inflight[flightKey{key, gen}]; ok {
		return f.waiters
	}
	return -1
}
