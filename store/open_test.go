package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/edufeed/edufeed/feeds"
)

// fdsOn counts this process's open file descriptors on path (Linux).
func fdsOn(t *testing.T, path string) int {
	t.Helper()
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, fd := range fds {
		if target, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name())); err == nil && target == path {
			n++
		}
	}
	return n
}

// TestReplacedWhileAnotherOpens starts an Open while Compact, or the
// schema upgrade of a first Open, holds the lock and has the file open, and
// renames the new file over the store only once that Open has opened the
// old file and waits for its lock. The waiting Open must end up on the new
// file: what it saves is in the store at path afterwards, with everything
// that was there, not in the unlinked old file.
func TestReplacedWhileAnotherOpens(t *testing.T) {
	tests := []struct {
		name    string
		store   func(t *testing.T) string // makes the store, returns its path
		replace func(t *testing.T, path string)
		saved   string // an item saved before the waiting Open saves "after"
	}{
		{"compact", func(t *testing.T) string {
			path := filepath.Join(t.TempDir(), "edufeed.db")
			s, err := Open(path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			mustSave(t, s, []feeds.Item{item("moe", "before", day, feeds.DateFromFeed)}, "moe", day)
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			return path
		}, func(t *testing.T, path string) {
			if _, _, err := Compact(path, Options{}); err != nil {
				t.Fatal(err)
			}
		}, "before"},
		{"upgrade", func(t *testing.T) string {
			path, _ := copySchema2(t)
			return path
		}, func(t *testing.T, path string) {
			s, err := Open(path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if s.legacy || s.ReadOnly() {
				t.Fatal("the schema 2 store was not upgraded")
			}
			// Written to the new file while the waiting Open holds the
			// old one; it must not be lost to that one's own upgrade.
			mustSave(t, s, []feeds.Item{item("moe", "first", day, feeds.DateFromFeed)}, "moe", day)
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
		}, "first"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.store(t)
			type opened struct {
				s   *Store
				err error
			}
			second := make(chan opened, 1)
			beforeReplace = func() {
				held := fdsOn(t, path) // the replacer's own
				go func() {
					s, err := Open(path, Options{LockTimeout: time.Minute})
					second <- opened{s, err}
				}()
				for fdsOn(t, path) == held {
					time.Sleep(time.Millisecond)
				}
			}
			t.Cleanup(func() { beforeReplace = nil })
			tt.replace(t, path)
			beforeReplace = nil
			o := <-second
			if o.err != nil {
				t.Fatal(o.err)
			}
			had, err := o.s.Stats()
			if err != nil {
				t.Fatal(err)
			}
			mustSave(t, o.s, []feeds.Item{item("moe", "after", day, feeds.DateFromFeed)}, "moe", day)
			if err := o.s.Close(); err != nil {
				t.Fatal(err)
			}

			s, err := Open(path, Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			for _, guid := range []string{tt.saved, "after"} {
				if _, ok, err := s.Get(feeds.NewID("moe", guid)); err != nil || !ok {
					t.Errorf("item %q is not in the store at %s (found %v, err %v)", guid, path, ok, err)
				}
			}
			st, err := s.Stats()
			if err != nil {
				t.Fatal(err)
			}
			if had.Items == 0 || st.Items != had.Items+1 {
				t.Errorf("the store holds %d items, want the %d it had and the new one", st.Items, had.Items)
			}
		})
	}
}

// truncatedCopies writes a backup of a store of a few hundred items cut at
// every page boundary and in the middle of every page, and returns the
// paths.
func truncatedCopies(t *testing.T) []string {
	t.Helper()
	dir := t.TempDir()
	s := openTemp(t)
	var items []feeds.Item
	for i := range 300 {
		it := item("moe", fmt.Sprint("n", i), day.Add(-time.Duration(i)*time.Hour), feeds.DateFromFeed)
		it.Content = "<p>" + strings.Repeat("学校举办科技节活动。", 30) + "</p>"
		items = append(items, it)
	}
	mustSave(t, s, items, "moe", day)
	whole := filepath.Join(dir, "whole.db")
	if _, err := s.BackupFile(whole); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(whole)
	if err != nil {
		t.Fatal(err)
	}
	page := os.Getpagesize()
	var cuts []int
	for at := page; at < len(data); at += page {
		cuts = append(cuts, at-page/2, at)
	}
	cuts = append(cuts, 1, 100, len(data)-1)
	var paths []string
	for _, n := range cuts {
		p := filepath.Join(dir, fmt.Sprintf("cut-%d.db", n))
		if err := os.WriteFile(p, data[:n], 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

// TestOpenTruncated opens a backup cut short at every page boundary and in
// the middle of every page: each Open, for writing or reading, fails with
// ErrDamaged and its advice instead of a panic or SIGBUS, and leaves the
// file as it was.
func TestOpenTruncated(t *testing.T) {
	for _, path := range truncatedCopies(t) {
		before, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, ro := range []bool{false, true} {
			s, err := Open(path, Options{ReadOnly: ro})
			if err == nil {
				s.Close()
				t.Errorf("%s (%d bytes, read-only %v): Open succeeded", filepath.Base(path), len(before), ro)
				continue
			}
			if !errors.Is(err, ErrDamaged) {
				t.Errorf("%s (read-only %v): err = %v, want ErrDamaged", filepath.Base(path), ro, err)
			}
			for _, want := range []string{"edufeed backup", "edufeed compact"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("%s: message %q does not name %q", filepath.Base(path), err, want)
				}
			}
		}
		if _, _, err := Compact(path, Options{}); !errors.Is(err, ErrDamaged) {
			t.Errorf("%s: Compact err = %v, want ErrDamaged", filepath.Base(path), err)
		}
		after, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if string(after) != string(before) {
			t.Errorf("%s: a failed Open changed the file", filepath.Base(path))
		}
	}
}

// TestGuardRecoversPanics: a bbolt assertion while opening becomes ErrDamaged.
func TestGuardRecoversPanics(t *testing.T) {
	err := guard("/srv/edufeed.db", func() error { panic("assertion failed: Page expected to be: 5, but self identifies as 0") })
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "Page expected") {
		t.Errorf("err = %v, want ErrDamaged naming the assertion", err)
	}
}

// TestCompactMissing: compact of a path with no file fails and creates none.
func TestCompactMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing.db")
	if _, _, err := Compact(path, Options{}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("err = %v, want ErrNotExist", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("compact of a missing store left a file behind: %v", err)
	}
	if _, err := Open(path, Options{ReadOnly: true}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("read-only Open: err = %v, want ErrNotExist", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("read-only Open of a missing store left a file behind: %v", err)
	}
}

// TestCompactDamagedPages: a store whose header is whole but whose pages in
// the middle are overwritten (not a cut) fails to compact with ErrDamaged,
// not a panic.
func TestCompactDamagedPages(t *testing.T) {
	paths := truncatedCopies(t)
	whole, err := os.ReadFile(filepath.Join(filepath.Dir(paths[0]), "whole.db"))
	if err != nil {
		t.Fatal(err)
	}
	page := os.Getpagesize()
	path := filepath.Join(t.TempDir(), "edufeed.db")
	damagedCopy := append([]byte(nil), whole...)
	for i := 4 * page; i < len(damagedCopy)-page; i += 2 * page {
		copy(damagedCopy[i:i+page], make([]byte, page))
	}
	if err := os.WriteFile(path, damagedCopy, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Compact(path, Options{}); !errors.Is(err, ErrDamaged) {
		t.Errorf("Compact: err = %v, want ErrDamaged", err)
	}
}
