package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
