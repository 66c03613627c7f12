package store

// Opening a file safely: one cut short or one bbolt panics on is reported as
// damaged, with advice, and one replaced while Open waited for its lock is
// opened again.

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"runtime/debug"
	"time"

	"go.etcd.io/bbolt"
)

// bbolt's file header, as go.etcd.io/bbolt/internal/common lays it out: two
// meta pages (at 0 and at one page size), each a 16-byte page header and
// then the meta fields, in the machine's byte order. Not exported by bbolt,
// so written out here; a bbolt that changed them would fail every test that
// opens a store.
const (
	boltMagic      = 0xED0CDAED
	boltVersion    = 2
	pageHeaderSize = 16
	metaSize       = 64 // up to and with the checksum
	metaSumAt      = 56 // the checksum covers the bytes before it
)

// boltMeta is what checkFile needs of a meta page.
type boltMeta struct {
	pageSize uint32
	pgid     uint64 // high water mark: every page in use is below it
	txid     uint64
}

// readMeta reads and validates the meta page at off, as bbolt does.
func readMeta(f *os.File, off int64) (boltMeta, bool) {
	var buf [pageHeaderSize + metaSize]byte
	if _, err := f.ReadAt(buf[:], off); err != nil {
		return boltMeta{}, false
	}
	m := buf[pageHeaderSize:]
	ne := binary.NativeEndian
	h := fnv.New64a()
	_, _ = h.Write(m[:metaSumAt])
	if ne.Uint32(m[0:]) != boltMagic || ne.Uint32(m[4:]) != boltVersion || ne.Uint64(m[metaSumAt:]) != h.Sum64() {
		return boltMeta{}, false
	}
	meta := boltMeta{pageSize: ne.Uint32(m[8:]), pgid: ne.Uint64(m[40:]), txid: ne.Uint64(m[48:])}
	if meta.pageSize < 512 || meta.pageSize > 1<<20 || meta.pgid > 1<<40 {
		return boltMeta{}, false
	}
	return meta, true
}

// checkFile refuses a file that is shorter than its own header says, before
// bbolt maps it: bbolt maps past the end of a short file and then panics on
// the pages it finds empty ("assertion failed: Page expected to be...") or
// dies of SIGBUS reading past the end. An interrupted copy, the commonest
// damage, is such a file. bbolt grows the file before it commits pages
// beyond its end, so a store in use by a daemon always passes. A missing or
// empty file passes too (a new store), as does one whose meta pages are
// both invalid (bbolt reports that itself).
func checkFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return nil // missing (a new store) or unreadable: bbolt says which
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || fi.Size() == 0 {
		return nil
	}
	size := fi.Size()
	m0, ok0 := readMeta(f, 0)
	page := int64(os.Getpagesize())
	if ok0 {
		page = int64(m0.pageSize)
	}
	m1, ok1 := readMeta(f, page)
	// bbolt uses the valid meta page with the higher transaction id.
	meta := m0
	switch {
	case ok1 && (!ok0 || m1.txid > m0.txid):
		meta = m1
	case !ok0 && !ok1:
		if size < 2*page {
			return fmt.Errorf("the file is %d bytes, shorter than its two header pages: it was cut short (an interrupted copy?)", size)
		}
		return nil
	}
	if need := int64(meta.pgid) * int64(meta.pageSize); size < need {
		return fmt.Errorf("the file is %d bytes but its header says %d: it was cut short (an interrupted copy?)", size, need)
	}
	return nil
}

// damaged is the error for a file that is not a readable store, with what to
// do about it.
func damaged(path string, cause error) error {
	return fmt.Errorf("open store %s: %w: the file is damaged or is not an edufeed store (%w). "+
		"Restore the latest copy made by \"edufeed backup FILE\" (stop edufeed, copy the backup over %s), "+
		"or move the file aside to start with an empty store; \"edufeed compact\" rewrites a store that still opens",
		path, ErrDamaged, cause, path)
}

// guard runs fn, which opens or first reads the file at path, and turns a
// panic of bbolt's (it asserts on pages it cannot make sense of) or a memory
// fault reading the mapped file into ErrDamaged with its advice, instead of
// a goroutine dump.
func guard(path string, fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if p := recover(); p != nil {
			err = damaged(path, fmt.Errorf("%v", p))
		}
	}()
	return fn()
}

// openBolt opens the bbolt file at path, waiting at most timeout for its
// lock. It refuses a file cut short (checkFile), and opens the file again
// when the one it locked is no longer the one at path (isFileAt).
func openBolt(path string, timeout time.Duration, readOnly bool) (*bbolt.DB, error) {
	for range openRetries {
		if err := checkFile(path); err != nil {
			return nil, damaged(path, err)
		}
		// bbolt does not hand out its file; keep it as it opens it.
		var file *os.File
		db, err := bbolt.Open(path, 0o600, &bbolt.Options{
			Timeout:      timeout,
			ReadOnly:     readOnly,
			FreelistType: bbolt.FreelistMapType,
			OpenFile: func(name string, flag int, perm os.FileMode) (*os.File, error) {
				f, err := os.OpenFile(name, flag, perm)
				file = f
				return f, err
			},
		})
		if err != nil {
			return nil, err
		}
		same, err := isFileAt(file, path)
		if same && err == nil {
			return db, nil
		}
		_ = db.Close()
		if err != nil {
			return nil, err
		}
		// Replaced while we waited for its lock: open the new file.
	}
	return nil, errReplaced
}

// errReplaced: the file kept being replaced (renamed over) while Open locked it.
var errReplaced = errors.New("the file was replaced while it was being opened, again and again; is another program rewriting it?")

// openRetries bounds how often Open reopens a file that was replaced while
// it waited for the lock.
const openRetries = 5

// isFileAt reports whether f is still the file at path. Compact and the
// schema upgrade rename a new file over path while holding the old file's
// lock; an Open that was waiting for that lock then holds the old, unlinked
// file, and whatever it wrote there would be lost.
func isFileAt(f *os.File, path string) (bool, error) {
	held, err := f.Stat()
	if err != nil {
		return false, err
	}
	now, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return os.SameFile(held, now), nil
}
