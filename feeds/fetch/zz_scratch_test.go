package fetch

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestZZScratch(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/drip", func(w http.ResponseWriter, r *http.Request) {
		for range 5 {
			w.Write([]byte("<"))
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(time.Second):
			}
		}
	})
	mux.HandleFunc("/hang", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	mux.HandleFunc("/trunc", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000")
		w.Write([]byte("<rss>"))
	})
	mux.HandleFunc("/abort", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<rss>"))
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	tls := httptest.NewTLSServer(mux)
	defer tls.Close()
	c := NewClient(Options{Timeout: 1500 * time.Millisecond})
	for _, u := range []string{srv.URL + "/drip", srv.URL + "/hang", srv.URL + "/trunc", srv.URL + "/abort", tls.URL + "/", "http://nosuch.invalid/feed", "http://127.0.0.1:1/"} {
		_, err := c.Fetch(context.Background(), Request{Source: "s", URL: u})
		t.Logf("%v", err)
	}
	c = NewClient(Options{DenyPrivate: true})
	for _, u := range []string{srv.URL + "/drip", "http://localhost:1/", "http://[::ffff:127.0.0.1]:1/", "http://0.0.0.0:1/", "http://[::1]:1/"} {
		_, err := c.Fetch(context.Background(), Request{Source: "s", URL: u})
		t.Logf("%v", err)
	}
}
