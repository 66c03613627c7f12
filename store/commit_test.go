package store

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.etcd.io/bbolt"

	"github.com/edufeed/edufeed/feeds"
)

var errTestWrite = errors.New("test write fails")

// queueWhileBusy runs first as a write and, while it holds the queue, the
// writes of rest, which all wait for the next transaction; it returns each
// one's error, first's at index 0.
func queueWhileBusy(t *testing.T, s *Store, first func(*bbolt.Tx) error, rest []func(*bbolt.Tx) error) []error {
	t.Helper()
	errs := make([]error, 1+len(rest))
	release := make(chan struct{})
	var wg sync.WaitGroup
	var once sync.Once
	wg.Go(func() {
		errs[0] = s.update(true, func(tx *bbolt.Tx) error {
			once.Do(func() { <-release })
			return first(tx)
		})
	})
	// Wait for first to lead, then queue the rest behind it.
	for s.writes.mu.Lock(); !s.writes.busy; s.writes.mu.Lock() {
		s.writes.mu.Unlock()
		time.Sleep(time.Millisecond)
	}
	s.writes.mu.Unlock()
	for i, fn := range rest {
		wg.Go(func() {
			defer func() {
				if p := recover(); p != nil {
					errs[i+1] = fmt.Errorf("panicked: %v", p)
				}
			}()
			errs[i+1] = s.update(true, fn)
		})
	}
	for {
		s.writes.mu.Lock()
		n := len(s.writes.pending)
		s.writes.mu.Unlock()
		if n == len(rest) {
			break
		}
		time.Sleep(time.Millisecond)
	}
	close(release)
	wg.Wait()
	return errs
}

func putTest(k string) func(*bbolt.Tx) error {
	return func(tx *bbolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte("test"))
		if err != nil {
			return err
		}
		return b.Put([]byte(k), []byte("v"))
	}
}

