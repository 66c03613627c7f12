package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/store"
)

// TestCheckWarnings: check accepts a config that is valid but will not work
// as meant (exit 0), and says why in warning lines under its summary.
func TestCheckWarnings(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "data", "edufeed.db")
	tests := []struct {
		name, config string
		warnings     []string // each a warning line's start
	}{
		{"clean", "store: {path: edufeed.db}\nsources:\n  - {name: a, url: 'https://a.example.org/feed'}\n  - {name: b, url: 'https://b.example.org/feed'}\n", nil},
		{"missing store folder", fmt.Sprintf("store: {path: %s}\nsources:\n  - {name: a, url: 'https://a.example.org/feed'}\n", missing),
			[]string{"warning: store.path: the folder " + filepath.Dir(missing) + " does not exist, so serve and poll cannot create the store there (create it: mkdir -p " + filepath.Dir(missing) + ")"}},
		{"one feed twice", "store: {path: edufeed.db}\nsources:\n" +
			"  - {name: moe, url: 'http://www.moe.gov.cn/jyb_xwfb/rss.xml'}\n" +
			"  - {name: other, url: 'https://other.example.org/feed'}\n" +
			"  - {name: moe-copy, url: 'HTTP://WWW.MOE.GOV.CN:80/jyb_xwfb/rss.xml/'}\n" +
			"  - {name: moe-again, url: 'http://www.moe.gov.cn/jyb_xwfb/rss.xml', enabled: false}\n",
			[]string{
				"warning: sources[2] moe-copy has the URL of sources[0] moe (HTTP://WWW.MOE.GOV.CN:80/jyb_xwfb/rss.xml/): the same feed is polled and stored twice",
				"warning: sources[3] moe-again has the URL of sources[0] moe",
			}},
		{"loopback source with the guard on", "store: {path: edufeed.db}\nsources:\n" +
			"  - {name: local, url: 'http://127.0.0.1:8080/feed.xml'}\n" +
			"  - {name: lan, url: 'http://192.168.1.20/rss', allow_private: true}\n" +
			"  - {name: intranet, url: 'http://LOCALHOST/rss'}\n" +
			"  - {name: file, url: 'file:local.xml'}\n",
			[]string{
				"warning: sources[0] local: http://127.0.0.1:8080/feed.xml is on loopback or the local network, which fetch.deny_private (on by default) refuses: set allow_private: true on the source, or fetch.deny_private: false",
				"warning: sources[2] intranet: http://LOCALHOST/rss is on loopback",
			}},
		{"loopback source with the guard off", "store: {path: edufeed.db}\nfetch: {deny_private: false}\nsources:\n  - {name: local, url: 'http://127.0.0.1:8080/feed.xml'}\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-")+".yaml")
			if err := os.WriteFile(path, []byte(tt.config), 0o644); err != nil {
				t.Fatal(err)
			}
			var stdout, stderr strings.Builder
			if code := run(context.Background(), []string{"check", "-config", path}, &stdout, &stderr); code != 0 {
				t.Fatalf("exit %d, want 0; stderr:\n%s", code, stderr.String())
			}
			lines := strings.Split(stdout.String(), "\n")
			var got []string
			for _, l := range lines {
				if strings.HasPrefix(l, "warning:") {
					got = append(got, l)
				}
			}
			if len(got) != len(tt.warnings) {
				t.Fatalf("%d warnings, want %d:\n%s", len(got), len(tt.warnings), stdout.String())
			}
			for i, w := range tt.warnings {
				if !strings.HasPrefix(got[i], w) {
					t.Errorf("warning %d:\n%s\nwant it to start\n%s", i, got[i], w)
				}
			}
			if n := len(tt.warnings); n > 0 && !strings.Contains(lines[0], fmt.Sprintf(", %d warning", n)) {
				t.Errorf("summary does not count the warnings: %s", lines[0])
			}
		})
	}
}

// TestCheckShowsKinds: check shows what each source's URL served at its
// last poll, read from the store; a store another process holds leaves the
// columns "-" with a note, and check still succeeds.
func TestCheckShowsKinds(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "edufeed.db")
	path := filepath.Join(dir, "config.yaml")
	cfg := fmt.Sprintf("store: {path: %s}\nsources:\n"+
		"  - {name: moe-rss, url: 'https://www.moe.example.cn/rss.xml'}\n"+
		"  - {name: prov, url: 'https://jyt.example.cn/news/'}\n"+
		"  - {name: moe-gzdt, url: 'https://www.moe.example.cn/gzdt/'}\n"+
		"  - {name: fresh, url: 'https://fresh.example.cn/news/'}\n", db)
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	check := func() string {
		t.Helper()
		var stdout, stderr strings.Builder
		if code := run(context.Background(), []string{"check", "-config", path}, &stdout, &stderr); code != 0 {
			t.Fatalf("exit %d, want 0; stderr:\n%s", code, stderr.String())
		}
		return stdout.String()
	}
	row := func(out, name string) []string {
		t.Helper()
		for _, l := range strings.Split(out, "\n") {
			if f := strings.Fields(l); len(f) > 0 && f[0] == name {
				return f
			}
		}
		t.Fatalf("no row for %s:\n%s", name, out)
		return nil
	}

	out := check()
	if !strings.Contains(out, "note: no store at "+db) {
		t.Errorf("no note about the missing store:\n%s", out)
	}

	st, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []feeds.SourceState{
		{Name: "moe-rss", Kind: feeds.KindFeed},
		{Name: "prov", Kind: feeds.KindDiscovered, FeedURL: "https://jyt.example.cn/rss/news.xml"},
		{Name: "moe-gzdt", Kind: feeds.KindList, ListItems: 15},
	} {
		if err := st.SaveState(s); err != nil {
			t.Fatal(err)
		}
	}

	// The store is held (as a running daemon holds it): no wait, no failure.
	out = check()
	if !strings.Contains(out, "note: KIND and DISCOVERED FEED unknown: the store "+db+" is in use") {
		t.Errorf("no note about the store in use:\n%s", out)
	}
	if r := row(out, "prov"); r[len(r)-3] != "-" || r[len(r)-1] != "-" {
		t.Errorf("prov's row with the store held: %q, want kind and feed \"-\"", r)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	out = check()
	if strings.Contains(out, "note:") {
		t.Errorf("a note with a readable store:\n%s", out)
	}
	want := map[string][2]string{
		"moe-rss":  {"feed", "-"},
		"prov":     {"discovered", "https://jyt.example.cn/rss/news.xml"},
		"moe-gzdt": {"list", "-"},
		"fresh":    {"-", "-"}, // not polled yet
	}
	for name, w := range want {
		r := row(out, name)
		if kind, feed := r[len(r)-3], r[len(r)-1]; kind != w[0] || feed != w[1] {
			t.Errorf("%s: kind %q, feed %q; want %q, %q\n%s", name, kind, feed, w[0], w[1], out)
		}
	}
}
