package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/internal/wire"
)

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

func cmdPoll(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("poll", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var common commonFlags
	common.register(fs)
	var names stringList
	fs.Var(&names, "source", "poll only this source (repeatable; polls it even when disabled)")
	storePath := fs.String("store", "", "store file, overrides the config's store.path")
	log, cfg, code := common.parse(fs, args, stderr)
	if code != 0 {
		return code
	}
	if *storePath != "" {
		cfg.Store.Path = *storePath
	}
	srcs, err := selectSources(sourcesOf(cfg), names)
	if err != nil {
		fmt.Fprintln(stderr, "edufeed:", err)
		return 2
	}
	if len(srcs) == 0 {
		fmt.Fprintln(stderr, "edufeed: no enabled sources to poll")
		return 1
	}
	cls, err := classifierOf(cfg)
	if err != nil {
		fmt.Fprintln(stderr, "edufeed:", err)
		return 1
	}
	st, err := wire.OpenStoreOnce(ctx, cfg)
	if err != nil {
		fmt.Fprintln(stderr, "edufeed:", err)
		return 1
	}
	defer st.Close()
	wire.SetPollGC(cfg)
	// A one-shot poll of a long source list is as big a process as the
	// daemon's first cycle (bench/poll at 20,000 sources: 127-143 MiB
	// without the limit), so the daemon's memory limit holds it too.
	defer runMemoryLimit(log, memoryPlan(cfg))()

	results := newScheduler(cfg, st, log, cls, nil).PollAll(ctx, srcs)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SOURCE\tNEW\tUPDATED\tMERGED\tUNCHANGED\tFILTERED\tELAPSED\tRESULT")
	failed := 0
	for _, r := range results {
		result := "ok"
		switch {
		case r.Err != nil:
			failed++
			result = "error: " + r.Err.Error()
		case r.NotModified:
			result = "not modified"
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%s\t%s\n", r.Source, r.New, r.Updated, r.Merged, r.Unchanged,
			r.Filtered, r.Elapsed.Round(time.Millisecond), result)
	}
	tw.Flush()
	if failed == len(results) {
		return 1
	}
	return 0
}

// selectSources picks the named sources, or every enabled one when none is named.
func selectSources(all []feeds.Source, names []string) ([]feeds.Source, error) {
	if len(names) == 0 {
		var out []feeds.Source
		for _, s := range all {
			if s.Enabled {
				out = append(out, s)
			}
		}
		return out, nil
	}
	byName := make(map[string]feeds.Source, len(all))
	for _, s := range all {
		byName[s.Name] = s
	}
	out := make([]feeds.Source, 0, len(names))
	for _, n := range names {
		s, ok := byName[n]
		if !ok {
			return nil, fmt.Errorf("-source %q: no such source in the config", n)
		}
		// Naming a source is an explicit request: poll it even when disabled.
		s.Enabled = true
		out = append(out, s)
	}
	return out, nil
}
