package poll

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/fetch"
)

var twoItems = feeds.Feed{
	Title: "教育部",
	Link:  "https://www.moe.gov.cn/",
	Items: []feeds.Item{
		{GUID: "g1", Link: "https://www.moe.gov.cn/a.html", Title: "通知一", Published: testNow.Add(-time.Hour)},
		{Link: "https://www.moe.gov.cn/b.html", Title: "通知二"},
	},
}

func TestPollSavesNewItems(t *testing.T) {
	env := newEnv(t, body("<rss/>"), feedOf(twoItems), nil)
	env.store.states["moe"] = feeds.SourceState{Name: "moe", ETag: `"v1"`, LastModified: "Mon, 22 Jul 2024 09:00:00 GMT"}
	src := source("moe", "https://www.moe.gov.cn/rss.xml")
	src.UserAgent = "edufeed-test"
	src.Timeout = 7 * time.Second

	res := env.s.Poll(context.Background(), src)
	if res.Err != nil {
		t.Fatalf("Poll: %v", res.Err)
	}
	if res.New != 2 || res.Items != 2 || res.Source != "moe" {
		t.Errorf("result = %+v, want 2 new of 2 items from moe", res)
	}

	reqs := env.fetch.requests()
	want := fetch.Request{Source: "moe", URL: src.URL, ETag: `"v1"`, LastModified: "Mon, 22 Jul 2024 09:00:00 GMT", UserAgent: "edufeed-test", Timeout: 7 * time.Second}
	if len(reqs) != 1 || reqs[0] != want {
		t.Errorf("requests = %+v, want [%+v]", reqs, want)
	}

	wantIDs := map[string]string{
		feeds.NewID("moe", "guid", "g1"):                            "通知一",
		feeds.NewID("moe", "link", "https://www.moe.gov.cn/b.html"): "通知二",
	}
	if len(env.store.items) != 2 {
		t.Fatalf("stored %d items, want 2", len(env.store.items))
	}
	for id, title := range wantIDs {
		it, ok := env.store.items[id]
		if !ok {
			t.Errorf("no item %q (%s) stored", id, title)
			continue
		}
		if it.Title != title || it.Source != "moe" || !slices.Equal(it.Sources, []string{"moe"}) || !slices.Equal(it.Tags, []string{"policy"}) {
			t.Errorf("item %s = %+v, want title %q, source moe, sources [moe], tags [policy]", id, it, title)
		}
		if it.Published.IsZero() {
			t.Errorf("item %s has no published date after cleaning", id)
		}
	}

	st := env.store.state("moe")
	if st.ETag != `"v2"` || st.LastModified != "Tue, 23 Jul 2024 09:00:00 GMT" {
		t.Errorf("state validators = %q %q, want the response's", st.ETag, st.LastModified)
	}
	if !st.LastAttempt.Equal(testNow) || !st.LastSuccess.Equal(testNow) {
		t.Errorf("state times = attempt %v success %v, want %v", st.LastAttempt, st.LastSuccess, testNow)
	}
	if st.ItemCount != 2 || st.LastResult.New != 2 {
		t.Errorf("state = %+v, want 2 items, last result 2 new", st)
	}

	// The same bytes again, from a server that ignores conditional
	// requests: nothing new, and no parse, clean or item write either.
	res = env.s.Poll(context.Background(), src)
	if res.Err != nil || res.New != 0 || !res.NotModified {
		t.Errorf("second poll = %+v, want not modified", res)
	}
	if savePolls, _ := env.store.counts(); savePolls != 1 {
		t.Errorf("SavePoll called %d times, want 1: the unchanged body was processed again", savePolls)
	}
}

// TestPollChangedBodyIsProcessed: a body that differs from the last one
// saved is parsed and saved again, even with no item changed.
func TestPollChangedBodyIsProcessed(t *testing.T) {
	n := 0
	fetcher := func(context.Context, fetch.Request) (*fetch.Response, error) {
		n++
		return &fetch.Response{Body: []byte(fmt.Sprintf("<rss><!-- %d --></rss>", n)), StatusCode: 200}, nil
	}
	env := newEnv(t, fetcher, feedOf(twoItems), nil)
	src := source("moe", "https://www.moe.gov.cn/rss.xml")
	env.s.Poll(context.Background(), src)
	res := env.s.Poll(context.Background(), src)
	if res.Err != nil || res.NotModified || res.Unchanged != 2 {
		t.Errorf("second poll = %+v, want the changed body parsed: 2 unchanged items", res)
	}
	if savePolls, _ := env.store.counts(); savePolls != 2 {
		t.Errorf("SavePoll called %d times, want 2", savePolls)
	}
}

