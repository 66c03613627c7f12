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
	"github.com/edufeed/edufeed/feeds/opml"
	"github.com/edufeed/edufeed/feeds/poll"
	"github.com/edufeed/edufeed/internal/wire"
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
	return 0
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

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
