package fetch

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// robotsSite serves robots.txt as given (status 0: no robots.txt route at
// all, so 404) and a page at every other path, counting robots reads.
func robotsSite(t *testing.T, status int, robots string) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var reads atomic.Int32
	mux := http.NewServeMux()
	if status != 0 {
		mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
			reads.Add(1)
			w.WriteHeader(status)
			_, _ = w.Write([]byte(robots))
		})
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("<html><body><p>第一段。</p></body></html>"))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, &reads
}

func TestRobots(t *testing.T) {
	const rules = "User-agent: *\nDisallow: /private/\n\n" +
		"User-agent: edufeed\nDisallow: /news/draft\nAllow: /news/\n"
	tests := []struct {
		name     string
		status   int
		robots   string
		path     string
		ua       string
		robotsOn bool
		want     error  // nil: fetched
		wantMsg  string // part of the error text
	}{
		{name: "our group allows", status: 200, robots: rules, path: "/news/a.html", robotsOn: true},
		{name: "our group forbids", status: 200, robots: rules, path: "/news/draft1.html", robotsOn: true,
			want: ErrRobotsDisallowed, wantMsg: "robots: false"},
		// Our own group replaces "*": /private/ is not forbidden to us.
		{name: "star group not ours", status: 200, robots: rules, path: "/private/x.html", robotsOn: true},
		{name: "star group applies without ours", status: 200, robots: "User-agent: *\nDisallow: /col/\n",
			path: "/col/col1229/index.html", robotsOn: true, want: ErrRobotsDisallowed},
		// A browser agent sent to get past a bot filter is still edufeed.
		{name: "browser agent still edufeed", status: 200, robots: "User-agent: edufeed\nDisallow: /\n",
			path: "/a.html", ua: "Mozilla/5.0", robotsOn: true, want: ErrRobotsDisallowed},
		{name: "query counts", status: 200, robots: "User-agent: *\nDisallow: /*?print=\n",
			path: "/a.html?print=1", robotsOn: true, want: ErrRobotsDisallowed},
		{name: "missing robots allows", status: 0, path: "/any.html", robotsOn: true},
		{name: "403 robots allows", status: 403, path: "/any.html", robotsOn: true},
		{name: "server error forbids", status: 503, path: "/any.html", robotsOn: true, wantMsg: "every page counts as forbidden"},
		{name: "empty robots allows", status: 200, robots: "  \n", path: "/any.html", robotsOn: true},
		{name: "home page as robots allows", status: 200, robots: "<html><body>欢迎</body></html>",
			path: "/any.html", robotsOn: true},
		{name: "not asked", status: 200, robots: "User-agent: *\nDisallow: /\n", path: "/a.html"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, _ := robotsSite(t, tt.status, tt.robots)
			c := NewClient(Options{})
			_, err := c.Fetch(context.Background(), Request{Source: "s", URL: srv.URL + tt.path, UserAgent: tt.ua, Robots: tt.robotsOn})
			if tt.want == nil && tt.wantMsg == "" {
				if err != nil {
					t.Fatalf("Fetch: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("Fetch succeeded, want an error")
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %q does not say %q", err, tt.wantMsg)
			}
		})
	}
}

func TestRobotsReadOncePerSite(t *testing.T) {
	srv, reads := robotsSite(t, 200, "User-agent: *\nDisallow: /x/\n")
	c := NewClient(Options{})
	var wg sync.WaitGroup
	for i := range 12 {
		wg.Go(func() {
			path := "/news/" + string(rune('a'+i)) + ".html"
			if _, err := c.Fetch(context.Background(), Request{Source: "s", URL: srv.URL + path, Robots: true}); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := reads.Load(); n != 1 {
		t.Errorf("robots.txt read %d times for 12 pages, want 1", n)
	}
}

func TestRobotsCacheExpires(t *testing.T) {
	srv, reads := robotsSite(t, 200, "User-agent: *\nDisallow: /x/\n")
	c := NewClient(Options{})
	now := time.Now()
	c.robots.now = func() time.Time { return now }
	get := func() {
		t.Helper()
		if _, err := c.Fetch(context.Background(), Request{Source: "s", URL: srv.URL + "/a.html", Robots: true}); err != nil {
			t.Fatal(err)
		}
	}
	get()
	now = now.Add(robotsTTL - time.Minute)
	get()
	if n := reads.Load(); n != 1 {
		t.Fatalf("read %d times within a day, want 1", n)
	}
	now = now.Add(2 * time.Minute)
	get()
	if n := reads.Load(); n != 2 {
		t.Errorf("read %d times after a day, want 2", n)
	}
}

func TestRobotsCrawlDelayLengthensGap(t *testing.T) {
	srv, _ := robotsSite(t, 200, "User-agent: *\nCrawl-delay: 3\nDisallow: /x/\n")
	c := NewClient(Options{HostDelay: time.Second})
	if _, err := c.Fetch(context.Background(), Request{Source: "s", URL: srv.URL + "/a.html", Robots: true}); err != nil {
		t.Fatal(err)
	}
	host := strings.TrimPrefix(srv.URL, "http://")
	c.gap.mu.Lock()
	got := c.gap.longer[host]
	c.gap.mu.Unlock()
	if got != 3*time.Second {
		t.Errorf("gap for %s = %s, want the site's Crawl-delay 3s", host, got)
	}
	c.gap.setCrawlDelay(host, time.Hour)
	if got := c.gap.longer[host]; got != maxCrawlDelay {
		t.Errorf("a Crawl-delay of an hour gives %s, want the cap %s", got, maxCrawlDelay)
	}
}
