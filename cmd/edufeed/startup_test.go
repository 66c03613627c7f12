package main

import (
	"context"
	"net"
	"path/filepath"
	"strings"
	"testing"
)

// TestAdminTokenEnvChecked: EDUFEED_ADMIN_TOKEN replaces admin.token, so it
// meets the same rules, and every command that reads the config refuses to
// start with a weak one, saying which setting is wrong without quoting it.
func TestAdminTokenEnvChecked(t *testing.T) {
	path := writeConfig(t, t.TempDir(), "  - {name: local, url: \"file:local.xml\"}\n")
	// Cancelled: a serve that wrongly starts stops at once and exits 0.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		name, token string
		args        []string
		code        int
		want        string // in stderr
	}{
		{"short, check", "hunter2-hunter2", []string{"check"}, 1, "EDUFEED_ADMIN_TOKEN: too short (15 characters): use at least 16"},
		{"short, serve", "hunter2", []string{"serve", "-listen", "127.0.0.1:0"}, 1, "EDUFEED_ADMIN_TOKEN: too short (7 characters)"},
		{"short, poll", "hunter2", []string{"poll"}, 1, "EDUFEED_ADMIN_TOKEN: too short"},
		{"inner space", "0123456789 abcdef0123", []string{"check"}, 1, "EDUFEED_ADMIN_TOKEN: must not contain spaces"},
		{"long enough", "0123456789abcdef", []string{"check"}, 0, ""},
		{"surrounding space trimmed", " 0123456789abcdef\n", []string{"check"}, 0, ""},
		{"unset", "", []string{"check"}, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(adminTokenEnv, tc.token)
			var stdout, stderr strings.Builder
			args := append(append([]string{}, tc.args...), "-config", path)
			code := run(ctx, args, &stdout, &stderr)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tc.code, stderr.String())
			}
			if tc.want != "" && !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("stderr does not say %q:\n%s", tc.want, stderr.String())
			}
			if tok := strings.TrimSpace(tc.token); tc.code != 0 && strings.Contains(stderr.String(), tok) {
				t.Errorf("stderr quotes the secret token:\n%s", stderr.String())
			}
		})
	}
}

// TestExampleConfigSelfLinks: the example config leaves feed.link unset, so
// the self links follow -listen instead of pointing at a port nothing
// listens on.
func TestExampleConfigSelfLinks(t *testing.T) {
	for _, tc := range []struct{ listen, link string }{
		{"127.0.0.1:9090", "http://127.0.0.1:9090/"},
		{"0.0.0.0:8081", "http://localhost:8081/"},
		{"[::1]:8443", "http://[::1]:8443/"},
	} {
		cfg, err := loadConfig("../../config.example.yaml")
		if err != nil {
			t.Fatal(err)
		}
		overrides{listen: tc.listen}.apply(cfg)
		if cfg.Feed.Link != tc.link {
			t.Errorf("-listen %s: feed link %q, want %q", tc.listen, cfg.Feed.Link, tc.link)
		}
	}

	// End to end: the served feeds name the address -listen gave.
	cfg, err := loadConfig("../../config.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for i := range cfg.Sources {
		cfg.Sources[i].Enabled = false // the example's sources are on the internet
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	ov := overrides{listen: ln.Addr().String(), storePath: filepath.Join(t.TempDir(), "edufeed.db")}
	ov.apply(cfg)
	serveOn(t, cfg, ov, ln)
	for path, want := range map[string]string{
		"/feed.xml":  `<atom:link rel="self" type="application/rss+xml" href="` + base + `/feed.xml"`,
		"/feed.atom": `<link rel="self" type="application/atom+xml" href="` + base + `/feed.atom"`,
		"/feed.json": `"feed_url":"` + base + `/feed.json"`,
	} {
		body, _ := get(t, base+path, "")
		if !strings.Contains(strings.ReplaceAll(string(body), `": "`, `":"`), want) {
			t.Errorf("%s does not carry %s:\n%.600s", path, want, body)
		}
	}
}
