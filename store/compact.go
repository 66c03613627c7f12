package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"go.etcd.io/bbolt"
)

// compactTxSize bounds one transaction of the copy, so compacting a large
// file does not hold all of it in one dirty transaction.
const compactTxSize = 64 << 20

// compactBeforeRename, when set by a test, runs just before Compact renames
// the copy over the store, the old file still locked.
var compactBeforeRename func()

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
	if err := bbolt.Compact(dst, src.db, compactTxSize); err != nil {
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
	if compactBeforeRename != nil {
		compactBeforeRename()
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

// Backup writes a consistent copy of the whole store to w from one read
// transaction, so polls keep committing while it runs, and returns the
// bytes written. The copy is itself a store that Open accepts.
func (s *Store) Backup(w io.Writer) (int64, error) {
	var n int64
	err := s.db.View(func(tx *bbolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("store %s: backup: %w", s.path, err)
	}
	return n, nil
}

// BackupFile writes a consistent copy of the store to path: to a temporary
// file beside it first, synced, then renamed into place, so a failed backup
// never leaves a half-written file under the name.
func (s *Store) BackupFile(path string) (int64, error) {
	return writeFileAtomic(path, s.Backup)
}

// writeFileAtomic writes path through write, via a synced temporary file.
func writeFileAtomic(path string, write func(io.Writer) (int64, error)) (int64, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return 0, fmt.Errorf("backup to %s: %w", path, err)
	}
	tmp := f.Name()
	n, err := write(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o600)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		_ = os.Remove(tmp)
		return 0, fmt.Errorf("backup to %s: %w", path, err)
	}
	return n, nil
}

// WriteBackupFile stores a backup read from r (as streamed by a running
// daemon) at path, atomically, and checks that the result opens as a store.
func WriteBackupFile(path string, r io.Reader) (int64, error) {
	n, err := writeFileAtomic(path, func(w io.Writer) (int64, error) { return io.Copy(w, r) })
	if err != nil {
		return n, err
	}
	s, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		return n, fmt.Errorf("backup %s does not open as a store: %w", path, err)
	}
	return n, s.Close()
}