func TestPollTagsAreCopied(t *testing.T) {
	env := newEnv(t, body("<rss/>"), feedOf(twoItems), nil)
	src := source("moe", "https://www.moe.gov.cn/rss.xml")
	if res := env.s.Poll(context.Background(), src); res.Err != nil {
		t.Fatal(res.Err)
	}
	src.Tags[0] = "changed"
	for _, it := range env.store.items {
		if it.Tags[0] != "policy" {
			t.Fatalf("item tags share the source's slice: %v", it.Tags)
		}
	}
}

func TestPollNotModified(t *testing.T) {
	notModified := func(context.Context, fetch.Request) (*fetch.Response, error) {
		return &fetch.Response{NotModified: true, StatusCode: 304, ETag: `"v3"`}, nil
	}
	env := newEnv(t, notModified, parserFunc(func([]byte) (*feeds.Feed, error) {
		t.Error("Parse called on a 304")
		return nil, errors.New("unexpected")
	}), nil)
	env.store.states["moe"] = feeds.SourceState{
		Name: "moe", ETag: `"v1"`, LastModified: "Mon, 22 Jul 2024 09:00:00 GMT",
		LastError: "boom", ConsecutiveErrors: 3, ItemCount: 5,
	}

	res := env.s.Poll(context.Background(), source("moe", "https://www.moe.gov.cn/rss.xml"))
	if res.Err != nil || !res.NotModified || res.New+res.Updated+res.Unchanged != 0 {
		t.Fatalf("result = %+v, want not modified, no counts", res)
	}
	savePolls, saveStates := env.store.counts()
	if savePolls != 0 || saveStates != 1 {
		t.Errorf("SavePoll %d times, SaveState %d times; want 0 and 1", savePolls, saveStates)
	}
	st := env.store.state("moe")
	want := feeds.SourceState{
		Name: "moe", ETag: `"v3"`, LastModified: "Mon, 22 Jul 2024 09:00:00 GMT",
		LastAttempt: testNow, LastSuccess: testNow, ItemCount: 5,
		LastResult: feeds.PollResult{NotModified: true},
	}
	if st != want {
		t.Errorf("state = %+v\nwant    %+v", st, want)
	}
}

func TestPollFetchErrorThenSuccess(t *testing.T) {
	errDown := errors.New("connection refused")
	fail := true
	env := newEnv(t, func(context.Context, fetch.Request) (*fetch.Response, error) {
		if fail {
			return nil, errDown
		}
		return &fetch.Response{Body: []byte("<rss/>"), StatusCode: 200}, nil
	}, feedOf(twoItems), nil)
	env.store.states["moe"] = feeds.SourceState{Name: "moe", ConsecutiveErrors: 2, ItemCount: 9}
	src := source("moe", "https://www.moe.gov.cn/rss.xml")

	res := env.s.Poll(context.Background(), src)
	if !errors.Is(res.Err, errDown) {
		t.Fatalf("Err = %v, want it to wrap %v", res.Err, errDown)
	}
	if !strings.HasPrefix(res.Err.Error(), `source "moe": fetch https://www.moe.gov.cn/rss.xml: `) {
		t.Errorf("Err = %q, want it to name the source and URL", res.Err)
	}
	st := env.store.state("moe")
	if st.ConsecutiveErrors != 3 || st.LastError != res.Err.Error() || !st.LastErrorAt.Equal(testNow) || !st.LastAttempt.Equal(testNow) {
		t.Errorf("state after failure = %+v", st)
	}
	if !st.LastSuccess.IsZero() || st.ItemCount != 9 {
		t.Errorf("failure changed success time or item count: %+v", st)
	}
	if savePolls, _ := env.store.counts(); savePolls != 0 {
		t.Errorf("SavePoll called %d times on a failed fetch", savePolls)
	}

	fail = false
	if res := env.s.Poll(context.Background(), src); res.Err != nil {
		t.Fatalf("second Poll: %v", res.Err)
	}
	st = env.store.state("moe")
	if st.ConsecutiveErrors != 0 || st.LastError != "" || !st.LastSuccess.Equal(testNow) {
		t.Errorf("state after success = %+v, want errors cleared", st)
	}
}

