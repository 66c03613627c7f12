package config

import (
	"net"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// DefaultKeepPerSource is store.keep_per_source when the file does not set it.
const DefaultKeepPerSource = 20

// defaultConfig is the config of an empty file; decoding overwrites what the
// file sets.
func defaultConfig() Config {
	return Config{
		Listen: "127.0.0.1:8080",
		Store: Store{
			Driver:        DriverBolt,
			Lease:         DefaultLease,
			Path:          "edufeed.db",
			Retention:     720 * time.Hour,
			KeepPerSource: DefaultKeepPerSource,
		},
		Feed: Feed{
			Title:    "edufeed",
			Language: "zh-CN",
			MaxItems: 200,
		},
		Defaults: Defaults{
			Schedule:    "@every 30m",
			Timeout:     30 * time.Second,
			Timezone:    "Asia/Shanghai",
			Concurrency: 8,
			PerHost:     2,
			MaxBody:     10 << 20,
			HostDelay:   time.Second,
		},
		Sources:  []Source{},
		Filters:  Filters{Include: []string{}, Exclude: []string{}},
		Tags:     []TagRule{},
		Channels: []Channel{},
		// The guard is on unless the file turns it off: edufeed fetches URLs
		// that feeds and pages name, and those must not reach the network it
		// runs in.
		Fetch: Fetch{DenyPrivate: true},
		// The daemon follows its live heap unless told otherwise (memory.go).
		MemoryLimit: MemoryLimit{Auto: true},
	}
}

// newSource is a source before decoding: only the defaults that do not come
// from the defaults section.
func newSource() Source {
	return Source{
		Tags:     []string{},
		TagRules: []TagRule{},
		Include:  []string{},
		Exclude:  []string{},
		Enabled:  true,
		Type:     TypeAuto,
		Pages:    1,
		// 30 article pages at the default one-second gap is half a minute
		// of a small site's time, once; later polls fetch only new links.
		MaxArticles: 30,
		Robots:      true,
		Article:     ArticleSelectors{Remove: []string{}},
		Clean: CleanRules{
			Builtin:    true,
			CutAfter:   []string{},
			Drop:       []string{},
			Remove:     []string{},
			TitleStrip: []string{},
		},
	}
}

// inherit fills what each source leaves out from the defaults section, and
// the feed link from the listen address.
func (l *loader) inherit(cfg *Config) {
	if !l.isSet("feed.link") {
		cfg.Feed.Link = linkFor(cfg.Listen)
		cfg.linkFromListen = true
	}
	d := cfg.Defaults
	for i := range cfg.Sources {
		s := &cfg.Sources[i]
		f := sourceField(i)
		if !l.isSet(f + ".title") {
			s.Title = s.Name
		}
		if !l.isSet(f + ".schedule") {
			s.Schedule = d.Schedule
		}
		if !l.isSet(f + ".timezone") {
			s.Timezone = d.Timezone
		}
		if !l.isSet(f + ".timeout") {
			s.Timeout = d.Timeout
		}
		if !l.isSet(f + ".user_agent") {
			s.UserAgent = d.UserAgent
		}
		s.FullTextSet = l.isSet(f + ".full_text")
	}
}

// linkFor is the feed link of a server listening on listen. An address on
// all interfaces is reachable as localhost.
func linkFor(listen string) string {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return "http://" + listen + "/"
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}

// resolve makes paths absolute against the config file's directory and
// shares the defaults' time zone with the sources that inherit it.
func (l *loader) resolve(cfg *Config) {
	dir := configDir(cfg.Path)
	cfg.Store.Path = absUnder(dir, cfg.Store.Path)
	for i := range cfg.Sources {
		s := &cfg.Sources[i]
		if s.Location == nil {
			s.Location = cfg.Defaults.Location
		}
		if u, err := url.Parse(s.URL); err == nil && strings.EqualFold(u.Scheme, "file") {
			if p, err := filePath(u); err == nil {
				s.URL = (&url.URL{Scheme: "file", Path: filepath.ToSlash(absUnder(dir, p))}).String()
			}
		}
	}
}

// configDir is the absolute directory of the config file.
func configDir(path string) string {
	dir := filepath.Dir(path)
	if abs, err := filepath.Abs(dir); err == nil {
		return abs
	}
	return dir
}

func absUnder(dir, p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(dir, p)
}

func sourceField(i int) string {
	return "sources[" + strconv.Itoa(i) + "]"
}
