package store

import (
	"fmt"
	"slices"
	"sync"

	"go.etcd.io/bbolt"
)

// writeQueue groups writes into shared transactions (group commit): a write
// that finds no commit running commits at once, alone; writes that arrive
// while one runs wait, and the next transaction takes all of them, so with
// many polls in flight one fsync and one copy of every shared page (branch
// pages, meta, the free list, the tail of the append-only buckets) serve a
// dozen polls. bbolt's own Batch closes a batch on a timer instead, which
// under load gathered about one poll per commit while the rest queued on the
// write lock.
//
// Every write transaction of the store runs in the goroutine leading the
// queue, one after the other, and finish is called after each, before the
// next begins.
type writeQueue struct {
	db *bbolt.DB
	// finish is told whether each transaction committed.
	finish func(committed bool)
	// mapped keeps the file's pages mapped into the process bounded.
	mapped mappedReleaser

	mu      sync.Mutex
	pending []*write
	busy    bool // a leader is committing; it hands over to pending[0]
}

// write is one caller's function and where its outcome goes.
type write struct {
	fn   func(*bbolt.Tx) error
	done chan writeResult // buffered: a send never waits
}

type writeResult struct {
	err   error
	panic any  // fn panicked (run alone): the caller panics in turn
	lead  bool // the caller now leads: it commits everything pending
}

// run commits fn with whatever other writes are pending. As with bbolt's
// Batch, fn may run more than once (a shared transaction is rolled back
// when any of its functions fails, and the others run again), so it must
// start afresh every time.
func (q *writeQueue) run(fn func(*bbolt.Tx) error) error {
	w := &write{fn: fn, done: make(chan writeResult, 1)}
	q.mu.Lock()
	q.pending = append(q.pending, w)
	lead := !q.busy
	q.busy = true
	q.mu.Unlock()
	if !lead {
		if r := <-w.done; !r.lead {
			return r.outcome()
		}
	}
	q.mu.Lock()
	calls := q.pending
	q.pending = nil
	q.mu.Unlock()
	q.lead(calls)
	return (<-w.done).outcome()
}

// lead commits calls and then hands over to the first write that arrived
// meanwhile, or stands down. Whatever panics on the way (bbolt's commit,
// finish), every call gets an answer and the queue is released: a leader
// that left it busy would stop every later write for good.
func (q *writeQueue) lead(calls []*write) {
	all := slices.Clone(calls) // commit takes failed calls out of calls
	defer func() {
		p := recover()
		if p != nil {
			err := fmt.Errorf("write transaction: panic: %v", p)
			for _, c := range all {
				select {
				case c.done <- writeResult{err: err}:
				default: // answered already
				}
			}
		}
		q.mu.Lock()
		if len(q.pending) > 0 {
			q.pending[0].done <- writeResult{lead: true}
		} else {
			q.busy = false
		}
		q.mu.Unlock()
	}()
	q.commit(calls)
}

func (r writeResult) outcome() error {
	if r.panic != nil {
		panic(r.panic)
	}
	return r.err
}

// update runs one transaction and reports how it ended to finish. A panic
// in bbolt's commit (fn's own are caught by safelyCall) is a failed
// transaction: bbolt has rolled it back.
func (q *writeQueue) update(fn func(*bbolt.Tx) error) error {
	err := safelyCall(q.db.Update, func(tx *bbolt.Tx) error {
		q.mapped.maybeRelease(tx)
		return fn(tx)
	}, nil)
	if q.finish != nil {
		q.finish(err == nil)
	}
	return err
}

// commit runs calls in one transaction and tells each its outcome. A
// function that fails is taken out and run alone, so that one bad poll does
// not fail the others.
func (q *writeQueue) commit(calls []*write) {
	for len(calls) > 0 {
		failed := -1
		err := q.update(func(tx *bbolt.Tx) error {
			for i, c := range calls {
				if err := safelyCall(c.fn, tx, nil); err != nil {
					failed = i
					return err
				}
			}
			return nil
		})
		if failed < 0 {
			for _, c := range calls {
				c.done <- writeResult{err: err}
			}
			return
		}
		c := calls[failed]
		calls = slices.Delete(calls, failed, failed+1)
		var r writeResult
		r.err = q.update(func(tx *bbolt.Tx) error { return safelyCall(c.fn, tx, &r.panic) })
		c.done <- r
	}
}

// safelyCall runs fn, turning a panic into an error so that the leader goes
// on; the panic's value goes to *panicked when that is not nil.
func safelyCall[T any](fn func(T) error, arg T, panicked *any) (err error) {
	defer func() {
		if p := recover(); p != nil {
			if panicked != nil {
				*panicked = p
			}
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return fn(arg)
}
