package fetch

import (
	"context"
	"sync"
	"time"
)

// hostGap spaces the requests to one host: each request reserves the next
// free start time, at least gap after the previous one's, and waits for it.
// Reserving rather than sleeping and re-checking keeps waiting requests in
// the order they arrived and lets none of them slip in early.
type hostGap struct {
	gap time.Duration
	now func() time.Time

	mu   sync.Mutex
	next map[string]time.Time // earliest start of the host's next request
	// longer holds a larger gap a host asked for itself (robots.txt
	// Crawl-delay); it only ever lengthens the configured gap.
	longer map[string]time.Duration
}

// maxCrawlDelay caps a robots.txt Crawl-delay: a site asking for an hour
// between requests would stall a list source's article fetches for a day.
const maxCrawlDelay = time.Minute

// sweepAt is how many hosts the table holds before entries whose time has
// passed are dropped, so that it does not grow with every host ever seen.
const sweepAt = 4096

func newHostGap(gap time.Duration) *hostGap {
	return &hostGap{gap: gap, now: time.Now, next: map[string]time.Time{}, longer: map[string]time.Duration{}}
}

// setCrawlDelay records a host's own wish for spacing (capped); a wish
// shorter than the configured gap changes nothing.
func (g *hostGap) setCrawlDelay(host string, d time.Duration) {
	d = min(d, maxCrawlDelay)
	g.mu.Lock()
	defer g.mu.Unlock()
	if d > g.gap {
		g.longer[host] = d
	} else {
		delete(g.longer, host)
	}
}

// wait blocks until a request to host may start, or ctx ends. A slot given
// up by a cancelled wait stays taken: the next request waits a little longer
// than it needed to, which errs on the polite side.
func (g *hostGap) wait(ctx context.Context, host string) error {
	start, ok := g.reserve(host)
	if !ok {
		return nil
	}
	d := start.Sub(g.now())
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// reserve takes the host's next start time; ok is false when requests to
// the host need no spacing.
func (g *hostGap) reserve(host string) (start time.Time, ok bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	gap := max(g.gap, g.longer[host])
	if gap <= 0 {
		return time.Time{}, false
	}
	now := g.now()
	if len(g.next) >= sweepAt {
		for h, t := range g.next {
			if !t.After(now) {
				delete(g.next, h)
			}
		}
	}
	start = now
	if t, found := g.next[host]; found && t.After(now) {
		start = t
	}
	g.next[host] = start.Add(gap)
	return start, true
}
