package config

import (
	"path/filepath"
	"testing"
	"time"
)

func parseOK(t *testing.T, path, src string) *Config {
	t.Helper()
	cfg, err := Parse(path, []byte(src), checks)
	if err != nil {
		t.Fatalf("Parse:\n%v", err)
	}
	return cfg
}

func TestFileURLsResolveAgainstConfigDir(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "conf", "edufeed.yaml")
	confDir := filepath.ToSlash(filepath.Join(dir, "conf"))
	tests := []struct{ url, want string }{
		{"file:examples/seed-feed.xml", "file://" + confDir + "/examples/seed-feed.xml"},
		{"file:../shared/x.xml", "file://" + filepath.ToSlash(filepath.Join(dir, "shared")) + "/x.xml"},
		{"file:./a%20b.xml", "file://" + confDir + "/a%20b.xml"},
		{"file:/srv/feeds/x.xml", "file:///srv/feeds/x.xml"},
		{"file:///srv/feeds/x.xml", "file:///srv/feeds/x.xml"},
		{"file://localhost/srv/x.xml", "file:///srv/x.xml"},
		// http(s) URLs stay exactly as written.
		{"https://Example.org/feed?a=1&utm_source=x", "https://Example.org/feed?a=1&utm_source=x"},
		{"http://127.0.0.1:8081/rss.xml", "http://127.0.0.1:8081/rss.xml"},
	}
	for _, tt := range tests {
		cfg := parseOK(t, path, "sources:\n  - name: s\n    url: \""+tt.url+"\"\n")
		if got := cfg.Sources[0].URL; got != tt.want {
			t.Errorf("url %q resolved to %q, want %q", tt.url, got, tt.want)
		}
	}
}

func TestStorePathResolvesAgainstConfigDir(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "edufeed.yaml")
	tests := []struct{ store, want string }{
		{"", filepath.Join(dir, "edufeed.db")}, // the default
		{"store: {path: data/x.db}\n", filepath.Join(dir, "data", "x.db")},
		{"store: {path: /var/lib/edufeed/x.db}\n", "/var/lib/edufeed/x.db"},
	}
	for _, tt := range tests {
		cfg := parseOK(t, path, tt.store+"sources: []\n")
		if cfg.Store.Path != tt.want {
			t.Errorf("%q: store path %q, want %q", tt.store, cfg.Store.Path, tt.want)
		}
	}
}

func TestFeedLinkDefaultsToListen(t *testing.T) {
	tests := []struct{ listen, want string }{
		{"127.0.0.1:8080", "http://127.0.0.1:8080/"},
		{":9000", "http://localhost:9000/"},
		{"0.0.0.0:80", "http://localhost:80/"},
		{"[::1]:8080", "http://[::1]:8080/"},
	}
	for _, tt := range tests {
		cfg := parseOK(t, "c.yaml", "listen: \""+tt.listen+"\"\n")
		if cfg.Feed.Link != tt.want {
			t.Errorf("listen %s: feed link %q, want %q", tt.listen, cfg.Feed.Link, tt.want)
		}
	}
	cfg := parseOK(t, "c.yaml", "listen: 127.0.0.1:1\nfeed: {link: 'https://edu.example.org/'}\n")
	cfg.SetListen("127.0.0.1:2")
	if cfg.Feed.Link != "https://edu.example.org/" || cfg.Listen != "127.0.0.1:2" {
		t.Errorf("explicit feed link replaced: %q", cfg.Feed.Link)
	}
	cfg = parseOK(t, "c.yaml", "listen: 127.0.0.1:1\n")
	cfg.SetListen("127.0.0.1:2")
	if cfg.Feed.Link != "http://127.0.0.1:2/" {
		t.Errorf("after SetListen, default feed link is %q", cfg.Feed.Link)
	}
}

func TestZeroSourcesIsFine(t *testing.T) {
	for _, src := range []string{"listen: 127.0.0.1:8080\n", "sources: []\n", "sources:\n", "{}\n"} {
		cfg := parseOK(t, "c.yaml", src)
		if cfg.Sources == nil || len(cfg.Sources) != 0 {
			t.Errorf("%q: sources = %#v, want an empty list", src, cfg.Sources)
		}
	}
}

func TestSourcesInheritDefaults(t *testing.T) {
	cfg := parseOK(t, "c.yaml", `
defaults:
  schedule: "@hourly"
  timeout: 1m
  timezone: Europe/London
  user_agent: edu-bot/1
sources:
  - name: inherits
    url: http://a.org/
  - name: overrides
    url: http://b.org/
    schedule: "@daily"
    timeout: 5s
    timezone: UTC
    user_agent: ""
    enabled: false
`)
	in, over := cfg.Sources[0], cfg.Sources[1]
	if in.Schedule != "@hourly" || in.Timeout != time.Minute || in.Location.String() != "Europe/London" ||
		in.UserAgent != "edu-bot/1" || !in.Enabled || in.Title != "inherits" {
		t.Errorf("inheriting source: %+v", in)
	}
	// An explicit empty user agent is a value: the fetcher's own agent.
	if over.Schedule != "@daily" || over.Timeout != 5*time.Second || over.Location != time.UTC ||
		over.UserAgent != "" || over.Enabled {
		t.Errorf("overriding source: %+v", over)
	}
}

func TestAnchorsMergesAndTags(t *testing.T) {
	cfg := parseOK(t, "c.yaml", `
x-gov: &gov
  timezone: Asia/Shanghai
  tags: &govtags [gov, policy]
  clean:
    drop: ["^来源："]
sources:
  - <<: *gov
    name: moe
    url: http://moe.example.org/rss.xml
  - <<: *gov
    name: edu-sh
    url: http://sh.example.org/rss.xml
    tags: *govtags
    clean: {builtin: false}
  - name: "2024"
    title: !!str 2024
    url: http://c.org/
`)
	moe, sh, n := cfg.Sources[0], cfg.Sources[1], cfg.Sources[2]
	if moe.Location.String() != "Asia/Shanghai" || len(moe.Tags) != 2 || len(moe.Clean.Drop) != 1 {
		t.Errorf("merged source: %+v", moe)
	}
	// A key written in the source replaces the merged one whole.
	if sh.Clean.Builtin || len(sh.Clean.Drop) != 0 || sh.Tags[1] != "policy" {
		t.Errorf("overriding merged source: %+v", sh)
	}
	if n.Name != "2024" || n.Title != "2024" {
		t.Errorf("quoted and tagged strings: %+v", n)
	}
}

func TestAliasBombIsBounded(t *testing.T) {
	src := "x-a: &a {timeout: 1s}\n"
	prev := "a"
	for i := range 30 {
		name := string(rune('b'+i%24)) + string(rune('a'+i/24))
		src += "x-" + name + ": &" + name + " {<<: [*" + prev + ", *" + prev + "]}\n"
		prev = name
	}
	src += "sources:\n  - {<<: *" + prev + ", name: a, url: 'http://a.org/'}\n"
	_, err := Parse("c.yaml", []byte(src), checks)
	if err == nil {
		t.Fatal("a merge bomb parsed without complaint")
	}
}
