package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/edufeed/edufeed/config"
	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/metrics"
	"github.com/edufeed/edufeed/feeds/notify"
	"github.com/edufeed/edufeed/feeds/poll"
	"github.com/edufeed/edufeed/feeds/publish"
	"github.com/edufeed/edufeed/internal/memlimit"
	"github.com/edufeed/edufeed/internal/wire"
	"github.com/edufeed/edufeed/store"
)

// Shutdown budgets: polls get pollGrace to finish before they are cancelled,
// then in-flight HTTP requests get drainGrace.
const (
	pollGrace  = 10 * time.Second
	drainGrace = 10 * time.Second
)

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var common commonFlags
	common.register(fs)
	listen := fs.String("listen", "", "HTTP listen address, overrides the config's listen")
	storePath := fs.String("store", "", "store file, overrides the config's store.path")
	log, cfg, code := common.parse(fs, args, stderr)
	if code != 0 {
		return code
	}
	ov := overrides{listen: *listen, storePath: *storePath}
	ov.apply(cfg)
	// Listen first: a busy port must not leave a new, empty store behind.
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		fmt.Fprintf(stderr, "edufeed: listen %s: %v\n", cfg.Listen, err)
		return 1
	}
	d, err := openDaemon(cfg, log, ov)
	if err != nil {
		_ = ln.Close()
		log.Error("start-up failed", "err", err)
		fmt.Fprintln(stderr, "edufeed:", err)
		return 1
	}
	if err := d.serve(ctx, ln); err != nil {
		fmt.Fprintln(stderr, "edufeed:", err)
		return 1
	}
	return 0
}

// daemon is the running service: one store, one scheduler, one HTTP handler.
type daemon struct {
	log *slog.Logger
	// cfgMu guards cfg and srcs, which a reload replaces.
	cfgMu sync.Mutex
	// cfg is the config in force without its sources, which srcs holds as
	// the pipeline sees them: a config.Source is 512 bytes, and kept for the
	// daemon's life they were 10 MB at 20,000 sources (issue 18).
	cfg  *config.Config
	srcs []feeds.Source
	// reloadMu makes reloads (SIGHUP, POST /admin/reload) one at a time.
	reloadMu  sync.Mutex
	overrides overrides

	store   store.Backend
	sched   *poll.Scheduler
	pub     *publish.Handler
	metrics *metrics.Metrics
	// notifier pushes new stories to the config's notify targets.
	notifier *notify.Notifier

	// pollGrace, if set, replaces the const pollGrace (for tests).
	pollGrace time.Duration
}

// openDaemon opens the store and builds the pipeline and the handler; nothing
// runs until serve.
func openDaemon(cfg *config.Config, log *slog.Logger, ov overrides) (*daemon, error) {
	cls, err := classifierOf(cfg)
	if err != nil {
		return nil, err
	}
	chans, err := channelsOf(cfg)
	if err != nil {
		return nil, err
	}
	st, err := wire.OpenStore(context.Background(), cfg)
	if err != nil {
		return nil, err
	}
	if b, ok := st.(*store.Store); ok && b.ReadOnly() {
		log.Warn("store is read-only: serving what it holds; polls will fail until it is writable and edufeed restarts", "store", cfg.Store.Path)
	}
	ver := readVersion()
	srcs := sourcesOf(cfg)
	d := &daemon{log: log, overrides: ov, store: st, metrics: metrics.New(ver.Version, ver.Revision)}
	d.metrics.WatchStore(func() (int64, int, error) {
		stats, err := st.Stats()
		return stats.FileSize, stats.Items, err
	})
	// The publisher, made below, is in place before the notifier runs.
	source := func(name string) (*feeds.Source, bool) { return d.pub.Source(name) }
	if d.notifier, err = newNotifier(cfg, st, log, cls, d.metrics, source); err != nil {
		_ = st.Close()
		return nil, err
	}
	d.sched = newScheduler(cfg, st, log, cls, wakeObserver{d.metrics, d.notifier.Wake})
	d.pub = publish.NewHandler(st, publish.Options{
		Info: publish.Info{
			Title:       cfg.Feed.Title,
			Link:        cfg.Feed.Link,
			Description: cfg.Feed.Description,
			Language:    cfg.Feed.Language,
			MaxItems:    cfg.Feed.MaxItems,
		},
		Sources:    srcs,
		NextRuns:   d.sched.NextRuns,
		Logger:     log,
		Version:    ver.Short(),
		Classifier: cls,
		Channels:   chans,
		Notify:     d.notifier.Status,
	})
	d.setConfig(cfg, srcs)
	return d, nil
}

// httpServer wraps h in a server whose timeouts bound what one slow or
// hostile client can hold: a request, headers and body, must arrive within
// 10 s (slowloris), an answer may take 60 s, and idle keep-alive
// connections close after 2 minutes. The read timeouts are equal because
// no route takes a body: net/http then moves the read deadline once per
// request instead of twice, about 0.2 µs of CPU per 304.
func (d *daemon) httpServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(d.log.Handler(), slog.LevelWarn),
	}
}

// routes are the paths the HTTP server answers, each its own label in the
// request metrics; anything else counts as "other".
var routes = []string{"/{$}", "/feed.xml", "/feed.atom", "/feed.json", "/healthz", "/api/sources", "/sources.opml"}

// feedRoutes are the routes feed readers poll, mostly for a 304: they are
// answered before the mux (see feedsFirst).
var feedRoutes = []string{"/feed.xml", "/feed.atom", "/feed.json"}

