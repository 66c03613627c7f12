package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/edufeed/edufeed/config"
	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/feeds/opml"
	"github.com/edufeed/edufeed/feeds/poll"
	"github.com/edufeed/edufeed/internal/wire"
	"github.com/edufeed/edufeed/store"
)

func cmdCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var common commonFlags
	common.register(fs)
	if code := parseArgs(fs, args, stderr); code != 0 {
		return code
	}
	cfg, err := loadConfig(common.config)
	if err != nil {
		printConfigError(stderr, err)
		return 1
	}
	warnings := configWarnings(cfg)
	summary := fmt.Sprintf("%s: ok, %d sources, store %s, listen %s", cfg.Path, len(cfg.Sources), wire.StoreName(cfg), cfg.Listen)
	if n := len(warnings); n > 0 {
		summary += fmt.Sprintf(", %d warning%s", n, plural(n))
	}
	fmt.Fprintln(stdout, summary)
	for _, w := range warnings {
		fmt.Fprintf(stdout, "warning: %s\n", w)
	}
	now := time.Now()
	states, note := storedKinds(cfg.Store.Path)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SOURCE\tSCHEDULE\tNEXT RUN\tTAGS\tKIND\tURL\tDISCOVERED FEED")
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
		kind, feed := "-", "-"
		if st, ok := states[s.Name]; ok {
			kind = orDash(st.Kind)
			feed = orDash(st.FeedURL)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.Name, s.Schedule, next, strings.Join(s.Tags, ","), kind, s.URL, feed)
	}
	tw.Flush()
	if note != "" {
		fmt.Fprintf(stdout, "note: %s\n", note)
	}
	if len(cfg.Channels) > 0 {
		fmt.Fprintln(stdout)
		tw = tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "CHANNEL\tTITLE\tSELECTION\tFEED")
		for _, c := range cfg.Channels {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%sc/%s.xml\n", c.Name, c.Title, selection(c), cfg.Feed.Link, c.Name)
		}
		tw.Flush()
	}
	printNotifyTargets(stdout, cfg, now)
	return 0
}

// checkLockWait is how long check waits for the store's lock: long enough
// for a poll's write to end, short enough that a daemon holding the store
// does not make check hang.
const checkLockWait = 300 * time.Millisecond

// storedKinds reads what each source's URL served at its last poll (its
// kind and discovered feed) from the store, opened read-only. A store that
// does not exist yet, or that another process holds, or that cannot be
// read gives no kinds and a note saying why.
func storedKinds(path string) (map[string]feeds.SourceState, string) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Sprintf("no store at %s yet: KIND shows after the first poll", path)
	}
	st, err := store.Open(path, store.Options{ReadOnly: true, LockTimeout: checkLockWait})
	if errors.Is(err, store.ErrInUse) {
		return nil, fmt.Sprintf("KIND and DISCOVERED FEED unknown: the store %s is in use by another process (a running edufeed serve?); see /api/sources or the status page", path)
	}
	if err != nil {
		return nil, fmt.Sprintf("KIND and DISCOVERED FEED unknown: %v", err)
	}
	defer st.Close()
	list, err := st.States()
	if err != nil {
		return nil, fmt.Sprintf("KIND and DISCOVERED FEED unknown: %v", err)
	}
	out := make(map[string]feeds.SourceState, len(list))
	for _, s := range list {
		out[s.Name] = s
	}
	return out, ""
}

// configWarnings are what is valid in a config but will not work as
// meant: a store folder that does not exist (serve and poll create the
// store file, not its folder), a source on loopback or the LAN that the
// fetch guard will refuse, and one feed configured as two sources (polled,
// stored and shown twice over).
func configWarnings(cfg *config.Config) []string {
	var out []string
	dir := filepath.Dir(cfg.Store.Path)
	switch st, err := os.Stat(dir); {
	case cfg.Store.Postgres():
		// The store is a database; store.path is not used.
	case errors.Is(err, fs.ErrNotExist):
		out = append(out, fmt.Sprintf("store.path: the folder %s does not exist, so serve and poll cannot create the store there (create it: mkdir -p %s)", dir, dir))
	case err != nil:
		out = append(out, fmt.Sprintf("store.path: the folder %s: %v", dir, err))
	case !st.IsDir():
		out = append(out, fmt.Sprintf("store.path: %s is not a folder", dir))
	}
	first := make(map[string]int, len(cfg.Sources)) // feed key -> index of its first source
	for i, s := range cfg.Sources {
		if cfg.Fetch.DenyPrivate && !s.AllowPrivate && privateHost(s.URL) {
			out = append(out, fmt.Sprintf("sources[%d] %s: %s is on loopback or the local network, which fetch.deny_private (on by default) refuses: set allow_private: true on the source, or fetch.deny_private: false",
				i, s.Name, s.URL))
		}
		key := opml.FeedKey(s.URL)
		j, seen := first[key]
		if !seen {
			first[key] = i
			continue
		}
		out = append(out, fmt.Sprintf("sources[%d] %s has the URL of sources[%d] %s (%s): the same feed is polled and stored twice; remove one",
			i, s.Name, j, cfg.Sources[j].Name, s.URL))
	}
	return out
}

// privateHost reports whether an http(s) URL names localhost or a
// loopback, private or link-local IP address: hosts the fetch guard is
// sure to refuse. Names that resolve to such addresses are found only when
// fetched.
func privateHost(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	host := strings.ToLower(u.Hostname())
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && (ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsUnspecified())
}

// orDash is s, or "-" for nothing known.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
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
