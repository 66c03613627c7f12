package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/edufeed/edufeed/config"
	"github.com/edufeed/edufeed/feeds/poll"
)

func cmdCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var common commonFlags
	common.register(fs)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	cfg, err := loadConfig(common.config)
	if err != nil {
		printConfigError(stderr, err)
		return 1
	}
	fmt.Fprintf(stdout, "%s: ok, %d sources, store %s, listen %s\n", cfg.Path, len(cfg.Sources), cfg.Store.Path, cfg.Listen)
	now := time.Now()
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SOURCE\tSCHEDULE\tNEXT RUN\tTAGS\tURL")
	for _, s := range sourcesOf(cfg) {
		next := "disabled"
		if s.Enabled {
			t, err := poll.NextRun(s.Schedule, s.Location, now)
			if err != nil {
				next = "error: " + err.Error()
			} else {
				next = t.Format(time.RFC3339)
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", s.Name, s.Schedule, next, strings.Join(s.Tags, ","), s.URL)
	}
	tw.Flush()
	if len(cfg.Channels) > 0 {
		fmt.Fprintln(stdout)
		tw = tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "CHANNEL\tTITLE\tSELECTION\tFEED")
		for _, c := range cfg.Channels {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%sc/%s.xml\n", c.Name, c.Title, selection(c), cfg.Feed.Link, c.Name)
		}
		tw.Flush()
	}
	return 0
}

// selection describes what a channel selects, in the config's words.
func selection(c config.Channel) string {
	var parts []string
	for _, p := range []struct {
		key    string
		values []string
	}{{"tags", c.Tags}, {"sources", c.Sources}, {"include", c.Include}, {"exclude", c.Exclude}} {
		if len(p.values) > 0 {
			parts = append(parts, p.key+"="+strings.Join(p.values, ","))
		}
	}
	if len(parts) == 0 {
		return "everything shown"
	}
	return strings.Join(parts, " ")
}
