package postgres

import (
	"fmt"
	"sync"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/store"
)

// Group commit. Polls save one at a time anyway (the write lock), so the
// polls that arrive while one saves wait in memory, and the next save
// takes them together: one transaction, one write lock, one lookup of
// their exact keys, one of their candidates, one write statement, one
// version bump and notification. Each transaction cost the server a
// start, a lock and three statements' executor start-ups whatever its
// size. A save that finds none running starts at once, alone: no timer
// adds latency.

// The most polls and items one transaction takes; the rest wait for the
// next. A poll larger than maxGroupItems still saves, alone.
const (
	maxGroupPolls = 16
	maxGroupItems = 1000
)

// pollSave is one SavePoll call: the poll's items once each with their
// keys, and where its outcome goes.
type pollSave struct {
	poll []*feeds.Item
	keys []store.MatchKeys
	all  [][]byte // every item's exact keys
	ids  []string // the items' own ids
	st   feeds.SourceState
	now  time.Time
	done chan saveOutcome // buffered: a send never waits
}

type saveOutcome struct {
	res  feeds.PollResult
	err  error
	lead bool // the caller now leads: it saves the next group
}

// saveQueue holds the polls waiting for the save running now.
type saveQueue struct {
	mu      sync.Mutex
	pending []*pollSave
	busy    bool // a leader is saving; it hands over to pending[0]
}

// save saves p with the polls pending, or alone when none is running.
func (s *Store) save(p *pollSave) (feeds.PollResult, error) {
	q := &s.saves
	q.mu.Lock()
	q.pending = append(q.pending, p)
	lead := !q.busy
	q.busy = true
	q.mu.Unlock()
	if !lead {
		if o := <-p.done; !o.lead {
			return o.res, o.err
		}
	}
	s.lead()
	o := <-p.done
	return o.res, o.err
}

// lead saves the next group of pending polls (the leader's own is its
// first), then hands over to the first poll still pending, or stands down.
// Whatever happens on the way, every poll of the group gets an answer and
// the queue is released: a leader that left it busy would stop every later
// save for good.
func (s *Store) lead() {
	q := &s.saves
	q.mu.Lock()
	n, items := 0, 0
	for n < len(q.pending) && n < maxGroupPolls && (n == 0 || items+len(q.pending[n].poll) <= maxGroupItems) {
		items += len(q.pending[n].poll)
		n++
	}
	group := q.pending[:n:n]
	q.pending = q.pending[n:]
	q.mu.Unlock()
	defer func() {
		p := recover()
		if p != nil {
			err := fmt.Errorf("store %s: save poll: panic: %v", s.dsn, p)
			for _, c := range group {
				select {
				case c.done <- saveOutcome{err: err}:
				default: // answered already
				}
			}
		}
		q.handOver()
	}()
	s.saveGroup(group)
}

// handOver makes the first pending poll's caller the leader, or marks the
// queue idle.
func (q *saveQueue) handOver() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.pending) > 0 {
		q.pending[0].done <- saveOutcome{lead: true}
		return
	}
	q.busy = false
	q.pending = nil
}
