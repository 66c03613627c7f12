package poll

import (
	"slices"
	"sync"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/junk"
)

// rulesCache keeps each source's compiled cleaning rules, compiling again
// only when a reload changed them.
type rulesCache struct {
	mu    sync.Mutex
	bySrc map[string]compiledRules
}

type compiledRules struct {
	src      feeds.CleanRules
	compiled *junk.Rules
}

func (c *rulesCache) get(name string, r feeds.CleanRules) (*junk.Rules, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
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