func TestPollParseError(t *testing.T) {
	errBad := errors.New("failed to detect feed type")
	env := newEnv(t, body("<html>"), parserFunc(func([]byte) (*feeds.Feed, error) { return nil, errBad }), nil)
	res := env.s.Poll(context.Background(), source("moe", "https://www.moe.gov.cn/rss.xml"))
	if !errors.Is(res.Err, errBad) || !strings.Contains(res.Err.Error(), `source "moe": parse`) {
		t.Fatalf("Err = %v, want a wrapped parse error naming the source", res.Err)
	}
	if st := env.store.state("moe"); st.ConsecutiveErrors != 1 || st.LastError == "" {
		t.Errorf("state = %+v, want the parse error recorded", st)
	}
}

func TestPollRepeatedGUIDsDoNotCollapse(t *testing.T) {
	same := feeds.Feed{Items: []feeds.Item{
		{GUID: "http://edu.example.cn/", Link: "http://edu.example.cn/1.html", Title: "一"},
		{GUID: "http://edu.example.cn/", Link: "http://edu.example.cn/2.html", Title: "二"},
		{GUID: "http://edu.example.cn/", Link: "http://edu.example.cn/3.html", Title: "三"},
	}}
	env := newEnv(t, body("<rss/>"), feedOf(same), nil)
	res := env.s.Poll(context.Background(), source("edu", "http://edu.example.cn/rss"))
	if res.Err != nil || res.New != 3 {
		t.Fatalf("result = %+v, want 3 new items", res)
	}
	for _, n := range []string{"1", "2", "3"} {
		if _, ok := env.store.items[feeds.NewID("edu", "link", "http://edu.example.cn/"+n+".html")]; !ok {
			t.Errorf("item %s not stored under its link id", n)
		}
	}
}

func TestAssignIDs(t *testing.T) {
	tests := []struct {
		name  string
		items []feeds.Item
		want  []string
	}{
		{
			name:  "unique guids",
			items: []feeds.Item{{GUID: "a", Link: "l"}, {GUID: " b ", Link: "l"}},
			want:  []string{feeds.NewID("s", "guid", "a"), feeds.NewID("s", "guid", "b")},
		},
		{
			name:  "repeated guid falls back to link",
			items: []feeds.Item{{GUID: "x", Link: "l1"}, {GUID: "x", Link: "l2"}, {GUID: "y", Link: "l3"}},
			want:  []string{feeds.NewID("s", "link", "l1"), feeds.NewID("s", "link", "l2"), feeds.NewID("s", "guid", "y")},
		},
		{
			name:  "repeated guid and link fall back to title and raw date",
			items: []feeds.Item{{GUID: "x", Link: "home", Title: "一", RawPublished: "2024年7月23日"}, {GUID: "x", Link: "home", Title: "二"}},
			want:  []string{feeds.NewID("s", "title", "一", "2024年7月23日"), feeds.NewID("s", "title", "二", "")},
		},
		{
			name:  "no guid or link",
			items: []feeds.Item{{Title: "一", RawPublished: "07-23"}},
			want:  []string{feeds.NewID("s", "title", "一", "07-23")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assignIDs("s", tt.items)
			for i, it := range tt.items {
				if it.ID != tt.want[i] {
					t.Errorf("item %d id = %s, want %s", i, it.ID, tt.want[i])
				}
			}
		})
	}
}

func TestDedupeByID(t *testing.T) {
	items := []feeds.Item{{ID: "a", Title: "first"}, {ID: "b"}, {ID: "a", Title: "second"}}
	kept, dropped := dedupeByID(items)
	if len(kept) != 2 || dropped != 1 || kept[0].Title != "first" || kept[1].ID != "b" {
		t.Errorf("dedupeByID = %+v, %d; want a(first), b and 1 dropped", kept, dropped)
	}
}

