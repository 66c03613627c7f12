package store

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/edufeed/edufeed/feeds"
	"go.etcd.io/bbolt"
)

// TestWriterReleasesMappedPages: a writer that releases the mapped pages
// before each transaction leaves only that transaction's pages mapped,
// while one that never does keeps every page any transaction read.
func TestWriterReleasesMappedPages(t *testing.T) {
	mapped := func(budget int64) int {
		s := openTemp(t)
		s.writes.mapped.budget = budget
		content := strings.Repeat("<p>教育部部署寒假安全工作，各地高校推进课程改革。</p>", 60) // about 4 KB
		for poll := range 40 {
			src := fmt.Sprintf("src%d", poll)
			var items []feeds.Item
			for i := range 20 {
				it := item(src, fmt.Sprintf("%d-%d", poll, i), day.Add(time.Duration(poll*20+i)*time.Minute), feeds.DateFromFeed)
				it.Content = content
				items = append(items, it)
			}
			mustSave(t, s, items, src, day)
			if poll == 39 {
				break
			}
			// Read every story, as a server would between polls.
			all, err := s.Items(Query{})
			if err != nil {
				t.Fatal(err)
			}
			if len(all) != (poll+1)*20 {
				t.Fatalf("read %d stories after %d polls, want %d", len(all), poll+1, (poll+1)*20)
			}
		}
		return mappedKB(t, s.Path())
	}
	kept, released := mapped(math.MaxInt64), mapped(1)
	t.Logf("file pages mapped after the last poll: %d kB kept, %d kB released", kept, released)
	if kept < 2000 {
		t.Fatalf("without releases only %d kB of the file are mapped: the test reads too little", kept)
	}
	if released > kept/4 {
		t.Errorf("%d kB of the file stay mapped with a release before every write, want under a quarter of the %d kB without", released, kept)
	}
}

// TestReadersPagesReleased: the pages readers map count as much as the
// writer's. Polls that answer 304 write a state each, a few pages, while
// reads between them map much of the file; the writer still lets go of
// them once they add up to its budget.
func TestReadersPagesReleased(t *testing.T) {
	s := openTemp(t)
	for start := 0; start < 6000; start += 500 {
		mustSave(t, s, benchItems(start, 500), "moe", day)
	}
	mapped := func(budget int64) int {
		s = reopen(t, s)
		s.writes.mapped.budget, s.readMapped.r.budget = budget, budget
		for i := range 20 {
			if _, err := s.Items(Query{}); err != nil {
				t.Fatal(err)
			}
			if err := s.SaveState(feeds.SourceState{Name: fmt.Sprintf("src%d", i), ETag: `"e"`}); err != nil {
				t.Fatal(err)
			}
		}
		return mappedKB(t, s.Path())
	}
	kept, released := mapped(math.MaxInt64), mapped(1<<20)
	t.Logf("file pages mapped after 20 reads and state writes: %d kB kept, %d kB with a 1 MiB budget", kept, released)
	if kept < 4000 {
		t.Fatalf("without releases only %d kB of the file are mapped: the test reads too little", kept)
	}
	if released > kept/2 {
		t.Errorf("%d kB of the file stay mapped with a 1 MiB budget, want under half the %d kB without", released, kept)
	}
}

