package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
	"github.com/edufeed/edufeed/store"
)

// testToken is an admin token long enough for the config's minimum.
const testToken = "test-admin-token-0123456789"

// localConfig writes a config in dir with one file source, listen address
// listen and an admin token, and returns its path.
func localConfig(t *testing.T, dir, listen string) string {
	t.Helper()
	feed, err := os.ReadFile(filepath.Join("testdata", "rss.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "local.xml"), feed, 0o644); err != nil {
		t.Fatal(err)
	}
	path := writeConfig(t, dir, "  - {name: local, url: \"file:local.xml\"}\n")
	cfg, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cfg = bytes.Replace(cfg, []byte("listen: 127.0.0.1:0"), []byte("listen: "+listen), 1)
	cfg = append(cfg, "admin:\n  token: "+testToken+"\n"...)
	if err := os.WriteFile(path, cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// runCmd runs one edufeed command and returns its exit code and output.
func runCmd(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// freeAddr is a loopback address no one listens on, as far as one can tell.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// TestBackupAsksTheRightDaemon: with -store B, in use, and a daemon on the
// config's address that holds store A, backup fails naming both and writes
// nothing; backing up A itself through that daemon works and says A.
func TestBackupAsksTheRightDaemon(t *testing.T) {
	dir := t.TempDir()
	cfgPath := localConfig(t, dir, freeAddr(t))
	startDaemon(t, cfgPath)
	storeA := filepath.Join(dir, "edufeed.db")
	storeB := filepath.Join(dir, "other.db")
	b, err := store.Open(storeB, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()

	out := filepath.Join(dir, "copy.db")
	code, stdout, stderr := runCmd("backup", "-config", cfgPath, "-store", storeB, out)
	if code != 1 {
		t.Errorf("backup of B through A's daemon: exit %d, want 1; stdout %q", code, stdout)
	}
	for _, want := range []string{storeA, storeB, "-listen"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("error does not name %q:\n%s", want, stderr)
		}
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a refused backup left %s: %v", out, err)
	}

	code, stdout, stderr = runCmd("backup", "-config", cfgPath, out)
	if code != 0 {
		t.Fatalf("backup of A through its daemon: exit %d:\n%s", code, stderr)
	}
	if !strings.Contains(stdout, storeA) {
		t.Errorf("output does not name %s: %q", storeA, stdout)
	}
	s, err := store.Open(out, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
}

// truncatedStores writes a store of a few hundred items and copies of it
// cut short at sizes an interrupted copy leaves, from 8 to 40 KiB and
// beyond, on and between page boundaries.
func truncatedStores(t *testing.T, dir string) []string {
	t.Helper()
	s, err := store.Open(filepath.Join(dir, "source.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	var items []feeds.Item
	for i := range 300 {
		id := feeds.NewID("moe", fmt.Sprint(i))
		items = append(items, feeds.Item{
			ID: id, Source: "moe", GUID: id, Link: "https://www.moe.gov.cn/" + id + ".html",
			Title: fmt.Sprintf("通知 %d", i), Content: "<p>" + strings.Repeat("学校举办科技节活动。", 30) + "</p>",
			Published: now.Add(-time.Duration(i) * time.Hour), DateFrom: feeds.DateFromFeed,
		})
	}
	if _, err := s.SavePoll(items, feeds.SourceState{Name: "moe"}, now); err != nil {
		t.Fatal(err)
	}
	// A backup is exactly as long as its header says: any cut damages it.
	whole := filepath.Join(dir, "whole.db")
	if _, err := s.BackupFile(whole); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(whole)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, n := range []int{8 << 10, 12 << 10, 16 << 10, 20<<10 + 100, 32 << 10, 40 << 10, 40<<10 + 2048, len(data) - 4096} {
		p := filepath.Join(dir, fmt.Sprintf("cut-%d.db", n))
		if err := os.WriteFile(p, data[:n], 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

// TestTruncatedStoreEveryCommand: serve, poll, compact and backup each meet
// a store cut short with the "store file is damaged" advice and exit 1,
// never with a goroutine dump, and leave the file as it was.
func TestTruncatedStoreEveryCommand(t *testing.T) {
	dir := t.TempDir()
	cfgPath := localConfig(t, dir, freeAddr(t))
	commands := map[string][]string{
		"serve":   {"serve", "-config", cfgPath, "-listen", "127.0.0.1:0", "-store"},
		"poll":    {"poll", "-config", cfgPath, "-store"},
		"compact": {"compact", "-config", cfgPath, "-store"},
		"backup":  {"backup", "-config", cfgPath, "-store"},
	}
	for _, path := range truncatedStores(t, dir) {
		before, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for name, args := range commands {
			t.Run(name+"/"+filepath.Base(path), func(t *testing.T) {
				args := append(append([]string(nil), args...), path)
				if name == "backup" {
					args = append(args, filepath.Join(t.TempDir(), "copy.db"))
				}
				code, _, stderr := runCmd(args...)
				if code != 1 {
					t.Errorf("exit %d, want 1", code)
				}
				for _, want := range []string{"store file is damaged", "edufeed backup", "edufeed compact", path} {
					if !strings.Contains(stderr, want) {
						t.Errorf("stderr does not say %q:\n%s", want, stderr)
					}
				}
				after, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(after, before) {
					t.Error("the command changed the damaged file")
				}
			})
		}
	}
}

// TestNoStoreUnasked: compact and backup of a missing store fail and create
// nothing; serve on a busy port fails before it creates its store; poll
// creates the store on purpose.
func TestNoStoreUnasked(t *testing.T) {
	dir := t.TempDir()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	cfgPath := localConfig(t, dir, busy.Addr().String())
	missing := filepath.Join(dir, "missing.db")
	copyPath := filepath.Join(dir, "copy.db")
	tests := []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"compact", []string{"compact", "-config", cfgPath, "-store", missing}, "no store file there"},
		{"backup", []string{"backup", "-config", cfgPath, "-store", missing, copyPath}, "no store file there"},
		{"serve on a busy port", []string{"serve", "-config", cfgPath, "-store", missing}, "address already in use"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCmd(tt.args...)
			if code != 1 || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 1 and %q", code, stderr, tt.want)
			}
			for _, p := range []string{missing, copyPath} {
				if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("%s left behind: %v", p, err)
				}
			}
		})
	}
	if code, _, stderr := runCmd("poll", "-config", cfgPath, "-store", missing); code != 0 {
		t.Fatalf("poll of a new store: exit %d:\n%s", code, stderr)
	}
	if _, err := os.Stat(missing); err != nil {
		t.Errorf("poll did not create its store: %v", err)
	}
}
