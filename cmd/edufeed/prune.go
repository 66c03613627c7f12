package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/edufeed/edufeed/config"
	"github.com/edufeed/edufeed/internal/wire"
	"github.com/edufeed/edufeed/store"
)

// Pruning runs pruneDelay after start-up, so that start-up stays quick, and
// then every pruneEvery.
const (
	pruneDelay = time.Minute
	pruneEvery = time.Hour
)

// tombstoneFactor: a pruned item's tombstone is kept for this many retention
// periods (and at least minTombstoneAge), longer than any source lists an
// item it published that long ago.
const (
	tombstoneFactor = 3
	minTombstoneAge = 90 * 24 * time.Hour
)

// pruneOptions turns the config's retention and max_items into what Prune
// removes at now.
func pruneOptions(cfg *config.Config, now time.Time) store.PruneOptions {
	keep := max(tombstoneFactor*cfg.Store.Retention, minTombstoneAge)
	return store.PruneOptions{
		Before:           now.Add(-cfg.Store.Retention),
		MaxItems:         cfg.Store.MaxItems,
		KeepPerSource:    cfg.Store.KeepPerSource,
		TombstonesBefore: now.Add(-keep),
	}
}

// runPruner prunes the store until ctx ends. It runs in the daemon's
// goroutine group and returns when ctx is done.
func (d *daemon) runPruner(ctx context.Context) {
	timer := time.NewTimer(pruneDelay)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		d.pruneOnce(ctx)
		timer.Reset(pruneEvery)
	}
}

// pruneOnce runs one prune and logs what it did.
func (d *daemon) pruneOnce(ctx context.Context) {
	start := time.Now()
	opts := pruneOptions(d.config(), start)
	res, err := d.store.Prune(ctx, opts, start)
	if err != nil {
		if ctx.Err() == nil {
			d.log.Error("prune failed", "store", d.store.Path(), "err", err, "pruned", res.Items)
		}
		return
	}
	if res.Items+res.Tombstones == 0 {
		// Hourly and usually empty: not worth a line at info, but the
		// time it took (it walks every stored story) is worth seeing.
		d.log.Debug("prune found nothing to remove", "store", d.store.Path(), "duration", time.Since(start))
		return
	}
	d.log.Info("pruned", "store", d.store.Path(), "items", res.Items, "tombstones", res.Tombstones,
		"batches", res.Batches, "duration", time.Since(start))
}

// cmdCompact rewrites the store file offline and prints its size before and after.
func cmdCompact(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("compact", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var common commonFlags
	common.register(fs)
	storePath := fs.String("store", "", "store file, overrides the config's store.path")
	_, cfg, code := common.parse(fs, args, stderr)
	if code != 0 {
		return code
	}
	if *storePath != "" {
		cfg.Store.Path = *storePath
	}
	if cfg.Store.Postgres() {
		fmt.Fprintln(stderr, "edufeed: compact:", pgCompactAdvice(wire.StoreName(cfg)))
		return 1
	}
	before, after, err := store.Compact(cfg.Store.Path, store.Options{})
	if err != nil {
		fmt.Fprintln(stderr, "edufeed:", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s: %s -> %s (%.0f%%)\n", cfg.Store.Path, byteSize(before), byteSize(after), 100*float64(after)/float64(max(before, 1)))
	return 0
}

// byteSize writes n in binary units for people.
func byteSize(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
