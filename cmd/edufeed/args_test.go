package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestArguments: every command refuses the arguments it does not take,
// saying which and what was probably meant, instead of ignoring them (poll
// with a source name polled everything); flags after a file argument work.
func TestArguments(t *testing.T) {
	dir := t.TempDir()
	cfg := writeConfig(t, dir, "  - {name: local, url: \"file:local.xml\"}\n")
	feed, err := os.ReadFile("testdata/rss.xml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "local.xml"), feed, 0o644); err != nil {
		t.Fatal(err)
	}
	opml := filepath.Join(dir, "subs.opml")
	if err := os.WriteFile(opml, []byte(importOPML), 0o644); err != nil {
		t.Fatal(err)
	}
	dashed := filepath.Join(dir, "-subs.opml")
	if err := os.WriteFile(dashed, []byte(importOPML), 0o644); err != nil {
		t.Fatal(err)
	}
	// A store to back up: the config's, filled by one poll.
	var out, errOut strings.Builder
	if code := run(context.Background(), []string{"poll", "-config", cfg}, &out, &errOut); code != 0 {
		t.Fatalf("poll: exit %d: %s", code, errOut.String())
	}
	copyPath := filepath.Join(dir, "copy.db")

	// Cancelled: a serve that wrongly starts stops at once.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string // in stdout; "" for nothing
		stderr string // in stderr
	}{
		{"poll with a source name", []string{"poll", "-config", cfg, "local"}, 2, "",
			`edufeed poll: unexpected argument "local": poll takes only flags (to poll one source, use -source local)`},
		{"poll, flag after the stray argument", []string{"poll", "local", "-config", cfg}, 2, "", `unexpected argument "local"`},
		{"check with a file name", []string{"check", cfg}, 2, "", `(to read the config ` + cfg + `, use -config ` + cfg + `)`},
		{"check with a stray word", []string{"check", "-config", cfg, "now"}, 2, "", `edufeed check: unexpected argument "now": check takes only flags`},
		{"serve with a store name", []string{"serve", "-config", cfg, "x.db"}, 2, "", `(to use the store x.db, use -store x.db)`},
		{"compact with a stray word", []string{"compact", "-config", cfg, "now"}, 2, "", `edufeed compact: unexpected argument "now"`},
		{"backup without a file", []string{"backup", "-config", cfg}, 2, "", "edufeed backup: missing BACKUPFILE"},
		{"backup with two files", []string{"backup", "-config", cfg, "a.db", "b.db"}, 2, "", `unexpected argument "b.db" after BACKUPFILE "a.db"`},
		{"backup, flags after the file", []string{"backup", copyPath, "-config", cfg, "-log-level", "warn"}, 0, "backup of", ""},
		{"backup, unknown flag after the file", []string{"backup", copyPath, "-bogus"}, 2, "", "flag provided but not defined: -bogus"},
		{"import-opml without a file", []string{"import-opml", "-config", cfg}, 2, "", "edufeed import-opml: missing OPMLFILE"},
		{"import-opml, flags after the file", []string{"import-opml", opml, "-config", cfg, "-dry-run"}, 0, "would add bbc-news-education", ""},
		{"import-opml, -- before a file named -x", []string{"import-opml", "-config", cfg, "-dry-run", "--", dashed}, 0, "would add bbc-news-education", ""},
		{"import-opml with two files", []string{"import-opml", "-config", cfg, opml, opml}, 2, "", `unexpected argument "` + opml + `" after OPMLFILE`},
		{"version with an argument", []string{"version", "-v"}, 2, "", `edufeed version: unexpected argument "-v"`},
		{"help for a command", []string{"help", "poll"}, 0, "-source", ""},
		{"help for no command", []string{"help", "fetch"}, 2, "", `edufeed help: unexpected argument "fetch"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr strings.Builder
			if code := run(ctx, tt.args, &stdout, &stderr); code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.code, stderr.String())
			}
			if tt.stdout == "" && stdout.Len() > 0 {
				t.Errorf("stdout, want none:\n%s", stdout.String())
			}
			if !strings.Contains(stdout.String(), tt.stdout) {
				t.Errorf("stdout does not say %q:\n%s", tt.stdout, stdout.String())
			}
			if !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stderr does not say %q:\n%s", tt.stderr, stderr.String())
			}
		})
	}
	if _, err := os.Stat(copyPath); err != nil {
		t.Errorf("backup with flags after the file wrote no copy: %v", err)
	}
	if data, _ := os.ReadFile(cfg); strings.Contains(string(data), "bbc") {
		t.Errorf("a dry run changed the config:\n%s", data)
	}
}
