package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/edufeed/edufeed/config"
	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/filter"
	"github.com/edufeed/edufeed/feeds/metrics"
	"github.com/edufeed/edufeed/feeds/notify"
	"github.com/edufeed/edufeed/internal/wire"
	"github.com/edufeed/edufeed/store"
)

// notifyTestTimeout bounds POST /admin/notify/test's one send.
const notifyTestTimeout = 30 * time.Second

// deliveryKeep is how long the delivery log remembers a story beyond the
// store's retention: past it the story is pruned and tombstoned anyway.
const deliveryKeep = 7 * 24 * time.Hour

// newNotifier builds the notifier of a config on an open store; obs may be
// nil. source finds a configured source by name for its title; nil looks in
// cfg. The daemon passes its publisher's index, which follows reloads, so
// that 20,000 sources are not indexed twice (issue 18).
func newNotifier(cfg *config.Config, backend store.Backend, log *slog.Logger, cls *filter.Filter, obs notify.Observer,
	source func(name string) (*feeds.Source, bool)) (*notify.Notifier, error) {
	st, ok := backend.(store.DeliveryLog)
	if !ok {
		return nil, fmt.Errorf("config %s: notify: store %s keeps no delivery log", cfg.Path, backend.Path())
	}
	title := func(name string) string {
		if src, ok := source(name); ok && src.Title != "" {
			return src.Title
		}
		return name
	}
	if source == nil {
		titles := make(map[string]string, len(cfg.Sources))
		for _, s := range cfg.Sources {
			titles[s.Name] = s.Title
		}
		title = func(name string) string {
			if t := titles[name]; t != "" {
				return t
			}
			return name
		}
	}
	n, err := notify.New(notify.Options{
		Store:       st,
		Classifier:  cls,
		Observer:    obs,
		Logger:      log,
		FeedLink:    cfg.Feed.Link,
		SourceTitle: title,
	}, wire.NotifyTargets(cfg))
	if err != nil {
		return nil, fmt.Errorf("config %s: notify: %w", cfg.Path, err)
	}
	return n, nil
}

// wakeObserver passes polls on to the metrics and wakes the notifier when
// a poll has committed new stories, so that they go out at once.
type wakeObserver struct {
	*metrics.Metrics
	wake func()
}

func (o wakeObserver) ObservePoll(source, result string, pr feeds.PollResult, elapsed time.Duration) {
	o.Metrics.ObservePoll(source, result, pr, elapsed)
	if pr.New > 0 {
		o.wake()
	}
}

// trimDeliveries trims the delivery log now and daily until ctx ends.
func (d *daemon) trimDeliveries(ctx context.Context) {
	trim := time.NewTicker(24 * time.Hour)
	defer trim.Stop()
	for {
		cutoff := time.Now().Add(-d.config().Store.Retention - deliveryKeep)
		ds, ok := d.store.(store.DeliveryLog)
		if !ok {
			return
		}
		if n, err := ds.PruneDeliveries(cutoff); err != nil {
			d.log.Warn("notify: trim delivery log", "err", err)
		} else if n > 0 {
			d.log.Info("notify: delivery log trimmed", "entries", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-trim.C:
		}
	}
}

// serveNotifyAPI answers GET /api/notify: each target's last delivery,
// errors and backlog, never its URL or secrets.
func (d *daemon) serveNotifyAPI(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeJSON(w, http.StatusMethodNotAllowed, map[string]any{"error": "use GET"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"targets": d.notifier.Status()})
}

// serveNotifyTest answers POST /admin/notify/test?target=NAME.
func (d *daemon) serveNotifyTest(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("target")
	ctx, cancel := context.WithTimeout(r.Context(), notifyTestTimeout)
	defer cancel()
	err := d.notifier.Test(ctx, name)
	switch {
	case errors.Is(err, notify.ErrNoTarget):
		writeJSON(w, http.StatusNotFound, map[string]any{"error": "no notify target named " + quote(name)})
	case err != nil:
		d.log.Warn("notify: test message failed", "target", name, "err", err)
		writeJSON(w, http.StatusBadGateway, map[string]any{"target": name, "sent": false, "error": err.Error()})
	default:
		d.log.Info("notify: test message sent", "target", name)
		writeJSON(w, http.StatusOK, map[string]any{"target": name, "sent": true})
	}
}

// serveNotifyPreview answers GET /admin/notify/preview, which
// "edufeed notify -dry-run" asks for while the daemon holds the store.
func (d *daemon) serveNotifyPreview(w http.ResponseWriter, r *http.Request) {
	ps, err := d.notifier.Preview()
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]any{"error": err.Error()})
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	printPreviews(w, ps)
}

