package main

import (
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
	site := &fixtureSite{hits: map[string]int{}}
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

// requests returns how often path was asked for.
func (s *fixtureSite) requests(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}
