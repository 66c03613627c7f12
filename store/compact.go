package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"go.etcd.io/bbolt"
)

// compactTxSize bounds one transaction of the copy, so compacting a large
// file does not hold all of it in one dirty transaction.
const compactTxSize = 64 << 20

// beforeReplace, when set by a test, runs just before Compact or an upgrade
// renames the new file over the store, the old file still locked.
var beforeReplace func()

// Compact rewrites the store file at path without its free pages and
// reports the file's size before and after. It is an offline operation: it
// takes the file's lock like Open (failing with ErrInUse while a daemon
// runs, and with fs.ErrNotExist when there is no file), writes a compacted copy beside it, syncs it and renames it over the
// original, so a crash at any point leaves either the old or the new file.
// A file of an older schema is upgraded first (see Open).
func Compact(path string, opts Options) (before, after int64, err error) {
	opts.Existing = true
	src, err := Open(path, opts)
	if err != nil {
		return 0, 0, err
	}
	defer func() {
		if cerr := src.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	fi, err := os.Stat(path)
	if err != nil {
		return 0, 0, fmt.Errorf("compact %s: %w", path, err)
	}
	before = fi.Size()

	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".compact")
	if err := os.Remove(tmp); err != nil && !errors.Is(err, os.ErrNotExist) {
		return 0, 0, fmt.Errorf("compact %s: remove leftover %s: %w", path, tmp, err)
	}
	dst, err := bbolt.Open(tmp, fi.Mode().Perm(), &bbolt.Options{Timeout: DefaultLockTimeout, FreelistType: bbolt.FreelistMapType})
	if err != nil {
		return 0, 0, fmt.Errorf("compact %s: create %s: %w", path, tmp, err)
	}
	// The copy reads every page; bbolt panics on one it cannot make sense of.
	if err := guard(path, func() error { return bbolt.Compact(dst, src.db, compactTxSize) }); err != nil {
		_ = dst.Close()
		_ = os.Remove(tmp)
		return 0, 0, fmt.Errorf("compact %s: copy: %w", path, err)
	}
	if err := dst.Sync(); err != nil {
		_ = dst.Close()
		_ = os.Remove(tmp)
		return 0, 0, fmt.Errorf("compact %s: sync: %w", path, err)
	}
	if err := dst.Close(); err != nil {
		_ = os.Remove(tmp)
		return 0, 0, fmt.Errorf("compact %s: close copy: %w", path, err)
	}
	fi, err = os.Stat(tmp)
	if err != nil {
		return 0, 0, fmt.Errorf("compact %s: %w", path, err)
	}
	after = fi.Size()
	// The rename happens while the old file is still locked, so no daemon
	// can start writing to the old file in between; one that was waiting
	// for the lock sees that its file was replaced and opens the new one
	// (see Open).
	if beforeReplace != nil {
		beforeReplace()
	}
	if err := os.Rename(tmp, path); err != nil {
		_ = os.Remove(tmp)
		return 0, 0, fmt.Errorf("compact %s: replace with compacted copy: %w", path, err)
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		_ = d.Sync() // make the rename durable where the file system allows
		_ = d.Close()
	}
	return before, after, nil
}
