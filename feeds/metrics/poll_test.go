package metrics

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/edufeed/edufeed/feeds"
)

func pollResult(nw, updated, merged, filtered, skipped int) feeds.PollResult {
	return feeds.PollResult{New: nw, Updated: updated, Merged: merged, Filtered: filtered, Skipped: skipped, Unchanged: 99}
}

type poll struct {
	source, result string
	pr             feeds.PollResult
}

func TestObservePoll(t *testing.T) {
	tests := []struct {
		name       string
		polls      []poll
		wantPolls  string
		wantItems  string
		pollCounts map[string]int
	}{
		{
			name:  "one ok poll creates every result and kind at zero",
			polls: []poll{{"moe", ResultOK, pollResult(3, 2, 1, 4, 5)}},
			wantPolls: `
edufeed_polls_total{result="error",source="moe"} 0
edufeed_polls_total{result="not_modified",source="moe"} 0
edufeed_polls_total{result="ok",source="moe"} 1
`,
			wantItems: `
edufeed_items_total{kind="filtered",source="moe"} 4
edufeed_items_total{kind="merged",source="moe"} 1
edufeed_items_total{kind="new",source="moe"} 3
edufeed_items_total{kind="skipped",source="moe"} 5
edufeed_items_total{kind="updated",source="moe"} 2
`,
			pollCounts: map[string]int{"moe": 1},
		},
		{
			name: "results and items add up per source",
			polls: []poll{
				{"moe", ResultOK, pollResult(2, 0, 0, 0, 0)},
				{"moe", ResultNotModified, feeds.PollResult{NotModified: true}},
				{"moe", ResultError, feeds.PollResult{}},
				{"moe", ResultOK, pollResult(1, 1, 0, 0, 0)},
				{"gaokao", ResultError, feeds.PollResult{}},
			},
			wantPolls: `
edufeed_polls_total{result="error",source="gaokao"} 1
edufeed_polls_total{result="error",source="moe"} 1
edufeed_polls_total{result="not_modified",source="gaokao"} 0
edufeed_polls_total{result="not_modified",source="moe"} 1
edufeed_polls_total{result="ok",source="gaokao"} 0
edufeed_polls_total{result="ok",source="moe"} 2
`,
			wantItems: `
edufeed_items_total{kind="filtered",source="gaokao"} 0
edufeed_items_total{kind="filtered",source="moe"} 0
edufeed_items_total{kind="merged",source="gaokao"} 0
edufeed_items_total{kind="merged",source="moe"} 0
edufeed_items_total{kind="new",source="gaokao"} 0
edufeed_items_total{kind="new",source="moe"} 3
edufeed_items_total{kind="skipped",source="gaokao"} 0
edufeed_items_total{kind="skipped",source="moe"} 0
edufeed_items_total{kind="updated",source="gaokao"} 0
edufeed_items_total{kind="updated",source="moe"} 1
`,
			pollCounts: map[string]int{"moe": 4, "gaokao": 1},
		},
		{
			name:  "negative counts are dropped, not a panic",
			polls: []poll{{"moe", ResultOK, pollResult(-1, 0, 0, 0, 0)}},
			wantPolls: `
edufeed_polls_total{result="error",source="moe"} 0
edufeed_polls_total{result="not_modified",source="moe"} 0
edufeed_polls_total{result="ok",source="moe"} 1
`,
			wantItems: `
edufeed_items_total{kind="filtered",source="moe"} 0
edufeed_items_total{kind="merged",source="moe"} 0
edufeed_items_total{kind="new",source="moe"} 0
edufeed_items_total{kind="skipped",source="moe"} 0
edufeed_items_total{kind="updated",source="moe"} 0
`,
			pollCounts: map[string]int{"moe": 1},
		},
		{
			name:  "an unexpected result keeps its own label",
			polls: []poll{{"moe", "timeout", feeds.PollResult{}}},
			wantPolls: `
edufeed_polls_total{result="error",source="moe"} 0
edufeed_polls_total{result="not_modified",source="moe"} 0
edufeed_polls_total{result="ok",source="moe"} 0
edufeed_polls_total{result="timeout",source="moe"} 1
`,
			wantItems: `
edufeed_items_total{kind="filtered",source="moe"} 0
edufeed_items_total{kind="merged",source="moe"} 0
edufeed_items_total{kind="new",source="moe"} 0
edufeed_items_total{kind="skipped",source="moe"} 0
edufeed_items_total{kind="updated",source="moe"} 0
`,
			pollCounts: map[string]int{"moe": 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := New("v1", "r")
			for _, p := range tt.polls {
				m.ObservePoll(p.source, p.result, p.pr, 2*time.Second)
			}
			head := "# HELP edufeed_polls_total Finished polls of a source, by result: ok, not_modified or error.\n# TYPE edufeed_polls_total counter"
			if err := testutil.GatherAndCompare(m.reg, strings.NewReader(head+tt.wantPolls), "edufeed_polls_total"); err != nil {
				t.Error(err)
			}
			head = "# HELP edufeed_items_total Items seen in polls of a source, by kind: new, updated, merged (already stored from another source), filtered (hidden from the outputs) or skipped (pruned before).\n# TYPE edufeed_items_total counter"
			if err := testutil.GatherAndCompare(m.reg, strings.NewReader(head+tt.wantItems), "edufeed_items_total"); err != nil {
				t.Error(err)
			}
			for src, n := range tt.pollCounts {
				got := histogramCount(t, m, "edufeed_poll_duration_seconds", src)
				if got != n {
					t.Errorf("poll duration count of %s = %d, want %d", src, got, n)
				}
			}
		})
	}
}

