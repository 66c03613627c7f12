// Command serveprof serves edufeed's HTTP surface as `edufeed serve` wires
// it (publish handler behind the metrics middleware, same store and config),
// without the scheduler, and answers CPU and heap profile requests on a
// second address. edufeed itself has no profiling endpoint; bench/serve
// -profile runs this on the same store to profile serving under wrk.
//
// Usage:
//
//	serveprof -config FILE -pprof ADDR
//
// GET http://ADDR/cpu?seconds=N returns a CPU profile of the next N seconds;
// GET http://ADDR/heap an in-use heap profile.
package main

import (
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/edufeed/edufeed/feeds/metrics"
	"github.com/edufeed/edufeed/feeds/publish"
	"github.com/edufeed/edufeed/internal/wire"
	"github.com/edufeed/edufeed/store"
)

func main() {
	cfgPath := flag.String("config", "config.yaml", "edufeed config file")
	pprofAddr := flag.String("pprof", "127.0.0.1:6060", "address of the profile endpoints")
	flag.Parse()
	if err := run(*cfgPath, *pprofAddr); err != nil {
		fmt.Fprintln(os.Stderr, "serveprof:", err)
		os.Exit(1)
	}
}

func run(cfgPath, pprofAddr string) error {
	cfg, err := wire.LoadConfig(cfgPath)
	if err != nil {
		return err
	}
	cls, err := wire.Classifier(cfg)
	if err != nil {
		return err
	}
	st, err := store.Open(cfg.Store.Path, wire.StoreOptions(cfg))
	if err != nil {
		return err
	}
	defer st.Close()
	m := metrics.New("bench", "")
	m.WatchStore(func() (int64, int, error) {
		s, err := st.Stats()
		return s.FileSize, s.Items, err
	})
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	pub := publish.NewHandler(st, publish.Options{
		Info: publish.Info{
			Title: cfg.Feed.Title, Link: cfg.Feed.Link, Description: cfg.Feed.Description,
			Language: cfg.Feed.Language, MaxItems: cfg.Feed.MaxItems,
		},
		Sources:    wire.Sources(cfg),
		Logger:     log,
		Version:    "bench",
		Classifier: cls,
	})
	// The daemon's routes, each instrumented under its own label.
	mux := http.NewServeMux()
	for _, r := range []string{"/{$}", "/feed.xml", "/feed.atom", "/feed.json", "/healthz", "/api/sources", "/sources.opml"} {
		mux.Handle(r, m.Instrument(strings.TrimSuffix(r, "{$}"), pub))
	}
	mux.Handle("/", m.Instrument("other", pub))
	mux.Handle("/metrics", m.Instrument("/metrics", m.Handler()))

	prof := http.NewServeMux()
	prof.HandleFunc("/cpu", func(w http.ResponseWriter, r *http.Request) {
		secs, err := strconv.Atoi(r.URL.Query().Get("seconds"))
		if err != nil || secs < 1 {
			secs = 5
		}
		if err := pprof.StartCPUProfile(w); err != nil {
			http.Error(w, err.Error(), http.StatusConflict)
			return
		}
		time.Sleep(time.Duration(secs) * time.Second)
		pprof.StopCPUProfile()
	})
	prof.HandleFunc("/heap", func(w http.ResponseWriter, r *http.Request) {
		_ = pprof.Lookup("heap").WriteTo(w, 0)
	})
	go func() {
		if err := http.ListenAndServe(pprofAddr, prof); err != nil {
			log.Error("pprof listener", "err", err)
		}
	}()
	srv := &http.Server{Addr: cfg.Listen, Handler: mux, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second}
	return srv.ListenAndServe()
}
