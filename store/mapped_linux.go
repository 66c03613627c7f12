package store

import (
	"syscall"

	"go.etcd.io/bbolt"
)

// dropMapped takes the file's pages out of the process's resident set,
// after a pass that read much of the file (building the merge-key index
// reads every key list: about 120 MB of a million-story file). bbolt reads
// the file through a shared, read-only memory map, and every page read
// stays mapped, counted in the daemon's RSS, until the kernel needs the
// memory. MADV_DONTNEED only unmaps them: they stay in the page cache, the
// file is unchanged (bbolt writes with pwrite, not through the map), and
// the next read of a page maps it again. The read transaction keeps bbolt
// from remapping the file meanwhile.
func (s *Store) dropMapped() {
	_ = s.db.View(func(tx *bbolt.Tx) error {
		// Nothing beyond the pages in use was read.
		_, _, _ = syscall.Syscall(syscall.SYS_MADVISE, s.db.Info().Data, uintptr(tx.Size()), syscall.MADV_DONTNEED)
		return nil
	})
}
