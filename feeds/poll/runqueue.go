package poll

import (
	"sync"

	"github.com/edufeed/edufeed/feeds"
)

// The daemon's scheduled polls wait in a queue for one of a fixed number of
// workers, not each in a goroutine of its own. A goroutine per poll parked
// at the fetch limits with the stack its state read had grown: at the
// start-up poll of 20,000 sources that was 750 MiB of stacks, and a tick of
// a schedule shared by every source is the same (issue 18). The queue costs
// a few words per waiting poll.

// queued is a scheduled poll waiting for a worker.
type queued struct {
	e       *entry
	startup bool
}

// runQueue is the queue of scheduled polls, first in, first out.
type runQueue struct {
	mu    sync.Mutex
	jobs  []queued
	ready chan struct{} // holds a signal while jobs may be waiting
}

func newRunQueue() *runQueue {
	return &runQueue{ready: make(chan struct{}, 1)}
}

// put adds jobs at the end and wakes a worker.
func (q *runQueue) put(jobs ...queued) {
	q.mu.Lock()
	q.jobs = append(q.jobs, jobs...)
	q.mu.Unlock()
	q.signal()
}

func (q *runQueue) signal() {
	select {
	case q.ready <- struct{}{}:
	default:
	}
}

// take returns the first job, waiting for one; false once quit is closed.
// A worker that takes a job while others wait wakes the next worker.
func (q *runQueue) take(quit <-chan struct{}) (queued, bool) {
	for {
		select {
		case <-quit:
			return queued{}, false
		default:
		}
		q.mu.Lock()
		if len(q.jobs) > 0 {
			j := q.jobs[0]
			q.jobs[0] = queued{}
			q.jobs = q.jobs[1:]
			more := len(q.jobs) > 0
			q.mu.Unlock()
			if more {
				q.signal()
			}
			return j, true
		}
		q.jobs = nil // let go of the array a burst grew
		q.mu.Unlock()
		select {
		case <-q.ready:
		case <-quit:
			return queued{}, false
		}
	}
}

// clear empties the queue and returns how many jobs it held.
func (q *runQueue) clear() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := len(q.jobs)
	q.jobs = nil
	return n
}

// workers is how many polls the queue runs at once: as many as PollAll, so
// that every fetch slot and every processing and saving slot can be busy,
// with a fetch more per slot waiting on the host or the slot.
func (s *Scheduler) workers() int {
	return 2*cap(s.limits.global) + cap(s.processing) + cap(s.saving)
}

// startWorkers starts the queue's workers; the caller holds s.mu.
func (s *Scheduler) startWorkers() {
	for range s.workers() {
		s.spawn(func() {
			for {
				j, ok := s.runq.take(s.quit)
				if !ok {
					return
				}
				j.e.waiting.Store(false)
				s.runScheduled(j.e, j.startup)
				s.wg.Done()
			}
		})
	}
}

// queueLocked queues scheduled polls; the caller holds s.mu and has checked
// that the scheduler is not stopped. Stop waits for them, or clears them.
// An entry already waiting is not queued again: a tick that comes while the
// last one's poll still waits is skipped, as one that comes while it runs.
func (s *Scheduler) queueLocked(jobs ...queued) {
	n := 0
	for _, j := range jobs {
		if j.e.waiting.CompareAndSwap(false, true) {
			jobs[n] = j
			n++
		} else {
			s.log.Debug("poll skipped: previous poll still waiting", "source", j.e.src.Load().Name)
		}
	}
	s.wg.Add(n)
	s.runq.put(jobs[:n]...)
}

// queue queues a scheduled poll of e, unless the scheduler is stopping.
func (s *Scheduler) queue(e *entry) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return
	}
	s.queueLocked(queued{e: e})
}

// queueStartup queues the start-up polls of srcs' entries by host in turn,
// as PollAll orders a cycle: workers waiting on one busy host would leave
// the fetch slots of the others idle. The caller holds s.mu.
func (s *Scheduler) queueStartup(srcs []feeds.Source, entries map[string]*entry) {
	var which []int
	for i := range srcs {
		if entries[srcs[i].Name] != nil {
			which = append(which, i)
		}
	}
	jobs := make([]queued, 0, len(which))
	for _, k := range byHostInTurn(srcs, which) {
		jobs = append(jobs, queued{e: entries[srcs[which[k]].Name], startup: true})
	}
	s.queueLocked(jobs...)
}