func TestWriteQueueSharesCommits(t *testing.T) {
	tests := []struct {
		name string
		bad  func(*bbolt.Tx) error // one of the queued writes, or nil
		want string                // its outcome
	}{
		{"all good", nil, ""},
		{"one fails", func(tx *bbolt.Tx) error {
			if err := putTest("bad")(tx); err != nil {
				return err
			}
			return errTestWrite
		}, errTestWrite.Error()},
		{"one panics", func(*bbolt.Tx) error { panic("boom") }, "panicked: boom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTemp(t)
			var rest []func(*bbolt.Tx) error
			for i := range 8 {
				rest = append(rest, putTest(fmt.Sprint("k", i)))
				if i == 3 && tt.bad != nil {
					rest = append(rest, tt.bad)
				}
			}
			before := s.commits.Load()
			errs := queueWhileBusy(t, s, putTest("first"), rest)
			for i, err := range errs {
				got := ""
				if err != nil {
					got = err.Error()
				}
				want := ""
				if i == 5 {
					want = tt.want
				}
				if got != want {
					t.Errorf("write %d: %q, want %q", i, got, want)
				}
			}
			// The first commit, and one for the eight good writes after it.
			if n := s.commits.Load() - before; n != 2 {
				t.Errorf("%d commits, want 2", n)
			}
			err := s.db.View(func(tx *bbolt.Tx) error {
				b := tx.Bucket([]byte("test"))
				if n := b.Stats().KeyN; n != 9 {
					t.Errorf("%d keys committed, want 9", n)
				}
				if b.Get([]byte("bad")) != nil {
					t.Error("the failed write's put was committed")
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestSavePollFailureDropsKeys: the keys a failed poll recorded are dropped
// with its transaction, so they cannot point at the number the next story
// gets.
func TestSavePollFailureDropsKeys(t *testing.T) {
	s := openTemp(t)
	a := story("moe", "a", "moe.gov.cn/a.html", "教育部部署寒假安全工作", 0xABCD_0000_1234_5678, day, "<p>a</p>")
	bad := feeds.Item{Source: "moe"} // no id
	if _, err := s.SavePoll([]feeds.Item{a, bad}, feeds.SourceState{Name: "moe"}, day); !errors.Is(err, ErrInvalidItem) {
		t.Fatalf("err = %v, want ErrInvalidItem", err)
	}
	b := story("eol", "b", "eol.cn/b.html", "高校招生工作会议召开", 0x1111_2222_3333_4444, day, "<p>b</p>")
	if res := mustSave(t, s, []feeds.Item{b}, "eol", day); res.New != 1 {
		t.Fatalf("b: %+v, want new", res)
	}
	if res := mustSave(t, s, []feeds.Item{a}, "moe", day); res.New != 1 {
		t.Errorf("a after its failed poll: %+v, want new", res)
	}
	if got := mustGet(t, s, a.ID); got.Title != a.Title {
		t.Errorf("a stored as %q", got.Title)
	}
}

// TestSavePollConcurrentMerges: stories merged across polls that share a
// commit find each other through the keys of the same transaction.
func TestSavePollConcurrentMerges(t *testing.T) {
	s := openTemp(t)
	const n = 12
	var rest []func(*bbolt.Tx) error
	results := make([]feeds.PollResult, n)
	for i := range n {
		// Every source carries the same story under its own GUID, found
		// by its canonical link.
		it := story(fmt.Sprint("src", i), "g", "jyt.gov.cn/tz/1.html", "", 0, day, fmt.Sprintf("<p>%0*d</p>", i+1, 0))
		rest = append(rest, func(tx *bbolt.Tx) error {
			var err error
			results[i], err = s.savePollTx(tx, []feeds.Item{it}, feeds.SourceState{Name: it.Source}, day)
			return err
		})
	}
	for i, err := range queueWhileBusy(t, s, putTest("first"), rest) {
		if err != nil {
			t.Fatalf("write %d: %v", i, err)
		}
	}
	items, err := s.Items(Query{})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || len(items[0].Sources) != n {
		t.Fatalf("%d stories, first from %d sources; want one from %d", len(items), len(items[0].Sources), n)
	}
	// Whichever poll ran first stored it; every other one merged into it.
	var sum feeds.PollResult
	for _, r := range results {
		sum.New += r.New
		sum.Merged += r.Merged
	}
	if sum.New != 1 || sum.Merged != n-1 {
		t.Errorf("results %+v, want one new and %d merged", results, n-1)
	}
}

// TestWriteQueuePanicOutsideWrite: a panic after the writes ran (here in
// finish, as one in bbolt's commit would be) fails that transaction's
// writes with an error and releases the queue, alone or with writes queued
// behind it; later writes commit.
func TestWriteQueuePanicOutsideWrite(t *testing.T) {
	for _, queued := range []int{0, 4} {
		t.Run(fmt.Sprint("queued=", queued), func(t *testing.T) {
			s := openTemp(t)
			finish := s.writes.finish
			var n atomic.Int32
			s.writes.finish = func(ok bool) {
				finish(ok)
				if int(n.Add(1)) == 1+min(queued, 1) { // the lone write, or the queued ones' commit
					panic("finish fails")
				}
			}
			var errs []error
			if queued == 0 {
				func() {
					defer func() {
						if p := recover(); p != nil {
							errs = append(errs, fmt.Errorf("panicked: %v", p))
						}
					}()
					errs = append(errs, s.update(true, putTest("a")))
				}()
			} else {
				var rest []func(*bbolt.Tx) error
				for i := range queued {
					rest = append(rest, putTest(fmt.Sprint("k", i)))
				}
				errs = queueWhileBusy(t, s, putTest("first"), rest)[1:]
			}
			for i, err := range errs {
				if err == nil || err.Error() != "write transaction: panic: finish fails" {
					t.Errorf("write %d: err = %v, want the panic as an error", i, err)
				}
			}
			s.writes.mu.Lock()
			busy := s.writes.busy
			s.writes.mu.Unlock()
			if busy {
				t.Fatal("the write queue stays busy after the panic")
			}
			if err := s.update(true, putTest("later")); err != nil {
				t.Errorf("a later write: %v", err)
			}
		})
	}
}
