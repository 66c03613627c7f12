package poll

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"slices"
	"sync"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/junk"
)

// rulesCache keeps each source's compiled cleaning rules, compiling again
// only when a reload changed them. Sources without rules of their own (most
// of them) share the compiled built-in rules, or none: an entry per source
// would grow with the number of sources.
type rulesCache struct {
	mu    sync.Mutex
	bySrc map[string]compiledRules
	plain [2]*junk.Rules // compiled rules without lists, by Builtin
}

type compiledRules struct {
	src      feeds.CleanRules
	compiled *junk.Rules
}

func (c *rulesCache) get(name string, r feeds.CleanRules) (*junk.Rules, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if isPlain(r) {
		delete(c.bySrc, name)
		i := 0
		if r.Builtin {
			i = 1
		}
		if c.plain[i] == nil {
			compiled, err := junk.NewRules(r)
			if err != nil {
				return nil, err
			}
			c.plain[i] = compiled
		}
		return c.plain[i], nil
	}
	if cr, ok := c.bySrc[name]; ok && sameRules(cr.src, r) {
		return cr.compiled, nil
	}
	compiled, err := junk.NewRules(r)
	if err != nil {
		return nil, err
	}
	if c.bySrc == nil {
		c.bySrc = make(map[string]compiledRules)
	}
	c.bySrc[name] = compiledRules{src: cloneRules(r), compiled: compiled}
	return compiled, nil
}

// keep forgets the rules of sources no longer configured.
func (c *rulesCache) keep(names map[string]bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for name := range c.bySrc {
		if !names[name] {
			delete(c.bySrc, name)
		}
	}
}

// isPlain: r has no lists of its own, only the Builtin switch.
func isPlain(r feeds.CleanRules) bool {
	return len(r.CutAfter) == 0 && len(r.Drop) == 0 && len(r.Remove) == 0 && len(r.TitleStrip) == 0
}

func sameRules(a, b feeds.CleanRules) bool {
	return a.Builtin == b.Builtin &&
		slices.Equal(a.CutAfter, b.CutAfter) &&
		slices.Equal(a.Drop, b.Drop) &&
		slices.Equal(a.Remove, b.Remove) &&
		slices.Equal(a.TitleStrip, b.TitleStrip)
}

// cloneRules copies the slices so a caller reusing its config cannot change
// what the cache compared against.
func cloneRules(r feeds.CleanRules) feeds.CleanRules {
	r.CutAfter = slices.Clone(r.CutAfter)
	r.Drop = slices.Clone(r.Drop)
	r.Remove = slices.Clone(r.Remove)
	r.TitleStrip = slices.Clone(r.TitleStrip)
	return r
}

// documentHash names a fetched document as the pipeline turns it into items:
// its bytes, and the source's cleaning inputs (its rules and its zone). A
// poll whose hash matches the last one saved skips parsing and cleaning, so
// a reload that changes the rules makes the next poll clean the unchanged
// document again, once, and the stored items get the new rules.
func documentHash(body []byte, src feeds.Source) string {
	h := sha256.New()
	writeCleanInputs(h, src)
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// writeCleanInputs writes a stable digest input of src's cleaning rules,
// zone and page-reading rules: every list and string is length-prefixed, so that no two different
// rule sets write the same bytes.
func writeCleanInputs(h hash.Hash, src feeds.Source) {
	r := src.CleanRules()
	var n [binary.MaxVarintLen64]byte
	str := func(s string) {
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(s)))])
		h.Write([]byte(s))
	}
	list := func(l []string) {
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(l)))])
		for _, s := range l {
			str(s)
		}
	}
	if r.Builtin {
		h.Write([]byte{1})
	} else {
		h.Write([]byte{0})
	}
	list(r.CutAfter)
	list(r.Drop)
	list(r.Remove)
	list(r.TitleStrip)
	str(src.Location.String())
	// How a page is read is part of what it gives: new list selectors or
	// article rules must reach an unchanged page too.
	l, a := src.ListRules(), src.ArticleRules()
	list([]string{src.Type, l.Item, l.Title, l.Link, l.Date, l.Summary, l.DateFormat, a.Content})
	list(a.Remove)
	flags := []byte{byte(l.Pages), 0}
	for i, on := range []bool{src.Robots, a.ForLists, a.ForFeeds} {
		if on {
			flags[1] |= 1 << i
		}
	}
	h.Write(flags)
}