// histogramCount reads the sample count of the histogram name for source.
func histogramCount(t *testing.T, m *Metrics, name, source string) int {
	t.Helper()
	_, n := findSeries(t, m, name, source, "")
	return int(n)
}

func TestObserveFetch(t *testing.T) {
	m := New("v1", "r")
	m.ObserveFetch("moe", 1000, 40*time.Millisecond)
	m.ObserveFetch("moe", 500, 3*time.Second)
	m.ObserveFetch("moe", 0, 75*time.Second) // beyond the last bucket

	if got := counter(t, m, "edufeed_fetch_bytes_total", "moe", ""); got != 1500 {
		t.Errorf("fetch bytes = %v, want 1500", got)
	}
	want := `
# HELP edufeed_fetch_duration_seconds Time to fetch a source's feed document, from the request to its last byte.
# TYPE edufeed_fetch_duration_seconds histogram
edufeed_fetch_duration_seconds_bucket{source="moe",le="0.05"} 1
edufeed_fetch_duration_seconds_bucket{source="moe",le="0.1"} 1
edufeed_fetch_duration_seconds_bucket{source="moe",le="0.25"} 1
edufeed_fetch_duration_seconds_bucket{source="moe",le="0.5"} 1
edufeed_fetch_duration_seconds_bucket{source="moe",le="1"} 1
edufeed_fetch_duration_seconds_bucket{source="moe",le="2.5"} 1
edufeed_fetch_duration_seconds_bucket{source="moe",le="5"} 2
edufeed_fetch_duration_seconds_bucket{source="moe",le="10"} 2
edufeed_fetch_duration_seconds_bucket{source="moe",le="20"} 2
edufeed_fetch_duration_seconds_bucket{source="moe",le="30"} 2
edufeed_fetch_duration_seconds_bucket{source="moe",le="60"} 2
edufeed_fetch_duration_seconds_bucket{source="moe",le="+Inf"} 3
edufeed_fetch_duration_seconds_sum{source="moe"} 78.04
edufeed_fetch_duration_seconds_count{source="moe"} 3
`
	if err := testutil.GatherAndCompare(m.reg, strings.NewReader(want), "edufeed_fetch_duration_seconds"); err != nil {
		t.Error(err)
	}
}