// cmdNotify is "edufeed notify -dry-run": what each target would be sent now.
func cmdNotify(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("notify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var common commonFlags
	common.register(fs)
	dry := fs.Bool("dry-run", false, "print what each notify target would be sent now, and send nothing")
	storePath := fs.String("store", "", "store file, overrides the config's store.path")
	listen := fs.String("listen", "", "address of the running daemon, if serve was given -listen")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: edufeed notify -dry-run [-config FILE] [-store PATH] [-listen ADDR]")
		fs.PrintDefaults()
	}
	log, cfg, code := common.parse(fs, args, stderr)
	if code != 0 {
		return code
	}
	if !*dry {
		fmt.Fprintln(stderr, "edufeed notify: only -dry-run is a command; the daemon (edufeed serve) sends, and POST /admin/notify/test?target=NAME sends a test message")
		return 2
	}
	overrides{listen: *listen, storePath: *storePath}.apply(cfg)
	if len(cfg.Notify) == 0 {
		fmt.Fprintf(stdout, "%s has no notify targets\n", cfg.Path)
		return 0
	}
	st, err := openForPreview(ctx, cfg)
	if errors.Is(err, store.ErrInUse) {
		err = previewFromDaemon(ctx, cfg, stdout)
		if err != nil {
			fmt.Fprintln(stderr, "edufeed:", err)
			return 1
		}
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "edufeed:", err)
		return 1
	}
	defer st.Close()
	cls, err := classifierOf(cfg)
	if err != nil {
		fmt.Fprintln(stderr, "edufeed:", err)
		return 1
	}
	n, err := newNotifier(cfg, st, log, cls, nil, nil)
	if err == nil {
		var ps []notify.Preview
		if ps, err = n.Preview(); err == nil {
			printPreviews(stdout, ps)
			return 0
		}
	}
	fmt.Fprintln(stderr, "edufeed:", err)
	return 1
}

// openForPreview opens the store for notify -dry-run: a bbolt file read-only
// (ErrInUse while the daemon holds it); a PostgreSQL database, which the
// daemons share, as it is.
func openForPreview(ctx context.Context, cfg *config.Config) (store.Backend, error) {
	if cfg.Store.Postgres() {
		return wire.OpenStore(ctx, cfg)
	}
	return store.Open(cfg.Store.Path, store.Options{ReadOnly: true, LockTimeout: backupLockWait})
}

// previewFromDaemon asks the daemon holding the store for the preview.
func previewFromDaemon(ctx context.Context, cfg *config.Config, w io.Writer) error {
	token := adminToken(cfg)
	if token == "" {
		return fmt.Errorf("store %s is in use by a running edufeed; set admin.token (or %s) so that notify -dry-run can ask the daemon, or stop it first", cfg.Store.Path, adminTokenEnv)
	}
	u, err := daemonURL(cfg, "/admin/notify/preview")
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("store %s is in use; asking the daemon at %s: %w", cfg.Store.Path, u, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return fmt.Errorf("store %s is in use; the daemon at %s answered %s: %s", cfg.Store.Path, u, resp.Status, msg)
	}
	_, err = io.Copy(w, resp.Body)
	return err
}

func printPreviews(w io.Writer, ps []notify.Preview) {
	for _, p := range ps {
		fmt.Fprintf(w, "== %s (%s, %s)", p.Target, p.Kind, p.Mode)
		if !p.Due.IsZero() {
			fmt.Fprintf(w, ", next digest %s", p.Due.Format(time.RFC3339))
		}
		fmt.Fprintf(w, ": %d message%s\n", len(p.Messages), plural(len(p.Messages)))
		for i, m := range p.Messages {
			fmt.Fprintf(w, "-- message %d\n%s\n", i+1, strings.TrimRight(m, "\n"))
		}
	}
}

// removedTargets names the notify targets of old that cur no longer has.
func removedTargets(old, cur *config.Config) []string {
	var out []string
	for _, t := range old.Notify {
		if !slices.ContainsFunc(cur.Notify, func(c config.NotifyTarget) bool { return c.Name == t.Name }) {
			out = append(out, t.Name)
		}
	}
	return out
}

// printNotifyTargets is check's table of notify targets: what each sends
// and where, by scheme and host only (the rest of a robot's URL is its key).
func printNotifyTargets(w io.Writer, cfg *config.Config, now time.Time) {
	if len(cfg.Notify) == 0 {
		return
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NOTIFY\tKIND\tMODE\tNEXT DIGEST\tSENDS\tTO")
	for i, t := range wire.NotifyTargets(cfg) {
		c := cfg.Notify[i]
		sends := selection(config.Channel{Tags: c.Tags, Sources: c.Sources, Include: c.Include, Exclude: c.Exclude})
		if c.Channel != "" {
			sends = "channel " + c.Channel
		}
		next := "-"
		if t.Next != nil {
			next = t.Next(now).Format(time.RFC3339)
		}
		to := t.Endpoint()
		if t.Kind == notify.KindEmail {
			to += " " + strings.Join(t.To, ",")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", t.Name, t.Kind, t.Mode, next, sends, to)
	}
	tw.Flush()
}
