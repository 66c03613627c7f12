package publish

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// everyAt is a scheduler's NextRuns that puts the next poll of every one of
// srcs at t.
func everyAt(srcs []feeds.Source, t time.Time) func([]feeds.SourceState) map[string]time.Time {
	return func([]feeds.SourceState) map[string]time.Time {
		out := make(map[string]time.Time, len(srcs))
		for _, s := range srcs {
			out[s.Name] = t
		}
		return out
	}
}

// TestPageListsFailingFirst: with more sources than the table lists, the
// failing ones are listed whatever their place in the config, the rest fill
// the table in config order, and the page says that /api/sources has all.
func TestPageListsFailingFirst(t *testing.T) {
	const n = pageSources + 100
	var srcs []feeds.Source
	var states []feeds.SourceState
	for i := range n {
		name := fmt.Sprintf("school-%03d", i)
		srcs = append(srcs, feeds.Source{Name: name, URL: "https://" + name + ".example.cn/rss.xml", Enabled: true})
		st := feeds.SourceState{Name: name, LastAttempt: time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)}
		if i >= n-3 {
			st.LastError, st.ConsecutiveErrors = "503 Service Unavailable", 2
		}
		states = append(states, st)
	}
	f := newFake()
	f.states = states
	h := NewHandler(f, Options{Info: testInfo(), Sources: srcs})
	rec := do(t, h, http.MethodGet, "/")
	page := rec.Body.String()
	if got := strings.Count(page, "<tr class="); got != pageSources {
		t.Errorf("%d rows, want %d", got, pageSources)
	}
	for _, name := range []string{"school-000", fmt.Sprintf("school-%03d", pageSources-4), fmt.Sprintf("school-%03d", n-1)} {
		if !strings.Contains(page, ">"+name+"</a>") {
			t.Errorf("%s is not listed", name)
		}
	}
	if name := fmt.Sprintf("school-%03d", pageSources-3); strings.Contains(page, ">"+name+"</a>") {
		t.Errorf("%s is listed, want its row given to a failing source", name)
	}
	if want := fmt.Sprintf("The table lists %d of %d sources, failing ones first", pageSources, n); !strings.Contains(page, want) {
		t.Errorf("page does not say %q", want)
	}
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("Accept-Language", "zh-CN")
	zh := httptest.NewRecorder()
	h.ServeHTTP(zh, req)
	if want := fmt.Sprintf("表中列出 %d 个来源（共 %d 个），失败的在前；全部来源见 <a", pageSources, n); !strings.Contains(zh.Body.String(), want) {
		t.Errorf("Chinese page does not say %q", want)
	}
}

// TestStatusRowsAsMarshalled: /healthz, /api/sources and the status page,
// whose rows are kept rendered between requests, are byte for byte what
// rendering the whole document at once gives (a handler of its own, with
// nothing kept, for the page), also after a state, a next run or the
// sources changed.
func TestStatusRowsAsMarshalled(t *testing.T) {
	h, f := newStatusHandler()
	next := nextPoll
	h.nextRun = func([]feeds.SourceState) map[string]time.Time { return everyAt(testSources(), next)(nil) }
	wantHealth := func() []byte {
		rep, statuses, _ := h.health()
		for _, s := range statuses {
			rep.Sources = append(rep.Sources, newHealthSource(s))
		}
		b, _ := json.MarshalIndent(rep, "", "  ")
		return append(b, '\n')
	}
	wantAPI := func() []byte {
		statuses, _ := h.sourceStatuses()
		doc := apiSources{Sources: []apiSource{}}
		for _, s := range statuses {
			doc.Sources = append(doc.Sources, newAPISource(s))
		}
		b, _ := json.MarshalIndent(doc, "", "  ")
		return append(b, '\n')
	}
	sources := testSources()
	wantPage := func() []byte {
		fresh := NewHandler(f, Options{Info: testInfo(), Sources: sources, Version: "0.1.0", NextRuns: h.nextRun})
		return do(t, fresh, http.MethodGet, "/").Body.Bytes()
	}
	changes := []struct {
		name string
		do   func()
	}{
		{name: "first request", do: func() {}},
		{name: "same again", do: func() {}},
		{name: "a source failed", do: func() {
			f.mu.Lock()
			states := slices.Clone(f.states)
			states[1].LastError, states[1].ConsecutiveErrors = "source \"moe-news\": fetch: 502 Bad Gateway", 1
			f.states = states
			f.mu.Unlock()
		}},
		{name: "next runs moved", do: func() { next = next.Add(15 * time.Minute) }},
		{name: "a source removed", do: func() { sources = testSources()[1:]; h.SetSources(sources) }},
		{name: "no sources", do: func() { sources = nil; h.SetSources(sources) }},
	}
	for _, c := range changes {
		c.do()
		for path, want := range map[string]func() []byte{"/healthz": wantHealth, "/api/sources": wantAPI, "/": wantPage} {
			got := do(t, h, http.MethodGet, path).Body.Bytes()
			if w := want(); !bytes.Equal(got, w) {
				t.Errorf("%s: %s:\n%s\nwant\n%s", c.name, path, got, w)
			}
		}
	}
}
