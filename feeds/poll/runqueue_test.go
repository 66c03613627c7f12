package poll

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// TestStartupPollsWaitInQueue: the start-up polls of many sources wait in
// the run queue, not in a goroutine each; the first ones taken go to every
// host in turn; all of them run once the fetches go through; and Stop drops
// the polls still waiting.
func TestStartupPollsWaitInQueue(t *testing.T) {
	const n = 2000
	for _, stop := range []bool{false, true} {
		t.Run(fmt.Sprintf("stop=%v", stop), func(t *testing.T) {
			g := newGate(n)
			// Two slots a host for four in all: the workers hold a prefix of
			// the queue, so only an order by host in turn lets both hosts'
			// fetches fill the four slots. With as many slots a host as in
			// all, which workers reach the slots first is up to the
			// goroutine scheduler, and a host could take three.
			env := newEnv(t, g.fetch, feedOf(twoItems), func(o *Options) { o.Concurrency, o.PerHost = 4, 2 })
			var srcs []feeds.Source
			for i := range n {
				// Every source of host a first, then those of host b.
				host := "a.example"
				if i >= n/2 {
					host = "b.example"
				}
				srcs = append(srcs, source(fmt.Sprintf("s%04d", i), fmt.Sprintf("https://%s/feed/%d", host, i)))
			}
			before := runtime.NumGoroutine()
			if err := env.s.Start(context.Background(), srcs); err != nil {
				t.Fatal(err)
			}
			hosts := map[byte]int{}
			for range 4 { // the fetch slots are full
				hosts[(<-g.entered)[1]]++
			}
			if g := runtime.NumGoroutine() - before; g > env.s.workers()+10 {
				t.Errorf("%d goroutines more with %d start-up polls waiting, want at most the %d workers and a few", g, n, env.s.workers())
			}
			if hosts['0'] != 2 || hosts['1'] != 2 {
				t.Errorf("first fetches by host (s0… is a, s1… is b): %v, want 2 each", hosts)
			}
			if stop {
				stopReleasing(env, g)
				if got := len(env.fetch.requests()); got > env.s.workers() {
					t.Errorf("%d fetches after Stop, want at most the %d workers' polls", got, env.s.workers())
				}
				return
			}
			close(g.release)
			for range n - 4 {
				<-g.entered
			}
			env.s.Stop(time.Hour)
			if got := len(env.fetch.requests()); got != n {
				t.Errorf("%d fetches, want every source's start-up poll: %d", got, n)
			}
		})
	}
}