func TestPollPanicIsRecovered(t *testing.T) {
	parser := parserFunc(func(b []byte) (*feeds.Feed, error) {
		if string(b) == "panic" {
			var f *feeds.Feed
			_ = f.Items // nil pointer dereference, as a buggy parser would
		}
		return &twoItems, nil
	})
	fetchFn := func(_ context.Context, req fetch.Request) (*fetch.Response, error) {
		b := "<rss/>"
		if req.Source == "bad" {
			b = "panic"
		}
		return &fetch.Response{Body: []byte(b), StatusCode: 200}, nil
	}
	env := newEnv(t, fetchFn, parser, nil)
	srcs := []feeds.Source{
		source("a", "https://a.example/rss"),
		source("bad", "https://bad.example/rss"),
		source("c", "https://c.example/rss"),
	}
	results := env.s.PollAll(context.Background(), srcs)
	if len(results) != 3 {
		t.Fatalf("%d results, want 3", len(results))
	}
	for i, name := range []string{"a", "bad", "c"} {
		if results[i].Source != name {
			t.Errorf("result %d is for %q, want %q", i, results[i].Source, name)
		}
	}
	if results[0].Err != nil || results[2].Err != nil || results[0].New != 2 {
		t.Errorf("healthy sources: %+v, %+v", results[0], results[2])
	}
	err := results[1].Err
	if err == nil || !strings.Contains(err.Error(), `source "bad": panic`) {
		t.Fatalf("panicking source Err = %v, want a recovered panic", err)
	}
	st := env.store.state("bad")
	if st.ConsecutiveErrors != 1 || st.LastError != err.Error() {
		t.Errorf("state of panicking source = %+v, want the panic recorded", st)
	}
	var logged bool
	for _, r := range env.logs.atLeast(slog.LevelError) {
		src, _ := attr(r, "source")
		stack, _ := attr(r, "stack")
		if src.String() == "bad" && strings.Contains(stack.String(), "goroutine") {
			logged = true
		}
	}
	if !logged {
		t.Error("no error log with the source name and a stack")
	}
}

func TestPollAllSkipsDisabled(t *testing.T) {
	env := newEnv(t, body("<rss/>"), feedOf(twoItems), nil)
	off := source("off", "https://off.example/rss")
	off.Enabled = false
	results := env.s.PollAll(context.Background(), []feeds.Source{off, source("on", "https://on.example/rss")})
	if len(results) != 1 || results[0].Source != "on" {
		t.Fatalf("results = %+v, want only the enabled source", results)
	}
	for _, req := range env.fetch.requests() {
		if req.Source == "off" {
			t.Error("disabled source was fetched")
		}
	}
}

func TestPollLogsOneLine(t *testing.T) {
	fail := false
	env := newEnv(t, func(context.Context, fetch.Request) (*fetch.Response, error) {
		if fail {
			return nil, errors.New("timeout")
		}
		return &fetch.Response{Body: []byte("<rss/>"), StatusCode: 200}, nil
	}, feedOf(twoItems), nil)
	src := source("moe", "https://www.moe.gov.cn/rss.xml")
	env.s.Poll(context.Background(), src)
	recs := env.logs.atLeast(slog.LevelInfo)
	if len(recs) != 1 || recs[0].Level != slog.LevelInfo {
		t.Fatalf("success logged %d lines at info or above, want 1 info line", len(recs))
	}
	for key, want := range map[string]string{"source": "moe", "url": src.URL, "result": "ok", "new": "2", "items": "2"} {
		if v, ok := attr(recs[0], key); !ok || v.String() != want {
			t.Errorf("log attr %s = %v, want %s", key, v, want)
		}
	}

	fail = true
	env.s.Poll(context.Background(), src)
	recs = env.logs.atLeast(slog.LevelInfo)
	if len(recs) != 2 || recs[1].Level != slog.LevelWarn {
		t.Fatalf("failure: %d lines in all, want 1 more at warn", len(recs))
	}
	if v, _ := attr(recs[1], "error"); !strings.Contains(v.String(), "timeout") {
		t.Errorf("warn line error = %v", v)
	}
}

