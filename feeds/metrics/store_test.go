package metrics

import (
	"errors"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

const storeHead = `
# HELP edufeed_store_items Items the store holds.
# TYPE edufeed_store_items gauge
# HELP edufeed_store_size_bytes Size of the store's database file in bytes.
# TYPE edufeed_store_size_bytes gauge
`

func storeWant(size int64, items int) string {
	return storeHead +
		"edufeed_store_items " + strconv.Itoa(items) + "\n" +
		"edufeed_store_size_bytes " + strconv.FormatInt(size, 10) + "\n"
}

func TestWatchStoreFreshAtScrape(t *testing.T) {
	m := New("v1", "r")
	var size, items atomic.Int64
	m.WatchStore(func() (int64, int, error) { return size.Load(), int(items.Load()), nil })

	for _, st := range []struct {
		size  int64
		items int
	}{{32768, 10}, {65536, 250}, {65536, 0}} {
		size.Store(st.size)
		items.Store(int64(st.items))
		err := testutil.GatherAndCompare(m.reg, strings.NewReader(storeWant(st.size, st.items)),
			"edufeed_store_items", "edufeed_store_size_bytes")
		if err != nil {
			t.Errorf("after store %+v: %v", st, err)
		}
	}
}

func TestWatchStoreReplaceAndStop(t *testing.T) {
	m := New("v1", "r")
	names := []string{"edufeed_store_items", "edufeed_store_size_bytes"}
	if n := testutil.CollectAndCount(m.store); n != 0 {
		t.Errorf("before WatchStore: %d store metrics, want none", n)
	}
	m.WatchStore(func() (int64, int, error) { return 1, 1, nil })
	m.WatchStore(func() (int64, int, error) { return 2048, 3, nil }) // replaces, no duplicate registration
	if err := testutil.GatherAndCompare(m.reg, strings.NewReader(storeWant(2048, 3)), names...); err != nil {
		t.Error(err)
	}
	m.WatchStore(nil)
	if n := testutil.CollectAndCount(m.store); n != 0 {
		t.Errorf("after WatchStore(nil): %d store metrics, want none", n)
	}
}

// TestWatchStoreError: a store that cannot report costs its own two
// metrics, not the whole scrape, and the failure is counted.
func TestWatchStoreError(t *testing.T) {
	m := New("v1", "r")
	m.ObservePoll("moe", ResultOK, pollResult(1, 0, 0, 0, 0), 0)
	m.WatchStore(func() (int64, int, error) { return 0, 0, errors.New("store edufeed.db: database not open") })

	scrape(t, m) // fails the test on a non-200 answer
	// The handler counts a failure after gathering, so the second scrape
	// shows the first one's.
	body := scrape(t, m)
	if strings.Contains(body, "edufeed_store_size_bytes ") || strings.Contains(body, "edufeed_store_items ") {
		t.Error("store metrics served despite the error")
	}
	for _, want := range []string{
		`edufeed_polls_total{result="ok",source="moe"} 1`,
		`promhttp_metric_handler_errors_total{cause="gathering"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("scrape lacks %q", want)
		}
	}
}
