package store

import (
	"sync"

	"go.etcd.io/bbolt"
)

// bbolt reads the file through a shared memory map, and every page a
// transaction reads stays mapped into the process, counted in its RSS, until
// the kernel runs short of memory or bbolt maps the file anew. Pages are
// copied on write, so each commit's pages are new ones for the next
// transaction to read: over a poll cycle the pages read add up to a large
// part of the file (90 MiB of a 361 MB file at 8,000 sources), though what
// the writer needs again is a few branch pages. And a read fault maps the
// pages around the one read too, when they are in the page cache (the
// kernel's fault-around, 64 KiB): the polls' state reads alone mapped 75 MiB
// between two releases at 20,000 sources.
//
// So the writer lets go of the pages mapped (releaseMapped) whenever the
// process's file-backed pages grew mappedBudget bytes since the last time:
// they stay in the page cache, and those read again cost a minor fault
// each. What is resident is read, not estimated from what the writer
// allocates: the readers map far more than the writer allocates.
const mappedBudget = 8 << 20

// mappedReleaser decides when the writer lets go of the mapped pages. Only
// the writer uses it, inside a write transaction: a remap happens only
// while a write transaction commits, so the map cannot move meanwhile.
type mappedReleaser struct {
	fileAt int64 // the file-backed resident bytes after the last release
	budget int64 // mappedBudget when 0
}

// maybeRelease lets go of the pages of tx's file mapped into the process
// when the process's file-backed resident bytes grew by mappedBudget since
// the last time. It is called at the start of a write transaction.
func (r *mappedReleaser) maybeRelease(tx *bbolt.Tx) {
	resident, ok := fileResident()
	if !ok {
		return
	}
	budget := r.budget
	if budget == 0 {
		budget = mappedBudget
	}
	if resident-r.fileAt < budget {
		r.fileAt = min(r.fileAt, resident) // the kernel took some back
		return
	}
	releaseTxPages(tx)
	r.fileAt, _ = fileResident()
}

// releaseTxPages lets go of the pages of tx's file mapped into the process.
// Pages below the high-water mark are all mapped (bbolt maps at least the
// whole file), so the range never reaches past the map; within tx the map
// cannot move.
func releaseTxPages(tx *bbolt.Tx) {
	releaseMapped(tx.DB().Info().Data, tx.Size())
}

// readerPages lets readers let go of the file's pages mapped into the
// process, as the writer does (mappedReleaser), every readerCheck stories
// a read visits. A read of stories scattered through the file maps far
// more than it reads where the page cache holds the file in large folios
// (ext4 on recent kernels): a fault then maps the whole folio, up to 2 MiB.
// The render of a channel of one source in 2,000 over a million stories
// (some 200 stories, one every few megabytes of the file) took the
// daemon's file-backed RSS from 27 to 99 MiB, and with the merge-key index
// built, its peak to 182-192 MiB. A read transaction keeps bbolt from
// remapping the file, so a reader may release the map within it; pages
// another reader still uses fault back in from the page cache, unchanged.
type readerPages struct {
	mu sync.Mutex
	r  mappedReleaser
}

// readerCheck is how many stories a read visits between two looks at the
// resident pages: a look costs a few microseconds, a story's read and
// decoding ten times that.
const readerCheck = 16

// check lets go of the pages of tx's file mapped into the process when
// they grew by mappedBudget since the last release. A reader that finds
// another checking goes on: one look at a time is enough.
func (p *readerPages) check(tx *bbolt.Tx) {
	if !p.mu.TryLock() {
		return
	}
	defer p.mu.Unlock()
	p.r.maybeRelease(tx)
}

// dropMapped takes the file's pages out of the process's resident set after
// a pass that read much of the file (building the merge-key index reads
// every key list: about 120 MB of a million-story file; a schema upgrade
// reads every story). The read transaction keeps bbolt from remapping the
// file meanwhile, and nothing beyond the pages in use was read.
func (s *Store) dropMapped() {
	_ = s.db.View(func(tx *bbolt.Tx) error {
		releaseTxPages(tx)
		return nil
	})
}

// passRelease lets go of the file's mapped pages every budget bytes that a
// pass over much of the file has read. Building the merge-key index reads
// every key list: over a million stories that took a daemon's RSS from 85
// to 315 MiB for the three seconds of the build, when dropMapped after it
// came too late. Within the pass's read transaction the map cannot move,
// and a page read again faults back in from the page cache, unchanged.
type passRelease struct {
	budget int
	n      int
}

func (p *passRelease) read(tx *bbolt.Tx, n int) {
	p.n += n
	if p.n >= p.budget {
		p.n = 0
		releaseTxPages(tx)
	}
}
