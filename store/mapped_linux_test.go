package store

import (
	"slices"
	"testing"
	"time"
)

// TestDropMapped: building the key index reads every key list through the
// memory map; afterwards the file's pages are no longer counted in the
// process's RSS, and the store reads and writes as before.
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
	// every story maps the file's pages, as the index build does.
	s = reopen(t, s)
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
