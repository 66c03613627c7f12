package poll

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/edufeed/edufeed/feeds"
)

// batchStore is a memStore that also reads states many at once, and counts
// how it was asked.
type batchStore struct {
	*memStore
	fail error // StatesOf's answer when set

	mu            sync.Mutex
	single, batch int   // State calls, StatesOf calls
	asked         []int // the sizes StatesOf was asked for
}

func (b *batchStore) State(name string) (feeds.SourceState, error) {
	b.mu.Lock()
	b.single++
	b.mu.Unlock()
	return b.memStore.State(name)
}

func (b *batchStore) StatesOf(names []string) ([]feeds.SourceState, error) {
	b.mu.Lock()
	b.batch++
	b.asked = append(b.asked, len(names))
	b.mu.Unlock()
	if b.fail != nil {
		return nil, b.fail
	}
	out := make([]feeds.SourceState, 0, len(names))
	for _, name := range names {
		st, err := b.memStore.State(name)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}

// TestPollAllReadsStatesInBlocks: with a store that reads many states at
// once, PollAll reads a cycle's states a block at a time and each poll
// works from its own source's state (its validators reach the fetch); when
// the block read fails, each poll reads its own state instead.
func TestPollAllReadsStatesInBlocks(t *testing.T) {
	n := 2*stateBlockSize + 3
	tests := []struct {
		name       string
		fail       error
		wantBatch  int
		wantSingle int
	}{
		{name: "blocks", wantBatch: 3, wantSingle: 0},
		{name: "block read fails", fail: errors.New("connection refused"), wantBatch: 3, wantSingle: n},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := &batchStore{memStore: newMemStore(), fail: tt.fail}
			env := newEnv(t, body("<rss/>"), feedOf(twoItems), func(o *Options) { o.Store = st })
			var srcs []feeds.Source
			for i := range n {
				name := fmt.Sprintf("s%03d", i)
				srcs = append(srcs, source(name, fmt.Sprintf("https://h%d.example/%s.xml", i%7, name)))
				if err := st.memStore.SaveState(feeds.SourceState{Name: name, ETag: `"` + name + `"`}); err != nil {
					t.Fatal(err)
				}
			}
			results := env.s.PollAll(context.Background(), srcs)
			for _, r := range results {
				if r.Err != nil {
					t.Fatalf("%s: %v", r.Source, r.Err)
				}
			}
			st.mu.Lock()
			batch, single, asked := st.batch, st.single, st.asked
			st.mu.Unlock()
			if batch != tt.wantBatch || single != tt.wantSingle {
				t.Errorf("StatesOf %d times %v, State %d times; want %d and %d", batch, asked, single, tt.wantBatch, tt.wantSingle)
			}
			total := 0
			for _, k := range asked {
				total += k
			}
			if total != n {
				t.Errorf("StatesOf asked for %d states in all, want %d", total, n)
			}
			reqs := env.fetch.requests()
			if len(reqs) != n {
				t.Fatalf("%d fetches, want %d", len(reqs), n)
			}
			for _, req := range reqs {
				if want := `"` + req.Source + `"`; req.ETag != want {
					t.Errorf("%s fetched with ETag %s, want its own state's %s", req.Source, req.ETag, want)
				}
			}
			for _, src := range srcs {
				if got := st.state(src.Name); got.LastSuccess.IsZero() || got.ItemCount != 2 {
					t.Errorf("%s: state after the poll %+v", src.Name, got)
				}
			}
		})
	}
}

// TestPollAllStatesOfOneSource: a cycle of one source reads its state as a
// single poll does.
func TestPollAllStatesOfOneSource(t *testing.T) {
	st := &batchStore{memStore: newMemStore()}
	env := newEnv(t, body("<rss/>"), feedOf(twoItems), func(o *Options) { o.Store = st })
	res := env.s.PollAll(context.Background(), []feeds.Source{source("moe", "https://www.moe.gov.cn/rss.xml")})
	if len(res) != 1 || res[0].Err != nil {
		t.Fatalf("results %+v", res)
	}
	if st.batch != 0 || st.single != 1 {
		t.Errorf("StatesOf %d times, State %d times; want 0 and 1", st.batch, st.single)
	}
}