func TestPollCancelledIsNotCounted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	env := newEnv(t, func(ctx context.Context, _ fetch.Request) (*fetch.Response, error) {
		cancel()
		<-ctx.Done()
		return nil, ctx.Err()
	}, feedOf(twoItems), nil)
	env.store.states["moe"] = feeds.SourceState{Name: "moe", ConsecutiveErrors: 1}
	res := env.s.Poll(ctx, source("moe", "https://www.moe.gov.cn/rss.xml"))
	if !errors.Is(res.Err, context.Canceled) {
		t.Fatalf("Err = %v, want context.Canceled", res.Err)
	}
	if _, saveStates := env.store.counts(); saveStates != 0 {
		t.Errorf("a cancelled poll saved state %d times", saveStates)
	}
}

func TestPollAlreadyRunning(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	env := newEnv(t, func(context.Context, fetch.Request) (*fetch.Response, error) {
		entered <- struct{}{}
		<-release
		return &fetch.Response{NotModified: true}, nil
	}, feedOf(twoItems), nil)
	src := source("moe", "https://www.moe.gov.cn/rss.xml")
	done := make(chan Result)
	go func() { done <- env.s.Poll(context.Background(), src) }()
	<-entered
	if res := env.s.Poll(context.Background(), src); !errors.Is(res.Err, ErrAlreadyRunning) {
		t.Errorf("overlapping Poll Err = %v, want ErrAlreadyRunning", res.Err)
	}
	close(release)
	if res := <-done; res.Err != nil {
		t.Errorf("first Poll: %v", res.Err)
	}
	if n := len(env.fetch.requests()); n != 1 {
		t.Errorf("%d fetches, want 1", n)
	}
}

func TestHostKey(t *testing.T) {
	for raw, want := range map[string]string{
		"https://WWW.moe.gov.cn/rss.xml":  "www.moe.gov.cn",
		"http://www.moe.gov.cn:8080/feed": "www.moe.gov.cn:8080",
		"file:testdata/a.xml":             "file:",
		"file:///var/feeds/b.xml":         "file:",
	} {
		if got := hostKey(raw); got != want {
			t.Errorf("hostKey(%q) = %q, want %q", raw, got, want)
		}
	}
}

func TestPollErrorNamesSourceOnce(t *testing.T) {
	tests := []struct {
		name    string
		fetched error
		want    string
	}{
		{
			name:    "bare error gets source and redacted URL",
			fetched: errors.New("connection refused"),
			want:    `source "moe": fetch https://bot:xxxxx@www.moe.gov.cn/rss.xml: connection refused`,
		},
		{
			name:    "error already naming the source is kept",
			fetched: fmt.Errorf(`source "moe": fetch https://bot:xxxxx@www.moe.gov.cn/rss.xml: %w`, &fetch.StatusError{Code: 503}),
			want:    `source "moe": fetch https://bot:xxxxx@www.moe.gov.cn/rss.xml: unexpected HTTP status 503`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newEnv(t, func(context.Context, fetch.Request) (*fetch.Response, error) { return nil, tt.fetched }, feedOf(twoItems), nil)
			res := env.s.Poll(context.Background(), source("moe", "https://bot:secret@www.moe.gov.cn/rss.xml"))
			if res.Err == nil || res.Err.Error() != tt.want {
				t.Errorf("Err = %v\nwant %s", res.Err, tt.want)
			}
			if !errors.Is(res.Err, tt.fetched) {
				t.Errorf("Err does not wrap the fetch error")
			}
			for _, r := range env.logs.atLeast(slog.LevelDebug) {
				if v, ok := attr(r, "url"); ok && strings.Contains(v.String(), "secret") {
					t.Errorf("log line %q shows the password: %s", r.Message, v)
				}
			}
		})
	}
}

// TestPollListWithoutPageReader: a scheduler built without a page reader
// fails a list source's poll with a reason, never a nil-pointer panic.
func TestPollListWithoutPageReader(t *testing.T) {
	env := newEnv(t, body("<html><body><ul><li><a href=\"/a.html\">新闻</a></li></ul></body></html>"), nil, nil)
	src := source("col", "https://www.example.edu.cn/col/index.html")
	src.Type = feeds.SourceHTML
	res := env.s.Poll(context.Background(), src)
	if res.Err == nil || !strings.Contains(res.Err.Error(), "no page reader") || strings.Contains(res.Err.Error(), "panic") {
		t.Fatalf("Err = %v, want the missing page reader named", res.Err)
	}
}
