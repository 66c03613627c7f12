package poll

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/fetch"
)

// closingStore is a store that the test closes once Stop has returned, as
// serve does; any write after that is counted.
type closingStore struct {
	Store
	closed, late atomic.Bool
}

func (c *closingStore) SaveState(st feeds.SourceState) error {
	if c.closed.Load() {
		c.late.Store(true)
	}
	return c.Store.SaveState(st)
}

func (c *closingStore) SavePoll(items []feeds.Item, st feeds.SourceState, now time.Time) (feeds.PollResult, error) {
	if c.closed.Load() {
		c.late.Store(true)
	}
	return c.Store.SavePoll(items, st, now)
}

// TestStopWithPollNowRunning: an operator's poll that is running at
// shutdown is one of the scheduler's: Stop waits for it within the grace,
// cancels it after, and no store write comes after Stop returns.
func TestStopWithPollNowRunning(t *testing.T) {
	tests := []struct {
		name    string
		grace   time.Duration
		finish  bool // the slow source answers while Stop waits
		wantErr error
	}{
		{name: "finishes within the grace", grace: time.Hour, finish: true},
		{name: "cancelled after the grace", grace: 20 * time.Millisecond, wantErr: context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entered, answer := make(chan struct{}), make(chan struct{})
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				close(entered)
				select {
				case <-answer:
					w.Write([]byte(`<rss version="2.0"><channel><title>t</title></channel></rss>`))
				case <-r.Context().Done():
				}
			}))
			defer srv.Close()
			st := &closingStore{}
			env := newEnv(t, nil, feedOf(twoItems), func(o *Options) {
				o.Fetcher = fetch.NewClient(fetch.Options{})
				st.Store = o.Store
				o.Store = st
			})
			if err := env.s.Start(context.Background(), nil); err != nil {
				t.Fatal(err)
			}
			src := source("slow", srv.URL+"/rss.xml")
			src.AllowPrivate = true

			// The request that started the poll is gone: its end must not matter.
			reqCtx, hangUp := context.WithCancel(context.Background())
			result := make(chan Result, 1)
			go func() { result <- env.s.PollNow(reqCtx, src) }()
			<-entered
			hangUp()

			stopped := make(chan struct{})
			go func() {
				env.s.Stop(tt.grace)
				st.closed.Store(true) // serve closes the store here
				close(stopped)
			}()
			if tt.finish {
				close(answer)
			}
			<-stopped
			res := <-result
			if st.late.Load() {
				t.Error("the poll wrote to the store after Stop returned")
			}
			if tt.wantErr == nil {
				if res.Err != nil {
					t.Errorf("poll failed: %v", res.Err)
				}
				if got := env.store.state("slow"); !got.LastSuccess.Equal(testNow) {
					t.Errorf("state %+v, want the poll's success saved before Stop returned", got)
				}
			} else if !errors.Is(res.Err, tt.wantErr) {
				t.Errorf("poll error %v, want %v", res.Err, tt.wantErr)
			}
			if res := env.s.PollNow(context.Background(), src); !errors.Is(res.Err, ErrStopped) {
				t.Errorf("PollNow after Stop: %v, want ErrStopped", res.Err)
			}
		})
	}
}

// TestPollNowBeforeStart: before Start nothing could stop an operator's
// poll, so there is none.
func TestPollNowBeforeStart(t *testing.T) {
	env := newEnv(t, body("<rss/>"), feedOf(twoItems), nil)
	if res := env.s.PollNow(context.Background(), source("moe", "https://www.moe.gov.cn/rss.xml")); res.Err == nil {
		t.Error("PollNow before Start succeeded")
	}
	if n := len(env.fetch.requests()); n != 0 {
		t.Errorf("%d fetches, want none", n)
	}
}
