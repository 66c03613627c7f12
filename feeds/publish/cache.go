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

// The rendered-body cache is bounded by bytes: every distinct filter
// combination is an entry, clients choose those, and one body of a long
// feed weighs megabytes while another weighs a kilobyte, so a count bounds
// nothing. The bound grows with feed.max_items, the size of the longest
// body, within fixed limits.
const (
	// An item of 4 KB of text costs 6 KB per body, plain and gzip
	// together (bigFake's items), so this holds some twenty full feeds.
	cacheBytesPerItem = 128 << 10
	minCacheBytes     = 16 << 20
	maxCacheBytes     = 512 << 20
	// entryOverhead approximates what an entry costs besides its bodies:
	// the structs, header values, list element and map slot.
	entryOverhead = 1 << 10
)

// cacheBytes is the cache bound for feeds of at most maxItems items.
func cacheBytes(maxItems int) int64 {
	return min(max(int64(maxItems)*cacheBytesPerItem, minCacheBytes), maxCacheBytes)
}

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

// gzipLevel compresses a feed body. Every change to the store renders each
// feed again, and at gzip's default level (6) compressing a 400 KB feed of
// 200 items took 25-34 ms, most of a render; level 4 takes 6 ms for a body
// 16 % larger (64 against 55 KB). nginx's default is level 1.
const gzipLevel = 4

// newEntry compresses body, hashes both variants and formats the header
// values of their responses.
func newEntry(body []byte, modified time.Time, contentType string) (*entry, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzipLevel)
	if err != nil {
		return nil, err
	}
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
// every body may be stale. Both only count up while the process runs (a
// store is replaced only by a restart), so a lower number means a request
// that read the state before another request did.
type generation struct {
	store   uint64
	sources uint64
}

// notAfter reports whether g is no newer than o in either part: o has seen
// everything g has.
func (g generation) notAfter(o generation) bool {
	return g.store <= o.store && g.sources <= o.sources
}

// join is the newest of both parts of g and o.
func (g generation) join(o generation) generation {
	return generation{max(g.store, o.store), max(g.sources, o.sources)}
}

// cacheKey names one rendered body. It is a struct rather than one joined
// string so that a lookup builds no string per request.
type cacheKey struct {
	file  string // the feed route, e.g. "feed.xml"
	base  string // the public base URL the body's links hang from
	query string // canonical query, as feedQuery.encode returns it
}

// cache holds rendered bodies by route and canonical query, for one
// generation at a time, least recently used out first, up to maxBytes.
type cache struct {
	maxBytes int64

	mu       sync.Mutex
	gen      generation                 // the newest any request has seen; never moves back
	bytes    int64                      // the size of what entries hold
	entries  map[cacheKey]*list.Element // of *cached
	lru      list.List                  // front is most recent
	inflight map[flightKey]*flight
}

type cached struct {
	key  cacheKey
	e    *entry
	size int64
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

func newCache(maxBytes int64) *cache {
	return &cache{maxBytes: maxBytes, entries: make(map[cacheKey]*list.Element), inflight: make(map[flightKey]*flight)}
}

// get returns the body for key at generation gen, calling render at most once
// for concurrent misses. A newer generation empties the cache first. A
// request that read an older one (it loaded the store version or the config
// just before a write or reload that another request has seen) is served
// the cached body if there is one, which is newer than what it asked for;
// else it renders, and what it rendered is not kept: it must neither move
// the cache back nor replace a newer body.
func (c *cache) get(ctx context.Context, key cacheKey, gen generation, render func() (*entry, error)) (*entry, error) {
	c.mu.Lock()
	if !gen.notAfter(c.gen) {
		c.gen = gen.join(c.gen)
		clear(c.entries)
		c.lru.Init()
		c.bytes = 0
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
		if f.err == nil && c.gen == gen {
			c.add(key, f.e)
		}
		c.mu.Unlock()
		close(f.done)
	}()
	f.e, f.err = render()
	return f.e, f.err
}

// size is what keeping e under key costs, counting the bodies' capacity,
// which is what they hold on to.
func size(key cacheKey, e *entry) int64 {
	return int64(cap(e.plain.body)+cap(e.gz.body)+len(key.base)+len(key.query)) + entryOverhead
}

// add stores e under key, evicting the least recently used entries until
// everything fits in maxBytes. A body larger than the whole bound is not
// kept: its requests were served, and keeping it would evict every other.
// c.mu must be held.
func (c *cache) add(key cacheKey, e *entry) {
	n := size(key, e)
	if n > c.maxBytes {
		return
	}
	if el, ok := c.entries[key]; ok {
		cd := el.Value.(*cached)
		c.bytes += n - cd.size
		cd.e, cd.size = e, n
		c.lru.MoveToFront(el)
	} else {
		c.entries[key] = c.lru.PushFront(&cached{key, e, n})
		c.bytes += n
	}
	for c.bytes > c.maxBytes {
		old := c.lru.Back()
		cd := old.Value.(*cached)
		delete(c.entries, cd.key)
		c.lru.Remove(old)
		c.bytes -= cd.size
	}
}

// len reports how many bodies are cached and their size.
func (c *cache) len() (n int, bytes int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len(), c.bytes
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
