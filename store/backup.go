package store

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"go.etcd.io/bbolt"
)

// writeTo writes a consistent copy of the whole store to w from one read
// transaction. While it is open the file cannot grow (bbolt remaps it only
// when no reader holds the old map), so a commit that needs more room
// waits for it: w must be fast, a local file and not a network client.
func (s *Store) writeTo(w io.Writer) (int64, error) {
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

// Snapshot is a consistent copy of the store in a temporary file that is
// already removed; reading it holds nothing of the store.
type Snapshot struct {
	*os.File
	// Size is the copy's length in bytes.
	Size int64
}

// Snapshot copies the store to a temporary file, beside the store or else
// in the system's temporary folder, from one read transaction that lasts
// as long as the local copy takes. A slow client then reads the copy at its
// own pace while polls commit and the store grows. The caller closes it,
// which frees its space.
func (s *Store) Snapshot() (*Snapshot, error) {
	f, err := os.CreateTemp(filepath.Dir(s.path), "."+filepath.Base(s.path)+".snapshot-*")
	if err != nil {
		f, err = os.CreateTemp("", "edufeed-snapshot-*")
	}
	if err != nil {
		return nil, fmt.Errorf("store %s: backup: temporary copy: %w", s.path, err)
	}
	// Unlinked at once, so that no crash leaves it behind; the open file
	// stays readable.
	_ = os.Remove(f.Name())
	n, err := s.writeTo(f)
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("store %s: backup: temporary copy: %w", s.path, err)
	}
	return &Snapshot{File: f, Size: n}, nil
}

// Backup writes a consistent copy of the whole store to w, however slow,
// and returns the bytes written: the store is copied to a temporary file
// first (see Snapshot), so polls keep committing and the file keeps growing
// while w reads. The copy is itself a store that Open accepts.
func (s *Store) Backup(w io.Writer) (int64, error) {
	snap, err := s.Snapshot()
	if err != nil {
		return 0, err
	}
	defer snap.Close()
	n, err := io.Copy(w, snap)
	if err != nil {
		return n, fmt.Errorf("store %s: backup: %w", s.path, err)
	}
	return n, nil
}

// BackupFile writes a consistent copy of the store to path: to a temporary
// file beside it first, synced, then renamed into place, so a failed backup
// never leaves a half-written file under the name.
func (s *Store) BackupFile(path string) (int64, error) {
	return writeFileAtomic(path, s.writeTo)
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