// handler is the daemon's whole HTTP surface.
func (d *daemon) handler() http.Handler {
	mux := http.NewServeMux()
	first := feedsFirst{mux: mux, feeds: map[string]http.Handler{}}
	for _, r := range routes {
		label := strings.TrimSuffix(r, "{$}")
		h := d.metrics.Instrument(label, d.pub)
		mux.Handle(r, h)
		if slices.Contains(feedRoutes, r) {
			first.feeds[r] = h
		}
	}
	mux.Handle("/", d.metrics.Instrument("other", d.pub))
	mux.Handle("/metrics", d.metrics.Instrument("/metrics", d.metrics.Handler()))
	mux.Handle("/admin/", d.metrics.Instrument("/admin", d.adminHandler()))
	mux.Handle("/api/notify", d.metrics.Instrument("/api/notify", http.HandlerFunc(d.serveNotifyAPI)))
	return first
}

// feedsFirst hands a request for one of the merged feeds straight to that
// route's instrumented handler, the one the mux holds for it, and anything
// else to the mux. For these exact, clean paths the mux would pick the same
// handler, after cleaning the path and walking its patterns, which costs
// a 304 up to 90 ns (BenchmarkChain304, mux against daemon).
type feedsFirst struct {
	feeds map[string]http.Handler // by exact path
	mux   http.Handler
}

// ServeHTTP implements http.Handler.
func (f feedsFirst) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h := f.feeds[r.URL.Path]; h != nil {
		h.ServeHTTP(w, r)
		return
	}
	f.mux.ServeHTTP(w, r)
}

// config returns the config in force, without its sources (see sources).
func (d *daemon) config() *config.Config {
	d.cfgMu.Lock()
	defer d.cfgMu.Unlock()
	return d.cfg
}

// sources returns the sources in force; callers must not change them.
func (d *daemon) sources() []feeds.Source {
	d.cfgMu.Lock()
	defer d.cfgMu.Unlock()
	return d.srcs
}

// setConfig puts cfg in force with srcs, its sources as the pipeline sees
// them, and keeps a copy of cfg without the config's own sources.
func (d *daemon) setConfig(cfg *config.Config, srcs []feeds.Source) {
	slim := *cfg
	slim.Sources = nil
	d.cfgMu.Lock()
	defer d.cfgMu.Unlock()
	d.cfg, d.srcs = &slim, srcs
}

// memoryPlan is what the daemon does about its memory limit.
func (d *daemon) memoryPlan() memlimit.Plan { return memoryPlan(d.config()) }

// memoryPlan is what a process run on cfg does about its memory limit: the
// config's memory_limit, unless GOMEMLIMIT is in the environment.
func memoryPlan(cfg *config.Config) memlimit.Plan {
	m := cfg.MemoryLimit
	return memlimit.Choose(os.Getenv("GOMEMLIMIT"), memlimit.Setting{Auto: m.Auto, Bytes: m.Bytes})
}

// runMemoryLimit carries out plan until the returned function is called,
// which puts back the limit it found and waits until it has.
func runMemoryLimit(log *slog.Logger, plan memlimit.Plan) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { memlimit.Run(ctx, log, plan, memlimit.Default) })
	return func() {
		cancel()
		wg.Wait()
	}
}

func (d *daemon) close() {
	if err := d.store.Close(); err != nil {
		d.log.Error("close store", "err", err)
	}
}

// serve runs the scheduler and the HTTP server on ln until ctx ends, then shuts
// both down in order: polls first, so the server keeps answering while they
// finish, then the server, then the store.
func (d *daemon) serve(ctx context.Context, ln net.Listener) error {
	defer d.close()
	// The memory limit follows the heap from start-up (the config is read
	// and the store open by now); it stops after the polls, the pruner and
	// the server, and puts back the limit it found.
	defer runMemoryLimit(d.log, d.memoryPlan())()
	// Polls must outlive the signal: Stop gives them a grace period, then
	// cancels them. The scheduler starts before the first request is
	// answered, so that an admin poll at start-up finds it running.
	if err := d.sched.Start(context.WithoutCancel(ctx), d.sources()); err != nil {
		return fmt.Errorf("start scheduler: %w", err)
	}
	srv := d.httpServer(d.handler())
	srvErr := make(chan error, 1)
	go func() { srvErr <- srv.Serve(ln) }()
	d.log.Info("serving", "addr", ln.Addr().String(), "store", wire.StoreName(d.config()), "sources", len(d.sources()))

	// The pruner is stopped and waited for before the store closes.
	// So are the notifier and its log trimmer, after the polls stopped.
	pruneCtx, stopPruner := context.WithCancel(context.WithoutCancel(ctx))
	var bg sync.WaitGroup
	bg.Go(func() { d.runPruner(pruneCtx) })
	bg.Go(func() { d.notifier.Run(pruneCtx) })
	bg.Go(func() { d.trimDeliveries(pruneCtx) })
	defer func() {
		stopPruner()
		bg.Wait()
	}()

	// SIGHUP reloads the config, until shutdown.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)

	var runErr error
wait:
	for {
		select {
		case <-ctx.Done():
			d.log.Info("shutting down")
			break wait
		case err := <-srvErr:
			runErr = fmt.Errorf("http server: %w", err)
			break wait
		case <-hup:
			d.log.Info("SIGHUP: reloading config", "file", d.config().Path)
			_, _ = d.reload() // reload logs its own outcome
		}
	}
	// Stop waits for scheduled and admin-started polls alike, so none
	// writes once the store closes.
	grace := pollGrace
	if d.pollGrace > 0 {
		grace = d.pollGrace
	}
	d.sched.Stop(grace)
	shutCtx, cancel := context.WithTimeout(context.Background(), drainGrace)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		d.log.Warn("http shutdown", "err", err)
	}
	if runErr == nil {
		if err := <-srvErr; err != nil && !errors.Is(err, http.ErrServerClosed) {
			runErr = fmt.Errorf("http server: %w", err)
		}
	}
	d.log.Info("stopped")
	return runErr
}
