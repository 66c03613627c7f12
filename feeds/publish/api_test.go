package publish

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// apiDoc is what a client of /api/sources decodes; pointers tell a field left
// out from a zero one.
type apiDoc struct {
	Error   string `json:"error"`
	Sources []struct {
		Name              string     `json:"name"`
		URL               string     `json:"url"`
		Enabled           bool       `json:"enabled"`
		Tags              []string   `json:"tags"`
		Health            string     `json:"health"`
		LastAttempt       *time.Time `json:"last_attempt"`
		LastSuccess       *time.Time `json:"last_success"`
		LastError         string     `json:"last_error"`
		LastErrorAt       *time.Time `json:"last_error_at"`
		ConsecutiveErrors int        `json:"consecutive_errors"`
		BackoffUntil      *time.Time `json:"backoff_until"`
		ItemCount         int        `json:"item_count"`
		NextRun           *time.Time `json:"next_run"`
		LastResult        *struct {
			New             int  `json:"new"`
			Updated         int  `json:"updated"`
			Unchanged       int  `json:"unchanged"`
			Merged          int  `json:"merged"`
			Skipped         int  `json:"skipped"`
			Filtered        int  `json:"filtered"`
			NotModified     bool `json:"not_modified"`
			Articles        int  `json:"articles"`
			ArticleErrors   int  `json:"article_errors"`
			PendingArticles int  `json:"pending_articles"`
		} `json:"last_result"`
		LastDuration *float64 `json:"last_duration"`
		Kind         string   `json:"kind"`
		FeedURL      string   `json:"feed_url"`
		ListItems    int      `json:"list_items"`
	} `json:"sources"`
}

func getAPI(t *testing.T, h http.Handler, wantCode int) apiDoc {
	t.Helper()
	rec := get(t, h, "/api/sources")
	if rec.Code != wantCode {
		t.Fatalf("status %d, want %d: %s", rec.Code, wantCode, rec.Body)
	}
	if ct, cc := rec.Header().Get("Content-Type"), rec.Header().Get("Cache-Control"); ct != "application/json" || cc != "no-store" {
		t.Errorf("Content-Type %q, Cache-Control %q", ct, cc)
	}
	var doc apiDoc
	dec := json.NewDecoder(rec.Body)
	dec.DisallowUnknownFields() // the test's shape is the documented one
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("decode: %v", err)
	}
	return doc
}

func TestAPISources(t *testing.T) {
	h, _ := newStatusHandler()
	doc := getAPI(t, h, http.StatusOK)
	if doc.Error != "" {
		t.Errorf("error %q", doc.Error)
	}
	var names, health []string
	for _, s := range doc.Sources {
		names, health = append(names, s.Name), append(health, s.Health)
		if s.Tags == nil || s.LastResult == nil || s.LastDuration == nil {
			t.Errorf("%s: tags, last_result and last_duration must always be present: %+v", s.Name, s)
		}
	}
	if want := []string{"moe-news", "gaokao", "edweek", "local-notices", "old-blog"}; !slices.Equal(names, want) {
		t.Errorf("names %q, want config order %q", names, want)
	}
	if want := []string{"ok", "failing", "ok", "pending", "disabled"}; !slices.Equal(health, want) {
		t.Errorf("health %q, want %q", health, want)
	}

	moe, gk, local, old := doc.Sources[0], doc.Sources[1], doc.Sources[3], doc.Sources[4]
	if r := moe.LastResult; r.New != 1 || r.Updated != 2 || r.Unchanged != 17 || r.Merged != 1 || r.Skipped != 1 || r.Filtered != 3 || r.NotModified {
		t.Errorf("moe-news last_result %+v", *r)
	}
	if *moe.LastDuration != 1.5 || moe.ItemCount != 2 || !moe.Enabled || moe.URL != "https://www.moe.gov.cn/jyb_xwfb/rss.xml" ||
		!slices.Equal(moe.Tags, []string{"policy"}) || moe.NextRun == nil || !moe.NextRun.Equal(nextPoll) ||
		moe.LastSuccess == nil || !moe.LastSuccess.Equal(lastPoll) || moe.LastError != "" || moe.LastErrorAt != nil {
		t.Errorf("moe-news %+v", moe)
	}
	if !doc.Sources[2].LastResult.NotModified || *doc.Sources[2].LastDuration != 0.12 {
		t.Errorf("edweek %+v", doc.Sources[2])
	}
	if gk.ConsecutiveErrors != 3 || !strings.Contains(gk.LastError, "503") || gk.LastErrorAt == nil || !gk.LastErrorAt.Equal(lastPoll) ||
		gk.BackoffUntil == nil || !gk.BackoffUntil.Equal(lastPoll.Add(2*time.Hour)) || *gk.LastDuration != 30 {
		t.Errorf("gaokao %+v", gk)
	}
	if local.LastAttempt != nil || local.LastSuccess != nil || local.ItemCount != 0 || local.URL != "file:///var/lib/edufeed/notices.xml" {
		t.Errorf("never-polled local-notices %+v", local)
	}
	if old.Enabled || old.NextRun != nil || old.ConsecutiveErrors != 9 || strings.Contains(old.URL, "secret") {
		t.Errorf("disabled old-blog %+v", old)
	}
}

func TestAPISourcesStoreDown(t *testing.T) {
	h, f := newStatusHandler()
	f.err = errStoreDown
	doc := getAPI(t, h, http.StatusServiceUnavailable)
	if !strings.Contains(doc.Error, "input/output error") {
		t.Errorf("error %q", doc.Error)
	}
	if len(doc.Sources) != len(testSources()) {
		t.Fatalf("%d sources, want the configured %d", len(doc.Sources), len(testSources()))
	}
	for _, s := range doc.Sources {
		if s.LastAttempt != nil || (s.Enabled && s.Health != "pending") {
			t.Errorf("%s without a store: %+v", s.Name, s)
		}
	}
}