func TestForgetSource(t *testing.T) {
	m := New("v1", "r")
	for _, src := range []string{"moe", "gaokao"} {
		m.ObservePoll(src, ResultOK, pollResult(1, 1, 1, 1, 1), time.Second)
		m.ObserveFetch(src, 100, time.Second)
	}
	m.ForgetSource("moe")

	body := scrape(t, m)
	if strings.Contains(body, `source="moe"`) {
		t.Errorf("series of a forgotten source remain:\n%s", grepLines(body, `source="moe"`))
	}
	// 3 results + 5 kinds + 1 bytes counter + 2 histograms of 11 buckets,
	// +Inf, sum and count each.
	if got, want := strings.Count(body, `source="gaokao"`), 3+5+1+2*14; got != want {
		t.Errorf("series of the kept source: %d, want %d", got, want)
	}

	// A source that comes back starts from zero.
	m.ObservePoll("moe", ResultError, feeds.PollResult{}, time.Second)
	if got := counter(t, m, "edufeed_polls_total", "moe", ResultOK); got != 0 {
		t.Errorf("ok polls of a re-added source = %v, want 0", got)
	}
	if got := counter(t, m, "edufeed_polls_total", "moe", ResultError); got != 1 {
		t.Errorf("error polls of a re-added source = %v, want 1", got)
	}
	if got := counter(t, m, "edufeed_items_total", "moe", KindNew); got != 0 {
		t.Errorf("new items of a re-added source = %v, want 0", got)
	}

	// Forgetting a source never seen is harmless.
	m.ForgetSource("never")
}

func grepLines(s, sub string) string {
	var out []string
	for line := range strings.Lines(s) {
		if strings.Contains(line, sub) {
			out = append(out, line)
		}
	}
	return strings.Join(out, "")
}

// TestConcurrent runs polls, forgets and scrapes at once, for -race.
func TestConcurrent(t *testing.T) {
	m := New("v1", "r")
	m.WatchStore(func() (int64, int, error) { return 1, 1, nil })
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 200 {
				src := fmt.Sprintf("s%d", (g+i)%5)
				m.ObserveFetch(src, 10, time.Millisecond)
				m.ObservePoll(src, ResultOK, pollResult(1, 0, 0, 0, 0), time.Millisecond)
				if i%50 == 0 {
					m.ForgetSource(src)
				}
			}
		})
	}
	wg.Go(func() {
		for range 20 {
			if _, err := m.reg.Gather(); err != nil {
				t.Error(err)
				return
			}
		}
	})
	wg.Wait()

	// Each source's ok count and new-item count move together, forgotten
	// or not: the cache and the registry never disagree.
	for i := range 5 {
		src := fmt.Sprintf("s%d", i)
		ok := counter(t, m, "edufeed_polls_total", src, ResultOK)
		nw := counter(t, m, "edufeed_items_total", src, KindNew)
		if ok != nw {
			t.Errorf("%s: %v ok polls but %v new items", src, ok, nw)
		}
	}
}

// counter is the value of the counter name for source; 0 when there is none.
func counter(t *testing.T, m *Metrics, name, source, other string) float64 {
	t.Helper()
	v, _ := findSeries(t, m, name, source, other)
	return v
}

// findSeries returns the counter value and the histogram sample count of
// the series of name for source and, when not empty, the result or kind
// label value other; zeros when there is none.
func findSeries(t *testing.T, m *Metrics, name, source, other string) (float64, uint64) {
	t.Helper()
	mfs, err := m.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, mt := range mf.GetMetric() {
			labels := map[string]string{}
			for _, l := range mt.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			if labels["source"] == source && (other == "" || labels["result"] == other || labels["kind"] == other) {
				return mt.GetCounter().GetValue(), mt.GetHistogram().GetSampleCount()
			}
		}
	}
	return 0, 0
}

// TestSeriesPerSourceAreSmall: the series of a source are kept as plain
// numbers; a prometheus Vec child per series took about 7 KB a source.
func TestSeriesPerSourceAreSmall(t *testing.T) {
	const n = 2000
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	m := New("v1", "r")
	for i := range n {
		src := fmt.Sprintf("src%d", i)
		m.ObserveFetch(src, 1000, time.Second)
		m.ObservePoll(src, ResultOK, pollResult(20, 0, 0, 0, 0), time.Second)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	perSource := (int64(after.HeapAlloc) - int64(before.HeapAlloc)) / n
	t.Logf("%d bytes of heap per source", perSource)
	if perSource > 1024 {
		t.Errorf("%d bytes of heap per source's series, want at most 1 KiB", perSource)
	}
	runtime.KeepAlive(m)
}
