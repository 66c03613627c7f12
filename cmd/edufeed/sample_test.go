package main

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edufeed/edufeed/feeds"
)

// TestSampleConfigSurvivesPrune runs the bundled config.example.yaml, its
// network sources left out (tests never reach the internet), through a
// first poll and the prune that follows a minute after start-up: the sample
// items are older than retention, and the feed must still show them.
func TestSampleConfigSurvivesPrune(t *testing.T) {
	cfg, err := loadConfig(filepath.Join("..", "..", "config.example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cfg.Store.Path = filepath.Join(t.TempDir(), "edufeed.db")
	var local []feeds.Source
	for _, src := range sourcesOf(cfg) {
		if src.Enabled && strings.HasPrefix(src.URL, "file:") {
			local = append(local, src)
		}
	}
	if len(local) == 0 {
		t.Fatal("config.example.yaml has no enabled file: source")
	}
	d, err := openDaemon(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), overrides{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.close()
	polled := 0
	for _, r := range d.sched.PollAll(t.Context(), local) {
		if r.Err != nil {
			t.Fatalf("poll %s: %v", r.Source, r.Err)
		}
		polled += r.New
	}
	if polled == 0 {
		t.Fatal("the sample sources gave no items")
	}
	d.pruneOnce(t.Context())

	rec := httptest.NewRecorder()
	d.pub.ServeHTTP(rec, httptest.NewRequest("GET", "/feed.json", nil))
	var feed struct{ Items []struct{ Title string } }
	if err := json.Unmarshal(rec.Body.Bytes(), &feed); err != nil {
		t.Fatalf("/feed.json: %v\n%s", err, rec.Body)
	}
	if len(feed.Items) != polled {
		t.Errorf("after the first prune /feed.json shows %d items, want the %d sample items", len(feed.Items), polled)
	}
}
