package publish

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/filter"
)

// settableClock is a clock a test moves by hand.
type settableClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *settableClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *settableClock) set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// TestReloadMovesLastModified checks that a client sending only
// If-Modified-Since with the Last-Modified it holds learns of a reload that
// hides an item, though the store has not changed: a 200 without the item,
// with a later Last-Modified and another ETag.
func TestReloadMovesLastModified(t *testing.T) {
	const hidden = "2024年高考志愿填报指南发布"
	tests := []struct {
		name     string
		reloadAt time.Time // the clock at the reload
	}{
		{"reload a day after the last write", storeModified.Add(24 * time.Hour)},
		// The clock has not moved past the second of the header the client
		// holds: the new one must still be later.
		{"reload within the second of the last write", storeModified.Add(300 * time.Millisecond)},
		{"reload with a clock behind the store", started},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, r := range feedRoutes {
				clock := &settableClock{t: started}
				h := NewHandler(newFake(), Options{Info: testInfo(), Sources: testSources(), Classifier: testClassifier(t), Now: clock.now})
				first := get(t, h, r.path)
				lastMod, etag := first.Header().Get("Last-Modified"), first.Header().Get("Etag")
				if !strings.Contains(first.Body.String(), hidden) {
					t.Fatalf("%s: the item to hide is not in the feed to start with", r.path)
				}
				if rec := get(t, h, r.path, "If-Modified-Since", lastMod); rec.Code != http.StatusNotModified {
					t.Fatalf("%s: before the reload: status %d, want 304", r.path, rec.Code)
				}

				clock.set(tt.reloadAt)
				h.Reload(testSources(), classifierWith(t, filter.Rules{Exclude: []string{"志愿填报"}}), nil)
				rec := get(t, h, r.path, "If-Modified-Since", lastMod)
				if rec.Code != http.StatusOK {
					t.Fatalf("%s: If-Modified-Since %s after a reload: status %d, want 200", r.path, lastMod, rec.Code)
				}
				if strings.Contains(rec.Body.String(), hidden) {
					t.Errorf("%s: the excluded item is still in the feed", r.path)
				}
				newMod, err := http.ParseTime(rec.Header().Get("Last-Modified"))
				if old, _ := http.ParseTime(lastMod); err != nil || !newMod.After(old) {
					t.Errorf("%s: Last-Modified %q after the reload, was %q", r.path, rec.Header().Get("Last-Modified"), lastMod)
				}
				// One reload moves it once: to the reload, when the clock is
				// past the old value.
				if want := tt.reloadAt.Truncate(time.Second); want.After(storeModified) && !newMod.Equal(want) {
					t.Errorf("%s: Last-Modified %s, want the reload's %s", r.path, newMod, want)
				}
				if rec.Header().Get("Etag") == etag {
					t.Errorf("%s: ETag %s did not change", r.path, etag)
				}
				// And the new value validates as usual.
				if again := get(t, h, r.path, "If-Modified-Since", rec.Header().Get("Last-Modified")); again.Code != http.StatusNotModified {
					t.Errorf("%s: the new Last-Modified gets %d, want 304", r.path, again.Code)
				}
			}
		})
	}
}

// TestRestartMovesLastModified: a daemon started with a changed config
// serves a store that has not changed since the last run. Its Last-Modified
// is no earlier than its start, while the body, and so the ETag, stays the
// same when the config changed nothing.
func TestRestartMovesLastModified(t *testing.T) {
	f := newFake()
	before := get(t, newTestHandler(f), "/feed.xml")
	restarted := storeModified.Add(time.Hour)
	h := NewHandler(f, Options{Info: testInfo(), Sources: testSources(), Version: "0.1.0", Now: clockAt(restarted)})
	rec := get(t, h, "/feed.xml", "If-Modified-Since", before.Header().Get("Last-Modified"))
	if rec.Code != http.StatusOK {
		t.Fatalf("If-Modified-Since the last run's Last-Modified: status %d, want 200", rec.Code)
	}
	if got, want := rec.Header().Get("Last-Modified"), restarted.Format(http.TimeFormat); got != want {
		t.Errorf("Last-Modified %q, want the start %q", got, want)
	}
	if rec.Header().Get("Etag") != before.Header().Get("Etag") {
		t.Error("the same config and store gave another ETag after a restart")
	}
}

// TestHandlerSharesSources: the handler indexes the slice it is given, at
// start-up and on a reload, instead of keeping a copy of every source.
func TestHandlerSharesSources(t *testing.T) {
	srcs := testSources()
	h := NewHandler(newFake(), Options{Info: testInfo(), Sources: srcs})
	check := func(when string, want []feeds.Source) {
		t.Helper()
		got, byName, _ := h.snapshot()
		if len(got) != len(want) || &got[0] != &want[0] || byName[want[0].Name] != &want[0] {
			t.Errorf("%s: the handler's sources are a copy of the slice given", when)
		}
	}
	check("at start-up", srcs)
	again := testSources()
	h.Reload(again, nil, nil)
	check("after a reload", again)
}
