package publish

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

type healthDoc struct {
	Status string `json:"status"`
	Error  string `json:"error"`
	Store  *struct {
		Path     string    `json:"path"`
		Items    int       `json:"items"`
		FileSize int64     `json:"file_size"`
		Version  uint64    `json:"version"`
		Modified time.Time `json:"modified"`
	} `json:"store"`
	Sources []struct {
		Name              string     `json:"name"`
		URL               string     `json:"url"`
		Enabled           bool       `json:"enabled"`
		Tags              []string   `json:"tags"`
		LastAttempt       *time.Time `json:"last_attempt"`
		LastSuccess       *time.Time `json:"last_success"`
		LastError         string     `json:"last_error"`
		ConsecutiveErrors int        `json:"consecutive_errors"`
		ItemCount         int        `json:"item_count"`
		NextRun           *time.Time `json:"next_run"`
		OK                bool       `json:"ok"`
	} `json:"sources"`
}

func TestHealth(t *testing.T) {
	polled := time.Date(2024, 7, 24, 12, 20, 0, 0, time.UTC)
	good := []feeds.SourceState{
		// States come sorted by name, not in config order.
		{Name: "edweek", LastAttempt: polled, LastSuccess: polled, ItemCount: 1},
		{Name: "gaokao", LastAttempt: polled, LastSuccess: polled, ItemCount: 1},
		{Name: "moe-news", LastAttempt: polled, LastSuccess: polled, ItemCount: 1},
		{Name: "old-blog", LastAttempt: polled, LastError: "source \"old-blog\": fetch: 410 Gone", ConsecutiveErrors: 9},
		{Name: "retired-site", ItemCount: 1},
	}
	failing := append([]feeds.SourceState(nil), good...)
	failing[1] = feeds.SourceState{
		Name: "gaokao", LastAttempt: polled, LastSuccess: polled.Add(-time.Hour),
		LastError: `source "gaokao": fetch https://gaokao.example.cn/news/rss.xml: 503 Service Unavailable`, ConsecutiveErrors: 2, ItemCount: 1,
	}
	tests := []struct {
		name   string
		states []feeds.SourceState
		err    error
		code   int
		status string
	}{
		// old-blog failed, but it is disabled; local-notices was never polled.
		{"ok", good, nil, 200, "ok"},
		{"enabled source failing", failing, nil, 200, "degraded"},
		{"store unreadable", nil, errStoreDown, 503, "error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake()
			f.states, f.err = tt.states, tt.err
			next := time.Date(2024, 7, 24, 12, 50, 0, 0, time.UTC)
			h := NewHandler(f, Options{
				Info: testInfo(), Sources: testSources(),
				NextRuns: everyAt(testSources(), next),
			})
			for _, method := range []string{http.MethodGet, http.MethodHead} {
				rec := do(t, h, method, "/healthz")
				if rec.Code != tt.code {
					t.Fatalf("%s: status %d, want %d", method, rec.Code, tt.code)
				}
				if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
					t.Errorf("Content-Type %q", ct)
				}
				if method == http.MethodHead {
					if rec.Body.Len() != 0 {
						t.Error("HEAD with a body")
					}
					continue
				}
				var doc healthDoc
				if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
					t.Fatalf("%v\n%s", err, rec.Body)
				}
				if doc.Status != tt.status {
					t.Errorf("status %q, want %q", doc.Status, tt.status)
				}
				var names []string
				for _, s := range doc.Sources {
					names = append(names, s.Name)
				}
				if got := strings.Join(names, ","); got != "moe-news,gaokao,edweek,local-notices,old-blog" {
					t.Errorf("sources %s, want config order", got)
				}
				if tt.err != nil {
					if doc.Store != nil || !strings.Contains(doc.Error, "input/output error") {
						t.Errorf("store %+v, error %q", doc.Store, doc.Error)
					}
					return
				}
				if doc.Store == nil || doc.Store.Path != "/var/lib/edufeed/edufeed.db" || doc.Store.Items != 5 ||
					doc.Store.Version != 7 || !doc.Store.Modified.Equal(storeModified) || doc.Store.FileSize != 1<<20 {
					t.Errorf("store %+v", doc.Store)
				}
				moe, gk, local, old := doc.Sources[0], doc.Sources[1], doc.Sources[3], doc.Sources[4]
				if !moe.OK || moe.ItemCount != 1 || moe.LastSuccess == nil || !moe.LastSuccess.Equal(polled) ||
					moe.NextRun == nil || !moe.NextRun.Equal(next) || strings.Join(moe.Tags, ",") != "policy" {
					t.Errorf("moe-news %+v", moe)
				}
				if wantOK := tt.status == "ok"; gk.OK != wantOK || (gk.LastError != "") == wantOK {
					t.Errorf("gaokao %+v", gk)
				}
				if !local.OK || local.LastAttempt != nil || local.Tags == nil {
					t.Errorf("never-polled local-notices %+v", local)
				}
				if old.OK || old.Enabled || old.NextRun != nil || old.ConsecutiveErrors != 9 {
					t.Errorf("disabled old-blog %+v", old)
				}
				if strings.Contains(old.URL, "secret") {
					t.Errorf("password shown in %q", old.URL)
				}
			}
		})
	}
}