// mappedKB is the resident size, in kB, of this process's maps of path.
func mappedKB(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	total, in := 0, false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		switch {
		case len(fields) >= 5 && strings.Contains(fields[0], "-"):
			in = len(fields) >= 6 && fields[5] == path
		case in && len(fields) == 3 && fields[0] == "Rss:":
			var kb int
			if _, err := fmt.Sscan(fields[1], &kb); err != nil {
				t.Fatal(err)
			}
			total += kb
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return total
}

// TestDropMapped: building the key index reads every key list through the
// memory map; afterwards the file's pages are no longer counted in the
// process's RSS, and the store reads and writes as before.
// TestItemsReleasesMappedPages: a read that visits many stories lets go of
// the pages it mapped as it goes, without a write to do it, and reads the
// same stories.
func TestItemsReleasesMappedPages(t *testing.T) {
	s := openTemp(t)
	for start := 0; start < 6000; start += 500 {
		mustSave(t, s, benchItems(start, 500), "moe", day)
	}
	read := func(budget int64) (int, []string) {
		s = reopen(t, s)
		s.readMapped.r.budget = budget
		all, err := s.Items(Query{})
		if err != nil || len(all) != 6000 {
			t.Fatalf("read %d items, %v", len(all), err)
		}
		return mappedKB(t, s.Path()), ids(all)
	}
	kept, want := read(math.MaxInt64)
	released, got := read(1 << 20)
	t.Logf("file pages mapped after reading every story: %d kB kept, %d kB with a 1 MiB budget", kept, released)
	if kept < 4000 {
		t.Fatalf("without releases only %d kB of the file are mapped: the test reads too little", kept)
	}
	if released > kept/2 {
		t.Errorf("%d kB of the file stay mapped with a 1 MiB budget, want under half the %d kB without", released, kept)
	}
	if !slices.Equal(got, want) {
		t.Errorf("the reads that released pages gave other stories")
	}
}

func TestDropMapped(t *testing.T) {
	s := openTemp(t)
	for start := 0; start < 6000; start += 500 {
		mustSave(t, s, benchItems(start, 500), "moe", day)
	}
	st, err := s.Stats()
	if err != nil {
		t.Fatal(err)
	}
	// A fresh handle, so that nothing is mapped yet; then a pass over
	// every story maps the file's pages, as the index build does (the
	// readers' own releases held off).
	s = reopen(t, s)
	s.readMapped.r.budget = math.MaxInt64
	all, err := s.Items(Query{})
	if err != nil || len(all) != 6000 {
		t.Fatalf("read %d items, %v", len(all), err)
	}
	_, before, ok := residentMiB()
	if !ok {
		t.Fatal("no /proc/self/status")
	}
	s.dropMapped()
	_, after, _ := residentMiB()
	fileMiB := float64(st.FileSize) / (1 << 20)
	if before-after < fileMiB/2 {
		t.Errorf("file-backed RSS %.1f -> %.1f MiB after dropMapped, want it down by half the file's %.1f MiB", before, after, fileMiB)
	}

	again, err := s.Items(Query{})
	if err != nil || !slices.Equal(ids(again), ids(all)) {
		t.Fatalf("after dropMapped read %d items (%v), want the same %d", len(again), err, len(all))
	}
	if res := mustSave(t, s, benchItems(6000, 1), "moe", day.Add(time.Hour)); res.New != 1 {
		t.Errorf("save after dropMapped: %+v", res)
	}
}

// TestKeyIndexBuildReleasesMappedPages: building the merge-key index reads
// every key list through the map; letting go of the pages as it goes leaves
// a fraction of what a build that keeps them leaves mapped, and the index
// is the same.
func TestKeyIndexBuildReleasesMappedPages(t *testing.T) {
	s := openTemp(t)
	for start := 0; start < 24000; start += 2000 {
		mustSave(t, s, benchItems(start, 2000), "moe", day)
	}
	build := func(budget int) (kb, entries int) {
		s = reopen(t, s) // a fresh map: only what opening read
		base := mappedKB(t, s.Path())
		if err := s.db.View(func(tx *bbolt.Tx) error {
			entries = entriesOf(buildKeyIndexReleasing(tx, budget), 0)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return mappedKB(t, s.Path()) - base, entries
	}
	kept, want := build(math.MaxInt)
	released, got := build(32 << 10)
	t.Logf("file pages the build left mapped: %d kB kept, %d kB released every 32 KiB", kept, released)
	if got != want {
		t.Fatalf("index built releasing pages has %d entries, want %d", got, want)
	}
	if kept < 1500 {
		t.Fatalf("a build that keeps its pages leaves only %d kB mapped: the store is too small for the test", kept)
	}
	if released > kept/4 {
		t.Errorf("%d kB stay mapped after a build that releases every 32 KiB, want under a quarter of the %d kB without", released, kept)
	}
}

// TestFileResident: the writer's measure of mapped file pages grows by what
// a read of a mapped file brings in, and falls when the pages are let go.
func TestFileResident(t *testing.T) {
	const size = 8 << 20
	path := t.TempDir() + "/pages"
	if err := os.WriteFile(path, make([]byte, size), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = syscall.Munmap(m) }()
	before, ok := fileResident()
	if !ok {
		t.Fatal("no /proc/self/statm")
	}
	sum := 0
	for i := 0; i < size; i += os.Getpagesize() {
		sum += int(m[i])
	}
	read, _ := fileResident()
	releaseMapped(uintptr(unsafe.Pointer(&m[0])), size)
	after, _ := fileResident()
	t.Logf("file-backed resident: %d kB, %d kB after reading %d kB (sum %d), %d kB after the release", before>>10, read>>10, size>>10, sum, after>>10)
	// The kernel counts per CPU in batches, so allow a little slack.
	if read-before < size*3/4 {
		t.Errorf("reading %d kB of a mapped file raised the count by %d kB", size>>10, (read-before)>>10)
	}
	if read-after < size*3/4 {
		t.Errorf("releasing the pages lowered the count by %d kB, want about %d", (read-after)>>10, size>>10)
	}
}

func TestStatmField(t *testing.T) {
	tests := []struct {
		in   string
		i    int
		want int64
		ok   bool
	}{
		{"1234 567 89 10 0 300 0\n", 2, 89, true},
		{"1234 567 89 10 0 300 0\n", 0, 1234, true},
		{"1234 567 89 10 0 300 0\n", 6, 0, true},
		{"1234 567", 1, 567, true},
		{"1234 567\n", 2, 0, false},
		{"", 0, 0, false},
	}
	for _, tt := range tests {
		got, ok := statmField([]byte(tt.in), tt.i)
		if got != tt.want || ok != tt.ok {
			t.Errorf("statmField(%q, %d) = %d, %v; want %d, %v", tt.in, tt.i, got, ok, tt.want, tt.ok)
		}
	}
}
