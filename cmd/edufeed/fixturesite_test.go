package main

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// fixtureSite serves one of feeds/page's list-page fixtures at the paths
// of its case.json: the list page and its article pages, on a loopback
// server (the fixtures link relatively, so every link lands on it). It
// returns the list page's URL and a log of the paths requested.
type fixtureSite struct {
	*httptest.Server
	List string
	mu   sync.Mutex
	hits map[string]int
	// visits, when set, makes the list page differ on every request, as
	// pages with a visit counter or the time in their footer do.
	visits bool
	robots string // served as /robots.txt when set
	// rewrite, when set, changes a page's body before it is served (a
	// site changing between polls); set it with change.
	rewrite func(path string, body []byte) []byte
	// etags, when set, gives article pages an ETag and answers a matching
	// If-None-Match with 304; conditional counts those requests.
	etags       bool
	conditional map[string]int
}

func newFixtureSite(t *testing.T, name string) *fixtureSite {
	t.Helper()
	dir := filepath.Join("..", "..", "feeds", "page", "testdata", "lists", name)
	raw, err := os.ReadFile(filepath.Join(dir, "case.json"))
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		URL      string            `json:"url"`
		Articles map[string]string `json:"articles"`
	}
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	listURL, _ := url.Parse(c.URL)
	files[listURL.Path] = "list.html"
	for link, file := range c.Articles {
		u, _ := url.Parse(link)
		files[u.Path] = file
	}
	site := &fixtureSite{hits: map[string]int{}, conditional: map[string]int{}}
	site.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		site.mu.Lock()
		site.hits[r.URL.Path]++
		site.mu.Unlock()
		if r.URL.Path == "/robots.txt" && site.robots != "" {
			_, _ = w.Write([]byte(site.robots))
			return
		}
		file, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		// Not http.ServeFile: it redirects .../index.html to .../.
		body, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		site.mu.Lock()
		rewrite := site.rewrite
		site.mu.Unlock()
		if rewrite != nil {
			body = rewrite(r.URL.Path, body)
		}
		if site.etags && file != "list.html" {
			etag := fmt.Sprintf(`"%x"`, sha256.Sum256(body))
			w.Header().Set("ETag", etag)
			if inm := r.Header.Get("If-None-Match"); inm != "" {
				site.mu.Lock()
				site.conditional[r.URL.Path]++
				site.mu.Unlock()
				if inm == etag {
					w.WriteHeader(http.StatusNotModified)
					return
				}
			}
		}
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write(body)
		if site.visits && file == "list.html" {
			fmt.Fprintf(w, "<!-- 访问量：%d -->", site.requests(r.URL.Path))
		}
	}))
	t.Cleanup(site.Close)
	site.List = site.URL + listURL.Path
	return site
}

// change makes the site serve its pages through rewrite from now on.
func (s *fixtureSite) change(rewrite func(path string, body []byte) []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rewrite = rewrite
}

// requests returns how often path was asked for.
func (s *fixtureSite) requests(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}
